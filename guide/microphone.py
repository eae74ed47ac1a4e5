"""The microphone, through PortAudio (sounddevice): record while the visitor holds the talk
button, hand back 16 kHz mono samples. Without PortAudio or an input device it says why."""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

import numpy as np

from guide.listen_sphinx import RATE, resample

__all__ = ["Microphone", "MicrophoneMissing", "Recorder", "microphones"]

log = logging.getLogger(__name__)

MAX_SECONDS = 15.0  # a question; longer holds are cut


class MicrophoneMissing(Exception):
    """No microphone can be opened (no PortAudio, no input device, or it refused)."""


class Recorder(Protocol):
    def start(self) -> None: ...

    def stop(self) -> np.ndarray:
        """The samples since ``start``: float32, mono, 16 kHz."""
        ...


def microphones() -> int | str:
    """How many input devices PortAudio sees, or why it cannot look."""
    try:
        import sounddevice as sd

        return sum(1 for d in sd.query_devices() if d["max_input_channels"] > 0)
    except (ImportError, OSError) as exc:
        return f"no PortAudio: {exc}"


class Microphone:
    """The default input device."""

    def __init__(self) -> None:
        self._stream: Any = None
        self._chunks: list[np.ndarray] = []
        self._lock = threading.Lock()
        self._rate = RATE

    def start(self) -> None:
        try:
            import sounddevice as sd
        except (ImportError, OSError) as exc:
            log.warning("no PortAudio: %s", exc)
            raise MicrophoneMissing("this computer has no audio input library") from exc
        self._chunks = []
        last: Exception | None = None
        for rate in (RATE, None):  # 16 kHz if the device takes it, else its own rate
            try:
                chosen = rate or int(sd.query_devices(kind="input")["default_samplerate"])
                self._stream = sd.InputStream(
                    samplerate=chosen, channels=1, dtype="float32", callback=self._take
                )
                self._stream.start()
                self._rate = chosen
                return
            except Exception as exc:  # PortAudioError, ValueError: no such device
                last = exc
        log.warning("no microphone: %s", last)
        raise MicrophoneMissing("no microphone was found")

    def _take(self, data: np.ndarray, frames: int, time: Any, status: Any) -> None:
        with self._lock:
            if sum(len(c) for c in self._chunks) < MAX_SECONDS * self._rate:
                self._chunks.append(data[:, 0].copy())

    def stop(self) -> np.ndarray:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()
        with self._lock:
            samples = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)
        return resample(samples, self._rate)
