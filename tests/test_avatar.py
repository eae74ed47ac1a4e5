"""The digital human: the built-in guides and curators' avatars, headless (EGL)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from panda3d.core import Point3, Vec3

from app.errors import AssetError
from app.meshes.avatar_info import read_avatar_info
from app.render.avatar import avatar_path, load_avatar
from app.render.camera import configure_lens
from app.render.capture import capture_rgb, project_to_pixel
from app.render.lighting import add_lighting
from app.render.materials import install_default_textures
from app.render.shading import apply_surface_shader
from guide.behaviour import BlinkTimer, gesture_frame
from guide.visemes import VisemeKey, viseme_weights

pytestmark = pytest.mark.render
DOCENT = avatar_path("builtin", Path("."))
MALE = avatar_path("builtin-male", Path("."))
MOUTH = (0.0, -0.14, 1.475)  # where Mia's mouth is, natural size


@pytest.fixture
def studio(offscreen: Any):
    root = offscreen.render.attachNewNode("studio")
    install_default_textures(root)
    add_lighting(root, "gallery", (8.0, 8.0, 4.0), shadows=False)
    configure_lens(offscreen.camLens, offscreen.win)
    offscreen.cam.setPos(0, -0.75, 1.5)
    offscreen.cam.lookAt(Point3(0, 0, 1.5))
    yield root
    root.removeNode()


def _frame(base: Any) -> np.ndarray:
    base.graphicsEngine.renderFrame()
    base.graphicsEngine.renderFrame()
    return capture_rgb(base)


@pytest.mark.parametrize("path", [DOCENT, MALE], ids=["female", "male"])
def test_builtin_guides_have_visemes_every_arkit_shape_and_a_full_skeleton(path: Path) -> None:
    info = read_avatar_info(path)
    assert info.has_oculus_visemes and info.lacks() == []
    assert {"eyeBlinkLeft", "eyeBlinkRight", "mouthSmile"} <= info.target_names
    arkit = {"jawOpen", "mouthFunnel", "mouthPucker", "browInnerUp", "cheekSquintLeft",
             "eyeLookUpRight", "tongueOut", "mouthSmileLeft", "noseSneerRight"}  # fmt: skip
    assert arkit <= info.target_names
    assert len([n for n in info.target_names if not n.startswith("viseme_")]) >= 52
    data = path.read_bytes()
    document = json.loads(data[20 : 20 + int.from_bytes(data[12:16], "little")])
    bones = {node["name"] for node in document["nodes"]}
    wanted = {"Hips", "Spine2", "Neck", "Head", "LeftEye", "RightEye", "RightArm",
              "RightForeArm", "RightHand", "RightHandIndex3", "LeftHandThumb2", "LeftUpLeg",
              "RightFoot"}  # fmt: skip
    assert wanted <= bones


def test_mouth_opens_on_an_open_viseme_and_closes_on_silence(offscreen: Any, studio: Any) -> None:
    avatar = load_avatar(DOCENT, studio)  # natural size
    apply_surface_shader(studio, False)
    avatar.blink.next_blink = 1e9
    mouth = project_to_pixel(offscreen, MOUTH)
    assert mouth is not None
    crops = {}
    for viseme in ("sil", "aa", "sil"):
        avatar.update(0.1, {viseme: 1.0})
        image = _frame(offscreen)
        x, y = mouth
        crops.setdefault(viseme, []).append(image[y - 25 : y + 25, x - 30 : x + 30].astype(int))
    closed, opened, closed_again = crops["sil"][0], crops["aa"][0], crops["sil"][1]
    assert np.abs(opened - closed).sum(axis=2).mean() > 20, "the open mouth looks different"
    skin = np.median(closed.sum(axis=2))  # most of the crop is the face around the mouth
    dark_open, dark_closed, dark_again = (  # not skin: the mouth's dark inside, or teeth
        (np.abs(crop.sum(axis=2) - skin) > 0.4 * skin).mean()
        for crop in (opened, closed, closed_again)
    )
    assert dark_open > dark_closed + 0.05, "an open mouth shows its inside"
    assert abs(dark_again - dark_closed) < 0.01, "and it closes again"


def test_avatar_turns_to_face_the_camera(offscreen: Any, studio: Any) -> None:
    from app.render.guide_figure import GuideFigure

    avatar = load_avatar(DOCENT, studio)  # natural size
    apply_surface_shader(studio, False)
    figure = GuideFigure(avatar, offscreen.cam, studio)
    figure.place(0.0, 0.0)
    avatar.root.setH(120)  # turned away
    offscreen.cam.setPos(1.0, -2.0, 1.5)
    offscreen.cam.lookAt(Point3(0, 0, 1.3))
    for _ in range(60):
        figure.update(1 / 30, None, 0.0)
    front = avatar.root.getRelativeVector(
        studio, offscreen.cam.getPos(studio) - avatar.root.getPos(studio)
    )
    assert front.y < 0 and abs(front.x) < 0.15 * abs(front.y), "its front (-Y) points at the camera"
    face = project_to_pixel(offscreen, tuple(avatar.root.getPos(studio) + Point3(0, 0, 1.555)))
    image = _frame(offscreen)
    r, g, b = (
        image[face[1] - 3 : face[1] + 3, face[0] - 3 : face[0] + 3].reshape(-1, 3).mean(axis=0)
    )
    assert r > g > b and r > 110, f"the face (skin) is seen, not the hair: {(r, g, b)}"


def test_the_guide_strides_when_it_walks_and_shifts_its_weight_standing(
    offscreen: Any, studio: Any
) -> None:
    avatar = load_avatar(DOCENT, studio)
    forward = Vec3(0, -1, 0)  # the avatar's front

    def knees() -> tuple[float, float]:
        avatar.update(1 / 30, {"sil": 1.0})
        left, right = avatar.joint_position("shin_l"), avatar.joint_position("shin_r")
        assert left is not None and right is not None
        return Vec3(left).dot(forward), Vec3(right).dot(forward)

    avatar.step(0.0, 0.0)
    left, right = knees()
    assert abs(left - right) < 0.03, "standing: knees side by side"
    eased = []
    for _ in range(40):  # standing for 12 s: the weight goes from leg to leg, a knee eases
        avatar.time += 0.3
        left, right = knees()
        eased.append(left - right)
    assert max(eased) > 0.004 and min(eased) < -0.004 and max(map(abs, eased)) < 0.05
    avatar.step(math.pi / 2, 1.0)
    left, right = knees()
    assert left - right > 0.12, "mid-stride the left knee is ahead"
    avatar.step(3 * math.pi / 2, 1.0)
    left, right = knees()
    assert right - left > 0.12, "and half a stride on the right one"


def test_ready_player_me_avatar_follows_the_viseme_timeline(
    offscreen: Any, studio: Any, shared_data: Path
) -> None:
    avatar = load_avatar(shared_data / "avatars/talkinghead-brunette-t.glb", studio, 1.7)
    assert avatar.mouth == "oculus" and avatar.lacks == []
    assert {f"viseme_{v}" for v in ("aa", "O", "PP", "sil")} <= set(avatar.slider_names)
    timeline = [
        VisemeKey(0, "sil"),
        VisemeKey(200, "aa"),
        VisemeKey(600, "O"),
        VisemeKey(900, "sil"),
    ]
    for time_ms, expected in (
        (100, {"sil": 1.0}),
        (400, {"aa": 1.0}),
        (635, None),
        (800, {"O": 1.0}),
    ):
        weights = viseme_weights(timeline, time_ms)
        avatar.update(0.016, weights)
        if expected is not None:
            assert weights == expected
        for viseme in ("aa", "O"):
            assert avatar.slider_value(f"viseme_{viseme}") == pytest.approx(
                weights.get(viseme, 0.0)
            )
        if time_ms == 635:  # in the blend from aa to O: both shapes partly formed
            assert 0 < weights["aa"] < 1 and 0 < weights["O"] < 1
            assert weights["aa"] + weights["O"] == pytest.approx(1.0)


def test_ready_player_me_face_shows_its_textures(
    offscreen: Any, studio: Any, shared_data: Path
) -> None:
    """Its skin, hair and glasses, not the hall's neutral white 1x1 texture."""
    avatar = load_avatar(shared_data / "avatars/talkinghead-brunette-t.glb", studio, 1.7)
    apply_surface_shader(studio, False)
    head = avatar.joint_position("head")
    assert head is not None
    offscreen.cam.setPos(head.x, head.y - 0.8, head.z + 0.05)
    offscreen.cam.lookAt(Point3(head.x, head.y, head.z + 0.02))
    avatar.update(0.1, {"sil": 1.0})
    shot = _frame(offscreen).astype(int)
    face = project_to_pixel(offscreen, (head.x, head.y - 0.1, head.z + 0.05))
    assert face is not None
    x, y = face
    patch = shot[y - 10 : y + 10, x - 10 : x + 10].reshape(-1, 3)
    assert patch.mean() < 170, f"the face is lit skin, not white: {patch.mean(axis=0)}"
    assert np.ptp(patch.mean(axis=0)) > 15, "skin has colour"


