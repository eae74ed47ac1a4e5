"""The first-run guide over the 3D view: how to walk, look closer, ask and take the tour. A
desktop shows it once (a marker in the user's config folder); a kiosk shows it to every new
visitor. It goes with "Got it", once the visitor starts exploring, or after a while."""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.shell.words import say

__all__ = ["WelcomeCard", "seen_marker"]

SHOWN_SECONDS = 25


def seen_marker() -> Path:
    from app.paths import config_root

    return config_root() / "welcome-seen"


class WelcomeCard(QFrame):
    """A frameless card that floats over the view (the view is a native window: a card in
    the window's own layout would be drawn under it)."""

    dismissed = Signal()

    def __init__(
        self, parent: QWidget, hall: str, guide: str, language: str, touch: bool = False
    ) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("welcome")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(26, 22, 26, 20)
        layout.setSpacing(10)
        hall, guide = html.escape(hall), html.escape(guide)
        self.title = QLabel(say(language, "welcome_title", hall=hall))
        self.title.setObjectName("card-title")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.tips: list[QLabel] = []
        walk = "welcome_walk_touch" if touch else "welcome_walk"  # a kiosk has no keyboard
        for key in (walk, "welcome_look", "welcome_ask", "welcome_tour"):
            tip = QLabel(say(language, key, guide=guide))
            tip.setObjectName("welcome-tip")
            tip.setWordWrap(True)
            layout.addWidget(tip)
            self.tips.append(tip)
        self.ok = QPushButton(say(language, "got_it"))
        self.ok.setObjectName("welcome-ok")
        layout.addWidget(self.ok, 0, Qt.AlignmentFlag.AlignRight)
        self.ok.clicked.connect(self.dismiss)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self._shown_at = time.monotonic()

    def show_over(self, view: QWidget) -> None:
        """Centre the card over ``view`` and show it for a while."""
        width = min(620, max(360, view.width() - 80))
        self.setFixedWidth(width)
        layout = self.layout()
        assert layout is not None
        layout.activate()
        self.setFixedHeight(layout.totalHeightForWidth(width))
        centre = view.mapToGlobal(view.rect().center())
        self.move(centre - QPoint(self.width() // 2, self.height() // 2))
        self.show()
        self.raise_()
        self._timer.start(SHOWN_SECONDS * 1000)
        self._shown_at = time.monotonic()

    def shown_for(self) -> float:
        """Seconds since it appeared."""
        return time.monotonic() - self._shown_at

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()
