"""The side panel's exhibit card: the hall's exhibit list until one is chosen, then that
exhibit's picture, title and text, its hotspots as tappable chips, and what to do next (start
the tour here, ask about it, back to the hall)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.scene import Scene
from app.shell.words import say

__all__ = ["InfoPanel"]

THUMBNAIL_HEIGHT = 160


class InfoPanel(QWidget):
    """The exhibit list, or the chosen exhibit's card."""

    exhibitChosen = Signal(str)
    hotspotChosen = Signal(str, str)
    tourFromHere = Signal(int)  # a stop's index
    askAbout = Signal(str)
    closed = Signal()

    def __init__(self, scene: Scene, language: str) -> None:
        super().__init__()
        self.scene = scene
        self.language = language
        self.exhibit_id: str | None = None
        self.guide_name = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 8)
        layout.setSpacing(8)
        # the hall's exhibits, while none is chosen
        self.overview = QWidget()
        over = QVBoxLayout(self.overview)
        over.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("section-heading")
        self.intro = QLabel()
        self.intro.setObjectName("muted")
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("exhibits")
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        over.addWidget(self.heading)
        over.addWidget(self.intro)
        over.addWidget(self.list)
        # the chosen exhibit's card
        self.card = QWidget()
        self.card.setObjectName("exhibit-card")
        card = QVBoxLayout(self.card)
        card.setContentsMargins(0, 0, 0, 0)
        card.setSpacing(8)
        self.picture = QLabel()
        self.picture.setObjectName("card-picture")
        self.picture.setFixedHeight(THUMBNAIL_HEIGHT)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("card-title")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("card-text")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.parts = QLabel()
        self.parts.setObjectName("section-heading")
        self.chips = QGridLayout()
        self.chips.setSpacing(6)
        self.hotspot_text = QLabel()
        self.hotspot_text.setObjectName("hotspot-text")
        self.hotspot_text.setWordWrap(True)
        self.hotspot_text.hide()
        self.stop_here = QPushButton()
        self.stop_here.setObjectName("stop-here")
        self.ask_about = QPushButton()
        self.ask_about.setObjectName("ask-about")
        self.close_card = QPushButton()
        self.close_card.setObjectName("close-card")
        for widget in (self.picture, self.title, self.text):
            card.addWidget(widget)
        self._extras = QVBoxLayout()  # what the window adds under the text (collecting)
        self._extras.setContentsMargins(0, 0, 0, 0)
        card.addLayout(self._extras)
        card.addWidget(self.parts)
        card.addLayout(self.chips)
        card.addWidget(self.hotspot_text)
        card.addWidget(self.stop_here)
        row = QHBoxLayout()
        row.addWidget(self.ask_about)
        row.addWidget(self.close_card)
        card.addLayout(row)
        layout.addWidget(self.overview)
        layout.addWidget(self.card)
        self._pictures: dict[str, QPixmap] = {}
        for chosen in (self.list.itemClicked, self.list.itemActivated):  # a tap, or Enter
            chosen.connect(
                lambda item: self.exhibitChosen.emit(item.data(Qt.ItemDataRole.UserRole))
            )
        self.stop_here.clicked.connect(self._start_here)
        self.ask_about.clicked.connect(
            lambda: self.askAbout.emit(self.exhibit_id) if self.exhibit_id else None
        )
        self.close_card.clicked.connect(self.closed.emit)
        self.fill()

    def add_under_text(self, widget: QWidget) -> None:
        """Show ``widget`` on the card under the exhibit's text (the Collect panel)."""
        self._extras.addWidget(widget)

    # ----- contents ----------------------------------------------------------------------
    def fill(self) -> None:
        self.list.clear()
        for exhibit in self.scene.exhibits:
            item = QListWidgetItem(exhibit.info.title[self.language])
            item.setData(Qt.ItemDataRole.UserRole, exhibit.id)
            self.list.addItem(item)
        self.heading.setText(say(self.language, "exhibits"))
        guide = self.guide_name or say(self.language, "guide")
        touring = self.scene.tour is not None
        self.intro.setText(say(self.language, "overview" if touring else "overview_free",
                               guide=guide))  # fmt: skip
        self.parts.setText(say(self.language, "parts"))
        self.stop_here.setText(say(self.language, "stop_here"))
        self.ask_about.setText(say(self.language, "ask_about"))
        self.close_card.setText(say(self.language, "close_card"))
        self.show_exhibit(self.exhibit_id if self._known(self.exhibit_id) else None)

    def _known(self, exhibit_id: str | None) -> bool:
        return exhibit_id is not None and any(e.id == exhibit_id for e in self.scene.exhibits)

    def set_scene(self, scene: Scene) -> None:
        self.scene = scene
        self._pictures.clear()  # an edit may have changed a model
        self.fill()

    def set_language(self, language: str) -> None:
        self.language = language
        self.fill()

    def set_picture(self, exhibit_id: str, picture: QPixmap) -> None:
        """The exhibit's rendered close-up, for its card (kept for the visit)."""
        self._pictures[exhibit_id] = picture
        if exhibit_id == self.exhibit_id:
            self._show_picture()

    def has_picture(self, exhibit_id: str) -> bool:
        return exhibit_id in self._pictures

    def _show_picture(self) -> None:
        picture = self._pictures.get(self.exhibit_id or "")
        if picture is None:
            self.picture.clear()
            return
        width = max(120, self.width() - 24)
        self.picture.setPixmap(
            picture.scaled(
                width,
                THUMBNAIL_HEIGHT,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _stop_of(self, exhibit_id: str) -> int | None:
        tour = self.scene.tour
        if tour is None:
            return None
        return next((i for i, s in enumerate(tour.stops) if s.exhibit == exhibit_id), None)

    def show_exhibit(self, exhibit_id: str | None) -> None:
        """The card of ``exhibit_id``; None: the hall's exhibit list."""
        self.exhibit_id = exhibit_id
        self.hotspot_text.clear()
        self.hotspot_text.hide()
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.overview.setVisible(exhibit_id is None)
        self.card.setVisible(exhibit_id is not None)
        if exhibit_id is None:
            self.title.setText(self.scene.title[self.language])
            self.text.setText("")
            self.list.clearSelection()
            return
        exhibit = self.scene.exhibit(exhibit_id)
        self.title.setText(exhibit.info.title[self.language])
        self.text.setText(exhibit.info.text[self.language])
        self.list.setCurrentRow([e.id for e in self.scene.exhibits].index(exhibit_id))
        for index, hotspot in enumerate(exhibit.hotspots):
            chip = QPushButton(hotspot.title[self.language])
            chip.setObjectName("hotspot-chip")
            chip.clicked.connect(lambda _=False, h=hotspot.id: self._hotspot(h))
            self.chips.addWidget(chip, index // 2, index % 2)
        self.parts.setVisible(bool(exhibit.hotspots))
        self.stop_here.setVisible(self._stop_of(exhibit_id) is not None)
        self._show_picture()

    def show_hotspot(self, exhibit_id: str, hotspot_id: str) -> None:
        if exhibit_id != self.exhibit_id:
            self.show_exhibit(exhibit_id)
        hotspot = next(h for h in self.scene.exhibit(exhibit_id).hotspots if h.id == hotspot_id)
        self.hotspot_text.setText(
            f"<b>{html.escape(hotspot.title[self.language])}</b><br>"
            f"{html.escape(hotspot.text[self.language])}"
        )
        self.hotspot_text.show()

    def _hotspot(self, hotspot_id: str) -> None:
        if self.exhibit_id is not None:
            self.hotspotChosen.emit(self.exhibit_id, hotspot_id)

    def _start_here(self) -> None:
        stop = self._stop_of(self.exhibit_id) if self.exhibit_id else None
        if stop is not None:
            self.tourFromHere.emit(stop)

    def chip_texts(self) -> list[str]:
        """The hotspot chips' labels, in order (tests, screenshots)."""
        items = [self.chips.itemAt(i) for i in range(self.chips.count())]
        found = [item.widget() for item in items if item is not None]
        return [w.text() for w in found if isinstance(w, QPushButton)]
