"""The teleport target: a soft ring on the floor where the visitor is gliding to."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from panda3d.core import GeomNode, NodePath, TransparencyAttrib

from app.render.geometry import geom_from_arrays
from app.render.materials import unshaded

__all__ = ["StopPoint", "StopPoints", "TeleportMarker"]


def _ring(inner: float, outer: float, segments: int = 48) -> GeomNode:
    angles = np.linspace(0, 2 * math.pi, segments, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)
    positions = np.concatenate(
        [
            np.column_stack([cos * inner, sin * inner, np.zeros(segments)]),
            np.column_stack([cos * outer, sin * outer, np.zeros(segments)]),
        ]
    )
    normals = np.tile([0.0, 0.0, 1.0], (2 * segments, 1))
    i = np.arange(segments)
    j = (i + 1) % segments
    faces = np.concatenate(
        [np.column_stack([i, i + segments, j + segments]), np.column_stack([i, j + segments, j])]
    )
    node = GeomNode("ring")
    node.addGeom(geom_from_arrays(positions.astype(np.float32), normals.astype(np.float32), faces))
    return node


class TeleportMarker:
    def __init__(self, parent: NodePath) -> None:
        self.root = parent.attachNewNode("teleport-marker")
        self.root.attachNewNode(_ring(0.22, 0.3))
        self.root.setColor(0.2, 0.65, 1.0, 0.8)
        unshaded(self.root)
        self.root.setTransparency(TransparencyAttrib.M_alpha)
        self.root.setDepthOffset(2)
        self.root.hide()
        self.time = 0.0

    def show(self, x: float, y: float) -> None:
        self.root.setPos(x, y, 0.005)
        self.root.show()
        self.time = 0.0

    def hide(self) -> None:
        self.root.hide()

    def update(self, dt: float) -> None:
        if not self.root.isHidden():
            self.time += dt
            self.root.setScale(1.0 + 0.1 * math.sin(self.time * 6.0))


@dataclass(frozen=True)
class StopPoint:
    """A teleport point on the floor where a tour stop is best seen from."""

    stop: int
    x: float
    y: float
    view: Any  # CameraView


class StopPoints:
    """Soft discs on the floor at each tour stop's viewing spot; clicking one goes there."""

    SNAP_METRES = 0.6

    def __init__(self, stage: Any) -> None:
        from app.scene.views import stop_view

        self.root = stage.root.attachNewNode("stop-points")
        self.points: list[StopPoint] = []
        scene = stage.scene
        if scene.tour is None:
            return
        for index in range(len(scene.tour.stops)):
            view = stop_view(scene, index, stage.model_heights)
            x, y = view.position[0], view.position[1]
            self.points.append(StopPoint(index, x, y, view))
            disc = self.root.attachNewNode(_ring(0.0, 0.22))
            disc.setPos(x, y, 0.004)
        self.root.setColor(1.0, 1.0, 1.0, 0.35)
        unshaded(self.root)
        self.root.setTransparency(TransparencyAttrib.M_alpha)
        self.root.setDepthOffset(2)

    def near(self, x: float, y: float) -> StopPoint | None:
        best = min(self.points, key=lambda p: math.dist((p.x, p.y), (x, y)), default=None)
        if best is not None and math.dist((best.x, best.y), (x, y)) <= self.SNAP_METRES:
            return best
        return None
