"""The guide's voice channel as the visit core sees it, and a silent one for headless runs.

The app plays through ``app.render.audio.AudioPlayer`` (Panda3D's OpenAL); recordings, the
kiosk soak, stills and tests use ``SilentAudio``, which notes what would have played and when.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from guide.clock import Clock

__all__ = ["AudioOut", "SilentAudio"]


class AudioOut(Protocol):
    """One voice channel with its own clock (where playback is)."""

    available: bool
    muted: bool
    volume: float

    def play(self, wav: Path | None) -> None: ...

    def stop(self) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def position(self) -> float | None:
        """Seconds into the playing line, or None when nothing audible plays."""
        ...


class SilentAudio:
    """Plays nothing; remembers each line it was asked to play and the clock time it was."""

    available = False

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock
        self.muted = False
        self.volume = 1.0
        self.played: list[tuple[float, Path | None]] = []

    def play(self, wav: Path | None) -> None:
        self.played.append((self.clock.now() if self.clock is not None else 0.0, wav))

    def stop(self) -> None:
        return None

    def pause(self) -> None:
        return None

    def resume(self) -> None:
        return None

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def position(self) -> float | None:
        return None
