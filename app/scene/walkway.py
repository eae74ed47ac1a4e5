"""Where the guide can walk: the hall's floor less the plinths, and paths across it.

Paths are planned with A* on a grid of the floor (plinths grown by the guide's clearance), then
pulled straight wherever the way between two points is clear, so the guide walks around
plinths instead of through them and takes no needless corners. Pure Python on the scene model:
the renderer follows the paths, ``vitrine guide preview --paths`` prints them.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from app.scene.model import Scene

__all__ = ["CLEARANCE", "Footprint", "footprints", "guide_start", "plan_path", "tour_spots"]

CLEARANCE = 0.35  # metres between the guide's centre and a plinth's edge
_CELL = 0.15  # grid resolution, metres
_WALL = 0.4  # metres kept from the walls

Point = tuple[float, float]


@dataclass(frozen=True)
class Footprint:
    """A plinth's rectangle on the floor (centre, half sizes, heading in degrees)."""

    x: float
    y: float
    half_w: float
    half_d: float
    heading: float

    def contains(self, px: float, py: float, grow: float = 0.0) -> bool:
        h = math.radians(self.heading)
        dx, dy = px - self.x, py - self.y
        lx = dx * math.cos(h) + dy * math.sin(h)
        ly = -dx * math.sin(h) + dy * math.cos(h)
        return abs(lx) <= self.half_w + grow and abs(ly) <= self.half_d + grow


def footprints(scene: Scene) -> list[Footprint]:
    """Every plinth of the hall."""
    return [
        Footprint(
            e.position[0], e.position[1], e.plinth.size[0] / 2, e.plinth.size[1] / 2, e.heading
        )
        for e in scene.exhibits
        if e.plinth is not None
    ]


def guide_start(scene: Scene) -> Point:
    """Where the guide waits when a visit begins: just inside the entrance, left of centre."""
    return -0.8, -scene.hall.size[1] / 2 + 3.5


class _Grid:
    def __init__(self, scene: Scene, clearance: float) -> None:
        self.half_w = scene.hall.size[0] / 2 - _WALL
        self.half_d = scene.hall.size[1] / 2 - _WALL
        self.columns = max(1, int(2 * self.half_w / _CELL) + 1)
        self.rows = max(1, int(2 * self.half_d / _CELL) + 1)
        self.blocks = footprints(scene)
        self.clearance = clearance
        self.free = [
            [self._free_point(self.point((c, r))) for c in range(self.columns)]
            for r in range(self.rows)
        ]

    def point(self, cell: tuple[int, int]) -> Point:
        return -self.half_w + cell[0] * _CELL, -self.half_d + cell[1] * _CELL

    def cell(self, point: Point) -> tuple[int, int]:
        c = round((point[0] + self.half_w) / _CELL)
        r = round((point[1] + self.half_d) / _CELL)
        return min(max(c, 0), self.columns - 1), min(max(r, 0), self.rows - 1)

    def _free_point(self, point: Point) -> bool:
        return not any(b.contains(*point, self.clearance) for b in self.blocks)

    def is_free(self, cell: tuple[int, int]) -> bool:
        return self.free[cell[1]][cell[0]]

    def nearest_free(self, cell: tuple[int, int]) -> tuple[int, int]:
        if self.is_free(cell):
            return cell
        for radius in range(1, max(self.columns, self.rows)):
            ring = [
                (cell[0] + dc, cell[1] + dr)
                for dc in range(-radius, radius + 1)
                for dr in range(-radius, radius + 1)
                if max(abs(dc), abs(dr)) == radius
            ]
            free = [
                c for c in ring if 0 <= c[0] < self.columns and 0 <= c[1] < self.rows
                and self.is_free(c)
            ]  # fmt: skip
            if free:
                return min(free, key=lambda c: math.dist(c, cell))
        return cell

    def clear_line(self, a: Point, b: Point) -> bool:
        steps = max(1, int(math.dist(a, b) / (_CELL / 3)))
        for i in range(steps + 1):
            t = i / steps
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            if abs(x) > self.half_w + 1e-6 or abs(y) > self.half_d + 1e-6:
                return False
            if not self._free_point((x, y)):
                return False
        return True


