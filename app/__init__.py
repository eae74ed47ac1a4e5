"""Vitrine: offline 3D virtual exhibitions with a speaking digital-human guide.

The package is layered: ``app.scene`` (pure data), ``app.meshes`` (trimesh pipeline),
``app.render`` (the only Panda3D user), ``app.shell`` (the only Qt user) and ``app.cli``.
Importing ``app`` itself loads nothing heavy.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
