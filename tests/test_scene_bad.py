"""Curators' mistakes: each bad scene file gets the exact line, column and message.

Every case is a whole small scene file, so the expected line numbers can be read off it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.scene import check_scene

from conftest import write_cube

# (what the curator did, the file they wrote, every problem Vitrine must report)
CASES: list[tuple[str, str, list[str]]] = [
    (
        "unknown top-level key",
        """\
format: 1
titel: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "2:1: unknown key 'titel'; did you mean 'title'?",
        ],
    ),
    (
        "unknown exhibit key",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    positon: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "7:5: unknown key 'positon' in exhibit 'cube'; did you mean 'position'?",
        ],
    ),
    (
        "missing format",
        """\
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "1:1: missing 'format: 1' (the first key of a scene file)",
        ],
    ),
    (
        "format from the future",
        """\
format: 2
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "1:9: format 2 is newer than this Vitrine reads (up to 1); update Vitrine",
        ],
    ),
    (
        "format not a number",
        """\
format: one
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "1:9: format must be 1, got 'one'",
        ],
    ),
    (
        "missing title",
        """\
format: 1
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "1:1: scene: missing required key 'title'",
        ],
    ),
    (
        "position not numbers",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, left]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "7:19: exhibit 'cube'.position[1]: expected a number, got 'left'",
        ],
    ),
    (
        "position with three values",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0, 1]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "7:15: exhibit 'cube'.position: expected 2 values, got 3",
        ],
    ),
    (
        "heading out of range",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    heading: 720
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "8:14: exhibit 'cube'.heading: must be at most 360, got 720",
        ],
    ),
    (
        "scale and fit together",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    scale: 2
    fit: 0.5
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "5:5: exhibit 'cube': give either 'scale' or 'fit', not both",
        ],
    ),
    (
        "negative fit",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    fit: -1
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "8:10: exhibit 'cube'.fit: must be at least 0.01, got -1",
        ],
    ),
    (
        "language missing a line",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube.}
