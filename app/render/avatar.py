"""The digital human in the hall: a glTF avatar whose morph targets and joints are driven each
frame by the guide's visemes, blinks, gaze, breathing and gestures.

Avatars are loaded with panda3d-gltf, which turns morph targets into character sliders named
after ``mesh.extras.targetNames``. Vitrine speaks Oculus/Ready Player Me visemes natively and
maps them onto VRM 1.0 expressions or ARKit shapes when that is what an avatar has.
"""

from __future__ import annotations

import logging
import math
import random
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from panda3d.core import (
    Character,
    CharacterJoint,
    CharacterSlider,
    LMatrix4f,
    NodePath,
    Point3,
    Vec3,
)

from app.errors import AssetError
from app.meshes.avatar_info import AvatarInfo, read_avatar_info
from app.render.avatar_pose import JointRig
from app.render.materials import adopt_gltf_textures, approximate_toon
from app.scene import builtin_assets_dir
from app.scene.model import GestureName
from app.scene.references import References
from guide.behaviour import (
    GESTURE_SECONDS,
    BlinkTimer,
    GestureClip,
    GestureFrame,
    breathing,
    weight_shift,
)

__all__ = [
    "ARKIT_FOR_VISEME",
    "BUILTIN_AVATARS",
    "DEFAULT_AVATAR",
    "VRM_FOR_VISEME",
    "Avatar",
    "load_avatar",
]

log = logging.getLogger(__name__)

# Vitrine's own guides, made by assets/build_avatar.py from MakeHuman's data (CC0).
BUILTIN_AVATARS = {
    "builtin": "avatars/guide_female.glb",
    "builtin-female": "avatars/guide_female.glb",
    "builtin-male": "avatars/guide_male.glb",
}
DEFAULT_AVATAR = BUILTIN_AVATARS["builtin"]

