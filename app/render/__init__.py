"""Panda3D rendering: the only layer that imports panda3d. One builder per scene concept."""

from __future__ import annotations

from app.render.engine import configure_window, open_offscreen
from app.render.stage import Stage, build_stage

__all__ = ["Stage", "build_stage", "configure_window", "open_offscreen"]
