"""Comfort for long moves: a quick fade to black, a cut, and a fade back, instead of a long
flight that can make people queasy (as VR apps do for far teleports)."""

from __future__ import annotations

from typing import Literal

from panda3d.core import CardMaker, NodePath, TransparencyAttrib

__all__ = ["LONG_JUMP_METRES", "Fader"]

LONG_JUMP_METRES = 7.0
_FADE_S = 0.25


class Fader:
    """A full-screen black card over the view whose opacity goes 0 -> 1 -> 0."""

    def __init__(self, overlay_parent: NodePath | None) -> None:
        self.card: NodePath | None = None
        if overlay_parent is not None:
            maker = CardMaker("comfort-fade")
            maker.setFrameFullscreenQuad()
            self.card = overlay_parent.attachNewNode(maker.generate())
            self.card.setTransparency(TransparencyAttrib.M_alpha)
            self.card.setColor(0, 0, 0, 0)
            self.card.setBin("fixed", 100)
            self.card.hide()
        self.phase: Literal["idle", "out", "in"] = "idle"
        self.time = 0.0
        self.on_black = None

    @property
    def busy(self) -> bool:
        return self.phase != "idle"

    def start(self, on_black) -> None:  # type: ignore[no-untyped-def]
        """Fade out, call ``on_black()`` when the screen is black, fade back in."""
        self.phase, self.time, self.on_black = "out", 0.0, on_black
        if self.card is not None:
            self.card.show()

    def update(self, dt: float) -> None:
        if self.phase == "idle":
            return
        self.time += dt
        share = min(1.0, self.time / _FADE_S)
        alpha = share if self.phase == "out" else 1.0 - share
        if self.card is not None:
            self.card.setAlphaScale(alpha)
            self.card.setColor(0, 0, 0, 1)
        if share < 1.0:
            return
        if self.phase == "out":
            callback, self.on_black = self.on_black, None
            if callback is not None:
                callback()
            self.phase, self.time = "in", 0.0
        else:
            self.phase = "idle"
            if self.card is not None:
                self.card.hide()

    @property
    def opacity(self) -> float:
        if self.phase == "out":
            return min(1.0, self.time / _FADE_S)
        if self.phase == "in":
            return 1.0 - min(1.0, self.time / _FADE_S)
        return 0.0
