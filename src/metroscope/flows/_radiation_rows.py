"""The dense radiation kernel: rank every destination of a block of origins, then accumulate.

Each origin's row of keys is ranked by a bucket sort (:func:`_bucket_order`): the keys are
spread over ``N`` buckets of equal width between the row's smallest and largest finite key
(``+inf``, unreachable, in one bucket after them), counted, placed bucket by bucket in index
order, and each bucket holding more than one key is sorted by key, stably (an insertion sort,
or a merge sort beyond :data:`SMALL_BUCKET` keys: many equal keys, e.g. copies of one point or a
cost matrix of whole minutes). The bucket of a key is a non-decreasing function of the key
(subtraction, multiplication and truncation are monotonic in IEEE arithmetic), so the result is
exactly the order of a stable argsort of the float keys: by key, ties by index (tests compare
both on ties, near-ties, ``-0.0``, subnormals, ``1e300`` and ``inf``). Distances from an origin
are spread evenly enough that a bucket holds about one key, so a row costs O(N) instead of the
O(N log N) of a comparison sort: on the 3,000 x 3,000 benchmark block the ranking and the
accumulation take about 60 % of the CPU time of a one-thread ``np.argsort`` of the same keys
(benchmarks/README.md).

Keys are non-negative (squared chords, or a cost matrix checked to hold no negative value or
NaN); ``inf`` (unreachable) gets probability 0.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
import numpy.typing as npt

from ._kernels import TIE_INCLUSIVE, _prob

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SMALL_BUCKET = 32
"""Buckets of up to this many keys are sorted by insertion, larger ones by a merge sort."""


@nb.njit(nogil=True, cache=True)
def _sort_bucket(sk: FloatArray, sj: IntArray, a: int, e: int) -> None:  # pragma: no cover
    """Sort ``sk[a:e]`` (and ``sj`` with it) by key, stably, in place."""
    if e - a <= SMALL_BUCKET:
        for t in range(a + 1, e):
            kv = sk[t]
            jv = sj[t]
            u = t - 1
            while u >= a and sk[u] > kv:
                sk[u + 1] = sk[u]
                sj[u + 1] = sj[u]
                u -= 1
            sk[u + 1] = kv
            sj[u + 1] = jv
    else:
        o = np.argsort(sk[a:e], kind="mergesort")
        ck = sk[a:e].copy()
        cj = sj[a:e].copy()
        for t in range(e - a):
            sk[a + t] = ck[o[t]]
            sj[a + t] = cj[o[t]]


@nb.njit(nogil=True, cache=True)
def _bucket_order(kr: FloatArray, sk: FloatArray, sj: IntArray, bk: IntArray,
                  hist: IntArray) -> None:  # pragma: no cover - compiled
    """``sj`` = the positions of ``kr`` (one row of keys, no NaN) in a stable sort by key,
    ``sk`` = the keys in that order; ``bk`` (``len(kr)``) and ``hist`` (``len(kr) + 2``) are
    working space."""
    n = kr.shape[0]
    nbk = n  # finite keys go to buckets 0 .. n-1, +inf to bucket n
    lo = math.inf
    hi = -math.inf
    for j in range(n):
        v = kr[j]
        lo = min(lo, v)
        if v > hi and v != math.inf:
            hi = v
    scale = nbk / (hi - lo) if hi > lo else 0.0
    if not math.isfinite(scale):  # a span too large or too small to scale
        scale = 0.0
    for b in range(nbk + 2):
        hist[b] = 0
    for j in range(n):
        v = kr[j]
        b = nbk if v == math.inf else min(np.int64((v - lo) * scale), nbk - 1)
        bk[j] = b
        hist[b + 1] += 1
    for b in range(nbk + 1):
        hist[b + 1] += hist[b]
    for j in range(n):  # in index order: a bucket's keys arrive in index order
        b = bk[j]
        p = hist[b]
        hist[b] = p + 1
        sk[p] = kr[j]
        sj[p] = j
    a = 0  # hist[b] is now the end of bucket b
    for b in range(nbk + 1):
        e = hist[b]
        if e - a > 1:
            _sort_bucket(sk, sj, a, e)
        a = e


@nb.njit(nogil=True, cache=True)
def _accumulate(sk: FloatArray, sj: IntArray, i: int, m: FloatArray, tie_rule: int, model: int,
                alpha: float, out_r: FloatArray) -> None:  # pragma: no cover - compiled
    """Probabilities from origin ``i`` to the destinations ``sj`` (all N, the origin among
    them, ordered by their keys ``sk``) into ``out_r`` (column ``j - (j > i)``)."""
    n = sk.shape[0]
    mi = m[i]
    s = 0.0
    a = 0
    while a < n:
        kv = sk[a]
        b = a + 1
        while b < n and sk[b] == kv:
            b += 1
        if b - a == 1:  # the common case: a key no other shares
            j = sj[a]
            if j != i:
                out_r[j - (j > i)] = 0.0 if math.isinf(kv) else _prob(model, mi, m[j], s,
                                                                     alpha)
                s += m[j]
        elif tie_rule == TIE_INCLUSIVE:  # every tied destination counts for each of them
            tied = 0.0
            for t in range(a, b):
                if sj[t] != i:
                    tied += m[sj[t]]
            for t in range(a, b):
                j = sj[t]
                if j != i:
                    out_r[j - (j > i)] = 0.0 if math.isinf(kv) else _prob(
                        model, mi, m[j], s + tied - m[j], alpha)
            s += tied
        else:  # ordered: ties count in index order
            for t in range(a, b):
                j = sj[t]
                if j != i:
                    out_r[j - (j > i)] = 0.0 if math.isinf(kv) else _prob(model, mi, m[j], s,
                                                                         alpha)
                    s += m[j]
        a = b


NORM_KEEP = 0
""":func:`radiation_rows` leaves the raw probabilities (``row`` normalisation follows in NumPy,
whose pairwise row sums it must reproduce; ``none``)."""
NORM_FINITE = 1
""":func:`radiation_rows` divides each row by ``1 - m_i / total`` (finite-size)."""


@nb.njit(nogil=True, cache=True)
def radiation_rows(keys: FloatArray, start: int, m: FloatArray, tie_rule: int, model: int,
                   alpha: float, norm: int, total: float, t_out: FloatArray, out: FloatArray,
                   flow: FloatArray) -> None:  # pragma: no cover - compiled
    """Radiation probabilities of the origins ``start + r``.

    ``keys[r]`` ranks destinations (smaller = closer). ``out[r, j']`` receives p(i, j) for
    every ``j != i`` at column ``j' = j - (j > i)``. ``s_ij`` excludes the masses of ``i`` and
    ``j``:

    * ``TIE_INCLUSIVE``: every ``k`` with ``key_k <= key_j`` counts (TDLM);
    * ``TIE_ORDERED``: ``k`` counts when it ranks before ``j`` in a stable sort of the keys,
      ties broken by index (scikit-mobility).
    Keys equal to ``+inf`` (unreachable) get probability 0. With ``norm`` =
    :data:`NORM_FINITE` each row is then divided by ``1 - m_i / total``; when ``flow`` has the
    shape of ``out``, ``flow[r] = out[r] * t_out[i]`` (the values of the NumPy expressions
    ``p /= (1 - m / total)[:, None]`` and ``p * t_out[:, None]``, element by element).
    """
    n = keys.shape[1]
    sk = np.empty(n)
    sj = np.empty(n, np.int64)
    bk = np.empty(n, np.int64)
    hist = np.empty(n + 2, np.int64)
    flows = flow.shape[0] == out.shape[0]
    for r in range(keys.shape[0]):
        i = start + r
        _bucket_order(keys[r], sk, sj, bk, hist)
        o = out[r]
        _accumulate(sk, sj, i, m, tie_rule, model, alpha, o)
        if norm == NORM_FINITE:
            d = 1.0 - m[i] / total
            for t in range(n - 1):
                o[t] /= d
        if flows:
            f = flow[r]
            ti = t_out[i]
            for t in range(n - 1):
                f[t] = o[t] * ti


@nb.njit(nogil=True, cache=True)
def row_order(keys: FloatArray) -> IntArray:  # pragma: no cover - compiled
    """Each row's positions in the order the kernel ranks them (tests compare a stable
    argsort)."""
    n = keys.shape[1]
    out = np.empty(keys.shape, np.int64)
    sk = np.empty(n)
    bk = np.empty(n, np.int64)
    hist = np.empty(n + 2, np.int64)
    for r in range(keys.shape[0]):
        _bucket_order(keys[r], sk, out[r], bk, hist)
    return out
