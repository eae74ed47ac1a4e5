"""The notification area above the view: every problem of the visit (a model that could not
be loaded, a missing voice, a failed start), not only the last; hidden while there are none."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import printable
from app.shell.words import say

__all__ = ["NotificationArea"]

_SHOWN = 4  # lines listed before "and N more"


class NotificationArea(QWidget):
    """A strip listing problems; Details shows them all, Dismiss hides them until a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notifications")
        self.setStyleSheet(
            "#notifications { background: #fff4d6; border-bottom: 1px solid "
            "#e0c36a; } QLabel { color: #4a3b00; font-size: 13px; }"
        )
        self.problems: list[str] = []
        self.text = QLabel()
        self.text.setObjectName("notification-text")
        self.text.setWordWrap(True)
        self.language = "en"
        self.more = QPushButton(say("en", "details"))
        self.more.setCheckable(True)
        self.dismiss = QPushButton(say("en", "dismiss"))
        for button in (self.more, self.dismiss):
            button.setMinimumHeight(32)
        buttons = QVBoxLayout()
        buttons.addWidget(self.more)
        buttons.addWidget(self.dismiss)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.more.toggled.connect(lambda _on: self._refresh())
        self.dismiss.clicked.connect(self.clear)
        self.hide()

    def set_language(self, language: str) -> None:
        self.language = language
        self.more.setText(say(language, "details"))
        self.dismiss.setText(say(language, "dismiss"))
        if self.problems:
            self._refresh()

    def add(self, problem: str) -> None:
        """One more problem (shown at once)."""
        problem = printable(problem)
        if problem in self.problems:
            return
        self.problems.append(problem)
        self._refresh()
        self.show()

    def set_problems(self, problems: list[str]) -> None:
        """All problems the visit has now (after a rebuild)."""
        self.problems = []
        for problem in problems:
            self.add(problem)
        if not problems:
            self.clear()

    def clear(self) -> None:
        self.problems = []
        self.more.setChecked(False)
        self.hide()

    def _refresh(self) -> None:
        count = len(self.problems)
        shown = self.problems if self.more.isChecked() else self.problems[:_SHOWN]
        lines = [html.escape(problem) for problem in shown]
        if len(shown) < count:
            lines.append(html.escape(say(self.language, "and_more", count=count - len(shown))))
        head = f"<b>{html.escape(say(self.language, 'problems', count=count))}</b>"
        self.text.setText(head + "<br>" + "<br>".join(lines))
        self.more.setVisible(count > _SHOWN)
