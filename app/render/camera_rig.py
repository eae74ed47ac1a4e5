"""The visitor's camera: walking, eased flights and inspect-mode orbits, applied to Panda3D."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from panda3d.core import NodePath, Point3

from app.render.camera import configure_lens
from app.render.navigation import Flight, Obstacle, Orbit, Walker, look_angles
from app.scene.views import EYE_HEIGHT, CameraMode, CameraView

__all__ = ["CameraRig", "MoveInput"]


_CUT_SECONDS = 1e-3  # reduced motion: a flight that ends on the next frame
GUIDE_CLEARANCE = 0.8  # metres between the camera and the guide's axis, at least


@dataclass
class MoveInput:
    """What the visitor asks for this frame (from keys, mouse or touch)."""

    forward: float = 0.0  # -1..1
    strafe: float = 0.0  # -1..1
    turn: float = 0.0  # degrees of heading this frame
    tilt: float = 0.0  # degrees of pitch this frame
    zoom: float = 1.0  # distance factor in inspect mode


class CameraRig:
    """Owns the camera pose; everything that moves the visitor goes through here."""

    def __init__(
        self,
        camera: NodePath,
        lens: Any,
        hall_size: tuple[float, float, float],
        obstacles: list[Obstacle],
        window: Any = None,
    ) -> None:
        self.camera = camera
        self.lens = lens
        configure_lens(lens, window)
        self.hall_size = hall_size
        self.obstacles = obstacles
        self.walker = Walker(hall_size, obstacles)
        self.mode = CameraMode.WALK
        self.heading = 0.0
        self.pitch = 0.0
        self.position = (0.0, 0.0, EYE_HEIGHT)
        self.flight: Flight | None = None
        self.orbit: Orbit | None = None
        self._after_flight = CameraMode.WALK
        self._return_view: CameraView | None = None
        self.on_arrival: list[Callable[[], None]] = []
        self.avoid: tuple[float, float] | None = None  # where the guide stands (x, y)
        self.reduced_motion = False  # the visitor's choice: cuts instead of glides

    # ----- poses -------------------------------------------------------------------------
    def place(self, view: CameraView) -> None:
        """Jump to a view (no animation)."""
        self.flight, self.orbit, self.mode = None, None, CameraMode.WALK
        self._apply(view.position, view.look_at)

    def current_view(self) -> CameraView:
        h, p = math.radians(self.heading), math.radians(self.pitch)
        x, y, z = self.position
        ahead = (x - math.sin(h) * math.cos(p), y + math.cos(h) * math.cos(p), z + math.sin(p))
        return CameraView(self.position, ahead)

    def fly_to(
        self, view: CameraView, then: CameraMode = CameraMode.WALK, duration: float | None = None
    ) -> Flight:
        """An eased flight to ``view``; ``then`` is the mode on arrival (walk or inspect)."""
        start = self.current_view()
        if self.reduced_motion:
            duration = _CUT_SECONDS  # a cut, not a glide: arrives on the next frame
        self.flight = Flight(
            start.position, start.look_at, view.position, view.look_at, self.obstacles, duration
        )
        self.mode, self._after_flight = CameraMode.FLIGHT, then
        return self.flight

    def hold_for_fade(self) -> None:
        """Stop where the camera is while a comfort fade hides a long jump (``jump`` ends it)."""
        self.flight, self.mode = None, CameraMode.FADING

    def jump(self, view: CameraView, then: CameraMode = CameraMode.WALK) -> None:
        """Cut straight to ``view`` (behind a comfort fade) and report the arrival."""
        self.flight, self.mode = None, then
        self._apply(view.position, view.look_at)
        for callback in list(self.on_arrival):
            callback()

    def inspect(
        self,
        target: tuple[float, float, float],
        view: CameraView,
        nearest: float = 0.4,
        lowest: float = 0.3,
    ) -> None:
        """Fly to ``view`` and then orbit ``target`` (Esc returns to where the visitor was),
        never nearer than ``nearest`` metres (outside the product), below ``lowest`` (into
        its plinth) or outside the hall's walls."""
        if self.mode != CameraMode.INSPECT:
            self._return_view = self.current_view()
        dx, dy, dz = (view.position[i] - target[i] for i in range(3))
        distance = math.sqrt(dx * dx + dy * dy + dz * dz)
        heading = math.degrees(math.atan2(dx, -dy))
        pitch = -math.degrees(math.atan2(dz, math.hypot(dx, dy)))
        self.orbit = Orbit(target, distance, heading, pitch, min(nearest, distance),
                           max(4.0, distance * 2), lowest,
                           (self.hall_size[0] / 2 - 0.3, self.hall_size[1] / 2 - 0.3))  # fmt: skip
        self.fly_to(CameraView(self.orbit.eye(), target), then=CameraMode.INSPECT)

    def leave_inspect(self) -> bool:
        """Back to walking where the visitor was before inspecting; False if not inspecting."""
        if self.mode not in (CameraMode.INSPECT, CameraMode.FLIGHT) or self._return_view is None:
            return False
        view, self._return_view = self._return_view, None
        self.orbit = None
        self.fly_to(view, then=CameraMode.WALK)
        return True

    def teleport(self, x: float, y: float) -> Flight:
        """Glide to a floor point (kept clear of walls and plinths), keeping the gaze level."""
        x, y = self.walker.inside(x, y)
        heading = math.radians(self.heading)
        eye = (x, y, EYE_HEIGHT)
        look = (x - math.sin(heading), y + math.cos(heading), EYE_HEIGHT - 0.1)
        return self.fly_to(CameraView(eye, look), then=CameraMode.WALK)

    # ----- per frame ---------------------------------------------------------------------
    def update(self, dt: float, move: MoveInput) -> None:
        if self.mode == CameraMode.FADING:
            return  # held still until the fade cuts to the new view
        if self.mode == CameraMode.FLIGHT and self.flight is not None:
            eye, look = self.flight.advance(dt)
            self._apply(eye, look)
            if self.flight.done:
                self.flight = None
                self.mode = self._after_flight
                for callback in list(self.on_arrival):
                    callback()
            return
        if self.mode == CameraMode.INSPECT and self.orbit is not None:
            self.orbit.turn(move.turn, move.tilt)
            self.orbit.zoom(move.zoom)
            self._apply(self.orbit.eye(), self.orbit.target)
            return
        self.heading = (self.heading + move.turn) % 360
        self.pitch = min(max(self.pitch + move.tilt, -60.0), 45.0)
        if move.forward or move.strafe:
            self.position = self._clear_of_guide(
                self.walker.step(self.position, self.heading, move.forward, move.strafe, dt)
            )
        self._commit()

    def _apply(self, eye: tuple[float, float, float], look: tuple[float, float, float]) -> None:
        eye = self._clear_of_guide(eye)
        self.position = eye
        self.heading, self.pitch = look_angles(eye, look)
        self._commit()

    def _clear_of_guide(self, eye: tuple[float, float, float]) -> tuple[float, float, float]:
        """The camera never passes through the guide: an eye within GUIDE_CLEARANCE of the
        guide's axis is moved out to that distance (flights bend round the guide, still
        looking where they were going)."""
        if self.avoid is None:
            return eye
        dx, dy = eye[0] - self.avoid[0], eye[1] - self.avoid[1]
        distance = math.hypot(dx, dy)
        if distance >= GUIDE_CLEARANCE:
            return eye
        if distance < 1e-6:
            dx, dy, distance = 0.0, -1.0, 1.0
        scale = GUIDE_CLEARANCE / distance
        return (self.avoid[0] + dx * scale, self.avoid[1] + dy * scale, eye[2])

    def _commit(self) -> None:
        self.camera.setPos(Point3(*self.position))
        self.camera.setHpr(self.heading, self.pitch, 0)
