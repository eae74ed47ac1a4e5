"""A short kiosk soak: repeated attract/visitor cycles leave no nodes, textures or widgets
behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from app.scene import load_scene
from app.visit.soak import run_cycles
from guide.speech import SilentBackend

pytestmark = [pytest.mark.render, pytest.mark.slow]


class Speaker:
    def speak(
        self,
        text: str,
        language: str,
        rate: float = 1.0,
        volume: float = 1.0,
        emphasis: tuple[tuple[int, int], ...] = (),
    ) -> Any:
        from guide.speech import SpeechRequest

        return SilentBackend().estimate(SpeechRequest(text, language, "x", rate, volume))


def test_cycles_leave_nothing_behind(offscreen: Any, repo_root: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.shell.exhibit_card import InfoPanel

    app = QApplication.instance() or QApplication([])
    document = load_scene(repo_root / "scenes/showroom.vitrine.yaml")
    panel = InfoPanel(document.scene, "en")
    result = run_cycles(
        offscreen,
        document,
        4,
        Speaker(),
        on_select=panel.show_exhibit,
        count_widgets=lambda: len(QApplication.allWidgets()),
    )
    assert len(set(result.nodes[1:])) == 1, f"scene-graph nodes grow: {result.nodes}"
    assert len(set(result.textures[1:])) == 1, f"textures grow: {result.textures}"
    assert len(set(result.widgets[1:])) == 1, f"Qt widgets grow: {result.widgets}"
    growth = result.rss[-1] - result.rss[1]
    assert growth < 0.02 * result.rss[1] + 8, f"memory grows: {result.rss}"
    app.processEvents()
