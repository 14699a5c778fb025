"""Poisson maximum likelihood for gravity models: plain Newton, profiled fixed effects, Furness.

Private numerics behind :func:`metroscope.flows.fit_gravity`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from ..messages import Message
from ._table import FloatArray, FlowModelError

logger = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int64]


def _solve(h: FloatArray, g: FloatArray) -> FloatArray:
    try:
        return np.asarray(np.linalg.solve(h, g))
    except np.linalg.LinAlgError:
        return np.asarray(np.linalg.lstsq(h, g, rcond=None)[0])


def _converged(step: FloatArray, theta: FloatArray, tol: float) -> bool:
    return bool(np.all(np.abs(step) <= tol * (1.0 + np.abs(theta))))


def newton_plain(x: FloatArray, y: FloatArray, tol: float,
                 max_iter: int) -> tuple[FloatArray, FloatArray, int]:
    """Poisson GLM (log link) by Newton–Raphson = IRLS; returns (θ, μ, iterations).

    From θ = (log mean y, 0, ...) (the first column of ``x`` is the constant); a step that
    lowers the log-likelihood is halved until it does not; stops when every step is within
    ``tol (1 + |θ|)``. Raises :class:`FlowModelError` after ``max_iter`` steps.
    """
    theta = np.zeros(x.shape[1])
    theta[0] = np.log(max(y.mean(), 1e-300))
    mu = np.exp(x @ theta)
    ll = float(y @ np.log(mu) - mu.sum())
    for it in range(1, max_iter + 1):
        step = _solve(x.T @ (mu[:, None] * x), x.T @ (y - mu))
        t = 1.0
        while True:
            cand = theta + t * step
            mu_c = np.exp(x @ cand)
            ll_c = float(y @ np.log(np.maximum(mu_c, 1e-300)) - mu_c.sum())
            if ll_c >= ll - 1e-12 * abs(ll) or t < 1e-8:
                break
            t /= 2
        theta, mu, ll = cand, mu_c, ll_c
        if _converged(t * step, theta, tol):
            return theta, mu, it
    msg = Message("err_flow_newton_no_convergence", max_iter=max_iter)
    raise FlowModelError(msg)


class _Groups:
    """Pairs sorted by a group index, for sums per group with ``np.add.reduceat``."""

    def __init__(self, grp: IntArray, n_groups: int) -> None:
        self.order = np.argsort(grp, kind="stable")
        sg = grp[self.order]
        self.starts = np.flatnonzero(np.r_[True, sg[1:] != sg[:-1]])
        self.ids = sg[self.starts]
        self.sizes = np.diff(np.r_[self.starts, len(sg)])
        self.n = n_groups

    def sum(self, v: FloatArray) -> FloatArray:
        """Per-group sums of ``v`` (already in sorted order), zeros for empty groups."""
        out = np.zeros((self.n, *v.shape[1:]))
        out[self.ids] = np.add.reduceat(v, self.starts, axis=0)
        return out

    def max(self, v: FloatArray) -> FloatArray:
        out = np.full(self.n, -np.inf)
        out[self.ids] = np.maximum.reduceat(v, self.starts)
        return out

    def spread(self, per_group: FloatArray) -> FloatArray:
        return np.repeat(per_group[self.ids], self.sizes, axis=0)


def _profile_mu(z: FloatArray, y_tot: FloatArray, theta: FloatArray,
                gr: _Groups) -> tuple[FloatArray, FloatArray]:
    eta = z @ theta
    gmax = gr.max(eta)
    e = np.exp(eta - gr.spread(gmax))
    s = gr.sum(e)
    ratio = np.divide(y_tot, s, out=np.zeros_like(s), where=s > 0)
    mu = e * gr.spread(ratio)
    with np.errstate(divide="ignore"):
        fe = np.log(ratio) - gmax
    return mu, fe


def profile_hessian(z: FloatArray, mu: FloatArray, y_tot: FloatArray, gr: _Groups) -> FloatArray:
    """Information of the slopes with one fixed effect per group profiled out."""
    b = gr.sum(mu[:, None] * z)
    w = np.divide(1.0, y_tot, out=np.zeros_like(y_tot), where=y_tot > 0)
    return np.asarray(z.T @ (mu[:, None] * z) - (b * w[:, None]).T @ b)


def newton_profile(z: FloatArray, y: FloatArray, grp: IntArray, n_groups: int, tol: float,
                   max_iter: int) -> tuple[FloatArray, FloatArray, FloatArray, int]:
    """Poisson model with one fixed effect per group (profiled); returns (θ, fe, μ, it).

    Newton on the slopes from θ = 0, each group's effect solved exactly (its means sum to its
    flows), steps halved and stopped as in :func:`newton_plain`; a group without flows gets
    the effect -inf and means 0.
    """
    gr = _Groups(grp, n_groups)
    zs, ys = z[gr.order], y[gr.order]
    y_tot = gr.sum(ys)
    theta = np.zeros(z.shape[1])
    mu, fe = _profile_mu(zs, y_tot, theta, gr)
    ll = float(ys @ np.log(np.maximum(mu, 1e-300)))
    for it in range(1, max_iter + 1):
        step = _solve(profile_hessian(zs, mu, y_tot, gr), zs.T @ (ys - mu))
        t = 1.0
        while True:
            cand = theta + t * step
            mu_c, fe_c = _profile_mu(zs, y_tot, cand, gr)
            ll_c = float(ys @ np.log(np.maximum(mu_c, 1e-300)))
            if ll_c >= ll - 1e-12 * abs(ll) or t < 1e-8:
                break
            t /= 2
        theta, mu, fe, ll = cand, mu_c, fe_c, ll_c
        if _converged(t * step, theta, tol):
            out = np.empty_like(mu)
            out[gr.order] = mu
            return theta, fe, out, it
    msg = Message("err_flow_newton_no_convergence", max_iter=max_iter)
    raise FlowModelError(msg)


class _PairMatrix:
    """Pairs as a dense (origins x destinations) array when they nearly fill it, else CSR."""

    def __init__(self, oi: IntArray, dj: IntArray, no: int, nd: int,
                 offdiag: bool | None = None) -> None:
        self.oi, self.dj, self.shape = oi, dj, (no, nd)
        self.dense = no * nd <= 4 * len(oi) and no * nd <= 60_000_000
        # all pairs i != j in row-major order: strided views instead of fancy indexing
        from ._kernels import is_offdiag_layout

        self.offdiag = self.dense and no == nd and no > 1 and bool(
            is_offdiag_layout(oi, dj, no) if offdiag is None else offdiag)
        if self.dense and not self.offdiag:
            self.flat = oi * nd + dj
        elif not self.dense:
            self.csr = sparse.csr_array((np.arange(len(oi), dtype=np.float64) + 1, (oi, dj)),
                                        shape=(no, nd))
            self.perm = self.csr.data.astype(np.int64) - 1

    def _view(self, m: Any) -> Any:
        n = self.shape[0]
        return m.reshape(-1)[1:].reshape(n - 1, n + 1)[:, :-1]

    def matrix(self, values: FloatArray) -> Any:
        """The pairs' ``values`` (one per pair, in their order) as a matrix, 0 elsewhere."""
        if self.dense and self.offdiag:
            full = np.zeros(self.shape)
            n = self.shape[0]
            self._view(full)[:] = values.reshape(n - 1, n)
            return full
        if self.dense:
            flat = np.zeros(self.shape[0] * self.shape[1])
            flat[self.flat] = values
            return flat.reshape(self.shape)
        return sparse.csr_array((values[self.perm], self.csr.indices, self.csr.indptr),
                                shape=self.shape)

    def mask(self) -> npt.NDArray[np.bool_]:
        """Dense boolean matrix, True where a pair is part of the model."""
        if self.offdiag:
            return ~np.eye(self.shape[0], dtype=bool)
        m = np.zeros(self.shape[0] * self.shape[1], dtype=bool)
        m[self.flat] = True
        return m.reshape(self.shape)

    def pairs(self, mat: Any) -> FloatArray:
        """The values of the CSR matrix ``mat`` at the pairs, in their order (the sparse layout
        only: the dense ones take their pairs in the Numba kernels)."""
        out = np.empty(len(self.oi))
        out[self.perm] = mat.data
        return out


