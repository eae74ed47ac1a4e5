"""Mesh pipeline figures on real models: load, decimation vs trimesh, error, cache, memory.

Run: ``.venv/bin/python benchmarks/meshes.py`` (reads ../shared/data/models in place).
Prints Markdown tables. Error is the mean symmetric surface distance as a percentage of the
bounding-box diagonal (20k area-weighted samples each way, exact point-triangle distances).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.meshes import (  # noqa: E402
    ModelCache,
    ModelLibrary,
    ModelRequest,
    load_model_file,
)
from app.meshes.lod import build_lods  # noqa: E402
from app.meshes.metrics import surface_error  # noqa: E402
from app.meshes.model_data import ModelData  # noqa: E402
from app.meshes.normalise import Placement  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "models"
MODELS = [
    "khronos/DamagedHelmet/DamagedHelmet.glb",
    "bevy/FlightHelmet/FlightHelmet.gltf",
    "khronos/ReciprocatingSaw/ReciprocatingSaw.glb",
    "common3d/stanford-bunny.obj",
    "common3d/nefertiti.obj",
    "common3d/igea.ply",
]
LEVELS = (0.25, 0.05)


def _merged(model: ModelData, faces_per_part: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    positions, faces, offset = [], [], 0
    for part, part_faces in zip(model.parts, faces_per_part):
        positions.append(np.asarray(part.positions))
        faces.append(np.asarray(part_faces) + offset)
        offset += len(part.positions)
    return np.concatenate(positions), np.concatenate(faces)


def _trimesh_simplify(model: ModelData, share: float) -> tuple[list[np.ndarray], float, list]:
    import trimesh

    out, seconds, positions = [], 0.0, []
    for part in model.parts:
        mesh = trimesh.Trimesh(part.positions, part.faces, process=False)
        target = max(1, round(len(part.faces) * share))
        start = time.perf_counter()
        simple = mesh.simplify_quadric_decimation(face_count=target)
        seconds += time.perf_counter() - start
        out.append(np.asarray(simple.faces))
        positions.append(np.asarray(simple.vertices, dtype=np.float32))
    return out, seconds, positions


def decimation_table() -> None:
    from app.meshes.surface_fit import _compiled

    print(f"level fitting: {'compiled (C)' if _compiled() else 'NumPy fallback'}\n")
    print(
        "| model | triangles | load s | level | target | ours faces | ours err % "
        "| trimesh faces | trimesh err % |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    speed = []
    for name in MODELS:
        path = DATA / name
        start = time.perf_counter()
        model = load_model_file(path)
        load_s = time.perf_counter() - start
        full = sum(len(p.faces) for p in model.parts)
        ref_pos, ref_faces = _merged(model, [p.faces for p in model.parts])
        # Times are the best of three runs each (fresh copies of the model for ours).
        ours_s = float("inf")
        for _ in range(3):
            model = load_model_file(path)
            start = time.perf_counter()
            build_lods(model, (1.0, *LEVELS), min_part_faces=0)
            ours_s = min(ours_s, time.perf_counter() - start)
        theirs_s = 0.0
        for level, share in enumerate(LEVELS, start=1):
            ours_pos, ours_faces = _merged(model, [p.lods[level - 1] for p in model.parts])
            ours_err = surface_error(ref_pos, ref_faces, ours_pos, ours_faces)
            runs = [_trimesh_simplify(model, share) for _ in range(3)]
            theirs, _, theirs_vertices = runs[0]
            theirs_s += min(seconds for _, seconds, _ in runs)
            offsets = np.cumsum([0] + [len(v) for v in theirs_vertices[:-1]])
            theirs_pos = np.concatenate(theirs_vertices)
            theirs_faces = np.concatenate([f + o for f, o in zip(theirs, offsets)])
            theirs_err = surface_error(ref_pos, ref_faces, theirs_pos, theirs_faces)
            print(
                f"| {path.name} | {full:,} | {load_s:.2f} | {share:.0%} | {round(full * share):,} "
                f"| {len(ours_faces):,} | {ours_err:.4f} | {len(theirs_faces):,} "
                f"| {theirs_err:.4f} |"
            )
        uvs = all(p.uvs is not None for p in model.parts)
        speed.append((path.name, full, ours_s, theirs_s, uvs))
    print(
        "\n| model | triangles | ours: both levels ms | trimesh: both levels ms | ratio "
        "| UVs and normals kept (ours / trimesh) |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for name, full, ours_s, theirs_s, uvs in speed:
        kept = "yes / UVs dropped" if uvs else "yes / normals recomputed, no UVs in file"
        print(
            f"| {name} | {full:,} | {ours_s * 1000:.0f} | {theirs_s * 1000:.0f} "
            f"| {theirs_s / ours_s:.2f}x | {kept} |"
        )


def cache_table() -> None:
    showroom = [
        ModelRequest(p, Placement(fit=0.4)) for p in sorted((REPO / "assets/models").glob("*.glb"))
    ]
    real = [ModelRequest(DATA / name) for name in MODELS]
    print("\n| set | models | cold s (empty cache, 2 workers) | warm s (cache only) | speed-up |")
    print("|---|---:|---:|---:|---:|")
    for label, requests in (("showroom demo assets", showroom), ("real models above", real)):
        with tempfile.TemporaryDirectory() as folder:
            library = ModelLibrary(ModelCache(Path(folder)), workers=2)
            start = time.perf_counter()
            cold = library.load_many(requests)
            cold_s = time.perf_counter() - start
            library.close()
            library = ModelLibrary(ModelCache(Path(folder)), workers=2)
            start = time.perf_counter()
            warm = library.load_many(requests)
            warm_s = time.perf_counter() - start
            library.close()
            assert all(r.model is not None for r in cold + warm)
            assert all(r.from_cache for r in warm)
            speed_up = cold_s / warm_s
            print(f"| {label} | {len(requests)} | {cold_s:.2f} | {warm_s:.3f} | {speed_up:.0f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-decimation", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"shared data not found at {DATA}")
    if not args.skip_decimation:
        decimation_table()
    cache_table()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS: this process {own:.0f} MiB, largest worker {children:.0f} MiB")


if __name__ == "__main__":
    main()
