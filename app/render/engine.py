"""Opening Panda3D: an offscreen EGL buffer for headless renders, or a window for the app.

Only one ShowBase exists per process; callers receive it and pass ``render``, ``win`` and
``cam`` on to the builders explicitly.
"""

from __future__ import annotations

import logging
from typing import Any

from panda3d.core import loadPrcFileData

from app.errors import RenderError

__all__ = [
    "QUIET_PRC",
    "antialiasing",
    "antialiasing_mode",
    "configure_window",
    "frame_dt",
    "multisamples",
    "open_embedded",
    "open_offscreen",
    "renderer_name",
    "resize_window",
    "set_background",
    "window_size",
]

log = logging.getLogger(__name__)


def _bundle_prc() -> str:
    """Inside a PyInstaller bundle, Panda3D finds its plugins and models next to itself."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle:
        return ""
    from pathlib import Path

    folder = Path(bundle) / "panda3d"
    return f"plugin-path {folder.as_posix()}\nmodel-path {(folder / 'models').as_posix()}\n"


QUIET_PRC = """
audio-library-name null
notify-level-device fatal
notify-level-egldisplay error
notify-level-glxdisplay error
default-directnotify-level warning
sync-video false
print-pipe-types false
textures-power-2 none
"""


MULTISAMPLES = 4  # anti-aliasing samples asked of the driver (0: none)


def antialiasing_mode(renderer: str) -> str:
    """How the view is anti-aliased: ``msaa`` (4x multisampling) on graphics cards, ``fxaa``
    (an edge-blending pass over the finished view) in software rendering, where multisampling
    can cost several times the frame; ``VITRINE_ANTIALIAS`` (msaa, fxaa, off) chooses."""
    import os

    chosen = os.environ.get("VITRINE_ANTIALIAS", "").lower()
    if chosen in ("msaa", "fxaa", "off"):
        return chosen
    software = any(name in renderer.lower() for name in ("llvmpipe", "softpipe", "swiftshader"))
    return "fxaa" if software else "msaa"


def _antialias(base: Any) -> None:
    """Draw the 3D view into an offscreen buffer shown on the window by a full-screen quad:
    multisampled (drivers such as Mesa's give a window or pbuffer no real multisamples, but do
    give them to framebuffer objects), or plain with an FXAA pass on the quad."""
    if base.win is None:
        return
    mode = antialiasing_mode(str(base.win.getGsg().getDriverRenderer()))
    if mode == "off":
        return
    from direct.filter.FilterManager import FilterManager
    from panda3d.core import AntialiasAttrib, FrameBufferProperties, Shader, Texture

    props = FrameBufferProperties()
    props.setRgbColor(True)
    props.setRgbaBits(8, 8, 8, 8)
    props.setDepthBits(24)
    if mode == "msaa":
        props.setMultisamples(MULTISAMPLES)
    manager = FilterManager(base.win, base.cam)
    colour = Texture("vitrine-view")
    quad = manager.renderSceneInto(colortex=colour, fbprops=props)
    if quad is None:
        log.info("no offscreen buffer for the view: it is not anti-aliased")
        return
    quad.setColor(1, 1, 1, 1)  # the quad comes tinted for debugging
    base.vitrine_filters = manager
    if mode == "msaa":
        base.vitrine_multisamples = int(manager.buffers[-1].getFbProperties().getMultisamples())
        base.render.setAntialias(AntialiasAttrib.MMultisample)
    else:
        from app.render.shading import SHADER_DIR

        shader = Shader.make(Shader.SL_GLSL, (SHADER_DIR / "fxaa.vert").read_text(),
                             (SHADER_DIR / "fxaa.frag").read_text())  # fmt: skip
        quad.setShader(shader)
        quad.setShaderInput("view", colour)
    base.vitrine_antialias = mode


def antialiasing(base: Any) -> str:
    """How ``base``'s view is anti-aliased: ``4x MSAA``, ``FXAA`` or ``none``."""
    mode = getattr(base, "vitrine_antialias", "off")
    if mode == "msaa":
        return f"{multisamples(base)}x MSAA"
    return "FXAA" if mode == "fxaa" else "none"


def multisamples(base: Any) -> int:
    """The multisamples the 3D view is drawn with (0: none)."""
    return int(getattr(base, "vitrine_multisamples", 0))