VRM_FOR_VISEME: dict[str, dict[str, float]] = {
    "aa": {"aa": 1.0},
    "E": {"ee": 0.8, "aa": 0.2},
    "I": {"ih": 1.0},
    "O": {"oh": 1.0},
    "U": {"ou": 1.0},
    "CH": {"ou": 0.4, "ih": 0.3},
    "SS": {"ih": 0.5},
    "RR": {"ou": 0.5},
    "DD": {"aa": 0.3},
    "kk": {"aa": 0.35},
    "nn": {"aa": 0.2},
    "TH": {"aa": 0.25},
    "FF": {"ih": 0.2},
    "PP": {},
    "sil": {},
}
ARKIT_FOR_VISEME: dict[str, dict[str, float]] = {
    "aa": {"jawOpen": 0.7},
    "E": {"jawOpen": 0.35, "mouthStretchLeft": 0.5, "mouthStretchRight": 0.5},
    "I": {"jawOpen": 0.2, "mouthSmileLeft": 0.5, "mouthSmileRight": 0.5},
    "O": {"jawOpen": 0.45, "mouthFunnel": 0.7},
    "U": {"jawOpen": 0.15, "mouthPucker": 0.9},
    "CH": {"jawOpen": 0.2, "mouthFunnel": 0.4},
    "SS": {"jawOpen": 0.1, "mouthStretchLeft": 0.3, "mouthStretchRight": 0.3},
    "RR": {"jawOpen": 0.2, "mouthPucker": 0.4},
    "DD": {"jawOpen": 0.3},
    "kk": {"jawOpen": 0.35},
    "nn": {"jawOpen": 0.2},
    "TH": {"jawOpen": 0.25},
    "FF": {"mouthRollLower": 0.6},
    "PP": {"mouthClose": 0.6},
    "sil": {},
}
_OPENING = {
    "aa": 1.0,
    "E": 0.55,
    "I": 0.35,
    "O": 0.75,
    "U": 0.35,
    "CH": 0.25,
    "SS": 0.12,
    "RR": 0.25,
    "DD": 0.3,
    "kk": 0.35,
    "nn": 0.2,
    "TH": 0.25,
    "FF": 0.12,
}
_HEAD = ("Head", "head", "J_Bip_C_Head")
_NECK = ("Neck", "neck", "J_Bip_C_Neck")
_SPINE = ("Spine2", "Spine1", "Spine", "spine", "J_Bip_C_Chest")
_EYES = (("LeftEye", "eye_L", "J_Adj_L_FaceEye"), ("RightEye", "eye_R", "J_Adj_R_FaceEye"))
_LIMBS = {
    "arm_r": ("RightArm", "J_Bip_R_UpperArm", "upperarm_r"),
    "forearm_r": ("RightForeArm", "J_Bip_R_LowerArm", "lowerarm_r"),
    "hand_r": ("RightHand", "J_Bip_R_Hand", "hand_r"),
    "arm_l": ("LeftArm", "J_Bip_L_UpperArm", "upperarm_l"),
    "forearm_l": ("LeftForeArm", "J_Bip_L_LowerArm", "lowerarm_l"),
    "hand_l": ("LeftHand", "J_Bip_L_Hand", "hand_l"),
}
_LEGS = {
    "thigh_l": ("LeftUpLeg", "J_Bip_L_UpperLeg", "thigh_l"),
    "shin_l": ("LeftLeg", "J_Bip_L_LowerLeg", "calf_l"),
    "thigh_r": ("RightUpLeg", "J_Bip_R_UpperLeg", "thigh_r"),
    "shin_r": ("RightLeg", "J_Bip_R_LowerLeg", "calf_r"),
}
_JAW = ("Jaw", "jaw", "J_Bip_C_Jaw")
# VRM humanoid bones for each role (the first the avatar has wins)
_VRM_BONES = {
    "head": ("head",), "neck": ("neck",), "spine": ("upperChest", "chest", "spine"),
    "eye_l": ("leftEye",), "eye_r": ("rightEye",), "jaw": ("jaw",),
    "arm_r": ("rightUpperArm",), "forearm_r": ("rightLowerArm",), "hand_r": ("rightHand",),
    "arm_l": ("leftUpperArm",), "forearm_l": ("leftLowerArm",), "hand_l": ("leftHand",),
    "thigh_l": ("leftUpperLeg",), "shin_l": ("leftLowerLeg",),
    "thigh_r": ("rightUpperLeg",), "shin_r": ("rightLowerLeg",),
}  # fmt: skip
_THIGH_SWING, _KNEE_BEND, _ARM_SWING = 24.0, 38.0, 0.16  # degrees, degrees, of the arm's length
# Faces from the ARKit shapes (RPM, TalkingHead, anny), and VRM presets.
FACES: dict[str, dict[str, float]] = {
    "happy": {"mouthSmileLeft": 0.6, "mouthSmileRight": 0.6, "mouthSmile": 0.8,
              "cheekSquintLeft": 0.3, "cheekSquintRight": 0.3, "eyeSquintLeft": 0.2,
              "eyeSquintRight": 0.2},
    "thinking": {"browInnerUp": 0.35, "browDownLeft": 0.25, "mouthPressLeft": 0.3,
                 "mouthPressRight": 0.3, "eyeLookUpLeft": 0.35, "eyeLookUpRight": 0.35,
                 "mouthRollLower": 0.15},
    "surprised": {"browInnerUp": 0.8, "browOuterUpLeft": 0.6, "browOuterUpRight": 0.6,
                  "eyeWideLeft": 0.5, "eyeWideRight": 0.5, "jawOpen": 0.12},
}  # fmt: skip
_VRM_FACES = {"happy": "happy", "surprised": "surprised", "thinking": "relaxed"}
_EMPHASIS = {"browInnerUp": 0.45, "browOuterUpLeft": 0.35, "browOuterUpRight": 0.35}
_FACE_SECONDS = 3.5  # how long a cued face lasts (fading in and out)
_HEAD_YAW, _HEAD_PITCH = 70.0, 30.0  # how far head and neck turn together (degrees)
_EYE_YAW, _EYE_PITCH = 25.0, 15.0  # and the eyes beyond them
_NECK_SHARE = 0.35


