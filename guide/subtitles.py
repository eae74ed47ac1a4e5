"""Subtitle files for recorded tours: SubRip (.srt) and WebVTT (.vtt)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cue", "read_srt", "srt_time", "vtt_time", "write_srt", "write_vtt"]


@dataclass(frozen=True)
class Cue:
    index: int
    start: float  # seconds
    end: float
    text: str


def _split(seconds: float) -> tuple[int, int, int, int]:
    millis = int(round(seconds * 1000))
    return millis // 3_600_000, millis // 60_000 % 60, millis // 1000 % 60, millis % 1000


def srt_time(seconds: float) -> str:
    h, m, s, ms = _split(seconds)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def vtt_time(seconds: float) -> str:
    h, m, s, ms = _split(seconds)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def write_srt(path: Path, cues: list[Cue]) -> None:
    blocks = [f"{c.index}\n{srt_time(c.start)} --> {srt_time(c.end)}\n{c.text}\n" for c in cues]
    path.write_text("\n".join(blocks), encoding="utf-8")


def write_vtt(path: Path, cues: list[Cue]) -> None:
    blocks = [f"{c.index}\n{vtt_time(c.start)} --> {vtt_time(c.end)}\n{c.text}\n" for c in cues]
    path.write_text("WEBVTT\n\n" + "\n".join(blocks), encoding="utf-8")


def read_srt(path: Path) -> list[Cue]:
    """Parse an SRT file written by ``write_srt`` (for checks and tools)."""
    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        start, end = (_seconds(part.strip()) for part in lines[1].split("-->"))
        cues.append(Cue(int(lines[0]), start, end, "\n".join(lines[2:])))
    return cues


def _seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)