def doubly(g: FloatArray, y: FloatArray, oi: IntArray, dj: IntArray, no: int, nd: int,
           tol: float, max_iter: int, balance: Callable[..., Any], *, information: bool = True,
           offdiag: bool | None = None, g_std: float | None = None,
           margins: tuple[FloatArray, FloatArray] | None = None,
           ) -> tuple[float, FloatArray, FloatArray, FloatArray, int, float]:
    """Doubly-constrained Poisson model: Furness for the effects, secant search on θ.

    ``balance`` is called as ``balance(w, o, d, tol=, b0=)`` like
    :func:`~metroscope.flows.furness`, on finite non-negative weights (an overflow of
    ``exp(θ g)`` is refused before, by ``furness``'s own checks).

    The profile score ``s(θ) = Σ g (T - μ(θ))`` is decreasing in θ; it is solved by inverse
    quadratic interpolation (secant while fewer than three points), each evaluation balancing
    only as tightly as the current step needs and with ``tol`` at the end.
    ``offdiag`` (the pairs are every ``i != j`` in row-major order) and ``g_std`` (the standard
    deviation of ``g``) and ``margins`` (the flow totals per origin and destination code) are
    worked out when not given.
    Returns ``(θ, log a, log b, μ, evaluations, information of θ)`` where
    ``μ_ij = a_i exp(θ g_ij) b_j``; the information is NaN unless ``information`` (the caller
    that inverts the whole information matrix has no use for it).
    """
    pm = _PairMatrix(oi, dj, no, nd, offdiag)
    gm = pm.matrix(g)
    outside = ~pm.mask() if pm.dense and not pm.offdiag else None
    o_tot, d_tot = margins or (np.bincount(oi, weights=y, minlength=no),
                               np.bincount(dj, weights=y, minlength=nd))
    gy = float(g @ y)
    state: dict[str, Any] = {"b": None, "evals": 0, "w_theta": None}

    from ._fit_kernels import EXP_LIMIT, exp_scaled
    from ._kernels import weighted_cost_sum

    buf = np.empty(pm.shape) if pm.dense else None
    g_span = max(abs(float(g.min(initial=0.0))), abs(float(g.max(initial=0.0))))

    def exp_into(theta: float, values: FloatArray, out: FloatArray) -> None:
        if abs(theta) * g_span <= EXP_LIMIT:
            exp_scaled(values, theta, out)  # compiled and vectorised: 2-3x NumPy's exp here
        else:
            np.multiply(values, theta, out=out)
            with np.errstate(over="ignore"):
                np.exp(out, out=out)
            if not np.isfinite(out).all():  # overflow: the checks of furness name it
                from .balancing import furness

                furness(out, o_tot.astype(np.float64), d_tot.astype(np.float64))

    def weights(theta: float) -> Any:
        if state["w_theta"] == theta:  # the same θ balanced more tightly: same weights
            return state["w"]
        if buf is not None:
            if theta == 0.0:
                buf.fill(1.0)
            else:
                exp_into(theta, gm, buf)
            if outside is None:
                np.fill_diagonal(buf, 0.0)
            else:
                buf[outside] = 0.0
            w = buf
        else:
            w = gm.copy()
            w.data = np.empty_like(gm.data)
            exp_into(theta, np.ascontiguousarray(gm.data), w.data)
        state.update(w=w, w_theta=theta)
        return w

    def score(theta: float, ftol: float) -> float:
        w = weights(theta)
        res = balance(w, o_tot, d_tot, tol=ftol, b0=state["b"])
        logger.debug("theta=%.15g ftol=%g sweeps=%d", theta, ftol, res.iterations)
        state.update(b=res.b, a=res.a, evals=state["evals"] + 1, theta=theta)
        if buf is not None:
            return float(weighted_cost_sum(res.a, gm, w, res.b))
        return float(res.a @ ((gm.multiply(w)) @ res.b))

    theta = _root_search(score, gy, g_positive=bool((g >= 0).all()),
                         scale=1.0 / ((float(np.std(g)) if g_std is None else g_std) or 1.0),
                         tol=tol, max_iter=max_iter)
    if state["theta"] != theta:
        score(theta, tol)
    w, a, b = state["w"], state["a"], state["b"]
    if pm.offdiag:
        from ._kernels import offdiag_products

        mu = offdiag_products(a, w, b)
    elif pm.dense:
        from ._kernels import pair_products

        mu = pair_products(a, w.ravel(), b, oi, dj, pm.flat)
    else:
        mu = a[oi] * pm.pairs(w) * b[dj]
    info = _doubly_information(w, gm, a, b, g, mu, oi, dj, dense=pm.dense) if information \
        else float("nan")
    with np.errstate(divide="ignore"):
        la, lb = np.log(a), np.log(b)
    return theta, la, lb, mu, int(state["evals"]), info


