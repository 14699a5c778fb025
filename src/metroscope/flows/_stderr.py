"""Standard errors of the gravity models: ``sqrt(diag((X'WX)^-1))`` at the fitted flows.

Private numerics behind :func:`metroscope.flows.fit_gravity`. With fixed effects the
information matrix is never inverted whole: the effects of one set of groups (the origins of a
production or doubly-constrained model, the destinations of an attraction-constrained one) form
a diagonal block, which is eliminated in closed form; only the Schur complement of the remaining
parameters (the other set of effects and the slopes) is factorised, by Cholesky.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import linalg, sparse

from ._glm import _Groups, profile_hessian
from ._table import FloatArray, FlowModelError

IntArray = npt.NDArray[np.int64]


@cache
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextlib.contextmanager
def one_numba_thread(active: bool) -> Iterator[None]:
    """Numba's parallel kernels on one thread (the setting is local to the calling thread) when
    ``active``: at N <= 1,000 locations a second thread gained nothing on a quiet machine
    (0.287 s against 0.297 s at N = 1,000) and cost 3x under load (N = 300, load 6.5: 0.85 s
    against 0.29 s), as the parallel regions wait for descheduled workers."""
    if not active:
        yield
        return
    import numba

    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(before)


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS on one thread: these factorisations (p <= 1,500) and the memory-bound
    matrix-vector products of the Furness sweeps gain little from a second thread, and right
    after the Numba kernels of the fit their OpenMP workers are still spinning, so threaded BLAS
    waits for cores (measured at N = 500 under load 5: the errors took 0.35–0.75 s threaded,
    0.04–0.10 s on one thread; the whole fit at N = 1,000 1.04 s against 0.46 s)."""
    with _blas().limit(limits=1, user_api="blas"):
        yield


def _design(names: Any, constraint: str, z: FloatArray, oi: IntArray, dj: IntArray,
            no: int, nd: int) -> Any:
    """Sparse design matrix in the order of ``names`` (const, dummies, slopes)."""
    n = z.shape[0]
    blocks: list[Any] = [sparse.csr_array(np.ones((n, 1)))]
    if constraint in ("production", "doubly"):
        blocks.append(sparse.csr_array((np.ones(n), (np.arange(n), oi)), shape=(n, no))[:, 1:])
    if constraint in ("attraction", "doubly"):
        blocks.append(sparse.csr_array((np.ones(n), (np.arange(n), dj)), shape=(n, nd))[:, 1:])
    blocks.append(sparse.csr_array(z))
    x = sparse.hstack(blocks, format="csr")
    if x.shape[1] != len(names):  # pragma: no cover - internal consistency
        msg = "design/parameter mismatch"
        raise FlowModelError(msg)
    return x


def pinv_errors(names: Any, constraint: str, z: FloatArray, mu: FloatArray, oi: IntArray,
                dj: IntArray, no: int, nd: int) -> FloatArray:
    """Reference path: pseudo-inverse of the whole information matrix (an eigendecomposition,
    O(p³) with a large constant); used for the unconstrained model and as a fallback."""
    x = _design(names, constraint, z, oi, dj, no, nd)
    info = (x.T @ x.multiply(mu[:, None])).toarray()
    cov = np.linalg.pinv(info, hermitian=True)
    return np.asarray(np.sqrt(np.clip(np.diag(cov), 0, None)))


def _group_sums(grp: IntArray, n: int, v: FloatArray) -> FloatArray:
    """Per-group sums of the columns of ``v`` (n x v.shape[1])."""
    return np.stack([np.bincount(grp, weights=v[:, k], minlength=n)
                     for k in range(v.shape[1])], axis=1)


