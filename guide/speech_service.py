"""The guide's voice: cached, isolated speech synthesis that degrades to silent subtitles.

Lines are synthesised in a worker process (a hung or crashed engine is killed and reported,
never waited on), cached by backend, voice, rate, volume and text, and, when no engine works,
estimated by ``SilentBackend`` so subtitles and the mouth still follow the words.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.errors import SpeechUnavailable, VoiceMissing
from app.paths import cache_root
from app.workers import IsolatedWorkers, WorkerCrashed, WorkerTimedOut
from guide.speech import SilentBackend, SpeechRequest, Utterance, voice_choice
from guide.speech_piper import is_piper_voice

__all__ = ["SpeechService", "resolve_backend", "speak_job"]

log = logging.getLogger(__name__)

FRONT_END_VERSION = 1  # bump when the text front-end reads the same line differently


def resolve_backend(name: str = "auto") -> Any:
    """A backend by name: ``espeak``, ``pyttsx3``, ``silent`` or ``auto`` (best available)."""
    if name == "auto":
        from guide.espeak_native import espeak_available

        if espeak_available():
            name = "espeak"
        else:
            try:
                import importlib.util

                name = "pyttsx3" if importlib.util.find_spec("pyttsx3") else "silent"
            except ImportError:
                name = "silent"
    if name == "espeak":
        from guide.speech_espeak import EspeakBackend

        return EspeakBackend()
    if name == "pyttsx3":
        from guide.speech_pyttsx3 import Pyttsx3Backend

        return Pyttsx3Backend()
    if name == "silent":
        return SilentBackend()
    raise ValueError(f"unknown speech backend '{name}' (espeak, pyttsx3, silent or auto)")


def speak_job(backend: Any, request: SpeechRequest, wav: str) -> dict[str, Any]:
    """Runs in the speech worker: synthesise one line, cache it next to the WAV, return it."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # some engines print progress
        data = backend.speak_to_file(request, Path(wav)).to_json()
    meta = Path(wav).with_suffix(".json")
    temp = meta.with_name(meta.name + ".part")
    temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temp.replace(meta)
    return dict(data)


