"""The curator's edit panel: numbers for the selected exhibit, hotspots, tour stops, history."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["EditPanel"]


class EditPanel(QWidget):
    """Shown in edit mode; every change goes through the window's SceneEditor."""

    valuesEdited = Signal(float, float, float, float)  # x, y, heading, size

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("edit-panel")
        self.title = QLabel("Edit mode: click an exhibit, drag it on the floor")
        self.title.setWordWrap(True)
        self.x_spin = self._spin(-250, 250, 0.05)
        self.y_spin = self._spin(-250, 250, 0.05)
        self.heading_spin = self._spin(-360, 360, 5.0)
        self.size_spin = self._spin(0.01, 20, 0.05)
        form = QFormLayout()
        for label, spin in (
            ("x (m)", self.x_spin),
            ("y (m)", self.y_spin),
            ("heading (°)", self.heading_spin),
            ("size (m)", self.size_spin),
        ):
            form.addRow(label, spin)
            spin.editingFinished.connect(self._edited)
        exhibit_box = QGroupBox("Exhibit")
        exhibit_box.setLayout(form)
        self.add_hotspot = QPushButton("Add hotspot (then click the model)")
        self.add_hotspot.setCheckable(True)
        self.remove_hotspot = QPushButton("Remove selected hotspot")
        self.stop_camera = QPushButton("Stop camera ← this view")
        self.stop_up = QPushButton("Stop earlier")
        self.stop_down = QPushButton("Stop later")
        self.undo = QPushButton("Undo")
        self.redo = QPushButton("Redo")
        self.save = QPushButton("Save")
        self.status = QLabel()
        self.status.setObjectName("edit-status")
        self.status.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.add_hotspot, 0, 0, 1, 2)
        grid.addWidget(self.remove_hotspot, 1, 0, 1, 2)
        grid.addWidget(self.stop_camera, 2, 0, 1, 2)
        grid.addWidget(self.stop_up, 3, 0)
        grid.addWidget(self.stop_down, 3, 1)
        grid.addWidget(self.undo, 4, 0)
        grid.addWidget(self.redo, 4, 1)
        grid.addWidget(self.save, 5, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(exhibit_box)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._loading = False
        for spin in (self.x_spin, self.y_spin, self.heading_spin, self.size_spin):
            spin.setEnabled(False)  # until an exhibit is selected

    @staticmethod
    def _spin(low: float, high: float, step: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(3)
        return spin

    def show_values(self, x: float, y: float, heading: float, size: float) -> None:
        self._loading = True
        for spin, value in (
            (self.x_spin, x),
            (self.y_spin, y),
            (self.heading_spin, heading),
            (self.size_spin, size),
        ):
            spin.setEnabled(True)
            spin.setValue(value)
        self._loading = False

    def _edited(self) -> None:
        if not self._loading:
            self.valuesEdited.emit(
                self.x_spin.value(),
                self.y_spin.value(),
                self.heading_spin.value(),
                self.size_spin.value(),
            )