def _root_search(predicted: Callable[[float, float], float], target: float, *,
                 g_positive: bool, scale: float, tol: float, max_iter: int) -> float:
    """θ with ``predicted(θ) = target`` for an increasing ``predicted`` (the model's total cost
    term ``Σ g μ(θ)``, whose derivative is the information of θ), each call balancing to the
    tolerance it is given.

    Secant iterations; when ``g >= 0`` and the root is negative they run on
    ``(log(-θ), log predicted)``, where exponential deterrence is nearly linear (mean cost
    ∝ 1/β, the basis of Hyman's method). Evaluations are loose while the steps are large, and
    those after a step below 1e-6 (relative) are balanced to ``tol``; the search ends after a
    step of at most ``tol`` to a point balanced to ``tol``.
    """
    loose = 1e-4
    p0 = predicted(0.0, loose)
    logspace = g_positive and p0 > target and target > 0

    def to_theta(x: float) -> float:
        return -float(np.exp(x)) if logspace else x

    def fn(x: float, ftol: float) -> float:
        if logspace:
            return float(np.log(predicted(to_theta(x), ftol)) - np.log(target))
        return target - predicted(x, ftol)

    if logspace:
        x0 = float(np.log(scale))
        x1 = x0 + 1.0
    else:
        x0, x1 = 0.0, (-scale if target < p0 else scale)
    f0, f1 = fn(x0, loose), fn(x1, loose)
    tight = 0
    for _ in range(max_iter):
        if f1 == f0:
            break
        step = -f1 * (x1 - x0) / (f1 - f0)
        limit = 4.0 * max(abs(x1 - x0), 1.0 if logspace else scale)
        step = float(np.clip(step, -limit, limit))
        x0, f0 = x1, f1
        x1 = x1 + step
        rel = abs(step) if logspace else abs(step) / (1.0 + abs(x1))
        ftol = float(np.clip(1e-3 * rel, tol, loose)) if tight == 0 else tol
        if tight == 0 and rel < 1e-6:  # the new point tight; the secant's slope from the
            ftol = tol  # loose one before is exact enough (its error slows, not biases, it)
        f1 = fn(x1, ftol)
        tight = tight + 1 if ftol <= tol else 0
        if tight >= 1 and rel <= max(tol, 1e-13):
            return to_theta(x1)
    msg = Message("err_flow_deterrence_no_convergence", max_iter=max_iter)
    raise FlowModelError(msg)


