"""The text front-end: Mandarin readings (polyphones, 一 and 不, numbers, units, erhua, English
inside a Chinese line), English normalisation, the scene's lexicon and stressed words, and what
the eSpeak voice makes of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.reading import read_line, readings_text, runs
from guide.reading_check import check_cases

CASES = Path(__file__).resolve().parents[1] / "benchmarks" / "readings"


@pytest.mark.parametrize(
    ("name", "language"),
    [("zh", "zh"), ("zh_heldout", "zh"), ("en", "en"), ("en_heldout", "en")],
)
def test_readings_meet_the_goal_on_each_list(name: str, language: str) -> None:
    results = check_cases(CASES / f"{name}.tsv", language)
    wrong = [f"{r.line}: want {r.expected!r}, got {r.got!r}" for r in results if not r.ok]
    assert len(results) >= 20
    assert 1 - len(wrong) / len(results) >= 0.97, "\n".join(wrong)


def test_the_showroom_polyphones_that_were_wrong() -> None:
    line = "欢迎光临！银行、行业、校长、成长、重新、重庆、音乐、乐器、华为、空调和可调。"
    assert readings_text(read_line(line, "zh")) == (
        "huan1 ying2 guang1 lin2! yin2 hang2, hang2 ye4, xiao4 zhang3, cheng2 zhang3, "
        "chong2 xin1, chong2 qing4, yin1 yue4, yue4 qi4, hua2 wei2, kong1 tiao2 he2 ke3 tiao2."
    )


def test_a_scene_lexicon_wins() -> None:
    lexicon = {"zh": {"小美": "xiao3 mei3", "可调": "ke3 diao4"}, "en": {"Vitrine": "vee-treen"}}
    assert readings_text(read_line("亮度可调", "zh", lexicon)) == "liang4 du4 ke3 diao4"
    assert readings_text(read_line("Welcome to Vitrine.", "en", lexicon)) == (
        "Welcome to vee-treen."
    )


def test_english_inside_chinese_goes_to_the_english_voice() -> None:
    pieces = read_line("这款Dyson吸尘器", "zh")
    grouped = runs(pieces)
    assert [run.language for run in grouped] == ["zh", "en", "zh"]
    dyson = grouped[1].pieces[0]
    assert dyson.spoken == "Dyson" and (dyson.start, dyson.end) == (2, 7)


def test_stressed_words_are_marked_for_the_voice() -> None:
    text = "It pours slowly."
    start = text.index("slowly")
    pieces = read_line(text, "en", emphasis=((start, start + 6),))
    assert [p.spoken for p in pieces if p.emphasis] == ["slowly"]
    assert [(r.emphasis, r.pieces[0].spoken) for r in runs(pieces)] == [
        (False, "It"),
        (True, "slowly"),
    ]


def test_every_piece_points_back_into_the_line() -> None:
    line = "2025年3月5日，这台iPhone售价¥5999，重2.5kg。"
    pieces = read_line(line, "zh")
    assert all(0 <= p.start < p.end <= len(line) for p in pieces)
    assert [p.start for p in pieces] == sorted(p.start for p in pieces)
    assert "".join(line[p.start : p.end] for p in pieces if p.language == "en") == "iPhone"


def test_validate_warns_about_unreadable_text_and_a_mismatched_voice(
    tmp_path: Path, repo_root: Path
) -> None:
    from conftest import run_vitrine

    text = (repo_root / "scenes/showroom.vitrine.yaml").read_text(encoding="utf-8")
    text = text.replace("voices: {en: en-us+f3,", "voices: {en: en-us+m3,")
    assert "en-us+m3" in text
    text = text.replace("欢迎", "🙂欢迎", 1)
    scene = tmp_path / "showroom.vitrine.yaml"
    scene.write_text(text, encoding="utf-8")
    result = run_vitrine("validate", str(scene))
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    line_of = {w.split(":")[2]: w for w in warnings}
    assert any("'🙂'" in w and "guide.lexicon.zh" in w for w in warnings), warnings
    assert any("en-us+m3" in w and "built-in guide is a woman" in w for w in warnings)
    voices_line = next(i for i, row in enumerate(text.splitlines(), 1) if "voices:" in row)
    assert any(int(n) == voices_line for n in line_of), (voices_line, warnings)


def test_tone_changes_see_through_quotes_and_spaces() -> None:
    """Characters between the words (quotes, spaces) do not hide the syllable after 不 or 一."""
    quoted = readings_text(read_line("他说“不对”，一样。", "zh"))
    assert quoted == readings_text(read_line("他说不对，一样。", "zh"))
    assert "bu2 dui4" in quoted and "yi2 yang4" in quoted
