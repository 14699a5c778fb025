"""The block kernels of :func:`.radiation.radiation`, one block of origins at a time for
:func:`metroscope.engine.map_blocks`: all pairs (:func:`_block`, ranked by
:mod:`._radiation_rows`) and the candidate pairs of a truncation in CSR form
(:func:`_sparse_block` for Dask, :func:`_sparse_rows` for the local engine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import _kernels as K
from . import _pairs_kernels as PK
from . import _radiation_rows as R
from ._table import FloatArray

if TYPE_CHECKING:
    from collections.abc import Callable

__all__: list[str] = []  # kernels of radiation(); nothing public


def _block(start: int, stop: int, *, xyz: FloatArray, cost: FloatArray | None, m: FloatArray,
           t_out: FloatArray, tie_rule: int, model: int, alpha: float, norm: str, total: float,
           p_out: FloatArray | None = None, f_out: FloatArray | None = None,
           ready: Callable[[int, int], None] | None = None) -> FloatArray | None:
    """Normalised probabilities and flows of origins ``start:stop`` (working array: the keys,
    rows x N, and the ranking's four arrays of N). Written into ``p_out``/``f_out`` when given (local engine),
    then ``ready(start, stop)`` is called; else the probabilities are returned (dask)."""
    if cost is None:
        keys = K.ranking_keys(xyz, start, stop)
    else:
        keys = np.array(cost[start:stop], dtype=np.float64)
    p = np.empty((stop - start, m.shape[0] - 1)) if p_out is None else p_out[start:stop]
    # finite-size normalisation and the flows in the kernel, row by row while the row is in
    # cache; "row" needs NumPy's pairwise sums, so it and its flows follow in NumPy
    in_kernel = norm != "row"
    f = f_out[start:stop] if f_out is not None and in_kernel else np.empty((0, 0))
    R.radiation_rows(keys, start, m, tie_rule, model, alpha,
                     R.NORM_FINITE if norm == "finite" else R.NORM_KEEP, total, t_out, p, f)
    del keys
    if not in_kernel:
        _normalise(p, m[start:stop], norm, total)
    if f_out is None:  # dask: send only the probabilities back, flows are made locally
        return p
    if not in_kernel:
        np.multiply(p, t_out[start:stop, None], out=f_out[start:stop])
    if ready is not None:
        ready(start, stop)
    return None


def _sparse_block(start: int, stop: int, *, indptr: Any, nbr: Any, keys: Any, m: FloatArray,
                  tie_rule: int, model: int, alpha: float, norm: str,
                  total: float) -> FloatArray:
    a, b = int(indptr[start]), int(indptr[stop])
    p, _ = sparse_probabilities(indptr[start:stop + 1] - a, nbr[a:b], keys[a:b], start, m,
                                tie_rule=tie_rule, model=model, alpha=alpha, norm=norm,
                                total=total)
    return p


def _sparse_rows(start: int, stop: int, *, indptr: Any, nbr: Any, keys: Any, m: FloatArray,
                 t_out: FloatArray, tie_rule: int, model: int, alpha: float, norm: str,
                 total: float, out: tuple[FloatArray, FloatArray, Any, FloatArray]) -> None:
    """Local engine: the probabilities, flows, origin codes and kept sums of origins
    ``start:stop`` written into ``out`` (``p``, ``flow``, ``oi``, ``kept``) by
    :func:`._pairs_kernels.radiation_rows`, the values of :func:`_sparse_block` then
    :func:`._pairs_kernels.expand_rows`."""
    p, flow, oi, kept = out
    PK.radiation_rows(indptr, nbr, keys, start, stop, m, t_out, tie_rule, model, alpha,
                      NORMS[norm], total, p, flow, oi, kept)


NORMS = {"none": PK.NORM_NONE, "row": PK.NORM_ROW, "finite": PK.NORM_FINITE}


def sparse_probabilities(indptr: Any, nbr: Any, keys: Any, first: int, m: FloatArray, *,
                         tie_rule: int, model: int, alpha: float, norm: str,
                         total: float) -> tuple[FloatArray, FloatArray]:
    """Normalised radiation probabilities of a block's candidate pairs (CSR whose row 0 is
    origin ``first``) and each origin's raw (unnormalised) probability sum over them."""
    rows_n = indptr.shape[0] - 1
    out = np.empty(int(indptr[-1]))
    K.radiation_sparse(indptr, nbr, keys, 0, rows_n, m, tie_rule, model, alpha, out, first)
    rows = np.repeat(np.arange(rows_n), np.diff(indptr))
    raw: FloatArray = np.bincount(rows, weights=out, minlength=rows_n).astype(np.float64)
    if norm == "finite":
        out /= 1.0 - m[first + rows] / total
    elif norm == "row":  # rows whose raw sum is 0 hold only zeros: divide them by 1
        out /= np.where(raw > 0, raw, 1.0)[rows]
    return out, raw


def _normalise(p: FloatArray, m_rows: FloatArray, norm: str, total: float) -> None:
    if norm == "finite":
        p /= (1.0 - m_rows / total)[:, None]
    elif norm == "row":
        sums = p.sum(axis=1)
        p /= np.where(sums > 0, sums, 1.0)[:, None]
