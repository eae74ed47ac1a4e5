"""A side-by-side stereo "VR preview": two eye cameras into the left and right halves of the
window, for cardboard-style viewers and headset mirrors."""

from __future__ import annotations

from typing import Any

from panda3d.core import Camera, NodePath, PerspectiveLens

__all__ = ["EYE_SEPARATION", "StereoPreview"]

EYE_SEPARATION = 0.064  # metres between the eyes


class StereoPreview:
    """Splits ``base.win`` into two display regions fed by cameras beside the visitor's eye."""

    def __init__(self, base: Any) -> None:
        self.base = base
        self.regions: list[Any] = []
        self.eyes: list[NodePath] = []
        self.enabled = False

    def enable(self) -> None:
        if self.enabled:
            return
        base = self.base
        main = base.camNode.getDisplayRegion(0)
        main.setActive(False)
        aspect = base.win.getXSize() / 2 / max(1, base.win.getYSize())
        for index, (left, right, offset) in enumerate(
            ((0.0, 0.5, -EYE_SEPARATION / 2), (0.5, 1.0, EYE_SEPARATION / 2))
        ):
            lens = PerspectiveLens()
            lens.setFov(90.0)
            lens.setAspectRatio(aspect)
            lens.setNearFar(0.05, 200.0)
            node = Camera(f"eye-{index}", lens)
            eye = base.cam.attachNewNode(node)
            eye.setX(offset)
            region = base.win.makeDisplayRegion(left, right, 0.0, 1.0)
            region.setCamera(eye)
            region.setSort(main.getSort())
            self.regions.append(region)
            self.eyes.append(eye)
        self.enabled = True

    def disable(self) -> None:
        if not self.enabled:
            return
        for region in self.regions:
            self.base.win.removeDisplayRegion(region)
        for eye in self.eyes:
            eye.removeNode()
        self.regions, self.eyes = [], []
        self.base.camNode.getDisplayRegion(0).setActive(True)
        self.enabled = False

    def toggle(self) -> bool:
        self.disable() if self.enabled else self.enable()
        return self.enabled
