"""The guide's body language over time, as plain numbers the renderer applies each frame:
natural blinking, breathing, head nods and arm gestures.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from app.scene.model import GestureName

__all__ = ["GESTURE_SECONDS", "BlinkTimer", "GestureClip", "breathing", "gesture_pose"]

GESTURE_SECONDS: dict[GestureName, float] = {"wave": 2.2, "point": 2.4, "nod": 1.0}


class BlinkTimer:
    """Blinks every 2-6 s (sometimes twice), each closing and opening in about 150 ms."""

    CLOSE_S = 0.07
    OPEN_S = 0.09

    def __init__(self, seed: int | None = None) -> None:
        self.random = random.Random(seed)
        self.time = 0.0
        self.next_blink = self.random.uniform(1.0, 3.0)

    def update(self, dt: float) -> float:
        """Advance; returns how closed the eyelids are (0 open .. 1 shut)."""
        self.time += dt
        since = self.time - self.next_blink
        if since < 0:
            return 0.0
        if since < self.CLOSE_S:
            return since / self.CLOSE_S
        if since < self.CLOSE_S + self.OPEN_S:
            return 1.0 - (since - self.CLOSE_S) / self.OPEN_S
        double = self.random.random() < 0.15
        self.next_blink = self.time + (0.25 if double else self.random.uniform(2.0, 6.0))
        return 0.0


def breathing(time: float) -> tuple[float, float]:
    """Gentle idle motion: (spine pitch, spine roll) in degrees."""
    return 1.2 * math.sin(time * 2 * math.pi / 4.2), 0.8 * math.sin(time * 2 * math.pi / 7.3)


@dataclass
class GestureClip:
    """A gesture being played: which, and since when."""

    name: GestureName
    started: float

    def pose(self, now: float) -> dict[str, tuple[float, float, float]] | None:
        """Extra rotations (heading, pitch, roll in degrees) per joint, or None when over."""
        return gesture_pose(self.name, now - self.started)


def _envelope(t: float, length: float, ramp: float = 0.35) -> float:
    if t < 0 or t > length:
        return 0.0
    rise = min(1.0, t / ramp)
    fall = min(1.0, (length - t) / ramp)
    s = min(rise, fall)
    return s * s * (3 - 2 * s)


def gesture_pose(name: GestureName, t: float) -> dict[str, tuple[float, float, float]] | None:
    """Joint rotations of a gesture ``t`` seconds in (arm joints: roll raises the arm sideways,
    pitch swings it forward)."""
    length = GESTURE_SECONDS.get(name)
    if length is None or t > length:
        return None
    k = _envelope(t, length)
    if name == "wave":
        swing = 18 * math.sin(t * 2 * math.pi * 1.6) * k
        return {"RightArm": (0.0, 20 * k, -150 * k), "RightForeArm": (0.0, 0.0, -25 * k + swing)}
    if name == "point":
        return {
            "RightArm": (0.0, 75 * k, -35 * k),
            "RightForeArm": (0.0, 10 * k, 0.0),
            "Head": (-8 * k, 0.0, 0.0),
        }
    if name == "nod":
        return {"Head": (0.0, 12 * math.sin(t * 2 * math.pi * 2) * k, 0.0)}
    return None
