"""How the visitor moves, as plain math (no engine): walking with collisions, camera flights
with easing that go around plinths, and orbiting an exhibit in inspect mode.

The hall is a rectangle, so any straight path between two points inside it stays inside it;
plinths are rectangles (rotated by the exhibit's heading) that walking slides along and
flights bend around.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BODY_RADIUS",
    "Flight",
    "Obstacle",
    "Orbit",
    "Walker",
    "ease_in_out",
    "look_angles",
]

BODY_RADIUS = 0.3  # metres kept between the visitor's eye and walls or plinths
Vec3 = tuple[float, float, float]


def ease_in_out(t: float) -> float:
    """Smooth start and stop (cubic), for t in 0..1."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3 - 2 * t)


def look_angles(source: Vec3, target: Vec3) -> tuple[float, float]:
    """Heading and pitch in degrees (Panda3D convention: heading 0 looks along +Y)."""
    dx, dy, dz = (target[i] - source[i] for i in range(3))
    heading = math.degrees(math.atan2(-dx, dy))
    pitch = math.degrees(math.atan2(dz, math.hypot(dx, dy)))
    return heading, pitch


@dataclass(frozen=True)
class Obstacle:
    """A plinth (or any block) on the floor: centre, half sizes and heading in degrees."""

    x: float
    y: float
    half_w: float
    half_d: float
    heading: float = 0.0

    def _local(self, px: float, py: float) -> tuple[float, float]:
        angle = math.radians(-self.heading)
        dx, dy = px - self.x, py - self.y
        return dx * math.cos(angle) - dy * math.sin(angle), dx * math.sin(angle) + dy * math.cos(
            angle
        )

    def _world(self, lx: float, ly: float) -> tuple[float, float]:
        angle = math.radians(self.heading)
        return (
            self.x + lx * math.cos(angle) - ly * math.sin(angle),
            self.y + lx * math.sin(angle) + ly * math.cos(angle),
        )

    def push_out(self, px: float, py: float, radius: float) -> tuple[float, float]:
        """The nearest point at least ``radius`` outside the block (the point if already out)."""
        lx, ly = self._local(px, py)
        hw, hd = self.half_w + radius, self.half_d + radius
        if abs(lx) >= hw or abs(ly) >= hd:
            return px, py
        if hw - abs(lx) < hd - abs(ly):
            lx = math.copysign(hw, lx or 1.0)
        else:
            ly = math.copysign(hd, ly or 1.0)
        return self._world(lx, ly)

    def blocks(self, ax: float, ay: float, bx: float, by: float, radius: float) -> bool:
        """Whether the segment A-B passes within ``radius`` of the block."""
        steps = max(2, int(math.hypot(bx - ax, by - ay) / 0.1))
        for i in range(steps + 1):
            t = i / steps
            lx, ly = self._local(ax + (bx - ax) * t, ay + (by - ay) * t)
            if abs(lx) < self.half_w + radius and abs(ly) < self.half_d + radius:
                return True
        return False

    def detour(
        self, radius: float, ax: float, ay: float, bx: float, by: float
    ) -> tuple[float, float]:
        """A corner-side waypoint to pass the block on the shorter side."""
        mx, my = (ax + bx) / 2, (ay + by) / 2
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        clearance = math.hypot(self.half_w, self.half_d) + radius + 0.2
        side = 1.0 if (mx - self.x) * nx + (my - self.y) * ny >= 0 else -1.0
        return self.x + nx * clearance * side, self.y + ny * clearance * side


class Walker:
    """Walking on the floor: moves the eye, slides along walls and plinths."""

    def __init__(
        self,
        hall_size: tuple[float, float, float],
        obstacles: list[Obstacle],
        radius: float = BODY_RADIUS,
    ) -> None:
        self.half_w = hall_size[0] / 2 - radius
        self.half_d = hall_size[1] / 2 - radius
        self.obstacles = obstacles
        self.radius = radius

    def inside(self, x: float, y: float) -> tuple[float, float]:
        """The point moved out of plinths and inside the walls."""
        for _ in range(3):
            x = min(max(x, -self.half_w), self.half_w)
            y = min(max(y, -self.half_d), self.half_d)
            for obstacle in self.obstacles:
                x, y = obstacle.push_out(x, y, self.radius)
        return min(max(x, -self.half_w), self.half_w), min(max(y, -self.half_d), self.half_d)

    def step(
        self,
        position: Vec3,
        heading: float,
        forward: float,
        strafe: float,
        dt: float,
        speed: float = 1.6,
    ) -> Vec3:
        """Move ``forward``/``strafe`` (-1..1) for ``dt`` seconds at ``speed`` m/s."""
        angle = math.radians(heading)
        fx, fy = -math.sin(angle), math.cos(angle)
        rx, ry = math.cos(angle), math.sin(angle)
        dx = (fx * forward + rx * strafe) * speed * dt
        dy = (fy * forward + ry * strafe) * speed * dt
        x, y = self.inside(position[0] + dx, position[1] + dy)
        return x, y, position[2]


