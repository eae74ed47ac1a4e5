"""The real app window under Xvfb, driven with real X mouse and keyboard input (xdotool)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from window_driver import RunningApp, _finish, _start

pytestmark = pytest.mark.window


@pytest.fixture
def app(xvfb: dict[str, str], repo_root: Path) -> Iterator[RunningApp]:
    running = _start(xvfb, repo_root, repo_root / "scenes/showroom.vitrine.yaml")
    yield running
    _finish(running)


def test_window_shows_the_hall_with_every_exhibit(app: RunningApp, tmp_path: Path) -> None:
    state = app.ready
    assert state["title"] == "Smart Living Showroom — Vitrine"
    x, y, width, height = state["viewport"]
    shot = app.screenshot(tmp_path / "entrance.png")
    view = shot[y : y + height, x : x + width]
    assert view.mean() > 60 and view.std() > 12, "the 3D view is black or flat"
    floor = view[int(height * 0.85) :].reshape(-1, 3).mean(axis=0)
    assert floor[0] > floor[2], "warm wooden floor at the bottom of the view"
    assert set(state["exhibits"]) == {
        "kettle",
        "speaker",
        "lamp",
        "chair",
        "vacuum",
        "display",
        "headphones",
    }
    for exhibit_id, (px, py) in state["exhibits"].items():
        assert x <= px < x + width and y <= py < y + height, f"{exhibit_id} is off screen"


def test_clicking_an_exhibit_opens_its_card_and_esc_returns(
    app: RunningApp, tmp_path: Path
) -> None:
    start = app.state()
    px, py = start["exhibits"]["kettle"]
    app.x("mousemove", str(int(px)), str(int(py)), "click", "1")
    state = app.wait_for(lambda s: s["selected"] == "kettle" and s["mode"] == "inspect")
    assert state["card_title"] == "Pour-over Kettle"
    assert "gooseneck" in state["card_text"]
    x, y, width, height = state["viewport"]
    close = app.screenshot(tmp_path / "kettle.png")[y : y + height, x : x + width]
    middle = close[height // 3 : 2 * height // 3, width // 3 : 2 * width // 3].astype(int)
    assert (np.abs(middle - middle.mean(axis=(0, 1))).sum(axis=2) > 60).mean() > 0.05, (
        "the kettle fills the middle of the view"
    )
    app.x("key", "Escape")
    state = app.wait_for(lambda s: s["mode"] == "walk")
    assert state["selected"] is None
    assert state["position"] == pytest.approx(start["position"], abs=0.01)


def test_keys_walk_and_start_the_tour(app: RunningApp) -> None:
    start = app.state()
    assert start["tour_progress"].startswith("5 stops · about "), start["tour_progress"]
    x, y, width, height = start["viewport"]
    app.x("mousemove", str(x + width // 2), str(y + height - 20), "click", "1")  # focus the view
    app.wait_for(lambda s: s["mode"] == "walk")
    before = app.state()["position"]
    app.x("keydown", "w")
    try:
        after = app.wait_for(lambda s: s["position"][1] > before[1] + 0.3)["position"]
    finally:
        app.x("keyup", "w")
    assert after[1] > before[1] + 0.3, "W walks forward"
    app.x("key", "space")
    state = app.wait_for(lambda s: s["director"] != "idle" and s["subtitle"])
    assert state["director"] in ("greeting", "travelling", "narrating")
    assert "Welcome" in state["subtitle"]
    state = app.wait_for(lambda s: s["tour_progress"].startswith("Stop 1 of 5"), seconds=30)
    assert state["tour_progress"].endswith("min left")
    app.x("key", "l")
    state = app.wait_for(lambda s: s["language"] == "zh")
    state = app.wait_for(lambda s: s["tour_progress"].startswith("第 1 站，共 5 站"))
    app.x("key", "F1")
    state = app.wait_for(lambda s: s["modal"] == "key-list")
    assert app.ask("click 关闭") == {"clicked": True}
    app.wait_for(lambda s: s["modal"] is None)
    assert state["title"] == "智慧生活展厅 — Vitrine"


@pytest.fixture
def kiosk_app(xvfb: dict[str, str], repo_root: Path, tmp_path: Path) -> Iterator[RunningApp]:
    from app.scene.pin import hash_pin

    text = (repo_root / "scenes/showroom.vitrine.yaml").read_text(encoding="utf-8")
    stored = hash_pin("2468", iterations=1000)
    text = text.replace(
        "kiosk:\n  enabled: false", f'kiosk:\n  enabled: true\n  admin_pin: "{stored}"'
    )
    scene = tmp_path / "kiosk.vitrine.yaml"
    scene.write_text(text, encoding="utf-8")
    env = dict(xvfb, VITRINE_LOG_DIR=str(tmp_path / "logs"))
    running = _start(env, repo_root, scene, "--kiosk")
    yield running
    if running.proc.poll() is None:
        _finish(running)


def test_kiosk_window_is_fullscreen_frameless_and_hard_to_close(kiosk_app: RunningApp) -> None:
    state = kiosk_app.ready
    assert state["fullscreen"] and state["frameless"]
    assert state["kiosk_mode"] == "attract", "a fresh kiosk calls passers-by, nobody touched it"
    x, y, width, height = state["viewport"]
    assert width >= 1000 and height >= 600, "the view fills the screen"
    assert kiosk_app.ask("close") == {"closed": False}
    kiosk_app.x("mousemove", str(x + width // 2), str(y + height // 2), "click", "1")
    kiosk_app.x("key", "alt+F4")
    kiosk_app.x("key", "ctrl+q")
    state = kiosk_app.frames_pass(5)  # the keys reached the window and were ignored
    assert state["visible"] and kiosk_app.proc.poll() is None
    assert state["kiosk_mode"] == "visitor", "the click started a visitor session"


def test_wrong_pin_is_refused_and_the_right_one_exits(kiosk_app: RunningApp) -> None:
    kiosk_app.ask("admin")
    kiosk_app.wait_for(lambda s: s["modal"] == "pin-dialog" and s["focus"] == "pin-entry")
    kiosk_app.frames_pass(2)  # the dialog is drawn and takes keys
    kiosk_app.x("type", "1111")
    kiosk_app.x("key", "Return")
    state = kiosk_app.wait_for(lambda s: s["modal_message"] == "Wrong PIN")
    assert state["modal"] == "pin-dialog" and state["visible"]
    kiosk_app.x("type", "2468")
    kiosk_app.x("key", "Return")
    state = kiosk_app.wait_for(lambda s: s["modal"] not in (None, "pin-dialog"))
    assert kiosk_app.ask("click Exit Vitrine") == {"clicked": True}
    assert kiosk_app.proc.wait(timeout=20) == 0


def test_the_admin_panel_sets_the_picture_quality(kiosk_app: RunningApp) -> None:
    assert kiosk_app.ready["quality"] == "low", "software rendering starts at the low tier"
    kiosk_app.ask("admin")
    kiosk_app.wait_for(lambda s: s["modal"] == "pin-dialog" and s["focus"] == "pin-entry")
    kiosk_app.frames_pass(2)
    kiosk_app.x("type", "2468")
    kiosk_app.x("key", "Return")
    kiosk_app.wait_for(lambda s: s["modal"] not in (None, "pin-dialog"))
    assert kiosk_app.ask("pick quality high") == {"picked": True}
    assert kiosk_app.ask("click Back to the exhibition") == {"clicked": True}
    state = kiosk_app.wait_for(lambda s: s["modal"] is None and s["quality"] == "high")
    assert state["quality"] == "high" and state["visible"]


def test_a_visitor_collects_the_kettle_and_takes_it_home(
    xvfb: dict[str, str], repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.collection import default_key_path, generate_key
    from app.collection.package import verify_package

    folder = tmp_path / "show"
    shutil.copytree(repo_root / "scenes", folder)
    scene = folder / "showroom.vitrine.yaml"
    pem, public = generate_key("kiosk passphrase")
    text = scene.read_text(encoding="utf-8").replace(
        "  - id: kettle\n", "  - id: kettle\n    collectible: {edition: 2}\n", 1
    )
    scene.write_text(text + f"collection:\n  public_key: {public}\n", encoding="utf-8")
    env = dict(xvfb, XDG_CONFIG_HOME=str(tmp_path / "config"),
               VITRINE_ISSUER_PASSPHRASE="kiosk passphrase",
               VITRINE_COLLECTION_DB=str(tmp_path / "claims.sqlite"),
               VITRINE_TAKE_HOME_DIR=str(tmp_path / "usb"))  # fmt: skip
    monkeypatch.setenv("XDG_CONFIG_HOME", env["XDG_CONFIG_HOME"])
    key = default_key_path(scene)  # where the app looks for the kiosk's issuer key
    key.parent.mkdir(parents=True)
    key.write_bytes(pem)
    running = _start(env, repo_root, scene)
    try:
        start = running.ready
        assert start["collect_button"] is None, "nothing to collect before a card is open"
        px, py = start["exhibits"]["kettle"]
        running.x("mousemove", str(int(px)), str(int(py)), "click", "1")
        state = running.wait_for(lambda s: s["selected"] == "kettle" and s["collect_button"])
        assert state["collect_note"] == "2 of 2 copies left"
        nx, ny = state["collect_name"]
        running.x("mousemove", str(nx), str(ny), "click", "1")
        running.wait_for(lambda s: s["focus"] == "collect-name")
        running.x("type", "Mei")
        bx, by = running.state()["collect_button"]  # where it is now the card has its picture
        running.x("mousemove", str(bx), str(by), "click", "1")
        state = running.wait_for(lambda s: s["modal"] == "handover")
        assert state["my_collection"] == ["Pour-over Kettle  No. 001/2"]
        running.ask(f"shot {tmp_path / 'handover.png'}")
        assert running.ask("click Save to USB stick") == {"clicked": True}
        usb = tmp_path / "usb"
        running.wait_for(lambda s: (usb / "kettle-001.vitrine-collectible").exists())
        assert (usb / "kettle-001-poster.png").stat().st_size > 50_000
        assert running.ask("click Done") == {"clicked": True}
        state = running.wait_for(lambda s: s["modal"] is None and s["collect_note"])
        assert state["collect_note"] == "1 of 2 copies left"
    finally:
        _finish(running)
    from app.collection import Genuine

    verdict = verify_package(usb / "kettle-001.vitrine-collectible", {public})
    assert isinstance(verdict, Genuine) and verdict.certificate.holder == "Mei"


def test_saving_the_scene_reloads_it_and_bad_edits_show_a_banner(
    xvfb: dict[str, str], repo_root: Path, tmp_path: Path
) -> None:
    scene = tmp_path / "showroom.vitrine.yaml"
    original = (repo_root / "scenes/showroom.vitrine.yaml").read_text(encoding="utf-8")
    scene.write_text(original, encoding="utf-8")
    running = _start(xvfb, repo_root, scene)
    try:
        start = running.ready
        assert start["kettle_at"] == [-2.5, 0.6]
        moved = start["position"]
        scene.write_text(
            original.replace("position: [-2.5, 0.6]", "position: [-1.5, 0.6]"), encoding="utf-8"
        )
        state = running.wait_for(lambda s: s["kettle_at"] == [-1.5, 0.6], seconds=10)
        assert state["kettle_at"] == [-1.5, 0.6], "the new position is on screen within seconds"
        assert state["position"] == pytest.approx(moved, abs=0.05), "the camera stayed put"
        scene.write_text(
            original.replace("position: [-2.5, 0.6]", "position: [-1.5, left]"), encoding="utf-8"
        )
        state = running.wait_for(lambda s: s["banner"] is not None, seconds=10)
        assert f"{scene}:19:22: exhibit 'kettle'.position[1]: expected a number" in state["banner"]
        assert state["kettle_at"] == [-1.5, 0.6], "the last good scene stays"
        scene.write_text(original, encoding="utf-8")
        state = running.wait_for(
            lambda s: s["banner"] is None and s["kettle_at"] == [-2.5, 0.6], seconds=10
        )
        assert state["banner"] is None
    finally:
        _finish(running)


def test_edit_mode_drag_an_exhibit_undo_and_save(
    xvfb: dict[str, str], repo_root: Path, tmp_path: Path
) -> None:
    scene = tmp_path / "showroom.vitrine.yaml"
    original = (repo_root / "scenes/showroom.vitrine.yaml").read_text(encoding="utf-8")
    scene.write_text(original, encoding="utf-8")
    running = _start(xvfb, repo_root, scene)
    try:
        state = running.ready
        px, py = (int(v) for v in state["exhibits"]["kettle"])
        x, y, width, height = state["viewport"]
        running.x("mousemove", str(x + width // 2), str(y + 10), "click", "1")  # focus the view
        running.x("key", "F2")
        assert running.wait_for(lambda s: s["editing"])["editing"]
        running.x("mousemove", str(px), str(py))
        running.x("mousedown", "1")
        # Let the view draw a few frames at each step, as a hand would (slow software GL).
        running.frames_pass(3)
        for step in range(1, 9):
            running.x("mousemove", str(px + step * 12), str(py + step * 6))
            running.frames_pass(1)
        running.frames_pass(2)
        running.x("mouseup", "1")
        state = running.wait_for(lambda s: s["kettle_at"] != [-2.5, 0.6], seconds=10)
        moved = state["kettle_at"]
        assert moved[0] > -2.5, f"the kettle moved right: {moved}"
        assert "move kettle" in state["edit_status"]
        running.x("key", "ctrl+z")
        state = running.wait_for(lambda s: s["kettle_at"] == [-2.5, 0.6], seconds=10)
        assert state["edit_status"].startswith("undone: move kettle")
        running.x("key", "ctrl+y")
        state = running.wait_for(lambda s: s["kettle_at"] == moved, seconds=10)
        assert state["edit_status"].startswith("redone: move kettle")
        running.x("key", "ctrl+s")
        running.wait_for(lambda s: (s["edit_status"] or "").startswith("saved"), seconds=10)
        text = scene.read_text(encoding="utf-8")
        assert f"    position: [{moved[0]:g}, {moved[1]:g}]" in text
        assert "# degrees per second" in text
        assert (tmp_path / "showroom.vitrine.yaml.bak").read_text(encoding="utf-8") == original
    finally:
        _finish(running)


def test_a_typed_question_is_answered_and_a_suggested_one_is_a_tap_away(app: RunningApp) -> None:
    start = app.wait_for(lambda s: bool(s["suggestions"]))
    box_x, box_y = start["ask_box"]
    app.x("mousemove", str(box_x), str(box_y), "click", "1")
    app.wait_for(lambda s: s["focus"] == "ask-box")
    app.x("type", "--delay", "20", "how long does the vacuum run on one charge")
    app.x("key", "Return")
    state = app.wait_for(lambda s: "two and a half hours" in s["subtitle"], 20)
    assert state["director"] == "answering"
    question, (x, y) = next(iter(state["suggestions"].items()))
    app.x("mousemove", str(x), str(y), "click", "1")
    answered = app.wait_for(lambda s: s["subtitle"] and s["subtitle"] != state["subtitle"], 20)
    assert answered["director"] == "answering", f"tapping '{question}' asks it"


def test_a_question_said_while_holding_the_talk_button_is_answered(
    app: RunningApp, tmp_path: Path
) -> None:
    from guide.espeak_native import synthesize
    from guide.wav import write_wav

    spoken = synthesize("what is the gooseneck for", "en-us", 1.0)
    wav = tmp_path / "question.wav"
    write_wav(wav, bytes(spoken.samples), spoken.sample_rate)
    app.ask(f"microphone {wav}")
    state = app.wait_for(lambda s: s["talk_button"] is not None)
    assert "Hold <b>Talk</b>" in state["voice_note"]
    x, y = state["talk_button"]
    app.x("mousemove", str(x), str(y), "mousedown", "1")
    app.wait_for(lambda s: "Listening" in s["voice_note"])
    app.x("mouseup", "1")
    state = app.wait_for(lambda s: "steady pour" in s["subtitle"], 20)
    assert state["voice_note"] == 'Heard: "what is the gooseneck for"'
    assert state["director"] == "answering"
    app.x("mousemove", str(state["ask_box"][0] - 300), str(state["ask_box"][1] + 300))
    app.x("key", "l")  # Chinese: no offline recogniser, and the window says so
    chinese = app.wait_for(lambda s: s["language"].startswith("zh"))
    assert chinese["talk_button"] is None
    assert "中文语音" in chinese["voice_note"]
