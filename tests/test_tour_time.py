"""The tour's length and what is left of it, as the tour bar shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.scene import load_scene
from guide.tour_time import (
    WALK_SECONDS,
    progress_text,
    remaining_seconds,
    spoken_seconds,
)

SHOWROOM = Path(__file__).resolve().parents[1] / "scenes" / "showroom.vitrine.yaml"


def test_speech_time_counts_words_and_han_syllables() -> None:
    assert spoken_seconds("one two three four five") == pytest.approx(5 * 60 / 165)
    assert spoken_seconds("欢迎光临") == pytest.approx(4 / 4.2)
    assert spoken_seconds("欢迎 to the 展厅") == pytest.approx(4 / 4.2 + 2 * 60 / 165)
    assert spoken_seconds("one two", rate=2.0) == pytest.approx(spoken_seconds("one two") / 2)


def test_what_is_left_shrinks_stop_by_stop() -> None:
    scene = load_scene(SHOWROOM).scene
    assert scene.tour is not None
    left = [remaining_seconds(scene, "en", stop) for stop in range(len(scene.tour.stops))]
    assert left == sorted(left, reverse=True) and left[-1] > WALK_SECONDS
    assert remaining_seconds(scene, "en", None) == pytest.approx(left[0])
    last = scene.tour.stops[-1]
    assert left[-1] == pytest.approx(spoken_seconds(last.say["en"]) + last.pause + WALK_SECONDS)


def test_the_progress_reads_in_the_visitors_language() -> None:
    scene = load_scene(SHOWROOM).scene
    assert progress_text(scene, "en", None).startswith("5 stops · about ")
    assert progress_text(scene, "en", 1).startswith("Stop 2 of 5 · about ")
    assert progress_text(scene, "zh", 4).startswith("第 5 站，共 5 站 · 约剩 ")
