"""Recording the guided tour headless: numbered frames, each line's WAV, the whole narration
as one WAV, and subtitles (SRT and WebVTT) with the times the lines are spoken.

The tour runs on a fake clock stepped once per frame, through the same director, camera
flights, avatar and runner as the app, so what is recorded is what a visitor sees.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.render.camera_rig import MoveInput
from app.render.stage import build_stage
from app.render.tour_runner import TourRunner
from app.render.visit import Visit
from app.scene import SceneDocument
from guide.clock import FakeClock
from guide.director import Director
from guide.events import GuideEvent, MoveTo, Speak
from guide.subtitles import Cue, write_srt, write_vtt
from guide.wav import read_wav, write_wav

__all__ = ["TourRecording", "record_tour"]

log = logging.getLogger(__name__)


class _RecordingAudio:
    """Stands in for the speaker: notes what would play and when (no sound device)."""

    available = False
    muted = False

    def __init__(self) -> None:
        self.played: list[tuple[float, Path | None]] = []
        self.clock: FakeClock | None = None

    def play(self, wav: Path | None) -> None:
        assert self.clock is not None
        self.played.append((self.clock.now(), wav))

    def stop(self) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def position(self) -> float | None:
        return None


@dataclass
class TourRecording:
    frames: list[Path] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    wavs: list[Path] = field(default_factory=list)
    arrivals: list[tuple[int, float, tuple[float, float, float]]] = field(default_factory=list)
    moves: list[tuple[int, float]] = field(default_factory=list)
    seconds: float = 0.0


def record_tour(base: Any, document: SceneDocument, out: Path, speaker: Any,
                language: str | None = None, fps: float = 10.0,
                max_seconds: float = 600.0) -> TourRecording:
    """Run the whole tour and write it to ``out`` (frames/, narration/, tour.srt, tour.vtt)."""
    scene = document.scene
    language = language or scene.default_language
    frames_dir, voice_dir = out / "frames", out / "narration"
    for folder in (frames_dir, voice_dir):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    stage = build_stage(scene, document.base_dir, base.render, language)
    visit = Visit(base.cam, base.camLens, base.camNode, stage, base.win, language)
    clock = FakeClock()
    audio = _RecordingAudio()
    audio.clock = clock
    director = Director(scene, speaker, clock, language)
    runner = TourRunner(director, visit, audio, stage.guide_figure(base.cam))  # type: ignore[arg-type]
    recording = TourRecording()
    events: list[tuple[float, GuideEvent]] = []
    runner.listeners.append(lambda event: events.append((clock.now(), event)))
    visit.rig.on_arrival.append(lambda: recording.arrivals.append(
        (director.stop if director.stop is not None else -1, clock.now(), visit.rig.position)))
    dt = 1.0 / fps
    try:
        director.start_tour()
        frame = 0
        while director.state != "finished" and clock.now() < max_seconds:
            runner.update(dt)
            visit.update(dt, MoveInput())
            stage.update(dt)
            base.graphicsEngine.renderFrame()
            path = frames_dir / f"{frame:05d}.png"
            base.win.saveScreenshot(str(path))
            recording.frames.append(path)
            frame += 1
            clock.advance(dt)
        runner.update(dt)
        recording.seconds = clock.now()
    finally:
        if runner.figure is not None:
            runner.figure.destroy()
        visit.destroy()
        stage.destroy()
    recording.moves = [(e.stop, t) for t, e in events if isinstance(e, MoveTo)]
    _write_narration(recording, events, voice_dir, out)
    return recording


def _write_narration(recording: TourRecording, events: list[tuple[float, GuideEvent]],
                     voice_dir: Path, out: Path) -> None:
    speaks = [(t, e) for t, e in events if isinstance(e, Speak)]
    track: np.ndarray | None = None
    rate = 22050
    for index, (start, event) in enumerate(speaks, start=1):
        utterance = event.utterance
        end = start + utterance.duration_ms / 1000
        recording.cues.append(Cue(index, start, end, utterance.request.text))
        if utterance.wav is None or not utterance.wav.is_file():
            continue
        target = voice_dir / f"{index:03d}-{event.line_key.replace(':', '')}.wav"
        shutil.copyfile(utterance.wav, target)
        recording.wavs.append(target)
        samples, rate = read_wav(target)
        offset = int(start * rate)
        needed = offset + len(samples)
        if track is None:
            track = np.zeros(needed, dtype=np.int32)
        elif len(track) < needed:
            track = np.concatenate([track, np.zeros(needed - len(track), dtype=np.int32)])
        track[offset:offset + len(samples)] += samples
    if track is not None:
        write_wav(out / "narration.wav", np.clip(track, -32768, 32767).astype(np.int16), rate)
    write_srt(out / "tour.srt", recording.cues)
    write_vtt(out / "tour.vtt", recording.cues)
