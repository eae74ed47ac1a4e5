"""The visitor's settings sheet: the guide's voice (on or off, pace, volume), captions (on or
off, size, top or bottom), high contrast and reduced motion. Every change applies at once."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QWidget,
)

from app.shell.words import say
from app.visit.preferences import PACES, VisitorPreferences

__all__ = ["VisitorSettings"]


class VisitorSettings(QDialog):
    """Emits ``changed(preferences, muted)`` whenever the visitor changes something."""

    changed = Signal(object, bool)

    def __init__(
        self,
        preferences: VisitorPreferences,
        muted: bool,
        volume: float,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visitor-settings")
        self.setWindowTitle(say(language, "settings_title"))
        self.preferences = preferences

        def t(key: str) -> str:
            return say(language, key)

        grid = QGridLayout(self)
        grid.setContentsMargins(20, 18, 20, 18)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        title = QLabel(t("settings_title"))
        title.setObjectName("card-title")
        grid.addWidget(title, 0, 0, 1, 2)
        self.voice = QCheckBox(t("speech"))
        self.voice.setObjectName("voice-on")
        self.voice.setChecked(not muted)
        grid.addWidget(self.voice, 1, 0, 1, 2)
        self.pace = QSlider(Qt.Orientation.Horizontal)
        self.pace.setObjectName("pace")
        self.pace.setRange(0, len(PACES) - 1)
        self.pace.setPageStep(1)
        self.pace.setValue(min(range(len(PACES)), key=lambda i: abs(PACES[i] - preferences.pace)))
        grid.addWidget(QLabel(t("pace")), 2, 0)
        grid.addLayout(_between(t("slower"), self.pace, t("faster")), 2, 1)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(round(100 * (preferences.volume if preferences.volume is not None
                                          else volume)))  # fmt: skip
        grid.addWidget(QLabel(t("volume")), 3, 0)
        grid.addWidget(self.volume, 3, 1)
        self.captions = QCheckBox(t("captions"))
        self.captions.setObjectName("captions-on")
        self.captions.setChecked(preferences.captions)
        grid.addWidget(self.captions, 4, 0, 1, 2)
        self.sizes = _segments(grid, 5, t("caption_size"),
                               [(n, t(n)) for n in ("small", "medium", "large")],
                               preferences.caption_size)  # fmt: skip
        self.places = _segments(grid, 6, t("caption_place"),
                                [(n, t(n)) for n in ("bottom", "top")],
                                preferences.caption_place)  # fmt: skip
        self.contrast = QCheckBox(t("contrast"))
        self.contrast.setObjectName("high-contrast")
        self.contrast.setChecked(preferences.high_contrast)
        self.motion = QCheckBox(t("motion"))
        self.motion.setObjectName("reduced-motion")
        self.motion.setChecked(preferences.reduced_motion)
        grid.addWidget(self.contrast, 7, 0, 1, 2)
        grid.addWidget(self.motion, 8, 0, 1, 2)
        buttons = QHBoxLayout()
        self.reset = QPushButton(t("reset"))
        self.finish = QPushButton(t("done"))
        self.finish.setObjectName("settings-done")
        buttons.addWidget(self.reset)
        buttons.addStretch(1)
        buttons.addWidget(self.finish)
        grid.addLayout(buttons, 9, 0, 1, 2)
        self.finish.clicked.connect(self.accept)
        self.reset.clicked.connect(self._reset)
        for box in (self.voice, self.captions, self.contrast, self.motion):
            box.toggled.connect(self._emit)
        self.pace.valueChanged.connect(self._emit)
        self.volume.valueChanged.connect(self._emit)
        self.sizes.idToggled.connect(lambda _i, on: self._emit() if on else None)
        self.places.idToggled.connect(lambda _i, on: self._emit() if on else None)

    def chosen(self) -> VisitorPreferences:
        sizes, places = ("small", "medium", "large"), ("bottom", "top")
        return replace(
            self.preferences,
            pace=PACES[self.pace.value()],
            volume=self.volume.value() / 100,
            captions=self.captions.isChecked(),
            caption_size=sizes[max(0, self.sizes.checkedId())],  # type: ignore[arg-type]
            caption_place=places[max(0, self.places.checkedId())],  # type: ignore[arg-type]
            high_contrast=self.contrast.isChecked(),
            reduced_motion=self.motion.isChecked(),
        )

    def _emit(self) -> None:
        self.preferences = self.chosen()
        self.changed.emit(self.preferences, not self.voice.isChecked())

    def _reset(self) -> None:
        defaults = VisitorPreferences()
        self.voice.setChecked(True)
        self.pace.setValue(PACES.index(defaults.pace))
        self.captions.setChecked(defaults.captions)
        self.sizes.button(1).setChecked(True)
        self.places.button(0).setChecked(True)
        self.contrast.setChecked(False)
        self.motion.setChecked(False)
        self.preferences = defaults
        self.changed.emit(defaults, False)  # the volume goes back to the kiosk's


def _between(low: str, slider: QSlider, high: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(low))
    row.addWidget(slider, 1)
    row.addWidget(QLabel(high))
    return row


def _segments(
    grid: QGridLayout, row: int, label: str, choices: list[tuple[str, str]], current: str
) -> QButtonGroup:
    """A row of toggle buttons, one of them on."""
    group = QButtonGroup(grid)
    group.setExclusive(True)
    line = QHBoxLayout()
    for index, (name, text) in enumerate(choices):
        button = QPushButton(text)
        button.setObjectName(f"choice-{name}")
        button.setCheckable(True)
        button.setChecked(name == current)
        group.addButton(button, index)
        line.addWidget(button)
    grid.addWidget(QLabel(label), row, 0)
    grid.addLayout(line, row, 1)
    return group
