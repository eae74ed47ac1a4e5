"""A scene file open for use and editing: the validated model plus the curator's own text.

Saving writes the round-trip YAML tree back, so comments, key order and formatting of
everything not edited survive. Writes are atomic (temporary file, fsync, rename) and keep the
previous version as ``<name>.bak``; a file changed on disk since it was loaded is not
overwritten unless the caller says so.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import SceneError, VitrineError
from app.scene.model import Scene
from app.scene.validate import validate_source
from app.scene.yaml_source import Loc, YamlSource, new_yaml, parse_yaml, read_yaml

__all__ = ["ChangedOnDisk", "SceneDocument", "atomic_write", "check_scene", "load_scene"]

log = logging.getLogger(__name__)


class ChangedOnDisk(VitrineError):
    """The scene file was changed by someone else since it was loaded."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class SceneDocument:
    """A loaded, valid scene and the round-trip tree it came from."""

    path: Path
    scene: Scene
    source: YamlSource
    loaded_digest: str

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def set_value(self, loc: Loc, value: Any) -> None:
        """Change one value in the tree (keeps everything else as the curator wrote it)."""
        node = self.source.document
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = value

    def dumps(self) -> str:
        stream = io.StringIO()
        new_yaml().dump(self.source.document, stream)
        return stream.getvalue()

    def save(self, *, force: bool = False) -> None:
        """Validate the edited tree, then write it back atomically with a backup."""
        text = self.dumps()
        probe = parse_yaml(self.path, text)
        scene = validate_source(probe)
        if scene is None:
            raise SceneError(self.path, probe.problems)
        if not force and self.path.exists():
            if _digest(self.path.read_bytes()) != self.loaded_digest:
                raise ChangedOnDisk(
                    f"{self.path} was changed on disk since it was loaded; reload it first"
                )
        atomic_write(self.path, text.encode("utf-8"), backup=True)
        self.scene = scene
        self.source = probe
        self.loaded_digest = _digest(text.encode("utf-8"))


class SaveError(VitrineError):
    """A file could not be saved; the original is untouched."""


def _save_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is read-only (no permission to write there)"
    if exc.errno == errno.EISDIR:
        return "a folder stands where the file should be"
    return str(exc.strerror or exc)


def atomic_write(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``path`` so that a crash, a full disk or a read-only folder leaves
    the old file whole (and, with ``backup``, the old content as ``<name>.bak``). A path that
    is a symlink is saved through: the file it points to is replaced, the link stays.
    Raises SaveError, naming the file and the reason, with nothing changed."""
    link = Path(path)
    try:
        path = link.resolve() if link.is_symlink() else link
    except (OSError, RuntimeError):
        raise SaveError(f"{link}: not saved: it is a broken or looping symlink") from None
    if path.is_dir():
        raise SaveError(f"{path}: not saved: {_save_reason(OSError(errno.EISDIR, ''))}")
    backup_path = path.with_name(path.name + ".bak")
    if backup and path.exists() and (backup_path.is_dir() or backup_path.is_symlink()):
        raise SaveError(
            f"{path}: not saved: {backup_path.name} is a folder or a link, not a "
            "backup file; move it away first"
        )
    written: list[str] = []
    try:
        written.append(_write_temp(path, data))
        if backup and path.is_file():
            written.append(_write_temp(backup_path, path.read_bytes()))
            os.replace(written[-1], backup_path)
            written.pop()
        if path.exists():
            os.chmod(written[0], path.stat().st_mode & 0o777)
        os.replace(written[0], path)
        written.clear()
    except OSError as exc:
        raise SaveError(
            f"{path}: not saved: {_save_reason(exc)}; the file on disk is unchanged"
        ) from None
    finally:
        for name in written:
            Path(name).unlink(missing_ok=True)


def _write_temp(path: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``path``, flushed to disk; returns its name."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return temp_name


def check_scene(path: Path, *, check_files: bool = True) -> tuple[Scene | None, YamlSource]:
    """Read and validate a scene file; SceneUnreadable if it cannot be read at all."""
    source = read_yaml(Path(path))
    scene = validate_source(source, check_files=check_files)
    return scene, source


def load_scene(path: Path | str) -> SceneDocument:
    """Load a valid scene file, raising SceneError with every problem if it is not valid."""
    path = Path(path)
    scene, source = check_scene(path)
    if scene is None:
        raise SceneError(path, source.problems)
    log.info("loaded scene %s (%d exhibits)", path, len(scene.exhibits))
    return SceneDocument(path, scene, source, _digest(source.text.encode("utf-8")))
