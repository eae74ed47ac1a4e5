"""The whole exhibition in the scene graph: hall, lights and exhibits, built from a scene."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from panda3d.core import NodePath

from app.errors import VitrineError
from app.meshes import ModelLibrary, ModelRequest, PipelineSettings, Placement, default_up
from app.meshes.pipeline import Loaded, ModelStream
from app.render.baked_hall import BakedLight, bake_scene, hall_reflection, show_baked
from app.render.environment_maps import PrefilteredEnvironment
from app.render.exhibits import ExhibitNode, build_exhibit
from app.render.guide_figure import GuideFigure
from app.render.hall import build_hall
from app.render.hotspots import pulse
from app.render.ibl import Lighting, apply_environment, environment_for, prefiltered
from app.render.lighting import (
    PRESETS,
    SHADOW_MASK,
    ShadowFocus,
    add_exhibit_spot,
    add_lighting,
)
from app.render.materials import install_default_textures
from app.render.models import ModelNodes
from app.render.navigation import Obstacle
from app.render.quality import TIERS, Quality
from app.render.shading import apply_surface_shader, default_lighting
from app.render.texture_store import TextureStore
from app.scene import Exhibit, Scene, resolve_asset
from app.scene.views import ModelBox, entrance_view
from app.scene.walkway import guide_start

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
    shared: ModelNodes = field(default_factory=ModelNodes)
    _stream: ModelStream | None = None
    _waiting: dict[ModelRequest, list[Exhibit]] = field(default_factory=dict)
    _library: ModelLibrary | None = None  # closed when the last model has arrived
    _loaded: list[Loaded] = field(default_factory=list)
    _requests: list[ModelRequest] = field(default_factory=list)  # one per exhibit
    shadow: ShadowFocus | None = None
    lighting: Lighting | None = None  # the hall's environment (None: the studio)
    strength: float = 0.8  # the environment's strength in this hall's lighting
    inspected: str | None = None  # the exhibit whose close-up is lit by the studio
    _own_lighting: dict[str, Lighting] = field(default_factory=dict)  # exhibit.environment

    @property
    def loaded(self) -> list[Loaded]:
        """What the model library gave for each model file, in the order they arrived."""
        return list(self._loaded)

    @property
    def textures(self) -> TextureStore:
        return self.shared.textures

    @property
    def loading(self) -> tuple[int, int] | None:
        """(models arrived, models in all) while models are still arriving, else None."""
        if self._stream is None:
            return None
        return self._stream.done, self._stream.total

    def begin_loading(
        self, stream: ModelStream, requests: list[ModelRequest], owned: ModelLibrary | None
    ) -> None:
        """Models for the exhibits (``requests``: one per exhibit) arrive from ``stream``;
        ``owned`` is closed once they all have."""
        self._stream, self._requests, self._library = stream, requests, owned

    def receive(self, budget: float = 0.03) -> int:
        """Put the models that have arrived on their plinths (working for about ``budget``
        seconds); returns how many exhibits changed."""
        if self._stream is None:
            return 0
        changed = 0
        for result in self._stream.poll(budget):
            changed += self._show(result)
        if self._stream.finished:
            self._done_loading()
        return changed

    def finish_loading(self) -> None:
        """Wait for every model still to come (stills, recordings, tests)."""
        if self._stream is not None:
            for result in self._stream.wait():
                self._show(result)
            self._done_loading()

    def _show(self, result: Loaded) -> int:
        self._loaded.append(result)
        exhibits = self._waiting.pop(result.request, [])
        for exhibit in exhibits:
            distances = exhibit.lod.distances if exhibit.lod and exhibit.lod.distances else None
            node = self.exhibits[exhibit.id]
            node.show_model(exhibit, result.model, self.shared, result.request, distances)
            self._light(exhibit, node)
            self._use_textures(exhibit, node)
        return len(exhibits)

    def _done_loading(self) -> None:
        self.problems.extend(_model_problems(self.scene.exhibits, self._requests, self._loaded))
        self._stream = None
        if self._library is not None:
            self._library.close()
            self._library = None

    def _light(self, exhibit: Exhibit, node: ExhibitNode) -> None:
        """Aim the exhibit's spotlight at the middle of what stands there now."""
        if node.spot is not None:
            top = (exhibit.plinth.height if exhibit.plinth else 0.0) + node.height * 0.5
            node.spot.lookAt(exhibit.position[0], exhibit.position[1], top)

    def _use_textures(self, exhibit: Exhibit, node: ExhibitNode) -> None:
        top = (exhibit.plinth.height if exhibit.plinth else 0.0) + node.height * 0.5
        for key in node.textures:
            self.textures.add_user(
                key, (exhibit.position[0], exhibit.position[1], top), node.detail_distance
            )

    def follow_camera(
        self, position: tuple[float, float, float], heading: float, dt: float
    ) -> None:
        """What depends on where the visitor is: texture detail and the key light's shadow."""
        self.stream_textures(position, dt)
        if self.shadow is not None:
            self.shadow.follow(position, heading)

    def stream_textures(
        self, camera: tuple[float, float, float], dt: float, force: bool = False
    ) -> int:
        """Each texture at the mip level its nearest exhibit needs from ``camera``."""
        return self.textures.update(camera, dt, force)

    @property
    def model_heights(self) -> dict[str, float]:
        return {key: node.height for key, node in self.exhibits.items()}

    @property
    def model_boxes(self) -> dict[str, ModelBox]:
        """Each shown model's box on its exhibit (for close-ups that fit it)."""
        out = {}
        for key, node in self.exhibits.items():
            if node.bounds is not None and not node.loading:
                lo, hi = node.bounds
                out[key] = ModelBox((lo.x, lo.y, lo.z), (hi.x, hi.y, hi.z))
        return out

    def hide_hotspots(self) -> None:
        """No hotspot markers (product shots)."""
        for node in self.exhibits.values():
            for marker in node.hotspots.values():
                marker.hide()

    def light_for_inspection(self, exhibit_id: str | None) -> None:
        """In an exhibit's close-up it is lit as a product viewer lights it, by the neutral
        studio (or its own ``environment``); back in the hall, by the hall's reflection."""
        if exhibit_id == self.inspected:
            return
        previous, self.inspected = self.inspected, exhibit_id
        if previous in self.exhibits and previous not in self._own_lighting:
            for name in ("vitrine_env", "vitrine_sh"):
                self.exhibits[previous].root.clearShaderInput(name)
        if exhibit_id in self.exhibits and exhibit_id not in self._own_lighting:
            exposure = self.scene.hall.exposure
            root = self.exhibits[exhibit_id].root
            apply_environment(root, default_lighting(), self.strength, exposure)

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
        from app.render.avatar import BUILTIN_AVATARS, avatar_path, load_avatar

        reference = self.scene.guide.avatar
        try:
            avatar = load_avatar(
                avatar_path(reference, self.base_dir),
                self.root,
                None if reference in BUILTIN_AVATARS else 1.65,  # Vitrine's own keep theirs
                self.base_dir,
            )
        except AssetError as exc:
            if reference in BUILTIN_AVATARS:
                self.problems.append(f"guide avatar: {exc}; the guide speaks without a figure")
                return None
            self.problems.append(f"guide avatar: {exc}; showing Vitrine's own guide instead")
            try:
                avatar = load_avatar(avatar_path("builtin", self.base_dir), self.root)
            except AssetError as again:
                self.problems.append(f"guide avatar: {again}")
                return None
        for missing in avatar.lacks:
            self.problems.append(f"guide avatar {reference} has no {missing}")
        figure = GuideFigure(avatar, camera, self.root, self.scene)
        figure.place(*guide_start(self.scene))  # in view, between the front exhibits
        return figure

    def centre_of(self, exhibit_id: str) -> tuple[float, float, float]:
        """The middle of an exhibit's model in hall coordinates."""
        exhibit = self.scene.exhibit(exhibit_id)
        top = exhibit.plinth.height if exhibit.plinth else 0.0
        return (*exhibit.position, top + self.exhibits[exhibit_id].height / 2)

    def hotspot_point(self, exhibit_id: str, hotspot_id: str) -> tuple[float, float, float]:
        """Where a hotspot is now, in hall coordinates (it turns with the turntable)."""
        node = self.exhibits[exhibit_id].hotspots.get(hotspot_id)
        if node is None:
            return self.centre_of(exhibit_id)
        point = node.getPos(self.root)
        return (point.x, point.y, point.z)

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
        # a light's shadow buffer lives as long as the light: let it go first, or every
        # later stage on this window would still draw this one's shadow pass
        for light in self.root.findAllMatches("**/+LightLensNode"):
            if light.node().isShadowCaster():
                light.node().setShadowCaster(False)
        self.root.removeNode()
        self.exhibits.clear()
        if self._library is not None:
            self._library.close()
            self._library = None
        self._stream = None


