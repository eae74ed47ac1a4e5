"""Reading back what was drawn: frames as numpy images, and world points as pixels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from panda3d.core import Point2, Point3

__all__ = ["capture_rgb", "draw_frames", "project_to_pixel", "save_frame"]


def capture_rgb(base: Any) -> np.ndarray:
    """The last rendered frame of ``base.win`` as an (H, W, 3) uint8 array, top row first."""
    texture = base.win.getScreenshot()
    if texture is None:
        raise RuntimeError("no frame to capture")
    width, height = texture.getXSize(), texture.getYSize()
    data = texture.getRamImageAs("RGB")
    image = np.frombuffer(bytes(data), dtype=np.uint8).reshape(height, width, 3)
    return image[::-1].copy()


def project_to_pixel(base: Any, point: tuple[float, float, float]) -> tuple[int, int] | None:
    """Pixel (x, y) where a world point appears in ``base.win``, or None if off screen."""
    relative = base.cam.getRelativePoint(base.render, Point3(*point))
    screen = Point2()
    if not base.camLens.project(relative, screen):
        return None
    width, height = base.win.getXSize(), base.win.getYSize()
    return int((screen.x + 1) / 2 * width), int((1 - screen.y) / 2 * height)


def draw_frames(base: Any, count: int = 1) -> None:
    """Draw ``count`` frames now (headless stills and recordings)."""
    for _ in range(count):
        base.graphicsEngine.renderFrame()


def save_frame(base: Any, path: Path) -> bool:
    """Write the last drawn frame of ``base.win`` to ``path`` (PNG); False if it failed."""
    return bool(base.win.saveScreenshot(str(path)))
