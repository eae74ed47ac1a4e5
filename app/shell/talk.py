"""The hold-to-talk button: recording while it is held (mouse, touch or the space bar on a
focused button), recognising in a worker thread when it is let go, then asking the guide
what was heard as if it had been typed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Signal

from app.shell.ask_panel import AskPanel
from guide.voice_questions import (
    Hearing,
    Listening,
    NothingHeard,
    Unavailable,
    VoiceQuestions,
    VoiceState,
)

__all__ = ["TalkController"]

log = logging.getLogger(__name__)


class TalkController(QObject):
    """Binds the ask panel's talk button to the voice questions; ``ask`` gets the words."""

    heard = Signal(str)  # from the worker thread to the window's

    def __init__(
        self,
        panel: AskPanel,
        voice: VoiceQuestions,
        ask: Callable[[str], None],
        language: Callable[[], str],
    ) -> None:
        super().__init__(panel)
        self.panel, self.voice, self.ask, self.language = panel, voice, ask, language
        self.worker: threading.Thread | None = None
        panel.talk.pressed.connect(self.press)
        panel.talk.released.connect(self.release)
        self.heard.connect(self._heard)
        self.refresh()

    def refresh(self) -> None:
        """Show whether voice questions are offered in the visit's language."""
        self._show(self.voice.offered(self.language()))

    def _show(self, state: VoiceState, text: str = "") -> None:
        match state:
            case Unavailable(reason):
                self.panel.show_voice("unavailable", reason)
            case Listening():
                self.panel.show_voice("listening")
            case Hearing():
                self.panel.show_voice("hearing")
            case NothingHeard(reason):
                self.panel.show_voice("nothing", reason)
            case _:
                self.panel.show_voice("heard" if text else "ready", text)

    def press(self) -> None:
        if self.worker is not None and self.worker.is_alive():
            return  # still hearing the last question
        self._show(self.voice.press(self.language()))

    def release(self) -> None:
        samples = self.voice.release()
        self._show(self.voice.state)
        if samples is None:
            return
        language = self.language()
        self.worker = threading.Thread(
            target=self._hear, args=(samples, language), name="vitrine-hear", daemon=True
        )
        self.worker.start()

    def _hear(self, samples: np.ndarray, language: str) -> None:
        try:
            text = self.voice.finish(samples, language)
        except Exception:  # a recogniser failure must not take the window down
            log.exception("voice question not recognised")
            self.voice.state = NothingHeard("I didn't catch that")
            text = ""
        self.heard.emit(text)

    def _heard(self, text: str) -> None:
        self._show(self.voice.state, text)
        if text:
            self.ask(text[:1].upper() + text[1:] + "?")
