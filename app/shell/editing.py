"""Edit mode of the main window: select and drag exhibits, numbers in the edit panel,
hotspots by clicking the model, stop cameras and order, undo/redo and save."""

from __future__ import annotations

import logging
from typing import Any

from app.errors import VitrineError

__all__ = ["EditMode"]

log = logging.getLogger(__name__)


class EditMode:
    """Owns the SceneEditor while the window is in edit mode."""

    def __init__(self, window: Any) -> None:
        from app.scene.editor import SceneEditor
        from app.shell.edit_panel import EditPanel

        self.window = window
        self.active = False
        self.editor = SceneEditor(window.document)
        self.panel = EditPanel()
        self.panel.hide()
        self.dragging: str | None = None
        self._grab: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 0.0), (0.0, 0.0))
        self.hotspot: tuple[str, str] | None = None
        panel = self.panel
        panel.valuesEdited.connect(self.values_edited)
        panel.remove_hotspot.clicked.connect(self.remove_hotspot)
        panel.stop_camera.clicked.connect(self.stop_camera)
        panel.stop_up.clicked.connect(lambda: self.move_stop(-1))
        panel.stop_down.clicked.connect(lambda: self.move_stop(1))
        panel.undo.clicked.connect(self.undo)
        panel.redo.clicked.connect(self.redo)
        panel.save.clicked.connect(self.save)

    def toggle(self) -> None:
        self.active = not self.active
        self.panel.setVisible(self.active)
        window = self.window
        if self.active:
            window.director.leave_tour()
            if window.document is not self.editor.document:
                from app.scene.editor import SceneEditor

                self.editor = SceneEditor(window.document)
            self.panel.status.setText("Click an exhibit to select it; drag it to move it.")
        window.statusBar().showMessage("edit mode" if self.active else "visit mode", 3000)

    # ----- pointer -----------------------------------------------------------------------
    def pointer_down(self, x: float, y: float) -> None:
        visit = self.window.visit
        hit = visit.picker.pick(visit.lens_node, x, y)
        if hit is None:
            return
        if self.panel.add_hotspot.isChecked() and hit.exhibit:
            point = visit.model_point(hit.exhibit, x, y)
            self.panel.add_hotspot.setChecked(False)
            if point is not None:
                self._do(lambda: self.editor.add_hotspot(hit.exhibit, point), hit.exhibit)
            return
        if hit.kind == "hotspot" and hit.exhibit and hit.hotspot:
            self.hotspot = (hit.exhibit, hit.hotspot)
            self.panel.status.setText(f"hotspot {hit.hotspot} of {hit.exhibit} selected")
            self._select(hit.exhibit)
        elif hit.kind == "exhibit" and hit.exhibit:
            self._select(hit.exhibit)
            grab = visit.floor_point(x, y)
            if grab is not None:
                self.dragging = hit.exhibit
                self._grab = (grab, tuple(self.editor.scene.exhibit(hit.exhibit).position))

    def pointer_move(self, x: float, y: float) -> None:
        if self.dragging is None:
            return
        point = self.window.visit.floor_point(x, y)
        if point is not None:
            (gx, gy), (ex, ey) = self._grab  # move by how far the floor point under the
            self.window.stage.exhibits[self.dragging].root.setPos(  # pointer has moved
                ex + point[0] - gx, ey + point[1] - gy, 0)

    def pointer_up(self, x: float, y: float) -> None:
        exhibit, self.dragging = self.dragging, None
        if exhibit is None:
            return
        root = self.window.stage.exhibits[exhibit].root
        current = self.editor.scene.exhibit(exhibit).position
        if abs(root.getX() - current[0]) + abs(root.getY() - current[1]) > 0.005:
            self._do(lambda: self.editor.move_exhibit(exhibit, root.getX(), root.getY()), exhibit)

    # ----- panel -------------------------------------------------------------------------
    def _select(self, exhibit_id: str) -> None:
        window = self.window
        window.visit.select(exhibit_id, fly=False)
        exhibit = self.editor.scene.exhibit(exhibit_id)
        size = exhibit.fit if exhibit.fit is not None else window.stage.exhibits[exhibit_id].height
        self.panel.show_values(exhibit.position[0], exhibit.position[1], exhibit.heading, size)
        self.panel.title.setText(f"Editing: {exhibit.info.title[window.language]} ({exhibit_id})")

    def values_edited(self, x: float, y: float, heading: float, size: float) -> None:
        exhibit_id = self.window.visit.selected
        if exhibit_id is None:
            return
        exhibit = self.editor.scene.exhibit(exhibit_id)

        def change() -> None:
            if (x, y) != tuple(exhibit.position):
                self.editor.move_exhibit(exhibit_id, x, y)
            if heading != exhibit.heading:
                self.editor.turn_exhibit(exhibit_id, heading)
            if abs(size - (exhibit.fit or 0)) > 1e-6:
                self.editor.size_exhibit(exhibit_id, size)

        self._do(change, exhibit_id)

    def remove_hotspot(self) -> None:
        if self.hotspot is not None:
            exhibit, hotspot = self.hotspot
            self.hotspot = None
            self._do(lambda: self.editor.remove_hotspot(exhibit, hotspot), exhibit)

    def stop_camera(self) -> None:
        stop = self.window.tour_bar.stops.currentIndex()
        view = self.window.visit.rig.current_view()
        self._do(lambda: self.editor.set_stop_camera(stop, view.position, view.look_at), None)

    def move_stop(self, step: int) -> None:
        bar = self.window.tour_bar
        stop = bar.stops.currentIndex()
        self._do(lambda: self.editor.move_stop(stop, stop + step), None)
        bar.stops.setCurrentIndex(max(0, min(bar.stops.count() - 1, stop + step)))

    def undo(self) -> None:
        label = self.editor.undo()
        if label:
            self._rebuilt(f"undone: {label}")

    def redo(self) -> None:
        label = self.editor.redo()
        if label:
            self._rebuilt(f"redone: {label}")

    def save(self) -> None:
        try:
            self.editor.save()
        except VitrineError as exc:
            self.panel.status.setText(f"not saved: {exc}")
            return
        self.panel.status.setText(f"saved {self.editor.document.path.name} "
                                  f"(previous version kept as .bak)")

    # ----- applying ----------------------------------------------------------------------
    def _do(self, change: Any, reselect: str | None) -> None:
        try:
            change()
        except (VitrineError, KeyError, IndexError) as exc:
            self.panel.status.setText(f"not changed: {exc}")
            self._rebuilt(None, reselect)
            return
        self._rebuilt(self.editor.undo_stack[-1].label if self.editor.undo_stack else None,
                      reselect)

    def _rebuilt(self, message: str | None, reselect: str | None = None) -> None:
        window = self.window
        selected = reselect or window.visit.selected
        window.rebuild_world()
        window.tour_bar.scene = self.editor.scene
        window.tour_bar.fill_stops(window.language)
        if selected and selected in window.stage.exhibits:
            self._select(selected)
        if message:
            self.panel.status.setText(message + (" (unsaved)" if self.editor.dirty else ""))
