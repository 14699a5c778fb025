"""fit_gravity's inputs and outputs on small tables generated from known parameters.

Flows written exactly as ``exp(c0) m_i^α n_j^γ c_ij^θ`` (or with origin effects) are fitted
back: the Poisson maximum-likelihood estimate of an exact model is its generating parameters,
so the expected values are the ones chosen here, not values the code printed. Costs derived
from locations are checked against a haversine written in the test.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import fit_gravity
from metroscope.flows._observed import factorize_sorted as _factorize
from metroscope.flows._table import FlowModelError
from test_flows_applied_by_hand import km

POS = {"a": (120.0, 30.0), "b": (120.5, 30.0), "c": (120.0, 30.6), "d": (121.2, 30.3)}
POP = {"a": 500.0, "b": 400.0, "c": 250.0, "d": 300.0}
C0, ALPHA, GAMMA, THETA = 0.7, 0.8, 1.3, -1.6


def locations() -> pd.DataFrame:
    return pd.DataFrame({"lon": [p[0] for p in POS.values()], "lat": [p[1] for p in POS.values()],
                         "population": list(POP.values())}, index=list(POS))


def exact(*, theta: float = THETA, power: bool = True, self_pairs: bool = False) -> pd.DataFrame:
    """Every pair's flow from the unconstrained model on haversine km (no cost column)."""
    rows = []
    for i, at_i in POS.items():
        for j, at_j in POS.items():
            if i == j and not self_pairs:
                continue
            c = km(at_i, at_j) if i != j else 10.0
            g = math.log(c) if power else c
            rows.append((i, j, math.exp(C0 + theta * g) * POP[i] ** ALPHA * POP[j] ** GAMMA, c))
    return pd.DataFrame(rows, columns=["origin", "destination", "flow", "cost"])


def test_unconstrained_fit_recovers_the_generating_parameters(
        caplog: pytest.LogCaptureFixture) -> None:
    obs = exact().drop(columns="cost")
    with caplog.at_level(logging.INFO, logger="metroscope.flows.fit"):
        res = fit_gravity(obs, constraint="none", locations=locations())
    assert list(res.params.index) == ["const", "log_origin_mass", "log_destination_mass", "cost"]
    np.testing.assert_allclose(res.params.to_numpy(), [C0, ALPHA, GAMMA, THETA], rtol=1e-8)
    assert res.beta == pytest.approx(-THETA, rel=1e-8)
    assert (res.constraint, res.deterrence, res.notes) == ("none", "power", [])
    # the costs fitted are the haversine kilometres between the seats
    np.testing.assert_allclose(res.fitted["cost"].to_numpy(), exact()["cost"].to_numpy(),
                               rtol=1e-12)
    np.testing.assert_allclose(res.fitted["predicted"].to_numpy(), obs["flow"].to_numpy(),
                               rtol=1e-8)
    assert res.fitted.index.names == ["origin", "destination"]
    assert res.fitted.attrs["metroscope"]["parameters"] == {
        "constraint": "none", "deterrence": "power", "beta": pytest.approx(-THETA, rel=1e-8)}
    assert res.gof["cpc"] == pytest.approx(1.0, rel=1e-9)
    summary = res.summary()
    np.testing.assert_allclose(summary["z"], res.params / res.std_err, rtol=1e-15)
    assert any(r.getMessage().startswith("Fitted none gravity (power) on 12 pairs: theta=-1.6")
               for r in caplog.records)


def test_masses_from_columns_cost_matrix_and_index_give_the_same_fit() -> None:
    obs = exact()
    obs["origin_mass"] = obs["origin"].map(POP)
    obs["destination_mass"] = obs["destination"].map(POP)
    cols = fit_gravity(obs, constraint="none")
    np.testing.assert_allclose(cols.params.to_numpy(), [C0, ALPHA, GAMMA, THETA], rtol=1e-8)
    # the same pairs with the codes as the index and the cost from a matrix (codes as
    # integers there, text in the table)
    codes = {"a": 1, "b": 2, "c": 3, "d": 4}
    obs2 = exact().replace({"origin": codes, "destination": codes})
    matrix = pd.DataFrame(np.full((4, 4), np.nan), index=[1, 2, 3, 4], columns=[1, 2, 3, 4])
    for o, d, c in zip(obs2["origin"], obs2["destination"], obs2["cost"], strict=True):
        matrix.loc[o, d] = c
    loc = locations().rename(index=codes)
    by_matrix = fit_gravity(obs2.drop(columns="cost").set_index(["origin", "destination"]),
                            constraint="none", cost=matrix, locations=loc)
    np.testing.assert_allclose(by_matrix.params.to_numpy(), [C0, ALPHA, GAMMA, THETA], rtol=1e-8)
    # locations with the code as a column
    by_col = fit_gravity(exact().drop(columns="cost"), constraint="none",
                         locations=locations().rename_axis("code").reset_index())
    np.testing.assert_allclose(by_col.params.to_numpy(), [C0, ALPHA, GAMMA, THETA], rtol=1e-8)


