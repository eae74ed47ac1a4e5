"""Kiosk operation: idle resets, the attract loop, admin access, the supervisor, visit
analytics and logs. Pure Python; the Qt kiosk window lives in ``app.shell``."""

from __future__ import annotations

__all__: list[str] = []
