"""The pyttsx3 backend: the system's voices (SAPI5, NSSS, or eSpeak NG through its driver).

pyttsx3 2.99 is fragile when reused (a second ``runAndWait`` can hang; several ``say`` calls
before one ``runAndWait`` speak only the last), so every line runs in a fresh worker process
with one ``save_to_file`` and one ``runAndWait``. Its engines report no phoneme times, so the
mouth follows the loudness of the audio.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.errors import SpeechUnavailable, VoiceMissing
from guide.speech import SpeechRequest, Utterance, align_words
from guide.visemes import visemes_from_envelope
from guide.wav import energy_onsets, read_wav

__all__ = ["Pyttsx3Backend", "pick_voice"]

_NORMAL_RATE = 175


def pick_voice(voices: list[Any], wanted: str, language: str) -> Any | None:
    """The installed voice matching ``wanted`` (id or name), else one for ``language``."""
    wanted_l, lang = wanted.lower(), language.lower()

    def ids(voice: Any) -> list[str]:
        langs = [str(x).lower() for x in (getattr(voice, "languages", None) or [])]
        return [str(voice.id).lower(), str(getattr(voice, "name", "")).lower(), *langs]

    for voice in voices:
        if any(value == wanted_l or value.endswith("/" + wanted_l) for value in ids(voice)):
            return voice
    for voice in voices:
        if any(value.split("/")[-1].split("-")[0] == lang.split("-")[0] for value in ids(voice)):
            return voice
    return None


class Pyttsx3Backend:
    """Speaks through pyttsx3 into a WAV file (run it in a fresh process per line)."""

    name = "pyttsx3"

    def speak_to_file(self, request: SpeechRequest, wav: Path) -> Utterance:
        try:
            import pyttsx3
        except ImportError as exc:
            raise SpeechUnavailable("pyttsx3 is not installed (pip install pyttsx3)") from exc
        try:
            engine = pyttsx3.init()
        except Exception as exc:  # each platform driver fails in its own way
            raise SpeechUnavailable(f"no text-to-speech engine could start: {exc}") from exc
        voice = pick_voice(
            list(engine.getProperty("voices") or []), request.voice, request.language
        )
        if voice is None:
            raise VoiceMissing(f"no installed voice for '{request.voice}' ({request.language})")
        engine.setProperty("voice", voice.id)
        engine.setProperty("rate", int(round(_NORMAL_RATE * request.rate)))
        engine.setProperty("volume", float(request.volume))
        engine.save_to_file(request.text, str(wav))
        engine.runAndWait()
        if not wav.is_file() or wav.stat().st_size <= 44:
            raise SpeechUnavailable("the speech engine wrote no audio")
        samples, rate = read_wav(wav)
        duration = int(1000 * len(samples) / rate)
        onsets = energy_onsets(samples, rate)
        words = align_words(request.text, [(0, onsets[0] if onsets else 0)], duration)
        return Utterance(
            request, wav, duration, visemes_from_envelope(samples, rate), words, self.name
        )
