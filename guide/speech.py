"""Speech as data: what to say, how it came out (audio, visemes, word times), and backends.

A backend turns a ``SpeechRequest`` into a WAV file plus timings. Backends run inside a
speech worker process (see ``guide.speech_service``); ``SilentBackend`` makes no audio at all
and estimates timings from the text, so subtitles and the mouth still move.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from guide.visemes import VisemeKey, WordTiming

__all__ = [
    "DEFAULT_VOICES",
    "MALE_VOICES",
    "SilentBackend",
    "SilentSpeaker",
    "SpeechBackend",
    "SpeechRequest",
    "Utterance",
    "VoiceChoice",
    "align_words",
    "guide_voices",
    "split_words",
    "voice_choice",
    "voice_for",
]

# eSpeak NG voice names by language, female (the built-in guide is a woman): the +f3 variant
# speaks at about 205 Hz in English and 178 Hz in Mandarin (the plain voices about 100 and
# 90 Hz). Mandarin uses the pinyin voice, which reads the front-end's tone-numbered pinyin.
DEFAULT_VOICES = {
    "en": "en-us+f3",
    "zh": "cmn-latn-pinyin+f3",
    "zh-cn": "cmn-latn-pinyin+f3",
    "zh-tw": "cmn-latn-pinyin+f3",
    "yue": "yue+f3",
    "zh-hk": "yue+f3",
}


# For Vitrine's male guide (``guide.avatar: builtin-male``), the same voices' male variants.
MALE_VOICES = {language: voice.replace("+f3", "+m3") for language, voice in DEFAULT_VOICES.items()}


def guide_voices(avatar: str, voices: Mapping[str, Any] | None) -> dict[str, Any]:
    """The scene's voices, over defaults that suit its guide (male ones for the male guide)."""
    defaults: Mapping[str, Any] = MALE_VOICES if avatar == "builtin-male" else {}
    return {**defaults, **dict(voices or {})}


def voice_for(language: str, overrides: Mapping[str, Any] | None = None) -> str:
    """The voice to use for ``language``: the scene's choice, else a good default."""
    return voice_choice(language, overrides).voice


@dataclass(frozen=True)
class VoiceChoice:
    """A voice and how it is shaped: pitch and pitch range 0-100 (50: the voice's own)."""

    voice: str
    pitch: int = 50
    pitch_range: int = 50


def voice_choice(language: str, overrides: Mapping[str, Any] | None = None) -> VoiceChoice:
    """The scene's choice for ``language`` (a voice name, or settings with ``voice``,
    ``pitch`` and ``range``), else the default voice."""
    default = DEFAULT_VOICES.get(language.lower(), language.lower())
    chosen = (overrides or {}).get(language)
    if chosen is None:
        return VoiceChoice(default)
    if isinstance(chosen, str):
        return VoiceChoice(chosen)
    return VoiceChoice(
        getattr(chosen, "voice", None) or default,
        int(getattr(chosen, "pitch", 50)),
        int(getattr(chosen, "range", 50)),
    )