def test_a_vroid_export_loads_with_its_face_shapes(studio: Any, shared_data: Path) -> None:
    """VRoid Studio's GLB: meshopt-compressed buffers, WebP textures, quantized vertices, one
    skin per mesh beside the skeleton. It loads as one figure that speaks and looks about."""
    from app.meshes.gltf_unpack import glb_document, needs_unpacking

    path = shared_data / "avatars/talkinghead-vroid.glb"
    document = glb_document(path.read_bytes())
    assert {"EXT_meshopt_compression", "EXT_texture_webp"} <= set(document["extensionsRequired"])
    assert needs_unpacking(document)
    avatar = load_avatar(path, studio, 1.6)
    assert avatar.mouth == "oculus" and avatar.lacks == []
    assert avatar.rig is not None and {"head", "neck", "arm_r", "forearm_r"} <= set(
        avatar.rig.joints
    )
    head = avatar.joint_position("head")
    assert head is not None and 1.3 < head.z < 1.7, "one figure of the height asked for"
    avatar.update(0.1, {"aa": 1.0})
    assert avatar.slider_value("viseme_aa") == pytest.approx(1.0)


def test_draco_compressed_avatar_is_refused_with_the_reason(studio: Any, tmp_path: Path) -> None:
    import struct

    document = {
        "asset": {"version": "2.0"},
        "extensionsUsed": ["KHR_draco_mesh_compression"],
        "extensionsRequired": ["KHR_draco_mesh_compression"],
    }
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    glb = struct.pack("<III", 0x46546C67, 2, 20 + len(text)) + struct.pack(
        "<II", len(text), 0x4E4F534A
    )
    path = tmp_path / "draco.glb"
    path.write_bytes(glb + text)
    with pytest.raises(AssetError) as caught:
        load_avatar(path, studio)
    assert "Draco" in caught.value.reason
    assert "export it again without compression" in caught.value.reason


