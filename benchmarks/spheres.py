"""Metal and roughness spheres under the same environment, in Vitrine and in <model-viewer>.

Run: ``.venv/bin/python benchmarks/spheres.py [--out DIR]``.

A grid of white-ish spheres (glTF written here: rows from plastic to metal, columns from
smooth to rough, like the Khronos MetalRoughSpheres sample, which is not in the shared
data), lit in both viewers by the same equirectangular HDR image (Vitrine's studio
environment written as a Radiance file): Vitrine with ``hall.environment``, model-viewer with
``environment-image``. Both at 1280x720 looking straight at the grid; printed: each sphere's
mean colour in both (the middle of each sphere's disc), and the mean difference.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE / "peers"))

import numpy as np  # noqa: E402
import trimesh  # noqa: E402
from PIL import Image  # noqa: E402

SIZE = (1280, 720)
ROWS, COLS = 3, 5  # metallic 0, 0.5, 1; roughness 0.1 .. 0.9


def write_spheres(path: Path) -> None:
    from trimesh.visual.material import PBRMaterial
    from trimesh.visual.texture import TextureVisuals

    scene = trimesh.Scene()
    for row in range(ROWS):
        for col in range(COLS):
            ball = trimesh.creation.icosphere(subdivisions=4, radius=0.09)
            material = PBRMaterial(baseColorFactor=[230, 230, 230, 255],
                                   metallicFactor=row / (ROWS - 1),
                                   roughnessFactor=0.1 + 0.2 * col)  # fmt: skip
            ball.visual = TextureVisuals(uv=np.zeros((len(ball.vertices), 2)), material=material)
            # glTF is Y-up: the grid stands in the XY plane facing +Z
            ball.apply_translation([(col - (COLS - 1) / 2) * 0.22, 0.12 + (ROWS - 1 - row) * 0.22,
                                    0])  # fmt: skip
            scene.add_geometry(ball, node_name=f"ball_{row}_{col}")
    path.write_bytes(scene.export(file_type="glb", include_normals=True))


def centres(image: np.ndarray) -> np.ndarray:
    """Mean colour of the middle of each sphere, found as the grid of bright discs."""
    lit = image.astype(float).sum(axis=2)
    mask = np.abs(lit - np.median(lit)) > 30  # not the plain background
    ys, xs = np.nonzero(mask)
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    out = np.zeros((ROWS, COLS, 3))
    for row in range(ROWS):
        for col in range(COLS):
            cx = x0 + (x1 - x0) * (col + 0.5) / COLS
            cy = y0 + (y1 - y0) * (row + 0.5) / ROWS
            r = (x1 - x0) / COLS * 0.15
            out[row, col] = image[int(cy - r) : int(cy + r), int(cx - r) : int(cx + r)].reshape(
                -1, 3).mean(axis=0)  # fmt: skip
    return out


def main() -> None:
    from app.render import build_stage, open_offscreen
    from app.render.camera import point_camera
    from app.render.capture import capture_rgb, draw_frames
    from app.render.environment_maps import studio_environment
    from app.render.hdr_files import write_hdr
    from app.scene import load_scene
    from app.scene.views import CameraView

    args = sys.argv[1:]
    out = Path(args[args.index("--out") + 1]) if "--out" in args else Path("/tmp/vitrine-spheres")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        write_spheres(site / "spheres.glb")
        write_hdr(site / "studio.hdr", studio_environment())
        (site / "spheres.vitrine.yaml").write_text(
            "format: 1\ntitle: {en: Spheres}\nlanguages: [en]\n"
            "hall: {size: [30, 30, 12], environment: studio.hdr, lighting: daylight}\n"
            "exhibits:\n  - id: spheres\n    model: spheres.glb\n    position: [0, 0]\n"
            "    plinth: null\n    info: {title: {en: Spheres}, text: {en: Spheres.}}\n",
            encoding="utf-8",
        )
        base = open_offscreen(*SIZE)
        document = load_scene(site / "spheres.vitrine.yaml")
        stage = build_stage(document.scene, document.base_dir, base.render, "en")
        lights = stage.root.find("lights")
        if not lights.isEmpty():
            stage.root.clearLight()  # the environment alone, as in model-viewer
        point_camera(base.cam, base.camLens, CameraView((0, -1.9, 0.34), (0, 0, 0.34)), base.win)
        hall = stage.root.find("hall")
        if not hall.isEmpty():
            hall.hide()
        draw_frames(base, 3)
        ours = capture_rgb(base)
        stage.destroy()
        base.destroy()
        Image.fromarray(ours).save(out / "spheres-vitrine.png")
        theirs = None
        script = Path("/tmp/mv/node_modules/@google/model-viewer/dist/model-viewer.min.js")
        if script.is_file() and shutil.which("chromium"):
            from devtools import Chromium

            shutil.copy(script, site / "model-viewer.min.js")
            page = (HERE / "peers" / "model_viewer.html").read_text(encoding="utf-8")
            page = page.replace('src="MODEL"', 'src="spheres.glb" environment-image="studio.hdr" '
                                'camera-orbit="0deg 90deg auto"')  # fmt: skip
            (site / "spheres.html").write_text(page, encoding="utf-8")
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            browser = Chromium(*SIZE)
            try:
                browser.open(f"http://127.0.0.1:{server.server_port}/spheres.html",
                             "document.querySelector('model-viewer')?.loaded")  # fmt: skip
                browser.evaluate("new Promise(r => setTimeout(r, 1500))")
                browser.screenshot(out / "spheres-model-viewer.png")
            finally:
                browser.close()
                server.shutdown()
            theirs = np.asarray(Image.open(out / "spheres-model-viewer.png").convert("RGB"))
    a = centres(ours)
    print("| metallic | roughness | Vitrine RGB | model-viewer RGB |")
    print("|---:|---:|---|---|")
    b = centres(theirs) if theirs is not None else None
    for row in range(ROWS):
        for col in range(COLS):
            other = "-" if b is None else " ".join(f"{v:.0f}" for v in b[row, col])
            print(f"| {row / (ROWS - 1):.1f} | {0.1 + 0.2 * col:.1f} | "
                  f"{' '.join(f'{v:.0f}' for v in a[row, col])} | {other} |")  # fmt: skip
    if b is not None:
        print(f"\nmean difference {np.abs(a - b).mean():.1f} of 255")
        pair = Image.new("RGB", (SIZE[0] * 2, SIZE[1]))
        pair.paste(Image.fromarray(ours), (0, 0))
        pair.paste(Image.fromarray(theirs), (SIZE[0], 0))
        pair.resize((SIZE[0], SIZE[1] // 2)).save(out / "spheres-side-by-side.png")
    print(f"pictures in {out}")


if __name__ == "__main__":
    main()
