"""Product close-ups beside Google's <model-viewer>, on this machine.

Run: ``.venv/bin/python benchmarks/product_views.py [--out DIR] [--no-peer]``.

Every demo product and four Khronos samples (DamagedHelmet, WaterBottle, BoomBox from
../shared/data/models/khronos, FlightHelmet from ../shared/data/models/bevy) is shown
alone on a plinth in a small hall and framed by Vitrine's close-up (the view inspect mode and
``--view exhibit:ID`` use) at 1280x720; the same file is put in <model-viewer> (npm
``@google/model-viewer``, defaults: neutral environment, auto-framing) in Debian's headless
``chromium`` with SwiftShader, same size. Coverage: the share of the frame's width and height
the product's pixels span (Vitrine: the pixels that change when the model is hidden;
model-viewer: the pixels that are not its white background). Pictures side by side go to
``--out`` (default /tmp/vitrine-product-views).

Needs: ``apt-get install chromium`` and ``npm install @google/model-viewer`` in
/tmp/mv (or set MODEL_VIEWER_JS to model-viewer.min.js) for the peer.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

sys.path.insert(0, str(HERE / "peers"))
from devtools import Chromium  # noqa: E402

SHARED = REPO.parent / "shared" / "data" / "models"
SIZE = (1280, 720)
DEMO = sorted(p.name for p in (REPO / "assets" / "models").glob("*.glb"))
SAMPLES = {
    "DamagedHelmet": SHARED / "khronos" / "DamagedHelmet" / "DamagedHelmet.glb",
    "WaterBottle": SHARED / "khronos" / "WaterBottle" / "WaterBottle.gltf",
    "BoomBox": SHARED / "khronos" / "BoomBox" / "BoomBox.gltf",
    "FlightHelmet": SHARED / "bevy" / "FlightHelmet" / "FlightHelmet.gltf",
}
SCENE = """format: 1
title: {{en: Product}}
languages: [en]
hall: {{size: [8, 8, 4], lighting: gallery}}
exhibits:
  - id: product
    model: {model}
    position: [0, 0]
    fit: 0.45
    plinth: {{height: 0.9, size: [0.9, 0.9], label: false}}
    info: {{title: {{en: Product}}, text: {{en: A product.}}}}
"""


def span(mask: np.ndarray) -> tuple[float, float]:
    """Width and height shares of the frame that ``mask``'s pixels span."""
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return 0.0, 0.0
    return (xs.max() - xs.min() + 1) / mask.shape[1], (ys.max() - ys.min() + 1) / mask.shape[0]


def vitrine_views(models: dict[str, Path], out: Path) -> dict[str, tuple[float, float]]:
    from app.render import build_stage, open_offscreen
    from app.render.camera import point_camera
    from app.render.capture import capture_rgb, draw_frames
    from app.scene import load_scene
    from app.scene.views import close_view

    base = open_offscreen(*SIZE)
    found = {}
    for name, source in models.items():
        with tempfile.TemporaryDirectory() as folder:
            if source.parent == REPO / "assets" / "models":
                model = f"builtin:models/{source.name}"
            else:
                shutil.copytree(source.parent, Path(folder) / "model")
                model = f"model/{source.name}"
            scene_path = Path(folder) / "product.vitrine.yaml"
            scene_path.write_text(SCENE.format(model=model), encoding="utf-8")
            document = load_scene(scene_path)
            stage = build_stage(document.scene, document.base_dir, base.render, "en")
            try:
                exhibit = document.scene.exhibit("product")
                view = close_view(document.scene, exhibit, stage.model_boxes["product"],
                                  SIZE[0] / SIZE[1])  # fmt: skip
                point_camera(base.cam, base.camLens, view, base.win)
                draw_frames(base, 3)
                shot = capture_rgb(base)
                stage.exhibits["product"].model.hide()
                draw_frames(base, 2)
                empty = capture_rgb(base)
            finally:
                stage.destroy()
        Image.fromarray(shot).save(out / f"{name}-vitrine.png")
        found[name] = span(np.abs(shot.astype(int) - empty.astype(int)).sum(axis=2) > 24)
    base.destroy()
    return found


def _model_viewer_js() -> Path | None:
    given = os.environ.get("MODEL_VIEWER_JS")
    candidates = [Path(given)] if given else []
    candidates.append(Path("/tmp/mv/node_modules/@google/model-viewer/dist/model-viewer.min.js"))
    return next((c for c in candidates if c.is_file()), None)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def peer_views(models: dict[str, Path], out: Path) -> dict[str, tuple[float, float]]:
    script = _model_viewer_js()
    if script is None or shutil.which("chromium") is None:
        print("(model-viewer not compared: needs chromium and @google/model-viewer)")
        return {}
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        shutil.copy(script, site / "model-viewer.min.js")
        page = (HERE / "peers" / "model_viewer.html").read_text(encoding="utf-8")
        for name, source in models.items():
            shutil.copytree(source.parent, site / name, dirs_exist_ok=True)
            (site / f"{name}.html").write_text(page.replace("MODEL", f"{name}/{source.name}"))
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        browser = Chromium(*SIZE)
        try:
            for name in models:
                shot = out / f"{name}-model-viewer.png"
                page = f"http://127.0.0.1:{server.server_port}/{name}.html"
                browser.open(page, "document.querySelector('model-viewer')?.loaded")
                # two animation frames after loading: the model is drawn
                browser.evaluate("new Promise(r => requestAnimationFrame(() => "
                                 "requestAnimationFrame(() => setTimeout(r, 500))))")  # fmt: skip
                browser.screenshot(shot)
                image = np.asarray(Image.open(shot).convert("RGB")).astype(int)
                found[name] = span((255 - image).sum(axis=2) > 24)
        finally:
            browser.close()
            server.shutdown()
    return found


def main() -> None:
    args = sys.argv[1:]
    out = Path(args[args.index("--out") + 1]) if "--out" in args else Path(
        "/tmp/vitrine-product-views")  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    models = {Path(name).stem: REPO / "assets" / "models" / name for name in DEMO}
    models.update({name: path for name, path in SAMPLES.items() if path.is_file()})
    ours = vitrine_views(models, out)
    theirs = {} if "--no-peer" in args else peer_views(models, out)
    print("| product | Vitrine close-up, width x height | <model-viewer> |")
    print("|---|---:|---:|")
    for name in models:
        w, h = ours[name]
        peer = theirs.get(name)
        other = f"{peer[0]:.0%} x {peer[1]:.0%}" if peer else "-"
        print(f"| {name} | {w:.0%} x {h:.0%} | {other} |")
        pictures = [out / f"{name}-vitrine.png", out / f"{name}-model-viewer.png"]
        shown = [Image.open(p).convert("RGB") for p in pictures if p.is_file()]
        pair = Image.new("RGB", (SIZE[0] * len(shown), SIZE[1]), "white")
        for index, picture in enumerate(shown):
            pair.paste(picture, (SIZE[0] * index, 0))
        pair.resize((pair.width // 2, pair.height // 2)).save(out / f"{name}-side-by-side.png")
    print(f"\npictures in {out}")


if __name__ == "__main__":
    main()