def block_errors(z: FloatArray, mu: FloatArray, g1: IntArray, n1: int,
                 g2: IntArray | None = None, n2: int = 0) -> FloatArray | None:
    """Standard errors in the order ``const, g1[1:], g2[1:], z`` by block elimination.

    Reparametrised with all ``n1`` effects of ``g1`` (``α_0 = const``, ``α_i = const + effect_i``)
    the information matrix is ``[[diag(r), G], [G', H]]`` with ``r`` the fitted totals of the
    ``g1`` groups and ``H`` the information of the ``g2`` effects (first dropped) and slopes.
    With ``S = H - G' diag(1/r) G = L L'`` and ``K = diag(1/r) G``:
    ``Var(α_0) = 1/r_0 + K_0 S⁻¹ K_0'``,
    ``Var(α_i - α_0) = 1/r_i + 1/r_0 + (K_i - K_0) S⁻¹ (K_i - K_0)'``, and the variances of the
    remaining parameters are ``diag(S⁻¹)``. Cost: one Cholesky factorisation and triangular
    products of the size of ``H``, O(n1 p² + p³) for ``p = n2 - 1 + z.shape[1]``.
    Returns None when ``S`` is not numerically positive definite (a parameter nearly collinear
    with the others); the caller then falls back to the pseudo-inverse.
    """
    if g2 is None:
        mz = mu[:, None] * z
        r: FloatArray = np.bincount(g1, weights=mu, minlength=n1).astype(np.float64)
        g, h = _group_sums(g1, n1, mz), z.T @ mz
    else:  # one compiled pass over the pairs (the NumPy sums took 8 passes and 3 copies)
        from ._fit_kernels import two_way_blocks

        g, r, s, hz, zz = two_way_blocks(np.ascontiguousarray(z, dtype=np.float64), mu,
                                         np.ascontiguousarray(g1, dtype=np.int64), n1,
                                         np.ascontiguousarray(g2, dtype=np.int64), n2)
        p2 = s.shape[0]
        h = np.zeros((p2 + zz.shape[0], p2 + zz.shape[0]))
        h.reshape(-1)[:p2 * (h.shape[0] + 1):h.shape[0] + 1] = s  # the diagonal's first p2
        h[:p2, p2:] = hz
        h[p2:, :p2] = hz.T
        h[p2:, p2:] = zz
    if not (r > 0).all():
        return None
    h_diag = np.diag(h).copy()
    u = g / np.sqrt(r)[:, None]
    # lower triangle of h - u'u (a symmetric rank-k update, half the work of u.T @ u); the
    # LAPACK calls below overwrite their inputs (h is symmetric: h.T is h in Fortran order)
    schur = linalg.blas.dsyrk(-1.0, u.T, beta=1.0, c=h.T, trans=0, lower=1, overwrite_c=1)
    chol, info = linalg.lapack.dpotrf(schur, lower=1, overwrite_a=1)  # upper part zeroed
    if info != 0:  # not positive definite
        return None
    # a pivot that is a rounding residual (1 - R² of a parameter on all others below 1e-13)
    if not (np.diag(chol) ** 2 > 1e-13 * h_diag).all():
        return None
    d = g
    d /= r[:, None]  # rows k_i; then k_i - k_0 below the first
    d[1:] -= d[0]
    linv, info = linalg.lapack.dtrtri(chol, lower=1, overwrite_c=1)  # a third of a solve
    if info != 0:
        return None
    # L⁻¹ (k_i - k_0)' as a triangular product: 1.5 ms against 2.3 ms for the triangular
    # solve at N = 300 (BLAS's trsm runs at a third of its matrix-product speed here)
    w = linalg.blas.dtrmm(1.0, linv, d.T, lower=1, overwrite_b=1)
    quad = np.einsum("ij,ij->j", w, w)
    var_fe = quad + 1.0 / r
    var_fe[1:] += 1.0 / r[0]
    var_h = np.einsum("ij,ij->j", linv, linv)
    var = np.concatenate([var_fe, var_h])
    if not np.isfinite(var).all():
        return None
    return np.asarray(np.sqrt(np.clip(var, 0, None)))


class DeferredErrors:
    """The standard errors of a doubly-constrained fit with every fixed effect's, computed when
    first read (:attr:`~metroscope.flows.GravityFit.std_err`) and kept: they cost O(N³) (the
    Cholesky factor of the destination effects' Schur complement, its inverse and a triangular
    product; about 40 % of the whole fit at N = 750), which a caller that reads only the
    coefficients, the fitted flows or the goodness of fit does not need. Holds its own copy of
    the fitted flows (``fitted`` may be edited in place). Thread-safe: computed once. Pickling
    computes them and stores the values."""

    def __init__(self, names: Any, constraint: str, z: FloatArray, mu: FloatArray,
                 oi: IntArray, dj: IntArray, o_lab: Any, d_lab: Any, max_full: int) -> None:
        # copies: the codes may be views of the caller's columns, edited after the fit
        self._args: tuple[Any, ...] | None = (names, constraint, z, mu.copy(), oi.copy(),
                                              dj.copy(), o_lab, d_lab, max_full)
        self._value: Any = None
        self._lock = threading.Lock()

    def value(self) -> Any:
        """The standard errors (a Series indexed like the coefficients)."""
        with self._lock:
            if self._value is None:
                if self._args is None:  # pragma: no cover - set together
                    msg = "deferred standard errors lost their inputs"
                    raise FlowModelError(msg)
                self._value = std_errors(*self._args)
                self._args = None  # the arrays are no longer needed
            return self._value

    def __getstate__(self) -> dict[str, Any]:
        return {"value": self.value()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._args, self._value, self._lock = None, state["value"], threading.Lock()


def std_errors(names: Any, constraint: str, z: FloatArray, mu: FloatArray, oi: IntArray,
               dj: IntArray, o_lab: Any, d_lab: Any, max_full: int,
               doubly_info: float | None = None) -> Any:
    """Standard errors ``sqrt(diag((X'WX)^-1))``; only the slopes when there are more than
    ``max_full`` parameters (exactly, by profiling the fixed effects out)."""
    import pandas as pd

    no, nd = len(o_lab), len(d_lab)
    se = pd.Series(np.nan, index=names, dtype="float64")
    q = z.shape[1]
    if len(names) <= max_full:
        out: FloatArray | None = None
        with one_blas_thread():
            if constraint == "production":
                out = block_errors(z, mu, oi, no)
            elif constraint == "attraction":
                out = block_errors(z, mu, dj, nd)
            elif constraint == "doubly":
                out = block_errors(z, mu, oi, no, dj, nd)
            if out is None:
                out = pinv_errors(names, constraint, z, mu, oi, dj, no, nd)
        se[:] = out
        return se
    if constraint in ("production", "attraction"):
        gr = _Groups(oi if constraint == "production" else dj, no if constraint ==
                     "production" else nd)
        zs, ms = z[gr.order], mu[gr.order]
        h = profile_hessian(zs, ms, gr.sum(ms), gr)
        se.iloc[-q:] = np.sqrt(np.clip(np.diag(np.linalg.inv(h)), 0, None))
        return se
    if doubly_info is None:  # pragma: no cover - doubly() always provides it
        msg = "the information of the doubly-constrained slope is missing"
        raise FlowModelError(msg)
    se.iloc[-1] = 1.0 / np.sqrt(doubly_info)
    return se
