"""The mesh pipeline on real files: levels of detail, cache, isolation, bad and huge input."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import trimesh

from app.errors import AssetError
from app.meshes import (
    ModelCache,
    ModelLibrary,
    ModelRequest,
    PipelineSettings,
    Placement,
    load_model_file,
    prepare_model,
)
from app.meshes.metrics import surface_error
from app.meshes.strips import strip_to_faces
from app.meshes.workers import ModelWorkers

from conftest import run_vitrine


def _textured_sphere(path: Path) -> Path:
    sphere = trimesh.creation.uv_sphere(radius=0.5, count=[64, 64])
    uv = np.column_stack(
        [np.arctan2(sphere.vertices[:, 1], sphere.vertices[:, 0]), sphere.vertices[:, 2]]
    )
    checker = np.kron([[0, 255] * 4, [255, 0] * 4] * 4, np.ones((8, 8))).astype(np.uint8)
    from PIL import Image

    material = trimesh.visual.material.PBRMaterial(
        baseColorTexture=Image.fromarray(checker).convert("RGB")
    )
    sphere.visual = trimesh.visual.TextureVisuals(uv=uv, material=material)
    path.write_bytes(trimesh.Scene(sphere).export(file_type="glb"))
    return path


@pytest.mark.parametrize(
    "name",
    [
        "khronos/DamagedHelmet/DamagedHelmet.glb",
        "common3d/stanford-bunny.obj",
        "bevy/FlightHelmet/FlightHelmet.gltf",
    ],
)
def test_every_level_is_near_its_target_and_keeps_attributes(shared_data: Path, name: str) -> None:
    model = prepare_model(shared_data / "models" / name, Placement())
    assert model.levels == (1.0, 0.25, 0.05)
    full = model.level_triangles(0)
    for level, share in enumerate(model.levels):
        count = model.level_triangles(level)
        assert abs(count - full * share) <= 0.1 * full * share + 64, (level, count)
    for part in model.parts:
        for faces in part.lods:
            assert faces.max() < len(part.positions)  # same vertex buffer: UVs and normals kept
            assert len(np.unique(faces)) > 2


def test_decimated_surface_stays_close(shared_data: Path) -> None:
    # Limits just above what the fitted levels reach (0.009% and 0.033% of the diagonal);
    # trimesh's own simplifier gives 0.020% and 0.077% on this model.
    model = prepare_model(shared_data / "models/common3d/stanford-bunny.obj", Placement())
    part = model.parts[0]
    for level, limit in ((1, 0.012), (2, 0.045)):
        error = surface_error(part.positions, part.faces, part.positions, part.level_faces(level))
        assert error < limit, f"level {level}: mean error {error:.3f}% of the diagonal"


def test_textured_model_keeps_uvs_at_every_level(tmp_path: Path) -> None:
    model = prepare_model(_textured_sphere(tmp_path / "ball.glb"), Placement())
    part = model.parts[0]
    assert part.uvs is not None and part.material.base_color_texture is not None
    for faces in part.lods:
        used = np.unique(faces)
        assert np.isfinite(part.uvs[used]).all()
        assert np.ptp(part.uvs[used, 0]) > 3, "UVs of the kept vertices still span the texture"


def test_warm_start_reads_the_cache_and_changes_invalidate(tmp_path: Path) -> None:
    model_path = _textured_sphere(tmp_path / "ball.glb")
    library = ModelLibrary(ModelCache(tmp_path / "cache"), isolate=False)
    request = ModelRequest(model_path, Placement(fit=0.3))
    cold = library.load_many([request])[0]
    warm = library.load_many([request])[0]
    assert not cold.from_cache and warm.from_cache
    assert warm.model is not None and cold.model is not None
    assert warm.model.level_triangles(2) == cold.model.level_triangles(2)
    assert np.array_equal(warm.model.parts[0].uvs, cold.model.parts[0].uvs)
    other_settings = ModelRequest(model_path, Placement(fit=0.3), PipelineSettings(levels=(1, 0.5)))
    assert not library.load_many([other_settings])[0].from_cache
    other_fit = ModelRequest(model_path, Placement(fit=0.6))
    assert not library.load_many([other_fit])[0].from_cache
    model_path.write_bytes(model_path.read_bytes() + b"\0\0\0\0")  # the file changed
    assert not library.load_many([request])[0].from_cache


def test_external_texture_change_invalidates_cache(shared_data: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "Avocado"
    shutil.copytree(shared_data / "models/khronos/Avocado", folder)
    library = ModelLibrary(ModelCache(tmp_path / "cache"), isolate=False)
    request = ModelRequest(folder / "Avocado.gltf", Placement(fit=0.3))
    assert not library.load_many([request])[0].from_cache
    assert library.load_many([request])[0].from_cache
    texture = folder / "Avocado_baseColor.png"
    texture.write_bytes(texture.read_bytes() + b"\0")
    assert not library.load_many([request])[0].from_cache


def test_workers_process_in_parallel_and_report_bad_files(
    shared_data: Path, tmp_path: Path
) -> None:
    data = shared_data / "models"
    paths = [
        data / "khronos/DamagedHelmet/DamagedHelmet.glb",
        data / "trimesh/empty.stl",
        data / "common3d/igea.ply",
        data / "trimesh/points_bin.ply",
        data / "khronos/Lantern/Lantern.gltf",
        tmp_path / "missing.glb",
    ]
    library = ModelLibrary(ModelCache(tmp_path / "cache"), workers=2)
    try:
        seen: list[int] = []
        results = library.load_many(
            [ModelRequest(p) for p in paths], progress=lambda done, total, _: seen.append(done)
        )
    finally:
        library.close()
    assert seen == [1, 2, 3, 4, 5, 6]
    by_name = {r.request.path.name: r for r in results}
    assert by_name["DamagedHelmet.glb"].model is not None
    assert by_name["igea.ply"].model.triangle_count == 268_686  # type: ignore[union-attr]
    assert by_name["empty.stl"].error.reason == "contains no triangles (nothing to show)"  # type: ignore[union-attr]
    assert by_name["points_bin.ply"].error.reason == "contains no triangles (nothing to show)"  # type: ignore[union-attr]
    assert by_name["missing.glb"].error.reason == "file not found"  # type: ignore[union-attr]
    assert any("Lantern_baseColor.png" in w for w in by_name["Lantern.gltf"].warnings)


def test_a_crashing_loader_does_not_take_the_app_down(tmp_path: Path) -> None:
    workers = ModelWorkers(1)
    try:
        crash = workers.submit(os.abort)
        with pytest.raises(AssetError, match="the model loader crashed on this file"):
            workers.model_result(tmp_path / "evil.glb", crash, timeout=60)
        hang = workers.submit(time.sleep, 60)
        with pytest.raises(AssetError, match="processing took longer than 1 s; stopped"):
            workers.model_result(tmp_path / "slow.glb", hang, timeout=1)
        after = workers.submit(sum, [1, 2, 3])
        assert workers.model_result(tmp_path / "fine.glb", after, timeout=60) == 6
    finally:
        workers.close()


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("trimesh/nancolor.obj", lambda m: m.triangle_count == 12),
        ("trimesh/negative_indices.obj", lambda m: m.triangle_count == 12),
        ("trimesh/notenoughindices.obj", lambda m: m.triangle_count >= 1),
        ("trimesh/soup.stl", lambda m: m.triangle_count == 100),
        ("trimesh/mode5.gltf", lambda m: m.triangle_count == 2786),
        ("trimesh/no_indices_3storybuilding.glb", lambda m: m.triangle_count == 72),
        ("trimesh/counter.unitsmm.STL", lambda m: m.triangle_count == 83750),
        ("common3d/igea.ply", lambda m: m.triangle_count == 268_686),
    ],
)
def test_awkward_real_files_load(shared_data: Path, name: str, check: object) -> None:
    model = load_model_file(shared_data / "models" / name)
    assert check(model)  # type: ignore[operator]
    for part in model.parts:
        assert np.isfinite(part.positions).all()
        assert part.faces.max() < len(part.positions)


def test_nan_vertices_are_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "broken.obj"
    path.write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nv nan 0 1\nf 1 2 3\nf 1 2 4\n", encoding="utf-8")
    model = load_model_file(path)
    assert model.triangle_count == 1
    assert model.warnings == [
        "broken.obj: 1 vertices are not finite numbers; their triangles were dropped"
    ]


def test_out_of_range_index_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.obj"
    path.write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 9\n", encoding="utf-8")
    with pytest.raises(AssetError) as caught:
        load_model_file(path)
    assert str(caught.value).startswith(
        "broken.obj: could not be read as OBJ: it points at data that is not there (index 8 is out"
    )


def test_triangle_strips_become_triangles() -> None:
    faces = strip_to_faces(np.array([0, 1, 2, 3, -1, 4, 5, 6]))
    assert faces.tolist() == [[0, 1, 2], [1, 3, 2], [4, 5, 6]]


@pytest.mark.slow
def test_huge_model_and_texture_are_brought_within_budget(tmp_path: Path) -> None:
    from PIL import Image

    sphere = trimesh.creation.icosphere(subdivisions=9)  # 5,242,880 triangles
    uv = (sphere.vertices[:, :2] + 1) / 2
    image = Image.new("RGB", (16384, 16384), (180, 120, 60))
    sphere.visual = trimesh.visual.TextureVisuals(
        uv=uv, material=trimesh.visual.material.PBRMaterial(baseColorTexture=image)
    )
    path = tmp_path / "huge.glb"
    path.write_bytes(trimesh.Scene(sphere).export(file_type="glb"))
    del sphere, image
    library = ModelLibrary(ModelCache(tmp_path / "cache"), workers=1)
    try:
        result = library.load_many([ModelRequest(path)])[0]
    finally:
        library.close()
    assert result.error is None, result.error
    model = result.model
    assert model is not None
    assert model.level_triangles(0) <= 1_100_000
    assert max(model.parts[0].material.base_color_texture.shape[:2]) == 4096  # type: ignore[union-attr]
    assert any("over the budget" in w for w in result.warnings)
    assert any("16384x16384 texture scaled down to 4096x4096" in w for w in result.warnings)


def test_import_command_adds_models_to_a_scene(exhibition: Path, shared_data: Path) -> None:
    helmet = shared_data / "models/khronos/DamagedHelmet/DamagedHelmet.glb"
    empty = shared_data / "models/trimesh/empty.stl"
    result = run_vitrine(
        "import",
        str(helmet),
        str(empty),
        "--into",
        str(exhibition),
        "--fit",
        "0.5",
        "--lods",
        "1,0.5,0.1",
    )
    assert result.returncode == 1  # one model failed
    assert "DamagedHelmet.glb: 15,452 triangles; levels 15,452 / 7,72" in result.stdout
    assert "empty.stl: FAILED: contains no triangles (nothing to show)" in result.stdout
    assert "5/5" not in result.stderr and "2/2 " in result.stderr
    text = exhibition.read_text(encoding="utf-8")
    assert "  - id: DamagedHelmet\n    model: models/DamagedHelmet.glb\n" in text
    assert "title: {en: Damaged Helmet, zh: Damaged Helmet}" in text
    assert (exhibition.parent / "models/DamagedHelmet.glb").read_bytes() == helmet.read_bytes()
    assert run_vitrine("validate", str(exhibition)).returncode == 0