@pytest.mark.parametrize("power", [True, False])
def test_production_and_attraction_effects_are_the_generating_ones(power: bool) -> None:
    theta = THETA if power else -0.02
    obs = exact(theta=theta, power=power)
    det = "power" if power else "exp"
    prod = fit_gravity(obs, constraint="production", deterrence=det,  # type: ignore[arg-type]
                       locations=locations())
    # origin i's effect absorbs c0 + α log m_i; the first origin (a) is the reference
    effect = {i: C0 + ALPHA * math.log(POP[i]) for i in POS}
    expected = {"const": effect["a"], **{f"origin[{i}]": effect[i] - effect["a"] for i in "bcd"},
                "log_destination_mass": GAMMA, "cost": theta}
    assert list(prod.params.index) == list(expected)
    np.testing.assert_allclose(prod.params.to_numpy(), list(expected.values()), rtol=1e-7,
                               atol=1e-9)
    attr = fit_gravity(obs, constraint="attraction", deterrence=det,  # type: ignore[arg-type]
                       locations=locations())
    effect = {j: C0 + GAMMA * math.log(POP[j]) for j in POS}
    expected = {"const": effect["a"],
                **{f"destination[{j}]": effect[j] - effect["a"] for j in "bcd"},
                "log_origin_mass": ALPHA, "cost": theta}
    assert list(attr.params.index) == list(expected)
    np.testing.assert_allclose(attr.params.to_numpy(), list(expected.values()), rtol=1e-7,
                               atol=1e-9)
    both = fit_gravity(obs, constraint="doubly", deterrence=det,  # type: ignore[arg-type]
                       locations=locations())
    assert both.params["cost"] == pytest.approx(theta, rel=1e-7)
    assert both.params["origin[b]"] == pytest.approx(ALPHA * math.log(POP["b"] / POP["a"]),
                                                     rel=1e-7)
    assert both.params["destination[d]"] == pytest.approx(GAMMA * math.log(POP["d"] / POP["a"]),
                                                          rel=1e-7)
    assert both.params["const"] == pytest.approx(
        C0 + ALPHA * math.log(POP["a"]) + GAMMA * math.log(POP["a"]), rel=1e-7)


def test_self_pairs_are_dropped_unless_asked_for() -> None:
    obs = exact(power=False, theta=-0.02, self_pairs=True)
    kept = fit_gravity(obs, constraint="none", deterrence="exp", locations=locations(),
                       include_self=True)
    assert len(kept.fitted) == 16
    np.testing.assert_allclose(kept.params.to_numpy(), [C0, ALPHA, GAMMA, -0.02], rtol=1e-7)
    dropped = fit_gravity(obs, constraint="none", deterrence="exp", locations=locations())
    assert len(dropped.fitted) == 12
    assert not any(o == d for o, d in dropped.fitted.index)


def test_codes_are_stripped_and_duplicates_summed() -> None:
    obs = exact()
    obs["origin"] = " " + obs["origin"] + " "
    half = obs.iloc[:3].assign(flow=obs["flow"].iloc[:3] / 2)
    obs = pd.concat([obs.iloc[3:], half, half], ignore_index=True)
    res = fit_gravity(obs, constraint="none", locations=locations())
    np.testing.assert_allclose(res.params.to_numpy(), [C0, ALPHA, GAMMA, THETA], rtol=1e-8)
    assert len(res.notes) == 1 and "3" in res.notes[0]
    assert res.fitted.attrs["metroscope"]["notes"] == res.notes


def test_input_refusals_name_the_problem() -> None:
    obs = exact()
    with pytest.raises(FlowModelError) as err:
        fit_gravity(obs.drop(columns=["flow", "destination"]))
    assert str(err.value) == ("observed flows lack column(s) ['destination', 'flow']; expected "
                              "origin, destination, flow.")
    with pytest.raises(FlowModelError) as err:
        fit_gravity(obs.drop(columns="cost"))
    assert str(err.value) == "No cost: give a 'cost' column, a cost matrix (cost=) or locations=."
    gaps = obs.copy()
    gaps.loc[[1, 4], "origin"] = None
    with pytest.raises(FlowModelError) as err:
        fit_gravity(gaps)
    assert str(err.value) == "observed flows: empty origin code in row(s) [2, 5]; fill them in."
    gaps = obs.copy()
    gaps.loc[[0], "destination"] = None
    with pytest.raises(FlowModelError) as err:
        fit_gravity(gaps)
    assert str(err.value) == ("observed flows: empty destination code in row(s) [1]; fill them "
                              "in.")
    odd = obs.copy()
    odd["cost"] = odd["cost"].astype(object)
    odd.loc[2, "cost"] = "far"
    odd.loc[5, "cost"] = np.inf
    with pytest.raises(FlowModelError) as err:
        fit_gravity(odd)
    fix = "Fix: give a number, or drop the pair"
    assert str(err.value) == (
        "2 problem(s) in observed flows:\n"
        f"  - observed flows, row 3, column 'cost': got 'far'; expected a finite cost for the "
        f"pair {odd['origin'][2]}->{odd['destination'][2]} (an unreachable pair cannot be "
        f"fitted). {fix}\n"
        f"  - observed flows, row 6, column 'cost': got inf; expected a finite cost for the "
        f"pair {odd['origin'][5]}->{odd['destination'][5]} (an unreachable pair cannot be "
        f"fitted). {fix}")


