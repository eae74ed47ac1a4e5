"""GPU block compression (BC1 for opaque images, BC3 with alpha) with a full mip chain.

Textures are kept compressed from the cache to the graphics card: a 2048x2048 RGBA image is
16 MiB as pixels and 2.7 MiB as BC1 with all its mip levels. Encoding is vectorised numpy:
per 4x4 block, endpoints on the colours' principal axis, refined once by least squares.
Levels are stored bottom row first (OpenGL's order), level 0 first, down to 1x1. The encoder
runs in C (_block_codec.c) where it was built, with the same steps in NumPy as the reference
and the fallback.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np

__all__ = ["CompressedTexture", "compress_texture", "decode_level", "encode_blocks", "mip_chain"]

log = logging.getLogger(__name__)

Codec = Literal["bc1", "bc3"]

_BLOCK_BYTES: dict[str, int] = {"bc1": 8, "bc3": 16}


@dataclass(frozen=True, eq=False)
class CompressedTexture:
    """A block-compressed image and its mip levels, ready for upload."""

    width: int
    height: int
    codec: Codec
    levels: tuple[np.ndarray, ...]  # uint8 block data per level, level 0 first
    digest: str  # the content of the pixels it was made from

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.height, self.width, 4)

    @property
    def nbytes(self) -> int:
        return sum(level.nbytes for level in self.levels)

    def level_size(self, level: int) -> tuple[int, int]:
        return (max(1, self.width >> level), max(1, self.height >> level))

    def bytes_from(self, level: int) -> int:
        """Memory of the levels from ``level`` down (what shows the image at that level)."""
        return sum(data.nbytes for data in self.levels[level:])


def mip_chain(image: np.ndarray) -> list[np.ndarray]:
    """``image`` (H, W, 4) uint8 and each half-size level down to 1x1 (box filtered)."""
    levels = [image]
    while max(levels[-1].shape[:2]) > 1:
        previous: np.ndarray = levels[-1].astype(np.float32)
        height, width = previous.shape[:2]
        if height > 1:
            previous = previous[: height // 2 * 2]
            previous = (previous[0::2] + previous[1::2]) / 2
        if width > 1:
            previous = previous[:, : width // 2 * 2]
            previous = (previous[:, 0::2] + previous[:, 1::2]) / 2
        levels.append(np.clip(previous + 0.5, 0, 255).astype(np.uint8))
    return levels


def _blocks(image: np.ndarray) -> np.ndarray:
    """(N, 16, 4) pixel blocks in row-major block order, edges padded by repetition."""
    height, width = image.shape[:2]
    padded_h, padded_w = -(-height // 4) * 4, -(-width // 4) * 4
    if (padded_h, padded_w) != (height, width):
        image = np.pad(image, ((0, padded_h - height), (0, padded_w - width), (0, 0)), "edge")
    grid = image.reshape(padded_h // 4, 4, padded_w // 4, 4, 4).transpose(0, 2, 1, 3, 4)
    return grid.reshape(-1, 16, 4)


def _to_565(colour: np.ndarray) -> np.ndarray:
    """(N, 3) float 0..255 as packed RGB565 (uint16)."""
    r = np.clip(np.rint(colour[:, 0] * 31 / 255), 0, 31).astype(np.uint16)
    g = np.clip(np.rint(colour[:, 1] * 63 / 255), 0, 63).astype(np.uint16)
    b = np.clip(np.rint(colour[:, 2] * 31 / 255), 0, 31).astype(np.uint16)
    return (r << 11) | (g << 5) | b


def _from_565(packed: np.ndarray) -> np.ndarray:
    """Packed RGB565 as (N, 3) float 0..255, expanded as the hardware does."""
    packed = packed.astype(np.uint32)
    r, g, b = (packed >> 11) & 31, (packed >> 5) & 63, packed & 31
    return np.stack([(r << 3) | (r >> 2), (g << 2) | (g >> 4), (b << 3) | (b >> 2)], 1).astype(
        np.float32
    )


def _palette(c0: np.ndarray, c1: np.ndarray) -> np.ndarray:
    """(N, 4, 3): the four colours of a four-colour block."""
    e0, e1 = _from_565(c0), _from_565(c1)
    return np.stack([e0, e1, (2 * e0 + e1) / 3, (e0 + 2 * e1) / 3], 1)


def _nearest(pixels: np.ndarray, c0: np.ndarray, c1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's index into the block's four colours, and the block's squared error. The
    four colours lie on one line, so the nearest is the nearest along the line."""
    e0, e1 = _from_565(c0), _from_565(c1)
    span = e0 - e1
    length = np.maximum((span * span).sum(1), 1e-6)
    t = np.einsum("nki,ni->nk", pixels - e1[:, None], span) / length[:, None]
    step = np.clip(np.rint(t * 3), 0, 3)  # 3: colour0, 2: two thirds, 1: one third, 0: colour1
    chosen = e1[:, None] + (step / 3)[:, :, None] * span[:, None]
    error = ((pixels - chosen) ** 2).sum((1, 2))
    return _STEP_INDEX[step.astype(np.intp)], error


