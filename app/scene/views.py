"""Where the visitor's camera stands for the entrance, an exhibit or a tour stop (pure math)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from app.errors import VitrineError
from app.scene.model import Exhibit, Scene

__all__ = [
    "EYE_HEIGHT",
    "CameraMode",
    "CameraView",
    "ModelBox",
    "ViewError",
    "close_view",
    "entrance_view",
    "exhibit_view",
    "stop_view",
    "view_from_spec",
]

EYE_HEIGHT = 1.6
_WALL_MARGIN = 0.4
CLOSE_FILL = 0.86  # share of the frame a close-up's product spans (its larger side)
_CLOSE_PITCH = 14.0  # degrees the close-up looks down on the product
_HORIZONTAL_FOV = 70.0  # as the render lens


@dataclass(frozen=True)
class ModelBox:
    """A model's box on its exhibit, in metres: the exhibit's own axes (x across its front,
    y front to back, z up from the plinth top); ``lo`` and ``hi`` are opposite corners."""

    lo: tuple[float, float, float]
    hi: tuple[float, float, float]

    @property
    def size(self) -> tuple[float, float, float]:
        return (self.hi[0] - self.lo[0], self.hi[1] - self.lo[1], self.hi[2] - self.lo[2])

    @property
    def centre(self) -> tuple[float, float, float]:
        return tuple((a + b) / 2 for a, b in zip(self.lo, self.hi))  # type: ignore[return-value]


class ViewError(VitrineError):
    """A view was asked for that the scene does not have."""


class CameraMode(StrEnum):
    """What the visitor's camera is doing."""

    WALK = "walk"  # on foot: keys, drags and floor clicks move it
    FLIGHT = "flight"  # an eased flight to a view (a tour stop, an exhibit, a floor point)
    INSPECT = "inspect"  # orbiting an exhibit
    FADING = "fading"  # a long jump behind a comfort fade


@dataclass(frozen=True)
class CameraView:
    """A camera position and the point it looks at, in hall coordinates (metres, Z up)."""

    position: tuple[float, float, float]
    look_at: tuple[float, float, float]


def _clamp_to_hall(scene: Scene, x: float, y: float) -> tuple[float, float]:
    half_w = scene.hall.size[0] / 2 - _WALL_MARGIN
    half_d = scene.hall.size[1] / 2 - _WALL_MARGIN
    return min(max(x, -half_w), half_w), min(max(y, -half_d), half_d)


def entrance_view(scene: Scene) -> CameraView:
    """Standing just inside the entrance (front wall, negative y), looking into the hall."""
    depth = scene.hall.size[1]
    y = -depth / 2 + 0.6
    return CameraView((0.0, y, EYE_HEIGHT + 0.3), (0.0, y + depth * 0.55, 0.6))


def exhibit_view(
    scene: Scene,
    exhibit: Exhibit,
    model_height: float = 0.4,
    distance: float | None = None,
    shift_left: float = 0.0,
) -> CameraView:
    """In front of the exhibit at a distance that frames it, slightly above its centre;
    ``shift_left`` moves eye and target sideways (to make room for the guide)."""
    plinth = exhibit.plinth.height if exhibit.plinth else 0.0
    x, y = exhibit.position
    target_z = plinth + model_height * 0.5
    distance = distance if distance is not None else max(1.3, model_height * 3.0)
    heading = math.radians(exhibit.heading)
    # The front of a model faces -Y; the heading turns it counter-clockwise seen from above.
    left_x, left_y = -math.cos(heading), -math.sin(heading)
    x, y = x + left_x * shift_left, y + left_y * shift_left
    cx = x + math.sin(heading) * distance
    cy = y - math.cos(heading) * distance
    cx, cy = _clamp_to_hall(scene, cx, cy)
    cz = min(max(target_z + 0.45, 1.1), scene.hall.size[2] - 0.3)
    return CameraView((cx, cy, cz), (x, y, target_z))


