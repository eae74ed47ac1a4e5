"""Large halls: what 10, 50 and 150 exhibits cost, built from the shared sample models.

Each hall is an exhibition folder in a temporary directory (the models copied into it, 2.5 m
apart, cycling over the unique models), rendered with ``vitrine render SCENE --out x.png`` as
a whole process: peak RSS, cache on disk, cold start (empty cache) and warm start, and the
frame time at the entrance view at 1280x720 (looking into the hall) and turned round (looking
at the entrance wall, almost nothing in view). The app's own start (models streamed in behind
stand-ins) is timed too, warm: seconds to the first frame and until every model is in place.
``--compare REV`` runs the same halls with the code of an earlier commit too, in the same run.
The code measured is what is committed (each revision in a git worktree of its own), so edits
in the working tree meanwhile do not count.

    .venv/bin/python benchmarks/scale.py [--sizes 10,50,150] [--compare REV] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "data" / "models"
MODELS = [
    "khronos/DamagedHelmet/DamagedHelmet.glb",
    "bevy/FlightHelmet/FlightHelmet.gltf",
    "khronos/BoomBox/BoomBox.gltf",
    "khronos/Lantern/Lantern.gltf",
    "khronos/Avocado/Avocado.gltf",
    "khronos/WaterBottle/WaterBottle.gltf",
    "khronos/Corset/Corset.gltf",
    "khronos/Duck/Duck.glb",
    "khronos/CesiumMilkTruck/CesiumMilkTruck.glb",
    "khronos/2CylinderEngine/2CylinderEngine.glb",
    "khronos/ReciprocatingSaw/ReciprocatingSaw.glb",
    "khronos/BoxTextured/BoxTextured.glb",
    "khronos/NormalTangentTest/NormalTangentTest.glb",
    "khronos/CesiumMan/CesiumMan.glb",
    "khronos/RiggedFigure/RiggedFigure.glb",
    "khronos/AnimatedMorphCube/AnimatedMorphCube.glb",
    "khronos/AnimatedMorphSphere/AnimatedMorphSphere.glb",
    "bevy/Fox/Fox.glb",
    "khronos/MorphPrimitivesTest/MorphPrimitivesTest.gltf",
    "khronos/SimpleSparseAccessor/SimpleSparseAccessor.gltf",
    "khronos/RiggedSimple/RiggedSimple.glb",
    "bevy/MorphStressTest/MorphStressTest.gltf",
]

FRAME_CODE = """
import json, sys, time
from app.render import open_offscreen
from app.scene import load_scene
from app.visit import VisitCore
from guide.speech import SilentSpeaker
base = open_offscreen(1280, 720)
visit = VisitCore(base, load_scene(sys.argv[1]), SilentSpeaker())