def _walk(group: Any, sliders: dict[str, list[Any]], joints: dict[str, Any]) -> None:
    if isinstance(group, CharacterSlider):
        sliders.setdefault(group.getName(), []).append(group)
    elif isinstance(group, CharacterJoint):
        joints.setdefault(group.getName(), group)
    for index in range(group.getNumChildren()):
        _walk(group.getChild(index), sliders, joints)


class Avatar:
    """One avatar in the scene graph and the controls that animate it."""

    def __init__(self, root: NodePath, info: AvatarInfo) -> None:
        self.root = root
        self.info = info
        self.lacks = info.lacks()
        self.character: Character | None = None
        sliders: dict[str, list[Any]] = {}
        joints: dict[str, Any] = {}
        found = root.findAllMatches("**/+Character")
        for index in range(found.getNumPaths()):
            character = found.getPath(index).node()
            self.character = self.character or character
            for bundle_index in range(character.getNumBundles()):
                _walk(character.getBundle(bundle_index), sliders, joints)
        self._slider_controls: dict[str, NodePath] = {}
        for name, parts in sliders.items():
            control = NodePath(f"slider-{name}")
            for part in parts:
                part.applyControl(control.node())
            self._slider_controls[name] = control
        self._joint_controls: dict[str, tuple[NodePath, LMatrix4f]] = {}
        roles: dict[str, CharacterJoint] = {}
        humanoid = info.humanoid  # a VRM's own bone map comes first
        for role, names in (
            ("head", _HEAD),
            ("neck", _NECK),
            ("spine", _SPINE),
            ("eye_l", _EYES[0]),
            ("eye_r", _EYES[1]),
            ("jaw", _JAW),
            *_LIMBS.items(),
            *_LEGS.items(),
        ):
            mapped = [humanoid[b] for b in _VRM_BONES.get(role, ()) if b in humanoid]
            joint = next((joints[n] for n in (*mapped, *names) if n in joints), None)
            if joint is None:
                continue
            roles[role] = joint
            if role.startswith("hand"):
                continue  # only its position is needed: where the arm ends
            control = NodePath(f"joint-{role}")
            rest = LMatrix4f(joint.getDefaultValue())
            control.setMat(rest)
            joint.applyControl(control.node())
            self._joint_controls[role] = (control, rest)
        for role, joint in _finger_joints(joints, humanoid).items():
            roles[role] = joint
            control = NodePath(f"joint-{role}")
            rest = LMatrix4f(joint.getDefaultValue())
            control.setMat(rest)
            joint.applyControl(control.node())
            self._joint_controls[role] = (control, rest)
        character_path = root.find("**/+Character")
        self.rig = (
            JointRig.build(character_path, root, self._joint_controls, roles)
            if not character_path.isEmpty()
            else None
        )
        if self.rig is not None:
            _relax_fingers(self.rig)
        self.mouth = (
            "oculus"
            if info.has_oculus_visemes
            else "vrm"
            if info.has_vrm_mouth
            else "arkit"
            if info.has_arkit_mouth
            else "jaw"
            if "jaw" in self._joint_controls
            else "none"
        )
        self.blink = BlinkTimer()
        self.time = 0.0
        self.gesture: GestureClip | None = None
        self.look_target: Point3 | None = None
        self.head_turn = [0.0, 0.0]  # current heading, pitch of the head (degrees)
        self.weights: dict[str, float] = {}
        self.face: str = "neutral"
        self._face_since = -1e9
        self._emphasis_since = -1e9
        self.gait = (0.0, 0.0)  # where in the stride cycle (radians), how much of a walk
        self._saccades = random.Random(7)
        self.saccade = (0.0, 0.0)  # the eyes' small jumps about the look target (degrees)
        self.eye_turn = (0.0, 0.0)  # where the eyes look beyond the head (yaw, pitch)
        self._next_saccade = 0.8

    # ----- what the director asks --------------------------------------------------------
    def play_gesture(self, name: GestureName, target: Point3 | None = None) -> None:
        """Start a gesture; ``point`` and ``present`` reach toward ``target`` (a point in the
        avatar's parent's space; straight ahead without one)."""
        if name in GESTURE_SECONDS:
            aim = (target.x, target.y, target.z) if target is not None else None
            self.gesture = GestureClip(name, self.time, aim)

    def look_at(self, target: Point3 | None) -> None:
        self.look_target = target

    def set_expression(self, name: str) -> None:
        """Show ``name`` (happy, thinking, surprised) for a few seconds; ``neutral`` ends it."""
        self.face = name
        self._face_since = self.time if name != "neutral" else -1e9

    def step(self, phase: float, amount: float) -> None:
        """Walk: ``phase`` runs 2 pi per stride of both feet, ``amount`` 0 (standing) to 1."""
        self.gait = (phase, max(0.0, min(1.0, amount)))

    def emphasise(self) -> None:
        """Raise the brows for a stressed word."""
        self._emphasis_since = self.time

    # ----- per frame ---------------------------------------------------------------------
    def update(self, dt: float, visemes: Mapping[str, float], smile: float = 0.25) -> None:
        """Apply one frame: ``visemes`` are Oculus viseme weights (from the speech timeline)."""
        self.time += dt
        weights: dict[str, float] = {}
        self._mouth(visemes, weights)
        closed = self.blink.update(dt)
        for name in ("eyeBlinkLeft", "eyeBlinkRight"):
            weights[name] = max(weights.get(name, 0.0), closed)
        if "blink" in self.info.expressions:
            self._expression("blink", closed, weights)
        for name in ("mouthSmile", "mouthSmileLeft", "mouthSmileRight"):
            weights[name] = max(
                weights.get(name, 0.0), smile * (1.0 if name == "mouthSmile" else 0.5)
            )
        if "happy" in self.info.expressions:
            self._expression("happy", smile * 0.6, weights)
        self._faces(weights)
        self._eye_shapes(weights)
        for name, control in self._slider_controls.items():
            control.setX(weights.get(name, 0.0))
        self.weights = weights
        self._body(dt)

    def _faces(self, weights: dict[str, float]) -> None:
        """The cued face and the brows of a stressed word, faded in and out."""
        age = self.time - self._face_since
        amount = _fade(age, _FACE_SECONDS) if self.face in FACES else 0.0
        if amount > 0:
            for shape, weight in FACES[self.face].items():
                weights[shape] = max(weights.get(shape, 0.0), weight * amount)
            vrm = _VRM_FACES.get(self.face)
            if vrm in self.info.expressions:
                self._expression(vrm, 0.8 * amount, weights)
        elif self.face in FACES:
            self.face = "neutral"
        brows = _fade(self.time - self._emphasis_since, 0.6, 0.15)
        if brows > 0:
            for shape, weight in _EMPHASIS.items():
                weights[shape] = max(weights.get(shape, 0.0), weight * brows)

    def _eye_shapes(self, weights: dict[str, float]) -> None:
        """Avatars without eye joints look with shapes: ARKit's eyeLook* or VRM's lookAt
        expressions (the turn worked out last frame)."""
        if self.rig is not None and "eye_l" in self.rig.joints:
            return
        yaw, pitch = self.eye_turn
        side, up = min(1.0, abs(yaw) / _EYE_YAW), min(1.0, abs(pitch) / _EYE_PITCH)
        # the figure's left: its left eye looks out, its right eye in
        left_eye = "eyeLookOutLeft" if yaw > 0 else "eyeLookInLeft"
        right_eye = "eyeLookInRight" if yaw > 0 else "eyeLookOutRight"
        vertical = "Up" if pitch > 0 else "Down"
        shapes = {left_eye: side, right_eye: side}
        shapes.update({f"eyeLook{vertical}Left": up, f"eyeLook{vertical}Right": up})
        for shape, amount in shapes.items():
            weights[shape] = max(weights.get(shape, 0.0), amount)
        for name, amount in (("lookLeft" if yaw > 0 else "lookRight", side),
                             ("lookUp" if pitch > 0 else "lookDown", up)):  # fmt: skip
            if name in self.info.expressions:
                self._expression(name, amount, weights)

    def _expression(self, name: str, amount: float, weights: dict[str, float]) -> None:
        for target, weight in self.info.expressions.get(name, []):
            weights[target] = max(weights.get(target, 0.0), amount * weight)

    def _mouth(self, visemes: Mapping[str, float], weights: dict[str, float]) -> None:
        if self.mouth == "oculus":
            for viseme, weight in visemes.items():
                weights[f"viseme_{viseme}"] = weights.get(f"viseme_{viseme}", 0.0) + weight
        elif self.mouth in ("vrm", "arkit"):
            table = VRM_FOR_VISEME if self.mouth == "vrm" else ARKIT_FOR_VISEME
            for viseme, weight in visemes.items():
                for shape, amount in table.get(viseme, {}).items():
                    if self.mouth == "vrm":
                        self._expression(shape, amount * weight, weights)
                    else:
                        weights[shape] = weights.get(shape, 0.0) + amount * weight
        elif self.mouth == "jaw":
            opening = sum(_OPENING.get(v, 0.0) * w for v, w in visemes.items())
            control, rest = self._joint_controls["jaw"]
            control.setMat(rest)
            control.setP(control.getP() + 18 * opening)

    def _rotate(self, role: str, heading: float, pitch: float, roll: float) -> None:
        entry = self._joint_controls.get(role)
        if entry is None:
            return
        control, rest = entry
        control.setMat(rest)
        control.setHpr(control.getH() + heading, control.getP() + pitch, control.getR() + roll)

    def _body(self, dt: float) -> None:
        pitch, roll = breathing(self.time)
        roll += 1.5 * weight_shift(self.time) * (1.0 - self.gait[1])  # the hips' tilt, undone
        self._rotate("spine", 0.0, pitch, roll)
        frame = self.gesture.frame(self.time) if self.gesture else None
        if frame is None:
            self.gesture = None
        rig = self.rig
        if rig is None:
            return
        self._gaze(rig, dt, frame.nod if frame else 0.0)
        self._arms(rig, frame)
        self._legs(rig)

    def _legs(self, rig: JointRig) -> None:
        """A stride: each thigh swings forward and back, the knee bends as the leg swings
        through, the feet half a cycle apart; straight legs when standing."""
        phase, amount = self.gait
        # standing, the weight moves slowly from one leg to the other: the free knee eases
        shift = weight_shift(self.time) * (1.0 - amount)
        for side, offset, rests in (("l", 0.0, max(0.0, shift)), ("r", math.pi, max(0.0, -shift))):
            thigh, shin = f"thigh_{side}", f"shin_{side}"
            if thigh not in rig.joints or shin not in rig.joints:
                continue
            swing = math.sin(phase + offset)
            lift = max(0.0, math.cos(phase + offset))  # swinging forward: the foot comes up
            forward = _THIGH_SWING * swing * amount + 3.0 * rests
            thigh_turn = rig.yaw_pitch_turn(thigh, 0.0, forward)
            rig.set_world_turn(thigh, thigh_turn, LMatrix4f.identMat())
            bend = (_KNEE_BEND * lift + 6.0) * amount + 7.0 * rests
            shin_turn = rig.yaw_pitch_turn(shin, 0.0, -bend, moved=thigh_turn)
            rig.set_world_turn(shin, shin_turn, thigh_turn)

    def _gaze(self, rig: JointRig, dt: float, nod: float) -> None:
        """Head, neck and eyes toward the look target: the eyes lead, the head follows."""
        head = rig.origin("head")
        if head is None:
            return
        want_yaw = want_pitch = 0.0
        if self.look_target is not None:
            target = rig.to_character(self.look_target, self.root.getParent())
            want_yaw, want_pitch = rig.yaw_pitch_to(head, target)
        head_yaw = max(-_HEAD_YAW, min(_HEAD_YAW, want_yaw))
        head_pitch = max(-_HEAD_PITCH, min(_HEAD_PITCH, want_pitch))
        ease = min(1.0, dt * 4.0)
        self.head_turn[0] += (head_yaw - self.head_turn[0]) * ease
        self.head_turn[1] += (head_pitch - self.head_turn[1]) * ease
        yaw, pitch = self.head_turn
        identity = LMatrix4f.identMat()
        neck_turn = identity
        if "neck" in rig.joints:
            neck_turn = rig.yaw_pitch_turn("neck", yaw * _NECK_SHARE, pitch * _NECK_SHARE)
            rig.set_world_turn("neck", neck_turn, identity)
            yaw, pitch = yaw * (1 - _NECK_SHARE), pitch * (1 - _NECK_SHARE)
        head_turn = rig.yaw_pitch_turn("head", yaw, pitch + nod, moved=neck_turn)
        rig.set_world_turn("head", head_turn, neck_turn)
        if self.time >= self._next_saccade:  # a person's eyes never hold perfectly still
            jump = self._saccades
            self.saccade = (jump.uniform(-1.8, 1.8), jump.uniform(-1.0, 1.0))
            self._next_saccade = self.time + jump.uniform(0.5, 2.2)
        eye_yaw = max(-_EYE_YAW, min(_EYE_YAW, want_yaw - self.head_turn[0] + self.saccade[0]))
        eye_pitch = max(
            -_EYE_PITCH, min(_EYE_PITCH, want_pitch - self.head_turn[1] + self.saccade[1])
        )
        self.eye_turn = (eye_yaw, eye_pitch)
        above = neck_turn * head_turn
        for eye in ("eye_l", "eye_r"):
            if eye in rig.joints:
                turn = rig.yaw_pitch_turn(eye, eye_yaw, eye_pitch, moved=above)
                rig.set_world_turn(eye, turn, above)

    def _arms(self, rig: JointRig, frame: GestureFrame | None) -> None:
        """Both arms hang relaxed; a gesture takes the right one toward its target."""
        for side in ("r", "l"):
            shoulder, elbow = rig.origin(f"arm_{side}"), rig.origin(f"forearm_{side}")
            if shoulder is None or elbow is None:
                continue
            hand = rig.origin(f"hand_{side}") or Point3(elbow + (elbow - shoulder) * 0.9)
            phase, amount = self.gait
            swing = -math.sin(phase + (0.0 if side == "l" else math.pi)) * amount * _ARM_SWING
            upper, lower = _relaxed(rig, side, shoulder, elbow, swing)
            if side == "r" and frame is not None and frame.reach > 0:
                aim = self.gesture.target if self.gesture else None
                target = (
                    rig.to_character(Point3(*aim), self.root.getParent())
                    if aim is not None
                    else shoulder + rig.forward() * 2.0
                )
                upper, lower = _reach(rig, frame, shoulder, elbow, hand, target, upper, lower)
            arm_turn = rig.aim_turn(f"arm_{side}", elbow, upper)
            rig.set_world_turn(f"arm_{side}", arm_turn, LMatrix4f.identMat())
            moved_hand = Point3(arm_turn.xformPoint(hand))
            forearm_turn = rig.aim_turn(f"forearm_{side}", moved_hand, lower, moved=arm_turn)
            rig.set_world_turn(f"forearm_{side}", forearm_turn, arm_turn)

    def hand_position(self, side: str = "r") -> Point3 | None:
        """Where the hand is now, in the avatar's parent's space (tests and benchmarks)."""
        rig = self.rig
        if rig is None:
            return None
        return rig.current_point(f"hand_{side}", f"forearm_{side}", self.root.getParent())

    def joint_position(self, role: str) -> Point3 | None:
        rig = self.rig
        return rig.current_point(role, role, self.root.getParent()) if rig is not None else None

    def slider_value(self, name: str) -> float:
        control = self._slider_controls.get(name)
        return float(control.getX()) if control is not None else 0.0

    @property
    def slider_names(self) -> list[str]:
        return sorted(self._slider_controls)