def close_view(
    scene: Scene, exhibit: Exhibit, box: ModelBox, aspect: float = 16 / 9,
    fill: float = CLOSE_FILL,
) -> CameraView:  # fmt: skip
    """The product close-up: in front of the exhibit, looking a little down at its box's
    centre, near enough that the box's projection spans ``fill`` of the frame's width or
    height (whichever it reaches first), as a product viewer frames a model."""
    width, depth, height = box.size
    cx, cy, cz = box.centre
    half_h = math.radians(_HORIZONTAL_FOV) / 2
    half_v = math.atan(math.tan(half_h) / max(aspect, 1e-3))
    pitch = math.radians(_CLOSE_PITCH)
    # the box as seen from the camera's direction: its height foreshortened, its top showing
    seen_h = height * math.cos(pitch) + depth * math.sin(pitch)
    seen_w = math.hypot(width, depth * 0.35)
    distance = max(seen_h / 2 / math.tan(half_v), seen_w / 2 / math.tan(half_h)) / fill
    distance += depth / 2  # from the box's front face, not its middle
    distance = max(distance, 0.3)
    plinth = exhibit.plinth.height if exhibit.plinth else 0.0
    heading = math.radians(exhibit.heading)
    cos_h, sin_h = math.cos(heading), math.sin(heading)
    x = exhibit.position[0] + cx * cos_h - cy * sin_h
    y = exhibit.position[1] + cx * sin_h + cy * cos_h
    target_z = plinth + cz
    ground = math.cos(pitch) * distance
    ex, ey = _clamp_to_hall(scene, x + sin_h * ground, y - cos_h * ground)
    ez = min(target_z + math.sin(pitch) * distance, scene.hall.size[2] - 0.3)
    return CameraView((ex, ey, ez), (x, y, target_z))


def stop_view(
    scene: Scene, index: int, model_heights: dict[str, float] | None = None
) -> CameraView:
    """The camera of tour stop ``index`` (0-based): its own pose, or framing its exhibit."""
    if scene.tour is None or not 0 <= index < len(scene.tour.stops):
        count = len(scene.tour.stops) if scene.tour else 0
        raise ViewError(f"the tour has {count} stops; there is no stop {index + 1}")
    stop = scene.tour.stops[index]
    if stop.camera is not None:
        return CameraView(tuple(stop.camera.position), tuple(stop.camera.look_at))  # type: ignore[arg-type]
    exhibit = scene.exhibit(stop.exhibit or "")
    height = (model_heights or {}).get(exhibit.id, 0.4)
    # Wider than an inspect view, and shifted so the guide beside the exhibit is in frame.
    return exhibit_view(scene, exhibit, height, distance=max(2.4, height * 3.2), shift_left=0.4)


def view_from_spec(
    scene: Scene,
    spec: str,
    model_heights: dict[str, float] | None = None,
    boxes: dict[str, ModelBox] | None = None,
    aspect: float = 16 / 9,
) -> CameraView:
    """Parse ``entrance``, ``stop:N`` (1-based) or ``exhibit:ID`` (the product close-up)
    into a camera view."""
    kind, _, value = spec.partition(":")
    if kind == "entrance" and not value:
        return entrance_view(scene)
    if kind == "stop":
        if not value.isdigit():
            raise ViewError(f"'{spec}': write stop:N with N a stop number from 1")
        return stop_view(scene, int(value) - 1, model_heights)
    if kind == "exhibit":
        try:
            exhibit = scene.exhibit(value)
        except KeyError:
            ids = ", ".join(e.id for e in scene.exhibits) or "none"
            raise ViewError(f"no exhibit '{value}' (exhibits: {ids})") from None
        box = (boxes or {}).get(exhibit.id)
        if box is not None:
            return close_view(scene, exhibit, box, aspect)
        return exhibit_view(scene, exhibit, (model_heights or {}).get(exhibit.id, 0.4))
    raise ViewError(f"unknown view '{spec}' (use entrance, stop:N or exhibit:ID)")
