"""Headless stills: render a scene from a named view into a PNG."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.render.camera import point_camera
from app.render.guide_figure import spot_beside
from app.render.stage import Stage, build_stage
from app.scene import SceneDocument
from app.scene.views import view_from_spec

__all__ = ["Snapshot", "render_still"]

log = logging.getLogger(__name__)


@dataclass
class Snapshot:
    path: Path
    problems: list[str]


def _exhibit_of(scene: Any, view: str) -> str | None:
    """The exhibit a view is about (for placing the guide beside it)."""
    kind, _, value = view.partition(":")
    if kind == "exhibit":
        return value
    if kind == "stop" and scene.tour is not None and value.isdigit():
        return scene.tour.stops[int(value) - 1].exhibit
    return None


def render_still(base: Any, document: SceneDocument, out: Path, view: str = "entrance",
                 language: str | None = None) -> Snapshot:
    """Build the scene under ``base.render``, frame ``view`` and write ``out`` as PNG."""
    scene = document.scene
    lang = language or scene.default_language
    stage: Stage = build_stage(scene, document.base_dir, base.render, lang)
    try:
        camera_view = view_from_spec(scene, view, stage.model_heights)
        point_camera(base.cam, base.camLens, camera_view, base.win)
        figure = stage.guide_figure(base.cam)
        if figure is not None:
            exhibit = _exhibit_of(scene, view)
            if exhibit is not None:
                figure.place(*spot_beside(scene, camera_view, stage.centre_of(exhibit)))
            figure.update(0.5, None, 0.0)
        base.setBackgroundColor(0.9, 0.9, 0.9, 1)
        for _ in range(3):
            base.graphicsEngine.renderFrame()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not base.win.saveScreenshot(str(out)):
            raise OSError(f"could not write {out}")
        return Snapshot(out, list(stage.problems))
    finally:
        stage.destroy()
