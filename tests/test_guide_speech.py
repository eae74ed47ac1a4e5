"""The guide's voice with the real eSpeak NG: audio, timing, Mandarin, caching, failures."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from guide.espeak_native import text_to_phonemes
from guide.speech import SpeechRequest, split_words
from guide.speech_service import SpeechService
from guide.visemes import VISEMES, silent_spans, viseme_at
from guide.wav import read_wav

from conftest import run_vitrine
from speech_fakes import CrashingBackend, HangingBackend, MissingEngineBackend

TEN_WORDS = "The kettle keeps water at the exact temperature you need."


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    svc = SpeechService("espeak", cache_dir=tmp_path_factory.mktemp("speech"))
    yield svc
    svc.close()


def test_english_line_becomes_a_wav_of_plausible_length(service: SpeechService) -> None:
    utterance = service.speak(TEN_WORDS, "en")
    assert utterance.backend == "espeak" and utterance.wav is not None
    samples, rate = read_wav(utterance.wav)
    assert rate == 22050
    seconds = len(samples) / rate
    assert 2.0 < seconds < 5.5, seconds  # ten words at a normal pace
    assert abs(utterance.duration_ms - seconds * 1000) < 20
    assert np.abs(samples).max() > 3000, "the audio is not silence"
    faster = service.speak(TEN_WORDS, "en", rate=1.5)
    assert faster.duration_ms < utterance.duration_ms * 0.8


def test_visemes_are_ordered_cover_the_audio_and_close_in_silence(service: SpeechService) -> None:
    utterance = service.speak("Hello there. This is the showroom. Please come in.", "en")
    keys = utterance.visemes
    times = [k.start_ms for k in keys]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert keys[0].start_ms == 0 and keys[-1].viseme == "sil"
    assert keys[-1].start_ms <= utterance.duration_ms, "closed by the end of the audio"
    assert {k.viseme for k in keys} <= set(VISEMES)
    assert len({k.viseme for k in keys}) >= 8, "a real sentence uses many mouth shapes"
    samples, rate = read_wav(utterance.wav)  # type: ignore[arg-type]
    gaps = [
        (a, b)
        for a, b in silent_spans(samples, rate, min_ms=120)
        if a > 0 and b < utterance.duration_ms
    ]
    assert gaps, "sentence breaks should be silent in the audio"
    for start, end in gaps:
        assert viseme_at(keys, (start + end) / 2) == "sil", (start, end)
    loud = [
        t
        for t in range(100, utterance.duration_ms, 50)
        if np.abs(samples[int(t * rate / 1000) : int((t + 20) * rate / 1000)]).mean() > 2000
    ]
    open_share = np.mean([viseme_at(keys, t) != "sil" for t in loud])
    assert open_share > 0.9, "while the voice is loud the mouth is not closed"


def test_word_timings_follow_the_text(service: SpeechService) -> None:
    utterance = service.speak(TEN_WORDS, "en")
    assert [w.text for w in utterance.words] == [w for w, _ in split_words(TEN_WORDS)]
    starts = [w.start_ms for w in utterance.words]
    assert starts == sorted(starts)
    assert utterance.words[-1].end_ms <= utterance.duration_ms


def test_chinese_is_spoken_as_mandarin_not_spelled_in_english(service: SpeechService) -> None:
    text = "欢迎来到博物馆"
    utterance = service.speak(text, "zh")
    assert utterance.request.voice.startswith("cmn-latn-pinyin")
    assert [w.text for w in utterance.words] == list(text)
    words = utterance.words
    pace = (words[-1].start_ms - words[0].start_ms) / (len(words) - 1)
    assert 200 < pace < 330, f"a narrator's four syllables a second, not {1000 / pace:.1f}"
    phonemes = text_to_phonemes("博物馆", "cmn-latn-pinyin")
    assert "(en)" not in phonemes
    # the plain 'cmn' voice of eSpeak NG 1.51 switches to English for these characters
    assert "(en)" in text_to_phonemes("博物馆", "cmn")


def test_cached_line_is_not_synthesised_again(service: SpeechService) -> None:
    first = service.speak("A line said twice.", "en")
    stamp = first.wav.stat().st_mtime_ns  # type: ignore[union-attr]
    made = service.synthesised
    again = service.speak("A line said twice.", "en")
    assert service.synthesised == made, "read from the cache, not synthesised again"
    assert again.wav == first.wav and again.wav.stat().st_mtime_ns == stamp  # type: ignore[union-attr]
    assert again.visemes == first.visemes


def test_hung_engine_is_killed_and_reported(tmp_path: Path) -> None:
    service = SpeechService(HangingBackend(), cache_dir=tmp_path, timeout=2)
    try:
        start = time.perf_counter()
        utterance = service.speak("Hello.", "en")
        assert time.perf_counter() - start < 20
        assert utterance.wav is None and utterance.backend == "silent"
        assert "stopped responding" in utterance.notes[0]
        assert utterance.duration_ms > 0 and utterance.words[0].text == "Hello."
    finally:
        service.close()


def test_crashed_engine_is_reported(tmp_path: Path) -> None:
    service = SpeechService(CrashingBackend(), cache_dir=tmp_path, timeout=30)
    try:
        utterance = service.speak("Hello.", "en")
        assert utterance.backend == "silent" and "stopped responding" in utterance.notes[0]
    finally:
        service.close()


def test_no_engine_means_silent_subtitles_with_a_clear_message(tmp_path: Path) -> None:
    service = SpeechService(MissingEngineBackend(), cache_dir=tmp_path)
    try:
        first = service.speak("Hello.", "en")
        second = service.speak("Goodbye.", "en")
    finally:
        service.close()
    assert (
        first.notes
        == second.notes
        == ["no text-to-speech engine is installed; the guide continues silently with subtitles"]
    )
    assert second.duration_ms > 0 and second.visemes[0].viseme == "sil"


def test_pyttsx3_backend_speaks_through_espeak(tmp_path: Path) -> None:
    service = SpeechService("pyttsx3", cache_dir=tmp_path, timeout=60)
    try:
        utterance = service.speak("Welcome to the showroom.", "en")
    finally:
        service.close()
    assert utterance.backend == "pyttsx3", utterance.notes
    samples, rate = read_wav(utterance.wav)  # type: ignore[arg-type]
    assert 0.8 < len(samples) / rate < 4
    assert any(k.viseme != "sil" for k in utterance.visemes)


def test_speak_command_writes_wav_and_visemes(tmp_path: Path) -> None:
    out, visemes = tmp_path / "line.wav", tmp_path / "line.json"
    result = run_vitrine(
        "speak", "欢迎光临", "--lang", "zh", "--out", str(out), "--visemes", str(visemes)
    )
    assert result.returncode == 0, result.stderr
    assert "voice cmn-latn-pinyin" in result.stdout
    data = json.loads(visemes.read_text(encoding="utf-8"))
    assert data["wav"] == str(out) and data["duration_ms"] > 500
    assert data["visemes"][0] == [0, "sil"]
    samples, rate = read_wav(out)
    assert abs(len(samples) / rate * 1000 - data["duration_ms"]) < 20


def test_guide_preview_prints_the_narration_with_times(repo_root: Path) -> None:
    result = run_vitrine("guide", "preview", "scenes/showroom.vitrine.yaml", "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "== Smart Living Showroom [en] =="
    keys = [line.split()[1] for line in lines if line[:2].isdigit() and "  " in line]
    assert keys[:7] == ["greeting", "stop:1", "stop:2", "stop:3", "stop:4", "stop:5", "farewell"]
    assert "Let us start in the kitchen." in result.stdout


def test_silent_request_is_estimated_from_text() -> None:
    from guide.speech import SilentBackend

    utterance = SilentBackend().estimate(SpeechRequest("One two three. Four.", "en", "x"))
    assert [w.text for w in utterance.words] == ["One", "two", "three.", "Four."]
    assert 1000 < utterance.duration_ms < 4000


def test_prefetch_prepares_a_whole_tour_in_the_background(repo_root: Path, tmp_path: Path) -> None:
    from app.scene import load_scene
    from guide.clock import FakeClock
    from guide.director import Director

    scene = load_scene(repo_root / "scenes/showroom.vitrine.yaml").scene
    service = SpeechService("espeak", voices=scene.guide.voices, cache_dir=tmp_path)  # type: ignore[union-attr]
    try:
        director = Director(scene, service, FakeClock(), language="zh")
        started = director.prefetch()
        assert started == 1 + 5 + 1 + 7  # greeting, stops, farewell, one "more" per exhibit
        assert director.prefetch() == 0  # already under way
        director.start_tour()
        speak = next(e for e in director.update() if e.__class__.__name__ == "Speak")
        assert speak.utterance.backend == "espeak" and speak.utterance.wav.is_file()
        service.wait_prefetched(timeout=60)
    finally:
        service.close()
    assert len(list(tmp_path.glob("*.wav"))) == len(list(tmp_path.glob("*.json"))) == started


_PHONETIC_ENGLISH = (
    "The quick brown fox jumps over the lazy dog. Measure the treasure with vision. Thy thigh "
    "is thin, though. Sing, singer, finger. Church and judge, hue and huge, why and which. "
    "Button, bottle, butter, little. Nurse, bird. Square, near, cure, poor. Boy, now, go, day, "
    "high. Bath, palm, start, lot, thought, north. Strut, foot, goose. Kit, dress, trap. "
    "Comma, letter. Happy, roses, wanted. Azure, genre, loch, rhythm, onion, canyon."
)


def test_every_phoneme_the_voices_emit_has_a_mouth_shape() -> None:
    """All of Mandarin's syllables (every reading pypinyin knows) and a phonetically rich
    English text: each phoneme event eSpeak emits maps to a viseme (a pause to ``sil``)."""
    import re

    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    from guide.espeak_native import synthesize
    from guide.visemes import phoneme_visemes

    syllables = sorted(
        {
            convert(r, Style.TONE3, strict=True, neutral_tone_with_five=True).replace("ü", "v")
            for readings in pinyin_dict.values()
            for r in readings.split(",")
        }
    )
    syllables = [s.rstrip("5") for s in syllables if re.fullmatch(r"[a-z]+[1-5]?", s)]
    assert len(syllables) > 1200
    texts = [
        ("cmn-latn-pinyin", " ".join(syllables[i : i + 60])) for i in range(0, len(syllables), 60)
    ]
    texts += [("en-us", _PHONETIC_ENGLISH), ("en-gb", _PHONETIC_ENGLISH)]
    emitted = {p.phoneme for voice, text in texts for p in synthesize(text, voice).phonemes}
    assert len(emitted) > 100
    unmapped = sorted(p for p in emitted if not phoneme_visemes(p))
    assert not unmapped, f"phonemes with no mouth shape: {unmapped}"


def test_english_inside_a_chinese_line_is_timed_in_the_curators_text(
    service: SpeechService,
) -> None:
    text = "这款Dyson吸尘器很安静。"
    utterance = service.speak(text, "zh")
    assert [w.text for w in utterance.words] == [w for w, _ in split_words(text)]
    starts = {w.text: w.start_ms for w in utterance.words}
    assert starts["款"] < starts["Dyson"] < starts["吸"] < starts["静"]
    samples, rate = read_wav(utterance.wav)  # type: ignore[arg-type]
    assert abs(len(samples) / rate * 1000 - utterance.duration_ms) < 20


def test_a_stressed_word_is_said_more_slowly(service: SpeechService) -> None:
    text = "It pours slowly and evenly."
    at = text.index("slowly")

    def length(emphasis: tuple[tuple[int, int], ...]) -> int:
        words = service.speak(text, "en", emphasis=emphasis).words
        word = next(w for w in words if w.text == "slowly")
        return word.end_ms - word.start_ms

    assert length(((at, at + 6),)) > length(()) * 1.08


def test_the_mouth_stays_open_on_quiet_consonants(service: SpeechService) -> None:
    """The f of "Feel", the th of "Thank" and the h of 欢 are quiet but spoken: the mouth
    shows them instead of snapping shut."""
    from guide.visemes import viseme_at

    for text, language, shape in (("Feel the handle.", "en", "FF"), ("Thank you.", "en", "TH")):
        utterance = service.speak(text, language)
        assert viseme_at(utterance.visemes, utterance.words[0].start_ms + 30) == shape, text
    welcome = service.speak("欢迎", "zh")
    assert viseme_at(welcome.visemes, welcome.words[0].start_ms + 30) != "sil"
