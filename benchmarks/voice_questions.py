"""How well the guide hears English voice questions, on this machine.

Run: ``.venv/bin/python benchmarks/voice_questions.py [--voices en-us,en-us+f3,piper:joe]
[--set lw=9 ...]``.

Every English question of ``benchmarks/questions/en.tsv`` (both example halls, worded
differently from the FAQ text) is synthesised by each voice (eSpeak NG's male and female US
voices; piper's Joe when installed), resampled to 16 kHz and recognised twice in the same
run: by Vitrine's recogniser (PocketSphinx with the scene's own language model mixed with
everyday words) and by PocketSphinx with its general English model. Figures per voice and
recogniser: word error rate against the question as spoken (numbers as words), the share of
answerable questions whose spoken form gets the right answer (and of unanswerable ones
declined), and the median recognition time.
"""

from __future__ import annotations

import os
import runpy
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

import guide.listen_sphinx as sphinx  # noqa: E402
from app.scene import load_scene  # noqa: E402
from guide.answers import Answerer  # noqa: E402
from guide.listen_sphinx import RATE, SphinxRecogniser, resample  # noqa: E402
from guide.voice_phrases import content, phrases, spoken_words  # noqa: E402

BENCH = runpy.run_path(str(HERE / "answers.py"), run_name="bench")
SCENES = BENCH["SCENES"]


def errors(reference: list[str], heard: list[str]) -> int:
    """Word-level edit distance."""
    row = list(range(len(heard) + 1))
    for i, word in enumerate(reference, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def speak(text: str, voice: str) -> np.ndarray:
    if voice.startswith("piper:"):
        from guide.speech_piper import _voice

        chunks = list(_voice(voice.removeprefix("piper:")).synthesize(text))
        audio = np.concatenate([c.audio_int16_array for c in chunks])
        return resample(audio, chunks[0].sample_rate)
    from guide.espeak_native import synthesize

    result = synthesize(text, voice, 1.0)
    return resample(np.frombuffer(bytes(result.samples), np.int16), result.sample_rate)


class General:
    """PocketSphinx as it comes: its general US English model."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(loglevel="FATAL", logfn=os.devnull, samprate=RATE)

    def hear(self, samples: np.ndarray) -> str:
        pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
        self.decoder.start_utt()
        self.decoder.process_raw(pcm.tobytes(), full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp is not None else ""


def main() -> None:
    args = sys.argv[1:]
    voices = ["en-us", "en-us+f3"]
    from guide.speech_piper import piper_available

    if piper_available():
        voices.append("piper:joe")
    for i, arg in enumerate(args):
        if arg == "--voices":
            voices = args[i + 1].split(",")
        if arg == "--set":
            key, value = args[i + 1].split("=")
            sphinx._OPTIONS[key] = float(value)
    scenes = {name: load_scene(REPO / "scenes" / file).scene for name, file in SCENES.items()}
    answerers = {name: Answerer(scene) for name, scene in scenes.items()}
    build = []
    ours = {}
    for name, scene in scenes.items():
        start = time.perf_counter()
        ours[name] = SphinxRecogniser(phrases(scene) + content(scene))
        build.append(time.perf_counter() - start)
    general = General()
    rows = BENCH["questions"]("en")
    print(f"{len(rows)} questions; Vitrine's model built in "
          f"{', '.join(f'{b:.2f}' for b in build)} s (showroom, heritage)\n")  # fmt: skip
    print("| voice | recogniser | WER | right answer | declined | median ms |")
    print("|---|---|---:|---:|---:|---:|")
    for voice in voices:
        audio = [speak(question, voice) for _, _, question, _ in rows]
        for label in ("Vitrine (scene model)", "PocketSphinx general model"):
            wrong = total = hits = answerable = declined = unanswerable = 0
            times = []
            for (scene, in_view, question, expected), samples in zip(rows, audio):
                start = time.perf_counter()
                if label.startswith("Vitrine"):
                    text = ours[scene].hear(samples).text
                else:
                    text = general.hear(samples)
                times.append(1000 * (time.perf_counter() - start))
                reference = spoken_words(question)
                wrong += errors(reference, text.split())
                total += len(reference)
                ok = BENCH["right"](answerers[scene].ask(text, "en", in_view), expected)
                if expected == "decline":
                    unanswerable += 1
                    declined += ok
                else:
                    answerable += 1
                    hits += ok
            median = statistics.median(times)
            print(f"| {voice} | {label} | {wrong / total:.1%} | {hits / answerable:.0%} "
                  f"| {declined / unanswerable:.0%} | {median:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
