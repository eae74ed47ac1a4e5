"""Bundle figures: size of the PyInstaller folder and start-up to the first frame, bundle vs
``python -m app``, under Xvfb. Run after ``./dev package``:
``.venv/bin/python benchmarks/bundle.py [dist/vitrine]``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from virtual_display import start_xvfb  # this script's own folder

REPO = Path(__file__).resolve().parents[1]
SCENE = REPO / "scenes/showroom.vitrine.yaml"


def _first_frame(command: list[str], env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(
        [*command, "run", str(SCENE), "--quit-after-frames", "3"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    match = re.search(r"\(at ([\d.]+)\)", result.stdout)
    if not match:
        raise RuntimeError(result.stdout + result.stderr[-2000:])
    return float(match.group(1)) - started


def main() -> None:
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "dist" / "vitrine"
    size = (
        sum(f.lstat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
        / 1_048_576
    )
    xvfb, display = start_xvfb()
    try:
        print(f"| bundle {bundle} | value |\n|---|---:|\n| size | {size:.0f} MiB |")
        for label, command in (
            ("bundle", [str(bundle / "vitrine")]),
            ("python -m app", [sys.executable, "-m", "app"]),
        ):
            times = []
            for _ in range(3):
                with tempfile.TemporaryDirectory() as cache:
                    env = dict(
                        os.environ,
                        DISPLAY=display,
                        QT_QPA_PLATFORM="xcb",
                        VITRINE_AUDIO="off",
                        VITRINE_CACHE_DIR=cache,
                    )
                    _first_frame(command, env)  # warm the model cache
                    times.append(_first_frame(command, env))
            print(
                f"| {label}: start to first frame, warm cache (median of 3) | "
                f"{sorted(times)[1]:.2f} s |"
            )
    finally:
        xvfb.terminate()


if __name__ == "__main__":
    main()