""",
        [
            "10:13: exhibit 'cube'.info.text: missing text for language 'zh' (the scene's languages are en, zh; this text has en)",
        ],
    ),
    (
        "text for an extra language",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体, fr: Cube}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "9:14: exhibit 'cube'.info.title: text for language 'fr' which is not in the scene's languages (en, zh)",
        ],
    ),
    (
        "bad language code",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, Chinese]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "3:17: languages[1]: 'Chinese' is not a language code (use codes such as en, zh, fr, pt-BR)",
        ],
    ),
    (
        "duplicate exhibit id",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
  - id: cube
    model: models/cube.glb
    position: [1, 1]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "11:9: duplicate exhibit id 'cube' (first used on line 5)",
        ],
    ),
    (
        "bad exhibit id",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: 3d cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "5:9: exhibit '3d cube'.id: '3d cube' is not a valid id (start with a letter; use letters, digits, - and _)",
        ],
    ),
    (
        "missing model file",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/sphere.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "6:12: exhibit 'cube'.model: file not found: 'models/sphere.glb' (looked in {folder}/)",
        ],
    ),
    (
        "path escapes the exhibition folder",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: ../secret/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "6:12: exhibit 'cube'.model: '../secret/cube.glb' is outside the exhibition folder {folder}/; copy the file into the exhibition folder",
        ],
    ),
    (
        "absolute path",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: /etc/passwd
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "6:12: exhibit 'cube'.model: '/etc/passwd' is an absolute path; write it relative to the scene file's folder",
        ],
    ),
    (
        "unknown builtin asset",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: builtin:models/spaceship.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "6:12: exhibit 'cube'.model: 'builtin:models/spaceship.glb' is not one of Vitrine's built-in assets",
        ],
    ),
    (
        "exhibit outside the hall",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [40, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "7:15: exhibit 'cube' at (40, 0) is outside the hall (x from -10 to 10, y from -7 to 7)",
        ],
    ),
    (
        "tour names a missing exhibit",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
tour:
  stops:
    - exhibit: cub
      say: {en: Look., zh: 请看。}
""",
        [
            "13:16: tour stop 1 names exhibit 'cub', which is not in exhibits; did you mean 'cube'?",
        ],
    ),
    (
        "tour stop without target",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
tour:
  stops:
    - say: {en: Look., zh: 请看。}
""",
        [
            "13:7: tour stop 1: a stop needs an 'exhibit' or a 'camera' pose",
        ],
    ),
    (
        "empty tour",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
tour:
  stops: []
""",
        [
            "12:10: tour.stops: needs at least 1 item, got 0",
        ],
    ),
    (
        "unknown lighting preset",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
hall:
  lighting: galery
""",
        [
            "12:13: hall.lighting: 'galery' is not one of gallery, daylight, warm, spotlight; did you mean 'gallery'?",
        ],
    ),
    (
        "unknown quality tier",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
hall:
  quality: ultra
""",
        [
            "12:12: hall.quality: 'ultra' is not one of auto, low, medium, high",
        ],
    ),
    (
        "collectible with no copies and a bad issuer key",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    collectible: {edition: 0}
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
collection:
  public_key: "abc"
""",
        [
            "8:28: exhibit 'cube'.collectible.edition: must be at least 1, got 0",
            "13:15: collection.public_key: not an Ed25519 public key (32 bytes in base64); make one with 'vitrine collection keygen'",
        ],
    ),
    (
        "collectible closing before it opens",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    collectible: {edition: 5, opens: 2030-02-01, closes: 2030-01-01}
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "8:18: exhibit 'cube'.collectible: the collectible closes before it opens",
        ],
    ),
    (
        "bad colour",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
hall:
  walls: {color: beige}
""",
        [
            "12:18: hall.walls.color: 'beige' is not a colour (write it as #rrggbb, e.g. #d9d4cc)",
        ],
    ),
    (
        "hall too small",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
hall:
  size: [2, 2, 2]
""",
        [
            "12:9: hall.size: a hall must be at least 3 x 3 m and 2.2 m high",
        ],
    ),
    (
        "unknown gesture",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
tour:
  stops:
    - exhibit: cube
      say: {en: Look., zh: 请看。}
      gesture: dance
""",
        [
            "15:16: tour stop 1.gesture: 'dance' is not one of none, point, present, wave, nod",
        ],
    ),
    (
        "LOD levels out of order",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    lod: {levels: [0.25, 1]}
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "8:10: exhibit 'cube'.lod: levels must go from most to fewest faces, e.g. [1, 0.25, 0.05]",
        ],
    ),
    (
        "wrong type for a mapping",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info: a nice cube
""",
        [
            "8:11: exhibit 'cube'.info: expected a mapping of keys and values, got 'a nice cube'",
        ],
    ),
    (
        "number as text",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 12}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "9:29: exhibit 'cube'.info.title.zh: expected text, got 12",
        ],
    ),
    (
        "duplicate key",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    position: [1, 1]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "8:5: duplicate key 'position' (each key may appear once in a mapping)",
        ],
    ),
    (
        "YAML syntax error",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
""",
        [
            "8:9: YAML syntax error: expected ',' or ']', but got ':' (in the [ ] list that starts on line 7)",
        ],
    ),
    (
        "tab indentation",
        "format: 1\ntitle: {en: Test, zh: 测试}\nlanguages: [en, zh]\nexhibits:\n  - id: cube\n    model: models/cube.glb\n\tposition: [0, 0]\n    info:\n      title: {en: Cube, zh: 立方体}\n      text: {en: A cube., zh: 一个立方体。}\n",
        [
            "7:1: YAML syntax error: found character '\\t' that cannot start any token",
        ],
    ),
    (
        "admin pin not a hash",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
kiosk:
  admin_pin: "1234"
""",
        [
            "12:14: kiosk.admin_pin: not a PIN hash; make one with 'vitrine pin' and paste it here",
        ],
    ),
    (
        "voice for a language not in the scene",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
guide:
  name: {en: Mia, zh: 小美}
  voices: {en: en-us, fr: fr-fr}
""",
        [
            "13:23: guide.voices: voice for 'fr', which is not in the scene's languages (en, zh)",
        ],
    ),
    (
        "scene is a list",
        """\
- format: 1
- title: x
""",
        [
            "1:1: a scene file must be a mapping of keys (format, title, ...)",
        ],
    ),
    (
        "rate out of range",
        """\
format: 1
title: {en: Test, zh: 测试}
languages: [en, zh]
exhibits:
  - id: cube
    model: models/cube.glb
    position: [0, 0]
    info:
      title: {en: Cube, zh: 立方体}
      text: {en: A cube., zh: 一个立方体。}
guide:
  name: {en: Mia, zh: 小美}
  rate: 5
""",
        [
            "13:9: guide.rate: must be at most 2, got 5",
        ],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_scene_reports_line_and_message(
    tmp_path: Path, name: str, text: str, expected: list[str]
) -> None:
    write_cube(tmp_path / "models" / "cube.glb")
    path = tmp_path / "bad.vitrine.yaml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()

    scene, source = check_scene(path)

    assert scene is None
    reported = [f"{p.line}:{p.column}: {p.message}" for p in source.problems]
    assert reported == [line.replace("{folder}", tmp_path.name) for line in expected]
    assert all(p.path == str(path) for p in source.problems)
    assert path.read_bytes() == before, "validation must never touch the curator's file"


def test_every_bad_file_case_is_one_of_a_kind() -> None:
    """Each case is its own file text and expects its own problems (no copy-paste twins)."""
    texts = [text for _, text, _ in CASES]
    assert len(set(texts)) == len(texts)
