"""Textures for the guides, painted in the base mesh's UV layout.

The skin starts from one tone and is tinted where MakeHuman's region masks say (lips, eyelids,
ears, nails; the subsurface map warms the thin parts). Features that no mask covers (brows,
blush) are drawn from where each texel lies on the body: the UV triangles are rasterised with
the 3D position of every texel, and the brows are a function of that position relative to the
eyes, with hair strokes. The iris is drawn on its own.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from human_data import BaseMesh, HumanData

__all__ = [
    "Palette",
    "eye_texture",
    "garment_texture",
    "hair_texture",
    "position_map",
    "skin_texture",
]

SIZE = 2048
RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Palette:
    skin: RGB
    lips: RGB
    brows: RGB
    iris: RGB
    blush: float = 0.2  # cheeks
    shadow: float = 0.0  # a little colour on the upper lids


def position_map(
    mesh: BaseMesh, vertices: np.ndarray, faces: np.ndarray, size: int = SIZE
) -> np.ndarray:
    """(size, size, 4): xyz of the body at each texel, and 1 in w where the body covers it."""
    out = np.zeros((size, size, 4), dtype=np.float32)
    quads = mesh.faces[faces]
    uv_quads = mesh.face_uvs[faces]
    pos_tris = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    uv_tris = np.concatenate([uv_quads[:, [0, 1, 2]], uv_quads[:, [0, 2, 3]]])
    keep = (pos_tris[:, 0] != pos_tris[:, 2]) & (pos_tris[:, 1] != pos_tris[:, 2])
    pos_tris, uv_tris = pos_tris[keep], uv_tris[keep]
    pixels = mesh.uvs[uv_tris] * [size, size]
    pixels[..., 1] = size - pixels[..., 1]  # image rows run down
    for corners, index in zip(pixels, pos_tris, strict=True):
        x0, y0 = np.floor(corners.min(axis=0)).astype(int) - 1
        x1, y1 = np.ceil(corners.max(axis=0)).astype(int) + 1
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, size - 1), min(y1, size - 1)
        if x1 < x0 or y1 < y0:
            continue
        xs, ys = np.meshgrid(np.arange(x0, x1 + 1) + 0.5, np.arange(y0, y1 + 1) + 0.5)
        (ax, ay), (bx, by), (cx, cy) = corners
        det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy)
        if abs(det) < 1e-9:
            continue
        w0 = ((by - cy) * (xs - cx) + (cx - bx) * (ys - cy)) / det
        w1 = ((cy - ay) * (xs - cx) + (ax - cx) * (ys - cy)) / det
        w2 = 1 - w0 - w1
        inside = (w0 >= -0.02) & (w1 >= -0.02) & (w2 >= -0.02)
        if not inside.any():
            continue
        p = vertices[index]
        xyz = w0[..., None] * p[0] + w1[..., None] * p[1] + w2[..., None] * p[2]
        region = out[y0 : y1 + 1, x0 : x1 + 1]
        region[inside, :3] = xyz[inside]
        region[inside, 3] = 1.0
    return out


def _mask(data: HumanData, name: str, size: int) -> np.ndarray:
    from PIL import Image

    image = Image.open(io.BytesIO(data.read(f"mpfb2/textures/{name}"))).convert("L")
    return np.asarray(image.resize((size, size), Image.Resampling.BILINEAR), np.float32) / 255.0


def _noise(size: int, scale: int, seed: int) -> np.ndarray:
    """Smooth value noise in 0..1 at roughly ``scale`` texels per feature."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    small = rng.random((max(2, size // scale),) * 2).astype(np.float32)
    image = Image.fromarray((small * 255).astype(np.uint8)).resize(
        (size, size), Image.Resampling.BICUBIC
    )
    return np.asarray(image, np.float32) / 255.0


