"""The guide's body language over time, as plain numbers the renderer applies each frame:
natural blinking, breathing, head nods and arm gestures.

Gestures are described without a rig: how far into the gesture the arm is (0 at rest, 1 fully
out), the wave's swing and the nod's pitch. The renderer aims the avatar's joints at points in
the hall with them (``app.render.avatar_pose``), so pointing means the exhibit it points at.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from app.scene.model import GestureName

__all__ = [
    "GESTURE_SECONDS",
    "BlinkTimer",
    "GestureClip",
    "GestureFrame",
    "breathing",
    "gesture_frame",
    "weight_shift",
]

GESTURE_SECONDS: dict[GestureName, float] = {
    "wave": 2.2,
    "point": 2.4,
    "present": 2.6,
    "nod": 1.0,
}


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


def weight_shift(time: float) -> float:
    """A standing person's weight moving between the legs: -1 (on the right) to 1 (on the
    left), slowly and unevenly (two slow waves, so it never looks like a metronome)."""
    wave = 0.7 * math.sin(time * 2 * math.pi / 11.0) + 0.3 * math.sin(
        time * 2 * math.pi / 4.3 + 1.0
    )
    return max(-1.0, min(1.0, wave))


def breathing(time: float) -> tuple[float, float]:
    """Gentle idle motion: (spine pitch, spine roll) in degrees."""
    return 1.2 * math.sin(time * 2 * math.pi / 4.2), 0.8 * math.sin(time * 2 * math.pi / 7.3)


@dataclass(frozen=True)
class GestureFrame:
    """One moment of a gesture: ``reach`` 0..1 (the arm from rest to fully out), the wave's
    ``swing`` (-1..1) and the head's extra ``nod`` pitch in degrees."""

    name: GestureName
    reach: float
    swing: float = 0.0
    nod: float = 0.0


@dataclass
class GestureClip:
    """A gesture being played: which, since when, and (for point and present) at what."""

    name: GestureName
    started: float
    target: tuple[float, float, float] | None = None

    def frame(self, now: float) -> GestureFrame | None:
        """The gesture at ``now``, or None when it is over."""
        return gesture_frame(self.name, now - self.started)


def _envelope(t: float, length: float, ramp: float = 0.35) -> float:
    if t < 0 or t > length:
        return 0.0
    rise = min(1.0, t / ramp)
    fall = min(1.0, (length - t) / ramp)
    s = min(rise, fall)
    return s * s * (3 - 2 * s)


def gesture_frame(name: GestureName, t: float) -> GestureFrame | None:
    """Gesture ``name`` ``t`` seconds in (None once it is over, or for no gesture)."""
    length = GESTURE_SECONDS.get(name)
    if length is None or t > length or t < 0:
        return None
    k = _envelope(t, length)
    if name == "wave":
        return GestureFrame(name, k, math.sin(t * 2 * math.pi * 1.6) * k)
    if name == "nod":
        return GestureFrame(name, 0.0, 0.0, 12 * math.sin(t * 2 * math.pi * 2) * k)
    return GestureFrame(name, k)
