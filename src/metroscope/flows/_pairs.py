"""Candidate pairs for very large N: the k nearest destinations or those within a radius.

Pairs are returned in CSR form over origins (``indptr``, destination positions ``nbr``) with
their keys (a strictly increasing function of distance), each origin's pairs sorted by ``(key,
destination position)``. The keys are haversine terms (gravity and the datasets turn them into
km), or with ``key="chord"`` the squared chords of the unit vectors, the radiation model's
ranking key, computed as its dense kernel computes them (:func:`._kernels.chord2`), so that
equal distances are the same ties on every path. A pair set built this way holds every location
nearer than the farthest one kept, so intervening-opportunity sums (radiation) stay exact on it.
"""

from __future__ import annotations

import math
import threading
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .._errors import shorten
from ..messages import Message
from . import _kernels as K
from . import _pairs_kernels as PK
from ._grid_knn import Grid, build_grid, first_box, grid_knn_rows
from ._table import FlowOptionError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
PairKey = Literal["haversine", "chord"]


def _unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    c = np.cos(lat)
    return np.column_stack([c * np.cos(lon), c * np.sin(lon), np.sin(lat)])


def haversine_term(lat: FloatArray, lon: FloatArray, oi: IntArray, dj: IntArray) -> FloatArray:
    """``sin²(Δφ/2) + cos φ_i cos φ_j sin²(Δλ/2)`` for the pairs ``(oi, dj)`` (radians)."""
    s1 = np.sin((lat[dj] - lat[oi]) * 0.5)
    s2 = np.sin((lon[dj] - lon[oi]) * 0.5)
    return np.asarray(s1 * s1 + np.cos(lat[oi]) * np.cos(lat[dj]) * s2 * s2)


def term_to_km(a: FloatArray, radius_km: float) -> FloatArray:
    """Great-circle distance, km, from haversine terms."""
    return np.asarray(2.0 * radius_km * np.arctan2(np.sqrt(a), np.sqrt(1.0 - a)))


def pair_tree(lat: FloatArray, lon: FloatArray) -> Any:
    """A k-d tree (:class:`scipy.spatial.cKDTree`) on the unit vectors of the locations
    (radians); built once and shared by every block of :func:`candidate_pairs`."""
    from scipy.spatial import cKDTree

    return cKDTree(_unit_vectors(lat, lon))