_FINGERS = ("Index", "Middle", "Ring", "Pinky")
_VRM_FINGERS = {"Index": "Index", "Middle": "Middle", "Ring": "Ring", "Pinky": "Little"}
_VRM_SEGMENTS = ("Proximal", "Intermediate", "Distal")
# how far each segment of a relaxed hand bends toward the palm (degrees), index to little
_CURL = {"Index": (12, 16, 10), "Middle": (15, 20, 12), "Ring": (19, 22, 13),
         "Pinky": (23, 24, 14)}  # fmt: skip


def _finger_joints(joints: Mapping[str, Any], humanoid: Mapping[str, str]) -> dict[str, Any]:
    """The finger joints by role (``finger_l_Index_1``): Mixamo/RPM names, VRoid's, or a
    VRM's humanoid map."""
    found = {}
    for side, name, vroid in (("l", "Left", "L"), ("r", "Right", "R")):
        for finger in _FINGERS:
            for segment in (1, 2, 3):
                vrm = f"{name.lower()}{_VRM_FINGERS[finger]}{_VRM_SEGMENTS[segment - 1]}"
                vroid_name = f"J_Bip_{vroid}_{'Little' if finger == 'Pinky' else finger}{segment}"
                candidates = (humanoid.get(vrm), f"{name}Hand{finger}{segment}", vroid_name)
                joint = next((joints[c] for c in candidates if c and c in joints), None)
                if joint is not None:
                    found[f"finger_{side}_{finger}_{segment}"] = joint
    return found


