"""The kiosk supervisor: runs the app as a child process, restarts it after a crash or when its
frame loop freezes (its heartbeat file stops being touched), backing off when it keeps failing.
An exit with status 0 (the admin left through the PIN) ends the supervisor too."""

from __future__ import annotations

import logging
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Restart", "Supervisor"]

log = logging.getLogger(__name__)


@dataclass
class Restart:
    at: float
    reason: str
    delay: float


@dataclass
class Supervisor:
    """Keeps ``command`` running; the child must touch ``heartbeat`` at least every few seconds."""

    command: Sequence[str]
    heartbeat: Path
    stale_after: float = 6.0  # seconds without a heartbeat (or a new frame) before it is frozen
    start_grace: float = 60.0  # the first heartbeat may take this long (loading models)
    min_delay: float = 0.5
    max_delay: float = 60.0
    healthy_after: float = 300.0  # running this long resets the back-off
    env: dict[str, str] | None = None
    sleep: Callable[[float], None] = time.sleep
    restarts: list[Restart] = field(default_factory=list)
    child: subprocess.Popen[bytes] | None = None

    def start_child(self) -> None:
        self.heartbeat.unlink(missing_ok=True)
        self._frames: tuple[str, float] | None = None  # last frame count seen, and when
        self.child = subprocess.Popen(list(self.command), env=self.env)
        self._started = time.monotonic()
        log.info("started %s (pid %d)", self.command[0], self.child.pid)

    def _frozen(self) -> bool:
        now = time.time()
        try:
            age = now - self.heartbeat.stat().st_mtime
            beat = self.heartbeat.read_text(encoding="ascii", errors="replace").split()
        except FileNotFoundError:
            return time.monotonic() - self._started > self.start_grace
        except OSError:
            return False
        if age > self.stale_after:
            return True
        if len(beat) < 2:
            return False  # a heartbeat without a frame count: alive is all it says
        frames = beat[1]
        if self._frames is None or self._frames[0] != frames:
            self._frames = (frames, now)  # the frame loop moved on
            return False
        return now - self._frames[1] > self.stale_after  # alive, but no frame drawn

    def run(self, max_restarts: int | None = None, poll: float = 0.5) -> int:
        """Supervise until the child exits cleanly (returns 0) or ``max_restarts`` is reached."""
        delay = self.min_delay
        self.start_child()
        while True:
            assert self.child is not None
            code = self.child.poll()
            reason = None
            if code == 0:
                log.info("the app exited normally; supervisor stops")
                return 0
            if code is not None:
                reason = f"crashed (exit status {code})"
            elif self._frozen():
                reason = "frozen (no heartbeat)"
                self._kill(graceful=False)
            if reason is None:
                if time.monotonic() - self._started > self.healthy_after:
                    delay = self.min_delay
                self.sleep(poll)
                continue
            log.error("the app %s; restarting in %.1f s", reason, delay)
            self.restarts.append(Restart(time.time(), reason, delay))
            if max_restarts is not None and len(self.restarts) > max_restarts:
                return 1
            self.sleep(delay)
            delay = min(self.max_delay, delay * 2)
            self.start_child()

    def _kill(self, graceful: bool = True) -> None:
        """Stop the child: asked politely first, unless it is frozen (it could not answer)."""
        if self.child is None or self.child.poll() is not None:
            return
        if not graceful:
            self.child.kill()
            self.child.wait()
            return
        self.child.send_signal(signal.SIGTERM)
        try:
            self.child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()

    def stop(self) -> None:
        self._kill()
