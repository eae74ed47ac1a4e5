"""A small, typed ctypes binding to meshoptimizer's simplifier (the library the PyPI wheel ships).

Only the three calls Vitrine uses are bound, with exact C signatures: the attribute-aware
edge-collapse simplifier, the plain one, and the sloppy clustering fallback.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import Any

import numpy as np

from app.errors import VitrineError

__all__ = ["simplify", "simplify_sloppy"]

_SPARSE = 2  # meshopt_SimplifySparse
_size_t = ctypes.c_size_t
_uint_p = ctypes.POINTER(ctypes.c_uint)
_float_p = ctypes.POINTER(ctypes.c_float)


@lru_cache(maxsize=1)
def _lib() -> Any:
    try:
        from meshoptimizer._loader import find_library
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise VitrineError(
            "the 'meshoptimizer' package is needed for levels of detail (pip install meshoptimizer)"
        ) from exc
    lib = ctypes.CDLL(find_library())
    lib.meshopt_simplifyWithAttributes.argtypes = [
        _uint_p,
        _uint_p,
        _size_t,
        _float_p,
        _size_t,
        _size_t,
        _float_p,
        _size_t,
        _float_p,
        _size_t,
        ctypes.POINTER(ctypes.c_ubyte),
        _size_t,
        ctypes.c_float,
        ctypes.c_uint,
        _float_p,
    ]
    lib.meshopt_simplifyWithAttributes.restype = _size_t
    lib.meshopt_simplifySloppy.argtypes = [
        _uint_p,
        _uint_p,
        _size_t,
        _float_p,
        _size_t,
        _size_t,
        _size_t,
        ctypes.c_float,
        _float_p,
    ]
    lib.meshopt_simplifySloppy.restype = _size_t
    return lib


def _ptr(array: np.ndarray, kind: Any) -> Any:
    return array.ctypes.data_as(kind)


def simplify(
    faces: np.ndarray,
    positions: np.ndarray,
    target_faces: int,
    attributes: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    max_error: float = 1.0,
    sparse: bool = False,
) -> tuple[np.ndarray, float]:
    """Edge-collapse ``faces`` towards ``target_faces``; returns (faces, relative error).

    Output faces index the same vertex array, so every vertex attribute is carried through.
    ``attributes`` (N, K) with ``weights`` (K,) steer collapses away from UV and normal seams.
    ``sparse`` says the faces use few of the vertices (a level made from an earlier one): the
    work then follows the faces, not the vertex count.
    """
    lib = _lib()
    index = np.ascontiguousarray(faces, dtype=np.uint32).ravel()
    pos = np.ascontiguousarray(positions, dtype=np.float32)
    if attributes is None:
        attributes = np.zeros((len(pos), 1), dtype=np.float32)
        weights = np.zeros(1, dtype=np.float32)
    attrs = np.ascontiguousarray(attributes, dtype=np.float32)
    wts = np.ascontiguousarray(weights, dtype=np.float32)
    out = np.empty_like(index)
    error = ctypes.c_float(0.0)
    count = lib.meshopt_simplifyWithAttributes(
        _ptr(out, _uint_p),
        _ptr(index, _uint_p),
        len(index),
        _ptr(pos, _float_p),
        len(pos),
        pos.strides[0],
        _ptr(attrs, _float_p),
        attrs.strides[0],
        _ptr(wts, _float_p),
        len(wts),
        None,
        int(target_faces) * 3,
        max_error,
        _SPARSE if sparse else 0,
        ctypes.byref(error),
    )
    return out[:count].reshape(-1, 3).copy(), float(error.value)


def simplify_sloppy(faces: np.ndarray, positions: np.ndarray, target_faces: int) -> np.ndarray:
    """Vertex-clustering simplification: reaches any target, at some cost in quality."""
    lib = _lib()
    index = np.ascontiguousarray(faces, dtype=np.uint32).ravel()
    pos = np.ascontiguousarray(positions, dtype=np.float32)
    out = np.empty_like(index)
    error = ctypes.c_float(0.0)
    count = lib.meshopt_simplifySloppy(
        _ptr(out, _uint_p),
        _ptr(index, _uint_p),
        len(index),
        _ptr(pos, _float_p),
        len(pos),
        pos.strides[0],
        int(target_faces) * 3,
        1.0,
        ctypes.byref(error),
    )
    return out[:count].reshape(-1, 3).copy()
