"""What the director tells the world: the app renders these, the director draws nothing."""

from __future__ import annotations

from dataclasses import dataclass

from app.scene.model import ExpressionName, GestureName
from guide.speech import Utterance
from guide.states import DirectorState

__all__ = [
    "Emphasis",
    "Expression",
    "Gesture",
    "GuideEvent",
    "LanguageChanged",
    "LookAt",
    "MoveTo",
    "PauseSpeaking",
    "ResumeSpeaking",
    "Speak",
    "StateChanged",
    "StopSpeaking",
]


class GuideEvent:
    """Base of every director event."""


@dataclass(frozen=True)
class StateChanged(GuideEvent):
    state: DirectorState


@dataclass(frozen=True)
class MoveTo(GuideEvent):
    """Take the visitor (camera) and the avatar to tour stop ``stop`` (0-based)."""

    stop: int
    exhibit: str | None


@dataclass(frozen=True)
class Speak(GuideEvent):
    """Start playing ``utterance`` now: audio, mouth (visemes) and subtitle (words)."""

    line_key: str
    part: int
    utterance: Utterance


@dataclass(frozen=True)
class StopSpeaking(GuideEvent):
    """Cut the current audio and subtitle (skip, language change, visitor question)."""


@dataclass(frozen=True)
class PauseSpeaking(GuideEvent):
    pass


@dataclass(frozen=True)
class ResumeSpeaking(GuideEvent):
    pass


@dataclass(frozen=True)
class Gesture(GuideEvent):
    name: GestureName


@dataclass(frozen=True)
class LookAt(GuideEvent):
    """Turn head and eyes to ``target``: "visitor" or an exhibit id."""

    target: str


@dataclass(frozen=True)
class Expression(GuideEvent):
    """Show a face (happy, thinking, surprised) for a while, or ``neutral`` again."""

    name: ExpressionName


@dataclass(frozen=True)
class Emphasis(GuideEvent):
    word: str


@dataclass(frozen=True)
class LanguageChanged(GuideEvent):
    language: str
