"""Balancing factors of doubly-constrained models (Furness / iterative proportional fitting).

Given weights ``W`` (origins x destinations, zeros where no flow is possible), origin totals ``O``
and destination totals ``D`` (``Σ O = Σ D``), find ``a``, ``b`` with ``T_ij = a_i W_ij b_j`` and
``Σ_j T_ij = O_i``, ``Σ_i T_ij = D_j``. In Wilson's notation ``a_i = A_i O_i`` and ``b_j = B_j D_j``
with ``A_i = 1 / Σ_j B_j D_j W_ij``, ``B_j = 1 / Σ_i A_i O_i W_ij``; iterating from ``B = 1`` is the
Furness method [Wilson 1970, *Entropy in Urban and Regional Modelling*].
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._table import FloatArray, FlowModelError

logger = logging.getLogger(__name__)

__all__ = ["FurnessResult", "furness"]


@dataclass(frozen=True)
class FurnessResult:
    """Row factors ``a`` and column factors ``b`` (``T = a_i W_ij b_j``), the iterations used and
    the largest relative error of the row totals at the end."""

    a: FloatArray
    b: FloatArray
    iterations: int
    max_rel_error: float


def furness(weights: Any, row_totals: FloatArray, col_totals: FloatArray, *,
            tol: float = 1e-12, max_iter: int = 10_000, b0: FloatArray | None = None,
            ) -> FurnessResult:
    """Balance ``weights`` to the given row and column totals.

    Parameters
    ----------
    weights
        Non-negative matrix (NumPy array or SciPy sparse matrix), origins x destinations.
    row_totals, col_totals
        Trips leaving each origin and arriving at each destination; sums must agree
        (relative difference below 1e-9).
    tol
        Stop when every row total is matched within this relative error (dimensionless).
    max_iter
        Maximum number of sweeps (each sweep: two matrix-vector products).
    b0
        Starting column factors (a previous solution), default ones.

    Raises
    ------
    FlowModelError
        If totals disagree, an origin (destination) with a positive total has no positive
        weight, or the iteration does not converge (the constraints are then infeasible).
    """
    o = np.asarray(row_totals, dtype=np.float64)
    d = np.asarray(col_totals, dtype=np.float64)
    so, sd = float(o.sum()), float(d.sum())
    if abs(so - sd) > 1e-9 * max(abs(so), abs(sd), 1.0):
        msg = (f"Row totals sum to {so:g} but column totals to {sd:g}; a doubly-constrained "
               "model needs equal totals (rescale one of them).")
        raise FlowModelError(msg)
    b = np.ones(d.shape[0]) if b0 is None else np.array(b0, dtype=np.float64)
    b[d == 0] = 0.0
    wb = np.asarray(weights @ b).ravel()
    err = np.inf
    a = np.zeros_like(o)
    pos_o = o > 0
    for it in range(1, max_iter + 1):
        if (wb[pos_o] <= 0).any():
            bad = np.flatnonzero(pos_o & (wb <= 0))[:10].tolist()
            msg = (f"Origins at positions {bad} have trips but no reachable destination with "
                   "a positive total; remove them or give them destinations.")
            raise FlowModelError(msg)
        a = np.divide(o, wb, out=np.zeros_like(o), where=pos_o)
        wta = np.asarray(weights.T @ a).ravel()
        pos_d = d > 0
        if (wta[pos_d] <= 0).any():
            bad = np.flatnonzero(pos_d & (wta <= 0))[:10].tolist()
            msg = (f"Destinations at positions {bad} have trips but no origin reaches them; "
                   "remove them or connect them.")
            raise FlowModelError(msg)
        b = np.divide(d, wta, out=np.zeros_like(d), where=pos_d)
        wb = np.asarray(weights @ b).ravel()
        err = float(np.max(np.abs(a[pos_o] * wb[pos_o] / o[pos_o] - 1.0), initial=0.0))
        if err < tol:
            logger.debug("Furness converged in %d sweeps (max error %.2e)", it, err)
            return FurnessResult(a, b, it, err)
    msg = (f"Furness balancing did not converge in {max_iter} sweeps (row error {err:.2e}); "
           "the totals may be infeasible for the allowed pairs.")
    raise FlowModelError(msg)
