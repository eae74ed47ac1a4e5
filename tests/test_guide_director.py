"""The director runs the guide with a fake clock: a whole tour, and every visitor control."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.scene import load_scene
from guide.clock import FakeClock
from guide.director import Director
from guide.events import (
    Emphasis,
    Gesture,
    LanguageChanged,
    LookAt,
    MoveTo,
    PauseSpeaking,
    ResumeSpeaking,
    Speak,
    StateChanged,
    StopSpeaking,
)
from guide.speech import SilentBackend, SpeechRequest, Utterance
from guide.states import DirectorState


class EstimatingSpeaker:
    """Speech without audio: fixed, predictable durations (one second a line)."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def speak(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> Utterance:
        self.said.append((language, text))
        utterance = SilentBackend().estimate(SpeechRequest(text, language, "x", rate, volume))
        utterance.duration_ms = 1000
        return utterance


@pytest.fixture
def showroom(repo_root: Path):
    return load_scene(repo_root / "scenes/showroom.vitrine.yaml").scene


def _run(
    director: Director,
    clock: FakeClock,
    seconds: float,
    step: float = 0.1,
    arrive_after: float | None = 0.5,
) -> list:
    events, travelling_since = [], None
    for _ in range(int(seconds / step)):
        clock.advance(step)
        events += [(round(clock.now(), 2), e) for e in director.update()]
        if director.state == "travelling":
            travelling_since = travelling_since if travelling_since is not None else clock.now()
            if arrive_after is not None and clock.now() - travelling_since >= arrive_after - 1e-6:
                director.arrived()
                travelling_since = None
    return events


def test_whole_tour_in_order_narration_after_arrival(showroom) -> None:
    clock, speaker = FakeClock(), EstimatingSpeaker()
    director = Director(showroom, speaker, clock)
    director.start_tour()
    events = [(0.0, e) for e in director.update()] + _run(director, clock, 60)
    moves = [e.stop for _, e in events if isinstance(e, MoveTo)]
    assert moves == [0, 1, 2, 3, 4]
    spoken = [e.line_key for _, e in events if isinstance(e, Speak)]
    assert spoken == ["greeting", "stop:1", "stop:2", "stop:3", "stop:4", "stop:5", "farewell"]
    # each stop's narration starts only after arrival (0.5 s after the move)
    for stop in range(5):
        moved = next(t for t, e in events if isinstance(e, MoveTo) and e.stop == stop)
        said = next(
            t for t, e in events if isinstance(e, Speak) and e.line_key == f"stop:{stop + 1}"
        )
        assert said - moved == pytest.approx(0.5, abs=0.11)
    # next stop = narration (1 s) + the stop's pause (2 s, 1.5 s at the lamp)
    said_lamp = next(t for t, e in events if isinstance(e, Speak) and e.line_key == "stop:4")
    moved_on = next(t for t, e in events if isinstance(e, MoveTo) and e.stop == 4)
    assert moved_on - said_lamp == pytest.approx(2.5, abs=0.11)
    assert director.state == "finished"
    assert [e.target for _, e in events if isinstance(e, LookAt)][:3] == [
        "visitor",
        "kettle",
        "speaker",
    ]
    assert speaker.said[1] == ("en", showroom.tour.stops[0].say["en"])


def test_travel_times_out_if_the_renderer_never_confirms(showroom) -> None:
    clock = FakeClock()
    director = Director(showroom, EstimatingSpeaker(), clock, travel_timeout=3)
    director.goto(2)
    events = _run(director, clock, 3.5, arrive_after=None)
    assert [e.line_key for _, e in events if isinstance(e, Speak)] == ["stop:3"]


def test_pause_freezes_time_and_resume_continues(showroom) -> None:
    clock = FakeClock()
    director = Director(showroom, EstimatingSpeaker(), clock)
    director.goto(0)
    director.arrived()
    director.update()
    clock.advance(0.4)
    director.pause()
    assert isinstance(director.update()[-1], PauseSpeaking)
    clock.advance(30)
    assert director.update() == [] and director.state == "narrating"
    assert director.speech_time() == pytest.approx(0.4)
    director.resume()
    assert isinstance(director.update()[0], ResumeSpeaking)
    events = _run(director, clock, 0.5)
    assert director.state == "narrating" and not any(isinstance(e, StateChanged) for _, e in events)
    events = _run(director, clock, 0.3)
    assert director.state == "waiting"


def test_next_previous_goto_and_replay(showroom) -> None:
    clock = FakeClock()
    director = Director(showroom, EstimatingSpeaker(), clock)
    director.goto(1)
    director.arrived()
    director.update()
    clock.advance(0.5)
    director.next()
    events = director.update()
    assert isinstance(events[0], StopSpeaking) and MoveTo(2, "display") in events
    director.previous()
    assert MoveTo(1, "speaker") in director.update()
    director.arrived()
    director.update()
    clock.advance(0.7)
    director.replay()
    events = director.update()
    assert isinstance(events[0], StopSpeaking)
    assert [e.line_key for e in events if isinstance(e, Speak)] == ["stop:2"]
    assert director.speech_time() == 0
    director.next(), director.next(), director.next()
    director.next()  # past the last stop: farewell
    assert [e.line_key for e in director.update() if isinstance(e, Speak)] == ["farewell"]
    with pytest.raises(IndexError):
        director.goto(9)


def test_language_switch_mid_line_restarts_it_in_the_new_language(showroom) -> None:
    clock, speaker = FakeClock(), EstimatingSpeaker()
    director = Director(showroom, speaker, clock)
    director.goto(0)
    director.arrived()
    director.update()
    clock.advance(0.5)
    director.set_language("zh")
    events = director.update()
    assert LanguageChanged("zh") in events and StopSpeaking() in events
    assert speaker.said[-1] == ("zh", showroom.tour.stops[0].say["zh"])
    assert director.state == "narrating"
    _run(director, clock, 1.2)
    assert director.state == "waiting"


