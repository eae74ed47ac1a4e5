"""The camera rig: placing the lens at a CameraView with a natural field of view."""

from __future__ import annotations

from typing import Any

from panda3d.core import NodePath, Point3

from app.scene.views import CameraView

__all__ = ["HORIZONTAL_FOV", "configure_lens", "point_camera"]

HORIZONTAL_FOV = 70.0


def configure_lens(lens: Any, window: Any = None) -> None:
    """A natural field of view fitted to the window's shape."""
    if window is not None and window.getYSize() > 0:
        lens.setAspectRatio(window.getXSize() / window.getYSize())
    lens.setFov(HORIZONTAL_FOV)
    lens.setNearFar(0.05, 200.0)


def point_camera(camera: NodePath, lens: Any, view: CameraView, window: Any = None) -> None:
    """Put ``camera`` at the view's position looking at its target; fit the lens to the window."""
    camera.setPos(Point3(*view.position))
    camera.lookAt(Point3(*view.look_at))
    configure_lens(lens, window)
