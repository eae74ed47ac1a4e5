"""The exhibit builder: plinth, label, the model on top, and a turntable pivot."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from panda3d.core import NodePath, Point3, TextNode, TransparencyAttrib

from app.meshes.model_data import Material, ModelData
from app.render.fonts import scene_font
from app.render.hotspots import build_hotspot
from app.render.materials import pbr_material, unshaded
from app.render.models import ModelNodes, default_switch_distances
from app.render.shapes import box_node
from app.scene import Exhibit, in_language, parse_color

__all__ = ["ExhibitNode", "build_exhibit", "placeholder_node"]


@dataclass
class ExhibitNode:
    """The scene-graph pieces of one exhibit."""

    exhibit_id: str
    root: NodePath
    pivot: NodePath
    model: NodePath
    height: float
    turntable: float
    hotspots: dict[str, NodePath] = field(default_factory=dict)
    label: TextNode | None = None
    bounds: tuple[Point3, Point3] | None = None  # the model's box, in the pivot's space
    loading: bool = False  # a stand-in shows until the model arrives
    detail_distance: float = 0.0  # camera distance (metres) within which it shows full detail
    textures: list[Hashable] = field(default_factory=list)  # keys in the ModelNodes' store
    spot: NodePath | None = None

    def show_model(
        self,
        exhibit: Exhibit,
        model: ModelData | None,
        shared: ModelNodes,
        key: Hashable | None = None,
        distances: Sequence[float] | None = None,
    ) -> None:
        """Put ``model`` on the turntable in place of what is there (None: the grey block
        for a model that could not be loaded)."""
        if not self.model.isEmpty():
            self.model.removeNode()
        self.loading = False
        self.textures = []
        self.bounds = None
        if model is not None:
            lo, hi = shared.bounds(model)
            factor = _size_factor(exhibit, lo, hi)
            # Panda3D compares switch distances with camera-space distances, whatever the
            # node's scale: so they are the hall's metres, for the model at this exhibit's size
            size = float(np.linalg.norm(hi - lo)) * factor
            own = (
                tuple(distances)
                if distances
                else tuple(default_switch_distances(size, max(2, len(model.levels))))
            )
            node = self.pivot.attachNewNode(f"model-{exhibit.id}")
            model_key = key if key is not None else id(model)
            shared.node(model, model_key, own[: max(0, len(model.levels) - 1)]).instanceTo(node)
            self.textures = list(shared.texture_keys.get(model_key, []))
            node.setScale(factor)
            self.height = max(float(hi[2]) * factor, 0.02)  # a flat model still has a size
            self.detail_distance = own[0]
        else:
            node = placeholder_node()
            node.reparentTo(self.pivot)
            self.height = 0.3
        node.setP(exhibit.pitch)
        node.setR(exhibit.roll)
        self.model = node
        if model is not None:  # the box from the model's data, not a walk over its geometry
            self.bounds = _box_in(node, lo, hi)
            self._ground(*self.bounds)

    def _ground(self, lo: Point3, hi: Point3) -> None:
        """A soft contact shadow under the model where it stands on its plinth (or floor)."""
        from app.render.contact_shadow import contact_shadow

        old = self.pivot.find("contact-shadow")
        if not old.isEmpty():
            old.removeNode()
        if lo.z > 0.05:  # floating above its base: nothing touches
            return
        half_w, half_d = (hi.x - lo.x) * 0.62, (hi.y - lo.y) * 0.62
        centre = ((lo.x + hi.x) / 2, (lo.y + hi.y) / 2)
        contact_shadow(self.pivot, half_w, half_d, 120, centre, 0.003)

    def show_loading(self) -> None:
        """A faint block where the model will stand while it loads."""
        if not self.model.isEmpty():
            self.model.removeNode()
        self.model = placeholder_node(0.3, loading=True)
        self.model.reparentTo(self.pivot)
        self.height = 0.3
        self.loading = True

    def spin(self, dt: float) -> None:
        if self.turntable:
            self.pivot.setH(self.pivot.getH() + self.turntable * dt)

    def highlight(self, on: bool) -> None:
        """Brighten the model while the pointer is over it."""
        if on:
            self.model.setColorScale(1.22, 1.22, 1.22, 1)
        else:
            self.model.clearColorScale()


def _size_factor(exhibit: Exhibit, lo: Any, hi: Any) -> float:
    """How much the processed model (in metres, standing on the origin, within ``lo``..``hi``)
    is scaled: to ``fit`` its largest dimension, or by ``scale``."""
    if exhibit.fit is not None:
        size = float((hi - lo).max())
        return exhibit.fit / size if size > 0 else 1.0
    return exhibit.scale if exhibit.scale is not None else 1.0


def placeholder_node(size: float = 0.3, loading: bool = False) -> NodePath:
    """A soft grey block standing in for a model that could not be loaded (or, faint and
    see-through, for one still loading)."""
    node = box_node("loading" if loading else "placeholder", (size, size, size))
    node.setColor(0.62, 0.62, 0.66, 1)
    if loading:
        node.setColor(0.8, 0.8, 0.84, 0.35)
        node.setTransparency(TransparencyAttrib.M_alpha)
    node.setMaterial(pbr_material(Material(name="placeholder", base_color=(1, 1, 1, 1))), 1)
    return node


def _plinth(exhibit: Exhibit, parent: NodePath) -> NodePath:
    plinth = exhibit.plinth
    assert plinth is not None
    node = box_node("plinth", (plinth.size[0], plinth.size[1], plinth.height))
    node.reparentTo(parent)
    r, g, b, a = parse_color(plinth.color)
    node.setColor(r, g, b, a)
    node.setMaterial(
        pbr_material(Material(name="plinth", base_color=(1, 1, 1, 1), roughness=0.35)), 1
    )
    return node


def _label(exhibit: Exhibit, parent: NodePath, language: str) -> TextNode:
    plinth = exhibit.plinth
    assert plinth is not None
    text = TextNode("label")
    font = scene_font()
    if font is not None:
        text.setFont(font)
    title = in_language(exhibit.info.title, language)
    text.setText(title)
    text.setAlign(TextNode.ACenter)
    text.setTextColor(0.22, 0.22, 0.24, 1)
    width = plinth.size[0] * 0.85
    text.setWordwrap(12)
    node = parent.attachNewNode(text)
    bounds = text.getWidth() or 1.0
    scale = min(0.075, width / max(bounds, 1.0))
    node.setScale(scale)
    node.setPos(0, -plinth.size[1] / 2 - 0.002, plinth.height * 0.72)
    unshaded(node)
    return text


def build_exhibit(
    exhibit: Exhibit,
    model: ModelData | None,
    parent: NodePath,
    language: str,
    distances: Sequence[float] | None = None,
    shared: ModelNodes | None = None,
    key: Hashable | None = None,
    loading: bool = False,
) -> ExhibitNode:
    """Place the exhibit in the hall; ``model`` None shows a placeholder (``loading``: a faint
    one, until ``show_model``). Exhibits that show the same model (the same ``key`` in
    ``shared``) share one copy of its geometry and textures; its size (``fit``, ``scale``)
    is this exhibit's own transform."""
    root = parent.attachNewNode(f"exhibit-{exhibit.id}")
    root.setPos(exhibit.position[0], exhibit.position[1], 0)
    root.setH(exhibit.heading)
    root.setTag("exhibit", exhibit.id)
    top = 0.0
    label = None
    if exhibit.plinth is not None:
        _plinth(exhibit, root)
        if exhibit.plinth.label:
            label = _label(exhibit, root, language)
        top = exhibit.plinth.height
    pivot = root.attachNewNode("turntable")
    pivot.setZ(top)
    markers = {hotspot.id: build_hotspot(hotspot, pivot) for hotspot in exhibit.hotspots}
    node = ExhibitNode(exhibit.id, root, pivot, NodePath(), 0.3, exhibit.turntable, markers, label)
    if loading:
        node.show_loading()
    else:
        node.show_model(exhibit, model, shared or ModelNodes(), key, distances)
    return node


def _box_in(node: NodePath, lo: Any, hi: Any) -> tuple[Point3, Point3]:
    """The axis-aligned box, in ``node``'s parent's space, of a box in ``node``'s space."""
    matrix = node.getMat()
    corners = [
        matrix.xformPoint(Point3(x, y, z))
        for x in (lo[0], hi[0])
        for y in (lo[1], hi[1])
        for z in (lo[2], hi[2])
    ]
    return (
        Point3(min(c.x for c in corners), min(c.y for c in corners), min(c.z for c in corners)),
        Point3(max(c.x for c in corners), max(c.y for c in corners), max(c.z for c in corners)),
    )
