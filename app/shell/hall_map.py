"""The hall map: a top-down plan drawn from the scene (walls, plinths, the tour's stops), with
the visitor's position and heading and the guide; a tap walks there or opens an exhibit."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.scene import Scene
from app.shell.theme import Palette

__all__ = ["HallMap"]

_MARGIN = 10.0
GUIDE_COLOUR = "#2a7f8f"  # teal: the guide, apart from the visitor's accent colour


class HallMap(QWidget):
    """Emits ``walkTo(x, y)`` for a tap on the floor, ``exhibitChosen(id)`` on a plinth."""

    walkTo = Signal(float, float)
    exhibitChosen = Signal(str)

    def __init__(self, scene: Scene, palette: Palette) -> None:
        super().__init__()
        self.setObjectName("hall-map")
        self.scene = scene
        self.colours = palette
        self.visitor: tuple[float, float, float] | None = None  # x, y, heading (degrees)
        self.guide: tuple[float, float] | None = None
        self.stop: int | None = None
        self.selected: str | None = None
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    # ----- what it shows -----------------------------------------------------------------
    def set_scene(self, scene: Scene) -> None:
        self.scene = scene
        self.setFixedHeight(self.heightForWidth(self.width()))  # another hall's proportions
        self.update()

    def set_palette(self, palette: Palette) -> None:
        self.colours = palette
        self.update()

    def show_positions(
        self,
        visitor: tuple[float, float, float] | None,
        guide: tuple[float, float] | None,
        stop: int | None,
        selected: str | None,
    ) -> None:
        """Redraw only when something moved enough to see (a few centimetres, a degree)."""
        old = (self.visitor, self.guide, self.stop, self.selected)
        new = (_rounded(visitor), _rounded(guide), stop, selected)
        if new != old:
            self.visitor, self.guide, self.stop, self.selected = new  # type: ignore[assignment]
            self.update()

    def heightForWidth(self, width: int) -> int:
        """The height that shows the hall's proportions at ``width`` (150 to 320 px)."""
        w, d = self.scene.hall.size[0], self.scene.hall.size[1]
        return int(min(320, max(150, (width - 2 * _MARGIN) * d / w + 2 * _MARGIN)))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        wanted = self.heightForWidth(self.width())
        if self.height() != wanted:
            self.setFixedHeight(wanted)

    # ----- hall <-> widget ---------------------------------------------------------------
    def _frame(self) -> tuple[float, float, float]:
        """Scale (pixels per metre) and the widget point of the hall's centre."""
        w, d = self.scene.hall.size[0], self.scene.hall.size[1]
        scale = min((self.width() - 2 * _MARGIN) / w, (self.height() - 2 * _MARGIN) / d)
        return scale, self.width() / 2, self.height() / 2

    def to_widget(self, x: float, y: float) -> QPointF:
        scale, cx, cy = self._frame()
        return QPointF(cx + x * scale, cy - y * scale)  # the entrance (-y) at the bottom

    def to_hall(self, px: float, py: float) -> tuple[float, float]:
        scale, cx, cy = self._frame()
        return (px - cx) / scale, (cy - py) / scale

    def exhibit_at(self, x: float, y: float) -> str | None:
        """The exhibit whose plinth (or, without one, whose spot) is at hall point (x, y)."""
        best, nearest = None, 1e9
        for exhibit in self.scene.exhibits:
            ex, ey = exhibit.position
            size = exhibit.plinth.size if exhibit.plinth else (0.5, 0.5)
            reach = max(size) / 2 + 0.25
            distance = math.hypot(x - ex, y - ey)
            if distance <= reach and distance < nearest:
                best, nearest = exhibit.id, distance
        return best

    # ----- input -------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        x, y = self.to_hall(event.position().x(), event.position().y())
        w, d = self.scene.hall.size[0], self.scene.hall.size[1]
        if abs(x) > w / 2 or abs(y) > d / 2:
            return
        chosen = self.exhibit_at(x, y)
        if chosen is not None:
            self.exhibitChosen.emit(chosen)
        else:
            self.walkTo.emit(x, y)

    # ----- drawing -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p, scene = self.colours, self.scene
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale, _, _ = self._frame()
        w, d = scene.hall.size[0], scene.hall.size[1]
        floor = QRectF(self.to_widget(-w / 2, d / 2), self.to_widget(w / 2, -d / 2))
        painter.setPen(QPen(QColor(p.text), 3))
        painter.setBrush(QColor(p.surface))
        painter.drawRoundedRect(floor, 3, 3)
        entrance = self.to_widget(0, -d / 2)
        painter.setPen(QPen(QColor(p.surface), 5))
        painter.drawLine(entrance + QPointF(-0.8 * scale, 0), entrance + QPointF(0.8 * scale, 0))
        stops = self._stop_numbers()
        for exhibit in scene.exhibits:
            size = exhibit.plinth.size if exhibit.plinth else (0.4, 0.4)
            centre = self.to_widget(*exhibit.position)
            painter.save()
            painter.translate(centre)
            painter.rotate(-exhibit.heading)
            chosen = exhibit.id == self.selected
            painter.setPen(QPen(QColor(p.accent if chosen else p.muted), 2 if chosen else 1))
            painter.setBrush(QColor(p.accent if chosen else p.line))
            sw, sd = max(size[0] * scale, 6), max(size[1] * scale, 6)
            painter.drawRect(QRectF(-sw / 2, -sd / 2, sw, sd))
            painter.restore()
            if exhibit.id in stops:
                self._badge(painter, centre, stops[exhibit.id])
        if self.guide is not None:
            spot = self.to_widget(*self.guide)
            painter.setPen(QPen(QColor(p.surface), 2))
            painter.setBrush(QColor(GUIDE_COLOUR))
            painter.drawEllipse(spot, 6, 6)
        if self.visitor is not None:
            self._visitor(painter, scale)
        painter.end()

    def _stop_numbers(self) -> dict[str, int]:
        tour = self.scene.tour
        numbers: dict[str, int] = {}
        if tour is not None:
            for index, stop in enumerate(tour.stops):
                if stop.exhibit is not None and stop.exhibit not in numbers:
                    numbers[stop.exhibit] = index
        return numbers

    def _badge(self, painter: QPainter, centre: QPointF, index: int) -> None:
        p = self.colours
        current = index == self.stop
        spot = centre + QPointF(9, -9)
        painter.setPen(QPen(QColor(p.panel), 1.5))
        painter.setBrush(QColor(p.accent if current else p.text))
        painter.drawEllipse(spot, 9, 9)
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(p.on_accent if current else p.surface))
        painter.drawText(QRectF(spot.x() - 9, spot.y() - 9, 18, 18),
                         Qt.AlignmentFlag.AlignCenter, str(index + 1))  # fmt: skip

    def _visitor(self, painter: QPainter, scale: float) -> None:
        assert self.visitor is not None
        p = self.colours
        x, y, heading = self.visitor
        spot = self.to_widget(x, y)
        angle = math.radians(heading)
        ahead = (-math.sin(angle), math.cos(angle))  # the way the visitor looks, in the hall
        cone = QPainterPath(spot)
        reach = max(28.0, 2.2 * scale)
        for turn in (-0.5, 0.5):
            a = (ahead[0] * math.cos(turn) - ahead[1] * math.sin(turn),
                 ahead[0] * math.sin(turn) + ahead[1] * math.cos(turn))  # fmt: skip
            cone.lineTo(spot + QPointF(a[0] * reach, -a[1] * reach))
        cone.closeSubpath()
        glow = QColor(p.accent)
        glow.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawPath(cone)
        painter.setPen(QPen(QColor(p.surface), 2))
        painter.setBrush(QColor(p.accent))
        painter.drawEllipse(spot, 8, 8)
        tip = spot + QPointF(ahead[0] * 6, -ahead[1] * 6)  # a white pointer: the way ahead
        painter.setPen(QPen(QColor(p.on_accent), 2.5))
        painter.drawLine(spot, tip)


def _rounded(values: tuple[float, ...] | None) -> tuple[float, ...] | None:
    if values is None:
        return None
    return tuple(round(v, 1) if i < 2 else round(v) for i, v in enumerate(values))
