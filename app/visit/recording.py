"""Recording the guided tour headless: numbered frames, each line's WAV, the whole narration
as one WAV, and subtitles (SRT and WebVTT) with the times the lines are spoken.

The tour runs in the same visit core as the app (``app.visit.VisitCore``), on a fake clock
stepped once per frame, so what is recorded is what a visitor sees.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.meshes import ModelLibrary
from app.render.capture import draw_frames, save_frame
from app.scene import SceneDocument
from app.visit.audio import SilentAudio
from app.visit.core import VisitCore
from guide.clock import FakeClock
from guide.director import Speaker
from guide.events import GuideEvent, MoveTo, Speak
from guide.states import DirectorState
from guide.subtitles import Cue, write_srt, write_vtt
from guide.wav import read_wav, write_wav

__all__ = ["TourRecording", "record_tour"]

log = logging.getLogger(__name__)


@dataclass
class TourRecording:
    frames: list[Path] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    wavs: list[Path] = field(default_factory=list)
    arrivals: list[tuple[int, float, tuple[float, float, float]]] = field(default_factory=list)
    moves: list[tuple[int, float]] = field(default_factory=list)
    seconds: float = 0.0


def record_tour(
    base: Any,
    document: SceneDocument,
    out: Path,
    speaker: Speaker,
    language: str | None = None,
    fps: float = 10.0,
    max_seconds: float = 600.0,
    library: ModelLibrary | None = None,
    quality: str | None = None,
) -> TourRecording:
    """Run the whole tour and write it to ``out`` (frames/, narration/, tour.srt, tour.vtt)."""
    frames_dir, voice_dir = out / "frames", out / "narration"
    for folder in (frames_dir, voice_dir):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    clock = FakeClock()
    visit = VisitCore(
        base,
        document,
        speaker,
        language=language,
        clock=clock,
        audio=SilentAudio(clock),
        library=library,
        quality=quality,
    )
    recording = TourRecording()
    events: list[tuple[float, GuideEvent]] = []
    visit.on_guide_event.append(lambda event: events.append((clock.now(), event)))
    director = visit.director
    visit.explorer.rig.on_arrival.append(
        lambda: recording.arrivals.append(
            (
                director.stop if director.stop is not None else -1,
                clock.now(),
                visit.explorer.rig.position,
            )
        )
    )
    dt = 1.0 / fps
    try:
        visit.start_tour()
        frame = 0
        while visit.state.director != DirectorState.FINISHED and clock.now() < max_seconds:
            visit.step(dt if frame else 0.0)
            draw_frames(base)
            path = frames_dir / f"{frame:05d}.png"
            save_frame(base, path)
            recording.frames.append(path)
            frame += 1
        visit.step(0.0)
        recording.seconds = clock.now()
    finally:
        visit.destroy()
    recording.moves = [(e.stop, t) for t, e in events if isinstance(e, MoveTo)]
    _write_narration(recording, events, voice_dir, out)
    return recording


def _write_narration(
    recording: TourRecording, events: list[tuple[float, GuideEvent]], voice_dir: Path, out: Path
) -> None:
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
        track[offset : offset + len(samples)] += samples
    if track is not None:
        write_wav(out / "narration.wav", np.clip(track, -32768, 32767).astype(np.int16), rate)
    write_srt(out / "tour.srt", recording.cues)
    write_vtt(out / "tour.vtt", recording.cues)
