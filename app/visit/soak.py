"""Soak cycles for kiosks: attract loop, a visitor who touches, walks, opens exhibits and
follows part of the tour, then leaves; repeated, measuring memory and leftover objects.

The cycles drive the same visit core as the kiosk app. Used by benchmarks/soak.py (many
cycles) and the test suite (a few).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.render.camera_rig import MoveInput
from app.scene import SceneDocument
from app.visit.core import KioskOptions, VisitCore
from guide.clock import FakeClock
from guide.director import Speaker

__all__ = ["SoakResult", "rss_mib", "run_cycles"]


def rss_mib() -> float:
    """Resident memory of this process in MiB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class SoakResult:
    rss: list[float] = field(default_factory=list)  # after each cycle
    nodes: list[int] = field(default_factory=list)
    textures: list[int] = field(default_factory=list)
    widgets: list[int] = field(default_factory=list)


class _Walker:
    """Stands in for the view's keys: walks forward while told to."""

    def __init__(self) -> None:
        self.forward = 0.0

    def movement(self, dt: float) -> MoveInput:
        return MoveInput(forward=self.forward)

    def pointer(self) -> tuple[float, float] | None:
        return None

    def bind(self, event: str, callback: Callable[[], None]) -> None:
        return None


def run_cycles(
    base: Any,
    document: SceneDocument,
    cycles: int,
    speaker: Speaker,
    on_select: Callable[[str | None], None] | None = None,
    dt: float = 0.5,
    idle_timeout: float = 20.0,
    count_widgets: Callable[[], int] | None = None,
) -> SoakResult:
    """Drive ``cycles`` attract/visitor cycles headless; ``on_select`` hears the exhibit
    cards open and close as the shell's panel does; ``count_widgets`` counts Qt objects."""
    scene = document.scene
    walker = _Walker()
    visit = VisitCore(
        base,
        document,
        speaker,
        clock=FakeClock(),
        input=walker,
        kiosk=KioskOptions(idle_timeout, attract_gap=2.0),
        travel_timeout=2.0,
    )
    if on_select is not None:
        visit.on_select.append(on_select)
    exhibits = [e.id for e in scene.exhibits]
    result = SoakResult()

    def step(seconds: float, forward: float = 0.0) -> None:
        walker.forward = forward
        for _ in range(int(seconds / dt)):
            visit.step(dt)
            base.taskMgr.step()  # draws, and runs Panda3D's state-cache collection as the app does
        walker.forward = 0.0

    try:
        for cycle in range(cycles):
            step(4.0)  # attract loop
            visit.visitor_input()  # a touch
            step(1.0, forward=1.0)
            visit.select(exhibits[cycle % len(exhibits)])
            step(2.0)
            visit.back()
            visit.start_tour()
            step(6.0)
            visit.set_language(scene.languages[cycle % len(scene.languages)])
            step(idle_timeout + 1.0)  # the visitor leaves; the idle timeout brings attract back
            gc.collect()
            result.rss.append(rss_mib())
            result.nodes.append(base.render.findAllMatches("**").getNumPaths())
            result.textures.append(base.render.findAllTextures().getNumTextures())
            if count_widgets is not None:
                result.widgets.append(count_widgets())
    finally:
        visit.destroy()
    return result
