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

from ..messages import Message
from ._table import FloatArray, FlowModelError

logger = logging.getLogger(__name__)

__all__ = ["FurnessResult", "furness"]

_INFEASIBLE = Message("err_furness_diverges")  # str: the English sentence


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
            memory: int = 6) -> FurnessResult:
    """Balance ``weights`` to the given row and column totals.

    The Furness sweep ``b <- D / W'(O / W b)`` is a fixed-point map of ``log b``; it is iterated
    with Anderson acceleration (Walker & Ni 2011, *SIAM J. Numer. Anal.* 49:1715) over the last
    ``memory`` sweeps, which turns hundreds of sweeps into tens on spatial problems and converges
    to the same factors (plain sweeps with ``memory=0``). At the end the row totals hold exactly
    (to rounding) and the column totals within ``tol``.

    Parameters
    ----------
    weights
        Non-negative matrix (NumPy array or SciPy sparse matrix), origins x destinations.
    row_totals, col_totals
        Trips leaving each origin and arriving at each destination; sums must agree
        (relative difference below 1e-9).
    tol
        Stop when every column total is matched within this relative error (dimensionless).
    max_iter
        Maximum number of sweeps (each sweep: two matrix-vector products).
    b0
        Starting column factors (a previous solution), default ones; entries that are zero,
        negative or missing start from one.
    memory
        Number of previous sweeps used by the Anderson acceleration (0 = plain Furness).

    Raises
    ------
    FlowModelError
        If totals or weights are negative or not finite, shapes disagree, the totals' sums
        disagree, an origin (destination) with a positive total has no positive weight, or
        the iteration does not converge (the constraints are then infeasible).

    Examples
    --------
    >>> import numpy as np
    >>> r = furness(np.array([[1.0, 1.0], [1.0, 3.0]]), np.array([2.0, 2.0]), np.array([1.0, 3.0]))
    >>> t = r.a[:, None] * np.array([[1.0, 1.0], [1.0, 3.0]]) * r.b[None, :]
    >>> np.round(t.sum(axis=1), 9).tolist(), np.round(t.sum(axis=0), 9).tolist()
    ([2.0, 2.0], [1.0, 3.0])
    """
    o = np.asarray(row_totals, dtype=np.float64)
    d = np.asarray(col_totals, dtype=np.float64)
    _check_inputs(weights, o, d, b0)
    return furness_checked(weights, o, d, tol=tol, max_iter=max_iter, b0=b0, memory=memory)


