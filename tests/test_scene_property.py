"""Property: any scene file the validator accepts opens and renders without an exception.

Hypothesis writes scene files with numbers from the whole float range (NaN, infinities,
denormals, huge values), odd strings and missing parts; each one the validator accepts is
visited and drawn headless through the visit core, as `vitrine render` would."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.scene import check_scene, load_scene
from app.visit import VisitCore
from guide.speech import SilentSpeaker

from conftest import write_cube

pytestmark = [pytest.mark.render, pytest.mark.slow]

_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.floats(min_value=-30, max_value=30),
    st.sampled_from([0.0, -0.0, 1e-300, 5e-324, 1e300, 0.8, 2.5]),
    st.integers(min_value=-(10**6), max_value=10**6),
)


@st.composite
def _value(draw: st.DrawFn, low: float, high: float) -> float | int:
    """Mostly a sensible number, sometimes anything at all (so both paths are exercised)."""
    if draw(st.integers(0, 11)) == 0:
        return draw(_numbers)
    return draw(st.floats(min_value=low, max_value=high))


def _values(low: float, high: float, count: int) -> st.SearchStrategy[list[float | int]]:
    return st.lists(_value(low, high), min_size=count, max_size=count)


def _yaml_number(value: float | int) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ".nan"
    if isinstance(value, float) and math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def _flow(value: Any) -> str:
    """A YAML flow value (numbers and strings written so YAML reads them back exactly)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _yaml_number(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def scenes(draw: st.DrawFn) -> str:
    lines = ["format: 1", "title: {en: Property, zh: 属性}", "languages: [en, zh]"]
    if draw(st.booleans()):
        hall = {
            "size": [draw(_value(3, 40)), draw(_value(3, 40)), draw(_value(2.2, 8))],
            "lighting": draw(st.sampled_from(["gallery", "daylight", "warm", "spotlight"])),
        }
        lines.append("hall: " + _flow(hall))
    count = draw(st.integers(0, 3))
    lines.append("exhibits:" if count else "exhibits: []")
    for index in range(count):
        exhibit: dict[str, Any] = {
            "id": f"e{index}",
            "model": "models/cube.glb",
            "position": draw(_values(-1, 1, 2)),
            "info": {"title": {"en": "E", "zh": "E"}, "text": {"en": "T", "zh": "T"}},
        }
        for key in ("heading", "pitch", "roll", "turntable"):
            if draw(st.booleans()):
                exhibit[key] = draw(_value(-180, 180))
        choice = draw(st.sampled_from(["none", "scale", "fit"]))
        if choice != "none":
            exhibit[choice] = draw(_value(0.05, 3))
        if draw(st.booleans()):
            exhibit["plinth"] = {"height": draw(_value(0, 1.5)), "size": draw(_values(0.05, 2, 2))}
        if draw(st.booleans()):
            exhibit["hotspots"] = [
                {
                    "id": "h",
                    "position": draw(_values(-0.5, 0.5, 3)),
                    "title": {"en": "H", "zh": "H"},
                    "text": {"en": "H", "zh": "H"},
                }
            ]
        lines.append("  - " + _flow(exhibit))
    if count and draw(st.booleans()):
        stops = []
        for _ in range(draw(st.integers(1, 2))):
            stop: dict[str, Any] = {"say": {"en": "Hi", "zh": "你好"}, "pause": draw(_value(0, 5))}
            if draw(st.booleans()):
                stop["exhibit"] = "e0"
            else:
                stop["camera"] = {
                    "position": draw(_values(-4, 4, 3)),
                    "look_at": draw(_values(-4, 4, 3)),
                }
            stops.append(stop)
        lines.append("tour: " + _flow({"stops": stops}))
    if draw(st.booleans()):
        lines.append(
            "guide: "
            + _flow(
                {
                    "name": {"en": "Mia", "zh": "小美"},
                    "rate": draw(_value(0.5, 2)),
                    "volume": draw(_value(0, 1)),
                }
            )
        )
    return "\n".join(lines) + "\n"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=scenes())
def test_every_accepted_scene_renders(
    offscreen: Any, library: Any, tmp_path: Path, text: str
) -> None:
    folder = tmp_path / "show"
    if not (folder / "models" / "cube.glb").exists():
        write_cube(folder / "models" / "cube.glb")
    path = folder / "show.vitrine.yaml"
    path.write_text(text, encoding="utf-8")
    scene, _ = check_scene(path)
    event("accepted" if scene is not None else "refused")
    if scene is None:
        return  # refused, with its problems: nothing reaches the engine
    visit = VisitCore(offscreen, load_scene(path), SilentSpeaker(), library=library)
    try:
        visit.start_tour()
        for _ in range(3):
            visit.step(0.5)
            offscreen.graphicsEngine.renderFrame()
    finally:
        visit.close()
