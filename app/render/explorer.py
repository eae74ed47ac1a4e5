"""The visitor exploring the hall: the camera rig, pointer picking, hover highlight, cards,
floor teleports and comfort fades.

The visit core (``app.visit``) owns one and feeds it pointer input and the frame step; it
never imports Qt.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from panda3d.core import NodePath

from app.render.camera_rig import CameraRig, MoveInput
from app.render.cards import InfoCard
from app.render.comfort import LONG_JUMP_METRES, Fader
from app.render.markers import StopPoints, TeleportMarker
from app.render.picking import Pick, Picker
from app.render.stage import Stage
from app.scene.views import CameraMode, CameraView, close_view, entrance_view, exhibit_view

__all__ = ["Explorer"]

log = logging.getLogger(__name__)

_CLICK_SLOP = 0.01  # screen units a press may move and still count as a click
_LOOK_SPEED = 90.0  # degrees of turn per screen width dragged


class Explorer:
    """Everything the visitor does with the pointer and keys, mapped onto the scene."""

    def __init__(
        self,
        camera: NodePath,
        lens: Any,
        lens_node: Any,
        stage: Stage,
        window: Any = None,
        language: str | None = None,
        overlay: NodePath | None = None,
    ) -> None:
        scene = stage.scene
        self.stage = stage
        self.language = language or scene.default_language
        self.lens_node = lens_node
        self.rig = CameraRig(camera, lens, scene.hall.size, stage.obstacles(), window)
        self.rig.place(entrance_view(scene))
        self.picker = Picker(camera, stage)
        self.card = InfoCard(stage.root)
        self.marker = TeleportMarker(stage.root)
        self.fader = Fader(overlay)
        self.stop_points = StopPoints(stage)
        self.hovered: str | None = None
        self.selected: str | None = None
        self.on_select: list[Callable[[str | None], None]] = []
        self.on_hotspot: list[Callable[[str, str], None]] = []
        self._press: tuple[float, float] | None = None
        self._last_pointer: tuple[float, float] | None = None
        self._dragging = False
        self._hovered_at: tuple[Any, ...] | None = None
        self.rig.on_arrival.append(self.marker.hide)

    # ----- pointer -----------------------------------------------------------------------
    def pointer_down(self, x: float, y: float) -> None:
        self._press = (x, y)
        self._last_pointer = (x, y)
        self._dragging = False

    def pointer_move(self, x: float, y: float) -> MoveInput:
        """Pointer at (x, y) in -1..1; returns the look change a drag asks for."""
        move = MoveInput()
        if self._press is not None and self._last_pointer is not None:
            dx, dy = x - self._last_pointer[0], y - self._last_pointer[1]
            if abs(x - self._press[0]) + abs(y - self._press[1]) > _CLICK_SLOP:
                self._dragging = True
            if self._dragging:
                move.turn = (
                    -dx * _LOOK_SPEED * (1.2 if self.rig.mode == CameraMode.INSPECT else 0.6)
                )
                move.tilt = dy * _LOOK_SPEED * 0.5
        here = (x, y, self.rig.position)
        self._last_pointer = (x, y)
        if self._press is None and here != self._hovered_at:
            self._hovered_at = here  # no ray cast while neither pointer nor camera moves
            self.hover(x, y)
        return move

    def pointer_up(self, x: float, y: float) -> Pick | None:
        """A release; a click (not a drag) selects, opens a hotspot or teleports."""
        was_drag, self._press, self._last_pointer = self._dragging, None, None
        self._dragging = False
        if was_drag:
            return None
        return self.click(x, y)

    def end_drag(self) -> None:
        """Forget a press without treating it as a click."""
        self._press, self._last_pointer, self._dragging = None, None, False

    def hover(self, x: float, y: float) -> None:
        hit = self.picker.pick(self.lens_node, x, y)
        exhibit = hit.exhibit if hit is not None and hit.kind != "floor" else None
        if exhibit != self.hovered:
            if self.hovered in self.stage.exhibits:
                self.stage.exhibits[self.hovered].highlight(False)
            if exhibit is not None:
                self.stage.exhibits[exhibit].highlight(True)
            self.hovered = exhibit

    def click(self, x: float, y: float) -> Pick | None:
        hit = self.picker.pick(self.lens_node, x, y)
        if hit is None:
            return None
        if hit.kind == "hotspot" and hit.exhibit and hit.hotspot:
            for callback in self.on_hotspot:
                callback(hit.exhibit, hit.hotspot)
        elif hit.kind == "exhibit" and hit.exhibit:
            self.select(hit.exhibit)
        elif hit.kind == "floor":
            point = self.stop_points.near(hit.point[0], hit.point[1])
            if point is not None:
                self.fly_to_view(point.view)
            else:
                self.teleport(hit.point[0], hit.point[1])
        return hit

    # ----- commands ----------------------------------------------------------------------
    def select(self, exhibit_id: str | None, fly: bool = True) -> None:
        """Open an exhibit's card and (by default) fly in to inspect it; None closes it."""
        self.selected = exhibit_id
        if exhibit_id is None:
            self.card.hide()
        else:
            scene = self.stage.scene
            exhibit = scene.exhibit(exhibit_id)
            node = self.stage.exhibits[exhibit_id]
            top = (exhibit.plinth.height if exhibit.plinth else 0.0) + node.height
            self.card.show(
                exhibit_id, (*exhibit.position, top + 0.22), exhibit.info.title[self.language], ""
            )
            if fly:
                box = self.stage.model_boxes.get(exhibit_id)
                if box is None:
                    view = exhibit_view(scene, exhibit, node.height)
                    self.rig.inspect(view.look_at, view)
                else:
                    view = close_view(scene, exhibit, box, self.rig.lens.getAspectRatio())
                    radius = 0.5 * math.sqrt(sum(side * side for side in box.size))
                    plinth = exhibit.plinth.height if exhibit.plinth else 0.0
                    self.rig.inspect(view.look_at, view, radius * 1.2, plinth + 0.05)
        for callback in self.on_select:
            callback(exhibit_id)

    def floor_point(self, x: float, y: float) -> tuple[float, float] | None:
        """Where the ray through the screen point (-1..1) meets the floor, if it does."""
        from panda3d.core import Point2, Point3

        near, far = Point3(), Point3()
        if not self.rig.lens.extrude(Point2(x, y), near, far):
            return None
        root = self.stage.root
        a = root.getRelativePoint(self.rig.camera, near)
        b = root.getRelativePoint(self.rig.camera, far)
        if a.z == b.z or (a.z > 0) == (b.z > 0):
            return None
        t = a.z / (a.z - b.z)
        return a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t

    def model_point(self, exhibit_id: str, x: float, y: float) -> tuple[float, float, float] | None:
        """Where the ray through the screen point touches the exhibit's model, in metres from
        the model's base centre (the coordinates hotspots use)."""
        from panda3d.core import (
            CollisionHandlerQueue,
            CollisionNode,
            CollisionRay,
            CollisionTraverser,
            GeomNode,
        )

        node = self.stage.exhibits[exhibit_id]
        ray = CollisionRay()
        ray.setFromLens(self.lens_node, x, y)
        collider = CollisionNode("model-ray")
        collider.addSolid(ray)
        collider.setFromCollideMask(GeomNode.getDefaultCollideMask())
        path = self.rig.camera.attachNewNode(collider)
        queue = CollisionHandlerQueue()
        traverser = CollisionTraverser("model-picker")
        traverser.addCollider(path, queue)
        try:
            traverser.traverse(node.model)
            if queue.getNumEntries() == 0:
                return None
            queue.sortEntries()
            point = queue.getEntry(0).getSurfacePoint(node.pivot)
            return float(point.x), float(point.y), float(point.z)
        finally:
            path.removeNode()

    def show_card(self, exhibit_id: str) -> None:
        """The floating card with the exhibit's title and text, beside it, facing the visitor."""
        scene = self.stage.scene
        exhibit = scene.exhibit(exhibit_id)
        node = self.stage.exhibits[exhibit_id]
        top = (exhibit.plinth.height if exhibit.plinth else 0.0) + node.height
        self.card.show(
            exhibit_id,
            (*exhibit.position, top + 0.3),
            exhibit.info.title[self.language],
            exhibit.info.text[self.language],
        )

    def teleport(self, x: float, y: float) -> None:
        x, y = self.rig.walker.inside(x, y)
        self.marker.show(x, y)
        self.rig.teleport(x, y)

    def back(self) -> bool:
        """Esc: leave inspect mode (and close the card)."""
        if self.rig.leave_inspect():
            self.select(None, fly=False)
            return True
        if self.selected is not None:
            self.select(None, fly=False)
            return True
        return False

    def fly_to_view(self, view: CameraView, then: CameraMode = CameraMode.WALK) -> None:
        """Fly there, or, for a long way, fade out, cut and fade back in."""
        far = math.dist(self.rig.position, view.position) > LONG_JUMP_METRES
        if far and not self.rig.reduced_motion:  # reduced motion: the rig cuts, no fade
            self.rig.hold_for_fade()
            self.fader.start(lambda: self.rig.jump(view, then))
        else:
            self.rig.fly_to(view, then)

    def set_language(self, language: str) -> None:
        self.language = language
        if self.selected is not None:
            self.select(self.selected, fly=False)
        elif self.card.exhibit is not None:
            self.show_card(self.card.exhibit)

    def update(self, dt: float, move: MoveInput) -> None:
        self.fader.update(dt)
        self.rig.update(dt, move)
        self.marker.update(dt)

    def destroy(self) -> None:
        self.picker.destroy()
        self.card.root.removeNode()
        self.marker.root.removeNode()
        self.stop_points.root.removeNode()
        if self.fader.card is not None:
            self.fader.card.removeNode()
