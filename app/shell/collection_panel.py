"""Collecting in the window: "Collect" for the exhibit on the card, "My collection" for the
visit, and the handover of a copy (its poster with the QR code on screen, saved to a USB
stick)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.collection import Claim
from app.collection.issuing import MAX_HOLDER
from app.visit.collecting import Collectable, VisitCollection

__all__ = ["CollectionPanel", "HandoverDialog", "removable_drives"]

log = logging.getLogger(__name__)

_TEXT = {
    "collect": {"en": "Collect", "zh": "收藏"},
    "name": {"en": "Your name on it (optional)", "zh": "署名（可不填）"},
    "mine": {"en": "My collection", "zh": "我的收藏"},
    "left": {"en": "{left} of {edition} copies left", "zh": "限量 {edition} 份，余 {left} 份"},
    "save": {"en": "Save to USB stick", "zh": "保存到U盘"},
    "close": {"en": "Done", "zh": "完成"},
    "no_usb": {"en": "Insert a USB stick, then try again.", "zh": "请插入U盘后再试。"},
    "saved": {"en": "Saved to {where}", "zh": "已保存到 {where}"},
    "scan": {"en": "Scan the code to keep the certificate.", "zh": "扫码保存证书。"},
    "no-key": {
        "en": "Collecting is not set up for this exhibition yet.",
        "zh": "本展览尚未开放收藏。",
    },
    "not-here": {"en": "Collecting is not set up on this computer.", "zh": "本机暂不能收藏。"},
    "sold-out": {
        "en": "All {edition} copies have been collected.",
        "zh": "{edition} 份已全部被收藏。",
    },
}


def _t(key: str, language: str, **values: object) -> str:
    table = _TEXT[key]
    return table.get(language, table["en"]).format(**values)


def removable_drives() -> list[Path]:
    """Mounted USB sticks and other removable drives (Linux desktop mounts);
    ``VITRINE_TAKE_HOME_DIR`` names one instead (a kiosk's fixed port, tests)."""
    import os

    chosen = os.environ.get("VITRINE_TAKE_HOME_DIR")
    if chosen:
        return [Path(chosen)]
    found = []
    for root in (Path("/media"), Path("/run/media")):
        if root.is_dir():
            for user in sorted(root.iterdir()):
                if user.is_dir():
                    found += [
                        d for d in sorted(user.iterdir()) if d.is_dir() and not d.is_symlink()
                    ]
    return found


class CollectionPanel(QWidget):
    """The Collect button (with how many copies are left, or why it cannot be had) and the
    visit's collection; hidden when the exhibition has nothing to collect."""

    collectRequested = Signal(str)
    copyChosen = Signal(int)

    def __init__(
        self, collection: VisitCollection | None, language: str, typing: bool = True
    ) -> None:
        super().__init__()
        self.language = language
        self.typing = typing  # a keyboard to type a name with (kiosks have none)
        self.exhibit_id: str | None = None
        self.button = QPushButton()
        self.button.setObjectName("collect-button")
        self.button.setMinimumHeight(44)
        self.name = QLineEdit()
        self.name.setObjectName("collect-name")
        self.name.setMaxLength(MAX_HOLDER)
        self.name.setMinimumHeight(44)
        self.note = QLabel()
        self.note.setObjectName("collect-note")
        self.note.setWordWrap(True)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600; margin-top: 6px;")
        self.list = QListWidget()
        self.list.setObjectName("my-collection")
        self.list.setMaximumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.note, 1)
        layout.addLayout(row)
        layout.addWidget(self.name)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.button.clicked.connect(
            lambda: self.collectRequested.emit(self.exhibit_id) if self.exhibit_id else None
        )
        self.list.itemClicked.connect(
            lambda item: self.copyChosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.refresh(collection, None)

    def refresh(self, collection: VisitCollection | None, exhibit_id: str | None) -> None:
        self.exhibit_id = exhibit_id
        scene = collection.document.scene if collection else None
        has_any = scene is not None and any(e.collectible for e in scene.exhibits)
        self.setVisible(bool(has_any))
        if collection is None or not has_any:
            return
        status = collection.status(exhibit_id) if exhibit_id else None
        block = scene.exhibit(exhibit_id).collectible if scene and exhibit_id else None
        self.button.setText(_t("collect", self.language))
        self.button.setVisible(block is not None)
        self.note.setVisible(block is not None)
        self.name.setPlaceholderText(_t("name", self.language))
        self.name.setVisible(block is not None and self.typing)
        if isinstance(status, Collectable):
            self.button.setEnabled(True)
            self.note.setText(_t("left", self.language, left=status.left, edition=status.edition))
        elif status is not None:
            self.button.setEnabled(False)
            edition = block.edition if block is not None else 0
            known = status.kind in _TEXT
            self.note.setText(_t(status.kind, self.language, edition=edition) if known
                              else status.reason)  # fmt: skip
        self.heading.setText(_t("mine", self.language))
        self.heading.setVisible(bool(collection.taken))
        self.list.setVisible(bool(collection.taken))
        if self.list.count() != len(collection.taken):
            self.list.clear()
            for claim in collection.taken:
                cert = claim.signed.certificate
                item = QListWidgetItem(f"{cert.title}  {cert.number}")
                item.setData(Qt.ItemDataRole.UserRole, claim.row)
                self.list.addItem(item)


class HandoverDialog(QDialog):
    """One collected copy: its poster (the QR code carries the signed certificate) and
    saving it with its package to a USB stick."""

    def __init__(
        self, collection: VisitCollection, claim: Claim, language: str, kiosk: bool,
        font: Path | None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("handover")
        self.collection, self.claim, self.kiosk, self.font_file = collection, claim, kiosk, font
        self.language = language
        cert = claim.signed.certificate
        self.setWindowTitle(f"{cert.title} {cert.number}")
        image = QImage.fromData(collection.poster_png(claim, font))
        poster = QLabel()
        poster.setObjectName("poster")
        poster.setPixmap(QPixmap.fromImage(image).scaledToHeight(
            620, Qt.TransformationMode.SmoothTransformation))  # fmt: skip
        self.message = QLabel(_t("scan", language))
        self.message.setObjectName("handover-message")
        self.message.setWordWrap(True)
        save = QPushButton(_t("save", language))
        save.setObjectName("save-usb")
        done = QPushButton(_t("close", language))
        for button in (save, done):
            button.setMinimumHeight(44)
        save.clicked.connect(self.save)
        done.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(poster, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(done)
        layout.addLayout(row)

    def save(self) -> None:
        from app.collection import CollectionError

        folder = self._folder()
        if folder is None:
            return
        try:
            written = self.collection.take_home(self.claim, folder, self.font_file)
        except CollectionError as exc:
            self.message.setText(str(exc))
            return
        log.info("collectible saved: %s", ", ".join(p.name for p in written))
        self.message.setText(_t("saved", self.language, where=folder))

    def _folder(self) -> Path | None:
        drives = removable_drives()
        if drives:
            return drives[0]
        if self.kiosk:
            self.message.setText(_t("no_usb", self.language))
            return None
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(self, _t("save", self.language))
        return Path(chosen) if chosen else None
