"""The main window: the 3D view with subtitles, notifications and tour controls, the exhibit
panel beside it. It lays out widgets, binds them to the visit core's state and sends the
visitor's commands to it; everything the visit does lives in ``app.visit``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from app import __version__
from app.errors import VitrineError
from app.scene import SceneDocument
from app.shell.ask_panel import AskPanel
from app.shell.collection_panel import CollectionPanel, HandoverDialog
from app.shell.commands import COMMANDS, install_commands
from app.shell.editing import EditMode
from app.shell.kiosk import KioskController
from app.shell.notifications import NotificationArea
from app.shell.panels import InfoPanel, SubtitleBar, TourBar
from app.shell.talk import TalkController
from app.shell.theme import style_sheet
from app.shell.viewport import PandaViewport
from app.visit import VisitCore, VisitState
from app.visit.collecting import VisitCollection
from guide.events import GuideEvent, MoveTo
from guide.voice_questions import VoiceQuestions

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """One exhibition: walk the hall, inspect exhibits, follow the guided tour."""

    def __init__(
        self,
        document: SceneDocument,
        language: str,
        speech_backend: str = "auto",
        kiosk: bool = False,
        screen: int = 0,
        heartbeat: Path | None = None,
        quality: str | None = None,
    ) -> None:
        super().__init__()
        self.quality = quality
        self.document = document
        self.language = language
        self.speech_backend = speech_backend
        scene = document.scene
        self.visit: VisitCore | None = None
        self.viewport = PandaViewport(self)
        self.notifications = NotificationArea()
        self.banner = QLabel()
        self.banner.setObjectName("problems-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #8a1c1c; color: white; font-size: 14px; padding: 6px;"
        )
        self.banner.hide()
        self.subtitles = SubtitleBar()
        self.tour_bar = TourBar(scene, language)
        self.info = InfoPanel(scene, language)
        self.ask = AskPanel(language)
        self.talk = TalkController(
            self.ask, VoiceQuestions(scene), self.ask_guide, lambda: self.language
        )
        view_column = QWidget()
        column = QVBoxLayout(view_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget in (self.banner, self.notifications):
            column.addWidget(widget)
        column.addWidget(self.viewport, 1)
        column.addWidget(self.subtitles)
        column.addWidget(self.tour_bar)
        side = QWidget()
        self._side_layout = QVBoxLayout(side)
        self._side_layout.setContentsMargins(0, 0, 0, 0)
        self._side_layout.addWidget(self.ask)
        self._side_layout.addWidget(self.info, 1)
        self.collect_panel = CollectionPanel(None, language, typing=not kiosk)
        self._handover: HandoverDialog | None = None
        self._side_layout.addWidget(self.collect_panel)
        splitter = QSplitter()
        splitter.addWidget(view_column)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([860, 380])
        self.setCentralWidget(splitter)
        self.setStyleSheet(style_sheet(scene.theme, 1.25 if kiosk else 1.0))
        self._update_title()
        self.handlers = self._handlers()
        self.commands = install_commands(self, self.handlers)
        self._connect()
        self.edit: EditMode | None = None
        self.kiosk: KioskController | None = None
        if kiosk:
            self.kiosk = KioskController(self, self.tour_bar, self.commands, screen, heartbeat)

    def _handlers(self) -> dict[str, Callable[[], None]]:
        def on_visit(command: Callable[[VisitCore], object]) -> Callable[[], None]:
            def run() -> None:
                if self.visit is not None:
                    command(self.visit)

            return run

        return {
            "play_pause": on_visit(VisitCore.play_pause),
            "next_stop": on_visit(VisitCore.next_stop),
            "previous_stop": on_visit(VisitCore.previous_stop),
            "replay": on_visit(VisitCore.replay),
            "toggle_language": on_visit(VisitCore.toggle_language),
            "toggle_speech": on_visit(lambda v: v.set_muted(not v.state.muted)),
            "toggle_fullscreen": self.toggle_fullscreen,
            "back": self.back,
            "entrance": on_visit(VisitCore.entrance),
            "zoom_in": on_visit(lambda v: v.zoom(0.8)),
            "zoom_out": on_visit(lambda v: v.zoom(1.25)),
            "about": self.about,
            "quit": self._quit,
            "toggle_stereo": on_visit(VisitCore.toggle_stereo),
            "toggle_edit": self.toggle_edit,
            "undo": lambda: self.edit.undo() if self.edit else None,
            "redo": lambda: self.edit.redo() if self.edit else None,
            "save": lambda: self.edit.save() if self.edit else None,
            "toggle_auto_advance": on_visit(lambda v: v.set_auto_advance(not v.state.auto_advance)),
        }

    def _connect(self) -> None:
        bar, handlers = self.tour_bar, self.handlers
        bar.play.clicked.connect(handlers["play_pause"])
        bar.next.clicked.connect(handlers["next_stop"])
        bar.previous.clicked.connect(handlers["previous_stop"])
        bar.replay.clicked.connect(handlers["replay"])
        bar.fullscreen.clicked.connect(self.toggle_fullscreen)
        bar.stops.activated.connect(self._with_visit(VisitCore.go_to_stop))
        bar.language.activated.connect(
            lambda index: self._with_visit(VisitCore.set_language)(bar.language.itemData(index))
        )
        bar.speech.toggled.connect(lambda on: self._with_visit(VisitCore.set_muted)(not on))
        bar.auto.toggled.connect(self._with_visit(VisitCore.set_auto_advance))
        bar.stereo.clicked.connect(handlers["toggle_stereo"])
        bar.edit.clicked.connect(self.toggle_edit)
        self.info.exhibitChosen.connect(self._with_visit(VisitCore.inspect))
        self.info.hotspotChosen.connect(self.info.show_hotspot)
        self.ask.asked.connect(self.ask_guide)
        self.collect_panel.collectRequested.connect(self.collect)
        self.collect_panel.copyChosen.connect(self.hand_over)

    def _with_visit(self, command: Callable[[VisitCore, Any], object]) -> Callable[[Any], None]:
        """A slot that passes its argument to a visit command (once the visit runs)."""

        def slot(value: Any) -> None:
            if self.visit is not None:
                command(self.visit, value)

        return slot

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.scene.title[self.language]} — Vitrine")

    # ----- engine ------------------------------------------------------------------------
    def start(self) -> None:
        """Open the engine in the viewport and start the visit (a failure is shown)."""
        from app.visit.assembly import open_app_visit

        try:
            self.viewport.start()
            visit = open_app_visit(
                self.viewport.base,
                self.document,
                self.language,
                self.speech_backend,
                kiosk=self.kiosk is not None,
                quality=self.quality,
            )
        except VitrineError as exc:
            log.exception("the 3D view could not start")
            self.notifications.add(f"The 3D view could not start: {exc}")
            if self.kiosk is None:  # kiosks log and carry on; people get told
                QMessageBox.critical(self, "Vitrine", f"The 3D view could not start:\n{exc}")
            return
        self.visit = visit
        visit.on_change.append(self._show_state)
        visit.on_select.append(self.info.show_exhibit)
        visit.on_select.append(lambda _: self._suggest())
        visit.on_select.append(lambda chosen: self.collect_panel.refresh(visit.collection, chosen))
        self.collect_panel.refresh(visit.collection, None)
        visit.on_hotspot.append(self.info.show_hotspot)
        self._suggest()
        visit.on_problem.append(self.notifications.add)
        visit.on_guide_event.append(self._guide_event)
        visit.on_rebuilt.append(self._rebuilt)
        for command in COMMANDS:
            handler = self.handlers.get(command.name)
            for key in command.panda_keys:
                if handler is not None:
                    visit.bind_key(key, handler)
        for problem in visit.problems:
            self.notifications.add(problem)
        self.info.show_exhibit(None)
        self._show_state(visit.state)
        self.viewport.on_frame(visit.step)
        if self.kiosk is not None:
            self.kiosk.attach(visit, self.viewport, self.reload_scene)
        else:
            from app.shell.live_reload import LiveReload

            self.live_reload = LiveReload(self, lambda: self.document, self.reload_scene)

    def _show_state(self, state: VisitState) -> None:
        self.tour_bar.show_state(state)
        visit = self.visit
        if visit is not None and len(visit.collection.taken) != self.collect_panel.list.count():
            self.collect_panel.refresh(visit.collection, self.collect_panel.exhibit_id)
            if not visit.collection.taken and self._handover is not None:
                self._handover.reject()  # a kiosk went idle: the next visitor never sees it
                self._handover = None
        self.subtitles.show_subtitle(state.subtitle, state.language.startswith("zh"))
        if state.loading is not None and not state.subtitle.words:
            self.subtitles.show_loading(*state.loading, state.language)
        if state.language != self.language:
            self.language = state.language
            self.info.set_language(state.language)
            self.ask.set_language(state.language)
            self.talk.refresh()
            self._suggest()
            self._update_title()

    def ask_guide(self, question: str) -> None:
        """A question typed or tapped: the guide answers; when it cannot, the buttons offer
        questions it can."""
        if self.visit is None:
            return
        answer = self.visit.ask(question)
        if answer.suggestions:
            self.ask.set_suggestions(list(answer.suggestions))
        else:
            self._suggest()

    def _suggest(self) -> None:
        """Questions about the exhibit in view (or the hall) on the buttons."""
        if self.visit is not None:
            visit = self.visit
            self.ask.set_suggestions(visit.answerer.suggestions(self.language, visit.in_view()))

    def _guide_event(self, event: GuideEvent) -> None:
        if isinstance(event, MoveTo) and event.exhibit:
            self.info.show_exhibit(event.exhibit)
            self._suggest()

    def _rebuilt(self, document: SceneDocument) -> None:
        self.document = document
        self.info.scene = document.scene
        self.talk.voice.set_scene(document.scene)
        self.info.fill()
        self.tour_bar.set_scene(document.scene, self.language)
        if self.visit is not None:
            self.notifications.set_problems(self.visit.problems)
            self._show_state(self.visit.state)
            self._suggest()
        self._update_title()

    def reload_scene(self) -> None:
        """Read the scene file again (an invalid file keeps the hall and shows a banner)."""
        if self.visit is None:
            return
        problem = self.visit.reload()
        if problem is None:
            self.banner.hide()
            return
        lines = str(problem).splitlines()
        more = f"\n… and {len(lines) - 6} more" if len(lines) > 6 else ""
        self.banner.setText(
            "The scene file has problems; showing the last good version:\n"
            + "\n".join(lines[:6])
            + more
        )
        self.banner.show()

    # ----- window commands ---------------------------------------------------------------
    def toggle_edit(self) -> None:
        if self.kiosk is not None or self.visit is None:
            return
        if self.edit is None:
            self.edit = EditMode(self.visit, self.tour_bar, self.statusBar().showMessage)
            self._side_layout.addWidget(self.edit.panel)
        self.edit.toggle()

    def _quit(self) -> None:
        self.close()

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def back(self) -> None:
        if self.visit is not None and not self.visit.back() and self.isFullScreen():
            self.showNormal()

    def about(self) -> None:
        """F1: every key, in the visitor's language."""
        from PySide6.QtWidgets import (
            QDialog,
            QLabel,
            QPushButton,
            QTableWidget,
            QTableWidgetItem,
            QVBoxLayout,
        )

        from app.shell.commands import key_rows

        zh = self.language.startswith("zh")
        rows = key_rows(self.language)
        dialog = QDialog(self)
        dialog.setObjectName("key-list")
        dialog.setWindowTitle("按键一览" if zh else "Keys")
        table = QTableWidget(len(rows), 2)
        table.setObjectName("keys")
        table.setHorizontalHeaderLabels(["按键", "作用"] if zh else ["Keys", "What they do"])
        for row, (keys, text) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(text))
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        close = QPushButton("关闭" if zh else "Close")
        close.clicked.connect(dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(f"<b>Vitrine {__version__}</b>"))
        layout.addWidget(table)
        layout.addWidget(close)
        dialog.resize(560, 640)
        dialog.open()
        self._key_list = dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk is not None and not self.kiosk.allow_close:
            event.ignore()  # kiosks close only through the admin PIN
            return
        if self.visit is not None:
            self.viewport.pause()
            self.visit.close()
            self.visit = None
        self.viewport.stop()
        super().closeEvent(event)

    # ----- collecting --------------------------------------------------------------------
    def collect(self, exhibit_id: str) -> None:
        """The visitor collects the exhibit on the card: the next numbered copy, signed,
        then its poster with the QR code to take home."""
        from PIL import Image

        from app.collection import CollectionError
        from app.render.capture import capture_rgb

        visit = self.visit
        if visit is None:
            return
        collection = visit.collection
        if not collection.unlocked and not self._unlock(collection):
            return
        shot = visit.product_shot(exhibit_id)  # the object in close-up, drawn offscreen
        render = Image.fromarray(shot if shot is not None else capture_rgb(self.viewport.base))
        try:
            claim = collection.collect(exhibit_id, self.collect_panel.name.text(), render)
        except CollectionError as exc:
            self.notifications.add(f"Collecting: {exc}")
            return
        self.collect_panel.refresh(collection, exhibit_id)
        self.hand_over(claim.row)

    def _unlock(self, collection: VisitCollection) -> bool:
        """Staff type the issuer key's passphrase once (kiosks read it from their settings)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from app.collection import CollectionError

        if self.kiosk is not None or not collection.key_path.is_file():
            self.notifications.add(
                "Collecting: the issuer's key is locked (set VITRINE_ISSUER_PASSPHRASE)"
            )
            return False
        text, ok = QInputDialog.getText(self, "Issuer key", "Passphrase of the exhibition's "
                                        "issuer key:", QLineEdit.EchoMode.Password)  # fmt: skip
        if not ok:
            return False
        try:
            collection.unlock(text)
        except CollectionError as exc:
            self.notifications.add(f"Collecting: {exc}")
            return False
        return True

    def hand_over(self, row: int) -> None:
        """Show one collected copy's poster and offer to save it to a USB stick."""
        from app.render.fonts import find_cjk_font_file

        visit = self.visit
        if visit is None:
            return
        claim = next((c for c in visit.collection.taken if c.row == row), None)
        if claim is None:
            return
        dialog = HandoverDialog(visit.collection, claim, self.language, self.kiosk is not None,
                                find_cjk_font_file(), self)  # fmt: skip
        dialog.open()
        self._handover = dialog
