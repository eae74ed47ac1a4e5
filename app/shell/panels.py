"""The panels beside and below the 3D view: exhibit info, tour controls and subtitles."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.scene import Scene
from app.visit.state import Subtitle, VisitState
from guide.tour_time import progress_text

__all__ = ["LANGUAGE_NAMES", "InfoPanel", "SubtitleBar", "TourBar"]

LANGUAGE_NAMES = {
    "en": "English",
    "zh": "中文",
    "fr": "Français",
    "de": "Deutsch",
    "ja": "日本語",
    "ko": "한국어",
    "es": "Español",
}


class InfoPanel(QWidget):
    """Exhibit list, the selected exhibit's card, and its hotspots."""

    exhibitChosen = Signal(str)
    hotspotChosen = Signal(str, str)

    def __init__(self, scene: Scene, language: str) -> None:
        super().__init__()
        self.scene = scene
        self.language = language
        self.exhibit_id: str | None = None
        self.list = QListWidget()
        self.list.setObjectName("exhibits")
        self.title = QLabel()
        self.title.setObjectName("card-title")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("card-text")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.hotspots = QListWidget()
        self.hotspots.setObjectName("hotspots")
        self.hotspot_text = QLabel()
        self.hotspot_text.setObjectName("hotspot-text")
        self.hotspot_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        self.list.setMaximumHeight(230)
        self.hotspots.setMaximumHeight(140)
        self.hotspot_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.list)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.hotspots)
        layout.addWidget(self.hotspot_text)
        layout.addStretch(1)
        self.list.itemClicked.connect(
            lambda item: self.exhibitChosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.hotspots.itemClicked.connect(self._hotspot_clicked)
        self.fill()

    def fill(self) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        self.list.clear()
        for exhibit in self.scene.exhibits:
            item = QListWidgetItem(exhibit.info.title[self.language])
            item.setData(Qt.ItemDataRole.UserRole, exhibit.id)
            self.list.addItem(item)
        self.show_exhibit(self.exhibit_id)

    def set_language(self, language: str) -> None:
        self.language = language
        self.fill()

    def show_exhibit(self, exhibit_id: str | None) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        self.exhibit_id = exhibit_id
        self.hotspots.clear()
        self.hotspot_text.clear()
        self.hotspot_text.hide()  # no empty boxes: shown when they have something
        self.hotspots.hide()
        if exhibit_id is None:
            self.title.setText(self.scene.title[self.language])
            self.text.setText("")
            self.text.hide()
            self.list.clearSelection()
            return
        self.text.show()
        exhibit = self.scene.exhibit(exhibit_id)
        self.title.setText(exhibit.info.title[self.language])
        self.text.setText(exhibit.info.text[self.language])
        row = [e.id for e in self.scene.exhibits].index(exhibit_id)
        self.list.setCurrentRow(row)
        for hotspot in exhibit.hotspots:
            item = QListWidgetItem("● " + hotspot.title[self.language])
            item.setData(Qt.ItemDataRole.UserRole, hotspot.id)
            self.hotspots.addItem(item)
        self.hotspots.setVisible(bool(exhibit.hotspots))

    def show_hotspot(self, exhibit_id: str, hotspot_id: str) -> None:
        if exhibit_id != self.exhibit_id:
            self.show_exhibit(exhibit_id)
        hotspot = next(h for h in self.scene.exhibit(exhibit_id).hotspots if h.id == hotspot_id)
        self.hotspot_text.setText(
            f"<b>{html.escape(hotspot.title[self.language])}</b><br>"
            f"{html.escape(hotspot.text[self.language])}"
        )
        self.hotspot_text.show()

    def _hotspot_clicked(self, item: object) -> None:
        if self.exhibit_id is not None:
            hotspot_id = item.data(Qt.ItemDataRole.UserRole)  # type: ignore[attr-defined]
            self.hotspotChosen.emit(self.exhibit_id, hotspot_id)


class TourBar(QWidget):
    """Previous / play-pause / next, the stop list, language, speech and full screen."""

    def __init__(self, scene: Scene, language: str) -> None:
        super().__init__()
        self.scene = scene
        style = QApplication.style()
        self.previous = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), ""
        )
        self.play = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Tour")
        self.next = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "")
        self.replay = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload), "")
        self.stops = QComboBox()
        self.stops.setObjectName("stops")
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.speech = QCheckBox("Speech")
        self.speech.setChecked(True)
        self.auto = QCheckBox("Auto")
        self.auto.setToolTip("Go on to the next stop by itself")
        self.auto.setChecked(scene.tour.auto_advance if scene.tour else True)
        self.edit = QPushButton("Edit")
        self.edit.setCheckable(True)
        self.edit.setToolTip("Edit mode: move exhibits, hotspots, stops (F2)")
        self.edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stereo = QPushButton("VR")
        self.stereo.setCheckable(True)
        self.stereo.setToolTip("Side-by-side stereo preview (V)")
        self.fullscreen = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarMaxButton), ""
        )
        self.stereo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for button, tip in (
            (self.previous, "Previous stop (P)"),
            (self.play, "Play / pause (Space)"),
            (self.next, "Next stop (N)"),
            (self.replay, "Replay line (R)"),
            (self.fullscreen, "Full screen (F11)"),
        ):
            button.setToolTip(tip)
            button.setMinimumHeight(40)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for code in scene.languages:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(scene.languages.index(language))
        self._playing = False
        self.progress = QLabel()
        self.progress.setObjectName("tour-progress")
        self._progress_key: tuple[str, int | None] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.previous, self.play, self.next, self.replay):
            layout.addWidget(widget)
        layout.addWidget(self.stops, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.auto)
        layout.addWidget(self.language)
        layout.addWidget(self.speech)
        layout.addWidget(self.stereo)
        layout.addWidget(self.edit)
        layout.addWidget(self.fullscreen)
        self.fill_stops(language)

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

    def set_scene(self, scene: Scene, language: str) -> None:
        """Follow an edited or reloaded scene (the stop list)."""
        self.scene = scene
        self._progress_key = None
        self.fill_stops(language)

    def show_state(self, state: VisitState) -> None:
        """Play or pause, the current stop, and the toggles, as the visit has them."""
        playing, stop = state.playing, state.stop
        for box, on in (
            (self.speech, not state.muted),
            (self.auto, state.auto_advance),
            (self.stereo, state.stereo),
            (self.edit, state.editing),
        ):
            if box.isChecked() != on:
                box.blockSignals(True)
                box.setChecked(on)
                box.blockSignals(False)
        if (
            state.language in self.scene.languages
            and self.language.currentIndex() != self.scene.languages.index(state.language)
        ):
            self.language.setCurrentIndex(self.scene.languages.index(state.language))
            self.fill_stops(state.language)
        if playing != self._playing:
            self._playing = playing
            style = QApplication.style()
            icon = (
                QStyle.StandardPixmap.SP_MediaPause
                if playing
                else QStyle.StandardPixmap.SP_MediaPlay
            )
            self.play.setIcon(style.standardIcon(icon))
            self.play.setText("Pause" if playing else "Tour")
        if (state.language, stop) != self._progress_key:
            self._progress_key = (state.language, stop)
            self.progress.setText(progress_text(self.scene, state.language, stop))
        if stop is not None and stop != self.stops.currentIndex():
            self.stops.blockSignals(True)
            self.stops.setCurrentIndex(stop)
            self.stops.blockSignals(False)