def open_offscreen(width: int, height: int) -> Any:
    """A ShowBase drawing into an offscreen EGL buffer (no display server needed), its view
    anti-aliased (see ``antialiasing_mode``)."""
    loadPrcFileData(
        "vitrine-offscreen",
        _bundle_prc()
        + QUIET_PRC
        + f"""
load-display p3headlessgl
aux-display p3headlessgl
window-type offscreen
win-size {width} {height}
""",
    )
    from direct.showbase.ShowBase import ShowBase

    try:
        base = ShowBase(windowType="offscreen")
    except Exception as exc:
        raise RenderError(
            f"could not open an offscreen renderer ({exc}); install Mesa's EGL "
            "(Debian: libegl1 libgl1-mesa-dri)"
        ) from exc
    if base.win is None:
        raise RenderError(
            "could not open an offscreen renderer; install Mesa's EGL "
            "(Debian: libegl1 libgl1-mesa-dri)"
        )
    base.disableMouse()
    _antialias(base)
    log.info("offscreen renderer: %s", base.win.getGsg().getDriverRenderer())
    return base


def configure_window(width: int, height: int, title: str) -> None:
    """PRC settings for an on-screen window, set before ShowBase starts.

    Sound goes through OpenAL (silently replaced by no sound where there is no device);
    ``VITRINE_AUDIO=off`` switches it off altogether.
    """
    import os

    audio = "null" if os.environ.get("VITRINE_AUDIO", "").lower() == "off" else "p3openal_audio"
    loadPrcFileData(
        "vitrine-window",
        _bundle_prc() + QUIET_PRC + f"\nwin-size {width} {height}\nwindow-title {title}\n"
        f"audio-library-name {audio}\n",
    )


def open_embedded(parent_handle: int, width: int, height: int) -> Any:
    """A ShowBase whose window is a native child of ``parent_handle`` (e.g. a Qt widget)."""
    configure_window(width, height, "Vitrine")
    from direct.showbase.ShowBase import ShowBase
    from panda3d.core import WindowProperties

    base = ShowBase(windowType="none")
    props = WindowProperties()
    props.setParentWindow(parent_handle)
    props.setOrigin(0, 0)
    props.setSize(max(width, 1), max(height, 1))
    props.setUndecorated(True)
    base.openDefaultWindow(props=props)
    if base.win is None:
        base.destroy()
        raise RenderError("could not open a 3D window; check the graphics driver (OpenGL 3.3)")
    base.disableMouse()
    _antialias(base)
    log.info("embedded renderer: %s", base.win.getGsg().getDriverRenderer())
    return base


def resize_window(base: Any, width: int, height: int) -> None:
    """Follow the host widget's size."""
    from panda3d.core import WindowProperties

    props = WindowProperties()
    props.setOrigin(0, 0)
    props.setSize(max(width, 1), max(height, 1))
    base.win.requestProperties(props)


def frame_dt() -> float:
    """Seconds between the last two frames (Panda3D's global clock)."""
    from panda3d.core import ClockObject

    return float(ClockObject.getGlobalClock().getDt())


def set_cursor_hidden(base: Any, hidden: bool) -> None:
    """Hide or show the pointer over Panda3D's window (kiosks hide it when nobody is there)."""
    from panda3d.core import WindowProperties

    props = WindowProperties()
    props.setCursorHidden(hidden)
    base.win.requestProperties(props)


def set_background(base: Any, colour: tuple[float, float, float, float]) -> None:
    """The colour behind everything (seen only where the hall does not cover the view)."""
    base.setBackgroundColor(*colour)
    filters = getattr(base, "vitrine_filters", None)
    if filters is not None:  # the view is drawn in the multisampled buffer
        for buffer in filters.buffers:
            buffer.setClearColor(colour)


def renderer_name(base: Any) -> str:
    """The OpenGL renderer drawing ``base.win`` (e.g. "llvmpipe (LLVM 15.0.6, 256 bits)")."""
    return str(base.win.getGsg().getDriverRenderer())


def window_size(base: Any) -> tuple[int, int]:
    """The drawing size of ``base.win`` in pixels ((0, 0) without a window)."""
    win = getattr(base, "win", None)
    return (int(win.getXSize()), int(win.getYSize())) if win is not None else (0, 0)
