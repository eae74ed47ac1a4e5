"""Scene files a careless curator or an attacker could write: numbers that would crash the
engine (NaN, negative, denormal, thousands of digits), self-merging YAML, files that are pipes
or devices. Each is a problem with its line, or one clear line from the command, never a
traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import SceneUnreadable
from app.scene import check_scene

from conftest import MINIMAL_SCENE, REPO, write_cube

_EXTRA = {
    "hall size NaN": ("hall:\n  size: [.nan, 10, 4]\n", "hall.size[0]", "finite number"),
    "hall size infinite": ("hall:\n  size: [20, .inf, 4]\n", "hall.size[1]", "finite number"),
    "negative hall": ("hall:\n  size: [-20, 10, 4]\n", "hall.size", "at least 3 x 3 m"),
}


def _scene(tmp_path: Path, text: str) -> Path:
    write_cube(tmp_path / "models" / "cube.glb")
    path = tmp_path / "show.vitrine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(_EXTRA))
def test_hall_numbers_that_would_crash_the_engine_are_problems(tmp_path: Path, case: str) -> None:
    extra, where, message = _EXTRA[case]
    path = _scene(tmp_path, MINIMAL_SCENE + extra)
    scene, source = check_scene(path)
    assert scene is None
    assert any(
        p.line == 12 and where in p.message and message in p.message for p in source.problems
    ), source.problems


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "    position: [0, 0]\n",
            "    position: [0, 0]\n    plinth: {size: [-1, 0.5]}\n",
            "plinth.size[0]",
            "at least 0.01",
        ),
        (
            "    position: [0, 0]\n",
            "    position: [0, 0]\n    plinth: {height: .nan}\n",
            "plinth.height",
            "finite number",
        ),
        (
            "    position: [0, 0]\n",
            "    position: [0, 0]\n    scale: 1e-300\n",
            "scale",
            "at least 0.0001",
        ),
        ("    position: [0, 0]\n", "    position: [.nan, 0]\n", "position[0]", "finite number"),
        ("    position: [0, 0]\n", "    position: [1e300, 0]\n", "position[0]", "at most 10000"),
        (
            "    position: [0, 0]\n",
            "    position: [0, 0]\n    hotspots:\n      - id: h\n        position: [0, .nan, 0]\n"
            "        title: {en: H, zh: H}\n        text: {en: H, zh: H}\n",
            "position[1]",
            "finite number",
        ),
    ],
    ids=[
        "negative plinth",
        "NaN plinth",
        "denormal scale",
        "NaN position",
        "huge position",
        "NaN hotspot",
    ],
)
def test_exhibit_numbers_that_would_crash_the_engine_are_problems(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    path = _scene(tmp_path, MINIMAL_SCENE.replace(old, new))
    scene, source = check_scene(path)
    assert scene is None
    assert any(where in p.message and message in p.message for p in source.problems), (
        source.problems
    )


def test_a_tour_camera_that_looks_at_itself_or_at_nan_is_refused(tmp_path: Path) -> None:
    tour = (
        "tour:\n  stops:\n    - camera: {position: [0, 0, 1.6], look_at: [0, 0, 1.6]}\n"
        "      say: {en: Hi, zh: 你好}\n"
        "    - camera: {position: [0, .nan, 1.6], look_at: [0, 1, 1.6]}\n"
        "      say: {en: Hi, zh: 你好}\n"
    )
    scene, source = check_scene(_scene(tmp_path, MINIMAL_SCENE + tour))
    assert scene is None
    messages = [f"{p.line}: {p.message}" for p in source.problems]
    assert any(m.startswith("13:") and "look at the point it stands on" in m for m in messages)
    assert any(m.startswith("15:") and "finite number" in m for m in messages), messages


def test_an_integer_of_thousands_of_digits_is_a_problem(tmp_path: Path) -> None:
    text = MINIMAL_SCENE + "kiosk:\n  screen: " + "9" * 5000 + "\n"
    scene, source = check_scene(_scene(tmp_path, text))
    assert scene is None and source.problems
    assert all(len(str(p)) < 400 for p in source.problems), "the message is one short line"


def test_a_mapping_that_merges_itself_is_a_problem(tmp_path: Path) -> None:
    text = MINIMAL_SCENE + "hall: &h\n  <<: *h\n  size: [20, 10, 4]\n"
    scene, source = check_scene(_scene(tmp_path, text))
    assert scene is None and source.problems


def test_a_scene_that_is_a_pipe_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.vitrine.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SceneUnreadable, match="not a regular file"):
        check_scene(fifo)
    zero = tmp_path / "zero.vitrine.yaml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(SceneUnreadable, match="not a regular file"):
        check_scene(zero)
    loop = tmp_path / "loop.vitrine.yaml"
    loop.symlink_to(loop)
    with pytest.raises(SceneUnreadable, match="symlink loop"):
        check_scene(loop)


def test_validate_on_a_pipe_exits_with_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.vitrine.yaml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(fifo)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"{fifo}: is not a regular file (a pipe, a device or a socket)"
    ]


def test_control_characters_from_a_scene_never_reach_the_terminal(tmp_path: Path) -> None:
    path = _scene(tmp_path, MINIMAL_SCENE.replace("id: cube", 'id: "cu\\e[2J\\abe"'))
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    assert "cu\\x1b[2J\\x07be" in result.stdout, result.stdout


def test_too_many_exhibits_is_one_clear_limit(tmp_path: Path) -> None:
    exhibit = (
        "  - id: e{n}\n    model: models/cube.glb\n    position: [0, 0]\n"
        "    info: {{title: {{en: E, zh: E}}, text: {{en: E, zh: E}}}}\n"
    )
    text = (
        MINIMAL_SCENE.split("exhibits:")[0]
        + "exhibits:\n"
        + "".join(exhibit.format(n=n) for n in range(2001))
    )
    scene, source = check_scene(_scene(tmp_path, text))
    assert scene is None
    assert [p.message for p in source.problems if "exhibits" in p.message] == [
        "exhibits: at most 2000 items, got 2001"
    ]


@pytest.mark.slow
def test_a_hall_of_many_exhibits_opens_within_a_small_file_handle_limit(tmp_path: Path) -> None:
    exhibit = (
        "  - id: e{n}\n    model: models/cube.glb\n    position: [{x}, {y}]\n"
        "    info: {{title: {{en: E, zh: E}}, text: {{en: E, zh: E}}}}\n"
    )
    text = (
        MINIMAL_SCENE.split("exhibits:")[0]
        + "exhibits:\n"
        + "".join(exhibit.format(n=n, x=(n % 8) - 4, y=(n // 8) - 3) for n in range(48))
    )
    path = _scene(tmp_path, text)
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256)); "
        "from app.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "render",
            str(path),
            "--out",
            str(tmp_path / "x.png"),
            "--size",
            "320x180",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Too many open files" not in result.stderr