def test_clicking_an_exhibit_answers_then_the_tour_goes_on(showroom) -> None:
    clock, speaker = FakeClock(), EstimatingSpeaker()
    director = Director(showroom, speaker, clock)
    director.goto(0)
    director.arrived()
    director.update()
    director.exhibit_clicked("lamp")
    events = director.update()
    assert director.state == "answering" and LookAt("lamp") in events
    assert speaker.said[-1][1] == showroom.exhibit("lamp").info.text["en"]
    events = _run(director, clock, 4)
    assert [e.stop for _, e in events if isinstance(e, MoveTo)] == [1]


def test_leave_and_rejoin_the_tour(showroom) -> None:
    clock = FakeClock()
    director = Director(showroom, EstimatingSpeaker(), clock)
    director.goto(2)
    director.arrived()
    director.update()
    director.leave_tour()
    assert director.state == DirectorState.FREE
    assert director.update() == [StopSpeaking(), StateChanged(DirectorState.FREE)]
    assert _run(director, clock, 20) == [], "the guide waits silently while the visitor roams"
    assert director.state == DirectorState.FREE
    director.rejoin()
    assert MoveTo(2, "display") in director.update()


def test_idle_timeout_starts_attract_loop_and_input_ends_it(showroom, exhibition: Path) -> None:
    exhibition.write_text(
        exhibition.read_text(encoding="utf-8")
        + (
            "guide:\n  name: {en: Mia, zh: 小美}\n  idle:\n"
            "    - {en: Come and see!, zh: 快来看看！}\n    - {en: Hello there!, zh: 你好！}\n"
        ),
        encoding="utf-8",
    )
    scene = load_scene(exhibition).scene
    clock = FakeClock()
    director = Director(scene, EstimatingSpeaker(), clock, idle_timeout=30, attract_gap=5)
    events = _run(director, clock, 29.5)
    assert director.state == "idle" and events == []
    events = _run(director, clock, 11)
    said = [(t, e.line_key) for t, e in events if isinstance(e, Speak)]
    assert [key for _, key in said] == ["idle:1", "idle:2"]
    assert said[0][0] == pytest.approx(30, abs=0.11)
    assert said[1][0] - said[0][0] == pytest.approx(6, abs=0.11)  # line 1 s + gap 5 s
    director.visitor_input()
    assert director.state == "idle"
    assert StateChanged("idle") in director.update()
    assert _run(director, clock, 20) == []  # the idle timer starts again from the input


def test_cues_fire_when_their_word_is_spoken(exhibition: Path) -> None:
    exhibition.write_text(
        exhibition.read_text(encoding="utf-8")
        + (
            "tour:\n  stops:\n    - exhibit: cube\n      gesture: none\n"
            "      say: {en: 'One two [wave] three *four* five.', zh: 一二三四五。}\n"
        ),
        encoding="utf-8",
    )
    scene = load_scene(exhibition).scene
    clock = FakeClock()
    director = Director(scene, _RealTimings(), clock)
    director.goto(0)
    director.arrived()
    director.update()
    events = _run(director, clock, 3)
    wave = next(t for t, e in events if isinstance(e, Gesture))
    stress = next(t for t, e in events if isinstance(e, Emphasis))
    assert wave == pytest.approx(0.4, abs=0.11)  # "three", the third word, starts at 400 ms
    assert stress == pytest.approx(0.6, abs=0.11)
    assert Emphasis("four") in [e for _, e in events]


class _RealTimings:
    """Word i starts at 200 ms * i."""

    def speak(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> Utterance:
        from guide.speech import split_words
        from guide.visemes import VisemeKey, WordTiming

        words = [
            WordTiming(w, 200 * i, 200 * i + 180, c) for i, (w, c) in enumerate(split_words(text))
        ]
        return Utterance(
            SpeechRequest(text, language, "x"),
            None,
            200 * len(words),
            [VisemeKey(0, "sil")],
            words,
            "test",
        )


def test_arriving_while_paused_waits_for_resume(showroom) -> None:
    clock = FakeClock()
    director = Director(showroom, EstimatingSpeaker(), clock)
    director.goto(1)
    director.update()
    director.pause()
    director.arrived()
    assert not any(isinstance(e, Speak) for e in director.update())
    clock.advance(5)
    director.resume()
    assert [e.line_key for e in director.update() if isinstance(e, Speak)] == ["stop:2"]


def test_a_question_lets_the_guide_finish_its_word_then_it_answers(showroom) -> None:
    from guide.script import answer_line

    clock, speaker = FakeClock(), EstimatingSpeaker()
    director = Director(showroom, speaker, clock)
    director.goto(0)
    director.arrived()
    director.update()
    utterance = director.speaking
    assert utterance is not None and len(utterance.words) > 3
    word = utterance.words[2]
    clock.advance((word.start_ms + word.end_ms) / 2000)  # in the middle of the third word
    director.update()
    director.answer(answer_line("It holds nine hundred millilitres.", "en"))
    assert not any(isinstance(e, StopSpeaking) for e in director.update()), "not mid-word"
    assert director.speaking is utterance
    clock.advance((word.end_ms - word.start_ms) / 2000 + 0.01)
    events = director.update()
    assert StopSpeaking() in events and director.state == DirectorState.ANSWERING
    assert speaker.said[-1][1] == "It holds nine hundred millilitres."
    assert director.speaking is not None and director.speaking is not utterance
