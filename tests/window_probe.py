"""Run the real main window on the test's X display, act on it, and report what it showed.

Used by test_window.py in a child process (one Panda3D engine per process); prints JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.scene import load_scene
from app.shell.app import create_main_window


def _wait_frames(window: object, count: int) -> None:
    loop = QEventLoop()
    target = window.viewport.frames + count  # type: ignore[attr-defined]

    def check(frame: int) -> None:
        if frame >= target:
            loop.quit()

    window.viewport.frameDrawn.connect(check)  # type: ignore[attr-defined]
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    window.viewport.frameDrawn.disconnect(check)  # type: ignore[attr-defined]


def main() -> None:
    scene_path, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    window = create_main_window(load_scene(scene_path), "en", (1200, 700))
    window.show()  # type: ignore[attr-defined]
    window.start()  # type: ignore[attr-defined]
    _wait_frames(window, 5)
    geometry = window.viewport.geometry()  # type: ignore[attr-defined]
    origin = window.viewport.mapToGlobal(geometry.topLeft() - geometry.topLeft())  # type: ignore[attr-defined]
    screen = app.primaryScreen()
    screen.grabWindow(0).save(str(out_dir / "entrance.png"))
    window.exhibit_list.setCurrentRow(0)  # type: ignore[attr-defined]
    _wait_frames(window, 5)
    screen.grabWindow(0).save(str(out_dir / "kettle.png"))
    report = {
        "viewport": [origin.x(), origin.y(), geometry.width(), geometry.height()],
        "title": window.windowTitle(),  # type: ignore[attr-defined]
        "exhibits": window.exhibit_list.count(),  # type: ignore[attr-defined]
        "card_title": window.card_title.text(),  # type: ignore[attr-defined]
        "card_text": window.card_text.text(),  # type: ignore[attr-defined]
        "frames": window.viewport.frames,  # type: ignore[attr-defined]
    }
    window.close()  # type: ignore[attr-defined]
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
