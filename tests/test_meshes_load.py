"""Loading real model files into plain arrays and standing them up in Vitrine's world."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.errors import AssetError
from app.meshes import Placement, load_model_file, prepare_model

DEMO_MODELS = sorted((Path(__file__).resolve().parents[1] / "assets/models").glob("*.glb"))


@pytest.mark.parametrize("path", DEMO_MODELS, ids=[p.stem for p in DEMO_MODELS])
def test_demo_models_load_with_materials_and_stand_on_the_origin(path: Path) -> None:
    model = prepare_model(path, Placement(up="y"))
    assert model.triangle_count >= 12
    assert model.warnings == []
    lo, hi = model.bounds()
    assert lo[2] == pytest.approx(0, abs=1e-6), "the model must stand on z = 0"
    assert (lo[:2] + hi[:2]) == pytest.approx([0, 0], abs=1e-6), "centred on its base"
    assert 0.05 < (hi - lo).max() < 1.5, "demo products are real-world sized, in metres"
    assert len({part.material.name for part in model.parts}) >= 1


def test_demo_models_carry_textures_and_vertex_colours() -> None:
    chair = load_model_file(Path("assets/models/lounge_chair.glb"))
    wood = [p for p in chair.parts if p.material.base_color_texture is not None]
    assert wood and all(p.uvs is not None for p in wood)
    bowl = load_model_file(Path("assets/models/tea_bowl.glb"))
    assert bowl.parts[0].colors is not None and bowl.parts[0].colors.shape[1] == 4


def test_gltf_y_up_becomes_z_up(tmp_path: Path) -> None:
    import trimesh

    tall = trimesh.creation.box([0.1, 2.0, 0.1])  # tall along glTF's up (Y)
    path = tmp_path / "pole.glb"
    path.write_bytes(trimesh.Scene(tall).export(file_type="glb"))
    lo, hi = prepare_model(path, Placement(up="y")).bounds()
    assert hi[2] - lo[2] == pytest.approx(2.0)
    assert hi[1] - lo[1] == pytest.approx(0.1)


def test_units_and_fit(tmp_path: Path) -> None:
    import trimesh

    path = tmp_path / "part.stl"
    path.write_bytes(trimesh.creation.box([200.0, 100.0, 50.0]).export(file_type="stl"))
    lo, hi = prepare_model(path, Placement(up="z", units="mm")).bounds()
    assert hi - lo == pytest.approx([0.2, 0.1, 0.05])
    lo, hi = prepare_model(path, Placement(up="z", units="mm", fit=0.5)).bounds()
    assert (hi - lo).max() == pytest.approx(0.5)


def test_real_textured_gltf_keeps_texture_and_uvs(shared_data: Path) -> None:
    model = load_model_file(shared_data / "models/khronos/DamagedHelmet/DamagedHelmet.glb")
    part = model.parts[0]
    assert part.material.base_color_texture is not None
    assert part.material.base_color_texture.shape[2] == 4
    assert part.uvs is not None and part.uvs.shape == (len(part.positions), 2)
    assert np.isfinite(part.positions).all()


def test_instanced_nodes_are_kept(shared_data: Path) -> None:
    model = load_model_file(shared_data / "models/khronos/2CylinderEngine/2CylinderEngine.glb")
    assert any(len(part.instances) > 1 for part in model.parts)
    assert model.triangle_count > sum(len(p.faces) for p in model.parts)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.glb", b"", "file is empty"),
        ("notes.txt", b"hello", "unsupported format '.txt'"),
        ("broken.glb", b"glTF\x02\x00\x00\x00garbage", "could not be read as GLB"),
    ],
)
def test_bad_files_raise_asset_errors_naming_the_file(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AssetError) as caught:
        load_model_file(path)
    assert name in str(caught.value)
    assert reason in caught.value.reason
