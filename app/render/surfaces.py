"""Textures for hall surfaces: the curator's image, or a quiet procedural finish."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from panda3d.core import Texture

from app.render.materials import texture_from_image

__all__ = ["surface_texture"]


def _read_surface(path: Path, problems: list[str]) -> np.ndarray | None:
    from PIL import Image, UnidentifiedImageError

    from app.scene.references import MAX_SIDE_FILE_BYTES, ReferenceRefused, read_bounded

    try:
        data = read_bounded(path, MAX_SIDE_FILE_BYTES, path.name)
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width * height > MAX_SURFACE_PIXELS:
                problems.append(
                    f"hall texture {path.name} is {width} x {height} pixels, over "
                    "8192 x 8192; the plain pattern is shown instead"
                )
                return None
            return np.asarray(img.convert("RGB"), dtype=np.uint8)
    except ReferenceRefused as exc:
        problems.append(f"hall texture {exc}; the plain pattern is shown instead")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        problems.append(
            f"hall texture {path.name} is not an image Vitrine can read; the "
            "plain pattern is shown instead"
        )
    return None


def _smooth_noise(size: int, cells: int, rng: np.random.Generator) -> np.ndarray:
    from PIL import Image

    grid = (rng.random((cells, cells)) * 255).astype(np.uint8)
    resized = Image.fromarray(grid).resize((size, size), Image.Resampling.BICUBIC)
    return np.asarray(resized, dtype=np.float64) / 255


def _floor_pattern(size: int, color: tuple[float, float, float]) -> np.ndarray:
    """Long oak planks with streaky grain and fine seams: reads as a floor without shouting."""
    from PIL import Image

    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:size, 0:size] / size
    planks = 5
    row = np.minimum((y * planks).astype(int), planks - 1)
    offset = rng.random(planks)[row]
    length = ((x + offset) * 1.0) % 1.0
    shade = rng.uniform(0.9, 1.08, size=planks * 2)[row * 2 + (length > 0.5)]
    streaks = rng.random((size // 2, 6))
    grain = (
        np.asarray(
            Image.fromarray((streaks * 255).astype(np.uint8)).resize(
                (size, size), Image.Resampling.BICUBIC
            ),
            dtype=np.float64,
        ).T
        / 255.0
    )
    grain = 0.93 + 0.1 * grain
    seam = (np.abs((y * planks) % 1.0) < 0.012) | (np.abs(length - 0.5) < 0.003)
    tone = shade * grain * np.where(seam, 0.72, 1.0)
    rgb = np.stack([c * 255 * tone for c in color], axis=-1)
    return np.asarray(np.clip(rgb, 0, 255), dtype=np.uint8)


def _wall_pattern(size: int, color: tuple[float, float, float]) -> np.ndarray:
    """Faint plaster texture."""
    rng = np.random.default_rng(11)
    tone = 0.97 + 0.03 * _smooth_noise(size, 32, rng) + 0.015 * rng.random((size, size))
    rgb = np.stack([c * 255 * tone for c in color], axis=-1)
    return np.asarray(np.clip(rgb, 0, 255), dtype=np.uint8)


MAX_SURFACE_PIXELS = 8192 * 8192


def surface_texture(
    kind: str,
    color: tuple[float, float, float, float],
    image_path: Path | None = None,
    problems: list[str] | None = None,
) -> Texture:
    """A repeating texture for the floor or walls, tinted with the scene's colour; an image
    that cannot be used (too large, not an image, unreadable) becomes a problem and the
    built-in pattern."""
    if image_path is not None:
        pixels = _read_surface(image_path, problems if problems is not None else [])
        if pixels is not None:
            return texture_from_image(pixels, image_path.name)
    rgb = color[:3]
    pixels = _floor_pattern(512, rgb) if kind == "floor" else _wall_pattern(256, rgb)
    return texture_from_image(pixels, f"procedural-{kind}")
