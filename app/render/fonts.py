"""Fonts with Chinese glyphs for in-scene text, found on the system or in the bundle."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from panda3d.core import DynamicTextFont, Filename, TextFont

__all__ = ["CJK_FONT_CANDIDATES", "find_cjk_font_file", "scene_font"]

log = logging.getLogger(__name__)

CJK_FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
]


def find_cjk_font_file() -> Path | None:
    """The first installed font file that has Chinese glyphs, if any."""
    for candidate in CJK_FONT_CANDIDATES:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def scene_font() -> TextFont | None:
    """A dynamic font for labels and cards; None means Panda3D's built-in Latin font."""
    path = find_cjk_font_file()
    if path is None:
        log.warning("no font with Chinese glyphs found; install fonts-noto-cjk")
        return None
    font = DynamicTextFont(Filename.fromOsSpecific(str(path)))
    if not font.isValid():
        log.warning("could not open font %s", path)
        return None
    font.setPixelsPerUnit(96)
    font.setPageSize(1024, 1024)
    return font
