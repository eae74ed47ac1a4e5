"""Guide speech figures with the real eSpeak NG: readings, voices, lip-sync, speed, latency.

Run: ``.venv/bin/python benchmarks/guide.py``. All measured in one run on this machine:

- Readings: the text front-end on Vitrine's case lists (benchmarks/readings/*.tsv; the
  ``_heldout`` lists were written after the front-end was tuned on the others).
- Voices: median F0 and pitch range (5th-95th percentile, semitones) and pace (words a minute
  for en, syllables a second for zh, over the speech without leading and trailing silence) of
  the default voices, beside eSpeak's plain voices at rate 1.0 (what Vitrine used before).
- Lip-sync, on benchmarks/guide_sentences.py: for every place where sound starts after a
  quiet stretch in the WAV (energy onset, 5 ms frames), the offset of the nearest change of
  mouth shape (median and 90th percentile of the absolute offset); and the share of speech
  (10 ms frames louder than -46 dBFS) during which the mouth is shut. "before" is the earlier
  rule on the same audio: the mouth forced shut wherever it stays under -34 dBFS for 60 ms.
- Speed: synthesis real-time factor; first-line latency (starts the worker) and later lines.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))

from guide.espeak_native import synthesize  # noqa: E402
from guide.reading import read_line  # noqa: E402
from guide.reading_check import check_cases  # noqa: E402
from guide.speech_espeak import EspeakBackend  # noqa: E402
from guide.speech_service import SpeechService  # noqa: E402
from guide.visemes import (  # noqa: E402
    silent_spans,
    viseme_at,
    visemes_from_phonemes,
)
from guide.wav import energy_onsets, read_wav  # noqa: E402

sys.path.insert(0, str(HERE))
from guide_sentences import CHINESE, ENGLISH  # noqa: E402

_SPEECH_RMS = 0.005  # -46 dBFS: sound a listener hears as speech


def readings() -> None:
    print("| case list | cases | read right | share |")
    print("|---|---:|---:|---:|")
    for name, language in (("zh", "zh"), ("zh_heldout", "zh"), ("en", "en"), ("en_heldout", "en")):
        results = check_cases(HERE / "readings" / f"{name}.tsv", language)
        right = sum(r.ok for r in results)
        print(f"| {name} | {len(results)} | {right} | {right / len(results):.1%} |")
        for r in results:
            if not r.ok:
                print(f"|  | miss: {r.line} | want `{r.expected}` | got `{r.got}` |")


def _f0(samples: np.ndarray, rate: int) -> np.ndarray:
    x = samples.astype(np.float64) / 32768
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    out = []
    for start in range(0, len(x) - frame, hop):
        w = x[start : start + frame]
        if np.sqrt((w**2).mean()) < 0.03:
            continue
        w = w - w.mean()
        ac = np.correlate(w, w, "full")[frame - 1 :]
        lo, hi = int(rate / 400), int(rate / 70)
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.3 * ac[0]:
            out.append(rate / lag)
    return np.array(out)


def _speech_seconds(samples: np.ndarray, rate: int) -> float:
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 300)
    return float(loud[-1] - loud[0]) / rate if len(loud) else 0.0


def voices(folder: Path) -> None:
    service = SpeechService("espeak", cache_dir=folder / "voices")
    backend = EspeakBackend()
    print("| voice | F0 median Hz | range st | pace |")
    print("|---|---:|---:|---:|")
    try:
        for language, sentences in (("en", ENGLISH), ("zh", CHINESE)):
            for label in ("before: plain voice, rate 1.0", "now: default voice"):
                pitches, seconds, units = [], 0.0, 0
                for index, text in enumerate(sentences):
                    if label.startswith("before"):
                        plain = "en-us" if language == "en" else "cmn-latn-pinyin"
                        result = synthesize(text, plain, 1.0)
                        samples = np.frombuffer(bytes(result.samples), dtype="<i2")
                        rate, name = result.sample_rate, plain
                    else:
                        request = service.request(text, language)
                        wav = folder / f"v-{language}{index}.wav"
                        backend.speak_to_file(request, wav)
                        samples, rate = read_wav(wav)
                        name = request.voice
                    pitches.extend(_f0(samples, rate))
                    seconds += _speech_seconds(samples, rate)
                    pieces = read_line(text, language)
                    units += sum(len(p.spoken.split()) for p in pieces if not p.is_pause)
                f0 = np.array(pitches)
                spread = 12 * np.log2(np.percentile(f0, 95) / np.percentile(f0, 5))
                pace = (
                    f"{units / seconds * 60:.0f} words/min"
                    if language == "en"
                    else f"{units / seconds:.1f} syllables/s"
                )
                print(
                    f"| {language} {label} ({name}) | {np.median(f0):.0f} | {spread:.1f} | {pace} |"
                )
    finally:
        service.close()


def _shape_changes(visemes: list) -> list[int]:
    """When the mouth takes a new shape (the first key, and every change after it)."""
    return [key.start_ms for key in visemes if key.viseme != "sil"]


def _nearest(times: list[int], onset: int) -> float | None:
    return min(times, key=lambda t: abs(t - onset)) - onset if times else None


def _shut_share(samples: np.ndarray, rate: int, timeline: list) -> tuple[int, int]:
    frame = rate // 100
    count = len(samples) // frame
    frames = samples[: count * frame].astype(np.float64).reshape(count, frame) / 32768
    speech = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > _SPEECH_RMS)
    shut = sum(viseme_at(timeline, index * 10 + 5) == "sil" for index in speech)
    return int(shut), len(speech)


def lipsync(folder: Path) -> None:
    service = SpeechService("espeak", cache_dir=folder / "lips")
    backend = EspeakBackend()
    print(
        "| language | sentences | onsets | rule | median abs offset ms | 90th pct ms "
        "| speech with the mouth shut |"
    )
    print("|---|---:|---:|---|---:|---:|---:|")
    from guide.speech_piper import PiperBackend, piper_available

    cases = [("en", ENGLISH, backend), ("zh", CHINESE, backend)]
    if piper_available():
        cases.append(("en", ENGLISH, PiperBackend()))
    try:
        for language, sentences, engine in cases:
            rows: dict[str, tuple[list[float], list[int]]] = {"now": ([], [0, 0])}
            rows["before"] = ([], [0, 0])
            onset_count = 0
            for index, text in enumerate(sentences):
                wav = folder / f"l-{engine.name}-{language}{index}.wav"
                request = service.request(text, language)
                if engine.name == "piper":
                    request = dataclasses.replace(request, voice="piper:joe")
                utterance = engine.speak_to_file(request, wav)
                samples, rate = read_wav(wav)
                old = visemes_from_phonemes(
                    [p for p in _as_phonemes(utterance.visemes) if p[0]],
                    utterance.duration_ms,
                    silent_spans(samples, rate),
                )
                onsets = energy_onsets(samples, rate)
                onset_count += len(onsets)
                for label, timeline in (("now", utterance.visemes), ("before", old)):
                    offsets, shut = rows[label]
                    openings = _shape_changes(timeline)
                    for onset in onsets:
                        offset = _nearest(openings, onset)
                        if offset is not None:
                            offsets.append(offset)
                    a, b = _shut_share(samples, rate, timeline)
                    shut[0] += a
                    shut[1] += b
            for label, (offsets, shut) in rows.items():
                absolute = np.abs(offsets)
                print(
                    f"| {language} {engine.name} | {len(sentences)} | {onset_count} | {label} "
                    f"| {np.median(absolute):.0f} | {np.percentile(absolute, 90):.0f} "
                    f"| {shut[0] / max(shut[1], 1):.1%} |"
                )
    finally:
        service.close()


def _as_phonemes(timeline: list) -> list[tuple[str, int]]:
    """A viseme timeline as phoneme events again (one phoneme per shape, a pause for ``sil``),
    so the earlier loudness rule can be applied to the same mouth shapes."""
    return [("" if k.viseme == "sil" else _SHAPE_PHONEME[k.viseme], k.start_ms) for k in timeline]


_SHAPE_PHONEME = {
    "PP": "p", "FF": "f", "TH": "θ", "DD": "t", "kk": "k", "CH": "ʃ", "SS": "s", "nn": "n",
    "RR": "ɹ", "aa": "a", "E": "e", "I": "i", "O": "o", "U": "u",
}  # fmt: skip


def speed(folder: Path) -> None:
    print("| measure | en | zh |")
    print("|---|---:|---:|")
    backend = EspeakBackend()
    service = SpeechService("espeak", cache_dir=folder / "speed")
    factors = {}
    try:
        for language, sentences in (("en", ENGLISH), ("zh", CHINESE)):
            synth = audio = 0.0
            for index, text in enumerate(sentences):
                start = time.perf_counter()
                utterance = backend.speak_to_file(
                    service.request(text, language), folder / f"s-{language}{index}.wav"
                )
                synth += time.perf_counter() - start
                audio += utterance.duration_ms / 1000
            factors[language] = synth / audio
    finally:
        service.close()
    print(
        "| synthesis real-time factor (front-end included) "
        f"| {factors['en']:.3f} | {factors['zh']:.3f} |"
    )
    from guide.speech_piper import piper_available

    if piper_available():
        voices_used = {"en": "piper:joe"}
        service = SpeechService("espeak", voices=voices_used, cache_dir=folder / "piper")
        try:
            start = time.perf_counter()
            first = service.speak("Welcome, the first line loads the neural voice.", "en")
            first_s = time.perf_counter() - start
            synth = audio = 0.0
            for text in ENGLISH:
                start = time.perf_counter()
                utterance = service.speak(text, "en")
                synth += time.perf_counter() - start
                audio += utterance.duration_ms / 1000
        finally:
            service.close()
        assert first.backend == "piper"
        print(f"| piper:joe real-time factor (worker running) | {synth / audio:.3f} | - |")
        print(
            "| piper:joe first line (starts the worker, loads the model) "
            f"| {first_s * 1000:.0f} ms | - |"
        )
    latencies = {}
    for language, first_line, line in (
        ("en", "Welcome, the first line starts the speech worker.", "Exhibit {} is a kettle."),
        ("zh", "欢迎光临，第一句话会启动语音进程。", "第{}号展品是一把水壶。"),
    ):
        service = SpeechService("espeak", cache_dir=folder / f"latency-{language}")
        try:
            start = time.perf_counter()
            service.speak(first_line, language)
            first = time.perf_counter() - start
            times = []
            for index in range(10):
                start = time.perf_counter()
                service.speak(line.format(index + 2), language)
                times.append(time.perf_counter() - start)
        finally:
            service.close()
        latencies[language] = (first, statistics.median(times))
    print(
        "| first line, say to audio ready (starts the worker) "
        f"| {latencies['en'][0] * 1000:.0f} ms | {latencies['zh'][0] * 1000:.0f} ms |"
    )
    print(
        f"| a new line, worker running (median of 10) | {latencies['en'][1] * 1000:.0f} ms "
        f"| {latencies['zh'][1] * 1000:.0f} ms |"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        readings()
        print()
        voices(folder)
        print()
        lipsync(folder)
        print()
        speed(folder)


if __name__ == "__main__":
    main()
