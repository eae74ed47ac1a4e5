"""Small WAV helpers: write and read 16-bit mono PCM, and find where sound starts."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

__all__ = ["energy_onsets", "read_wav", "write_wav"]


def write_wav(path: Path, samples: bytes | np.ndarray, sample_rate: int) -> None:
    """Write mono 16-bit PCM (written to a temporary name, then renamed)."""
    data = samples.astype("<i2").tobytes() if isinstance(samples, np.ndarray) else bytes(samples)
    temp = path.with_name(path.name + ".part")
    with wave.open(str(temp), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(data)
    temp.replace(path)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Mono int16 samples and the sample rate (stereo is mixed down)."""
    with wave.open(str(path), "rb") as handle:
        rate = handle.getframerate()
        channels = handle.getnchannels()
        width = handle.getsampwidth()
        raw = handle.readframes(handle.getnframes())
    if width != 2:
        dtype = {1: np.uint8, 4: np.int32}.get(width, np.int16)
        values = np.frombuffer(raw, dtype=dtype).astype(np.float64)
        if width == 1:
            values = (values - 128) * 256
        elif width == 4:
            values = values / 65536
        samples = values.astype(np.int16)
    else:
        samples = np.frombuffer(raw, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return samples, rate


def energy_onsets(
    samples: np.ndarray, sample_rate: int, threshold: float = 0.02, min_gap_ms: int = 60
) -> list[int]:
    """Milliseconds where sound starts after at least ``min_gap_ms`` of quiet."""
    frame = max(1, sample_rate // 200)  # 5 ms
    count = len(samples) // frame
    if count == 0:
        return []
    frames = samples[: count * frame].astype(np.float64).reshape(count, frame) / 32768.0
    loud = np.sqrt((frames**2).mean(axis=1)) >= threshold
    onsets = []
    quiet_run = min_gap_ms  # the start counts as after silence
    for index, is_loud in enumerate(loud):
        if is_loud:
            if quiet_run * 1 >= min_gap_ms:
                onsets.append(index * 5)
            quiet_run = 0
        else:
            quiet_run += 5
    return onsets
