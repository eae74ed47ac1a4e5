"""Kiosk administration: a touch-friendly PIN pad and the small admin panel behind it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.kiosk.logs import tail
from app.kiosk.pin_guard import PinGuard
from app.scene.pin import verify_pin
from app.shell.panels import LANGUAGE_NAMES
from app.shell.words import say

__all__ = ["AdminPanel", "PinDialog"]

_BIG = "font-size: 26px; min-height: 64px; min-width: 88px;"


class PinDialog(QDialog):
    """Asks for the admin PIN with large buttons; ``accepted`` only for the right PIN."""

    def __init__(
        self,
        stored_hash: str | None,
        parent: QWidget | None = None,
        guard: PinGuard | None = None,
        language: str = "en",
    ) -> None:
        super().__init__(parent)
        self.words = language
        self.setWindowTitle(say(language, "admin_title"))
        self.setModal(True)
        self.stored = stored_hash
        self.guard = guard or PinGuard()
        self.attempts = 0
        self.message = QLabel(say(language, "pin_enter"))
        self.message.setObjectName("pin-message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("font-size: 20px;")
        self.entry = QLineEdit()
        self.entry.setObjectName("pin-entry")
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.setStyleSheet("font-size: 30px; min-height: 56px;")
        self.entry.returnPressed.connect(self.check)
        pad = QGridLayout()
        for index, key in enumerate("123456789C0✓"):
            button = QPushButton(key)
            button.setStyleSheet(_BIG)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self._key(k))
            pad.addWidget(button, index // 3, index % 3)
        cancel = QPushButton(say(language, "cancel"))
        cancel.setAutoDefault(False)  # Enter checks the PIN; it never cancels
        cancel.setStyleSheet(_BIG)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.entry)
        layout.addLayout(pad)
        layout.addWidget(cancel)

    def _key(self, key: str) -> None:
        if key == "C":
            self.entry.clear()
        elif key == "✓":
            self.check()
        else:
            self.entry.setText(self.entry.text() + key)

    def check(self) -> None:
        pin = self.entry.text()
        self.entry.clear()
        wait = self.guard.wait_left()
        if wait > 0:
            self.message.setText(say(self.words, "pin_wait", wait=f"{wait:.0f}"))
            return
        if self.stored is not None and verify_pin(pin, self.stored):
            self.guard.succeeded()
            self.accept()
            return
        self.attempts += 1
        if self.stored is None:
            self.message.setText(say(self.words, "pin_none"))
        else:
            wait = self.guard.failed()
            self.message.setText(
                say(self.words, "pin_wrong_wait", wait=f"{wait:.0f}")
                if wait
                else say(self.words, "pin_wrong")
            )
        if self.attempts >= 5:
            self.reject()


class AdminPanel(QDialog):
    """Exit, reload, volume, default language, picture quality and the log."""

    EXIT, RELOAD = 10, 11

    def __init__(
        self,
        languages: list[str],
        language: str,
        volume: float,
        log_file: Path | None,
        parent: QWidget | None = None,
        quality: str | None = None,
        tier: str = "low",
        words: str = "en",
    ) -> None:
        """``language`` is the kiosk's default language (to change); ``words`` the language
        the panel speaks (the visitor's)."""
        super().__init__(parent)
        self.setWindowTitle(say(words, "admin_panel"))
        self.exit_button = QPushButton(say(words, "exit_app"))
        self.reload_button = QPushButton(say(words, "reload"))
        for button in (self.exit_button, self.reload_button):
            button.setStyleSheet(_BIG)
        self.exit_button.clicked.connect(lambda: self.done(self.EXIT))
        self.reload_button.clicked.connect(lambda: self.done(self.RELOAD))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(int(volume * 100))
        self.language = QComboBox()
        for code in languages:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(languages.index(language))
        self.quality = QComboBox()
        self.quality.setObjectName("quality")
        self.quality.addItem(say(words, "auto_quality", tier=tier), "auto")
        for name in ("low", "medium", "high"):
            self.quality.addItem(say(words, f"q_{name}"), name)
        self.quality.setCurrentIndex(max(0, self.quality.findData(quality or "auto")))
        self.log = QPlainTextEdit(tail(log_file) if log_file else "")
        self.log.setReadOnly(True)
        close = QPushButton(say(words, "back_to_show"))
        close.setStyleSheet(_BIG)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(QLabel(say(words, "volume")))
        row.addWidget(self.volume, 1)
        row.addWidget(QLabel(say(words, "default_language")))
        row.addWidget(self.language)
        row.addWidget(QLabel(say(words, "picture")))
        row.addWidget(self.quality)
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.exit_button)
        buttons.addWidget(self.reload_button)
        layout.addLayout(buttons)
        layout.addLayout(row)
        layout.addWidget(self.log, 1)
        layout.addWidget(close)
        self.resize(760, 560)
