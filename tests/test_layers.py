"""Module hygiene: every module small and documented. (Which layer may import what is checked
by import-linter, with the contracts in pyproject.toml, in ./dev test.)"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _files(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def test_modules_stay_small_and_documented() -> None:
    for path in _files("app") + _files("guide"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 800, f"{path} is over 800 lines"
        tree = ast.parse(text)
        assert ast.get_docstring(tree), f"{path} has no module docstring"


def test_every_package_has_its_place_in_the_layers() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.split("|")}
    packages = {f"app.{p.name}" for p in (REPO / "app").iterdir() if (p / "__init__.py").is_file()}
    modules = {f"app.{p.stem}" for p in (REPO / "app").glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= placed, f"not in a layer: {sorted(packages | modules - placed)}"
    assert "guide" in placed
