"""Drives the real app window in a child process (tests/window_probe.py) under Xvfb: real X
input with xdotool, questions over stdin."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

__all__ = ["RunningApp", "_finish", "_start"]


class RunningApp:
    def __init__(self, proc: subprocess.Popen[str], env: dict[str, str]) -> None:
        self.proc = proc
        self.env = env
        self.ready = self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        if not line:
            raise AssertionError("the app exited: " + (self.proc.stderr.read() or "")[-2000:])  # type: ignore[union-attr]
        return json.loads(line)

    def ask(self, command: str) -> dict:
        self.proc.stdin.write(command + "\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        return self._read()

    def state(self) -> dict:
        return self.ask("state")

    def x(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True)

    def wait_for(
        self, condition: Callable[[dict[str, Any]], bool], seconds: float = 15.0
    ) -> dict[str, Any]:
        """Poll the app's state until ``condition`` holds; fail (with the state) if it never
        does within ``seconds``."""
        deadline = time.monotonic() + seconds
        state = self.state()
        while not condition(state):
            if time.monotonic() > deadline:
                raise AssertionError(f"not reached within {seconds} s; the app's state: {state}")
            time.sleep(0.1)
            state = self.state()
        return state

    def frames_pass(self, count: int) -> dict[str, Any]:
        """Wait until the view has drawn ``count`` more frames."""
        frames = self.state()["frames"]
        return self.wait_for(lambda s: s["frames"] >= frames + count)

    def screenshot(self, path: Path) -> np.ndarray:
        self.ask(f"shot {path}")
        return np.asarray(Image.open(path).convert("RGB"))


def _start(xvfb: dict[str, str], repo_root: Path, scene: Path, *extra: str) -> RunningApp:
    if shutil.which("xdotool") is None:
        pytest.fail("xdotool is not installed (./dev test installs it)")
    proc = subprocess.Popen(
        [sys.executable, str(repo_root / "tests/window_probe.py"), str(scene), *extra],
        env=dict(xvfb, VITRINE_AUDIO="off"),
        cwd=repo_root,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return RunningApp(proc, xvfb)


def _finish(running: RunningApp) -> None:
    try:
        running.ask("quit")
    except (AssertionError, BrokenPipeError, ValueError):
        pass
    running.proc.wait(timeout=20)
