"""The visitor's controls without a screen: two fingers pinch to zoom and move together to
turn (the arithmetic, and the view widget turning Qt's touch events into those signals), and
captions spaced as each language wants."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.visit.gestures import TwoFingers


def _run_qt(script: str, repo_root: Path) -> str:
    """Run ``script`` in a child Python with Qt's offscreen platform; its standard output."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=repo_root,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_spreading_two_fingers_zooms_in_and_moving_them_pans() -> None:
    fingers = TwoFingers()
    assert fingers.update([(100, 100), (200, 100)]) is None, "the first touch only starts it"
    step = fingers.update([(80, 110), (220, 110)])
    assert step is not None
    assert step.scale == pytest.approx(1.4) and step.moved == pytest.approx((0.0, 10.0))
    pinch = fingers.update([(120, 110), (180, 110)])
    assert pinch is not None and pinch.scale < 1
    assert fingers.update([(120, 110)]) is None, "one finger is the mouse's"
    assert fingers.update([(0, 0), (50, 0)]) is None, "a new pair starts again"


def test_the_view_turns_touch_events_into_pinch_and_pan(repo_root: Path) -> None:
    script = """
from PySide6.QtCore import QPointF
from PySide6.QtGui import QEventPoint, QPointingDevice, QTouchEvent
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from app.shell.viewport import PandaViewport

app = QApplication([])
view = PandaViewport()
view.resize(400, 300)
seen = []
view.pinched.connect(lambda f: seen.append(("pinch", round(f, 2))))
view.panned.connect(lambda dx, dy: seen.append(("pan", round(dx), round(dy))))
device = QPointingDevice("screen", 1, QPointingDevice.DeviceType.TouchScreen,
                         QPointingDevice.PointerType.Finger,
                         QPointingDevice.Capability.Position, 10, 0)
def send(kind, points):
    events = [QEventPoint(i, QEventPoint.State.Updated, QPointF(*p), QPointF(*p))
              for i, p in enumerate(points)]
    view.event(QTouchEvent(kind, device, app.keyboardModifiers(), events))
send(QEvent.Type.TouchBegin, [(100, 100), (200, 100)])
send(QEvent.Type.TouchUpdate, [(50, 100), (250, 100)])
send(QEvent.Type.TouchUpdate, [(70, 100), (270, 100)])
send(QEvent.Type.TouchEnd, [])
print(seen)
"""
    out = _run_qt(script, repo_root)
    assert out.strip() == "[('pinch', 2.0), ('pan', 20, 0)]"


def test_captions_space_english_words_and_join_chinese_ones() -> None:
    from app.shell.panels import _spaced

    assert _spaced("Welcome", "to") and _spaced("iPhone", "手机") and _spaced("手机", "iPhone")
    assert not _spaced("欢迎", "光临") and not _spaced("光临", "。")


def test_the_header_counts_the_exhibits_in_and_a_hall_without_a_tour_has_no_tour_bar(
    repo_root: Path, tmp_path: Path
) -> None:
    scene = tmp_path / "free.vitrine.yaml"
    text = (repo_root / "scenes/showroom.vitrine.yaml").read_text(encoding="utf-8")
    scene.write_text(text.split("\ntour:")[0] + "\n", encoding="utf-8")
    script = f"""
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from app.scene import load_scene
from app.shell.header import HeaderBar
from app.shell.panels import TourBar

app = QApplication([])
showroom = load_scene({str(repo_root / "scenes/showroom.vitrine.yaml")!r}).scene
header = HeaderBar(showroom, "zh")
header.show()
header.show_loading((3, 10))
print(header.loading.isVisible(), header.loading.text())
header.show_loading(None)
print(header.loading.isVisible())
window = QWidget()
column = QVBoxLayout(window)
bars = [TourBar(load_scene({str(scene)!r}).scene, "en"), TourBar(showroom, "en")]
for bar in bars:
    column.addWidget(bar)
window.show()
print(*(bar.isVisible() for bar in bars))
"""
    out = _run_qt(script, repo_root)
    lines = out.strip().splitlines()
    assert lines[0] == "True 正在布置展品…… 3 / 10" and lines[1] == "False"
    assert lines[2] == "False True", "no tour: no tour bar"


def test_an_exhibit_is_chosen_from_the_list_with_the_keyboard(repo_root: Path) -> None:
    script = f"""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from app.scene import load_scene
from app.shell.exhibit_card import InfoPanel

app = QApplication([])
panel = InfoPanel(load_scene({str(repo_root / "scenes/showroom.vitrine.yaml")!r}).scene, "en")
panel.show()
chosen = []
panel.exhibitChosen.connect(chosen.append)
panel.list.setFocus()
panel.list.setCurrentRow(2)
QTest.keyClick(panel.list, Qt.Key.Key_Return)
print(chosen)
"""
    out = _run_qt(script, repo_root)
    assert out.strip() == "['lamp']"
