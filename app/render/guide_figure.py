"""The guide in the hall: where the avatar stands, how it glides between stops, and what it
looks at; each frame it turns the speech clock into mouth shapes.
"""

from __future__ import annotations

import math

from panda3d.core import NodePath, Point3

from app.render.avatar import Avatar
from app.render.navigation import ease_in_out
from app.scene import Scene
from app.scene.views import CameraView
from guide.speech import Utterance
from guide.visemes import viseme_weights

__all__ = ["GuideFigure", "spot_beside"]

_SIDE = 0.95  # metres from the exhibit, to the visitor's left
_GLIDE_SPEED = 1.2  # metres per second
_LOOKAHEAD_MS = 35.0


def spot_beside(
    scene: Scene, view: CameraView, target: tuple[float, float, float]
) -> tuple[float, float]:
    """Where the guide stands at a stop: beside ``target`` (the exhibit's centre), on the
    visitor's left, a little in front of it."""
    dx, dy = target[0] - view.position[0], target[1] - view.position[1]
    length = math.hypot(dx, dy) or 1.0
    left_x, left_y = -dy / length, dx / length
    x = target[0] + left_x * _SIDE - dx / length * 0.15
    y = target[1] + left_y * _SIDE - dy / length * 0.15
    half_w, half_d = scene.hall.size[0] / 2 - 0.4, scene.hall.size[1] / 2 - 0.4
    return min(max(x, -half_w), half_w), min(max(y, -half_d), half_d)


class GuideFigure:
    """Moves, orients and animates the avatar."""

    def __init__(self, avatar: Avatar, camera: NodePath, stage_root: NodePath) -> None:
        self.avatar = avatar
        self.camera = camera
        self.stage_root = stage_root
        self.glide_from: tuple[float, float] | None = None
        self.glide_to: tuple[float, float] | None = None
        self.glide_time = 0.0
        self.glide_length = 0.0
        self.look: str | tuple[float, float, float] | None = "visitor"

    @property
    def root(self) -> NodePath:
        return self.avatar.root

    def place(self, x: float, y: float) -> None:
        self.root.setPos(x, y, 0)
        self.glide_to = None

    def walk_to(self, x: float, y: float) -> None:
        start = (self.root.getX(), self.root.getY())
        self.glide_from, self.glide_to = start, (x, y)
        self.glide_time = 0.0
        self.glide_length = max(0.6, math.dist(start, (x, y)) / _GLIDE_SPEED)

    def look_at(self, target: str | tuple[float, float, float] | None) -> None:
        """ "visitor" follows the camera; a point stays put; None looks ahead."""
        self.look = target

    def update(self, dt: float, utterance: Utterance | None, speech_time: float) -> None:
        if self.glide_to is not None and self.glide_from is not None:
            self.glide_time += dt
            t = ease_in_out(min(1.0, self.glide_time / self.glide_length))
            x = self.glide_from[0] + (self.glide_to[0] - self.glide_from[0]) * t
            y = self.glide_from[1] + (self.glide_to[1] - self.glide_from[1]) * t
            bob = 0.012 * abs(math.sin(self.glide_time * math.pi * 2.2)) if t < 1 else 0.0
            self.root.setPos(x, y, bob)
            if t >= 1.0:
                self.glide_to = None
        self._face_visitor(dt)
        if self.look == "visitor":
            self.avatar.look_at(self.camera.getPos(self.stage_root))
        elif isinstance(self.look, tuple):
            self.avatar.look_at(Point3(*self.look))
        else:
            self.avatar.look_at(None)
        # Look half a blend ahead, so each shape is halfway formed when its sound starts.
        weights = (
            {"sil": 1.0}
            if utterance is None
            else viseme_weights(utterance.visemes, speech_time * 1000 + _LOOKAHEAD_MS)
        )
        self.avatar.update(dt, weights)

    def _face_visitor(self, dt: float) -> None:
        """Turn the body toward the visitor (the avatar's front is -Y)."""
        camera = self.camera.getPos(self.stage_root)
        dx, dy = camera.x - self.root.getX(), camera.y - self.root.getY()
        want = math.degrees(math.atan2(dx, -dy))
        current = self.root.getH()
        delta = (want - current + 180) % 360 - 180
        self.root.setH(current + delta * min(1.0, dt * 3.0))

    def destroy(self) -> None:
        self.root.removeNode()
