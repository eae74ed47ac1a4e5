"""Runs the real main window on the test's X display and answers questions about it.

test_window.py starts this in a child process (one Panda3D engine per process), drives the
window with real X input (xdotool), and asks over stdin: ``state`` (JSON), ``shot PATH``
(screenshot of the screen), ``microphone WAV`` (the talk button records that file instead of
a sound card), ``quit``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton, QWidget

from app.scene import load_scene
from app.shell.app import create_main_window
from app.shell.main_window import MainWindow


class _RecordedMicrophone:
    """A microphone that "hears" a WAV file (tests have no sound card)."""

    def __init__(self, wav: Path) -> None:
        from guide.listen_sphinx import resample
        from guide.wav import read_wav

        samples, rate = read_wav(wav)
        self.samples = resample(samples, rate)
        self.recording = False

    def start(self) -> None:
        self.recording = True

    def stop(self):  # type: ignore[no-untyped-def]
        self.recording = False
        return self.samples


def _state(w: MainWindow, app: QApplication) -> dict[str, object]:
    from PySide6.QtCore import Qt

    viewport = w.viewport
    origin = viewport.mapToGlobal(viewport.rect().topLeft())
    visit = w.visit
    assert visit is not None, "the visit did not start"
    state = visit.state
    pixels = {}
    for exhibit in visit.document.scene.exhibits:
        pixel = visit.to_pixel(visit.exhibit_centre(exhibit.id))
        if pixel is not None:
            pixels[exhibit.id] = [origin.x() + pixel[0], origin.y() + pixel[1]]
    modal = app.activeModalWidget()
    message = modal.findChild(QLabel, "pin-message") if modal is not None else None
    focus = app.focusWidget()

    def centre(widget: QWidget) -> list[int]:
        point = widget.mapToGlobal(widget.rect().center())
        return [point.x(), point.y()]

    chips = w.ask.findChildren(QPushButton, "suggested-question")
    return {
        "ask_box": centre(w.ask.box),
        "talk_button": centre(w.ask.talk) if w.ask.talk.isVisible() else None,
        "voice_note": w.ask.voice_note.text() if w.ask.voice_note.isVisible() else "",
        "suggestions": {chip.text(): centre(chip) for chip in chips if chip.isVisible()},
        "frameless": bool(w.windowFlags() & Qt.WindowType.FramelessWindowHint),
        "quality": visit.quality.name,
        "tour_progress": w.tour_bar.progress.text(),
        "collect_button": centre(w.collect_panel.button)
        if w.collect_panel.button.isVisible() and w.collect_panel.button.isEnabled()
        else None,
        "collect_note": w.collect_panel.note.text() if w.collect_panel.isVisible() else None,
        "collect_name": centre(w.collect_panel.name) if w.collect_panel.name.isVisible() else None,
        "my_collection": [
            w.collect_panel.list.item(i).text() for i in range(w.collect_panel.list.count())
        ],
        "visible": w.isVisible(),
        "modal": modal.objectName() or type(modal).__name__ if modal is not None else None,
        "modal_message": message.text() if message is not None else None,
        "focus": focus.objectName() if focus is not None else None,
        "kiosk_mode": state.kiosk,
        "banner": w.banner.text() if w.banner.isVisible() else None,
        "notifications": list(w.notifications.problems) if w.notifications.isVisible() else [],
        "kettle_at": next(
            (list(e.position) for e in visit.document.scene.exhibits if e.id == "kettle"), None
        ),
        "editing": state.editing,
        "edit_status": w.edit.panel.status.text() if w.edit is not None else None,
        "viewport": [origin.x(), origin.y(), viewport.width(), viewport.height()],
        "frames": viewport.frames,
        "selected": state.selected,
        "card_title": w.info.title.text(),
        "card_open": w.info.card.isVisible(),
        "card_chips": w.info.chip_texts(),
        "card_picture": w.info.has_picture(state.selected or ""),
        "card_buttons": {
            b.objectName(): centre(b)
            for b in (w.info.stop_here, w.info.ask_about, w.info.close_card)
            if b.isVisible()
        },
        "exhibit_list": [w.info.list.item(i).text() for i in range(w.info.list.count())]
        if w.info.overview.isVisible()
        else [],
        "header_title": w.header.title.text(),
        "language_button": centre(w.header.language_button),
        "language_label": w.header.language_button.text(),
        "settings_button": centre(w.header.settings),
        "play_label": w.tour_bar.play.text(),
        "map": _map(w) if w.map.isVisible() else None,
        "captions_visible": w.subtitles.isVisible(),
        "caption_px": w.subtitles.size_name,
        "caption_below_view": w.subtitles.y() > viewport.y(),
        "welcome": [t.text() for t in w.welcome.tips]
        if w.welcome is not None and w.welcome.isVisible()
        else None,
        "preferences": dataclasses.asdict(state.preferences),
        "small_controls": _small_controls(w),
        "card_text": w.info.text.text(),
        "mode": state.camera,
        "position": list(state.position),
        "heading": state.heading,
        "director": state.director,
        "subtitle": w.subtitles.text(),
        "language": state.language,
        "title": w.windowTitle(),
        "exhibits": pixels,
        "fullscreen": w.isFullScreen(),
    }


def _map(w: MainWindow) -> dict[str, object]:
    """The hall map: where it is, its visitor and guide, each plinth's pixel on screen."""
    visit = w.visit
    assert visit is not None
    plinths = {}
    for exhibit in visit.document.scene.exhibits:
        point = w.map.mapToGlobal(w.map.to_widget(*exhibit.position).toPoint())
        plinths[exhibit.id] = [point.x(), point.y()]
    corner = w.map.mapToGlobal(w.map.rect().topLeft())
    return {
        "rect": [corner.x(), corner.y(), w.map.width(), w.map.height()],
        "visitor": list(w.map.visitor) if w.map.visitor else None,
        "guide": list(w.map.guide) if w.map.guide else None,
        "plinths": plinths,
    }


