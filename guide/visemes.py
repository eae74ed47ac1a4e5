"""Mouth shapes over time: IPA phonemes to the 15 Oculus visemes, aligned to the audio.

Phonemes are matched longest-prefix against a table of IPA symbols (stress, length and tone
marks ignored); a phoneme made of two vowels (a diphthong such as ``aɪ``) gives two visemes,
60% and 40% of its time. The mouth closes (``sil``) where the synthesiser itself pauses: its
empty phoneme events mark the pauses and word gaps, so quiet consonants (the f of "feel", the
h of 欢) keep their shapes. Language-switch marks such as ``(en)`` are not phonemes. For
engines that report no phonemes, ``visemes_from_envelope`` follows the loudness instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "VISEMES",
    "VisemeKey",
    "WordTiming",
    "phoneme_visemes",
    "silent_spans",
    "viseme_at",
    "viseme_weights",
    "visemes_from_envelope",
    "visemes_from_phonemes",
]

VISEMES = ("sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "I", "O", "U")

# IPA symbol -> viseme. Longer symbols win over their prefixes.
_TABLE: dict[str, str] = {
    # silence and pauses
    "_": "sil",
    "‖": "sil",
    "|": "sil",
    # lips closed
    "p": "PP",
    "b": "PP",
    "m": "PP",
    "ɱ": "FF",
    # lip and teeth
    "f": "FF",
    "v": "FF",
    "ʋ": "FF",
    # tongue and teeth
    "θ": "TH",
    "ð": "TH",
    # tongue tip
    "t": "DD",
    "d": "DD",
    "ɾ": "DD",
    "ʈ": "DD",
    "ɖ": "DD",
    "th": "DD",
    "ts": "SS",
    "dz": "SS",
    "ts.": "CH",
    "ts.h": "CH",
    "tsh": "SS",
    "tɕ": "CH",
    "tɕh": "CH",
    "dʑ": "CH",
    # back of the tongue
    "k": "kk",
    "g": "kk",
    "ɡ": "kk",
    "ŋ": "kk",
    "x": "kk",
    "χ": "kk",
    "h": "kk",
    "ɣ": "kk",
    "q": "kk",
    "ʔ": "kk",
    "kh": "kk",
    "ph": "PP",
    "kw": "kk",
    # post-alveolar
    "tʃ": "CH",
    "dʒ": "CH",
    "ʃ": "CH",
    "ʒ": "CH",
    "ɕ": "CH",
    "ʑ": "CH",
    "s.": "CH",
    "z.": "RR",
    "ʐ": "RR",
    "ç": "CH",
    "j": "I",
    # sibilants
    "s": "SS",
    "z": "SS",
    # nasals and laterals
    "n": "nn",
    "l": "nn",
    "ɲ": "nn",
    "ɳ": "nn",
    "ɫ": "nn",
    "ɭ": "nn",
    "ʎ": "nn",
    "ɬ": "nn",
    # r sounds
    "r": "RR",
    "ɹ": "RR",
    "ɻ": "RR",
    "ʁ": "RR",
    "ɚ": "RR",
    "ɝ": "RR",
    "ɐ": "aa",
    # open vowels
    "a": "aa",
    "ɑ": "aa",
    "æ": "aa",
    "ɒ": "O",
    "ʌ": "aa",
    "a.": "aa",
    # mid front and central vowels
    "e": "E",
    "ɛ": "E",
    "ə": "E",
    "ɜ": "E",
    "œ": "E",
    "ø": "E",
    "ɘ": "E",
    "ɤ": "E",
    "ə.": "E",
    # close front vowels
    "i": "I",
    "ɪ": "I",
    "y": "U",
    "ʏ": "U",
    "ɨ": "I",
    "ɯ": "I",
    "i.": "I",
    "ɿ": "I",
    "ᵻ": "I",
    # rounded back vowels
    "o": "O",
    "ɔ": "O",
    "u": "U",
    "ʊ": "U",
    "w": "U",
    "ʉ": "U",
    "ɥ": "U",
}
_IGNORED = set("ˈˌːˑ̩̯̪̥̃˞ʰʲʷ'\",-0123456789") | {"\u0303", "\u0329", "\u032f"}
_VOWEL_VISEMES = {"aa", "E", "I", "O", "U"}
_MAX_KEY = max(len(key) for key in _TABLE)


@dataclass(frozen=True)
class VisemeKey:
    """From ``start_ms`` on, the mouth shows ``viseme`` (until the next key)."""

    start_ms: int
    viseme: str


@dataclass(frozen=True)
class WordTiming:
    """A word of the spoken text and when it is said, for highlighting in subtitles."""

    text: str
    start_ms: int
    end_ms: int
    char_start: int = 0


def _clean(phoneme: str) -> str:
    return "".join(ch for ch in phoneme if ch not in _IGNORED)


PAUSE_MS = 50  # a pause of the synthesiser shorter than this keeps the mouth as it is
_SWITCH = re.compile(r"\([a-z-]+\)")


def phoneme_visemes(phoneme: str) -> list[str]:
    """The visemes of one IPA phoneme, in order: ``sil`` for a pause (an empty event), none
    for a language-switch mark or an unknown symbol."""
    if _SWITCH.fullmatch(phoneme.strip()):
        return []
    if not phoneme.strip() or phoneme.strip() in ("_", "_:", "_!", "||", "‖"):
        return ["sil"]
    text = _clean(_SWITCH.sub("", phoneme))
    if not text and "ʲ" in phoneme:
        return ["I"]  # a glide on its own (eSpeak's ye, yao)
    out: list[str] = []
    position = 0
    while position < len(text):
        for size in range(min(_MAX_KEY, len(text) - position), 0, -1):
            viseme = _TABLE.get(text[position : position + size])
            if viseme is not None:
                if not out or out[-1] != viseme or viseme not in _VOWEL_VISEMES:
                    out.append(viseme)
                position += size
                break
        else:
            position += 1  # unknown symbol: skip it
    return out


def silent_spans(
    samples: np.ndarray, sample_rate: int, min_ms: int = 60, threshold: float = 0.02
) -> list[tuple[int, int]]:
    """(start_ms, end_ms) stretches where the audio stays below ``threshold`` of full scale."""
    if len(samples) == 0:
        return []
    frame = max(1, sample_rate // 100)  # 10 ms
    count = len(samples) // frame
    if count == 0:
        return [(0, int(1000 * len(samples) / sample_rate))]
    frames = samples[: count * frame].astype(np.float64).reshape(count, frame) / 32768.0
    rms = np.sqrt((frames**2).mean(axis=1))
    quiet = rms < threshold
    spans = []
    start = None
    for index, is_quiet in enumerate(np.append(quiet, False)):
        if is_quiet and start is None:
            start = index
        elif not is_quiet and start is not None:
            if (index - start) * 10 >= min_ms:
                spans.append((start * 10, index * 10))
            start = None
    return spans


def visemes_from_phonemes(
    phonemes: Sequence[tuple[str, int]], duration_ms: int, silences: Sequence[tuple[int, int]] = ()
) -> list[VisemeKey]:
    """A viseme timeline from (phoneme, start_ms) pairs and the audio's silent stretches."""
    keys: list[VisemeKey] = []
    events = sorted(
        ((start, phoneme) for phoneme, start in phonemes), key=lambda e: (e[0], e[1] != "")
    )  # at one instant a pause comes before the sound that ends it
    for index, (start, phoneme) in enumerate(events):
        end = events[index + 1][0] if index + 1 < len(events) else duration_ms
        visemes = phoneme_visemes(phoneme)
        if not visemes or end <= start:
            continue
        if visemes == ["sil"] and end - start < PAUSE_MS and index + 1 < len(events):
            continue  # a word boundary, not a pause
        if len(visemes) == 1:
            keys.append(VisemeKey(start, visemes[0]))
        else:
            first = start + int(0.6 * (end - start))
            keys.append(VisemeKey(start, visemes[0]))
            rest = visemes[1:]
            step = (end - first) / len(rest)
            keys += [VisemeKey(int(first + i * step), v) for i, v in enumerate(rest)]
    return _with_silences(keys, duration_ms, silences)


