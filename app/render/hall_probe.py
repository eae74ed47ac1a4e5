"""The hall's own reflection: an environment map seen from the middle of its exhibits,
traced in NumPy through the baked hall (floor and walls with their lightmaps, the plinths,
the ceiling and its glowing panels), so metal and glass on show reflect the room they stand
in. Made again whenever the hall's bake is (the two share a cache key); the exhibits
themselves are not in it.
"""

from __future__ import annotations

import math

import numpy as np

from app.render.bake import Block, box_hits
from app.render.environment_maps import directions
from app.render.hall import PANEL_SIZE, Rect, panel_centres

__all__ = ["CEILING_RADIANCE", "PANEL_RADIANCE", "probe_centre", "trace_hall"]

CEILING_RADIANCE = 0.7  # the ceiling's plain colour, linear
PANEL_RADIANCE = 6.0  # the light panels: what gives metal its highlights


def probe_centre(positions: list[tuple[float, float]], height: float) -> tuple[float, float, float]:
    """Where the probe looks from: amid the exhibits, at a product's height."""
    if not positions:
        return (0.0, 0.0, min(1.3, height / 2))
    xs, ys = zip(*positions, strict=True)
    return (float(np.mean(xs)), float(np.mean(ys)), min(1.3, height / 2))


def _lookup(image: np.ndarray, rect: Rect, points: np.ndarray) -> np.ndarray:
    corner, u, v = (np.asarray(a, dtype=np.float64) for a in rect)
    rel = points - corner
    fu = np.clip(rel @ u / (u @ u), 0, 1 - 1e-6)
    fv = np.clip(rel @ v / (v @ v), 0, 1 - 1e-6)
    rows, cols = image.shape[:2]
    return np.asarray(image[(fv * rows).astype(int), (fu * cols).astype(int), :3], np.float64)


def trace_hall(
    size: tuple[float, float, float],
    rects: dict[str, Rect],
    maps: dict[str, np.ndarray],
    albedos: dict[str, tuple[float, float, float]],
    blocks: list[tuple[Block, np.ndarray]],
    centre: tuple[float, float, float],
    width: int = 256,
) -> np.ndarray:
    """An equirectangular radiance image (width/2, width, 3) of the hall from ``centre``:
    each surface's albedo / pi times its baked irradiance (``maps`` per rect name, a mean
    irradiance per block), the ceiling and its panels as plain emitters."""
    d = directions(width // 2, width).reshape(-1, 3)
    c = np.asarray(centre, dtype=np.float64)
    best = np.full(len(d), np.inf)
    colour = np.zeros((len(d), 3))
    for name, rect in rects.items():
        corner, u, v = (np.asarray(a, dtype=np.float64) for a in rect)
        normal = np.cross(u, v)
        normal /= np.linalg.norm(normal)
        facing = d @ normal < -1e-9
        t = np.where(facing, ((corner - c) @ normal) / np.where(facing, d @ normal, 1.0), np.inf)
        better = (t > 0) & (t < best)
        if better.any():
            hit = c + d[better] * t[better, None]
            irradiance = _lookup(maps[name], rect, hit)
            colour[better] = np.asarray(albedos[name]) / math.pi * irradiance
            best[better] = t[better]
    up = d[:, 2] > 1e-9
    t = np.where(up, (size[2] - c[2]) / np.where(up, d[:, 2], 1.0), np.inf)
    better = (t > 0) & (t < best)
    hit = c + d * t[:, None]
    lit = np.zeros(len(d), bool)
    for x, y in panel_centres(size[0], size[1]):
        lit |= (np.abs(hit[:, 0] - x) < PANEL_SIZE[0] / 2) & (
            np.abs(hit[:, 1] - y) < PANEL_SIZE[1] / 2
        )
    colour[better] = np.where(lit[better, None], PANEL_RADIANCE, CEILING_RADIANCE)
    best[better] = t[better]
    origins = np.broadcast_to(c, d.shape)
    for block, irradiance in blocks:
        t, _ = box_hits(block, origins, d)
        better = t < best
        colour[better] = np.asarray(block.albedo) / math.pi * irradiance
        best[better] = t[better]
    return colour.reshape(width // 2, width, 3).astype(np.float32)
