"""The model cache keeps to its size limit by removing the least recently used entries, and
`vitrine cache info` / `vitrine cache clear` show and empty it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.meshes import Placement, prepare_model
from app.meshes.cache import ModelCache, cache_use

from conftest import run_vitrine, write_cube


def test_the_least_recently_used_entries_go_first(tmp_path: Path) -> None:
    model = prepare_model(write_cube(tmp_path / "cube.glb"), Placement(up="y"))
    cache = ModelCache(tmp_path / "cache", limit_bytes=10**9)
    for key in ("a" * 40, "b" * 40, "c" * 40):
        cache.store(key, model)
    one = cache_use(cache.root).bytes // 3
    past = time.time() - 100
    for index, key in enumerate(("a" * 40, "b" * 40, "c" * 40)):
        os.utime(cache.entry(key) / "model.json", (past + index, past + index))
    assert cache.load("a" * 40) is not None  # "a" was used just now: "b" is the oldest
    cache.limit_bytes = one * 2 + one // 2
    assert cache.evict() == 1
    assert [cache.has(k * 40) for k in "abc"] == [True, False, True]
    cache.limit_bytes = 0
    cache.store("d" * 40, model)
    assert [cache.has(k * 40) for k in "abcd"] == [False, False, False, True], (
        "over the limit, only the entry just written stays"
    )


def test_cache_info_and_clear(tmp_path: Path) -> None:
    env = dict(os.environ, VITRINE_CACHE_DIR=str(tmp_path / "cache"))
    cube = write_cube(tmp_path / "cube.glb")
    assert run_vitrine("import", str(cube), env=env).returncode == 0
    info = run_vitrine("cache", "info", env=env)
    assert info.returncode == 0 and "processed models: 1," in info.stdout
    cleared = run_vitrine("cache", "clear", env=env)
    assert cleared.returncode == 0 and "removed 1 processed models" in cleared.stdout
    assert "processed models: 0," in run_vitrine("cache", "info", env=env).stdout
