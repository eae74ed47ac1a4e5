"""Cues inside guide lines: pauses, gestures, gaze and emphasis, written in the scene's text.

    "Look at the [point] spout. [pause 0.8] It pours *slowly*. [look visitor] Any questions?"

``[pause S]`` waits S seconds; ``[point]``, ``[present]``, ``[wave]``, ``[nod]`` (or
``[gesture NAME]``) start a gesture; ``[smile]``, ``[think]``, ``[surprised]`` and
``[neutral]`` change the face; ``[look visitor]`` or ``[look EXHIBIT-ID]`` turns the guide's
head; ``*word*`` stresses a word (said more slowly, with raised brows). Placeholders such as
``{exhibit.title}`` are filled from the scene first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app.scene.model import GESTURES

__all__ = ["GESTURES", "Cue", "CueKind", "LinePart", "fill_placeholders", "parse_cues"]

CueKind = Literal["gesture", "look", "emphasis", "expression"]
_FACES = {"smile": "happy", "think": "thinking", "surprised": "surprised", "neutral": "neutral"}

_CUE = re.compile(r"\[([^\[\]]*)\]")
_EMPHASIS = re.compile(r"\*([^*\s][^*]*?)\*")
_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)\}")


@dataclass(frozen=True)
class Cue:
    """Something the guide does at a point in a line: ``kind`` is gesture, look or emphasis."""

    kind: CueKind
    value: str
    char: int  # offset in the part's spoken text where it happens


@dataclass
class LinePart:
    """Text spoken in one go, its cues, and the pause that follows it."""

    text: str
    cues: list[Cue] = field(default_factory=list)
    pause_after: float = 0.0


def fill_placeholders(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """Replace ``{name}`` placeholders; returns the text and the names that were unknown."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        unknown.append(name)
        return match.group(0)

    return _PLACEHOLDER.sub(replace, text), unknown


def _cue(content: str) -> tuple[Literal["gesture", "look", "pause", "expression"], str] | None:
    words = content.strip().split()
    if not words:
        return None
    head = words[0].lower()
    if head in _FACES and len(words) == 1:
        return "expression", _FACES[head]
    if head in GESTURES and len(words) == 1:
        return "gesture", head
    if head == "gesture" and len(words) == 2 and words[1].lower() in GESTURES:
        return "gesture", words[1].lower()
    if head == "look" and len(words) == 2:
        return "look", words[1]
    if head == "pause" and len(words) == 2:
        try:
            seconds = float(words[1].rstrip("s"))
        except ValueError:
            return None
        if 0 <= seconds <= 30:
            return "pause", f"{seconds:g}"
    return None


def parse_cues(text: str) -> tuple[list[LinePart], list[str]]:
    """Split a line at its pauses into parts with cues; returns parts and problems found."""
    problems: list[str] = []
    parts: list[LinePart] = [LinePart("")]
    position = 0
    for match in _CUE.finditer(text):
        _append_text(parts[-1], text[position : match.start()])
        position = match.end()
        parsed = _cue(match.group(1))
        if parsed is None:
            problems.append(
                f"unknown cue '[{match.group(1)}]' (use [pause 1], [point], [present], "
                "[wave], [nod], [smile], [think], [look visitor] or [look EXHIBIT-ID])"
            )
            continue
        kind, value = parsed
        if kind == "pause":
            parts[-1].pause_after += float(value)
            parts.append(LinePart(""))
        else:
            parts[-1].cues.append(Cue(kind, value, len(parts[-1].text.rstrip())))
    _append_text(parts[-1], text[position:])
    for part in parts:
        part.text = part.text.rstrip()
        part.cues = [Cue(c.kind, c.value, min(c.char, len(part.text))) for c in part.cues]
    cleaned = [p for p in parts if p.text or p.cues or p.pause_after]
    return cleaned or [LinePart("")], problems


def _append_plain(part: LinePart, chunk: str) -> None:
    """Append text with runs of white space folded, so cue offsets stay true."""
    chunk = re.sub(r"\s+", " ", chunk)
    if not part.text or part.text.endswith(" "):
        chunk = chunk.lstrip()
    part.text += chunk


def _append_text(part: LinePart, chunk: str) -> None:
    """Add spoken text, turning ``*word*`` into an emphasis cue on that word."""
    position = 0
    for match in _EMPHASIS.finditer(chunk):
        _append_plain(part, chunk[position : match.start()])
        part.cues.append(Cue("emphasis", match.group(1), len(part.text)))
        _append_plain(part, match.group(1))
        position = match.end()
    _append_plain(part, chunk[position:])
