"""The Qt shell: the only layer that imports PySide6. Widgets show state and send commands."""

from __future__ import annotations

__all__ = ["create_main_window", "run_app"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from app.shell import app as _app

        return getattr(_app, name)
    raise AttributeError(name)
