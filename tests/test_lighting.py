"""Image-based lighting, tone mapping, anti-aliasing and product close-ups, judged on
pixels rendered offscreen (EGL, llvmpipe)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from panda3d.core import CardMaker, Material, NodePath, Point3

from app.render.camera import point_camera
from app.render.capture import capture_rgb, draw_frames, project_to_pixel
from app.render.engine import antialiasing, set_background
from app.render.environment_maps import (
    brdf_table,
    irradiance_sh,
    prefilter,
    studio_environment,
    uniform_environment,
)
from app.render.geometry import geom_from_arrays
from app.render.hdr_files import read_environment, read_hdr, write_hdr
from app.render.ibl import Lighting, apply_environment, prefiltered
from app.render.materials import install_default_textures
from app.render.shading import surface_shader

pytestmark = pytest.mark.render


def _sphere(radius: float = 1.0, rows: int = 48, cols: int = 96) -> NodePath:
    from panda3d.core import GeomNode

    theta = np.linspace(0, math.pi, rows + 1)
    phi = np.linspace(0, 2 * math.pi, cols + 1)
    t, p = np.meshgrid(theta, phi, indexing="ij")
    normals = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], -1).reshape(-1, 3)
    faces = []
    for r in range(rows):
        for c in range(cols):
            a, b = r * (cols + 1) + c, (r + 1) * (cols + 1) + c
            faces += [(a, b, a + 1), (a + 1, b, b + 1)]
    node = GeomNode("sphere")
    node.addGeom(geom_from_arrays(normals * radius, normals, np.array(faces)))
    return NodePath(node)


def _ball(base: Any, metallic: float, roughness: float, lighting: Lighting,
          linear: bool = False) -> np.ndarray:  # fmt: skip
    """A white ball filling the middle of the view, lit only by ``lighting``."""
    root = base.render.attachNewNode("ball-root")
    try:
        install_default_textures(root)
        ball = _sphere()
        ball.reparentTo(root)
        ball.setPos(0, 4.0, 0)
        material = Material("white")
        material.setBaseColor((1, 1, 1, 1))
        material.setMetallic(metallic)
        material.setRoughness(roughness)
        ball.setMaterial(material, 1)
        root.setShader(surface_shader(False, "neutral", linear))
        apply_environment(root, lighting, 1.0)
        base.cam.setPos(0, 0, 0)
        base.cam.lookAt(0, 4, 0)
        draw_frames(base, 2)
        return capture_rgb(base)
    finally:
        root.removeNode()


def test_white_furnace_every_roughness_matches_the_environment(offscreen: Any) -> None:
    """A white ball in a uniform environment of radiance 0.5 shows 0.5 everywhere it is
    seen face on, metal or not, smooth or rough (energy kept by the multiple-scattering
    term), within a few per cent."""
    furnace = Lighting(prefiltered(uniform_environment(0.5)), "furnace")
    height, width = offscreen.win.getYSize(), offscreen.win.getXSize()
    centre = (slice(height // 2 - 20, height // 2 + 20), slice(width // 2 - 20, width // 2 + 20))
    for metallic in (1.0, 0.0):
        for roughness in (0.05, 0.25, 0.5, 0.75, 1.0):
            shot = _ball(offscreen, metallic, roughness, furnace, linear=True)
            value = shot[centre].mean() / 255
            assert abs(value - 0.5) < 0.5 * 0.05, (metallic, roughness, value)


def test_a_mirror_ball_reflects_the_environment_and_another_one_changes_it(
    offscreen: Any, tmp_path: Path
) -> None:
    studio = Lighting(prefiltered(studio_environment()), "studio-test")
    chrome = _ball(offscreen, 1.0, 0.05, studio).astype(float)
    middle = chrome[100:300, 220:420]
    assert middle.max() > 240 and middle.min() < 130 and middle.std() > 25, "softboxes and walls"
    # a red sky over a green floor, as a curator's HDR file
    sky = np.zeros((64, 128, 3), np.float32)
    sky[:32] = (2.0, 0.1, 0.1)
    sky[32:] = (0.1, 1.0, 0.1)
    path = tmp_path / "sky.hdr"
    write_hdr(path, sky)
    outdoors = Lighting(prefiltered(read_environment(path)), "sky-test")
    shot = _ball(offscreen, 1.0, 0.05, outdoors).astype(float)
    top, bottom = shot[110:150, 300:340].mean((0, 1)), shot[250:290, 300:340].mean((0, 1))
    assert top[0] > 2 * top[1], f"the ball's top reflects the red sky: {top}"
    assert bottom[1] > 2 * bottom[0], f"its lower half the green ground: {bottom}"
    # a rough dielectric is lit (not reflected) by it: red from above, green from below
    matte = _ball(offscreen, 0.0, 1.0, outdoors).astype(float)
    assert matte[110:150, 300:340].mean((0, 1))[0] > matte[250:290, 300:340].mean((0, 1))[0]


def test_edges_are_anti_aliased(offscreen: Any) -> None:
    assert antialiasing(offscreen) != "none", "the view is anti-aliased (FXAA on llvmpipe)"
    card = CardMaker("edge")
    card.setFrame(-1, 1, -1, 1)
    node = offscreen.render.attachNewNode(card.generate())
    before = offscreen.getBackgroundColor()
    try:
        node.setShaderOff(1)
        node.setLightOff(1)
        node.setPos(0, 6, 0)
        node.setR(17)
        node.setColor(1, 1, 1, 1)
        offscreen.cam.setPos(0, 0, 0)
        offscreen.cam.lookAt(0, 6, 0)
        set_background(offscreen, (0, 0, 0, 1))  # the view's buffer too, not only the window
        draw_frames(offscreen, 2)
        red = capture_rgb(offscreen)[..., 0].astype(int)
        edge = np.abs(np.diff(red, axis=1)) > 0
        between = (red > 30) & (red < 225)
        assert between.sum() > 0.5 * edge.sum(), "a slanted edge has steps of grey"
    finally:
        node.removeNode()
        set_background(offscreen, tuple(before))


def test_the_product_close_up_fills_the_view(offscreen: Any, library: Any, repo_root: Path) -> None:
    from app.render import build_stage
    from app.scene import load_scene
    from app.scene.views import close_view

    document = load_scene(repo_root / "scenes/showroom.vitrine.yaml")
    stage = build_stage(document.scene, document.base_dir, offscreen.render, "en", library=library)
    try:
        width, height = offscreen.win.getXSize(), offscreen.win.getYSize()
        for exhibit_id in ("kettle", "lamp", "chair"):
            exhibit = document.scene.exhibit(exhibit_id)
            box = stage.model_boxes[exhibit_id]
            view = close_view(document.scene, exhibit, box, width / height)
            point_camera(offscreen.cam, offscreen.camLens, view, offscreen.win)
            lo, hi = stage.exhibits[exhibit_id].bounds  # type: ignore[misc]
            pivot = stage.exhibits[exhibit_id].pivot
            corners = [project_to_pixel(offscreen, tuple(offscreen.render.getRelativePoint(
                pivot, Point3(x, y, z)))) for x in (lo.x, hi.x) for y in (lo.y, hi.y)
                for z in (lo.z, hi.z)]  # fmt: skip
            assert all(c is not None for c in corners), f"{exhibit_id} is wholly in view"
            xs = [c[0] for c in corners if c]
            ys = [c[1] for c in corners if c]
            tall = (max(ys) - min(ys)) / height
            wide = (max(xs) - min(xs)) / width
            assert (max(tall, wide) >= 0.6 and tall >= 0.5) or wide >= 0.75, (
                exhibit_id,
                tall,
                wide,
            )
            assert min(xs) >= 0 and max(xs) <= width and min(ys) >= 0 and max(ys) <= height
    finally:
        stage.destroy()


def test_radiance_files_are_read(tmp_path: Path) -> None:
    image = np.random.default_rng(1).uniform(0, 40, (8, 16, 3)).astype(np.float32)
    flat = tmp_path / "flat.hdr"
    write_hdr(flat, image)
    # RGBE keeps 8 bits under the brightest channel's exponent
    assert (np.abs(read_hdr(flat) - image) <= image.max(axis=2, keepdims=True) / 100).all()
    # run-length encoded scanlines, as most HDR files are written
    scanline = [
        2,
        2,
        0,
        8,  # then per channel: runs (128 + n, value) or n literal values
        128 + 8,
        128,
        128 + 8,
        64,
        4,
        128,
        128,
        128,
        128,
        128 + 4,
        0,
        128 + 8,
        129,
    ]
    rows = bytes(scanline) * 4  # fmt: skip
    rle = tmp_path / "rle.hdr"
    rle.write_bytes(b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 4 +X 8\n" + rows)
    decoded = read_hdr(rle)
    assert decoded.shape == (4, 8, 3)
    assert np.allclose(decoded[0, 0], (1.0, 0.5, 1.0))  # 128/256 * 2^(129-128)
    assert np.allclose(decoded[0, 4], (1.0, 0.5, 0.0))
    truncated = tmp_path / "short.hdr"
    truncated.write_bytes(rle.read_bytes()[:-9])
    with pytest.raises(Exception, match="truncated or corrupt"):
        read_hdr(truncated)


def test_prefiltering_keeps_energy_and_blurs_with_roughness() -> None:
    studio = studio_environment()
    levels = prefilter(studio)
    means = [float(level.mean()) for level in levels]
    assert max(means) / min(means) < 1.03, means
    spread = [float(level.std()) for level in levels]
    assert spread == sorted(spread, reverse=True), "rougher levels are smoother"
    # a uniform radiance of 1 gives an irradiance of pi in every direction
    assert np.allclose(irradiance_sh(uniform_environment(1.0))[0] * 0.282095, math.pi, rtol=1e-3)
    table = brdf_table()
    assert table[0, -1].sum() == pytest.approx(1.0, abs=0.01)  # smooth, face on: all of F0
    assert table[-1, -1].sum() < 0.5  # rough: single scattering loses energy


def test_blended_surfaces_are_drawn_farthest_first(offscreen: Any) -> None:
    """Two half-transparent glTF BLEND panes, the near one first in the scene graph: the far
    one still shows through it (drawn first, then the near one blended over it)."""
    from app.meshes.model_data import Material as ModelMaterial
    from app.render.materials import apply_material
    from app.render.texture_store import TextureStore

    root = NodePath("panes")
    root.reparentTo(offscreen.render)
    install_default_textures(root)
    apply_environment(root, Lighting(prefiltered(uniform_environment(1.0))), 1.0)
    root.setShader(surface_shader(False, "neutral"))
    try:
        store = TextureStore()
        for name, colour, y in (
            ("near", (0.0, 0.0, 1.0, 0.5), 2.0),
            ("far", (1.0, 0.0, 0.0, 0.5), 4.0),
        ):
            card = CardMaker(name)
            card.setFrame(-0.5, 0.5, -0.5, 0.5)
            pane = root.attachNewNode(card.generate())
            pane.setPos(0, y, 0)
            material = ModelMaterial(name=name, base_color=colour, alpha_mode="BLEND", roughness=1)
            apply_material(pane, material, store)
        set_background(offscreen, (0, 0, 0, 1))
        offscreen.cam.setPos(0, 0, 0)
        offscreen.cam.lookAt(0, 1, 0)
        draw_frames(offscreen, 1)
        image = capture_rgb(offscreen).astype(int)
        h, w = image.shape[:2]
        red, _, blue = image[h // 2, w // 2]
        assert blue > 60 and red > 30, (
            f"both panes show where they overlap: {image[h // 2, w // 2]}"
        )
    finally:
        root.removeNode()
