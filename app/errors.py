"""The one error hierarchy of Vitrine; the core raises these, the shell and CLI present them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AssetError",
    "OutputError",
    "Problem",
    "RenderError",
    "SceneError",
    "SceneUnreadable",
    "SpeechUnavailable",
    "VitrineError",
    "VoiceMissing",
]


class VitrineError(Exception):
    """Base class of every error Vitrine raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, located for the person who has to fix it."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SceneError(VitrineError):
    """A scene file was read but is not a valid exhibition; carries every problem found."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[Path, list[Problem]]]:
        return (type(self), (self.path, self.problems))


class SceneUnreadable(VitrineError):
    """A scene file could not be read at all (missing, unreadable, too large, not text)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[Path, str]]:
        return (type(self), (self.path, self.reason))


class AssetError(VitrineError):
    """A model, texture or avatar file could not be used."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{Path(path).name}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[Path, str]]:
        return (type(self), (self.path, self.reason))


class OutputError(VitrineError):
    """A file or folder to write cannot be written where it was asked (missing folder,
    read-only, a folder where a file should be)."""


class RenderError(VitrineError):
    """The 3D engine could not open a window or buffer."""


class SpeechUnavailable(VitrineError):
    """No text-to-speech engine could be used; the guide continues silently with subtitles."""


class VoiceMissing(SpeechUnavailable):
    """The engine works but has no voice for the asked name or language."""
