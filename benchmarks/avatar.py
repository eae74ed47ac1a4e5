"""Avatar figures: frame cost of animating the guide, and when the mouth opens vs the audio.

Run: ``.venv/bin/python benchmarks/avatar.py`` (headless EGL, real eSpeak NG).
The mouth counts as open when the non-silent visemes weigh more than half, sampled at 60 fps
through the same blending the renderer uses; audio onsets are where sound starts after quiet.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from guide_sentences import ENGLISH  # noqa: E402  (this script's own folder)

FRAMES = 120


def frame_cost() -> list[tuple[str, float, float]]:
    from app.render import open_offscreen
    from app.render.camera import point_camera
    from app.render.stage import build_stage
    from app.scene import load_scene
    from app.scene.views import view_from_spec
    from guide.visemes import VisemeKey

    base = open_offscreen(1280, 720)
    document = load_scene(REPO / "scenes/showroom.vitrine.yaml")
    stage = build_stage(document.scene, document.base_dir, base.render, "en")
    view = view_from_spec(document.scene, "stop:1", stage.model_heights)
    point_camera(base.cam, base.camLens, view, base.win)
    rows = []
    for label in ("hall without the guide", "hall with the guide speaking"):
        figure = stage.guide_figure(base.cam) if "with the" in label else None
        if figure is not None:
            figure.place(-3.3, 0.9)
            figure.look_at("visitor")
            figure.avatar.play_gesture("wave")
        timeline = [VisemeKey(t, v) for t, v in enumerate(["aa", "O", "sil", "E", "PP"] * 400)]
        timeline = [VisemeKey(i * 90, k.viseme) for i, k in enumerate(timeline)]
        from guide.speech import SpeechRequest, Utterance

        utterance = Utterance(SpeechRequest("x", "en", "x"), None, 200_000, timeline, [], "bench")
        for _ in range(10):
            base.graphicsEngine.renderFrame()
        python_s = 0.0
        start = time.perf_counter()
        for index in range(FRAMES):
            if figure is not None:
                tick = time.perf_counter()
                figure.update(1 / 60, utterance, index / 60)
                python_s += time.perf_counter() - tick
            stage.update(1 / 60)
            base.graphicsEngine.renderFrame()
        total = time.perf_counter() - start
        rows.append((label, 1000 * total / FRAMES, 1000 * python_s / FRAMES))
        if figure is not None:
            figure.destroy()
    base.destroy()
    return rows


def mouth_offsets() -> list[float]:
    from app.render.guide_figure import _LOOKAHEAD_MS
    from guide import SpeechRequest
    from guide.speech_espeak import EspeakBackend
    from guide.visemes import viseme_weights
    from guide.wav import energy_onsets, read_wav

    backend = EspeakBackend()
    offsets = []
    with tempfile.TemporaryDirectory() as folder:
        for index, text in enumerate(ENGLISH):
            wav = Path(folder) / f"{index}.wav"
            utterance = backend.speak_to_file(SpeechRequest(text, "en", "en-us"), wav)
            samples, rate = read_wav(wav)
            frames = np.arange(0, utterance.duration_ms, 1000 / 60)
            opened = [
                1.0 - viseme_weights(utterance.visemes, t + _LOOKAHEAD_MS).get("sil", 0.0) > 0.5
                for t in frames
            ]
            openings = [frames[i] for i in range(1, len(frames)) if opened[i] and not opened[i - 1]]
            if opened and opened[0]:
                openings.insert(0, 0.0)
            for onset in energy_onsets(samples, rate):
                if openings:
                    nearest = min(openings, key=lambda t: abs(t - onset))
                    offsets.append(nearest - onset)
    return offsets


def main() -> None:
    print("| 1280x720, showroom stop 1 | ms per frame | of which avatar Python update ms |")
    print("|---|---:|---:|")
    for label, frame_ms, python_ms in frame_cost():
        print(f"| {label} | {frame_ms:.1f} | {python_ms:.3f} |")
    offsets = mouth_offsets()
    absolute = np.abs(offsets)
    print("\n| mouth opening vs audio onset (20 English lines, 60 fps) | ms |")
    print("|---|---:|")
    print(f"| onsets compared | {len(offsets)} |")
    print(f"| median absolute offset | {statistics.median(absolute):.0f} |")
    print(f"| mean offset (+ = mouth later) | {np.mean(offsets):+.0f} |")
    print(f"| 90th percentile absolute | {np.percentile(absolute, 90):.0f} |")


if __name__ == "__main__":
    main()