def furness_checked(weights: Any, o: FloatArray, d: FloatArray, *, tol: float = 1e-12,
                    max_iter: int = 10_000, b0: FloatArray | None = None,
                    memory: int = 6) -> FurnessResult:
    """:func:`furness` for a caller that has checked the inputs (float64 totals, finite and
    non-negative weights and totals, matching shapes): the fit, whose weights ``exp(θ g)`` are
    finite by construction, balances 10 times per fit and the two passes over the weights of the
    checks cost as much as a sweep. The totals' sums are still compared (that check is O(N)).

    Raises
    ------
    FlowModelError
        As :func:`furness`, apart from the checks of the inputs.
    """
    so, sd = float(o.sum()), float(d.sum())
    if abs(so - sd) > 1e-9 * max(so, sd, 1.0):
        msg = Message("err_furness_unequal_totals", so=so, sd=sd)
        raise FlowModelError(msg)
    pos_o, pos_d = o > 0, d > 0
    log_d = np.log(d[pos_d])
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.zeros(log_d.shape[0]) if b0 is None else np.log(np.asarray(b0)[pos_d])
    x[~np.isfinite(x)] = 0.0  # a zero, negative or missing start value starts from 1
    if isinstance(weights, np.ndarray) and weights.ndim == 2 and weights.dtype == np.float64:
        from ._fit_kernels import OK, furness_dense

        status, a, bb, it, err = furness_dense(np.ascontiguousarray(weights), o, d, x,
                                               float(tol), int(max_iter), int(memory))
        if status == OK:
            logger.debug("Furness converged in %d sweeps (max error %.2e)", it, err)
            return FurnessResult(a, bb, it, err)
        # otherwise the loop below meets the same problem and names it

    def sweep(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        bb = np.zeros(d.shape[0])
        with np.errstate(over="ignore", invalid="ignore"):
            bb[pos_d] = np.exp(x)
            wb = np.asarray(weights @ bb).ravel()
        if not np.all(np.isfinite(wb)):  # factors beyond 1e308: the iteration diverges
            raise FlowModelError(_INFEASIBLE)
        if (wb[pos_o] <= 0).any():
            bad = np.flatnonzero(pos_o & (wb <= 0))[:10].tolist()
            msg = Message("err_furness_origins_stranded", positions=repr(bad))
            raise FlowModelError(msg)
        with np.errstate(over="ignore"):
            a = np.divide(o, wb, out=np.zeros_like(o), where=pos_o)
        if not np.all(np.isfinite(a)):
            raise FlowModelError(_INFEASIBLE)
        with np.errstate(over="ignore"):
            wta = np.asarray(weights.T @ a).ravel()[pos_d]
        if (wta <= 0).any():
            bad = np.flatnonzero(pos_d)[wta <= 0][:10].tolist()
            msg = Message("err_furness_destinations_unreached", positions=repr(bad))
            raise FlowModelError(msg)
        g = log_d - np.log(wta)  # wta > 0 here; an overflowed (infinite) one gives -inf
        if not np.all(np.isfinite(g)):
            raise FlowModelError(_INFEASIBLE)
        return g, a, bb

    xs: list[FloatArray] = []
    gs: list[FloatArray] = []
    err = np.inf
    for it in range(1, max_iter + 1):
        g, a, bb = sweep(x)
        f = g - x
        err = float(np.max(np.abs(f), initial=0.0))
        if err < tol:
            logger.debug("Furness converged in %d sweeps (max error %.2e)", it, err)
            return FurnessResult(a, bb, it, err)
        xs.append(x)
        gs.append(g)
        if len(xs) > memory + 1:
            xs.pop(0)
            gs.pop(0)
        x = _anderson(xs, gs)  # from one sweep (memory 0) that sweep itself: plain Furness
        # a wild (or non-finite) extrapolation: restart from the sweep
        if not np.all(np.abs(x - g) <= 20.0):
            x = g
            xs.clear()
            gs.clear()
    msg = Message("err_furness_no_convergence", max_iter=max_iter, err=err)
    raise FlowModelError(msg)


def _anderson(xs: list[FloatArray], gs: list[FloatArray]) -> FloatArray:
    """Anderson (type II) extrapolation from iterates ``x_k`` and their images ``g_k`` (the
    last image itself when there is one iterate)."""
    g = np.array(gs)
    f = g - np.array(xs)
    with np.errstate(all="ignore"):  # a non-finite result makes the caller restart
        gamma = np.linalg.lstsq(np.diff(f, axis=0).T, f[-1])[0]
        return np.asarray(g[-1] - np.diff(g, axis=0).T @ gamma)


def _check_inputs(weights: Any, o: FloatArray, d: FloatArray, b0: FloatArray | None) -> None:
    """Every problem of the inputs at once, as one :class:`FlowModelError`."""
    problems = []
    shape = tuple(weights.shape)
    if shape != (o.shape[0], d.shape[0]) or o.ndim != 1 or d.ndim != 1:
        problems.append(Message("err_furness_weights_shape", shape=repr(shape), n_o=o.size,
                                n_d=d.size))
    if b0 is not None and np.shape(b0) != d.shape:
        problems.append(Message("err_furness_b0_shape", shape=repr(np.shape(b0)), n_d=d.size))
    for name, v in ((Message("err_furness_row_totals"), o),
                    (Message("err_furness_column_totals"), d)):
        bad = np.flatnonzero(~(np.isfinite(v) & (v >= 0)))
        if bad.size:
            problems.append(Message("err_furness_bad_totals", name=name,
                                    positions=repr(bad[:10].tolist()),
                                    values=repr(v[bad[:10]].tolist())))
    import scipy.sparse as sp  # here, not at import: radiation and gravity never load it

    values = weights.data if sp.issparse(weights) else np.asarray(weights)
    # min and max (NaN propagates into both): two vectorised passes, no N x N temporaries
    if values.size and not (values.min() >= 0 and values.max() < np.inf):
        problems.append(Message("err_furness_bad_weights"))
    if problems:
        msg = Message("err_furness_cannot_balance",
                      problems={"zh": ";".join(p.zh for p in problems),
                                "en": "; ".join(problems)})
        raise FlowModelError(msg)