_STEP_INDEX = np.array([1, 3, 2, 0], dtype=np.uint32)
_WEIGHT = np.array([1.0, 0.0, 2 / 3, 1 / 3], dtype=np.float32)  # of endpoint 0, by index


def _colour_blocks(blocks: np.ndarray) -> np.ndarray:
    """(N, 8) uint8 BC1 colour blocks (always four-colour: colour0 > colour1)."""
    pixels = blocks[:, :, :3].astype(np.float32)
    count = len(pixels)
    mean = pixels.mean(1)
    centred = pixels - mean[:, None]
    covariance = np.einsum("nki,nkj->nij", centred, centred)
    axis = pixels.max(1) - pixels.min(1) + 1e-3
    for _ in range(4):  # power iteration towards the principal axis
        axis = np.einsum("nij,nj->ni", covariance, axis)
        axis /= np.maximum(np.linalg.norm(axis, axis=1, keepdims=True), 1e-12)
    projection = np.einsum("nki,ni->nk", centred, axis)
    high = mean + projection.max(1)[:, None] * axis
    low = mean + projection.min(1)[:, None] * axis
    c0, c1 = _to_565(np.clip(high, 0, 255)), _to_565(np.clip(low, 0, 255))
    indices, old_error = _nearest(pixels, c0, c1)
    # one least-squares refinement of the endpoints for these indices
    w = _WEIGHT[indices]
    a, b, c = (w * w).sum(1), (w * (1 - w)).sum(1), ((1 - w) ** 2).sum(1)
    det = a * c - b * b
    ok = np.abs(det) > 1e-6
    x = np.einsum("nk,nki->ni", w, pixels)
    y = np.einsum("nk,nki->ni", 1 - w, pixels)
    safe = np.where(ok, det, 1.0)[:, None]
    refined0 = np.clip((c[:, None] * x - b[:, None] * y) / safe, 0, 255)
    refined1 = np.clip((a[:, None] * y - b[:, None] * x) / safe, 0, 255)
    r0, r1 = _to_565(refined0), _to_565(refined1)
    better_indices, new_error = _nearest(pixels, r0, r1)
    take = ok & (new_error < old_error)
    c0, c1 = np.where(take, r0, c0), np.where(take, r1, c1)
    indices = np.where(take[:, None], better_indices, indices)
    # four-colour mode needs colour0 > colour1: swap (and remap indices) where needed
    swap = c0 < c1
    c0, c1 = np.where(swap, c1, c0), np.where(swap, c0, c1)
    indices = np.where(swap[:, None], np.array([1, 0, 3, 2], np.uint32)[indices], indices)
    indices = np.where((c0 == c1)[:, None], 0, indices)
    bits = (indices << (2 * np.arange(16, dtype=np.uint32))).sum(1, dtype=np.uint32)
    out = np.empty((count, 8), dtype=np.uint8)
    out[:, 0:2] = c0.astype("<u2").view(np.uint8).reshape(count, 2)
    out[:, 2:4] = c1.astype("<u2").view(np.uint8).reshape(count, 2)
    out[:, 4:8] = bits.astype("<u4").view(np.uint8).reshape(count, 4)
    return out


def _alpha_blocks(blocks: np.ndarray) -> np.ndarray:
    """(N, 8) uint8 BC3 alpha blocks: eight-level palette between the block's extremes."""
    alpha = blocks[:, :, 3].astype(np.float32)
    count = len(alpha)
    a0, a1 = alpha.max(1), alpha.min(1)
    # codes 0 and 1 are the endpoints, 2..7 the six values between (from a0 towards a1)
    weights = np.array([1, 0, 6 / 7, 5 / 7, 4 / 7, 3 / 7, 2 / 7, 1 / 7], dtype=np.float32)
    palette = a0[:, None] * weights + a1[:, None] * (1 - weights)
    codes = np.abs(alpha[:, :, None] - palette[:, None, :]).argmin(-1).astype(np.uint64)
    codes = np.where((a0 == a1)[:, None], 0, codes)
    bits = (codes << (3 * np.arange(16, dtype=np.uint64))).sum(1, dtype=np.uint64)
    out = np.empty((count, 8), dtype=np.uint8)
    out[:, 0] = a0.astype(np.uint8)
    out[:, 1] = a1.astype(np.uint8)
    out[:, 2:8] = bits.astype("<u8").view(np.uint8).reshape(count, 8)[:, :6]
    return out


@lru_cache(maxsize=1)
def _compiled() -> Any:
    """The C encoder (app/meshes/_block_codec.c), or None where it was not built."""
    try:
        from app.meshes import _block_codec  # type: ignore[attr-defined]
    except ImportError:
        log.warning("app.meshes._block_codec is not built; compressing textures in NumPy")
        return None
    return _block_codec


