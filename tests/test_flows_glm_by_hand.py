"""The Poisson solvers of ``flows/_glm.py`` called directly, against references written here.

The references: the plain IRLS of ``test_flows_fit_by_hand`` on the full design (constant,
dummies, slopes), whose ``(X'WX)^-1`` gives the information of the slope; a Newton iteration
written below from the docstrings (start, back-tracking by halves, stopping rule), for the
iteration counts; roots of functions known in closed form for the secant search. Tolerances
are tight (1e-10 relative) so that a solver stopping one step early is seen.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from metroscope.flows import _glm
from metroscope.flows._table import FlowModelError
from metroscope.flows.balancing import furness
from test_flows_fit_by_hand import design, irls, observed, sparse_pairs

TOL = 1e-10


def newton_reference(x: np.ndarray, y: np.ndarray, tol: float) -> tuple[np.ndarray, int]:
    """Newton on the Poisson log-likelihood ``Σ y η - exp(η)`` from θ = (log mean y, 0, ...),
    halving a step while it lowers the likelihood, until every step is within
    ``tol (1 + |θ|)``; returns θ and the number of steps."""
    def ll(t: np.ndarray) -> float:
        eta = x @ t
        return float(y @ eta - np.exp(eta).sum())

    theta = np.zeros(x.shape[1])
    theta[0] = math.log(y.mean())
    for k in range(1, 200):
        mu = np.exp(x @ theta)
        step = np.linalg.solve(x.T @ (mu[:, None] * x), x.T @ (y - mu))
        t = 1.0
        while ll(theta + t * step) < ll(theta):
            t /= 2
        theta = theta + t * step
        if np.all(np.abs(t * step) <= tol * (1 + np.abs(theta))):
            return theta, k
    raise AssertionError("the reference did not converge")


def profile_reference(z: np.ndarray, y: np.ndarray, grp: np.ndarray,
                      tol: float) -> tuple[np.ndarray, int]:
    """Newton on the slopes with one effect per group solved exactly (μ = y_g exp(zθ) /
    Σ_g exp(zθ)), from θ = 0, halving a step while ``Σ y log μ`` falls; pandas group sums."""
    frame = pd.Series(grp)

    def means(t: np.ndarray) -> np.ndarray:
        e = np.exp(z @ t)
        per = pd.Series(e).groupby(frame).transform("sum").to_numpy()
        tot = pd.Series(y).groupby(frame).transform("sum").to_numpy()
        return tot * e / per

    def ll(t: np.ndarray) -> float:
        mu = means(t)
        keep = y > 0
        return float(y[keep] @ np.log(mu[keep]))

    theta = np.zeros(z.shape[1])
    for k in range(1, 200):
        mu = means(theta)
        info = z.T @ (mu[:, None] * z)
        for g in np.unique(grp):
            rows = grp == g
            zb = mu[rows] @ z[rows]
            if mu[rows].sum() > 0:
                info -= np.outer(zb, zb) / mu[rows].sum()
        step = np.linalg.solve(info, z.T @ (y - mu))
        t = 1.0
        while ll(theta + t * step) < ll(theta):
            t /= 2
        theta = theta + t * step
        if np.all(np.abs(t * step) <= tol * (1 + np.abs(theta))):
            return theta, k
    raise AssertionError("the reference did not converge")


# ---------------------------------------------------------------- newton_plain


def test_newton_plain_is_the_glm_and_counts_its_steps() -> None:
    df = observed()
    x, _ = design(df, "none", True)
    y = df["flow"].to_numpy()
    beta, _, mu = irls(x, y)
    theta, fitted, it = _glm.newton_plain(x, y, TOL, 100)
    np.testing.assert_allclose(theta, beta, rtol=1e-10)
    np.testing.assert_allclose(fitted, mu, rtol=1e-10)
    # the first full step lowers the likelihood here, so it is halved once
    ref, steps = newton_reference(x, y, TOL)
    np.testing.assert_allclose(theta, ref, rtol=1e-12)
    assert it == steps == 7
    assert _glm.newton_plain(x, y, 1e-6, 100)[2] == newton_reference(x, y, 1e-6)[1] == 6
    # exactly enough steps allowed, then one fewer
    assert _glm.newton_plain(x, y, TOL, steps)[2] == steps
    with pytest.raises(FlowModelError) as err:
        _glm.newton_plain(x, y, TOL, steps - 1)
    assert str(err.value) == ("Newton iterations did not converge in 6 steps; check the "
                              "data.")


def test_newton_plain_with_flows_below_one() -> None:
    """The by-hand flows divided by 100 (their mean below 1, most means too): the slopes are the
    same, the constant falls by ln 100; the steps those of the reference."""
    df = observed()
    x, _ = design(df, "none", True)
    y = df["flow"].to_numpy() / 100
    beta, _, mu = irls(x, y)
    theta, fitted, it = _glm.newton_plain(x, y, TOL, 100)
    np.testing.assert_allclose(theta, beta, rtol=1e-10)
    np.testing.assert_allclose(fitted, mu, rtol=1e-10)
    assert y.mean() < 1 and (fitted < 1).sum() >= 15
    assert it == newton_reference(x, y, TOL)[1]


def test_newton_plain_from_a_far_start() -> None:
    """Counts growing like exp(0.7 t): from the flat start the steps are long."""
    t = np.arange(11.0)
    x = np.column_stack([np.ones(11), t])
    y = np.round(np.exp(0.7 * t))
    beta, _, mu = irls(x, y)
    theta, fitted, it = _glm.newton_plain(x, y, TOL, 100)
    np.testing.assert_allclose(theta, beta, rtol=1e-10)
    np.testing.assert_allclose(fitted, mu, rtol=1e-10)
    assert it == newton_reference(x, y, TOL)[1]


def test_newton_plain_with_a_repeated_column() -> None:
    """The same covariate twice: the information is singular, each step the least-squares
    one of smallest norm, so the slope of the model with one copy is split in halves."""
    t = np.arange(11.0) / 10
    y = np.array([3.0, 2, 4, 6, 5, 9, 8, 12, 11, 16, 15])
    beta, _, mu = irls(np.column_stack([np.ones(11), t]), y)
    theta, fitted, _ = _glm.newton_plain(np.column_stack([np.ones(11), t, t]), y, TOL, 100)
    np.testing.assert_allclose(theta, [beta[0], beta[1] / 2, beta[1] / 2], rtol=1e-10)
    np.testing.assert_allclose(fitted, mu, rtol=1e-10)


# ---------------------------------------------------------------- newton_profile


def production_case() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The by-hand table under a production constraint: slopes (log destination mass, log
    cost), origin codes 0..4 in sorted order (rows not sorted by them), the full design."""
    df = observed()
    x, names = design(df, "production", True)
    codes = sorted(set(df["origin"]))
    grp = df["origin"].map({c: k for k, c in enumerate(codes)}).to_numpy(dtype=np.int64)
    return x[:, -2:], df["flow"].to_numpy(), grp, x, names


