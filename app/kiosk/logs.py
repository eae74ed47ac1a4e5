"""Where a kiosk writes: rotating log files, the heartbeat and the analytics, all in the
user's log folder (besides the model and speech cache, the only places Vitrine writes)."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

__all__ = ["log_dir", "setup_kiosk_logging", "tail"]


_fallback: Path | None = None


def log_dir() -> Path:
    """``$VITRINE_LOG_DIR``, else the platform's user log folder for Vitrine; a folder that
    cannot be used (a file is there, no permission) gives way to a temporary one, once, with
    a warning."""
    global _fallback
    if _fallback is not None:
        return _fallback
    override = os.environ.get("VITRINE_LOG_DIR")
    if override:
        wanted = Path(override)
    else:
        from platformdirs import user_log_dir

        wanted = Path(user_log_dir("vitrine", appauthor=False))
    try:
        wanted.mkdir(parents=True, exist_ok=True)
        if not os.access(wanted, os.W_OK):
            raise PermissionError(f"{wanted} is not writable")
        return wanted
    except OSError as exc:
        import tempfile

        _fallback = Path(tempfile.mkdtemp(prefix="vitrine-logs-"))
        logging.getLogger(__name__).warning(
            "the log folder %s cannot be used (%s); logging to %s instead",
            wanted,
            exc.strerror or exc,
            _fallback,
        )
        return _fallback


def setup_kiosk_logging(name: str = "kiosk") -> Path:
    """Log INFO and above to ``<log dir>/<name>.log``, rotated at 1 MB, five files kept."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def tail(path: Path, lines: int = 200) -> str:
    """The last lines of a log file (empty when there is none)."""
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
