"""Gravity laws and Furness balancing: hand cases, conservation, scikit-mobility agreement."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import deterrence, furness, gravity, truncation_error
from metroscope.flows._table import FlowModelError
from test_flows_radiation import ny_locations

DATA = Path(__file__).parent / "data" / "flows"


def random_locations(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                         "population": rng.lognormal(10, 1, n)},
                        index=[f"{i:04d}" for i in range(n)])


def test_deterrence_functions() -> None:
    np.testing.assert_allclose(deterrence([1.0, 2.0, np.inf], kind="power", beta=2.0),
                               [1.0, 0.25, 0.0])
    np.testing.assert_allclose(deterrence([0.0, 10.0], kind="exp", beta=0.1),
                               [1.0, np.exp(-1.0)])


def test_hand_case_production_constrained() -> None:
    loc = pd.DataFrame({"lon": [0.0, 1.0, 2.0], "lat": [0.0] * 3, "population": [100.0] * 3},
                       index=["a", "b", "c"])
    f = gravity(loc, constraint="production", beta=2.0)
    # from a: b at d, c at 2d -> weights 1 and 1/4
    assert f.loc[("a", "b"), "flow"] == pytest.approx(100 * 1 / 1.25, rel=1e-12)
    assert f.loc[("a", "c"), "flow"] == pytest.approx(100 * 0.25 / 1.25, rel=1e-12)
    assert f.loc[("a", "b"), "cost"] == pytest.approx(111.19508, rel=1e-6)
    assert f.index.names == ["origin", "destination"]
    assert len(f) == 6


@pytest.mark.parametrize(("gtype", "constraint"), [("singly", "production"), ("globally", "none")])
@pytest.mark.parametrize(("det", "kind", "beta"), [("power_law", "power", 2.0),
                                           ("exponential", "exp", 0.01)])
def test_agrees_with_scikit_mobility(gtype: str, constraint: str, det: str, kind: str,
                                     beta: float) -> None:
    gold = pd.read_csv(DATA / f"skmob_ny_gravity_{gtype}_{det}.csv",
                       dtype={"origin": str, "destination": str})
    gold = gold.set_index(["origin", "destination"])["flow"]
    f = gravity(ny_locations(), constraint=constraint, deterrence=kind, beta=beta,  # type: ignore[arg-type]
                earth_radius_km=6371.0)["flow"]
    f = f[f > 0]
    assert set(f.index) == set(gold.index)
    np.testing.assert_allclose(f.reindex(gold.index).to_numpy(), gold.to_numpy(), rtol=1e-9)


@pytest.mark.parametrize(("kind", "beta"), [("power", 2.0), ("exp", 0.02)])
def test_each_constraint_conserves_what_it_promises(kind: str, beta: float) -> None:
    loc = random_locations(200)
    rng = np.random.default_rng(1)
    loc["outflow"] = rng.uniform(10, 1000, len(loc))
    loc["inflow"] = rng.uniform(10, 1000, len(loc))
    loc["inflow"] *= loc["outflow"].sum() / loc["inflow"].sum()
    out = {}
    for c in ("none", "production", "attraction", "doubly"):
        f = gravity(loc, constraint=c, deterrence=kind, beta=beta)["flow"]  # type: ignore[arg-type]
        out[c] = (f.groupby(level="origin").sum().reindex(loc.index),
                  f.groupby(level="destination").sum().reindex(loc.index), f.sum())
    total = loc["outflow"].sum()
    assert out["none"][2] == pytest.approx(total, rel=1e-12)
    np.testing.assert_allclose(out["production"][0], loc["outflow"], rtol=1e-12)
    np.testing.assert_allclose(out["attraction"][1], loc["inflow"], rtol=1e-12)
    np.testing.assert_allclose(out["doubly"][0], loc["outflow"], rtol=1e-11)
    np.testing.assert_allclose(out["doubly"][1], loc["inflow"], rtol=1e-11)


def test_travel_time_matrix_with_unreachable_pairs() -> None:
    codes = ["a", "b", "c"]
    cost = pd.DataFrame([[0, 30, np.inf], [30, 0, 60], [np.inf, 60, 0]], index=codes,
                        columns=codes, dtype=float)
    loc = pd.DataFrame({"population": [1.0, 2.0, 3.0]}, index=codes)
    f = gravity(loc, cost=cost, constraint="production")
    assert f.loc[("a", "c"), "flow"] == 0.0
    assert f.loc[("a", "b"), "flow"] == pytest.approx(1.0)
    assert f.loc[("b", "c"), "cost"] == 60.0


def test_self_flows_and_zero_costs() -> None:
    loc = pd.DataFrame({"lon": [0.0, 0.0, 1.0], "lat": [0.0] * 3, "population": [1.0] * 3},
                       index=["a", "b", "c"])
    with pytest.raises(FlowModelError, match="zero cost"):
        gravity(loc, deterrence="power")
    f = gravity(loc, deterrence="exp", beta=0.01)
    assert len(f) == 6
    g = gravity(loc.iloc[[0, 2]], deterrence="exp", beta=0.01, self_flows=True)
    assert len(g) == 4


def test_furness_hand_case_and_errors() -> None:
    w = np.array([[1.0, 1.0], [1.0, 3.0]])
    r = furness(w, np.array([2.0, 2.0]), np.array([1.0, 3.0]))
    t = r.a[:, None] * w * r.b[None, :]
    np.testing.assert_allclose(t.sum(axis=1), [2, 2], rtol=1e-12)
    np.testing.assert_allclose(t.sum(axis=0), [1, 3], rtol=1e-12)
    plain = furness(w, np.array([2.0, 2.0]), np.array([1.0, 3.0]), memory=0)
    np.testing.assert_allclose(plain.a[:, None] * w * plain.b[None, :], t, rtol=1e-10)
    with pytest.raises(FlowModelError, match="sum to"):
        furness(w, np.array([1.0, 1.0]), np.array([1.0, 3.0]))
    with pytest.raises(FlowModelError, match="no reachable"):
        furness(np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([1.0, 1.0]), np.array([1.0, 1.0]))


def test_truncated_gravity_conserves_on_kept_pairs_and_reports_error() -> None:
    loc = random_locations(300, seed=4)
    exact = gravity(loc, constraint="production", beta=2.0)
    approx = gravity(loc, constraint="production", beta=2.0, k_nearest=30)
    np.testing.assert_allclose(approx["flow"].groupby(level=0).sum().reindex(loc.index),
                               loc["population"], rtol=1e-12)
    err = truncation_error(exact, approx)
    assert err["pairs_kept_share"] == pytest.approx(30 / 299)
    assert err["total_rel_error"] == pytest.approx(0.0, abs=1e-12)
    # kept flows are scaled up per origin and totals are equal, so CPC = exact flow kept
    assert err["cpc"] == pytest.approx(err["flow_kept_share"], rel=1e-12)
    assert 0.5 < err["cpc"] < 1.0
    doubly = gravity(loc, constraint="doubly", deterrence="exp", beta=0.02, cutoff_km=300)
    np.testing.assert_allclose(doubly["flow"].groupby(level=0).sum().reindex(loc.index),
                               loc["population"], rtol=1e-10)
    np.testing.assert_allclose(doubly["flow"].groupby(level=1).sum().reindex(loc.index),
                               loc["population"], rtol=1e-10)


def test_unreachable_origin_totals_are_reported_not_silently_dropped() -> None:
    import numpy as np
    import pandas as pd

    from metroscope.flows import gravity

    loc = pd.DataFrame({"lon": [125.0, 125.5, 126.0, 126.5], "lat": [43.0, 43.2, 43.4, 43.6],
                        "population": [400.0, 300.0, 200.0, 100.0]},
                       index=pd.Index(list("abcd"), name="code"))
    c = np.full((4, 4), 10.0)
    c[3, :] = np.inf
    c[:, 3] = np.inf
    np.fill_diagonal(c, 0.0)
    cost = pd.DataFrame(c, index=loc.index, columns=loc.index)
    out = gravity(loc, cost=cost, constraint="production", deterrence="exp", beta=0.1)
    notes = out.attrs["metroscope"]["notes"]
    assert any("not placed" in n and "'d'" in n for n in notes)
    placed = out["flow"].groupby(level=0).sum()
    assert placed.get("d", 0.0) == 0.0
