"""The guide's director: a state machine over a clock that decides what the guide does next.

Its states are ``guide.states.DirectorState`` (idle, greeting, travelling, narrating, waiting,
answering, attract, free, finished). The visit core calls ``update()`` every frame and makes
the events it returns happen; input methods (``start_tour``, ``next``, ``pause``,
``exhibit_clicked`` ...) can come at any time.
Time comes from an injectable clock, so a whole tour runs in a test in microseconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from app.scene.model import Scene, expression_named, gesture_named
from guide.clock import Clock
from guide.cues import Cue
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
from guide.script import NarrationLine, Script, build_script
from guide.speech import Utterance
from guide.states import DirectorState
from guide.visemes import viseme_at

__all__ = ["Director", "Speaker"]

log = logging.getLogger(__name__)

_Phase = Literal["start", "speaking", "pause"]


class Speaker(Protocol):
    def speak(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> Utterance: ...


@dataclass
class _Activity:
    """The line being spoken and where in it we are."""

    line: NarrationLine
    then: Callable[[float], None]
    part: int = -1
    phase: _Phase = "start"
    started: float = 0.0  # clock time the current part (or pause) started
    deadline: float = 0.0
    utterance: Utterance | None = None
    cues: list[tuple[float, GuideEvent]] | None = None


class Director:
    """Runs greetings, the tour, answers and the attract loop for one scene."""

    def __init__(
        self,
        scene: Scene,
        speaker: Speaker,
        clock: Clock,
        language: str | None = None,
        travel_timeout: float = 6.0,
        idle_timeout: float | None = None,
        attract_gap: float = 8.0,
    ) -> None:
        self.scene = scene
        self.speaker = speaker
        self.clock = clock
        self.language = language or scene.default_language
        self.script: Script = build_script(scene, self.language)
        self.travel_timeout = travel_timeout
        self.idle_timeout = idle_timeout
        self.attract_gap = attract_gap
        self.state: DirectorState = DirectorState.IDLE
        self.stop: int | None = None
        self.auto_advance = scene.tour.auto_advance if scene.tour else True
        self.pace = 1.0  # the visitor's speech pace, times the scene's rate
        self._events: list[GuideEvent] = []
        self._activity: _Activity | None = None
        self._wait_until: float | None = None
        self._wait_then: Callable[[float], None] | None = None
        self._paused_at: float | None = None
        self._arrived_while_paused = False
        self._greeted = False
        self._last_input = clock.now()
        self._idle_index = 0
        self._answer: NarrationLine | None = None  # the answer being given, if any

    # ----- what the app asks -------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def speaking(self) -> Utterance | None:
        activity = self._activity
        if activity and activity.phase == "speaking":
            return activity.utterance
        return None

    def speech_time(self) -> float:
        """Seconds into the utterance being spoken (0 when silent)."""
        activity = self._activity
        if not activity or activity.phase != "speaking":
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock.now()
        return max(0.0, now - activity.started)

    def viseme(self) -> str:
        """The mouth shape for right now, by the director's clock."""
        utterance = self.speaking
        return viseme_at(utterance.visemes, self.speech_time() * 1000) if utterance else "sil"

    def update(self) -> list[GuideEvent]:
        """Advance to the clock's present; return the events that happened since last time."""
        if self._paused_at is None:
            self._advance(self.clock.now())
        events, self._events = self._events, []
        return events

    def prefetch(self) -> int:
        """Ask the speaker to prepare every line of the script (if it can work ahead)."""
        prepare = getattr(self.speaker, "prefetch", None)
        if prepare is None:
            return 0
        script = self.script
        lines = script.in_order() + script.idle + list(script.more.values())
        texts = [(part.text, self.language) for line in lines for part in line.parts if part.text]
        rate = (self.scene.guide.rate if self.scene.guide else 1.0) * self.pace
        volume = self.scene.guide.volume if self.scene.guide else 1.0
        return int(prepare(texts, rate, volume))

    # ----- visitor and app input ---------------------------------------------------------
    def visitor_input(self) -> None:
        """Any touch, click or key: resets the idle timer and ends the attract loop."""
        self._last_input = self.clock.now()
        if self.state == DirectorState.ATTRACT:
            self._interrupt()
            self._set_state(DirectorState.IDLE)

    def greet(self) -> None:
        self.visitor_input()
        if self.script.greeting is not None:
            self._say(self.script.greeting, DirectorState.GREETING, self._after_greeting_only)
            self._greeted = True

    def start_tour(self) -> None:
        """Greet (once) and lead the visitor from the first stop."""
        self.visitor_input()
        if not self.script.stops:
            return
        if not self._greeted and self.script.greeting is not None:
            self._greeted = True
            self._say(self.script.greeting, DirectorState.GREETING, lambda t: self._go_to(0, t))
        else:
            self._go_to(0, self.clock.now())

    def arrived(self) -> None:
        """The camera reached the current stop: narration starts (after a pause ends)."""
        if self.state == DirectorState.TRAVELLING and self.stop is not None:
            if self._paused_at is not None:
                self._arrived_while_paused = True
                return
            self._wait_until = None
            self._begin_stop(self.clock.now())

    def next(self) -> None:
        self.visitor_input()
        current = -1 if self.stop is None else self.stop
        self._interrupt()
        if current + 1 < len(self.script.stops):
            self._go_to(current + 1, self.clock.now())
        else:
            self._finish(self.clock.now())

    def previous(self) -> None:
        self.visitor_input()
        self._interrupt()
        self._go_to(max(0, (self.stop or 0) - 1), self.clock.now())

    def goto(self, stop: int) -> None:
        self.visitor_input()
        if not 0 <= stop < len(self.script.stops):
            raise IndexError(f"no tour stop {stop + 1}")
        self._interrupt()
        self._go_to(stop, self.clock.now())

    def replay(self) -> None:
        """Say the current line again from its start."""
        self.visitor_input()
        activity = self._activity
        line = activity.line if activity else None
        if (
            line is None
            and self.stop is not None
            and self.state in (DirectorState.WAITING, DirectorState.NARRATING)
        ):
            line = self.script.stops[self.stop]
        if line is None:
            return
        then = activity.then if activity else self._after_stop
        state = self.state if self.state != DirectorState.WAITING else DirectorState.NARRATING
        self._interrupt()
        self._say(line, state, then)

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.clock.now()
            self._events.append(PauseSpeaking())

    def resume(self) -> None:
        if self._paused_at is None:
            return
        shift = self.clock.now() - self._paused_at
        self._paused_at = None
        activity = self._activity
        if activity is not None:
            activity.started += shift
            activity.deadline += shift
            activity.cues = [(t + shift, e) for t, e in activity.cues or []]
        if self._wait_until is not None:
            self._wait_until += shift
        self._events.append(ResumeSpeaking())
        if self._arrived_while_paused:
            self._arrived_while_paused = False
            self.arrived()

    def set_language(self, language: str) -> None:
        """Switch language; the line being spoken starts again in the new language."""
        if language == self.language:
            return
        self.script = build_script(self.scene, language)
        self.language = language
        self._events.append(LanguageChanged(language))
        activity = self._activity
        if activity is not None:
            key = activity.line.key
            self._interrupt()
            self._say(self._line_by_key(key), self.state, activity.then)

    def exhibit_clicked(self, exhibit_id: str) -> None:
        """The visitor asked about an exhibit: tell them more, then carry on."""
        self.visitor_input()
        line = self.script.more.get(exhibit_id)
        if line is None:
            return
        self._interrupt()
        self._say(line, DirectorState.ANSWERING, self._after_answer)

    def answer(self, line: NarrationLine, off_tour: bool = False) -> None:
        """Say the answer to a visitor's question, then carry on as after any answer (on
        the tour: wait at its stop); ``off_tour``: the visitor was led away, so afterwards
        the guide waits where it is (``rejoin`` takes the tour up again)."""
        self.visitor_input()
        self._answer = line
        then = (
            self._after_answer
            if not off_tour
            else (lambda now: self._set_state(DirectorState.FREE))
        )

        def begin(now: float) -> None:
            self._interrupt()
            self._say(line, DirectorState.ANSWERING, then, now)

        def after_the_word(now: float) -> None:
            self._events.append(StopSpeaking())  # the rest of the line's audio stops here
            begin(now)

        if not self._finish_word(after_the_word):
            begin(self.clock.now())

    def _finish_word(self, then: Callable[[float], None]) -> bool:
        """Let the guide finish the word it is saying (up to 0.6 s more), then ``then``;
        False when it is not in the middle of a word."""
        activity, now = self._activity, self.clock.now()
        if activity is None or activity.phase != "speaking" or activity.utterance is None:
            return False
        elapsed = (now - activity.started) * 1000
        end = next(
            (w.end_ms for w in activity.utterance.words if w.start_ms <= elapsed < w.end_ms), None
        )
        if end is None or end - elapsed > 600:
            return False
        parts = activity.line.parts[: activity.part + 1]
        parts[-1] = replace(parts[-1], pause_after=0.0)
        activity.line = replace(activity.line, parts=parts)
        activity.deadline = now + (end - elapsed) / 1000
        activity.cues = []
        activity.then = then
        return True

    def reset(self) -> None:
        """Stop everything and start over: idle, no stop, not greeted (a new visitor)."""
        self._interrupt()
        self._paused_at = None
        self._arrived_while_paused = False
        self.stop = None
        self._greeted = False
        self._last_input = self.clock.now()
        self._set_state(DirectorState.IDLE)

    def leave_tour(self) -> None:
        """The visitor walks off on their own; the guide waits where it is."""
        self.visitor_input()
        self._interrupt()
        self._set_state(DirectorState.FREE)

    def rejoin(self) -> None:
        self.visitor_input()
        self._go_to(self.stop or 0, self.clock.now())

    # ----- the machine -------------------------------------------------------------------
    def _set_state(self, state: DirectorState) -> None:
        if state != self.state:
            self.state = state
            self._events.append(StateChanged(state))

    def _line_by_key(self, key: str) -> NarrationLine:
        kind, _, rest = key.partition(":")
        if kind == "stop":
            return self.script.stops[int(rest) - 1]
        if kind == "more":
            return self.script.more[rest]
        if kind == "idle":
            return self.script.idle[int(rest) - 1]
        if kind == "answer" and self._answer is not None:
            return self._answer
        line = self.script.greeting if kind == "greeting" else self.script.farewell
        assert line is not None, key
        return line

    def _interrupt(self) -> None:
        if self._activity is not None and self._activity.phase == "speaking":
            self._events.append(StopSpeaking())
        self._activity = None
        self._wait_until = None
        self._wait_then = None

    def _wait(self, seconds: float, start: float, then: Callable[[float], None]) -> None:
        self._wait_until = start + seconds
        self._wait_then = then

    def _go_to(self, stop: int, now: float) -> None:
        self.stop = stop
        self._set_state(DirectorState.TRAVELLING)
        self._events.append(
            MoveTo(stop, self.scene.tour.stops[stop].exhibit if self.scene.tour else None)
        )
        self._wait(self.travel_timeout, now, self._begin_stop)

    def _begin_stop(self, now: float) -> None:
        assert self.stop is not None
        self._say(self.script.stops[self.stop], DirectorState.NARRATING, self._after_stop, now)

    def _after_stop(self, now: float) -> None:
        assert self.stop is not None and self.scene.tour is not None
        self._set_state(DirectorState.WAITING)
        if self.auto_advance:
            pause = self.scene.tour.stops[self.stop].pause
            self._wait(pause, now, self._advance_stop)

    def _advance_stop(self, now: float) -> None:
        assert self.stop is not None
        if self.stop + 1 < len(self.script.stops):
            self._go_to(self.stop + 1, now)
        else:
            self._finish(now)

    def _finish(self, now: float) -> None:
        if self.script.farewell is not None:
            self._say(self.script.farewell, DirectorState.NARRATING, self._finished, now)
        else:
            self._finished(now)

    def _finished(self, now: float) -> None:
        self._set_state(DirectorState.FINISHED)

    def _after_greeting_only(self, now: float) -> None:
        self._set_state(DirectorState.IDLE)

    def _after_answer(self, now: float) -> None:
        if self.stop is not None and self.scene.tour is not None:
            self._after_stop(now)
        else:
            self._set_state(DirectorState.IDLE)

    def _start_attract(self, now: float) -> None:
        if not self.script.idle:
            self._last_input = now
            return
        line = self.script.idle[self._idle_index % len(self.script.idle)]
        self._idle_index += 1
        self._say(
            line,
            DirectorState.ATTRACT,
            lambda t: self._wait(self.attract_gap, t, self._start_attract),
            now,
        )

    def _say(
        self,
        line: NarrationLine,
        state: DirectorState,
        then: Callable[[float], None],
        now: float | None = None,
    ) -> None:
        now = self.clock.now() if now is None else now
        self._wait_until = None
        self._set_state(state)
        if line.look_at:
            self._events.append(LookAt(line.look_at))
        if line.gesture != "none":
            self._events.append(Gesture(line.gesture))
        self._activity = _Activity(line, then)
        self._next_part(now)

    def _next_part(self, now: float) -> None:
        activity = self._activity
        assert activity is not None
        activity.part += 1
        if activity.part >= len(activity.line.parts):
            self._activity = None
            activity.then(now)
            return
        part = activity.line.parts[activity.part]
        activity.started = now
        if not part.text:
            activity.phase, activity.utterance, activity.cues = "pause", None, []
            activity.deadline = now + part.pause_after
            return
        rate = (self.scene.guide.rate if self.scene.guide else 1.0) * self.pace
        volume = self.scene.guide.volume if self.scene.guide else 1.0
        stressed = tuple(
            (cue.char, cue.char + len(cue.value)) for cue in part.cues if cue.kind == "emphasis"
        )
        utterance = self.speaker.speak(part.text, self.language, rate, volume, stressed)
        activity.phase, activity.utterance = "speaking", utterance
        activity.deadline = now + utterance.duration_ms / 1000
        activity.cues = [(now + _cue_time(cue, utterance), _cue_event(cue)) for cue in part.cues]
        self._events.append(Speak(activity.line.key, activity.part, utterance))

    def _advance(self, now: float) -> None:
        for _ in range(10_000):  # catch up through every transition due by ``now``
            activity = self._activity
            if activity is not None:
                due = [c for c in activity.cues or [] if c[0] <= now]
                if due:
                    activity.cues = [c for c in activity.cues or [] if c[0] > now]
                    self._events.extend(event for _, event in sorted(due, key=lambda c: c[0]))
                if activity.deadline > now:
                    return
                part = activity.line.parts[activity.part]
                if activity.phase == "speaking" and part.pause_after > 0:
                    activity.phase = "pause"
                    activity.started = activity.deadline
                    activity.deadline += part.pause_after
                    continue
                self._next_part(activity.deadline)
                continue
            if self._wait_until is not None:
                if self._wait_until > now:
                    return
                then, at = self._wait_then, self._wait_until
                self._wait_until = self._wait_then = None
                assert then is not None
                then(at)
                continue
            if (
                self.idle_timeout is not None
                and self.state in (DirectorState.IDLE, DirectorState.FREE, DirectorState.FINISHED)
                and now - self._last_input >= self.idle_timeout
            ):
                self._start_attract(self._last_input + self.idle_timeout)
                continue
            return


def _cue_time(cue: Cue, utterance: Utterance) -> float:
    """Seconds into the utterance when the word at the cue's position starts."""
    for word in utterance.words:
        if word.char_start >= cue.char:
            return word.start_ms / 1000
    return utterance.duration_ms / 1000


def _cue_event(cue: Cue) -> GuideEvent:
    if cue.kind == "gesture":
        return Gesture(gesture_named(cue.value))
    if cue.kind == "look":
        return LookAt(cue.value)
    if cue.kind == "expression":
        return Expression(expression_named(cue.value))
    return Emphasis(cue.value)