def test_newton_profile_is_the_glm_with_origin_effects() -> None:
    z, y, grp, x, _ = production_case()
    assert not (np.diff(grp) >= 0).all()  # the rows are not in group order
    beta, _, mu = irls(x, y)
    theta, fe, fitted, it = _glm.newton_profile(z, y, grp, 5, TOL, 100)
    np.testing.assert_allclose(theta, beta[-2:], rtol=1e-10)
    # fe[k] = constant + dummy k (the first code has none)
    np.testing.assert_allclose(fe, beta[0] + np.r_[0.0, beta[1:5]], rtol=1e-10)
    np.testing.assert_allclose(fitted, mu, rtol=1e-10)
    ref, steps = profile_reference(z, y, grp, TOL)
    np.testing.assert_allclose(theta, ref, rtol=1e-10)
    assert it == steps
    assert _glm.newton_profile(z, y, grp, 5, TOL, steps)[3] == steps
    with pytest.raises(FlowModelError) as err:
        _glm.newton_profile(z, y, grp, 5, TOL, steps - 1)
    assert str(err.value) == (f"Newton iterations did not converge in {steps - 1} steps; "
                              "check the data.")


def test_newton_profile_with_a_group_without_flows() -> None:
    """A group whose flows are all 0 gets effect -inf and means 0; the slopes are those of the
    other groups alone (its rows add nothing to the likelihood)."""
    z, y, grp, _, _ = production_case()
    y = np.where(grp == 2, 0.0, y)
    keep = grp != 2
    df = observed()[keep].reset_index(drop=True)
    xk, _ = design(df, "production", True)
    beta, _, mu = irls(xk, y[keep])
    theta, fe, fitted, it = _glm.newton_profile(z, y, grp, 5, TOL, 100)
    np.testing.assert_allclose(theta, beta[-2:], rtol=1e-10)
    assert fe[2] == -np.inf
    np.testing.assert_allclose(fe[[0, 1, 3, 4]], beta[0] + np.r_[0.0, beta[1:4]], rtol=1e-10)
    assert (fitted[~keep] == 0).all()
    np.testing.assert_allclose(fitted[keep], mu, rtol=1e-10)
    assert it == profile_reference(z, y, grp, TOL)[1]


