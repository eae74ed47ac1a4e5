"""Clothes and hair for the guides.

Garments are shells of the body itself: the body faces of a region (chosen by which bones
move them and by height), lifted along their normals and closed at their openings by a rim
back down to the skin, skinned with the body's own weights so they move with it; the skin
they cover is left out. The skirt and the hair start from MakeHuman's helper geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from gltf_writer import Primitive
from human_body import Joint, Person
from human_data import BaseMesh, HumanData
from human_hair import hair
from human_mesh import Part, shell, smooth_normals, triangles
from human_skin import garment_texture, neck_height

__all__ = ["Dressed", "Outfit", "dress"]

RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Outfit:
    top: RGB
    bottom: RGB
    shoes: RGB
    hair: RGB
    skirt: bool
    long_hair: bool
    shirt: RGB = (0.92, 0.91, 0.88)


@dataclass
class Dressed:
    hidden: np.ndarray  # (V,) body vertices under clothes
    primitives: list[Primitive] = field(default_factory=list)

    def covers(self, quads: np.ndarray) -> np.ndarray:
        return self.hidden[quads].all(axis=1)


def _share(
    weights: np.ndarray, joint_ids: np.ndarray, joints: list[Joint], names: set[str]
) -> np.ndarray:
    wanted = np.array([j.name in names for j in joints])
    return (weights * wanted[joint_ids]).sum(axis=1)


def _skirt_weights(
    vertices: np.ndarray,
    joints: list[Joint],
    joint_ids: np.ndarray,
    weights: np.ndarray,
    knee: float,
) -> tuple[np.ndarray, np.ndarray]:
    """A skirt that stretches between the legs instead of tearing along the middle: from
    the waist (all hips) to the hem (mostly thighs), each thigh's share fading across the
    middle over a few centimetres."""
    index = {j.name: i for i, j in enumerate(joints)}
    waist = joints[index["Spine"]].position[1]
    depth = np.clip((waist - vertices[:, 1]) / max(waist - knee, 1e-3), 0, 1) ** 0.7
    left = 0.5 + 0.5 * np.tanh(vertices[:, 0] / 0.012)  # the figure's left is +X
    ids = joint_ids.copy()
    out = weights.copy()
    ids[:, :3] = [index["Hips"], index["LeftUpLeg"], index["RightUpLeg"]]
    ids[:, 3] = index["Hips"]
    out[:, 0] = 1 - depth
    out[:, 1] = depth * left
    out[:, 2] = depth * (1 - left)
    out[:, 3] = 0.0
    return ids, out.astype(np.float32)


def _shoe(
    vertices: np.ndarray,
    normals: np.ndarray,
    foot: np.ndarray,
    joint_ids: np.ndarray,
    weights: np.ndarray,
    color: tuple[float, float, float],
) -> Primitive:
    """A shoe: the convex hull of the foot a few millimetres out (no toes show), each of its
    points moving with the nearest point of the foot."""
    import trimesh

    points = vertices[foot] + normals[foot] * 0.006
    hull = trimesh.convex.convex_hull(points)
    corners = np.asarray(hull.vertices)
    nearest = np.flatnonzero(foot)[
        np.argmin(np.linalg.norm(corners[:, None, :] - points[None, :, :], axis=2), axis=1)
    ]
    tris = np.asarray(hull.faces)
    quads = np.concatenate([tris, tris[:, 2:3]], axis=1)
    part = Part(corners, smooth_normals(corners, tris), quads, joint_ids[nearest], weights[nearest])
    return part.primitive((*color, 1.0), roughness=0.35, name="shoes")


def dress(
    data: HumanData,
    mesh: BaseMesh,
    vertices: np.ndarray,
    groups: dict[str, np.ndarray],
    joints: list[Joint],
    joint_ids: np.ndarray,
    weights: np.ndarray,
    outfit: Outfit,
    person: Person,
) -> Dressed:
    position = {j.name: j.position for j in joints}
    body_faces = mesh.faces[mesh.faces_of("body")]
    body_uvs = mesh.face_uvs[mesh.faces_of("body")]
    normals = smooth_normals(vertices, triangles(body_faces))
    on_body = np.zeros(len(vertices), bool)
    on_body[groups["body"]] = True
    y = vertices[:, 1]

    def share(*names: str) -> np.ndarray:
        return _share(weights, joint_ids, joints, set(names))

    arms = share(*(f"{s}{b}" for s in ("Left", "Right") for b in ("Shoulder", "Arm", "ForeArm")))
    hands = share(*(j.name for j in joints if "Hand" in j.name))
    head = share("Neck", "Head", "LeftEye", "RightEye")
    legs_share = share("LeftUpLeg", "RightUpLeg", "LeftLeg", "RightLeg")
    feet = share("LeftFoot", "RightFoot", "LeftToeBase", "RightToeBase")
    hips_y = position["Hips"][1]
    neck = position["Neck"]
    drop = 0.02 if person.gender < 0.5 else 0.012
    hem = hips_y - (0.0 if outfit.skirt else 0.07)  # over the skirt's waistband, or the hips
    arms_at = [(position[f"{s}ForeArm"], position[f"{s}Hand"]) for s in ("Left", "Right")]

    def worn(points: np.ndarray, margin: float = 0.0) -> np.ndarray:
        """Where the jacket covers (``margin`` metres in from its edges): under the
        neckline, above the hem, the sleeves to 4/5 down the forearm; works on (N, 3) and
        on images of points (H, W, 3), so the texture cuts the same curves."""
        inside = (neck_height(points, neck) < -drop - margin) & (points[..., 1] > hem + margin)
        for elbow, wrist in arms_at:
            span = wrist - elbow
            along = ((points - elbow) @ span) / float(span @ span)
            same_side = np.sign(points[..., 0]) == np.sign(elbow[0])
            inside &= ~(same_side & (along > 0.8 - margin * 4))
        return np.asarray(inside)

    reach = worn(vertices, -0.04)  # faces the shell has, cut by the texture
    top = on_body & reach & (hands < 0.5) & (head < 0.9) & (legs_share < 0.9)
    ankle = min(position["LeftFoot"][1], position["RightFoot"][1])
    lower = (
        on_body & (arms + hands < 0.1) & (y < hips_y + 0.12) & (y > ankle + 0.035) & (feet < 0.5)
    )
    shoes = on_body & (arms + hands < 0.1) & ((feet > 0.3) | (y < ankle + 0.035))
    prims: list[Primitive] = []
    hidden = np.zeros(len(vertices), bool)

    def region(selected: np.ndarray) -> np.ndarray:
        return body_faces[selected[body_faces].all(axis=1)]

    def region_uvs(selected: np.ndarray) -> np.ndarray:
        return body_uvs[selected[body_faces].all(axis=1)]

    # looser over the chest and the hem than on the arms
    loose = np.clip((y - hips_y) / 0.3, 0, 1) * (arms < 0.5)
    lift = 0.005 + 0.009 * loose + 0.006 * np.clip((hips_y + 0.02 - y) / 0.1, 0, 1)
    jacket = garment_texture(mesh, vertices, person, outfit, neck, worn)
    faces = body_faces[top[body_faces].any(axis=1) & on_body[body_faces].all(axis=1)]
    face_uvs = body_uvs[top[body_faces].any(axis=1) & on_body[body_faces].all(axis=1)]
    solid = worn(vertices, 0.012)
    prims.extend(shell(vertices, normals, faces, joint_ids, weights, lift, (1.0, 1.0, 1.0),
                        0.75, "jacket", (mesh.uvs, face_uvs), jacket, solid))  # fmt: skip
    hidden |= worn(vertices, 0.015)  # the skin stays wherever the cut might show it
    if outfit.skirt:
        # tights on the legs, and the skirt helper from the waist to just above the knee
        prims.extend(shell(vertices, normals, region(lower), joint_ids, weights, 0.0015,
                            outfit.bottom, 0.45, "tights"))  # fmt: skip
        knee = position["LeftLeg"][1]
        skirt_faces = mesh.faces[mesh.faces_of("helper-skirt")]
        skirt_y = vertices[skirt_faces, 1].min(axis=1)
        keep = skirt_faces[skirt_y > knee + 0.05]
        skirt_normals = smooth_normals(vertices, triangles(keep))
        skirt_ids, skirt_weights = _skirt_weights(vertices, joints, joint_ids, weights, knee)
        prims.extend(shell(vertices, skirt_normals, keep, skirt_ids, skirt_weights, 0.004,
                            outfit.top, 0.75, "skirt"))  # fmt: skip
    else:
        flare = 0.007 + 0.012 * np.clip((position["LeftLeg"][1] - y) / 0.4, 0, 1)
        prims.extend(shell(vertices, normals, region(lower), joint_ids, weights, flare,
                            outfit.bottom, 0.7, "trousers"))  # fmt: skip
    hidden |= lower
    for side in (1.0, -1.0):
        prims.append(_shoe(vertices, normals, shoes & (np.sign(vertices[:, 0]) == side),
                           joint_ids, weights, outfit.shoes))  # fmt: skip
    hidden |= shoes
    prims.extend(hair(mesh, vertices, groups, joints, joint_ids, weights, outfit))
    return Dressed(hidden, prims)
