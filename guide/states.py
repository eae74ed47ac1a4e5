"""The director's states, defined once: every layer that asks what the guide is doing
imports this enum (the window, the kiosk session, the visit core, the tests)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["AT_REST", "ON_TOUR", "QUIET", "DirectorState"]


class DirectorState(StrEnum):
    """What the guide is doing now."""

    IDLE = "idle"  # standing by, nothing said
    GREETING = "greeting"  # welcoming the visitor
    TRAVELLING = "travelling"  # leading the visitor to a tour stop
    NARRATING = "narrating"  # speaking a stop's line (or the farewell)
    WAITING = "waiting"  # at a stop, the line said, before moving on
    ANSWERING = "answering"  # telling more about an exhibit the visitor asked about
    ATTRACT = "attract"  # alone, calling passers-by
    FREE = "free"  # the visitor left the tour; the guide waits
    FINISHED = "finished"  # the tour is over


ON_TOUR = frozenset({DirectorState.TRAVELLING, DirectorState.NARRATING, DirectorState.WAITING})
"""States in which the visitor is following the tour (walking off leaves it)."""

AT_REST = frozenset(
    {DirectorState.IDLE, DirectorState.FINISHED, DirectorState.FREE, DirectorState.ATTRACT}
)
"""States in which no tour is running (Play starts or rejoins one)."""

QUIET = frozenset(
    {DirectorState.IDLE, DirectorState.FINISHED, DirectorState.FREE, DirectorState.WAITING}
)
"""States in which the guide is silent between lines (no subtitle; the kiosk may replay)."""