@pytest.mark.parametrize("scale", [1.0, 0.01])
def test_newton_profile_cuts_an_overshooting_step(scale: float) -> None:
    """Per group ten pairs at cost 0 and one at cost 10, flows 0.5 each and 20 (three times
    that in the other group): the share at cost 10 is 20 / 25 = e^(10θ) / (10 + e^(10θ)), so
    θ = ln(40) / 10 and the means equal the flows. From θ = 0 the second full step
    overshoots (the reference cuts it to 1/16); a third group of three pairs at cost 0 with
    1000 trips each adds a large constant to the log-likelihood and nothing to θ. ``scale``
    0.01: most means below 1, the same steps."""
    z = np.r_[np.zeros(10), 10.0, np.zeros(10), 10.0, np.zeros(3)][:, None]
    y = np.r_[np.full(10, 0.5), 20.0, np.full(10, 1.5), 60.0, np.full(3, 1000.0)] * scale
    grp = np.r_[np.repeat(np.array([1, 0], dtype=np.int64), 11), np.full(3, 2)]
    theta, fe, fitted, it = _glm.newton_profile(z, y, grp, 3, TOL, 100)
    assert theta[0] == pytest.approx(math.log(40.0) / 10, rel=1e-12)
    np.testing.assert_allclose(fe, np.log(np.array([1.5, 0.5, 1000.0]) * scale), rtol=1e-10)
    np.testing.assert_allclose(fitted, y, rtol=1e-10)
    assert it == profile_reference(z, y, grp, TOL)[1] == 7


def test_newton_profile_with_a_group_of_one_pair() -> None:
    """An origin with a single pair: its mean is its flow, the slopes those of the others."""
    z, y, grp, _, _ = production_case()
    keep = np.ones(len(y), dtype=bool)
    keep[np.flatnonzero(grp == 4)[1:]] = False  # origin x keeps its first pair only
    df = observed()[keep].reset_index(drop=True)
    xk, _ = design(df, "production", True)
    beta, _, mu = irls(xk, y[keep])
    theta, fe, fitted, _ = _glm.newton_profile(z[keep], y[keep], grp[keep], 5, TOL, 100)
    np.testing.assert_allclose(theta, beta[-2:], rtol=1e-10)
    np.testing.assert_allclose(fe, beta[0] + np.r_[0.0, beta[1:5]], rtol=1e-10)
    np.testing.assert_allclose(fitted, mu, rtol=1e-10)
    assert fitted[grp[keep] == 4] == pytest.approx(y[keep][grp[keep] == 4], rel=1e-12)


@pytest.mark.parametrize("scale", [1.0, 0.01])
def test_profile_hessian_is_the_inverse_of_the_slopes_block(scale: float) -> None:
    """At the estimate, the profiled information inverts to the slopes' block of
    ``(X'WX)^-1`` of the full design; ``scale`` 0.01 puts every origin's total below 1."""
    z, y, grp, x, _ = production_case()
    y = y * scale
    _, se, mu = irls(x, y)
    gr = _glm._Groups(grp, 5)
    ms = mu[gr.order]
    h = _glm.profile_hessian(z[gr.order], ms, gr.sum(ms), gr)
    cov = np.linalg.inv(x.T @ (mu[:, None] * x))
    np.testing.assert_allclose(np.linalg.inv(h), cov[-2:, -2:], rtol=1e-8)
    np.testing.assert_allclose(np.sqrt(np.diag(np.linalg.inv(h))), se[-2:], rtol=1e-8)


