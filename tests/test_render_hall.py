"""What a visitor sees, rendered headless through EGL: the hall, the exhibits, their labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.render.camera import point_camera
from app.render.capture import capture_rgb, project_to_pixel
from app.render.stage import Stage, build_stage
from app.scene import load_scene
from app.scene.views import entrance_view, view_from_spec

pytestmark = pytest.mark.render


def _draw(base: Any, frames: int = 2) -> np.ndarray:
    for _ in range(frames):
        base.graphicsEngine.renderFrame()
    return capture_rgb(base)


def _stage(base: Any, library: Any, scene_path: Path, language: str = "en") -> tuple[Any, Stage]:
    document = load_scene(scene_path)
    stage = build_stage(document.scene, document.base_dir, base.render, language, library=library)
    return document, stage


def _screen_box(base: Any, node: Any) -> tuple[int, int, int, int] | None:
    """The pixel rectangle covered by a node's bounding box."""
    lo, hi = node.getTightBounds(base.render)
    corners = [(x, y, z) for x in (lo.x, hi.x) for y in (lo.y, hi.y) for z in (lo.z, hi.z)]
    pixels = [project_to_pixel(base, corner) for corner in corners]
    if any(p is None for p in pixels):
        return None
    xs, ys = [p[0] for p in pixels], [p[1] for p in pixels]  # type: ignore[index]
    return min(xs), min(ys), max(xs), max(ys)


def _patch(image: np.ndarray, xy: tuple[int, int], radius: int = 6) -> np.ndarray:
    x, y = xy
    return image[max(0, y - radius) : y + radius, max(0, x - radius) : x + radius].astype(int)


def test_entrance_shows_every_showroom_exhibit_where_it_stands(
    offscreen: Any, library: Any, repo_root: Path
) -> None:
    document, stage = _stage(offscreen, library, repo_root / "scenes/showroom.vitrine.yaml")
    try:
        point_camera(offscreen.cam, offscreen.camLens, entrance_view(document.scene), offscreen.win)
        with_models = _draw(offscreen)
        for node in stage.exhibits.values():
            node.model.hide()
        without_models = _draw(offscreen)
        for node in stage.exhibits.values():
            node.model.show()

        assert with_models.std() > 12, "the frame is nearly uniform: nothing was drawn"
        changed = np.abs(with_models.astype(int) - without_models.astype(int)).sum(axis=2) > 30
        for exhibit in document.scene.exhibits:
            box = _screen_box(offscreen, stage.exhibits[exhibit.id].model)
            assert box is not None, f"{exhibit.id} is outside the entrance view"
            x0, y0, x1, y1 = box
            share = changed[y0 : y1 + 1, x0 : x1 + 1].mean()
            assert share > 0.08, f"{exhibit.id} is not drawn in {box} ({share:.0%} changed)"
    finally:
        stage.destroy()


def test_exhibit_view_frames_the_model_in_the_middle(
    offscreen: Any, library: Any, repo_root: Path
) -> None:
    document, stage = _stage(offscreen, library, repo_root / "scenes/showroom.vitrine.yaml")
    try:
        view = view_from_spec(document.scene, "exhibit:kettle", stage.model_heights)
        point_camera(offscreen.cam, offscreen.camLens, view, offscreen.win)
        shot = _draw(offscreen)
        stage.exhibits["kettle"].model.hide()
        empty = _draw(offscreen)
        height, width = shot.shape[:2]
        middle = (slice(height * 3 // 8, height * 5 // 8), slice(width * 3 // 8, width * 5 // 8))
        diff = np.abs(shot[middle].astype(int) - empty[middle].astype(int)).sum(axis=2)
        assert (diff > 30).mean() > 0.15, "the kettle does not fill the middle of its view"
    finally:
        stage.destroy()


def test_labels_follow_the_language(offscreen: Any, library: Any, repo_root: Path) -> None:
    path = repo_root / "scenes/showroom.vitrine.yaml"
    shots = {}
    for language in ("en", "zh"):
        document, stage = _stage(offscreen, library, path, language)
        try:
            view = view_from_spec(document.scene, "exhibit:chair", stage.model_heights)
            point_camera(offscreen.cam, offscreen.camLens, view, offscreen.win)
            shots[language] = _draw(offscreen)
            label = stage.exhibits["chair"].root.find("label")
            label_pixel = project_to_pixel(offscreen, tuple(label.getPos(offscreen.render)))
            chair = stage.exhibits["chair"]
            chair_pixel = project_to_pixel(
                offscreen, (*document.scene.exhibit("chair").position, 0.25 + chair.height * 0.5)
            )
        finally:
            stage.destroy()
    assert label_pixel is not None
    diff = np.abs(shots["en"].astype(int) - shots["zh"].astype(int)).sum(axis=2)
    x, y = label_pixel
    near_label = diff[y - 20 : y + 20, x - 120 : x + 120]
    assert (near_label > 60).sum() > 100, "switching language did not change the plinth label"
    assert chair_pixel is not None
    assert _patch(diff, chair_pixel, 10).mean() < 3, "the chair itself must look the same"


def test_unloadable_model_becomes_a_placeholder(
    offscreen: Any, library: Any, exhibition: Path
) -> None:
    (exhibition.parent / "models" / "cube.glb").write_bytes(b"glTF not really")
    document, stage = _stage(offscreen, library, exhibition)
    try:
        assert len(stage.problems) == 1
        assert "cube.glb" in stage.problems[0] and "exhibit 'cube'" in stage.problems[0]
        node = stage.exhibits["cube"]
        assert node.model.getName() == "placeholder"
        view = view_from_spec(document.scene, "exhibit:cube", stage.model_heights)
        point_camera(offscreen.cam, offscreen.camLens, view, offscreen.win)
        shot = _draw(offscreen)
        pixel = project_to_pixel(offscreen, (0.0, 0.0, 0.9 + 0.15))
        assert pixel is not None
        grey = _patch(shot, pixel, 3).mean(axis=(0, 1))
        assert abs(grey[0] - grey[2]) < 25, f"placeholder should be neutral grey, got {grey}"
    finally:
        stage.destroy()


def test_turntable_turns_with_time(offscreen: Any, library: Any, repo_root: Path) -> None:
    _, stage = _stage(offscreen, library, repo_root / "scenes/showroom.vitrine.yaml")
    try:
        kettle = stage.exhibits["kettle"]
        start = kettle.pivot.getH()
        stage.update(0.5)
        assert kettle.pivot.getH() == pytest.approx(start + 12 * 0.5)
        assert stage.exhibits["lamp"].pivot.getH() == 0  # no turntable
    finally:
        stage.destroy()


def test_exhibits_switch_levels_of_detail_with_distance(
    offscreen: Any, library: Any, repo_root: Path
) -> None:
    from panda3d.core import LODNode

    _, stage = _stage(offscreen, library, repo_root / "scenes/showroom.vitrine.yaml")
    try:
        lods = stage.exhibits["kettle"].model.findAllMatches("**/+LODNode")
        assert lods.getNumPaths() > 0
        node: LODNode = lods.getPath(0).node()  # type: ignore[assignment]
        assert node.getNumSwitches() == 3
        switches = [(node.getIn(i), node.getOut(i)) for i in range(3)]
        assert switches[0][1] == 0 and switches[1][1] == switches[0][0]
        assert switches[0][0] < switches[1][0] < switches[2][0]
        triangles = [node.getChild(i).getGeom(0).getPrimitive(0).getNumFaces() for i in range(3)]
        assert triangles[0] > triangles[1] > triangles[2]
    finally:
        stage.destroy()
