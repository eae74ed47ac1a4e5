"""Push-to-talk questions in English: hold to record, let go to hear. What the recogniser
heard becomes a typed question; Chinese has no offline recogniser, which the state says.

Pure Python over two adapters (a recorder and a recogniser), so the window and the tests can
drive it the same way; recognising runs wherever the caller runs ``finish`` (the window uses
a worker thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.scene.model import Scene
from guide.listen_sphinx import RATE, Heard, SphinxRecogniser, sphinx_available
from guide.microphone import Microphone, MicrophoneMissing, Recorder
from guide.voice_phrases import content, phrases

__all__ = [
    "Hearing",
    "Listening",
    "NothingHeard",
    "Ready",
    "Unavailable",
    "VoiceQuestions",
    "VoiceState",
]

MIN_SECONDS = 0.3  # a shorter hold is a tap, not a question
_QUIET = 0.01  # RMS (full scale 1.0) below which nothing was said


@dataclass(frozen=True)
class Ready:
    """Hold the button to ask."""


@dataclass(frozen=True)
class Listening:
    """Recording while the button is held."""


@dataclass(frozen=True)
class Hearing:
    """Recognising what was said."""


@dataclass(frozen=True)
class NothingHeard:
    """The hold ended without words (too short, too quiet, or nothing recognised)."""

    reason: str


@dataclass(frozen=True)
class Unavailable:
    """Voice questions cannot be asked: ``reason`` says why (shown to the visitor)."""

    reason: str


VoiceState = Ready | Listening | Hearing | NothingHeard | Unavailable
Recogniser = Callable[[np.ndarray], Heard]


def _english(language: str) -> bool:
    return language.lower().startswith("en")


class VoiceQuestions:
    """One scene's voice questions; ``language`` follows the visit's."""

    def __init__(
        self,
        scene: Scene,
        recorder: Recorder | None = None,
        recogniser: Recogniser | None = None,
    ) -> None:
        self.scene = scene
        self.recorder: Recorder = recorder or Microphone()
        self._recogniser = recogniser
        self._built: dict[str, Recogniser] = {}
        self.state: VoiceState = Ready()

    def set_scene(self, scene: Scene) -> None:
        """The scene changed (edited or reloaded): its words are gathered again."""
        self.scene = scene
        self._built.clear()

    def offered(self, language: str) -> VoiceState:
        """Ready, or why voice questions are not offered in ``language``."""
        if not _english(language):
            return Unavailable("no offline speech recogniser for this language")
        if self._recogniser is None and not sphinx_available():
            return Unavailable("the speech recogniser (PocketSphinx) is not installed")
        return Ready()

    def press(self, language: str) -> VoiceState:
        """The talk button went down: start recording."""
        offered = self.offered(language)
        if isinstance(offered, Unavailable):
            self.state = offered
            return offered
        try:
            self.recorder.start()
        except MicrophoneMissing as exc:
            self.state = Unavailable(str(exc))
            return self.state
        self.state = Listening()
        return self.state

    def release(self) -> np.ndarray | None:
        """The talk button came up: the recording, or None when there is nothing to hear
        (the state then says why)."""
        if not isinstance(self.state, Listening):
            return None
        samples = self.recorder.stop()
        if len(samples) < MIN_SECONDS * RATE:
            self.state = NothingHeard("hold the button while you speak")
            return None
        level = float(np.sqrt(np.mean(np.square(samples.astype(np.float64)))))
        if samples.dtype == np.int16:
            level /= 32768.0
        if level < _QUIET:
            self.state = NothingHeard("I couldn't hear anything")
            return None
        self.state = Hearing()
        return samples

    def finish(self, samples: np.ndarray, language: str) -> str:
        """The words heard in ``samples`` ("" when none; the state then says so). This is
        the slow part (a quarter of a second to build for a scene, then about 0.1 s)."""
        heard = self.recogniser(language)(samples)
        if not heard.text:
            self.state = NothingHeard("I didn't catch that")
            return ""
        self.state = Ready()
        return heard.text

    def recogniser(self, language: str) -> Recogniser:
        """The recogniser for this scene (built the first time it is needed)."""
        if self._recogniser is not None:
            return self._recogniser
        if language not in self._built:
            sentences = phrases(self.scene, language) + content(self.scene, language)
            self._built[language] = SphinxRecogniser(sentences).hear
        return self._built[language]
