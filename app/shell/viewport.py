"""The 3D viewport widget: a native child window that Panda3D draws into, stepped by a QTimer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

__all__ = ["PandaViewport"]

log = logging.getLogger(__name__)


class PandaViewport(QWidget):
    """Hosts Panda3D's window; emits ``frameDrawn`` after every rendered frame."""

    frameDrawn = Signal(int)
    engineReady = Signal()
    pinched = Signal(float)  # two fingers spread (> 1) or pinched (< 1) by this factor
    panned = Signal(float, float)  # two fingers moved together, pixels right and down

    def __init__(self, parent: QWidget | None = None, fps: int = 60) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_PaintOnScreen, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("viewport")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        from app.visit.gestures import TwoFingers

        self._fingers = TwoFingers()
        self.setMinimumSize(320, 200)
        self.base: Any = None
        self.frames = 0
        self._on_frame: list[Callable[[float], None]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, 1000 // fps))
        self._timer.timeout.connect(self._step)

    def set_frame_rate_cap(self, fps: int | None) -> None:
        """Frames per second to aim for; None draws as fast as the machine allows."""
        self._timer.setInterval(0 if fps is None else max(1, 1000 // fps))

    def event(self, event: QEvent) -> bool:
        """Two-finger touches: pinch to zoom, move together to turn (one finger is the
        mouse the engine already reads)."""
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            # screen positions: the gesture needs only distances and moves
            points = [(p.globalPosition().x(), p.globalPosition().y()) for p in event.points()]
            if kind == QEvent.Type.TouchEnd:
                self._fingers.end()
            else:
                step = self._fingers.update(points)
                if step is not None:
                    if step.scale != 1.0:
                        self.pinched.emit(step.scale)
                    if step.moved != (0.0, 0.0):
                        self.panned.emit(*step.moved)
            event.accept()
            return True
        return super().event(event)

    def paintEngine(self) -> None:  # type: ignore[override]
        return None  # Panda3D paints this widget, not Qt.

    def start(self) -> None:
        """Open the engine inside this widget and start stepping it."""
        from app.render.engine import open_embedded

        ratio = self.devicePixelRatioF()
        self.base = open_embedded(
            int(self.winId()), int(self.width() * ratio), int(self.height() * ratio)
        )
        self._timer.start()
        self.engineReady.emit()

    def on_frame(self, callback: Callable[[float], None]) -> None:
        """Call ``callback(dt)`` before every frame (animations, camera flights)."""
        self._on_frame.append(callback)

    def _step(self) -> None:
        if self.base is None:
            return
        from app.render.engine import frame_dt

        dt = frame_dt()
        for callback in self._on_frame:
            callback(dt)
        self.base.taskMgr.step()
        self.frames += 1
        self.frameDrawn.emit(self.frames)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.base is not None and self.base.win is not None:
            from app.render.engine import resize_window

            ratio = self.devicePixelRatioF()
            resize_window(self.base, int(self.width() * ratio), int(self.height() * ratio))

    def pause(self) -> None:
        """Stop stepping and drawing (the engine stays open)."""
        self._timer.stop()

    def set_cursor_hidden(self, hidden: bool) -> None:
        """Hide or show the pointer over the 3D view (Qt hides it over the rest)."""
        if self.base is not None and self.base.win is not None:
            from app.render.engine import set_cursor_hidden

            set_cursor_hidden(self.base, hidden)

    def stop(self) -> None:
        self._timer.stop()
        if self.base is not None:
            self.base.destroy()
            self.base = None
