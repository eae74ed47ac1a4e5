"""Where the interactive app's visit is put together: the real clock, the speaker and the
speech engine chosen for the scene, the sound device, the view's keys and pointer, and, on a
kiosk, the kiosk session with its analytics file. The window calls ``open_app_visit`` once
the engine runs; headless callers build ``VisitCore`` themselves with fakes."""

from __future__ import annotations

import logging
from typing import Any

from app.kiosk.analytics import Analytics
from app.kiosk.logs import log_dir
from app.render.audio import AudioPlayer
from app.render.pointer import PandaInput
from app.scene import SceneDocument
from app.visit.core import KioskOptions, VisitCore
from guide.clock import MonotonicClock
from guide.speech import guide_voices
from guide.speech_service import SpeechService

__all__ = ["open_app_visit"]

log = logging.getLogger(__name__)


def open_app_visit(
    engine: Any,
    document: SceneDocument,
    language: str | None = None,
    speech_backend: str = "auto",
    kiosk: bool = False,
    quality: str | None = None,
) -> VisitCore:
    """A visit for a person in front of the screen: it speaks, listens to the view's input
    and runs on the real clock; ``close()`` shuts the speech engine and analytics."""
    scene = document.scene
    guide = scene.guide
    speech = SpeechService(
        speech_backend,
        voices=guide_voices(guide.avatar, guide.voices) if guide else {},
        lexicon=guide.lexicon if guide else {},
    )
    options = None
    if kiosk:
        options = KioskOptions(
            scene.kiosk.idle_timeout, analytics=Analytics(log_dir() / "visits.sqlite")
        )
    visit = VisitCore(
        engine,
        document,
        speech,
        language=language,
        clock=MonotonicClock(),
        audio=AudioPlayer(engine),
        input=PandaInput(engine),
        kiosk=options,
        prefetch=True,
        stream_models=True,
        quality=quality,
    )
    visit.on_close.append(speech.close)
    return visit
