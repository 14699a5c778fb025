"""Numba kernels of the accessibility measures on large cost matrices (one pass, no temporaries).

Imported lazily by :mod:`._access_fast` only for matrices of at least
:data:`._access_fast.KERNEL_MIN_PAIRS` pairs, so that small regions never pay Numba's import
or first compilation. Each kernel reads the cost matrix once, row by row (C order), and
allocates nothing of its size. ``x`` is either the cost matrix (outputs on its rows) or its
transpose (outputs on its columns), whichever is C-contiguous, so that a DataFrame's
Fortran-ordered values are read in place.

Sums over a row are vectorised (``fastmath={"reassoc"}`` on the reductions only): the order of
the additions differs from NumPy's, which moves results by a few units in the last place
(tests: relative 1e-12 against a plain loop); the weights themselves are computed exactly as
NumPy computes them (``1/x`` for a = 1, ``x ** -a``, ``exp(-β x)``).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]

_REASSOC = {"reassoc"}


@nb.njit(nogil=True, cache=True, inline="always")
def _f(v: float, power: bool, a: float, inv: bool, lo: float) -> float:  # pragma: no cover
    """Decay weight of one cost: clip at ``lo``; 0 for a non-finite cost (or ≤ 0 under power)."""
    v = max(v, lo)
    if power:
        if v > 0.0 and v < math.inf:
            return 1.0 / v if inv else v ** -a
        return 0.0
    if abs(v) < math.inf:
        return math.exp(-a * v)
    return 0.0


@nb.njit(nogil=True, cache=True, fastmath=_REASSOC)
def _row_potential(x: FloatArray, m: FloatArray, power: bool, a: float, inv: bool,
                   lo: float) -> tuple[float, int]:  # pragma: no cover - compiled
    s = 0.0
    z = 0
    for j in range(x.shape[0]):
        v = x[j]
        s += m[j] * _f(v, power, a, inv, lo)
        z += 1 if (v if v >= lo else lo) == 0.0 else 0
    return s, z


@nb.njit(nogil=True, cache=True, parallel=True)
def potential_rows(x: FloatArray, m: FloatArray, power: bool, a: float, lo: float,
                   include_self: bool, out: FloatArray,
                   zeros: IntArray) -> None:  # pragma: no cover - compiled
    """``out[i] = Σ_j m_j f(x_ij)`` (j = i left out unless ``include_self``); ``zeros[i]`` =
    number of off-diagonal costs that are 0 after the clip."""
    n, k = x.shape
    inv = power and a == 1.0
    for i in nb.prange(n):
        if include_self or i >= k:
            s, z = _row_potential(x[i], m, power, a, inv, lo)
        else:
            s1, z1 = _row_potential(x[i, :i], m[:i], power, a, inv, lo)
            s2, z2 = _row_potential(x[i, i + 1:], m[i + 1:], power, a, inv, lo)
            s, z = s1 + s2, z1 + z2
        out[i] = s
        zeros[i] = z


@nb.njit(nogil=True, cache=True)
def _acc_potential(x: FloatArray, mj: float, power: bool, a: float, inv: bool, lo: float,
                   acc: FloatArray, zeros: IntArray) -> None:  # pragma: no cover - compiled
    for i in range(x.shape[0]):
        v = x[i]
        acc[i] += mj * _f(v, power, a, inv, lo)
        zeros[i] += 1 if (v if v >= lo else lo) == 0.0 else 0


@nb.njit(nogil=True, cache=True, parallel=True)
def potential_cols(x: FloatArray, m: FloatArray, power: bool, a: float, lo: float,
                   include_self: bool, out: FloatArray, zeros: IntArray,
                   chunk: int) -> None:  # pragma: no cover - compiled
    """The same with ``x`` transposed: ``out[i] = Σ_j m_j f(x_ji)``, in blocks of ``chunk``
    outputs (each block sums its j in order)."""
    k, n = x.shape
    inv = power and a == 1.0
    for b in nb.prange((n + chunk - 1) // chunk):
        i0 = b * chunk
        i1 = min(n, i0 + chunk)
        acc = np.zeros(i1 - i0)
        zer = np.zeros(i1 - i0, dtype=np.int64)
        for j in range(k):
            if include_self or j < i0 or j >= i1:
                _acc_potential(x[j, i0:i1], m[j], power, a, inv, lo, acc, zer)
            else:
                d = j - i0
                _acc_potential(x[j, i0:j], m[j], power, a, inv, lo, acc[:d], zer[:d])
                _acc_potential(x[j, j + 1:i1], m[j], power, a, inv, lo, acc[d + 1:],
                               zer[d + 1:])
        out[i0:i1] = acc
        zeros[i0:i1] = zer


@nb.njit(nogil=True, cache=True, fastmath=_REASSOC)
def _inside_row(x: FloatArray, v: FloatArray, d: float) -> float:  # pragma: no cover
    s = 0.0
    for j in range(x.shape[0]):
        c = x[j]
        s += v[j] if (c <= d and abs(c) < math.inf) else 0.0
    return s


@nb.njit(nogil=True, cache=True, parallel=True)
def inside_rows(x: FloatArray, v: FloatArray, d: float,
                out: FloatArray) -> None:  # pragma: no cover - compiled
    """``out[i] = Σ_j v_j`` over the finite ``x_ij ≤ d`` (the unweighted 2SFCA sums, no CSR)."""
    for i in nb.prange(x.shape[0]):
        out[i] = _inside_row(x[i], v, d)


@nb.njit(nogil=True, cache=True)
def _acc_inside(row: FloatArray, vj: float, d: float,
                acc: FloatArray) -> None:  # pragma: no cover - compiled
    for t in range(row.shape[0]):
        c = row[t]
        acc[t] += vj if (c <= d and abs(c) < math.inf) else 0.0


@nb.njit(nogil=True, cache=True, parallel=True)
def inside_cols(x: FloatArray, v: FloatArray, d: float, out: FloatArray,
                parts: int) -> None:  # pragma: no cover - compiled
    """``out[i] = Σ_j v_j`` over the finite ``x_ji ≤ d``: ``parts`` ranges of j, each adding
    its rows in order into a whole-row accumulator (read once, in C order), then the ranges'
    sums in order (a fixed ``parts``, so the result does not depend on the thread count)."""
    k, n = x.shape
    step = (k + parts - 1) // parts
    acc = np.zeros((parts, n))
    for b in nb.prange(parts):
        a = acc[b]
        for j in range(b * step, min(k, (b + 1) * step)):
            _acc_inside(x[j], v[j], d, a)
    for i in range(n):
        t = 0.0
        for b in range(parts):
            t += acc[b, i]
        out[i] = t


@nb.njit(nogil=True, cache=True, fastmath=_REASSOC)
def _count_row(x: FloatArray, d: float) -> int:  # pragma: no cover - compiled
    z = 0
    for j in range(x.shape[0]):
        v = x[j]
        z += 1 if (v <= d and abs(v) < math.inf) else 0
    return z


@nb.njit(nogil=True, cache=True, parallel=True)
def count_inside(x: FloatArray, d: float, counts: IntArray) -> None:  # pragma: no cover
    """``counts[i]`` = number of finite costs ≤ ``d`` in row i."""
    for i in nb.prange(x.shape[0]):
        counts[i] = _count_row(x[i], d)


@nb.njit(nogil=True, cache=True)
def _gather_row(x: FloatArray, d: float, bi: Int32Array,
                bv: FloatArray) -> int:  # pragma: no cover - compiled
    p = 0
    for j in range(x.shape[0]):  # branch-free: write every cost, advance on the kept ones
        v = x[j]
        bi[p] = j
        bv[p] = v
        p += 1 if (v <= d and abs(v) < math.inf) else 0
    return p


@nb.njit(nogil=True, cache=True, parallel=True)
def gather_inside(x: FloatArray, d: float, indptr: IntArray, idx: Int32Array, val: FloatArray,
                  blocks: int) -> None:  # pragma: no cover - compiled
    """The kept pairs in CSR form (positions ``indptr`` from :func:`count_inside`). ``idx`` and
    ``val`` have one slot more than the pairs: a row is written in place, branch-free, which
    writes one slot past its end (the next row's first, rewritten next in the same block); the
    last row of a block goes through a scratch row instead, as the next block runs
    concurrently."""
    n, k = x.shape
    step = (n + blocks - 1) // blocks
    for b in nb.prange(blocks):
        bi = np.empty(k + 1, dtype=np.int32)
        bv = np.empty(k + 1)
        stop = min(n, (b + 1) * step)
        for i in range(b * step, stop):
            a = indptr[i]
            if i < stop - 1:
                _gather_row(x[i], d, idx[a:], val[a:])
            else:
                p = _gather_row(x[i], d, bi, bv)
                idx[a:a + p] = bi[:p]
                val[a:a + p] = bv[:p]


@nb.njit(nogil=True, cache=True, fastmath=_REASSOC)
def _reduce_row(idx: Int32Array, w: FloatArray,
                v: FloatArray) -> float:  # pragma: no cover - compiled
    s = 0.0
    for t in range(idx.shape[0]):
        s += w[t] * v[idx[t]]
    return s


@nb.njit(nogil=True, cache=True, parallel=True)
def csr_row_sums(indptr: IntArray, idx: Int32Array, w: FloatArray, v: FloatArray,
                 out: FloatArray) -> None:  # pragma: no cover - compiled
    """``out[i] = Σ_t w_t v[idx_t]`` over row i (the weighted 2SFCA's sums)."""
    for i in nb.prange(indptr.shape[0] - 1):
        a, b = indptr[i], indptr[i + 1]
        out[i] = _reduce_row(idx[a:b], w[a:b], v)


@nb.njit(nogil=True, cache=True)
def csr_col_sums(indptr: IntArray, idx: Int32Array, w: FloatArray, v: FloatArray,
                 ncols: int) -> FloatArray:  # pragma: no cover - compiled
    """``out[j] = Σ_i v_i w_ij`` over the kept pairs, rows in order (as NumPy's column sum)."""
    out = np.zeros(ncols)
    for i in range(indptr.shape[0] - 1):
        vi = v[i]
        for t in range(indptr[i], indptr[i + 1]):
            out[idx[t]] += vi * w[t]
    return out
