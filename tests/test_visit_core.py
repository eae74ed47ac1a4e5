"""The visit core headless: the tour in one frame order, the tour rules (walking off leaves it,
clicks ask the guide), the kiosk session and its admin long press, rebuilds that keep the
camera, and that no other frame loop exists anywhere in Vitrine."""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.kiosk.session import KioskMode
from app.render.camera_rig import MoveInput
from app.scene import load_scene
from app.scene.views import CameraMode, entrance_view, stop_view
from app.visit import LONG_PRESS_SECONDS, KioskOptions, VisitCore, VisitState
from guide.clock import FakeClock
from guide.speech import SilentSpeaker
from guide.states import DirectorState

pytestmark = pytest.mark.render

REPO = Path(__file__).resolve().parents[1]


class FakeInput:
    """The view's keys and pointer, held and moved by the test."""

    def __init__(self) -> None:
        self.forward = 0.0
        self.at: tuple[float, float] | None = None
        self.events: dict[str, Callable[[], None]] = {}

    def movement(self, dt: float) -> MoveInput:
        return MoveInput(forward=self.forward)

    def pointer(self) -> tuple[float, float] | None:
        return self.at

    def bind(self, event: str, callback: Callable[[], None]) -> None:
        self.events[event] = callback


@pytest.fixture
def make_visit(offscreen: Any, library: Any, repo_root: Path) -> Iterator[Callable[..., VisitCore]]:
    made: list[VisitCore] = []

    def make(scene: str = "showroom", **options: Any) -> VisitCore:
        document = load_scene(repo_root / f"scenes/{scene}.vitrine.yaml")
        visit = VisitCore(
            offscreen, document, SilentSpeaker(), library=library, travel_timeout=3.0, **options
        )
        made.append(visit)
        return visit

    yield make
    for visit in made:
        visit.close()


def _run(
    visit: VisitCore,
    seconds: float,
    dt: float = 0.1,
    until: Callable[[VisitState], bool] | None = None,
) -> None:
    for _ in range(round(seconds / dt)):
        visit.step(dt)
        if until is not None and until(visit.state):
            return


def test_the_tour_runs_through_one_step(make_visit: Callable[..., VisitCore]) -> None:
    visit = make_visit()
    seen: list[DirectorState] = []
    visit.on_change.append(
        lambda s: seen.append(s.director) if s.director not in seen[-1:] else None
    )
    visit.start_tour()
    _run(visit, 60, until=lambda s: s.director == DirectorState.NARRATING and s.stop == 0)
    state = visit.state
    assert (state.director, state.stop) == (DirectorState.NARRATING, 0)
    assert seen[:3] == [DirectorState.GREETING, DirectorState.TRAVELLING, DirectorState.NARRATING]
    expected = stop_view(visit.document.scene, 0, visit.stage.model_heights).position
    assert math.dist(state.position, expected) < 0.35, "the camera arrived at the stop"
    assert state.subtitle.words and state.subtitle.text.startswith(state.subtitle.words[0])
    _run(visit, 3, until=lambda s: s.subtitle.current >= 1)
    assert visit.state.subtitle.current >= 1, "the spoken word moves along the subtitle"


def test_walking_off_leaves_the_tour_and_play_rejoins(make_visit: Callable[..., VisitCore]) -> None:
    keys = FakeInput()
    visit = make_visit(input=keys)
    visit.start_tour()
    _run(visit, 30, until=lambda s: s.director == DirectorState.TRAVELLING)
    keys.forward = 1.0
    visit.step(0.1)
    keys.forward = 0.0
    assert visit.state.director == DirectorState.FREE, "the guide waits for the visitor"
    visit.play_pause()
    assert visit.state.director == DirectorState.TRAVELLING


def test_a_click_on_an_exhibit_asks_the_guide_and_the_floor_leaves_the_tour(
    make_visit: Callable[..., VisitCore],
) -> None:
    visit = make_visit()
    pixel = visit.to_pixel(visit.exhibit_centre("kettle"))
    assert pixel is not None
    width, height = visit.engine.win.getXSize(), visit.engine.win.getYSize()
    x, y = pixel[0] / width * 2 - 1, 1 - pixel[1] / height * 2
    chosen: list[str | None] = []
    visit.on_select.append(chosen.append)
    visit.pointer_down(x, y)
    hit = visit.pointer_up(x, y)
    assert hit is not None and hit.exhibit == "kettle" and chosen == ["kettle"]
    assert visit.state.director == DirectorState.ANSWERING
    _run(visit, 5, until=lambda s: s.camera == CameraMode.INSPECT)
    assert visit.state.camera == CameraMode.INSPECT and visit.state.selected == "kettle"
    assert visit.back() and visit.state.selected is None
    visit.start_tour()
    _run(visit, 30, until=lambda s: s.director == DirectorState.TRAVELLING)
    _run(visit, 5, until=lambda s: s.camera == CameraMode.WALK)
    visit.pointer_down(0.0, -0.95)
    visit.pointer_up(0.0, -0.95)
    assert visit.state.director == DirectorState.FREE


