"""The bars under the 3D view: the guided tour's controls and progress, and the captions."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.scene import Scene
from app.shell.words import say
from app.visit.preferences import CAPTION_SIZES, CaptionSize
from app.visit.state import Subtitle, VisitState
from guide.tour_time import progress_text

__all__ = ["LANGUAGE_NAMES", "SubtitleBar", "TourBar"]

LANGUAGE_NAMES = {
    "en": "English",
    "zh": "中文",
    "fr": "Français",
    "de": "Deutsch",
    "ja": "日本語",
    "ko": "한국어",
    "es": "Español",
}


class TourBar(QWidget):
    """Previous / start-pause-resume / next / hear again, where the tour is and how long is
    left, and its stops as chapters."""

    def __init__(self, scene: Scene, language: str) -> None:
        super().__init__()
        self.setObjectName("tour-bar")
        self.scene = scene
        self.language = language
        self.previous = QPushButton("◀")
        self.previous.setObjectName("tour-previous")
        self.play = QPushButton()
        self.play.setObjectName("tour-play")
        self.next = QPushButton("▶")
        self.next.setObjectName("tour-next")
        self.replay = QPushButton("↺")
        self.replay.setObjectName("tour-replay")
        self.progress = QLabel()
        self.progress.setObjectName("tour-progress")
        # the label gives way before the buttons do (a narrow window, a kiosk's big buttons)
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress.setMinimumWidth(60)
        self.stops = QComboBox()
        self.stops.setObjectName("stops")
        self.stops.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.stops.setMinimumContentsLength(12)
        for button in (self.previous, self.play, self.next, self.replay):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._state: VisitState | None = None
        self._progress_for: tuple[object, ...] = ()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(8)
        for widget in (self.previous, self.play, self.next, self.replay):
            layout.addWidget(widget)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.stops)
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        for button, key in ((self.previous, "previous"), (self.next, "next"),
                            (self.replay, "replay")):  # fmt: skip
            button.setToolTip(say(language, key))
            button.setAccessibleName(say(language, key))
        self.stops.setToolTip(say(language, "chapters"))
        self.fill_stops(language)
        self._show_play(self._state)
        self._show_progress()

    def fill_stops(self, language: str) -> None:
        current = self.stops.currentIndex()
        self.stops.blockSignals(True)
        self.stops.clear()
        if self.scene.tour is not None:
            for index, stop in enumerate(self.scene.tour.stops):
                name = (
                    self.scene.exhibit(stop.exhibit).info.title[language]
                    if stop.exhibit
                    else f"{index + 1}"
                )
                self.stops.addItem(f"{index + 1}. {name}")
        self.stops.setCurrentIndex(max(current, 0))
        self.stops.blockSignals(False)
        self._show_tour_controls()

    def set_scene(self, scene: Scene, language: str) -> None:
        """Follow an edited or reloaded scene (the stop list)."""
        self.scene = scene
        self.fill_stops(language)
        self._show_progress()

    def _show_tour_controls(self) -> None:
        """A hall without a tour shows no tour buttons (nothing to start, no empty list)."""
        if self.scene.tour is None:
            self.hide()
        elif self.parentWidget() is not None:
            self.show()  # never before it has a parent: that would open a window of its own

    def _show_play(self, state: VisitState | None) -> None:
        language = self.language
        if state is not None and state.playing:
            self.play.setText("❚❚  " + say(language, "pause"))
        elif state is not None and state.stop is not None:
            self.play.setText("▶  " + say(language, "resume"))
        else:
            self.play.setText("▶  " + say(language, "start_tour"))

    def _show_progress(self) -> None:
        """The stop and the time left, worked out again only when one of them can change
        (the state changes every frame while the camera moves)."""
        state = self._state
        pace = state.preferences.pace if state is not None else 1.0
        stop = state.stop if state is not None else None
        key = (id(self.scene), self.language, stop, pace)
        if key != self._progress_for:
            self._progress_for = key
            self.progress.setText(progress_text(self.scene, self.language, stop, pace))

    def show_state(self, state: VisitState) -> None:
        """Play or pause, the current stop and the time left, as the visit has them."""
        self._state = state
        if state.language != self.language and state.language in self.scene.languages:
            self.set_language(state.language)
        self._show_play(state)
        self._show_progress()
        stop = state.stop
        if stop is not None and stop != self.stops.currentIndex():
            self.stops.blockSignals(True)
            self.stops.setCurrentIndex(stop)
            self.stops.blockSignals(False)


class SubtitleBar(QLabel):
    """The guide's words beside the view, the word being spoken highlighted; between lines a
    hint of what to do, or how many exhibits have arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("subtitle")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.size_name: CaptionSize = "medium"
        self.highlight = "#ffb347"
        self._shown: tuple[tuple[str, ...], int] = ((), -2)  # the words and the current one
        self.set_size("medium")

    def set_size(self, size: CaptionSize) -> None:
        self.size_name = size
        pixels = CAPTION_SIZES[size]
        self.setMinimumHeight(int(pixels * 2.4 + 16))
        self.setStyleSheet(f"font-size: {pixels}px;")

    def show_hint(self, text: str) -> None:
        key = ((text,), -4)  # a hint is no line of the guide's: "current" -4 tells them apart
        if key != self._shown:
            self._shown = key
            self.setText(f'<span style="color:#a9b4c2;">{html.escape(text)}</span>')

    def show_loading(self, done: int, total: int, language: str) -> None:
        """Between the guide's lines while a hall's models arrive: how many of how many (the
        bar keeps its height, so the view does not jump)."""
        self.show_hint(say(language, "loading", done=done, total=total))

    def show_subtitle(self, subtitle: Subtitle) -> None:
        key = (subtitle.words, subtitle.current)
        if key == self._shown:
            return
        self._shown = key
        parts = []
        for index, word in enumerate(subtitle.words):
            text = html.escape(word)
            if index == subtitle.current:
                text = f'<span style="color:{self.highlight};">{text}</span>'
            if index and _spaced(subtitle.words[index - 1], word):
                parts.append(" ")
            parts.append(text)
        self.setText("".join(parts))


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _spaced(before: str, after: str) -> bool:
    """A space between two words of a caption, unless Chinese meets Chinese (a line may mix
    both, and a line in one language may show while the window speaks the other)."""
    return not (_CJK.search(before[-1:]) and _CJK.search(after[:1]))
