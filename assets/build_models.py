"""Builds Vitrine's demo product models with trimesh and writes them as GLB files.

Run ``python assets/build_models.py`` to regenerate ``assets/models/*.glb``. Every model is
made here from lathe profiles and primitives, with PBR materials, procedural textures and
vertex colours; models are authored Z-up in metres and written Y-up as glTF expects.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import trimesh
from PIL import Image
from trimesh.visual.material import PBRMaterial
from trimesh.visual.texture import TextureVisuals

log = logging.getLogger("build_models")

OUT_DIR = Path(__file__).resolve().parent / "models"
Z_UP_TO_Y_UP = trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0])


def _material(
    name: str,
    color: tuple[int, int, int],
    metal: float = 0.0,
    rough: float = 0.5,
    texture: Image.Image | None = None,
    emissive: tuple[float, float, float] | None = None,
) -> PBRMaterial:
    return PBRMaterial(
        name=name,
        baseColorFactor=[*color, 255],
        metallicFactor=metal,
        roughnessFactor=rough,
        baseColorTexture=texture,
        emissiveFactor=list(emissive) if emissive else None,
    )


def _cylindrical_uv(mesh: trimesh.Trimesh, repeat: float = 1.0) -> np.ndarray:
    v = mesh.vertices
    u = (np.arctan2(v[:, 1], v[:, 0]) / (2 * np.pi) + 0.5) * repeat
    z = v[:, 2]
    span = max(z.max() - z.min(), 1e-6)
    return np.column_stack([u, (z - z.min()) / span])


def _planar_uv(mesh: trimesh.Trimesh, scale: float = 1.0) -> np.ndarray:
    v = mesh.vertices
    n = np.abs(mesh.vertex_normals)
    uv = np.where(n[:, [0]] > n[:, [2]], v[:, [1, 2]], v[:, [0, 1]])
    return uv * scale


def _dress(
    mesh: trimesh.Trimesh, material: PBRMaterial, uv: np.ndarray | None = None
) -> trimesh.Trimesh:
    if uv is None:
        uv = np.zeros((len(mesh.vertices), 2))
    mesh.visual = TextureVisuals(uv=uv, material=material)
    return mesh


def _rounded_box(
    size: tuple[float, float, float] | list[float], radius: float, steps: int = 4
) -> trimesh.Trimesh:
    """A box centred on the origin with every edge and corner rounded to ``radius`` (the
    bevel a moulded or sanded part has): each face a grid, finer across the bevels, whose
    points are pushed onto the inner box's offset surface."""
    half = np.asarray(size, dtype=float) / 2
    r = float(min(radius, *(half * 0.999)))
    inner = half - r

    def ticks(h: float) -> np.ndarray:
        bend = np.sin(np.linspace(0, np.pi / 2, steps + 1))  # 0..1, dense near the face
        edge = -h + r * (1 - bend)
        middle = np.linspace(-h + r, h - r, 3)[1:-1]
        return np.unique(np.round(np.concatenate([edge, middle, -edge[::-1]]), 9))

    axes = [ticks(h) for h in half]
    vertices, faces = [], []
    for axis in range(3):
        a, b = [k for k in range(3) if k != axis]
        ua, ub = np.meshgrid(axes[a], axes[b], indexing="ij")
        for sign in (-1.0, 1.0):
            grid = np.zeros(ua.shape + (3,))
            grid[..., a], grid[..., b], grid[..., axis] = ua, ub, sign * half[axis]
            na, nb = ua.shape
            base = sum(len(v) for v in vertices)
            vertices.append(grid.reshape(-1, 3))
            idx = np.arange(na * nb).reshape(na, nb) + base
            quads = np.stack([idx[:-1, :-1], idx[1:, :-1], idx[1:, 1:], idx[:-1, 1:]], -1)
            quads = quads.reshape(-1, 4)
            tri = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
            # outward winding: (a, b, axis) right-handed, flipped on the negative side
            right_handed = (b - a) % 3 == 1
            faces.append(tri if (sign > 0) == right_handed else tri[:, ::-1])
    points = np.concatenate(vertices)
    core = np.clip(points, -inner, inner)
    out = points - core
    length = np.linalg.norm(out, axis=1, keepdims=True)
    points = core + out / np.maximum(length, 1e-12) * r
    mesh = trimesh.Trimesh(points, np.concatenate(faces), process=True)
    mesh.merge_vertices()
    mesh.fix_normals()
    return mesh


