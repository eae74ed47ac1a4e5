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

__all__ = ["AdminPanel", "PinDialog"]

_BIG = "font-size: 26px; min-height: 64px; min-width: 88px;"


class PinDialog(QDialog):
    """Asks for the admin PIN with large buttons; ``accepted`` only for the right PIN."""

    def __init__(
        self, stored_hash: str | None, parent: QWidget | None = None, guard: PinGuard | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Administrator")
        self.setModal(True)
        self.stored = stored_hash
        self.guard = guard or PinGuard()
        self.attempts = 0
        self.message = QLabel("Enter the admin PIN")
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
        cancel = QPushButton("Cancel")
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
            self.message.setText(f"Too many wrong PINs: wait {wait:.0f} s")
            return
        if self.stored is not None and verify_pin(pin, self.stored):
            self.guard.succeeded()
            self.accept()
            return
        self.attempts += 1
        if self.stored is None:
            self.message.setText("No admin PIN is set for this kiosk")
        else:
            wait = self.guard.failed()
            self.message.setText("Wrong PIN" + (f": wait {wait:.0f} s" if wait else ""))
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
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kiosk administration")
        self.exit_button = QPushButton("Exit Vitrine")
        self.reload_button = QPushButton("Reload scene")
        for button in (self.exit_button, self.reload_button):
            button.setStyleSheet(_BIG)
        self.exit_button.clicked.connect(lambda: self.done(self.EXIT))
        self.reload_button.clicked.connect(lambda: self.done(self.RELOAD))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(int(volume * 100))
        self.language = QComboBox()
        for code in languages:
            self.language.addItem(code, code)
        self.language.setCurrentIndex(languages.index(language))
        self.quality = QComboBox()
        self.quality.setObjectName("quality")
        self.quality.addItem(f"Automatic ({tier} here)", "auto")
        for name, text in (("low", "Low: baked light"), ("medium", "Medium: live shadows"),
                           ("high", "High: sharp live shadows")):  # fmt: skip
            self.quality.addItem(text, name)
        self.quality.setCurrentIndex(max(0, self.quality.findData(quality or "auto")))
        self.log = QPlainTextEdit(tail(log_file) if log_file else "")
        self.log.setReadOnly(True)
        close = QPushButton("Back to the exhibition")
        close.setStyleSheet(_BIG)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(QLabel("Volume"))
        row.addWidget(self.volume, 1)
        row.addWidget(QLabel("Default language"))
        row.addWidget(self.language)
        row.addWidget(QLabel("Picture quality"))
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
