"""The guide's script: every line it can say in one language, with placeholders filled and
cues parsed, built from the scene (greeting, tour stops, farewell, idle lines, "tell me more").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.scene.model import Exhibit, GestureName, Scene
from guide.cues import LinePart, fill_placeholders, parse_cues

__all__ = ["LineKind", "NarrationLine", "Script", "answer_line", "build_script"]

LineKind = Literal["greeting", "stop", "farewell", "idle", "more", "answer"]


@dataclass
class NarrationLine:
    """One thing the guide says, ready to speak."""

    key: str  # "greeting", "stop:1" (1-based), "farewell", "idle:1", "more:kettle"
    kind: LineKind
    language: str
    text: str  # after placeholders, cues still in
    parts: list[LinePart]
    gesture: GestureName = "none"
    look_at: str | None = None  # exhibit id the guide turns to ("kettle#spout": a hotspot)
    stop: int | None = None  # 0-based tour stop
    problems: list[str] = field(default_factory=list)

    @property
    def spoken_text(self) -> str:
        return " ".join(part.text for part in self.parts if part.text)


@dataclass
class Script:
    """All lines of the guide in one language."""

    language: str
    greeting: NarrationLine | None
    stops: list[NarrationLine]
    farewell: NarrationLine | None
    idle: list[NarrationLine]
    more: dict[str, NarrationLine]

    def in_order(self) -> list[NarrationLine]:
        """Greeting, the stops, farewell: what a full tour says."""
        lines = [self.greeting] if self.greeting else []
        lines += self.stops
        return lines + ([self.farewell] if self.farewell else [])

    @property
    def problems(self) -> list[str]:
        every = self.in_order() + self.idle + list(self.more.values())
        return [f"{line.key}: {problem}" for line in every for problem in line.problems]


def _values(
    scene: Scene, language: str, exhibit: Exhibit | None, stop: int | None
) -> dict[str, str]:
    values = {"scene.title": scene.title[language]}
    if scene.guide is not None:
        values["guide.name"] = scene.guide.name[language]
    if exhibit is not None:
        values.update(
            {
                "exhibit.title": exhibit.info.title[language],
                "exhibit.text": exhibit.info.text[language],
                "exhibit.id": exhibit.id,
            }
        )
    if stop is not None and scene.tour is not None:
        values.update({"stop.number": str(stop + 1), "stop.count": str(len(scene.tour.stops))})
    return values


def _line(
    key: str, kind: LineKind, language: str, raw: str, values: dict[str, str], **extra: object
) -> NarrationLine:
    text, unknown = fill_placeholders(raw, values)
    parts, problems = parse_cues(text)
    problems += [f"unknown placeholder '{{{name}}}'" for name in unknown]
    return NarrationLine(key, kind, language, text, parts, problems=problems, **extra)  # type: ignore[arg-type]


def answer_line(
    text: str, language: str, gesture: GestureName = "none", look_at: str | None = None
) -> NarrationLine:
    """The guide's answer to a visitor's question, ready to speak (cues work in it too)."""
    return _line("answer", "answer", language, text, {}, gesture=gesture, look_at=look_at)


def build_script(scene: Scene, language: str) -> Script:
    """Every line of the guide in ``language`` (which must be one of the scene's)."""
    if language not in scene.languages:
        raise ValueError(
            f"the scene has no language '{language}' (it has {', '.join(scene.languages)})"
        )
    guide = scene.guide
    base = _values(scene, language, None, None)
    greeting = farewell = None
    idle: list[NarrationLine] = []
    if guide is not None:
        if guide.greeting:
            greeting = _line(
                "greeting",
                "greeting",
                language,
                guide.greeting[language],
                base,
                gesture="wave",
                look_at="visitor",
            )
        if guide.farewell:
            farewell = _line(
                "farewell",
                "farewell",
                language,
                guide.farewell[language],
                base,
                gesture="nod",
                look_at="visitor",
            )
        idle = [
            _line(
                f"idle:{i + 1}",
                "idle",
                language,
                text[language],
                base,
                gesture="wave",
                look_at="visitor",
            )
            for i, text in enumerate(guide.idle)
        ]
    stops = []
    if scene.tour is not None:
        for index, stop in enumerate(scene.tour.stops):
            exhibit = scene.exhibit(stop.exhibit) if stop.exhibit else None
            stops.append(
                _line(
                    f"stop:{index + 1}",
                    "stop",
                    language,
                    stop.say[language],
                    _values(scene, language, exhibit, index),
                    gesture=stop.gesture,
                    look_at=stop.exhibit,
                    stop=index,
                )
            )
    more = {}
    for exhibit in scene.exhibits:
        raw = (exhibit.more or exhibit.info.text)[language]
        more[exhibit.id] = _line(
            f"more:{exhibit.id}",
            "more",
            language,
            raw,
            _values(scene, language, exhibit, None),
            gesture="present",
            look_at=exhibit.id,
        )
    return Script(language, greeting, stops, farewell, idle, more)