class PairIndex:
    """The search structures of the locations, built on first use in each process: the grid
    of buckets of :mod:`._grid_knn` (``k_nearest``) and the k-d tree of :func:`pair_tree`
    (``cutoff_km``, and ``k_nearest`` when the grid does not apply).

    A handle that the blocks of one run share (``shared["index"]``): it pickles empty, so a
    dask cluster receives a few bytes instead of the structures, and each worker builds them
    once from the coordinates it already holds, in parallel with the other workers, rather
    than the client building and sending them. Threads of one process wait for one build.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lat: FloatArray | None = None
        self._xyz: FloatArray | None = None
        self._tree: Any = None
        self._grid: Grid | None = None
        self._grid_built = False

    def __reduce__(self) -> tuple[type[PairIndex], tuple[()]]:
        return (PairIndex, ())

    def _same(self, lat: FloatArray) -> None:
        if self._lat is not lat:  # other coordinates: forget what was built
            self._lat, self._tree, self._grid, self._grid_built = lat, None, None, False
            self._xyz = None

    def unit_vectors(self, lat: FloatArray, lon: FloatArray) -> FloatArray:
        """:func:`_unit_vectors` of ``lat``/``lon`` (radians), computed on the first call,
        again if called with other arrays."""
        with self._lock:
            self._same(lat)
            if self._xyz is None:
                self._xyz = _unit_vectors(lat, lon)
            return self._xyz

    def tree(self, lat: FloatArray, lon: FloatArray) -> Any:
        """The k-d tree of ``lat``/``lon`` (radians); built on the first call, rebuilt if
        called with other arrays."""
        with self._lock:
            self._same(lat)
            if self._tree is None:
                self._tree = pair_tree(lat, lon)
            return self._tree

    def grid(self, lat: FloatArray, lon: FloatArray) -> Grid | None:
        """The :class:`._grid_knn.Grid` of ``lat``/``lon`` (radians), or None when the
        locations spread too far for it (:func:`._grid_knn.build_grid`); built on the first
        call, rebuilt if called with other arrays."""
        with self._lock:
            self._same(lat)
            if not self._grid_built:
                self._grid, self._grid_built = build_grid(_unit_vectors(lat, lon)), True
            return self._grid


def check_truncation(k_nearest: int | None, cutoff_km: float | None) -> None:
    """Refuse a pair truncation without options or with non-positive values.

    Raises
    ------
    FlowOptionError
        If neither option is given or a value is not positive (a NaN or infinite
        ``cutoff_km`` included): a :class:`FlowModelError` and a usage error (exit 2).
    """
    if k_nearest is None and cutoff_km is None:
        msg = Message("err_flow_no_truncation")
        raise FlowOptionError(msg)
    # written so that NaN fails too (NaN <= 0 is False); an infinite cutoff is "no cutoff":
    # pass None instead
    if k_nearest is not None and not k_nearest >= 1:
        msg = Message("err_flow_bad_k_nearest", got=shorten(k_nearest))
        raise FlowOptionError(msg)
    if cutoff_km is not None and not 0 < cutoff_km < float("inf"):
        msg = Message("err_flow_bad_cutoff", got=shorten(cutoff_km))
        raise FlowOptionError(msg)


KNN_CHUNK = 2048
"""Origins per k-d tree query of :func:`candidate_pairs` with ``k_nearest`` when the grid does
not apply (its neighbour table, ``KNN_CHUNK x (k + 2)`` positions and distances, is the only
temporary)."""


def _tree_k_nearest(tree: Any, xyz: FloatArray, lat: FloatArray, lon: FloatArray,
                    coslat: FloatArray, start: int, k_nearest: int, workers: int, key: int,
                    xyz_all: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
    """The ``k_nearest`` branch of :func:`candidate_pairs` on the k-d tree (rows ``start:start
    + len(xyz)``): the tree's neighbours, chunk by chunk, through
    :func:`._pairs_kernels.knn_rows`, each chunk's rows then packed behind the previous ones."""
    n = lat.shape[0]
    rows = xyz.shape[0]
    # one more neighbour than kept (the probe) tells whether the k-th ends a group of ties
    k = min(k_nearest + 2, n)
    width = min(k_nearest + 1, k)
    nbr = np.empty(rows * width, dtype=np.int64)
    keys = np.empty(rows * width)
    counts = np.zeros(rows, dtype=np.int64)
    pos = 0
    for r0 in range(0, rows, KNN_CHUNK):
        r1 = min(rows, r0 + KNN_CHUNK)
        _, cand = tree.query(xyz[r0:r1], k=k, workers=workers)
        cand = np.ascontiguousarray(cand, dtype=np.int64).reshape(r1 - r0, k)
        a = r0 * width
        PK.knn_rows(cand, start + r0, k_nearest, width, key, xyz_all, lat, lon, coslat,
                    nbr[a:a + (r1 - r0) * width], keys[a:a + (r1 - r0) * width],
                    counts[r0:r1])
        del cand
        # rows move only towards the start: the packed part never reaches unread slots
        pos = PK.compact(nbr, keys, a, width, counts[r0:r1], pos)
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, nbr[:pos], keys[:pos]


def _grid_k_nearest(grid: Grid, lat: FloatArray, lon: FloatArray, coslat: FloatArray,
                    start: int, stop: int, k_nearest: int,
                    key: int) -> tuple[IntArray, IntArray, FloatArray]:
    """The ``k_nearest`` branch of :func:`candidate_pairs` on the grid of buckets (rows
    ``start:stop``): :func:`._grid_knn.grid_knn_rows`, then the rows packed."""
    n = lat.shape[0]
    rows = stop - start
    width = min(k_nearest + 1, n)
    nbr = np.empty(rows * width, dtype=np.int64)
    keys = np.empty(rows * width)
    counts = np.zeros(rows, dtype=np.int64)
    l0 = first_box(grid, k_nearest)
    grid_knn_rows(start, rows, k_nearest, width, l0, key, grid.xyz, grid.u, grid.v, grid.cx,
                  grid.cy, grid.u0, grid.v0, grid.h, grid.nx, grid.ny, grid.start, grid.sx,
                  grid.sy, grid.sz, grid.sj, lat, lon, coslat, nbr, keys, counts)
    pos = PK.compact(nbr, keys, 0, width, counts, 0)
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, nbr[:pos], keys[:pos]


