"""Field types shared by the scene model: per-language text, asset paths, colours, vectors.

Validators that need to know about the scene (its languages, its folder) read them from the
pydantic validation context, so one pass reports every problem.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo

from app.scene.references import (
    MAX_MODEL_BYTES,
    ReferenceRefused,
    References,
    builtin_assets_dir,
)

__all__ = [
    "BUILTIN_PREFIX",
    "LANGUAGE_CODE",
    "Angle",
    "AssetRef",
    "AvatarRef",
    "Color",
    "Coordinate",
    "Identifier",
    "LangCode",
    "Length",
    "LocalText",
    "Vec2",
    "Vec3",
    "builtin_assets_dir",
    "in_language",
    "parse_color",
    "resolve_asset",
]

BUILTIN_PREFIX = "builtin:"

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_COLOR = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


def resolve_asset(ref: str, base_dir: Path) -> Path:
    """Turn a scene's asset reference into a file path (``builtin:`` or relative to the scene)."""
    if ref.startswith(BUILTIN_PREFIX):
        return builtin_assets_dir() / ref[len(BUILTIN_PREFIX) :]
    try:
        return (base_dir / ref).resolve()
    except (RuntimeError, OSError):  # a symlink loop, a name too long: the loader says so
        return base_dir / ref


def _check_lang(value: str) -> str:
    if not LANGUAGE_CODE.match(value):
        raise ValueError(f"'{value}' is not a language code (use codes such as en, zh, fr, pt-BR)")
    return value


def _check_ident(value: str) -> str:
    if not _IDENT.match(value):
        raise ValueError(
            f"'{value}' is not a valid id (start with a letter; use letters, digits, - and _)"
        )
    return value


def _check_color(value: str) -> str:
    if not _COLOR.match(value):
        raise ValueError(f"'{value}' is not a colour (write it as #rrggbb, e.g. #d9d4cc)")
    return value


def parse_color(value: str) -> tuple[float, float, float, float]:
    """``#rrggbb`` or ``#rrggbbaa`` as linear-agnostic 0..1 RGBA floats."""
    digits = value.lstrip("#")
    if len(digits) == 6:
        digits += "ff"
    return tuple(int(digits[i : i + 2], 16) / 255.0 for i in range(0, 8, 2))  # type: ignore[return-value]


def _check_local_text(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    languages = (info.context or {}).get("languages") or []
    missing = [lang for lang in languages if not str(value.get(lang, "")).strip()]
    extra = [lang for lang in value if languages and lang not in languages]
    if missing:
        have = ", ".join(sorted(value)) or "none"
        raise ValueError(
            f"missing text for language {', '.join(repr(m) for m in missing)} "
            f"(the scene's languages are {', '.join(languages)}; this text has {have})"
        )
    if extra:
        raise ValueError(
            f"text for language {', '.join(repr(e) for e in extra)} which is not in the "
            f"scene's languages ({', '.join(languages)})"
        )
    return value


def _check_asset(value: str, info: ValidationInfo) -> str:
    context = info.context or {}
    base_dir: Path | None = context.get("base_dir")
    if not value.strip():
        raise ValueError("empty path")
    if value.startswith(BUILTIN_PREFIX):
        name = value[len(BUILTIN_PREFIX) :]
        if ".." in PurePosixPath(name).parts or name.startswith("/"):
            raise ValueError(f"'{value}' leaves Vitrine's built-in assets")
        if context.get("check_files", True) and not (builtin_assets_dir() / name).is_file():
            raise ValueError(f"'{value}' is not one of Vitrine's built-in assets")
        return value
    if "\\" in value:
        raise ValueError(f"'{value}': write paths with / (forward slashes), also on Windows")
    if PurePosixPath(value).is_absolute() or re.match(r"^[A-Za-z]:", value):
        raise ValueError(
            f"'{value}' is an absolute path; write it relative to the scene file's folder"
        )
    if base_dir is None:
        return value
    root = base_dir.resolve()
    outside = (
        f"'{value}' is outside the exhibition folder {root.name}/; "
        "copy the file into the exhibition folder"
    )
    if not context.get("check_files", True):
        if ".." in PurePosixPath(os.path.normpath(value)).parts:
            raise ValueError(outside)
        return value
    try:
        References((root,)).resolve(value, root, MAX_MODEL_BYTES)
    except ReferenceRefused as exc:
        if exc.reason == "is missing":
            raise ValueError(f"file not found: '{value}' (looked in {root.name}/)") from None
        if exc.reason.startswith("is outside"):
            raise ValueError(outside) from None
        raise ValueError(str(exc)) from None
    return value


BUILTIN_GUIDES = ("builtin", "builtin-female", "builtin-male")


def _check_avatar(value: str, info: ValidationInfo) -> str:
    if value in BUILTIN_GUIDES:
        return value
    return _check_asset(value, info)


LangCode = Annotated[str, AfterValidator(_check_lang)]
Identifier = Annotated[str, AfterValidator(_check_ident)]
Color = Annotated[str, AfterValidator(_check_color)]
LocalText = Annotated[dict[LangCode, str], AfterValidator(_check_local_text)]
AssetRef = Annotated[str, AfterValidator(_check_asset)]
AvatarRef = Annotated[str, AfterValidator(_check_avatar)]
Coordinate = Annotated[float, Field(ge=-10_000, le=10_000)]
"""Metres in the hall: finite (the scene model refuses NaN and infinities) and bounded."""
Length = Annotated[float, Field(ge=0.01, le=100)]
"""A size in metres that something must have (a plinth's width), 1 cm to 100 m."""
Vec2 = tuple[Coordinate, Coordinate]
Vec3 = tuple[Coordinate, Coordinate, Coordinate]
Angle = Annotated[float, Field(ge=-360, le=360)]


def in_language(text: dict[str, str], language: str) -> str:
    """A local text in ``language``, else in the first language it has ("" when empty)."""
    if language in text:
        return text[language]
    return next(iter(text.values()), "")
