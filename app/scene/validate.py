"""Validation of scene files: every problem at once, each with file, line, column and message."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.errors import Problem
from app.scene.fields import LANGUAGE_CODE
from app.scene.model import FORMAT_VERSION, Scene
from app.scene.yaml_source import Loc, YamlSource

__all__ = ["validate_source"]


def validate_source(source: YamlSource, *, check_files: bool = True) -> Scene | None:
    """Validate a parsed source; append problems to it and return the scene if there are none."""
    data = source.data
    if source.problems:
        return None
    if not isinstance(data, dict):
        source.problems.append(
            source.problem((), "a scene file must be a mapping of keys (format, title, ...)")
        )
        return None
    if not _format_ok(source, data):
        return None
    context = {
        "languages": _raw_languages(data),
        "base_dir": source.path.parent,
        "check_files": check_files,
    }
    scene: Scene | None = None
    try:
        scene = Scene.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        misspelt = {
            (*tuple(e["loc"][:-1]), suggestion)
            for e in errors
            if e["type"] == "extra_forbidden" and (suggestion := _suggest_key(tuple(e["loc"])))
        }
        for error in errors:
            if error["type"] == "missing" and tuple(error["loc"]) in misspelt:
                continue  # reported once, as the misspelt key with its suggestion
            source.problems.append(_problem_from_error(source, error))
    source.problems.extend(_cross_checks(source, data))
    unique = sorted(set(source.problems))
    source.problems[:] = unique
    return scene if not unique else None


def _format_ok(source: YamlSource, data: dict[str, Any]) -> bool:
    if "format" not in data:
        source.problems.append(
            source.problem(
                (), f"missing 'format: {FORMAT_VERSION}' (the first key of a scene file)"
            )
        )
        return False
    version = data["format"]
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        source.problems.append(
            source.problem(
                ("format",),
                f"format {version} is newer than this Vitrine reads (up to {FORMAT_VERSION}); "
                "update Vitrine",
            )
        )
        return False
    if version != FORMAT_VERSION:
        source.problems.append(
            source.problem(("format",), f"format must be {FORMAT_VERSION}, got {_show(version)}")
        )
        return False
    return True


def _raw_languages(data: dict[str, Any]) -> list[str]:
    """The scene's language codes, or none when the list itself is malformed."""
    langs = data.get("languages")
    if not isinstance(langs, list):
        return []
    good = [lang for lang in langs if isinstance(lang, str) and LANGUAGE_CODE.match(lang)]
    # With a malformed code in the list, checking every text against it would only repeat
    # that one mistake; the list itself is reported instead.
    return good if len(good) == len(langs) else []


def _label(loc: Loc, data: Any = None) -> str:
    """A curator-friendly name for a place: ``exhibit 'kettle'.info.title``, ``tour stop 2``."""
    out = ""
    node = data
    for index, part in enumerate(loc):
        child = _child(node, part)
        if isinstance(part, int):
            parent = loc[index - 1] if index else None
            ident = child.get("id") if isinstance(child, dict) else None
            if parent == "exhibits" and isinstance(ident, str) and out == "exhibits":
                out = f"exhibit '{ident}'"
            elif parent == "stops" and out == "tour.stops":
                out = f"tour stop {part + 1}"
            elif parent == "hotspots" and isinstance(ident, str):
                out += f".hotspot '{ident}'"
            else:
                out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
        node = child
    return out or "scene"


def _child(node: Any, part: int | str) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "nothing"
    return repr(value)


_EXPECT = {
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
}


