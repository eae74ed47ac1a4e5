"""A product shot taken beside the visitor's view: the exhibit's close-up drawn once into an
offscreen buffer by a camera of its own, without the guide or the hotspot markers, so the
window never shows it (a collectible's poster)."""

from __future__ import annotations

from typing import Any

import numpy as np
from panda3d.core import BitMask32, NodePath, PerspectiveLens, Texture

from app.render.camera import point_camera
from app.scene.views import CameraView

__all__ = ["product_shot"]

_SHOT_MASK = BitMask32.bit(9)


def product_shot(
    base: Any, view: CameraView, hidden: list[NodePath], size: tuple[int, int] = (1280, 960)
) -> np.ndarray | None:
    """(h, w, 3) uint8 of the scene from ``view``, ``hidden`` left out (None if no buffer)."""
    texture = Texture("product-shot")
    buffer = base.win.makeTextureBuffer("product-shot", size[0], size[1], texture, True)
    if buffer is None:
        return None
    try:
        buffer.setClearColor(base.win.getClearColor())
        lens = PerspectiveLens()
        camera = base.makeCamera(buffer, lens=lens)
        camera.node().setCameraMask(_SHOT_MASK)
        camera.reparentTo(base.render)
        point_camera(camera, lens, view, buffer)
        for node in hidden:
            node.hide(_SHOT_MASK)
        base.graphicsEngine.renderFrame()
        base.graphicsEngine.renderFrame()  # a shadow map, where there is one, is filled first
        image = texture.getRamImageAs("RGB")
        if not image:
            return None
        pixels = np.frombuffer(bytes(image), np.uint8).reshape(size[1], size[0], 3)
        return np.ascontiguousarray(pixels[::-1])
    finally:
        for node in hidden:
            node.show(_SHOT_MASK)
        if "camera" in locals():
            camera.removeNode()
        base.graphicsEngine.removeWindow(buffer)