def test_groups_sum_max_and_spread_with_an_empty_group() -> None:
    grp = np.array([3, 0, 3, 1, 0, 3], dtype=np.int64)
    gr = _glm._Groups(grp, 5)  # groups 2 and 4 have no row
    v = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
    np.testing.assert_array_equal(grp[gr.order], [0, 0, 1, 3, 3, 3])
    vs = v[gr.order]
    np.testing.assert_array_equal(gr.sum(vs), [18.0, 8.0, 0.0, 37.0, 0.0])
    np.testing.assert_array_equal(gr.sum(np.column_stack([vs, -vs])),
                                  [[18.0, -18.0], [8.0, -8.0], [0, 0], [37.0, -37.0], [0, 0]])
    np.testing.assert_array_equal(gr.max(vs), [16.0, 8.0, -np.inf, 32.0, -np.inf])
    np.testing.assert_array_equal(gr.spread(np.arange(5.0)), [0.0, 0.0, 1.0, 3.0, 3.0, 3.0])


# ---------------------------------------------------------------- doubly


def layouts() -> dict[str, pd.DataFrame]:
    """The by-hand table in three layouts: every pair i != j in sorted row-major order (the
    off-diagonal views; one cost of 1 minute), rows out of order with two pairs missing (dense with a mask), and
    the sixteen-zone sparse pairs (CSR)."""
    df = observed()
    ordered = df.sort_values(["origin", "destination"]).reset_index(drop=True)
    ordered.loc[0, "cost"] = 1.0  # g = 0 under power deterrence: still g >= 0
    masked = df.drop(index=[3, 9]).reset_index(drop=True)
    return {"offdiag": ordered, "masked": masked, "sparse": sparse_pairs((1, 2, 5))}


def codes_of(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int, int]:
    o, d = sorted(set(df["origin"])), sorted(set(df["destination"]))
    oi = df["origin"].map({c: k for k, c in enumerate(o)}).to_numpy(dtype=np.int64)
    dj = df["destination"].map({c: k for k, c in enumerate(d)}).to_numpy(dtype=np.int64)
    return oi, dj, len(o), len(d)


@pytest.mark.parametrize(("layout", "unit", "scale"), [
    ("offdiag", "minutes power", 1.0), ("masked", "hours power", 1.0),
    ("sparse", "minutes exp", 1.0), ("sparse", "hours power", 0.01)])
