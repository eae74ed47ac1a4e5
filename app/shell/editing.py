"""Edit mode of the main window: select and drag exhibits, numbers in the edit panel,
hotspots by clicking the model, stop cameras and order, undo/redo and save."""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.errors import VitrineError
from app.scene.editor import SceneEditor
from app.shell.edit_panel import EditPanel
from app.shell.panels import TourBar
from app.visit import VisitCore

__all__ = ["EditMode"]

log = logging.getLogger(__name__)


class EditMode:
    """Owns the SceneEditor while the window is in edit mode; takes the visit's pointer."""

    def __init__(
        self, visit: VisitCore, tour_bar: TourBar, notify: Callable[[str, int], None]
    ) -> None:
        self.visit = visit
        self.tour_bar = tour_bar
        self.notify = notify
        self.active = False
        self.editor = SceneEditor(visit.document)
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
        if self.active:
            if self.visit.document is not self.editor.document:
                self.editor = SceneEditor(self.visit.document)
            self.panel.status.setText("Click an exhibit to select it; drag it to move it.")
        self.visit.set_editing(self.active, self)
        self.notify("edit mode" if self.active else "visit mode", 3000)

    # ----- pointer (called by the visit core while editing) ------------------------------
    def pointer_down(self, x: float, y: float) -> None:
        visit = self.visit
        hit = visit.pick(x, y)
        if hit is None:
            return
        exhibit_id = hit.exhibit
        if self.panel.add_hotspot.isChecked() and exhibit_id:
            point = visit.model_point(exhibit_id, x, y)
            self.panel.add_hotspot.setChecked(False)
            if point is not None:
                self._do(lambda: self.editor.add_hotspot(exhibit_id, point), exhibit_id)
            return
        if hit.kind == "hotspot" and exhibit_id and hit.hotspot:
            self.hotspot = (exhibit_id, hit.hotspot)
            self.panel.status.setText(f"hotspot {hit.hotspot} of {exhibit_id} selected")
            self._select(exhibit_id)
        elif hit.kind == "exhibit" and exhibit_id:
            self._select(exhibit_id)
            grab = visit.floor_point(x, y)
            if grab is not None:
                self.dragging = exhibit_id
                position = self.editor.scene.exhibit(exhibit_id).position
                self._grab = (grab, (position[0], position[1]))

    def pointer_move(self, x: float, y: float) -> None:
        if self.dragging is None:
            return
        point = self.visit.floor_point(x, y)
        if point is not None:
            (gx, gy), (ex, ey) = self._grab  # move by how far the floor point under the
            self.visit.preview_exhibit_at(
                self.dragging,  # pointer has moved
                ex + point[0] - gx,
                ey + point[1] - gy,
            )

    def pointer_up(self, x: float, y: float) -> None:
        exhibit, self.dragging = self.dragging, None
        if exhibit is None:
            return
        now_x, now_y = self.visit.exhibit_floor_position(exhibit)
        current = self.editor.scene.exhibit(exhibit).position
        if abs(now_x - current[0]) + abs(now_y - current[1]) > 0.005:
            self._do(lambda: self.editor.move_exhibit(exhibit, now_x, now_y), exhibit)

    # ----- panel -------------------------------------------------------------------------
    def _select(self, exhibit_id: str) -> None:
        visit = self.visit
        visit.select(exhibit_id)
        exhibit = self.editor.scene.exhibit(exhibit_id)
        size = exhibit.fit if exhibit.fit is not None else visit.exhibit_height(exhibit_id)
        self.panel.show_values(exhibit.position[0], exhibit.position[1], exhibit.heading, size)
        self.panel.title.setText(f"Editing: {exhibit.info.title[visit.language]} ({exhibit_id})")

    def values_edited(self, x: float, y: float, heading: float, size: float) -> None:
        exhibit_id = self.visit.state.selected
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
        stop = self.tour_bar.stops.currentIndex()
        view = self.visit.current_view()
        self._do(lambda: self.editor.set_stop_camera(stop, view.position, view.look_at), None)

    def move_stop(self, step: int) -> None:
        bar = self.tour_bar
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
        self.panel.status.setText(
            f"saved {self.editor.document.path.name} (previous version kept as .bak)"
        )

    # ----- applying ----------------------------------------------------------------------
    def _do(self, change: Callable[[], object], reselect: str | None) -> None:
        try:
            change()
        except (VitrineError, KeyError, IndexError) as exc:
            self.panel.status.setText(f"not changed: {exc}")
            self._rebuilt(None, reselect)
            return
        self._rebuilt(
            self.editor.undo_stack[-1].label if self.editor.undo_stack else None, reselect
        )

    def _rebuilt(self, message: str | None, reselect: str | None = None) -> None:
        visit = self.visit
        selected = reselect or visit.state.selected
        visit.rebuild()  # the window's panels follow through the visit's on_rebuilt
        if selected and selected in {e.id for e in self.editor.scene.exhibits}:
            self._select(selected)
        if message:
            self.panel.status.setText(message + (" (unsaved)" if self.editor.dirty else ""))
