"""The hall's static surfaces lit by baked light: a lightmap on the floor and on each wall,
light kept in the vertices of each plinth, from ``app.render.bake``; baked once per hall,
its exhibits' places and its lighting, and cached on disk (a changed scene bakes again).

Only the exhibits and the guide are then shaded per pixel; the hall costs a texture read.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from panda3d.core import CPTA_uchar, NodePath, PTA_uchar, SamplerState, Texture, Vec3

from app.meshes.model_data import Material
from app.paths import cache_root
from app.render.bake import Block, LightSet, Room, Spot, Sun, bake
from app.render.hall import Rect, hall_rects
from app.render.lighting import PRESETS, SPOT_ATTENUATION, SPOT_FOV, spot_position
from app.render.materials import pbr_material
from app.render.shading import baked_shader
from app.render.shapes import box_arrays
from app.scene import Scene, parse_color

__all__ = ["BAKE_VERSION", "BakedLight", "bake_scene", "hall_reflection", "show_baked"]

log = logging.getLogger(__name__)

BAKE_VERSION = 3
FLOOR_TEXEL = 0.05  # metres per lightmap texel on the floor
WALL_TEXEL = 0.1
MAX_SIDE = 1024  # texels along a lightmap's longer side
PLINTH_SEGMENTS = 6
LOADING_HEIGHT = 0.3  # the spotlights aim at the middle of a model this tall (see stage)


@dataclass
class BakedLight:
    """Irradiance and key share (RGBA float32) per surface: lightmaps (rows along the
    surface's v edge, bottom first) for the floor and walls, per vertex for plinths."""

    maps: dict[str, np.ndarray]
    plinths: dict[str, np.ndarray]
    seconds: float = 0.0  # how long the bake took (0: from the cache)
    key: str = ""  # what it was baked from, hashed (its cache file's name)


def _linear(colour: tuple[float, ...]) -> tuple[float, float, float]:
    c = np.asarray(colour[:3], dtype=np.float64)
    out = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return (float(out[0]), float(out[1]), float(out[2]))


def _forward(h: float, p: float) -> np.ndarray:
    """Panda3D's forward vector for a heading and pitch in degrees."""
    hr, pr = math.radians(h), math.radians(p)
    return np.array([-math.sin(hr) * math.cos(pr), math.cos(hr) * math.cos(pr), math.sin(pr)])


def _tuple(v: np.ndarray) -> tuple[float, float, float]:
    return (float(v[0]), float(v[1]), float(v[2]))


def light_set(scene: Scene, sky: np.ndarray, strength: float) -> LightSet:
    """The scene's lights as the bake sees them: the preset's key (shadowed) and fill, a
    spotlight per exhibit, and the environment's irradiance at the preset's strength."""
    preset = PRESETS[scene.hall.lighting]
    key = -_forward(preset.key_hpr[0], preset.key_hpr[1])
    fill = -_forward(preset.key_hpr[0] + 160, -25)
    spots = []
    cut = math.cos(math.radians(SPOT_FOV / 2))
    for exhibit in scene.exhibits:
        top = (exhibit.plinth.height if exhibit.plinth else 0.0) + LOADING_HEIGHT / 2
        target = np.array([exhibit.position[0], exhibit.position[1], top])
        position = np.array(spot_position(target, scene.hall.size[2]))
        beam = (target - position) / np.linalg.norm(target - position)
        spots.append(Spot(_tuple(position), _tuple(beam), cut, preset.spot, SPOT_ATTENUATION))
    return LightSet(
        (Sun(_tuple(key), preset.key, True, True), Sun(_tuple(fill), preset.fill, False)),
        tuple(spots),
        tuple(_tuple(row * strength) for row in np.asarray(sky, dtype=np.float64)),
    )


def _blocks(scene: Scene) -> dict[str, Block]:
    out = {}
    for exhibit in scene.exhibits:
        plinth = exhibit.plinth
        if plinth is not None and plinth.height >= 0.01:
            out[exhibit.id] = Block(
                (exhibit.position[0], exhibit.position[1]),
                (plinth.size[0] / 2, plinth.size[1] / 2),
                plinth.height,
                exhibit.heading,
                _linear(parse_color(plinth.color)),
            )
    return out


def _texels(rect: Rect, texel: float) -> tuple[int, int]:
    u, v = (float(np.linalg.norm(e)) for e in rect[1:])
    scale = min(1.0, MAX_SIDE / (max(u, v) / texel))
    return (max(8, math.ceil(u / texel * scale)), max(8, math.ceil(v / texel * scale)))


def _rect_points(rect: Rect, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    corner, u, v = (np.asarray(a, dtype=np.float64) for a in rect)
    nu, nv = size
    fu = (np.arange(nu) + 0.5) / nu
    fv = (np.arange(nv) + 0.5) / nv
    points = corner + fv[:, None, None] * v + fu[None, :, None] * u
    normal = np.cross(u, v)
    normal /= np.linalg.norm(normal)
    return points.reshape(-1, 3), np.tile(normal, (nu * nv, 1))


def _plinth_points(block: Block) -> tuple[np.ndarray, np.ndarray]:
    positions, normals, _, _ = box_arrays(
        (block.half[0] * 2, block.half[1] * 2, block.height), segments=PLINTH_SEGMENTS
    )
    h = math.radians(block.heading)
    c, s = math.cos(h), math.sin(h)
    turn = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    offset = np.array([block.centre[0], block.centre[1], 0.0])
    return positions @ turn.T + offset, normals @ turn.T


def _blur(image: np.ndarray) -> np.ndarray:
    """A 3x3 binomial blur (the bake's sampling noise), edges kept by clamping."""
    out = image
    for axis in (0, 1):
        pad = np.concatenate([out.take([0], axis), out, out.take([-1], axis)], axis)
        n = out.shape[axis]
        out = (pad.take(range(0, n), axis) + 2 * pad.take(range(1, n + 1), axis)
               + pad.take(range(2, n + 2), axis)) / 4  # fmt: skip
    return out


def _key(scene: Scene, lights: LightSet, blocks: dict[str, Block]) -> str:
    hall = scene.hall
    parts = (BAKE_VERSION, FLOOR_TEXEL, WALL_TEXEL, MAX_SIDE, PLINTH_SEGMENTS, hall.size,
             hall.floor.color, hall.walls.color, lights, sorted(blocks.items()))  # fmt: skip
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def bake_scene(scene: Scene, sky: np.ndarray, strength: float) -> BakedLight:
    """The hall's baked light for ``scene`` lit by an environment of irradiance ``sky`` (9
    SH coefficients) at ``strength``, from the cache when this hall was baked before."""
    lights = light_set(scene, sky, strength)
    blocks = _blocks(scene)
    key = _key(scene, lights, blocks)
    path = cache_root() / "bakes" / f"{key}.npz"
    cached = _read(path)
    if cached is not None:
        cached.key = key
        return cached
    started = time.perf_counter()
    hall = scene.hall
    room = Room(hall.size, _linear(parse_color(hall.floor.color)),
                _linear(parse_color(hall.walls.color)))  # fmt: skip
    chunks: list[tuple[str, np.ndarray, np.ndarray, tuple[int, int] | None]] = []
    for name, rect in hall_rects(hall).items():
        size = _texels(rect, FLOOR_TEXEL if name == "floor" else WALL_TEXEL)
        chunks.append((name, *_rect_points(rect, size), size))
    for exhibit_id, block in blocks.items():
        chunks.append((f"plinth-{exhibit_id}", *_plinth_points(block), None))
    points = np.concatenate([c[1] for c in chunks])
    normals = np.concatenate([c[2] for c in chunks])
    # the spotlights light their exhibits (plinth and model), as they do live, not the floor
    spotlit = np.concatenate([np.full(len(c[1]), c[3] is None) for c in chunks])
    light, share = bake(points, normals, room, list(blocks.values()), lights, spotlit=spotlit)
    rgba = np.concatenate([light, share[:, None]], axis=1)
    result = BakedLight({}, {}, key=key)
    start = 0
    for name, chunk_points, _, texels in chunks:
        piece = rgba[start : start + len(chunk_points)]
        start += len(chunk_points)
        if texels is None:
            result.plinths[name.removeprefix("plinth-")] = piece.astype(np.float32)
        else:
            image = piece.reshape(texels[1], texels[0], 4)
            result.maps[name] = _blur(image).astype(np.float32)
    result.seconds = time.perf_counter() - started
    _write(path, result)
    log.info("baked the hall's light in %.2f s", result.seconds)
    return result


def _read(path: Path) -> BakedLight | None:
    if not path.is_file():
        return None
    try:
        with np.load(path) as data:
            maps = {k[4:]: data[k] for k in data.files if k.startswith("map-")}
            plinths = {k[7:]: data[k] for k in data.files if k.startswith("plinth-")}
        return BakedLight(maps, plinths)
    except (OSError, KeyError, ValueError):
        log.warning("baked light %s unreadable; baking again", path)
        return None


def _write(path: Path, result: BakedLight) -> None:
    arrays = {f"map-{k}": v for k, v in result.maps.items()}
    arrays.update({f"plinth-{k}": v for k, v in result.plinths.items()})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp.npz")
        np.savez_compressed(temp, **arrays)  # type: ignore[arg-type]
        temp.replace(path)
    except OSError as exc:
        log.warning("could not cache the baked light: %s", exc)


def hall_reflection(scene: Scene, baked: BakedLight, width: int = 256) -> np.ndarray:
    """The hall as its exhibits see it (``hall_probe``), from its baked light."""
    from app.render.hall_probe import probe_centre, trace_hall

    hall = scene.hall
    floor, walls = (_linear(parse_color(c)) for c in (hall.floor.color, hall.walls.color))
    rects = hall_rects(hall)
    albedos = {name: floor if name == "floor" else walls for name in rects}
    blocks = [
        (block, baked.plinths[key][:, :3].mean(axis=0))
        for key, block in _blocks(scene).items()
        if key in baked.plinths
    ]
    centre = probe_centre([e.position for e in scene.exhibits], hall.size[2])
    return trace_hall(hall.size, rects, baked.maps, albedos, blocks, centre, width)


def lightmap_texture(name: str, image: np.ndarray) -> Texture:
    """A float RGBA texture of an (H, W, 4) image whose row 0 is the bottom."""
    height, width = image.shape[:2]
    texture = Texture(name)
    texture.setup2dTexture(width, height, Texture.T_float, Texture.F_rgba16)
    data = np.ascontiguousarray(image[..., [2, 1, 0, 3]], dtype=np.float32).tobytes()  # BGRA
    array = PTA_uchar()
    array.setData(data)
    texture.setRamImage(CPTA_uchar(array))
    texture.setWrapU(SamplerState.WM_clamp)
    texture.setWrapV(SamplerState.WM_clamp)
    texture.setMagfilter(SamplerState.FT_linear)
    texture.setMinfilter(SamplerState.FT_linear)
    return texture


def _white() -> Texture:
    return lightmap_texture("vitrine-lightmap-none", np.ones((1, 1, 4), np.float32))


def show_baked(
    root: NodePath, scene: Scene, baked: BakedLight, shadows: int = 0, tone: str = "neutral"
) -> None:
    """Draw the stage's floor, walls and plinths (under ``root``) with ``baked`` light;
    ``shadows``: the live shadow map's texels a side (0: none) darkening the key's share."""
    shader = baked_shader(shadows, tone)
    hall = root.find("hall")
    for name, rect in hall_rects(scene.hall).items():
        node = hall.find(f"**/{name}")
        image = baked.maps.get(name)
        if node.isEmpty() or image is None:
            continue
        corner, u, v = (np.asarray(a, dtype=np.float64) for a in rect)
        node.setShader(shader)
        node.setShaderInput("vitrine_lightmap", lightmap_texture(f"lightmap-{name}", image))
        node.setShaderInput("vitrine_lm_origin", Vec3(*corner))
        node.setShaderInput("vitrine_lm_u", Vec3(*(u / float(u @ u))))
        node.setShaderInput("vitrine_lm_v", Vec3(*(v / float(v @ v))))
    white = _white()
    blocks = _blocks(scene)
    for exhibit in scene.exhibits:
        light = baked.plinths.get(exhibit.id)
        old = root.find(f"exhibit-{exhibit.id}/plinth")
        block = blocks.get(exhibit.id)
        if light is None or block is None or old.isEmpty():
            continue
        _relight_plinth(old, block, light, exhibit.plinth.color if exhibit.plinth else "#fff")
        old.setShader(shader)
        old.setShaderInput("vitrine_lightmap", white)
        for name in ("vitrine_lm_origin", "vitrine_lm_u", "vitrine_lm_v"):
            old.setShaderInput(name, Vec3(0, 0, 0))


def _relight_plinth(node: NodePath, block: Block, light: np.ndarray, colour: str) -> None:
    """The plinth's box again, finer, its light in its vertices and its colour in its material."""
    from app.render.geometry import geom_from_arrays

    positions, normals, faces, uvs = box_arrays(
        (block.half[0] * 2, block.half[1] * 2, block.height), segments=PLINTH_SEGMENTS
    )
    geom_node = node.node()
    geom_node.removeAllGeoms()
    geom_node.addGeom(geom_from_arrays(positions, normals, faces, uvs, light, name="plinth"))
    node.clearColor()
    r, g, b, a = parse_color(colour)
    node.setMaterial(
        pbr_material(Material(name="plinth", base_color=(r, g, b, a), roughness=0.35)), 1
    )
