"""Editing a scene as a curator does in the app: move, turn and size exhibits, add and remove
hotspots, set a tour stop's camera, reorder stops; every change can be undone and redone, and
saving writes back only what changed (comments and formatting kept)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.errors import SceneError
from app.scene.document import SceneDocument
from app.scene.editing import flow_list, flow_map
from app.scene.model import Scene
from app.scene.validate import validate_source
from app.scene.yaml_source import parse_yaml

__all__ = ["Edit", "SceneEditor"]


@dataclass
class Edit:
    """One undoable change: a label for menus and the trees before and after it."""

    label: str
    before: Any
    after: Any


def _round(value: float) -> float | int:
    """Millimetre precision, and whole numbers written without ".0", as a curator would."""
    rounded = round(float(value), 3)
    return int(rounded) if rounded == int(rounded) else rounded


class SceneEditor:
    """Changes a SceneDocument's tree; ``scene`` is always the validated result."""

    def __init__(self, document: SceneDocument) -> None:
        self.document = document
        self.undo_stack: list[Edit] = []
        self.redo_stack: list[Edit] = []

    @property
    def scene(self) -> Scene:
        return self.document.scene

    @property
    def dirty(self) -> bool:
        return bool(self.undo_stack)

    # ----- changes -----------------------------------------------------------------------
    def _index(self, exhibit_id: str) -> int:
        for index, exhibit in enumerate(self.scene.exhibits):
            if exhibit.id == exhibit_id:
                return index
        raise KeyError(exhibit_id)

    def _apply(self, label: str, change) -> None:  # type: ignore[no-untyped-def]
        tree = self.document.source.document
        before = copy.deepcopy(tree)
        change(tree)
        self._revalidate(before)
        self.undo_stack.append(Edit(label, before, copy.deepcopy(tree)))
        self.redo_stack.clear()

    def _revalidate(self, fallback: Any) -> None:
        """Check the edited tree; on problems restore ``fallback`` and raise SceneError."""
        text = self.document.dumps()
        source = parse_yaml(self.document.path, text)
        scene = validate_source(source)
        if scene is None:
            self.document.source.document = fallback
            raise SceneError(self.document.path, source.problems)
        source.document = self.document.source.document
        self.document.scene = scene

    def move_exhibit(self, exhibit_id: str, x: float, y: float) -> None:
        index = self._index(exhibit_id)

        def change(tree: Any) -> None:
            tree["exhibits"][index]["position"] = flow_list([_round(x), _round(y)])

        self._apply(f"move {exhibit_id}", change)

    def turn_exhibit(self, exhibit_id: str, heading: float) -> None:
        index = self._index(exhibit_id)
        self._apply(
            f"turn {exhibit_id}",
            lambda tree: tree["exhibits"][index].__setitem__("heading", _round(heading)),
        )

    def size_exhibit(self, exhibit_id: str, fit: float) -> None:
        """Set the exhibit's largest side in metres (replacing a scale)."""
        index = self._index(exhibit_id)

        def change(tree: Any) -> None:
            item = tree["exhibits"][index]
            if "scale" in item:
                del item["scale"]
            item["fit"] = _round(fit)

        self._apply(f"size {exhibit_id}", change)

    def add_hotspot(
        self, exhibit_id: str, position: tuple[float, float, float], title: str = "New hotspot"
    ) -> str:
        """A hotspot at ``position`` (metres from the model's base centre); returns its id."""
        index = self._index(exhibit_id)
        taken = {h.id for h in self.scene.exhibits[index].hotspots}
        number = 1
        while f"hotspot-{number}" in taken:
            number += 1
        hotspot_id = f"hotspot-{number}"
        texts = flow_map({lang: title for lang in self.scene.languages})

        def change(tree: Any) -> None:
            item = tree["exhibits"][index]
            if "hotspots" not in item or item["hotspots"] is None:
                item["hotspots"] = CommentedSeq()
            entry = CommentedMap(
                [
                    ("id", hotspot_id),
                    ("position", flow_list([_round(v) for v in position])),
                    ("title", copy.deepcopy(texts)),
                    ("text", copy.deepcopy(texts)),
                ]
            )
            item["hotspots"].append(entry)

        self._apply(f"add hotspot to {exhibit_id}", change)
        return hotspot_id

    def remove_hotspot(self, exhibit_id: str, hotspot_id: str) -> None:
        index = self._index(exhibit_id)

        def change(tree: Any) -> None:
            hotspots = tree["exhibits"][index]["hotspots"]
            for position, entry in enumerate(hotspots):
                if entry["id"] == hotspot_id:
                    del hotspots[position]
                    break
            else:
                raise KeyError(hotspot_id)
            if not hotspots:
                del tree["exhibits"][index]["hotspots"]
            for entry in tree["exhibits"][index].get("faq", []) or []:
                if isinstance(entry, dict) and entry.get("look") == hotspot_id:
                    del entry["look"]  # its answers no longer point at what is gone

        self._apply(f"remove hotspot {hotspot_id}", change)

    def set_stop_camera(
        self, stop: int, position: tuple[float, float, float], look_at: tuple[float, float, float]
    ) -> None:
        def change(tree: Any) -> None:
            camera = flow_map(
                {
                    "position": flow_list([_round(v) for v in position]),
                    "look_at": flow_list([_round(v) for v in look_at]),
                }
            )
            tree["tour"]["stops"][stop]["camera"] = camera

        self._apply(f"camera of stop {stop + 1}", change)

    def move_stop(self, stop: int, to: int) -> None:
        def change(tree: Any) -> None:
            stops = tree["tour"]["stops"]
            if not (0 <= stop < len(stops) and 0 <= to < len(stops)):
                raise IndexError("no such tour stop")
            entry = stops.pop(stop)
            stops.insert(to, entry)

        self._apply(f"move stop {stop + 1} to {to + 1}", change)

    # ----- history and saving ------------------------------------------------------------
    def undo(self) -> str | None:
        if not self.undo_stack:
            return None
        edit = self.undo_stack.pop()
        self.document.source.document = copy.deepcopy(edit.before)
        self._revalidate(copy.deepcopy(edit.after))
        self.redo_stack.append(edit)
        return edit.label

    def redo(self) -> str | None:
        if not self.redo_stack:
            return None
        edit = self.redo_stack.pop()
        self.document.source.document = copy.deepcopy(edit.after)
        self._revalidate(copy.deepcopy(edit.before))
        self.undo_stack.append(edit)
        return edit.label

    def save(self, force: bool = False) -> None:
        """Write the file (atomic, with a .bak; refuses if it changed on disk meanwhile)."""
        self.document.save(force=force)
        self.undo_stack.clear()
        self.redo_stack.clear()