def candidate_pairs(lat: FloatArray, lon: FloatArray, *, k_nearest: int | None = None,
                    cutoff_km: float | None = None, radius_km: float, start: int = 0,
                    stop: int | None = None, index: PairIndex | None = None, workers: int = -1,
                    coslat: FloatArray | None = None,
                    key: PairKey = "haversine") -> tuple[IntArray, IntArray, FloatArray]:
    """CSR pairs ``(indptr, nbr, keys)`` of the k nearest (``k_nearest``) and/or the locations
    within ``cutoff_km`` (great-circle) of each origin ``start:stop`` (default all), the origin
    itself excluded. Rows hold whole groups of ties: when the k-th nearest is at the same
    distance as the next one, that whole farthest group is left out (the row keeps fewer than
    k), so that every kept pair's intervening population ``s_ij`` is exact under either tie
    rule. ``indptr`` has ``stop - start + 1`` entries (row 0 = origin ``start``);
    ``nbr`` holds destination positions among all N locations. ``index``: the
    :class:`PairIndex` of the same locations (made here when not given), whose grid of
    buckets finds the k nearest (:mod:`._grid_knn`) and whose k-d tree finds the locations
    within ``cutoff_km``, and the k nearest when the locations spread more than 60° from
    their mean direction; ``workers`` are the threads of the tree query (-1: all cores);
    ``coslat``: ``cos(lat)``, computed when not given. ``key``: ``"haversine"`` (haversine
    terms, :func:`term_to_km` gives km) or ``"chord"`` (squared chords of the unit vectors,
    :func:`._kernels.chord2`, the radiation model's ranking key: the k nearest, their order and
    their groups of ties are then those of the dense kernel, and ``cutoff_km`` keeps the pairs
    whose squared chord is at most that of the cutoff's arc). Memory: about ``16 x (stop -
    start) x (k + 1)`` bytes (the pairs) and, on the tree, a neighbour table of ``16 x
    KNN_CHUNK x k`` bytes.

    Raises
    ------
    FlowModelError
        If neither option is given or a value is not positive (a NaN or infinite
        ``cutoff_km`` included).
    """
    check_truncation(k_nearest, cutoff_km)
    code = PK.KEY_CHORD if key == "chord" else PK.KEY_HAVERSINE
    n = lat.shape[0]
    stop = n if stop is None else stop
    rows = stop - start
    if index is None:
        index = PairIndex()
    c = np.cos(lat) if coslat is None else coslat
    grid = index.grid(lat, lon) if k_nearest is not None else None
    if k_nearest is not None and grid is not None:
        indptr, nbr, keys = _grid_k_nearest(grid, lat, lon, c, start, stop, k_nearest, code)
    elif k_nearest is not None:
        xyz = _unit_vectors(lat[start:stop], lon[start:stop])
        xyz_all = index.unit_vectors(lat, lon) if key == "chord" else np.empty((0, 3))
        indptr, nbr, keys = _tree_k_nearest(index.tree(lat, lon), xyz, lat, lon, c, start,
                                            k_nearest, workers, code, xyz_all)
    else:
        # the cutoff's arc as a chord (an arc beyond half the circumference reaches everywhere)
        angle = min(float(cutoff_km) / radius_km, math.pi)  # type: ignore[arg-type]
        chord = 2.0 * math.sin(angle / 2.0)
        xyz = _unit_vectors(lat[start:stop], lon[start:stop])
        lists = index.tree(lat, lon).query_ball_point(xyz, r=chord * (1 + 1e-9),
                                                      workers=workers, return_sorted=True)
        lens = np.fromiter((len(x) for x in lists), dtype=np.int64, count=rows)
        width = int(lens.max(initial=0))
        idx = np.full((rows, width), -1, dtype=np.int64)
        keep = np.arange(width)[None, :] < lens[:, None]
        if width:
            idx[keep] = np.concatenate([np.asarray(x, dtype=np.int64) for x in lists])
        keep &= idx != np.arange(start, stop, dtype=np.int64)[:, None]
        nbr = np.ascontiguousarray(idx[keep])
        indptr = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(keep.sum(axis=1), out=indptr[1:])
        del idx, keep
        if key == "chord":
            keys = K.sorted_pair_chords(index.unit_vectors(lat, lon), start, indptr, nbr)
        else:
            keys = K.sorted_pair_terms(lat, lon, c, start, indptr, nbr)
    if cutoff_km is not None:
        if key == "chord":  # within the cutoff's chord: closed under the ranking key
            angle = min(float(cutoff_km) / radius_km, math.pi)
            ok = keys <= (2.0 * math.sin(angle / 2.0)) ** 2
        else:
            ok = term_to_km(keys, radius_km) <= cutoff_km
        if not ok.all():
            row_of = np.repeat(np.arange(rows), np.diff(indptr))
            counts = np.bincount(row_of[ok], minlength=rows)
            nbr, keys = nbr[ok], keys[ok]
            np.cumsum(counts, out=indptr[1:])
    return indptr, np.ascontiguousarray(nbr), np.ascontiguousarray(keys)
