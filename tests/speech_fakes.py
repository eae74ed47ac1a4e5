"""Speech backends that misbehave on purpose, for the speech service tests (run in workers)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.errors import SpeechUnavailable
from guide.speech import SpeechRequest, Utterance


class HangingBackend:
    name = "hanging"

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        time.sleep(120)
        raise AssertionError("unreachable")


class CrashingBackend:
    name = "crashing"

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        os.abort()


class MissingEngineBackend:
    name = "missing"

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        raise SpeechUnavailable("no text-to-speech engine is installed")
