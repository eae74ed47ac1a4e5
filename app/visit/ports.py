"""What the visit core is plugged into: the view's input, a tool that takes the pointer over
(edit mode), and a kiosk's options."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.kiosk.analytics import Analytics
from app.render.camera_rig import MoveInput

__all__ = ["InputSource", "KioskOptions", "PointerTool"]


class InputSource(Protocol):
    """The view's own input: held keys, the pointer, and key events (``PandaInput``)."""

    def movement(self, dt: float) -> MoveInput: ...

    def pointer(self) -> tuple[float, float] | None: ...

    def bind(self, event: str, callback: Callable[[], None]) -> None: ...


class PointerTool(Protocol):
    """A tool that takes the pointer over from the visitor while it is active (edit mode)."""

    @property
    def dragging(self) -> str | None: ...

    def pointer_down(self, x: float, y: float) -> None: ...

    def pointer_move(self, x: float, y: float) -> None: ...

    def pointer_up(self, x: float, y: float) -> None: ...


@dataclass(frozen=True)
class KioskOptions:
    """An unattended kiosk: idle sessions, the attract loop and (optionally) visit analytics."""

    idle_timeout: float
    attract_gap: float = 10.0
    analytics: Analytics | None = None
