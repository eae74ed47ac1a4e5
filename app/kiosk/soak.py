"""Soak cycles for kiosks: attract loop, a visitor who touches, walks, opens exhibits and
follows part of the tour, then leaves; repeated, measuring memory and leftover objects.

Used by benchmarks/soak.py (many cycles) and the test suite (a few).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


def run_cycles(base: Any, document: Any, cycles: int, speaker: Any, widgets: Any = None,
               dt: float = 0.5, idle_timeout: float = 20.0,
               count_widgets: Callable[[], int] | None = None) -> SoakResult:
    """Drive ``cycles`` attract/visitor cycles headless; ``widgets`` is an optional panel
    (the shell's InfoPanel) updated as in the app, ``count_widgets`` counts Qt objects."""
    from app.kiosk.session import KioskSession
    from app.render.camera_rig import MoveInput
    from app.render.stage import build_stage
    from app.render.tour_runner import TourRunner
    from app.render.visit import Visit
    from app.scene.views import entrance_view
    from guide.clock import FakeClock
    from guide.director import Director

    scene = document.scene
    stage = build_stage(scene, document.base_dir, base.render, scene.default_language)
    visit = Visit(base.cam, base.camLens, base.camNode, stage, base.win, overlay=base.render2d)
    clock = FakeClock()
    director = Director(scene, speaker, clock, travel_timeout=2.0)

    class _Audio:
        available, muted, volume = False, False, 1.0

        def play(self, wav: Any) -> None: ...
        def stop(self) -> None: ...
        def pause(self) -> None: ...
        def resume(self) -> None: ...
        def set_muted(self, muted: bool) -> None: ...
        def position(self) -> None: return None

    runner = TourRunner(director, visit, _Audio(), stage.guide_figure(base.cam))  # type: ignore[arg-type]

    def reset() -> None:
        visit.select(None, fly=False)
        visit.rig.place(entrance_view(scene))
        if widgets is not None:
            widgets.show_exhibit(None)

    session = KioskSession(director, clock, idle_timeout, reset, attract_gap=2.0)
    if widgets is not None:
        visit.on_select.append(widgets.show_exhibit)
    exhibits = [e.id for e in scene.exhibits]
    result = SoakResult()

    def step(seconds: float, move: MoveInput | None = None) -> None:
        for _ in range(int(seconds / dt)):
            clock.advance(dt)
            session.update()
            runner.update(dt)
            visit.update(dt, move or MoveInput())
            stage.update(dt)
            base.taskMgr.step()  # draws, and runs Panda3D's state-cache collection as the app does

    try:
        for cycle in range(cycles):
            step(4.0)  # attract loop
            session.visitor_input()  # a touch
            step(1.0, MoveInput(forward=1.0))
            visit.select(exhibits[cycle % len(exhibits)])
            session.exhibit_opened(exhibits[cycle % len(exhibits)])
            step(2.0)
            visit.back()
            director.start_tour()
            step(6.0)
            director.set_language(scene.languages[cycle % len(scene.languages)])
            step(idle_timeout + 1.0)  # the visitor leaves; the idle timeout brings attract back
            gc.collect()
            result.rss.append(rss_mib())
            result.nodes.append(base.render.findAllMatches("**").getNumPaths())
            result.textures.append(base.render.findAllTextures().getNumTextures())
            if count_widgets is not None:
                result.widgets.append(count_widgets())
    finally:
        if runner.figure is not None:
            runner.figure.destroy()
        visit.destroy()
        stage.destroy()
    return result
