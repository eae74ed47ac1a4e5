"""Reading the visitor's pointer and keys from Panda3D's own window (the embedded view)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from panda3d.core import ButtonHandle, ButtonRegistry

from app.render.camera_rig import MoveInput

__all__ = ["PandaInput"]

_FORWARD = ("w", "arrow_up")
_BACK = ("s", "arrow_down")
_LEFT = ("a",)
_RIGHT = ("d",)
_TURN_LEFT = ("arrow_left", "q")
_TURN_RIGHT = ("arrow_right", "e")
_TURN_SPEED = 75.0  # degrees per second with the arrow keys


class PandaInput:
    """Pointer position, held keys and key events of one Panda3D window."""

    def __init__(self, base: Any) -> None:
        self.base = base
        self._handles: dict[str, ButtonHandle] = {}

    def _handle(self, name: str) -> ButtonHandle:
        if name not in self._handles:
            self._handles[name] = ButtonRegistry.ptr().findButton(name)
        return self._handles[name]

    def held(self, name: str) -> bool:
        watcher = getattr(self.base, "mouseWatcherNode", None)
        handle = self._handle(name)
        return bool(
            watcher is not None and handle != ButtonHandle.none() and watcher.isButtonDown(handle)
        )

    def pointer(self) -> tuple[float, float] | None:
        """The pointer in -1..1 screen units (y up), or None when it is outside the view."""
        watcher = getattr(self.base, "mouseWatcherNode", None)
        if watcher is None or not watcher.hasMouse():
            return None
        mouse = watcher.getMouse()
        return float(mouse.x), float(mouse.y)

    def movement(self, dt: float) -> MoveInput:
        """Walking and turning asked for by the keys held now."""

        def axis(plus: tuple[str, ...], minus: tuple[str, ...]) -> float:
            return float(any(self.held(k) for k in plus)) - float(any(self.held(k) for k in minus))

        return MoveInput(
            forward=axis(_FORWARD, _BACK),
            strafe=axis(_RIGHT, _LEFT),
            turn=axis(_TURN_LEFT, _TURN_RIGHT) * _TURN_SPEED * dt,
        )

    def bind(self, event: str, callback: Callable[[], None]) -> None:
        self.base.accept(event, callback)
