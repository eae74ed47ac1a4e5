"""The guided tour recorded headless: stops in order, poses, narration after arrival,
subtitles matching the script, and the side-by-side stereo preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.render.capture import capture_rgb
from app.render.stage import build_stage
from app.render.stereo import StereoPreview
from app.scene import load_scene
from app.scene.views import stop_view
from app.visit.recording import record_tour
from guide.script import build_script
from guide.speech_service import SpeechService
from guide.subtitles import read_srt
from guide.wav import read_wav

from conftest import run_vitrine

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def recorded(offscreen: Any, repo_root: Path, tmp_path_factory: pytest.TempPathFactory):
    document = load_scene(repo_root / "scenes/heritage.vitrine.yaml")
    out = tmp_path_factory.mktemp("tour")
    speech = SpeechService(
        "espeak",
        voices=document.scene.guide.voices,  # type: ignore[union-attr]
        cache_dir=out / "speech-cache",
    )
    try:
        recording = record_tour(offscreen, document, out, speech, "en", fps=4)
    finally:
        speech.close()
    return document, out, recording


def test_stops_are_visited_in_order_and_the_camera_arrives_at_each_pose(recorded) -> None:
    document, _, recording = recorded
    scene = document.scene
    assert [stop for stop, _ in recording.moves] == [0, 1, 2]
    arrivals = {stop: (time, position) for stop, time, position in recording.arrivals}
    for stop in range(3):
        expected = stop_view(scene, stop, None).position
        assert arrivals[stop][1] == pytest.approx(expected, abs=0.35), f"stop {stop + 1}"


def test_narration_starts_after_arrival_and_subtitles_match_the_script(recorded) -> None:
    document, out, recording = recorded
    script = build_script(document.scene, "en")
    cues = read_srt(out / "tour.srt")
    assert [c.text for c in cues] == [line.spoken_text for line in script.in_order()]
    arrivals = {stop: time for stop, time, _ in recording.arrivals}
    for stop in range(3):
        cue = cues[stop + 1]
        assert cue.start >= arrivals[stop] - 1e-6, "narration waits for the camera"
    for cue, wav in zip(cues, sorted((out / "narration").glob("*.wav"))):
        samples, rate = read_wav(wav)
        assert cue.end - cue.start == pytest.approx(len(samples) / rate, abs=0.002)
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:])), "lines never overlap"
    vtt = (out / "tour.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n") and cues[1].text in vtt


def test_frames_and_narration_track_cover_the_tour(recorded) -> None:
    _, out, recording = recorded
    assert len(recording.frames) == pytest.approx(recording.seconds * 4, abs=2)
    first = np.asarray(__import__("PIL.Image", fromlist=["Image"]).open(recording.frames[0]))
    assert first.std() > 10
    samples, rate = read_wav(out / "narration.wav")
    last = read_srt(out / "tour.srt")[-1]
    assert len(samples) / rate == pytest.approx(last.end, abs=0.3)


def test_render_tour_command_writes_everything(tmp_path: Path) -> None:
    result = run_vitrine(
        "render",
        "scenes/heritage.vitrine.yaml",
        "--tour",
        "--out",
        str(tmp_path),
        "--size",
        "160x90",
        "--fps",
        "2",
        "--speech",
        "silent",
    )
    assert result.returncode == 0, result.stderr
    assert "recorded" in result.stdout and "4 subtitles" in result.stdout
    assert (tmp_path / "tour.srt").is_file() and (tmp_path / "frames" / "00000.png").is_file()


def test_stereo_preview_splits_the_view_into_two_eyes(
    offscreen: Any, library: Any, repo_root: Path
) -> None:
    from app.render.camera import point_camera
    from app.scene.views import entrance_view

    document = load_scene(repo_root / "scenes/showroom.vitrine.yaml")
    stage = build_stage(document.scene, document.base_dir, offscreen.render, "en", library=library)
    stereo = StereoPreview(offscreen)
    try:
        point_camera(offscreen.cam, offscreen.camLens, entrance_view(document.scene), offscreen.win)
        stereo.enable()
        for _ in range(2):
            offscreen.graphicsEngine.renderFrame()
        image = capture_rgb(offscreen).astype(int)
        half = image.shape[1] // 2
        left, right = image[:, :half], image[:, half : 2 * half]
        difference = np.abs(left - right).sum(axis=2)
        assert difference.mean() < 40, "both halves show the same hall"
        assert (difference > 30).mean() > 0.002, "from two slightly different eyes"
    finally:
        stereo.disable()
        stage.destroy()
    assert offscreen.camNode.getDisplayRegion(0).isActive()
