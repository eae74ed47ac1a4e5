"""Runs the real main window on the test's X display and answers questions about it.

test_window.py starts this in a child process (one Panda3D engine per process), drives the
window with real X input (xdotool), and asks over stdin: ``state`` (JSON), ``shot PATH``
(screenshot of the screen), ``quit``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from app.render.capture import project_to_pixel
from app.scene import load_scene
from app.shell.app import create_main_window


def _state(window: object, app: QApplication) -> dict:
    w: object = window
    viewport = w.viewport  # type: ignore[attr-defined]
    origin = viewport.mapToGlobal(viewport.rect().topLeft())
    base = viewport.base
    pixels = {}
    for exhibit in w.document.scene.exhibits:  # type: ignore[attr-defined]
        node = w.stage.exhibits[exhibit.id]  # type: ignore[attr-defined]
        top = exhibit.plinth.height if exhibit.plinth else 0.0
        pixel = project_to_pixel(base, (*exhibit.position, top + node.height * 0.5))
        if pixel is not None:
            pixels[exhibit.id] = [origin.x() + pixel[0], origin.y() + pixel[1]]
    rig = w.visit.rig  # type: ignore[attr-defined]
    director = w.director  # type: ignore[attr-defined]
    from PySide6.QtCore import Qt

    modal = app.activeModalWidget()
    kiosk = getattr(w, "kiosk", None)
    return {
        "frameless": bool(w.windowFlags() & Qt.WindowType.FramelessWindowHint),  # type: ignore[attr-defined]
        "visible": w.isVisible(),  # type: ignore[attr-defined]
        "modal": modal.objectName() or type(modal).__name__ if modal is not None else None,
        "modal_message": (modal.findChild(object, "pin-message").text()
                          if modal is not None and modal.findChild(object, "pin-message") else None),
        "kiosk_mode": kiosk.session.mode if kiosk is not None and kiosk.session else None,
        "banner": w.banner.text() if w.banner.isVisible() else None,  # type: ignore[attr-defined]
        "kettle_at": list(w.document.scene.exhibit("kettle").position),  # type: ignore[attr-defined]
        "editing": bool(w.edit is not None and w.edit.active),  # type: ignore[attr-defined]
        "edit_status": w.edit.panel.status.text() if w.edit is not None else None,  # type: ignore[attr-defined]
        "viewport": [origin.x(), origin.y(), viewport.width(), viewport.height()],
        "frames": viewport.frames,
        "selected": w.visit.selected,  # type: ignore[attr-defined]
        "card_title": w.info.title.text(),  # type: ignore[attr-defined]
        "card_text": w.info.text.text(),  # type: ignore[attr-defined]
        "mode": rig.mode,
        "position": list(rig.position),
        "heading": rig.heading,
        "director": director.state,
        "subtitle": w.subtitles.text(),  # type: ignore[attr-defined]
        "language": w.language,  # type: ignore[attr-defined]
        "title": w.windowTitle(),  # type: ignore[attr-defined]
        "exhibits": pixels,
        "fullscreen": w.isFullScreen(),  # type: ignore[attr-defined]
    }


def main() -> None:
    scene_path = Path(sys.argv[1])
    kiosk = "--kiosk" in sys.argv
    app = QApplication(sys.argv[:1])
    window = create_main_window(load_scene(scene_path), "en", (1280, 760), kiosk=kiosk)
    if kiosk:
        window.kiosk.show()  # type: ignore[attr-defined]
    else:
        window.show()  # type: ignore[attr-defined]
    window.start()  # type: ignore[attr-defined]

    def answer(payload: dict) -> None:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def on_input() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        command, _, argument = line.strip().partition(" ")
        if command == "state":
            answer(_state(window, app))
        elif command == "shot":
            app.primaryScreen().grabWindow(0).save(argument)
            answer({"saved": argument})
        elif command == "close":
            window.close()  # type: ignore[attr-defined]
            answer({"closed": not window.isVisible()})  # type: ignore[attr-defined]
        elif command == "admin":
            QTimer.singleShot(0, window.kiosk.open_admin)  # type: ignore[attr-defined]
            answer({"admin": True})
        elif command == "click":
            modal = app.activeModalWidget()
            button = next((b for b in modal.findChildren(QPushButton) if b.text() == argument), None)
            if button is not None:
                QTimer.singleShot(0, button.click)
            answer({"clicked": button is not None})
        elif command == "quit":
            if getattr(window, "kiosk", None) is not None:
                window.kiosk.allow_close = True  # type: ignore[attr-defined]
            window.close()  # type: ignore[attr-defined]
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_input)

    def ready() -> None:
        if window.viewport.frames < 10:  # type: ignore[attr-defined]
            QTimer.singleShot(100, ready)
            return
        answer({"ready": True, **_state(window, app)})

    QTimer.singleShot(100, ready)
    app.exec()
    os._exit(0)


if __name__ == "__main__":
    main()
