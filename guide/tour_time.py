"""How long the guided tour takes, and how much of it is left: each stop's words at the
guide's speaking pace, its pause, and the walk to it."""

from __future__ import annotations

import re

from app.scene import Scene, in_language

__all__ = ["WALK_SECONDS", "progress_text", "remaining_seconds", "spoken_seconds"]

WORDS_PER_MINUTE = 165.0  # English at the guide's normal rate
HAN_PER_SECOND = 4.2  # Mandarin syllables (characters) per second
WALK_SECONDS = 4.0  # the guide and the visitor going to the next stop

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9']+")


def spoken_seconds(text: str, rate: float = 1.0) -> float:
    """About how long ``text`` takes to say: Han characters as syllables, other words at
    the English pace."""
    han = len(_HAN.findall(text))
    words = len(_WORD.findall(_HAN.sub(" ", text)))
    return (han / HAN_PER_SECOND + words * 60.0 / WORDS_PER_MINUTE) / max(rate, 0.1)


def remaining_seconds(scene: Scene, language: str, stop: int | None, rate: float = 1.0) -> float:
    """Seconds from the start of ``stop`` (None: the whole tour) to the tour's end."""
    if scene.tour is None:
        return 0.0
    stops = scene.tour.stops[(stop or 0) :]
    return sum(
        spoken_seconds(in_language(s.say, language), rate)
        + s.pause + WALK_SECONDS
        for s in stops
    )  # fmt: skip


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def progress_text(scene: Scene, language: str, stop: int | None, rate: float = 1.0) -> str:
    """ "Stop 2 of 4 · about 3 min left" (or, before the tour, "4 stops · about 5 min")."""
    if scene.tour is None or not scene.tour.stops:
        return ""
    count = len(scene.tour.stops)
    zh = language.startswith("zh")
    if stop is None:
        minutes = _minutes(remaining_seconds(scene, language, None, rate))
        return (
            f"共 {count} 站 · 约 {minutes} 分钟" if zh else f"{count} stops · about {minutes} min"
        )
    minutes = _minutes(remaining_seconds(scene, language, stop, rate))
    if zh:
        return f"第 {stop + 1} 站，共 {count} 站 · 约剩 {minutes} 分钟"
    return f"Stop {stop + 1} of {count} · about {minutes} min left"
