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
            size: tuple[int, int] = (1280, 800), quit_after_frames: int | None = None) -> int:
    """Open the main window on ``document`` and run the Qt event loop until it closes."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Vitrine")
    window = create_main_window(document, language, size)
    if quit_after_frames:
        _quit_after(window, app, quit_after_frames)
    window.show()  # type: ignore[attr-defined]
    QTimer.singleShot(0, window.start)  # type: ignore[attr-defined]
    return app.exec()


def _quit_after(window: object, app: object, frames: int) -> None:
    """Report when the first frame is drawn, and close after ``frames`` frames."""
    import time

    from app.cli import STARTED

    def on_frame(count: int) -> None:
        if count == 1:
            print(f"first frame after {time.monotonic() - STARTED:.2f} s "
                  f"(at {time.time():.3f})", flush=True)
        if count >= frames:
            window.close()  # type: ignore[attr-defined]
            app.quit()  # type: ignore[attr-defined]

    window.viewport.frameDrawn.connect(on_frame)  # type: ignore[attr-defined]
