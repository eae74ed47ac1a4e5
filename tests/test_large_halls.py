"""Large halls: what is the same is shared (jobs, geometry, textures, cache files), textures are
compressed and shown at the detail their distance needs within a budget, and the hall opens at
once with the models arriving nearest the entrance first."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.meshes import ModelCache, ModelLibrary, PipelineSettings, Placement
from app.meshes.cache import cache_key, cache_use
from app.meshes.pipeline import ModelRequest
from app.render.camera import point_camera
from app.render.capture import capture_rgb
from app.render.stage import Stage, build_stage
from app.render.texture_store import TextureStore, wanted_level
from app.scene import load_scene
from app.scene.views import exhibit_view
from app.visit import VisitCore
from guide.speech import SilentSpeaker

pytestmark = pytest.mark.render

_MODELS = ("Avocado", "BoxTextured")


def _hall(folder: Path, shared_data: Path, rows: int = 3, broken: bool = False) -> Path:
    """An exhibition of 2 * rows exhibits over two textured models, in two rows 6 m apart."""
    for name in _MODELS:
        shutil.copytree(shared_data / "models/khronos" / name, folder / "models" / name)
    lines = [
        "format: 1",
        "title: {en: Long hall}",
        "languages: [en]",
        "hall: {size: [8, 40, 4]}",
        "exhibits:",
    ]
    files = {"Avocado": "Avocado.gltf", "BoxTextured": "BoxTextured.glb"}
    for row in range(rows):
        for column, name in enumerate(_MODELS):
            model = f"models/{name}/{files[name]}"
            if broken and row == rows - 1 and column == 1:
                model = "models/broken.glb"
            lines.append(
                f"  - {{id: {name.lower()}{row}, model: {model}, "
                f"position: [{-2 + 4 * column}, {-15 + 12 * row}], fit: 0.5, "
                f"info: {{title: {{en: {name} {row}}}, text: {{en: An exhibit.}}}}}}"
            )
    if broken:
        (folder / "models" / "broken.glb").write_bytes(b"glTF but not really")
    scene = folder / "hall.vitrine.yaml"
    scene.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return scene


@pytest.fixture
def hall_library(tmp_path: Path) -> Iterator[ModelLibrary]:
    """A model library with its own (cold) cache and worker processes."""
    library = ModelLibrary(ModelCache(tmp_path / "cache"), workers=2)
    yield library
    library.close()


@contextmanager
def _stage(
    offscreen: Any, scene_file: Path, library: ModelLibrary, **options: Any
) -> Iterator[Stage]:
    document = load_scene(scene_file)
    stage = build_stage(
        document.scene, document.base_dir, offscreen.render, "en", library=library, **options
    )
    try:
        yield stage
    finally:
        stage.destroy()


def test_exhibits_share_one_job_one_node_and_one_texture_per_image(
    offscreen: Any, tmp_path: Path, shared_data: Path, hall_library: ModelLibrary
) -> None:
    with _stage(offscreen, _hall(tmp_path, shared_data), hall_library) as stage:
        jobs = [result for result in stage.loaded if result.job is not None]
        assert len(stage.loaded) == 2 and len(jobs) == 2  # six exhibits, two models
        assert len(stage.shared.nodes) == 2
        avocados = [stage.exhibits[f"avocado{row}"].model for row in range(3)]
        geometry = {a.getChild(0).node().this for a in avocados}
        assert len(geometry) == 1, "exhibits of one model instance one copy of it"
        # Avocado: base colour, metal-roughness, normal; BoxTextured: base colour
        assert len(stage.textures) == 4


def test_the_cache_keeps_textures_compressed_and_once(tmp_path: Path, shared_data: Path) -> None:
    folder = tmp_path / "ex"
    shutil.copytree(shared_data / "models/khronos/Avocado", folder)
    source = sum(f.stat().st_size for f in folder.iterdir())
    cache = ModelCache(tmp_path / "cache")
    library = ModelLibrary(cache, isolate=False)
    path = folder / "Avocado.gltf"
    two = [
        ModelRequest(path, Placement(), PipelineSettings()),
        ModelRequest(path, Placement(), PipelineSettings(levels=(1.0, 0.5))),
    ]
    first, second = library.load_many(two)
    assert first.model is not None and second.model is not None
    assert len(list(cache.textures.glob("*.npy"))) == 3, "two entries, one copy of each texture"
    assert cache_use(cache.root).bytes < 2 * source
    # removing one entry keeps the textures the other still uses; removing both drops them
    keys = [cache_key(r.path, r.placement, r.settings, r.references) for r in two]
    shutil.rmtree(cache.entry(keys[0]))
    cache.limit_bytes = 0
    cache.evict(keep=keys[1])
    assert len(list(cache.textures.glob("*.npy"))) == 3
    cache.evict()
    assert not cache.has(keys[1]) and not list(cache.textures.glob("*.npy"))


def test_textures_follow_the_distance_and_the_budget(
    offscreen: Any, tmp_path: Path, shared_data: Path, hall_library: ModelLibrary
) -> None:
    with _stage(offscreen, _hall(tmp_path, shared_data), hall_library) as stage:
        store = stage.textures
        avocado = stage.exhibits["avocado0"].textures
        assert store.compressed, "llvmpipe takes BC1/BC3: textures go up compressed"
        from panda3d.core import Texture

        near, far = (-2.0, -16.5, 1.6), (2.0, 18.0, 1.6)
        stage.stream_textures(near, 0.0, force=True)
        assert all(store.level(key) == 0 for key in avocado)
        first = stage.exhibits["avocado0"].model.findTexture("*")
        assert first is not None
        assert first.getRamImageCompression() in (Texture.CM_dxt1, Texture.CM_dxt5)
        full = store.resident_bytes()
        stage.stream_textures(far, 0.0, force=True)  # the nearest avocado is now 6 m away
        assert all(store.level(key) > 0 for key in avocado)
        assert store.resident_bytes() < full / 3
        stage.stream_textures(near, 0.0, force=True)
        assert store.resident_bytes() == full
        store.budget_bytes = full // 20  # a small budget: the farthest drop first
        stage.stream_textures(near, 0.0, force=True)
        assert store.resident_bytes() <= full // 20
        box = stage.exhibits["boxtextured0"].textures[0]
        assert store.level(avocado[0]) <= store.level(box) or store.level(box) >= 5


def test_hysteresis_keeps_a_texture_from_flickering() -> None:
    assert wanted_level(0.9, 0, 4) == 0
    assert wanted_level(1.1, 0, 4) == 0  # just past the boundary: stays sharp
    assert wanted_level(1.5, 0, 4) == 1
    assert wanted_level(1.1, 1, 4) == 1  # and once dropped, stays so until within it again
    assert wanted_level(0.95, 1, 4) == 0  # coming closer sharpens at once
    assert wanted_level(100.0, 0, 4) == 4


def test_compressed_and_decoded_textures_look_the_same(
    offscreen: Any, tmp_path: Path, shared_data: Path, hall_library: ModelLibrary
) -> None:
    scene_file = _hall(tmp_path, shared_data, rows=1)
    shots = []
    for compressed in (True, False):
        store = TextureStore(compressed=compressed)
        with _stage(offscreen, scene_file, hall_library, textures=store) as stage:
            scene = stage.scene
            exhibit = scene.exhibit("avocado0")
            view = exhibit_view(scene, exhibit, stage.exhibits["avocado0"].height)
            point_camera(offscreen.cam, offscreen.camLens, view, offscreen.win)
            for _ in range(2):
                offscreen.graphicsEngine.renderFrame()
            shots.append(capture_rgb(offscreen).astype(int))
    compressed_shot, decoded_shot = shots
    height, width = compressed_shot.shape[:2]
    middle = compressed_shot[height // 3 : 2 * height // 3, width // 3 : 2 * width // 3]
    assert middle[..., 1].mean() > middle[..., 2].mean() + 15, "the avocado shows its green"
    assert np.abs(compressed_shot - decoded_shot).mean() < 2.0


def test_the_hall_opens_at_once_and_models_arrive_nearest_first(
    offscreen: Any, tmp_path: Path, shared_data: Path
) -> None:
    document = load_scene(_hall(tmp_path, shared_data, broken=True))
    library = ModelLibrary(ModelCache(tmp_path / "cache"), workers=2)
    library.load_many([])  # the workers are up
    heard: list[str] = []
    visit = VisitCore(offscreen, document, SilentSpeaker(), library=library, stream_models=True)
    visit.on_problem.append(heard.append)
    try:
        assert visit.state.loading == (0, 3)
        assert all(node.loading for node in visit.stage.exhibits.values())
        assert visit.stage.exhibits["avocado0"].model.getName() == "loading"
        arrived: list[str] = []
        deadline = time.monotonic() + 120  # cold: the workers process the models meanwhile
        while time.monotonic() < deadline:
            before = {key for key, node in visit.stage.exhibits.items() if not node.loading}
            visit.step(1 / 30)
            arrived += sorted(
                key
                for key, node in visit.stage.exhibits.items()
                if not node.loading and key not in before
            )
            if visit.state.loading is None:
                break
        assert visit.state.loading is None, "every model arrived"
        # a file that cannot be read fails at once, whatever its place in the queue
        shown = [key for key in arrived if key != "boxtextured2"]
        assert shown[0] in ("avocado0", "boxtextured0"), f"nearest the entrance first: {arrived}"
        assert visit.stage.exhibits["boxtextured2"].model.getName() == "placeholder"
        assert any("broken.glb" in problem for problem in heard), heard
        assert visit.stage.exhibits["avocado2"].height > 0.3  # a model, not the stand-in
    finally:
        visit.close()
        library.close()


def test_a_large_halls_shadow_follows_the_visitor_and_looks_the_same(
    offscreen: Any, tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.render.lighting as lighting

    document = load_scene(_hall(tmp_path, shared_data))
    library = ModelLibrary(ModelCache(tmp_path / "cache"), workers=2)
    shots, centres = [], []
    try:
        for span in (lighting.SHADOW_SPAN, 1000.0):  # focused, then the whole 40 m hall
            monkeypatch.setattr(lighting, "SHADOW_SPAN", span)
            visit = VisitCore(offscreen, document, SilentSpeaker(), library=library, quality="high")
            try:
                visit.hold_exhibits = True
                for _ in range(2):
                    visit.step(0.02)
                    offscreen.graphicsEngine.renderFrame()
                shadow = visit.stage.shadow
                assert shadow is not None
                centres.append((shadow.focused, shadow.span, shadow.key.getPos()))
                shots.append(capture_rgb(offscreen).astype(int))
            finally:
                visit.destroy()
    finally:
        library.close()
    (focused, span, centre), (whole, _, _) = centres
    assert focused and span == 16.0 and not whole
    entrance_y = -40 / 2 + 0.6
    assert entrance_y < centre.y < entrance_y + span, "the shadow lies ahead of the visitor"
    near = np.abs(shots[0] - shots[1])[shots[0].shape[0] // 2 :]
    assert near.mean() < 1.0, "near the visitor, the focused shadow is the hall's shadow"