def _a_star(grid: _Grid, start: tuple[int, int], goal: tuple[int, int]) -> list[tuple[int, int]]:
    steps = [(dc, dr, math.hypot(dc, dr)) for dc in (-1, 0, 1) for dr in (-1, 0, 1) if dc or dr]
    frontier: list[tuple[float, tuple[int, int]]] = [(0.0, start)]
    came: dict[tuple[int, int], tuple[int, int] | None] = {start: None}
    cost = {start: 0.0}
    while frontier:
        _, current = heapq.heappop(frontier)
        if current == goal:
            break
        for dc, dr, length in steps:
            nxt = (current[0] + dc, current[1] + dr)
            if not (0 <= nxt[0] < grid.columns and 0 <= nxt[1] < grid.rows):
                continue
            if not grid.is_free(nxt):
                continue
            if (
                dc
                and dr
                and not (
                    grid.is_free((current[0] + dc, current[1]))
                    and grid.is_free((current[0], current[1] + dr))
                )
            ):
                continue  # no cutting a plinth's corner between two blocked cells
            new = cost[current] + length
            if new < cost.get(nxt, math.inf):
                cost[nxt] = new
                came[nxt] = current
                heapq.heappush(frontier, (new + math.dist(nxt, goal), nxt))
    if goal not in came:
        return []
    path = [goal]
    while came[path[-1]] is not None:
        path.append(came[path[-1]])  # type: ignore[arg-type]
    return path[::-1]


def plan_path(scene: Scene, start: Point, goal: Point, clearance: float = CLEARANCE) -> list[Point]:
    """Points from ``start`` to ``goal`` (both included) around the plinths; a straight line
    when the way is clear. Ends that lie inside a plinth's clearance move to the nearest
    free floor."""
    grid = _Grid(scene, clearance)
    if grid.clear_line(start, goal):
        return [start, goal]
    first, last = grid.nearest_free(grid.cell(start)), grid.nearest_free(grid.cell(goal))
    cells = _a_star(grid, first, last)
    if not cells:
        return [start, goal]
    points = [grid.point(c) for c in cells]
    if grid._free_point(start):
        points[0] = start
    else:
        points.insert(0, start)
    if grid._free_point(goal):
        points[-1] = goal
    else:
        points.append(goal)
    pulled = [points[0]]
    index = 0
    while index < len(points) - 1:
        far = len(points) - 1
        while far > index + 1 and not grid.clear_line(points[index], points[far]):
            far -= 1
        pulled.append(points[far])
        index = far
    inner = [(round(x, 3), round(y, 3)) for x, y in pulled[1:-1]]
    return [pulled[0], *inner, pulled[-1]]


def tour_spots(scene: Scene) -> list[tuple[str, Point]]:
    """Where the guide stands at each stop (beside the exhibit, on the visitor's left), as
    the tour places it; with ``guide_start`` these are the legs it walks."""
    from app.scene.views import stop_view

    spots: list[tuple[str, Point]] = []
    if scene.tour is None:
        return spots
    for index, stop in enumerate(scene.tour.stops):
        view = stop_view(scene, index)
        target = scene.exhibit(stop.exhibit).position if stop.exhibit else view.look_at[:2]
        spots.append((f"stop {index + 1}", spot_beside(scene, view.position, target)))
    return spots


def spot_beside(scene: Scene, eye: tuple[float, ...], target: tuple[float, ...]) -> Point:
    """Beside ``target`` on the left of a visitor at ``eye``, a little in front of it."""
    dx, dy = target[0] - eye[0], target[1] - eye[1]
    length = math.hypot(dx, dy) or 1.0
    left_x, left_y = -dy / length, dx / length
    x = target[0] + left_x * 0.95 - dx / length * 0.15
    y = target[1] + left_y * 0.95 - dy / length * 0.15
    half_w, half_d = scene.hall.size[0] / 2 - 0.4, scene.hall.size[1] / 2 - 0.4
    return min(max(x, -half_w), half_w), min(max(y, -half_d), half_d)