def _relax_fingers(rig: JointRig) -> None:
    """Curl the fingers a little toward the palm, as a hand at rest is (set once: the
    fingers then follow the hand wherever the arm takes it)."""
    forward = rig.forward()
    forward.normalize()
    for side in ("l", "r"):
        for finger, angles in _CURL.items():
            chain = [f"finger_{side}_{finger}_{n}" for n in (1, 2, 3)]
            if not all(role in rig.joints for role in chain):
                continue
            points = [rig.joints[role].origin for role in chain]
            along = points[1] - points[0]
            along.normalize()
            palm = along.cross(forward) * (1.0 if side == "l" else -1.0)
            palm.normalize()
            above = LMatrix4f.identMat()
            for index, role in enumerate(chain):
                start = Point3(above.xformPoint(points[index]))
                end = (
                    points[index + 1]
                    if index + 1 < len(points)
                    else points[index] + (points[index] - points[index - 1])
                )
                tip = Point3(above.xformPoint(end))
                direction = tip - start
                bent = direction * math.cos(math.radians(angles[index])) + Vec3(
                    above.xformVec(palm)
                ) * direction.length() * math.sin(math.radians(angles[index]))
                turn = rig.aim_turn(role, tip, start + bent, moved=above)
                rig.set_world_turn(role, turn, above)
                above = above * turn


