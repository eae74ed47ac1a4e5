"""The guide walks around plinths, not through them: paths across both example halls and a
hall built to block the straight way, and ``vitrine guide preview --paths``."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from app.scene import load_scene
from app.scene.model import Scene
from app.scene.walkway import footprints, guide_start, plan_path, tour_spots

from conftest import run_vitrine


def _crossings(scene: Scene, path: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points along the path, every 2 cm, that lie on a plinth."""
    blocks = footprints(scene)
    hits = []
    for a, b in zip(path, path[1:]):
        steps = max(1, int(math.dist(a, b) / 0.02))
        for i in range(steps + 1):
            p = (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
            if any(block.contains(*p) for block in blocks):
                hits.append(p)
    return hits


@pytest.mark.parametrize("name", ["showroom", "heritage"])
def test_no_leg_of_the_tour_crosses_a_plinth(repo_root: Path, name: str) -> None:
    scene = load_scene(repo_root / f"scenes/{name}.vitrine.yaml").scene
    here = guide_start(scene)
    legs = 0
    for label, spot in tour_spots(scene):
        path = plan_path(scene, here, spot)
        assert path[0] == here and math.dist(path[-1], spot) < 1e-3, label
        assert not _crossings(scene, path), f"{name} {label}: {path}"
        here = spot
        legs += 1
    assert legs >= 3


def test_a_plinth_in_the_way_is_walked_around(tmp_path: Path) -> None:
    from conftest import write_cube

    write_cube(tmp_path / "models/cube.glb")
    scene_file = tmp_path / "s.vitrine.yaml"
    scene_file.write_text(
        "format: 1\ntitle: {en: T}\nlanguages: [en]\nhall: {size: [10, 10, 4]}\nexhibits:\n"
        "  - {id: a, model: models/cube.glb, position: [0, 0], plinth: {size: [2.0, 1.0]},\n"
        "     info: {title: {en: A}, text: {en: A.}}}\n",
        encoding="utf-8",
    )
    scene = load_scene(scene_file).scene
    path = plan_path(scene, (0.0, -3.0), (0.0, 3.0))
    assert len(path) > 2, "a straight line would go through the plinth"
    assert not _crossings(scene, path)
    length = sum(math.dist(a, b) for a, b in zip(path, path[1:]))
    assert length < 6.0 + 2.5, f"no needless detour ({length:.1f} m)"
    assert plan_path(scene, (-3.0, -3.0), (-3.0, 3.0)) == [(-3.0, -3.0), (-3.0, 3.0)]


def test_preview_prints_each_legs_path(repo_root: Path) -> None:
    result = run_vitrine(
        "guide", "preview", str(repo_root / "scenes/showroom.vitrine.yaml"), "--lang", "en",
        "--backend", "silent", "--paths",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    legs = [line for line in result.stdout.splitlines() if line.startswith("path ")]
    assert len(legs) == 5, result.stdout
    assert all("->" in leg and "(" in leg for leg in legs)
