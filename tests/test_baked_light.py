"""The hall's baked light (floor, walls, plinths) and the quality tiers: the bake's numbers
against the formulas it stands for, and the rendered hall against the per-pixel one."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.render.bake import Block, LightSet, Room, Spot, Sun, bake
from app.render.quality import TIERS, auto_tier, choose_tier

SKY_RADIANCE = 0.3  # a uniform environment
UNIFORM_SKY = ((math.pi * SKY_RADIANCE / 0.282095,) * 3,) + ((0.0, 0.0, 0.0),) * 8
ROOM = Room((10.0, 10.0, 4.0), (0.5, 0.5, 0.5), (0.8, 0.8, 0.8))
BLOCK = Block((0.0, 0.0), (0.5, 0.5), 1.0, 0.0, (0.7, 0.7, 0.7))
SUN = Sun((math.sqrt(0.5), 0.0, math.sqrt(0.5)), (0.5, 0.5, 0.5), shadows=True, key=True)
UP = np.array([0.0, 0.0, 1.0])


def _floor(*xy: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    points = np.array([(x, y, 0.0) for x, y in xy])
    return points, np.tile(UP, (len(points), 1))


def test_open_floor_gets_the_lights_and_the_sky_exactly() -> None:
    points, normals = _floor((3.0, 3.0))
    light, share = bake(points, normals, ROOM, [BLOCK], LightSet((SUN,), (), UNIFORM_SKY))
    direct = math.pi * 0.5 * math.sqrt(0.5)
    expected = direct + math.pi * SKY_RADIANCE
    assert light[0] == pytest.approx([expected] * 3, rel=0.01)
    assert share[0] == pytest.approx(direct / expected, rel=0.01)


def test_a_plinth_shades_the_floor_beyond_it_and_darkens_or_lights_its_foot() -> None:
    # the sun is up to the +x side at 45 degrees: the 1 m block's shadow spans x -0.5..-1.5
    points, normals = _floor((-1.0, 0.0), (3.0, 0.0), (0.56, 0.0), (-3.0, 3.0))
    lights = LightSet((SUN,), (), UNIFORM_SKY)
    light, share = bake(points, normals, ROOM, [BLOCK], lights)
    shadowed, open_floor, foot, far = light[:, 0]
    assert share[0] < 0.02 and share[1] > 0.3, "no key light in the shadow"
    assert open_floor - shadowed > 0.9 * math.pi * 0.5 * math.sqrt(0.5)
    assert far == pytest.approx(open_floor, rel=0.01), "away from it, the floor is untouched"
    # its sunlit pale face bounces more light than the sky it hides; a dark one, less
    assert foot > open_floor + 0.05 * math.pi * SKY_RADIANCE, "light bounced off the plinth"
    dark = Block(BLOCK.centre, BLOCK.half, BLOCK.height, 0.0, (0.03, 0.03, 0.03))
    light, _ = bake(points, normals, ROOM, [dark], lights)
    assert light[2, 0] < open_floor - 0.05 * math.pi * SKY_RADIANCE, "less sky at its foot"


def test_spotlights_reach_only_the_points_asked_and_the_plinth_casts_their_shadow() -> None:
    spot = Spot((0.0, -2.0, 3.0), (0.0, 2.0 / math.sqrt(13), -3.0 / math.sqrt(13)),
                math.cos(math.radians(40)), (1.0, 1.0, 1.0))  # fmt: skip
    front, behind = (0.0, -0.8), (0.0, 0.8)
    points, normals = _floor(front, behind, front)
    lights = LightSet((), (spot,), UNIFORM_SKY)
    light, _ = bake(points, normals, ROOM, [BLOCK], lights,
                    spotlit=np.array([True, True, False]))  # fmt: skip
    assert light[0, 0] > light[2, 0] + 0.5, "the spot lights the floor in front"
    assert light[1, 0] < light[0, 0] - 0.5, "the block stands between the spot and behind it"
    assert light[2, 0] < math.pi * SKY_RADIANCE * 1.01, "a point left out gets no spot"


def test_tiers_follow_the_renderer_unless_told() -> None:
    assert auto_tier("llvmpipe (LLVM 15.0.6, 256 bits)") == "low"
    assert auto_tier("Mesa Intel(R) HD Graphics 620 (KBL GT2)") == "medium"
    assert auto_tier("NVIDIA GeForce RTX 3060/PCIe/SSE2") == "high"
    assert choose_tier("llvmpipe", None, "auto") is TIERS["low"]
    assert choose_tier("llvmpipe", "high", "medium") is TIERS["high"]  # command line first
    assert choose_tier("NVIDIA GeForce", "auto", "medium") is TIERS["medium"]  # then the scene
    assert [TIERS[n].shadow_texels for n in ("low", "medium", "high")] == [0, 1024, 2048]


def test_a_bake_is_cached_and_a_moved_plinth_bakes_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.render.baked_hall import bake_scene
    from app.render.environment_maps import irradiance_sh, uniform_environment
    from app.scene import load_scene

    monkeypatch.setenv("VITRINE_CACHE_DIR", str(tmp_path / "cache"))
    document = load_scene(Path(__file__).parents[1] / "scenes" / "heritage.vitrine.yaml")
    sky = irradiance_sh(uniform_environment(0.5))
    first = bake_scene(document.scene, sky, 1.0)
    again = bake_scene(document.scene, sky, 1.0)
    assert first.seconds > 0 and again.seconds == 0, "the second came from the cache"
    assert np.array_equal(first.maps["floor"], again.maps["floor"])
    assert set(first.plinths) == {e.id for e in document.scene.exhibits if e.plinth}
    exhibit = document.scene.exhibits[0]
    moved = document.scene.model_copy(
        update={"exhibits": [exhibit.model_copy(update={"position": (exhibit.position[0] + 1,
                                                                     exhibit.position[1])}),
                             *document.scene.exhibits[1:]]})  # fmt: skip
    rebaked = bake_scene(moved, sky, 1.0)
    assert rebaked.seconds > 0
    assert not np.array_equal(rebaked.maps["floor"], first.maps["floor"])


@pytest.mark.render
def test_the_baked_hall_looks_like_the_per_pixel_one_and_live_shadows_darken_it(
    offscreen: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.render.camera import point_camera
    from app.render.capture import capture_rgb, draw_frames
    from app.render.quality import Quality
    from app.render.shading import baked_shader
    from app.render.stage import build_stage
    from app.scene import load_scene
    from app.scene.views import close_view, entrance_view

    monkeypatch.setenv("VITRINE_CACHE_DIR", str(tmp_path / "cache"))
    document = load_scene(Path(__file__).parents[1] / "scenes" / "showroom.vitrine.yaml")
    shots = {}
    for quality in (Quality("per-pixel", 2048, baked=False), TIERS["low"], TIERS["medium"]):
        stage = build_stage(document.scene, document.base_dir, offscreen.render, "en",
                            quality=quality)  # fmt: skip
        try:
            key = stage.root.find("**/key").node()
            assert key.isShadowCaster() == (quality.shadow_texels > 0)  # type: ignore[attr-defined]
            floor = stage.root.find("hall/floor")
            assert (floor.getShader() == baked_shader(quality.shadow_texels)) == quality.baked
            scene = document.scene
            chair = close_view(scene, scene.exhibit("chair"), stage.model_boxes["chair"])
            for name, view in (("entrance", entrance_view(scene)), ("chair", chair)):
                point_camera(offscreen.cam, offscreen.camLens, view, offscreen.win)
                if stage.shadow is not None:
                    stage.shadow.lod_from(offscreen.cam)
                draw_frames(offscreen, 3)
                shots[f"{quality.name} {name}"] = capture_rgb(offscreen).astype(float)
        finally:
            stage.destroy()
    near_floor = slice(int(shots["low entrance"].shape[0] * 0.8), None)
    per_pixel, low = (shots[f"{n} entrance"][near_floor].mean() for n in ("per-pixel", "low"))
    assert abs(low - per_pixel) < 0.08 * per_pixel, "the baked floor is lit as before"
    darker = shots["low chair"].sum(-1) - shots["medium chair"].sum(-1)
    assert (darker > 30).sum() > 200, "the exhibits' live shadows fall on the baked hall"
    assert (darker < -30).sum() < (darker > 30).sum() / 10, "shadows only take light away"


@pytest.mark.render
def test_the_visit_changes_tier_when_asked(
    offscreen: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.scene import load_scene
    from app.visit import VisitCore
    from guide.speech import SilentSpeaker

    monkeypatch.setenv("VITRINE_CACHE_DIR", str(tmp_path / "cache"))
    document = load_scene(Path(__file__).parents[1] / "scenes" / "heritage.vitrine.yaml")
    visit = VisitCore(offscreen, document, SilentSpeaker())
    try:
        assert visit.quality.name == "low", "software rendering starts low"

        def caster() -> bool:
            return bool(visit.stage.root.find("**/key").node().isShadowCaster())  # type: ignore[attr-defined]

        assert not caster()
        visit.set_quality("high")
        assert visit.quality.name == "high" and caster()
        visit.set_quality("auto")
        assert visit.quality.name == "low" and not caster()
    finally:
        visit.destroy()


def test_the_hall_reflection_shows_its_panels_above_its_floor_below_and_its_plinths() -> None:
    from app.render.environment_maps import directions
    from app.render.hall import hall_rects, panel_centres
    from app.render.hall_probe import CEILING_RADIANCE, PANEL_RADIANCE, trace_hall
    from app.scene.model import Hall

    hall = Hall(size=(8.0, 8.0, 4.0))
    rects = hall_rects(hall)
    maps = {name: np.full((4, 4, 4), 2.0 if name == "floor" else 1.0, np.float32)
            for name in rects}  # fmt: skip
    albedos = {name: (0.5, 0.4, 0.3) if name == "floor" else (0.8, 0.8, 0.8) for name in rects}
    block = Block((2.0, 0.0), (0.4, 0.4), 3.0, 0.0, (0.2, 0.2, 0.2))
    x, y = panel_centres(8.0, 8.0)[0]
    image = trace_hall(hall.size, rects, maps, albedos, [(block, np.array([3.0] * 3))],
                       (x, y, 1.3), width=128)  # fmt: skip
    d = directions(64, 128)
    straight_up = image[0].mean(axis=0)
    assert straight_up == pytest.approx([PANEL_RADIANCE] * 3), "a panel overhead"
    down = image[-1].mean(axis=0)
    assert down == pytest.approx(np.array([0.5, 0.4, 0.3]) / math.pi * 2.0, rel=1e-4)
    towards = d[32] @ np.array([2.0 - x, -y, 0.0]) / math.hypot(2.0 - x, y)
    column = int(np.argmax(towards))
    assert image[32, column] == pytest.approx([0.2 / math.pi * 3.0] * 3, rel=1e-4), "the plinth"
    assert CEILING_RADIANCE in image[5], "the plain ceiling between the panels"


@pytest.mark.render
def test_exhibits_reflect_the_hall_and_their_close_up_the_studio_or_their_own_light(
    offscreen: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from app.render.camera import point_camera
    from app.render.capture import capture_rgb, draw_frames
    from app.render.hdr_files import write_hdr
    from app.render.stage import build_stage
    from app.scene import load_scene
    from app.scene.views import close_view

    monkeypatch.setenv("VITRINE_CACHE_DIR", str(tmp_path / "cache"))
    repo = Path(__file__).parents[1]
    folder = tmp_path / "show"
    shutil.copytree(repo / "scenes", folder)
    red = np.zeros((16, 32, 3), np.float32)
    red[..., 0] = 2.0
    write_hdr(folder / "red.hdr", red)
    text = (folder / "showroom.vitrine.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: speaker\n", "  - id: speaker\n    environment: red.hdr\n", 1)
    (folder / "showroom.vitrine.yaml").write_text(text, encoding="utf-8")
    document = load_scene(folder / "showroom.vitrine.yaml")
    stage = build_stage(document.scene, document.base_dir, offscreen.render, "en")
    try:
        assert stage.lighting is not None and stage.problems == []
        shots = {}
        for exhibit_id in ("kettle", "speaker"):
            box = stage.model_boxes[exhibit_id]
            view = close_view(document.scene, document.scene.exhibit(exhibit_id), box)
            point_camera(offscreen.cam, offscreen.camLens, view, offscreen.win)
            for mode in ("hall", "close-up"):
                stage.light_for_inspection(exhibit_id if mode == "close-up" else None)
                draw_frames(offscreen, 2)
                shots[exhibit_id, mode] = capture_rgb(offscreen).astype(float)
        h, w = shots["kettle", "hall"].shape[:2]
        middle = (slice(h // 4, 3 * h // 4), slice(w // 3, 2 * w // 3))
        changed = np.abs(shots["kettle", "hall"] - shots["kettle", "close-up"]).sum(-1)[middle]
        assert (changed > 20).mean() > 0.1, "the kettle reflects the hall, then the studio"
        speaker = shots["speaker", "hall"][middle]
        assert np.array_equal(speaker, shots["speaker", "close-up"][middle]), "its own light"
        red_share = speaker[..., 0].mean() / max(speaker[..., 1].mean(), 1.0)
        assert red_share > 1.15, "the speaker is lit by its red environment"
    finally:
        stage.destroy()
