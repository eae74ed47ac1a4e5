"""The eSpeak NG backend (Linux): audio and phoneme-timed visemes from libespeak-ng in one pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from guide.speech import SpeechRequest, Utterance, align_words
from guide.visemes import WordTiming, silent_spans, visemes_from_phonemes
from guide.wav import write_wav

__all__ = ["EspeakBackend"]


class EspeakBackend:
    """libespeak-ng through ctypes, synchronous, with IPA phoneme events."""

    name = "espeak"

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        from guide.espeak_native import synthesize

        result = synthesize(request.text, request.voice, request.rate, request.volume)
        samples = np.frombuffer(bytes(result.samples), dtype="<i2")
        write_wav(wav, samples, result.sample_rate)
        duration = int(1000 * len(samples) / result.sample_rate)
        phonemes = [(p.phoneme, p.start_ms) for p in result.phonemes]
        visemes = visemes_from_phonemes(
            phonemes, duration, silent_spans(samples, result.sample_rate)
        )
        words = _words(request.text, result.words, duration)
        return Utterance(request, wav, duration, visemes, words, self.name)


def _words(text: str, events: list[Any], duration: int) -> list[WordTiming]:
    return align_words(text, [(e.text_position, e.start_ms) for e in events], duration)
