"""Shared fixtures: paths, a tiny exhibition folder, headless Panda3D and an Xvfb display."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"

MINIMAL_SCENE = """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
"""


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared test data not found at {SHARED_DATA}")
    return SHARED_DATA


def write_cube(path: Path, size: float = 0.3) -> Path:
    """A small coloured cube GLB made with trimesh."""
    import trimesh

    mesh = trimesh.creation.box([size, size, size])
    mesh.visual.face_colors = [200, 80, 60, 255]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(trimesh.Scene(mesh).export(file_type="glb"))
    return path


@pytest.fixture
def exhibition(tmp_path: Path) -> Path:
    """An exhibition folder with a valid minimal scene and its cube model; returns the scene."""
    write_cube(tmp_path / "models" / "cube.glb")
    scene = tmp_path / "test.vitrine.yaml"
    scene.write_text(MINIMAL_SCENE, encoding="utf-8")
    return scene


@pytest.fixture(scope="session", autouse=True)
def model_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test (and every child process it starts) caches models in a private folder."""
    folder = tmp_path_factory.mktemp("model-cache")
    previous = os.environ.get("VITRINE_CACHE_DIR")
    os.environ["VITRINE_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("VITRINE_CACHE_DIR", None)
    else:
        os.environ["VITRINE_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def library(model_cache_dir: Path) -> Iterator[object]:
    """A model library with isolated worker processes, shared by the render tests."""
    from app.meshes import ModelCache, ModelLibrary

    lib = ModelLibrary(ModelCache(model_cache_dir), workers=2)
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def offscreen() -> Iterator[object]:
    """One headless Panda3D (EGL, llvmpipe) for the whole session, 640x400."""
    from app.render import open_offscreen

    base = open_offscreen(640, 400)
    yield base
    base.destroy()


def start_xvfb(screen: str) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    """A virtual X display of ``screen`` (e.g. "1600x1000x24"); its process and an
    environment that uses it."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed (./dev test installs it)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        pytest.fail("Xvfb did not start")
    env = dict(os.environ, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    return proc, env


@contextlib.contextmanager
def virtual_display(screen: str) -> Iterator[dict[str, str]]:
    """Xvfb of ``screen`` for the block; yields an environment that uses it."""
    proc, env = start_xvfb(screen)
    try:
        yield env
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def xvfb() -> Iterator[dict[str, str]]:
    """A virtual X display started by the tests; yields an environment that uses it."""
    with virtual_display("1600x1000x24") as env:
        yield env


def run_vitrine(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m app`` as a visitor or curator would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