def encode_blocks(image: np.ndarray, codec: Codec, compiled: bool = True) -> np.ndarray:
    """(H, W, 4) uint8 pixels as BC1 or BC3 blocks, in the image's row order."""
    module = _compiled() if compiled else None
    if module is None:
        return _encode(image, codec)
    height, width = image.shape[:2]
    padded_h, padded_w = -(-height // 4) * 4, -(-width // 4) * 4
    if (padded_h, padded_w) != (height, width):
        image = np.pad(image, ((0, padded_h - height), (0, padded_w - width), (0, 0)), "edge")
    pixels = np.ascontiguousarray(image, dtype=np.uint8)
    out = np.empty((padded_h // 4) * (padded_w // 4) * _BLOCK_BYTES[codec], dtype=np.uint8)
    module.encode(pixels, padded_w, padded_h, codec == "bc3", out)
    return out


def _encode(image: np.ndarray, codec: Codec) -> np.ndarray:
    blocks = _blocks(image)
    colour = _colour_blocks(blocks)
    if codec == "bc1":
        return colour.reshape(-1)
    return np.concatenate([_alpha_blocks(blocks), colour], 1).reshape(-1)


def compress_texture(image: np.ndarray) -> CompressedTexture:
    """``image`` (H, W, 3|4) uint8, row 0 the top, as BC1 (opaque) or BC3 with its mip chain."""
    image = np.asarray(image, dtype=np.uint8)
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    if image.shape[2] == 3:
        image = np.concatenate([image, np.full(image.shape[:2] + (1,), 255, np.uint8)], 2)
    image = np.ascontiguousarray(image[:, :, :4])
    digest = hashlib.blake2b(image.data, digest_size=16).hexdigest()
    codec: Codec = "bc1" if bool((image[:, :, 3] == 255).all()) else "bc3"
    levels = tuple(encode_blocks(level[::-1], codec) for level in mip_chain(image))
    return CompressedTexture(image.shape[1], image.shape[0], codec, levels, digest)


def decode_level(texture: CompressedTexture, level: int = 0) -> np.ndarray:
    """One level as (H, W, 4) uint8 pixels, row 0 the top (for drivers without BC support)."""
    width, height = texture.level_size(level)
    data = texture.levels[level].reshape(-1, _BLOCK_BYTES[texture.codec])
    colour = data[:, -8:]
    c0 = colour[:, 0:2].copy().view("<u2").reshape(-1)
    c1 = colour[:, 2:4].copy().view("<u2").reshape(-1)
    bits = colour[:, 4:8].copy().view("<u4").reshape(-1)
    indices = (bits[:, None] >> (2 * np.arange(16, dtype=np.uint32))) & 3
    palette = _palette(c0, c1)
    if texture.codec == "bc1":  # colour0 <= colour1 is three colours and transparent black
        three = c0 <= c1
        e0, e1 = _from_565(c0), _from_565(c1)
        palette[three, 2] = ((e0 + e1) / 2)[three]
        palette[three, 3] = 0
    rgb = np.take_along_axis(palette, indices[:, :, None].astype(np.intp), 1)
    alpha = np.full(rgb.shape[:2], 255.0, dtype=np.float32)
    if texture.codec == "bc1":
        alpha[(c0 <= c1)[:, None] & (indices == 3)] = 0
    else:
        a0, a1 = data[:, 0].astype(np.float32), data[:, 1].astype(np.float32)
        packed = np.zeros(len(data), dtype=np.uint64)
        for byte in range(6):
            packed |= data[:, 2 + byte].astype(np.uint64) << np.uint64(8 * byte)
        codes = (packed[:, None] >> (3 * np.arange(16, dtype=np.uint64))) & np.uint64(7)
        weights = np.where(
            (a0 > a1)[:, None],
            np.array([1, 0, 6 / 7, 5 / 7, 4 / 7, 3 / 7, 2 / 7, 1 / 7])[None],
            np.array([1, 0, 4 / 5, 3 / 5, 2 / 5, 1 / 5, 0, 0])[None],
        )
        level_values = a0[:, None] * weights + a1[:, None] * (1 - weights)
        if (a0 <= a1).any():
            level_values[a0 <= a1, 6] = 0
            level_values[a0 <= a1, 7] = 255
        alpha = np.take_along_axis(level_values, codes.astype(np.intp), 1)
    pixels = np.concatenate([rgb, alpha[:, :, None]], 2)
    blocks_w, blocks_h = -(-width // 4), -(-height // 4)
    grid = pixels.reshape(blocks_h, blocks_w, 4, 4, 4).transpose(0, 2, 1, 3, 4)
    image = grid.reshape(blocks_h * 4, blocks_w * 4, 4)[:height, :width]
    return np.clip(np.rint(image[::-1]), 0, 255).astype(np.uint8)