def test_avatar_without_mouth_shapes_still_works_and_says_what_it_lacks(
    offscreen: Any, studio: Any, shared_data: Path
) -> None:
    avatar = load_avatar(shared_data / "models/bevy/Fox/Fox.glb", studio, 1.0)
    assert avatar.mouth == "none"
    assert any(item.startswith("mouth shapes") for item in avatar.lacks)
    assert any(item.startswith("blinking") for item in avatar.lacks)
    avatar.update(0.1, {"aa": 1.0})
    _frame(offscreen)


def test_vrm_expressions_are_read(tmp_path: Path) -> None:
    document = {
        "asset": {"version": "2.0"},
        "extensionsUsed": ["VRMC_vrm"],
        "nodes": [{"mesh": 0}],
        "meshes": [
            {
                "primitives": [{"attributes": {}, "targets": [{}, {}, {}, {}, {}, {}]}],
                "extras": {"targetNames": ["A", "I", "U", "E", "O", "Blink"]},
            }
        ],
        "extensions": {
            "VRMC_vrm": {
                "expressions": {
                    "preset": {
                        name: {"morphTargetBinds": [{"node": 0, "index": index, "weight": 1.0}]}
                        for index, name in enumerate(["aa", "ih", "ou", "ee", "oh", "blink"])
                    }
                }
            }
        },
    }
    path = tmp_path / "girl.vrm"
    path.write_text(json.dumps(document), encoding="utf-8")
    info = read_avatar_info(path)
    assert info.is_vrm and info.has_vrm_mouth and not info.has_oculus_visemes
    assert info.expressions["oh"] == [("O", 1.0)] and info.expressions["blink"] == [("Blink", 1.0)]
    assert info.lacks() == []


