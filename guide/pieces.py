"""What the text front-end hands the voices: pieces of a line and runs of one voice.

A piece is a stretch of the curator's line and what a voice says for it; a run is a sequence
of pieces one voice speaks in one go (see ``guide.reading``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Piece", "Run"]


@dataclass(frozen=True)
class Piece:
    """What a voice says for ``source[start:end]``; ``language`` is the voice that says it."""

    spoken: str
    language: str  # "zh" or "en"
    start: int
    end: int
    emphasis: bool = False

    @property
    def is_pause(self) -> bool:
        """Punctuation: spoken as a pause, no word of its own."""
        return not any(ch.isalnum() for ch in self.spoken)


@dataclass(frozen=True)
class Run:
    """Consecutive pieces for one voice at one emphasis: spoken in one synthesis call."""

    language: str
    emphasis: bool
    pieces: tuple[Piece, ...]

    def text(self) -> tuple[str, list[int]]:
        """The run's text for the engine, and where each piece starts in it."""
        parts, starts, length = [], [], 0
        for piece in self.pieces:
            starts.append(length)
            parts.append(piece.spoken)
            length += len(piece.spoken) + 1
        return " ".join(parts), starts
