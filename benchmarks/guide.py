"""Guide speech figures with the real eSpeak NG: speed, latency and lip-sync alignment.

Run: ``.venv/bin/python benchmarks/guide.py``. Alignment compares, for every place where
sound starts after a pause in the WAV (energy onset, 5 ms frames), the time the viseme
timeline opens the mouth; the goal is a median absolute offset of 40 ms or less.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from guide.speech import SpeechRequest  # noqa: E402
from guide.speech_espeak import EspeakBackend  # noqa: E402
from guide.speech_service import SpeechService  # noqa: E402
from guide.wav import energy_onsets, read_wav  # noqa: E402

from guide_sentences import CHINESE, ENGLISH  # noqa: E402  (this script's own folder)

VOICES = {"en": "en-us", "zh": "cmn-latn-pinyin"}


def _mouth_openings(visemes: list) -> list[int]:
    return [
        key.start_ms
        for prev, key in zip(visemes, visemes[1:])
        if prev.viseme == "sil" and key.viseme != "sil"
    ]


def _nearest(times: list[int], onset: int) -> float | None:
    return min(times, key=lambda t: abs(t - onset)) - onset if times else None


def alignment(
    language: str, sentences: list[str], folder: Path
) -> tuple[list[float], list[float], float, float]:
    """Offsets of mouth openings (final timeline) and of raw eSpeak phoneme events."""
    from guide.espeak_native import synthesize
    from guide.visemes import phoneme_visemes

    backend = EspeakBackend()
    offsets: list[float] = []
    raw_offsets: list[float] = []
    synth_s = audio_s = 0.0
    for index, text in enumerate(sentences):
        wav = folder / f"{language}{index}.wav"
        start = time.perf_counter()
        utterance = backend.speak_to_file(SpeechRequest(text, language, VOICES[language]), wav)
        synth_s += time.perf_counter() - start
        audio_s += utterance.duration_ms / 1000
        samples, rate = read_wav(wav)
        openings = _mouth_openings(utterance.visemes)
        if utterance.visemes and utterance.visemes[0].viseme != "sil":
            openings.insert(0, utterance.visemes[0].start_ms)
        phonemes = [
            p.start_ms
            for p in synthesize(text, VOICES[language]).phonemes
            if phoneme_visemes(p.phoneme) not in ([], ["sil"])
        ]
        for onset in energy_onsets(samples, rate):
            for times, sink in ((openings, offsets), (phonemes, raw_offsets)):
                offset = _nearest(times, onset)
                if offset is not None:
                    sink.append(offset)
    return offsets, raw_offsets, synth_s, audio_s


def latency(folder: Path) -> tuple[float, float, float]:
    service = SpeechService("espeak", cache_dir=folder / "cache")
    try:
        start = time.perf_counter()
        service.speak("Welcome, the first line starts the speech worker process.", "en")
        first = time.perf_counter() - start
        times = []
        for index in range(10):
            text = f"Exhibit number {index} is a kettle with a long and slender spout."
            start = time.perf_counter()
            service.speak(text, "en")
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        service.speak("Exhibit number 3 is a kettle with a long and slender spout.", "en")
        cached = time.perf_counter() - start
    finally:
        service.close()
    return first, statistics.median(times), cached


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(
            "| language | sentences | audio s | synthesis s | real-time factor | onsets "
            "| median abs offset ms | 90th pct ms | mean ms | raw eSpeak phoneme events: "
            "median abs ms | 90th pct ms |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for language, sentences in (("en", ENGLISH), ("zh", CHINESE)):
            offsets, raw, synth_s, audio_s = alignment(language, sentences, folder)
            absolute, raw_abs = np.abs(offsets), np.abs(raw)
            print(
                f"| {language} | {len(sentences)} | {audio_s:.1f} | {synth_s:.3f} "
                f"| {synth_s / audio_s:.4f} | {len(offsets)} | {np.median(absolute):.0f} "
                f"| {np.percentile(absolute, 90):.0f} | {np.mean(offsets):+.0f} "
                f"| {np.median(raw_abs):.0f} | {np.percentile(raw_abs, 90):.0f} |"
            )
        first, warm, cached = latency(folder)
        print("\n| 10-word line, say to audio ready | ms |")
        print("|---|---:|")
        print(f"| first line (starts the worker process) | {first * 1000:.0f} |")
        print(f"| new line, worker running (median of 10) | {warm * 1000:.1f} |")
        print(f"| line already in the cache | {cached * 1000:.2f} |")


if __name__ == "__main__":
    main()
