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
    "printable",
]


_CONTROL = {
    code: f"\\x{code:02x}" for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)
}
_CONTROL.update(
    {
        code: f"\\u{code:04x}"
        for code in (
            *range(0x80, 0xA0),
            0x2028,
            0x2029,
            0x202A,
            0x202B,
            0x202C,
            0x202D,
            0x202E,
            0x2066,
            0x2067,
            0x2068,
            0x2069,
        )
    }
)


def printable(text: str) -> str:
    """``text`` safe for a terminal or a label: control characters (ESC, BEL, bidirectional
    overrides ...) written as escapes, so a file cannot drive the terminal it is named on."""
    return text.translate(_CONTROL)


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
        return printable(f"{self.path}:{self.line}:{self.column}: {self.message}")


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