def _model_problems(
    exhibits: list[Exhibit], requests: list[ModelRequest], loaded: list[Loaded]
) -> list[str]:
    """Each model's error and warnings, said once however many exhibits show it, in the
    order of the scene's exhibits (``requests``: one per exhibit)."""
    users: dict[ModelRequest, list[str]] = {}
    for exhibit, request in zip(exhibits, requests, strict=True):
        users.setdefault(request, []).append(exhibit.id)
    by_request = {result.request: result for result in loaded}
    problems = []
    for request, ids in users.items():
        result = by_request.get(request)
        if result is None:
            continue
        who = f"exhibit '{ids[0]}'" + (f" and {len(ids) - 1} more" if len(ids) > 1 else "")
        if result.error is not None:
            problems.append(f"{who}: {result.error}")
        problems.extend(f"{who} ({request.path.name}): {w}" for w in result.warnings)
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
    quality: Quality | None = None,
    library: ModelLibrary | None = None,
    stream: bool = False,
    textures: TextureStore | None = None,
) -> Stage:
    """Build the hall and every exhibit under ``parent``; bad models become placeholders.
    ``stream``: return at once with faint stand-ins, the models arriving (nearest the
    entrance first) as ``Stage.receive`` is called each frame; else wait for all of them.
    ``quality``: the rendering tier (default: low)."""
    quality = quality or TIERS["low"]
    shadows = quality.shadow_texels
    own_library = library is None
    library = library or ModelLibrary()
    requests = model_requests(scene, base_dir)
    entrance = entrance_view(scene).position
    order = sorted(
        range(len(requests)),
        key=lambda i: (
            (scene.exhibits[i].position[0] - entrance[0]) ** 2
            + (scene.exhibits[i].position[1] - entrance[1]) ** 2
        ),
    )
    unique = list(dict.fromkeys(requests[i] for i in order))  # one job and copy per file
    root = parent.attachNewNode("stage")
    install_default_textures(root)
    stage = Stage(root, scene, base_dir, shared=ModelNodes(textures))
    stage.begin_loading(library.start(unique), requests, library if own_library else None)
    build_hall(scene.hall, root, base_dir, stage.problems)
    lights = add_lighting(root, scene.hall.lighting, scene.hall.size, shadows=shadows)
    stage.shadow = ShadowFocus(lights.find("key"), scene.hall.size)
    for exhibit, request in zip(scene.exhibits, requests, strict=True):
        node = build_exhibit(exhibit, None, root, language, loading=True)
        stage.exhibits[exhibit.id] = node
        stage._waiting.setdefault(request, []).append(exhibit)
        top = (exhibit.plinth.height if exhibit.plinth else 0.0) + node.height * 0.5
        node.spot = add_exhibit_spot(
            node.root,
            lights,
            scene.hall.lighting,
            (exhibit.position[0], exhibit.position[1], top),
            scene.hall.size[2],
        )
    hall = scene.hall
    lighting = _hall_lighting(scene, base_dir, stage)
    stage.strength = strength = PRESETS[hall.lighting].environment
    baked = None
    if quality.baked:
        sky = (lighting or default_lighting()).environment.sh
        baked = bake_scene(scene, sky, strength)
        if lighting is None:
            lighting = _reflection(scene, baked)
    stage.lighting = lighting
    apply_surface_shader(root, shadows, hall.tone_mapping, lighting, strength, hall.exposure)
    if baked is not None:
        show_baked(root, scene, baked, shadows, hall.tone_mapping)
        for static in (root.find("hall"), *root.findAllMatches("exhibit-*/plinth")):
            static.hide(SHADOW_MASK)  # their shadows are baked: the live map has the rest
    _exhibit_environments(stage, base_dir)
    if not stream:
        stage.finish_loading()
    return stage


