"""One rule for every file an exhibition refers to, in scene files and inside model files alike
(glTF buffers and images, OBJ material libraries and texture maps): it is read only when it
is a regular file inside the exhibition folder (or among Vitrine's built-in assets), after
symlinks are resolved, and no larger than a limit. Devices, FIFOs, ``/proc`` files, absolute
paths, URLs, symlink loops and over-long names are refused with a reason a curator can act on.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from app.errors import VitrineError

__all__ = [
    "MAX_MODEL_BYTES",
    "MAX_SIDE_FILE_BYTES",
    "ReferenceRefused",
    "References",
    "builtin_assets_dir",
    "is_data_uri",
    "os_reason",
]

MAX_MODEL_BYTES = 2 * 1024**3
"""Largest model file read (a 5-million-triangle scan is about 250 MB)."""
MAX_SIDE_FILE_BYTES = 512 * 1024**2
"""Largest buffer, texture or material library a model may pull in."""
_MAX_NAME = 1024  # characters in one reference
_MAX_PART = 255  # characters in one folder or file name
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


class ReferenceRefused(VitrineError):
    """A referenced file is not read; ``reason`` says why in the curator's words."""

    def __init__(self, reference: str, reason: str) -> None:
        self.reference = reference
        self.reason = reason
        super().__init__(f"'{_shown(reference)}' {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.reference, self.reason))


def _shown(reference: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in reference)
    return text if len(text) <= 120 else text[:117] + "..."


def builtin_assets_dir() -> Path:
    """The folder holding the assets Vitrine ships (inside a PyInstaller bundle too)."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "assets"
    return Path(__file__).resolve().parents[2] / "assets"


def is_data_uri(reference: str) -> bool:
    return reference[:5].lower() == "data:"


@dataclass(frozen=True)
class References:
    """Where an exhibition may read files from: its own folder and the built-in assets."""

    roots: tuple[Path, ...]

    @classmethod
    def for_exhibition(cls, folder: Path) -> References:
        return cls((Path(folder).resolve(), builtin_assets_dir().resolve()))

    def check(self, path: Path, limit: int = MAX_SIDE_FILE_BYTES, reference: str = "") -> Path:
        """``path`` itself, resolved, if it may be read (ReferenceRefused if not)."""
        shown = reference or str(path)
        try:
            where = Path(path).resolve()  # where it points, even if that does not exist
        except RuntimeError:
            raise ReferenceRefused(shown, "is a symlink loop") from None
        except OSError as exc:
            raise ReferenceRefused(shown, os_reason(exc)) from None
        if not self._inside(where):
            raise ReferenceRefused(shown, "is outside the exhibition folder (copy it in)")
        try:
            resolved = Path(path).resolve(strict=True)
        except FileNotFoundError:
            raise ReferenceRefused(shown, "is missing") from None
        except RuntimeError:  # Python < 3.13 reports a symlink loop this way
            raise ReferenceRefused(shown, "is a symlink loop") from None
        except OSError as exc:
            raise ReferenceRefused(shown, os_reason(exc)) from None
        if not self._inside(resolved):
            raise ReferenceRefused(shown, "is outside the exhibition folder (copy it in)")
        try:
            info = os.stat(resolved)
        except OSError as exc:
            raise ReferenceRefused(shown, os_reason(exc)) from None
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a folder"
                if stat.S_ISDIR(info.st_mode)
                else "a pipe (FIFO)"
                if stat.S_ISFIFO(info.st_mode)
                else "a device"
                if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "not a regular file"
            )
            raise ReferenceRefused(shown, f"is {kind}, not a file")
        if info.st_size > limit:
            raise ReferenceRefused(
                shown,
                f"is {info.st_size / 1024**2:.0f} MiB, over the limit of {limit / 1024**2:.0f} MiB",
            )
        return resolved

    def _inside(self, path: Path) -> bool:
        return any(path == root or path.is_relative_to(root) for root in self.roots)

    def resolve(self, reference: str, relative_to: Path, limit: int = MAX_SIDE_FILE_BYTES) -> Path:
        """The file that ``reference`` (a relative path or URI, as written in a scene or
        model file) names, relative to the folder ``relative_to``, if it may be read."""
        name = unquote(reference)
        if not name.strip():
            raise ReferenceRefused(reference, "is empty")
        if "\x00" in name:
            raise ReferenceRefused(reference, "contains a NUL byte")
        if len(name) > _MAX_NAME or any(len(part) > _MAX_PART for part in name.split("/")):
            raise ReferenceRefused(reference, "is too long a name")
        if _URL.match(name):
            raise ReferenceRefused(
                reference, "is a URL; only files inside the exhibition folder are read"
            )
        if (
            PurePosixPath(name).is_absolute()
            or name.startswith("\\")
            or re.match(r"^[A-Za-z]:", name)
        ):
            raise ReferenceRefused(
                reference, "is an absolute path; write it relative to the file that uses it"
            )
        return self.check(Path(relative_to) / name, limit, reference)

    def read(self, reference: str, relative_to: Path, limit: int = MAX_SIDE_FILE_BYTES) -> bytes:
        """The bytes of the file ``reference`` names (never more than ``limit``)."""
        path = self.resolve(reference, relative_to, limit)
        return read_bounded(path, limit, reference)


def read_bounded(path: Path, limit: int, reference: str = "") -> bytes:
    """Read a checked regular file, refusing it if it turns out larger than ``limit``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReferenceRefused(reference or str(path), os_reason(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ReferenceRefused(reference or str(path), "is larger than it said")
    return data


def os_reason(exc: OSError) -> str:
    """Why a file could not be opened, worded to follow its name."""
    if exc.errno == errno.ELOOP:
        return "is a symlink loop"
    if exc.errno == errno.ENAMETOOLONG:
        return "is too long a name"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or exc})"
