"""The guide looks and points where it means to: head and eyes turn to a target on either side
(within a person's range), the pointing hand ends up nearer the exhibit than the shoulder and
on the line to it; arms hang at rest whatever the rig's own rest pose. For the built-in docent
(Z-up) and a Ready Player Me avatar (a Y-up glTF rig)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from panda3d.core import LMatrix4f, Point3, Vec3

from app.render.avatar import Avatar, avatar_path, load_avatar

pytestmark = pytest.mark.render

AVATARS = {
    "docent": lambda data: avatar_path("builtin", Path(".")),
    "rpm": lambda data: data / "avatars/talkinghead-brunette-t.glb",
}


@pytest.fixture(params=sorted(AVATARS))
def avatar(request: pytest.FixtureRequest, offscreen: Any, shared_data: Path) -> Any:
    holder = offscreen.render.attachNewNode("room")
    figure = load_avatar(AVATARS[request.param](shared_data), holder, 1.7)
    figure.blink.next_blink = 1e9
    yield figure
    holder.removeNode()


def _settle(avatar: Avatar, seconds: float = 2.0) -> None:
    for _ in range(int(seconds * 30)):
        avatar.update(1 / 30, {"sil": 1.0})


def _head_front(avatar: Avatar) -> Vec3:
    """Where the head's front points now, in the room (from the head joint's transform)."""
    rig = avatar.rig
    assert rig is not None
    joint = rig.joints["head"]
    now = LMatrix4f()
    rig.current_point("head", "head", avatar.root.getParent())  # brings the joints up to date
    joint.joint.getNetTransform(now)
    inverse = LMatrix4f(joint.rest_net)
    inverse.invertInPlace()
    front = (inverse * now).xformVec(rig.forward())
    return Vec3(avatar.root.getParent().getRelativeVector(rig.character, front))


def _angle(a: Vec3, b: Vec3) -> float:
    a, b = Vec3(a), Vec3(b)
    a.normalize()
    b.normalize()
    return math.degrees(math.acos(max(-1.0, min(1.0, a.dot(b)))))


@pytest.mark.parametrize("side", [-1, 1])
def test_the_face_turns_to_a_target_on_either_side(avatar: Avatar, side: int) -> None:
    head = avatar.joint_position("head")
    assert head is not None
    target = Point3(head.x + side * 1.2, head.y - 1.5, head.z - 0.3)  # in front, off to a side
    avatar.look_at(target)
    _settle(avatar)
    front = _head_front(avatar)
    wanted = Vec3(target - head)
    assert front.x * side > 0.3, f"the head turns toward the target's side ({front})"
    assert _angle(front, wanted) <= 5.0, f"gaze error {_angle(front, wanted):.1f} degrees"


def test_a_target_behind_is_followed_only_as_far_as_a_neck_turns(avatar: Avatar) -> None:
    head = avatar.joint_position("head")
    assert head is not None
    avatar.look_at(Point3(head.x + 0.3, head.y + 2.0, head.z))  # behind the figure
    _settle(avatar)
    front = _head_front(avatar)
    assert _angle(front, Vec3(0, -1, 0)) <= 75.0, "no owl turn"


def test_pointing_reaches_for_the_exhibit(avatar: Avatar) -> None:
    shoulder = avatar.joint_position("arm_r")
    assert shoulder is not None
    exhibit = Point3(shoulder.x - 1.5, shoulder.y - 1.0, 1.0)  # to the figure's right, ahead
    avatar.play_gesture("point", exhibit)
    for _ in range(36):  # 1.2 s: fully out
        avatar.update(1 / 30, {"sil": 1.0})
    hand, elbow = avatar.hand_position("r"), avatar.joint_position("forearm_r")
    assert hand is not None and elbow is not None
    assert (exhibit - hand).length() < (exhibit - shoulder).length() - 0.3
    error = _angle(Vec3(hand - shoulder), Vec3(exhibit - shoulder))
    assert error <= 10.0, f"pointing error {error:.1f} degrees"


def test_arms_hang_at_rest(avatar: Avatar) -> None:
    _settle(avatar, 0.5)
    for side in ("r", "l"):
        shoulder, hand = avatar.joint_position(f"arm_{side}"), avatar.hand_position(side)
        assert shoulder is not None and hand is not None
        assert shoulder.z - hand.z > 0.35, f"the {side} hand hangs below the shoulder"


def test_presenting_opens_the_hand_toward_the_exhibit_without_raising_the_arm(
    avatar: Avatar,
) -> None:
    shoulder = avatar.joint_position("arm_r")
    assert shoulder is not None
    exhibit = Point3(shoulder.x - 1.2, shoulder.y - 0.8, 1.0)
    _settle(avatar, 0.3)
    rest = avatar.hand_position("r")
    avatar.play_gesture("present", exhibit)
    for _ in range(40):
        avatar.update(1 / 30, {"sil": 1.0})
    hand = avatar.hand_position("r")
    assert rest is not None and hand is not None
    assert (exhibit - hand).length() < (exhibit - rest).length() - 0.15
    assert hand.z < shoulder.z, "an open hand at waist height, not a raised arm"


def test_cued_faces_and_stressed_words_move_the_face(avatar: Avatar) -> None:
    """[smile] and [think] show on ARKit faces (RPM) or the docent's own smile; a stressed
    word raises the brows; the face goes back to rest."""
    names = set(avatar.slider_names)
    smile = "mouthSmileLeft" if "mouthSmileLeft" in names else "mouthSmile"
    _settle(avatar, 0.2)
    resting = avatar.slider_value(smile)
    avatar.set_expression("happy")
    _settle(avatar, 1.0)
    assert avatar.slider_value(smile) > resting + 0.2
    _settle(avatar, 4.0)
    assert avatar.slider_value(smile) == pytest.approx(resting, abs=0.01), "back to rest"
    if "browInnerUp" in names:
        avatar.emphasise()
        _settle(avatar, 0.25)
        assert avatar.slider_value("browInnerUp") > 0.3


def test_face_cues_become_director_events() -> None:
    from guide.cues import parse_cues

    parts, problems = parse_cues("Welcome! [smile] Let me think. [think] It is *here*.")
    assert not problems
    cues = [(c.kind, c.value) for c in parts[0].cues]
    assert ("expression", "happy") in cues and ("expression", "thinking") in cues
    assert ("emphasis", "here") in cues
