"""What a frame costs at each quality tier, against the renderer before image-based lighting
and baking, on this machine.

Run: ``.venv/bin/python benchmarks/rendering.py [--rounds N]``.

Two views at 1280x720: the showroom from its entrance (no guide: the hall and its exhibits)
and the kettle's product close-up. Renderers:

- **before**: the surface shader of commit db875c1 (analytic environment, ACES, a runtime
  shadow branch) on every surface, the hall lit per pixel, a 2048-texel shadow map with the
  floor in it, no anti-aliasing: today's renderer when the rendering issue was filed;
- **low**, **medium**, **high**: Vitrine's tiers (baked hall; no live shadow map, 1024 and
  2048 texels), without anti-aliasing and with FXAA (what this machine gets).

One process per anti-aliasing setting (it is chosen when the window opens); inside one, the
renderers take turns each round, 6 frames each after one to settle, so the machine's drift
falls on all alike. Each frame is read back, so the time is the drawing's, not the queueing's.
CPU milliseconds per frame (llvmpipe draws on the CPU, on every core), median.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))

BEFORE = "db875c1"
SHOWROOM = REPO / "scenes" / "showroom.vitrine.yaml"


def _old_shader():  # type: ignore[no-untyped-def]
    from panda3d.core import Shader

    def text(name: str) -> str:
        return subprocess.run(["git", "show", f"{BEFORE}:app/render/shaders/{name}"], cwd=REPO,
                              capture_output=True, text=True, check=True).stdout  # fmt: skip

    return Shader.make(Shader.SL_GLSL, text("exhibit.vert"), text("exhibit.frag"))


def _build(base, document, name: str):  # type: ignore[no-untyped-def]
    from app.meshes import ModelLibrary
    from app.render.quality import TIERS, Quality
    from app.render.stage import build_stage

    quality = Quality("before", 2048, baked=False) if name == "before" else TIERS[name]
    library = ModelLibrary()
    stage = build_stage(document.scene, document.base_dir, base.render, "en",
                        quality=quality, library=library)  # fmt: skip
    library.close()
    if name == "before":
        stage.root.setShader(_old_shader())
        stage.root.setShaderInput("vitrine_shadow_light", 1.0)
    if stage.shadow is not None:
        stage.shadow.lod_from(base.cam)
    return stage


def measure(renderers: list[str], rounds: int) -> dict[str, float]:
    from app.render import open_offscreen
    from app.render.camera import point_camera
    from app.scene import load_scene
    from app.scene.views import close_view, entrance_view

    base = open_offscreen(1280, 720)
    document = load_scene(SHOWROOM)
    scene = document.scene
    stage = _build(base, document, "low")
    views = {"entrance": entrance_view(scene),
             "close-up": close_view(scene, scene.exhibit("kettle"),
                                    stage.model_boxes["kettle"])}  # fmt: skip
    stage.destroy()
    times: dict[str, list[float]] = {f"{r} {v}": [] for r in renderers for v in views}
    for _ in range(rounds):
        for renderer in renderers:
            stage = _build(base, document, renderer.split()[0])
            for name, view in views.items():
                point_camera(base.cam, base.camLens, view, base.win)
                for frame in range(7):
                    start = time.process_time()
                    base.graphicsEngine.renderFrame()
                    base.graphicsEngine.syncFrame()
                    base.win.getScreenshot()  # wait for the drawing to finish
                    if frame:  # the first after a change pays for it
                        times[f"{renderer} {name}"].append(time.process_time() - start)
            stage.destroy()
    base.destroy()
    return {key: 1000 * statistics.median(values) for key, values in times.items()}


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        print(json.dumps(measure(json.loads(args[1]), int(args[2]))))
        return
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 4
    runs = [("off", ["before", "low", "medium", "high"]),
            ("fxaa", ["low fxaa", "medium fxaa", "high fxaa"])]  # fmt: skip
    results: dict[str, float] = {}
    for samples, renderers in runs:
        env = dict(os.environ, VITRINE_ANTIALIAS=samples, VITRINE_AUDIO="off")
        out = subprocess.run([sys.executable, __file__, "--child", json.dumps(renderers),
                              str(rounds)], env=env, capture_output=True, text=True,
                             check=True)  # fmt: skip
        results.update(json.loads(out.stdout.strip().splitlines()[-1]))
    columns = ["before", "low", "medium", "high", "low fxaa", "medium fxaa", "high fxaa"]
    print("CPU ms per 1280x720 frame, median (lower is better)\n")
    print("| view | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for view in ("entrance", "close-up"):
        cells = [results[f"{c} {view}"] for c in columns]
        print(f"| {view} | " + " | ".join(f"{c:.0f}" for c in cells) + " |")
    before = results["before entrance"]
    print(f"\nentrance, default tier here (low, FXAA): {results['low fxaa entrance']:.0f} ms = "
          f"{results['low fxaa entrance'] / before:.0%} of before")  # fmt: skip


if __name__ == "__main__":
    main()
