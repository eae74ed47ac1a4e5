"""Files named inside model and scene files are read only from inside the exhibition folder, as
regular files: paths that climb out, absolute paths, /proc files, FIFOs, devices, symlink loops
and over-long names are refused with a reason, never opened, never hang."""

from __future__ import annotations

import base64
import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.errors import AssetError
from app.meshes import load_model_file
from app.scene import check_scene
from app.scene.references import ReferenceRefused, References

from conftest import MINIMAL_SCENE, write_cube

_OPENED: list[str] = []
_WATCHING = threading.Event()


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING.is_set() and event == "open" and args and isinstance(args[0], str | bytes):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture
def opened() -> Iterator[list[str]]:
    """Every file this process opens while the test runs (Python's audit hook)."""
    _OPENED.clear()
    _WATCHING.set()
    yield _OPENED
    _WATCHING.clear()


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.fromarray(np.full((4, 4, 3), 200, dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def _gltf_with_image(folder: Path, uri: str) -> Path:
    """A one-triangle glTF whose base colour texture is the image at ``uri``."""
    positions = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], dtype=np.float32)
    uvs = np.array([[0, 0], [1, 0], [0, 1]], dtype=np.float32)
    blob = positions.tobytes() + uvs.tobytes()
    document = {
        "asset": {"version": "2.0"},
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [
            {"primitives": [{"attributes": {"POSITION": 0, "TEXCOORD_0": 1}, "material": 0}]}
        ],
        "materials": [{"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}],
        "textures": [{"source": 0}],
        "images": [{"uri": uri}],
        "buffers": [
            {
                "byteLength": len(blob),
                "uri": "data:application/octet-stream;base64," + base64.b64encode(blob).decode(),
            }
        ],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": 36},
            {"buffer": 0, "byteOffset": 36, "byteLength": 24},
        ],
        "accessors": [
            {
                "bufferView": 0,
                "componentType": 5126,
                "count": 3,
                "type": "VEC3",
                "min": [0, 0, 0],
                "max": [1, 1, 0],
            },
            {"bufferView": 1, "componentType": 5126, "count": 3, "type": "VEC2"},
        ],
    }
    path = folder / "models" / "thing.gltf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def exhibition_with_secret(tmp_path: Path) -> tuple[Path, Path]:
    """An exhibition folder, and a secret image beside it (outside it)."""
    folder = tmp_path / "show"
    folder.mkdir()
    secret = tmp_path / "secret" / "canary.png"
    secret.parent.mkdir()
    secret.write_bytes(_png())
    return folder, secret


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("../../secret/canary.png", "is outside the exhibition folder"),
        ("/etc/passwd", "is an absolute path"),
        ("/proc/self/pagemap", "is an absolute path"),
        ("file:///etc/passwd", "is a URL"),
        ("%2E%2E/%2E%2E/secret/canary.png", "is outside the exhibition folder"),
    ],
)
def test_gltf_images_outside_the_exhibition_are_refused_unread(
    exhibition_with_secret: tuple[Path, Path], opened: list[str], uri: str, reason: str
) -> None:
    folder, secret = exhibition_with_secret
    model_path = _gltf_with_image(folder, uri)
    model = load_model_file(model_path, References.for_exhibition(folder))
    assert model.triangle_count == 1, "the model still shows"
    assert model.parts[0].material.base_color_texture is None
    assert any(reason in warning and "not read" in warning for warning in model.warnings)
    touched = [p for p in opened if "canary" in p or p.startswith(("/etc", "/proc"))]
    assert touched == [], f"opened outside the exhibition: {touched}"


def test_a_fifo_texture_is_refused_without_waiting(tmp_path: Path, opened: list[str]) -> None:
    model_path = _gltf_with_image(tmp_path, "pipe.png")
    os.mkfifo(model_path.parent / "pipe.png")
    model = load_model_file(model_path, References.for_exhibition(tmp_path))
    assert any("is a pipe (FIFO), not a file" in w for w in model.warnings)
    assert not any(p.endswith("pipe.png") for p in opened)


def test_obj_material_libraries_and_maps_outside_are_refused(
    exhibition_with_secret: tuple[Path, Path], opened: list[str]
) -> None:
    folder, secret = exhibition_with_secret
    (folder / "models").mkdir()
    inside_mtl = folder / "models" / "ok.mtl"
    inside_mtl.write_text(f"newmtl m\nKd 1 1 1\nmap_Kd {secret}\n", encoding="utf-8")
    obj = folder / "models" / "tri.obj"
    obj.write_text(
        "mtllib ../../../../etc/passwd\nmtllib ok.mtl\nusemtl m\n"
        "v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nf 1/1 2/2 3/3\n",
        encoding="utf-8",
    )
    model = load_model_file(obj, References.for_exhibition(folder))
    assert model.triangle_count == 1
    notes = " ".join(model.warnings)
    assert "etc/passwd' is outside the exhibition folder" in notes
    assert "is an absolute path" in notes
    assert not [p for p in opened if p.startswith("/etc") or "canary" in p]


