"""gravity() against plain-Python loops: every constraint, exponents, costs, truncation, notes.

The expected flows are written here from Wilson's formulas: weights
``w_ij = m_i^α n_j^γ f(c_ij)`` on haversine distances (6371.0088 km sphere) or a given cost
matrix, then one constant (``none``), origin sums (``production``), destination sums
(``attraction``) or a plain Furness loop (``doubly``).
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope import DataValidationError
from metroscope.engine import EngineError
from metroscope.flows import deterrence, gravity
from metroscope.flows._table import FlowModelError
from test_flows_applied_by_hand import km

POS = {"a": (120.0, 30.0), "b": (120.5, 30.0), "c": (120.0, 30.6), "d": (121.2, 30.3),
       "e": (120.2, 30.1)}
POP = {"a": 500.0, "b": 400.0, "c": 250.0, "d": 300.0, "e": 260.0}


def loc(codes: str = "abcde", **cols: dict[str, float]) -> pd.DataFrame:
    df = pd.DataFrame({"lon": [POS[c][0] for c in codes], "lat": [POS[c][1] for c in codes],
                       "population": [POP[c] for c in codes]}, index=list(codes))
    for name, values in cols.items():
        df[name] = [values[c] for c in codes]
    return df


def dist(codes: str = "abcde") -> dict[tuple[str, str], float]:
    return {(i, j): km(POS[i], POS[j]) for i in codes for j in codes if i != j}


def weights(cost: dict[tuple[str, str], float], m: dict[str, float], f: Any,
            alpha: float = 1.0, gamma: float = 1.0) -> dict[tuple[str, str], float]:
    return {(i, j): m[i] ** alpha * m[j] ** gamma * f(c) for (i, j), c in cost.items()}


def constrain(w: dict[tuple[str, str], float], kind: str, o: dict[str, float],
              d: dict[str, float]) -> dict[tuple[str, str], float]:
    if kind == "none":
        k = sum(o.values()) / sum(w.values())
        return {p: k * v for p, v in w.items()}
    if kind == "production":
        row = {i: sum(v for (a, _), v in w.items() if a == i) for i in o}
        return {(i, j): o[i] * v / row[i] if row[i] > 0 else 0.0 for (i, j), v in w.items()}
    if kind == "attraction":
        col = {j: sum(v for (_, b), v in w.items() if b == j) for j in d}
        return {(i, j): d[j] * v / col[j] if col[j] > 0 else 0.0 for (i, j), v in w.items()}
    a = dict.fromkeys(o, 1.0)
    b = dict.fromkeys(d, 1.0)
    for _ in range(2000):  # Furness: alternate the row and column scalings
        for i, o_i in o.items():
            a[i] = o_i / sum(v * b[j] for (p, j), v in w.items() if p == i)
        for j, d_j in d.items():
            b[j] = d_j / sum(a[i] * v for (i, q), v in w.items() if q == j)
    return {(i, j): a[i] * v * b[j] for (i, j), v in w.items()}


def check(f: pd.DataFrame, expected: dict[tuple[str, str], float], rtol: float = 1e-11) -> None:
    assert set(f.index) == set(expected)
    np.testing.assert_allclose(f["flow"].reindex(list(expected)).to_numpy(),
                               list(expected.values()), rtol=rtol, atol=0)


def power(beta: float) -> Any:
    return lambda c: 0.0 if c == math.inf else c ** -beta


def expo(beta: float) -> Any:
    return lambda c: math.exp(-beta * c)


def test_deterrence_by_hand() -> None:
    assert deterrence([2.0]).tolist() == [0.25]  # power, beta 2 by default
    np.testing.assert_allclose(deterrence([1.0, 4.0, np.inf], kind="power", beta=0.5),
                               [1.0, 0.5, 0.0], rtol=1e-15)
    np.testing.assert_allclose(deterrence([0.0, 2.0, np.inf], kind="exp", beta=0.5),
                               [1.0, math.exp(-1.0), 0.0], rtol=1e-15)
    # no NumPy warning: a zero cost under power deterrence is infinite, a huge negative
    # exponent overflows to infinity
    assert deterrence([0.0], kind="power", beta=2.0).tolist() == [math.inf]
    assert deterrence([-1000.0], kind="exp", beta=1.0).tolist() == [math.inf]


@pytest.mark.parametrize("kind", ["none", "production", "attraction", "doubly"])
def test_every_constraint_with_exponents_and_given_totals(kind: str) -> None:
    out = {"a": 500.0, "b": 300.0, "c": 200.0, "d": 150.0, "e": 50.0}
    inn = {"a": 100.0, "b": 450.0, "c": 250.0, "d": 300.0, "e": 100.0}
    # the totals given as Series in another order than the locations: matched by code
    f = gravity(loc(), constraint=kind, deterrence="power", beta=1.5,  # type: ignore[arg-type]
                origin_exp=0.5, destination_exp=2.0,
                outflows=pd.Series(out).iloc[::-1], inflows=pd.Series(inn).iloc[::-1])
    w = weights(dist(), POP, power(1.5), alpha=0.5, gamma=2.0)
    check(f, constrain(w, kind, out, inn), rtol=1e-9 if kind == "doubly" else 1e-11)
    np.testing.assert_allclose(f["cost"].reindex(list(dist())), list(dist().values()),
                               rtol=1e-12)


@pytest.mark.parametrize("kind", ["none", "production", "attraction", "doubly"])
def test_outflow_and_inflow_columns_and_the_rescaled_population(kind: str) -> None:
    out = {"a": 50.0, "b": 30.0, "c": 20.0, "d": 15.0, "e": 5.0}
    inn = {"a": 10.0, "b": 45.0, "c": 25.0, "d": 30.0, "e": 10.0}
    f = gravity(loc(outflow=out, inflow=inn), constraint=kind,  # type: ignore[arg-type]
                deterrence="exp", beta=0.02)
    w = weights(dist(), POP, expo(0.02))
    check(f, constrain(w, kind, out, inn), rtol=1e-9 if kind == "doubly" else 1e-11)
    # without inflows the destinations receive their population share of the total outflow
    g = gravity(loc(outflow=out), constraint=kind,  # type: ignore[arg-type]
                deterrence="exp", beta=0.02)
    total = sum(out.values()) / sum(POP.values())
    check(g, constrain(w, kind, out, {c: p * total for c, p in POP.items()}),
          rtol=1e-9 if kind == "doubly" else 1e-11)


def test_given_cost_matrix_self_flows_and_provenance(caplog: pytest.LogCaptureFixture) -> None:
    codes = ["b", "a", "c"]  # the matrix in another order than the locations
    minutes = pd.DataFrame([[5.0, 20.0, 40.0], [20.0, 4.0, 30.0], [40.0, 30.0, 8.0]],
                           index=codes, columns=codes)
    cost = {(i, j): float(minutes.loc[i, j]) for i in "abc" for j in "abc"}
    with caplog.at_level(logging.INFO, logger="metroscope.flows.gravity"):
        f = gravity(loc("abc"), cost=minutes, self_flows=True, beta=1.0)
    check(f, constrain(weights(cost, POP, power(1.0)), "production", POP, POP))
    assert f.loc[("a", "a"), "cost"] == 4.0
    assert f.loc[("b", "c"), "cost"] == 40.0
    assert f.attrs["metroscope"] == {"indicator": "gravity_flows", "parameters": {
        "constraint": "production", "deterrence": "power", "beta": 1.0, "origin_exp": 1.0,
        "destination_exp": 1.0, "cost": "given matrix", "earth_radius_km": None,
        "k_nearest": None, "cutoff_km": None, "self_flows": True}}
    assert "Gravity model (production, power deterrence, beta=1) on 3 locations" in [
        r.getMessage() for r in caplog.records]
    # without coordinates at all, the cost matrix alone
    bare = loc("abc").drop(columns=["lon", "lat"])
    off = {p: c for p, c in cost.items() if p[0] != p[1]}
    check(gravity(bare, cost=minutes, beta=1.0),
          constrain(weights(off, POP, power(1.0)), "production", POP, POP))


def test_defaults_earth_radius_and_provenance_of_distance() -> None:
    f = gravity(loc("abcd"))
    check(f, constrain(weights(dist("abcd"), POP, power(2.0)), "production", POP, POP))
    meta = f.attrs["metroscope"]["parameters"]
    assert meta == {"constraint": "production", "deterrence": "power", "beta": 2.0,
                    "origin_exp": 1.0, "destination_exp": 1.0,
                    "cost": "great-circle distance, km", "earth_radius_km": 6371.0088,
                    "k_nearest": None, "cutoff_km": None, "self_flows": False}
    assert "notes" not in f.attrs["metroscope"]
    g = gravity(loc("abcd"), earth_radius_km=1000.0)
    np.testing.assert_allclose(g["cost"].to_numpy(), f["cost"].to_numpy() * 1000 / 6371.0088,
                               rtol=1e-12)
    assert g.attrs["metroscope"]["parameters"]["earth_radius_km"] == 1000.0


def test_blocks_progress_and_engine_reach_the_kernels() -> None:
    calls: list[tuple[int, int]] = []
    f = gravity(loc(), chunk_rows=2, progress=lambda k, n: calls.append((k, n)),
                engine="local")
    assert calls == [(1, 3), (2, 3), (3, 3)]
    check(f, constrain(weights(dist(), POP, power(2.0)), "production", POP, POP))
    with pytest.raises(EngineError, match=r"needs a distributed\.Client"):
        gravity(loc(), engine="dask")


def nearest(k: int | None = None, cutoff: float | None = None) -> dict[tuple[str, str], float]:
    """Each origin's k nearest destinations, or those within ``cutoff`` km."""
    out = {}
    for i, at_i in POS.items():
        ranked = sorted((km(at_i, at_j), j) for j, at_j in POS.items() if j != i)
        keep = ranked[:k] if k is not None else [r for r in ranked if r[0] <= cutoff]
        out.update({(i, j): c for c, j in keep})
    return out


