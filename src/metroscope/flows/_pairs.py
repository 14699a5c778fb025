"""Candidate pairs for very large N: the k nearest destinations or those within a radius.

Pairs are returned in CSR form over origins (``indptr``, destination positions ``nbr``) with
their haversine terms ``keys`` (a strictly increasing function of distance), each origin's pairs
sorted by ``(key, destination position)``. A pair set built this way holds every location nearer
than the farthest one kept, so intervening-opportunity sums (radiation) stay exact on it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from . import _kernels as K
from ._table import FlowModelError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


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


def check_truncation(k_nearest: int | None, cutoff_km: float | None) -> None:
    """Refuse a pair truncation without options or with non-positive values.

    Raises
    ------
    FlowModelError
        If neither option is given or a value is not positive (a NaN or infinite
        ``cutoff_km`` included).
    """
    if k_nearest is None and cutoff_km is None:
        msg = "Give k_nearest (destinations per origin) or cutoff_km (radius, km)."
        raise FlowModelError(msg)
    # written so that NaN fails too (NaN <= 0 is False); an infinite cutoff is "no cutoff":
    # pass None instead
    if (k_nearest is not None and not k_nearest >= 1) or (
            cutoff_km is not None and not 0 < cutoff_km < float("inf")):
        msg = (f"k_nearest must be >= 1 and cutoff_km a finite number > 0 (km); got "
               f"{k_nearest}, {cutoff_km}.")
        raise FlowModelError(msg)


def candidate_pairs(lat: FloatArray, lon: FloatArray, *, k_nearest: int | None = None,
                    cutoff_km: float | None = None, radius_km: float, start: int = 0,
                    stop: int | None = None, tree: Any = None, workers: int = -1,
                    coslat: FloatArray | None = None) -> tuple[IntArray, IntArray, FloatArray]:
    """CSR pairs ``(indptr, nbr, keys)`` of the k nearest (``k_nearest``) and/or the locations
    within ``cutoff_km`` (great-circle) of each origin ``start:stop`` (default all), the origin
    itself excluded. Rows hold whole groups of ties: when the k-th nearest is at the same
    distance as the next one, that whole farthest group is left out (the row keeps fewer than
    k), so that every kept pair's intervening population ``s_ij`` is exact under either tie
    rule. ``indptr`` has ``stop - start + 1`` entries (row 0 = origin ``start``);
    ``nbr`` holds destination positions among all N locations. ``tree`` is
    :func:`pair_tree` of the same locations (built here when not given); ``workers`` are the
    threads of the tree query (-1: all cores); ``coslat``: ``cos(lat)``, computed when not
    given. Memory: about ``40 x (stop - start) x k`` bytes.

    Raises
    ------
    FlowModelError
        If neither option is given or a value is not positive (a NaN or infinite
        ``cutoff_km`` included).
    """
    check_truncation(k_nearest, cutoff_km)
    n = lat.shape[0]
    stop = n if stop is None else stop
    rows = stop - start
    if tree is None:
        tree = pair_tree(lat, lon)
    xyz = _unit_vectors(lat[start:stop], lon[start:stop])
    if k_nearest is not None:
        # one more neighbour than kept (the probe) tells whether the k-th ends a group of ties
        k = min(k_nearest + 2, n)
        _, idx = tree.query(xyz, k=k, workers=workers)
        idx = np.asarray(idx, dtype=np.int64).reshape(rows, k)
        keep = idx != np.arange(start, stop, dtype=np.int64)[:, None]
        # an origin with a duplicate point may not be listed among its own neighbours
        keep &= np.cumsum(keep, axis=1) <= k_nearest + 1
    else:
        chord = 2.0 * np.sin(float(cutoff_km) / (2.0 * radius_km))  # type: ignore[arg-type]
        lists = tree.query_ball_point(xyz, r=chord * (1 + 1e-9), workers=workers,
                                      return_sorted=True)
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
    c = np.cos(lat) if coslat is None else coslat
    keys = K.sorted_pair_terms(lat, lon, c, start, indptr, nbr, k_nearest is not None)
    if k_nearest is not None:
        # drop the probe, and with it the farthest group of ties when the probe belongs to
        # it (that group may continue beyond the probe): the rows keep whole groups of ties
        counts = np.diff(indptr)
        full = counts == k_nearest + 1
        if full.any():
            row_of = np.repeat(np.arange(rows), counts)
            last = keys[np.maximum(indptr[1:] - 1, 0)]
            ok = ~(full[row_of] & (keys == last[row_of]))
            nbr, keys = nbr[ok], keys[ok]
            np.cumsum(np.bincount(row_of[ok], minlength=rows), out=indptr[1:])
    if cutoff_km is not None:
        ok = term_to_km(keys, radius_km) <= cutoff_km
        if not ok.all():
            row_of = np.repeat(np.arange(rows), np.diff(indptr))
            counts = np.bincount(row_of[ok], minlength=rows)
            nbr, keys = nbr[ok], keys[ok]
            np.cumsum(counts, out=indptr[1:])
    return indptr, np.ascontiguousarray(nbr), np.ascontiguousarray(keys)
