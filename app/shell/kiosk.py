"""Kiosk mode for the main window: frameless full screen, no way out but the admin PIN,
large touch controls, idle resets to the attract loop, a heartbeat for the supervisor and
local visit analytics."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QPushButton

from app.kiosk.logs import log_dir

__all__ = ["KioskController", "ADMIN_SHORTCUT", "ADMIN_PANDA_KEY", "LONG_PRESS_SECONDS"]

log = logging.getLogger(__name__)

ADMIN_SHORTCUT = "Ctrl+Alt+Shift+A"
ADMIN_PANDA_KEY = "control-alt-shift-a"
LONG_PRESS_SECONDS = 3.0
_CORNER = 0.12  # share of the view, from its top-left corner, that opens the admin prompt
_CURSOR_IDLE_S = 4.0


class _InputWatcher(QObject):
    """Any key, click or touch on the Qt side counts as visitor input."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__()
        self.controller = controller

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                            QEvent.Type.TouchBegin, QEvent.Type.MouseMove):
            self.controller.input_seen()
        return False


class KioskController:
    def __init__(self, window: Any, screen: int = 0, heartbeat: Path | None = None) -> None:
        self.window = window
        self.screen = screen
        self.heartbeat = heartbeat
        self.allow_close = False
        self.session: Any = None
        self.analytics: Any = None
        self._press_started: float | None = None
        self._last_input = time.monotonic()
        self._cursor_hidden = False
        self._watcher = _InputWatcher(self)
        QApplication.instance().installEventFilter(self._watcher)  # type: ignore[union-attr]
        window.setWindowFlags(window.windowFlags() | Qt.WindowType.FramelessWindowHint |
                              Qt.WindowType.WindowStaysOnTopHint)
        self.admin_shortcut = QShortcut(QKeySequence(ADMIN_SHORTCUT), window)
        self.admin_shortcut.activated.connect(self.open_admin)
        for name in ("quit", "toggle_fullscreen", "about"):
            action = window.actions.get(name)
            if action is not None:
                action.setEnabled(False)
        self._big_controls()
        self._timer = QTimer(window)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    # ----- window ------------------------------------------------------------------------
    def show(self) -> None:
        screens = QGuiApplication.screens()
        if screens:
            target = screens[min(self.screen, len(screens) - 1)]
            self.window.setScreen(target)
            self.window.setGeometry(target.geometry())
        self.window.showFullScreen()

    def _big_controls(self) -> None:
        bar = self.window.tour_bar
        style = "font-size: 20px; min-height: 60px; min-width: 64px;"
        for button in (bar.previous, bar.play, bar.next, bar.replay, bar.stereo, bar.fullscreen):
            button.setStyleSheet(style)
        bar.fullscreen.hide()
        bar.edit.hide()
        self.turn_left = QPushButton("◀")
        self.turn_right = QPushButton("▶")
        self.zoom_in = QPushButton("+")
        self.zoom_out = QPushButton("−")
        for button, tip in ((self.turn_left, "Turn left"), (self.turn_right, "Turn right"),
                            (self.zoom_in, "Closer"), (self.zoom_out, "Further")):
            button.setStyleSheet(style)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bar.layout().addWidget(button)
        self.turn_left.clicked.connect(lambda: self.window.nudge(turn=20))
        self.turn_right.clicked.connect(lambda: self.window.nudge(turn=-20))
        self.zoom_in.clicked.connect(lambda: self.window.nudge(zoom=0.8))
        self.zoom_out.clicked.connect(lambda: self.window.nudge(zoom=1.25))

    # ----- engine side -------------------------------------------------------------------
    def start(self) -> None:
        """Called once the engine runs: the session, analytics and the Panda3D admin key."""
        from app.kiosk.analytics import Analytics

        window = self.window
        self.analytics = Analytics(log_dir() / "visits.sqlite")
        window.input.bind(ADMIN_PANDA_KEY, self.open_admin)
        self.rewire()

    def rewire(self) -> None:
        """Follow the window's (re)built director, runner and visit."""
        from app.kiosk.session import KioskSession
        from guide.clock import MonotonicClock

        window = self.window
        settings = window.document.scene.kiosk
        if self.analytics is not None:
            self.analytics.end_session()
        self.session = KioskSession(window.director, MonotonicClock(), settings.idle_timeout,
                                    window.reset_to_entrance, self.analytics)
        window.runner.listeners.append(self.session.guide_event)
        window.visit.on_select.append(self.session.exhibit_opened)

    def frame(self, pointer: tuple[float, float] | None, pressed: bool) -> None:
        """Per frame: the attract loop, and the long press in the corner for the admin."""
        if self.session is not None:
            self.session.update()
        in_corner = pointer is not None and pointer[0] < -1 + 2 * _CORNER and \
            pointer[1] > 1 - 2 * _CORNER
        if pressed and in_corner:
            if self._press_started is None:
                self._press_started = time.monotonic()
            elif time.monotonic() - self._press_started >= LONG_PRESS_SECONDS:
                self._press_started = None
                QTimer.singleShot(0, self.open_admin)
        else:
            self._press_started = None

    def input_seen(self) -> None:
        self._last_input = time.monotonic()
        if self._cursor_hidden:
            self._show_cursor(True)
        if self.session is not None:
            self.session.visitor_input()

    # ----- admin -------------------------------------------------------------------------
    def open_admin(self) -> None:
        from app.shell.admin import AdminPanel, PinDialog

        window = self.window
        stored = window.document.scene.kiosk.admin_pin
        dialog = PinDialog(stored, window)
        dialog.setObjectName("pin-dialog")
        if dialog.exec() != PinDialog.DialogCode.Accepted:
            log.warning("admin PIN refused")
            return
        log.info("admin PIN accepted")
        panel = AdminPanel(window.document.scene.languages, self.session.default_language
                           if self.session else window.language,
                           window.runner.audio.volume, log_dir() / "kiosk.log", window)
        result = panel.exec()
        window.runner.audio.volume = panel.volume.value() / 100
        if self.session is not None:
            self.session.default_language = panel.language.currentData()
        if result == AdminPanel.EXIT:
            self.exit()
        elif result == AdminPanel.RELOAD:
            window.reload_scene()

    def exit(self) -> None:
        self.allow_close = True
        if self.analytics is not None:
            self.analytics.close()
        self.window.close()
        QApplication.instance().quit()  # type: ignore[union-attr]

    # ----- housekeeping ------------------------------------------------------------------
    def _tick(self) -> None:
        if self.heartbeat is not None:
            try:
                self.heartbeat.parent.mkdir(parents=True, exist_ok=True)
                self.heartbeat.write_text(f"{time.time():.0f} {self.window.viewport.frames}\n")
            except OSError as exc:
                log.warning("cannot write heartbeat %s: %s", self.heartbeat, exc)
        if not self._cursor_hidden and time.monotonic() - self._last_input > _CURSOR_IDLE_S:
            self._show_cursor(False)

    def _show_cursor(self, visible: bool) -> None:
        self._cursor_hidden = not visible
        if visible:
            while QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        else:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        base = getattr(self.window.viewport, "base", None)
        if base is not None and base.win is not None:
            from app.render.engine import set_cursor_hidden

            set_cursor_hidden(base, not visible)
