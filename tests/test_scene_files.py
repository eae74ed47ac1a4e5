"""The demo exhibitions, round-trip saving, atomic writes, limits on hostile files, schema, PINs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import SceneError, SceneUnreadable
from app.scene import ChangedOnDisk, check_scene, load_scene
from app.scene.pin import hash_pin, verify_pin
from app.scene.schema import scene_json_schema
from app.scene.yaml_source import MAX_FILE_BYTES

DEMOS = ["scenes/showroom.vitrine.yaml", "scenes/heritage.vitrine.yaml"]


@pytest.mark.parametrize("name", DEMOS)
def test_demo_scenes_are_valid(repo_root: Path, name: str) -> None:
    document = load_scene(repo_root / name)
    scene = document.scene
    assert set(scene.languages) == {"en", "zh"}
    assert scene.tour is not None
    for exhibit in scene.exhibits:
        assert exhibit.info.title["zh"] and exhibit.info.title["en"]
    for stop in scene.tour.stops:
        assert stop.exhibit in {e.id for e in scene.exhibits}


def test_showroom_has_seven_exhibits_and_five_stops(repo_root: Path) -> None:
    scene = load_scene(repo_root / DEMOS[0]).scene
    assert len(scene.exhibits) == 7
    assert len(scene.tour.stops) == 5  # type: ignore[union-attr]


def test_round_trip_keeps_comments_order_and_text(repo_root: Path, tmp_path: Path) -> None:
    original = (repo_root / DEMOS[0]).read_text(encoding="utf-8")
    path = tmp_path / "showroom.vitrine.yaml"
    path.write_text(original, encoding="utf-8")
    document = load_scene(path)
    document.save()
    assert path.read_text(encoding="utf-8") == original
    again = load_scene(path)
    assert again.scene == document.scene
    assert list(again.source.document) == list(document.source.document)


def test_editing_one_value_changes_only_that_line(repo_root: Path, tmp_path: Path) -> None:
    original = (repo_root / DEMOS[0]).read_text(encoding="utf-8")
    path = tmp_path / "showroom.vitrine.yaml"
    path.write_text(original, encoding="utf-8")
    document = load_scene(path)
    document.set_value(("exhibits", 0, "turntable"), 30)
    document.save()
    before, after = original.splitlines(), path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [
        (
            "    turntable: 12       # degrees per second",
            "    turntable: 30       # degrees per second",
        )
    ]
    assert (tmp_path / "showroom.vitrine.yaml.bak").read_text(encoding="utf-8") == original
    assert load_scene(path).scene.exhibits[0].turntable == 30


def test_invalid_edit_is_refused_and_file_kept(exhibition: Path) -> None:
    before = exhibition.read_bytes()
    document = load_scene(exhibition)
    document.set_value(("exhibits", 0, "position"), ["left", 0])
    with pytest.raises(SceneError) as caught:
        document.save()
    assert "expected a number" in str(caught.value)
    assert exhibition.read_bytes() == before


def test_file_changed_on_disk_is_not_overwritten(exhibition: Path) -> None:
    document = load_scene(exhibition)
    exhibition.write_text(
        exhibition.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8"
    )
    document.set_value(("exhibits", 0, "heading"), 45)
    with pytest.raises(ChangedOnDisk):
        document.save()
    assert "# edited elsewhere" in exhibition.read_text(encoding="utf-8")


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
        previous = name
    path = tmp_path / "bomb.vitrine.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scene, source = check_scene(path)
    assert scene is None
    assert len(source.problems) == 1
    assert "alias bomb" in source.problems[0].message


def test_self_referencing_alias_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "loop.vitrine.yaml"
    path.write_text("format: 1\nloop: &x\n  again: *x\n", encoding="utf-8")
    scene, source = check_scene(path)
    assert scene is None
    assert [p.line for p in source.problems] == [1, 1, 2]


def test_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.vitrine.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(SceneUnreadable) as caught:
        check_scene(path)
    assert "limited to 4 MiB" in caught.value.reason


def test_missing_and_binary_files_are_unreadable(tmp_path: Path) -> None:
    with pytest.raises(SceneUnreadable, match="no such file"):
        check_scene(tmp_path / "nothing.vitrine.yaml")
    binary = tmp_path / "binary.vitrine.yaml"
    binary.write_bytes(b"format: 1\n\xff\xfe\x00")
    with pytest.raises(SceneUnreadable, match="not UTF-8"):
        check_scene(binary)


def test_json_schema_describes_the_format() -> None:
    schema = scene_json_schema()
    assert schema["type"] == "object"
    assert {"format", "title", "languages"} <= set(schema["required"])
    assert "Exhibit" in schema["$defs"]
    assert schema["$defs"]["Exhibit"]["additionalProperties"] is False
    json.dumps(schema)


def test_pin_hash_verifies_only_the_right_pin() -> None:
    stored = hash_pin("2468", iterations=1000)
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("2468", "garbage")
    assert hash_pin("2468", iterations=1000) != stored  # salted
    with pytest.raises(ValueError):
        hash_pin("12")


def test_a_crash_while_saving_never_truncates_the_file(
    exhibition: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os as os_module

    from app.scene import SaveError

    before = exhibition.read_bytes()
    document = load_scene(exhibition)
    document.set_value(("exhibits", 0, "heading"), 30)

    def crash(*_: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os_module, "replace", crash)
    with pytest.raises(SaveError, match="power cut; the file on disk is unchanged"):
        document.save()
    assert exhibition.read_bytes() == before
    assert not [p for p in exhibition.parent.iterdir() if p.name.endswith(".tmp")]


def test_new_command_makes_a_valid_exhibition(tmp_path: Path) -> None:
    from conftest import run_vitrine

    folder = tmp_path / "Spring-Show"
    result = run_vitrine("new", str(folder))
    assert result.returncode == 0, result.stderr
    scene = folder / "spring-show.vitrine.yaml"
    assert scene.is_file() and (folder / "models").is_dir() and (folder / "README.md").is_file()
    assert "# Spring Show — a Vitrine exhibition." in scene.read_text(encoding="utf-8")
    assert run_vitrine("validate", str(scene)).returncode == 0
    again = run_vitrine("new", str(folder))
    assert again.returncode == 1 and "already exists" in again.stderr
