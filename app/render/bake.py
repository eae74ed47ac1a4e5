"""Light baked once for the hall's static surfaces (floor, walls, plinths): NumPy only.

For each sample point (a lightmap texel or a plinth vertex) with its normal, the irradiance
it receives: the directional lights with soft shadows cast by the plinths, the exhibits'
spotlights (pools on the floor, shadowed), and the environment's light (its spherical
harmonics) occluded within ``radius`` by the plinths, the floor and the walls, where the
occluded directions see instead the light those surfaces bounce back (one bounce, their own
colour). The result is in the surface shader's units: outgoing radiance is albedo / pi times
it, exactly what the per-pixel shader gives the same surface without occlusion.

The key light's share of each point's light is returned too, so a live shadow map (of the
moving things: exhibits, the guide) can take just that share away.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.render.environment_maps import sh_basis

__all__ = ["Block", "LightSet", "Room", "Spot", "Sun", "bake", "box_hits", "sh_radiance"]

_BANDS = np.array([math.pi] + [2 * math.pi / 3] * 3 + [math.pi / 4] * 5)
_EPS = 2e-3


@dataclass(frozen=True)
class Block:
    """An upright box standing on the floor (a plinth), turned ``heading`` degrees."""

    centre: tuple[float, float]
    half: tuple[float, float]
    height: float
    heading: float
    albedo: tuple[float, float, float]  # linear


@dataclass(frozen=True)
class Sun:
    """A directional light; ``towards`` is the unit vector from a surface to the light."""

    towards: tuple[float, float, float]
    colour: tuple[float, float, float]
    shadows: bool = True
    key: bool = False
    softness: float = 0.03  # radians: the spread of its shadow's penumbra


@dataclass(frozen=True)
class Spot:
    position: tuple[float, float, float]
    direction: tuple[float, float, float]  # unit, along the beam
    cos_cutoff: float
    colour: tuple[float, float, float]
    attenuation: tuple[float, float, float] = (1.0, 0.0, 0.02)


@dataclass(frozen=True)
class Room:
    size: tuple[float, float, float]
    floor: tuple[float, float, float]  # linear albedos
    walls: tuple[float, float, float]


@dataclass(frozen=True)
class LightSet:
    suns: tuple[Sun, ...]
    spots: tuple[Spot, ...]
    sky: tuple[tuple[float, float, float], ...]  # 9 SH irradiance coefficients, scaled


def _sky_irradiance(sky: np.ndarray, normals: np.ndarray) -> np.ndarray:
    return np.asarray(np.maximum(sh_basis(normals) @ sky, 0.0))


def sh_radiance(sky: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """The environment's radiance along ``directions`` (band-limited) from its irradiance SH."""
    return np.asarray(np.maximum(sh_basis(directions) @ (sky / _BANDS[:, None]), 0.0))


