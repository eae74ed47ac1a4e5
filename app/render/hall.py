"""The hall builder: floor, walls, ceiling and its light panels, from the scene's ``hall``."""

from __future__ import annotations

from pathlib import Path

from panda3d.core import NodePath

from app.meshes.model_data import Material
from app.render.lighting import SHADOW_MASK
from app.render.materials import pbr_material, unshaded
from app.render.shapes import box_node, quad_node
from app.render.surfaces import surface_texture
from app.scene import Hall, parse_color, resolve_asset

__all__ = ["PANEL_SIZE", "Rect", "build_hall", "hall_rects", "panel_centres"]

Rect = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]


def hall_rects(hall: Hall) -> dict[str, Rect]:
    """The floor and the four walls as (corner, u edge, v edge), each facing into the hall
    (its front is u x v)."""
    width, depth, height = hall.size
    hw, hd = width / 2, depth / 2
    up = (0.0, 0.0, height)
    return {
        "floor": ((-hw, -hd, 0.0), (width, 0.0, 0.0), (0.0, depth, 0.0)),
        "wall-front": ((hw, -hd, 0.0), (-width, 0.0, 0.0), up),
        "wall-back": ((-hw, hd, 0.0), (width, 0.0, 0.0), up),
        "wall-left": ((-hw, -hd, 0.0), (0.0, depth, 0.0), up),
        "wall-right": ((hw, hd, 0.0), (0.0, -depth, 0.0), up),
    }


def _matte(node: NodePath, roughness: float) -> None:
    node.setMaterial(
        pbr_material(Material(name="surface", base_color=(1, 1, 1, 1), roughness=roughness)), 1
    )


def build_hall(
    hall: Hall, parent: NodePath, base_dir: Path, problems: list[str] | None = None
) -> NodePath:
    """Floor, four walls and a ceiling with light panels, facing inwards."""
    root = parent.attachNewNode("hall")
    width, depth, height = hall.size
    hw, hd = width / 2, depth / 2

    rects = hall_rects(hall)
    floor_color = parse_color(hall.floor.color)
    floor = quad_node("floor", *rects["floor"], tile=hall.floor.tile)
    floor.reparentTo(root)
    floor_image = resolve_asset(hall.floor.texture, base_dir) if hall.floor.texture else None
    floor.setTexture(surface_texture("floor", floor_color, floor_image, problems), 1)
    _matte(floor, 0.55)

    wall_color = parse_color(hall.walls.color)
    wall_image = resolve_asset(hall.walls.texture, base_dir) if hall.walls.texture else None
    wall_texture = surface_texture("wall", wall_color, wall_image, problems)
    walls = root.attachNewNode("walls")
    tile = hall.walls.tile
    for name, rect in rects.items():
        if name != "floor":
            quad_node(name, *rect, tile=tile).reparentTo(walls)
    walls.setTexture(wall_texture, 1)
    _matte(walls, 0.9)

    skirting = root.attachNewNode("skirting")
    for name, size, pos in (
        ("skirt-back", (width, 0.03, 0.12), (0, hd - 0.015, 0)),
        ("skirt-front", (width, 0.03, 0.12), (0, -hd + 0.015, 0)),
        ("skirt-left", (0.03, depth, 0.12), (-hw + 0.015, 0, 0)),
        ("skirt-right", (0.03, depth, 0.12), (hw - 0.015, 0, 0)),
    ):
        piece = box_node(name, size)
        piece.setPos(*pos)
        piece.reparentTo(skirting)
    skirting.setColor(0.32, 0.3, 0.28, 1)
    _matte(skirting, 0.5)

    ceiling = quad_node("ceiling", (-hw, hd, height), (width, 0, 0), (0, -depth, 0))
    ceiling.reparentTo(root)
    ceiling.setColor(0.86, 0.86, 0.85, 1)
    unshaded(ceiling)
    _panels(root, width, depth, height)
    for node in (walls, ceiling, root.find("light-panels")):
        node.hide(SHADOW_MASK)
    return root


def panel_centres(width: float, depth: float) -> list[tuple[float, float]]:
    """Where the ceiling's light panels hang: a regular grid over the hall."""
    columns = max(2, int(width // 4))
    rows = max(2, int(depth // 4))
    return [
        (-width / 2 + (i + 0.5) * width / columns, -depth / 2 + (j + 0.5) * depth / rows)
        for i in range(columns)
        for j in range(rows)
    ]


PANEL_SIZE = (1.2, 0.5)


def _panels(root: NodePath, width: float, depth: float, height: float) -> None:
    """Glowing ceiling panels in a regular grid: the hall's visible light sources."""
    panels = root.attachNewNode("light-panels")
    for x, y in panel_centres(width, depth):
        panel = box_node("panel", (*PANEL_SIZE, 0.03))
        panel.setPos(x, y, height - 0.03)
        panel.reparentTo(panels)
    panels.setColor(1, 0.98, 0.93, 1)
    unshaded(panels)
