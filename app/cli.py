"""The ``vitrine`` command: run, render, validate, schema, import, speak, guide, pin, kiosk,
stats, new and cache.

Each command is a small function taking parsed arguments and returning an exit code; the
core raises VitrineError subclasses and only this module turns them into messages.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app import __version__
from app.errors import OutputError, SceneError, SceneUnreadable, VitrineError, printable
from app.outputs import check_output_file, check_output_folder

if TYPE_CHECKING:
    from app.scene import SceneDocument
    from app.scene.model import Scene

__all__ = ["build_parser", "main"]

log = logging.getLogger("vitrine")

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
STARTED = time.monotonic()  # when the command began (after Python's own start), for figures


def _quality_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quality",
        choices=["auto", "low", "medium", "high"],
        help="rendering tier (default: the scene's hall.quality, else chosen from the "
        "graphics card: low in software rendering)",
    )


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1280x720") from None
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 16 and 8192")
    return width, height


def _rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number like 1 or 0.9") from None
    if not 0.5 <= rate <= 2.0:  # NaN and infinities fail this too
        raise argparse.ArgumentTypeError("the rate is between 0.5 (slow) and 2 (fast)")
    return rate


def _levels(text: str) -> tuple[float, ...]:
    try:
        levels = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list like 1,0.25,0.05") from None
    if (
        not levels
        or levels[0] != 1
        or any(not 0 < v <= 1 for v in levels)
        or any(a <= b for a, b in zip(levels, levels[1:]))
    ):
        raise argparse.ArgumentTypeError("levels start at 1 and shrink, e.g. 1,0.25,0.05")
    return levels


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vitrine", description="Offline 3D exhibitions with a speaking digital-human guide."
    )
    parser.add_argument("--version", action="version", version=f"vitrine {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation: render a frame, speak a line",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="open an exhibition in the app")
    run.add_argument("scene", type=Path)
    run.add_argument("--lang", help="language to start in (default: the scene's first)")
    run.add_argument("--size", type=_size, default=(1280, 800), help="window size WxH")
    run.add_argument("--edit", action="store_true", help="start in edit mode (F2 toggles it)")
    run.add_argument(
        "--kiosk",
        action="store_true",
        help="frameless full screen for unattended use (also: kiosk.enabled)",
    )
    run.add_argument("--screen", type=int, default=None, help="screen number for --kiosk")
    _quality_option(run)
    run.add_argument("--heartbeat", type=Path, help=argparse.SUPPRESS)
    run.add_argument(
        "--quit-after-frames",
        type=int,
        metavar="N",
        help="close after N frames and print when the first one was drawn (start-up checks)",
    )

    render = commands.add_parser("render", help="render a still of an exhibition to PNG, headless")
    render.add_argument("scene", type=Path)
    render.add_argument("--out", type=Path, required=True, help="PNG file to write")
    render.add_argument("--size", type=_size, default=(1280, 720), help="image size WxH")
    render.add_argument(
        "--view", default="entrance", help="entrance (default), stop:N or exhibit:ID"
    )
    render.add_argument("--lang", help="language of labels (default: the scene's first)")
    render.add_argument(
        "--tour",
        action="store_true",
        help="record the whole guided tour into the --out folder: numbered "
        "frames, narration WAVs, tour.srt and tour.vtt",
    )
    render.add_argument("--fps", type=float, default=10.0, help="frames per second with --tour")
    _quality_option(render)
    render.add_argument(
        "--speech",
        default="auto",
        choices=["auto", "espeak", "pyttsx3", "silent"],
        help="speech engine for --tour",
    )

    validate = commands.add_parser("validate", help="check scene files, listing every problem")
    validate.add_argument("scenes", type=Path, nargs="+")

    schema = commands.add_parser("schema", help="print the scene file JSON Schema")
    schema.add_argument("--out", type=Path, help="write to this file instead of stdout")

    imp = commands.add_parser(
        "import", help="process models (levels of detail, cache), optionally adding them to a scene"
    )
    imp.add_argument("models", type=Path, nargs="+")
    imp.add_argument("--into", type=Path, metavar="SCENE", help="add each model as an exhibit")
    imp.add_argument(
        "--lods",
        type=_levels,
        default=None,
        metavar="1,0.25,0.05",
        help="share of faces kept at each level of detail",
    )
    imp.add_argument("--units", choices=["m", "cm", "mm", "in"], default="m")
    imp.add_argument("--up", choices=["y", "z"], help="up axis (default: by file type)")
    imp.add_argument("--fit", type=float, help="scale each model to this size in metres")
    imp.add_argument("--workers", type=int, help="worker processes (default: up to 4)")

    speak = commands.add_parser("speak", help="synthesise a line to WAV with its viseme timeline")
    speak.add_argument("text")
    speak.add_argument("--lang", default="en", help="language code (en, zh, ...)")
    speak.add_argument("--voice", help="voice name (default: the language's usual voice)")
    speak.add_argument("--rate", type=_rate, default=1.0, help="speed, 1 is normal")
    speak.add_argument("--out", type=Path, required=True, help="WAV file to write")
    speak.add_argument("--visemes", type=Path, help="JSON file for visemes and word times")
    speak.add_argument("--backend", default="auto", choices=["auto", "espeak", "pyttsx3"])

    guide = commands.add_parser("guide", help="the digital-human guide")
    guide_commands = guide.add_subparsers(dest="guide_command", metavar="ACTION", required=True)
    preview = guide_commands.add_parser("preview", help="print the narration with timings")
    preview.add_argument("scene", type=Path)
    preview.add_argument("--lang", help="language (default: every language of the scene)")
    preview.add_argument(
        "--backend", default="auto", choices=["auto", "espeak", "pyttsx3", "silent"]
    )
    preview.add_argument(
        "--paths",
        action="store_true",
        help="print the path the guide walks for each stop, around the plinths",
    )
    preview.add_argument(
        "--readings",
        action="store_true",
        help="show how each line is read: tone-numbered pinyin (zh), the words said (en)",
    )

    ask = commands.add_parser(
        "ask", help="ask the guide a question: its answer, the entry it came from, the score"
    )
    ask.add_argument("scene", type=Path)
    ask.add_argument("question")
    ask.add_argument("--lang", help="language of the question (default: told from its script)")
    ask.add_argument("--exhibit", help="the exhibit in view, for 'it' and 'this one'")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")

    new = commands.add_parser("new", help="make a new exhibition folder to start from")
    new.add_argument("name", type=Path, help="folder to create")

    kiosk = commands.add_parser(
        "kiosk", help="run a kiosk: the app in kiosk mode, restarted after a crash or freeze"
    )
    kiosk.add_argument("scene", type=Path)
    kiosk.add_argument("--screen", type=int, default=None)
    kiosk.add_argument("--lang", help="language to start in")

    stats = commands.add_parser("stats", help="summary of the visits a kiosk recorded")
    stats.add_argument("--file", type=Path, help="analytics file (default: the kiosk's)")

    avatar = commands.add_parser("avatar", help="check a guide avatar (glTF, GLB, VRM)")
    avatar_commands = avatar.add_subparsers(dest="avatar_command", metavar="ACTION", required=True)
    check = avatar_commands.add_parser("check", help="what the avatar supports")
    check.add_argument("file", type=Path)
    check.add_argument("--sheet", type=Path, help="write a contact sheet of its face (PNG)")

    cache = commands.add_parser("cache", help="what Vitrine keeps in its cache, or clear it")
    cache.add_argument("action", choices=["info", "clear"])

    from app.cli_collection import add_collection_commands

    add_collection_commands(commands)

    pin = commands.add_parser("pin", help="make the admin PIN hash for a kiosk scene")
    pin.add_argument("--pin", help="the PIN (asked for when left out)")
    return parser


class _PrintableStream:
    """Wraps stdout or stderr: control characters from file contents or names (ESC, BEL ...)
    are written as escapes, never sent to the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``vitrine`` command; returns its exit code."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PrintableStream(out), _PrintableStream(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # worker processes inside a PyInstaller bundle
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handlers = {
        "run": _cmd_run,
        "render": _cmd_render,
        "validate": _cmd_validate,
        "schema": _cmd_schema,
        "pin": _cmd_pin,
        "import": _cmd_import,
        "speak": _cmd_speak,
        "guide": _cmd_guide,
        "ask": _cmd_ask,
        "kiosk": _cmd_kiosk,
        "new": _cmd_new,
        "stats": _cmd_stats,
        "cache": _cmd_cache,
        "avatar": _cmd_avatar,
        "collection": _cmd_collection,
    }
    if args.self_test:
        from app.selftest import self_test

        return self_test()
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return handlers[args.command](args)
    except SceneUnreadable as exc:
        print(f"{exc.path}: {exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    except SceneError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except OutputError as exc:
        print(f"vitrine {args.command}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except VitrineError as exc:
        print(f"vitrine {args.command}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:  # a file the command needed could not be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"vitrine {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _cmd_validate(args: argparse.Namespace) -> int:
    from app.scene import check_scene

    worst = EXIT_OK
    for path in args.scenes:
        try:
            scene, source = check_scene(path)
        except SceneUnreadable as exc:
            print(f"{exc.path}: {exc.reason}", file=sys.stderr)
            worst = max(worst, EXIT_UNREADABLE)
            continue
        if scene is None:
            for problem in source.problems:
                print(problem)
            count = len(source.problems)
            print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
            worst = max(worst, EXIT_INVALID)
        else:
            from guide.faq_lint import faq_warnings
            from guide.reading_lint import reading_warnings

            for loc, message in [*reading_warnings(scene), *faq_warnings(scene)]:
                print(f"warning: {source.problem(loc, message)}")
            for message in _avatar_problems(scene, path):
                print(f"warning: {source.problem(('guide', 'avatar'), message)}")
            print(
                f"{path}: ok ({len(scene.exhibits)} exhibits, "
                f"{len(scene.tour.stops) if scene.tour else 0} tour stops)"
            )
    return worst


def _avatar_problems(scene: Scene, path: Path) -> list[str]:
    """Why the scene's own avatar cannot be used (the guide then shows the built-in one)."""
    from app.errors import AssetError
    from app.meshes.avatar_info import read_avatar_info
    from app.scene import resolve_asset
    from app.scene.fields import BUILTIN_GUIDES
    from app.scene.references import References

    guide = scene.guide
    if guide is None or guide.avatar in BUILTIN_GUIDES:
        return []
    folder = path.resolve().parent
    try:
        read_avatar_info(resolve_asset(guide.avatar, folder), References.for_exhibition(folder))
    except AssetError as exc:
        return [f"guide.avatar cannot be used ({exc.reason}); the built-in guide shows instead"]
    return []


def _cmd_schema(args: argparse.Namespace) -> int:
    from app.scene.schema import scene_json_schema

    text = json.dumps(scene_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        from app.scene import atomic_write

        check_output_file(args.out)
        atomic_write(args.out, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_pin(args: argparse.Namespace) -> int:
    from app.scene.pin import hash_pin

    pin = args.pin
    if pin is None:
        import getpass

        pin = getpass.getpass("Admin PIN (4-12 digits): ")
        if getpass.getpass("Again: ") != pin:
            print("the two PINs differ", file=sys.stderr)
            return EXIT_INVALID
    try:
        digest = hash_pin(pin)
    except ValueError as exc:
        print(f"vitrine pin: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f'kiosk:\n  admin_pin: "{digest}"')
    return EXIT_OK


def _cmd_speak(args: argparse.Namespace) -> int:
    from app.cli_guide import speak_line

    return speak_line(args)


def _cmd_guide(args: argparse.Namespace) -> int:
    from app.cli_guide import preview_guide

    return preview_guide(args)


def _cmd_ask(args: argparse.Namespace) -> int:
    from app.cli_guide import ask_guide

    return ask_guide(args)


def _cmd_collection(args: argparse.Namespace) -> int:
    from app.cli_collection import run_collection

    return run_collection(args)


def _cmd_import(args: argparse.Namespace) -> int:
    from app.cli_import import import_models

    return import_models(args)


def _cmd_render(args: argparse.Namespace) -> int:
    from app.scene import load_scene

    if args.tour:
        check_output_folder(args.out)
    else:
        check_output_file(args.out)
    document = load_scene(args.scene)
    _check_language(document.scene.languages, args.lang)
    from app.render import open_offscreen
    from app.visit.still import render_still

    base = open_offscreen(*args.size)
    if args.tour:
        try:
            return _record_tour(base, document, args)
        finally:
            base.destroy()
    try:
        shot = render_still(base, document, args.out, args.view, args.lang, quality=args.quality)
    finally:
        base.destroy()
    for problem in shot.problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"wrote {shot.path} ({args.size[0]}x{args.size[1]}, view {args.view})")
    return EXIT_OK


def _record_tour(base: object, document: SceneDocument, args: argparse.Namespace) -> int:
    from app.visit.recording import record_tour
    from guide.speech import guide_voices
    from guide.speech_service import SpeechService

    scene = document.scene
    if scene.tour is None:
        raise VitrineError(f"{args.scene} has no tour to record")
    voices = guide_voices(scene.guide.avatar, scene.guide.voices) if scene.guide else {}
    lexicon = scene.guide.lexicon if scene.guide else {}
    speech = SpeechService(args.speech, voices=voices, lexicon=lexicon)
    try:
        recording = record_tour(
            base, document, args.out, speech, args.lang, args.fps, quality=args.quality
        )
    finally:
        speech.close()
    print(
        f"recorded {len(recording.frames)} frames ({recording.seconds:.1f} s at {args.fps:g} fps), "
        f"{len(recording.wavs)} narration WAVs, {len(recording.cues)} subtitles into {args.out}"
    )
    return EXIT_OK


def _check_language(languages: list[str], wanted: str | None) -> None:
    if wanted is not None and wanted not in languages:
        raise VitrineError(f"the scene has no language '{wanted}' (it has {', '.join(languages)})")


def has_display() -> bool:
    """Whether a window can be opened (a display server, or Qt told to draw offscreen)."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _cmd_run(args: argparse.Namespace) -> int:
    from app.scene import load_scene

    document = load_scene(args.scene)
    _check_language(document.scene.languages, args.lang)
    if not has_display():
        print(
            "vitrine run: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset).\n"
            f"To make a picture without a display: vitrine render {args.scene} --out shot.png",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    from app.shell.app import run_app

    kiosk = args.kiosk or document.scene.kiosk.enabled
    screen = args.screen if args.screen is not None else document.scene.kiosk.screen
    if kiosk:
        from app.kiosk.logs import setup_kiosk_logging

        setup_kiosk_logging()
    return run_app(
        document,
        language=args.lang,
        size=args.size,
        quit_after_frames=args.quit_after_frames,
        kiosk=kiosk,
        screen=screen,
        heartbeat=args.heartbeat,
        edit=args.edit and not kiosk,
        started=STARTED,
        quality=args.quality,
    )


def _cmd_new(args: argparse.Namespace) -> int:
    from app.scene import check_scene
    from app.scene.scaffold import new_exhibition

    scene = new_exhibition(args.name)
    parsed, source = check_scene(scene)
    if parsed is None:  # a broken template would be our bug; say so plainly
        for problem in source.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    print(
        f"created {args.name}/ with {scene.name}, models/ and README.md\nnext: vitrine run {scene}"
    )
    return EXIT_OK


def _cmd_kiosk(args: argparse.Namespace) -> int:
    from app.kiosk.logs import log_dir, setup_kiosk_logging
    from app.kiosk.supervisor import Supervisor
    from app.scene import load_scene

    load_scene(args.scene)  # refuse a broken scene before starting anything
    if not has_display():
        print("vitrine kiosk: no display to open a window on", file=sys.stderr)
        return EXIT_UNREADABLE
    setup_kiosk_logging("supervisor")
    heartbeat = log_dir() / "heartbeat"
    command = [
        sys.executable,
        "-m",
        "app",
        "run",
        str(args.scene),
        "--kiosk",
        "--heartbeat",
        str(heartbeat),
    ]
    if getattr(sys, "frozen", False):
        command = [sys.executable, "run", str(args.scene), "--kiosk", "--heartbeat", str(heartbeat)]
    if args.screen is not None:
        command += ["--screen", str(args.screen)]
    if args.lang:
        command += ["--lang", args.lang]
    supervisor = Supervisor(command, heartbeat)

    def stop(*_: object) -> None:
        supervisor.stop()  # never leave the app running without its supervisor
        sys.exit(0)

    import signal

    signal.signal(signal.SIGTERM, stop)
    try:
        return supervisor.run()
    finally:
        supervisor.stop()


def _cmd_avatar(args: argparse.Namespace) -> int:
    from app.meshes.avatar_info import OCULUS_VISEMES, read_avatar_info

    info = read_avatar_info(args.file)  # AssetError: the reason it cannot be used
    arkit = sorted(n for n in info.target_names if n[:1].islower() and not n.startswith("viseme"))
    visemes = [v for v in OCULUS_VISEMES if f"viseme_{v}" in info.target_names]
    print(f"{args.file}: {'VRM' if info.is_vrm else 'glTF'} avatar")
    print(f"  visemes: {len(visemes)} of 15 ({' '.join(visemes) or 'none'})")
    more = " ..." if len(arkit) > 12 else ""
    print(f"  other face shapes: {len(arkit)} ({', '.join(arkit[:12])}{more})")
    print(f"  expressions: {', '.join(sorted(info.expressions)) or 'none'}")
    mouth = (
        "Oculus visemes" if info.has_oculus_visemes
        else "VRM aa/ih/ou/ee/oh" if info.has_vrm_mouth
        else "ARKit shapes" if info.has_arkit_mouth else "the jaw only, if it has one"
    )  # fmt: skip
    print(f"  lip-sync with: {mouth}")
    from app.render import open_offscreen
    from app.render.avatar import load_avatar

    if args.sheet is not None:
        check_output_file(args.sheet)
    base = open_offscreen(400, 400)  # the bones are found by loading it
    try:
        holder = base.render.attachNewNode("check")
        avatar = load_avatar(args.file, holder, 1.7)
        bones = sorted(avatar.rig.joints) if avatar.rig else []
        print(f"  bones Vitrine moves: {', '.join(bones) or 'none'}")
        holder.removeNode()
        if args.sheet is not None:
            from app.render.avatar_sheet import face_sheet

            shapes = face_sheet(base, args.file, args.sheet)
            print(f"  wrote {args.sheet} ({len(shapes)} faces: {' '.join(shapes)})")
    finally:
        base.destroy()
    for missing in info.lacks():
        print(f"  lacks {missing}")
    return EXIT_OK


def _cmd_cache(args: argparse.Namespace) -> int:
    import shutil

    from app.meshes.cache import DEFAULT_LIMIT_BYTES, ModelCache, cache_use
    from app.paths import cache_root

    models = ModelCache()
    speech = cache_root() / "speech"
    if args.action == "clear":
        removed = models.clear()
        lines = len(list(speech.glob("*.wav"))) if speech.is_dir() else 0
        shutil.rmtree(speech, ignore_errors=True)
        print(f"removed {removed} processed models and {lines} spoken lines from {cache_root()}")
        return EXIT_OK
    use, voice = cache_use(models.root), cache_use(speech)
    print(f"cache folder: {cache_root()}")
    print(
        f"processed models: {use.entries}, {use.bytes / 1e6:.1f} MB "
        f"(limit {DEFAULT_LIMIT_BYTES / 1e9:.1f} GB; the least recently used go first)"
    )
    lines = len(list(speech.glob("*.wav"))) if speech.is_dir() else 0
    print(f"spoken lines: {lines}, {voice.bytes / 1e6:.1f} MB")
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    from app.kiosk.analytics import summarise
    from app.kiosk.logs import log_dir

    path = args.file or log_dir() / "visits.sqlite"
    if not path.is_file():
        print(f"no visits recorded yet ({path} does not exist)")
        return EXIT_OK
    for line in summarise(path).lines():
        print(line)
    return EXIT_OK