def _lathe(profile: list[tuple[float, float]], sections: int = 64) -> trimesh.Trimesh:
    mesh = trimesh.creation.revolve(np.asarray(profile, dtype=float), sections=sections)
    mesh.fix_normals()
    return mesh


def _arc_tube(major: float, minor: float, angle_deg: float, sections: int = 40) -> trimesh.Trimesh:
    """Part of a torus around Z, starting on +X and sweeping ``angle_deg``."""
    t = np.linspace(0, 2 * np.pi, 13)
    profile = np.column_stack([major + minor * np.cos(t), minor * np.sin(t)])
    return trimesh.creation.revolve(profile, angle=np.radians(angle_deg), sections=sections)


def _tube(
    points: list[tuple[float, float, float]],
    radius: float | tuple[float, float],
    steps: int = 48,
    sides: int = 20,
    capped: bool = True,
) -> trimesh.Trimesh:
    """A tube swept along a smooth curve through ``points`` (Catmull-Rom), its radius going
    from ``radius[0]`` to ``radius[1]``; rings are kept square to the curve by parallel
    transport, so the tube does not twist."""
    control = np.asarray(points, dtype=float)
    padded = np.vstack([2 * control[0] - control[1], control, 2 * control[-1] - control[-2]])
    path = []
    for i in range(len(control) - 1):
        p0, p1, p2, p3 = padded[i : i + 4]
        for t in np.linspace(0, 1, steps // (len(control) - 1), endpoint=False):
            path.append(0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                               + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))  # fmt: skip
    path.append(control[-1])
    curve = np.asarray(path)
    tangents = np.gradient(curve, axis=0)
    tangents /= np.linalg.norm(tangents, axis=1, keepdims=True)
    start, end = (radius, radius) if isinstance(radius, float) else radius
    normal = np.cross(tangents[0], [0.0, 0.0, 1.0])
    if np.linalg.norm(normal) < 1e-6:
        normal = np.cross(tangents[0], [1.0, 0.0, 0.0])
    normal /= np.linalg.norm(normal)
    angles = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    rings = []
    for i, (point, tangent) in enumerate(zip(curve, tangents)):
        normal = normal - tangent * np.dot(normal, tangent)
        normal /= np.linalg.norm(normal)
        binormal = np.cross(tangent, normal)
        r = start + (end - start) * i / (len(curve) - 1)
        rings.append(point + r * (np.outer(np.cos(angles), normal)
                                  + np.outer(np.sin(angles), binormal)))  # fmt: skip
    vertices = np.vstack(rings)
    faces = []
    for i in range(len(rings) - 1):
        for j in range(sides):
            a, b = i * sides + j, i * sides + (j + 1) % sides
            faces += [(a, a + sides, b), (b, a + sides, b + sides)]
    if capped:
        for ring, centre, flip in ((0, curve[0], True), (len(rings) - 1, curve[-1], False)):
            index = len(vertices)
            vertices = np.vstack([vertices, centre])
            for j in range(sides):
                a, b = ring * sides + j, ring * sides + (j + 1) % sides
                faces.append((index, b, a) if flip else (index, a, b))
    mesh = trimesh.Trimesh(vertices, np.asarray(faces), process=True)
    if mesh.volume < 0:  # the faces are wound one way throughout: face them outwards
        mesh.invert()
    return mesh


def _moved(mesh: trimesh.Trimesh, x: float = 0, y: float = 0, z: float = 0) -> trimesh.Trimesh:
    mesh.apply_translation([x, y, z])
    return mesh