def test_blinks_are_natural() -> None:
    timer = BlinkTimer(seed=3)
    closed_frames, blinks, previous = 0, 0, 0.0
    for _ in range(60 * 60):  # one minute at 60 fps
        value = timer.update(1 / 60)
        if value > 0.9 and previous <= 0.9:
            blinks += 1
        closed_frames += value > 0.5
        previous = value
    assert 8 <= blinks <= 30, blinks
    assert closed_frames / blinks < 10, "each blink is short"


def test_gestures_reach_out_and_end() -> None:
    wave = gesture_frame("wave", 1.0)
    assert wave is not None and wave.reach > 0.9 and -1 <= wave.swing <= 1
    assert gesture_frame("wave", 10.0) is None
    point = gesture_frame("point", 1.2)
    assert point is not None and point.reach > 0.9
    assert gesture_frame("point", 0.05).reach < 0.2  # type: ignore[union-attr]  # easing in
    nod = gesture_frame("nod", 0.45)
    assert nod is not None and nod.reach == 0 and abs(nod.nod) > 5
    assert gesture_frame("none", 0.5) is None


def test_vrm_samples_load_and_say_what_they_cannot_do(
    offscreen: Any, studio: Any, shared_data: Path
) -> None:
    avatar = load_avatar(
        shared_data / "avatars/VRMC_vrm_expressions_isBinary_Overrides.vrm", studio, 1.6
    )
    avatar.update(0.1, {"aa": 1.0})
    _frame(offscreen)
    assert avatar.info.is_vrm and avatar.mouth == "none"
    assert any("texture-based VRM expressions (blink, happy)" in item for item in avatar.lacks)


