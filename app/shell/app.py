"""Starting the desktop application for one scene."""

from __future__ import annotations

import sys

from app.scene import SceneDocument

__all__ = ["run_app", "create_main_window"]


def create_main_window(document: SceneDocument, language: str | None,
                       size: tuple[int, int]) -> object:
    """Make (not show) the main window; a QApplication must exist."""
    from app.shell.main_window import MainWindow

    window = MainWindow(document, language or document.scene.default_language)
    window.resize(*size)
    return window


def run_app(document: SceneDocument, language: str | None = None,
            size: tuple[int, int] = (1280, 800)) -> int:
    """Open the main window on ``document`` and run the Qt event loop until it closes."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Vitrine")
    window = create_main_window(document, language, size)
    window.show()  # type: ignore[attr-defined]
    QTimer.singleShot(0, window.start)  # type: ignore[attr-defined]
    return app.exec()
