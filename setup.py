"""Only the compiled part of Vitrine; everything else is declared in pyproject.toml.

app/meshes/_surface_fit.c holds the inner loops of fitting levels of detail to the original
surface (app/meshes/surface_fit.py falls back to NumPy, much slower, where it was not built);
app/meshes/_block_codec.c the texture block encoder (app/meshes/block_compression.py, likewise).
"""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("app.meshes._surface_fit", sources=["app/meshes/_surface_fit.c"],
              extra_compile_args=["-O3"]),
    Extension("app.meshes._block_codec", sources=["app/meshes/_block_codec.c"],
              extra_compile_args=["-O3"]),
])
