"""What the visit shows, as plain values: the shell, the kiosk, the recorder and the tests read
these and never the engine objects behind them."""

from __future__ import annotations

from dataclasses import dataclass

from app.kiosk.session import KioskMode
from app.scene.views import CameraMode
from app.visit.preferences import VisitorPreferences
from guide.states import AT_REST, DirectorState

__all__ = ["Subtitle", "VisitState"]


@dataclass(frozen=True)
class Subtitle:
    """The line on screen and which of its words is being spoken (-1 for none)."""

    words: tuple[str, ...] = ()
    current: int = -1
    text: str = ""


@dataclass(frozen=True)
class VisitState:
    """One moment of the visit, compared frame to frame; listeners hear when it changes."""

    language: str
    director: DirectorState
    paused: bool
    stop: int | None  # 0-based tour stop, None before the tour
    stop_count: int
    camera: CameraMode
    position: tuple[float, float, float]  # the visitor's eye, hall coordinates
    heading: float
    selected: str | None  # the exhibit whose card is open
    subtitle: Subtitle
    muted: bool
    volume: float
    auto_advance: bool
    stereo: bool
    editing: bool
    kiosk: KioskMode | None  # None outside kiosk mode
    problems: tuple[str, ...]
    loading: tuple[int, int] | None = None  # models arrived and in all, while arriving
    preferences: VisitorPreferences = VisitorPreferences()

    @property
    def playing(self) -> bool:
        """A tour (or greeting, answer, attract line) is under way and not paused."""
        return self.director not in AT_REST and not self.paused
