"""The guided tour in the hall: the director's events become camera flights, audio and subtitles.

Every frame the runner advances the director, flies the camera when a stop is chosen (telling
the director on arrival), plays each line and keeps the subtitle (with the word being spoken)
for the shell to show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.render.audio import AudioPlayer
from app.render.guide_figure import GuideFigure, spot_beside
from app.render.visit import Visit
from app.scene.views import stop_view
from guide.director import Director
from guide.events import (
    Gesture,
    GuideEvent,
    LanguageChanged,
    LookAt,
    MoveTo,
    PauseSpeaking,
    ResumeSpeaking,
    Speak,
    StateChanged,
    StopSpeaking,
)
from guide.speech import Utterance

__all__ = ["Subtitle", "TourRunner"]

log = logging.getLogger(__name__)


@dataclass
class Subtitle:
    """The line on screen and which of its words is being spoken (-1 for none)."""

    words: list[str] = field(default_factory=list)
    current: int = -1
    text: str = ""


class TourRunner:
    def __init__(self, director: Director, visit: Visit, audio: AudioPlayer,
                 figure: GuideFigure | None = None) -> None:
        self.director = director
        self.visit = visit
        self.audio = audio
        self.figure = figure
        self.utterance: Utterance | None = None
        self.subtitle = Subtitle()
        self.listeners: list[Callable[[GuideEvent], None]] = []
        visit.rig.on_arrival.append(self._arrived)
        self._travelling = False

    def update(self, dt: float = 0.0) -> None:
        for event in self.director.update():
            self._handle(event)
            for listener in self.listeners:
                listener(event)
        self._follow_words()
        if self.figure is not None:
            self.figure.update(dt, self.director.speaking, self.speech_time())

    def speech_time(self) -> float:
        """Seconds into the current line: the audio clock when sound plays, else the director's."""
        audible = self.audio.position()
        return audible if audible is not None and audible > 0 else self.director.speech_time()

    def _handle(self, event: GuideEvent) -> None:
        if isinstance(event, MoveTo):
            scene = self.director.scene
            view = stop_view(scene, event.stop, self.visit.stage.model_heights)
            self._travelling = True
            self.visit.select(None, fly=False)
            self.visit.fly_to_view(view)
            if event.exhibit:
                self.visit.show_card(event.exhibit)
            if self.figure is not None:
                target = (self.visit.stage.centre_of(event.exhibit) if event.exhibit
                          else view.look_at)
                self.figure.walk_to(*spot_beside(scene, view, target))
        elif isinstance(event, Speak):
            self.utterance = event.utterance
            self.subtitle = Subtitle([w.text for w in event.utterance.words], -1,
                                     event.utterance.request.text)
            self.audio.play(event.utterance.wav)
        elif isinstance(event, StopSpeaking):
            self.audio.stop()
            self.utterance = None
            self.subtitle = Subtitle()
        elif isinstance(event, PauseSpeaking):
            self.audio.pause()
        elif isinstance(event, ResumeSpeaking):
            self.audio.resume()
        elif isinstance(event, LanguageChanged):
            self.visit.set_language(event.language)
        elif isinstance(event, Gesture) and self.figure is not None:
            self.figure.avatar.play_gesture(event.name)
        elif isinstance(event, LookAt) and self.figure is not None:
            if event.target == "visitor":
                self.figure.look_at("visitor")
            elif event.target in self.visit.stage.exhibits:
                self.figure.look_at(self.visit.stage.centre_of(event.target))
        elif isinstance(event, StateChanged) and event.state in ("waiting", "idle", "finished",
                                                                   "free"):
            self.utterance = None
            self.subtitle = Subtitle()

    def _arrived(self) -> None:
        if self._travelling:
            self._travelling = False
            self.director.arrived()

    def _follow_words(self) -> None:
        utterance = self.director.speaking
        if utterance is None:
            return
        now_ms = self.speech_time() * 1000
        current = -1
        for index, word in enumerate(utterance.words):
            if word.start_ms <= now_ms:
                current = index
        self.subtitle.current = current
