"""Textures for a hall: one per distinct image, block-compressed on the card where the driver
takes it, each shown at the mip level its nearest exhibit needs, within a memory budget.

Every texture's users are exhibits (a position and the distance where their geometry drops
detail). Within that distance a texture is resident at full resolution; each doubling of the
distance beyond it drops one mip level (a quarter of the memory). When the total would pass
the budget, the textures of the farthest exhibits drop further first.
"""

from __future__ import annotations

import math
import os
import zlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from panda3d.core import CPTA_uchar, SamplerState, Texture

from app.meshes.block_compression import CompressedTexture, decode_level
from app.meshes.model_data import TextureData

__all__ = [
    "TextureStore",
    "default_budget_bytes",
    "hall_textures",
    "image_key",
    "sample_smoothly",
    "set_pixels",
    "supports_block_compression",
    "wanted_level",
]

FAR_DROP = 4  # mip levels a distant exhibit's textures drop at most (1/16 of the size)
MIN_SIZE = 32  # pixels: a texture is never dropped below this for distance
_HYSTERESIS = 1.25  # a texture drops detail only this far past the distance that allows it
_UPDATE_SECONDS = 0.25
_CHANGES_PER_UPDATE = 12


def supports_block_compression(gsg: object) -> bool:
    """Whether the driver takes BC1 and BC3 (S3TC) textures as they are."""
    try:
        return bool(
            gsg.getSupportsCompressedTextureFormat(Texture.CM_dxt1)  # type: ignore[attr-defined]
            and gsg.getSupportsCompressedTextureFormat(Texture.CM_dxt5)  # type: ignore[attr-defined]
        )
    except AttributeError:
        return False


def hall_textures(base: object) -> TextureStore:
    """A texture store for halls drawn by ``base``'s window (compressed where it can be)."""
    win = getattr(base, "win", None)
    return TextureStore(compressed=win is not None and supports_block_compression(win.getGsg()))


def _ram_bytes() -> int:
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 8 * 1024**3


def _gpu_bytes() -> int | None:
    """Dedicated graphics memory where the kernel reports it (amdgpu, some others)."""
    sizes = []
    for path in Path("/sys/class/drm").glob("card*/device/mem_info_vram_total"):
        try:
            sizes.append(int(path.read_text().strip()))
        except (OSError, ValueError):
            continue
    return max(sizes) if sizes else None


