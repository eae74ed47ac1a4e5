"""The whole exhibition in the scene graph: hall, lights and exhibits, built from a scene."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from panda3d.core import NodePath

from app.meshes import ModelLibrary, ModelRequest, PipelineSettings, Placement, default_up
from app.meshes.pipeline import Loaded
from app.render.exhibits import ExhibitNode, build_exhibit
from app.render.guide_figure import GuideFigure
from app.render.hall import build_hall
from app.render.hotspots import pulse
from app.render.lighting import add_exhibit_spot, add_lighting
from app.render.materials import install_default_textures
from app.render.models import ModelNodes
from app.render.navigation import Obstacle
from app.render.shading import apply_surface_shader
from app.scene import Exhibit, Scene, resolve_asset

__all__ = ["Stage", "build_stage", "model_requests", "placement_for"]

log = logging.getLogger(__name__)


@dataclass
class Stage:
    """What was built for one scene, for cameras, picking and per-frame updates."""

    root: NodePath
    scene: Scene
    base_dir: Path
    exhibits: dict[str, ExhibitNode] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    time: float = 0.0

    @property
    def model_heights(self) -> dict[str, float]:
        return {key: node.height for key, node in self.exhibits.items()}

    def update(self, dt: float) -> None:
        """Advance animations by ``dt`` seconds (turntables, hotspot pulses)."""
        self.time += dt
        for node in self.exhibits.values():
            node.spin(dt)
            for marker in node.hotspots.values():
                pulse(marker, self.time)

    def guide_figure(self, camera: NodePath) -> GuideFigure | None:
        """The scene's guide avatar, standing just inside the entrance (None without a guide)."""
        if self.scene.guide is None:
            return None
        from app.errors import AssetError
        from app.render.avatar import avatar_path, load_avatar

        reference = self.scene.guide.avatar
        try:
            avatar = load_avatar(
                avatar_path(reference, self.base_dir), self.root, 1.65, self.base_dir
            )
        except AssetError as exc:
            if reference == "builtin":
                self.problems.append(f"guide avatar: {exc}; the guide speaks without a figure")
                return None
            self.problems.append(f"guide avatar: {exc}; showing Vitrine's own guide instead")
            try:
                avatar = load_avatar(avatar_path("builtin", self.base_dir), self.root, 1.65)
            except AssetError as again:
                self.problems.append(f"guide avatar: {again}")
                return None
        for missing in avatar.lacks:
            self.problems.append(f"guide avatar {reference} has no {missing}")
        figure = GuideFigure(avatar, camera, self.root)
        half_d = self.scene.hall.size[1] / 2
        figure.place(-0.8, -half_d + 3.5)  # in view, between the front exhibits
        return figure

    def centre_of(self, exhibit_id: str) -> tuple[float, float, float]:
        """The middle of an exhibit's model in hall coordinates."""
        exhibit = self.scene.exhibit(exhibit_id)
        top = exhibit.plinth.height if exhibit.plinth else 0.0
        return (*exhibit.position, top + self.exhibits[exhibit_id].height / 2)

    def set_language(self, language: str) -> None:
        """Plinth labels in ``language``."""
        for exhibit in self.scene.exhibits:
            label = self.exhibits[exhibit.id].label
            if label is not None:
                label.setText(exhibit.info.title[language])

    def obstacles(self) -> list[Obstacle]:
        """Plinths as blocks the visitor walks around."""
        blocks = []
        for exhibit in self.scene.exhibits:
            if exhibit.plinth is not None:
                blocks.append(
                    Obstacle(
                        exhibit.position[0],
                        exhibit.position[1],
                        exhibit.plinth.size[0] / 2,
                        exhibit.plinth.size[1] / 2,
                        exhibit.heading,
                    )
                )
        return blocks

    def destroy(self) -> None:
        self.root.removeNode()
        self.exhibits.clear()


def _model_problems(exhibits: list[Exhibit], loaded: list[Loaded]) -> list[str]:
    """Each model's error and warnings, said once however many exhibits show it."""
    users: dict[ModelRequest, list[str]] = {}
    for exhibit, result in zip(exhibits, loaded, strict=True):
        users.setdefault(result.request, []).append(exhibit.id)
    problems = []
    for result in {id(r): r for r in loaded}.values():
        ids = users[result.request]
        who = f"exhibit '{ids[0]}'" + (f" and {len(ids) - 1} more" if len(ids) > 1 else "")
        if result.error is not None:
            problems.append(f"{who}: {result.error}")
        problems.extend(f"{who} ({result.request.path.name}): {w}" for w in result.warnings)
    return problems


def placement_for(scene: Scene, exhibit: Exhibit, path: Path) -> Placement:
    """How the mesh pipeline should normalise this exhibit's model: axes and units only."""
    return Placement(
        up=exhibit.up or default_up(path.suffix),
        units=exhibit.units or scene.units,
    )  # fit and scale are node transforms (build_exhibit), so one job serves every size


def model_requests(scene: Scene, base_dir: Path) -> list[ModelRequest]:
    """What the mesh pipeline must provide for the scene, one request per exhibit."""
    requests = []
    for exhibit in scene.exhibits:
        path = resolve_asset(exhibit.model, base_dir)
        settings = (
            PipelineSettings(levels=tuple(exhibit.lod.levels))
            if exhibit.lod
            else PipelineSettings()
        )
        requests.append(
            ModelRequest(path, placement_for(scene, exhibit, path), settings, root=base_dir)
        )
    return requests


def build_stage(
    scene: Scene,
    base_dir: Path,
    parent: NodePath,
    language: str,
    *,
    shadows: bool = True,
    library: ModelLibrary | None = None,
) -> Stage:
    """Build the hall and every exhibit under ``parent``; bad models become placeholders."""
    own_library = library is None
    library = library or ModelLibrary()
    requests = model_requests(scene, base_dir)
    unique = list(dict.fromkeys(requests))  # one job and one loaded copy per model file
    try:
        by_request = dict(zip(unique, library.load_many(unique), strict=True))
    finally:
        if own_library:
            library.close()
    loaded = [by_request[request] for request in requests]
    shared = ModelNodes()
    root = parent.attachNewNode("stage")
    install_default_textures(root)
    stage = Stage(root, scene, base_dir)
    build_hall(scene.hall, root, base_dir, stage.problems)
    lights = add_lighting(root, scene.hall.lighting, scene.hall.size, shadows=shadows)
    stage.problems.extend(_model_problems(scene.exhibits, loaded))
    for exhibit, result in zip(scene.exhibits, loaded, strict=True):
        distances = exhibit.lod.distances if exhibit.lod and exhibit.lod.distances else None
        node = build_exhibit(
            exhibit, result.model, root, language, distances, shared, result.request
        )
        stage.exhibits[exhibit.id] = node
        top = (exhibit.plinth.height if exhibit.plinth else 0.0) + node.height * 0.5
        add_exhibit_spot(
            node.root,
            lights,
            scene.hall.lighting,
            (exhibit.position[0], exhibit.position[1], top),
            scene.hall.size[2],
        )
    apply_surface_shader(root, shadows)
    return stage
