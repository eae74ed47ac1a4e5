"""Kiosk soak: many attract/visitor cycles headless, memory and leftover objects; then a real
kiosk under Xvfb whose app is killed mid-visit, timing how fast the supervisor brings it back.

Run: ``.venv/bin/python benchmarks/soak.py [--cycles 200]``.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from virtual_display import start_xvfb  # noqa: E402  (this script's own folder)


class _Speaker:
    def speak(self, text: str, language: str, rate: float = 1.0, volume: float = 1.0):  # type: ignore[no-untyped-def]
        from guide.speech import SilentBackend, SpeechRequest

        return SilentBackend().estimate(SpeechRequest(text, language, "x", rate, volume))


def soak(cycles: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.render import open_offscreen
    from app.scene import load_scene
    from app.shell.panels import InfoPanel
    from app.visit.soak import run_cycles

    app = QApplication.instance() or QApplication([])
    base = open_offscreen(320, 180)
    document = load_scene(REPO / "scenes/showroom.vitrine.yaml")
    panel = InfoPanel(document.scene, "en")
    start = time.perf_counter()
    result = run_cycles(
        base,
        document,
        cycles,
        _Speaker(),
        on_select=panel.show_exhibit,
        count_widgets=lambda: len(QApplication.allWidgets()),
    )
    seconds = time.perf_counter() - start
    app.processEvents()
    first = result.rss[min(9, len(result.rss) - 1)]  # after warm-up (caches filled)
    per_100 = (result.rss[-1] - first) / max(1, len(result.rss) - 10) * 100
    print(f"| soak ({cycles} cycles, {seconds / 60:.1f} min) | value |")
    print("|---|---:|")
    print(f"| peak RSS MiB | {max(result.rss):.0f} |")
    print(f"| RSS after cycle 10 / last, MiB | {first:.1f} / {result.rss[-1]:.1f} |")
    print(f"| RSS growth per 100 cycles | {per_100:+.1f} MiB ({per_100 / first * 100:+.2f}%) |")
    print(f"| scene-graph nodes first / last | {result.nodes[0]} / {result.nodes[-1]} |")
    print(f"| textures first / last | {result.textures[0]} / {result.textures[-1]} |")
    print(f"| Qt widgets first / last | {result.widgets[0]} / {result.widgets[-1]} |")


def _kiosk_pid(allow_none: bool = False) -> int | None:
    found = subprocess.run(
        ["pgrep", "-f", "app run .* --kiosk"], capture_output=True, text=True
    ).stdout.split()
    if not found and allow_none:
        return None
    return int(found[-1])


def restart_time() -> None:
    xvfb, display = start_xvfb("1280x800x24")
    with tempfile.TemporaryDirectory() as logs:
        env = dict(
            os.environ,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            VITRINE_AUDIO="off",
            VITRINE_LOG_DIR=logs,
        )
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "app", "kiosk", str(REPO / "scenes/showroom.vitrine.yaml")],
            env=env,
            cwd=REPO,
        )
        beat = Path(logs) / "heartbeat"
        try:
            deadline = time.monotonic() + 120
            while not beat.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(3)
            rows = []
            for how, sig in (
                ("killed (SIGKILL)", signal.SIGKILL),
                ("frozen (SIGSTOP)", signal.SIGSTOP),
            ):
                pid = _kiosk_pid()
                stopped = time.monotonic()
                os.kill(pid, sig)
                while (
                    _kiosk_pid(allow_none=True) in (pid, None) and time.monotonic() - stopped < 60
                ):
                    time.sleep(0.05)  # until the supervisor has started a new app
                restarted = time.monotonic() - stopped
                beat.unlink(missing_ok=True)
                while not beat.exists() and time.monotonic() - stopped < 120:
                    time.sleep(0.05)
                rows.append((how, restarted, time.monotonic() - stopped))
                time.sleep(8)  # healthy for a while, as in a day's use
            print("\n| kiosk app, mid-visit | s until restarted | s until it draws again |")
            print("|---|---:|---:|")
            for how, restarted, drawn in rows:
                print(f"| {how} | {restarted:.2f} | {drawn:.2f} |")
        finally:
            supervisor.send_signal(signal.SIGTERM)
            supervisor.wait(timeout=10)
            subprocess.run(["pkill", "-f", "app run .* --kiosk"])
            xvfb.terminate()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--skip-restart", action="store_true")
    args = parser.parse_args()
    soak(args.cycles)
    if not args.skip_restart:
        restart_time()


if __name__ == "__main__":
    main()
