"""Commands given wrong paths and numbers answer with one line and an exit code, never a
traceback, and never say they did what they did not do."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_vitrine

SHOWROOM = "scenes/showroom.vitrine.yaml"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["render", SHOWROOM, "--out", "/nonexistent/dir/x.png"],
            "vitrine render: /nonexistent/dir/x.png: the folder /nonexistent/dir does not exist",
        ),
        (["render", SHOWROOM, "--out", "{tmp}"], "vitrine render: {tmp}: is a folder"),
        (
            ["schema", "--out", "{tmp}/missing/x.json"],
            "vitrine schema: {tmp}/missing/x.json: the folder {tmp}/missing does not exist",
        ),
        (["speak", "hi", "--out", "{tmp}"], "vitrine speak: {tmp}: is a folder"),
        (
            ["render", SHOWROOM, "--tour", "--out", "{tmp}/a/b"],
            "vitrine render: {tmp}/a/b: the folder {tmp}/a does not exist",
        ),
    ],
    ids=[
        "missing folder",
        "folder as image",
        "schema into a missing folder",
        "speak into a folder",
        "tour into a missing folder",
    ],
)
def test_outputs_that_cannot_be_written_are_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_vitrine(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message.replace("{tmp}", str(tmp_path)))


@pytest.mark.parametrize("rate", ["nan", "inf", "-1", "many"])
def test_a_speaking_rate_that_is_not_a_sensible_number_is_refused(
    tmp_path: Path, rate: str
) -> None:
    result = run_vitrine("speak", "hello", "--rate", rate, "--out", str(tmp_path / "x.wav"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument --rate" in result.stderr


def test_a_voice_that_does_not_exist_is_not_replaced_by_another(tmp_path: Path) -> None:
    result = run_vitrine(
        "speak",
        "a line for a voice nobody has",
        "--voice",
        "no-such-voice",
        "--out",
        str(tmp_path / "x.wav"),
        "--backend",
        "espeak",
        env={"VITRINE_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "has no voice 'no-such-voice'" in result.stderr
    assert not (tmp_path / "x.wav").exists()
