"""What a curator should hear about the exhibition's questions before visitors ask them: two
entries that answer the same question, so the guide would pick one of them at random."""

from __future__ import annotations

from app.scene.model import FaqEntry, Scene
from guide.answers import Answerer
from guide.reading_lint import Loc

__all__ = ["faq_warnings"]


def _location(scene: Scene, source: str) -> Loc:
    """``exhibits.kettle.faq[1]`` as a location in the scene file (exhibits by index)."""
    parts: list[str | int] = []
    for piece in source.split("."):
        name, _, rest = piece.partition("[")
        parts.append(name)
        if rest:
            parts.append(int(rest.rstrip("]")))
    if parts[0] == "exhibits":
        parts[1] = [e.id for e in scene.exhibits].index(str(parts[1]))
    return tuple(parts)


def faq_warnings(scene: Scene) -> list[tuple[Loc, str]]:
    """Each way of asking of every entry is put to the guide: when another entry answers it,
    the two collide."""
    answerer = Answerer(scene)
    warnings: list[tuple[Loc, str]] = []
    seen: set[tuple[str, str]] = set()
    for language, docs in answerer.docs.items():
        for doc in docs:
            if doc.question is None:
                continue
            entry = _entry(scene, doc.source)
            for way in entry.q.get(language, []):
                answer = answerer.ask(way, language, doc.exhibit)
                if answer.intent != "answer" or answer.source == doc.source:
                    continue
                if "faq[" not in answer.source:
                    continue  # a card or hotspot text that fits is no collision
                pair = tuple(sorted((doc.source, answer.source)))
                if (pair[0], pair[1]) in seen:
                    continue
                seen.add((pair[0], pair[1]))
                warnings.append((
                    _location(scene, doc.source),
                    f"'{way}' ({language}) is answered by {answer.source} instead: the two "
                    "entries collide (merge them, or word their questions apart)",
                ))  # fmt: skip
    return warnings


def _entry(scene: Scene, source: str) -> FaqEntry:
    loc = _location(scene, source)
    if loc[0] == "faq":
        return scene.faq[int(loc[1])]
    return scene.exhibits[int(loc[1])].faq[int(loc[3])]
