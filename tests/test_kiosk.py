"""Kiosk logic without a screen: idle resets, the attract loop, analytics, the supervisor."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.kiosk.analytics import Analytics, summarise
from app.kiosk.session import KioskSession
from app.kiosk.supervisor import Supervisor
from app.scene import load_scene
from guide.clock import FakeClock
from guide.director import Director
from guide.events import Speak
from guide.speech import SilentBackend, SpeechRequest, Utterance

from conftest import run_vitrine


class Speaker:
    def speak(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> Utterance:
        utterance = SilentBackend().estimate(SpeechRequest(text, language, "x"))
        utterance.duration_ms = 1000
        return utterance


@pytest.fixture
def kiosk(repo_root: Path, tmp_path: Path):
    scene = load_scene(repo_root / "scenes/showroom.vitrine.yaml").scene
    clock = FakeClock()
    director = Director(scene, Speaker(), clock, travel_timeout=1.0)
    resets: list[float] = []
    analytics = Analytics(tmp_path / "visits.sqlite", clock=clock.now)
    session = KioskSession(
        director,
        clock,
        idle_timeout=60,
        reset_view=lambda: resets.append(clock.now()),
        analytics=analytics,
        attract_gap=5,
    )
    yield session, director, clock, resets, analytics, tmp_path / "visits.sqlite"
    analytics.close()


def _run(session: KioskSession, director: Director, clock: FakeClock, seconds: float) -> list:
    events = []
    for _ in range(int(seconds * 10)):
        clock.advance(0.1)
        session.update()
        for event in director.update():
            session.guide_event(event)
            events.append((round(clock.now(), 1), event))
    return events


def test_attract_loop_replays_the_tour_until_someone_comes(kiosk) -> None:
    session, director, clock, resets, _, _ = kiosk
    events = _run(session, director, clock, 40)
    assert session.mode == "attract"
    spoken = [e.line_key for _, e in events if isinstance(e, Speak)]
    assert spoken[:2] == ["greeting", "stop:1"], "passers-by hear the guide's tour"


def test_touch_starts_a_visitor_session_and_idle_returns_to_attract(kiosk) -> None:
    session, director, clock, resets, analytics, path = kiosk
    _run(session, director, clock, 3)
    session.language_chosen("zh")
    session.visitor_input()
    assert session.mode == "visitor" and resets == [clock.now()]
    assert director.language == "zh", "the next visitor gets the last used language"
    events = _run(session, director, clock, 2)
    assert [e.line_key for _, e in events if isinstance(e, Speak)] == ["greeting"]
    director.start_tour()
    session.exhibit_opened("kettle")
    _run(session, director, clock, 30)
    session.exhibit_opened(None)
    assert session.mode == "visitor"
    _run(session, director, clock, 40)  # no input for 60 s since the last touch
    assert session.mode == "attract" and len(resets) == 2
    assert director.language == "en"
    summary = summarise(path)
    assert summary.sessions == 1 and summary.languages == {"zh": 1}
    assert summary.opens == {"kettle": 1} and summary.dwell_seconds["kettle"] > 20
    assert "1" in summary.stops


def test_stats_command_prints_the_summary(kiosk, tmp_path: Path) -> None:

    session, director, clock, _, analytics, path = kiosk
    session.visitor_input()
    session.exhibit_opened("lamp")
    clock.advance(12)
    analytics.end_session()
    result = run_vitrine("stats", "--file", str(path))
    assert result.returncode == 0
    assert "visitor sessions: 1" in result.stdout
    assert "  lamp: 1, 12 s" in result.stdout


CHILD = """
import sys, time, pathlib
beat = pathlib.Path(sys.argv[1]); mode = sys.argv[2]
for i in range(600):
    if mode == "freeze" and i > 5:
        time.sleep(60)
    frames = min(i, 5) if mode == "stuck" else i  # "stuck": beats on, draws no more frames
    beat.write_text(f"{time.time()} {frames}")
    time.sleep(0.1)
