"""The optional neural English voice (piper-tts with the Joe voice from its PyPI wheel): audio
with mouth shapes and word times from piper's own phoneme alignments; without it installed, the
guide speaks with eSpeak and says why."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from guide.speech import split_words
from guide.speech_service import SpeechService
from guide.visemes import viseme_at
from guide.wav import read_wav

pytest.importorskip("piper", reason='the neural voice is an extra: pip install ".[neural-voice]"')


def test_joe_speaks_with_aligned_mouth_and_words(tmp_path: Path) -> None:
    service = SpeechService("espeak", voices={"en": "piper:joe"}, cache_dir=tmp_path)
    try:
        text = "Feel the handle. It costs $299 and charges in 2 hours."
        utterance = service.speak(text, "en")
    finally:
        service.close()
    assert utterance.backend == "piper" and utterance.wav is not None
    samples, rate = read_wav(utterance.wav)
    assert abs(len(samples) / rate * 1000 - utterance.duration_ms) < 5
    assert np.abs(samples).max() > 3000
    words = utterance.words
    assert [w.text for w in words] == [w for w, _ in split_words(text)]
    assert [w.start_ms for w in words] == sorted(w.start_ms for w in words)
    assert viseme_at(utterance.visemes, words[0].start_ms + 20) == "FF", "Feel opens with FF"
    costs, dollars = (next(w for w in words if w.text.startswith(t)) for t in ("costs", "$299"))
    assert dollars.start_ms - costs.start_ms < 1200, "$299 starts where its first word does"
    assert len({k.viseme for k in utterance.visemes}) >= 8


def test_without_piper_the_guide_speaks_with_espeak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import guide.speech_piper as piper

    monkeypatch.setattr(piper, "piper_available", lambda: False)
    service = SpeechService("espeak", voices={"en": "piper:joe"}, cache_dir=tmp_path)
    try:
        utterance = service.speak("Hello there.", "en")
    finally:
        service.close()
    assert utterance.backend == "espeak" and utterance.request.voice == "en-us+f3"
    assert "neural-voice" in service.missing_voices["piper:joe"]


def test_english_words_in_a_chinese_line_stay_with_espeak(tmp_path: Path) -> None:
    """The neural voice speaks whole English lines; inside a Chinese line eSpeak's English
    voice says the English words."""
    service = SpeechService("espeak", voices={"en": "piper:joe"}, cache_dir=tmp_path)
    try:
        utterance = service.speak("这款Dyson吸尘器很安静。", "zh")
    finally:
        service.close()
    assert utterance.backend == "espeak" and utterance.wav is not None
    assert utterance.request.english_voice == "en-us+f3"
    assert "Dyson" in [w.text for w in utterance.words]
