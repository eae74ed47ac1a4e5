"""``vitrine new``: a new exhibition folder with a commented scene file, a models folder and a
short guide for curators. The scene is valid and renders at once."""

from __future__ import annotations

import re
from pathlib import Path

from app.errors import VitrineError

__all__ = ["new_exhibition"]

_SCENE = """\
# {title} — a Vitrine exhibition.
# Edit this file in any text editor; `vitrine validate {file}` lists every problem with its
# line, and `vitrine run {file}` reloads it whenever you save.
# Coordinates are metres: x runs across the hall, y into it (the entrance is at negative y).
# Every visible text has one entry per language listed under `languages`.
format: 1
title:
  en: {title}
  zh: {title}
languages: [en, zh]        # the first one is the default

hall:
  size: [12, 10, 4]         # width, depth, height
  floor: {{color: "#c8b49a"}}
  walls: {{color: "#f2eee8"}}
  lighting: gallery         # gallery, daylight, warm or spotlight

exhibits:
  # Put your models (glTF/GLB, OBJ, STL, PLY) in models/ and refer to them as models/NAME.
  # `vitrine import models/thing.glb --into {file}` adds one for you.
  - id: first-exhibit
    model: builtin:models/celadon_vase.glb
    position: [0, 1]
    fit: 0.45               # largest side in metres (or `scale: 1`)
    info:
      title: {{en: First exhibit, zh: 第一件展品}}
      text:
        en: Describe the exhibit here.
        zh: 在这里介绍展品。

guide:
  name: {{en: Mia, zh: 小美}}
  voices: {{en: en-us+f3, zh: cmn-latn-pinyin+f3}}
  greeting:
    en: Welcome to {title}.
    zh: 欢迎参观{title}。

tour:
  stops:
    - exhibit: first-exhibit
      say:
        en: This is our first exhibit. [pause 1] Take your time.
        zh: 这是我们的第一件展品。[pause 1] 请慢慢欣赏。

kiosk:
  enabled: false
  idle_timeout: 90
"""

_README = """\
# {title}

This folder is one Vitrine exhibition.

- `{file}` is the scene: the hall, the exhibits, the guide's words and the tour.
- `models/` holds your 3D models (glTF/GLB with their textures, OBJ with MTL, STL, PLY).

Useful commands:

    vitrine validate {file}                    # every problem, with file:line:column
    vitrine run {file}                         # open it; saving the file reloads it
    vitrine render {file} --out shot.png       # a picture without opening a window
    vitrine import models/chair.glb --into {file}
    vitrine guide preview {file}               # what the guide says, with timings
"""


def new_exhibition(folder: Path) -> Path:
    """Create ``folder`` with a scene named after it; returns the scene file's path."""
    if folder.exists() and any(folder.iterdir()):
        raise VitrineError(f"{folder} already exists and is not empty; choose a new name")
    name = folder.name
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-").lower() or "exhibition"
    title = name.replace("-", " ").replace("_", " ").strip().title() or "New Exhibition"
    scene_file = f"{slug}.vitrine.yaml"
    (folder / "models").mkdir(parents=True, exist_ok=True)
    (folder / "models" / "README.txt").write_text(
        "Put the exhibition's 3D models here (and their texture files next to them).\n",
        encoding="utf-8",
    )
    (folder / scene_file).write_text(_SCENE.format(title=title, file=scene_file), encoding="utf-8")
    (folder / "README.md").write_text(
        _README.format(title=title, file=scene_file), encoding="utf-8"
    )
    return folder / scene_file
