"""How long the hall's light takes to bake, and to read back from the cache, on this machine.

Run: ``.venv/bin/python benchmarks/baking.py``.

The two example halls, and a 60 x 40 m hall of 150 plinths (the showroom's first exhibit
repeated on a grid, as in benchmarks/scale.py's large hall). Each is baked into a fresh
cache folder, then read again from it. Also: the hall's reflection traced from the bake,
and the floor lightmap's size. Wall-clock seconds.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))


def _large(scene):  # type: ignore[no-untyped-def]
    first = scene.exhibits[0]
    exhibits = [
        first.model_copy(update={"id": f"e{i}",
                                 "position": (-27 + (i % 15) * 3.8, -17 + (i // 15) * 3.6)})
        for i in range(150)
    ]  # fmt: skip
    hall = scene.hall.model_copy(update={"size": (60.0, 40.0, 5.0)})
    return scene.model_copy(update={"exhibits": exhibits, "hall": hall, "tour": None})


def main() -> None:
    os.environ["VITRINE_CACHE_DIR"] = tempfile.mkdtemp(prefix="vitrine-bake-")
    from app.render.baked_hall import bake_scene, hall_reflection
    from app.render.lighting import PRESETS
    from app.render.shading import default_lighting
    from app.scene import load_scene

    sky = default_lighting().environment.sh
    showroom = load_scene(REPO / "scenes" / "showroom.vitrine.yaml").scene
    heritage = load_scene(REPO / "scenes" / "heritage.vitrine.yaml").scene
    halls = {"showroom": showroom, "heritage": heritage, "large": _large(showroom)}
    print("| hall | bake (s) | from the cache (s) | reflection (s) | floor lightmap |")
    print("|---|---:|---:|---:|---|")
    for name, scene in halls.items():
        strength = PRESETS[scene.hall.lighting].environment
        start = time.perf_counter()
        baked = bake_scene(scene, sky, strength)
        baked_s = time.perf_counter() - start
        start = time.perf_counter()
        bake_scene(scene, sky, strength)
        cached_s = time.perf_counter() - start
        start = time.perf_counter()
        hall_reflection(scene, baked)
        traced_s = time.perf_counter() - start
        h, w = baked.maps["floor"].shape[:2]
        plinths = sum(1 for e in scene.exhibits if e.plinth is not None)
        width, depth, _ = scene.hall.size
        name = f"{name} ({plinths} plinths, {width:g} x {depth:g} m)"
        print(f"| {name} | {baked_s:.2f} | {cached_s:.3f} | {traced_s:.3f} | {w} x {h} |")


if __name__ == "__main__":
    main()
