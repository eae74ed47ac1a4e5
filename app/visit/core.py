"""The visit core: the one object that owns a visit to an exhibition.

It builds and owns the stage (hall and exhibits), the explorer (camera rig, picking, cards,
fades), the guide's director and figure, the tour runner, the voice channel and, on a kiosk,
the kiosk session. The Qt window, ``vitrine render`` (stills and ``--tour``), the kiosk soak,
the self-test and the tests all drive this same object: commands in (methods), observable
state out (``state`` and the ``on_*`` listeners). It never imports Qt, and reaches Panda3D only
through the ``app.render`` builders.

Frame order of ``step(dt)``, the only one in Vitrine:

1. time: a stepped clock (headless runs) moves on by ``dt``;
2. input: held keys and the pointer become movement; walking off leaves the tour;
3. kiosk: the idle timeout and the attract loop;
4. guide: the director's events for this moment become camera flights, cards, the guide
   walking, gestures, gaze, audio and subtitles;
5. camera: the comfort fade and the rig (flight, orbit or walk), kept clear of the guide;
6. exhibits: models still arriving go on their plinths (a few milliseconds' worth a frame),
   textures move to the mip level the camera's distance needs and the key light's shadow to
   the part of a large hall in front of the visitor, then turntables and hotspot pulses (held
   still while editing and for stills);
7. figure: the guide glides, turns to the visitor, looks at its target, mouth from the
   speech clock (after the camera moved, so it watches where the visitor is now);
8. words and state: the word being spoken; listeners hear of a changed ``VisitState``.

The engine draws after ``step`` returns (the viewport's task manager, or the recorder).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.errors import VitrineError
from app.kiosk.session import KioskSession
from app.meshes import ModelLibrary
from app.render.camera_rig import MoveInput
from app.render.capture import project_to_pixel
from app.render.engine import renderer_name, set_background, window_size
from app.render.explorer import Explorer
from app.render.guide_figure import GuideFigure, spot_beside
from app.render.picking import Pick
from app.render.quality import Quality, choose_tier
from app.render.stage import Stage, build_stage
from app.render.stereo import StereoPreview
from app.render.texture_store import hall_textures
from app.scene import SceneDocument
from app.scene.views import CameraView, entrance_view
from app.visit.audio import AudioOut, SilentAudio
from app.visit.collecting import VisitCollection
from app.visit.ports import InputSource, KioskOptions, PointerTool
from app.visit.preferences import VisitorPreferences
from app.visit.state import Subtitle, VisitState
from app.visit.tour_runner import TourRunner
from guide.answers import Answer, Answerer, language_of
from guide.clock import Clock, FakeClock
from guide.director import Director, Speaker
from guide.events import GuideEvent
from guide.script import answer_line
from guide.states import ON_TOUR, DirectorState

__all__ = ["LONG_PRESS_SECONDS", "InputSource", "KioskOptions", "PointerTool", "VisitCore"]

log = logging.getLogger(__name__)

LONG_PRESS_SECONDS = 3.0
"""How long a press in the view's top-left corner lasts before a kiosk asks for the PIN."""
_CORNER = 0.12  # share of the view, from its top-left corner, for that press
_BACKGROUND = (0.9, 0.9, 0.9, 1.0)
_SETTLE_SECONDS = 1.5  # after the window opens or changes size, pointer motion is not a visitor