class Flight:
    """An eased camera flight from one pose to another, bending around plinths."""

    def __init__(
        self,
        start: Vec3,
        start_look: Vec3,
        end: Vec3,
        end_look: Vec3,
        obstacles: Sequence[Obstacle] = (),
        duration: float | None = None,
        radius: float = BODY_RADIUS,
    ) -> None:
        points = [start]
        for obstacle in obstacles:
            if obstacle.blocks(start[0], start[1], end[0], end[1], radius):
                wx, wy = obstacle.detour(radius, start[0], start[1], end[0], end[1])
                points.append((wx, wy, (start[2] + end[2]) / 2))
                break
        points.append(end)
        self.points = points
        self.start_look, self.end_look = start_look, end_look
        length = sum(math.dist(a, b) for a, b in zip(points, points[1:]))
        self.duration = duration if duration is not None else min(4.0, 0.8 + length / 3.0)
        self.elapsed = 0.0

    @property
    def done(self) -> bool:
        return self.elapsed >= self.duration

    def advance(self, dt: float) -> tuple[Vec3, Vec3]:
        """Move on by ``dt`` seconds; returns (eye position, point looked at)."""
        self.elapsed = min(self.duration, self.elapsed + dt)
        return self.sample(self.elapsed / self.duration if self.duration else 1.0)

    def sample(self, t: float) -> tuple[Vec3, Vec3]:
        s = ease_in_out(t)
        eye = _along(self.points, s)
        look = tuple(a + (b - a) * s for a, b in zip(self.start_look, self.end_look))
        return eye, look  # type: ignore[return-value]


def _along(points: list[Vec3], s: float) -> Vec3:
    """The point at share ``s`` of the path's length; a smooth quadratic curve via a waypoint."""
    if len(points) == 2:
        a, b = points
        return tuple(a[i] + (b[i] - a[i]) * s for i in range(3))  # type: ignore[return-value]
    a, control, b = points
    # Quadratic Bezier through the waypoint (control moved so the curve passes through it).
    c = tuple(2 * control[i] - (a[i] + b[i]) / 2 for i in range(3))
    return tuple((1 - s) ** 2 * a[i] + 2 * (1 - s) * s * c[i] + s * s * b[i] for i in range(3))  # type: ignore[return-value]


@dataclass
class Orbit:
    """Inspect mode: the eye circles a target at a distance, within comfortable limits."""

    target: Vec3
    distance: float
    heading: float = 0.0
    pitch: float = -15.0
    min_distance: float = 0.4
    max_distance: float = 4.0
    lowest: float = 0.3  # the eye's lowest height (above the plinth)
    walls: tuple[float, float] | None = None  # half width and depth the eye stays inside

    def turn(self, d_heading: float, d_pitch: float) -> None:
        self.heading = (self.heading + d_heading) % 360
        self.pitch = min(max(self.pitch + d_pitch, -70.0), 10.0)

    def zoom(self, factor: float) -> None:
        self.distance = min(max(self.distance * factor, self.min_distance), self.max_distance)

    def eye(self) -> Vec3:
        h, p = math.radians(self.heading), math.radians(self.pitch)
        x = self.target[0] + math.sin(h) * math.cos(p) * self.distance
        y = self.target[1] - math.cos(h) * math.cos(p) * self.distance
        z = self.target[2] - math.sin(p) * self.distance
        if self.walls is not None:
            x = min(max(x, -self.walls[0]), self.walls[0])
            y = min(max(y, -self.walls[1]), self.walls[1])
        return x, y, max(z, self.lowest)
