"""How well the guide answers questions, on this machine.

Run: ``.venv/bin/python benchmarks/answers.py [--tune]``.

- Accuracy: the question sets in ``benchmarks/questions/{en,zh}.tsv`` (over both example halls,
  worded differently from the FAQ text) — the top answer must come from the expected entry (or
  be the expected built-in: where, who, greeting, thanks, tour); questions the content cannot
  answer must be declined. Goals: 90% and 80%.
- Time from question to the first sound of the answer, warm: answering plus synthesising the
  answer with eSpeak (the audio starts when the WAV is ready), median and worst.
- ``--tune`` prints both rates for a range of confidence thresholds.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))

import guide.answers as answers  # noqa: E402
from app.scene import load_scene  # noqa: E402
from guide.answers import Answer, Answerer  # noqa: E402

SCENES = {"showroom": "showroom.vitrine.yaml", "heritage": "heritage.vitrine.yaml"}


def questions(language: str, name: str = "") -> list[tuple[str, str | None, str, str]]:
    """The question set ``{name}{language}.tsv`` (``name`` "heldout-" for the held-out one)."""
    rows = []
    path = HERE / "questions" / f"{name}{language}.tsv"
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        scene, in_view, question, expected = line.split("\t")
        rows.append((scene, None if in_view == "-" else in_view, question, expected))
    return rows


def right(answer: Answer, expected: str) -> bool:
    if expected == "decline":
        return answer.intent == "unknown"
    if expected.startswith("where:"):
        return answer.intent == "where" and answer.exhibit == expected.split(":", 1)[1]
    if expected in ("who", "greeting", "thanks", "start_tour", "stop_tour"):
        return answer.intent == expected
    return answer.intent == "answer" and answer.source in expected.split("|")


def rates(
    answerers: dict[str, Answerer], language: str, name: str = ""
) -> tuple[float, float, list[str]]:
    hits = declined = answerable = unanswerable = 0
    misses = []
    for scene, in_view, question, expected in questions(language, name):
        answer = answerers[scene].ask(question, language, in_view)
        ok = right(answer, expected)
        if expected == "decline":
            unanswerable += 1
            declined += ok
        else:
            answerable += 1
            hits += ok
        if not ok:
            misses.append(f"  {question!r}: got {answer.source or answer.intent} "
                          f"({answer.score:.2f}), want {expected}")  # fmt: skip
    return hits / answerable, declined / unanswerable, misses


def main() -> None:
    answerers = {name: Answerer(load_scene(REPO / "scenes" / file).scene)
                 for name, file in SCENES.items()}  # fmt: skip
    if "--tune" in sys.argv:
        for threshold in (0.2, 0.25, 0.3, 0.34, 0.38, 0.42, 0.46, 0.5):
            answers.THRESHOLD = threshold
            cells = [rates(answerers, lang)[:2] for lang in ("en", "zh")]
            print(f"{threshold:.2f}: " + "  ".join(f"{a:.0%}/{d:.0%}" for a, d in cells))
        return
    print("| set | language | answerable | right entry | unanswerable | declined |")
    print("|---|---|---:|---:|---:|---:|")
    all_misses = []
    for name in ("", "heldout-"):
        for language in ("en", "zh"):
            rows = questions(language, name)
            right_rate, decline_rate, misses = rates(answerers, language, name)
            answerable = sum(1 for r in rows if r[3] != "decline")
            label = name.rstrip("-") or "main"
            print(f"| {label} | {language} | {answerable} | {right_rate:.0%} "
                  f"| {len(rows) - answerable} | {decline_rate:.0%} |")  # fmt: skip
            all_misses += [f"{label} {language}{m}" for m in misses]
    print("\nmisses:\n" + "\n".join(all_misses) if all_misses else "\nno misses")
    latency(answerers)


def latency(answerers: dict[str, Answerer]) -> None:
    from guide.speech_service import SpeechService

    with tempfile.TemporaryDirectory() as folder:
        service = SpeechService("espeak", cache_dir=Path(folder))
        try:
            service.speak("Warming up.", "en")
            service.speak("预热一下。", "zh")
            times = {"en": [], "zh": []}  # type: dict[str, list[float]]
            for language in ("en", "zh"):
                for index, (scene, in_view, question, _) in enumerate(questions(language)[:30]):
                    start = time.perf_counter()
                    answer = answerers[scene].ask(question, language, in_view)
                    utterance = service.speak(f"{answer.text} ({index})", language)
                    assert utterance.wav is not None
                    times[language].append(1000 * (time.perf_counter() - start))
        finally:
            service.close()
    print("\n| language | question to first sound, median ms | worst ms |")
    print("|---|---:|---:|")
    for language, values in times.items():
        print(f"| {language} | {statistics.median(values):.0f} | {max(values):.0f} |")


if __name__ == "__main__":
    main()
