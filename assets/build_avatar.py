"""Builds Vitrine's default guide, "Mia", a stylised docent, as assets/avatars/docent.glb.

Run ``python assets/build_avatar.py``. The avatar is made here from primitives: a skinned
body with a small skeleton (spine, neck, head, eyes, arms) for gaze and gestures, and a face
mesh with morph targets named like Ready Player Me / Oculus avatars: the 15 visemes
(``viseme_sil`` ... ``viseme_U``), ``eyeBlinkLeft``, ``eyeBlinkRight`` and ``mouthSmile``.
Y is up, the avatar faces +Z, units are metres.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import trimesh
from gltf_writer import JointSpec, MeshSpec, Primitive, write_glb

OUT = Path(__file__).resolve().parent / "avatars" / "docent.glb"

SKIN = (0.96, 0.79, 0.66, 1.0)
BLAZER = (0.16, 0.36, 0.48, 1.0)
DRESS = (0.12, 0.15, 0.21, 1.0)
HAIR = (0.23, 0.16, 0.13, 1.0)
LIPS = (0.8, 0.47, 0.47, 1.0)
MOUTH = (0.33, 0.11, 0.13, 1.0)
TEETH = (0.97, 0.96, 0.93, 1.0)
EYE_WHITE = (0.97, 0.97, 0.95, 1.0)
IRIS = (0.33, 0.22, 0.15, 1.0)
PUPIL = (0.04, 0.03, 0.03, 1.0)
ACCENT = (0.93, 0.6, 0.22, 1.0)
SHOES = (0.12, 0.11, 0.11, 1.0)
WHITE = (0.98, 0.98, 0.98, 1.0)

VISEMES = ("sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "I", "O", "U")
# opening, width, rounding, lower-lip tuck (FF) for each viseme
SHAPES = {
    "sil": (0.0, 1.0, 0.0, 0.0),
    "PP": (0.0, 0.94, 0.1, 0.0),
    "FF": (0.12, 1.0, 0.0, 1.0),
    "TH": (0.25, 1.0, 0.0, 0.3),
    "DD": (0.3, 1.02, 0.0, 0.0),
    "kk": (0.35, 0.98, 0.0, 0.0),
    "CH": (0.25, 0.84, 0.55, 0.0),
    "SS": (0.14, 1.12, 0.0, 0.0),
    "nn": (0.2, 1.0, 0.0, 0.0),
    "RR": (0.25, 0.86, 0.6, 0.0),
    "aa": (1.0, 1.05, 0.0, 0.0),
    "E": (0.55, 1.16, 0.0, 0.0),
    "I": (0.35, 1.22, 0.0, 0.0),
    "O": (0.75, 0.78, 0.8, 0.0),
    "U": (0.35, 0.62, 1.0, 0.0),
}
TARGETS = [f"viseme_{v}" for v in VISEMES] + ["eyeBlinkLeft", "eyeBlinkRight", "mouthSmile"]

JOINTS = [
    JointSpec("Hips", (0.0, 0.0, 0.0), None),
    JointSpec("Spine", (0.0, 1.0, 0.0), 0),
    JointSpec("Neck", (0.0, 1.42, 0.0), 1),
    JointSpec("Head", (0.0, 1.5, 0.0), 2),
    JointSpec("LeftEye", (0.036, 1.6, 0.082), 3),
    JointSpec("RightEye", (-0.036, 1.6, 0.082), 3),
    JointSpec("LeftArm", (0.19, 1.37, 0.0), 1),
    JointSpec("LeftForeArm", (0.225, 1.11, 0.0), 6),
    JointSpec("RightArm", (-0.19, 1.37, 0.0), 1),
    JointSpec("RightForeArm", (-0.225, 1.11, 0.0), 8),
]
J = {joint.name: index for index, joint in enumerate(JOINTS)}

HEAD_CENTRE = np.array([0.0, 1.585, 0.0])
HEAD_RADII = np.array([0.1, 0.118, 0.108])
MOUTH_Y = 1.533
MOUTH_Z = 0.1


def _z_to_y(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    mesh.apply_transform(trimesh.transformations.rotation_matrix(-math.pi / 2, [1, 0, 0]))
    return mesh


def _prim(mesh: trimesh.Trimesh, color: tuple, joint: str, roughness: float = 0.6) -> Primitive:
    positions = np.asarray(mesh.vertices, dtype=np.float32)
    return Primitive(
        positions,
        np.asarray(mesh.vertex_normals, dtype=np.float32),
        np.asarray(mesh.faces),
        color,
        np.full(len(positions), J[joint]),
        roughness=roughness,
    )


def _sphere(centre, radii, subdivisions: int = 3) -> trimesh.Trimesh:
    mesh = trimesh.creation.icosphere(subdivisions=subdivisions, radius=1.0)
    mesh.apply_scale(1.0)
    mesh.vertices = mesh.vertices * np.asarray(radii) + np.asarray(centre)
    return mesh


def _limb(start, end, radius: float) -> trimesh.Trimesh:
    mesh = trimesh.creation.capsule(
        height=float(np.linalg.norm(np.subtract(end, start))), radius=radius, count=[16, 16]
    )
    direction = np.subtract(end, start) / np.linalg.norm(np.subtract(end, start))
    align = trimesh.geometry.align_vectors([0, 0, 1], direction)
    mesh.apply_transform(align)
    mesh.apply_translation((np.asarray(start) + np.asarray(end)) / 2)
    return mesh


def _lathe(profile, squash_z: float = 1.0) -> trimesh.Trimesh:
    mesh = _z_to_y(trimesh.creation.revolve(np.asarray(profile, dtype=float), sections=48))
    mesh.vertices[:, 2] *= squash_z
    mesh.fix_normals()
    return mesh


def body() -> MeshSpec:
    parts = []
    dress = _lathe(
        [(0.0, 0.42), (0.205, 0.42), (0.2, 0.47), (0.165, 0.75), (0.15, 0.98), (0.0, 0.98)],
        squash_z=0.8,
    )
    parts.append(_prim(dress, DRESS, "Hips", 0.8))
    torso = _lathe(
        [
            (0.0, 0.93),
            (0.158, 0.93),
            (0.172, 1.1),
            (0.184, 1.27),
            (0.165, 1.36),
            (0.1, 1.42),
            (0.0, 1.43),
        ],
        squash_z=0.72,
    )
    parts.append(_prim(torso, BLAZER, "Spine", 0.7))
    for side in (1, -1):
        leg = _limb((0.075 * side, 0.08, 0.0), (0.075 * side, 0.45, 0.0), 0.043)
        parts.append(_prim(leg, DRESS, "Hips", 0.5))
        shoe = _sphere((0.075 * side, 0.035, 0.035), (0.045, 0.035, 0.085), 2)
        parts.append(_prim(shoe, SHOES, "Hips", 0.35))
        upper = _limb((0.19 * side, 1.36, 0.0), (0.225 * side, 1.12, 0.0), 0.041)
        parts.append(_prim(upper, BLAZER, "LeftArm" if side > 0 else "RightArm", 0.7))
        fore = _limb((0.225 * side, 1.11, 0.0), (0.24 * side, 0.9, 0.03), 0.035)
        parts.append(_prim(fore, BLAZER, "LeftForeArm" if side > 0 else "RightForeArm", 0.7))
        hand = _sphere((0.245 * side, 0.855, 0.04), (0.03, 0.045, 0.024), 2)
        parts.append(_prim(hand, SKIN, "LeftForeArm" if side > 0 else "RightForeArm", 0.55))
    neck = _limb((0.0, 1.39, 0.0), (0.0, 1.5, 0.005), 0.04)
    parts.append(_prim(neck, SKIN, "Neck", 0.55))
    scarf = _z_to_y(trimesh.creation.torus(0.058, 0.016, 40, 12))
    scarf.vertices[:, 2] *= 0.9
    scarf.apply_translation((0.0, 1.415, 0.0))
    parts.append(_prim(scarf, ACCENT, "Neck", 0.8))
    badge = trimesh.creation.box([0.06, 0.022, 0.006])
    badge.apply_translation((0.075, 1.27, 0.132))
    parts.append(_prim(badge, WHITE, "Spine", 0.4))
    return MeshSpec("Body", parts)


def eyes() -> MeshSpec:
    parts = []
    for name, sign in (("LeftEye", 1), ("RightEye", -1)):
        centre = np.array(JOINTS[J[name]].position)
        parts.append(_prim(_sphere(centre, (0.019,) * 3, 3), EYE_WHITE, name, 0.2))
        parts.append(
            _prim(_sphere(centre + (0, 0, 0.0114), (0.0122, 0.0122, 0.0082), 3), IRIS, name, 0.3)
        )
        parts.append(
            _prim(_sphere(centre + (0, 0, 0.0168), (0.006, 0.006, 0.003), 2), PUPIL, name, 0.2)
        )
        parts.append(
            _prim(
                _sphere(centre + (0.004 * sign, 0.005, 0.0188), (0.0026,) * 3, 1), WHITE, name, 0.1
            )
        )
    return MeshSpec("Eyes", parts)


def _mouth_ring(
    opening: float, width: float, rounding: float, tuck: float, smile: float, samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """Centre line of the lips and the inner edge, for one mouth shape."""
    theta = np.linspace(0, 2 * math.pi, samples, endpoint=False)
    half_width = 0.021 * width * (1 - 0.3 * rounding) * (1 + 0.06 * smile)
    upper = np.sin(theta) > 0
    drop = 0.017 * opening + 0.004 * rounding
    y = np.where(upper, 0.0035 + 0.0025 * opening, -0.0035 - drop) * np.abs(np.sin(theta)) ** 0.8
    y = y + (0.0012 + 0.006 * smile) * np.cos(theta) ** 2  # a friendly resting smile
    x = half_width * np.cos(theta)
    z = MOUTH_Z - 2.2 * x**2 + 0.007 * rounding - np.where(upper, 0.0, 0.004 * tuck)
    centre = np.column_stack([x, MOUTH_Y + y, z])
    inner = centre.copy()
    inner[:, 0] *= 0.88
    inner[:, 1] = MOUTH_Y + y * 0.72
    inner[:, 2] -= 0.003
    return centre, inner


def _lips(samples: int = 56, tube: int = 10) -> tuple[trimesh.Trimesh, dict[str, np.ndarray]]:
    """The lips as a tube around the mouth line, and its vertex positions per target."""

    def build(params: tuple[float, float, float, float], smile: float) -> np.ndarray:
        centre, _ = _mouth_ring(*params, smile, samples)
        radius = 0.0032 * (1 + 0.25 * params[2])
        points = []
        for i in range(samples):
            tangent = centre[(i + 1) % samples] - centre[i - 1]
            tangent /= np.linalg.norm(tangent)
            normal = np.cross(tangent, [0.0, 0.0, 1.0])
            normal /= np.linalg.norm(normal) or 1.0
            binormal = np.cross(tangent, normal)
            for j in range(tube):
                angle = 2 * math.pi * j / tube
                points.append(
                    centre[i]
                    + radius * (math.cos(angle) * normal + math.sin(angle) * binormal * 0.8)
                )
        return np.asarray(points)

    rest = build(SHAPES["sil"], 0.0)
    faces = []
    for i in range(samples):
        for j in range(tube):
            a, b = i * tube + j, i * tube + (j + 1) % tube
            c, d = ((i + 1) % samples) * tube + j, ((i + 1) % samples) * tube + (j + 1) % tube
            faces += [(a, c, b), (b, c, d)]
    mesh = trimesh.Trimesh(rest, faces, process=False)
    mesh.fix_normals()
    targets = {f"viseme_{v}": build(SHAPES[v], 0.0) - rest for v in VISEMES}
    targets["mouthSmile"] = build(SHAPES["sil"], 1.0) - rest
    return mesh, targets


def _mouth_inside(samples: int = 56) -> tuple[trimesh.Trimesh, dict[str, np.ndarray]]:
    def build(params: tuple[float, float, float, float], smile: float) -> np.ndarray:
        _, inner = _mouth_ring(*params, smile, samples)
        back = np.array([[0.0, MOUTH_Y - 0.004 * params[0], MOUTH_Z - 0.016]])
        return np.concatenate([back, inner])

    rest = build(SHAPES["sil"], 0.0)
    faces = [(0, 1 + i, 1 + (i + 1) % samples) for i in range(samples)]
    mesh = trimesh.Trimesh(rest, faces, process=False)
    targets = {f"viseme_{v}": build(SHAPES[v], 0.0) - rest for v in VISEMES}
    targets["mouthSmile"] = build(SHAPES["sil"], 1.0) - rest
    return mesh, targets


def _head() -> tuple[trimesh.Trimesh, dict[str, np.ndarray]]:
    mesh = _sphere(HEAD_CENTRE, HEAD_RADII, 4)
    # An opening behind the lips, so the dark inside of the mouth shows when it opens.
    v = mesh.vertices
    reach = np.where(v[:, 1] > MOUTH_Y, 0.0085, 0.0105)
    in_opening = ((v[:, 0] / 0.026) ** 2 + ((v[:, 1] - MOUTH_Y) / reach) ** 2 < 1.0) & (
        v[:, 2] > 0.05
    )
    mesh.update_faces(~np.all(in_opening[mesh.faces], axis=1))
    mesh.remove_unreferenced_vertices()
    local = mesh.vertices - HEAD_CENTRE
    # the chin follows the jaw: front vertices below the mouth drop with the opening
    below = np.clip((MOUTH_Y - 0.004 - mesh.vertices[:, 1]) / 0.03, 0, 1)
    front = np.clip((local[:, 2] - 0.02) / 0.06, 0, 1)
    fade = np.clip((mesh.vertices[:, 1] - (MOUTH_Y - 0.09)) / 0.03, 0, 1)
    jaw = below * front * fade
    targets = {}
    for v in VISEMES:
        opening = SHAPES[v][0]
        delta = np.zeros_like(mesh.vertices)
        delta[:, 1] = -0.013 * opening * jaw
        delta[:, 2] = -0.003 * opening * jaw
        targets[f"viseme_{v}"] = delta
    cheeks = np.exp(
        -(
            ((np.abs(local[:, 0]) - 0.045) / 0.02) ** 2
            + ((mesh.vertices[:, 1] - (MOUTH_Y + 0.012)) / 0.02) ** 2
        )
    ) * (local[:, 2] > 0)
    smile = np.zeros_like(mesh.vertices)
    smile[:, 1] = 0.003 * cheeks
    smile[:, 2] = 0.002 * cheeks
    targets["mouthSmile"] = smile
    return mesh, targets


def _lid(eye: str) -> tuple[trimesh.Trimesh, np.ndarray]:
    centre = np.array(JOINTS[J[eye]].position)
    sphere = trimesh.creation.uv_sphere(radius=0.0206, count=[24, 24])
    keep = np.all(
        (sphere.vertices[sphere.faces][:, :, 2] > 0.0042)
        & (sphere.vertices[sphere.faces][:, :, 1] > -0.02),
        axis=1,
    )
    sphere.update_faces(keep)
    sphere.remove_unreferenced_vertices()
    _z_to_y(sphere)  # the uv sphere's poles now point along +Y and -Y; keep the top cap
    local = sphere.vertices.copy()
    top = local[:, 1] > 0.0125
    sphere.update_faces(np.all(top[sphere.faces], axis=1))
    sphere.remove_unreferenced_vertices()
    local = sphere.vertices.copy()
    angle = math.radians(105)
    rotation = trimesh.transformations.rotation_matrix(angle, [1, 0, 0])[:3, :3]
    closed = local @ rotation.T
    sphere.vertices = local + centre
    sphere.fix_normals()
    return sphere, closed - local


def features() -> MeshSpec:
    """Hair, brows, ears, nose and teeth: on the head, with no morph targets."""
    primitives = []
    hair = _sphere(HEAD_CENTRE + (0, 0.012, -0.014), HEAD_RADII * 1.1, 5)
    local = hair.vertices - HEAD_CENTRE
    fringe = 0.052 - 0.012 * np.cos(local[:, 0] / 0.1 * math.pi)  # a soft arc over the brow
    region = (local[:, 2] < 0.012) & (local[:, 1] > -0.07) | (local[:, 1] > fringe)
    hair.update_faces(np.all(region[hair.faces], axis=1))
    hair.remove_unreferenced_vertices()
    primitives.append(_prim(hair, HAIR, "Head", 0.75))
    bun = _sphere(HEAD_CENTRE + (0, 0.085, -0.085), (0.045, 0.042, 0.045), 3)
    primitives.append(_prim(bun, HAIR, "Head", 0.75))
    for sign in (1, -1):
        brow = _limb((0.02 * sign, 1.633, 0.1), (0.055 * sign, 1.628, 0.088), 0.0032)
        primitives.append(_prim(brow, HAIR, "Head", 0.7))
        ear = _sphere((0.099 * sign, 1.585, 0.0), (0.012, 0.022, 0.014), 2)
        primitives.append(_prim(ear, SKIN, "Head", 0.6))
    nose = _sphere((0.0, 1.57, 0.108), (0.0085, 0.011, 0.0085), 2)
    primitives.append(_prim(nose, SKIN, "Head", 0.55))
    teeth = trimesh.creation.box([0.026, 0.0045, 0.004])
    teeth.apply_translation((0.0, MOUTH_Y + 0.0015, MOUTH_Z - 0.0085))
    primitives.append(_prim(teeth, TEETH, "Head", 0.3))
    cavity = _sphere((0.0, MOUTH_Y - 0.004, MOUTH_Z - 0.03), (0.028, 0.02, 0.02), 2)
    cavity.invert()  # seen from inside, through the mouth
    primitives.append(_prim(cavity, MOUTH, "Head", 0.9))
    return MeshSpec("Features", primitives)


def face() -> MeshSpec:
    """The parts that move with speech, blinks and smiles."""
    primitives = []
    head, head_targets = _head()
    primitives.append(_with_targets(_prim(head, SKIN, "Head", 0.55), head_targets))
    lips, lip_targets = _lips()
    primitives.append(_with_targets(_prim(lips, LIPS, "Head", 0.45), lip_targets))
    inside, inside_targets = _mouth_inside()
    primitives.append(_with_targets(_prim(inside, MOUTH, "Head", 0.9), inside_targets))
    for eye, target in (("LeftEye", "eyeBlinkLeft"), ("RightEye", "eyeBlinkRight")):
        lid, closed = _lid(eye)
        primitives.append(_with_targets(_prim(lid, SKIN, "Head", 0.55), {target: closed}))
    return MeshSpec("Face", primitives, TARGETS)


def _with_targets(primitive: Primitive, targets: dict[str, np.ndarray]) -> Primitive:
    primitive.targets = {
        name: np.asarray(delta, dtype=np.float32) for name, delta in targets.items()
    }
    return primitive


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_glb(str(OUT), [body(), eyes(), features(), face()], JOINTS)
    print(f"{OUT.name}: {OUT.stat().st_size // 1024} KiB, targets: {', '.join(TARGETS)}")


if __name__ == "__main__":
    main()
