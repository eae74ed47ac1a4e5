"""Reading curators' environment images: Radiance RGBE (``.hdr``, read here, flat or
run-length encoded), OpenEXR (``.exr``, through the OpenEXR package when it is installed),
and ordinary pictures (PNG/JPEG: taken as sRGB, so dimmer than a real HDR)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from app.errors import AssetError

__all__ = ["read_environment", "read_hdr", "write_hdr"]


def read_environment(path: Path) -> np.ndarray:
    """Linear RGB radiance (h, w, 3) float32 of an equirectangular image (2:1)."""
    suffix = path.suffix.lower()
    if suffix == ".hdr":
        image = read_hdr(path)
    elif suffix == ".exr":
        image = _read_exr(path)
    elif suffix in (".png", ".jpg", ".jpeg"):
        from PIL import Image

        with Image.open(path) as picture:
            rgb = np.asarray(picture.convert("RGB"), np.float32) / 255.0
        image = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    else:
        raise AssetError(path, "an environment must be an .hdr, .exr, .png or .jpg image")
    height, width = image.shape[:2]
    if abs(width - 2 * height) > 2:
        raise AssetError(path, f"an environment is an equirectangular image twice as wide as "
                               f"it is high; this one is {width} x {height}")  # fmt: skip
    if not np.isfinite(image).all():
        image = np.nan_to_num(image, nan=0.0, posinf=64.0)
    return np.asarray(np.clip(image, 0.0, 64.0), dtype=np.float32)


def read_hdr(path: Path) -> np.ndarray:
    """A Radiance RGBE picture as float32 (h, w, 3), row 0 at the top."""
    data = path.read_bytes()
    end = data.find(b"\n\n")
    if not data.startswith((b"#?RADIANCE", b"#?RGBE")) or end < 0:
        raise AssetError(path, "not a Radiance HDR file (it must start with #?RADIANCE)")
    header = data[:end].decode("latin-1")
    if "FORMAT=32-bit_rle_rgbe" not in header and "FORMAT=" in header:
        raise AssetError(path, "only RGBE Radiance files are read (not XYZE)")
    line_end = data.find(b"\n", end + 2)
    size = re.fullmatch(r"-Y (\d+) \+X (\d+)", data[end + 2 : line_end].decode("latin-1").strip())
    if size is None:
        raise AssetError(path, "unsupported picture orientation (expected -Y H +X W)")
    height, width = int(size.group(1)), int(size.group(2))
    body = np.frombuffer(data, np.uint8, offset=line_end + 1)
    try:
        rgbe = _decode(body, height, width)
    except (IndexError, ValueError) as exc:
        raise AssetError(path, "the HDR picture data is truncated or corrupt") from exc
    exponent = rgbe[..., 3].astype(np.int32)
    scale = np.where(exponent > 0, np.ldexp(1.0, exponent - 136), 0.0)
    return (rgbe[..., :3].astype(np.float64) * scale[..., None]).astype(np.float32)


def _decode(body: np.ndarray, height: int, width: int) -> np.ndarray:
    out = np.zeros((height, width, 4), np.uint8)
    flat = not (8 <= width < 32768) or len(body) < 4 or body[0] != 2 or body[1] != 2
    if flat:
        return body[: height * width * 4].reshape(height, width, 4).copy()
    at = 0
    for row in range(height):
        if body[at] != 2 or body[at + 1] != 2 or (int(body[at + 2]) << 8 | body[at + 3]) != width:
            raise ValueError("bad scanline header")
        at += 4
        for channel in range(4):
            x = 0
            while x < width:
                count = int(body[at])
                at += 1
                if count > 128:
                    count -= 128
                    out[row, x : x + count, channel] = body[at]
                    at += 1
                else:
                    out[row, x : x + count, channel] = body[at : at + count]
                    at += count
                x += count
                if x > width:
                    raise ValueError("run past the end of a scanline")
    return out


def write_hdr(path: Path, image: np.ndarray) -> None:
    """``image`` (h, w, 3) linear float as a flat (not run-length encoded) Radiance file."""
    rgb = np.clip(np.asarray(image, np.float64), 0, None)
    brightest = rgb.max(axis=2)
    mantissa, exponent = np.frexp(brightest)
    scale = np.where(brightest > 1e-32, mantissa * 256.0 / np.maximum(brightest, 1e-32), 0)
    rgbe = np.zeros(rgb.shape[:2] + (4,), np.uint8)
    rgbe[..., :3] = np.clip(rgb * scale[..., None], 0, 255).astype(np.uint8)
    rgbe[..., 3] = np.where(brightest > 1e-32, exponent + 128, 0).astype(np.uint8)
    header = f"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y {rgb.shape[0]} +X {rgb.shape[1]}\n"
    path.write_bytes(header.encode("latin-1") + rgbe.tobytes())


def _read_exr(path: Path) -> np.ndarray:
    try:
        import OpenEXR
    except ImportError as exc:
        hint = "reading .exr needs the OpenEXR package (pip install OpenEXR); or save it as .hdr"
        raise AssetError(path, hint) from exc
    with OpenEXR.File(str(path)) as exr:
        channels = exr.channels()
        if "RGB" in channels:
            return np.asarray(channels["RGB"].pixels, np.float32)[..., :3]
        if "RGBA" in channels:
            return np.asarray(channels["RGBA"].pixels, np.float32)[..., :3]
        planes = [np.asarray(channels[c].pixels, np.float32) for c in ("R", "G", "B")]
        return np.stack(planes, axis=-1)
