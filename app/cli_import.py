"""``vitrine import``: process models in parallel workers, report them, add them to a scene."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from app.meshes import Loaded, ModelLibrary, ModelRequest, PipelineSettings, Placement, default_up

__all__ = ["import_models", "progress_bar"]


def progress_bar(done: int, total: int, label: str, width: int = 28) -> str:
    """``[#######-------]  3/7 name`` for a terminal line."""
    filled = round(width * done / max(total, 1))
    return f"[{'#' * filled}{'-' * (width - filled)}] {done:>{len(str(total))}}/{total} {label}"


def _describe(result: Loaded) -> str:
    name = result.request.path.name
    if result.error is not None:
        return f"{name}: FAILED: {result.error.reason}"
    model = result.model
    assert model is not None
    levels = " / ".join(f"{model.level_triangles(i):,}" for i in range(len(model.levels)))
    where = "from cache" if result.from_cache else "processed"
    materials = f"{model.materials} material{'s' if model.materials != 1 else ''}"
    return (
        f"{name}: {model.triangle_count:,} triangles; levels {levels}; {materials}; "
        f"{result.seconds:.2f} s ({where})"
    )


def _title_from_name(stem: str) -> str:
    """``DamagedHelmet`` and ``damaged_helmet`` both become ``Damaged Helmet``."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", stem).replace("_", " ").replace("-", " ")
    return " ".join(word[:1].upper() + word[1:] for word in words.split()) or stem


def import_models(args: argparse.Namespace) -> int:
    settings = PipelineSettings(levels=args.lods) if args.lods else PipelineSettings()
    requests = [
        ModelRequest(
            path,
            Placement(up=args.up or default_up(path.suffix), units=args.units, fit=args.fit),
            settings,
        )
        for path in args.models
    ]
    document = None
    if args.into is not None:
        from app.scene import load_scene

        document = load_scene(args.into)
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int, result: Loaded) -> None:
        line = progress_bar(done, total, result.request.path.name)
        if interactive:
            sys.stderr.write("\r" + line + " " * 8 + ("\n" if done == total else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    start = time.perf_counter()
    library = ModelLibrary(workers=args.workers)
    try:
        results = library.load_many(requests, progress)
    finally:
        library.close()
    for result in results:
        print(_describe(result))
        for warning in result.warnings:
            print(f"  warning: {warning}")
    failed = sum(result.error is not None for result in results)
    print(
        f"{len(results) - failed} of {len(results)} models ready in "
        f"{time.perf_counter() - start:.2f} s"
    )
    if document is not None:
        _add_to_scene(document, [r for r in results if r.model is not None])
    return 1 if failed else 0


def _add_to_scene(document: object, results: list[Loaded]) -> None:
    from app.meshes.importing import copy_into_exhibition
    from app.scene import SceneDocument
    from app.scene.editing import add_exhibit, free_position, unique_exhibit_id

    assert isinstance(document, SceneDocument)
    placed: list[tuple[float, float]] = []
    added = []
    for result in results:
        path: Path = result.request.path
        reference = copy_into_exhibition(path, document.base_dir)
        exhibit_id = unique_exhibit_id(document, path.stem)
        position = free_position(document, placed)
        placed.append(position)
        title = _title_from_name(path.stem)
        add_exhibit(
            document, exhibit_id, reference, position, title, fit=result.request.placement.fit
        )
        added.append(exhibit_id)
    if added:
        document.save()
        print(f"added {', '.join(added)} to {document.path}")
