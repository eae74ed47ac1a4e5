"""Fitting a simplified level back onto the original surface (C inner loops and NumPy ones)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import trimesh

from app.meshes import load_model_file
from app.meshes.meshopt import simplify
from app.meshes.metrics import surface_error
from app.meshes.surface_fit import SurfaceFit, Weld, _compiled


@pytest.fixture(scope="module")
def bunny(shared_data: Path) -> tuple[np.ndarray, np.ndarray]:
    part = load_model_file(shared_data / "models/common3d/stanford-bunny.obj").parts[0]
    return part.positions, part.faces


def _fitted_error(
    positions: np.ndarray, faces: np.ndarray, share: float, compiled: bool | None
) -> float:
    simple, _ = simplify(faces, positions, round(len(faces) * share))
    kept = np.unique(simple)
    moved = positions.copy()
    if compiled is not None:
        fit = SurfaceFit(positions, faces)
        fit.use_compiled = compiled
        moved[kept] = fit.fitted(kept, simple)
    return surface_error(positions, faces, moved, simple, samples=10_000)


def test_the_compiled_inner_loops_are_built() -> None:
    assert _compiled() is not None, "app/meshes/_surface_fit.c was not built (pip install -e .)"


@pytest.mark.parametrize("share", [0.25, 0.05])
def test_fitting_brings_a_coarse_level_closer_to_the_original(bunny, share: float) -> None:
    positions, faces = bunny
    unmoved = _fitted_error(positions, faces, share, compiled=None)
    in_c = _fitted_error(positions, faces, share, compiled=True)
    in_numpy = _fitted_error(positions, faces, share, compiled=False)
    assert in_c < 0.85 * unmoved, (in_c, unmoved)
    assert in_numpy < 0.85 * unmoved, (in_numpy, unmoved)
    assert abs(in_c - in_numpy) < 0.1 * in_numpy, "C and NumPy solve the same problem"


@pytest.mark.parametrize("compiled", [True, False])
def test_weld_groups_vertices_by_exact_position(
    bunny, compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    positions = np.concatenate([bunny[0], bunny[0][::7], bunny[0][:100] + 1e-3])
    monkeypatch.setattr(Weld, "use_compiled", compiled)
    weld = Weld(positions)
    expected, first = np.unique(positions, axis=0, return_index=True)
    assert len(weld.first) == len(expected)
    assert sorted(weld.first) == sorted(first), "each group's first vertex is its lowest"
    assert np.array_equal(positions[weld.first[weld.position_id]], positions)


@pytest.mark.parametrize("compiled", [True, False])
def test_split_copies_move_together_and_flat_faces_stay_flat(compiled: bool) -> None:
    # A box with a hard-edged normal per side: every corner position has three vertex copies.
    box = trimesh.creation.box(extents=(2.0, 1.0, 0.5)).subdivide().subdivide()
    positions = box.vertices[box.faces].reshape(-1, 3).astype(np.float32)
    faces = np.arange(len(positions), dtype=np.uint32).reshape(-1, 3)
    weld = Weld(positions)
    assert len(weld.first) == len(np.unique(box.vertices, axis=0))
    simple, _ = simplify(faces, positions, len(faces) // 4)
    kept = np.unique(simple)
    fit = SurfaceFit(positions, faces, weld)
    fit.use_compiled = compiled
    moved = fit.fitted(kept, simple)
    by_position: dict[int, np.ndarray] = {}
    for vertex, where in zip(kept, moved):
        first = by_position.setdefault(int(weld.position_id[vertex]), where)
        assert np.array_equal(first, where), "copies at one position must stay together"
    # The box is made of planes: the best fit leaves every vertex on the box.
    extents = np.abs(moved)
    on_a_side = np.isclose(extents, [1.0, 0.5, 0.25], atol=1e-4).any(axis=1)
    assert on_a_side.all()
    assert (extents <= np.array([1.0, 0.5, 0.25]) + 1e-4).all()
