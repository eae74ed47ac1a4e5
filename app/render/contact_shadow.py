"""Soft contact shadows: a dark blur under whatever stands on a surface (the guide on the
floor, a product on its plinth), so it looks set down rather than floating. Drawn flat,
after the surface, without writing depth."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from panda3d.core import CardMaker, NodePath, Texture, TransparencyAttrib

from app.render.lighting import SHADOW_MASK
from app.render.materials import texture_from_image, unshaded

__all__ = ["contact_shadow"]


@lru_cache(maxsize=4)
def _blur(strength: int) -> Texture:
    size = 64
    yy, xx = np.mgrid[0:size, 0:size]
    r = np.hypot(xx - size / 2 + 0.5, yy - size / 2 + 0.5) / (size / 2)
    image = np.zeros((size, size, 4), np.uint8)
    image[..., 3] = (np.clip(1 - r, 0, 1) ** 1.6 * strength).astype(np.uint8)
    return texture_from_image(image, f"contact-shadow-{strength}")


def contact_shadow(
    parent: NodePath,
    half_width: float,
    half_depth: float,
    strength: int = 150,
    centre: tuple[float, float] = (0.0, 0.0),
    lift: float = 0.004,
) -> NodePath:
    """A soft dark ellipse of these half sizes on ``parent``'s ground plane (its z = 0);
    ``strength`` is the darkest alpha (0-255) at its centre."""
    card = CardMaker("contact-shadow")
    card.setFrame(-half_width, half_width, -half_depth, half_depth)
    disc = parent.attachNewNode(card.generate())
    disc.setP(-90)
    disc.setPos(centre[0], centre[1], lift)
    disc.setTexture(_blur(strength))
    disc.setTransparency(TransparencyAttrib.M_alpha)
    disc.setDepthWrite(False)
    disc.setBin("fixed", 0)
    disc.hide(SHADOW_MASK)  # nothing for the key light's shadow map (it would cost a pass)
    unshaded(disc)
    return disc