def _problem_from_error(source: YamlSource, error: ErrorDetails) -> Problem:
    loc: Loc = tuple(
        p for p in error["loc"] if not (isinstance(p, str) and "[" in p and p != "[key]")
    )
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        message = ctx.get("error", error["msg"])
        return source.problem(loc, f"{_label(loc[:-1], source.data)}: {message}", key=True)
    label = _label(loc, source.data)
    if kind == "missing":
        parent = loc[:-1]
        return source.problem(
            parent, f"{_label(parent, source.data)}: missing required key '{loc[-1]}'"
        )
    if kind == "extra_forbidden":
        return source.problem(loc, _unknown_key(loc, source.data), key=True)
    if kind in _EXPECT:
        return source.problem(loc, f"{label}: expected {_EXPECT[kind]}, got {_show(value)}")
    if kind in ("too_short", "too_long"):
        return source.problem(loc, _length_message(label, value, ctx))
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        limit = next(iter(ctx.values()))
        return source.problem(loc, f"{label}: must be {words} {limit:g}, got {_show(value)}")
    if kind == "literal_error":
        return source.problem(loc, _choice_message(label, value, ctx.get("expected", "")))
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "admin_pin":
        return source.problem(
            loc, f"{label}: not a PIN hash; make one with 'vitrine pin' and paste it here"
        )
    if kind in ("value_error", "assertion_error"):
        return source.problem(loc, f"{label}: {ctx.get('error', error['msg'])}")
    return source.problem(loc, f"{label}: {error['msg']}")


def _length_message(label: str, value: Any, ctx: dict[str, Any]) -> str:
    actual = ctx.get("actual_length", len(value) if isinstance(value, (list, tuple)) else "?")
    low, high = ctx.get("min_length"), ctx.get("max_length")
    if ctx.get("field_type") == "Tuple":
        return f"{label}: expected {low if high is None else high} values, got {actual}"
    if high is None:
        return f"{label}: needs at least {low} item{'s' if low != 1 else ''}, got {actual}"
    return f"{label}: at most {high} items, got {actual}"


def _choice_message(label: str, value: Any, expected: str) -> str:
    options = [opt.strip(" '") for opt in expected.replace(" or ", ", ").split(",")]
    text = f"{label}: {_show(value)} is not one of {', '.join(options)}"
    if isinstance(value, str):
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
        if close:
            text += f"; did you mean '{close[0]}'?"
    return text


def _suggest_key(loc: Loc) -> str | None:
    model = _model_at(loc[:-1])
    if model is None:
        return None
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key(loc: Loc, data: Any) -> str:
    parent = loc[:-1]
    where = f" in {_label(parent, data)}" if parent else ""
    text = f"unknown key '{loc[-1]}'{where}"
    suggestion = _suggest_key(loc)
    if suggestion:
        text += f"; did you mean '{suggestion}'?"
    return text


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model class that validates the mapping at ``loc``."""
    current: Any = Scene
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if typing.get_origin(current) is list:
                current = typing.get_args(current)[0]
                continue
            return None
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = field.annotation
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


def _list_at(data: Any, key: str) -> list[Any]:
    """``data[key]`` when it is a list (the curator may have written anything there)."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _mapping_at(data: Any, key: str) -> dict[str, Any]:
    """``data[key]`` when it is a mapping, else an empty one."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _cross_checks(source: YamlSource, data: dict[str, Any]) -> list[Problem]:
    """Checks that span several parts of the file: ids, references, placement."""
    problems: list[Problem] = []
    exhibits = _list_at(data, "exhibits")
    ids: dict[str, int] = {}
    for index, item in enumerate(exhibits):
        if not isinstance(item, dict):
            continue
        exhibit_id = item.get("id")
        if isinstance(exhibit_id, str):
            if exhibit_id in ids:
                first_line = source.where(("exhibits", ids[exhibit_id], "id"))[0]
                problems.append(
                    source.problem(
                        ("exhibits", index, "id"),
                        f"duplicate exhibit id '{exhibit_id}' (first used on line {first_line})",
                    )
                )
            else:
                ids[exhibit_id] = index
        problems.extend(_hotspot_ids(source, index, item))
        problems.extend(_faq_looks(source, index, item))
        problems.extend(_placement(source, data, index, item))
    problems.extend(_tour_references(source, data, ids))
    for f_index, entry in enumerate(_list_at(data, "faq")):
        look = entry.get("look") if isinstance(entry, dict) else None
        if isinstance(look, str) and look not in ids:
            problems.append(
                source.problem(("faq", f_index, "look"), f"no exhibit '{look}' to look at")
            )
    problems.extend(_voice_languages(source, data))
    return problems


def _faq_looks(source: YamlSource, index: int, item: dict[str, Any]) -> list[Problem]:
    """An exhibit's faq ``look`` names one of its hotspots."""
    spots = {h.get("id") for h in _list_at(item, "hotspots") if isinstance(h, dict)}
    problems = []
    for f_index, entry in enumerate(_list_at(item, "faq")):
        look = entry.get("look") if isinstance(entry, dict) else None
        if isinstance(look, str) and look not in spots:
            known = ", ".join(sorted(str(s) for s in spots if s)) or "none"
            problems.append(
                source.problem(
                    ("exhibits", index, "faq", f_index, "look"),
                    f"no hotspot '{look}' on exhibit '{item.get('id')}' (its hotspots: {known})",
                )
            )
    return problems


