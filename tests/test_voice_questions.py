"""English voice questions: the scene's language model, the recogniser on synthetic speech,
and the hold-to-talk states (no sound card: recordings stand in for the microphone)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from app.scene import load_scene
from guide.answers import Answerer
from guide.arpabet import arpabet
from guide.listen_sphinx import RATE, SphinxRecogniser, dictionary, resample
from guide.microphone import MicrophoneMissing
from guide.ngram import arpa
from guide.voice_phrases import content, phrases, spoken_words
from guide.voice_questions import (
    Hearing,
    Listening,
    NothingHeard,
    Ready,
    Unavailable,
    VoiceQuestions,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def showroom():  # type: ignore[no-untyped-def]
    return load_scene(REPO / "scenes/showroom.vitrine.yaml").scene


def _model(text: str) -> tuple[dict[tuple[str, ...], float], dict[tuple[str, ...], float]]:
    probs: dict[tuple[str, ...], float] = {}
    backoffs: dict[tuple[str, ...], float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"-?\d+\.\d+", parts[0]):
            gram = tuple(parts[1].split())
            probs[gram] = 10 ** float(parts[0])
            if len(parts) == 3:
                backoffs[gram] = 10 ** float(parts[2])
    return probs, backoffs


def _p(probs, backoffs, history: tuple[str, ...], word: str) -> float:  # type: ignore[no-untyped-def]
    if (*history, word) in probs:
        return probs[(*history, word)]
    if not history:
        return 0.0
    return backoffs.get(history, 1.0) * _p(probs, backoffs, history[1:], word)


def test_the_language_model_is_a_distribution_after_every_history() -> None:
    sentences = [s.split() for s in ["where is the kettle", "where is the lamp",
                                     "what is the kettle made of", "who are you"]]  # fmt: skip
    text = arpa(sentences, background={"hello": 0.5, "kettle": 0.3, "music": 0.2})
    probs, backoffs = _model(text)
    vocabulary = {g[0] for g in probs if len(g) == 1} - {"<s>"}
    assert {"music", "hello", "kettle", "</s>"} <= vocabulary
    for history in [(), ("<s>",), ("is",), ("where", "is"), ("is", "the"), ("the", "kettle"),
                    ("music",), ("who", "are")]:  # fmt: skip
        total = sum(_p(probs, backoffs, history, w) for w in vocabulary)
        assert math.isclose(total, 1.0, abs_tol=1e-3), (history, total)
    # what the scene says is likelier than what it does not
    assert _p(probs, backoffs, ("where", "is"), "the") > _p(probs, backoffs, ("where", "is"), "you")


def test_words_the_dictionary_lacks_get_phones_from_espeak() -> None:
    assert arpabet("tˈɛnmoʊkˌuː") == ["T", "EH", "N", "M", "OW", "K", "UW"]
    assert arpabet("tʃˈɜːtʃ") == ["CH", "ER", "CH"]
    text, missing = dictionary({"tenmoku", "kettle"})
    assert missing == []
    assert re.search(r"^kettle K EH T AH L$", text, re.M)
    assert re.search(r"^tenmoku T EH N M OW K UW$", text, re.M)


def test_what_visitors_may_say_comes_from_the_scene(showroom) -> None:  # type: ignore[no-untyped-def]
    said = {" ".join(s) for s in phrases(showroom)}
    assert "how long does the vacuum run on one charge" in said  # a faq way of asking
    assert "where is the pour over kettle" in said and "where is the kettle" in said
    assert "tell me about the spout" in said  # a hotspot by name
    assert "start the tour" in said and "who are you" in said
    heard = {w for s in content(showroom) for w in s}
    assert {"gooseneck", "coffee"} <= heard
    assert spoken_words("It holds 1.2 L, costs $299") == [
        "it", "holds", "one", "point", "two", "liters", "costs", "two", "hundred",
        "ninety", "nine", "dollars"]  # fmt: skip


def _spoken(text: str, voice: str = "en-us") -> np.ndarray:
    from guide.espeak_native import synthesize

    result = synthesize(text, voice, 1.0)
    return resample(np.frombuffer(bytes(result.samples), np.int16), result.sample_rate)


def test_synthetic_questions_are_heard_and_answered(showroom) -> None:  # type: ignore[no-untyped-def]
    recogniser = SphinxRecogniser(phrases(showroom) + content(showroom))
    answerer = Answerer(showroom)
    heard = recogniser.hear(_spoken("what is the gooseneck for"))
    assert heard.text == "what is the gooseneck for"
    assert answerer.ask(heard.text, "en").source == "exhibits.kettle.hotspots.spout"
    assert recogniser.hear(_spoken("who are you")).text == "who are you"
    assert recogniser.hear(np.zeros(RATE, np.int16)).text == ""


class _Recording:
    """Stands in for the microphone: hands back a prepared recording."""

    def __init__(self, samples: np.ndarray, fails: bool = False) -> None:
        self.samples, self.fails, self.started = samples, fails, False

    def start(self) -> None:
        if self.fails:
            raise MicrophoneMissing("no microphone was found")
        self.started = True

    def stop(self) -> np.ndarray:
        return self.samples


def test_hold_to_talk_goes_from_listening_to_the_words(showroom) -> None:  # type: ignore[no-untyped-def]
    voice = VoiceQuestions(showroom, _Recording(_spoken("who are you")))
    assert voice.offered("en") == Ready()
    assert voice.press("en") == Listening()
    samples = voice.release()
    assert samples is not None and voice.state == Hearing()
    assert voice.finish(samples, "en") == "who are you"
    assert voice.state == Ready()


def test_hold_to_talk_says_why_nothing_was_heard(showroom) -> None:  # type: ignore[no-untyped-def]
    tap = VoiceQuestions(showroom, _Recording(np.full(RATE // 10, 0.3, np.float32)))
    tap.press("en")
    assert tap.release() is None and isinstance(tap.state, NothingHeard)
    quiet = VoiceQuestions(showroom, _Recording(np.zeros(RATE, np.float32)))
    quiet.press("en")
    assert quiet.release() is None and quiet.state == NothingHeard("I couldn't hear anything")
    unplugged = VoiceQuestions(showroom, _Recording(np.zeros(0), fails=True))
    assert unplugged.press("en") == Unavailable("no microphone was found")
    chinese = VoiceQuestions(showroom, _Recording(_spoken("who are you")))
    state = chinese.press("zh")
    assert isinstance(state, Unavailable) and "language" in state.reason
    assert not chinese.recorder.started  # type: ignore[attr-defined]
