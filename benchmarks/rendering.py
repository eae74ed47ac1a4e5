"""What a frame costs with Vitrine's renderer, against the renderer before image-based
lighting, on this machine.

Run: ``.venv/bin/python benchmarks/rendering.py [--rounds N]``.

Two views at 1280x720: the showroom from its entrance (the guide hidden, so only the hall
and its exhibits count) and the kettle's product close-up. Renderers: "before" is the surface
shader of commit db875c1 (analytic environment, ACES, a runtime shadow branch), no
anti-aliasing; "now" is today's shader (image-based lighting, PBR Neutral, shadow filtering
compiled in only with shadows) without anti-aliasing, with FXAA and with 4x multisampling.
A process per anti-aliasing setting (it is chosen when the window opens); inside one, the
renderers take turns, 6 frames at a time, so the machine's drift falls on all alike. CPU
milliseconds per frame (llvmpipe draws on the CPU), median.
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


def measure(renderers: list[str], rounds: int) -> dict[str, float]:
    from app.render import open_offscreen
    from app.render.shading import surface_shader
    from app.scene import load_scene
    from app.scene.views import close_view, entrance_view
    from app.visit import VisitCore
    from guide.speech import SilentSpeaker

    base = open_offscreen(1280, 720)
    visit = VisitCore(base, load_scene(SHOWROOM), SilentSpeaker())
    visit.hold_exhibits = True
    if visit.figure is not None:
        visit.figure.root.hide()
    for _ in range(40):  # the models arrive
        visit.step(0.1)
        base.graphicsEngine.renderFrame()
    root = visit.stage.root
    shaders = {"before": _old_shader(), "now": surface_shader(True)}
    root.setShaderInput("vitrine_shadow_light", 1.0)
    scene = visit.document.scene
    kettle = scene.exhibit("kettle")
    views = {"entrance": entrance_view(scene),
             "close-up": close_view(scene, kettle, visit.stage.model_boxes["kettle"])}  # fmt: skip
    times: dict[str, list[float]] = {f"{r} {v}": [] for r in renderers for v in views}
    for _ in range(rounds):
        for name, view in views.items():
            visit.show_view(view)
            for renderer in renderers:
                root.setShader(shaders[renderer.split()[0]])
                for frame in range(7):
                    start = time.process_time()
                    base.graphicsEngine.renderFrame()
                    base.graphicsEngine.syncFrame()
                    if frame:  # the first after a switch pays for the change
                        times[f"{renderer} {name}"].append(time.process_time() - start)
    visit.destroy()
    base.destroy()
    return {key: 1000 * statistics.median(values) for key, values in times.items()}


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        print(json.dumps(measure(json.loads(args[1]), int(args[2]))))
        return
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 8
    runs = [("off", ["before", "now"]), ("fxaa", ["now fxaa"]), ("msaa", ["now 4x"])]
    results: dict[str, float] = {}
    for samples, renderers in runs:
        env = dict(os.environ, VITRINE_ANTIALIAS=samples, VITRINE_AUDIO="off")
        out = subprocess.run([sys.executable, __file__, "--child", json.dumps(renderers),
                              str(rounds)], env=env, capture_output=True, text=True,
                             check=True)  # fmt: skip
        results.update(json.loads(out.stdout.strip().splitlines()[-1]))
    print("| view | before (ms) | now, no AA (ms) | now, FXAA (ms) | now, 4x MSAA (ms) |")
    print("|---|---:|---:|---:|---:|")
    for view in ("entrance", "close-up"):
        cells = [results[f"{r} {view}"] for r in ("before", "now", "now fxaa", "now 4x")]
        print(f"| {view} | " + " | ".join(f"{c:.0f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
