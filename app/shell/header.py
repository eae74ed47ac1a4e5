"""The bar above the 3D view: the exhibition's title, how many exhibits have arrived while a
hall loads, and the visitor's buttons: language, settings, help, more, full screen."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.scene import Scene, in_language
from app.shell.panels import LANGUAGE_NAMES
from app.shell.words import say

__all__ = ["HeaderBar"]


class HeaderBar(QWidget):
    def __init__(self, scene: Scene, language: str) -> None:
        super().__init__()
        self.setObjectName("header-bar")
        self.scene = scene
        self.language = language
        self.title = QLabel()
        self.title.setObjectName("hall-title")
        self.loading = QProgressBar()
        self.loading.setObjectName("loading")
        self.loading.setTextVisible(True)
        self.loading.setMaximumWidth(320)
        self.loading.hide()
        self.language_button = QPushButton()
        self.language_button.setObjectName("language-button")
        self.settings = QPushButton()
        self.settings.setObjectName("settings-button")
        self.help = QPushButton()
        self.help.setObjectName("help-button")
        self.more = QPushButton()
        self.more.setObjectName("more-button")
        self.menu = QMenu(self)
        self.stereo = QAction(self.menu)
        self.stereo.setCheckable(True)
        self.auto = QAction(self.menu)
        self.auto.setCheckable(True)
        self.auto.setChecked(scene.tour.auto_advance if scene.tour else True)
        self.edit = QAction(self.menu)
        self.edit.setCheckable(True)
        for action in (self.auto, self.stereo, self.edit):
            self.menu.addAction(action)
        self.more.setMenu(self.menu)
        self.fullscreen = QPushButton()
        self.set_icon_colour("#22201d")
        self.fullscreen.setObjectName("fullscreen-button")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 10, 6)
        layout.setSpacing(8)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.loading)
        for button in (self.language_button, self.settings, self.help, self.more,
                       self.fullscreen):  # fmt: skip
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            layout.addWidget(button)
        self.set_language(language)

    def set_icon_colour(self, colour: str) -> None:
        """Draw the full-screen icon (four corners) in the theme's text colour: the style's
        own icon is dark on a dark theme, and few fonts have a full-screen glyph."""
        size = 20
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colour), 2.2))
        a, b, arm = 2.0, size - 2.0, 5.0
        for x, y, dx, dy in ((a, a, 1, 1), (b, a, -1, 1), (a, b, 1, -1), (b, b, -1, -1)):
            painter.drawLine(QPointF(x, y), QPointF(x + dx * arm, y))
            painter.drawLine(QPointF(x, y), QPointF(x, y + dy * arm))
        painter.end()
        self.fullscreen.setIcon(QIcon(pixmap))
        self.fullscreen.setIconSize(QSize(size, size))

    def set_scene(self, scene: Scene) -> None:
        self.scene = scene
        self.set_language(self.language)

    def set_language(self, language: str) -> None:
        self.language = language
        self.title.setText(in_language(self.scene.title, language))
        others = [code for code in self.scene.languages if code != language]
        self.language_button.setVisible(bool(others))
        if others:
            # the button names the language it switches to, in that language
            self.language_button.setText(LANGUAGE_NAMES.get(others[0], others[0]))
            self.language_button.setToolTip(say(others[0], "language_tip"))
        for button, key in ((self.settings, "settings"), (self.help, "help"),
                            (self.more, "more")):  # fmt: skip
            button.setText(say(language, key))
            button.setToolTip(say(language, f"{key}_tip"))
            button.setAccessibleName(say(language, f"{key}_tip"))
        self.fullscreen.setToolTip(say(language, "fullscreen_tip"))
        self.stereo.setText(say(language, "vr"))
        self.auto.setText(say(language, "auto"))
        self.edit.setText(say(language, "edit"))

    def show_loading(self, loading: tuple[int, int] | None) -> None:
        """A progress bar while a hall's models arrive; gone when all are in."""
        if loading is None or loading[0] >= loading[1]:
            self.loading.hide()
            return
        done, total = loading
        self.loading.setRange(0, total)
        self.loading.setValue(done)
        self.loading.setFormat(say(self.language, "loading", done=done, total=total))
        self.loading.show()
