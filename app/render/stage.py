"""The whole exhibition in the scene graph: hall, lights and exhibits, built from a scene."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from panda3d.core import NodePath

from app.errors import AssetError
from app.meshes import Placement, default_up, prepare_model
from app.render.exhibits import ExhibitNode, build_exhibit
from app.render.hall import build_hall
from app.render.lighting import add_exhibit_spot, add_lighting
from app.render.shading import apply_surface_shader
from app.scene import Exhibit, Scene, resolve_asset

__all__ = ["Stage", "build_stage", "placement_for"]

log = logging.getLogger(__name__)


@dataclass
class Stage:
    """What was built for one scene, for cameras, picking and per-frame updates."""

    root: NodePath
    exhibits: dict[str, ExhibitNode] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def model_heights(self) -> dict[str, float]:
        return {key: node.height for key, node in self.exhibits.items()}

    def update(self, dt: float) -> None:
        """Advance animations by ``dt`` seconds (turntables)."""
        for node in self.exhibits.values():
            node.spin(dt)

    def destroy(self) -> None:
        self.root.removeNode()
        self.exhibits.clear()


def placement_for(scene: Scene, exhibit: Exhibit, path: Path) -> Placement:
    """How the mesh pipeline should normalise this exhibit's model."""
    return Placement(
        up=exhibit.up or default_up(path.suffix),
        units=exhibit.units or scene.units,
        fit=exhibit.fit,
        scale=exhibit.scale,
    )


def build_stage(scene: Scene, base_dir: Path, parent: NodePath, language: str,
                *, shadows: bool = True) -> Stage:
    """Build the hall and every exhibit under ``parent``; bad models become placeholders."""
    root = parent.attachNewNode("stage")
    stage = Stage(root)
    build_hall(scene.hall, root, base_dir)
    lights = add_lighting(root, scene.hall.lighting, scene.hall.size, shadows=shadows)
    for exhibit in scene.exhibits:
        path = resolve_asset(exhibit.model, base_dir)
        model = None
        try:
            model = prepare_model(path, placement_for(scene, exhibit, path))
        except AssetError as exc:
            stage.problems.append(f"exhibit '{exhibit.id}': {exc}")
            log.warning("exhibit '%s': %s", exhibit.id, exc)
        node = build_exhibit(exhibit, model, root, language)
        stage.exhibits[exhibit.id] = node
        top = (exhibit.plinth.height if exhibit.plinth else 0.0) + node.height * 0.5
        add_exhibit_spot(node.root, lights, scene.hall.lighting,
                         (exhibit.position[0], exhibit.position[1], top), scene.hall.size[2])
    apply_surface_shader(root, shadows)
    return stage
