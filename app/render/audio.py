"""Playing the guide's lines through Panda3D's audio (OpenAL); silent when there is no device."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

__all__ = ["AudioPlayer"]

log = logging.getLogger(__name__)


class AudioPlayer:
    """One voice channel: play, pause, resume, stop, and where playback is (the audio clock)."""

    def __init__(self, base: Any) -> None:
        self.base = base
        managers = getattr(base, "sfxManagerList", None) or []
        self.manager = managers[0] if managers else None
        self.available = bool(self.manager is not None and self.manager.isValid())
        if not self.available:
            log.info("no sound device: the guide speaks in subtitles only")
        self.sound: Any = None
        self.muted = False
        self.volume = 1.0
        self._paused_at: float | None = None

    def play(self, wav: Path | None) -> None:
        self.stop()
        if wav is None or not self.available or self.muted:
            return
        self.sound = self.base.loader.loadSfx(str(wav))
        self.sound.setVolume(self.volume)
        self.sound.play()

    def stop(self) -> None:
        if self.sound is not None:
            self.sound.stop()
        self.sound = None
        self._paused_at = None

    def pause(self) -> None:
        if self.sound is not None and self._paused_at is None:
            self._paused_at = self.sound.getTime()
            self.sound.stop()

    def resume(self) -> None:
        if self.sound is not None and self._paused_at is not None:
            self.sound.setTime(self._paused_at)
            self.sound.play()
            self._paused_at = None

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.stop()

    def position(self) -> float | None:
        """Seconds into the playing line, or None when nothing audible is playing."""
        if self.sound is None or not self.available:
            return None
        return self._paused_at if self._paused_at is not None else float(self.sound.getTime())
