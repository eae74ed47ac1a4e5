"""Exhibition app figures: frame rate hosted in Qt vs a bare Panda3D window, start-up time to
the first frame (cold and warm model cache), and triangles drawn at the entrance with and
without levels of detail.

Run: ``.venv/bin/python benchmarks/exhibition_app.py`` (starts its own Xvfb; Mesa llvmpipe renders).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from virtual_display import start_xvfb  # noqa: E402  (this script's own folder)

SCENE = REPO / "scenes/showroom.vitrine.yaml"
MEASURE_S = 8.0
WARMUP_S = 2.0


def _qt_fps() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.scene import load_scene
    from app.shell.app import create_main_window

    app = QApplication(sys.argv[:1])
    window = create_main_window(load_scene(SCENE), "en", (1240, 720))
    window.show()
    window.start()
    window.viewport.set_frame_rate_cap(None)
    marks: dict[str, float] = {}

    def begin() -> None:
        marks["frames"], marks["t"] = window.viewport.frames, time.perf_counter()
        QTimer.singleShot(int(MEASURE_S * 1000), end)

    def end() -> None:
        frames = window.viewport.frames - marks["frames"]
        seconds = time.perf_counter() - marks["t"]
        size = [window.viewport.width(), window.viewport.height()]
        print(json.dumps({"fps": frames / seconds, "size": size}), flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(int(WARMUP_S * 1000), begin)
    app.exec()


def _bare_fps(width: int, height: int) -> None:
    from app.render.engine import configure_window
    from app.scene import load_scene
    from app.visit import VisitCore
    from guide.speech import SilentSpeaker

    configure_window(width, height, "bare")
    from direct.showbase.ShowBase import ShowBase

    base = ShowBase()
    base.disableMouse()
    document = load_scene(SCENE)
    visit = VisitCore(base, document, SilentSpeaker())  # the same visit as the app, no Qt
    end = time.perf_counter() + WARMUP_S
    while time.perf_counter() < end:
        base.taskMgr.step()
    frames, start = 0, time.perf_counter()
    while time.perf_counter() - start < MEASURE_S:
        visit.step(0.016)
        base.taskMgr.step()
        frames += 1
    print(json.dumps({"fps": frames / (time.perf_counter() - start)}), flush=True)


def _triangles() -> None:
    from panda3d.core import NodePath

    from app.render import open_offscreen
    from app.render.camera import point_camera
    from app.render.stage import build_stage
    from app.scene import load_scene
    from app.scene.views import entrance_view

    base = open_offscreen(1240, 640)
    document = load_scene(SCENE)
    stage = build_stage(document.scene, document.base_dir, base.render, "en")
    point_camera(base.cam, base.camLens, entrance_view(document.scene), base.win)
    with_lod = without_lod = 0
    for path in stage.root.findAllMatches("**/+LODNode"):
        node = path.node()
        centre = base.cam.getRelativePoint(path, node.getCenter())
        distance = centre.length()
        counts = [
            NodePath(node.getChild(i)).node().getGeom(0).getPrimitive(0).getNumFaces()
            for i in range(node.getNumChildren())
        ]
        active = next(
            (i for i in range(node.getNumSwitches()) if node.getOut(i) <= distance < node.getIn(i)),
            len(counts) - 1,
        )
        with_lod += counts[active]
        without_lod += counts[0]
    print(json.dumps({"with_lod": with_lod, "without_lod": without_lod}), flush=True)


def _child(mode: str, env: dict[str, str], *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, mode, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{mode} failed: {result.stderr[-2000:]}")
    return json.loads(lines[-1])


def _first_frame(env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "app", "run", str(SCENE), "--quit-after-frames", "3"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    match = re.search(r"first frame after [\d.]+ s \(at ([\d.]+)\)", result.stdout)
    if not match:
        raise RuntimeError(result.stderr[-2000:])
    return float(match.group(1)) - started


def main() -> None:
    xvfb, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as cache:
            env = dict(
                os.environ,
                DISPLAY=display,
                QT_QPA_PLATFORM="xcb",
                VITRINE_AUDIO="off",
                VITRINE_CACHE_DIR=cache,
            )
            env.pop("WAYLAND_DISPLAY", None)
            qt = _child("qt", env)
            width, height = qt["size"]
            bare = _child("bare", env, str(width), str(height))
            print(f"| view {width}x{height}, showroom entrance | frames per second |")
            print("|---|---:|")
            print(f"| hosted in the Qt window | {qt['fps']:.1f} |")
            print(f"| bare Panda3D window | {bare['fps']:.1f} |")
            print(f"| ratio (goal >= 0.95) | {qt['fps'] / bare['fps']:.2f} |")
            tri = _child("triangles", env)
            print("\n| triangles drawn at the entrance | with LOD | without LOD |")
            print("|---|---:|---:|")
            print(f"| showroom | {tri['with_lod']:,} | {tri['without_lod']:,} |")
        print("\n| `vitrine run` to first frame | seconds |")
        print("|---|---:|")
        for label in ("cold cache", "warm cache"):
            times = []
            for _ in range(3):
                with tempfile.TemporaryDirectory() as cache:
                    env = dict(
                        os.environ,
                        DISPLAY=display,
                        QT_QPA_PLATFORM="xcb",
                        VITRINE_AUDIO="off",
                        VITRINE_CACHE_DIR=cache,
                    )
                    if label == "warm cache":
                        _first_frame(env)
                    times.append(_first_frame(env))
            print(f"| {label} (median of 3) | {sorted(times)[1]:.2f} |")
    finally:
        xvfb.terminate()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "qt":
        _qt_fps()
    elif len(sys.argv) > 1 and sys.argv[1] == "bare":
        _bare_fps(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "triangles":
        _triangles()
    else:
        main()