@pytest.mark.parametrize("kind", ["none", "production", "attraction", "doubly"])
def test_truncated_pairs_by_hand(kind: str) -> None:
    cost = nearest(k=3)
    f = gravity(loc(), constraint=kind, k_nearest=3, origin_exp=0.5,  # type: ignore[arg-type]
                destination_exp=1.5, deterrence="exp", beta=0.01)
    w = weights(cost, POP, expo(0.01), alpha=0.5, gamma=1.5)
    check(f, constrain(w, kind, POP, POP), rtol=1e-9 if kind == "doubly" else 1e-11)
    np.testing.assert_allclose(f["cost"].reindex(list(cost)), list(cost.values()), rtol=1e-9)
    params = f.attrs["metroscope"]["parameters"]
    assert (params["k_nearest"], params["cutoff_km"]) == (3, None)


def test_cutoff_by_hand_and_its_unplaced_totals() -> None:
    cost = nearest(cutoff=70.0)  # d (far east) reaches nobody within 70 km
    assert not any("d" in p for p in cost)
    f = gravity(loc(), cutoff_km=70.0, beta=2.0)
    check(f, constrain(weights(cost, POP, power(2.0)), "production", POP, POP))
    assert f.attrs["metroscope"]["parameters"]["cutoff_km"] == 70.0
    assert f.attrs["metroscope"]["notes"] == [
        "1 location(s) reach no counterpart, so 300 of their outflows are not placed (the "
        "production constraint cannot hold for them): ['d']"]
    g = gravity(loc(), cutoff_km=70.0, constraint="attraction", beta=2.0)
    assert g.attrs["metroscope"]["notes"] == [
        "1 location(s) reach no counterpart, so 300 of their inflows are not placed (the "
        "attraction constraint cannot hold for them): ['d']"]
    assert "notes" not in gravity(loc(), cutoff_km=70.0, constraint="none").attrs["metroscope"]


