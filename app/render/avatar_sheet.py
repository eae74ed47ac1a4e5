"""A contact sheet of an avatar's face: one close-up per mouth shape and expression, so a
curator sees at a glance what the guide's face can do (``vitrine avatar check --sheet``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from panda3d.core import Point3

from app.render.avatar import Avatar, load_avatar
from app.render.camera import configure_lens
from app.render.capture import capture_rgb
from app.render.lighting import add_lighting
from app.render.materials import install_default_textures
from app.render.shading import apply_surface_shader

__all__ = ["SHEET_SHAPES", "face_sheet"]

SHEET_SHAPES = ("sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "I",
                "O", "U", "happy", "thinking", "surprised", "blink")  # fmt: skip
_TILE = 160


def face_sheet(base: Any, path: Path, out: Path, columns: int = 5) -> list[str]:
    """Render the face of the avatar at ``path`` once per shape into ``out`` (PNG); returns
    the shapes drawn, in order (left to right, top to bottom)."""
    from PIL import Image, ImageDraw

    root = base.render.attachNewNode("face-sheet")
    try:
        install_default_textures(root)
        add_lighting(root, "gallery", (8.0, 8.0, 4.0), shadows=False)
        configure_lens(base.camLens, base.win)
        avatar = load_avatar(path, root, 1.7)
        apply_surface_shader(root, False)
        head = avatar.joint_position("head") or Point3(0, 0, 1.55)
        base.cam.setPos(head.x, head.y - 0.36, head.z + 0.09)  # the face fills the tile
        base.cam.lookAt(Point3(head.x, head.y, head.z + 0.08))
        tiles: list[np.ndarray] = []
        for shape in SHEET_SHAPES:
            _pose(avatar, shape)
            base.graphicsEngine.renderFrame()
            base.graphicsEngine.renderFrame()
            tile = Image.fromarray(capture_rgb(base)).resize((_TILE, _TILE))
            ImageDraw.Draw(tile).text((6, 4), shape, fill=(255, 255, 255))
            tiles.append(np.asarray(tile))
    finally:
        root.removeNode()
    rows = -(-len(tiles) // columns)
    sheet = np.full((rows * _TILE, columns * _TILE, 3), 40, np.uint8)
    for index, pixels in enumerate(tiles):
        r, c = divmod(index, columns)
        sheet[r * _TILE : (r + 1) * _TILE, c * _TILE : (c + 1) * _TILE] = pixels[..., :3]
    Image.fromarray(sheet).save(out)
    return list(SHEET_SHAPES)


def _pose(avatar: Avatar, shape: str) -> None:
    avatar.blink.next_blink = 1e9
    avatar.set_expression("neutral")
    visemes = {"sil": 1.0}
    if shape in ("happy", "thinking", "surprised"):
        avatar.set_expression(shape)
        for _ in range(20):
            avatar.update(0.05, visemes, smile=0.0)
        return
    if shape == "blink":
        avatar.blink.next_blink = avatar.blink.time + 0.0
        avatar.update(0.07, visemes, smile=0.0)
        return
    avatar.update(0.05, {shape: 1.0}, smile=0.0)