def _rotated(
    mesh: trimesh.Trimesh, angle_deg: float, axis: tuple[float, float, float]
) -> trimesh.Trimesh:
    mesh.apply_transform(trimesh.transformations.rotation_matrix(np.radians(angle_deg), axis))
    return mesh


def _noise(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.random((size // 8, size // 8))
    img = Image.fromarray((base * 255).astype(np.uint8)).resize((size, size), Image.BICUBIC)
    return np.asarray(img, dtype=float) / 255.0


def wood_texture(size: int = 256, seed: int = 3) -> Image.Image:
    """Oak-like grain: stretched noise rings over a warm base."""
    y, x = np.mgrid[0:size, 0:size] / size
    grain = np.sin((x * 14 + _noise(size, seed) * 3.0) * np.pi * 2) * 0.5 + 0.5
    fine = _noise(size, seed + 1)
    tone = 0.72 + 0.18 * grain + 0.1 * fine
    rgb = np.stack([200 * tone, 150 * tone, 100 * tone], axis=-1)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def fabric_texture(size: int = 128, color: tuple[int, int, int] = (90, 96, 104)) -> Image.Image:
    """A woven speaker-cloth pattern."""
    y, x = np.mgrid[0:size, 0:size]
    weave = ((x // 2 + y // 2) % 2) * 0.12 + 0.88
    rgb = np.stack([c * weave for c in color], axis=-1)
    return Image.fromarray(rgb.astype(np.uint8), "RGB")


def screen_texture(size: int = 256) -> Image.Image:
    """A calm home-screen: gradient, clock ring and tiles."""
    y, x = np.mgrid[0:size, 0:size] / size
    rgb = np.stack([40 + 60 * x, 70 + 80 * y, 150 + 80 * (1 - x)], axis=-1)
    ring = np.abs(np.hypot(x - 0.3, y - 0.45) - 0.16) < 0.015
    rgb[ring] = [240, 240, 250]
    for i in range(3):
        tile = (x > 0.58) & (x < 0.9) & (y > 0.18 + i * 0.24) & (y < 0.36 + i * 0.24)
        rgb[tile] = rgb[tile] * 0.4 + np.array([230, 230, 240]) * 0.6
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB").transpose(
        Image.FLIP_TOP_BOTTOM
    )


def kettle() -> dict[str, trimesh.Trimesh]:
    steel = _material("brushed steel", (200, 204, 210), metal=0.9, rough=0.3)
    black = _material("matte black", (28, 28, 30), rough=0.6)
    # a pour-over kettle: a low, wide body rounded at the shoulder, a gooseneck spout rising
    # from near the base, a lid with a knob, a handle that springs from the body
    body = _lathe(
        [
            (0.0, 0.0), (0.084, 0.0), (0.092, 0.004), (0.097, 0.014), (0.1, 0.04),
            (0.1, 0.1), (0.097, 0.128), (0.088, 0.15), (0.072, 0.164), (0.06, 0.168),
            (0.06, 0.172), (0.0, 0.172),
        ]
    )  # fmt: skip
    lid = _lathe([(0.0, 0.172), (0.062, 0.172), (0.058, 0.18), (0.04, 0.186), (0.0, 0.188)])
    base = _lathe([(0.0, -0.012), (0.094, -0.012), (0.1, -0.008), (0.1, 0.0), (0.0, 0.0)])
    knob = _lathe([(0.0, 0.186), (0.018, 0.186), (0.02, 0.196), (0.014, 0.21), (0.0, 0.212)],
                  sections=32)  # fmt: skip
    spout = _tube(
        [(0.07, 0.0, 0.03), (0.115, 0.0, 0.06), (0.14, 0.0, 0.14), (0.17, 0.0, 0.2),
         (0.215, 0.0, 0.205), (0.245, 0.0, 0.19)],
        (0.016, 0.006), steps=60,
    )  # fmt: skip
    handle = _tube(
        [(-0.08, 0.0, 0.15), (-0.13, 0.0, 0.16), (-0.165, 0.0, 0.12), (-0.16, 0.0, 0.06),
         (-0.13, 0.0, 0.035), (-0.085, 0.0, 0.035)],
        0.012, steps=60,
    )  # fmt: skip
    return {
        "body": _dress(body, steel),
        "lid": _dress(lid, steel),
        "spout": _dress(spout, steel),
        "base": _dress(base, black),
        "knob": _dress(knob, black),
        "handle": _dress(handle, black),
    }


def smart_speaker() -> dict[str, trimesh.Trimesh]:
    cloth = _material("speaker cloth", (255, 255, 255), rough=0.95, texture=fabric_texture())
    top = _material("soft-touch top", (50, 52, 58), rough=0.4)
    ring = _material("light ring", (90, 200, 255), rough=0.2, emissive=(0.3, 0.75, 1.0))
    body = _lathe([(0.0, 0.0), (0.07, 0.0), (0.075, 0.01), (0.075, 0.17), (0.0, 0.17)])
    cap = _lathe([(0.0, 0.17), (0.074, 0.17), (0.07, 0.18), (0.0, 0.182)])
    glow = trimesh.creation.torus(0.06, 0.005, 48, 8)
    return {
        "body": _dress(body, cloth, _cylindrical_uv(body, 6.0)),
        "top": _dress(cap, top),
        "ring": _dress(_moved(glow, z=0.181), ring),
    }


def desk_lamp() -> dict[str, trimesh.Trimesh]:
    brass = _material("brass", (214, 170, 90), metal=1.0, rough=0.25)
    shade_m = _material("enamel shade", (36, 88, 72), rough=0.35)
    bulb_m = _material("warm bulb", (255, 240, 200), emissive=(1.0, 0.85, 0.55))
    base = _lathe([(0.0, 0.0), (0.11, 0.0), (0.1, 0.02), (0.03, 0.03), (0.0, 0.03)])
    stem = trimesh.creation.cylinder(0.008, 0.42, sections=16)
    stem = _moved(_rotated(stem, 12, (0, 1, 0)), 0.04, 0, 0.24)
    arm = trimesh.creation.cylinder(0.007, 0.3, sections=16)
    arm = _moved(_rotated(arm, 70, (0, 1, 0)), 0.2, 0, 0.47)
    shade = _lathe([(0.02, 0.0), (0.03, 0.0), (0.13, -0.13), (0.12, -0.13), (0.02, -0.01)])
    shade = _moved(_rotated(shade, -25, (0, 1, 0)), 0.34, 0, 0.5)
    bulb = _moved(trimesh.creation.icosphere(2, 0.035), 0.32, 0, 0.44)
    return {
        "base": _dress(base, brass),
        "stem": _dress(stem, brass),
        "arm": _dress(arm, brass),
        "shade": _dress(shade, shade_m),
        "bulb": _dress(bulb, bulb_m),
    }


def lounge_chair() -> dict[str, trimesh.Trimesh]:
    wood = _material("oak", (255, 255, 255), rough=0.55, texture=wood_texture())
    cushion_m = _material("wool cushion", (196, 98, 64), rough=0.9)
    parts: dict[str, trimesh.Trimesh] = {}
    for i, (x, y) in enumerate([(-0.28, -0.26), (0.28, -0.26), (-0.28, 0.26), (0.28, 0.26)]):
        leg = _moved(_rounded_box([0.05, 0.05, 0.42], 0.012), x, y, 0.21)
        parts[f"leg{i}"] = _dress(leg, wood, _planar_uv(leg, 2.0))
    frame = _moved(_rounded_box([0.66, 0.62, 0.05], 0.015), 0, 0, 0.42)
    parts["frame"] = _dress(frame, wood, _planar_uv(frame, 1.5))
    back = _moved(_rotated(_rounded_box([0.66, 0.05, 0.5], 0.015), -14, (1, 0, 0)), 0, 0.3, 0.68)
    parts["back"] = _dress(back, wood, _planar_uv(back, 1.5))
    seat = _moved(_rounded_box([0.6, 0.56, 0.09], 0.04, 6), 0, -0.01, 0.49)
    parts["seat"] = _dress(seat, cushion_m)
    rest = _moved(
        _rotated(_rounded_box([0.58, 0.08, 0.4], 0.035, 6), -14, (1, 0, 0)), 0, 0.24, 0.72
    )
    parts["cushion"] = _dress(rest, cushion_m)
    return parts


def robot_vacuum() -> dict[str, trimesh.Trimesh]:
    shell = _material("pearl shell", (236, 236, 240), rough=0.25)
    bumper = _material("graphite bumper", (60, 62, 66), rough=0.7)
    lidar_m = _material("lidar", (20, 20, 24), metal=0.3, rough=0.3)
    led = _material("status led", (80, 255, 140), emissive=(0.3, 1.0, 0.5))
    body = _lathe([(0.0, 0.01), (0.17, 0.01), (0.175, 0.06), (0.16, 0.08), (0.0, 0.08)], 72)
    skirt = _lathe([(0.0, 0.0), (0.172, 0.0), (0.176, 0.035), (0.0, 0.035)], 72)
    lidar = _lathe([(0.0, 0.08), (0.045, 0.08), (0.045, 0.105), (0.0, 0.105)], 32)
    light = _moved(trimesh.creation.box([0.03, 0.01, 0.004]), 0, -0.1, 0.081)
    return {
        "body": _dress(body, shell),
        "bumper": _dress(skirt, bumper),
        "lidar": _dress(_moved(lidar, y=0.06), lidar_m),
        "led": _dress(light, led),
    }


def smart_display() -> dict[str, trimesh.Trimesh]:
    frame_m = _material("anodised frame", (70, 72, 78), metal=0.8, rough=0.35)
    screen_m = _material(
        "screen", (255, 255, 255), rough=0.1, texture=screen_texture(), emissive=(0.35, 0.35, 0.35)
    )
    stand_m = _material("stand", (180, 182, 188), metal=0.9, rough=0.3)
    frame = _moved(_rounded_box([0.62, 0.03, 0.38], 0.012), 0, 0, 0.36)
    screen = trimesh.Trimesh(
        vertices=[
            [-0.29, -0.0155, 0.19],
            [0.29, -0.0155, 0.19],
            [0.29, -0.0155, 0.53],
            [-0.29, -0.0155, 0.53],
        ],
        faces=[[0, 1, 2], [0, 2, 3]],
    )
    uv = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    neck = _moved(_rounded_box([0.06, 0.04, 0.18], 0.012), 0, 0.03, 0.1)
    foot = _moved(_rounded_box([0.3, 0.18, 0.015], 0.007), 0, 0.03, 0.0075)
    return {
        "frame": _dress(frame, frame_m),
        "screen": _dress(screen, screen_m, uv),
        "neck": _dress(neck, stand_m),
        "foot": _dress(foot, stand_m),
    }


def headphones() -> dict[str, trimesh.Trimesh]:
    band_m = _material("band", (30, 32, 36), rough=0.5)
    cup_m = _material("cups", (214, 200, 180), rough=0.45)
    pad_m = _material("pads", (120, 110, 100), rough=0.95)
    stand_m = _material("walnut stand", (255, 255, 255), rough=0.5, texture=wood_texture(seed=9))
    band = _moved(_rotated(_arc_tube(0.095, 0.008, 180), 90, (1, 0, 0)), 0, 0, 0.2)
    parts: dict[str, trimesh.Trimesh] = {"band": _dress(band, band_m)}
    for side, x in (("left", -0.095), ("right", 0.095)):
        cup = _rotated(
            _lathe([(0.0, 0.0), (0.045, 0.0), (0.05, 0.02), (0.0, 0.03)], 40),
            90 if x < 0 else -90,
            (0, 1, 0),
        )
        parts[f"cup_{side}"] = _dress(_moved(cup, x, 0, 0.19), cup_m)
        pad = _rotated(trimesh.creation.torus(0.034, 0.012, 32, 10), 90, (0, 1, 0))
        parts[f"pad_{side}"] = _dress(_moved(pad, x * 0.88, 0, 0.19), pad_m)
    post = _lathe([(0.0, 0.0), (0.012, 0.0), (0.011, 0.274), (0.016, 0.283), (0.0, 0.287)], 24)
    disc = _lathe([(0.0, 0.0), (0.08, 0.0), (0.075, 0.02), (0.0, 0.02)], 48)
    parts["post"] = _dress(post, stand_m, _cylindrical_uv(post))
    parts["foot"] = _dress(disc, stand_m, _cylindrical_uv(disc))
    return parts


def celadon_vase() -> dict[str, trimesh.Trimesh]:
    glaze = _material("celadon glaze", (150, 190, 165), rough=0.15)
    body = _lathe(
        [
            (0.0, 0.0),
            (0.06, 0.0),
            (0.065, 0.01),
            (0.13, 0.12),
            (0.12, 0.22),
            (0.05, 0.33),
            (0.038, 0.38),
            (0.05, 0.42),
            (0.045, 0.425),
            (0.0, 0.425),
        ],
        72,
    )
    return {"body": _dress(body, glaze)}


def bronze_ding() -> dict[str, trimesh.Trimesh]:
    bronze = _material("patinated bronze", (110, 122, 86), metal=0.85, rough=0.55)
    bowl = _lathe(
        [
            (0.0, 0.12),
            (0.12, 0.13),
            (0.17, 0.2),
            (0.18, 0.3),
            (0.19, 0.32),
            (0.175, 0.32),
            (0.165, 0.3),
            (0.0, 0.3),
        ],
        64,
    )
    parts = {"bowl": _dress(bowl, bronze)}
    for i in range(3):
        a = i * 2 * np.pi / 3
        leg = trimesh.creation.cylinder(0.022, 0.17, sections=16)
        parts[f"leg{i}"] = _dress(_moved(leg, 0.12 * np.cos(a), 0.12 * np.sin(a), 0.085), bronze)
    for i, x in enumerate((-0.15, 0.15)):
        ear = trimesh.creation.torus(0.04, 0.01, 24, 8)
        parts[f"ear{i}"] = _dress(_moved(_rotated(ear, 90, (1, 0, 0)), x, 0, 0.36), bronze)
    return parts


def temple_bell() -> dict[str, trimesh.Trimesh]:
    bronze = _material("dark bronze", (140, 100, 60), metal=0.9, rough=0.4)
    wood = _material("frame wood", (255, 255, 255), rough=0.6, texture=wood_texture(seed=5))
    bell = _lathe(
        [(0.0, 0.12), (0.14, 0.12), (0.13, 0.2), (0.1, 0.38), (0.06, 0.42), (0.0, 0.43)], 64
    )
    bell.apply_transform(np.diag([1.0, 0.75, 1.0, 1.0]))
    parts = {"bell": _dress(bell, bronze)}
    for i, x in enumerate((-0.22, 0.22)):
        post = _moved(trimesh.creation.box([0.04, 0.04, 0.55]), x, 0, 0.275)
        parts[f"post{i}"] = _dress(post, wood, _planar_uv(post, 2.0))
    beam = _moved(trimesh.creation.box([0.56, 0.05, 0.05]), 0, 0, 0.55)
    parts["beam"] = _dress(beam, wood, _planar_uv(beam, 2.0))
    hook = _moved(trimesh.creation.cylinder(0.008, 0.1, sections=12), 0, 0, 0.48)
    parts["hook"] = _dress(hook, bronze)
    return parts


def tea_bowl() -> dict[str, trimesh.Trimesh]:
    bowl = _lathe(
        [
            (0.0, 0.0),
            (0.03, 0.0),
            (0.03, 0.01),
            (0.05, 0.015),
            (0.075, 0.045),
            (0.085, 0.075),
            (0.08, 0.075),
            (0.07, 0.045),
            (0.0, 0.02),
        ],
        64,
    )
    z = bowl.vertices[:, 2]
    t = np.clip(z / 0.075, 0, 1)[:, None]
    dark, rust = np.array([40, 26, 18]), np.array([150, 84, 40])
    colors = (dark * (1 - t) + rust * t).astype(np.uint8)
    bowl.visual = trimesh.visual.ColorVisuals(
        bowl, vertex_colors=np.column_stack([colors, np.full(len(colors), 255, np.uint8)])
    )
    return {"bowl": bowl}


MODELS: dict[str, Callable[[], dict[str, trimesh.Trimesh]]] = {
    "kettle": kettle,
    "smart_speaker": smart_speaker,
    "desk_lamp": desk_lamp,
    "lounge_chair": lounge_chair,
    "robot_vacuum": robot_vacuum,
    "smart_display": smart_display,
    "headphones": headphones,
    "celadon_vase": celadon_vase,
    "bronze_ding": bronze_ding,
    "temple_bell": temple_bell,
    "tea_bowl": tea_bowl,
}


def _smooth(mesh: trimesh.Trimesh, crease_degrees: float = 35.0) -> trimesh.Trimesh:
    """Smooth vertex normals, kept sharp across edges that fold more than the crease angle
    (the rim of a base, the edge of a lid): each face corner averages the normals of the
    faces round its vertex that are within the angle of its own face, and a vertex is split
    where its corners disagree. UVs and material are carried over."""
    limit = np.cos(np.radians(crease_degrees))
    normals, areas = mesh.face_normals, mesh.area_faces
    around = mesh.vertex_faces  # (vertices, most faces at a vertex), padded with -1
    positions, corner_normals = [], []
    for face, corners in enumerate(mesh.faces):
        for vertex in corners:
            ring = around[vertex][around[vertex] >= 0]
            near = ring[normals[ring] @ normals[face] >= limit]
            normal = (normals[near] * areas[near, None]).sum(axis=0)
            corner_normals.append(normal / max(np.linalg.norm(normal), 1e-12))
            positions.append(vertex)
    corner_normals_array = np.round(np.asarray(corner_normals), 4)
    keys = np.column_stack([positions, corner_normals_array])
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    source = unique[:, 0].astype(int)
    shaded = trimesh.Trimesh(mesh.vertices[source], inverse.reshape(-1, 3), process=False,
                             vertex_normals=unique[:, 1:])  # fmt: skip
    visual = mesh.visual
    uv = getattr(visual, "uv", None)
    material = getattr(visual, "material", None)
    if visual.kind == "vertex":  # vertex colours (the tea bowl's glaze)
        colours = np.asarray(visual.vertex_colors)[source]
        shaded.visual = trimesh.visual.ColorVisuals(shaded, vertex_colors=colours)
    elif material is not None:
        carried = np.asarray(uv)[source] if uv is not None and len(uv) == len(mesh.vertices) \
            else np.zeros((len(source), 2))  # fmt: skip
        shaded.visual = TextureVisuals(uv=carried, material=material)
    return shaded


def build(name: str, out_dir: Path = OUT_DIR) -> Path:
    """Build one model and write ``<out_dir>/<name>.glb``."""
    scene = trimesh.Scene()
    for part, mesh in MODELS[name]().items():
        mesh = _smooth(mesh.copy())
        mesh.apply_transform(Z_UP_TO_Y_UP)
        scene.add_geometry(mesh, node_name=part, geom_name=f"{name}_{part}")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.glb"
    path.write_bytes(scene.export(file_type="glb", include_normals=True))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=sorted(MODELS), help="models to build")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    for name in args.names:
        path = build(name, args.out)
        print(f"{path.name}: {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