class SpeechService:
    """Speaks lines for the guide; every call returns an Utterance, audio or not."""

    def __init__(
        self,
        backend: str | Any = "auto",
        voices: Mapping[str, Any] | None = None,
        cache_dir: Path | None = None,
        timeout: float = 20.0,
        lexicon: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.backend = resolve_backend(backend) if isinstance(backend, str) else backend
        self.voices = dict(voices or {})
        self.lexicon = tuple(
            (language, word, reading)
            for language, words in sorted((lexicon or {}).items())
            for word, reading in sorted(words.items())
        )
        self.cache_dir = cache_dir or cache_root() / "speech"
        self.timeout = timeout
        self.silent = SilentBackend()
        self.unavailable: str | None = None
        self.missing_voices: dict[str, str] = {}
        self.synthesised = 0  # lines the engine made (not read from the cache)
        self._workers: IsolatedWorkers | None = None
        self._pending: dict[str, Future[dict[str, Any]]] = {}
        if self.backend.name != "silent":
            fresh = self.backend.name == "pyttsx3"
            self._workers = IsolatedWorkers(1, fresh_process_per_job=fresh)

    def request(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> SpeechRequest:
        choice = voice_choice(language, self.voices)
        if is_piper_voice(choice.voice) and not self._piper_ready(choice.voice):
            choice = voice_choice(language)  # eSpeak's default voice instead
        return SpeechRequest(
            text,
            language,
            choice.voice,
            rate,
            volume,
            choice.pitch,
            choice.pitch_range,
            emphasis,
            self.lexicon,
            self._english_voice(),
        )

    def _english_voice(self) -> str:
        """The eSpeak voice for English words inside a line in another language (the neural
        voice speaks whole English lines only)."""
        voice = voice_choice("en", self.voices).voice
        return voice_choice("en").voice if is_piper_voice(voice) else voice

    def _piper_ready(self, voice: str) -> bool:
        """Whether piper can speak ``voice`` here; said once in the log when it cannot."""
        from guide.speech_piper import INSTALL_HINT, piper_available

        if self.backend.name == "silent":
            return False
        if piper_available():
            return True
        if voice not in self.missing_voices:
            self.missing_voices[voice] = (
                f"the neural voice {voice} is not installed ({INSTALL_HINT}); speaking with eSpeak"
            )
            log.warning("%s", self.missing_voices[voice])
        return False

    def _engine(self, request: SpeechRequest) -> Any:
        if is_piper_voice(request.voice):
            from guide.speech_piper import PiperBackend

            return PiperBackend()
        return self.backend

    def _key(self, request: SpeechRequest) -> str:
        text = json.dumps(
            [self._engine(request).name, FRONT_END_VERSION, asdict(request)], ensure_ascii=False
        )
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def speak(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> Utterance:
        """The utterance for one line: from the cache, the engine, or estimated silently."""
        request = self.request(text, language, rate, volume, emphasis)
        if self._workers is None or self.unavailable is not None:
            utterance = self.silent.estimate(request)
            if self.unavailable:
                utterance.notes.append(self.unavailable)
            return utterance
        if request.voice in self.missing_voices:
            return self._fallback(request, self.missing_voices[request.voice])
        key = self._key(request)
        meta, wav = self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.wav"
        cached = self._load(meta, wav)
        if cached is not None:
            return cached
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        future = self._pending.pop(key, None) or self._workers.submit(
            speak_job, self._engine(request), request, str(wav)
        )
        try:
            data = self._workers.result(future, timeout=self.timeout)
        except (WorkerCrashed, WorkerTimedOut) as exc:
            reason = f"the speech engine ({self._engine(request).name}) stopped responding: {exc}"
            log.error("%s; continuing with subtitles only", reason)
            return self._fallback(request, reason)
        except VoiceMissing as exc:
            reason = f"{exc}; lines in '{language}' are shown as subtitles only"
            self.missing_voices[request.voice] = reason
            log.error("%s", reason)
            return self._fallback(request, reason)
        except SpeechUnavailable as exc:
            self.unavailable = f"{exc}; the guide continues silently with subtitles"
            log.error("%s", self.unavailable)
            return self._fallback(request, self.unavailable)
        self.synthesised += 1
        return Utterance.from_json(data)

    def prefetch(self, lines: list[tuple[str, str]], rate: float = 1.0, volume: float = 1.0) -> int:
        """Start synthesising (text, language) lines in the background; returns how many.

        Later ``speak`` calls for them only wait for what is left, so the app can prepare a
        whole tour while the visitor looks around.
        """
        if self._workers is None or self.unavailable is not None:
            return 0
        started = 0
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for text, language in lines:
            request = self.request(text, language, rate, volume)
            key = self._key(request)
            if key in self._pending or (self.cache_dir / f"{key}.json").is_file():
                continue
            wav = self.cache_dir / f"{key}.wav"
            self._pending[key] = self._workers.submit(
                speak_job, self._engine(request), request, str(wav)
            )
            started += 1
        return started

    def wait_prefetched(self, timeout: float) -> None:
        """Block until every prefetched line is ready (or ``timeout`` seconds passed)."""
        import concurrent.futures

        concurrent.futures.wait(list(self._pending.values()), timeout=timeout)

    def _fallback(self, request: SpeechRequest, reason: str) -> Utterance:
        utterance = self.silent.estimate(request)
        utterance.notes.append(reason)
        return utterance

    @staticmethod
    def _load(meta: Path, wav: Path) -> Utterance | None:
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("wav") and not wav.is_file():
            return None
        data["wav"] = str(wav) if data.get("wav") else None
        return Utterance.from_json(data)

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()
