"""Two-finger gestures on a touch screen, as plain numbers: how much the fingers spread or
pinched, and how far their midpoint moved, since the last touch update."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["TwoFingerStep", "TwoFingers"]

_LEAST_SPREAD = 8.0  # pixels: fingers nearer than this give no usable scale


@dataclass(frozen=True)
class TwoFingerStep:
    scale: float  # > 1: the fingers spread (closer to the object), < 1: they pinched
    moved: tuple[float, float]  # the midpoint's move in pixels (right, down)


class TwoFingers:
    """Feed it the touch points of every update; it answers while exactly two are down."""

    def __init__(self) -> None:
        self._last: tuple[tuple[float, float], tuple[float, float]] | None = None

    def update(self, points: list[tuple[float, float]]) -> TwoFingerStep | None:
        if len(points) != 2:
            self._last = None
            return None
        a, b = points[0], points[1]
        last, self._last = self._last, (a, b)
        if last is None:
            return None
        before = math.dist(*last)
        now = math.dist(a, b)
        scale = now / before if before >= _LEAST_SPREAD and now >= _LEAST_SPREAD else 1.0
        mid_before = ((last[0][0] + last[1][0]) / 2, (last[0][1] + last[1][1]) / 2)
        mid_now = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        return TwoFingerStep(scale, (mid_now[0] - mid_before[0], mid_now[1] - mid_before[1]))

    def end(self) -> None:
        self._last = None