def test_a_model_that_is_a_link_to_a_device_or_a_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.glb").symlink_to("/dev/zero")
    with pytest.raises(AssetError, match="outside the exhibition folder"):
        load_model_file(tmp_path / "zero.glb", References.for_exhibition(tmp_path))
    (tmp_path / "a.glb").symlink_to(tmp_path / "b.glb")
    (tmp_path / "b.glb").symlink_to(tmp_path / "a.glb")
    with pytest.raises(AssetError, match="symlink loop"):
        load_model_file(tmp_path / "a.glb", References.for_exhibition(tmp_path))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda d: (d / "models" / "loop.glb").symlink_to(d / "models" / "loop.glb"),
            "is a symlink loop",
        ),
        (lambda d: os.mkfifo(d / "models" / "loop.glb"), "is a pipe (FIFO), not a file"),
        (
            lambda d: (d / "models" / "loop.glb").symlink_to("/dev/zero"),
            "is outside the exhibition folder",
        ),
    ],
    ids=["symlink loop", "fifo", "device"],
)
def test_the_validator_names_the_line_of_a_model_it_will_not_read(
    tmp_path: Path, make: object, message: str
) -> None:
    (tmp_path / "models").mkdir()
    make(tmp_path)  # type: ignore[operator]
    scene = tmp_path / "show.vitrine.yaml"
    scene.write_text(MINIMAL_SCENE.replace("models/cube.glb", "models/loop.glb"), encoding="utf-8")
    parsed, source = check_scene(scene)
    assert parsed is None
    assert any(p.line == 6 and message in p.message for p in source.problems), source.problems


def test_an_over_long_model_path_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    write_cube(tmp_path / "models" / "cube.glb")
    scene = tmp_path / "show.vitrine.yaml"
    scene.write_text(
        MINIMAL_SCENE.replace("models/cube.glb", "models/" + "x" * 5000 + ".glb"), encoding="utf-8"
    )
    parsed, source = check_scene(scene)
    assert parsed is None
    assert any("too long a name" in p.message and p.line == 6 for p in source.problems)


def test_reading_is_bounded() -> None:
    with pytest.raises(ReferenceRefused, match="over the limit"):
        References((Path("/").resolve(),)).read("etc/hostname", Path("/"), limit=1)


def _bomb_png(path: Path, width: int = 30_000, height: int = 30_000) -> Path:
    """A PNG whose header claims a huge image (decoding it would need gigabytes)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def test_a_decompression_bomb_texture_is_a_warning_and_a_plain_colour(tmp_path: Path) -> None:
    model_path = _gltf_with_image(tmp_path, "bomb.png")
    _bomb_png(model_path.parent / "bomb.png")
    model = load_model_file(model_path, References.for_exhibition(tmp_path))
    assert model.parts[0].material.base_color_texture is None
    assert any("30000 x 30000 pixels is over the limit" in w for w in model.warnings)


def test_a_decompression_bomb_hall_texture_falls_back_to_the_pattern(tmp_path: Path) -> None:
    from app.render.surfaces import surface_texture

    problems: list[str] = []
    texture = surface_texture(
        "floor", (0.7, 0.6, 0.5, 1.0), _bomb_png(tmp_path / "floor.png"), problems
    )
    assert texture.getXSize() == 512, "the built-in floor pattern"
    assert problems == [
        "hall texture floor.png is 30000 x 30000 pixels, over 8192 x 8192; "
        "the plain pattern is shown instead"
    ]
    (tmp_path / "text.png").write_text("not an image", encoding="utf-8")
    surface_texture("wall", (1, 1, 1, 1), tmp_path / "text.png", problems)
    assert "not an image Vitrine can read" in problems[-1]


def test_a_truncated_glb_is_named_in_words_not_exceptions(tmp_path: Path) -> None:
    data = (Path(__file__).resolve().parents[1] / "assets/models/kettle.glb").read_bytes()
    cut = tmp_path / "cut.glb"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(AssetError, match=r"the GLB header says .* but the file has"):
        load_model_file(cut)
    broken = tmp_path / "broken.gltf"
    broken.write_text(
        '{"asset": {"version": "2.0"}, "buffers": [{"byteLength": 12, '
        '"uri": "data:application/octet-stream;base64,AAA"}]',
        encoding="utf-8",
    )
    with pytest.raises(AssetError) as caught:
        load_model_file(broken)
    assert "Error" not in str(caught.value) and "No module" not in str(caught.value)


def test_a_truncated_avatar_never_reaches_the_engine(tmp_path: Path) -> None:
    from app.meshes.avatar_info import read_avatar_info

    data = (Path(__file__).resolve().parents[1] / "assets/avatars/guide_female.glb").read_bytes()
    cut = tmp_path / "guide.glb"
    cut.write_bytes(data[: len(data) - 1000])
    with pytest.raises(AssetError, match="is cut short"):
        read_avatar_info(cut)
