"""Hair for the guides: a cap grown from the scalp of the body mesh (the head's faces inside a
hairline, lifted into a volume that thins toward the hairline), combed back, and for a guide
with long hair a bun at the back of the head. Strands are a texture whose stripes run along
the combing direction."""

from __future__ import annotations

import numpy as np
from gltf_writer import Primitive
from human_body import Joint
from human_data import BaseMesh
from human_mesh import Part, shell, smooth_normals, triangles
from human_skin import hair_cap_texture, hair_texture

__all__ = ["above_hairline", "hair"]

# the hairline: how far above the head's centre (degrees of elevation) hair starts, by the
# angle round the head from the face (0) to the back (180)
_HAIRLINE = ((0, 36), (35, 31), (62, 12), (78, 6), (95, 22), (118, 8), (150, -28), (180, -38))


def _frame(vertices: np.ndarray, groups: dict[str, np.ndarray]) -> np.ndarray:
    """The head's centre: between the ears, at the height of the eyes, behind them."""
    eyes = (
        vertices[groups["helper-l-eye"]].mean(axis=0)
        + vertices[groups["helper-r-eye"]].mean(axis=0)
    ) / 2
    return eyes + np.array([0.0, 0.005, -0.085])


def above_hairline(points: np.ndarray, centre: np.ndarray, short: bool) -> np.ndarray:
    """Degrees above the hairline for (N, 3) points or an image of them (H, W, 3)."""
    rel = points - centre
    around = np.degrees(np.abs(np.arctan2(rel[..., 0], rel[..., 2])))
    length = np.maximum(np.linalg.norm(rel, axis=-1), 1e-9)
    up = np.degrees(np.arcsin(np.clip(rel[..., 1] / length, -1, 1)))
    angles, limits = zip(*_HAIRLINE, strict=True)
    limit = np.interp(around, angles, limits) + (6.0 if short else 0.0) * (around > 120)
    return np.asarray(up - limit)


def _bun(centre: np.ndarray, radii: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rings, segments = 14, 28
    theta = np.linspace(0, np.pi, rings + 1)
    phi = np.linspace(0, 2 * np.pi, segments + 1)
    t, p = np.meshgrid(theta, phi, indexing="ij")
    unit = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], axis=-1)
    points = (unit * radii + centre).reshape(-1, 3)
    quads = []
    for r in range(rings):
        for s in range(segments):
            a = r * (segments + 1) + s
            b = a + segments + 1
            quads.append([a, b, b + 1, a + 1])
    uvs = np.stack([p.ravel() / np.pi * 3, t.ravel() / np.pi], axis=1)
    return points, np.array(quads), uvs


def hair(
    mesh: BaseMesh,
    vertices: np.ndarray,
    groups: dict[str, np.ndarray],
    joints: list[Joint],
    joint_ids: np.ndarray,
    weights: np.ndarray,
    outfit: object,
) -> list[Primitive]:
    color = outfit.hair  # type: ignore[attr-defined]
    long_hair = bool(outfit.long_hair)  # type: ignore[attr-defined]
    texture = hair_texture(color)
    centre = _frame(vertices, groups)
    head_index = next(i for i, j in enumerate(joints) if j.name == "Head")
    on_head = np.zeros(len(vertices), bool)
    on_head[groups["body"]] = True
    neck_index = next(i for i, j in enumerate(joints) if j.name == "Neck")
    upper = (joint_ids == head_index) | (joint_ids == neck_index)
    on_head &= (weights * upper).sum(axis=1) > 0.5  # the nape too: the texture draws the line
    on_head &= vertices[:, 1] > centre[1] - 0.13
    short = not long_hair
    height = above_hairline(vertices, centre, short)
    region = on_head & (height > -20.0)  # beyond the hairline: the texture cuts it exactly
    body = mesh.faces_of("body")
    body_faces, body_uvs = mesh.faces[body], mesh.face_uvs[body]
    chosen = region[body_faces].all(axis=1)
    quads, quad_uvs = body_faces[chosen], body_uvs[chosen]
    normals = smooth_normals(vertices, triangles(body_faces))
    # thick on the crown, thin at the hairline
    volume = 0.014 if long_hair else 0.01
    lift = 0.001 + volume * np.clip(height / 25.0, 0, 1) ** 0.6
    scalp = hair_cap_texture(mesh, vertices, color, lambda xyz: above_hairline(xyz, centre, short),
                             centre)  # fmt: skip
    cap_prims = shell(vertices, normals, quads, joint_ids, weights, lift, (1.0, 1.0, 1.0), 0.62,
                      "hair", (mesh.uvs, quad_uvs), scalp, height > 4.0)  # fmt: skip
    out = cap_prims
    if long_hair:
        used = np.unique(quads)
        lifted = vertices[used] + normals[used] * lift[used, None]
        back = lifted[np.argmin(lifted[:, 2])]
        bun_centre = np.array([0.0, centre[1] - 0.005, back[2] - 0.015])
        points, bun_quads, bun_uvs = _bun(bun_centre, np.array([0.048, 0.04, 0.034]))
        bun_normals = smooth_normals(points, triangles(bun_quads))
        ids = np.zeros((len(points), 4), np.uint16)
        ids[:, 0] = head_index
        ws = np.zeros((len(points), 4), np.float32)
        ws[:, 0] = 1.0
        bun = Part(points, bun_normals, bun_quads, ids, ws, bun_uvs, bun_quads)
        out.append(
            bun.primitive((1.0, 1.0, 1.0, 1.0), texture=texture, roughness=0.42, name="hair")
        )
    return out
