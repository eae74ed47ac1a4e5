"""The digital-human guide engine: script, director, speech and visemes. Pure Python."""

from __future__ import annotations

from guide.script import NarrationLine, tour_narration

__all__ = ["NarrationLine", "tour_narration"]