def _brows(where: np.ndarray, eyes: dict[str, np.ndarray], size: int) -> np.ndarray:
    """How much brow hair covers each texel: an arched band above each eye, thick at the
    inner end and tapering outward, broken into strokes."""
    xyz, covered = where[..., :3], where[..., 3] > 0
    amount = np.zeros(where.shape[:2], np.float32)
    rng = np.random.default_rng(7)
    strokes = rng.random((size, size)).astype(np.float32)
    for side, centre in eyes.items():
        sign = 1.0 if side == "l" else -1.0
        out = (xyz[..., 0] - centre[0]) * sign  # outward from the nose, metres
        up = xyz[..., 1] - centre[1]
        front = xyz[..., 2] > centre[2] - 0.015
        t = (out + 0.016) / 0.04  # 0 at the inner end, 1 at the tail
        line = (
            0.0145
            + 0.0055 * np.sin(np.clip(t, 0, 1) * np.pi * 0.85)
            - 0.004 * np.clip(t - 0.8, 0, 1)
        )
        half = 0.0036 * (1.0 - 0.55 * np.clip(t, 0, 1))
        across = np.abs(up - line) / np.maximum(half, 1e-4)
        band = np.clip(1.3 - across, 0, 1) * np.clip(t * 6, 0, 1) * np.clip((1.05 - t) * 8, 0, 1)
        amount = np.maximum(amount, np.where(covered & front, band, 0.0))
    return np.clip(amount * (0.55 + 0.6 * strokes), 0, 1)


def _cheeks(where: np.ndarray, eyes: dict[str, np.ndarray]) -> np.ndarray:
    xyz, covered = where[..., :3], where[..., 3] > 0
    amount = np.zeros(where.shape[:2], np.float32)
    for side, centre in eyes.items():
        sign = 1.0 if side == "l" else -1.0
        spot = centre + np.array([0.012 * sign, -0.032, 0.0])
        d = np.linalg.norm((xyz - spot)[..., :2], axis=-1)
        front = xyz[..., 2] > centre[2] - 0.03
        amount = np.maximum(amount, np.where(covered & front, np.exp(-((d / 0.02) ** 2)), 0.0))
    return amount


def _lids(where: np.ndarray, eyes: dict[str, np.ndarray]) -> np.ndarray:
    """Just above the lash line of the upper lids, fading upward."""
    xyz, covered = where[..., :3], where[..., 3] > 0
    amount = np.zeros(where.shape[:2], np.float32)
    for centre in eyes.values():
        rel = xyz - centre
        d = np.hypot(rel[..., 0] / 0.017, (rel[..., 1] - 0.004) / 0.009)
        amount = np.maximum(
            amount, np.where(covered & (rel[..., 2] > -0.01), np.clip(1.2 - d, 0, 1), 0.0)
        )
    return amount


def _dilate(rgb: np.ndarray, covered: np.ndarray, steps: int = 6) -> np.ndarray:
    """Spread colour past the UV islands' edges so mipmaps do not pull in the background;
    texels farther out get one flat colour (they are never seen; a flat colour compresses)."""
    rgb = rgb.copy()
    have = covered.copy()
    for _ in range(steps):
        grown = rgb.copy()
        count = np.zeros(have.shape, np.float32)
        total = np.zeros_like(rgb)
        for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0)):
            shifted = np.roll(np.roll(have, dy, 0), dx, 1)
            total += np.roll(np.roll(rgb * have[..., None], dy, 0), dx, 1)
            count += shifted
        fill = ~have & (count > 0)
        grown[fill] = total[fill] / count[fill, None]
        rgb, have = grown, have | fill
    if covered.any():
        rgb[~have] = rgb[covered].mean(axis=0)
    return rgb


def _png(rgb: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.clip(rgb * 255 + 0.5, 0, 255).astype(np.uint8)).save(
        buffer, "PNG", optimize=True
    )
    return buffer.getvalue()


