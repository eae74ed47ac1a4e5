"""libespeak-ng through ctypes: PCM audio and every phoneme with its time, in one call.

Synchronous mode with phoneme events (IPA) returns the samples and, for each phoneme, its
``audio_position`` in milliseconds, far faster than real time. eSpeak keeps global state, so
one process uses either this module or pyttsx3's espeak driver, never both; Vitrine runs it in
a speech worker process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.errors import SpeechUnavailable, VoiceMissing

__all__ = [
    "EspeakResult",
    "PhonemeEvent",
    "WordEvent",
    "espeak_available",
    "list_voices",
    "synthesize",
    "text_to_phonemes",
]

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_INITIALIZE_PHONEME_IPA = 0x0002
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_PHONEMES_IPA = 0x02
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_EVENT_END = 5
_EVENT_MSG_TERMINATED = 6
_EVENT_PHONEME = 7
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_PARAM_RANGE = 4
_NORMAL_RATE = 175  # words per minute at rate 1.0


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


class _Voice(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass(frozen=True)
class PhonemeEvent:
    """One phoneme (IPA) starting ``start_ms`` into the audio."""

    phoneme: str
    start_ms: int


@dataclass(frozen=True)
class WordEvent:
    """One word of the text: character offset and length, and when it starts in the audio."""

    text_position: int
    length: int
    start_ms: int


@dataclass
class EspeakResult:
    """Synthesised speech: mono 16-bit samples and the events aligned to them."""

    samples: bytearray
    sample_rate: int
    phonemes: list[PhonemeEvent] = field(default_factory=list)
    words: list[WordEvent] = field(default_factory=list)


class _Engine:
    def __init__(self) -> None:
        name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(name)
        except OSError as exc:
            raise SpeechUnavailable(
                "eSpeak NG is not installed (Debian: apt install espeak-ng libespeak-ng1)"
            ) from exc
        lib = self.lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetVoiceByProperties.argtypes = [ctypes.POINTER(_Voice)]
        lib.espeak_SetVoiceByProperties.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_int,
            ctypes.c_int,
        ]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        options = _INITIALIZE_PHONEME_EVENTS | _INITIALIZE_PHONEME_IPA | _INITIALIZE_DONT_EXIT
        self.sample_rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, options)
        if self.sample_rate <= 0:
            raise SpeechUnavailable("eSpeak NG could not start (is espeak-ng-data installed?)")
        self._collect: EspeakResult | None = None
        self._callback = _CALLBACK(self._on_audio)  # kept alive as long as the engine
        lib.espeak_SetSynthCallback(self._callback)

    def _on_audio(self, wav: Any, count: int, events: Any) -> int:
        result = self._collect
        if result is None:
            return 0
        if count > 0 and wav:
            result.samples += ctypes.string_at(wav, count * 2)
        index = 0
        while True:
            event = events[index]
            if event.type == _EVENT_LIST_TERMINATED:
                break
            if event.type == _EVENT_PHONEME:
                raw = bytes(event.id.string).split(b"\0", 1)[0]
                result.phonemes.append(
                    PhonemeEvent(raw.decode("utf-8", "replace"), int(event.audio_position))
                )
            elif event.type == _EVENT_WORD:
                result.words.append(
                    WordEvent(
                        int(event.text_position) - 1, int(event.length), int(event.audio_position)
                    )
                )
            index += 1
        return 0

    def voice(
        self, name: str, rate: float, volume: float, pitch: int = 50, range_: int = 50
    ) -> None:
        if not math.isfinite(rate) or not math.isfinite(volume):
            raise ValueError("speaking rate and volume must be numbers")
        if self.lib.espeak_SetVoiceByName(name.encode()) != 0:
            # Not a voice file name: try it as a language (en-gb, pt-br, ...), but only one
            # eSpeak has: asked for a language it lacks, it would pick a near one silently.
            base = name.split("+")[0].lower()
            if not any(v == base or v.startswith(base + "-") for v in list_voices()):
                raise VoiceMissing(f"eSpeak NG has no voice '{name}'")
            spec = _Voice(None, name.encode(), None, 0, 0, 0, 0, 0, None)
            if self.lib.espeak_SetVoiceByProperties(ctypes.byref(spec)) != 0:
                raise VoiceMissing(f"eSpeak NG has no voice '{name}'")
        self.lib.espeak_SetParameter(_PARAM_RATE, int(round(_NORMAL_RATE * rate)), 0)
        self.lib.espeak_SetParameter(_PARAM_VOLUME, int(round(100 * volume)), 0)
        self.lib.espeak_SetParameter(_PARAM_PITCH, min(max(int(pitch), 0), 100), 0)
        self.lib.espeak_SetParameter(_PARAM_RANGE, min(max(int(range_), 0), 100), 0)

    def synthesize(
        self, text: str, voice: str, rate: float, volume: float, pitch: int, range_: int
    ) -> EspeakResult:
        self.voice(voice, rate, volume, pitch, range_)
        data = text.encode("utf-8") + b"\0"
        buffer = ctypes.create_string_buffer(data)
        self._collect = EspeakResult(bytearray(), self.sample_rate)
        try:
            status = self.lib.espeak_Synth(buffer, len(data), 0, 0, 0, _CHARS_UTF8, None, None)
            if status != 0:
                raise SpeechUnavailable(f"eSpeak NG failed to speak (error {status})")
            self.lib.espeak_Synchronize()
            return self._collect
        finally:
            self._collect = None

    def phonemes(self, text: str, voice: str) -> str:
        self.voice(voice, 1.0, 1.0)
        buffer = ctypes.create_string_buffer(text.encode("utf-8") + b"\0")
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        parts = []
        while pointer.value:
            chunk = self.lib.espeak_TextToPhonemes(
                ctypes.byref(pointer), _CHARS_UTF8, _PHONEMES_IPA
            )
            if chunk is None:
                break
            parts.append(chunk.decode("utf-8", "replace"))
        return " ".join(parts)


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    return _Engine()


def espeak_available() -> bool:
    """Whether libespeak-ng can be loaded in this process."""
    return bool(ctypes.util.find_library("espeak-ng"))


def synthesize(
    text: str,
    voice: str,
    rate: float = 1.0,
    volume: float = 1.0,
    pitch: int = 50,
    range_: int = 50,
) -> EspeakResult:
    """Speak ``text`` into memory: samples plus phoneme and word timings. ``pitch`` and
    ``range_`` (0-100, 50 the voice's own) move its base pitch and widen its intonation."""
    return _engine().synthesize(text, voice, rate, volume, pitch, range_)


def text_to_phonemes(text: str, voice: str) -> str:
    """The IPA phonemes eSpeak would speak, with ``(en)``-style marks where it switches language."""
    return _engine().phonemes(text, voice)


def list_voices() -> list[str]:
    """Voice names installed for eSpeak NG (from its data folder)."""
    import glob
    import os

    names = set()
    for folder in (
        glob.glob("/usr/lib/*/espeak-ng-data/voices")
        + glob.glob("/usr/share/espeak-ng-data/voices")
        + glob.glob("/usr/lib/*/espeak-ng-data/lang/*/*")
    ):
        if os.path.isfile(folder):
            names.add(os.path.basename(folder).lower())
    return sorted(names)