def _fade(age: float, length: float, ramp: float = 0.3) -> float:
    """0 before and after ``length`` seconds, easing in and out over ``ramp``."""
    if age < 0 or age > length:
        return 0.0
    return min(1.0, age / ramp, (length - age) / ramp)


def _relaxed(
    rig: JointRig, side: str, shoulder: Point3, elbow: Point3, swing: float = 0.0
) -> tuple[Point3, Point3]:
    """Where the elbow and the hand go for arms hanging at rest: down, a little out from the
    body and forward, elbow slightly bent (whatever the rig's own rest pose, T or A);
    ``swing`` moves them forward (+) or back with the stride."""
    up, forward = rig.up(), rig.forward()
    up.normalize()
    forward.normalize()
    outward = up.cross(forward) * (1 if side == "l" else -1)  # the figure's left is +
    length = (elbow - shoulder).length()
    elbow_at = shoulder + (-up * 0.97 + outward * 0.2 + forward * (0.02 + swing)) * length
    hand_at = elbow_at + (-up * 0.9 + forward * (0.4 + swing * 1.5) + outward * 0.05) * length
    return elbow_at, hand_at


def _reach(
    rig: JointRig,
    frame: GestureFrame,
    shoulder: Point3,
    elbow: Point3,
    hand: Point3,
    target: Point3,
    rest_elbow: Point3,
    rest_hand: Point3,
) -> tuple[Point3, Point3]:
    """Elbow and hand targets for a gesture, blended from rest by the gesture's reach."""
    up, forward = rig.up(), rig.forward()
    up.normalize()
    forward.normalize()
    upper = (elbow - shoulder).length()
    lower = (hand - elbow).length()
    toward = target - shoulder
    toward.normalize()
    if frame.name == "point":  # the whole arm along the line to the target
        elbow_at = shoulder + toward * upper
        hand_at = elbow_at + toward * lower
    elif frame.name == "present":  # an open hand toward it, the upper arm lower
        flat = toward - up * toward.dot(up)
        flat.normalize()
        down = flat * 0.55 - up * 0.8
        down.normalize()
        elbow_at = shoulder + down * upper
        hand_at = elbow_at + (flat * 0.9 + up * 0.1) * lower
    else:  # wave: the hand up beside the head, swinging
        outward = up.cross(forward) * -1
        elbow_at = shoulder + (outward * 0.75 + up * 0.35 + forward * 0.2) * upper
        swing = outward * (0.35 * frame.swing)
        hand_at = elbow_at + (up * 0.95 + swing) * lower
    k = frame.reach
    return rest_elbow + (elbow_at - rest_elbow) * k, rest_hand + (hand_at - rest_hand) * k


