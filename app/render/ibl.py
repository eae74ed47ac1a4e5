"""Image-based lighting on the scene graph: the prefiltered environment as a mipmapped float
texture (one mip level per roughness), its irradiance as spherical harmonics, and the split-sum
BRDF table, as shader inputs on a subtree. Sources: Vitrine's neutral studio, or a curator's
equirectangular HDR image (``environment_files``); prefiltering is cached per source."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
from panda3d.core import (
    CPTA_uchar,
    NodePath,
    PTA_LVecBase3f,
    PTA_uchar,
    SamplerState,
    Texture,
    Vec3,
)

from app.paths import cache_root
from app.render.environment_maps import (
    LEVELS,
    PrefilteredEnvironment,
    brdf_table,
    irradiance_sh,
    prefilter,
    studio_environment,
)

__all__ = ["Lighting", "apply_environment", "environment_for", "prefiltered"]

log = logging.getLogger(__name__)
_CACHE_VERSION = 1


def prefiltered(
    source: np.ndarray | Callable[[], np.ndarray], key: str | None = None
) -> PrefilteredEnvironment:
    """``source`` (or what it returns, read only when the cache lacks it) prefiltered,
    cached on disk under ``key`` when given."""
    path = cache_root() / "environments" / f"{key}-v{_CACHE_VERSION}.npz" if key else None
    if path is not None and path.is_file():
        try:
            with np.load(path) as data:
                levels = [data[f"level{k}"] for k in range(LEVELS)]
                return PrefilteredEnvironment(levels, data["sh"], float(data["mean"]))
        except (OSError, KeyError, ValueError):
            log.warning("environment cache %s unreadable; prefiltering again", path)
    image = source() if callable(source) else source
    result = PrefilteredEnvironment(prefilter(image), irradiance_sh(image), float(image.mean()))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            arrays = {f"level{k}": level for k, level in enumerate(result.levels)}
            temp = path.with_suffix(".tmp.npz")
            np.savez(temp, sh=result.sh, mean=np.float32(result.mean), **arrays)  # type: ignore[arg-type]
            temp.replace(path)
        except OSError as exc:
            log.warning("could not cache the environment: %s", exc)
    return result


@lru_cache(maxsize=8)
def environment_for(path: Path | None) -> PrefilteredEnvironment:
    """The prefiltered environment of an HDR file (None: Vitrine's studio)."""
    if path is None:
        studio = studio_environment()
        return prefiltered(
            studio, "studio-" + hashlib.blake2b(studio.tobytes(), digest_size=8).hexdigest()
        )
    from app.render.hdr_files import read_environment

    digest = hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()
    return prefiltered(lambda: read_environment(path), digest)


def _float_texture(name: str, levels: list[np.ndarray]) -> Texture:
    """A float RGB texture with these images as its mip levels (each half the last), the
    chain completed down to 1x1."""
    chain = [np.ascontiguousarray(level, dtype=np.float32) for level in levels]
    while chain[-1].shape[0] > 1 or chain[-1].shape[1] > 1:
        h, w = chain[-1].shape[:2]
        nh, nw = max(1, h // 2), max(1, w // 2)
        cut = chain[-1][: nh * (h // nh), : nw * (w // nw)]
        chain.append(cut.reshape(nh, h // nh, nw, w // nw, 3).mean(axis=(1, 3)).astype(np.float32))
    height, width = chain[0].shape[:2]
    texture = Texture(name)
    texture.setup2dTexture(width, height, Texture.T_float, Texture.F_rgb16)
    for index, level in enumerate(chain):
        # Panda3D keeps rows bottom first and colours as BGR
        data = np.ascontiguousarray(level[::-1, :, ::-1]).tobytes()
        array = PTA_uchar()
        array.setData(data)
        texture.setRamMipmapImage(index, CPTA_uchar(array))
    texture.setWrapU(SamplerState.WM_repeat)
    texture.setWrapV(SamplerState.WM_clamp)
    texture.setMagfilter(SamplerState.FT_linear)
    texture.setMinfilter(SamplerState.FT_linear_mipmap_linear if len(chain) > 1
                         else SamplerState.FT_linear)  # fmt: skip
    return texture


@lru_cache(maxsize=1)
def _brdf_texture() -> Texture:
    table = brdf_table()
    rgb = np.concatenate([table, np.zeros(table.shape[:2] + (1,), np.float32)], axis=2)
    texture = _float_texture("vitrine-brdf", [rgb])
    texture.setWrapU(SamplerState.WM_clamp)
    texture.setWrapV(SamplerState.WM_clamp)
    return texture


class Lighting:
    """One environment's textures and coefficients, made once and shared by subtrees."""

    def __init__(self, environment: PrefilteredEnvironment, name: str = "studio") -> None:
        self.environment = environment
        self.texture = _float_texture(f"vitrine-env-{name}", environment.levels)
        self.sh = PTA_LVecBase3f()
        for row in environment.sh:
            self.sh.pushBack(Vec3(*map(float, row)))


def apply_environment(
    root: NodePath, lighting: Lighting, strength: float = 1.0, exposure: float = 1.0
) -> None:
    """Light everything under ``root`` with ``lighting`` at ``strength``; ``exposure``
    scales the result before tone mapping."""
    root.setShaderInput("vitrine_env", lighting.texture)
    root.setShaderInput("vitrine_brdf", _brdf_texture())
    root.setShaderInput("vitrine_sh", lighting.sh)
    root.setShaderInput("vitrine_env_levels", float(LEVELS - 1))
    root.setShaderInput("vitrine_env_strength", float(strength))
    root.setShaderInput("vitrine_exposure", float(exposure))