def test_unplaced_totals_on_a_cost_matrix_and_their_threshold() -> None:
    codes = list("abc")
    inf = math.inf
    minutes = pd.DataFrame([[0.0, 10.0, inf], [10.0, 0.0, inf], [inf, inf, 0.0]],
                           index=codes, columns=codes)
    # c reaches nobody: its 0.5 trips are lost (above 1e-9 of the largest total, floor 1)
    small = pd.DataFrame({"population": [1e-3, 2e-3, 0.5]}, index=codes)
    f = gravity(small, cost=minutes, constraint="production", deterrence="exp", beta=0.1)
    assert f.attrs["metroscope"]["notes"] == [
        "1 location(s) reach no counterpart, so 0.5 of their outflows are not placed (the "
        "production constraint cannot hold for them): ['c']"]
    assert f.loc[("a", "b"), "flow"] == pytest.approx(1e-3, rel=1e-12)
    assert f.loc[("c", "a"), "flow"] == 0.0
    # 2e-10 trips lost of totals below 1: under the floor of 1e-9, no note
    tiny = pd.DataFrame({"population": [1e-3, 2e-3, 2e-10]}, index=codes)
    g = gravity(tiny, cost=minutes, constraint="production", deterrence="exp", beta=0.1)
    assert "notes" not in g.attrs["metroscope"]
    # 2e-9 lost: above it
    h = gravity(tiny.assign(population=[1e-3, 2e-3, 2e-9]), cost=minutes,
                constraint="attraction", deterrence="exp", beta=0.1)
    assert len(h.attrs["metroscope"]["notes"]) == 1
    # relative to the largest total: 1e-3 lost of totals up to 1e7 is not a note, 0.1 is
    big = pd.DataFrame({"population": [1e7, 1e7, 1e-3]}, index=codes)
    assert "notes" not in gravity(big, cost=minutes, deterrence="exp",
                                  beta=0.1).attrs["metroscope"]
    big.loc["c", "population"] = 0.1
    assert len(gravity(big, cost=minutes, deterrence="exp",
                       beta=0.1).attrs["metroscope"]["notes"]) == 1


