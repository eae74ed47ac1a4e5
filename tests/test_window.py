"""The real app window under Xvfb: the embedded 3D view draws the hall and follows the panel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.window


def test_main_window_shows_the_hall_and_opens_a_card(xvfb: dict[str, str], repo_root: Path,
                                                     tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(repo_root / "tests/window_probe.py"),
         str(repo_root / "scenes/showroom.vitrine.yaml"), str(tmp_path)],
        env=xvfb, cwd=repo_root, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["title"] == "Smart Living Showroom — Vitrine"
    assert report["exhibits"] == 7
    assert report["card_title"] == "Pour-over Kettle"
    assert "gooseneck" in report["card_text"]

    x, y, width, height = report["viewport"]
    entrance = np.asarray(Image.open(tmp_path / "entrance.png").convert("RGB"))[y:y + height, x:x + width]
    kettle = np.asarray(Image.open(tmp_path / "kettle.png").convert("RGB"))[y:y + height, x:x + width]
    assert entrance.shape[:2] == (height, width)
    assert entrance.mean() > 60, "the 3D view is black: Panda3D did not draw into the widget"
    assert entrance.std() > 12, "the 3D view is flat: no hall or exhibits"
    floor = entrance[int(height * 0.85):, :].reshape(-1, 3).mean(axis=0)
    assert floor[0] > floor[2], "the floor (lower part of the view) should be warm wood"
    moved = np.abs(kettle.astype(int) - entrance.astype(int)).sum(axis=2) > 40
    assert moved.mean() > 0.15, "choosing an exhibit should fly the camera to it"
