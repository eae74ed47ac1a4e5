"""The visitor window's theme: colours from the scene, readable text, touch-sized controls."""

from __future__ import annotations

import re

import pytest

from app.scene.model import Theme
from app.shell.theme import palette, style_sheet


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark", "contrast"])
@pytest.mark.parametrize("accent", ["#a8532c", "#ffd24a", "#1b4f9c"])
def test_every_theme_keeps_text_readable(mode: str, accent: str) -> None:
    p = palette(Theme(mode=mode, accent=accent))  # type: ignore[arg-type]
    assert _contrast(p.text, p.surface) >= 7, "body text (WCAG AAA)"
    assert _contrast(p.text, p.panel) >= 7
    assert _contrast(p.muted, p.panel) >= 3.5, "secondary text"
    assert _contrast(p.on_accent, p.accent) >= 3, "text on accent buttons"
    if mode == "contrast":
        assert _contrast(p.text, p.window) >= 20


def test_the_style_sheet_uses_the_scene_colours_and_touch_sizes() -> None:
    sheet = style_sheet(Theme(accent="#1b4f9c", font="Source Han Sans"))
    assert "#1b4f9c" in sheet and '"Source Han Sans"' in sheet
    sizes = [int(v) for v in re.findall(r"min-height: (\d+)px", sheet)]
    assert min(sizes) >= 36 and 44 in sizes
    kiosk = style_sheet(Theme(), scale=1.25)
    assert "min-height: 55px" in kiosk, "kiosks get larger controls"


def test_the_key_list_has_every_command_in_both_languages() -> None:
    from app.shell.commands import COMMANDS, LABELS_ZH, key_rows

    assert set(LABELS_ZH) == {c.name for c in COMMANDS}, "every command has a Chinese label"
    en, zh = key_rows("en"), key_rows("zh")
    assert len(en) == len(zh) and ("Space", "Play / pause tour") in en
    assert ("Space", "播放 / 暂停导览") in zh and ("W / ↑", "前进") in zh
