"""The ``vitrine`` command as curators and visitors use it: exit codes, messages, files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.cli import main
from app.scene.pin import verify_pin

from conftest import run_vitrine

SHOWROOM = "scenes/showroom.vitrine.yaml"


def test_validate_demo_scenes_exit_0(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["validate", str(repo_root / SHOWROOM), str(repo_root / "scenes/heritage.vitrine.yaml")]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "showroom.vitrine.yaml: ok (7 exhibits, 5 tour stops)" in out


def test_validate_invalid_exit_1_with_locations(
    exhibition: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exhibition.write_text(
        exhibition.read_text(encoding="utf-8").replace("[0, 0]", "[0, x]"), encoding="utf-8"
    )
    assert main(["validate", str(exhibition)]) == 1
    captured = capsys.readouterr()
    assert (
        f"{exhibition}:7:19: exhibit 'cube'.position[1]: expected a number, got 'x'" in captured.out
    )
    assert "1 problem" in captured.err


def test_validate_unreadable_exit_2_and_worst_wins(
    exhibition: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(exhibition), str(tmp_path / "missing.vitrine.yaml")]) == 2
    assert "missing.vitrine.yaml: no such file" in capsys.readouterr().err


def test_schema_command_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Vitrine exhibition scene"
    target = tmp_path / "scene.schema.json"
    assert main(["schema", "--out", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema


def test_pin_command_prints_a_working_hash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pin", "--pin", "97531"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    stored = line.split('"')[1]
    assert verify_pin("97531", stored)


def test_module_entry_point_reports_version() -> None:
    result = run_vitrine("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("vitrine ")


@pytest.mark.render
def test_render_writes_the_requested_png(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run_vitrine(
        "render", SHOWROOM, "--out", str(out), "--size", "480x270", "--view", "stop:2"
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    image = np.asarray(Image.open(out).convert("RGB"))
    assert image.shape == (270, 480, 3)
    assert image.std() > 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "stop:9"], "the tour has 5 stops; there is no stop 9"),
        (["--view", "exhibit:teapot"], "no exhibit 'teapot' (exhibits: kettle, speaker"),
        (["--view", "sideways"], "unknown view 'sideways'"),
        (["--lang", "fr"], "the scene has no language 'fr' (it has en, zh)"),
    ],
)
def test_render_refuses_bad_views_clearly(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_vitrine("render", SHOWROOM, "--out", str(tmp_path / "x.png"), *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_render_of_invalid_scene_lists_problems(exhibition: Path, tmp_path: Path) -> None:
    exhibition.write_text(
        exhibition.read_text(encoding="utf-8").replace("format: 1", "format: 7"), encoding="utf-8"
    )
    result = run_vitrine("render", str(exhibition), "--out", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert f"{exhibition}:1:9: format 7 is newer than this Vitrine reads" in result.stderr


def test_run_without_display_suggests_render() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = run_vitrine("run", SHOWROOM, env=env)
    assert result.returncode == 2
    assert "no display" in result.stderr
    assert f"vitrine render {SHOWROOM} --out shot.png" in result.stderr


def test_validate_takes_both_built_in_guides_without_a_warning(repo_root: Path) -> None:
    from app.cli import _avatar_problems
    from app.scene import load_scene

    path = repo_root / "scenes" / "showroom.vitrine.yaml"
    scene = load_scene(path).scene
    assert scene.guide is not None
    for name in ("builtin", "builtin-female", "builtin-male"):
        guide = scene.guide.model_copy(update={"avatar": name})
        assert _avatar_problems(scene.model_copy(update={"guide": guide}), path) == []
