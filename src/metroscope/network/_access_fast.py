"""The large-matrix path of Hansen potentials and the 2SFCA (Numba kernels, imported lazily).

Below :data:`KERNEL_MIN_PAIRS` pairs the NumPy expressions of :mod:`._access_compute` are used as
they are (a region of a few hundred units never imports Numba); from there on these one-pass
kernels, which read the matrix in place and allocate nothing of its size (the NumPy path makes
several N x N temporaries, and page faults on fresh 72 MB arrays cost as much as the arithmetic
at N = 3,000). The results agree with the NumPy path to the last few units in the last place
(the additions are ordered differently); tests compare both with a plain loop at 1e-12.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

KERNEL_MIN_PAIRS = 1_000_000
"""Matrices with at least this many pairs take the kernels (about 1,000 x 1,000)."""

WEIGHT_BLOCK = 1 << 16
"""Costs handed to a 2SFCA weight function at a time (a 1-D block, 512 KB)."""


COL_BLOCK = 256
"""Outputs per block of the Hansen column kernel (each block's partial sums stay in cache)."""

COL_PARTS = 8
"""Row ranges of the 2SFCA column sums (fixed, so results do not depend on the threads)."""


def use_kernels(shape: tuple[int, ...]) -> bool:
    """Whether a matrix of ``shape`` takes the kernel path."""
    return int(np.prod(shape)) >= KERNEL_MIN_PAIRS


def c_order(a: FloatArray) -> tuple[FloatArray, bool]:
    """``a`` or its transpose, whichever is C-contiguous (a copy only when neither is), and
    whether it was transposed."""
    if a.flags.c_contiguous:
        return a, False
    if a.flags.f_contiguous:
        return a.T, True
    return np.ascontiguousarray(a), False


def potential(t: FloatArray, m: FloatArray, *, power: bool, a: float, min_cost: float,
              include_self: bool) -> tuple[FloatArray, int]:
    """``Σ_j m_j f(max(t_ij, min_cost))`` per row, and the number of off-diagonal zero costs
    (after the clip); ``f`` as in :func:`._access_compute.decay_weights`."""
    from . import _access_kernels as k

    x, transposed = c_order(np.asarray(t, dtype=np.float64))
    m = np.ascontiguousarray(m, dtype=np.float64)
    lo = float(min_cost) if min_cost > 0 else -np.inf
    n = t.shape[0]
    out = np.empty(n)
    zeros = np.zeros(n, dtype=np.int64)
    if transposed:
        k.potential_cols(x, m, power, float(a), lo, include_self, out, zeros, COL_BLOCK)
    else:
        k.potential_rows(x, m, power, float(a), lo, include_self, out, zeros)
    return out, int(zeros.sum())


def two_step(c: FloatArray, p: FloatArray, s: FloatArray, max_cost: float,
             weight: Callable[[FloatArray], FloatArray] | None) -> FloatArray:
    """The 2SFCA of :func:`.accessibility.two_step_fca` on the pairs inside the catchment
    (finite cost ≤ ``max_cost``): without ``weight``, two passes over the matrix; with it, in
    CSR form, ``weight`` seeing 1-D blocks of those costs."""
    from . import _access_kernels as k

    x, transposed = c_order(np.asarray(c, dtype=np.float64))
    p = np.ascontiguousarray(p, dtype=np.float64)
    s = np.ascontiguousarray(s, dtype=np.float64)
    if weight is None:
        return _two_step_unweighted(x, transposed, p, s, float(max_cost))
    rows = x.shape[0]
    counts = np.empty(rows, dtype=np.int64)
    d = float(max_cost)
    k.count_inside(x, d, counts)
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    nnz = int(indptr[-1])
    idx_slots = np.empty(nnz + 1, dtype=np.int32)  # one slot past the end: see the kernel
    val_slots = np.empty(nnz + 1)
    k.gather_inside(x, d, indptr, idx_slots, val_slots, 8)
    idx, val = idx_slots[:nnz], val_slots[:nnz]
    for a in range(0, val.size, WEIGHT_BLOCK):
        block = val[a:a + WEIGHT_BLOCK]
        block[...] = np.broadcast_to(np.asarray(weight(block.copy()), dtype=np.float64),
                                     block.shape)
    if transposed:  # x rows are the supply points
        denom = np.empty(rows)
        k.csr_row_sums(indptr, idx, val, p, denom)
    else:
        denom = k.csr_col_sums(indptr, idx, val, p, x.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(denom > 0, s / denom, 0.0)
    if transposed:
        return np.asarray(k.csr_col_sums(indptr, idx, val, r, x.shape[1]))
    out = np.empty(rows)
    k.csr_row_sums(indptr, idx, val, r, out)
    return out


def _two_step_unweighted(x: FloatArray, transposed: bool, p: FloatArray, s: FloatArray,
                         d: float) -> FloatArray:
    """The 2SFCA without a weight: two passes over ``x`` (the catchment sums of each step),
    no CSR and nothing of the matrix's size allocated."""
    from . import _access_kernels as k

    rows, cols = x.shape
    if transposed:  # x rows are the supply points
        denom = np.empty(rows)
        k.inside_rows(x, p, d, denom)
    else:
        denom = np.empty(cols)
        k.inside_cols(x, p, d, denom, COL_PARTS)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(denom > 0, s / denom, 0.0)
    out = np.empty(cols if transposed else rows)
    if transposed:
        k.inside_cols(x, r, d, out, COL_PARTS)
    else:
        k.inside_rows(x, r, d, out)
    return out
