"""Ask the guide: answers found in the exhibition's own content (pure Python, no engine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.scene import load_scene
from app.scene.model import Scene
from guide.answers import Answerer, language_of
from guide.faq_lint import faq_warnings


@pytest.fixture(scope="module")
def showroom(repo_root: Path) -> Answerer:
    return Answerer(load_scene(repo_root / "scenes" / "showroom.vitrine.yaml").scene)


@pytest.fixture(scope="module")
def heritage(repo_root: Path) -> Answerer:
    return Answerer(load_scene(repo_root / "scenes" / "heritage.vitrine.yaml").scene)


def test_a_question_worded_differently_finds_its_faq_entry(showroom: Answerer) -> None:
    answer = showroom.ask("how long does the vacuum run on one charge?", "en")
    assert answer.source == "exhibits.vacuum.faq[0]" and answer.exhibit == "vacuum"
    assert "two and a half hours" in answer.text
    chinese = showroom.ask("这个灯能调光吗？", "zh", in_view="lamp")
    assert chinese.source == "exhibits.lamp.faq[0]" and "旋钮" in chinese.text


def test_it_and_this_one_mean_the_exhibit_in_view(showroom: Answerer) -> None:
    answer = showroom.ask("is it wireless?", "en", in_view="headphones")
    assert answer.source == "exhibits.headphones.faq[1]"
    other = showroom.ask("does it support bluetooth", "en", in_view="speaker")
    assert other.source == "exhibits.speaker.faq[1]"


def test_a_named_exhibit_is_answered_about_that_exhibit_and_not_another(
    showroom: Answerer,
) -> None:
    made = showroom.ask("what is the kettle made of", "en")
    assert made.source == "exhibits.kettle.info" and "steel" in made.text


def test_chinese_words_are_cut_by_the_dictionary_not_guessed(heritage: Answerer) -> None:
    # jieba's guessing glued 它 to 产自 ("它产自"), a word no text has
    origin = heritage.ask("它产自什么地方", "zh", in_view="teabowl")
    assert origin.source == "exhibits.teabowl.faq[0]"


def test_an_entry_can_say_where_to_look(heritage: Answerer) -> None:
    answer = heritage.ask("What are the two handles on top for?", "en")
    assert (answer.exhibit, answer.hotspot) == ("ding", "ears")


def test_where_is_walks_there_but_where_is_it_from_is_a_question(heritage: Answerer) -> None:
    where = heritage.ask("where is the celadon vase?", "en")
    assert where.intent == "where" and where.exhibit == "vase" and where.gesture == "point"
    assert heritage.ask("编钟在哪里？", "zh").exhibit == "bell"
    origin = heritage.ask("where is the tea bowl from?", "en")
    assert origin.intent == "answer" and origin.source == "exhibits.teabowl.faq[0]"


def test_what_the_content_cannot_answer_is_declined_with_questions_it_can(
    showroom: Answerer,
) -> None:
    answer = showroom.ask("is it dishwasher safe?", "en", in_view="kettle")
    assert answer.intent == "unknown" and answer.suggestions
    assert answer.suggestions[0] in ("How much water does the kettle hold?",)
    assert "not sure" in answer.text and answer.suggestions[0] in answer.text
    chinese = showroom.ask("它能放进洗碗机吗", "zh", in_view="kettle")
    assert chinese.intent == "unknown" and "您可以问我" in chinese.text


def test_built_in_questions(showroom: Answerer) -> None:
    assert showroom.ask("Who are you?", "en").text.startswith("I'm Mia")
    assert showroom.ask("你是谁", "zh").text.startswith("我是小美")
    assert showroom.ask("hello", "en").intent == "greeting"
    assert showroom.ask("谢谢", "zh").intent == "thanks"
    assert showroom.ask("please start the tour", "en").intent == "start_tour"


def test_the_scene_synonyms_bring_visitors_words_to_the_texts(repo_root: Path) -> None:
    scene = load_scene(repo_root / "scenes" / "showroom.vitrine.yaml").scene
    question = "how many kilowatts does the kettle draw?"
    assert Answerer(scene).ask(question, "en").intent == "unknown"
    assert scene.guide is not None
    guide = scene.guide.model_copy(update={"synonyms": {"en": {"capacity": ["kilowatt"]}}})
    richer = Answerer(scene.model_copy(update={"guide": guide}))
    assert richer.ask(question, "en").source == "exhibits.kettle.faq[0]"


def test_the_language_of_a_question_is_told_from_its_script() -> None:
    assert language_of("茶碗是哪里产的", ["en", "zh"]) == "zh"
    assert language_of("where is the bell from?", ["zh", "en"]) == "en"


def _scene_with_faq(repo_root: Path, faq: list[dict]) -> Scene:
    data = load_scene(repo_root / "scenes" / "showroom.vitrine.yaml").scene.model_dump()
    data["exhibits"][0]["faq"] = faq
    return Scene.model_validate(data, context={"check_files": False})


def test_two_entries_that_answer_the_same_question_are_reported(repo_root: Path) -> None:
    entry = {"q": {"en": "How hot does the water get?"}, "a": {"en": "Up to 100 degrees."}}
    again = {"q": {"en": "How hot does the water get?"}, "a": {"en": "Very hot."}}
    warnings = faq_warnings(_scene_with_faq(repo_root, [entry, again]))
    assert warnings and warnings[0][0][:3] == ("exhibits", 0, "faq")
    assert "collide" in warnings[0][1]
    assert faq_warnings(_scene_with_faq(repo_root, [entry])) == []


def test_validate_names_the_line_of_a_faq_looking_at_a_missing_hotspot(
    tmp_path: Path, repo_root: Path
) -> None:
    text = (repo_root / "scenes" / "showroom.vitrine.yaml").read_text("utf-8")
    text = text.replace("        look: spout\n", "        look: handle\n")
    path = tmp_path / "bad.vitrine.yaml"
    path.write_text(text, "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "look: handle" in t)
    assert f"bad.vitrine.yaml:{line}:" in run.stdout and "no hotspot 'handle'" in run.stdout
    assert "its hotspots: spout" in run.stdout


def test_vitrine_ask_prints_the_answer_its_entry_and_score(repo_root: Path) -> None:
    scene = str(repo_root / "scenes" / "showroom.vitrine.yaml")
    run = subprocess.run(
        [sys.executable, "-m", "app", "ask", scene, "can the vacuum mop?", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    answer = json.loads(run.stdout)
    assert answer["source"] == "exhibits.vacuum.faq[1]" and 0.34 <= answer["score"] <= 1
    plain = subprocess.run(
        [sys.executable, "-m", "app", "ask", scene, "扫地机器人能拖地吗"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "from: exhibits.vacuum.faq[1]" in plain.stdout and "水箱" in plain.stdout