def _jpeg(rgb: np.ndarray) -> bytes:
    """Large colour maps as JPEG: a fifth of the PNG's size, no visible loss at 92."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.clip(rgb * 255 + 0.5, 0, 255).astype(np.uint8)).save(
        buffer, "JPEG", quality=92
    )
    return buffer.getvalue()


def skin_texture(data: HumanData, mesh: BaseMesh, vertices: np.ndarray, palette: Palette,
                 eyes: dict[str, np.ndarray], size: int = SIZE) -> bytes:  # fmt: skip
    """The body's base colour as PNG bytes."""
    where = position_map(mesh, vertices, mesh.faces_of("body"), size)
    covered = where[..., 3] > 0
    skin = np.asarray(palette.skin, np.float32)
    rgb = np.broadcast_to(skin, (size, size, 3)).copy()
    mottle = _noise(size, 48, 1) - 0.5
    fine = _noise(size, 6, 2) - 0.5
    rgb *= (1.0 + 0.05 * mottle + 0.02 * fine)[..., None]
    warm = np.array([0.93, 0.62, 0.55], np.float32) * skin / skin.max()
    sss = _mask(data, "sss.png", size)
    thin = np.clip((sss - sss[covered].mean()) * 4, 0, 1)
    rgb = rgb * (1 - 0.25 * thin[..., None]) + warm * 0.25 * thin[..., None]
    ears = _mask(data, "mpfb_ears.jpg", size)
    rgb = rgb * (1 - 0.15 * ears[..., None]) + warm * 0.15 * ears[..., None]
    cheeks = _cheeks(where, eyes) * palette.blush
    blush = np.array([0.86, 0.5, 0.5], np.float32)
    rgb = rgb * (1 - 0.35 * cheeks[..., None]) + blush * 0.35 * cheeks[..., None]
    lids = (_lids(where, eyes) * palette.shadow)[..., None]
    rgb = rgb * (1 - 0.35 * lids) + (skin * np.array([0.7, 0.58, 0.6])) * 0.35 * lids
    mouth = _mask(data, "mpfb_inside-mouth.jpg", size)[..., None]
    rgb = rgb * (1 - mouth) + np.array([0.36, 0.12, 0.12], np.float32) * mouth
    lips = _mask(data, "mpfb_lips.jpg", size)[..., None]
    rgb = rgb * (1 - 0.8 * lips) + np.asarray(palette.lips, np.float32) * 0.8 * lips
    for name in ("mpfb_fingernails.jpg", "mpfb_toenails.jpg"):
        nails = _mask(data, name, size)[..., None]
        rgb = rgb * (1 - 0.5 * nails) + np.array([0.93, 0.8, 0.76]) * 0.5 * nails
    brows = _brows(where, eyes, size)[..., None]
    rgb = rgb * (1 - 0.85 * brows) + np.asarray(palette.brows, np.float32) * 0.85 * brows
    return _jpeg(_dilate(rgb, covered))


def eye_texture(palette: Palette, size: int = 256) -> bytes:
    """Sclera, iris with radial fibres and a darker rim, pupil; centred, the iris 40% across."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    x = (xx + 0.5) / size * 2 - 1
    y = (yy + 0.5) / size * 2 - 1
    r = np.hypot(x, y)
    angle = np.arctan2(y, x)
    rng = np.random.default_rng(3)
    fibres = np.interp(angle, np.linspace(-np.pi, np.pi, 181), rng.random(181)).astype(np.float32)
    sclera = np.array([0.93, 0.9, 0.87], np.float32)
    rgb = np.broadcast_to(sclera, (size, size, 3)).copy()
    rgb *= (1 - 0.12 * np.clip(r - 0.5, 0, 1))[..., None]  # a little shade toward the corners
    iris_r, pupil_r = 0.42, 0.15
    iris = np.asarray(palette.iris, np.float32)
    t = np.clip((r - pupil_r) / (iris_r - pupil_r), 0, 1)
    tone = iris * (0.75 + 0.5 * fibres[..., None] * (1 - t[..., None] * 0.5))
    tone = tone * (1 - 0.55 * np.clip((t - 0.8) / 0.2, 0, 1))[..., None]  # the limbal ring
    tone = tone * (1 + 0.35 * np.clip(0.35 - t, 0, 1))[..., None]  # lighter round the pupil
    edge = np.clip((iris_r - r) / 0.02, 0, 1)[..., None]
    rgb = rgb * (1 - edge) + tone * edge
    pupil = np.clip((pupil_r - r) / 0.015, 0, 1)[..., None]
    rgb = rgb * (1 - pupil) + np.array([0.02, 0.02, 0.025]) * pupil
    return _png(rgb)


def neck_height(xyz: np.ndarray, neck: np.ndarray) -> np.ndarray:
    """Height above the neckline's plane: through the base of the neck, lower at the front."""
    return np.asarray((xyz[..., 1] - neck[1]) + 0.45 * (xyz[..., 2] - neck[2]))


