"""``vitrine speak``, ``vitrine guide preview`` and ``vitrine ask``: the guide from the
command line."""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys

from app.errors import VitrineError
from app.outputs import check_output_file

__all__ = ["ask_guide", "preview_guide", "speak_line"]


def ask_guide(args: argparse.Namespace) -> int:
    """Print the guide's answer to a question, where it came from and how sure it is."""
    from dataclasses import asdict

    from app.scene import load_scene
    from guide.answers import Answerer, language_of

    scene = load_scene(args.scene).scene
    language = args.lang or language_of(args.question, scene.languages)
    if language not in scene.languages:
        raise VitrineError(
            f"the scene speaks {', '.join(scene.languages)}, not '{language}' (--lang)"
        )
    if args.exhibit is not None and args.exhibit not in {e.id for e in scene.exhibits}:
        raise VitrineError(f"no exhibit '{args.exhibit}' in {args.scene.name} (--exhibit)")
    answer = Answerer(scene).ask(args.question, language, args.exhibit)
    if args.json:
        print(json.dumps(asdict(answer), ensure_ascii=False, indent=1))
        return 0
    print(answer.text)
    where = answer.source or f"built-in ({answer.intent})"
    print(f"  from: {where}   score: {answer.score:.2f}" + (
        f"   about: {answer.exhibit}" + (f".{answer.hotspot}" if answer.hotspot else "")
        if answer.exhibit else ""
    ))  # fmt: skip
    return 0


def speak_line(args: argparse.Namespace) -> int:
    from guide.speech_service import SpeechService

    check_output_file(args.out)
    if args.visemes:
        check_output_file(args.visemes)
    voices = {args.lang: args.voice} if args.voice else None
    service = SpeechService(args.backend, voices=voices)
    try:
        utterance = service.speak(args.text, args.lang, args.rate)
    finally:
        service.close()
    if utterance.wav is None:
        reason = "; ".join(utterance.notes) or "no speech engine"
        raise VitrineError(f"no audio was made: {reason}")
    shutil.copyfile(utterance.wav, args.out)
    if args.visemes:
        data = utterance.to_json()
        data["wav"] = str(args.out)
        args.visemes.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"wrote {args.out} ({utterance.duration_ms / 1000:.2f} s, voice {utterance.request.voice}, "
        f"{utterance.backend}, {len(utterance.visemes)} visemes, {len(utterance.words)} words)"
    )
    return 0


def _reading(
    text: str,
    language: str,
    lexicon: dict[str, dict[str, str]],
    stressed: tuple[tuple[int, int], ...],
) -> str:
    """The line as the voice gets it: tone-numbered pinyin (zh) or the words said (en)."""
    from guide.reading import read_line, readings_text

    return readings_text(read_line(text, language, lexicon, stressed))


def _print_paths(scene: object) -> None:
    """Each leg the guide walks on the tour, as points in the hall (metres)."""
    from app.scene.model import Scene
    from app.scene.walkway import guide_start, plan_path, tour_spots

    assert isinstance(scene, Scene)
    here = guide_start(scene)
    for label, spot in tour_spots(scene):
        path = plan_path(scene, here, spot)
        points = " -> ".join(f"({x:.2f}, {y:.2f})" for x, y in path)
        length = sum(math.dist(a, b) for a, b in zip(path, path[1:]))
        print(f"path {label}: {points}  [{length:.1f} m]")
        here = spot


def _clock(ms: float) -> str:
    return f"{int(ms // 60000):02d}:{ms % 60000 / 1000:06.3f}"


def preview_guide(args: argparse.Namespace) -> int:
    from app.scene import load_scene
    from guide.script import build_script
    from guide.speech import guide_voices
    from guide.speech_service import SpeechService

    document = load_scene(args.scene)
    scene = document.scene
    languages = [args.lang] if args.lang else scene.languages
    if args.lang and args.lang not in scene.languages:
        raise VitrineError(
            f"the scene has no language '{args.lang}' (it has {', '.join(scene.languages)})"
        )
    voices = guide_voices(scene.guide.avatar, scene.guide.voices) if scene.guide else {}
    lexicon = scene.guide.lexicon if scene.guide else {}
    rate = scene.guide.rate if scene.guide else 1.0
    service = SpeechService(args.backend, voices=voices, lexicon=lexicon)
    readings = getattr(args, "readings", False)
    if getattr(args, "paths", False):
        _print_paths(scene)
    problems = 0
    try:
        for language in languages:
            script = build_script(scene, language)
            print(f"== {scene.title[language]} [{language}] ==")
            clock = 0.0
            for line in script.in_order():
                print(f"{_clock(clock)}  {line.key}  ({line.gesture}, look at {line.look_at})")
                for part in line.parts:
                    if part.text:
                        stressed = tuple(
                            (c.char, c.char + len(c.value))
                            for c in part.cues
                            if c.kind == "emphasis"
                        )
                        utterance = service.speak(part.text, language, rate, 1.0, stressed)
                        print(
                            f"    {_clock(clock)} +{utterance.duration_ms / 1000:5.2f}s  "
                            f"{part.text}"
                        )
                        if readings:
                            print(
                                f"      reads: {_reading(part.text, language, lexicon, stressed)}"
                            )
                        for note in utterance.notes:
                            print(f"    note: {note}")
                        clock += utterance.duration_ms
                    if part.pause_after:
                        print(f"    {_clock(clock)} pause {part.pause_after:g}s")
                        clock += part.pause_after * 1000
                if line.stop is not None and scene.tour is not None:
                    clock += scene.tour.stops[line.stop].pause * 1000
            print(f"{_clock(clock)}  end of tour\n")
            for problem in script.problems:
                print(f"warning: {problem}", file=sys.stderr)
                problems += 1
    finally:
        service.close()
    return 1 if problems else 0
