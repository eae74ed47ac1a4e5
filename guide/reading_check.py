"""Checking the text front-end against a list of cases (``line<TAB>expected reading``), as
``benchmarks/guide.py`` and the tests do: readings compared syllable by syllable, punctuation
aside."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guide.reading import read_line, readings_text

__all__ = ["CaseResult", "check_cases", "load_cases"]


@dataclass(frozen=True)
class CaseResult:
    line: str
    expected: str
    got: str

    @property
    def ok(self) -> bool:
        return _tokens(self.expected) == _tokens(self.got)


def _tokens(reading: str) -> list[str]:
    return [
        t for t in re.split(r"[\s,.!?;:]+", reading.replace("⟨", " ⟨ ").replace("⟩", " ⟩ ")) if t
    ]


def load_cases(path: Path) -> list[tuple[str, str]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, _, expected = line.partition("\t")
            cases.append((text, expected))
    return cases


def check_cases(path: Path, language: str) -> list[CaseResult]:
    """Each case's expected and actual reading."""
    return [
        CaseResult(text, expected, readings_text(read_line(text, language)))
        for text, expected in load_cases(path)
    ]
