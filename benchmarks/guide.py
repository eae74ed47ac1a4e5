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

ENGLISH = [
    "Welcome to the showroom, please come in.",
    "This kettle keeps water at the exact temperature you need.",
    "The speaker fills the room with sound.",
    "Look at the light ring, it shows when the speaker listens.",
    "Our reading lamp has a brass arm and an enamel shade.",
    "Please take a seat in the oak lounge chair.",
    "The robot vacuum maps every room with a laser.",
    "One screen controls the lights, the heating and the doors.",
    "These headphones rest on a walnut stand.",
    "Every product here was designed to last for years.",
    "Follow me to the next stop, it is just over there.",
    "Bronze vessels like this one were used for offerings.",
    "The glaze of this vase looks like jade.",
    "Each bell can sound two different notes.",
    "Tea bowls like this were prized in the Song dynasty.",
    "Touch the screen to hear more about any exhibit.",
    "Thank you for visiting, we hope you enjoyed the tour.",
    "Mind the step, and watch your head near the lamp.",
    "The exhibition is open every day from nine to five.",
    "Ask me anything, I am happy to help.",
]
CHINESE = [
    "欢迎来到展厅，请进。",
    "这把水壶能把水温保持在合适的温度。",
    "这台音箱的声音充满整个房间。",
    "请看灯环，它表示音箱正在聆听。",
    "这盏台灯有黄铜灯臂和搪瓷灯罩。",
    "请坐在这把橡木休闲椅上。",
    "扫地机器人用激光绘制每个房间。",
    "一块屏幕控制灯光、暖气和门锁。",
    "这副耳机放在胡桃木支架上。",
    "这里的每件产品都经久耐用。",
    "请跟我来，下一站就在那边。",
    "这样的青铜器用于祭祀。",
    "这件瓷瓶的釉色像玉一样。",
    "每只编钟都能发出两个音。",
    "这样的茶碗在宋代非常珍贵。",
    "触摸屏幕，了解更多展品信息。",
    "感谢参观，希望您喜欢这次导览。",
    "请注意台阶，小心台灯。",
    "展览每天九点到五点开放。",
    "有问题请问我，我很乐意帮忙。",
]
VOICES = {"en": "en-us", "zh": "cmn-latn-pinyin"}


def _mouth_openings(visemes: list) -> list[int]:
    return [key.start_ms for prev, key in zip(visemes, visemes[1:])
            if prev.viseme == "sil" and key.viseme != "sil"]


def _nearest(times: list[int], onset: int) -> float | None:
    return min(times, key=lambda t: abs(t - onset)) - onset if times else None


def alignment(language: str, sentences: list[str], folder: Path
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
        phonemes = [p.start_ms for p in synthesize(text, VOICES[language]).phonemes
                    if phoneme_visemes(p.phoneme) not in ([], ["sil"])]
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
        print("| language | sentences | audio s | synthesis s | real-time factor | onsets "
              "| median abs offset ms | 90th pct ms | mean ms | raw eSpeak phoneme events: "
              "median abs ms | 90th pct ms |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for language, sentences in (("en", ENGLISH), ("zh", CHINESE)):
            offsets, raw, synth_s, audio_s = alignment(language, sentences, folder)
            absolute, raw_abs = np.abs(offsets), np.abs(raw)
            print(f"| {language} | {len(sentences)} | {audio_s:.1f} | {synth_s:.3f} "
                  f"| {synth_s / audio_s:.4f} | {len(offsets)} | {np.median(absolute):.0f} "
                  f"| {np.percentile(absolute, 90):.0f} | {np.mean(offsets):+.0f} "
                  f"| {np.median(raw_abs):.0f} | {np.percentile(raw_abs, 90):.0f} |")
        first, warm, cached = latency(folder)
        print("\n| 10-word line, say to audio ready | ms |")
        print("|---|---:|")
        print(f"| first line (starts the worker process) | {first * 1000:.0f} |")
        print(f"| new line, worker running (median of 10) | {warm * 1000:.1f} |")
        print(f"| line already in the cache | {cached * 1000:.2f} |")


if __name__ == "__main__":
    main()
