"""Keeping textures within what a PC's graphics memory and a fast start allow."""

from __future__ import annotations

import numpy as np

from app.meshes.model_data import ModelData

__all__ = ["limit_textures"]

_SLOTS = ("base_color_texture", "metallic_roughness_texture", "normal_texture", "emissive_texture",
          "occlusion_texture")  # fmt: skip


def _shrink(image: np.ndarray, max_size: int) -> np.ndarray:
    from PIL import Image

    height, width = image.shape[:2]
    scale = max_size / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(Image.fromarray(image).resize(size, Image.Resampling.LANCZOS), dtype=np.uint8)


def limit_textures(model: ModelData, max_size: int) -> None:
    """Scale down every texture larger than ``max_size`` pixels (shared images once)."""
    done: dict[int, np.ndarray] = {}
    for part in model.parts:
        for slot in _SLOTS:
            image = getattr(part.material, slot)
            if not isinstance(image, np.ndarray) or max(image.shape[:2]) <= max_size:
                continue
            key = id(image)
            if key not in done:
                done[key] = _shrink(image, max_size)
                model.warnings.append(
                    f"{part.material.name}: {image.shape[1]}x{image.shape[0]} texture scaled "
                    f"down to {done[key].shape[1]}x{done[key].shape[0]}"
                )
            setattr(part.material, slot, done[key])