def _with_silences(
    keys: list[VisemeKey], duration_ms: int, silences: Sequence[tuple[int, int]]
) -> list[VisemeKey]:
    """Close the mouth over silent stretches, start and end closed, drop repeats."""
    timeline = [VisemeKey(0, "sil"), *keys]
    for start, end in silences:
        after = viseme_at(timeline, end)
        timeline = [k for k in timeline if not start <= k.start_ms < end]
        timeline += [VisemeKey(start, "sil"), VisemeKey(end, after)]
        timeline.sort(key=lambda k: k.start_ms)
    timeline.append(VisemeKey(duration_ms, "sil"))
    result: list[VisemeKey] = []
    for key in sorted(timeline, key=lambda k: k.start_ms):
        key = VisemeKey(min(max(key.start_ms, 0), duration_ms), key.viseme)
        if result and result[-1].start_ms == key.start_ms:
            result[-1] = key
        elif not result or result[-1].viseme != key.viseme:
            result.append(key)
    return result


def visemes_from_envelope(samples: np.ndarray, sample_rate: int) -> list[VisemeKey]:
    """Mouth shapes that follow loudness, for engines that report no phonemes."""
    frame = max(1, sample_rate // 50)  # 20 ms
    count = len(samples) // frame
    duration = int(1000 * len(samples) / max(sample_rate, 1))
    if count == 0:
        return [VisemeKey(0, "sil")]
    frames = samples[: count * frame].astype(np.float64).reshape(count, frame) / 32768.0
    rms = np.sqrt((frames**2).mean(axis=1))
    level = rms / max(rms.max(), 1e-9)
    keys = []
    vowels = ("aa", "E", "O")
    for index, value in enumerate(level):
        if value > 0.55:
            viseme = vowels[index % 3]
        elif value > 0.25:
            viseme = "E" if index % 2 else "nn"
        elif value > 0.08:
            viseme = "PP" if index % 4 == 0 else "nn"
        else:
            viseme = "sil"
        keys.append(VisemeKey(index * 20, viseme))
    return _with_silences(keys, duration, ())


def viseme_at(timeline: Sequence[VisemeKey], time_ms: float) -> str:
    """The viseme showing at ``time_ms`` (``sil`` before the first and after the last key)."""
    current = "sil"
    for key in timeline:
        if key.start_ms > time_ms:
            break
        current = key.viseme
    return current


def viseme_weights(
    timeline: Sequence[VisemeKey], time_ms: float, blend_ms: float = 70.0
) -> dict[str, float]:
    """Weights of the visemes at ``time_ms``, cross-fading over ``blend_ms`` at each change,
    so the mouth moves smoothly from one shape to the next (weights add up to 1)."""
    if not timeline:
        return {"sil": 1.0}
    previous, current, start = "sil", "sil", 0.0
    for key in timeline:
        if key.start_ms > time_ms:
            break
        previous, current, start = current, key.viseme, float(key.start_ms)
    share = min(max((time_ms - start) / blend_ms, 0.0), 1.0) if blend_ms > 0 else 1.0
    share = share * share * (3 - 2 * share)
    if previous == current or share >= 1.0:
        return {current: 1.0}
    return {previous: 1.0 - share, current: share}