def test_the_guide_answers_a_question_and_leads_the_visitor_where_asked(
    make_visit: Callable[..., VisitCore],
) -> None:
    visit = make_visit()
    visit.start_tour()
    _run(visit, 30, until=lambda s: s.director == DirectorState.NARRATING)
    answer = visit.ask("how long does the vacuum run on one charge?")
    assert answer.source == "exhibits.vacuum.faq[0]"
    assert visit.state.director == DirectorState.ANSWERING
    _run(visit, 1, until=lambda s: bool(s.subtitle.text))
    assert "two and a half hours" in visit.state.subtitle.text, "the answer is subtitled"
    _run(visit, 30, until=lambda s: s.director == DirectorState.WAITING)
    assert visit.state.director == DirectorState.WAITING, "then the tour waits at its stop"
    assert visit.state.stop == 0
    where = visit.ask("where is the reading lamp?")
    assert where.intent == "where" and where.exhibit == "lamp"
    assert visit.figure is not None and visit.figure.walking, "the guide leads the way"
    _run(visit, 30, until=lambda s: s.director == DirectorState.FREE)
    lamp = visit.exhibit_centre("lamp")
    assert math.dist(visit.state.position[:2], lamp[:2]) < 2.5, "the visitor is at the lamp"
    spot = visit.figure.root.getPos()
    assert math.dist((spot.x, spot.y), lamp[:2]) < 1.5
    visit.ask("let's continue the tour")
    assert visit.state.director not in (DirectorState.FREE, DirectorState.IDLE)
    assert visit.state.stop == 0, "back where the visitor left it"


def test_an_answer_about_a_hotspot_turns_the_guide_to_it(
    make_visit: Callable[..., VisitCore],
) -> None:
    visit = make_visit()
    answer = visit.ask("What is the long spout of the kettle for?")
    assert (answer.exhibit, answer.hotspot) == ("kettle", "spout")
    visit.step(0.05)
    spout = visit.stage.hotspot_point("kettle", "spout")
    assert visit.figure is not None and visit.figure.look == pytest.approx(spout, abs=0.02)
    assert math.dist(spout, visit.exhibit_centre("kettle")) > 0.05, "not just the exhibit"


def test_kiosk_session_idles_to_attract_and_a_long_press_asks_for_the_pin(
    make_visit: Callable[..., VisitCore],
) -> None:
    keys = FakeInput()
    clock = FakeClock()
    visit = make_visit(input=keys, clock=clock, kiosk=KioskOptions(idle_timeout=20, attract_gap=2))
    assert visit.state.kiosk == KioskMode.ATTRACT
    _run(visit, 6, dt=0.5)
    assert visit.state.director != DirectorState.IDLE, "the attract loop plays for passers-by"
    asked: list[bool] = []
    visit.on_admin_request.append(lambda: asked.append(True))
    keys.at = (-0.95, 0.95)  # the top-left corner
    keys.events["mouse1"]()
    assert visit.state.kiosk == KioskMode.VISITOR, "a touch starts a visitor session"
    _run(visit, LONG_PRESS_SECONDS - 0.5, dt=0.25)
    assert asked == []
    _run(visit, 1.0, dt=0.25)
    assert asked == [True], "a long press in the corner asks for the admin PIN"
    keys.events["mouse1-up"]()
    keys.at = None
    visit.go_to_stop(2)
    back: list[VisitState] = []
    visit.on_change.append(lambda s: back.append(s) if s.kiosk == KioskMode.ATTRACT else None)
    _run(visit, 25, dt=0.5, until=lambda s: bool(back))
    assert back, "no input for the idle timeout: the attract loop again"
    entrance = entrance_view(visit.document.scene).position
    assert back[0].position == pytest.approx(entrance), "the next visitor starts at the entrance"
    assert back[0].selected is None


def test_rebuild_keeps_the_camera_and_follows_the_edit(
    make_visit: Callable[..., VisitCore],
) -> None:
    visit = make_visit()
    visit.walk_to(1.0, -1.0)
    _run(visit, 4, until=lambda s: s.camera == CameraMode.WALK)
    before = visit.state.position
    rebuilt: list[object] = []
    visit.on_rebuilt.append(rebuilt.append)
    visit.document.scene.exhibits[0].position = (0.5, 2.0)
    visit.rebuild()
    assert rebuilt == [visit.document]
    assert visit.state.position == pytest.approx(before, abs=1e-3)
    assert visit.exhibit_floor_position(visit.document.scene.exhibits[0].id) == pytest.approx(
        (0.5, 2.0)
    )


def test_language_mute_volume_and_stereo_are_visit_state(
    make_visit: Callable[..., VisitCore],
) -> None:
    visit = make_visit()
    visit.set_language("zh")
    visit.set_muted(True)
    visit.set_volume(0.4)
    visit.set_auto_advance(False)
    assert visit.toggle_stereo() is True
    state = visit.state
    assert (state.language, state.muted, state.volume, state.auto_advance, state.stereo) == (
        "zh",
        True,
        0.4,
        False,
        True,
    )
    assert visit.toggle_stereo() is False
    with pytest.raises(ValueError):
        visit.set_language("fr")


