"""The visitor's window as people see it, in screenshots under Xvfb: a desktop window at
1280x800 and a kiosk at 1920x1080, in English and in Chinese. Each test asserts what the panels
show (card, map, progress, captions, settings) and keeps its screenshot in the test's folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from conftest import virtual_display
from window_driver import RunningApp, _finish, _start

pytestmark = pytest.mark.window

SHOTS = os.environ.get("VITRINE_SHOTS")  # a folder to keep the screenshots in (docs)


@pytest.fixture(scope="module")
def desktop_display() -> Iterator[dict[str, str]]:
    with virtual_display("1280x800x24") as env:
        yield env


@pytest.fixture(scope="module")
def kiosk_display() -> Iterator[dict[str, str]]:
    with virtual_display("1920x1080x24") as env:
        yield env


def _shot(running: RunningApp, tmp_path: Path, name: str) -> np.ndarray:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return running.screenshot(folder / f"{name}.png")


def _touch_sized(state: dict) -> None:
    assert state["small_controls"] == [], "every control is at least 44 x 44 pixels"


def _inside(point: list[int], rect: list[int]) -> bool:
    x, y, width, height = rect
    return x <= point[0] < x + width and y <= point[1] < y + height


def test_desktop_in_english_shows_the_map_then_a_card(
    desktop_display: dict[str, str], repo_root: Path, tmp_path: Path
) -> None:
    env = dict(desktop_display, VITRINE_CONFIG_DIR=str(tmp_path / "config"))
    running = _start(env, repo_root, repo_root / "scenes/showroom.vitrine.yaml",
                     "--size", "1280x800", "--welcome")  # fmt: skip
    try:
        state = running.ready
        assert state["header_title"] == "Smart Living Showroom"
        assert state["language_label"] == "中文"
        assert state["play_label"].endswith("Start the tour")
        assert state["tour_progress"].startswith("5 stops · about ")
        assert "Pour-over Kettle" in state["exhibit_list"] and len(state["exhibit_list"]) == 7
        assert not state["card_open"], "no card until an exhibit is chosen"
        assert "Start the tour" in state["subtitle"], "the caption area says what to do"
        welcome = running.wait_for(lambda s: s["welcome"] is not None)["welcome"]
        assert any("tap the floor" in tip for tip in welcome)
        hall_map = state["map"]
        for exhibit, pixel in hall_map["plinths"].items():
            assert _inside(pixel, hall_map["rect"]), f"{exhibit} is drawn on the map"
        assert hall_map["visitor"] is not None and hall_map["guide"] is not None
        _touch_sized(state)
        shot = _shot(running, tmp_path, "desktop-en-hall")
        x, y, width, height = hall_map["rect"]
        drawn = shot[y : y + height, x : x + width].astype(int)
        assert drawn.std() > 20, "the map shows walls and plinths"
        running.ask("press welcome-ok")
        running.wait_for(lambda s: s["welcome"] is None)
        assert (tmp_path / "config/welcome-seen").exists(), "shown once on a desktop"
        px, py = hall_map["plinths"]["kettle"]
        running.x("mousemove", str(px), str(py), "click", "1")  # tap the kettle on the map
        state = running.wait_for(
            lambda s: s["card_open"] and s["mode"] == "inspect" and s["card_picture"], seconds=30
        )
        assert state["card_title"] == "Pour-over Kettle" and "gooseneck" in state["card_text"]
        assert state["card_chips"] == ["Gooseneck spout"]
        assert set(state["card_buttons"]) == {"stop-here", "ask-about", "close-card"}
        _touch_sized(state)
        _shot(running, tmp_path, "desktop-en-card")
        bx, by = state["card_buttons"]["stop-here"]
        running.x("mousemove", str(bx), str(by), "click", "1")
        state = running.wait_for(lambda s: s["tour_progress"].startswith("Stop 1 of 5"))
        assert state["tour_progress"].endswith("min left")
    finally:
        _finish(running)


def test_desktop_in_chinese_with_the_visitors_settings(
    desktop_display: dict[str, str], repo_root: Path, tmp_path: Path
) -> None:
    running = _start(desktop_display, repo_root, repo_root / "scenes/showroom.vitrine.yaml",
                     "--size", "1280x800", "--lang", "zh")  # fmt: skip
    try:
        state = running.ready
        assert state["header_title"] == "智慧生活展厅" and state["language_label"] == "English"
        assert state["play_label"].endswith("开始导览")
        assert state["tour_progress"].startswith("共 5 站 · 约 ")
        assert "手冲电水壶" in state["exhibit_list"]
        assert state["caption_below_view"] and state["caption_px"] == "medium"
        _touch_sized(state)
        _shot(running, tmp_path, "desktop-zh-hall")
        running.ask('prefs {"caption_size": "large", "caption_place": "top", '
                    '"high_contrast": true, "pace": 0.75}')  # fmt: skip
        state = running.wait_for(lambda s: s["preferences"]["high_contrast"])
        assert state["caption_px"] == "large" and not state["caption_below_view"]
        assert state["tour_progress"].startswith("共 5 站")
        state = running.frames_pass(3)  # the view redrawn at its new place
        shot = _shot(running, tmp_path, "desktop-zh-contrast")
        vx, vy, vw, vh = state["viewport"]
        assert shot[vy : vy + vh, vx : vx + vw].mean() > 60, "the hall still shows"
        x, y, width, height = state["map"]["rect"]
        side = shot[y - 30 : y - 4, x : x + width].reshape(-1, 3).mean(axis=0)
        assert side.max() < 40, "high contrast: the side panel is black"
        running.ask("settings")
        state = running.wait_for(lambda s: s["modal"] == "visitor-settings")
        _shot(running, tmp_path, "desktop-zh-settings")
    finally:
        _finish(running)


def test_kiosk_in_english_welcomes_each_visitor_and_walks_from_the_map(
    kiosk_display: dict[str, str], repo_root: Path, tmp_path: Path
) -> None:
    env = dict(kiosk_display, VITRINE_LOG_DIR=str(tmp_path / "logs"))
    running = _start(env, repo_root, repo_root / "scenes/showroom.vitrine.yaml",
                     "--kiosk", "--welcome", "--size", "1920x1080")  # fmt: skip
    try:
        state = running.ready
        assert state["fullscreen"] and state["kiosk_mode"] == "attract"
        assert state["welcome"] is None, "nobody is there yet"
        x, y, width, height = state["viewport"]
        assert width >= 1150 and height >= 800, "the view has most of the screen"
        running.x("mousemove", str(x + width // 2), str(y + height - 40), "click", "1")
        state = running.wait_for(lambda s: s["kiosk_mode"] == "visitor" and s["welcome"])
        _touch_sized(state)
        _shot(running, tmp_path, "kiosk-en-welcome")
        running.ask("press welcome-ok")
        state = running.wait_for(lambda s: s["welcome"] is None and s["mode"] == "walk")
        before = state["position"]
        mx, my, mw, mh = state["map"]["rect"]
        running.x("mousemove", str(mx + mw // 2), str(my + int(mh * 0.62)), "click", "1")
        state = running.wait_for(
            lambda s: abs(s["position"][1] - before[1]) > 0.5 and s["mode"] == "walk"
        )
        visitor = state["map"]["visitor"]
        assert visitor is not None and abs(visitor[1] - state["position"][1]) < 0.3
        _shot(running, tmp_path, "kiosk-en-walked")
    finally:
        _finish(running)


def test_kiosk_in_chinese_shows_the_card_and_switches_language(
    kiosk_display: dict[str, str], repo_root: Path, tmp_path: Path
) -> None:
    env = dict(kiosk_display, VITRINE_LOG_DIR=str(tmp_path / "logs"))
    running = _start(env, repo_root, repo_root / "scenes/heritage.vitrine.yaml",
                     "--kiosk", "--lang", "zh", "--size", "1920x1080")  # fmt: skip
    try:
        state = running.ready
        assert state["header_title"] == "青铜与陶土"
        assert state["tour_progress"].startswith("共 3 站")
        px, py = state["map"]["plinths"]["ding"]
        running.x("mousemove", str(px), str(py), "click", "1")
        state = running.wait_for(
            lambda s: s["card_open"] and s["card_title"] == "青铜鼎" and s["card_picture"],
            seconds=30,
        )
        assert state["card_chips"] == ["鼎耳"] and "stop-here" in state["card_buttons"]
        _touch_sized(state)
        shot = _shot(running, tmp_path, "kiosk-zh-card")
        assert shot.std() > 20
        running.ask("admin")  # staff's dialogs speak the visitor's language too
        state = running.wait_for(lambda s: s["modal"] == "pin-dialog")
        assert state["modal_message"] == "请输入管理员密码"
        assert running.ask("click 取消") == {"clicked": True}
        running.wait_for(lambda s: s["modal"] is None)
        lx, ly = state["language_button"]
        running.x("mousemove", str(lx), str(ly), "click", "1")
        state = running.wait_for(lambda s: s["language"] == "en")
        assert state["card_title"] == "Bronze Ding" and state["header_title"] == "Bronze and Clay"
        assert state["language_label"] == "中文"
    finally:
        _finish(running)
