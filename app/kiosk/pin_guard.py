"""Slowing down someone who guesses the admin PIN: a few tries are free, then each wrong PIN
makes the next try wait longer (up to a minute), across every PIN dialog of the kiosk."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

__all__ = ["PinGuard"]

log = logging.getLogger(__name__)

FREE_TRIES = 3
MAX_WAIT = 60.0


class PinGuard:
    """Counts wrong PINs; ``wait_left()`` says how long the next try must wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self._next_try = 0.0

    def wait_left(self) -> float:
        """Seconds until a PIN may be tried again (0 when it may be now)."""
        return max(0.0, self._next_try - self.clock())

    def failed(self) -> float:
        """A wrong PIN; returns the wait before the next try."""
        self.failures += 1
        extra = self.failures - FREE_TRIES
        wait = 0.0 if extra < 0 else min(MAX_WAIT, 2.0 * 2**extra)
        self._next_try = self.clock() + wait
        log.warning("wrong admin PIN (%d in a row); next try in %.0f s", self.failures, wait)
        return wait

    def succeeded(self) -> None:
        self.failures = 0
        self._next_try = 0.0