def _calls(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Attribute | ast.Name):
                who = owner.attr if isinstance(owner, ast.Attribute) else owner.id
                names.add(f"{who}.{node.func.attr}")
    return names


def test_no_second_frame_loop_exists() -> None:
    """Only the visit core advances the director, camera, stage and guide figure per frame."""
    frame_calls = {
        "director.update",
        "explorer.update",
        "stage.update",
        "figure.update",
        "runner.handle",
        "kiosk.update",
        "session.update",
    }
    offenders = []
    for path in sorted((REPO / "app").rglob("*.py")):
        if path.relative_to(REPO).as_posix() == "app/visit/core.py":
            continue
        found = _calls(path) & frame_calls
        if found:
            offenders.append(f"{path.relative_to(REPO)}: {', '.join(sorted(found))}")
    assert offenders == []


def test_a_flat_model_on_a_flat_plinth_and_a_cut_avatar_still_open(
    offscreen: Any, library: Any, tmp_path: Path, repo_root: Path
) -> None:
    from app.render.capture import capture_rgb, draw_frames

    (tmp_path / "flat.obj").write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", encoding="utf-8")
    avatar = (repo_root / "assets/avatars/guide_female.glb").read_bytes()
    (tmp_path / "cut.glb").write_bytes(avatar[: len(avatar) // 3])
    (tmp_path / "show.vitrine.yaml").write_text(
        "format: 1\ntitle: {en: Flat}\nlanguages: [en]\n"
        "exhibits:\n  - id: flat\n    model: flat.obj\n    position: [0, 0]\n"
        "    plinth: {height: 0}\n    info: {title: {en: Flat}, text: {en: A triangle.}}\n"
        "guide:\n  name: {en: Mia}\n  avatar: cut.glb\n",
        encoding="utf-8",
    )
    document = load_scene(tmp_path / "show.vitrine.yaml")
    visit = VisitCore(offscreen, document, SilentSpeaker(), library=library)
    try:
        visit.step(0.1)
        draw_frames(offscreen, 2)
        assert capture_rgb(offscreen).std() > 5, "the hall shows"
        assert visit.figure is not None, "Vitrine's own guide stands in"
        assert any("cut.glb" in p and "cut short" in p for p in visit.problems)
        assert visit.pick(0.0, -0.9) is not None
    finally:
        visit.close()


def test_the_visitors_settings_cut_instead_of_gliding_slow_the_voice_and_are_forgotten(
    make_visit: Callable[..., VisitCore],
) -> None:
    from app.visit import VisitorPreferences

    visit = make_visit()
    visit.set_volume(0.6)  # the kiosk's volume
    visit.walk_to(2.0, -2.0)
    visit.step(0.1)
    assert visit.state.camera == CameraMode.FLIGHT, "a glide by default"
    _run(visit, 6, until=lambda s: s.camera == CameraMode.WALK)
    slow = VisitorPreferences(pace=0.75, volume=0.3, reduced_motion=True, caption_size="large")
    visit.set_preferences(slow)
    assert visit.state.preferences == slow and visit.state.volume == 0.3
    visit.walk_to(-1.0, -3.0)
    visit.step(0.1)
    assert visit.state.camera == CameraMode.WALK, "reduced motion: there in one frame"
    assert visit.state.position[:2] == pytest.approx((-1.0, -3.0), abs=0.3)
    visit.start_tour()
    _run(visit, 2, until=lambda s: bool(s.subtitle.words))
    line = visit.director._activity.utterance  # type: ignore[union-attr]
    assert line is not None and line.request.rate == pytest.approx(0.75)
    visit.reset_for_next_visitor()
    assert visit.state.preferences == VisitorPreferences() and visit.state.volume == 0.6
    with pytest.raises(ValueError):
        VisitorPreferences(pace=3.0)


def test_a_kiosk_speaks_and_shows_the_language_it_was_opened_in(
    make_visit: Callable[..., VisitCore],
) -> None:
    keys = FakeInput()
    visit = make_visit(input=keys, clock=FakeClock(), language="zh",
                       kiosk=KioskOptions(idle_timeout=20, attract_gap=2))  # fmt: skip
    keys.at = (0.0, 0.0)
    keys.events["mouse1"]()  # a visitor
    keys.events["mouse1-up"]()
    assert visit.state.kiosk == KioskMode.VISITOR
    assert (visit.director.language, visit.state.language) == ("zh", "zh")
    visit.set_language("en")  # this visitor reads English
    _run(visit, 25, dt=0.5, until=lambda s: s.kiosk == KioskMode.ATTRACT)
    assert visit.state.kiosk == KioskMode.ATTRACT
    assert (visit.director.language, visit.state.language) == ("zh", "zh"), (
        "idle: the kiosk's own language again, in speech and in the window"
    )