@dataclass(frozen=True)
class SpeechRequest:
    """One line to speak. ``emphasis`` lists stressed character spans of ``text``;
    ``lexicon`` the scene's readings as (language, word, reading); ``english_voice`` reads
    the English words inside a line in another language; ``pitch`` and ``pitch_range``
    (0-100, 50 the voice's own) shape the voice."""

    text: str
    language: str
    voice: str
    rate: float = 1.0
    volume: float = 1.0
    pitch: int = 50
    pitch_range: int = 50
    emphasis: tuple[tuple[int, int], ...] = ()
    lexicon: tuple[tuple[str, str, str], ...] = ()
    english_voice: str = "en-us+f3"

    def lexicon_map(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for language, word, reading in self.lexicon:
            out.setdefault(language, {})[word] = reading
        return out


@dataclass
class Utterance:
    """A spoken line: its audio (None when silent), length, mouth shapes and word times."""

    request: SpeechRequest
    wav: Path | None
    duration_ms: int
    visemes: list[VisemeKey]
    words: list[WordTiming]
    backend: str
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.request.text,
            "language": self.request.language,
            "voice": self.request.voice,
            "rate": self.request.rate,
            "backend": self.backend,
            "wav": str(self.wav) if self.wav else None,
            "duration_ms": self.duration_ms,
            "visemes": [[k.start_ms, k.viseme] for k in self.visemes],
            "words": [asdict(w) for w in self.words],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Utterance:
        request = SpeechRequest(data["text"], data["language"], data["voice"], data["rate"])
        return cls(
            request=request,
            wav=Path(data["wav"]) if data["wav"] else None,
            duration_ms=int(data["duration_ms"]),
            visemes=[VisemeKey(int(t), str(v)) for t, v in data["visemes"]],
            words=[WordTiming(**w) for w in data["words"]],
            backend=data["backend"],
        )


class SpeechBackend(Protocol):
    """Makes speech for one request; runs in a worker process."""

    name: str

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        """Write the audio of ``request`` to ``wav`` and return its timings."""
        ...


_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")


def split_words(text: str) -> list[tuple[str, int]]:
    """Words with their character offsets; each Chinese character counts as a word."""
    return [(match.group(0), match.start()) for match in _WORD.finditer(text)]


def align_words(text: str, marks: list[tuple[int, int]], duration_ms: int) -> list[WordTiming]:
    """Word timings for ``text`` from an engine's (character offset, start ms) word marks.

    Every word of ``split_words`` gets a time: words sharing one mark split its span by
    length, so subtitles can highlight each word even when the engine groups them.
    """
    words = split_words(text)
    if not words:
        return []
    marks = sorted(marks) or [(0, 0)]
    groups: dict[int, list[int]] = {}
    for index, (_, offset) in enumerate(words):
        owner = 0
        for mark_index, (position, _) in enumerate(marks):
            if position <= offset:
                owner = mark_index
        groups.setdefault(owner, []).append(index)
    timings: list[WordTiming | None] = [None] * len(words)
    owners = sorted(groups)
    for rank, owner in enumerate(owners):
        start = marks[owner][1]
        end = marks[owners[rank + 1]][1] if rank + 1 < len(owners) else duration_ms
        members = groups[owner]
        total = sum(len(words[i][0]) for i in members)
        time = float(start)
        for i in members:
            span = (end - start) * len(words[i][0]) / max(total, 1)
            timings[i] = WordTiming(words[i][0], int(time), int(time + span), words[i][1])
            time += span
    return [t for t in timings if t is not None]


_LETTER_VISEMES = {
    "a": "aa",
    "e": "E",
    "i": "I",
    "o": "O",
    "u": "U",
    "y": "I",
    "b": "PP",
    "p": "PP",
    "m": "PP",
    "f": "FF",
    "v": "FF",
    "t": "DD",
    "d": "DD",
    "k": "kk",
    "g": "kk",
    "c": "kk",
    "q": "kk",
    "s": "SS",
    "z": "SS",
    "x": "SS",
    "n": "nn",
    "l": "nn",
    "r": "RR",
    "j": "CH",
    "h": "kk",
    "w": "U",
}


class SilentBackend:
    """No audio: timings estimated from the text at the requested speaking rate."""

    name = "silent"
    WORDS_PER_MINUTE = 165.0
    HANZI_PER_SECOND = 4.2

    def estimate(self, request: SpeechRequest) -> Utterance:
        rate = max(request.rate, 0.1)
        words = []
        visemes = [VisemeKey(0, "sil")]
        time = 150.0
        for word, offset in split_words(request.text):
            if len(word) == 1 and "\u3400" <= word <= "\u9fff":
                length = 1000.0 / (self.HANZI_PER_SECOND * rate)
                shapes = ["nn", "aa", "E"] if offset % 2 else ["SS", "O", "I"]
            else:
                length = 60_000.0 / (self.WORDS_PER_MINUTE * rate) * max(0.6, len(word) / 5)
                shapes = [_LETTER_VISEMES[ch] for ch in word.lower() if ch in _LETTER_VISEMES]
                shapes = shapes or ["E"]
            step = length / len(shapes)
            visemes += [VisemeKey(int(time + i * step), s) for i, s in enumerate(shapes)]
            words.append(WordTiming(word, int(time), int(time + length), offset))
            time += length
            if word[-1:] in ",;:，；：":
                visemes.append(VisemeKey(int(time), "sil"))
                time += 250
            elif word[-1:] in ".!?。！？":
                visemes.append(VisemeKey(int(time), "sil"))
                time += 450
        duration = int(time + 150)
        visemes.append(VisemeKey(duration, "sil"))
        return Utterance(request, None, duration, _dedupe(visemes), words, self.name)

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        return self.estimate(request)


def _dedupe(keys: list[VisemeKey]) -> list[VisemeKey]:
    out: list[VisemeKey] = []
    for key in keys:
        if out and out[-1].start_ms == key.start_ms:
            out[-1] = key
        elif not out or out[-1].viseme != key.viseme:
            out.append(key)
    return out


class SilentSpeaker:
    """A speaker with no voice: lines get estimated timings and no audio (stills, soaks)."""

    def __init__(self, duration_ms: int | None = None) -> None:
        self.duration_ms = duration_ms  # every line this long, when given (tests)

    def speak(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> Utterance:
        request = SpeechRequest(text, language, "silent", rate, volume, emphasis=emphasis)
        utterance = SilentBackend().estimate(request)
        if self.duration_ms is not None:
            utterance.duration_ms = self.duration_ms
        return utterance