def avatar_path(reference: str, base_dir: Path) -> Path:
    """The file of the scene's ``guide.avatar`` (``builtin``, ``builtin-female`` and
    ``builtin-male`` are Vitrine's own guides)."""
    if reference in BUILTIN_AVATARS:
        return builtin_assets_dir() / BUILTIN_AVATARS[reference]
    from app.scene import resolve_asset

    return resolve_asset(reference, base_dir)


def _plain_gltf(path: Path) -> Path:
    """``path``, or for a GLB with meshopt compression or WebP textures (VRoid Studio's
    exports) an unpacked copy in the cache, made once per content."""
    if path.suffix.lower() not in (".glb", ".vrm"):
        return path
    import hashlib

    from app.meshes.gltf_unpack import UNPACK_VERSION, glb_document, needs_unpacking, unpack_glb
    from app.paths import cache_root

    data = path.read_bytes()
    try:
        document = glb_document(data)
    except (ValueError, struct.error):
        return path  # the loader says what is wrong with it
    if not needs_unpacking(document):
        return path
    folder = cache_root() / "avatars"
    digest = hashlib.blake2b(data + UNPACK_VERSION.to_bytes(2, "little"), digest_size=16)
    target = folder / f"{digest.hexdigest()}.glb"
    if not target.is_file():
        try:
            unpacked = unpack_glb(data)
        except (ValueError, RuntimeError, OSError) as exc:
            raise AssetError(path, f"could not be unpacked: {exc}") from None
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(unpacked)
        partial.replace(target)
    return target


