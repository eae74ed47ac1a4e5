"""Every action of the app, with its label and keys, for menus, buttons and both input paths.

Keys work whether Qt has the focus (panels) or the 3D view does (Panda3D's own window), so each
command lists a Qt shortcut and the Panda3D key names that trigger it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

__all__ = ["COMMANDS", "LABELS_ZH", "MOVES", "Command", "install_commands", "key_rows"]


@dataclass(frozen=True)
class Command:
    name: str
    label: str
    shortcuts: tuple[str, ...]
    panda_keys: tuple[str, ...]

    def text(self, language: str) -> str:
        """The command's label in ``language`` (English where there is none)."""
        return LABELS_ZH.get(self.name, self.label) if language.startswith("zh") else self.label


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
    Command("about", "Keys", ("F1",), ("f1",)),
    Command("toggle_edit", "Edit mode", ("F2",), ("f2",)),
    Command("undo", "Undo", ("Ctrl+Z",), ("control-z",)),
    Command("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), ("control-y",)),
    Command("save", "Save the scene", ("Ctrl+S",), ("control-s",)),
    Command("quit", "Quit", ("Ctrl+Q",), ("control-q",)),
)


LABELS_ZH = {
    "play_pause": "播放 / 暂停导览",
    "next_stop": "下一站",
    "previous_stop": "上一站",
    "replay": "重听这一句",
    "toggle_language": "切换语言",
    "toggle_speech": "开 / 关语音",
    "toggle_fullscreen": "全屏",
    "toggle_stereo": "VR 预览（左右立体）",
    "toggle_auto_advance": "自动进入下一站",
    "back": "返回",
    "entrance": "回到入口",
    "zoom_in": "放大",
    "zoom_out": "缩小",
    "about": "按键一览",
    "toggle_edit": "编辑模式",
    "undo": "撤销",
    "redo": "重做",
    "save": "保存场景",
    "quit": "退出",
}

# Keys that are not commands: moving about the hall.
MOVES = (
    (("W", "↑"), "Walk forward", "前进"),
    (("S", "↓"), "Walk back", "后退"),
    (("A", "D", "←", "→"), "Turn or step aside", "转向 / 侧移"),
    (("Drag",), "Look around", "拖动：环顾四周"),
    (
        ("Click",),
        "Inspect an exhibit, or walk to a spot on the floor",
        "点击：查看展品，或走到地面某处",
    ),
)


def key_rows(language: str) -> list[tuple[str, str]]:
    """(keys, what they do) for the key list, in ``language``."""
    zh = language.startswith("zh")
    rows = [(" / ".join(keys), zh_text if zh else en) for keys, en, zh_text in MOVES]
    rows += [(" / ".join(c.shortcuts), c.text(language)) for c in COMMANDS]
    return rows


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
