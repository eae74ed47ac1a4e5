"""The director's events made visible and audible: camera flights to tour stops, the exhibit
card, the guide walking beside the exhibit, gestures and gaze, audio and the subtitle.

The visit core calls ``handle`` for each event of the frame and ``follow_words`` after the
audio clock moved; the runner keeps the subtitle (with the word being spoken) for the shell.
"""

from __future__ import annotations

import logging

from app.render.explorer import Explorer
from app.render.guide_figure import GuideFigure, spot_beside
from app.scene.views import stop_view
from app.visit.audio import AudioOut
from app.visit.state import Subtitle
from guide.director import Director
from guide.events import (
    Emphasis,
    Expression,
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
from guide.states import QUIET

__all__ = ["TourRunner"]

log = logging.getLogger(__name__)


class TourRunner:
    """Applies director events to the camera, the guide figure, the audio and the subtitle."""

    def __init__(
        self,
        director: Director,
        explorer: Explorer,
        audio: AudioOut,
        figure: GuideFigure | None = None,
    ) -> None:
        self.director = director
        self.explorer = explorer
        self.audio = audio
        self.figure = figure
        self.subtitle = Subtitle()
        self._travelling = False
        self._exhibit: str | None = None  # the exhibit of the stop the guide is at
        self._spot: str | None = None  # and the hotspot of it being talked about
        explorer.rig.on_arrival.append(self._arrived)

    def speech_time(self) -> float:
        """Seconds into the current line: the audio clock when sound plays, else the director's."""
        audible = self.audio.position()
        return audible if audible is not None and audible > 0 else self.director.speech_time()

    def handle(self, event: GuideEvent) -> None:
        """Make one director event happen in the hall."""
        explorer, figure = self.explorer, self.figure
        if isinstance(event, MoveTo):
            scene = self.director.scene
            view = stop_view(scene, event.stop, explorer.stage.model_heights)
            self._travelling = True
            self._exhibit, self._spot = event.exhibit, None
            explorer.select(None, fly=False)
            explorer.fly_to_view(view)
            if event.exhibit:
                explorer.show_card(event.exhibit)
            if figure is not None:
                target = explorer.stage.centre_of(event.exhibit) if event.exhibit else view.look_at
                figure.walk_to(*spot_beside(scene, view, target))
        elif isinstance(event, Speak):
            utterance = event.utterance
            self.subtitle = Subtitle(
                tuple(w.text for w in utterance.words), -1, utterance.request.text
            )
            self.audio.play(utterance.wav)
        elif isinstance(event, StopSpeaking):
            self.audio.stop()
            self.subtitle = Subtitle()
        elif isinstance(event, PauseSpeaking):
            self.audio.pause()
        elif isinstance(event, ResumeSpeaking):
            self.audio.resume()
        elif isinstance(event, LanguageChanged):
            explorer.set_language(event.language)
        elif isinstance(event, Gesture) and figure is not None:
            figure.gesture(event.name, self._target())
        elif isinstance(event, Expression) and figure is not None:
            figure.avatar.set_expression(event.name)
        elif isinstance(event, Emphasis) and figure is not None:
            figure.avatar.emphasise()
        elif isinstance(event, LookAt) and figure is not None:
            if event.target == "visitor":
                figure.look_at("visitor")
            else:  # "lamp", or "kettle#spout" for a hotspot
                exhibit, _, spot = event.target.partition("#")
                if exhibit in explorer.stage.exhibits:
                    self._exhibit, self._spot = exhibit, spot or None
                    point = self._target()
                    if point is not None:
                        figure.glance_at(point)
        elif isinstance(event, StateChanged) and event.state in QUIET:
            self.subtitle = Subtitle()

    def _target(self) -> tuple[float, float, float] | None:
        """What the guide is talking about: the hotspot or the exhibit last named."""
        stage = self.explorer.stage
        if self._exhibit not in stage.exhibits:
            return None
        if self._spot is not None:
            return stage.hotspot_point(self._exhibit, self._spot)
        return stage.centre_of(self._exhibit)

    def follow_words(self) -> None:
        """Mark the word being spoken now in the subtitle."""
        utterance = self.director.speaking
        if utterance is None:
            return
        now_ms = self.speech_time() * 1000
        current = -1
        for index, word in enumerate(utterance.words):
            if word.start_ms <= now_ms:
                current = index
        if current != self.subtitle.current:
            self.subtitle = Subtitle(self.subtitle.words, current, self.subtitle.text)

    def _arrived(self) -> None:
        if self._travelling:
            self._travelling = False
            self.director.arrived()
