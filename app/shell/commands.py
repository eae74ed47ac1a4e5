"""Every action of the app, with its label and keys, for menus, buttons and both input paths.

Keys work whether Qt has the focus (panels) or the 3D view does (Panda3D's own window), so each
command lists a Qt shortcut and the Panda3D key names that trigger it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

__all__ = ["COMMANDS", "Command", "install_commands"]


@dataclass(frozen=True)
class Command:
    name: str
    label: str
    shortcuts: tuple[str, ...]
    panda_keys: tuple[str, ...]


COMMANDS = (
    Command("play_pause", "Play / pause tour", ("Space",), ("space",)),
    Command("next_stop", "Next stop", ("N", "PgDown"), ("n", "page_down")),
    Command("previous_stop", "Previous stop", ("P", "PgUp"), ("p", "page_up")),
    Command("replay", "Replay line", ("R",), ("r",)),
    Command("toggle_language", "Switch language", ("L",), ("l",)),
    Command("toggle_speech", "Speech on/off", ("M",), ("m",)),
    Command("toggle_fullscreen", "Full screen", ("F11",), ("f11",)),
    Command("toggle_stereo", "VR preview (side-by-side stereo)", ("V",), ("v",)),
    Command("toggle_auto_advance", "Auto-advance the tour", ("A",), ()),
    Command("back", "Back", ("Esc",), ("escape",)),
    Command("entrance", "Back to the entrance", ("Home",), ("home",)),
    Command("zoom_in", "Zoom in", ("+", "="), ("+", "=")),
    Command("zoom_out", "Zoom out", ("-",), ("-",)),
    Command("about", "About Vitrine", ("F1",), ("f1",)),
    Command("toggle_edit", "Edit mode", ("F2",), ("f2",)),
    Command("undo", "Undo", ("Ctrl+Z",), ("control-z",)),
    Command("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), ("control-y",)),
    Command("save", "Save the scene", ("Ctrl+S",), ("control-s",)),
    Command("quit", "Quit", ("Ctrl+Q",), ("control-q",)),
)


def install_commands(
    window: QWidget, handlers: dict[str, Callable[[], None]]
) -> dict[str, QAction]:
    """QActions with shortcuts on ``window`` for every command that has a handler."""
    actions = {}
    for command in COMMANDS:
        handler = handlers.get(command.name)
        if handler is None:
            continue
        action = QAction(command.label, window)
        action.setShortcuts([QKeySequence(key) for key in command.shortcuts])
        action.triggered.connect(handler)
        window.addAction(action)
        actions[command.name] = action
    return actions