class VisitCore:
    """One visit: build it on an engine, call ``step(dt)`` every frame, send it commands."""

    def __init__(
        self,
        engine: Any,
        document: SceneDocument,
        speaker: Speaker,
        *,
        language: str | None = None,
        clock: Clock | None = None,
        audio: AudioOut | None = None,
        input: InputSource | None = None,
        kiosk: KioskOptions | None = None,
        library: ModelLibrary | None = None,
        travel_timeout: float = 6.0,
        prefetch: bool = False,
        stream_models: bool = False,
        quality: str | None = None,
    ) -> None:
        self.engine = engine
        self.document = document
        self.speaker = speaker
        self.clock: Clock = clock if clock is not None else FakeClock()
        self.audio: AudioOut = audio if audio is not None else SilentAudio(self.clock)
        self.input = input
        self.kiosk_options = kiosk
        self.library = library
        self.travel_timeout = travel_timeout
        self.prefetch = prefetch
        self.stream_models = stream_models  # the first hall shows at once, models arriving
        self.quality_choice = quality  # a tier name, or None / "auto": the scene's or the GPU's
        self.collection = VisitCollection(document)  # what this visitor has collected
        self.preferences = VisitorPreferences()
        self.house_volume = 1.0  # the kiosk's (admin's) volume, restored for each visitor
        scene = document.scene
        self.language = language if language in scene.languages else scene.default_language
        self.auto_advance = scene.tour.auto_advance if scene.tour else True
        self.editing = False
        self.hold_exhibits = False  # stills and edit mode keep turntables still
        self.tool: PointerTool | None = None
        self.problems: list[str] = []
        self.on_change: list[Callable[[VisitState], None]] = []
        self.on_select: list[Callable[[str | None], None]] = []
        self.on_hotspot: list[Callable[[str, str], None]] = []
        self.on_guide_event: list[Callable[[GuideEvent], None]] = []
        self.on_problem: list[Callable[[str], None]] = []
        self.on_input: list[Callable[[], None]] = []
        self.on_admin_request: list[Callable[[], None]] = []
        self.on_rebuilt: list[Callable[[SceneDocument], None]] = []
        self.on_close: list[Callable[[], None]] = []
        self.stereo: StereoPreview | None = None
        self.kiosk: KioskSession | None = None
        self._zoom = 1.0
        self._nudge_turn = 0.0
        self._nudge_tilt = 0.0
        self._pressed = False
        self._press_started: float | None = None
        self._last_pointer: tuple[float, float] | None = None
        self._last_size: tuple[int, int] = (0, 0)
        self._settle_until = self.clock.now() + _SETTLE_SECONDS  # window opening, resizing
        set_background(engine, _BACKGROUND)
        self._build(stream=stream_models)
        if self.kiosk is not None:  # the kiosk speaks the language it was opened in
            self.kiosk.default_language = self.kiosk.language = self.language
        self._state = self._snapshot()
        if input is not None:
            input.bind("mouse1", self._mouse_down)
            input.bind("mouse1-up", self._mouse_up)
            input.bind("wheel_up", lambda: self.zoom(0.9))
            input.bind("wheel_down", lambda: self.zoom(1.1))

    # ----- building ----------------------------------------------------------------------
    def _build(self, stream: bool = False) -> None:
        document, scene, engine = self.document, self.document.scene, self.engine
        self.quality: Quality = choose_tier(
            _renderer(engine), self.quality_choice, scene.hall.quality
        )
        self.stage: Stage = build_stage(
            scene,
            document.base_dir,
            engine.render,
            self.language,
            quality=self.quality,
            library=self.library,
            stream=stream,
            textures=hall_textures(engine),
        )
        self._reported = 0
        if self.stage.shadow is not None:
            self.stage.shadow.lod_from(engine.cam)
        self.explorer = Explorer(
            engine.cam,
            engine.camLens,
            engine.camNode,
            self.stage,
            engine.win,
            self.language,
            overlay=engine.render2d,
        )
        self.explorer.on_select.append(self._selected)
        self.explorer.rig.reduced_motion = self.preferences.reduced_motion
        self.explorer.on_hotspot.append(self._hotspot)
        self._answerer: tuple[object, Answerer] | None = None  # (the scene it knows, it)
        self.director = Director(
            scene, self.speaker, self.clock, self.language, travel_timeout=self.travel_timeout
        )
        self.director.auto_advance = self.auto_advance
        self.director.pace = self.preferences.pace
        if self.prefetch:
            self.director.prefetch()
        self.figure: GuideFigure | None = self.stage.guide_figure(engine.cam)
        self.runner = TourRunner(self.director, self.explorer, self.audio, self.figure)
        options = self.kiosk_options
        if options is not None:
            if options.analytics is not None:
                options.analytics.end_session()
            self.kiosk = KioskSession(
                self.director,
                self.clock,
                options.idle_timeout,
                self.reset_for_next_visitor,
                options.analytics,
                attract_gap=options.attract_gap,
                speak_in=self._kiosk_language,
            )
        self._report_stage_problems()

    def _report_stage_problems(self) -> None:
        for problem in self.stage.problems[self._reported :]:
            self.report(problem)
        self._reported = len(self.stage.problems)

    def _teardown(self) -> None:
        if self.figure is not None:
            self.figure.destroy()
        self.explorer.destroy()
        self.stage.destroy()

    def set_quality(self, choice: str | None) -> None:
        """Draw with another tier (``auto`` or None: the scene's, else the renderer's);
        the hall is built again when that changes the tier."""
        self.quality_choice = choice
        tier = choose_tier(_renderer(self.engine), choice, self.document.scene.hall.quality)
        if tier != self.quality:
            self.rebuild()

    def rebuild(self, document: SceneDocument | None = None) -> None:
        """Build the hall again from ``document`` (or the same one, edited), keeping the
        visitor's camera where it is."""
        view = self.explorer.rig.current_view()
        selected = self.explorer.selected
        self.audio.stop()
        self._teardown()
        if document is not None:
            self.document = document
            self.collection.document = document
        if self.language not in self.document.scene.languages:
            self.language = self.document.scene.default_language
        self.problems = []
        self._build()
        self.explorer.rig.place(view)
        if selected is not None and selected in self.stage.exhibits and self.editing:
            self.explorer.select(selected, fly=False)
        self._publish()
        for listener in self.on_rebuilt:
            listener(self.document)

    def reload(self) -> VitrineError | None:
        """Read the scene file again and rebuild the hall, the visitor staying where they
        are; a file that no longer loads keeps the last good hall and is returned."""
        from app.scene import load_scene

        try:
            document = load_scene(self.document.path)
        except VitrineError as exc:
            log.error("reload failed: %s", exc)
            return exc
        self.rebuild(document)
        return None

    def close(self) -> None:
        """The visit is over: take it out of the scene graph, close what it was given to own
        (the speech engine, the analytics file)."""
        self.destroy()
        options = self.kiosk_options
        if options is not None and options.analytics is not None:
            options.analytics.close()
        for closer in self.on_close:
            closer()
        self.on_close.clear()

    def destroy(self) -> None:
        """Take everything out of the scene graph (the engine stays open)."""
        if self.stereo is not None:
            self.stereo.disable()
        self.audio.stop()
        self._teardown()
        if self.kiosk_options is not None and self.kiosk_options.analytics is not None:
            self.kiosk_options.analytics.end_session()

    # ----- the frame ---------------------------------------------------------------------
    def step(self, dt: float) -> None:
        """Advance the visit by ``dt`` seconds, in the frame order of this module's docstring."""
        if isinstance(self.clock, FakeClock) and dt > 0:
            self.clock.advance(dt)
        move = self._read_input(dt)
        if self.kiosk is not None:
            self.kiosk.update()
        for event in self.director.update():
            self.runner.handle(event)
            if self.kiosk is not None:
                self.kiosk.guide_event(event)
            for listener in self.on_guide_event:
                listener(event)
        if self.figure is not None:  # the camera keeps clear of the guide
            spot = self.figure.root.getPos(self.figure.stage_root)
            self.explorer.rig.avoid = (spot.x, spot.y)
        self.explorer.update(dt, move)
        if self.stage.loading is not None:
            self.stage.receive()
        if self._reported < len(self.stage.problems):
            self._report_stage_problems()
        rig = self.explorer.rig
        self.stage.follow_camera(rig.position, rig.heading, dt)
        if not (self.hold_exhibits or self.editing):
            self.stage.update(dt)
        if self.figure is not None:
            self.figure.update(dt, self.director.speaking, self.runner.speech_time())
        self.runner.follow_words()
        self._publish()

    def _read_input(self, dt: float) -> MoveInput:
        move = MoveInput()
        if self.input is not None:
            move = self.input.movement(dt)
            pointer = self.input.pointer()
            tool = self.tool if self.editing else None
            if pointer is not None and tool is not None and tool.dragging:
                tool.pointer_move(*pointer)
            elif pointer is not None:
                self.pointer_move(*pointer)
            # a pointer that first appears over the view, or that the window moved under it
            # (opening, going full screen), is nobody; a pointer that moves is somebody
            now = self.clock.now()
            size = window_size(self.engine)  # the pointer follows a new size frames later
            if size != self._last_size:
                self._settle_until = max(self._settle_until, now + _SETTLE_SECONDS)
            moved = (
                pointer is not None
                and self._last_pointer not in (None, pointer)
                and now >= self._settle_until
            )
            if move.forward or move.strafe or moved:
                self._input_seen()
            self._last_pointer, self._last_size = pointer, size
            self._watch_long_press(pointer)
        move.zoom, self._zoom = self._zoom, 1.0
        move.turn += self._nudge_turn
        move.tilt += self._nudge_tilt
        self._nudge_turn = self._nudge_tilt = 0.0
        if move.forward or move.strafe:
            self.director.visitor_input()
            if self.director.state in ON_TOUR:
                self.director.leave_tour()  # walking off: the guide waits; Play rejoins
        return move

    def _watch_long_press(self, pointer: tuple[float, float] | None) -> None:
        """On a kiosk, a long press in the view's top-left corner asks for the admin PIN."""
        if self.kiosk is None:
            return
        in_corner = (
            pointer is not None and pointer[0] < -1 + 2 * _CORNER and pointer[1] > 1 - 2 * _CORNER
        )
        if not (self._pressed and in_corner):
            self._press_started = None
            return
        now = self.clock.now()
        if self._press_started is None:
            self._press_started = now
        elif now - self._press_started >= LONG_PRESS_SECONDS:
            self._press_started = None
            for listener in self.on_admin_request:
                listener()

    # ----- observable state --------------------------------------------------------------
    @property
    def state(self) -> VisitState:
        """The visit as of the last step (or command)."""
        return self._state

    @property
    def subtitle(self) -> Subtitle:
        return self.runner.subtitle

    def _snapshot(self) -> VisitState:
        director, rig = self.director, self.explorer.rig
        tour = self.document.scene.tour
        return VisitState(
            language=self.language,
            director=director.state,
            paused=director.paused,
            stop=director.stop,
            stop_count=len(tour.stops) if tour else 0,
            camera=rig.mode,
            position=rig.position,
            heading=rig.heading,
            selected=self.explorer.selected,
            subtitle=self.runner.subtitle,
            muted=self.audio.muted,
            volume=self.audio.volume,
            auto_advance=self.auto_advance,
            stereo=self.stereo is not None and self.stereo.enabled,
            editing=self.editing,
            kiosk=self.kiosk.mode if self.kiosk is not None else None,
            problems=tuple(self.problems),
            loading=self.stage.loading,
            preferences=self.preferences,
        )

    def _publish(self) -> None:
        state = self._snapshot()
        if state != self._state:
            self._state = state
            for listener in self.on_change:
                listener(state)

    def report(self, problem: str) -> None:
        """A problem the visitor's host should see (a model that failed, a missing voice)."""
        log.info("problem: %s", problem)  # the window and the CLI show it to the person
        self.problems.append(problem)
        for listener in self.on_problem:
            listener(problem)

    # ----- the visitor's input -----------------------------------------------------------
    def bind_key(self, key: str, command: Callable[[], None]) -> None:
        """Run ``command`` when ``key`` is pressed in the 3D view (Panda3D's key names)."""
        if self.input is not None:

            def pressed() -> None:
                self._input_seen()
                command()

            self.input.bind(key, pressed)

    def visitor_input(self) -> None:
        """Someone touched the screen or pressed a key (anywhere in the app)."""
        self._input_seen()
        self._publish()

    def _input_seen(self) -> None:
        if self.kiosk is not None:
            self.kiosk.visitor_input()
        for listener in self.on_input:
            listener()

    def _mouse_down(self) -> None:
        self._pressed = True
        pointer = self.input.pointer() if self.input is not None else None
        if pointer is not None:
            self.pointer_down(*pointer)

    def _mouse_up(self) -> None:
        self._pressed = False
        pointer = self.input.pointer() if self.input is not None else None
        if pointer is not None:
            self.pointer_up(*pointer)

    def pointer_down(self, x: float, y: float) -> None:
        """A press at (x, y) in -1..1 view units."""
        self.director.visitor_input()
        self._input_seen()
        if self.editing and self.tool is not None:
            self.tool.pointer_down(x, y)
            if self.tool.dragging is None:
                self.explorer.pointer_down(x, y)  # a drag on empty floor looks around
        else:
            self.explorer.pointer_down(x, y)
        self._publish()

    def pointer_move(self, x: float, y: float) -> None:
        """The pointer is at (x, y): hover highlight, and a drag looks around at the next step
        (``step`` reads the view's pointer itself; headless callers call this)."""
        drag = self.explorer.pointer_move(x, y)
        self._nudge_turn += drag.turn
        self._nudge_tilt += drag.tilt

    def pointer_up(self, x: float, y: float) -> Pick | None:
        """A release: a click opens an exhibit or hotspot, or walks to the floor point."""
        if self.editing and self.tool is not None:
            if self.tool.dragging is not None:
                self.tool.pointer_up(x, y)
            else:
                self.explorer.end_drag()  # looking around, never clicking, while editing
            return None
        hit = self.explorer.pointer_up(x, y)
        if hit is not None and hit.kind == "exhibit" and hit.exhibit:
            self.director.exhibit_clicked(hit.exhibit)
        elif hit is not None and hit.kind == "floor" and self.director.state in ON_TOUR:
            self.director.leave_tour()  # walking off: the guide waits
        self._publish()
        return hit

    def zoom(self, factor: float) -> None:
        """Closer (< 1) or further (> 1) in inspect mode, at the next step."""
        self._zoom *= factor

    def nudge(self, turn: float = 0.0, zoom: float = 1.0) -> None:
        """On-screen buttons: turn the view (degrees) or zoom an inspected exhibit."""
        self._nudge_turn += turn
        self._zoom *= zoom

    # ----- tour commands -----------------------------------------------------------------
    def play_pause(self) -> None:
        """Start, rejoin, pause or resume the tour, whichever fits now."""
        director = self.director
        if director.state in (DirectorState.IDLE, DirectorState.FINISHED, DirectorState.ATTRACT):
            director.start_tour()
        elif director.state == DirectorState.FREE:
            director.rejoin()
        elif director.paused:
            director.resume()
        else:
            director.pause()
        self._publish()

    def start_tour(self) -> None:
        self.director.start_tour()
        self._publish()

    def next_stop(self) -> None:
        self.director.next()
        self._publish()

    def previous_stop(self) -> None:
        self.director.previous()
        self._publish()

    def go_to_stop(self, index: int) -> None:
        """Tour stop ``index`` (0-based)."""
        self.director.goto(index)
        self._publish()

    def replay(self) -> None:
        self.director.replay()
        self._publish()

    def leave_tour(self) -> None:
        self.director.leave_tour()
        self._publish()

    def set_auto_advance(self, on: bool) -> None:
        self.auto_advance = on
        self.director.auto_advance = on
        self._publish()

    # ----- questions ---------------------------------------------------------------------
    @property
    def answerer(self) -> Answerer:
        """The search over this scene's content (made on the first question, again after a
        reload)."""
        scene = self.document.scene
        if self._answerer is None or self._answerer[0] is not scene:
            self._answerer = (scene, Answerer(scene))
        return self._answerer[1]

    def in_view(self) -> str | None:
        """The exhibit a question's "it" means: the one whose card is open, else the tour's
        current stop's."""
        if self.explorer.selected is not None:
            return self.explorer.selected
        tour = self.document.scene.tour
        if tour is not None and self.director.stop is not None:
            return tour.stops[self.director.stop].exhibit
        return None

    def ask(self, question: str) -> Answer:
        """A visitor's question (typed, tapped or spoken; in the scene's other language, the
        visit switches to it): the guide stops talking, turns to the visitor and answers,
        looking at (or, for "where is", walking to) what the answer is about; on the tour it
        then waits at its stop. The question is recorded for the kiosk's analytics (its text
        only)."""
        asked_in = language_of(question, self.document.scene.languages)
        if asked_in.lower().startswith("zh") != self.language.lower().startswith("zh"):
            self.set_language(asked_in)  # asked in the other language: answered in it
        answer = self.answerer.ask(question, self.language, self.in_view())
        if self.kiosk is not None:
            self.kiosk.question_asked(question, answer.intent != "unknown")
        if answer.intent == "start_tour":
            if self.director.state == DirectorState.FREE and self.director.stop is not None:
                self.director.rejoin()  # back to the tour where the visitor left it
            else:
                self.director.start_tour()
            self._publish()
            return answer
        if answer.intent == "stop_tour":
            self.director.leave_tour()
        if answer.intent == "where" and answer.exhibit is not None:
            self._lead_to(answer.exhibit)
        if self.figure is not None:
            self.figure.look_at("visitor")
        gesture = answer.gesture or ("present" if answer.exhibit else "none")
        if answer.intent == "where":
            gesture = "point"
        look = f"{answer.exhibit}#{answer.hotspot}" if answer.hotspot else answer.exhibit
        line = answer_line(answer.text, self.language, gesture, look)
        self.director.answer(line, off_tour=answer.intent in ("where", "stop_tour"))
        self._publish()
        return answer

    def _lead_to(self, exhibit_id: str) -> None:
        """ "Where is X?": off the tour, the camera glides to the exhibit and the guide walks
        beside it."""
        from app.scene.views import exhibit_view

        if self.director.state in ON_TOUR:
            self.director.leave_tour()
        scene = self.document.scene
        exhibit = scene.exhibit(exhibit_id)
        height = self.stage.model_heights.get(exhibit_id, 0.4)
        view = exhibit_view(scene, exhibit, height, shift_left=0.35)
        self.explorer.fly_to_view(view)
        if self.figure is not None:
            self.figure.walk_to(*spot_beside(scene, view, self.stage.centre_of(exhibit_id)))

    # ----- the hall ----------------------------------------------------------------------
    def inspect(self, exhibit_id: str) -> None:
        """Fly in to an exhibit, open its card, and let the guide tell more about it."""
        self.explorer.select(exhibit_id)
        self.director.exhibit_clicked(exhibit_id)
        self._publish()

    def select(self, exhibit_id: str | None) -> None:
        """Open (or, with None, close) an exhibit's card without flying there."""
        self.explorer.select(exhibit_id, fly=False)
        self._publish()

    def back(self) -> bool:
        """Esc: leave inspect mode or close the card; False if there was nothing to leave."""
        left = self.explorer.back()
        self._publish()
        return left

    def entrance(self) -> None:
        """Back to the entrance, off the tour."""
        self.director.leave_tour()
        self.explorer.select(None, fly=False)
        self.explorer.fly_to_view(entrance_view(self.document.scene))
        self._publish()

    def walk_to(self, x: float, y: float) -> None:
        """Glide to a floor point (kept clear of plinths); on the tour, that leaves it."""
        if self.director.state in ON_TOUR:
            self.director.leave_tour()
        self.explorer.teleport(x, y)
        self._publish()

    def show_view(self, view: CameraView) -> None:
        """Put the camera at ``view`` at once (stills, live reload)."""
        self.explorer.rig.place(view)
        self._publish()

    def current_view(self) -> CameraView:
        return self.explorer.rig.current_view()

    def place_guide_beside(self, exhibit_id: str) -> None:
        """Stand the guide beside an exhibit as seen from the current view (stills)."""
        if self.figure is not None:
            target = self.stage.centre_of(exhibit_id)
            self.figure.place(*spot_beside(self.document.scene, self.current_view(), target))

    def product_shot(self, exhibit_id: str, size: tuple[int, int] = (1280, 960)) -> Any:
        """The exhibit's close-up as an (h, w, 3) image, drawn offscreen without the guide
        or hotspot markers (None where no buffer can be made)."""
        from app.render.product_shot import product_shot
        from app.scene.views import close_view

        scene = self.document.scene
        box = self.stage.model_boxes.get(exhibit_id)
        if box is None:
            return None
        view = close_view(scene, scene.exhibit(exhibit_id), box, size[0] / size[1])
        hidden = list(self.stage.exhibits[exhibit_id].hotspots.values())
        if self.figure is not None:
            hidden.append(self.figure.root)
        return product_shot(self.engine, view, hidden, size)

    def guide_position(self) -> tuple[float, float] | None:
        """Where the guide stands on the floor (None without a guide)."""
        if self.figure is None:
            return None
        root = self.figure.root
        return float(root.getX()), float(root.getY())

    def reset_for_next_visitor(self) -> None:
        """A fresh start: entrance view, no card, nothing selected, nothing collected, the
        visitor's settings back to the defaults."""
        self.collection.clear()
        self.explorer.select(None, fly=False)
        self.explorer.card.hide()
        self.explorer.rig.place(entrance_view(self.document.scene))
        self.set_preferences(VisitorPreferences())

    # ----- language, voice, view options -------------------------------------------------
    def set_language(self, language: str) -> None:
        """Speak and label in ``language`` (one of the scene's)."""
        if language == self.language:
            return
        if language not in self.document.scene.languages:
            raise ValueError(f"the scene has no language '{language}'")
        self.language = language
        if self.kiosk is not None:
            self.kiosk.language_chosen(language)
        self.director.set_language(language)
        self.stage.set_language(language)
        self._publish()

    def _kiosk_language(self, language: str) -> None:
        """A kiosk session changes language (a new visitor's, or the default when it goes
        idle): speech, labels and the window follow, and it is not taken as the visitor's
        choice."""
        self.director.set_language(language)
        if language != self.language:
            self.language = language
            self.stage.set_language(language)
            self._publish()

    def toggle_language(self) -> None:
        languages = self.document.scene.languages
        self.set_language(languages[(languages.index(self.language) + 1) % len(languages)])

    def set_muted(self, muted: bool) -> None:
        self.audio.set_muted(muted)
        self._publish()

    def set_volume(self, volume: float) -> None:
        """The kiosk's (admin's) volume, 0 silent .. 1 full; each visitor starts from it."""
        if not math.isfinite(volume):
            raise ValueError("volume must be a number")
        self.house_volume = min(1.0, max(0.0, volume))
        self.audio.volume = self.house_volume
        self.preferences = replace(self.preferences, volume=None)
        self._publish()

    def set_preferences(self, preferences: VisitorPreferences) -> None:
        """The visitor's own settings: speech pace (from the next line), volume, captions,
        high contrast, reduced motion (cuts instead of camera glides)."""
        self.preferences = preferences
        self.director.pace = preferences.pace
        self.audio.volume = self.house_volume if preferences.volume is None else preferences.volume
        self.explorer.rig.reduced_motion = preferences.reduced_motion
        self._publish()

    def toggle_stereo(self) -> bool:
        """The side-by-side stereo preview on or off; returns whether it is on."""
        if self.stereo is None:
            self.stereo = StereoPreview(self.engine)
        on = self.stereo.toggle()
        self._publish()
        return on

    # ----- editing -----------------------------------------------------------------------
    def set_editing(self, active: bool, tool: PointerTool | None = None) -> None:
        """Edit mode: the pointer goes to ``tool``; the guide leaves the tour and waits."""
        self.editing = active
        self.tool = tool if active else None
        if active:
            self.director.leave_tour()
        self._publish()

    def pick(self, x: float, y: float) -> Pick | None:
        """What is under the view point (x, y) in -1..1: an exhibit, a hotspot or the floor."""
        return self.explorer.picker.pick(self.explorer.lens_node, x, y)

    def floor_point(self, x: float, y: float) -> tuple[float, float] | None:
        return self.explorer.floor_point(x, y)

    def model_point(self, exhibit_id: str, x: float, y: float) -> tuple[float, float, float] | None:
        return self.explorer.model_point(exhibit_id, x, y)

    def preview_exhibit_at(self, exhibit_id: str, x: float, y: float) -> None:
        """Show an exhibit at a floor point while it is dragged (the scene is unchanged)."""
        self.stage.exhibits[exhibit_id].root.setPos(x, y, 0)

    def exhibit_floor_position(self, exhibit_id: str) -> tuple[float, float]:
        """Where the exhibit stands in the hall now (as dragged)."""
        root = self.stage.exhibits[exhibit_id].root
        return float(root.getX()), float(root.getY())

    def exhibit_height(self, exhibit_id: str) -> float:
        """The exhibit model's height in metres, as shown."""
        return self.stage.exhibits[exhibit_id].height

    # ----- where things are on screen ----------------------------------------------------
    def exhibit_centre(self, exhibit_id: str) -> tuple[float, float, float]:
        return self.stage.centre_of(exhibit_id)

    def to_pixel(self, point: tuple[float, float, float]) -> tuple[int, int] | None:
        """The pixel of the view where a hall point shows (None when behind the camera)."""
        return project_to_pixel(self.engine, point)

    # ----- internals ---------------------------------------------------------------------
    def _selected(self, exhibit_id: str | None) -> None:
        self.stage.light_for_inspection(exhibit_id)
        if self.kiosk is not None:
            self.kiosk.exhibit_opened(exhibit_id)
        for listener in self.on_select:
            listener(exhibit_id)

    def _hotspot(self, exhibit_id: str, hotspot_id: str) -> None:
        for listener in self.on_hotspot:
            listener(exhibit_id, hotspot_id)


def _renderer(engine: Any) -> str:
    """The OpenGL renderer's name ("" without a window)."""
    return renderer_name(engine) if getattr(engine, "win", None) is not None else ""