def _hotspot_ids(source: YamlSource, index: int, item: dict[str, Any]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    hotspots = _list_at(item, "hotspots")
    for h_index, hotspot in enumerate(hotspots):
        hid = hotspot.get("id") if isinstance(hotspot, dict) else None
        if isinstance(hid, str):
            if hid in seen:
                problems.append(
                    source.problem(
                        ("exhibits", index, "hotspots", h_index, "id"),
                        f"duplicate hotspot id '{hid}' in exhibit '{item.get('id')}'",
                    )
                )
            seen.add(hid)
    return problems


def _numbers(value: Any, count: int) -> list[float] | None:
    if isinstance(value, list) and len(value) == count:
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return [float(v) for v in value]
    return None


def _placement(
    source: YamlSource, data: dict[str, Any], index: int, item: dict[str, Any]
) -> list[Problem]:
    hall = _mapping_at(data, "hall")
    size = _numbers(hall.get("size", [20.0, 14.0, 4.5]), 3)
    pos = _numbers(item.get("position"), 2)
    if size is None or pos is None:
        return []
    half_w, half_d = size[0] / 2, size[1] / 2
    if abs(pos[0]) < half_w and abs(pos[1]) < half_d:
        return []
    return [
        source.problem(
            ("exhibits", index, "position"),
            f"exhibit '{item.get('id')}' at ({pos[0]:g}, {pos[1]:g}) is outside the hall "
            f"(x from {-half_w:g} to {half_w:g}, y from {-half_d:g} to {half_d:g})",
        )
    ]


def _tour_references(
    source: YamlSource, data: dict[str, Any], ids: dict[str, int]
) -> list[Problem]:
    tour = _mapping_at(data, "tour")
    stops = _list_at(tour, "stops")
    problems = []
    for index, stop in enumerate(stops):
        target = stop.get("exhibit") if isinstance(stop, dict) else None
        if isinstance(target, str) and target not in ids:
            text = f"tour stop {index + 1} names exhibit '{target}', which is not in exhibits"
            close = difflib.get_close_matches(target, list(ids), n=1, cutoff=0.6)
            if close:
                text += f"; did you mean '{close[0]}'?"
            problems.append(source.problem(("tour", "stops", index, "exhibit"), text))
    return problems


def _voice_languages(source: YamlSource, data: dict[str, Any]) -> list[Problem]:
    guide = _mapping_at(data, "guide")
    voices = _mapping_at(guide, "voices")
    languages = _raw_languages(data)
    return [
        source.problem(
            ("guide", "voices", lang),
            f"guide.voices: voice for '{lang}', which is not in the scene's languages "
            f"({', '.join(languages)})",
            key=True,
        )
        for lang in voices
        if languages and isinstance(lang, str) and lang not in languages
    ]