def garment_texture(mesh: BaseMesh, vertices: np.ndarray, person: object, outfit: object,
                    neck: np.ndarray, worn: Callable[..., np.ndarray],
                    size: int = SIZE) -> bytes:  # fmt: skip
    """The jacket in the body's UVs (RGBA): a woven cloth, cut away (alpha 0) wherever
    ``worn`` says the jacket does not reach, so its edges are smooth curves whatever the
    mesh's faces, with a piped edge; for him the shirt and tie in the V of the lapels."""
    where = position_map(mesh, vertices, mesh.faces_of("body"), size)
    xyz, covered = where[..., :3], where[..., 3] > 0
    x, y, z = xyz[..., 0], xyz[..., 1], xyz[..., 2]
    cloth = np.asarray(outfit.top, np.float32)  # type: ignore[attr-defined]
    weave = _noise(size, 3, 11) - 0.5
    rgb = np.broadcast_to(cloth, (size, size, 3)) * (1 + 0.06 * weave)[..., None]
    front = z > neck[2] - 0.01
    below = neck[1] - y  # metres below the base of the neck
    if getattr(person, "gender", 0.0) >= 0.5:
        half = 0.045 * np.clip(1 - below / 0.3, 0, 1) + 0.01
        vee = front & (below > -0.05) & (below < 0.3) & (np.abs(x) < half)
        shirt = np.asarray(outfit.shirt, np.float32)  # type: ignore[attr-defined]
        rgb[vee] = shirt * (1 + 0.03 * weave[vee])[..., None]
        lapel = front & (below < 0.3) & (np.abs(np.abs(x) - half) < 0.012) & ~vee
        rgb[lapel] *= 0.82
        knot = np.clip(1 - below / 0.04, 0, 1)
        tie_half = 0.009 + 0.012 * np.clip((below - 0.04) / 0.2, 0, 1) + 0.004 * knot
        tie = vee & (np.abs(x) < tie_half) & (below > 0.0)
        rgb[tie] = np.array([0.42, 0.1, 0.12], np.float32) * (1 + 0.08 * weave[tie])[..., None]
        for height in (0.34, 0.43):
            button = front & (np.hypot(x, below - height) < 0.008)
            rgb[button] = cloth * 0.45
    else:
        for height in (0.2, 0.28, 0.36):
            button = front & (np.hypot(x, below - height) < 0.006)
            rgb[button] = np.array([0.8, 0.72, 0.5], np.float32)
    inside = worn(xyz)
    rgb[inside & ~worn(xyz, 0.007)] *= 0.75  # a piped edge
    rgb = _dilate(np.asarray(rgb, np.float32), covered)
    alpha = np.where(covered & ~inside, 0.0, 1.0)[..., None]
    return _png(np.concatenate([rgb, alpha], axis=-1))


def hair_cap_texture(mesh: BaseMesh, vertices: np.ndarray, color: RGB,
                     above: Callable[[np.ndarray], np.ndarray], centre: np.ndarray,
                     size: int = SIZE) -> bytes:  # fmt: skip
    """Hair combed back, in the body's UVs (RGBA): strands are stripes across the angle
    round the head's front-back axis, darker at the roots and in the partings between
    locks; the hairline (``above`` > 0) is cut with alpha, thinning irregularly."""
    where = position_map(mesh, vertices, mesh.faces_of("body"), size)
    xyz, covered = where[..., :3], where[..., 3] > 0
    rel = xyz - centre
    across = np.arctan2(rel[..., 0], rel[..., 1])  # radians round the front-back axis
    rng = np.random.default_rng(9)
    fine = np.interp(across, np.linspace(-np.pi, np.pi, 2400), rng.random(2400))
    locks = np.interp(across, np.linspace(-np.pi, np.pi, 90), rng.random(90))
    height = above(xyz)
    base = np.asarray(color, np.float32)
    shade = 0.65 + 0.45 * fine + 0.35 * (locks - 0.5)
    shade *= 0.8 + 0.2 * np.clip(height / 12.0, 0, 1)  # the scalp shows a little at the line
    rgb = base[None, None, :] * shade[..., None]
    rgb = _dilate(np.asarray(rgb, np.float32), covered)
    jitter = (np.interp(across, np.linspace(-np.pi, np.pi, 600), rng.random(600)) - 0.5) * 3.0
    alpha = np.where(covered & (height + jitter < 0), 0.0, 1.0)[..., None]
    return _png(np.concatenate([rgb, alpha], axis=-1))


def hair_texture(color: RGB, size: int = 512) -> bytes:
    """Strands: across u a fine random shade (strands of hair), along v a slow drift."""
    rng = np.random.default_rng(5)
    base = np.asarray(color, np.float32)
    across = np.interp(np.linspace(0, 1, size), np.linspace(0, 1, 700), rng.random(700))
    coarse = np.interp(np.linspace(0, 1, size), np.linspace(0, 1, 60), rng.random(60))
    shade = 0.7 + 0.35 * across[None, :] + 0.25 * coarse[None, :]
    drift = 1 + 0.08 * np.sin(np.linspace(0, 6 * np.pi, size))[:, None]
    rgb = base * (shade * drift)[..., None]
    return _png(np.asarray(rgb, np.float32))