def _hemisphere(count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` cosine-distributed directions about +z, stratified."""
    side = max(1, int(math.sqrt(count)))
    cells = [(i, j) for i in range(side) for j in range(count // side + 1)][:count]
    u = np.array([(i + rng.random()) / side for i, _ in cells])
    v = np.array([(j + rng.random()) / (count // side + 1) for _, j in cells])
    r, phi = np.sqrt(u), 2 * math.pi * v
    return np.stack([r * np.cos(phi), r * np.sin(phi), np.sqrt(np.maximum(1 - u, 0))], -1)


def _frames(normals: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two tangents per normal, turned by a random angle about it (noise instead of bands)."""
    helper = np.where(np.abs(normals[:, 2:3]) < 0.9, [[0.0, 0.0, 1.0]], [[1.0, 0.0, 0.0]])
    t = np.cross(helper, normals)
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    b = np.cross(normals, t)
    angle = rng.random(len(normals))[:, None] * 2 * math.pi
    return np.cos(angle) * t + np.sin(angle) * b, -np.sin(angle) * t + np.cos(angle) * b


def _local(block: Block, points: np.ndarray, dirs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h = math.radians(block.heading)
    c, s = math.cos(h), math.sin(h)
    p = points - np.array([block.centre[0], block.centre[1], 0.0])
    rot = np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])  # into the block's frame
    return p @ rot.T, dirs @ rot.T


def box_hits(block: Block, origins: np.ndarray, dirs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance along each ray to the block (inf: missed) and the face's normal (world)."""
    o, d = _local(block, origins, dirs)
    lo = np.array([-block.half[0], -block.half[1], 0.0])
    hi = np.array([block.half[0], block.half[1], block.height])
    safe = np.where(np.abs(d) < 1e-12, 1e-12, d)
    t1, t2 = (lo - o) / safe, (hi - o) / safe
    near, far = np.minimum(t1, t2), np.maximum(t1, t2)
    t_near, t_far = near.max(axis=-1), far.min(axis=-1)
    hit = (t_far >= np.maximum(t_near, _EPS)) & (t_near > 0)
    axis = near.argmax(axis=-1)
    normal_local = np.zeros(d.shape)
    np.put_along_axis(
        normal_local, axis[..., None], -np.sign(np.take_along_axis(d, axis[..., None], -1)), -1
    )
    h = math.radians(block.heading)
    c, s = math.cos(h), math.sin(h)
    back = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    return np.where(hit, t_near, np.inf), normal_local @ back.T


def _radius(block: Block) -> float:
    return math.hypot(*block.half)


def _near(block: Block, points: np.ndarray, reach: float) -> np.ndarray:
    """Points within ``reach`` of the block (a cheap test on its bounding cylinder)."""
    dx = points[:, 0] - block.centre[0]
    dy = points[:, 1] - block.centre[1]
    r = _radius(block) + reach
    return (dx * dx + dy * dy < r * r) & (points[:, 2] < block.height + reach)


class _Grid:
    """Points binned into square cells on the floor plan, to find those near a block
    without testing them all (a hall of 150 plinths has a million texels)."""

    def __init__(self, points: np.ndarray, cell: float = 1.5) -> None:
        self.cell = cell
        self.origin = points[:, :2].min(axis=0) if len(points) else np.zeros(2)
        ij = np.floor((points[:, :2] - self.origin) / cell).astype(np.int64)
        self.columns = int(ij[:, 1].max()) + 1 if len(points) else 1
        self.rows = int(ij[:, 0].max()) + 1 if len(points) else 1
        keys = ij[:, 0] * self.columns + ij[:, 1]
        self.order = np.argsort(keys, kind="stable")
        self.bounds = np.searchsorted(keys[self.order], np.arange(self.rows * self.columns + 1))

    def within(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Indices of the points in the cells that the box ``lo``..``hi`` (x, y) touches."""
        a = np.clip(np.floor((lo - self.origin) / self.cell).astype(int), 0, None)
        b = np.floor((hi - self.origin) / self.cell).astype(int)
        b = np.minimum(b, [self.rows - 1, self.columns - 1])
        if (b < a).any():
            return np.zeros(0, np.int64)
        slices = [self.order[self.bounds[i * self.columns + a[1]]:
                             self.bounds[i * self.columns + b[1] + 1]]
                  for i in range(a[0], b[0] + 1)]  # fmt: skip
        return np.concatenate(slices) if slices else np.zeros(0, np.int64)


def _visibility(
    points: np.ndarray, towards: np.ndarray, blocks: list[Block], limit: np.ndarray | None = None
) -> np.ndarray:
    """1 where the ray from each point along its ``towards`` row reaches the light (or
    ``limit`` metres) without meeting a block, else 0."""
    seen = np.ones(len(points))
    grid = _Grid(points) if limit is None and len(blocks) > 4 else None  # one direction
    for block in blocks:
        if grid is not None:  # the points whose ray can cross the block: around and behind it
            r = _radius(block)
            back = -towards[0, :2] * block.height / max(towards[0, 2], 1e-3)
            centre = np.asarray(block.centre)
            lo = np.minimum(centre, centre + back) - r
            hi = np.maximum(centre, centre + back) + r
            near = grid.within(lo, hi)
            inner = _visibility(points[near], towards[near], [block], None)
            seen[near] = np.minimum(seen[near], inner)
            continue
        # only points whose ray passes over the block's footprint below its top
        rise = np.maximum(towards[:, 2], 1e-3)
        run = np.maximum(block.height - points[:, 2], 0) / rise
        run = np.minimum(run, limit) if limit is not None else run
        ex = points[:, 0] + towards[:, 0] * run * 0.5 - block.centre[0]
        ey = points[:, 1] + towards[:, 1] * run * 0.5 - block.centre[1]
        reach = _radius(block) + run * np.hypot(towards[:, 0], towards[:, 1]) * 0.5
        pick = np.flatnonzero((ex * ex + ey * ey < reach * reach) & (points[:, 2] < block.height))
        if pick.size == 0:
            continue
        t, _ = box_hits(block, points[pick], towards[pick])
        blocked = t < (limit[pick] if limit is not None else np.inf)
        seen[pick[blocked]] = 0.0
    return seen


def _cone(towards: np.ndarray, spread: float, count: int, rng: np.random.Generator) -> np.ndarray:
    if count == 1 or spread <= 0:
        return towards[None, :]
    helper = np.array([0.0, 0.0, 1.0]) if abs(towards[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    t = np.cross(helper, towards)
    t /= np.linalg.norm(t)
    b = np.cross(towards, t)
    out = []
    for i in range(count):
        r = spread * math.sqrt((i + 0.5) / count)
        a = i * 2.39996 + rng.random() * 0.3  # golden angle spiral
        d = towards + r * (math.cos(a) * t + math.sin(a) * b)
        out.append(d / np.linalg.norm(d))
    return np.array(out)


def _suns(
    points: np.ndarray, normals: np.ndarray, lights: LightSet, blocks: list[Block],
    rng: np.random.Generator, samples: int, shadows: bool = True,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    total = np.zeros((len(points), 3))
    key = np.zeros(len(points))
    origins = points + normals * _EPS
    for sun in lights.suns:
        towards = np.asarray(sun.towards, dtype=np.float64)
        n_dot_l = np.maximum(normals @ towards, 0.0)
        vis = np.ones(len(points))
        lit = n_dot_l > 0
        if shadows and sun.shadows and blocks and lit.any():
            dirs = _cone(towards, sun.softness, samples, rng)
            acc = np.zeros(int(lit.sum()))
            for d in dirs:
                acc += _visibility(origins[lit], np.broadcast_to(d, (int(lit.sum()), 3)), blocks)
            vis[lit] = acc / len(dirs)
        e = math.pi * n_dot_l * vis
        total += e[:, None] * np.asarray(sun.colour)
        if sun.key:
            key += e * float(np.mean(sun.colour))
    return total, key


def _spots(
    points: np.ndarray, normals: np.ndarray, lights: LightSet, blocks: list[Block]
) -> np.ndarray:
    total = np.zeros((len(points), 3))
    origins = points + normals * _EPS
    for spot in lights.spots:
        to_light = np.asarray(spot.position) - points
        dist = np.linalg.norm(to_light, axis=1)
        l_dir = to_light / np.maximum(dist, 1e-6)[:, None]
        n_dot_l = np.maximum(np.einsum("ij,ij->i", normals, l_dir), 0.0)
        c = -(l_dir @ np.asarray(spot.direction))
        edge0, edge1 = spot.cos_cutoff, spot.cos_cutoff + (1 - spot.cos_cutoff) * 0.45
        x = np.clip((c - edge0) / (edge1 - edge0), 0, 1)
        a0, a1, a2 = spot.attenuation
        fall = x * x * (3 - 2 * x) / (a0 + a1 * dist + a2 * dist * dist)
        lit = np.flatnonzero((fall > 1e-4) & (n_dot_l > 0))
        if lit.size == 0:
            continue
        vis = _visibility(origins[lit], l_dir[lit], blocks, dist[lit])
        e = math.pi * n_dot_l[lit] * fall[lit] * vis
        total[lit] += e[:, None] * np.asarray(spot.colour)
    return total


def _planes(room: Room) -> list[tuple[int, float, tuple[int, int, int], tuple[float, ...]]]:
    """The floor and the four walls as (axis, offset, inward normal, albedo); the ceiling,
    high above, is left to the environment."""
    hw, hd = room.size[0] / 2, room.size[1] / 2
    return [
        (2, 0.0, (0, 0, 1), room.floor), (0, -hw, (1, 0, 0), room.walls),
        (0, hw, (-1, 0, 0), room.walls), (1, -hd, (0, 1, 0), room.walls),
        (1, hd, (0, -1, 0), room.walls),
    ]  # fmt: skip


def _plane_hits(
    origins: np.ndarray, dirs: np.ndarray, room: Room
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nearest of the floor and the four walls along each ray: distance, normal and
    albedo."""
    planes = _planes(room)
    best = np.full(dirs.shape[:-1], np.inf)
    which = np.zeros(dirs.shape[:-1], np.int8)
    for index, (axis, offset, n, _) in enumerate(planes):
        d = dirs[..., axis]
        going = d * n[axis] < -1e-9
        t = np.where(going, (offset - origins[..., axis]) / np.where(going, d, 1.0), np.inf)
        better = (t > _EPS) & (t < best)
        best = np.where(better, t, best)
        which = np.where(better, np.int8(index), which)
    normals = np.array([n for _, _, n, _ in planes], dtype=np.float64)
    albedos = np.array([c for _, _, _, c in planes], dtype=np.float64)
    return best, normals[which], albedos[which]


def _environment(
    points: np.ndarray, normals: np.ndarray, lights: LightSet, room: Room,
    blocks: list[Block], rays: int, radius: float, rng: np.random.Generator,
) -> np.ndarray:  # fmt: skip
    sky = np.asarray(lights.sky, dtype=np.float64)
    total = _sky_irradiance(sky, normals)
    near_wall = np.zeros(len(points), bool)
    for axis, offset, inward, _ in _planes(room):
        distance = (points[:, axis] - offset) * inward[axis]  # in front of that plane
        near_wall |= (distance > 2 * _EPS) & (distance < radius)
    near_block = np.zeros(len(points), bool)
    grid = _Grid(points)
    for block in blocks:
        r = _radius(block) + radius
        around = grid.within(np.asarray(block.centre) - r, np.asarray(block.centre) + r)
        near_block[around[_near(block, points[around], radius)]] = True
    pick = np.flatnonzero(near_wall | near_block)
    if pick.size == 0:
        return total
    n = normals[pick]
    t_axis, b_axis = _frames(n, rng)
    local = _hemisphere(rays, rng)
    dirs = (local[None, :, 0:1] * t_axis[:, None] + local[None, :, 1:2] * b_axis[:, None]
            + local[None, :, 2:3] * n[:, None])  # fmt: skip
    origins = np.broadcast_to((points[pick] + n * _EPS)[:, None], dirs.shape)
    best, hit_normal, hit_albedo = _plane_hits(origins, dirs, room)
    chosen = points[pick]
    picked = _Grid(chosen)
    for block in blocks:
        r = _radius(block) + radius
        around = picked.within(np.asarray(block.centre) - r, np.asarray(block.centre) + r)
        rows = around[_near(block, chosen[around], radius)]
        if rows.size == 0:
            continue
        t, face = box_hits(block, origins[rows], dirs[rows])
        better = t < best[rows]
        best[rows] = np.where(better, t, best[rows])
        hit_normal[rows] = np.where(better[..., None], face, hit_normal[rows])
        hit_albedo[rows] = np.where(better[..., None], block.albedo, hit_albedo[rows])
    hit = best < radius
    if not hit.any():
        return total
    flat_n = hit_normal[hit]
    sun_light, _ = _suns(np.zeros_like(flat_n), flat_n, lights, [], rng, 1, shadows=False)
    bounced = hit_albedo[hit] / math.pi * (sun_light + _sky_irradiance(sky, flat_n))
    near = 1.0 - best[hit] / radius  # nearer surfaces count more: no edge at the radius
    lost = np.zeros(dirs.shape)
    lost[hit] = (sh_radiance(sky, dirs[hit]) - bounced) * near[:, None]
    total[pick] -= math.pi / rays * lost.sum(axis=1)
    return np.asarray(np.maximum(total, 0.0))


def bake(
    points: np.ndarray,
    normals: np.ndarray,
    room: Room,
    blocks: list[Block],
    lights: LightSet,
    rays: int = 24,
    radius: float = 0.9,
    shadow_samples: int = 6,
    seed: int = 1,
    spotlit: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Irradiance (N, 3) at each point and the key light's share of it (N,), 0..1;
    ``spotlit`` (N,) bool: the points the exhibits' spotlights reach (default: all)."""
    points = np.asarray(points, dtype=np.float64)
    normals = np.asarray(normals, dtype=np.float64)
    rng = np.random.default_rng(seed)
    direct, key = _suns(points, normals, lights, blocks, rng, shadow_samples)
    spots = np.zeros_like(points)
    chosen = np.ones(len(points), bool) if spotlit is None else np.asarray(spotlit, bool)
    if chosen.any():
        spots[chosen] = _spots(points[chosen], normals[chosen], lights, blocks)
    # a large hall has a million texels: fewer rays each (the lightmap's blur evens them)
    rays = max(8, min(rays, int(rays * 250_000 / max(len(points), 1))))
    ambient = _environment(points, normals, lights, room, blocks, rays, radius, rng)
    total = direct + spots + ambient
    share = key / np.maximum(total.mean(axis=1), 1e-6)
    return total.astype(np.float32), np.clip(share, 0.0, 1.0).astype(np.float32)
