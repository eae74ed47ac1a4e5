"""Cues, placeholders, visemes and the script the guide builds from a scene."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.scene import load_scene
from guide import build_script, parse_cues
from guide.cues import fill_placeholders
from guide.visemes import (
    VisemeKey,
    phoneme_visemes,
    viseme_at,
    visemes_from_envelope,
    visemes_from_phonemes,
)


@pytest.mark.parametrize(
    ("phoneme", "visemes"),
    [
        ("p", ["PP"]),
        ("m", ["PP"]),
        ("f", ["FF"]),
        ("θ", ["TH"]),
        ("ð", ["TH"]),
        ("t", ["DD"]),
        ("k", ["kk"]),
        ("ʃ", ["CH"]),
        ("tʃ", ["CH"]),
        ("s", ["SS"]),
        ("n", ["nn"]),
        ("ɹ", ["RR"]),
        ("ɑː", ["aa"]),
        ("ɛ", ["E"]),
        ("ˈiː", ["I"]),
        ("ɔ", ["O"]),
        ("uː", ["U"]),
        ("aɪ", ["aa", "I"]),
        ("ɑːɹ", ["aa", "RR"]),
        ("ts.", ["CH"]),
        ("ua", ["U", "aa"]),
        ("χ", ["kk"]),
        ("", ["sil"]),  # eSpeak's pause event
        ("(en)", []),  # a language switch is no mouth shape
        ("ʐ", ["RR"]),
        ("ᵻ", ["I"]),
    ],
)
def test_ipa_maps_to_oculus_visemes(phoneme: str, visemes: list[str]) -> None:
    assert phoneme_visemes(phoneme) == visemes


def test_diphthong_splits_sixty_forty() -> None:
    keys = visemes_from_phonemes([("b", 0), ("aɪ", 100), ("t", 300)], 400)
    assert VisemeKey(100, "aa") in keys and VisemeKey(220, "I") in keys
    assert keys[0] == VisemeKey(0, "PP") and keys[-1] == VisemeKey(400, "sil")


def test_silence_closes_the_mouth() -> None:
    keys = visemes_from_phonemes([("a", 0), ("m", 200), ("a", 600)], 900, silences=[(300, 550)])
    assert viseme_at(keys, 250) == "PP"
    assert viseme_at(keys, 400) == "sil"
    assert viseme_at(keys, 560) == "PP"  # the mouth resumes after the silence
    assert viseme_at(keys, 700) == "aa"


def test_envelope_fallback_follows_loudness() -> None:
    rate = 16000
    t = np.arange(rate) / rate
    tone = (np.sin(2 * np.pi * 220 * t) * 20000).astype(np.int16)
    samples = np.concatenate([np.zeros(rate // 2, np.int16), tone, np.zeros(rate // 2, np.int16)])
    keys = visemes_from_envelope(samples, rate)
    assert viseme_at(keys, 250) == "sil"
    assert viseme_at(keys, 1000) != "sil"
    assert viseme_at(keys, 1800) == "sil"


def test_cues_split_at_pauses_and_land_on_words() -> None:
    parts, problems = parse_cues(
        "Look at the [point] spout. [pause 0.8] It pours *slowly*. [look kettle] [dance] Nice."
    )
    assert [p.text for p in parts] == ["Look at the spout.", "It pours slowly. Nice."]
    assert parts[0].pause_after == 0.8
    first, second = parts
    assert [(c.kind, c.value, first.text[c.char :].strip()[:5]) for c in first.cues] == [
        ("gesture", "point", "spout")
    ]
    assert [(c.kind, c.value) for c in second.cues] == [("emphasis", "slowly"), ("look", "kettle")]
    assert second.text[second.cues[0].char :].startswith("slowly")
    assert problems == [
        "unknown cue '[dance]' (use [pause 1], [point], [present], [wave], [nod], "
        "[smile], [think], [look visitor] or [look EXHIBIT-ID])"
    ]


def test_placeholders_are_filled_and_unknown_ones_reported() -> None:
    text, unknown = fill_placeholders(
        "{guide.name} shows {exhibit.title} {exhibit.price}",
        {"guide.name": "Mia", "exhibit.title": "Kettle"},
    )
    assert text == "Mia shows Kettle {exhibit.price}" and unknown == ["exhibit.price"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_showroom_script_in_both_languages(repo_root: Path, language: str) -> None:
    scene = load_scene(repo_root / "scenes/showroom.vitrine.yaml").scene
    script = build_script(scene, language)
    keys = [line.key for line in script.in_order()]
    assert keys == ["greeting", "stop:1", "stop:2", "stop:3", "stop:4", "stop:5", "farewell"]
    assert script.stops[0].look_at == "kettle" and script.stops[4].gesture == "wave"
    assert script.more["kettle"].spoken_text == scene.exhibit("kettle").info.text[language]
    assert script.problems == []
    with pytest.raises(ValueError, match="no language 'fr'"):
        build_script(scene, "fr")


def test_exhibit_placeholders_in_tour_lines(exhibition: Path) -> None:
    text = exhibition.read_text(encoding="utf-8") + (
        "guide:\n  name: {en: Mia, zh: 小美}\n"
        "tour:\n  stops:\n    - exhibit: cube\n"
        "      say: {en: 'Stop {stop.number} of {stop.count}: {exhibit.title}. [pause 1] "
        "I am {guide.name}.', zh: '第{stop.number}站：{exhibit.title}。'}\n"
    )
    exhibition.write_text(text, encoding="utf-8")
    script = build_script(load_scene(exhibition).scene, "en")
    line = script.stops[0]
    assert [p.text for p in line.parts] == ["Stop 1 of 1: Cube.", "I am Mia."]
    assert (
        build_script(load_scene(exhibition).scene, "zh").stops[0].spoken_text == "第1站：立方体。"
    )
