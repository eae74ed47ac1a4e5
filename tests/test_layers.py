"""The layering contract: pure layers never import Qt, Panda3D or TTS engines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

ENGINES = {"PySide6", "shiboken6", "panda3d", "direct", "pyttsx3", "simplepbr", "gltf"}
# package -> top-level modules it may not import
RULES = {
    "app/scene": ENGINES,
    "guide": ENGINES - {"pyttsx3"},  # the speech backend imports pyttsx3 lazily, inside guide
    "app/meshes": ENGINES,
    "app/render": {"PySide6", "shiboken6"},
}
GUIDE_PYTTSX3_ALLOWED = {"guide/speech_pyttsx3.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _files(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", sorted(RULES))
def test_layer_imports_only_downwards(folder: str) -> None:
    assert _files(folder), f"{folder} has no modules"
    offenders = []
    for path in _files(folder):
        rel = path.relative_to(REPO).as_posix()
        forbidden = set(RULES[folder])
        if folder == "guide" and rel not in GUIDE_PYTTSX3_ALLOWED:
            forbidden |= {"pyttsx3"}
        bad = _imports(path) & forbidden
        if bad:
            offenders.append(f"{rel}: {', '.join(sorted(bad))}")
    assert offenders == []


def test_panda3d_only_in_render_and_qt_only_in_shell() -> None:
    offenders = []
    for path in _files("app") + _files("guide"):
        rel = path.relative_to(REPO).as_posix()
        names = _imports(path)
        if names & {"panda3d", "direct", "simplepbr", "gltf"} and not rel.startswith("app/render/"):
            offenders.append(f"{rel} imports Panda3D")
        if names & {"PySide6", "shiboken6"} and not rel.startswith("app/shell/"):
            offenders.append(f"{rel} imports Qt")
    assert offenders == []


def test_modules_stay_small_and_documented() -> None:
    for path in _files("app") + _files("guide"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 800, f"{path} is over 800 lines"
        tree = ast.parse(text)
        assert ast.get_docstring(tree), f"{path} has no module docstring"
