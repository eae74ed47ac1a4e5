"""Picking, inspecting, teleporting and walking in the rendered hall (headless EGL)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from app.render.camera_rig import MoveInput
from app.render.capture import project_to_pixel
from app.render.explorer import Explorer
from app.render.stage import build_stage
from app.scene import load_scene

pytestmark = pytest.mark.render


@pytest.fixture
def visit(offscreen: Any, library: Any, repo_root: Path):
    document = load_scene(repo_root / "scenes/showroom.vitrine.yaml")
    stage = build_stage(document.scene, document.base_dir, offscreen.render, "en", library=library)
    visit = Explorer(
        offscreen.cam,
        offscreen.camLens,
        offscreen.camNode,
        stage,
        offscreen.win,
        overlay=offscreen.render2d,
    )
    offscreen.graphicsEngine.renderFrame()
    yield visit
    visit.destroy()
    stage.destroy()


def _screen(base: Any, point: tuple[float, float, float]) -> tuple[float, float]:
    pixel = project_to_pixel(base, point)
    assert pixel is not None
    return pixel[0] / base.win.getXSize() * 2 - 1, 1 - pixel[1] / base.win.getYSize() * 2


def _fly(visit: Explorer, seconds: float = 5.0) -> None:
    for _ in range(int(seconds * 30)):
        visit.update(1 / 30, MoveInput())


def _centre(visit: Explorer, exhibit_id: str) -> tuple[float, float, float]:
    exhibit = visit.stage.scene.exhibit(exhibit_id)
    node = visit.stage.exhibits[exhibit_id]
    return (*exhibit.position, (exhibit.plinth.height if exhibit.plinth else 0) + node.height / 2)


@pytest.mark.parametrize("exhibit_id", ["kettle", "speaker", "lamp", "chair", "display"])
def test_clicking_an_exhibit_selects_and_inspects_it(
    offscreen: Any, visit: Explorer, exhibit_id: str
) -> None:
    chosen: list[str | None] = []
    visit.on_select.append(chosen.append)
    x, y = _screen(offscreen, _centre(visit, exhibit_id))
    visit.pointer_down(x, y)
    hit = visit.pointer_up(x, y)
    assert hit is not None and hit.kind == "exhibit" and hit.exhibit == exhibit_id
    assert chosen == [exhibit_id] and visit.card.visible and visit.card.exhibit == exhibit_id
    assert visit.rig.mode == "flight"
    _fly(visit)
    assert visit.rig.mode == "inspect"
    target = _centre(visit, exhibit_id)
    distance = sum((a - b) ** 2 for a, b in zip(visit.rig.position, target)) ** 0.5
    height = visit.stage.exhibits[exhibit_id].height
    assert distance <= max(1.6, 3.2 * height), "the camera came close enough to frame it"


def test_orbit_and_escape_returns_to_where_the_visitor_was(offscreen: Any, visit: Explorer) -> None:
    start = visit.rig.position
    visit.select("kettle")
    _fly(visit)
    before = visit.rig.position
    visit.update(0.1, MoveInput(turn=40))
    assert visit.rig.position != pytest.approx(before)
    assert visit.back() is True and not visit.card.visible
    _fly(visit)
    assert visit.rig.mode == "walk"
    assert visit.rig.position == pytest.approx(start, abs=1e-3)


def test_drag_looks_around_instead_of_clicking(visit: Explorer) -> None:
    heading = visit.rig.heading
    visit.pointer_down(0.0, 0.0)
    move = visit.pointer_move(0.3, 0.0)
    assert visit.pointer_up(0.3, 0.0) is None, "a drag is not a click"
    visit.update(0.03, move)
    assert visit.rig.heading != pytest.approx(heading)


def test_clicking_the_floor_glides_there_with_a_marker(offscreen: Any, visit: Explorer) -> None:
    x, y = _screen(offscreen, (-0.3, -1.9, 0.0))
    visit.pointer_down(x, y)
    hit = visit.pointer_up(x, y)
    assert hit is not None and hit.kind == "floor"
    assert not visit.marker.root.isHidden()
    _fly(visit)
    assert visit.rig.mode == "walk" and visit.marker.root.isHidden()
    assert visit.rig.position[:2] == pytest.approx((-0.3, -1.9), abs=0.05)
    assert visit.rig.position[2] == pytest.approx(1.6)


def test_teleport_onto_a_plinth_stops_beside_it(visit: Explorer) -> None:
    visit.teleport(-2.5, 0.6)  # the kettle's plinth
    _fly(visit)
    x, y, _ = visit.rig.position
    for plinth in visit.stage.obstacles():
        assert plinth.push_out(x, y, 0.3) == pytest.approx((x, y)), "ended inside a plinth"


def test_hover_highlights_the_exhibit_under_the_pointer(offscreen: Any, visit: Explorer) -> None:
    x, y = _screen(offscreen, _centre(visit, "speaker"))
    visit.pointer_move(x, y)
    assert visit.hovered == "speaker"
    assert visit.stage.exhibits["speaker"].model.hasColorScale()
    visit.pointer_move(0.0, -0.9)  # the floor
    assert visit.hovered is None
    assert not visit.stage.exhibits["speaker"].model.hasColorScale()


def test_hotspot_marker_opens_its_text(offscreen: Any, visit: Explorer) -> None:
    opened: list[tuple[str, str]] = []
    visit.on_hotspot.append(lambda e, h: opened.append((e, h)))
    visit.select("kettle")
    _fly(visit)
    offscreen.graphicsEngine.renderFrame()
    marker = visit.stage.exhibits["kettle"].hotspots["spout"]
    x, y = _screen(offscreen, tuple(marker.getPos(offscreen.render)))
    visit.click(x, y)
    assert opened == [("kettle", "spout")]


def test_walking_forward_moves_the_camera(visit: Explorer) -> None:
    y0 = visit.rig.position[1]
    for _ in range(30):
        visit.update(1 / 30, MoveInput(forward=1.0))
    assert visit.rig.position[1] - y0 == pytest.approx(1.6, abs=0.1)


def test_floor_points_of_tour_stops_take_the_visitor_to_the_stop_view(
    offscreen: Any, visit: Explorer
) -> None:
    point = visit.stop_points.points[3]  # the reading lamp
    x, y = _screen(offscreen, (point.x + 0.2, point.y, 0.0))
    visit.click(x, y)
    _fly(visit)
    assert visit.rig.position == pytest.approx(point.view.position, abs=0.02)


def test_long_jumps_fade_out_and_in_instead_of_flying(offscreen: Any, visit: Explorer) -> None:
    from app.scene.views import CameraView

    arrived: list[bool] = []
    visit.rig.on_arrival.append(lambda: arrived.append(True))
    far = CameraView((4.0, 4.5, 1.6), (4.5, 5.0, 1.2))
    visit.fly_to_view(far)
    assert visit.rig.mode == "fading" and visit.fader.busy
    visit.update(0.1, MoveInput())
    assert 0 < visit.fader.opacity < 1 and visit.rig.position != pytest.approx(far.position)
    visit.update(0.2, MoveInput())
    assert visit.rig.position == pytest.approx(far.position) and arrived == [True]
    for _ in range(5):
        visit.update(0.1, MoveInput())
    assert not visit.fader.busy and visit.fader.opacity == 0


def test_clicking_the_model_gives_a_hotspot_position_on_its_surface(
    offscreen: Any, visit: Explorer
) -> None:
    visit.select("speaker")
    _fly(visit)
    offscreen.graphicsEngine.renderFrame()
    centre = _centre(visit, "speaker")
    x, y = _screen(offscreen, centre)
    point = visit.model_point("speaker", x, y)
    assert point is not None
    node = visit.stage.exhibits["speaker"]
    lo, hi = node.model.getTightBounds(node.pivot)
    assert lo.z - 1e-3 <= point[2] <= hi.z + 1e-3
    assert abs(point[0]) < 0.2 and abs(point[1]) < 0.2, "on the speaker, near its axis"
    assert visit.floor_point(0.0, -0.9) is not None


def test_the_camera_never_passes_through_the_guide(visit: Explorer) -> None:
    """A glide straight through where the guide stands bends round it, and walking into the
    guide stops short of it."""
    from app.render.camera_rig import GUIDE_CLEARANCE
    from app.scene.views import CameraView

    start = visit.rig.position
    guide = (start[0], start[1] + 1.0)
    visit.rig.avoid = guide
    ahead = CameraView((start[0], start[1] + 2.0, start[2]), (start[0], start[1] + 4.0, 1.2))
    visit.rig.fly_to(ahead)
    nearest = 10.0
    for _ in range(120):
        visit.update(1 / 30, MoveInput())
        x, y, _ = visit.rig.position
        nearest = min(nearest, math.hypot(x - guide[0], y - guide[1]))
    assert nearest >= GUIDE_CLEARANCE - 1e-6
    assert visit.rig.position == pytest.approx(ahead.position, abs=0.02), "and it arrives"
    visit.rig.place(CameraView(start, (start[0], start[1] + 1.0, start[2])))
    for _ in range(60):
        visit.update(1 / 30, MoveInput(forward=1.0))
        x, y, _ = visit.rig.position
        assert math.hypot(x - guide[0], y - guide[1]) >= GUIDE_CLEARANCE - 1e-6
