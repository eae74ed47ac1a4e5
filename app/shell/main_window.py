"""The main window: the 3D hall with subtitles and tour controls, the exhibit panel beside it."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from app import __version__
from app.scene import SceneDocument
from app.shell.commands import COMMANDS, install_commands
from app.shell.panels import InfoPanel, SubtitleBar, TourBar
from app.shell.viewport import PandaViewport

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """One exhibition: walk the hall, inspect exhibits, follow the guided tour."""

    def __init__(self, document: SceneDocument, language: str, speech_backend: str = "auto",
                 kiosk: bool = False, screen: int = 0, heartbeat: Any = None) -> None:
        super().__init__()
        self.document = document
        self.language = language
        self.speech_backend = speech_backend
        scene = document.scene
        self.stage: Any = None
        self.visit: Any = None
        self.runner: Any = None
        self.input: Any = None
        self.figure: Any = None
        self.viewport = PandaViewport(self)
        self.banner = QLabel()
        self.banner.setObjectName("problems-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #8a1c1c; color: white; font-size: 14px; "
                                  "padding: 6px;")
        self.banner.hide()
        self.subtitles = SubtitleBar()
        self.tour_bar = TourBar(scene, language)
        self.info = InfoPanel(scene, language)
        view_column = QWidget()
        column = QVBoxLayout(view_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.viewport, 1)
        column.addWidget(self.subtitles)
        column.addWidget(self.tour_bar)
        self.edit: Any = None
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.info, 1)
        self._side_layout = side_layout
        splitter = QSplitter()
        splitter.addWidget(view_column)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 300])
        self.setCentralWidget(splitter)
        self._update_title()
        self.handlers = {
            "play_pause": self.play_pause, "next_stop": self.next_stop,
            "previous_stop": self.previous_stop, "replay": self.replay,
            "toggle_language": self.toggle_language, "toggle_speech": self.toggle_speech,
            "toggle_fullscreen": self.toggle_fullscreen, "back": self.back,
            "entrance": self.entrance, "zoom_in": lambda: self._zoom(0.8),
            "zoom_out": lambda: self._zoom(1.25), "about": self.about, "quit": self.close,
            "toggle_stereo": self.toggle_stereo,
            "toggle_edit": self.toggle_edit,
            "undo": lambda: self.edit.undo() if self.edit else None,
            "redo": lambda: self.edit.redo() if self.edit else None,
            "save": lambda: self.edit.save() if self.edit else None,
            "toggle_auto_advance": lambda: self.tour_bar.auto.toggle(),
        }
        self.actions = install_commands(self, self.handlers)
        self._connect()
        self._zoom_factor = 1.0
        self._nudge_turn = 0.0
        self.kiosk = None
        if kiosk:
            from app.shell.kiosk import KioskController

            self.kiosk = KioskController(self, screen, heartbeat)

    def _connect(self) -> None:
        bar = self.tour_bar
        bar.play.clicked.connect(self.play_pause)
        bar.next.clicked.connect(self.next_stop)
        bar.previous.clicked.connect(self.previous_stop)
        bar.replay.clicked.connect(self.replay)
        bar.fullscreen.clicked.connect(self.toggle_fullscreen)
        bar.stops.activated.connect(self.go_to_stop)
        bar.language.activated.connect(
            lambda index: self.set_language(bar.language.itemData(index)))
        bar.speech.toggled.connect(self.set_speech)
        bar.auto.toggled.connect(self.set_auto_advance)
        bar.stereo.clicked.connect(self.toggle_stereo)
        bar.edit.clicked.connect(self.toggle_edit)
        self.info.exhibitChosen.connect(self.select_exhibit)
        self.info.hotspotChosen.connect(self.show_hotspot)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.scene.title[self.language]} — Vitrine")

    # ----- engine ------------------------------------------------------------------------
    def start(self) -> None:
        """Open the engine in the viewport, build the hall and start the guide."""
        from app.render.pointer import PandaInput
        from app.render.stereo import StereoPreview
        from guide.speech_service import SpeechService

        self.viewport.start()
        base = self.viewport.base
        base.setBackgroundColor(0.9, 0.9, 0.9, 1)
        scene = self.document.scene
        voices = scene.guide.voices if scene.guide else {}
        self.speech = SpeechService(self.speech_backend, voices=voices)
        self.stereo = StereoPreview(base)
        self.input = PandaInput(base)
        self.input.bind("mouse1", self._pointer_down)
        self.input.bind("mouse1-up", self._pointer_up)
        self.input.bind("wheel_up", lambda: self._zoom(0.9))
        self.input.bind("wheel_down", lambda: self._zoom(1.1))
        for command in COMMANDS:
            handler = self.handlers.get(command.name)
            for key in command.panda_keys:
                if handler is not None:
                    self.input.bind(key, lambda h=handler: (self._any_input(), h()))
        self._pressed = False
        self._last_pointer: tuple[float, float] | None = None
        self._build_world()
        self.viewport.on_frame(self.frame)
        if self.kiosk is not None:
            self.kiosk.start()
        else:
            from app.shell.live_reload import LiveReload

            self.live_reload = LiveReload(self)

    def _build_world(self) -> None:
        """The hall, the visitor's camera, the guide and the tour, for the current scene."""
        from app.render.audio import AudioPlayer
        from app.render.stage import build_stage
        from app.render.tour_runner import TourRunner
        from app.render.visit import Visit
        from guide.clock import MonotonicClock
        from guide.director import Director

        base = self.viewport.base
        scene = self.document.scene
        self.stage = build_stage(scene, self.document.base_dir, base.render, self.language)
        self.visit = Visit(base.cam, base.camLens, base.camNode, self.stage, base.win,
                           self.language, overlay=base.render2d)
        self.visit.on_select.append(self.info.show_exhibit)
        self.visit.on_hotspot.append(self.info.show_hotspot)
        self.director = Director(scene, self.speech, MonotonicClock(), self.language)
        self.director.prefetch()
        self.figure = self.stage.guide_figure(base.cam)
        audio = self.runner.audio if self.runner is not None else AudioPlayer(base)
        self.runner = TourRunner(self.director, self.visit, audio, self.figure)
        self.runner.listeners.append(self._guide_event)
        self.director.auto_advance = self.tour_bar.auto.isChecked()
        for problem in self.stage.problems:
            self.statusBar().showMessage(problem, 15_000)
        self.info.show_exhibit(None)

    def rebuild_world(self) -> None:
        """Build the hall again from the (edited) scene, keeping the camera where it is."""
        view = self.visit.rig.current_view()
        self.runner.audio.stop()
        self._teardown_world()
        self.info.scene = self.document.scene
        self.info.fill()
        self._build_world()
        self.visit.rig.place(view)

    def toggle_edit(self) -> None:
        if self.kiosk is not None or self.visit is None:
            return
        if self.edit is None:
            from app.shell.editing import EditMode

            self.edit = EditMode(self)
            self._side_layout.addWidget(self.edit.panel)
        self.edit.toggle()
        self.tour_bar.edit.setChecked(self.edit.active)

    def _teardown_world(self) -> None:
        if self.figure is not None:
            self.figure.destroy()
        self.visit.destroy()
        self.stage.destroy()

    def frame(self, dt: float) -> None:
        """Once per frame, before drawing."""
        move = self.input.movement(dt)
        pointer = self.input.pointer()
        editing = self.edit is not None and self.edit.active
        if pointer is not None and editing and self.edit.dragging:
            self.edit.pointer_move(*pointer)
        elif pointer is not None:
            drag = self.visit.pointer_move(*pointer)
            move.turn += drag.turn
            move.tilt += drag.tilt
        move.zoom, self._zoom_factor = self._zoom_factor, 1.0
        move.turn += self._nudge_turn
        self._nudge_turn = 0.0
        if move.forward or move.strafe or (pointer is not None and pointer != self._last_pointer):
            self._any_input()
        self._last_pointer = pointer
        if move.forward or move.strafe:
            self.director.visitor_input()
            if self.director.state in ("travelling", "narrating", "waiting"):
                self.director.leave_tour()  # the guide waits; Play rejoins
        self.visit.update(dt, move)
        if not editing:  # turntables hold still while a curator edits
            self.stage.update(dt)
        self.runner.update(dt)
        subtitle = self.runner.subtitle
        self.subtitles.show_words(subtitle.words, subtitle.current, self.language.startswith("zh"))
        self.tour_bar.show_state(self.director.state, self.director.paused, self.director.stop)
        if self.kiosk is not None:
            self.kiosk.frame(pointer, self._pressed)

    def _any_input(self) -> None:
        if self.kiosk is not None:
            self.kiosk.input_seen()

    def _guide_event(self, event: object) -> None:
        from guide.events import MoveTo

        if isinstance(event, MoveTo) and event.exhibit:
            self.info.show_exhibit(event.exhibit)

    def _pointer_down(self) -> None:
        self._pressed = True
        pointer = self.input.pointer()
        if pointer is not None:
            self.director.visitor_input()
            if self.kiosk is not None:
                self.kiosk.input_seen()
            if self.edit is not None and self.edit.active:
                self.edit.pointer_down(*pointer)
                if self.edit.dragging is None:
                    self.visit.pointer_down(*pointer)  # drag on empty floor looks around
                return
            self.visit.pointer_down(*pointer)

    def _pointer_up(self) -> None:
        self._pressed = False
        pointer = self.input.pointer()
        if pointer is not None and self.edit is not None and self.edit.active:
            if self.edit.dragging is not None:
                self.edit.pointer_up(*pointer)
            else:
                self.visit.end_drag()  # looking around, never clicking, while editing
            return
        if pointer is not None:
            hit = self.visit.pointer_up(*pointer)
            if hit is not None and hit.kind == "exhibit" and hit.exhibit:
                self.director.exhibit_clicked(hit.exhibit)
            elif hit is not None and hit.kind == "floor" and \
                    self.director.state in ("travelling", "narrating", "waiting"):
                self.director.leave_tour()  # walking off: the guide waits

    def _zoom(self, factor: float) -> None:
        self._zoom_factor *= factor

    def nudge(self, turn: float = 0.0, zoom: float = 1.0) -> None:
        """On-screen buttons: turn the view (degrees) or zoom an inspected exhibit."""
        self._nudge_turn += turn
        self._zoom_factor *= zoom

    def reset_to_entrance(self) -> None:
        """A fresh start for the next visitor: entrance view, no card, subtitles cleared."""
        from app.scene.views import entrance_view

        self.visit.select(None, fly=False)
        self.visit.card.hide()
        self.visit.rig.place(entrance_view(self.document.scene))
        self.info.show_exhibit(None)

    def reload_scene(self) -> None:
        """Read the scene file again and rebuild the hall (an invalid file keeps the old one)."""
        from app.errors import VitrineError
        from app.scene import load_scene

        try:
            document = load_scene(self.document.path)
        except VitrineError as exc:  # shown, never fatal: the last good hall stays
            log.error("reload failed: %s", exc)
            lines = str(exc).splitlines()
            more = f"\n… and {len(lines) - 6} more" if len(lines) > 6 else ""
            self.banner.setText("The scene file has problems; showing the last good version:\n"
                                + "\n".join(lines[:6]) + more)
            self.banner.show()
            return
        self.banner.hide()
        self.document = document
        if self.language not in document.scene.languages:
            self.language = document.scene.default_language
        self.rebuild_world()  # the visitor stays where they were
        if self.kiosk is not None:
            self.kiosk.rewire()

    # ----- commands ----------------------------------------------------------------------
    def select_exhibit(self, exhibit_id: str) -> None:
        if self.visit is not None:
            self.visit.select(exhibit_id)
            self.director.exhibit_clicked(exhibit_id)

    def show_hotspot(self, exhibit_id: str, hotspot_id: str) -> None:
        self.info.show_hotspot(exhibit_id, hotspot_id)

    def play_pause(self) -> None:
        director = self.director
        if director.state in ("idle", "finished", "attract"):
            director.start_tour()
        elif director.state == "free":
            director.rejoin()
        elif director.paused:
            director.resume()
        else:
            director.pause()

    def next_stop(self) -> None:
        self.director.next()

    def previous_stop(self) -> None:
        self.director.previous()

    def go_to_stop(self, index: int) -> None:
        self.director.goto(index)

    def replay(self) -> None:
        self.director.replay()

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        self.language = language
        if self.kiosk is not None and self.kiosk.session is not None:
            self.kiosk.session.language_chosen(language)
        self.director.set_language(language)
        self.stage.set_language(language)
        self.info.set_language(language)
        self.tour_bar.fill_stops(language)
        self.tour_bar.language.setCurrentIndex(self.document.scene.languages.index(language))
        self._update_title()

    def toggle_language(self) -> None:
        languages = self.document.scene.languages
        self.set_language(languages[(languages.index(self.language) + 1) % len(languages)])

    def set_speech(self, on: bool) -> None:
        self.runner.audio.set_muted(not on)
        if self.tour_bar.speech.isChecked() != on:
            self.tour_bar.speech.setChecked(on)

    def toggle_speech(self) -> None:
        self.set_speech(not self.tour_bar.speech.isChecked())

    def set_auto_advance(self, on: bool) -> None:
        if self.runner is not None:
            self.director.auto_advance = on

    def toggle_stereo(self) -> None:
        if self.runner is not None:
            on = self.stereo.toggle()
            self.tour_bar.stereo.setChecked(on)

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def back(self) -> None:
        if self.visit is not None and not self.visit.back() and self.isFullScreen():
            self.showNormal()

    def entrance(self) -> None:
        from app.scene.views import entrance_view

        self.director.leave_tour()
        self.visit.select(None, fly=False)
        self.visit.fly_to_view(entrance_view(self.document.scene))

    def about(self) -> None:
        QMessageBox.about(self, "About Vitrine",
                          f"<b>Vitrine {__version__}</b><br>Offline 3D exhibitions with a "
                          "speaking guide.<br><br>Walk: W A S D or arrows, drag to look.<br>"
                          "Click an exhibit to inspect it, the floor to go there.<br>"
                          "Tour: Space, N, P, R. Language: L. Speech: M. Full screen: F11.")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk is not None and not self.kiosk.allow_close:
            event.ignore()  # kiosks close only through the admin PIN
            return
        if getattr(self, "speech", None) is not None:
            self.speech.close()
        self.viewport.stop()
        super().closeEvent(event)