def median_frame_ms():
    for _ in range(3):
        visit.step(0.02); base.graphicsEngine.renderFrame()
    times = []
    for _ in range(8):
        start = time.perf_counter(); visit.step(0.02); base.graphicsEngine.renderFrame()
        base.graphicsEngine.syncFrame(); times.append(time.perf_counter() - start)
    times.sort()
    return 1000 * times[len(times) // 2]

result = {"frame_ms": median_frame_ms()}
if hasattr(visit, "show_view"):  # turned round: the entrance wall, almost nothing in view
    from app.scene.views import CameraView
    hall = visit.document.scene.hall
    y = -hall.size[1] / 2 + 0.6
    visit.show_view(CameraView((0.0, y + 1.0, 1.6), (0.0, y - 2.0, 1.6)))
    result["away_ms"] = median_frame_ms()
print(json.dumps(result))
"""

STREAM_CODE = """
import time
began = time.perf_counter()
import json, sys
from app.render import open_offscreen
from app.scene import load_scene
from app.visit import VisitCore
from guide.speech import SilentSpeaker
base = open_offscreen(1280, 720)
try:
    visit = VisitCore(base, load_scene(sys.argv[1]), SilentSpeaker(), stream_models=True)
except TypeError:  # code from before streaming: everything loads first
    visit = VisitCore(base, load_scene(sys.argv[1]), SilentSpeaker())
visit.step(0.02); base.graphicsEngine.renderFrame(); base.graphicsEngine.syncFrame()
first = time.perf_counter() - began
while getattr(visit.state, "loading", None) is not None:
    visit.step(0.02); base.graphicsEngine.renderFrame()
print(json.dumps({"first_s": first, "all_s": time.perf_counter() - began}))
"""


def make_hall(folder: Path, count: int) -> tuple[Path, int, int]:
    """An exhibition of ``count`` exhibits; returns the scene, unique models, source bytes."""
    models = folder / "models"
    models.mkdir(parents=True)
    used = MODELS[: min(len(MODELS), max(1, count if count < 20 else 22))]
    source = 0
    for name in used:
        src = SAMPLES / name
        target = models / src.parent.name
        shutil.copytree(src.parent, target)
        source += sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    side = int(count**0.5 + 0.999)
    lines = [
        "format: 1",
        "title: {en: Big hall}",
        "languages: [en]",
        f"hall: {{size: [{side * 2.5 + 4:.1f}, {side * 2.5 + 4:.1f}, 5]}}",
        "exhibits:",
    ]
    for index in range(count):
        model = used[index % len(used)]
        x = (index % side - (side - 1) / 2) * 2.5
        y = (index // side - (side - 1) / 2) * 2.5
        lines.append(
            f"  - {{id: e{index}, model: models/{Path(model).parent.name}/"
            f"{Path(model).name}, position: [{x:.2f}, {y:.2f}], fit: 0.6, "
            f"info: {{title: {{en: E{index}}}, text: {{en: An exhibit.}}}}}}"
        )
    scene = folder / "hall.vitrine.yaml"
    scene.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return scene, len(used), source


def _run(code_root: Path, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one ``python -m app`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, sys; from app.cli import main; code = main("
            "sys.argv[1:]); print('RSS', resource.getrusage("
            "resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)",
            *args,
        ],
        cwd=code_root,
        env=dict(env, PYTHONPATH=str(code_root)),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    del before
    rss_kib = max(
        int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("RSS")
    )
    return seconds, rss_kib / 1024


def _frame(code_root: Path, scene: Path, env: dict[str, str], code: str = FRAME_CODE) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, str(scene)],
        cwd=code_root,
        env=dict(env, PYTHONPATH=str(code_root)),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(result.stderr[-3000:])
    return dict(json.loads(lines[-1]))


def _du(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def measure(code_root: Path, label: str, sizes: list[int], runs: int, work: Path) -> list[str]:
    rows = []
    for count in sizes:
        hall = work / f"{label}-{count}"
        scene, unique, source = make_hall(hall, count)
        cache = work / f"cache-{label}-{count}"
        env = dict(os.environ, VITRINE_CACHE_DIR=str(cache))
        out = str(hall / "x.png")
        cold_s, cold_rss = _run(code_root, ["render", str(scene), "--out", out], env)
        warm = [_run(code_root, ["render", str(scene), "--out", out], env) for _ in range(runs)]
        warm_s = statistics.median(w[0] for w in warm)
        rss = max([cold_rss] + [w[1] for w in warm])
        frame = _frame(code_root, scene, env)
        starts = [_frame(code_root, scene, env, STREAM_CODE) for _ in range(runs)]
        first = statistics.median(s["first_s"] for s in starts)
        every = statistics.median(s["all_s"] for s in starts)
        away = f"{frame['away_ms']:.0f} ms" if "away_ms" in frame else "-"
        rows.append(
            f"| {label} | {count} ({unique}) | {source / 1e6:.0f} MB | {rss:.0f} MiB | "
            f"{_du(cache):.0f} MB | {cold_s:.1f} s | {warm_s:.1f} s | {first:.1f} s / "
            f"{every:.1f} s | {frame['frame_ms']:.0f} ms | {away} |"
        )
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,50,150")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", help="an earlier commit to measure in the same run")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        "| code | exhibits (unique models) | source files | peak RSS | cache on disk | "
        "cold render | warm render | app start: first frame / all models | "
        "frame at 1280x720 | frame turned round |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        revisions = ([(args.compare, f"before ({args.compare[:7]})")] if args.compare else []) + [
            ("HEAD", "now")
        ]
        for revision, label in revisions:
            tree = work / label.split()[0]
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(tree), revision],
                cwd=REPO,
                check=True,
                capture_output=True,
            )
            for built in (REPO / "app" / "meshes").glob("_*.so"):
                shutil.copy(built, tree / "app" / "meshes")
            try:
                measure(tree, label, sizes, args.runs, work)
            finally:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(tree)],
                    cwd=REPO,
                    capture_output=True,
                )


if __name__ == "__main__":
    main()