def test_doubly_is_the_glm_with_both_effects(layout: str, unit: str, scale: float,
                                             caplog: pytest.LogCaptureFixture) -> None:
    """θ, both sets of effects, the means and the information of θ; the power deterrence in
    hours has log costs below 0 (the secant search off the log scale); ``scale`` 0.01 puts
    every origin's and destination's total below one trip."""
    df = layouts()[layout]
    df = df.assign(flow=df["flow"] * scale)
    if unit.startswith("hours"):
        df = df.assign(cost=df["cost"] / 60)
    power = unit.endswith("power")
    x, _ = design(df, "doubly", power)
    y = df["flow"].to_numpy()
    beta, se, mu = irls(x, y)
    oi, dj, no, nd = codes_of(df)
    g = x[:, -1]
    calls: list[float] = []
    sweeps: list[int] = []

    def balance(w: object, o: np.ndarray, d: np.ndarray, **kw: object) -> object:
        calls.append(kw["tol"])  # type: ignore[arg-type]
        res = furness(w, o, d, **kw)  # type: ignore[arg-type]
        sweeps.append(res.iterations)
        return res

    with caplog.at_level(logging.DEBUG, logger="metroscope.flows._glm"):
        theta, la, lb, fitted, evals, info = _glm.doubly(g, y, oi, dj, no, nd, TOL, 100,
                                                         balance)
    assert evals == len(calls)  # one balancing per evaluation
    assert calls[0] == 1e-4 and calls[-1] == TOL  # loose first, tight last
    logged = [r.getMessage() for r in caplog.records if r.name == "metroscope.flows._glm"]
    assert [m.split(" ", 1)[1] for m in logged] == [
        f"ftol={f:g} sweeps={n}" for f, n in zip(calls, sweeps, strict=True)]
    assert logged[0].startswith("theta=0 ")
    # with g >= 0 and a root below 0 the search moves to θ = -1/sd(g), on log(-θ); else it
    # evaluates θ = 0 again, then ±1/sd(g) (the secant on θ)
    second = float(logged[1].split(" ")[0].removeprefix("theta="))
    if (g >= 0).all() and beta[-1] < 0:
        assert second == pytest.approx(-1 / float(np.std(g)), rel=1e-12)
    else:
        assert second == 0.0
    assert logged[-1].startswith(f"theta={theta:.15g} ")
    # the secant's function values come from balancings to 1e-10 on the margins, and the
    # search no longer re-balances its previous point tightly: θ agrees with IRLS to about
    # 2e-10 relative on the sparse layout (1e-10 or better on the others)
    assert theta == pytest.approx(beta[-1], rel=5e-10)
    np.testing.assert_allclose(la[1:] - la[0], beta[1:no], rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(lb[1:] - lb[0], beta[no:no + nd - 1], rtol=1e-8, atol=1e-10)
    assert la[0] + lb[0] == pytest.approx(beta[0], abs=1e-9)
    np.testing.assert_allclose(fitted, mu, rtol=1e-9)
    assert info == pytest.approx(se[-1] ** -2, rel=1e-9)
    assert math.isnan(_glm.doubly(g, y, oi, dj, no, nd, TOL, 100, furness,
                                  information=False)[5])


def test_doubly_with_flows_growing_with_the_cost() -> None:
    """θ > 0: the secant search starts on the other side of 0."""
    df = observed().sort_values(["origin", "destination"]).reset_index(drop=True)
    df = df.assign(cost=1.0 / df["cost"])
    x, _ = design(df, "doubly", False)
    y = df["flow"].to_numpy()
    beta, se, mu = irls(x, y)
    assert beta[-1] > 0
    oi, dj, no, nd = codes_of(df)
    theta, _, _, fitted, _, info = _glm.doubly(x[:, -1], y, oi, dj, no, nd, TOL, 100, furness)
    assert theta == pytest.approx(beta[-1], rel=1e-10)
    np.testing.assert_allclose(fitted, mu, rtol=1e-9)
    assert info == pytest.approx(se[-1] ** -2, rel=1e-9)


def test_pair_matrix_layouts() -> None:
    """The cost matrix built for each layout, against one filled cell by cell."""
    for name, df in layouts().items():
        oi, dj, no, nd = codes_of(df)
        values = np.arange(len(oi), dtype=np.float64) + 1.0
        want = np.zeros((no, nd))
        want[oi, dj] = values
        pm = _glm._PairMatrix(oi, dj, no, nd)
        assert (pm.dense, pm.offdiag) == {"offdiag": (True, True), "masked": (True, False),
                                          "sparse": (False, False)}[name]
        got = pm.matrix(values)
        if name == "sparse":
            assert sparse.issparse(got)
            np.testing.assert_array_equal(got.toarray(), want)
            np.testing.assert_array_equal(pm.pairs(got), values)
        else:
            np.testing.assert_array_equal(got, want)
            mask = np.zeros((no, nd), dtype=bool)
            mask[oi, dj] = True
            np.testing.assert_array_equal(pm.mask(), mask)


# ---------------------------------------------------------------- _root_search


def noisy(fn: object, calls: list[tuple[float, float]]) -> object:
    """``fn`` with a relative error of ``ftol`` (as a loosely balanced evaluation has), the
    calls recorded."""
    def predicted(theta: float, ftol: float) -> float:
        calls.append((theta, ftol))
        return float(fn(theta)) * (1.0 + ftol)  # type: ignore[operator]
    return predicted


@pytest.mark.parametrize(("target", "root"), [(2.0, -24.0), (0.5, -99.0)])
def test_root_search_on_the_log_scale(target: float, root: float) -> None:
    """``p(θ) = 50 / (1 - θ)`` (mean cost ∝ 1/β): θ = 1 - 50 / target."""
    calls: list[tuple[float, float]] = []
    theta = _glm._root_search(noisy(lambda t: 50.0 / (1.0 - t), calls), target,  # type: ignore
                              g_positive=True, scale=0.1, tol=TOL, max_iter=100)
    assert theta == pytest.approx(root, rel=1e-9)
    assert calls[0] == (0.0, 1e-4)  # the first evaluations are loose
    # then θ = -scale and -scale e: steps of 1 in log(-θ)
    assert calls[1][0] == pytest.approx(-0.1, rel=1e-14)
    assert calls[2][0] == pytest.approx(-0.1 * math.e, rel=1e-14)
    assert calls[-1] == (theta, TOL)


@pytest.mark.parametrize(("target", "root"), [(3.0, math.log(3.0)), (0.5, -math.log(2.0))])
def test_root_search_off_the_log_scale(target: float, root: float) -> None:
    """``p(θ) = exp(θ)`` (increasing, as the total cost term is) with g not all positive: the
    secant on θ itself, either side of 0, its first step ``scale`` towards the root."""
    calls: list[tuple[float, float]] = []
    theta = _glm._root_search(noisy(math.exp, calls), target,  # type: ignore
                              g_positive=False, scale=0.5, tol=TOL, max_iter=100)
    assert theta == pytest.approx(root, rel=1e-9)
    assert calls[:2] == [(0.0, 1e-4), (0.0, 1e-4)]
    assert calls[2] == (math.copysign(0.5, root), 1e-4)
    assert calls[-1] == (theta, TOL)


def test_root_search_refuses_a_flat_or_slow_search() -> None:
    msg = "The deterrence parameter did not converge in {} steps."
    with pytest.raises(FlowModelError) as err:
        _glm._root_search(lambda t, f: 4.0, 2.0, g_positive=True, scale=1.0, tol=TOL,
                          max_iter=100)
    assert str(err.value) == msg.format(100)
    with pytest.raises(FlowModelError) as err:
        _glm._root_search(lambda t, f: 50.0 / (1.0 - t), 2.0, g_positive=True, scale=0.1,
                          tol=TOL, max_iter=2)
    assert str(err.value) == msg.format(2)
    # a total cost term of 0 (every flow on pairs with g = 0) has no finite root
    with pytest.raises(FlowModelError) as err:
        _glm._root_search(lambda t, f: math.exp(-t), 0.0, g_positive=True, scale=0.5,
                          tol=TOL, max_iter=100)
    assert str(err.value) == msg.format(100)


def test_a_slope_information_that_does_not_converge_is_nan_not_wrong(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Conjugate gradients that stop short (flag != 0) twice give NaN and a log line; stopping
    short once is retried and gives the IRLS value."""
    import scipy.sparse.linalg as spl

    df = observed().sort_values(["origin", "destination"]).reset_index(drop=True)
    x, _ = design(df, "doubly", False)
    y = df["flow"].to_numpy()
    _, se, _ = irls(x, y)
    oi, dj, no, nd = codes_of(df)
    real_cg = spl.cg
    flags: list[int] = []

    def short_first(*args: object, **kw: object) -> tuple[np.ndarray, int]:
        if not flags:  # the first call: two iterations only, reported as not converged
            kw = {**kw, "maxiter": 2}
        x0, flag = real_cg(*args, **kw)  # type: ignore[arg-type]
        flags.append(flag)
        return x0, flag

    monkeypatch.setattr(spl, "cg", short_first)
    info = _glm.doubly(x[:, -1], y, oi, dj, no, nd, TOL, 100, furness)[5]
    assert flags[0] != 0 and flags[-1] == 0 and len(flags) == 2
    assert info == pytest.approx(se[-1] ** -2, rel=1e-9)

    def never(*args: object, **kw: object) -> tuple[np.ndarray, int]:
        x0, _ = real_cg(*args, **{**kw, "maxiter": 1})  # type: ignore[arg-type]
        return x0, 1

    monkeypatch.setattr(spl, "cg", never)
    with caplog.at_level(logging.WARNING, logger="metroscope.flows._glm"):
        info = _glm.doubly(x[:, -1], y, oi, dj, no, nd, TOL, 100, furness)[5]
    assert math.isnan(info)
    assert any("did not converge" in r.getMessage() for r in caplog.records)
