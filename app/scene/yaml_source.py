"""Reading YAML safely for curators: size and alias limits, and where every value sits.

A scene file is parsed once with ruamel.yaml's round-trip loader. The result keeps the
curator's comments and key order (for saving) and knows the line and column of every key and
value (for error messages). ``plain_tree`` turns it into plain dicts and lists for validation,
counting nodes so that an alias bomb is refused instead of expanded.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from app.errors import Problem, SceneUnreadable
from app.scene.references import os_reason

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "YamlSource",
    "new_yaml",
    "parse_yaml",
    "read_yaml",
]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

Loc = tuple[int | str, ...]


def new_yaml() -> YAML:
    """A round-trip YAML object configured the way Vitrine reads and writes scene files."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.width = 4096  # never re-wrap a curator's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass
class YamlSource:
    """A parsed YAML document with plain data and the position of every node."""

    path: Path
    text: str
    document: Any
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    value_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value (or key) at ``loc``, else of its nearest parent."""
        table = self.key_at if key else self.value_at
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.value_at:
                return self.value_at[probe]
            probe = probe[:-1]
        return self.value_at.get((), (1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(loc, key=key)
        return Problem(str(self.path), line, col, message)


def _mark_problem(path: Path, mark: Any, message: str) -> Problem:
    line = (mark.line + 1) if mark is not None else 1
    col = (mark.column + 1) if mark is not None else 1
    return Problem(str(path), line, col, message)


def read_yaml(path: Path) -> YamlSource:
    """Read and parse ``path``; raise SceneUnreadable when it cannot be read at all.

    Syntax errors, duplicate keys and alias bombs come back as problems on the source.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SceneUnreadable(path, "no such file") from None
    except RuntimeError:
        raise SceneUnreadable(path, "is a symlink loop") from None
    except OSError as exc:
        raise SceneUnreadable(path, os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise SceneUnreadable(path, "is a folder, not a scene file")
    if not stat.S_ISREG(info.st_mode):
        raise SceneUnreadable(path, "is not a regular file (a pipe, a device or a socket)")
    if info.st_size > MAX_FILE_BYTES:
        raise SceneUnreadable(
            path,
            f"file is {info.st_size / 1_048_576:.1f} MiB; scene files are limited to "
            f"{MAX_FILE_BYTES // 1_048_576} MiB (put large data in model files)",
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SceneUnreadable(path, os_reason(exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SceneUnreadable(
            path, f"file grew past {MAX_FILE_BYTES // 1_048_576} MiB while it was read"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SceneUnreadable(path, f"not UTF-8 text (bad byte at offset {exc.start})") from None

    return parse_yaml(path, text)


def parse_yaml(path: Path, text: str) -> YamlSource:
    """Parse YAML ``text`` that came from (or will go to) ``path``; problems go on the source."""
    source = YamlSource(path=path, text=text, document=None)
    try:
        source.document = new_yaml().load(text)
    except DuplicateKeyError as exc:
        source.problems.append(_mark_problem(path, exc.problem_mark, _duplicate_message(exc)))
        return source
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = (exc.problem or exc.context or "YAML syntax error").strip()
        if exc.problem and exc.context and exc.context_mark is not None:
            if mark is None or exc.context_mark.line != mark.line:
                what = exc.context.replace("while parsing ", "").replace("a flow ", "the ")
                what = {"the sequence": "the [ ] list", "the mapping": "the { } mapping"}.get(
                    what, what
                )
                reason += f" (in {what} that starts on line {exc.context_mark.line + 1})"
        source.problems.append(_mark_problem(path, mark, f"YAML syntax error: {reason}"))
        return source
    except (YAMLError, RecursionError) as exc:
        source.problems.append(Problem(str(path), 1, 1, f"YAML error: {exc}"))
        return source
    except ValueError as exc:  # e.g. an integer of thousands of digits
        source.problems.append(
            Problem(
                str(path),
                1,
                1,
                f"YAML error: a value cannot be read ({str(exc).split(';')[0][:120]})",
            )
        )
        return source
    except (AttributeError, TypeError, KeyError, IndexError):  # ruamel on a self-merging key
        source.problems.append(
            Problem(
                str(path),
                1,
                1,
                "YAML error: the document cannot be read (a merge key '<<' that includes itself?)",
            )
        )
        return source

    try:
        source.data = _Flattener(source).run()
    except _TooBig as exc:
        source.data = None
        source.problems.append(Problem(str(path), exc.line, exc.column, exc.message))
    return source


def _duplicate_message(exc: DuplicateKeyError) -> str:
    text = str(exc.problem or "")
    start = text.find('"')
    key = text[start + 1 : text.find('"', start + 1)] if start >= 0 else "?"
    return f"duplicate key '{key}' (each key may appear once in a mapping)"


class _TooBig(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


class _Flattener:
    """Copies the round-trip tree into plain Python data, recording positions on the way."""

    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.nodes = 0
        self.active: set[int] = set()

    def run(self) -> Any:
        self.source.value_at[()] = (1, 1)
        return self._copy(self.source.document, (), 0, (1, 1))

    def _copy(self, node: Any, loc: Loc, depth: int, at: tuple[int, int]) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(
                *at,
                f"document expands to more than {MAX_NODES:,} values; "
                "refusing it (too many aliases, or an alias bomb)",
            )
        if depth > MAX_DEPTH:
            raise _TooBig(*at, f"document is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, CommentedMap):
            return self._copy_map(node, loc, depth)
        if isinstance(node, CommentedSeq):
            return self._copy_seq(node, loc, depth)
        if isinstance(node, str):
            return str(node)
        if isinstance(node, bool):
            return bool(node)
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        return node

    def _enter(self, node: Any, at: tuple[int, int]) -> None:
        if id(node) in self.active:
            raise _TooBig(*at, "an alias refers to the mapping or list that contains it")
        self.active.add(id(node))

    def _copy_map(self, node: CommentedMap, loc: Loc, depth: int) -> dict[Any, Any]:
        own = (node.lc.line + 1, node.lc.col + 1)
        self._enter(node, own)
        out: dict[Any, Any] = {}
        for key in node:
            child = (*loc, key)
            try:
                kline, kcol = node.lc.key(key)
                vline, vcol = node.lc.value(key)
                self.source.key_at.setdefault(child, (kline + 1, kcol + 1))
                value = node[key]
                if isinstance(value, (CommentedMap, CommentedSeq)) and value.lc.line is not None:
                    self.source.value_at.setdefault(child, (value.lc.line + 1, value.lc.col + 1))
                else:
                    self.source.value_at.setdefault(child, (vline + 1, vcol + 1))
            except (KeyError, TypeError, AttributeError):
                # Keys that came in through a merge (<<) have no position of their own.
                self.source.value_at.setdefault(child, own)
            out[key] = self._copy(node[key], child, depth + 1, self.source.where(child))
        self.active.discard(id(node))
        return out

    def _copy_seq(self, node: CommentedSeq, loc: Loc, depth: int) -> list[Any]:
        own = (node.lc.line + 1, node.lc.col + 1)
        self._enter(node, own)
        out: list[Any] = []
        for index, value in enumerate(node):
            child = (*loc, index)
            try:
                line, col = node.lc.item(index)
                self.source.value_at.setdefault(child, (line + 1, col + 1))
            except (KeyError, TypeError, AttributeError):
                self.source.value_at.setdefault(child, own)
            out.append(self._copy(value, child, depth + 1, self.source.where(child)))
        self.active.discard(id(node))
        return out
