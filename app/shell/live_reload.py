"""Live reload for curators: saving the scene file (or a model it uses) rebuilds the hall in
place, keeping the visitor's camera; an invalid edit keeps the last good hall on screen and
shows its problems in a banner until the file is fixed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from app.scene import SceneDocument

__all__ = ["LiveReload"]

log = logging.getLogger(__name__)

_SETTLE_MS = 250  # editors write in several steps; wait for them to finish


class LiveReload:
    """Watches the scene's files and calls ``reload`` once an editor has finished saving."""

    def __init__(
        self, parent: QObject, document: Callable[[], SceneDocument], reload: Callable[[], None]
    ) -> None:
        self.document = document
        self.reload = reload
        self.watcher = QFileSystemWatcher(parent)
        self.timer = QTimer(parent)
        self.timer.setSingleShot(True)
        self.timer.setInterval(_SETTLE_MS)
        self.timer.timeout.connect(self._reload)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self.watch()

    def paths(self) -> list[Path]:
        """The scene file, its folder (editors that save by renaming), and the model files."""
        from app.scene import resolve_asset

        document = self.document()
        paths = [document.path, document.path.parent]
        for exhibit in document.scene.exhibits:
            model = resolve_asset(exhibit.model, document.base_dir)
            if model.is_file():
                paths.append(model)
        return paths

    def watch(self) -> None:
        current = set(self.watcher.files()) | set(self.watcher.directories())
        if current:
            self.watcher.removePaths(sorted(current))
        self.watcher.addPaths([str(p) for p in self.paths() if p.exists()])
        self._stamps = {p: self._stamp(p) for p in self.paths() if p.is_file()}

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def _changed(self, _path: str) -> None:
        self.timer.start()

    def _reload(self) -> None:
        changed = [p for p, stamp in self._stamps.items() if self._stamp(p) != stamp]
        if changed:
            log.info("reloading after a change to %s", ", ".join(p.name for p in changed))
            self.reload()
        self.watch()
