"""Saving a curator's scene when the disk is full, the folder read-only, the backup name taken
by a folder, or the scene file a symlink: the original is never lost or truncated, nothing
half-written is left behind, and the message says what happened."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from app.scene import SaveError, load_scene
from app.scene.editor import SceneEditor

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def showroom(tmp_path: Path) -> Path:
    scene = tmp_path / "showroom.vitrine.yaml"
    shutil.copyfile(REPO / "scenes/showroom.vitrine.yaml", scene)
    return scene


def _edited(scene: Path) -> SceneEditor:
    editor = SceneEditor(load_scene(scene))
    editor.move_exhibit("lamp", 1.75, 2.25)
    return editor


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_leaves_the_scene_and_its_backup_as_they_were(
    showroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = showroom.read_bytes()
    old_backup = showroom.with_name(showroom.name + ".bak")
    old_backup.write_bytes(b"# an older backup\n")
    editor = _edited(showroom)
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the new scene fits, its backup copy does not
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(SaveError, match="the disk is full; the file on disk is unchanged"):
        editor.save()
    assert showroom.read_bytes() == original
    assert old_backup.read_bytes() == b"# an older backup\n", "the old backup is whole"
    assert _leftovers(showroom.parent) == []


def test_a_read_only_folder_is_said_plainly(
    showroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    original = showroom.read_bytes()
    editor = _edited(showroom)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(SaveError, match="read-only"):
        editor.save()
    assert showroom.read_bytes() == original
    assert not showroom.with_name(showroom.name + ".bak").exists()


def test_a_folder_named_like_the_backup_stops_the_save_before_anything(showroom: Path) -> None:
    original = showroom.read_bytes()
    (showroom.parent / (showroom.name + ".bak")).mkdir()
    with pytest.raises(SaveError, match=r"\.bak is a folder or a link"):
        _edited(showroom).save()
    assert showroom.read_bytes() == original and _leftovers(showroom.parent) == []


def test_a_symlinked_scene_is_saved_through_the_link(tmp_path: Path, showroom: Path) -> None:
    link = tmp_path / "linked.vitrine.yaml"
    real = tmp_path / "real" / "show.vitrine.yaml"
    real.parent.mkdir()
    (real.parent / "models").symlink_to(REPO / "assets/models")
    shutil.copyfile(REPO / "scenes/showroom.vitrine.yaml", real)
    original = real.read_text(encoding="utf-8")
    link.symlink_to(real)
    _edited(link).save()
    assert link.is_symlink() and link.resolve() == real, "the link stays a link"
    assert "[1.75, 2.25]" in real.read_text(encoding="utf-8"), "the real file has the edit"
    assert (real.parent / "show.vitrine.yaml.bak").read_text(encoding="utf-8") == original
