"""The guide's script as data: the lines it says on the tour, in order, per language."""

from __future__ import annotations

from dataclasses import dataclass

from app.scene.model import Scene

__all__ = ["NarrationLine", "tour_narration"]


@dataclass(frozen=True)
class NarrationLine:
    """One thing the guide says: where in the visit, in which language, what words."""

    kind: str  # "greeting", "stop", "farewell"
    stop: int | None  # 0-based tour stop, for kind == "stop"
    language: str
    text: str
    gesture: str = "none"


def tour_narration(scene: Scene, language: str) -> list[NarrationLine]:
    """Greeting, one line per tour stop and farewell, in visiting order."""
    if language not in scene.languages:
        raise ValueError(f"the scene has no language '{language}'")
    lines: list[NarrationLine] = []
    guide = scene.guide
    if guide is not None and guide.greeting:
        lines.append(NarrationLine("greeting", None, language, guide.greeting[language], "wave"))
    if scene.tour is not None:
        for index, stop in enumerate(scene.tour.stops):
            lines.append(NarrationLine("stop", index, language, stop.say[language], stop.gesture))
    if guide is not None and guide.farewell:
        lines.append(NarrationLine("farewell", None, language, guide.farewell[language], "nod"))
    return lines
