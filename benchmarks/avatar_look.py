"""Pictures of guides to judge them by eye: each avatar full length at stop distance, turned
three-quarters, and in a head-and-shoulders close-up, lit as in the hall; one row per avatar.

Run: ``.venv/bin/python benchmarks/avatar_look.py OUT.png [AVATAR.glb ...]`` (default: the
built-in guides and the Ready Player Me sample beside them).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))  # this folder has a guide.py of its own
sys.path.insert(0, str(REPO))

from panda3d.core import Point3  # noqa: E402

from app.render import open_offscreen  # noqa: E402
from app.render.avatar import BUILTIN_AVATARS, avatar_path, load_avatar  # noqa: E402
from app.render.camera import configure_lens  # noqa: E402
from app.render.capture import capture_rgb  # noqa: E402
from app.render.lighting import add_lighting  # noqa: E402
from app.render.materials import install_default_textures  # noqa: E402
from app.render.shading import apply_surface_shader  # noqa: E402

RPM = REPO.parent / "shared" / "data" / "avatars" / "talkinghead-brunette-t.glb"
SIZE = (360, 480)


def views(base, path: Path) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    root = base.render.attachNewNode("look")
    try:
        install_default_textures(root)
        add_lighting(root, "gallery", (8.0, 8.0, 4.0), shadows=False)
        configure_lens(base.camLens, base.win)
        own = {avatar_path(name, REPO) for name in BUILTIN_AVATARS}
        avatar = load_avatar(path, root, None if path in own else 1.68)  # ours: own height
        apply_surface_shader(root, False)
        avatar.look_at(Point3(0, -3, 1.6))
        for _ in range(30):
            avatar.update(1 / 30, {"sil": 1.0})
        head = avatar.joint_position("head") or Point3(0, 0, 1.55)
        shots = []
        for cam, aim, fov in (
            (Point3(0, -3.6, 1.2), Point3(0, 0, 0.86), 30.0),
            (Point3(2.4, -2.6, 1.3), Point3(0, 0, 0.9), 30.0),
            (Point3(0.12, -0.75, head.z + 0.02), Point3(0, 0, head.z - 0.05), 30.0),
        ):
            base.camLens.setFov(fov * SIZE[0] / SIZE[1], fov)
            base.cam.setPos(cam)
            base.cam.lookAt(aim)
            base.graphicsEngine.renderFrame()
            base.graphicsEngine.renderFrame()
            shots.append(capture_rgb(base)[..., :3])
        return shots
    finally:
        root.removeNode()


def main() -> None:
    from PIL import Image

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("avatar_look.png")
    paths = [Path(p) for p in sys.argv[2:]] or [
        *(avatar_path(name, REPO) for name in ("builtin-female", "builtin-male")),
        *([RPM] if RPM.is_file() else []),
    ]
    base = open_offscreen(*SIZE)
    rows = [np.concatenate(views(base, path), axis=1) for path in paths]
    Image.fromarray(np.concatenate(rows, axis=0)).save(out)
    print(f"wrote {out} ({len(paths)} avatars: {', '.join(p.name for p in paths)})")


if __name__ == "__main__":
    main()
