"""Numba kernel of :func:`._pairs.candidate_pairs` for ``k_nearest``: one pass over the k-d
tree's neighbour table, in place of several NumPy passes over the whole pair set.

Per origin (rows in parallel): drop the origin itself, keep the first ``k_nearest + 1`` other
neighbours (the last is the probe), compute their keys (haversine terms, or the squared chords
that rank the radiation model's destinations), sort them by ``(key, destination)`` (an
insertion sort: the tree lists them in distance order up to rounding and ties), and, when the
probe was reached, drop the farthest group of equal keys (the probe's, which may continue
beyond it), so that a row holds whole groups of ties. The result is the
one of the NumPy steps it replaces, pair for pair (tests compare both).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
import numpy.typing as npt

from . import _kernels as K

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


KEY_HAVERSINE = 0
"""Pair keys: haversine terms (distances in km follow from them; gravity, the datasets)."""
KEY_CHORD = 1
"""Pair keys: squared chords of the unit vectors (:func:`._kernels.chord2`, the radiation
model's ranking key in every path)."""


@nb.njit(nogil=True, cache=True)
def knn_row(cand: IntArray, i: int, keep: int, key: int, xyz: FloatArray, lat: FloatArray,
            lon: FloatArray, coslat: FloatArray, nbr: IntArray, keys: FloatArray,
            known: FloatArray) -> int:  # pragma: no cover - compiled
    """Row of origin ``i`` from its tree neighbours ``cand`` into ``nbr``/``keys`` (room for
    ``keep`` pairs), keyed by ``key`` (:data:`KEY_HAVERSINE` from ``lat``/``lon``/``coslat``,
    :data:`KEY_CHORD` from the unit vectors ``xyz``, or, when ``known`` holds a value per
    candidate, these: the grid search's squared chords, bit for bit :func:`._kernels.chord2`'s);
    returns the number kept."""
    c = 0
    pre = known.shape[0] > 0
    for t in range(cand.shape[0]):
        j = cand[t]
        if j == i or c == keep:
            continue
        if pre:
            kv = known[t]
        elif key == KEY_CHORD:
            kv = K.chord2(xyz, i, j)
        else:
            s1 = math.sin((lat[j] - lat[i]) * 0.5)
            s2 = math.sin((lon[j] - lon[i]) * 0.5)
            kv = s1 * s1 + coslat[i] * coslat[j] * s2 * s2
        u = c - 1
        while u >= 0 and (keys[u] > kv or (keys[u] == kv and nbr[u] > j)):
            keys[u + 1] = keys[u]
            nbr[u + 1] = nbr[u]
            u -= 1
        keys[u + 1] = kv
        nbr[u + 1] = j
        c += 1
    if c == keep:  # the probe was reached: drop its whole group of equal terms
        last = keys[c - 1]
        while c > 0 and keys[c - 1] == last:
            c -= 1
    return c


@nb.njit(nogil=True, cache=True, parallel=True)
def knn_rows(cand: IntArray, first: int, k_nearest: int, width: int, key: int,
             xyz: FloatArray, lat: FloatArray, lon: FloatArray, coslat: FloatArray,
             nbr: IntArray, keys: FloatArray, counts: IntArray) -> None:  # pragma: no cover
    """Rows ``r`` (origin ``first + r``) of the tree's neighbour table ``cand`` into the slots
    ``r * width`` of ``nbr``/``keys`` (``width`` = ``min(k_nearest + 1, cand.shape[1])``, room
    for every row), keyed as :func:`knn_row` says; ``counts[r]`` = pairs kept."""
    for r in nb.prange(cand.shape[0]):
        a = r * width
        counts[r] = knn_row(cand[r], first + r, k_nearest + 1, key, xyz, lat, lon, coslat,
                            nbr[a:a + width], keys[a:a + width], keys[:0])


@nb.njit(nogil=True, cache=True)
def compact(nbr: IntArray, keys: FloatArray, src: int, width: int, counts: IntArray,
            dst: int) -> int:  # pragma: no cover - compiled
    """Move rows of ``width`` slots from ``src`` on (``counts`` used) to ``dst`` onwards, in
    order (in place, ``dst <= src``: a row never moves past its own slots); returns the next
    free position."""
    for r in range(counts.shape[0]):
        a = src + r * width
        if a == dst:  # nothing moved yet: the row is in place
            dst += counts[r]
            continue
        for t in range(counts[r]):
            nbr[dst + t] = nbr[a + t]
            keys[dst + t] = keys[a + t]
        dst += counts[r]
    return dst


@nb.njit(nogil=True, cache=True, parallel=True)
def expand_rows(indptr: IntArray, p: FloatArray, t_out: FloatArray, oi: npt.NDArray[np.integer],
                flow: FloatArray, kept: FloatArray) -> None:  # pragma: no cover - compiled
    """Per CSR pair ``t`` of row ``r``: ``oi[t] = r`` and ``flow[t] = p[t] * t_out[r]``;
    ``kept[r]`` = the row's sum of ``p``, added in pair order (as ``np.bincount`` adds)."""
    for r in nb.prange(indptr.shape[0] - 1):
        s = 0.0
        tr = t_out[r]
        for t in range(indptr[r], indptr[r + 1]):
            oi[t] = r
            flow[t] = p[t] * tr
            s += p[t]
        kept[r] = s


NORM_NONE = 0
NORM_ROW = 1
NORM_FINITE = 2


@nb.njit(nogil=True, cache=True)
def radiation_rows(indptr: IntArray, nbr: IntArray, keys: FloatArray, start: int, stop: int,
                   m: FloatArray, t_out: FloatArray, tie_rule: int, model: int, alpha: float,
                   norm: int, total: float, p: FloatArray, flow: FloatArray,
                   oi: npt.NDArray[np.integer], kept: FloatArray) -> None:  # pragma: no cover
    """Origins ``start:stop`` of CSR pairs (row ``i`` = origin ``i``) in one pass: the
    probabilities of :func:`._kernels.radiation_sparse` into ``p`` (aligned with ``nbr``),
    normalised as :func:`.radiation.sparse_probabilities` does (``norm``: ``NORM_ROW`` divides
    a row by its sum when positive, ``NORM_FINITE`` by ``1 - m_i / total``), then as
    :func:`expand_rows`: ``oi``, ``flow = p * t_out[i]`` and ``kept[i]`` (the row's sum of
    ``p``). Every sum is added in pair order, as ``np.bincount`` adds, so the values are those
    of the separate steps to the last bit."""
    for i in range(start, stop):
        a = indptr[i]
        b = indptr[i + 1]
        K.radiation_sparse(indptr, nbr, keys, i, i + 1, m, tie_rule, model, alpha, p[a:b], 0)
        kept[i] = finish_row(i, a, b, m, t_out, norm, total, p, flow, oi)


@nb.njit(nogil=True, cache=True)
def finish_row(i: int, a: int, b: int, m: FloatArray, t_out: FloatArray, norm: int,
               total: float, p: FloatArray, flow: FloatArray,
               oi: npt.NDArray[np.integer]) -> float:  # pragma: no cover - compiled
    """Origin ``i``'s raw probabilities ``p[a:b]`` normalised in place (``norm`` as in
    :func:`radiation_rows`), ``oi[a:b] = i``, ``flow[a:b] = p * t_out[i]``; returns the row's
    sum of ``p``, added in pair order."""
    if norm == NORM_ROW:
        raw = 0.0
        for t in range(a, b):
            raw += p[t]
        d = raw if raw > 0 else 1.0
        for t in range(a, b):
            p[t] /= d
    elif norm == NORM_FINITE:
        d = 1.0 - m[i] / total
        for t in range(a, b):
            p[t] /= d
    s = 0.0
    tr = t_out[i]
    for t in range(a, b):
        oi[t] = i
        flow[t] = p[t] * tr
        s += p[t]
    return s


def code_dtype(n: int) -> type[np.signedinteger]:  # type: ignore[type-arg]
    """The integer type pandas keeps the codes of an index of ``n`` labels in (so that a
    MultiIndex built on them converts nothing)."""
    for t in (np.int8, np.int16, np.int32):
        if n < np.iinfo(t).max:
            return t
    return np.int64
