"""Headless stills: a visit to a scene, seen from a named view, written as a PNG."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import RenderError
from app.meshes import ModelLibrary
from app.render.capture import draw_frames, save_frame
from app.render.engine import window_size
from app.scene import Scene, SceneDocument
from app.scene.views import view_from_spec
from app.visit.core import VisitCore
from guide.speech import SilentSpeaker

__all__ = ["Snapshot", "render_still"]

log = logging.getLogger(__name__)


@dataclass
class Snapshot:
    path: Path
    problems: list[str]


def _exhibit_of(scene: Scene, view: str) -> str | None:
    """The exhibit a view is about (for placing the guide beside it)."""
    kind, _, value = view.partition(":")
    if kind == "exhibit":
        return value
    if kind == "stop" and scene.tour is not None and value.isdigit():
        return scene.tour.stops[int(value) - 1].exhibit
    return None


def render_still(
    base: Any,
    document: SceneDocument,
    out: Path,
    view: str = "entrance",
    language: str | None = None,
    library: ModelLibrary | None = None,
    quality: str | None = None,
    markers: bool = True,
) -> Snapshot:
    """Visit ``document`` on ``base``, frame ``view`` and write ``out`` as PNG (at the
    ``quality`` tier; default: the scene's, else the renderer's)."""
    visit = VisitCore(
        base, document, SilentSpeaker(), language=language, library=library, quality=quality
    )
    try:
        scene = document.scene
        visit.hold_exhibits = True  # a still shows the exhibits as placed
        width, height = window_size(base)
        aspect = width / height if height else 16 / 9
        boxes = visit.stage.model_boxes
        visit.show_view(view_from_spec(scene, view, visit.stage.model_heights, boxes, aspect))
        exhibit = _exhibit_of(scene, view)
        if exhibit is not None:
            visit.place_guide_beside(exhibit)
        if not markers:
            visit.stage.hide_hotspots()  # a product shot (a collectible's poster)
        if view.startswith("exhibit:"):
            visit.stage.light_for_inspection(view.partition(":")[2])  # the product close-up
        visit.step(0.5)  # the guide settles: turned to the visitor, at rest
        draw_frames(base, 3)  # the shadow buffer opens, is filled, then is shown
        if not save_frame(base, out):
            raise RenderError(f"{out}: could not write the image there")
        return Snapshot(out, list(visit.problems))
    finally:
        visit.destroy()
