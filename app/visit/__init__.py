"""The visit core: one object that owns a visit (stage, explorer, director, guide figure,
tour runner, voice, kiosk session) and steps it in one frame order. The window, headless
stills and tour recordings, the kiosk and the tests all drive it. Never imports Qt."""

from __future__ import annotations

from app.visit.audio import AudioOut, SilentAudio
from app.visit.core import LONG_PRESS_SECONDS, InputSource, KioskOptions, PointerTool, VisitCore
from app.visit.preferences import VisitorPreferences
from app.visit.state import Subtitle, VisitState

__all__ = [
    "LONG_PRESS_SECONDS",
    "AudioOut",
    "InputSource",
    "KioskOptions",
    "PointerTool",
    "SilentAudio",
    "Subtitle",
    "VisitCore",
    "VisitState",
    "VisitorPreferences",
]
