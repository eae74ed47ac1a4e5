"""Kiosk mode for the main window: frameless full screen, no way out but the admin PIN,
large touch controls, idle resets to the attract loop, a heartbeat for the supervisor and
local visit analytics."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCursor,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
    QShortcut,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from app.kiosk.logs import log_dir
from app.kiosk.pin_guard import PinGuard
from app.shell.header import HeaderBar
from app.shell.viewport import PandaViewport
from app.shell.words import say
from app.visit import LONG_PRESS_SECONDS, VisitCore

__all__ = ["ADMIN_PANDA_KEY", "ADMIN_SHORTCUT", "LONG_PRESS_SECONDS", "KioskController"]

log = logging.getLogger(__name__)

ADMIN_SHORTCUT = "Ctrl+Alt+Shift+A"
ADMIN_PANDA_KEY = "control-alt-shift-a"
_CURSOR_IDLE_S = 4.0


class _InputWatcher(QObject):
    """Any key, click or touch on the Qt side counts as visitor input."""

    def __init__(self, controller: KioskController) -> None:
        super().__init__()
        self.controller = controller
        self._last: QPoint | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            # the pointer found over a window that just opened is nobody; a pointer that
            # moves is somebody
            where = event.globalPosition().toPoint()
            moved = self._last is not None and where != self._last
            self._last = where
            if moved:
                self.controller.qt_input_seen()
        elif kind in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
        ):
            self.controller.qt_input_seen()
        return False


class KioskController:
    """The Qt side of a kiosk: the window locked full screen, large controls, the hidden
    cursor, the admin PIN, the heartbeat. The kiosk session itself lives in the visit core."""

    def __init__(
        self,
        window: QMainWindow,
        header: HeaderBar,
        commands: Mapping[str, QAction],
        screen: int = 0,
        heartbeat: Path | None = None,
    ) -> None:
        self.window = window
        self.header = header
        self.screen = screen
        self.heartbeat = heartbeat
        self.allow_close = False
        self.pin_guard = PinGuard()  # wrong PINs slow down every later dialog too
        self.visit: VisitCore | None = None
        self.viewport: PandaViewport | None = None
        self._reload: Callable[[], None] = lambda: None
        self._last_input = time.monotonic()
        self._cursor_hidden = False
        self._watcher = _InputWatcher(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._watcher)
        window.setWindowFlags(
            window.windowFlags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.admin_shortcut = QShortcut(QKeySequence(ADMIN_SHORTCUT), window)
        self.admin_shortcut.activated.connect(self.open_admin)
        for name in ("quit", "toggle_fullscreen", "about"):
            action = commands.get(name)
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
        """Turn and zoom buttons in the header: a touch screen has no keys and no wheel."""
        self.turn_left = QPushButton("◀")
        self.turn_right = QPushButton("▶")
        self.zoom_in = QPushButton("+")
        self.zoom_out = QPushButton("−")
        layout = self.header.layout()
        assert layout is not None
        for index, button in enumerate(self._nudges()):
            button.setObjectName("kiosk-nudge")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.insertWidget(1 + index, button)  # type: ignore[attr-defined]
        self.turn_left.clicked.connect(lambda: self._nudge(turn=20))
        self.turn_right.clicked.connect(lambda: self._nudge(turn=-20))
        self.zoom_in.clicked.connect(lambda: self._nudge(zoom=0.8))
        self.zoom_out.clicked.connect(lambda: self._nudge(zoom=1.25))

    def _nudges(self) -> tuple[QPushButton, ...]:
        return (self.turn_left, self.turn_right, self.zoom_in, self.zoom_out)

    def set_language(self, language: str) -> None:
        """The turn and zoom buttons' names in the visitor's language."""
        for button, key in zip(self._nudges(), ("turn_left", "turn_right", "closer", "further"),
                               strict=True):  # fmt: skip
            button.setToolTip(say(language, key))
            button.setAccessibleName(say(language, key))

    def _nudge(self, turn: float = 0.0, zoom: float = 1.0) -> None:
        if self.visit is not None:
            self.visit.nudge(turn, zoom)

    # ----- the visit ---------------------------------------------------------------------
    def attach(self, visit: VisitCore, viewport: PandaViewport, reload: Callable[[], None]) -> None:
        """The engine runs: follow its visit (input, the admin long press and key)."""
        self.visit = visit
        self.viewport = viewport
        self._reload = reload
        visit.on_input.append(self.input_seen)
        visit.on_admin_request.append(lambda: QTimer.singleShot(0, self.open_admin))
        visit.bind_key(ADMIN_PANDA_KEY, self.open_admin)

    def input_seen(self) -> None:
        """Someone is there: show the cursor, and (from Qt's side) tell the visit."""
        self._last_input = time.monotonic()
        if self._cursor_hidden:
            self._show_cursor(True)

    def qt_input_seen(self) -> None:
        self.input_seen()
        if self.visit is not None:
            self.visit.visitor_input()

    # ----- admin -------------------------------------------------------------------------
    def open_admin(self) -> None:
        from app.shell.admin import AdminPanel, PinDialog

        visit = self.visit
        if visit is None:
            return
        scene = visit.document.scene
        dialog = PinDialog(scene.kiosk.admin_pin, self.window, self.pin_guard, visit.language)
        dialog.setObjectName("pin-dialog")
        if dialog.exec() != PinDialog.DialogCode.Accepted:
            log.warning("admin PIN refused")
            return
        log.info("admin PIN accepted")
        session = visit.kiosk
        panel = AdminPanel(
            scene.languages,
            session.default_language if session else visit.language,
            visit.house_volume,  # the kiosk's, not the present visitor's
            log_dir() / "kiosk.log",
            self.window,
            quality=visit.quality_choice,
            tier=visit.quality.name,
            words=visit.language,
        )
        result = panel.exec()
        visit.set_volume(panel.volume.value() / 100)
        if panel.quality.currentData() != (visit.quality_choice or "auto"):
            log.info("picture quality set to %s", panel.quality.currentData())
            visit.set_quality(panel.quality.currentData())
        if visit.kiosk is not None:
            visit.kiosk.default_language = panel.language.currentData()
        if result == AdminPanel.EXIT:
            self.exit()
        elif result == AdminPanel.RELOAD:
            self._reload()

    def exit(self) -> None:
        self.allow_close = True
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # ----- housekeeping ------------------------------------------------------------------
    def _tick(self) -> None:
        if self.heartbeat is not None:
            frames = self.viewport.frames if self.viewport is not None else 0
            try:
                self.heartbeat.parent.mkdir(parents=True, exist_ok=True)
                self.heartbeat.write_text(f"{time.time():.0f} {frames}\n")
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
        if self.viewport is not None:
            self.viewport.set_cursor_hidden(not visible)