def test_unplaced_names_at_most_twenty() -> None:
    n = 24
    codes = [f"u{i:02d}" for i in range(n)]
    t = np.full((n, n), np.inf)
    np.fill_diagonal(t, 0.0)
    t[0, 1] = t[1, 0] = 5.0
    df = pd.DataFrame({"population": np.ones(n)}, index=codes)
    f = gravity(df, cost=pd.DataFrame(t, index=codes, columns=codes), deterrence="exp",
                beta=0.1)
    note = f.attrs["metroscope"]["notes"][0]
    assert note.startswith("22 location(s) reach no counterpart, so 22 of their outflows")
    assert note.endswith(str(codes[2:22]))


def test_rows_and_columns_without_weight_give_zero_not_nan() -> None:
    codes = list("abc")
    inf = math.inf
    minutes = pd.DataFrame([[0.0, 10.0, inf], [10.0, 0.0, inf], [inf, inf, 0.0]],
                           index=codes, columns=codes)
    pop = pd.DataFrame({"population": [1.0, 2.0, 3.0]}, index=codes)
    for kind in ("production", "attraction"):
        f = gravity(pop, cost=minutes, constraint=kind, deterrence="exp",  # type: ignore[arg-type]
                    beta=0.1)
        assert f.loc[("c", "a"), "flow"] == 0.0
        assert f.loc[("a", "c"), "flow"] == 0.0
        assert np.isfinite(f["flow"]).all()
    nothing = pd.DataFrame(np.full((2, 2), inf), index=["a", "b"], columns=["a", "b"])
    g = gravity(pop.iloc[:2], cost=nothing, constraint="none", deterrence="exp", beta=0.1)
    assert g["flow"].tolist() == [0.0, 0.0]
    # truncated pairs whose weights all underflow to 0: no flow, no NumPy warning
    h = gravity(loc(), k_nearest=2, constraint="none", deterrence="exp", beta=100.0)
    assert h["flow"].tolist() == [0.0] * 10


