"""Move the vertices of a simplified surface so it lies on the original one.

Edge collapse keeps original vertices, so a coarse level passes through points of the fine
surface but cuts corners between them. Here the kept vertices are moved to the positions that
best fit the original in the least-squares sense: points spread over the original faces (their
centroids, weighted by area) are tied to the nearest simplified triangle, and the vertices of
that triangle are solved for so that each point lies on it, measured along the original
normal (point-to-plane). A little pull towards each vertex's start keeps it from sliding
along flat parts, where the planes leave it free. No SciPy (the app bundle carries none):
the inner loops are in C (_surface_fit.c), with the same steps in NumPy as the reference
and the fallback where the extension was not built.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import numpy as np

from app.meshes.normals import face_normals

__all__ = ["SurfaceFit", "Weld", "used_indices"]

log = logging.getLogger(__name__)

_ITERATIONS = 4  # conjugate-gradient steps
_PULL = 1e-4  # pull towards the start, relative to a vertex's share of the samples
_MAX_SHIFT = 0.5  # the farthest a vertex may move, in mean simplified edge lengths
_MIN_FACING = 0.5  # cosine: a sample only lies on triangles facing its way
_UPPER = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)]


def used_indices(indices: np.ndarray, size: int | None = None) -> np.ndarray:
    """The distinct values of an index array, sorted (``np.unique`` without sorting it)."""
    flat = np.asarray(indices).ravel()
    if size is None:
        size = int(flat.max()) + 1 if len(flat) else 0
    return np.flatnonzero(np.bincount(flat, minlength=size))


class Weld:
    """A part's vertices grouped by position: split copies along UV seams and hard edges
    share one position id."""

    #: Use the compiled hashing when it is built (the NumPy sort is the reference).
    use_compiled = True

    def __init__(self, positions: np.ndarray) -> None:
        bits = np.ascontiguousarray(positions, dtype=np.float32).view(np.uint32)
        #: For every vertex, the id of its position.
        self.position_id: np.ndarray = np.empty(len(bits), dtype=np.int64)
        #: For every position id, the first vertex there.
        self.first: np.ndarray
        if len(bits) == 0:
            self.first = np.zeros(0, dtype=np.int64)
            return
        compiled = _compiled()
        if compiled is not None and self.use_compiled:
            first = np.empty(len(bits), dtype=np.int64)
            self.first = first[: compiled.weld(bits, self.position_id, first)]
            return
        xy = (bits[:, 0].astype(np.uint64) << np.uint64(32)) | bits[:, 1]
        order = np.lexsort((bits[:, 2], xy))  # stable: the first vertex of a group comes first
        xy, z = xy[order], bits[order, 2]
        new = np.empty(len(order), dtype=bool)
        new[0] = True
        new[1:] = (xy[1:] != xy[:-1]) | (z[1:] != z[:-1])
        self.position_id[order] = np.cumsum(new) - 1
        self.first = order[new]


class SurfaceFit:
    """The full-detail surface of one part, ready to fit its simplified levels to."""

    #: Use the compiled inner loops when they are built (the NumPy ones are the reference).
    use_compiled = True

    def __init__(self, positions: np.ndarray, faces: np.ndarray, weld: Weld | None = None) -> None:
        """``positions`` and ``faces`` are the surface to fit to; ``weld`` groups the
        vertices by position (split copies must sit at one position in ``positions``)."""
        weld = weld or Weld(positions)
        self.position_id = weld.position_id
        self.points = np.asarray(positions, dtype=np.float64)[weld.first]
        self._corners = np.ascontiguousarray(self.position_id[faces], dtype=np.int64)

    def fitted(self, kept: np.ndarray, faces: np.ndarray) -> np.ndarray:
        """Best-fit positions for the vertices ``kept`` (indices into the part's vertices)
        of the simplified ``faces`` (over the same indices); one row per kept vertex."""
        kept_position = self.position_id[kept]
        kept_ids = used_indices(kept_position, len(self.points))
        slot = np.full(len(self.points), -1, dtype=np.int64)
        slot[kept_ids] = np.arange(len(kept_ids))
        slot_of_kept = slot[kept_position]
        simple = slot[self.position_id[faces]]
        start = self.points[kept_ids]
        if len(self._corners) == 0 or len(simple) == 0:
            return start[slot_of_kept]
        owner = self._owners(kept_ids)
        compiled = _compiled()
        if compiled is not None and self.use_compiled:
            count = len(self._corners)
            centre, normal = np.empty((count, 3)), np.empty((count, 3))
            weight, sample_owner = np.empty(count), np.empty(count, dtype=np.int64)
            used = compiled.samples(
                self.points, self._corners, owner, centre, normal, weight, sample_owner
            )
            result = np.empty_like(start)
            compiled.fit(
                centre[:used],
                normal[:used],
                weight[:used],
                sample_owner[:used],
                simple,
                start,
                result,
                _ITERATIONS,
                _PULL,
                _MAX_SHIFT,
            )
        else:
            result = self._fitted_in_numpy(owner, simple, start)
        return result[slot_of_kept]

    def _fitted_in_numpy(
        self, owner: np.ndarray, simple: np.ndarray, start: np.ndarray
    ) -> np.ndarray:
        """The same steps as the C ones, in NumPy."""
        a, b, c = (self.points[self._corners[:, k]] for k in range(3))
        cross = np.cross(b - a, c - a)
        twice = np.sqrt(np.einsum("ij,ij->i", cross, cross))
        sample_owner = owner[self._corners[:, 0]]
        keep = (twice > 0) & (sample_owner >= 0)
        centre = ((a + b + c) / 3.0)[keep]
        normal = cross[keep] / twice[keep, None]
        weight = twice[keep] / 2
        face = self._nearest_faces(centre, normal, sample_owner[keep], simple, start)
        facing = face >= 0
        centre, normal, weight, face = centre[facing], normal[facing], weight[facing], face[facing]
        return _solve(
            start,
            simple[face],
            _barycentric(centre, start[simple[face]]),
            centre,
            normal,
            weight,
            _MAX_SHIFT * _mean_edge(start, simple),
        )

    def _owners(self, kept_ids: np.ndarray) -> np.ndarray:
        """For every position, the kept position fewest edges away (-1 if none is reached)."""
        owner = np.full(len(self.points), -1, dtype=np.int64)
        compiled = _compiled()
        if compiled is not None and self.use_compiled:
            compiled.owners(self._corners, np.ascontiguousarray(kept_ids, dtype=np.int64), owner)
            return owner
        owner[kept_ids] = np.arange(len(kept_ids))
        c = self._corners
        pairs = np.concatenate([c[:, [0, 1]], c[:, [1, 2]], c[:, [2, 0]]])
        targets = np.concatenate([pairs[:, 0], pairs[:, 1]])
        sources = np.concatenate([pairs[:, 1], pairs[:, 0]])
        open_edges = np.flatnonzero(owner[targets] < 0)
        for _ in range(256):
            labels = owner[sources[open_edges]]
            reach = labels >= 0
            if not reach.any():
                break
            owner[targets[open_edges[reach]]] = labels[reach]
            open_edges = open_edges[owner[targets[open_edges]] < 0]
        return owner

    @staticmethod
    def _nearest_faces(
        centre: np.ndarray,
        normal: np.ndarray,
        owner: np.ndarray,
        simple: np.ndarray,
        start: np.ndarray,
    ) -> np.ndarray:
        """Of the simplified triangles around each sample's owner that face its way, the one
        whose centroid is nearest to the sample (-1 where none faces its way)."""
        vertex = simple.ravel()
        order = np.argsort(vertex, kind="stable")
        around = order // 3  # simplified faces, grouped by vertex
        first = np.searchsorted(vertex[order], np.arange(len(start) + 1))
        degree = np.diff(first)[owner]
        # One row per (sample, face around its owner), samples in order.
        sample = np.repeat(np.arange(len(owner)), degree)
        offset = np.arange(len(sample)) - np.repeat(np.cumsum(degree) - degree, degree)
        candidate = around[first[owner][sample] + offset]
        centroids = start[simple].mean(axis=1).astype(np.float32)
        facing = face_normals(start, simple)
        gap = centroids[candidate] - centre.astype(np.float32)[sample]
        distance = np.einsum("ij,ij->i", gap, gap)
        # Only triangles facing the same way: the far side of a thin shell is not it.
        agree = np.einsum("ij,ij->i", facing[candidate], normal[sample]) >= _MIN_FACING
        distance[~agree] = np.inf
        # The nearest per sample: its smallest distance, then the first row that has it.
        nearest = np.minimum.reduceat(distance, np.cumsum(degree) - degree)
        hit = np.flatnonzero(distance == nearest[sample])
        first_hit = np.ones(len(hit), dtype=bool)
        first_hit[1:] = sample[hit[1:]] != sample[hit[:-1]]
        return np.where(np.isfinite(nearest), candidate[hit[first_hit]], -1)


def _barycentric(point: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """Barycentric coordinates of each point's projection, clamped into its triangle."""
    a = tri[:, 0]
    e0, e1, d = tri[:, 1] - a, tri[:, 2] - a, point - a
    d00, d01, d11 = (e0 * e0).sum(1), (e0 * e1).sum(1), (e1 * e1).sum(1)
    d20, d21 = (d * e0).sum(1), (d * e1).sum(1)
    denominator = np.maximum(d00 * d11 - d01 * d01, 1e-30)
    out = np.empty((len(point), 3))
    out[:, 1] = (d11 * d20 - d01 * d21) / denominator
    out[:, 2] = (d00 * d21 - d01 * d20) / denominator
    out[:, 0] = 1.0 - out[:, 1] - out[:, 2]
    np.clip(out, 0.0, None, out=out)
    out /= np.maximum(out.sum(axis=1, keepdims=True), 1e-30)
    return out


@lru_cache(maxsize=1)
def _compiled() -> Any:
    """The C inner loops (app/meshes/_surface_fit.c), or None where they were not built."""
    try:
        from app.meshes import _surface_fit  # type: ignore[attr-defined]
    except ImportError:
        log.warning(
            "app.meshes._surface_fit is not built; fitting levels of detail in NumPy "
            "(slower): reinstall with 'pip install -e .' and a C compiler"
        )
        return None
    return _surface_fit


def _mean_edge(points: np.ndarray, faces: np.ndarray) -> float:
    tri = points[faces]
    return float(np.linalg.norm(tri - np.roll(tri, 1, axis=1), axis=2).mean())


def _solve(
    start: np.ndarray,
    corners: np.ndarray,
    bary: np.ndarray,
    centre: np.ndarray,
    normal: np.ndarray,
    weight: np.ndarray,
    limit: float,
) -> np.ndarray:
    """Minimise sum w (n . (p - point on the simplified triangle))^2 + pull |x - start|^2 by
    conjugate gradients, preconditioned with each vertex's own 3x3 block."""
    count = len(start)
    by_axis = (corners[:, :, None] * 3 + np.arange(3)).ravel()
    # Row i of the system's matrix J: the point on triangle i, seen along normal i.
    row = bary[:, :, None] * normal[:, None, :]  # (samples, 3 corners, 3 axes)
    root = np.sqrt(weight)
    row *= root[:, None, None]
    goal = np.einsum("ij,ij->i", normal, centre) * root
    outer = np.stack([normal[:, i] * normal[:, j] for i, j in _UPPER], axis=1) * weight[:, None]
    by_entry = (corners[:, :, None] * 6 + np.arange(6)).ravel()
    entries = np.bincount(
        by_entry, (bary[:, :, None] ** 2 * outer[:, None, :]).ravel(), minlength=count * 6
    ).reshape(count, 6)
    share = np.bincount(corners.ravel(), (bary * weight[:, None]).ravel(), minlength=count)
    pull = _PULL * np.maximum(share, 1e-30)
    block = np.empty((count, 3, 3))
    for k, (i, j) in enumerate(_UPPER):
        block[:, i, j] = block[:, j, i] = entries[:, k]
    block[:, [0, 1, 2], [0, 1, 2]] += pull[:, None]
    precondition = np.linalg.inv(block)

    def normal_matrix(x: np.ndarray) -> np.ndarray:  # (J^T J + pull) x
        along = np.einsum("icj,icj->i", row, x[corners])
        spread = np.bincount(by_axis, (row * along[:, None, None]).ravel(), minlength=count * 3)
        return spread.reshape(count, 3) + pull[:, None] * x

    # Solve for the shift from the start: (J^T J + pull) d = J^T (goal - J start).
    along = goal - np.einsum("icj,icj->i", row, start[corners])
    residual = np.asarray(
        np.bincount(by_axis, (row * along[:, None, None]).ravel(), minlength=count * 3).reshape(
            count, 3
        ),
        dtype=np.float64,
    )
    shift = np.zeros_like(start)
    z = np.einsum("ijk,ik->ij", precondition, residual)
    direction = z.copy()
    rz = float((residual * z).sum())
    for _ in range(_ITERATIONS):
        if rz <= 0.0:
            break
        product = normal_matrix(direction)
        alpha = rz / max(float((direction * product).sum()), 1e-300)
        shift += alpha * direction
        residual -= alpha * product
        z = np.einsum("ijk,ik->ij", precondition, residual)
        rz_next = float((residual * z).sum())
        direction = z + (rz_next / rz) * direction
        rz = rz_next
    length = np.linalg.norm(shift, axis=1)
    too_far = length > limit
    shift[too_far] *= (limit / length[too_far])[:, None]
    return start + shift