_LOADING = {
    "en": "Bringing in the exhibits… {done} of {total}",
    "zh": "正在布置展品…… {done} / {total}",
}


class SubtitleBar(QLabel):
    """The guide's words under the view, the word being spoken highlighted."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("subtitle")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(56)
        self.setStyleSheet("background: #1d1d22; color: #f2f2f2; font-size: 19px; padding: 8px;")
        self._shown: tuple[tuple[str, ...], int] = ((), -2)

    def show_loading(self, done: int, total: int, language: str) -> None:
        """Between the guide's lines while a hall's models arrive: how many of how many (the
        bar keeps its height, so the view does not jump)."""
        words = _LOADING["zh" if language.startswith("zh") else "en"]
        self._shown = ((), -3)
        self.setText(
            f'<span style="color:#a9b4c2;">{html.escape(words.format(done=done, total=total))}'
            "</span>"
        )

    def show_subtitle(self, subtitle: Subtitle, chinese: bool) -> None:
        key = (subtitle.words, subtitle.current)
        if key == self._shown:
            return
        self._shown = key
        joiner = "" if chinese else " "
        parts = []
        for index, word in enumerate(subtitle.words):
            text = html.escape(word)
            if index == subtitle.current:
                text = f'<span style="color:#ffb347;">{text}</span>'
            parts.append(text)
        self.setText(joiner.join(parts))
