"""Starting the desktop application for one scene."""

from __future__ import annotations

import sys
from pathlib import Path

from app.scene import SceneDocument

__all__ = ["run_app", "create_main_window"]


def create_main_window(document: SceneDocument, language: str | None,
                       size: tuple[int, int], kiosk: bool = False, screen: int = 0,
                       heartbeat: Path | None = None) -> object:
    """Make (not show) the main window; a QApplication must exist."""
    from app.shell.main_window import MainWindow

    window = MainWindow(document, language or document.scene.default_language, kiosk=kiosk,
                        screen=screen, heartbeat=heartbeat)
    window.resize(*size)
    return window


def run_app(document: SceneDocument, language: str | None = None,
            size: tuple[int, int] = (1280, 800), quit_after_frames: int | None = None,
            kiosk: bool = False, screen: int = 0, heartbeat: Path | None = None,
            edit: bool = False) -> int:
    """Open the main window on ``document`` and run the Qt event loop until it closes."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Vitrine")
    window = create_main_window(document, language, size, kiosk, screen, heartbeat)
    if quit_after_frames:
        _quit_after(window, app, quit_after_frames)
    if kiosk:
        window.kiosk.show()  # type: ignore[attr-defined]
    else:
        window.show()  # type: ignore[attr-defined]
    QTimer.singleShot(0, window.start)  # type: ignore[attr-defined]
    if edit:
        QTimer.singleShot(0, window.toggle_edit)  # type: ignore[attr-defined]
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
            if getattr(window, "kiosk", None) is not None:
                window.kiosk.allow_close = True  # type: ignore[attr-defined]
            window.close()  # type: ignore[attr-defined]
            app.quit()  # type: ignore[attr-defined]

    window.viewport.frameDrawn.connect(on_frame)  # type: ignore[attr-defined]