def test_zero_costs_are_refused_with_the_pair() -> None:
    twin = loc("abc")
    twin.loc["c", ["lon", "lat"]] = twin.loc["a", ["lon", "lat"]].to_numpy()
    with pytest.raises(FlowModelError) as err:
        gravity(twin)
    assert str(err.value) == (
        "Some pairs have zero cost, where power deterrence c^-beta is infinite (duplicate "
        "seats?); use deterrence='exp', drop duplicates or add a minimum cost.")
    with pytest.raises(FlowModelError) as err:
        gravity(twin, k_nearest=1)
    assert str(err.value) == ("Pair (a, c) has zero cost, where power deterrence is infinite; "
                              "use deterrence='exp' or drop duplicate locations.")
    # b's nearest are a and c, tied: the whole tied group is left out (see candidate_pairs),
    # so b keeps no destination and its outflow is not placed
    t = gravity(twin, k_nearest=1, deterrence="exp", beta=0.01)
    check(t, {("a", "c"): POP["a"], ("c", "a"): POP["c"]})
    assert t.attrs["metroscope"]["notes"] == [
        "1 location(s) reach no counterpart, so 400 of their outflows are not placed (the "
        "production constraint cannot hold for them): ['b']"]
    with pytest.raises(FlowModelError) as err:
        gravity(loc(), cost=pd.DataFrame(1.0, index=list("abcde"), columns=list("abcde")),
                k_nearest=2)
    assert str(err.value) == ("k_nearest/cutoff_km work on great-circle distance; drop cost= "
                              "or them.")


def test_unknown_options_are_refused() -> None:
    with pytest.raises(FlowModelError) as err:
        gravity(loc(), constraint="both")  # type: ignore[arg-type]
    assert str(err.value) == ("Unknown constraint 'both'; expected one of none, production, "
                              "attraction, doubly.")
    with pytest.raises(FlowModelError) as err:
        gravity(loc(), deterrence="gauss")  # type: ignore[arg-type]
    assert str(err.value) == "Unknown deterrence 'gauss'; expected one of power, exp."


class _Client:
    """Stands for a distributed client: the first thing the Dask engine asks fails loudly."""

    def scheduler_info(self) -> Any:
        raise LookupError("fake client reached")


def test_a_client_selects_the_dask_engine() -> None:
    with pytest.raises(LookupError, match="fake client reached"):
        gravity(loc(), client=_Client())


