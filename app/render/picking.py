"""What is under the pointer: an exhibit, one of its hotspots, or a spot on the floor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from panda3d.core import (
    BitMask32,
    CollisionBox,
    CollisionHandlerQueue,
    CollisionNode,
    CollisionPlane,
    CollisionRay,
    CollisionSphere,
    CollisionTraverser,
    NodePath,
    Plane,
    Point3,
    Vec3,
)

from app.render.stage import Stage

__all__ = ["PICK_MASK", "Pick", "PickKind", "Picker"]

PickKind = Literal["exhibit", "hotspot", "floor"]
_KINDS: dict[str, PickKind] = {"exhibit": "exhibit", "hotspot": "hotspot", "floor": "floor"}

# Not bit 20: that is the default into-mask of every visible GeomNode.
PICK_MASK = BitMask32.bit(9)
_HOTSPOT_DEPTH = 0.25  # metres a hotspot may lie behind the front of its exhibit's pick box


@dataclass(frozen=True)
class Pick:
    """A hit: ``kind`` is exhibit, hotspot or floor; ``point`` is where, in hall coordinates."""

    kind: PickKind
    point: tuple[float, float, float]
    exhibit: str | None = None
    hotspot: str | None = None


def _thick(lo: Any, hi: Any, least: float = 0.02) -> tuple[Point3, Point3]:
    """A box at least ``least`` metres in every direction (a flat model or a plinth of height
    0 would make a degenerate box, which the collision system refuses)."""
    low, high = Point3(lo), Point3(hi)
    for axis in range(3):
        if high[axis] - low[axis] < least:
            middle = (high[axis] + low[axis]) / 2
            low[axis], high[axis] = middle - least / 2, middle + least / 2
    return low, high


def _solid_node(name: str, solid: Any, tags: dict[str, str]) -> CollisionNode:
    node = CollisionNode(name)
    node.addSolid(solid)
    node.setIntoCollideMask(PICK_MASK)
    node.setFromCollideMask(BitMask32.allOff())
    for key, value in tags.items():
        node.setTag(key, value)
    return node


class Picker:
    """Casts a ray from the camera through a screen point into pick shapes built per exhibit."""

    def __init__(self, camera: NodePath, stage: Stage) -> None:
        self.camera = camera
        self.stage = stage
        self.shapes = stage.root.attachNewNode("pick-shapes")
        floor = _solid_node(
            "pick-floor", CollisionPlane(Plane(Vec3(0, 0, 1), Point3(0, 0, 0))), {"kind": "floor"}
        )
        self.shapes.attachNewNode(floor)
        for exhibit_id, node in stage.exhibits.items():
            self._exhibit_shapes(exhibit_id, node)
        ray_node = CollisionNode("pick-ray")
        self.ray = CollisionRay()
        ray_node.addSolid(self.ray)
        ray_node.setFromCollideMask(PICK_MASK)
        ray_node.setIntoCollideMask(BitMask32.allOff())
        self.ray_path = camera.attachNewNode(ray_node)
        self.queue = CollisionHandlerQueue()
        self.traverser = CollisionTraverser("picker")
        self.traverser.addCollider(self.ray_path, self.queue)

    def _exhibit_shapes(self, exhibit_id: str, node: Any) -> None:
        lo, hi = (
            node.bounds
            or node.model.getTightBounds(node.pivot)
            or (
                Point3(-0.15),
                Point3(0.15),
            )
        )
        box = CollisionBox(*_thick(lo, hi))
        node.pivot.attachNewNode(
            _solid_node(f"pick-{exhibit_id}", box, {"kind": "exhibit", "exhibit": exhibit_id})
        )
        plinth = node.root.find("plinth")
        if not plinth.isEmpty():
            plo, phi = plinth.getTightBounds(node.root)  # 24 vertices: cheap
            node.root.attachNewNode(
                _solid_node(
                    f"pick-{exhibit_id}-plinth",
                    CollisionBox(*_thick(plo, phi)),
                    {"kind": "exhibit", "exhibit": exhibit_id},
                )
            )
        for marker in node.hotspots.values():
            marker.attachNewNode(
                _solid_node(
                    f"pick-{exhibit_id}-{marker.getName()}",
                    CollisionSphere(0, 0, 0, 0.06),
                    {"kind": "hotspot", "exhibit": exhibit_id, "hotspot": marker.getName()},
                )
            )

    def pick(self, lens_node: Any, x: float, y: float) -> Pick | None:
        """The nearest hit through the screen point (x, y in -1..1, y up)."""
        self.ray.setFromLens(lens_node, x, y)
        self.traverser.traverse(self.stage.root)
        if self.queue.getNumEntries() == 0:
            return None
        self.queue.sortEntries()
        entries = [self.queue.getEntry(i) for i in range(self.queue.getNumEntries())]
        entry = entries[0]
        origin = self.stage.root.getRelativePoint(self.camera, Point3(0, 0, 0))
        nearest = (entry.getSurfacePoint(self.stage.root) - origin).length()
        for candidate in entries:
            # Hotspots sit on the model's surface, inside its pick box: prefer one close behind
            # the box's front face (not one on the far side of the model).
            if candidate.getIntoNode().getTag("kind") == "hotspot":
                distance = (candidate.getSurfacePoint(self.stage.root) - origin).length()
                if distance - nearest < _HOTSPOT_DEPTH:
                    entry = candidate
                break
        into = entry.getIntoNode()
        point = entry.getSurfacePoint(self.stage.root)
        return Pick(
            _KINDS[into.getTag("kind")],
            (point.x, point.y, point.z),
            into.getTag("exhibit") or None,
            into.getTag("hotspot") or None,
        )

    def destroy(self) -> None:
        self.ray_path.removeNode()
        self.shapes.removeNode()