def load_avatar(
    path: Path, parent: NodePath, height: float | None = None, exhibition: Path | None = None
) -> Avatar:
    """Load an avatar under ``parent`` standing at its origin and facing -Y (toward visitors).

    Raises AssetError naming what is wrong (compressed meshes, not glTF, unreadable).
    """
    references = References.for_exhibition(exhibition) if exhibition is not None else None
    info = read_avatar_info(path, references)
    try:
        import gltf
    except ImportError as exc:
        raise AssetError(
            path, "panda3d-gltf is needed to load avatars (pip install panda3d-gltf)"
        ) from exc
    try:
        node = gltf.load_model(str(_plain_gltf(path)))
    except Exception as exc:  # the converter raises many kinds on malformed files
        raise AssetError(path, f"could not be loaded: {type(exc).__name__}: {exc}") from None
    holder = parent.attachNewNode("avatar")
    model = NodePath(node)
    model.reparentTo(holder)
    adopt_gltf_textures(model)
    if info.toon:
        approximate_toon(model, info.toon)
    bounds = model.getTightBounds()
    if bounds is not None and height:
        size = bounds[1].z - bounds[0].z
        if size > 0:
            model.setScale(height / size)
    avatar = Avatar(holder, info)
    for missing in avatar.lacks:
        log.warning("avatar %s has no %s", path.name, missing)
    return avatar
