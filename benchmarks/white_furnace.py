"""The white-furnace check of Vitrine's image-based lighting, on this machine.

Run: ``.venv/bin/python benchmarks/white_furnace.py``.

A white ball (base colour 1) in a uniform environment of radiance 0.5, no lights, drawn with
the surface shader's linear output (no tone mapping): seen face on, every roughness of metal
and of plastic should show 0.5, since a white surface reflects all the light it gets. Printed:
the value at the ball's centre and the mean over its face (to 85% of its radius; the rim is
where Fresnel and the split-sum's approximations show), against 0.5.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) in sys.path:
    sys.path.remove(str(HERE))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import numpy as np  # noqa: E402
from test_lighting import _ball  # noqa: E402

from app.render import open_offscreen  # noqa: E402
from app.render.engine import set_background  # noqa: E402
from app.render.environment_maps import uniform_environment  # noqa: E402
from app.render.ibl import Lighting, prefiltered  # noqa: E402


def main() -> None:
    base = open_offscreen(400, 400)
    set_background(base, (0, 0, 0, 1))
    furnace = Lighting(prefiltered(uniform_environment(0.5)), "furnace")
    yy, xx = np.mgrid[0:400, 0:400]
    print("| material | roughness | centre | face (85% radius) | error |")
    print("|---|---:|---:|---:|---:|")
    for label, metallic in (("metal", 1.0), ("plastic", 0.0)):
        for roughness in (0.05, 0.25, 0.5, 0.75, 1.0):
            shot = _ball(base, metallic, roughness, furnace, linear=True).astype(float) / 255
            grey = shot.mean(axis=2)
            inside = grey > 0.05
            assert inside.mean() < 0.9, "the ball, not the background"
            cy, cx = yy[inside].mean(), xx[inside].mean()
            radius = np.sqrt(inside.sum() / np.pi)
            face = np.hypot(yy - cy, xx - cx) < 0.85 * radius
            centre = grey[int(cy) - 4 : int(cy) + 4, int(cx) - 4 : int(cx) + 4].mean()
            mean = grey[face].mean()
            print(f"| {label} | {roughness:.2f} | {centre:.3f} | {mean:.3f} "
                  f"| {100 * (mean / 0.5 - 1):+.1f}% |")  # fmt: skip
    base.destroy()


if __name__ == "__main__":
    main()
