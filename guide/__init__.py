"""The digital-human guide engine: script, director, speech and visemes. Pure Python."""

from __future__ import annotations

from guide.clock import Clock, FakeClock, MonotonicClock
from guide.cues import Cue, LinePart, parse_cues
from guide.script import NarrationLine, Script, build_script
from guide.speech import SilentBackend, SpeechRequest, Utterance, voice_for
from guide.visemes import VISEMES, VisemeKey, WordTiming, viseme_at

__all__ = [
    "VISEMES",
    "Clock",
    "Cue",
    "FakeClock",
    "LinePart",
    "MonotonicClock",
    "NarrationLine",
    "Script",
    "SilentBackend",
    "SpeechRequest",
    "Utterance",
    "VisemeKey",
    "WordTiming",
    "build_script",
    "parse_cues",
    "viseme_at",
    "voice_for",
]
