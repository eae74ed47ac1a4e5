"""A kiosk's day: visitor sessions that start at a touch and end after some idle time, and an
attract loop in between in which the guide replays the tour for passers-by."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from guide.clock import Clock
from guide.director import Director
from guide.events import GuideEvent, MoveTo
from guide.states import DirectorState

__all__ = ["KioskMode", "KioskSession"]

log = logging.getLogger(__name__)

_TOUR_OVER = frozenset({DirectorState.IDLE, DirectorState.FINISHED, DirectorState.FREE})
"""When the attract loop may start the tour again (never in the pause between two stops)."""


class KioskMode(StrEnum):
    """Whom the kiosk is serving."""

    ATTRACT = "attract"  # nobody: the guide calls passers-by and replays the tour
    VISITOR = "visitor"  # someone touched it: a visitor session until the idle timeout


class KioskSession:
    """Switches between the attract loop and visitor sessions; records them if asked."""

    def __init__(
        self,
        director: Director,
        clock: Clock,
        idle_timeout: float,
        reset_view: Callable[[], None],
        analytics: Any = None,
        attract_gap: float = 10.0,
        speak_in: Callable[[str], None] | None = None,
    ) -> None:
        """``speak_in(language)`` switches the whole visit (the window too) to a language;
        without it only the director's speech follows."""
        self.director = director
        self.speak_in = speak_in or director.set_language
        self.clock = clock
        self.idle_timeout = idle_timeout
        self.reset_view = reset_view
        self.analytics = analytics
        self.attract_gap = attract_gap
        self.default_language = director.scene.default_language
        self.language = self.default_language
        self.mode = KioskMode.ATTRACT
        self.last_input = clock.now()
        self._next_replay: float | None = clock.now()
        self.cycles = 0

    def visitor_input(self) -> None:
        """A touch or key: begins a visitor session from the entrance if none is under way."""
        self.last_input = self.clock.now()
        if self.mode == KioskMode.VISITOR:
            self.director.visitor_input()
            return
        self.mode = KioskMode.VISITOR
        self.cycles += 1
        self.director.reset()
        self.speak_in(self.language)
        self.reset_view()
        if self.analytics is not None:
            self.analytics.start_session(self.language)
        self.director.greet()
        log.info("visitor session started (%s)", self.language)

    def language_chosen(self, language: str) -> None:
        """Remember the visitor's language for the next session."""
        self.language = language

    def guide_event(self, event: GuideEvent) -> None:
        if (
            isinstance(event, MoveTo)
            and self.mode == KioskMode.VISITOR
            and self.analytics is not None
        ):
            self.analytics.stop_reached(event.stop)

    def exhibit_opened(self, exhibit: str | None) -> None:
        if self.mode != KioskMode.VISITOR or self.analytics is None:
            return
        if exhibit is None:
            self.analytics.exhibit_closed()
        else:
            self.analytics.exhibit_opened(exhibit)

    def question_asked(self, question: str, answered: bool) -> None:
        self.visitor_input()
        if self.mode == KioskMode.VISITOR and self.analytics is not None:
            self.analytics.question_asked(question, answered)

    def update(self) -> None:
        now = self.clock.now()
        if self.mode == KioskMode.VISITOR and now - self.last_input >= self.idle_timeout:
            self._to_attract(now)
        if self.mode == KioskMode.ATTRACT:
            if (
                self.director.state in _TOUR_OVER
                and self._next_replay is None
                and not self.director.speaking
            ):
                self._next_replay = now + self.attract_gap
            if self._next_replay is not None and now >= self._next_replay:
                self._next_replay = None
                self.director.reset()
                self.director.start_tour()

    def _to_attract(self, now: float) -> None:
        log.info("no input for %.0f s: back to the attract loop", self.idle_timeout)
        if self.analytics is not None:
            self.analytics.end_session()
        self.mode = KioskMode.ATTRACT
        self.director.reset()
        self.director.auto_advance = True  # passers-by see the whole tour, stop after stop
        self.speak_in(self.default_language)
        self.reset_view()
        self._next_replay = now + 1.0
