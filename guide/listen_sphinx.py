"""English voice questions through PocketSphinx (its wheel ships the US English acoustic
model and the CMU dictionary), with a language model made from the scene: what visitors may
say to this guide (``guide.voice_phrases``), so that exhibit names and the scene's own
questions are heard rather than the generic model's guesses. Words the dictionary lacks get
a pronunciation from eSpeak NG's phonemes. Offline, no network, 16 kHz mono input.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from guide.arpabet import arpabet
from guide.ngram import arpa

__all__ = ["RATE", "Heard", "SphinxRecogniser", "sphinx_available"]

RATE = 16000  # the acoustic model's sample rate
_OPTIONS: dict[str, float | str] = {}  # decoder settings (benchmarks/voice_questions.py)


@dataclass(frozen=True)
class Heard:
    """What the recogniser made of an utterance."""

    text: str
    seconds: float  # length of the audio
    words: int


def sphinx_available() -> bool:
    """Whether PocketSphinx and its English model can be loaded."""
    try:
        _model_folder()
    except (ImportError, OSError):
        return False
    return True


def _model_folder() -> Path:
    import pocketsphinx

    folder = Path(pocketsphinx.get_model_path()) / "en-us"
    if not (folder / "en-us" / "mdef").is_file():
        raise OSError(f"PocketSphinx's English model is missing from {folder}")
    return folder


@cache
def _cmudict() -> dict[str, list[str]]:
    """The CMU dictionary: word -> its pronunciations (the first is the usual one)."""
    out: dict[str, list[str]] = {}
    with open(_model_folder() / "cmudict-en-us.dict", encoding="utf-8") as lines:
        for line in lines:
            head, _, phones = line.strip().partition(" ")
            out.setdefault(head.split("(")[0], []).append(phones)
    return out


@cache
def common_words() -> dict[str, float]:
    """Everyday English words and their probabilities (``guide/data/common_en.txt``)."""
    path = Path(__file__).resolve().parent / "data" / "common_en.txt"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            log10, word = line.split("\t")
            out[word] = 10 ** float(log10)
    return out


def _pronounce(word: str) -> str | None:
    """Phones for a word the dictionary lacks, from eSpeak NG (None without eSpeak)."""
    try:
        from guide.espeak_native import espeak_available, text_to_phonemes

        if not espeak_available():
            return None
        phones = arpabet(text_to_phonemes(word, "en-us"))
    except (OSError, RuntimeError):
        return None
    return " ".join(phones) or None


def dictionary(vocabulary: set[str]) -> tuple[str, list[str]]:
    """The pronunciation dictionary for ``vocabulary`` in PocketSphinx's format, and the
    words no pronunciation was found for (they are left out)."""
    known = _cmudict()
    lines, missing = [], []
    for word in sorted(vocabulary):
        ways = known.get(word) or ([p] if (p := _pronounce(word)) else [])
        if not ways:
            missing.append(word)
        for n, phones in enumerate(ways):
            lines.append(f"{word if n == 0 else f'{word}({n + 1})'} {phones}")
    return "\n".join(lines) + "\n", missing


class SphinxRecogniser:
    """Hears English questions for one scene; build it once (about a second), then
    ``hear`` each utterance."""

    def __init__(
        self, sentences: list[list[str]], everyday: bool = True, **options: float | str
    ) -> None:
        from pocketsphinx import Decoder

        folder = _model_folder()
        background = common_words() if everyday else {}
        vocabulary = {w for s in sentences for w in s} | set(background)
        text, self.missing = dictionary(vocabulary)
        kept = [s for s in sentences if not any(w in self.missing for w in s)]
        with tempfile.TemporaryDirectory(prefix="vitrine-asr-") as tmp:
            lm, dic = Path(tmp) / "scene.arpa", Path(tmp) / "scene.dict"
            lm.write_text(arpa(kept, background=background), encoding="utf-8")
            dic.write_text(text, encoding="utf-8")
            self.decoder: Any = Decoder(
                hmm=str(folder / "en-us"), lm=str(lm), dict=str(dic), loglevel="FATAL",
                logfn=os.devnull, samprate=RATE, **(_OPTIONS | options),
            )  # fmt: skip
        self.vocabulary = vocabulary - set(self.missing)

    def hear(self, samples: np.ndarray) -> Heard:
        """The words in ``samples`` (mono, 16 kHz, int16 or float in -1..1)."""
        pcm = samples
        if pcm.dtype != np.int16:
            pcm = (np.clip(pcm, -1.0, 1.0) * 32767).astype(np.int16)
        seconds = len(pcm) / RATE
        pcm = voiced(pcm)
        if len(pcm) == 0:
            return Heard("", seconds, 0)
        self.decoder.start_utt()
        self.decoder.process_raw(pcm.tobytes(), no_search=False, full_utt=True)
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        text = hypothesis.hypstr.strip() if hypothesis is not None else ""
        return Heard(text, seconds, len(text.split()))


_FRAME = RATE // 100  # 10 ms
_SILENCE = 300  # RMS of int16 samples (about -40 dBFS) below which a frame is quiet
_MARGIN = 25  # frames kept either side of the sound (a quarter of a second)


def voiced(pcm: np.ndarray) -> np.ndarray:
    """``pcm`` (int16) without the quiet before and after the sound; empty if all quiet.
    (The decoder, given silence, guesses a word.)"""
    count = len(pcm) // _FRAME
    if count == 0:
        return pcm[:0]
    frames = pcm[: count * _FRAME].astype(np.float64).reshape(count, _FRAME)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) >= _SILENCE)
    if len(loud) == 0:
        return pcm[:0]
    first, last = max(0, loud[0] - _MARGIN), min(count, loud[-1] + 1 + _MARGIN)
    return pcm[first * _FRAME : last * _FRAME]


def resample(samples: np.ndarray, rate: int, to: int = RATE) -> np.ndarray:
    """``samples`` at ``rate`` Hz resampled to ``to`` Hz (band-limited, through the FFT)."""
    if rate == to or len(samples) == 0:
        return samples
    data = samples.astype(np.float64)
    if samples.dtype == np.int16:
        data /= 32768.0
    spectrum = np.fft.rfft(data)
    length = round(len(data) * to / rate)
    keep = length // 2 + 1
    if keep <= len(spectrum):
        spectrum = spectrum[:keep]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(keep - len(spectrum), complex)])
    return (np.fft.irfft(spectrum, length) * (length / len(data))).astype(np.float32)