def _reflection(scene: Scene, baked: BakedLight) -> Lighting:
    """The hall's own reflection for its exhibits' glossy surfaces; their diffuse light
    stays the studio's, as the bake's is (the floor's colour would tint them from below)."""
    studio = default_lighting().environment
    traced = prefiltered(lambda: hall_reflection(scene, baked), f"hall-{baked.key}")
    return Lighting(PrefilteredEnvironment(traced.levels, studio.sh, traced.mean), "hall")


def _exhibit_environments(stage: Stage, base_dir: Path) -> None:
    """Exhibits that name their own environment are lit by it, in the hall and close up."""
    for exhibit in stage.scene.exhibits:
        if exhibit.environment is None:
            continue
        try:
            path = resolve_asset(exhibit.environment, base_dir)
            own = Lighting(environment_for(path), f"exhibit-{exhibit.id}")
        except (VitrineError, OSError, ValueError) as exc:
            stage.problems.append(f"exhibit '{exhibit.id}' environment: {exc}; lit by the hall's")
            continue
        stage._own_lighting[exhibit.id] = own
        apply_environment(stage.exhibits[exhibit.id].root, own, stage.strength,
                          stage.scene.hall.exposure)  # fmt: skip


def _hall_lighting(scene: Scene, base_dir: Path, stage: Stage) -> Lighting | None:
    """The hall's own environment map, if it names one (a bad file: the studio, and a
    problem to show)."""
    if scene.hall.environment is None:
        return None
    try:
        return Lighting(environment_for(resolve_asset(scene.hall.environment, base_dir)), "hall")
    except (VitrineError, OSError, ValueError) as exc:
        stage.problems.append(f"hall.environment: {exc}; lit by the studio instead")
        return None