def test_avatar_check_says_what_an_avatar_supports_and_draws_its_faces(
    shared_data: Path, tmp_path: Path
) -> None:
    from conftest import run_vitrine

    sheet = tmp_path / "faces.png"
    result = run_vitrine(
        "avatar", "check", str(shared_data / "avatars/talkinghead-brunette-t.glb"),
        "--sheet", str(sheet),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "visemes: 15 of 15" in result.stdout
    assert "bones Vitrine moves:" in result.stdout and "head" in result.stdout
    image = np.asarray(__import__("PIL.Image", fromlist=["Image"]).open(sheet).convert("RGB"))
    assert image.shape[0] >= 160 * 4 and image.std() > 10, "a sheet of rendered faces"


def test_validate_says_when_the_scene_avatar_cannot_be_used(
    exhibition: Path, tmp_path: Path
) -> None:
    import struct

    from conftest import run_vitrine

    text = json.dumps(
        {"asset": {"version": "2.0"}, "extensionsRequired": ["KHR_draco_mesh_compression"]}
    ).encode()
    text += b" " * (-len(text) % 4)
    header = struct.pack("<III", 0x46546C67, 2, 20 + len(text))
    (exhibition.parent / "guide.glb").write_bytes(
        header + struct.pack("<II", len(text), 0x4E4F534A) + text
    )
    scene = exhibition.read_text(encoding="utf-8") + (
        "guide:\n  name: {en: Mia, zh: 小美}\n  avatar: guide.glb\n"
    )
    exhibition.write_text(scene, encoding="utf-8")
    result = run_vitrine("validate", str(exhibition))
    assert result.returncode == 0, result.stdout + result.stderr
    warning = next(line for line in result.stdout.splitlines() if "guide.avatar" in line)
    assert "Draco" in warning and "built-in guide shows instead" in warning
    line = next(i for i, row in enumerate(scene.splitlines(), 1) if "avatar: guide.glb" in row)
    assert f":{line}:" in warning


def _renamed_glb(source: Path, target: Path, names: dict[str, str], humanoid: dict) -> None:
    """``source`` with some nodes renamed and a VRM 1.0 humanoid map added."""
    import struct

    data = source.read_bytes()
    length = struct.unpack("<I", data[12:16])[0]
    document = json.loads(data[20 : 20 + length])
    index = {node.get("name"): i for i, node in enumerate(document["nodes"])}
    for old, new in names.items():
        document["nodes"][index[old]]["name"] = new
    bones = {bone: {"node": index[old]} for bone, old in humanoid.items()}
    document.setdefault("extensions", {})["VRMC_vrm"] = {
        "specVersion": "1.0",
        "humanoid": {"humanBones": bones},
    }
    blob = json.dumps(document).encode()
    blob += b" " * (-len(blob) % 4)
    rest = data[20 + length :]
    total = 12 + 8 + len(blob) + len(rest)
    target.write_bytes(
        struct.pack("<III", 0x46546C67, 2, total) + struct.pack("<II", len(blob), 0x4E4F534A)
        + blob + rest
    )  # fmt: skip


def test_vrm_humanoid_bones_drive_gaze_and_arms_whatever_the_nodes_are_called(
    studio: Any, tmp_path: Path
) -> None:
    renames = {"Head": "kopf", "LeftEye": "auge.L", "RightEye": "auge.R", "RightArm": "oberarm.R",
               "RightForeArm": "unterarm.R", "LeftUpLeg": "bein.L"}  # fmt: skip
    humanoid = {"head": "Head", "leftEye": "LeftEye", "rightEye": "RightEye",
                "rightUpperArm": "RightArm", "rightLowerArm": "RightForeArm",
                "leftUpperLeg": "LeftUpLeg"}  # fmt: skip
    path = tmp_path / "renamed.vrm"
    _renamed_glb(DOCENT, path, renames, humanoid)
    info = read_avatar_info(path)
    assert info.is_vrm and info.humanoid["leftEye"] == "auge.L"
    avatar = load_avatar(path, studio)
    assert avatar.rig is not None
    assert {"eye_l", "eye_r", "head", "arm_r", "forearm_r", "thigh_l"} <= set(avatar.rig.joints)
    assert avatar.rig.joints["head"].joint.getName() == "kopf"


def test_vrm_0x_humanoid_and_blend_shape_presets_are_read() -> None:
    from app.meshes.avatar_info import AvatarInfo, _read_vrm0

    document = {
        "extensions": {
            "VRM": {
                "humanoid": {"humanBones": [{"bone": "head", "node": 1}]},
                "blendShapeMaster": {
                    "blendShapeGroups": [
                        {"presetName": "A", "binds": [{"mesh": 0, "index": 1, "weight": 100}]},
                        {"presetName": "Blink", "binds": [{"mesh": 0, "index": 0, "weight": 50}]},
                    ]
                },
            }
        }
    }
    info = AvatarInfo(Path("x.vrm"))
    _read_vrm0(document, [{"name": "root"}, {"name": "kopf"}], [["close", "open"]], info)
    assert info.is_vrm and info.humanoid == {"head": "kopf"}
    assert info.expressions == {"aa": [("open", 1.0)], "blink": [("close", 0.5)]}


def test_an_avatar_without_eye_joints_looks_with_its_eye_shapes(
    studio: Any, tmp_path: Path
) -> None:
    path = tmp_path / "no-eye-bones.glb"
    _renamed_glb(DOCENT, path, {"LeftEye": "x1", "RightEye": "x2"}, {})
    avatar = load_avatar(path, studio)
    assert avatar.rig is not None and "eye_l" not in avatar.rig.joints
    head = avatar.joint_position("head")
    assert head is not None
    avatar.look_at(Point3(head.x + 3.0, head.y - 0.6, head.z))  # far to its left (+X)
    for _ in range(10):
        avatar.update(1 / 30, {"sil": 1.0})
    assert avatar.slider_value("eyeLookOutLeft") > 0.3
    assert avatar.slider_value("eyeLookInRight") > 0.3
    assert avatar.slider_value("eyeLookOutRight") == 0.0


def test_mtoon_materials_keep_their_shade_colour_away_from_the_light(
    studio: Any, shared_data: Path
) -> None:
    from panda3d.core import MaterialAttrib

    path = shared_data / "avatars/VRMC_materials_mtoon_UV_Animation_Test.vrm"
    info = read_avatar_info(path)
    assert info.toon and all(len(shade) == 3 for shade in info.toon.values())
    avatar = load_avatar(path, studio, 1.6)
    glowing = []
    for found in avatar.root.findAllMatches("**/+GeomNode"):
        node = found.node()
        for index in range(node.getNumGeoms()):
            attrib = node.getGeomState(index).getAttrib(MaterialAttrib)
            if attrib is not None and attrib.getMaterial().getName() in info.toon:
                glowing.append(attrib.getMaterial().getEmission().x)
    assert glowing and min(glowing) > 0.2, "the shade side does not go black"