"""


def _supervise(
    tmp_path: Path, mode: str, stale: float = 20.0
) -> tuple[Supervisor, threading.Thread]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    beat = tmp_path / "heartbeat"
    supervisor = Supervisor(
        [sys.executable, str(script), str(beat), mode],
        beat,
        stale_after=stale,
        min_delay=0.5,
        start_grace=10,
    )
    thread = threading.Thread(
        target=supervisor.run, kwargs={"max_restarts": 1, "poll": 0.1}, daemon=True
    )
    thread.start()
    return supervisor, thread


def _wait(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_supervisor_restarts_a_killed_child(tmp_path: Path) -> None:
    supervisor, thread = _supervise(tmp_path, "run")
    assert _wait(lambda: supervisor.child is not None and (tmp_path / "heartbeat").exists(), 10)
    first = supervisor.child
    first.kill()  # type: ignore[union-attr]
    assert _wait(lambda: supervisor.child is not first and supervisor.child.poll() is None, 10)
    assert _wait(lambda: (tmp_path / "heartbeat").exists(), 10)
    assert supervisor.restarts[0].reason.startswith("crashed")
    supervisor.child.kill()  # type: ignore[union-attr]
    thread.join(timeout=10)


def test_supervisor_restarts_a_frozen_child(tmp_path: Path) -> None:
    supervisor, thread = _supervise(tmp_path, "freeze", stale=1.0)
    assert _wait(lambda: len(supervisor.restarts) >= 1, 15)
    assert supervisor.restarts[0].reason == "frozen (no heartbeat)"
    thread.join(timeout=30)


def test_supervisor_restarts_an_app_whose_frames_stopped(tmp_path: Path) -> None:
    supervisor, thread = _supervise(tmp_path, "stuck", stale=1.0)
    assert _wait(lambda: len(supervisor.restarts) >= 1, 15)
    assert supervisor.restarts[0].reason == "frozen (no heartbeat)"
    thread.join(timeout=30)


def test_the_attract_loop_plays_the_whole_tour_before_it_starts_again(kiosk) -> None:
    session, director, clock, *_ = kiosk
    director.auto_advance = False  # a visitor had switched it off; passers-by still see it all
    session._to_attract(clock.now())
    events = _run(session, director, clock, 120)
    spoken = [e.line_key for _, e in events if isinstance(e, Speak)]
    first = spoken[: spoken.index("farewell") + 1]
    assert first == ["greeting", "stop:1", "stop:2", "stop:3", "stop:4", "stop:5", "farewell"]
    assert session.mode == "attract"


def test_a_corrupt_analytics_file_is_moved_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "visits.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    result = run_vitrine("stats", "--file", str(path))
    assert result.returncode == 1 and "not a readable visits file" in result.stderr
    assert "Traceback" not in result.stderr
    analytics = Analytics(path)
    try:
        assert (
            analytics.moved_aside is not None
            and analytics.moved_aside.read_bytes() == b"this is not a database" * 100
        ), "the old file is kept, untouched"
        analytics.start_session("en")
    finally:
        analytics.close()
    assert summarise(path).sessions == 1, "the new file records visits"


def test_wrong_pins_make_the_next_try_wait_longer() -> None:
    from app.kiosk.pin_guard import PinGuard

    clock = FakeClock()
    guard = PinGuard(clock.now)
    waits = [guard.failed() for _ in range(7)]
    assert waits == [0.0, 0.0, 2.0, 4.0, 8.0, 16.0, 32.0]
    assert guard.wait_left() == 32.0
    clock.advance(32.0)
    assert guard.wait_left() == 0.0
    guard.succeeded()
    assert guard.failed() == 0.0


def test_a_log_folder_that_is_a_file_falls_back_to_a_temporary_one(tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    code = (
        "from app.kiosk.logs import log_dir, setup_kiosk_logging; "
        "print(setup_kiosk_logging().parent)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, VITRINE_LOG_DIR=str(blocker)),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "cannot be used" in result.stderr and "logging to" in result.stderr
    assert Path(result.stdout.strip()).is_dir() and blocker.is_file()


@pytest.mark.parametrize("rounds", ["1", "1000000000000"])
def test_pin_hashes_with_absurd_round_counts_are_refused(tmp_path: Path, rounds: str) -> None:
    from app.scene import check_scene
    from app.scene.pin import hash_pin

    good = hash_pin("2468", iterations=1000)
    bad = good.replace("$1000$", f"${rounds}$")
    scene = tmp_path / "k.vitrine.yaml"
    scene.write_text(
        f'format: 1\ntitle: {{en: K}}\nlanguages: [en]\nkiosk:\n  admin_pin: "{bad}"\n',
        encoding="utf-8",
    )
    parsed, source = check_scene(scene)
    assert parsed is None
    assert any("rounds" in p.message and p.line == 5 for p in source.problems), source.problems


def test_supervisor_stops_when_the_app_exits_cleanly(tmp_path: Path) -> None:
    beat = tmp_path / "heartbeat"
    supervisor = Supervisor([sys.executable, "-c", "print('bye')"], beat)
    assert supervisor.run(poll=0.05) == 0
    assert supervisor.restarts == []


def test_questions_are_recorded_as_text_and_stats_list_the_unanswered(tmp_path: Path) -> None:
    path = tmp_path / "visits.db"
    analytics = Analytics(path)
    analytics.start_session("en")
    analytics.question_asked("How long does the battery last?", answered=True)
    for _ in range(3):
        analytics.question_asked("Is it   dishwasher safe?", answered=False)
    analytics.question_asked("is it dishwasher safe?", answered=False)
    analytics.question_asked("Where is the toilet?", answered=False)
    analytics.close()
    summary = summarise(path)
    assert summary.answered == 1
    assert summary.unanswered == {"is it dishwasher safe?": 4, "where is the toilet?": 1}
    lines = summary.lines()
    assert "questions asked: 6, answered: 1" in lines
    assert "  4 x is it dishwasher safe?" in lines