def _doubly_information(w: Any, gm: Any, a: FloatArray, b: FloatArray, g: FloatArray,
                        mu: FloatArray, oi: IntArray, dj: IntArray, *, dense: bool) -> float:
    """Information of θ with both sets of effects profiled out.

    The Fisher information of the effects is ``[[diag(r), M], [M', diag(s)]]`` with
    ``M = diag(a) W diag(b)`` (the fitted flows); eliminating the origin effects leaves the
    Schur complement ``diag(s) - M' diag(1/r) M`` for the destination effects, solved by
    Jacobi-preconditioned conjugate gradients with products by ``W`` only.
    """
    from scipy.sparse.linalg import LinearOperator, cg

    no, nd = a.shape[0], b.shape[0]
    r = a * np.asarray(w @ b).ravel()
    s = b * np.asarray(w.T @ a).ravel()
    r_inv = np.divide(1.0, r, out=np.zeros_like(r), where=r > 0)
    if dense:
        from ._kernels import doubly_moments

        ba, bb, diag, sg2 = doubly_moments(a, w, gm, b, r_inv)
    else:
        ba = np.bincount(oi, weights=mu * g, minlength=no).astype(np.float64)
        bb = np.bincount(dj, weights=mu * g, minlength=nd).astype(np.float64)
        diag = np.bincount(dj, weights=mu * mu * r_inv[oi], minlength=nd).astype(np.float64)
        sg2 = float(mu @ (g * g))
    diag = s - diag

    def m_t(u: FloatArray) -> FloatArray:
        return np.asarray(b * np.asarray(w.T @ (a * u)).ravel())

    def schur(v: FloatArray) -> FloatArray:
        mv = a * np.asarray(w @ (b * v)).ravel()
        return np.asarray(s * v - m_t(r_inv * mv))

    rhs = bb - m_t(r_inv * ba)
    op = LinearOperator((nd, nd), matvec=schur, dtype=np.float64)
    dinv = np.divide(1.0, diag, out=np.zeros_like(diag), where=diag > 0)
    pre = LinearOperator((nd, nd), matvec=lambda v: dinv * v, dtype=np.float64)
    # the quadratic form rhs·x of a conjugate-gradient iterate errs by the squared energy norm
    # of its error (the residual is orthogonal to the iterates), so 1e-7 leaves ~1e-14
    xb, flag = cg(op, rhs, rtol=1e-7, atol=0.0, maxiter=10 * nd, M=pre)
    if flag != 0:  # not converged (or broke down): once more from there with more room
        xb, flag = cg(op, rhs, x0=xb, rtol=1e-7, atol=0.0, maxiter=100 * nd, M=pre)
    if flag != 0:  # a wrong slope error is worse than none: NaN, and the log says why
        logger.warning("doubly-constrained fit: the slope's information did not converge "
                       "(conjugate gradients, flag %d); its standard error is NaN", flag)
        return float("nan")
    quad = float(ba @ (r_inv * ba) + rhs @ xb)
    return float(sg2) - quad