def default_budget_bytes() -> int:
    """An eighth of the machine's RAM, and at most half the card's memory where it is known
    (``VITRINE_TEXTURE_BUDGET_MB`` sets it instead)."""
    chosen = os.environ.get("VITRINE_TEXTURE_BUDGET_MB", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen) * 1024**2
    budget = _ram_bytes() // 8
    gpu = _gpu_bytes()
    if gpu:
        budget = min(budget, gpu // 2)
    return max(budget, 64 * 1024**2)


def image_key(image: TextureData) -> Hashable:
    """Equal images give equal keys: the compressed texture's content digest, or the pixels'
    shape and two checksums (fast enough to run over every texture of a hall)."""
    if isinstance(image, CompressedTexture):
        return image.digest
    pixels = np.ascontiguousarray(image)
    return pixels.shape, zlib.crc32(pixels.data), zlib.adler32(pixels.data)


def wanted_level(ratio: float, current: int, max_level: int) -> int:
    """The mip level for a texture whose nearest user is ``ratio`` times its detail distance
    away (0 within it, one more per doubling beyond), with some hysteresis."""
    level = 0 if ratio <= 1.0 else math.ceil(math.log2(ratio))
    if level > current:  # dropping detail: only once clearly past the boundary
        level = 0 if ratio <= _HYSTERESIS else math.ceil(math.log2(ratio / _HYSTERESIS))
        level = max(level, current)
    return max(0, min(level, max_level))


@dataclass
class _Entry:
    texture: Texture
    source: TextureData
    level: int = 0
    users: list[tuple[tuple[float, float, float], float]] = field(default_factory=list)

    @property
    def max_far_level(self) -> int:
        """How far distance alone may drop this texture."""
        if not isinstance(self.source, CompressedTexture):
            return 0
        size = max(self.source.width, self.source.height)
        return max(0, min(FAR_DROP, int(math.log2(max(size, 1) / MIN_SIZE))))

    @property
    def lowest_level(self) -> int:
        if not isinstance(self.source, CompressedTexture):
            return 0
        return len(self.source.levels) - 1

    def bytes_at(self, level: int) -> int:
        if isinstance(self.source, CompressedTexture):
            return self.source.bytes_from(level)
        height, width = self.source.shape[:2]
        return int(width * height * 4 * 4 // 3)


class TextureStore:
    """The hall's textures by content, and the mip level each is resident at."""

    def __init__(self, compressed: bool = True, budget_bytes: int | None = None) -> None:
        self.compressed = compressed  # upload BC1/BC3 as they are (else decode them first)
        self.budget_bytes = budget_bytes if budget_bytes is not None else default_budget_bytes()
        self._entries: dict[Hashable, _Entry] = {}
        self._wait = 0.0
        self._first = True

    def __len__(self) -> int:
        return len(self._entries)

    def texture(self, image: TextureData, name: str) -> tuple[Hashable, Texture]:
        """The texture showing ``image`` (made the first time this content is seen)."""
        key = image_key(image)
        if key not in self._entries:
            texture = Texture(name)
            self._entries[key] = _Entry(texture, image)
            self._fill(self._entries[key], 0)
        return key, self._entries[key].texture

    def add_user(
        self, key: Hashable, position: tuple[float, float, float], detail_distance: float
    ) -> None:
        """An exhibit at ``position`` (hall metres) shows this texture, at full detail within
        ``detail_distance`` of the camera."""
        self._entries[key].users.append((position, max(detail_distance, 0.05)))

    def level(self, key: Hashable) -> int:
        return self._entries[key].level

    def resident_bytes(self) -> int:
        """Memory of the textures at the levels they are shown at."""
        return sum(entry.bytes_at(entry.level) for entry in self._entries.values())

    def full_bytes(self) -> int:
        return sum(entry.bytes_at(0) for entry in self._entries.values())

    def update(self, camera: tuple[float, float, float], dt: float, force: bool = False) -> int:
        """Choose each texture's level for a camera at ``camera``; returns how many changed.
        Runs every quarter second (``force`` now), a few changes at a time, nearest first."""
        self._wait -= dt
        if self._wait > 0 and not force:
            return 0
        self._wait = _UPDATE_SECONDS
        ratios: dict[Hashable, float] = {}
        wanted: dict[Hashable, int] = {}
        for key, entry in self._entries.items():
            if not entry.users:
                continue
            ratio = min(math.dist(camera, pos) / detail for pos, detail in entry.users)
            ratios[key] = ratio
            wanted[key] = wanted_level(ratio, entry.level, entry.max_far_level)
        self._keep_to_budget(wanted, ratios)
        changes = sorted(
            (key for key in wanted if wanted[key] != self._entries[key].level),
            key=lambda k: (wanted[k] >= self._entries[k].level, ratios[k]),
        )  # more detail first (nearest first), then less
        limit = len(changes) if force or self._first else _CHANGES_PER_UPDATE
        self._first = False
        for key in changes[:limit]:
            self._fill(self._entries[key], wanted[key])
        return min(len(changes), limit)

    def _keep_to_budget(self, wanted: dict[Hashable, int], ratios: dict[Hashable, float]) -> None:
        """Drop the farthest textures' levels until the whole fits the budget."""

        def total() -> int:
            return sum(
                entry.bytes_at(wanted.get(key, entry.level)) for key, entry in self._entries.items()
            )

        used = total()
        farthest = sorted(wanted, key=lambda k: -ratios[k])
        while used > self.budget_bytes:
            dropped = False
            for key in farthest:
                entry = self._entries[key]
                if wanted[key] < entry.lowest_level:
                    used -= entry.bytes_at(wanted[key]) - entry.bytes_at(wanted[key] + 1)
                    wanted[key] += 1
                    dropped = True
                    if used <= self.budget_bytes:
                        return
            if not dropped:
                return

    def _fill(self, entry: _Entry, level: int) -> None:
        """Give the texture its image from mip ``level`` down."""
        texture, source = entry.texture, entry.source
        if isinstance(source, CompressedTexture):
            width, height = source.level_size(level)
            alpha = source.codec == "bc3"
            if self.compressed:
                texture.setup2dTexture(
                    width,
                    height,
                    Texture.T_unsigned_byte,
                    Texture.F_rgba8 if alpha else Texture.F_rgb8,
                )
                mode = Texture.CM_dxt5 if alpha else Texture.CM_dxt1
                texture.setRamImage(source.levels[level].tobytes(), mode)
                for index, data in enumerate(source.levels[level + 1 :], start=1):
                    texture.setRamMipmapImage(index, CPTA_uchar(data.tobytes()))
            else:
                set_pixels(texture, decode_level(source, level))
        else:
            set_pixels(texture, np.asarray(source))
        sample_smoothly(texture)
        entry.level = level


def sample_smoothly(texture: Texture) -> None:
    """Trilinear, anisotropic, repeating: how every surface texture is sampled."""
    texture.setMinfilter(SamplerState.FT_linear_mipmap_linear)
    texture.setMagfilter(SamplerState.FT_linear)
    texture.setWrapU(SamplerState.WM_repeat)
    texture.setWrapV(SamplerState.WM_repeat)
    texture.setAnisotropicDegree(4)


def set_pixels(texture: Texture, image: np.ndarray) -> None:
    """An (H, W, 3|4) uint8 image (row 0 the top) as the texture's RAM image; the driver
    makes the mipmaps."""
    height, width = image.shape[:2]
    channels = image.shape[2] if image.ndim == 3 else 1
    if channels == 4:
        fmt = Texture.F_rgba8
    else:
        image = (
            image.reshape(height, width, -1)[:, :, :3]
            if channels >= 3
            else np.repeat(image.reshape(height, width, 1), 3, axis=2)
        )
        channels = 3
        fmt = Texture.F_rgb8
    texture.setup2dTexture(width, height, Texture.T_unsigned_byte, fmt)
    # Panda3D wants bottom-up rows in BGR(A) order: copied plane by plane (faster than a
    # fancy-indexed copy, which matters for the hundreds of textures of a large hall)
    flipped = image[::-1]
    pixels = np.empty((height, width, channels), dtype=np.uint8)
    pixels[..., 0], pixels[..., 1], pixels[..., 2] = (
        flipped[..., 2],
        flipped[..., 1],
        flipped[..., 0],
    )
    if channels == 4:
        pixels[..., 3] = flipped[..., 3]
    texture.setRamImage(pixels.tobytes())
