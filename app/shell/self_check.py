"""The visitor window's part of ``vitrine --self-test`` (Qt stays inside app.shell)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["check_visitor_window"]


def check_visitor_window(scene: Path) -> str:
    """The visitor's window is made (Qt, offscreen) in both languages: its style sheet, the
    hall map drawn with its plinths, an exhibit's card, the settings sheet."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from app.scene import load_scene
    from app.shell.main_window import MainWindow
    from app.shell.visitor_settings import VisitorSettings
    from app.shell.words import TEXT
    from app.visit import VisitorPreferences

    if set(TEXT["en"]) != set(TEXT["zh"]):
        return "window texts WRONG: the languages differ in " + ", ".join(
            sorted(set(TEXT["en"]) ^ set(TEXT["zh"]))
        )
    app = QApplication.instance() or QApplication([])
    document = load_scene(scene)
    shown = []
    for language in ("en", "zh"):
        window = MainWindow(document, language, welcome=False)
        window.resize(1280, 800)
        window.map.resize(340, window.map.heightForWidth(340))
        image = QImage(window.map.size(), QImage.Format.Format_RGB32)
        window.map.render(image)
        colours = {image.pixel(x, y) for x in range(0, image.width(), 4)
                   for y in range(0, image.height(), 4)}  # fmt: skip
        window.info.show_exhibit(document.scene.exhibits[0].id)
        title = document.scene.exhibits[0].info.title[language]
        settings = VisitorSettings(VisitorPreferences(), False, 1.0, language, window)
        if len(colours) < 4 or window.info.title.text() != title or not window.styleSheet():
            return f"visitor window WRONG in {language} (map colours {len(colours)})"
        shown.append(f"{language} ({window.header.title.text()}, {settings.windowTitle()})")
        settings.deleteLater()
        window.deleteLater()
    app.processEvents()
    return "visitor window " + ", ".join(shown)
