"""Checks on the files and folders a command is asked to write, made before any work starts,
so that a wrong ``--out`` is one clear line and not a traceback after a long render."""

from __future__ import annotations

import os
from pathlib import Path

from app.errors import OutputError

__all__ = ["check_output_file", "check_output_folder"]


def check_output_file(path: Path) -> None:
    """Refuse, before any work, an output file that cannot be written where it is asked."""
    folder = path.parent
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name to write")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: the folder {folder} is not writable")


def check_output_folder(path: Path) -> None:
    """Refuse an output folder that is a file, or whose parent folder is missing or locked."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: is a file; give a folder to record into")
    parent = path if path.is_dir() else path.parent
    if not parent.is_dir():
        raise OutputError(f"{path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{path}: the folder {parent} is not writable")
