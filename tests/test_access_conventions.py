"""Hansen potential accessibility under both conventions (own unit in or out, a minimum cost),
checked against a plain loop over the pairs."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from metroscope import ParameterError
from metroscope.cli.access import app as access_app
from metroscope.network import accessibility, accessibility_from_matrix, potential_accessibility


def _km_matrix(n: int = 25) -> tuple[pd.DataFrame, pd.Series]:
    """Great-circle km by a scalar haversine loop; points 0-3 within 0.5 km of each other."""
    rng = np.random.default_rng(3)
    lon = rng.uniform(125.0, 125.6, n)
    lat = rng.uniform(43.6, 44.1, n)
    lon[1:4] = lon[0] + np.array([0.002, -0.003, 0.004])  # a few hundred metres apart
    lat[1:4] = lat[0]
    codes = [f"u{i:02d}" for i in range(n)]
    km = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            p1, p2 = math.radians(lat[i]), math.radians(lat[j])
            a = (math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2)
                 * math.sin(math.radians(lon[j] - lon[i]) / 2) ** 2)
            km[i][j] = 2 * 6371.0088 * math.asin(math.sqrt(a))
    km[5][6] = km[6][5] = math.inf  # an unreachable pair adds nothing
    mass = pd.Series(np.round(rng.lognormal(9.0, 1.0, n)), index=codes)
    return pd.DataFrame(km, index=codes, columns=codes), mass


def _loop(km: pd.DataFrame, mass: pd.Series, *, decay: str, param: float, include_self: bool,
          min_cost: float) -> list[float]:
    out = []
    for i in km.index:
        total = 0.0
        for j in km.columns:
            if j == i and not include_self:
                continue
            c = max(float(km.loc[i, j]), min_cost)
            if math.isinf(c) or (decay == "power" and c == 0):
                continue
            w = c ** -param if decay == "power" else math.exp(-param * c)
            total += float(mass[j]) * w
        out.append(total)
    return out


@pytest.mark.parametrize(("decay", "param"), [("power", 1.0), ("power", 2.0),
                                              ("exponential", 0.05)])
@pytest.mark.parametrize(("include_self", "min_cost"), [(False, 0.0), (True, 0.5),
                                                        (False, 0.5), (True, 2.0)])
def test_potential_equals_a_plain_loop(decay: str, param: float, include_self: bool,
                                       min_cost: float) -> None:
    km, mass = _km_matrix()
    want = _loop(km, mass, decay=decay, param=param, include_self=include_self,
                 min_cost=min_cost)
    got = potential_accessibility(km, mass, decay=decay, decay_param=param,
                                  include_self=include_self, min_cost=min_cost)
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-12)
    full = accessibility_from_matrix(km, mass, decay=decay, decay_param=param,
                                     include_self=include_self, min_cost=min_cost)
    np.testing.assert_allclose(full["potential"].to_numpy(), want, rtol=1e-12)


def test_the_two_conventions_differ_where_units_are_close() -> None:
    km, mass = _km_matrix()
    ours = potential_accessibility(km, mass)
    pysal = potential_accessibility(km, mass, include_self=True, min_cost=0.5)
    rel = (pysal - ours) / ours
    # the own unit at 0.5 km adds 2 M_i, and pairs closer than 0.5 km lose weight
    assert (rel.iloc[4:] > 0).all()
    assert rel.abs().max() > 0.5
    expected_4 = ours.iloc[4] + 2.0 * mass.iloc[4]  # unit 4 has no neighbour within 0.5 km
    assert pysal.iloc[4] == pytest.approx(expected_4, rel=1e-12)


def test_bad_conventions_are_refused() -> None:
    km, mass = _km_matrix(8)
    with pytest.raises(ParameterError, match="u00, u01"):
        potential_accessibility(km, mass, include_self=True)  # 0 km to itself under power
    with pytest.raises(ParameterError, match="min_cost"):
        potential_accessibility(km, mass, min_cost=-1.0)
    # exponential decay is finite at 0: the own unit adds its whole mass
    got = potential_accessibility(km, mass, decay="exponential", decay_param=0.1,
                                  include_self=True)
    base = potential_accessibility(km, mass, decay="exponential", decay_param=0.1)
    np.testing.assert_allclose(got - base, mass.to_numpy(), rtol=1e-12)


def test_cli_options_reach_the_library() -> None:
    from metroscope.datasets import open_region

    res = CliRunner().invoke(access_app, ["accessibility", "--include-self", "--min-minutes",
                                          "10", "--format", "json"])
    assert res.exit_code == 0, res.output
    got = {r["code"]: r["potential"] for r in json.loads(res.stdout)}
    want = accessibility(open_region("changchun"), include_self=True, min_cost=10.0)
    default = accessibility(open_region("changchun"))
    assert want.attrs["metroscope"]["include_self"] is True
    code = str(want.index[0])
    assert got[code] == pytest.approx(float(want.loc[code, "potential"]), rel=1e-3)
    assert float(want.loc[code, "potential"]) > float(default.loc[code, "potential"])
    res = CliRunner().invoke(access_app, ["accessibility", "--include-self"])
    assert res.exit_code != 0
    assert "--min-minutes" in str(res.exception)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize(("decay", "param"), [("power", 1.0), ("power", 2.0),
                                              ("exponential", 0.05)])
@pytest.mark.parametrize(("include_self", "min_cost"), [(False, 0.0), (True, 0.5)])
def test_kernel_path_equals_a_plain_loop(monkeypatch: pytest.MonkeyPatch, order: str,
                                         decay: str, param: float, include_self: bool,
                                         min_cost: float) -> None:
    from metroscope.network import _access_fast

    monkeypatch.setattr(_access_fast, "KERNEL_MIN_PAIRS", 1)
    km, mass = _km_matrix()
    want = _loop(km, mass, decay=decay, param=param, include_self=include_self,
                 min_cost=min_cost)
    arr = np.asarray(km.to_numpy(), order=order)  # type: ignore[call-overload]
    frame = pd.DataFrame(arr, index=km.index, columns=km.columns, copy=False)
    got = potential_accessibility(frame, mass, decay=decay, decay_param=param,
                                  include_self=include_self, min_cost=min_cost)
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-12)


@pytest.mark.parametrize("weighted", [False, True])
def test_kernel_two_step_fca_equals_the_numpy_path(monkeypatch: pytest.MonkeyPatch,
                                                   weighted: bool) -> None:
    from metroscope.network import _access_fast, two_step_fca

    km, mass = _km_matrix()
    supply = mass.iloc[:18] / 1000
    cost = km.iloc[:, :18]

    def w(c: np.ndarray) -> np.ndarray:
        return np.exp(-c * c / 200.0)

    weight = w if weighted else None
    want = two_step_fca(cost, mass, supply, max_cost=20.0, weight=weight)
    monkeypatch.setattr(_access_fast, "KERNEL_MIN_PAIRS", 1)
    for frame in (cost, pd.DataFrame(np.asfortranarray(cost.to_numpy()), index=cost.index,
                                     columns=cost.columns, copy=False)):
        got = two_step_fca(frame, mass, supply, max_cost=20.0, weight=weight)
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-12, atol=0)
    assert (want > 0).sum() > 10


def _fca_loop(c: np.ndarray, p: np.ndarray, s: np.ndarray, d: float,
              weight: object) -> np.ndarray:
    """The 2SFCA as two plain Python loops over the pairs (cost finite and <= d)."""
    n, m = c.shape
    w = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            v = float(c[i, j])
            if math.isfinite(v) and v <= d:
                w[i][j] = 1.0 if weight is None else float(math.exp(-v * v / 200.0))
    r = []
    for j in range(m):
        den = sum(p[i] * w[i][j] for i in range(n))
        r.append(s[j] / den if den > 0 else 0.0)
    return np.array([sum(w[i][j] * r[j] for j in range(m)) for i in range(n)])


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("weighted", [False, True])
def test_kernel_two_step_fca_equals_a_plain_loop(monkeypatch: pytest.MonkeyPatch, order: str,
                                                 weighted: bool) -> None:
    # a rectangular matrix with unreachable (inf), missing (NaN) and negative-infinite costs,
    # through both kernel paths (unweighted: two dense passes; weighted: CSR) in both orders
    from metroscope.network import _access_fast, two_step_fca

    rng = np.random.default_rng(15)
    c = rng.uniform(0.0, 40.0, (37, 23))
    c[rng.random(c.shape) < 0.1] = np.inf
    c[rng.random(c.shape) < 0.05] = np.nan
    c[0, :3] = -np.inf
    c[5, :] = np.inf  # a demand point with nothing in reach scores 0
    p = rng.lognormal(3.0, 1.0, 37)
    s = rng.poisson(2.0, 23).astype(float)
    s[:2] = 0.0
    monkeypatch.setattr(_access_fast, "KERNEL_MIN_PAIRS", 1)
    frame = pd.DataFrame(np.asarray(c, order=order), copy=False)  # type: ignore[call-overload]
    # the layout reaches the kernels (a copied frame would always be column-major)
    assert frame.to_numpy().flags.c_contiguous is (order == "C")

    def w(x: np.ndarray) -> np.ndarray:
        return np.exp(-x * x / 200.0)

    got = two_step_fca(frame, pd.Series(p), pd.Series(s), max_cost=20.0,
                       weight=w if weighted else None)
    want = _fca_loop(c, p, s, 20.0, w if weighted else None)
    assert (want > 0).sum() > 20 and (want == 0).any()
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-12, atol=0)


def _small() -> tuple[pd.DataFrame, pd.Series]:
    """Three places with pairs under one minute (0.5, 0.25) and one unreachable pair."""
    codes = ["a", "b", "c"]
    t = pd.DataFrame([[0.0, 0.5, 4.0], [2.0, 0.0, math.inf], [0.25, 8.0, 0.0]], index=codes,
                     columns=codes)
    return t, pd.Series([10.0, 20.0, 40.0], index=codes)


def test_potential_defaults_by_hand() -> None:
    """The defaults: power decay, a = 1, the unit itself left out, no clip (a cost of 0.5 or
    0.25 counts as it is): PA_a = 20/0.5 + 40/4, PA_b = 10/2, PA_c = 10/0.25 + 20/8."""
    t, mass = _small()
    got = potential_accessibility(t, mass)
    assert got.name == "potential" and list(got.index) == ["a", "b", "c"]
    np.testing.assert_allclose(got.to_numpy(), [50.0, 5.0, 42.5], rtol=1e-12)
    assert got.attrs["zero_cost_pairs"] == 0


@pytest.mark.parametrize("decay", ["power", "exponential"])
def test_a_zero_decay_parameter_weighs_every_reachable_place_alike(decay: str) -> None:
    """a = 0 or β = 0 makes f = 1 at every finite cost: the potential is the reachable mass
    (b cannot reach c); exp(-0 * inf) is NaN and 0 * inf-style warnings must not reach the
    user (warnings are errors in the tests)."""
    t, mass = _small()
    got = potential_accessibility(t, mass, decay=decay, decay_param=0.0)
    np.testing.assert_allclose(got.to_numpy(), [60.0, 10.0, 30.0], rtol=1e-12)
    assert got.attrs["zero_cost_pairs"] == 0  # counted (none) under power, 0 under exponential
    own = potential_accessibility(t, mass, decay=decay, decay_param=0.0, include_self=True,
                                  min_cost=1.0)
    np.testing.assert_allclose(own.to_numpy(), [70.0, 30.0, 70.0], rtol=1e-12)
    full = accessibility_from_matrix(t, mass, decay=decay, decay_param=0.0)
    np.testing.assert_allclose(full["potential"].to_numpy(), [60.0, 10.0, 30.0], rtol=1e-12)


def test_tiny_costs_overflow_quietly() -> None:
    """t^-2 of 1e-200 overflows to inf without a warning (a negative cost, whose exponential
    decay overflowed the same way, is refused: test_a_negative_cost_is_refused)."""
    codes = ["a", "b"]
    t = pd.DataFrame([[0.0, 1e-200], [1e5, 0.0]], index=codes, columns=codes)
    mass = pd.Series([1.0, 1.0], index=codes)
    got = potential_accessibility(t, mass, decay_param=2.0)
    assert np.isinf(got["a"]) and got["b"] == 1e-10


def _refused(*args: object, **kw: object) -> str:
    with pytest.raises(ParameterError) as info:
        potential_accessibility(*args, **kw)  # type: ignore[arg-type]
    return str(info.value)


@pytest.mark.parametrize("bad", [-0.5, math.nan, math.inf])
def test_a_bad_min_cost_or_decay_parameter_is_refused_in_full(bad: float) -> None:
    t, mass = _small()
    assert _refused(t, mass, min_cost=bad) == (
        f"min_cost must be a finite number >= 0 (the cost's unit), not {bad!r}.")
    assert _refused(t, mass, decay_param=bad) == (
        "decay_param must be a finite number >= 0 (a of power decay, β per cost unit of "
        f"exponential decay), not {bad!r}.")
    assert _refused(t, mass, decay="linear") == (
        "decay must be 'power' or 'exponential', not 'linear'.")


def _zero_diagonal(n: int) -> tuple[pd.DataFrame, pd.Series]:
    codes = [f"z{i:02d}" for i in range(n)]
    t = np.full((n, n), 3.0)
    np.fill_diagonal(t, 0.0)
    return pd.DataFrame(t, index=codes, columns=codes), pd.Series(1.0, index=codes)


HINT = ("Give min_cost > 0 (--min-minutes on the command line; PySAL access clips at 0.5 km) or "
        "put an internal cost on the diagonal of the matrix.")


def test_a_zero_own_cost_is_refused_naming_at_most_ten_units() -> None:
    t, mass = _zero_diagonal(10)
    names = ", ".join(f"z{i:02d}" for i in range(10))
    assert _refused(t, mass, include_self=True) == (
        "include_self with power decay needs a positive own cost; 10 unit(s) have cost 0 to "
        f"themselves ({names}). " + HINT)
    t, mass = _zero_diagonal(11)
    assert _refused(t, mass, include_self=True) == (
        "include_self with power decay needs a positive own cost; 11 unit(s) have cost 0 to "
        f"themselves ({names}, ...). " + HINT)


def test_a_zero_own_cost_counts_only_for_a_unit_with_mass() -> None:
    """A unit of mass 0 adds 0 · f(0) whatever f(0) is, so its zero own cost is no problem;
    one of mass 0.5 is refused. PA_i = sum_{j != i} M_j / 3 plus nothing for itself."""
    t, mass = _zero_diagonal(3)
    mass.iloc[:] = [0.0, 0.0, 2.0]
    t.iloc[2, 2] = 4.0  # the unit with mass has an internal cost
    got = potential_accessibility(t, mass, include_self=True)
    np.testing.assert_allclose(got.to_numpy(), [2 / 3, 2 / 3, 2 / 4], rtol=1e-12)
    mass.iloc[0] = 0.5
    assert "1 unit(s) have cost 0 to themselves (z00)" in _refused(t, mass, include_self=True)


def test_a_missing_or_absent_mass_counts_zero() -> None:
    """Mass is aligned to the columns: NaN and a code the mass does not hold add nothing."""
    t, _ = _small()
    mass = pd.Series({"c": 40.0, "a": math.nan, "x": 1e9})  # b absent, x not a column
    got = potential_accessibility(t, mass)
    np.testing.assert_allclose(got.to_numpy(), [40 / 4, 0.0, 0.0], rtol=1e-12)


def test_two_step_arithmetic_by_hand() -> None:
    """Three units 10 min apart, catchment 5 min (each reaches only itself): unit 0 has half a
    person of demand and 1 of supply (ratio 1 / 0.5 = 2); unit 1 supply 1 without demand
    (ratio 0, not 1 / 0); unit 2 neither (0 / 0: 0, without a warning). Scores 2, 0, 0."""
    from metroscope.network._access_compute import two_step

    c = np.array([[0.0, 10.0, 10.0], [10.0, 0.0, 10.0], [10.0, 10.0, 0.0]])
    got = two_step(c, np.array([0.5, 0.0, 0.0]), np.array([1.0, 1.0, 0.0]), max_cost=5.0,
                   weight=None)
    assert got.tolist() == [2.0, 0.0, 0.0]


def test_the_kernel_path_starts_at_a_million_pairs() -> None:
    from metroscope.network import _access_fast as f

    assert f.KERNEL_MIN_PAIRS == 1_000_000
    assert f.use_kernels((1000, 1000)) and f.use_kernels((1001, 1000))
    assert not f.use_kernels((999, 1001)) and not f.use_kernels((0, 5))


def test_c_order_hands_the_kernels_a_row_major_matrix() -> None:
    from metroscope.network._access_fast import c_order

    a = np.arange(12.0).reshape(3, 4)
    x, t = c_order(a)
    assert x is a and t is False
    x, t = c_order(np.asfortranarray(a))
    assert t is True and x.flags.c_contiguous and x.shape == (4, 3)
    np.testing.assert_array_equal(x, a.T)
    strided = np.arange(24.0).reshape(3, 8)[:, ::2]  # neither layout: a row-major copy
    x, t = c_order(strided)
    assert t is False and x.flags.c_contiguous
    np.testing.assert_array_equal(x, strided)


@pytest.mark.parametrize("kernels", [False, True])
def test_a_negative_cost_is_refused(monkeypatch: pytest.MonkeyPatch, kernels: bool) -> None:
    from metroscope.network import _access_fast

    if kernels:
        monkeypatch.setattr(_access_fast, "KERNEL_MIN_PAIRS", 1)
    codes = ["a", "b", "c"]
    t = pd.DataFrame([[0.0, 5.0, -2.0], [5.0, 0.0, 3.0], [-np.inf, 3.0, 0.0]], index=codes,
                     columns=codes)
    mass = pd.Series([1.0, 2.0, 3.0], index=codes)
    for decay in ("power", "exponential"):
        with pytest.raises(ParameterError) as e:
            potential_accessibility(t, mass, decay=decay)
        msg = e.value.args[0]
        assert msg.key == "err_access_negative_cost"
        assert msg.params == {"n": 2, "pairs": "a -> c, c -> a"}
        assert "2 negative value(s) (a -> c, c -> a)" in str(e.value)
        assert "(a -> c, c -> a)" in msg.zh
    with pytest.raises(ParameterError):
        accessibility_from_matrix(t, mass)
    many = pd.DataFrame(-np.ones((4, 4)), index=list("pqrs"), columns=list("pqrs"))
    with pytest.raises(ParameterError) as e:
        potential_accessibility(many, pd.Series(1.0, index=list("pqrs")))
    assert e.value.args[0].params == {
        "n": 16, "pairs": "p -> p, p -> q, p -> r, p -> s, q -> p, ..."}
    # a NaN cost is no cost (it adds NaN, as before); 0 and inf are allowed
    ok = t.abs()
    assert np.isfinite(potential_accessibility(ok, mass)).all()


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("weighted", [False, True])
def test_kernel_two_step_fca_with_empty_and_small_catchments(monkeypatch: pytest.MonkeyPatch,
                                                             order: str, weighted: bool) -> None:
    """Supply s0 is reached only by demand d0, whose population is 0 (its ratio must be 0,
    not s/0); s1 only by d1 with 0.5 persons (ratio 4 / 0.5 = 8); s2 (7 seats) and s3 (none)
    by nobody: 7/0 and 0/0 give no warning."""
    from metroscope.network import _access_fast, two_step_fca

    inf = np.inf
    c = np.array([[1.0, inf, inf, inf],
                  [inf, 2.0, inf, inf],
                  [inf, inf, inf, inf],
                  [inf, inf, 30.0, 25.0]])
    p = pd.Series([0.0, 0.5, 10.0, 5.0])
    s = pd.Series([3.0, 4.0, 7.0, 0.0])
    monkeypatch.setattr(_access_fast, "KERNEL_MIN_PAIRS", 1)
    frame = pd.DataFrame(np.asarray(c, order=order), copy=False)  # type: ignore[call-overload]
    assert frame.to_numpy().flags.c_contiguous is (order == "C")

    def w(x: np.ndarray) -> np.ndarray:
        return np.exp(-x * x / 200.0)

    got = two_step_fca(frame, p, s, max_cost=20.0, weight=w if weighted else None)
    w1 = math.exp(-4.0 / 200.0) if weighted else 1.0
    # d1: w11 * s1 / (0.5 * w11) = 8 whatever the weight
    assert got.tolist() == [0.0, pytest.approx(w1 * 4.0 / (0.5 * w1), rel=1e-15), 0.0, 0.0]
    np.testing.assert_allclose(got.to_numpy(), _fca_loop(c, p.to_numpy(), s.to_numpy(), 20.0,
                                                         w if weighted else None), rtol=1e-15)
