"""Hotspot markers: small glowing discs on a model that always face the visitor and pulse."""

from __future__ import annotations

import math

from panda3d.core import CardMaker, NodePath, TransparencyAttrib

from app.render.materials import unshaded
from app.scene import Hotspot

__all__ = ["HOTSPOT_COLOR", "build_hotspot", "pulse"]

HOTSPOT_COLOR = (1.0, 0.55, 0.2, 1.0)


def build_hotspot(hotspot: Hotspot, parent: NodePath) -> NodePath:
    """A marker at the hotspot's position (metres from the model's base centre)."""
    marker = parent.attachNewNode(hotspot.id)
    marker.setPos(*hotspot.position)
    ring = CardMaker(f"{hotspot.id}-ring")
    ring.setFrame(-0.035, 0.035, -0.035, 0.035)
    ring_np = marker.attachNewNode(ring.generate())
    ring_np.setColor(1, 1, 1, 0.85)
    dot = CardMaker(f"{hotspot.id}-dot")
    dot.setFrame(-0.024, 0.024, -0.024, 0.024)
    dot_np = marker.attachNewNode(dot.generate())
    dot_np.setY(-0.001)
    dot_np.setColor(*HOTSPOT_COLOR)
    marker.setBillboardPointEye()
    unshaded(marker)
    marker.setTransparency(TransparencyAttrib.M_alpha)
    marker.setDepthOffset(2)
    marker.setTag("hotspot", hotspot.id)
    return marker


def pulse(marker: NodePath, time: float) -> None:
    """A gentle breathing scale so markers catch the eye."""
    marker.setScale(1.0 + 0.15 * math.sin(time * 3.0))
