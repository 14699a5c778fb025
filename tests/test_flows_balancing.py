"""Furness balancing against independent computations: a plain-Python IPF loop, an Anderson
iteration written here in its constrained form (Walker & Ni 2011, eq. 1.2), and hand cases for
every refusal (the messages are matched in full, so a user is told what is wrong and what to do).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re

import numpy as np
import pytest
import scipy.sparse as sp

from metroscope.flows import furness
from metroscope.flows._table import FlowModelError
from metroscope.flows.balancing import _INFEASIBLE

Ref = tuple[list[float], list[float], int, float]


def ipf(w: list[list[float]], o: list[float], d: list[float], tol: float = 1e-12,
        max_iter: int = 10_000) -> Ref:
    """Plain Furness from b = 1, in plain Python: ``a_i = O_i / Σ_j w_ij b_j``; stop when every
    column of ``a_i w_ij b_j`` is within ``tol`` of ``D_j`` in log terms, else ``b_j <- D_j /
    Σ_i a_i w_ij``. Returns a, b, sweeps used and the last error (not below ``tol`` when the
    sweeps ran out)."""
    n, m = len(o), len(d)
    b = [1.0 if d[j] > 0 else 0.0 for j in range(m)]
    err = math.inf
    for it in range(1, max_iter + 1):
        a = [o[i] / sum(w[i][j] * b[j] for j in range(m)) if o[i] > 0 else 0.0
             for i in range(n)]
        col = [sum(a[i] * w[i][j] for i in range(n)) for j in range(m)]
        err = max((abs(math.log(d[j] / (b[j] * col[j]))) for j in range(m) if d[j] > 0),
                  default=0.0)
        if err < tol:
            return a, b, it, err
        b = [d[j] / col[j] if d[j] > 0 else 0.0 for j in range(m)]
    return a, b, max_iter, err


def anderson(w: np.ndarray, o: np.ndarray, d: np.ndarray, memory: int, tol: float = 1e-12,
             x: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, int, float]:
    """Anderson acceleration of the map ``G(log b) = log D - log W'(O / W b)``: the next iterate is
    ``Σ α_k G(x_k)`` with ``α`` minimising ``‖Σ α_k (G(x_k) - x_k)‖`` subject to ``Σ α_k = 1``
    over the last ``memory + 1`` iterates (solved as a least-squares problem in ``α_k`` for the
    older iterates, ``α_last = 1 - Σ`` the others); restart from ``G(x)`` when a step leaves it
    by more than 20 in any component."""
    pos = d > 0
    x = np.zeros(int(pos.sum())) if x is None else x
    hist_x: list[np.ndarray] = []
    hist_g: list[np.ndarray] = []
    for it in range(1, 10_001):
        b = np.zeros(d.size)
        b[pos] = np.exp(x)
        a = np.where(o > 0, o / np.where(o > 0, w @ b, 1.0), 0.0)
        g = np.log(d[pos]) - np.log((w.T @ a)[pos])
        err = float(np.abs(g - x).max(initial=0.0))
        if err < tol:
            return a, b, it, err
        hist_x = [*hist_x, x][-(memory + 1):]
        hist_g = [*hist_g, g][-(memory + 1):]
        if memory == 0 or len(hist_x) < 2:
            x = g
            continue
        f = np.column_stack([gk - xk for xk, gk in zip(hist_x, hist_g, strict=True)])
        older = f[:, :-1] - f[:, -1:]
        alpha_old = np.linalg.lstsq(older, -f[:, -1], rcond=None)[0]
        alpha = np.append(alpha_old, 1.0 - alpha_old.sum())
        x = np.column_stack(hist_g) @ alpha
        if np.abs(x - g).max() > 20.0:
            x, hist_x, hist_g = g, [], []
    raise RuntimeError("no convergence")


def problem(n: int = 30, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    w = np.exp(-rng.uniform(0, 5, (n, n)))
    o = rng.uniform(1, 10, n)
    d = rng.uniform(1, 10, n)
    return w, o, d * o.sum() / d.sum()


def table(r: object, w: np.ndarray) -> np.ndarray:
    return r.a[:, None] * w * r.b[None, :]  # type: ignore[attr-defined]


def test_plain_furness_follows_the_textbook_loop() -> None:
    w, o, d = problem()
    a, b, it, err = ipf(w.tolist(), o.tolist(), d.tolist())
    r = furness(w, o, d, memory=0)
    np.testing.assert_allclose(r.a, a, rtol=1e-12)
    np.testing.assert_allclose(r.b, b, rtol=1e-12)
    assert r.iterations == it
    assert r.max_rel_error == pytest.approx(err, abs=1e-15)
    assert 0.0 < r.max_rel_error < 1e-12
    # the same sweeps, one short: refused with the error reached
    a, b, it3, err3 = ipf(w.tolist(), o.tolist(), d.tolist(), tol=1e-3)
    r3 = furness(w, o, d, memory=0, tol=1e-3)
    assert (r3.iterations, r3.max_rel_error) == (it3, pytest.approx(err3, rel=1e-9))
    with pytest.raises(FlowModelError) as e:
        furness(w, o, d, memory=0, tol=1e-3, max_iter=it3 - 1)
    _, _, _, err_short = ipf(w.tolist(), o.tolist(), d.tolist(), tol=1e-3, max_iter=it3 - 1)
    assert err_short >= 1e-3
    assert str(e.value) == (
        f"Furness balancing did not converge in {it3 - 1} sweeps (column error "
        f"{err_short:.2e}); the totals may be infeasible for the allowed pairs.")


@pytest.mark.parametrize(("memory", "log_b0"), [(1, 0.0), (2, 0.0), (6, 0.0), (6, 15.0)])
def test_anderson_follows_walker_and_ni(memory: int, log_b0: float) -> None:
    w, o, d = problem()
    # log b0 = 15: the factors stay near e^15 (their scale is free), so x + G(x) is about 30
    # while the steps x - G(x) stay small
    a, b, it, err = anderson(w, o, d, memory, x=np.full(d.size, log_b0))
    r = furness(w, o, d, memory=memory, b0=np.full(d.size, np.exp(log_b0)))
    assert r.iterations == it
    assert it < ipf(w.tolist(), o.tolist(), d.tolist())[2]  # it does accelerate
    np.testing.assert_allclose(r.a, a, rtol=1e-9)
    np.testing.assert_allclose(r.b, b, rtol=1e-9)
    assert r.max_rel_error == pytest.approx(err, abs=1e-14)
    t = table(r, w)
    np.testing.assert_allclose(t.sum(axis=1), o, rtol=1e-13)
    np.testing.assert_allclose(t.sum(axis=0), d, rtol=1e-11)


def test_default_is_anderson_six_to_1e_12_and_sparse_weights_agree() -> None:
    rng = np.random.default_rng(0)  # weights over 15 e-folds, skewed totals: 20+ sweeps
    w = np.exp(-rng.uniform(0, 15, (40, 40)))
    o = rng.lognormal(0, 1.5, 40)
    d = rng.lognormal(0, 1.5, 40)
    d *= o.sum() / d.sum()
    _, b, it, _ = anderson(w, o, d, 6)
    r = furness(w, o, d)
    assert r.iterations == it > 20
    assert anderson(w, o, d, 7)[2] != it
    w, o, d = problem(40, seed=3)
    np.testing.assert_allclose(r.b, b, rtol=1e-9)
    w[w < 0.05] = 0.0  # a sparse pattern: the same answer from a CSR matrix
    dense = furness(w, o, d)
    s = furness(sp.csr_matrix(w), o, d)
    np.testing.assert_allclose(s.a, dense.a, rtol=1e-12)
    np.testing.assert_allclose(s.b, dense.b, rtol=1e-12)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.iterations = 0  # type: ignore[misc]


def test_b0_a_previous_solution_and_a_partial_start() -> None:
    w, o, d = problem()
    r = furness(w, o, d)
    again = furness(w, o, d, b0=r.b)
    assert again.iterations == 1
    np.testing.assert_allclose(again.b, r.b, rtol=1e-12)
    # start values that are zero or negative restart from one; the others are used
    start = np.exp(np.random.default_rng(5).normal(0, 0.5, d.size))
    start[[0, 3]] = [0.0, -1.0]
    x = np.log(np.where(start > 0, start, 1.0))
    a, b, it, _ = anderson(w, o, d, 6, x=x)
    s = furness(w, o, d, b0=start.tolist())
    assert s.iterations == it
    np.testing.assert_allclose(s.b, b, rtol=1e-9)
    np.testing.assert_allclose(s.a, a, rtol=1e-9)


def test_zero_totals_give_zero_factors_and_are_not_required_to_be_reachable() -> None:
    w = [[1.0, 2.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0], [3.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 2.0]]
    o = [4.0, 0.0, 2.0, 3.0]
    d = [3.0, 5.0, 0.0, 1.0]
    a, b, it, _ = ipf(w, o, d)
    r = furness(np.array(w), np.array(o), np.array(d), memory=0)
    np.testing.assert_allclose(r.a, a, rtol=1e-12)
    np.testing.assert_allclose(r.b, b, rtol=1e-12)
    assert r.a[1] == 0.0 and r.b[2] == 0.0
    assert r.iterations == it
    # integers are fine too, and Anderson reaches the same flow table
    r6 = furness(np.array(w), [4, 0, 2, 3], [3, 5, 0, 1])
    np.testing.assert_allclose(table(r6, np.array(w)), table(r, np.array(w)), rtol=1e-10)
    # all totals zero: nothing to balance, factors zero at once
    z = furness(np.array(w), [0.0] * 4, [0.0] * 4)
    assert (z.iterations, z.max_rel_error) == (1, 0.0)
    assert not z.a.any() and not z.b.any()


def test_one_cell_by_hand() -> None:
    # T = a w b = 5 with a = 5 / (w b) and b = 1: one sweep, exact
    r = furness(np.array([[2.0]]), [5.0], [5.0])
    assert (r.a.tolist(), r.b.tolist(), r.iterations, r.max_rel_error) == ([2.5], [1.0], 1, 0.0)


def test_converged_sweeps_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="metroscope.flows.balancing"):
        furness(np.array([[2.0]]), [5.0], [5.0])
    assert caplog.messages == ["Furness converged in 1 sweeps (max error 0.00e+00)"]


def test_unequal_totals_are_refused_with_their_sums() -> None:
    w = np.ones((2, 2))
    with pytest.raises(FlowModelError) as e:
        furness(w, [1.0, 1.0], [1.0, 3.0])
    assert str(e.value) == ("Row totals sum to 2 but column totals to 4; a doubly-constrained "
                            "model needs equal totals (rescale one of them).")
    # relative tolerance 1e-9 of the larger sum ...
    with pytest.raises(FlowModelError, match=r"^Row totals sum to 1 but column totals to 1; "):
        furness(w, [0.5, 0.5], [0.5, 0.500001])
    furness(w, [0.5, 0.5], [0.5, 0.5 + 2e-10], tol=1e-8)
    big = furness(w, [5e8, 5e8], [5e8, 5e8 + 0.5], tol=1e-8)  # 5e-10 relative: accepted
    assert big.iterations >= 1
    # ... with a floor of 1 trip: tiny totals may differ by 1e-9 absolute, not more
    furness(np.ones((1, 1)), [1e-9], [1.5e-9], tol=1.0)
    furness(np.ones((1, 1)), [2e-9], [1e-9], tol=1.0)  # exactly 1e-9 apart: accepted
    # the larger sum sets the scale, whichever side it is on (1e-9 of it, to the last bit)
    lo, hi = 912863.7605506673, 912863.7614635311
    assert hi - lo <= 1e-9 * hi and hi - lo > 1e-9 * lo
    furness(np.ones((1, 1)), [lo], [hi], tol=1e-8)
    furness(np.ones((1, 1)), [hi], [lo], tol=1e-8)
    with pytest.raises(FlowModelError, match=r"^Row totals sum to 1e-09 but column totals to "
                                             r"2\.5e-09;"):
        furness(np.ones((1, 1)), [1e-9], [2.5e-9], tol=1.0)


def test_origin_without_destination_lists_at_most_ten() -> None:
    w = np.zeros((13, 2))
    w[12] = 1.0
    o = np.ones(13)
    with pytest.raises(FlowModelError) as e:
        furness(w, o, [6.5, 6.5])
    assert str(e.value) == ("Origins at positions [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] have trips but "
                            "no reachable destination with a positive total; remove them or "
                            "give them destinations.")
    # an origin whose only destination has a zero total is unreachable too
    with pytest.raises(FlowModelError, match=re.escape("Origins at positions [1] have")):
        furness(np.array([[1.0, 1.0], [0.0, 1.0]]), [1.0, 1.0], [2.0, 0.0])


def test_unreached_destination_lists_at_most_ten() -> None:
    w = np.zeros((2, 13))
    w[:, 12] = 1.0
    d = np.ones(13)
    with pytest.raises(FlowModelError) as e:
        furness(w, [6.5, 6.5], d)
    assert str(e.value) == ("Destinations at positions [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] have trips "
                            "but no origin reaches them; remove them or connect them.")
    # reached only from an origin with a zero total: not reached
    # (destination 0 is reached with a column sum 0.5 / 1 = 0.5)
    with pytest.raises(FlowModelError, match=re.escape("Destinations at positions [1] have")):
        furness(np.array([[1.0, 0.0], [1.0, 1.0]]), [0.5, 0.0], [0.25, 0.25])


@pytest.mark.parametrize("memory", [0, 1, 6])
def test_infeasible_totals_are_refused(memory: int) -> None:
    # no self-flows and one unit holds 10 of 12 trips: it can send at most 2
    with pytest.raises(FlowModelError) as e:
        furness(1.0 - np.eye(3), [10.0, 1.0, 1.0], [10.0, 1.0, 1.0], memory=memory)
    assert str(e.value) == _INFEASIBLE
    assert _INFEASIBLE.startswith("Furness balancing diverges: no flow table on the allowed "
                                  "pairs meets these totals")


def test_column_sums_that_overflow_are_refused() -> None:
    # a start of 1e-308 makes a_0 = a_1 = 1e308; their column sum is inf
    w = np.array([[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(FlowModelError) as e:
        furness(w, [1.0, 1.0, 1.0], [1.0, 2.0], b0=np.array([1.0, 1e-308]))
    assert str(e.value) == _INFEASIBLE


def test_no_convergence_with_the_default_limit() -> None:
    # feasible only in the limit T_00 -> 0: plain sweeps converge like 1/k
    with pytest.raises(FlowModelError) as e:
        furness(np.array([[1.0, 1.0], [1.0, 0.0]]), [1.0, 1.0], [1.0, 1.0], memory=0)
    assert str(e.value).startswith("Furness balancing did not converge in 10000 sweeps (column "
                                   "error 5.00e-05)")


def test_invalid_inputs_are_reported_at_once() -> None:
    w = np.ones((2, 3))
    with pytest.raises(FlowModelError) as e:
        furness(w, [1.0, -1.0], [np.nan, 1.0, np.inf], b0=[1.0, 1.0])
    assert str(e.value) == (
        "Cannot balance: b0 has shape (2,), expected (3,) like the column totals; row totals at "
        "positions [1] are negative or not finite ([-1.0]); column totals at positions [0, 2] "
        "are negative or not finite ([nan, inf]). Totals and weights must be finite and "
        "non-negative.")
    with pytest.raises(FlowModelError, match=re.escape("column totals at positions [1] are "
                                                       "negative or not finite ([nan])")):
        furness(np.ones((1, 2)), [1.0], [1.0, None])  # type: ignore[list-item]
    with pytest.raises(FlowModelError) as e:
        furness(np.ones((3, 2)), [1.0, 1.0], [1.0, 1.0])
    assert str(e.value) == (
        "Cannot balance: weights have shape (3, 2) but there are 2 row totals and 2 column "
        "totals. Totals and weights must be finite and non-negative.")
    with pytest.raises(FlowModelError) as e:
        furness(np.ones((12, 1)), -np.arange(1.0, 13.0), [78.0])
    assert str(e.value) == (
        "Cannot balance: row totals at positions [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] are negative or "
        "not finite ([-1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0, -10.0]). Totals and "
        "weights must be finite and non-negative.")
    for bad in (-1.0, np.nan, np.inf):
        with pytest.raises(FlowModelError, match=r"^Cannot balance: weights include negative or "
                           r"non-finite values\. Totals"):
            furness(sp.csr_matrix(np.array([[1.0, bad]])), [1.0], [0.5, 0.5])
    with pytest.raises(FlowModelError, match="weights have shape"):
        furness(np.ones((2, 2)), np.ones((2, 1)), [1.0, 1.0])


def test_factors_that_overflow_are_refused() -> None:
    # from b = (1, 1e308) plain sweeps push b_1 beyond 1e308 (0 * inf in W b)
    w = np.array([[1.0, 1.0], [0.0, 1.0]])
    with pytest.raises(FlowModelError) as e:
        furness(w, [1.0, 10.0], [10.0, 1.0], b0=[1.0, 1e308], memory=0)
    assert str(e.value) == _INFEASIBLE
    # a start whose W b overflows (1e308 + 1e308)
    with pytest.raises(FlowModelError) as e:
        furness(np.ones((2, 2)), [1.0, 1.0], [1.0, 1.0], b0=[1e308, 1e308])
    assert str(e.value) == _INFEASIBLE


def test_the_stopping_rule_is_strict() -> None:
    # one cell is exact after one sweep (error 0), yet 0 is not below tol = 0
    with pytest.raises(FlowModelError) as e:
        furness(np.array([[2.0]]), [5.0], [5.0], tol=0.0, max_iter=2)
    assert str(e.value).startswith("Furness balancing did not converge in 2 sweeps (column "
                                   "error 0.00e+00)")
    with pytest.raises(FlowModelError) as e:
        furness(np.array([[2.0]]), [5.0], [5.0], max_iter=0)
    assert str(e.value).startswith("Furness balancing did not converge in 0 sweeps (column "
                                   "error inf)")


def test_compiled_dense_loop_matches_the_python_loop() -> None:
    """Dense weights run the compiled loop, CSR weights the Python one: same sweeps, same
    factors (a full 120 x 120 gravity-like matrix, no zero cell, so both see the same W)."""
    rng = np.random.default_rng(11)
    xy = rng.uniform(0, 100, (120, 2))
    w = np.exp(-0.05 * np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)))
    np.fill_diagonal(w, 0.0)
    o = rng.lognormal(3, 1, 120)
    d = rng.lognormal(3, 1, 120)
    d *= o.sum() / d.sum()
    for memory in (0, 6):
        dense = furness(w, o, d, memory=memory, tol=1e-11)
        loop = furness(sp.csr_matrix(w), o, d, memory=memory, tol=1e-11)
        assert dense.iterations == loop.iterations
        np.testing.assert_allclose(dense.a, loop.a, rtol=1e-11)
        np.testing.assert_allclose(dense.b, loop.b, rtol=1e-11)
