"""The guide in the hall: where the avatar stands, how it glides between stops, and what it
looks at; each frame it turns the speech clock into mouth shapes.
"""

from __future__ import annotations

import math

from panda3d.core import NodePath, Point3

from app.render.avatar import Avatar
from app.scene import Scene
from app.scene.model import GestureName
from app.scene.views import CameraView
from app.scene.walkway import plan_path
from app.scene.walkway import spot_beside as walkway_spot
from guide.speech import Utterance
from guide.visemes import viseme_weights

__all__ = ["GuideFigure", "spot_beside"]

_WALK_SPEED = 1.1  # metres per second, an unhurried guide
_TURN_SPEED = 240.0  # degrees per second, turning on the spot
_STRIDE_M = 1.3  # metres per stride (two steps)
_LOOKAHEAD_MS = 35.0
_GLANCE_S = 1.8  # a look at the exhibit while naming it, then back to the visitor


def spot_beside(
    scene: Scene, view: CameraView, target: tuple[float, float, float]
) -> tuple[float, float]:
    """Where the guide stands at a stop: beside ``target`` (the exhibit's centre), on the
    visitor's left, a little in front of it."""
    return walkway_spot(scene, view.position, target)


class GuideFigure:
    """Moves, orients and animates the avatar."""

    def __init__(
        self, avatar: Avatar, camera: NodePath, stage_root: NodePath, scene: Scene | None = None
    ) -> None:
        self.avatar = avatar
        self.camera = camera
        self.stage_root = stage_root
        self.scene = scene  # for paths around the plinths (None: straight lines)
        self.path: list[tuple[float, float]] = []  # the walk under way, from where it began
        self.path_length = 0.0
        self.walked = 0.0  # metres along it
        self.walk_time = 0.0
        self.stride = 0.0  # radians through the stride cycle, and how much of a walk
        self.striding = 0.0
        self.look: str | tuple[float, float, float] | None = "visitor"
        self._glance_left = 0.0
        self.contact = _contact_shadow(self.root)
        # the soft contact shadow grounds the guide; it casts none in the light's map, which
        # on a software renderer cost as much as the rest of the figure's drawing
        for found in stage_root.findAllMatches("**/+DirectionalLight"):
            light = found.node()
            if light.isShadowCaster():
                self.root.hide(light.getCameraMask())

    @property
    def root(self) -> NodePath:
        return self.avatar.root

    def place(self, x: float, y: float) -> None:
        self.root.setPos(x, y, 0)
        self.path = []

    def walk_to(self, x: float, y: float) -> None:
        """Walk to (x, y) around the plinths: turn toward the way, step along it."""
        start = (self.root.getX(), self.root.getY())
        self.path = plan_path(self.scene, start, (x, y)) if self.scene else [start, (x, y)]
        self.path_length = sum(math.dist(a, b) for a, b in zip(self.path, self.path[1:]))
        self.walked = 0.0
        self.walk_time = 0.0

    @property
    def walking(self) -> bool:
        return bool(self.path)

    def look_at(self, target: str | tuple[float, float, float] | None) -> None:
        """ "visitor" follows the camera; a point stays put; None looks ahead."""
        self.look = target
        self._glance_left = 0.0

    def glance_at(self, target: tuple[float, float, float]) -> None:
        """Look at ``target`` for a moment (naming an exhibit), then at the visitor again: a
        guide keeps eye contact while it speaks."""
        self.look = target
        self._glance_left = _GLANCE_S

    def gesture(self, name: GestureName, target: tuple[float, float, float] | None) -> None:
        """Play a gesture; point and present reach toward ``target`` (hall coordinates)."""
        self.avatar.play_gesture(name, Point3(*target) if target is not None else None)

    def update(self, dt: float, utterance: Utterance | None, speech_time: float) -> None:
        if self.path:
            self._walk(dt)
        else:
            self._face_visitor(dt)
            self.striding = max(0.0, self.striding - dt * 4.0)  # the feet come together
        self.avatar.step(self.stride, self.striding)
        if self._glance_left > 0:
            self._glance_left -= dt
            if self._glance_left <= 0:
                self.look = "visitor"
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

    def _walk(self, dt: float) -> None:
        """One frame along the path: turn on the spot toward the way first, then walk, easing
        in and out; the body bobs with the steps."""
        here = (self.root.getX(), self.root.getY())
        total = self.path_length
        target = _along(self.path, min(total, self.walked + 0.3))
        if math.dist(here, target) > 1e-4 and not self._turn_toward(target, dt):
            self.striding = max(0.0, self.striding - dt * 4.0)
            return  # still turning toward the way (on the spot)
        self.walk_time += dt
        remaining = total - self.walked
        speed = _WALK_SPEED * min(1.0, 0.35 + self.walk_time * 1.5, 0.25 + remaining * 1.2)
        self.walked = min(total, self.walked + speed * dt)
        self.stride += speed * dt / _STRIDE_M * 2 * math.pi
        self.striding = speed / _WALK_SPEED
        x, y = _along(self.path, self.walked)
        bob = 0.012 * abs(math.sin(self.stride)) * self.striding
        self.root.setPos(x, y, bob if self.walked < total else 0.0)
        if self.walked >= total:
            self.path = []

    def _turn_toward(self, point: tuple[float, float], dt: float) -> bool:
        """Turn the body to face ``point``; True once it roughly does."""
        dx, dy = point[0] - self.root.getX(), point[1] - self.root.getY()
        want = math.degrees(math.atan2(dx, -dy))  # the avatar's front is -Y
        current = self.root.getH()
        delta = (want - current + 180) % 360 - 180
        step = max(-_TURN_SPEED * dt, min(_TURN_SPEED * dt, delta))
        self.root.setH(current + step)
        return bool(abs(delta - step) < 35.0)

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


def _along(path: list[tuple[float, float]], distance: float) -> tuple[float, float]:
    """The point ``distance`` metres along ``path``."""
    for a, b in zip(path, path[1:]):
        length = math.dist(a, b)
        if distance <= length and length > 0:
            t = distance / length
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        distance -= length
    return path[-1]


def _contact_shadow(parent: NodePath) -> NodePath:
    """A soft dark disc on the floor under the guide (it walks with it)."""
    from app.render.contact_shadow import contact_shadow

    shadow = contact_shadow(parent, 0.42, 0.32)
    shadow.setName("guide-contact-shadow")
    return shadow
