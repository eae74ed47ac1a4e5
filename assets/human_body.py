"""Shapes a MakeHuman body from its macro targets and fits the rig to it.

A ``Person`` says who the guide is (gender, age, build, ancestry, height); ``shape`` adds the
targets MakeHuman would for those values to the base mesh and returns it in metres, feet on
the floor; ``fit_rig`` puts each bone where its vertices or joint cube ended up, and
``skin_weights`` reduces the rig's weights to the four strongest per vertex.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from human_data import Bone, HumanData

__all__ = ["Joint", "Person", "fit_rig", "macro_targets", "shape", "skin_weights"]

PREFIX = "mixamorig:"


@dataclass(frozen=True)
class Person:
    name: str
    gender: float  # 0 female ... 1 male
    age: float  # 0.5 is 25 years, 1.0 is 90
    muscle: float = 0.5
    weight: float = 0.5
    height: float = 0.5  # 0 short ... 1 tall
    proportions: float = 1.0  # ideal
    ancestry: dict[str, float] = field(default_factory=lambda: {"asian": 1.0})
    extra: tuple[tuple[str, float], ...] = ()  # further targets and their weights


@dataclass
class Joint:
    name: str
    parent: int | None
    position: np.ndarray  # metres, Y up


def _pair(value: float, low: str, mid: str, high: str) -> dict[str, float]:
    if value < 0.5:
        t = value / 0.5
        return {low: 1 - t, mid: t}
    t = (value - 0.5) / 0.5
    return {mid: 1 - t, high: t}


def macro_targets(person: Person) -> dict[str, float]:
    """The macro targets and weights for ``person``, as MakeHuman combines them."""
    genders = {"female": 1 - person.gender, "male": person.gender}
    ages = {"young": 1.0} if person.age <= 0.5 else _pair(person.age, "", "young", "old")
    ages.pop("", None)
    muscles = _pair(person.muscle, "minmuscle", "averagemuscle", "maxmuscle")
    weights = _pair(person.weight, "minweight", "averageweight", "maxweight")
    out: dict[str, float] = {}

    def add(name: str, amount: float) -> None:
        if amount > 1e-4:
            out[name] = out.get(name, 0.0) + amount

    for g, gw in genders.items():
        for a, aw in ages.items():
            for race, rw in person.ancestry.items():
                add(f"macrodetails/{race}-{g}-{a}", gw * aw * rw)
            for m, mw in muscles.items():
                for w, ww in weights.items():
                    body = gw * aw * mw * ww
                    add(f"macrodetails/universal-{g}-{a}-{m}-{w}", body)
                    add(f"macrodetails/proportions/{g}-{a}-{m}-{w}-idealproportions",
                        body * person.proportions)  # fmt: skip
                    if person.height > 0.5:
                        add(f"macrodetails/height/{g}-{a}-{m}-{w}-maxheight",
                            body * (person.height - 0.5) * 2)  # fmt: skip
                    elif person.height < 0.5:
                        add(f"macrodetails/height/{g}-{a}-{m}-{w}-minheight",
                            body * (0.5 - person.height) * 2)  # fmt: skip
    for name, amount in person.extra:
        add(name, amount)
    return out


def shape(data: HumanData, person: Person) -> np.ndarray:
    """The base mesh's vertices shaped for ``person``: metres, Y up, soles at y = 0."""
    vertices = data.base_mesh().vertices.copy()
    for name, amount in macro_targets(person).items():
        if not data.exists(f"mpfb2/targets/{name}.target.gz"):
            continue  # MakeHuman leaves some combinations out
        indices, offsets = data.target(name)
        vertices[indices] += offsets * amount
    vertices *= 0.1
    body = data.vertex_groups()["body"]
    vertices[:, 1] -= vertices[body, 1].min()
    return vertices


def fit_rig(bones: list[Bone], vertices: np.ndarray, groups: dict[str, np.ndarray]) -> list[Joint]:
    """One joint per bone, at the bone's head on the shaped body, parents first."""
    by_name = {bone.name: bone for bone in bones}
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        parent = by_name[name].parent
        if parent is not None:
            visit(parent)
        order.append(name)

    for bone in bones:
        visit(bone.name)
    joints: list[Joint] = []
    for name in order:
        bone = by_name[name]
        where = bone.head
        indices = groups[where] if isinstance(where, str) else np.array(where)
        parent = order.index(bone.parent) if bone.parent is not None else None
        joints.append(Joint(name.removeprefix(PREFIX), parent, vertices[indices].mean(axis=0)))
    return joints


def skin_weights(
    weights: dict[str, list[tuple[int, float]]], joints: list[Joint], count: int
) -> tuple[np.ndarray, np.ndarray]:
    """(count, 4) joint indices and weights: the four strongest, summing to one."""
    index = {joint.name: i for i, joint in enumerate(joints)}
    dense = np.zeros((count, len(joints)), dtype=np.float64)
    for bone, pairs in weights.items():
        column = index[bone.removeprefix(PREFIX)]
        for vertex, weight in pairs:
            dense[vertex, column] += weight
    top = np.argsort(-dense, axis=1)[:, :4]
    chosen = np.take_along_axis(dense, top, axis=1)
    total = chosen.sum(axis=1, keepdims=True)
    orphan = total[:, 0] <= 0
    chosen[orphan] = [1.0, 0.0, 0.0, 0.0]
    top[orphan] = index.get("Hips", 0)
    total[orphan] = 1.0
    return top.astype(np.uint16), (chosen / total).astype(np.float32)
