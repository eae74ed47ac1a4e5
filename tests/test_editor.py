"""The curator's editor: real edits to the showroom, saved and diffed; undo and redo."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from app.errors import SceneError
from app.scene import ChangedOnDisk, load_scene
from app.scene.editor import SceneEditor


@pytest.fixture
def showroom(repo_root: Path, tmp_path: Path) -> Path:
    path = tmp_path / "showroom.vitrine.yaml"
    path.write_text(
        (repo_root / "scenes/showroom.vitrine.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return path


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_edits_change_only_their_values_and_keep_comments(showroom: Path) -> None:
    before = showroom.read_text(encoding="utf-8")
    editor = SceneEditor(load_scene(showroom))
    editor.move_exhibit("lamp", 1.75, 2.25)
    editor.turn_exhibit("lamp", 15)
    editor.size_exhibit("lamp", 0.55)
    editor.save()
    after = showroom.read_text(encoding="utf-8")
    assert sorted(_diff(before, after)) == sorted(
        [
            "-    position: [1.3, 2]",
            "-    heading: -10",
            "-    fit: 0.5",
            "+    position: [1.75, 2.25]",
            "+    heading: 15",
            "+    fit: 0.55",
        ]
    )
    assert "# degrees per second" in after and "# width, depth, height" in after
    scene = load_scene(showroom).scene
    assert scene.exhibit("lamp").position == (1.75, 2.25)


def test_hotspots_and_stops(showroom: Path) -> None:
    editor = SceneEditor(load_scene(showroom))
    hotspot = editor.add_hotspot("speaker", (0.0, -0.08, 0.15))
    assert hotspot == "hotspot-1"
    assert editor.scene.exhibit("speaker").hotspots[0].title == {
        "en": "New hotspot",
        "zh": "New hotspot",
    }
    editor.remove_hotspot("kettle", "spout")
    editor.set_stop_camera(2, (0.5, 1.0, 1.6), (0.0, 4.0, 1.2))
    editor.move_stop(4, 0)
    editor.save()
    scene = load_scene(showroom).scene
    assert [s.exhibit for s in scene.tour.stops] == [
        "chair",
        "kettle",
        "speaker",
        "display",
        "lamp",
    ]  # type: ignore[union-attr]
    assert scene.tour.stops[3].camera.position == (0.5, 1.0, 1.6)  # type: ignore[union-attr]
    assert scene.exhibit("kettle").hotspots == []
    assert all(entry.look is None for entry in scene.exhibit("kettle").faq), "faq kept valid"
    assert scene.exhibit("speaker").hotspots[0].position == (0.0, -0.08, 0.15)


def test_undo_and_redo(showroom: Path) -> None:
    editor = SceneEditor(load_scene(showroom))
    editor.move_exhibit("kettle", -2.0, 0.0)
    editor.turn_exhibit("kettle", 45)
    assert editor.undo() == "turn kettle"
    assert editor.scene.exhibit("kettle").heading == 20
    assert editor.undo() == "move kettle"
    assert editor.scene.exhibit("kettle").position == (-2.5, 0.6)
    assert editor.undo() is None
    assert editor.redo() == "move kettle"
    assert editor.scene.exhibit("kettle").position == (-2.0, 0.0)
    editor.turn_exhibit("kettle", 90)
    assert editor.redo() is None, "a new change clears the redo history"


def test_an_invalid_edit_is_refused_and_leaves_the_scene_as_it_was(showroom: Path) -> None:
    editor = SceneEditor(load_scene(showroom))
    with pytest.raises(SceneError, match="outside the hall"):
        editor.move_exhibit("kettle", 40.0, 0.0)
    assert editor.scene.exhibit("kettle").position == (-2.5, 0.6)
    assert editor.undo() is None


def test_saving_over_an_external_change_is_refused(showroom: Path) -> None:
    editor = SceneEditor(load_scene(showroom))
    editor.move_exhibit("kettle", -2.0, 0.0)
    showroom.write_text(showroom.read_text(encoding="utf-8") + "# someone else\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        editor.save()
    assert showroom.read_text(encoding="utf-8").endswith("# someone else\n")
