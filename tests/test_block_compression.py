"""Textures are block-compressed (BC1, BC3 with alpha) with their whole mip chain: the picture
survives, alpha survives, any size works, and they take an eighth of their pixels' memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.meshes.block_compression import (
    _compiled,
    _encode,
    compress_texture,
    decode_level,
    encode_blocks,
)


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    error = np.sqrt(((a.astype(float) - b.astype(float)) ** 2).mean())
    return float(20 * np.log10(255 / max(error, 1e-9)))


@pytest.fixture(scope="module")
def avocado(shared_data: Path) -> np.ndarray:
    path = shared_data / "models/khronos/Avocado/Avocado_baseColor.png"
    return np.asarray(Image.open(path).convert("RGBA"))


def test_the_encoder_is_compiled() -> None:
    assert _compiled() is not None, "app/meshes/_block_codec.c was not built (pip install -e .)"


def test_a_real_texture_keeps_its_picture(avocado: np.ndarray) -> None:
    texture = compress_texture(avocado)
    assert texture.codec == "bc1"  # opaque
    assert _psnr(decode_level(texture)[..., :3], avocado[..., :3]) > 38
    # every level is a fair picture of the image at that size
    small = np.asarray(Image.fromarray(avocado).resize((256, 256), Image.Resampling.BOX))
    assert _psnr(decode_level(texture, 3)[..., :3], small[..., :3]) > 32


def test_compiled_and_numpy_encoders_agree_in_quality(avocado: np.ndarray) -> None:
    flipped = np.ascontiguousarray(avocado[::-1][:512, :512])
    compiled = encode_blocks(flipped, "bc1")
    reference = _encode(flipped, "bc1")
    assert compiled.shape == reference.shape
    assert np.mean(compiled.reshape(-1, 8) == reference.reshape(-1, 8)) > 0.9


def test_alpha_is_kept_in_bc3() -> None:
    y, x = np.mgrid[0:64, 0:64]
    image = np.zeros((64, 64, 4), np.uint8)
    image[..., 0] = x * 4
    image[..., 1] = 128
    image[..., 2] = y * 4
    image[..., 3] = np.where(x < 32, 255, 0)  # half see-through, like a leaf cut-out
    texture = compress_texture(image)
    assert texture.codec == "bc3"
    decoded = decode_level(texture)
    assert np.abs(decoded[..., 3].astype(int) - image[..., 3]).max() <= 2
    assert _psnr(decoded[..., :3], image[..., :3]) > 35


def test_any_size_gets_a_full_mip_chain() -> None:
    image = np.random.default_rng(1).integers(0, 255, (19, 37, 3), dtype=np.uint8)
    texture = compress_texture(image)
    assert len(texture.levels) == 6  # 37 -> 18 -> 9 -> 4 -> 2 -> 1
    for level, data in enumerate(texture.levels):
        width, height = texture.level_size(level)
        assert data.nbytes == -(-width // 4) * -(-height // 4) * 8
    assert decode_level(texture).shape == (19, 37, 4)
    assert decode_level(texture, 5).shape == (1, 1, 4)


def test_an_eighth_of_the_pixels_memory() -> None:
    image = np.full((1024, 1024, 4), (200, 120, 40, 255), np.uint8)
    texture = compress_texture(image)
    assert texture.bytes_from(0) < image.nbytes / 8 * 4 / 3 + 64
    assert texture.bytes_from(2) < texture.bytes_from(0) / 15  # two levels down: a sixteenth
    # a flat colour comes back within the 5-6-5 bits' precision
    assert np.abs(decode_level(texture).astype(int) - image).max() <= 4
