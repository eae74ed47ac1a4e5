"""The digital human in the hall: a glTF avatar whose morph targets and joints are driven each
frame by the guide's visemes, blinks, gaze, breathing and gestures.

Avatars are loaded with panda3d-gltf, which turns morph targets into character sliders named
after ``mesh.extras.targetNames``. Vitrine speaks Oculus/Ready Player Me visemes natively and
maps them onto VRM 1.0 expressions or ARKit shapes when that is what an avatar has.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from panda3d.core import Character, CharacterJoint, CharacterSlider, LMatrix4f, NodePath, Point3

from app.errors import AssetError
from app.meshes.avatar_info import AvatarInfo, read_avatar_info
from app.scene import builtin_assets_dir
from app.scene.model import GestureName
from app.scene.references import References
from guide.behaviour import GESTURE_SECONDS, BlinkTimer, GestureClip, breathing

__all__ = ["ARKIT_FOR_VISEME", "DEFAULT_AVATAR", "VRM_FOR_VISEME", "Avatar", "load_avatar"]

log = logging.getLogger(__name__)

DEFAULT_AVATAR = "avatars/docent.glb"

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
_ARMS = ("RightArm", "RightForeArm", "LeftArm", "LeftForeArm")
_JAW = ("Jaw", "jaw", "J_Bip_C_Jaw")


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
        for role, names in (
            ("head", _HEAD),
            ("neck", _NECK),
            ("spine", _SPINE),
            ("eye_l", _EYES[0]),
            ("eye_r", _EYES[1]),
            ("jaw", _JAW),
            *((arm, (arm,)) for arm in _ARMS),
        ):
            joint = next((joints[n] for n in names if n in joints), None)
            if joint is not None:
                control = NodePath(f"joint-{role}")
                rest = LMatrix4f(joint.getDefaultValue())
                control.setMat(rest)
                joint.applyControl(control.node())
                self._joint_controls[role] = (control, rest)
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

    # ----- what the director asks --------------------------------------------------------
    def play_gesture(self, name: GestureName) -> None:
        if name in GESTURE_SECONDS:
            self.gesture = GestureClip(name, self.time)

    def look_at(self, target: Point3 | None) -> None:
        self.look_target = target

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
        weights["mouthSmile"] = max(weights.get("mouthSmile", 0.0), smile)
        if "happy" in self.info.expressions:
            self._expression("happy", smile * 0.6, weights)
        for name, control in self._slider_controls.items():
            control.setX(weights.get(name, 0.0))
        self.weights = weights
        self._body(dt)

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
        self._rotate("spine", 0.0, pitch, roll)
        head_h, head_p = self._gaze(dt)
        pose = self.gesture.pose(self.time) if self.gesture else None
        if pose is None:
            self.gesture = None
            pose = {}
        extra = pose.get("Head", (0.0, 0.0, 0.0))
        self._rotate("head", head_h * 0.7 + extra[0], head_p * 0.7 + extra[1], extra[2])
        self._rotate("neck", head_h * 0.3, head_p * 0.3, 0.0)
        for eye in ("eye_l", "eye_r"):
            self._rotate(eye, head_h * 0.35, head_p * 0.35, 0.0)
        for arm in _ARMS:
            h, p, r = pose.get(arm, (0.0, 0.0, 0.0))
            self._rotate(arm, h, p, r)

    def _gaze(self, dt: float) -> tuple[float, float]:
        """Ease the head toward the look target (within a natural range)."""
        want_h = want_p = 0.0
        if self.look_target is not None:
            local = self.root.getRelativePoint(self.root.getParent(), self.look_target)
            head = Point3(0, 0, 1.55)
            delta = local - head
            want_h = math.degrees(math.atan2(-delta.x, -delta.y))
            want_p = math.degrees(math.atan2(delta.z, math.hypot(delta.x, delta.y)))
            want_h = max(-60.0, min(60.0, want_h))
            want_p = max(-25.0, min(25.0, want_p))
        ease = min(1.0, dt * 5.0)
        self.head_turn[0] += (want_h - self.head_turn[0]) * ease
        self.head_turn[1] += (want_p - self.head_turn[1]) * ease
        return self.head_turn[0], self.head_turn[1]

    def slider_value(self, name: str) -> float:
        control = self._slider_controls.get(name)
        return float(control.getX()) if control is not None else 0.0

    @property
    def slider_names(self) -> list[str]:
        return sorted(self._slider_controls)


def avatar_path(reference: str, base_dir: Path) -> Path:
    """The file of the scene's ``guide.avatar`` (``builtin`` is Vitrine's own docent)."""
    if reference == "builtin":
        return builtin_assets_dir() / DEFAULT_AVATAR
    from app.scene import resolve_asset

    return resolve_asset(reference, base_dir)


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
        node = gltf.load_model(str(path))
    except Exception as exc:  # the converter raises many kinds on malformed files
        raise AssetError(path, f"could not be loaded: {type(exc).__name__}: {exc}") from None
    holder = parent.attachNewNode("avatar")
    model = NodePath(node)
    model.reparentTo(holder)
    bounds = model.getTightBounds()
    if bounds is not None and height:
        size = bounds[1].z - bounds[0].z
        if size > 0:
            model.setScale(height / size)
    avatar = Avatar(holder, info)
    for missing in avatar.lacks:
        log.warning("avatar %s has no %s", path.name, missing)
    return avatar
