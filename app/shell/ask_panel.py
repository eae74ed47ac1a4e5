"""Asking the guide from the window: a box to type a question in (Chinese input methods work
in it: it is a plain QLineEdit), buttons with questions the guide can answer about the
exhibit in view, for visitors without a keyboard, and a hold-to-talk button for English
voice questions (``app.shell.talk`` drives it)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

__all__ = ["AskPanel"]

_TEXT = {
    "en": {"title": "Ask the guide", "placeholder": "Type a question…", "ask": "Ask",
           "talk": "Hold to ask by voice (English)",
           "listening": "Listening… let go when you're done",
           "hearing": "Hearing…", "ready": "Hold <b>Talk</b> and ask in English.", "button": "Talk",
           "unavailable": "Voice questions are not available: {reason}.",
           "nothing": "{reason}. Try again, or type your question.",
           "heard": "Heard: \"{text}\""},
    "zh": {"title": "问问讲解员", "placeholder": "输入您的问题…", "ask": "提问",
           "talk": "按住用语音提问（英语）", "listening": "正在听……说完请松开", "button": "说话",
           "hearing": "正在识别……", "ready": "语音提问暂时只支持英语。",
           "unavailable": "暂不支持中文语音提问（没有可离线使用的中文语音识别模型），"
                          "请打字或点选问题。",
           "nothing": "没有听清，请再说一次或打字提问。", "heard": "听到：“{text}”"},
}  # fmt: skip
MAX_SUGGESTIONS = 3


def _words(language: str) -> dict[str, str]:
    return _TEXT["zh" if language.lower().startswith("zh") else "en"]


class AskPanel(QWidget):
    """Emits ``asked`` with the question typed or tapped."""

    asked = Signal(str)

    def __init__(self, language: str) -> None:
        super().__init__()
        self.setObjectName("ask-panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        row = QHBoxLayout()
        self.box = QLineEdit()
        self.box.setObjectName("ask-box")
        self.box.setMinimumHeight(44)
        self.box.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.button = QPushButton()
        self.button.setObjectName("ask-button")
        self.button.setMinimumSize(64, 44)
        self.talk = QPushButton()  # words, not an emoji: kiosks often have no emoji font
        self.talk.setObjectName("talk-button")
        self.talk.setMinimumSize(64, 44)
        self.talk.setAutoRepeat(False)
        row.addWidget(self.box, 1)
        row.addWidget(self.button)
        row.addWidget(self.talk)
        layout.addWidget(self.title)
        layout.addLayout(row)
        self._chips = QVBoxLayout()
        layout.addLayout(self._chips)
        self.voice_note = QLabel()
        self.voice_note.setWordWrap(True)
        self.voice_note.setStyleSheet("color: #666; font-size: 11px;")
        layout.addWidget(self.voice_note)
        self.box.returnPressed.connect(self._send)
        self.button.clicked.connect(self._send)
        self.suggestions: list[str] = []
        self.language = language
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        words = _words(language)
        self.title.setText(words["title"])
        self.box.setPlaceholderText(words["placeholder"])
        self.button.setText(words["ask"])
        self.talk.setText(words["button"])
        self.talk.setToolTip(words["talk"])
        self.talk.setAccessibleName(words["talk"])

    def show_voice(self, state: str, detail: str = "") -> None:
        """The talk button and the note under it for a voice state: ``ready``,
        ``listening``, ``hearing``, ``heard`` (``detail`` the words), ``nothing`` (``detail``
        why) or ``unavailable`` (``detail`` why; the button is hidden)."""
        words = _words(self.language)
        self.talk.setVisible(state != "unavailable")
        self.talk.setDown(state == "listening")
        note = words["listening"] if state == "listening" else words[state]
        note = note.format(reason=detail, text=detail)
        self.voice_note.setText(note)
        self.voice_note.setVisible(bool(note))

    def set_suggestions(self, questions: list[str]) -> None:
        """Buttons for these questions (the first few), replacing the last ones."""
        while self._chips.count():
            item = self._chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.suggestions = list(dict.fromkeys(questions))[:MAX_SUGGESTIONS]
        for question in self.suggestions:
            chip = QPushButton(question)
            chip.setObjectName("suggested-question")
            chip.setMinimumHeight(44)
            chip.setStyleSheet("text-align: left; padding: 4px 10px;")
            chip.clicked.connect(lambda _=False, q=question: self.asked.emit(q))
            self._chips.addWidget(chip)

    def _send(self) -> None:
        question = self.box.text().strip()
        if question:
            self.box.clear()
            self.asked.emit(question)
