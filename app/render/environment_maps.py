"""Image-based lighting data, computed with NumPy from an equirectangular radiance map
(linear RGB, row 0 the zenith, u = 0 at -x turning towards +y... see ``directions``):

- the mip chain of prefiltered specular radiance: level k for GGX roughness k / (levels - 1),
  made by importance sampling the GGX lobe over a box-filtered pyramid of the source (the
  sample's solid angle picks the pyramid level, so few samples give a smooth result);
- the diffuse irradiance as nine spherical-harmonic coefficients (convolved with the cosine
  lobe, so the shader evaluates irradiance directly);
- the split-sum BRDF table (scale and bias on F0 by n·v and roughness);
- a neutral studio environment: a grey room lit by two large softboxes and a ceiling strip,
  the kind of light product photographs are taken in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

__all__ = [
    "PrefilteredEnvironment",
    "brdf_table",
    "directions",
    "irradiance_sh",
    "prefilter",
    "sample_equirect",
    "sh_basis",
    "studio_environment",
    "uniform_environment",
]

LEVELS = 6  # roughness 0, 0.2, ... 1.0
BASE_WIDTH = 256  # width of level 0 (height is half)
_SAMPLES = 48


@dataclass(frozen=True)
class PrefilteredEnvironment:
    levels: list[np.ndarray]  # float32 (h, w, 3), halving in size
    sh: np.ndarray  # (9, 3) irradiance coefficients
    mean: float  # average radiance (for checks and for exposure)


def directions(height: int, width: int) -> np.ndarray:
    """Unit directions (h, w, 3) at texel centres: row 0 looks up (+z); u = 0..1 runs once
    round the horizon with u = 0.5 looking along +y (the hall's depth)."""
    v = (np.arange(height) + 0.5) / height
    u = (np.arange(width) + 0.5) / width
    theta = v * math.pi  # from +z
    phi = (u - 0.5) * 2 * math.pi  # 0 at +y
    st, ct = np.sin(theta)[:, None], np.cos(theta)[:, None]
    x = st * np.sin(phi)[None, :]
    y = st * np.cos(phi)[None, :]
    z = np.broadcast_to(ct, (height, width))
    return np.stack([x, y, z], axis=-1)


def _to_uv(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    u = np.arctan2(d[..., 0], d[..., 1]) / (2 * math.pi) + 0.5
    v = np.arccos(np.clip(d[..., 2], -1.0, 1.0)) / math.pi
    return u, v


def sample_equirect(image: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Bilinear lookups of ``image`` in directions ``d`` (..., 3); u wraps, v clamps."""
    h, w = image.shape[:2]
    u, v = _to_uv(d)
    x = u * w - 0.5
    y = np.clip(v * h - 0.5, 0, h - 1)
    x0 = np.floor(x).astype(np.int64)
    y0 = np.floor(y).astype(np.int64)
    fx, fy = (x - x0)[..., None], (y - y0)[..., None]
    x0 %= w
    x1 = (x0 + 1) % w
    y1 = np.minimum(y0 + 1, h - 1)
    top = image[y0, x0] * (1 - fx) + image[y0, x1] * fx
    bottom = image[y1, x0] * (1 - fx) + image[y1, x1] * fx
    return np.asarray(top * (1 - fy) + bottom * fy)


def _resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Area-average (or bilinear, when growing) resampling to (height, width)."""
    h, w = image.shape[:2]
    if h % height == 0 and w % width == 0:
        fy, fx = h // height, w // width
        return np.asarray(image.reshape(height, fy, width, fx, -1).mean(axis=(1, 3)))
    return sample_equirect(image, directions(height, width))


def _pyramid(image: np.ndarray) -> list[np.ndarray]:
    levels = [image]
    while levels[-1].shape[0] > 2:
        h, w = levels[-1].shape[:2]
        levels.append(_resize(levels[-1], h // 2, w // 2))
    return levels


def _hammersley(count: int) -> np.ndarray:
    i = np.arange(count, dtype=np.uint32)
    bits: np.ndarray = i.astype(np.int64)
    bits = ((bits << 16) | (bits >> 16)) & 0xFFFFFFFF
    bits = ((bits & 0x55555555) << 1) | ((bits & 0xAAAAAAAA) >> 1)
    bits = ((bits & 0x33333333) << 2) | ((bits & 0xCCCCCCCC) >> 2)
    bits = ((bits & 0x0F0F0F0F) << 4) | ((bits & 0xF0F0F0F0) >> 4)
    bits = ((bits & 0x00FF00FF) << 8) | ((bits & 0xFF00FF00) >> 8)
    return np.stack([(i + 0.5) / count, bits.astype(np.float64) / 2**32], axis=1)


def _ggx_half_vectors(roughness: float, count: int) -> tuple[np.ndarray, np.ndarray]:
    """GGX-distributed half vectors around +z (count, 3) and their pdf over half vectors
    (D cos θh)."""
    a = roughness * roughness
    xi = _hammersley(count)
    phi = 2 * math.pi * xi[:, 0]
    cos_t = np.sqrt((1 - xi[:, 1]) / (1 + (a * a - 1) * xi[:, 1]))
    sin_t = np.sqrt(1 - cos_t * cos_t)
    h = np.stack([sin_t * np.cos(phi), sin_t * np.sin(phi), cos_t], axis=1)
    d = a * a / (math.pi * ((cos_t * cos_t) * (a * a - 1) + 1) ** 2)
    return h, d * cos_t


def _frames(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    up = np.where(np.abs(n[..., 2:3]) < 0.999, [0.0, 0.0, 1.0], [1.0, 0.0, 0.0])
    t = np.cross(up, n)
    t /= np.linalg.norm(t, axis=-1, keepdims=True)
    return t, np.cross(n, t)


def prefilter(
    source: np.ndarray, levels: int = LEVELS, width: int = BASE_WIDTH
) -> list[np.ndarray]:
    """The specular mip chain of ``source`` (h, w, 3): level 0 the mirror image at
    ``width`` x ``width / 2``, level k blurred for roughness k / (levels - 1)."""
    src = _resize(source.astype(np.float32), max(width, 8), max(width * 2, 16))
    src = _resize(src, width, width * 2) if src.shape[0] != width else src
    pyramid = _pyramid(src)
    base_solid = 4 * math.pi / (src.shape[0] * src.shape[1])
    out = [_resize(src, width // 2, width)]
    for k in range(1, levels):
        rough = k / (levels - 1)
        h, w = max(2, (width >> k) // 2), max(4, width >> k)
        n = directions(h, w).reshape(-1, 3)
        t, b = _frames(n)
        half, pdf_h = _ggx_half_vectors(rough, _SAMPLES)
        total = np.zeros((len(n), 3))
        weight = np.zeros((len(n), 1))
        for j in range(len(half)):
            hv = t * half[j, 0] + b * half[j, 1] + n * half[j, 2]
            v_dot_h = half[j, 2]  # n = v
            light = 2 * v_dot_h * hv - n
            n_dot_l = np.clip(np.sum(n * light, axis=1, keepdims=True), 0, None)
            pdf = pdf_h[j] / (4 * v_dot_h)
            solid = 1 / (_SAMPLES * pdf + 1e-8)
            lod = min(len(pyramid) - 1, max(0.0, 0.5 * math.log2(solid / base_solid) + 1))
            low = int(lod)
            high = min(low + 1, len(pyramid) - 1)
            frac = lod - low
            colour = sample_equirect(pyramid[low], light) * (1 - frac)
            colour += sample_equirect(pyramid[high], light) * frac
            total += colour * n_dot_l
            weight += n_dot_l
        out.append((total / np.maximum(weight, 1e-8)).reshape(h, w, 3).astype(np.float32))
    return out


def irradiance_sh(source: np.ndarray) -> np.ndarray:
    """Nine SH coefficients (9, 3) of the irradiance the environment gives a surface:
    E(n) = sum c_i Y_i(n) with Y in the order 1, y, z, x, xy, yz, 3z²-1, xz, x²-y²."""
    small = _resize(source.astype(np.float64), 32, 64)
    d = directions(32, 64)
    theta = (np.arange(32) + 0.5) / 32 * math.pi
    solid = (np.sin(theta) * (math.pi / 32) * (2 * math.pi / 64))[:, None]
    basis = sh_basis(d)
    c = np.einsum("hwk,hwc,h->kc", basis * solid[..., None], small, np.ones(32))
    bands = np.array([math.pi] + [2 * math.pi / 3] * 3 + [math.pi / 4] * 5)
    return np.asarray(c * bands[:, None], dtype=np.float32)


def sh_basis(d: np.ndarray) -> np.ndarray:
    """The nine real SH basis functions (order 1, y, z, x, xy, yz, 3z²-1, xz, x²-y²)."""
    x, y, z = d[..., 0], d[..., 1], d[..., 2]
    return np.stack([
        np.full_like(x, 0.282095), 0.488603 * y, 0.488603 * z, 0.488603 * x,
        1.092548 * x * y, 1.092548 * y * z, 0.315392 * (3 * z * z - 1),
        1.092548 * x * z, 0.546274 * (x * x - y * y),
    ], axis=-1)  # fmt: skip


@cache
def brdf_table(size: int = 32, samples: int = 256) -> np.ndarray:
    """(size, size, 2) float32: the split-sum scale and bias on F0; rows are roughness
    (row 0 smooth), columns n·v (column 0 grazing)."""
    out = np.zeros((size, size, 2), np.float32)
    for row in range(size):
        rough = max((row + 0.5) / size, 0.02)
        half, _ = _ggx_half_vectors(rough, samples)
        k = rough * rough / 2  # Smith-Schlick for image-based lighting
        for col in range(size):
            n_dot_v = (col + 0.5) / size
            v = np.array([math.sqrt(1 - n_dot_v * n_dot_v), 0.0, n_dot_v])
            v_dot_h = half @ v
            light = 2 * v_dot_h[:, None] * half - v
            n_dot_l = light[:, 2]
            ok = n_dot_l > 0
            n_dot_h = half[:, 2]
            g = (n_dot_v / (n_dot_v * (1 - k) + k)) * (n_dot_l / (n_dot_l * (1 - k) + k))
            vis = np.where(ok, g * v_dot_h / (n_dot_h * n_dot_v + 1e-8), 0)
            fc = (1 - np.clip(v_dot_h, 0, 1)) ** 5
            out[row, col] = [np.mean((1 - fc) * vis), np.mean(fc * vis)]
    return out


def uniform_environment(radiance: float = 1.0, width: int = 64) -> np.ndarray:
    """The same radiance from every direction (the white furnace)."""
    return np.full((width // 2, width, 3), radiance, np.float32)


@cache
def studio_environment(width: int = 512) -> np.ndarray:
    """A neutral photo studio: mid-grey walls, a darker floor, a softer ceiling, two large
    softboxes to the front left and right of the product, a ceiling strip and a dim rim
    light behind; linear radiance (a white wall is about 0.5)."""
    d = directions(width // 2, width)
    z = d[..., 2]
    wall = 0.42 + 0.1 * np.clip(z, 0, 1)
    floor = 0.18 + 0.1 * (1 + np.minimum(z, 0))
    blend = np.clip((z + 0.12) / 0.2, 0, 1)  # a soft cove where floor meets wall
    blend = blend * blend * (3 - 2 * blend)
    image = (floor + (wall - floor) * blend)[..., None] * np.ones(3)
    image = image * np.array([1.0, 0.99, 0.97])

    def softbox(direction: tuple[float, float, float], size: float, power: float) -> None:
        c = np.array(direction) / np.linalg.norm(direction)
        cos = d @ c
        edge = math.cos(size)
        image[...] += (power * np.clip((cos - edge) / (1 - edge) * 6, 0, 1))[..., None]

    # the camera looks along +y at the product: the viewer is at -y
    softbox((-0.8, -0.6, 0.45), 0.33, 5.0)  # key, front left
    softbox((0.9, -0.4, 0.3), 0.28, 2.6)  # fill, front right
    softbox((0.0, 0.3, 1.0), 0.22, 3.5)  # top strip
    softbox((0.3, 1.0, 0.2), 0.2, 1.4)  # rim, behind
    return np.asarray(image, dtype=np.float32)