def _small_controls(w: MainWindow) -> list[str]:
    """Visible buttons, fields and boxes smaller than 44 x 44 pixels (touch targets)."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    small = []
    for kind in (QAbstractButton, QComboBox, QLineEdit):
        for widget in w.findChildren(kind):
            if widget.isVisible() and (widget.width() < 44 or widget.height() < 44):
                name = widget.objectName() or getattr(widget, "text", lambda: "")()
                small.append(f"{type(widget).__name__}:{name} {widget.width()}x{widget.height()}")
    return small


def main() -> None:
    scene_path = Path(sys.argv[1])
    kiosk = "--kiosk" in sys.argv
    language = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    size = sys.argv[sys.argv.index("--size") + 1] if "--size" in sys.argv else "1280x760"
    width, height = (int(v) for v in size.split("x"))
    app = QApplication(sys.argv[:1])
    window = create_main_window(load_scene(scene_path), language, (width, height), kiosk=kiosk,
                                welcome="--welcome" in sys.argv)  # fmt: skip
    if window.kiosk is not None:
        window.kiosk.show()
    else:
        window.show()
    window.start()

    def answer(payload: dict[str, object]) -> None:
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
        elif command == "microphone":
            window.talk.voice.recorder = _RecordedMicrophone(Path(argument))
            answer({"microphone": argument})
        elif command == "close":
            window.close()
            answer({"closed": not window.isVisible()})
        elif command == "admin":
            assert window.kiosk is not None
            QTimer.singleShot(0, window.kiosk.open_admin)
            answer({"admin": True})
        elif command == "pick":  # pick COMBO DATA: choose an entry of a modal's combo box
            name, _, data = argument.partition(" ")
            modal = app.activeModalWidget()
            combo = modal.findChild(QComboBox, name) if modal is not None else None
            index = combo.findData(data) if combo is not None else -1
            if combo is not None and index >= 0:
                combo.setCurrentIndex(index)
            answer({"picked": index >= 0})
        elif command == "press":  # press NAME: click a visible button of the window by name
            found = [b for b in window.findChildren(QPushButton, argument) if b.isVisible()]
            if found:
                QTimer.singleShot(0, found[0].click)
            answer({"pressed": bool(found)})
        elif command == "prefs":  # prefs JSON: the visitor's settings, as the sheet sets them
            from app.visit import VisitorPreferences

            values = json.loads(argument)
            window._preferences_chosen(VisitorPreferences(**values), False)
            answer({"prefs": values})
        elif command == "settings":
            window.open_settings()
            answer({"settings": True})
        elif command == "click":
            modal = app.activeModalWidget()
            buttons = modal.findChildren(QPushButton) if modal is not None else []
            button = next((b for b in buttons if b.text() == argument), None)
            if button is not None:
                QTimer.singleShot(0, button.click)
            answer({"clicked": button is not None})
        elif command == "quit":
            if window.kiosk is not None:
                window.kiosk.allow_close = True
            window.close()
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_input)

    def ready() -> None:
        if window.viewport.frames < 10:
            QTimer.singleShot(100, ready)
            return
        answer({"ready": True, **_state(window, app)})

    QTimer.singleShot(100, ready)
    app.exec()
    os._exit(0)


if __name__ == "__main__":
    main()
