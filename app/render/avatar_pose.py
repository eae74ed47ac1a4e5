"""Aiming an avatar's joints at points in the hall, whatever way its rig is built.

Every rotation is worked out in the character's own space from the rest pose: the direction a
joint chain points (the head's front, the upper arm from shoulder to hand) is turned toward a
world-space target about the joint's origin, and written back as the joint's local transform.
So gaze and pointing are right for Z-up and Y-up rigs alike (the built-in guides, Ready Player
Me, VRM), and the result is clamped to what a person's neck and eyes can do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from panda3d.core import (
    CharacterJoint,
    LMatrix4f,
    LQuaternionf,
    LVecBase3f,
    NodePath,
    Point3,
    Vec3,
)

__all__ = ["JointRig", "rotation_between", "turn_about"]


def rotation_between(a: Vec3, b: Vec3) -> LQuaternionf:
    """The shortest rotation taking direction ``a`` to direction ``b``."""
    a, b = Vec3(a), Vec3(b)
    a.normalize()
    b.normalize()
    axis = a.cross(b)
    dot = max(-1.0, min(1.0, a.dot(b)))
    if axis.length() < 1e-6:
        if dot > 0:
            return LQuaternionf.identQuat()
        axis = a.cross(Vec3(0, 0, 1)) if abs(a.z) < 0.9 else a.cross(Vec3(1, 0, 0))
    axis.normalize()
    quat = LQuaternionf()
    quat.setFromAxisAngle(math.degrees(math.acos(dot)), axis)
    return quat


def turn_about(point: LVecBase3f, quat: LQuaternionf) -> LMatrix4f:
    """The matrix rotating by ``quat`` about ``point`` (Panda3D's row-vector order)."""
    rotation = LMatrix4f()
    quat.extractToMatrix(rotation)
    return LMatrix4f.translateMat(-Vec3(point)) * rotation * LMatrix4f.translateMat(Vec3(point))


def _slerp(quat: LQuaternionf, amount: float) -> LQuaternionf:
    """``amount`` of the way from no rotation to ``quat``."""
    angle = quat.getAngle()
    axis = quat.getAxisNormalized()
    if angle < 1e-4 or axis.length() < 1e-6:
        return LQuaternionf.identQuat()
    out = LQuaternionf()
    out.setFromAxisAngle(angle * amount, axis)
    return out


@dataclass
class _Joint:
    joint: CharacterJoint
    control: NodePath
    rest_local: LMatrix4f
    rest_net: LMatrix4f  # joint space -> character space, at rest
    parent_net: LMatrix4f  # the parent's, at rest

    @property
    def origin(self) -> Point3:
        return Point3(self.rest_net.getRow3(3))


class JointRig:
    """Rest transforms of the joints Vitrine moves, and the world-space aims it applies."""

    def __init__(self, character: NodePath, root: NodePath, joints: dict[str, _Joint]) -> None:
        self.character = character  # the Character node's path: joint nets are in its space
        self.root = root  # the avatar's holder: faces -Y, Z up
        self.joints = joints
        self.tips: dict[str, Point3] = {}  # hands the rig has no joint for: estimated
        for side in ("r", "l"):
            arm, forearm = joints.get(f"arm_{side}"), joints.get(f"forearm_{side}")
            if f"hand_{side}" not in joints and arm is not None and forearm is not None:
                elbow = forearm.origin
                self.tips[f"hand_{side}"] = elbow + (elbow - arm.origin) * 0.9

    @classmethod
    def build(
        cls, character: NodePath, root: NodePath, controls: dict[str, tuple[NodePath, LMatrix4f]],
        found: dict[str, CharacterJoint],
    ) -> JointRig:  # fmt: skip
        """From the joint controls the avatar made (``role -> (control, rest local)``) and
        the character's joints by role; the controls must hold their rest values."""
        node = character.node()
        for index in range(node.getNumBundles()):
            node.getBundle(index).forceUpdate()
        joints = {}
        for role, joint in found.items():
            net = LMatrix4f()
            joint.getNetTransform(net)
            control, rest = controls.get(role, (None, LMatrix4f(joint.getDefaultValue())))
            inverse = LMatrix4f(rest)
            inverse.invertInPlace()
            joints[role] = _Joint(joint, control, LMatrix4f(rest), LMatrix4f(net), inverse * net)
        return cls(character, root, joints)

    # ----- directions in the character's space -------------------------------------------
    def forward(self) -> Vec3:
        return Vec3(self.character.getRelativeVector(self.root, Vec3(0, -1, 0)))

    def up(self) -> Vec3:
        return Vec3(self.character.getRelativeVector(self.root, Vec3(0, 0, 1)))

    def to_character(self, point: Point3, space: NodePath) -> Point3:
        return Point3(self.character.getRelativePoint(space, point))

    def origin(self, role: str) -> Point3 | None:
        joint = self.joints.get(role)
        return joint.origin if joint is not None else self.tips.get(role)

    # ----- writing joints ----------------------------------------------------------------
    def set_world_turn(self, role: str, turn: LMatrix4f, parent_turn: LMatrix4f) -> None:
        """Give the joint the rest pose turned by ``turn`` (character space, about its own
        origin), its parent chain already turned by ``parent_turn``."""
        joint = self.joints.get(role)
        if joint is None or joint.control is None:
            return
        parent = joint.parent_net * parent_turn
        inverse = LMatrix4f(parent)
        inverse.invertInPlace()
        joint.control.setMat(joint.rest_net * parent_turn * turn * inverse)

    def yaw_pitch_to(self, origin: Point3, target: Point3) -> tuple[float, float]:
        """Degrees to turn left (positive yaw) and up from the body's front to look from
        ``origin`` at ``target``."""
        forward, up = self.forward(), self.up()
        forward.normalize()
        up.normalize()
        left = up.cross(forward)  # front is -Y: up x front points to the figure's left
        direction = Vec3(target - origin)
        if direction.length() < 1e-6:
            return 0.0, 0.0
        yaw = math.degrees(math.atan2(direction.dot(left), direction.dot(forward)))
        flat = math.hypot(direction.dot(left), direction.dot(forward))
        pitch = math.degrees(math.atan2(direction.dot(up), flat))
        return yaw, pitch

    def yaw_pitch_turn(
        self, role: str, yaw: float, pitch: float, moved: LMatrix4f | None = None
    ) -> LMatrix4f:
        """A turn about the joint's origin (where ``moved``, its parents' turn, took it):
        ``yaw`` about the body's up, then ``pitch`` about its left-right axis (degrees)."""
        origin = self._origin(role, moved)
        forward, up = self.forward(), self.up()
        forward.normalize()
        up.normalize()
        left = up.cross(forward)
        turn_yaw = LQuaternionf()
        turn_yaw.setFromAxisAngle(yaw, up)
        turn_pitch = LQuaternionf()
        turn_pitch.setFromAxisAngle(-pitch, turn_yaw.xform(left))
        return turn_about(origin, turn_yaw * turn_pitch)

    def aim_turn(
        self,
        role: str,
        tip: Point3,
        target: Point3,
        amount: float = 1.0,
        moved: LMatrix4f | None = None,
    ) -> LMatrix4f:
        """The turn about the joint's origin (where ``moved`` took it) that points it from
        ``tip`` (a point of the chain, already moved) toward ``target``, ``amount`` of the
        way."""
        origin = self._origin(role, moved)
        quat = rotation_between(Vec3(tip - origin), Vec3(target - origin))
        return turn_about(origin, _slerp(quat, amount))

    def _origin(self, role: str, moved: LMatrix4f | None) -> Point3:
        origin = self.joints[role].origin
        return Point3(moved.xformPoint(origin)) if moved is not None else origin

    def current_point(self, role: str, carrier: str, space: NodePath) -> Point3 | None:
        """Where joint ``role`` is now (or, for a hand the rig lacks, the end of the
        ``carrier`` bone), in ``space``."""
        node = self.character.node()
        for index in range(node.getNumBundles()):
            node.getBundle(index).forceUpdate()
        if role in self.joints:
            net = LMatrix4f()
            self.joints[role].joint.getNetTransform(net)
            point = Point3(net.getRow3(3))
        elif carrier in self.joints and role in self.tips:
            joint = self.joints[carrier]
            inverse = LMatrix4f(joint.rest_net)
            inverse.invertInPlace()
            net = LMatrix4f()
            joint.joint.getNetTransform(net)
            point = Point3(net.xformPoint(inverse.xformPoint(self.tips[role])))
        else:
            return None
        return Point3(space.getRelativePoint(self.character, point))
