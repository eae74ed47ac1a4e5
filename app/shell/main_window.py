"""The main window: a header bar, the 3D view with its captions and tour bar, and a side panel
with the hall map, the exhibit card, collecting and asking the guide. It lays out widgets,
binds them to the visit core's state and sends the visitor's commands to it; everything the
visit does lives in ``app.visit``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.errors import VitrineError
from app.kiosk.session import KioskMode
from app.scene import SceneDocument, in_language
from app.scene.model import Theme
from app.shell.ask_panel import AskPanel
from app.shell.collection_panel import CollectionPanel, HandoverDialog
from app.shell.commands import COMMANDS, install_commands
from app.shell.editing import EditMode
from app.shell.exhibit_card import InfoPanel
from app.shell.hall_map import HallMap
from app.shell.header import HeaderBar
from app.shell.kiosk import KioskController
from app.shell.notifications import NotificationArea
from app.shell.panels import SubtitleBar, TourBar
from app.shell.talk import TalkController
from app.shell.theme import palette, style_sheet
from app.shell.viewport import PandaViewport
from app.shell.welcome import WelcomeCard, seen_marker
from app.shell.words import say
from app.visit import VisitCore, VisitorPreferences, VisitState
from app.visit.collecting import VisitCollection
from guide.events import GuideEvent, MoveTo
from guide.voice_questions import VoiceQuestions

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)

_PICTURE_SIZE = (480, 360)  # the card's close-up, drawn offscreen


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
        welcome: bool = True,
    ) -> None:
        super().__init__()
        self.quality = quality
        self.document = document
        self.language = language
        self.speech_backend = speech_backend
        self.welcome_wanted = welcome
        self.welcome: WelcomeCard | None = None
        self.preferences = VisitorPreferences()
        scene = document.scene
        self.scale = 1.25 if kiosk else 1.0
        self.visit: VisitCore | None = None
        self.viewport = PandaViewport(self)
        self.notifications = NotificationArea()
        self.notifications.set_language(language)
        self.banner = QLabel()
        self.banner.setObjectName("problems-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #8a1c1c; color: white; font-size: 14px; padding: 6px;"
        )
        self.banner.hide()
        self.header = HeaderBar(scene, language)
        self.subtitles = SubtitleBar()
        self.tour_bar = TourBar(scene, language)
        self.info = InfoPanel(scene, language)
        self.info.guide_name = self._guide_name(language)
        self.info.fill()
        self.map = HallMap(scene, palette(scene.theme))
        self.map_heading = QLabel(say(language, "map"))
        self.map_heading.setObjectName("section-heading")
        self.ask = AskPanel(language)
        self.talk = TalkController(
            self.ask, VoiceQuestions(scene), self.ask_guide, lambda: self.language
        )
        view_column = QWidget()
        self._column = QVBoxLayout(view_column)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        for widget in (self.banner, self.notifications, self.header):
            self._column.addWidget(widget)
        self._column.addWidget(self.viewport, 1)
        self._column.addWidget(self.subtitles)
        self._column.addWidget(self.tour_bar)
        inner = QWidget()
        inner.setObjectName("side-inner")
        self._side_layout = QVBoxLayout(inner)
        self._side_layout.setContentsMargins(0, 8, 0, 8)
        self._side_layout.setSpacing(6)
        self.map_box = QWidget()
        map_box = QVBoxLayout(self.map_box)
        map_box.setContentsMargins(12, 0, 12, 0)
        map_box.addWidget(self.map_heading)
        map_box.addWidget(self.map)
        self._side_layout.addWidget(self.map_box)
        self._side_layout.addWidget(self.info)
        self.collect_panel = CollectionPanel(None, language, typing=not kiosk)
        self._handover: HandoverDialog | None = None
        self.info.add_under_text(self.collect_panel)
        self._side_layout.addStretch(1)
        self.side = QScrollArea()
        self.side.setObjectName("side-scroll")
        self.side.setWidget(inner)
        self.side.setWidgetResizable(True)
        self.side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_column = QWidget()
        side_column.setObjectName("side-panel")
        side_layout = QVBoxLayout(side_column)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.side, 1)
        side_layout.addWidget(self.ask)  # asking stays in reach, whatever the card's length
        side_column.setMinimumWidth(round(330 * self.scale))
        splitter = QSplitter()
        splitter.addWidget(view_column)
        splitter.addWidget(side_column)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, round(380 * self.scale)])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self._apply_theme()
        self._update_title()
        self.handlers = self._handlers()
        self.commands = install_commands(self, self.handlers)
        self._connect()
        self.edit: EditMode | None = None
        self.kiosk: KioskController | None = None
        self._kiosk_mode: KioskMode | None = None
        if kiosk:
            self.kiosk = KioskController(self, self.header, self.commands, screen, heartbeat)
            self.kiosk.set_language(language)
            self.header.fullscreen.hide()
            self.header.more.hide()

    def _guide_name(self, language: str) -> str:
        guide = self.document.scene.guide
        return in_language(guide.name, language) if guide is not None else ""

    def _apply_theme(self) -> None:
        """The scene's theme, or high contrast when the visitor asks for it."""
        theme = self.document.scene.theme
        if self.preferences.high_contrast:
            theme = Theme(mode="contrast", accent=theme.accent, font=theme.font)
        colours = palette(theme)
        self.setStyleSheet(style_sheet(theme, self.scale))
        self.map.set_palette(colours)
        self.header.set_icon_colour(colours.text)
        self.subtitles.highlight = colours.accent if theme.mode == "contrast" else "#ffb347"

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
        bar, handlers, header = self.tour_bar, self.handlers, self.header
        bar.play.clicked.connect(handlers["play_pause"])
        bar.next.clicked.connect(handlers["next_stop"])
        bar.previous.clicked.connect(handlers["previous_stop"])
        bar.replay.clicked.connect(handlers["replay"])
        bar.stops.activated.connect(self._with_visit(VisitCore.go_to_stop))
        header.fullscreen.clicked.connect(self.toggle_fullscreen)
        header.language_button.clicked.connect(handlers["toggle_language"])
        header.settings.clicked.connect(self.open_settings)
        header.help.clicked.connect(self.about)
        header.auto.toggled.connect(self._with_visit(VisitCore.set_auto_advance))
        header.stereo.triggered.connect(handlers["toggle_stereo"])
        header.edit.triggered.connect(self.toggle_edit)
        self.info.exhibitChosen.connect(self._with_visit(VisitCore.inspect))
        self.info.hotspotChosen.connect(self.info.show_hotspot)
        self.info.tourFromHere.connect(self._with_visit(VisitCore.go_to_stop))
        self.info.askAbout.connect(self._ask_about)
        self.info.closed.connect(self.back)
        self.map.walkTo.connect(self._walk_to)
        self.map.exhibitChosen.connect(self._with_visit(VisitCore.inspect))
        self.ask.asked.connect(self.ask_guide)
        self.collect_panel.collectRequested.connect(self.collect)
        self.collect_panel.copyChosen.connect(self.hand_over)
        self.viewport.pinched.connect(lambda f: self._with_visit(VisitCore.zoom)(1 / f))
        self.viewport.panned.connect(lambda dx, _dy: self._turn(-dx * 0.25))

    def _walk_to(self, x: float, y: float) -> None:
        if self.visit is not None:
            self.visit.walk_to(x, y)

    def _turn(self, degrees: float) -> None:
        if self.visit is not None:
            self.visit.nudge(turn=degrees)

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
            message = say(self.language, "view_failed", error=exc)
            self.notifications.add(message)
            if self.kiosk is None:  # kiosks log and carry on; people get told
                QMessageBox.critical(self, "Vitrine", message)
            return
        self.visit = visit
        visit.on_change.append(self._show_state)
        visit.on_select.append(self._show_exhibit)
        visit.on_select.append(lambda _: self._suggest())
        visit.on_select.append(lambda chosen: self.collect_panel.refresh(visit.collection, chosen))
        self.collect_panel.refresh(visit.collection, None)
        visit.on_hotspot.append(self.info.show_hotspot)
        self._suggest()
        visit.on_problem.append(self.notifications.add)
        visit.on_guide_event.append(self._guide_event)
        visit.on_rebuilt.append(self._rebuilt)
        visit.on_input.append(self._visitor_started)
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
        self.viewport.frameDrawn.connect(self._follow_positions)
        if self.kiosk is not None:
            self.kiosk.attach(visit, self.viewport, self.reload_scene)
        else:
            from app.shell.live_reload import LiveReload

            self.live_reload = LiveReload(self, lambda: self.document, self.reload_scene)
            if self.welcome_wanted and not seen_marker().exists():
                QTimer.singleShot(300, self.show_welcome)

    def _show_state(self, state: VisitState) -> None:
        self.tour_bar.show_state(state)
        self.header.show_loading(state.loading)
        self._follow_toggles(state)
        visit = self.visit
        if visit is not None and len(visit.collection.taken) != self.collect_panel.list.count():
            self.collect_panel.refresh(visit.collection, self.collect_panel.exhibit_id)
            if not visit.collection.taken and self._handover is not None:
                self._handover.reject()  # a kiosk went idle: the next visitor never sees it
                self._handover = None
        if state.preferences != self.preferences:
            self._show_preferences(state.preferences)
        self._show_captions(state)
        if state.kiosk != self._kiosk_mode:
            arrived = self._kiosk_mode == KioskMode.ATTRACT and state.kiosk == KioskMode.VISITOR
            self._kiosk_mode = state.kiosk
            if arrived and self.welcome_wanted:
                self.show_welcome()  # a new visitor at the kiosk
            elif state.kiosk == KioskMode.ATTRACT and self.welcome is not None:
                self.welcome.dismiss()
        if state.language != self.language:
            self.language = state.language
            self.info.guide_name = self._guide_name(state.language)
            self.info.set_language(state.language)
            self.header.set_language(state.language)
            self.map_heading.setText(say(state.language, "map"))
            self.notifications.set_language(state.language)
            if self.kiosk is not None:
                self.kiosk.set_language(state.language)
            self.ask.set_language(state.language)
            self.talk.refresh()
            self._suggest()
            self._update_title()

    def _show_captions(self, state: VisitState) -> None:
        """The guide's words; between lines, what is loading or what to do."""
        self.subtitles.setVisible(state.preferences.captions)
        if state.subtitle.words:
            self.subtitles.show_subtitle(state.subtitle)
        elif state.loading is not None:
            self.subtitles.show_loading(*state.loading, state.language)
        elif state.stop is None and not state.playing and state.selected is None:
            touring = self.document.scene.tour is not None
            self.subtitles.show_hint(
                say(state.language, "captions_hint" if touring else "captions_hint_free")
            )
        else:
            self.subtitles.show_subtitle(state.subtitle)

    def _follow_toggles(self, state: VisitState) -> None:
        for action, on in ((self.header.auto, state.auto_advance),
                           (self.header.stereo, state.stereo),
                           (self.header.edit, state.editing)):  # fmt: skip
            if action.isChecked() != on:
                action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(False)

    def _follow_positions(self, frame: int) -> None:
        """The map's visitor and guide, a few times a second."""
        visit = self.visit
        if visit is None or frame % 6:
            return
        state = visit.state
        self.map.show_positions((state.position[0], state.position[1], state.heading),
                                visit.guide_position(), state.stop, state.selected)  # fmt: skip

    def _show_exhibit(self, exhibit_id: str | None) -> None:
        """The card of the chosen exhibit (its picture drawn once it shows)."""
        self.info.show_exhibit(exhibit_id)
        self.map_box.setVisible(exhibit_id is None)  # a card has the panel; "Back" the map
        if exhibit_id is not None and not self.info.has_picture(exhibit_id):
            QTimer.singleShot(50, lambda: self._draw_picture(exhibit_id))
        self.side.verticalScrollBar().setValue(0)

    def _draw_picture(self, exhibit_id: str) -> None:
        visit = self.visit
        if visit is None or self.info.exhibit_id != exhibit_id:
            return
        try:
            shot = visit.product_shot(exhibit_id, _PICTURE_SIZE)
        except Exception:  # a picture is a nicety: the card shows without one
            log.exception("the picture of %s could not be drawn", exhibit_id)
            return
        if shot is None:
            return
        height, width = shot.shape[:2]
        image = QImage(shot.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
        self.info.set_picture(exhibit_id, QPixmap.fromImage(image.copy()))

    # ----- the visitor's settings ---------------------------------------------------------
    def open_settings(self) -> None:
        from app.shell.visitor_settings import VisitorSettings

        visit = self.visit
        muted = visit.state.muted if visit is not None else False
        volume = visit.house_volume if visit is not None else 1.0
        dialog = VisitorSettings(self.preferences, muted, volume, self.language, self)
        dialog.changed.connect(self._preferences_chosen)
        dialog.open()
        self._settings = dialog

    def _preferences_chosen(self, preferences: VisitorPreferences, muted: bool) -> None:
        if self.visit is not None:
            self.visit.set_muted(muted)
            self.visit.set_preferences(preferences)  # the state change shows them
        else:
            self._show_preferences(preferences)

    def _show_preferences(self, preferences: VisitorPreferences) -> None:
        contrast = preferences.high_contrast != self.preferences.high_contrast
        self.preferences = preferences
        if contrast:
            self._apply_theme()
        self.subtitles.set_size(preferences.caption_size)
        self._column.removeWidget(self.subtitles)
        below = 1 if preferences.caption_place == "bottom" else 0
        self._column.insertWidget(self._column.indexOf(self.viewport) + below, self.subtitles)

    # ----- welcome -------------------------------------------------------------------------
    def show_welcome(self) -> None:
        """How to get around, over the view (once on a desktop, for each kiosk visitor)."""
        if self.welcome is not None:
            self.welcome.dismiss()
            self.welcome.deleteLater()
        hall = self.document.scene.title[self.language]
        guide = self._guide_name(self.language) or say(self.language, "guide")
        self.welcome = WelcomeCard(self, hall, guide, self.language, self.kiosk is not None)
        self.welcome.dismissed.connect(self._welcome_seen)
        self.welcome.show_over(self.viewport)

    def _welcome_seen(self) -> None:
        if self.kiosk is None:
            try:
                marker = seen_marker()
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.write_text("shown\n", encoding="utf-8")
            except OSError as exc:  # it shows again next time; nothing else depends on it
                log.warning("cannot remember the welcome was shown: %s", exc)

    def _visitor_started(self) -> None:
        """The visitor clicked into the view or pressed a key: the welcome has done its job."""
        welcome = self.welcome
        if welcome is not None and welcome.isVisible() and welcome.shown_for() > 1.5:
            welcome.dismiss()

    # ----- questions ---------------------------------------------------------------------
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

    def _ask_about(self, exhibit_id: str) -> None:
        """The card's "Ask about this": questions about it on the buttons, the box ready."""
        if self.visit is not None:
            self.ask.set_suggestions(self.visit.answerer.suggestions(self.language, exhibit_id))
        self.ask.box.setFocus()

    def _suggest(self) -> None:
        """Questions about the exhibit in view (or the hall) on the buttons."""
        if self.visit is not None:
            visit = self.visit
            self.ask.set_suggestions(visit.answerer.suggestions(self.language, visit.in_view()))

    def _guide_event(self, event: GuideEvent) -> None:
        if isinstance(event, MoveTo) and event.exhibit:
            self._show_exhibit(event.exhibit)
            self._suggest()

    def _rebuilt(self, document: SceneDocument) -> None:
        self.document = document
        self.info.set_scene(document.scene)
        self.map.set_scene(document.scene)
        self.header.set_scene(document.scene)
        self.talk.voice.set_scene(document.scene)
        self.tour_bar.set_scene(document.scene, self.language)
        self._apply_theme()
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
        more = "\n" + say(self.language, "and_more", count=len(lines) - 6) if len(lines) > 6 else ""
        self.banner.setText(
            say(self.language, "scene_problems") + "\n" + "\n".join(lines[:6]) + more
        )
        self.banner.show()

    # ----- window commands ---------------------------------------------------------------
    def toggle_edit(self) -> None:
        if self.kiosk is not None or self.visit is None:
            return
        if self.edit is None:
            self.edit = EditMode(self.visit, self.tour_bar, self.statusBar().showMessage)
            self._side_layout.insertWidget(0, self.edit.panel)
        self.edit.toggle()

    def _quit(self) -> None:
        self.close()

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def back(self) -> None:
        if self.visit is not None and not self.visit.back() and self.isFullScreen():
            if self.kiosk is None:
                self.showNormal()

    def about(self) -> None:
        """F1 and "?": how to get around, and every key, in the visitor's language."""
        from PySide6.QtWidgets import (
            QDialog,
            QPushButton,
            QTableWidget,
            QTableWidgetItem,
        )

        from app.shell.commands import key_rows

        language = self.language
        rows = key_rows(language)
        dialog = QDialog(self)
        dialog.setObjectName("key-list")
        dialog.setWindowTitle(say(language, "keys_title"))
        guide = self._guide_name(language) or say(language, "guide")
        tips = QLabel("<br>".join(say(language, key, guide=guide) for key in
                                  ("welcome_walk", "welcome_look", "welcome_ask",
                                   "welcome_tour")))  # fmt: skip
        tips.setWordWrap(True)
        table = QTableWidget(len(rows), 2)
        table.setObjectName("keys")
        table.setHorizontalHeaderLabels([say(language, "keys_header"), say(language, "keys_what")])
        for row, (keys, text) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(text))
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        close = QPushButton(say(language, "close"))
        close.clicked.connect(dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(f"<b>Vitrine {__version__}</b>"))
        layout.addWidget(tips)
        layout.addWidget(table)
        layout.addWidget(close)
        dialog.resize(round(620 * self.scale), round(700 * self.scale))
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
