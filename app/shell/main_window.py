"""The main window: the 3D viewport beside an info panel with the exhibits of the scene."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.scene import SceneDocument
from app.shell.viewport import PandaViewport

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Shows one exhibition: viewport on the left, exhibit list and card on the right."""

    def __init__(self, document: SceneDocument, language: str) -> None:
        super().__init__()
        self.document = document
        self.language = language
        self.stage: Any = None
        scene = document.scene
        self.setWindowTitle(f"{scene.title.get(language, '')} — Vitrine")
        self.viewport = PandaViewport(self)
        self.exhibit_list = QListWidget()
        self.exhibit_list.setObjectName("exhibits")
        self.card_title = QLabel()
        self.card_title.setObjectName("card-title")
        self.card_title.setWordWrap(True)
        self.card_title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.card_text = QLabel()
        self.card_text.setObjectName("card-text")
        self.card_text.setWordWrap(True)
        self.card_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addWidget(self.exhibit_list, 1)
        layout.addWidget(self.card_title)
        layout.addWidget(self.card_text, 1)
        splitter = QSplitter()
        splitter.addWidget(self.viewport)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        for exhibit in scene.exhibits:
            self.exhibit_list.addItem(exhibit.info.title.get(language, exhibit.id))
        self.exhibit_list.currentRowChanged.connect(self.show_exhibit)
        self._actions()

    def _actions(self) -> None:
        fullscreen = QAction("Full screen", self, shortcut=QKeySequence("F11"))
        fullscreen.triggered.connect(self.toggle_fullscreen)
        quit_action = QAction("Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (fullscreen, quit_action):
            self.addAction(action)

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def start(self) -> None:
        """Open the engine and build the hall (call once the window is shown)."""
        from app.render.camera import point_camera
        from app.render.stage import build_stage
        from app.scene.views import entrance_view

        self.viewport.start()
        base = self.viewport.base
        scene = self.document.scene
        self.stage = build_stage(scene, self.document.base_dir, base.render, self.language)
        point_camera(base.cam, base.camLens, entrance_view(scene), base.win)
        base.setBackgroundColor(0.9, 0.9, 0.9, 1)
        self.viewport.on_frame(self.stage.update)
        for problem in self.stage.problems:
            self.statusBar().showMessage(problem, 10_000)

    def show_exhibit(self, row: int) -> None:
        """Show the card of the exhibit at ``row`` and fly the camera to it."""
        scene = self.document.scene
        if not 0 <= row < len(scene.exhibits):
            return
        exhibit = scene.exhibits[row]
        self.card_title.setText(exhibit.info.title.get(self.language, exhibit.id))
        self.card_text.setText(exhibit.info.text.get(self.language, ""))
        if self.stage is not None:
            from app.render.camera import point_camera
            from app.scene.views import exhibit_view

            base = self.viewport.base
            view = exhibit_view(scene, exhibit, self.stage.model_heights.get(exhibit.id, 0.4))
            point_camera(base.cam, base.camLens, view, base.win)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.viewport.stop()
        super().closeEvent(event)