def test_object_costs_and_missing_coordinates() -> None:
    # an object array (a pandas column read as text, then converted) is taken as float
    np.testing.assert_allclose(deterrence(np.array([1.0, 2.0], dtype=object), kind="exp",
                                          beta=1.0), [math.exp(-1.0), math.exp(-2.0)])
    with pytest.raises(DataValidationError, match="column 'lon'"):
        gravity(loc().drop(columns="lon"))  # great-circle distance needs both coordinates
    # a cost matrix needs no coordinates, even when one of them is there
    minutes = pd.DataFrame([[0.0, 10.0], [10.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    half = loc("ab").drop(columns="lat")
    f = gravity(half, cost=minutes, constraint="none", beta=1.0)
    assert f["flow"].to_dict() == pytest.approx({("a", "b"): 450.0, ("b", "a"): 450.0})


def test_small_totals_are_scaled_too() -> None:
    """Weights and populations summing below 1 are scaled like any others."""
    tiny = loc("abc").assign(population=[0.01, 0.02, 0.03])
    w = weights(dist("abc"), dict(zip("abc", [0.01, 0.02, 0.03], strict=True)), power(2.0))
    assert sum(w.values()) < 1
    check(gravity(tiny, constraint="none"), constrain(w, "none", {"x": 0.06}, {}))
    # populations summing to 0.3 against outflows of 6: the inflows are the population x 20
    pops = dict(zip("abc", [0.05, 0.1, 0.15], strict=True))
    odd = loc("abc").assign(population=list(pops.values()), outflow=[1.0, 2.0, 3.0])
    w = weights(dist("abc"), pops, power(2.0))
    check(gravity(odd, constraint="attraction"),
          constrain(w, "attraction", {}, {c: p * 20 for c, p in pops.items()}))
    empty = loc("abc").assign(population=0.0)
    for kind in ("none", "production", "attraction"):
        assert gravity(empty, constraint=kind)["flow"].tolist() == [0.0] * 6  # type: ignore[arg-type]


def test_close_but_distinct_seats_are_not_zero_costs() -> None:
    near = pd.DataFrame({"lon": [120.0, 120.004, 120.5], "lat": [30.0, 30.0, 30.0],
                         "population": [1.0, 2.0, 3.0]}, index=list("xyz"))
    f = gravity(near, k_nearest=1)  # x and y are 0.38 km apart
    assert f.loc[("x", "y"), "cost"] < 1.0
    assert f.loc[("x", "y"), "flow"] == pytest.approx(1.0)


def test_deterrence_refuses_an_unknown_kind_and_zeroes_infinite_costs() -> None:
    with pytest.raises(FlowModelError) as err:
        deterrence([1.0], kind="gauss")  # type: ignore[arg-type]
    assert str(err.value) == "Unknown kind 'gauss'; expected one of power, exp."
    # beta = 0: every finite cost weighs 1, an unreachable pair still 0 (inf^0 = 1 and
    # exp(-0 x inf) = NaN without the rule)
    assert deterrence([5.0, np.inf], kind="power", beta=0.0).tolist() == [1.0, 0.0]
    assert deterrence([5.0, np.inf], kind="exp", beta=0.0).tolist() == [1.0, 0.0]


@pytest.mark.parametrize("kind", ["none", "production", "attraction"])
def test_weights_below_one_trip_dense_and_truncated(kind: str) -> None:
    pops = dict(zip("abcde", [0.01, 0.02, 0.03, 0.04, 0.05], strict=True))
    tiny = loc().assign(population=list(pops.values()))
    w = weights(dist(), pops, power(2.0))
    assert max(w.values()) < 1e-5  # every row and column sum below 1
    check(gravity(tiny, constraint=kind), constrain(w, kind, pops, pops))  # type: ignore[arg-type]
    cost = nearest(k=2)
    check(gravity(tiny, constraint=kind, k_nearest=2),  # type: ignore[arg-type]
          constrain(weights(cost, pops, power(2.0)), kind, pops, pops))


@pytest.mark.parametrize("kind", ["production", "attraction"])
def test_the_last_location_reaching_nobody(kind: str) -> None:
    order = "abced"  # d, which nobody reaches within 70 km, last
    f = gravity(loc(order), cutoff_km=70.0, constraint=kind)  # type: ignore[arg-type]
    check(f, constrain(weights(nearest(cutoff=70.0), POP, power(2.0)), kind, POP, POP))
    assert f.attrs["metroscope"]["notes"][0].endswith("['d']")


def test_doubly_on_truncated_pairs_with_an_empty_last_location() -> None:
    far = loc().assign(population=[POP[c] for c in "abcde"])
    far.loc["z"] = [140.0, 45.0, 0.0]  # far away, nobody: no pair at all, zero totals
    cost = nearest(k=3)
    f = gravity(far, constraint="doubly", k_nearest=3, deterrence="exp", beta=0.01)
    expected = constrain(weights(cost, POP, expo(0.01)), "doubly", POP, POP)
    check(f[~f.index.get_level_values(0).isin(["z"]) & ~f.index.get_level_values(1).isin(["z"])],
          expected, rtol=1e-9)
    assert f.xs("z", level=0)["flow"].sum() == 0.0


def test_unplaced_threshold_is_strict() -> None:
    codes = list("abc")
    minutes = pd.DataFrame([[0.0, 10.0, math.inf], [10.0, 0.0, math.inf],
                            [math.inf, math.inf, 0.0]], index=codes, columns=codes)
    # c loses exactly 1e-9 trips, the threshold for totals below 1: not reported
    edge = pd.DataFrame({"population": [1e-3, 2e-3, 1e-9]}, index=codes)
    f = gravity(edge, cost=minutes, deterrence="exp", beta=0.1)
    assert "notes" not in f.attrs["metroscope"]


def test_the_zero_cost_pair_named_is_the_first_zero_one() -> None:
    # x and y 0.38 km apart (a short cost, not zero) come before the duplicate seats p, q
    near = pd.DataFrame({"lon": [120.0, 120.004, 121.0, 121.0], "lat": [30.0] * 4,
                         "population": [1.0, 2.0, 3.0, 4.0]}, index=list("xypq"))
    with pytest.raises(FlowModelError, match=r"^Pair \(p, q\) has zero cost"):
        gravity(near, k_nearest=1)