def test_unknown_codes_are_named() -> None:
    obs = exact().drop(columns="cost")
    obs.loc[0, "origin"] = "x"
    obs.loc[1, "destination"] = "y"
    obs.loc[2, "destination"] = "x"
    with pytest.raises(FlowModelError) as err:
        fit_gravity(obs, locations=locations())
    assert str(err.value) == (
        "2 code(s) of the observed flows are not in the locations: x, y. Check the codes "
        "(leading zeros? read them as text) or add these locations.")
    many = exact().drop(columns="cost")
    many["origin"] = [f"o{i:02d}" for i in range(len(many))]
    with pytest.raises(FlowModelError) as err:
        fit_gravity(many, locations=locations())
    assert str(err.value).startswith("12 code(s) of the observed flows are not in the "
                                     "locations: o00, o01, o02, o03, o04, o05, o06, o07, o08, "
                                     "o09. Check")
    # masses given, cost from locations: the codes are still checked against them
    withmass = exact().drop(columns="cost").assign(origin_mass=1.0, destination_mass=1.0)
    withmass.loc[3, "destination"] = "z"
    with pytest.raises(FlowModelError, match=r"1 code\(s\) .* locations: z\."):
        fit_gravity(withmass, constraint="none", locations=locations())


def test_masses_and_costs_where_logs_are_taken() -> None:
    obs = exact()
    with pytest.raises(FlowModelError) as err:
        fit_gravity(obs, constraint="production")
    assert str(err.value) == ("This model needs 'destination_mass': add the column to the "
                              "observed table or pass locations= with a population column.")
    for bad in (0.0, -1.0, np.nan):
        masses = obs.assign(origin_mass=2.0, destination_mass=3.0)
        masses.loc[4, "origin_mass"] = bad
        with pytest.raises(FlowModelError) as err:
            fit_gravity(masses, constraint="attraction")
        assert str(err.value) == ("'origin_mass' must be positive for every pair (its log "
                                  "enters the model).")
    zero = obs.copy()
    zero.loc[0, "cost"] = 0.0
    with pytest.raises(FlowModelError) as err:
        fit_gravity(zero)
    pair = f"{zero['origin'][0]}->{zero['destination'][0]}"
    assert str(err.value) == (
        "1 problem(s) in observed flows:\n"
        f"  - observed flows, row 1, column 'cost': got 0.0; expected a cost above 0 for the "
        f"pair {pair} (power deterrence takes log(cost), undefined at 0). Fix: drop the "
        "zero-cost pair (a self-flow?) or use the exponential deterrence (--deterrence exp)")
    ok = fit_gravity(zero.assign(origin_mass=1.0, destination_mass=1.0), deterrence="exp",
                     constraint="none")
    assert np.isfinite(ok.params.to_numpy()).all()


def test_factorize_orders_codes_like_sorted_text_or_numbers() -> None:
    codes, levels = _factorize(pd.Series([7, 3, 3, 9, 0]))
    assert codes.tolist() == [2, 1, 1, 3, 0]
    assert levels.tolist() == [0, 3, 7, 9]
    codes, levels = _factorize(pd.Series([-2, 5, -2]))  # negative: the general path
    assert (codes.tolist(), levels.tolist()) == ([0, 1, 0], [-2, 5])
    codes, levels = _factorize(pd.Series([10**9, 1]))  # far beyond the table: general path
    assert (codes.tolist(), levels.tolist()) == ([1, 0], [1, 10**9])
    codes, levels = _factorize(pd.Series(["b", "a", "b"]))
    assert (codes.tolist(), levels.tolist()) == ([1, 0, 1], ["a", "b"])
    assert codes.dtype == np.int64


@pytest.mark.parametrize("theta", [-0.02, -0.5831, 0.3, -1e-7, 1.0])
def test_compiled_exp_is_within_an_ulp_of_numpy(theta: float) -> None:
    """The fit's deterrence weights ``exp(θ g)`` against NumPy's exp, over the whole range the
    fit uses the kernel for (|θ g| <= 700), in units in the last place."""
    from metroscope.flows._fit_kernels import EXP_LIMIT, exp_scaled

    rng = np.random.default_rng(7)
    g = rng.uniform(-EXP_LIMIT, EXP_LIMIT, (333, 301)) / abs(theta)
    g[0, :5] = [0.0, EXP_LIMIT / abs(theta), -EXP_LIMIT / abs(theta), 1e-300, 5e-324]
    out = np.empty_like(g)
    exp_scaled(g, theta, out)
    ref = np.exp(theta * g)
    assert np.max(np.abs(out - ref) / np.spacing(ref)) <= 1.0
    assert out[0, 0] == 1.0
