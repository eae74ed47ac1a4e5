"""Starting the desktop application for one scene."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.scene import SceneDocument
from app.shell.main_window import MainWindow

__all__ = ["create_main_window", "run_app"]


def create_main_window(
    document: SceneDocument,
    language: str | None,
    size: tuple[int, int],
    kiosk: bool = False,
    screen: int = 0,
    heartbeat: Path | None = None,
    quality: str | None = None,
    welcome: bool = True,
) -> MainWindow:
    """Make (not show) the main window; a QApplication must exist. ``welcome``: show how to
    get around (once on a desktop, to each new visitor on a kiosk)."""
    window = MainWindow(
        document,
        language or document.scene.default_language,
        kiosk=kiosk,
        screen=screen,
        heartbeat=heartbeat,
        quality=quality,
        welcome=welcome,
    )
    window.resize(*size)
    return window


def run_app(
    document: SceneDocument,
    language: str | None = None,
    size: tuple[int, int] = (1280, 800),
    quit_after_frames: int | None = None,
    kiosk: bool = False,
    screen: int = 0,
    heartbeat: Path | None = None,
    edit: bool = False,
    started: float | None = None,
    quality: str | None = None,
) -> int:
    """Open the main window on ``document`` and run the Qt event loop until it closes;
    ``started`` is when the command began (for the first-frame report)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Vitrine")
    window = create_main_window(document, language, size, kiosk, screen, heartbeat, quality)
    if quit_after_frames:
        _quit_after(window, quit_after_frames, started or time.monotonic())
    if window.kiosk is not None:
        window.kiosk.show()
    else:
        window.show()
    QTimer.singleShot(0, window.start)
    if edit:
        QTimer.singleShot(0, window.toggle_edit)
    return app.exec()


def _quit_after(window: MainWindow, frames: int, started: float) -> None:
    """Report when the first frame is drawn, and close after ``frames`` frames."""

    def on_frame(count: int) -> None:
        if count == 1:
            print(
                f"first frame after {time.monotonic() - started:.2f} s (at {time.time():.3f})",
                flush=True,
            )
        if count >= frames:
            if window.kiosk is not None:
                window.kiosk.allow_close = True
            window.close()
            app = QApplication.instance()
            if app is not None:
                app.quit()

    window.viewport.frameDrawn.connect(on_frame)
