"""Where Vitrine keeps its own files: the cache (models, speech) and logs."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_root", "config_root"]


def cache_root() -> Path:
    """``$VITRINE_CACHE_DIR``, else the platform's user cache folder for Vitrine."""
    override = os.environ.get("VITRINE_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vitrine", appauthor=False))


def config_root() -> Path:
    """``$VITRINE_CONFIG_DIR``, else the platform's user config folder for Vitrine."""
    override = os.environ.get("VITRINE_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("vitrine", appauthor=False))
