"""The visitor window's look: one style sheet made from the scene's ``theme`` (light, dark
or high contrast; its accent colour and typeface), with touch-sized controls."""

from __future__ import annotations

from dataclasses import dataclass

from app.scene.model import Theme

__all__ = ["Palette", "palette", "style_sheet"]


@dataclass(frozen=True)
class Palette:
    window: str  # behind everything
    panel: str  # the side panel and bars
    surface: str  # cards, lists, fields
    text: str
    muted: str
    accent: str
    on_accent: str  # text on the accent colour
    line: str
    focus: str


def _mix(colour: str, other: str, share: float) -> str:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def _readable_on(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#111111" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 else "#ffffff"


def palette(theme: Theme) -> Palette:
    accent = theme.accent[:7].lower()
    if theme.mode == "contrast":
        return Palette("#000000", "#000000", "#000000", "#ffffff", "#ffffff", "#ffd400",
                       "#000000", "#ffffff", "#00e5ff")  # fmt: skip
    if theme.mode == "dark":
        return Palette("#15161a", "#1d1f24", "#272a31", "#eeeae4", "#a9a49c", accent,
                       _readable_on(accent), "#363a42", _mix(accent, "#ffffff", 0.35))  # fmt: skip
    return Palette("#efebe4", "#f7f4ef", "#ffffff", "#22201d", "#6f6a62", accent,
                   _readable_on(accent), "#ddd6cb", _mix(accent, "#000000", 0.15))  # fmt: skip


def style_sheet(theme: Theme, scale: float = 1.0) -> str:
    """The window's style sheet; ``scale`` enlarges every size (kiosks: 1.25)."""
    p = palette(theme)
    font = theme.font or "Noto Sans"
    size = round(15 * scale)
    border = 2 if theme.mode == "contrast" else 1
    caption_bg = "#000000" if theme.mode == "contrast" else "#16171b"

    def px(value: float) -> str:
        return f"{round(value * scale)}px"

    return f"""
QMainWindow, QDialog {{ background: {p.window}; }}
QWidget {{ color: {p.text}; font-family: "{font}", "Noto Sans CJK SC", sans-serif;
          font-size: {size}px; }}
QWidget#side-panel, QScrollArea#side-scroll, QWidget#side-inner {{ background: {p.panel}; }}
QScrollArea {{ border: none; }}
QWidget#ask-panel {{ background: {p.panel}; border-top: {border}px solid {p.line}; }}
QWidget#header-bar, QWidget#tour-bar {{ background: {p.panel}; }}
QWidget#header-bar {{ border-bottom: {border}px solid {p.line}; }}
QWidget#tour-bar {{ border-top: {border}px solid {p.line}; }}
QLabel#hall-title {{ font-size: {px(20)}; font-weight: 600; }}
QLabel#tour-progress {{ color: {p.muted}; padding: 0 {px(6)}; }}
QLabel#subtitle {{ background: {caption_bg}; color: #f4f1ec; padding: {px(8)} {px(24)}; }}
QSplitter::handle {{ background: {p.line}; width: 1px; }}
QLabel {{ background: transparent; }}
QLabel#card-title {{ font-size: {px(24)}; font-weight: 600; }}
QLabel#card-text {{ font-size: {px(16)}; color: {p.text}; }}
QLabel#section-heading {{ font-size: {px(13)}; font-weight: 600; color: {p.muted};
    text-transform: uppercase; letter-spacing: 1px; margin-top: {px(6)}; }}
QLabel#muted, QLabel#collect-note, QLabel#handover-message {{ color: {p.muted}; }}
QLabel#card-picture {{ background: {p.surface}; border: {border}px solid {p.line};
    border-radius: {px(12)}; }}
QLabel#hotspot-text {{ background: {p.surface}; border-left: {px(4)} solid {p.accent};
    padding: {px(8)} {px(10)}; }}
QFrame#welcome {{ background: {p.panel}; border: {max(2, border)}px solid {p.accent};
    border-radius: {px(16)}; }}
QLabel#welcome-tip {{ font-size: {px(16)}; }}
QPushButton, QToolButton {{ background: {p.surface}; color: {p.text};
    border: {border}px solid {p.line}; border-radius: {px(10)};
    min-height: {px(44)}; min-width: {px(44)}; padding: 0 {px(14)}; }}
QPushButton:hover {{ border-color: {p.accent}; }}
QPushButton:pressed, QPushButton:checked {{ background: {p.line}; }}
QPushButton:disabled {{ color: {p.muted}; }}
QPushButton::menu-indicator {{ width: 0; }}
QPushButton:focus, QLineEdit:focus, QListWidget:focus, QComboBox:focus, QSlider:focus,
QCheckBox:focus {{ border: {max(2, border) + 1}px solid {p.focus}; }}
QPushButton#collect-button, QPushButton#ask-button, QPushButton#tour-play,
QPushButton#stop-here, QPushButton#welcome-ok, QPushButton#settings-done {{
    background: {p.accent}; color: {p.on_accent}; border-color: {p.accent};
    font-weight: 600; }}
QPushButton#choice-small:checked, QPushButton#choice-medium:checked,
QPushButton#choice-large:checked, QPushButton#choice-bottom:checked,
QPushButton#choice-top:checked {{ background: {p.accent}; color: {p.on_accent};
    border-color: {p.accent}; }}
QPushButton#collect-button:disabled {{ background: {p.surface}; color: {p.muted};
    border-color: {p.line}; }}
QPushButton#hotspot-chip, QPushButton#suggested-question {{ border-radius: {px(22)};
    text-align: left; padding: {px(6)} {px(14)}; }}
QLineEdit, QComboBox {{ background: {p.surface}; border: {border}px solid {p.line};
    border-radius: {px(10)}; min-height: {px(44)}; padding: 0 {px(10)}; }}
QListWidget {{ background: {p.surface}; border: {border}px solid {p.line};
    border-radius: {px(10)}; padding: {px(4)}; outline: none; }}
QListWidget::item {{ min-height: {px(40)}; padding: 0 {px(8)}; border-radius: {px(6)}; }}
QListWidget::item:selected {{ background: {p.accent}; color: {p.on_accent}; }}
QCheckBox {{ spacing: {px(10)}; min-height: {px(44)}; }}
QCheckBox::indicator {{ width: {px(24)}; height: {px(24)}; }}
QSlider {{ min-height: {px(44)}; }}
QSlider::groove:horizontal {{ height: {px(6)}; background: {p.line}; border-radius: 3px; }}
QSlider::handle:horizontal {{ background: {p.accent}; width: {px(26)}; margin: -{px(10)} 0;
    border-radius: {px(13)}; }}
QProgressBar {{ background: {p.surface}; border: {border}px solid {p.line};
    border-radius: {px(8)}; min-height: {px(36)}; text-align: center; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: {px(7)}; }}
QMenu {{ background: {p.surface}; border: {border}px solid {p.line}; }}
QMenu::item {{ padding: {px(12)} {px(20)}; }}
QMenu::item:selected {{ background: {p.accent}; color: {p.on_accent}; }}
"""
