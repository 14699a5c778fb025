"""Isochrones, the commuting circle, accessibility and the 2SFCA (hand checks, a direct
formula and PySAL ``access``)."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from _shared_data import PEERS, shared_file
from metroscope import MissingDataError
from metroscope.network import (
    accessibility,
    accessibility_from_matrix,
    circle_summary,
    commuting_circle,
    isochrone,
    service_accessibility,
    two_step_fca,
    unit_travel_times,
)
from test_network_fixtures import toy_region, toy_settings, toy_tables

S = toy_settings()
L2_MIN = 40 / 90 * 60
CHICAGO = PEERS / "access_chicago"


def test_isochrone_from_core_and_any_origin() -> None:
    iso = isochrone(toy_region(), minutes=45, settings=S, mode="rail")  # the core is A
    assert iso.loc["B", "travel_time_min"] == pytest.approx(40.0)
    assert iso["inside"].tolist() == [True, True, False, False, False]
    both = isochrone(toy_region(), minutes=45, origin=["A", "D"], settings=S, mode="rail")
    assert both.loc["D", "inside"] and both.loc["D", "nearest_origin"] == "D"
    # C: 62 min from A; from D it is 5 + 15 + L2 + (5 + 10) + 20 + 5 = 86.7
    assert both.loc["C", "travel_time_min"] == pytest.approx(62.0)
    assert both.loc["C", "nearest_origin"] == "A"


def test_commuting_circle_summary_by_hand() -> None:
    c = commuting_circle(toy_region(), minutes=60, settings=S, mode="rail")
    assert c["inside"].tolist() == [True, True, False, False, False]
    s = c.attrs["metroscope"]["summary"]
    # plan area = core + member: A B C, population 1,800 (D, partial, 200 apart); inside
    # A + B = 1,500
    assert s["plan_area_population"] == 1800.0
    assert s["population_inside"] == 1500.0
    assert s["share_plan_population_inside"] == pytest.approx(1500.0 / 1800.0)
    assert (s["partial_units"], s["partial_population"]) == (1, 200.0)
    assert s["population_year"] == 2020
    notes = " ".join(c.attrs["metroscope"]["notes"])
    assert "commuting-rate circle not computed" in notes and "census" in notes
    by_mode = circle_summary(toy_region(), minutes=60, settings=S)
    assert list(by_mode.index) == ["rail", "road", "fastest"]
    assert by_mode.loc["road", "units_inside"] == 2  # A and B (60 min by road)


def test_commuting_rate_circle_when_flows_loaded() -> None:
    r = toy_region()
    flows = pd.DataFrame({"origin": ["B", "B", "C", "C"], "destination": ["A", "B", "A", "C"],
                          "commuters": [30.0, 70.0, 5.0, 95.0]})
    r2 = type(r)(name="f", units=r.units, stats=r.stats, nodes=r.nodes, links=r.links,
                 access=r.access, extra={"commuting_flows": flows})
    c = commuting_circle(r2, settings=S, mode="rail")
    assert c.loc["B", "commuting_rate"] == pytest.approx(0.3)
    assert c.loc["C", "commuting_rate"] == pytest.approx(0.05)
    assert c["inside_commuting"].tolist()[1:3] == [True, False]


def test_accessibility_by_hand() -> None:
    acc = accessibility(toy_region(), settings=S, mode="rail")
    m = unit_travel_times(toy_region(), settings=S, mode="rail")
    pop = pd.Series([1000.0, 500, 300, 200, 100], index=list("ABCDE"))
    # A: weighted time over B, C, D, E; E is unreachable -> inf, reachable part finite
    assert math.isinf(acc.loc["A", "weighted_time_min"])
    expect = (m.loc["A", "B"] * 500 + m.loc["A", "C"] * 300 + m.loc["A", "D"] * 200) / 1000
    assert acc.loc["A", "weighted_time_reachable_min"] == pytest.approx(expect)
    assert acc.loc["A", "reachable_mass_share"] == pytest.approx(1000 / 1100)
    assert acc.loc["A", "daily_60"] == pytest.approx(1000 + 500)  # own + B (40 min)
    assert acc.loc["A", "daily_120"] == pytest.approx(2000)
    pot = 500 / m.loc["A", "B"] + 300 / m.loc["A", "C"] + 200 / m.loc["A", "D"]
    assert acc.loc["A", "potential"] == pytest.approx(pot)
    exp = accessibility(toy_region(), decay="exponential", decay_param=0.05, settings=S, mode="rail")
    assert exp.loc["A", "potential"] == pytest.approx(
        sum(pop[j] * math.exp(-0.05 * m.loc["A", j]) for j in "BCD"))
    assert acc.loc["E", "potential"] == 0.0
    with pytest.raises(MissingDataError, match="gdp"):
        accessibility(toy_region(), mass="gdp", settings=S, mode="rail")
    with pytest.raises(ValueError, match="decay"):
        accessibility(toy_region(), decay="linear", settings=S, mode="rail")


def _hand_matrix() -> tuple[pd.DataFrame, pd.Series]:
    codes = ["p", "q", "r"]
    t = pd.DataFrame([[0.0, 10.0, 40.0], [20.0, 0.0, math.inf], [5.0, 80.0, 0.0]],
                     index=codes, columns=codes)
    return t, pd.Series([100.0, 50.0, 20.0], index=codes)


@pytest.mark.parametrize("a", [0.5, 1.0, 2.0])
def test_hansen_power_potential_by_hand(a: float) -> None:
    """Hansen (1959) potential sum_j M_j t_ij^-a, own unit excluded, unreachable adds 0."""
    t, mass = _hand_matrix()
    got = accessibility_from_matrix(t, mass, decay="power", decay_param=a)["potential"]
    expect = {"p": 50 * 10 ** -a + 20 * 40 ** -a, "q": 100 * 20 ** -a,
              "r": 100 * 5 ** -a + 50 * 80 ** -a}
    for code, value in expect.items():
        assert got[code] == pytest.approx(value, rel=1e-12), (a, code)


def test_exponential_potential_and_the_rest_by_hand() -> None:
    t, mass = _hand_matrix()
    out = accessibility_from_matrix(t, mass, decay="exponential", decay_param=0.1,
                                    thresholds_min=(10, 30.5))
    assert out.loc["p", "potential"] == pytest.approx(50 * math.exp(-1) + 20 * math.exp(-4))
    assert out.loc["q", "potential"] == pytest.approx(100 * math.exp(-2))
    # daily accessibility counts the own mass and is inclusive at the threshold
    assert out.loc["p", "daily_10"] == 150.0 and out.loc["r", "daily_10"] == 120.0
    assert out.loc["q", "daily_30.5"] == 150.0
    # weighted time: p (10*50 + 40*20) / 70; q cannot reach r (mass 20) -> inf
    assert out.loc["p", "weighted_time_min"] == pytest.approx((10 * 50 + 40 * 20) / 70)
    assert math.isinf(out.loc["q", "weighted_time_min"])
    assert out.loc["q", "weighted_time_reachable_min"] == pytest.approx(20.0)
    assert out.loc["q", "reachable_mass_share"] == pytest.approx(100 / 120)
    r = (5 * 100 + 80 * 50) / 150
    p = (10 * 50 + 40 * 20) / 70
    assert out.loc["r", "weighted_time_index"] == pytest.approx(r / ((p + r) / 2))


def test_zero_time_pairs_are_counted_and_add_nothing_to_power_potential() -> None:
    codes = ["a", "b", "c"]
    t = pd.DataFrame([[0.0, 0.0, 0.0], [30.0, 0.0, 0.5], [60.0, 2.0, 0.0]], index=codes,
                     columns=codes)
    mass = pd.Series([1.0, 2.0, 4.0], index=codes)
    out = accessibility_from_matrix(t, mass, decay_param=2.0)
    assert out.attrs["zero_time_pairs"] == 2  # a->b and a->c; 4 off-diagonal pairs are not 0
    assert out.loc["a", "potential"] == 0.0
    # b: 1 / 30^2 + 4 / 0.5^2 (a time under one minute counts as it is)
    assert out.loc["b", "potential"] == pytest.approx(1 / 900 + 4 / 0.25, rel=1e-12)
    assert out.loc["c", "potential"] == pytest.approx(1 / 3600 + 2 / 4, rel=1e-12)
    exp = accessibility_from_matrix(t, mass, decay="exponential", decay_param=0.1)
    assert "zero_time_pairs" not in exp.attrs
    assert exp.loc["a", "potential"] == pytest.approx(6.0)  # exp(0) = 1


def test_missing_and_unreachable_mass_by_hand() -> None:
    """A missing mass adds nothing as a destination and stays missing in the output; an
    unreachable destination with zero mass does not make the weighted time infinite, one with
    a small mass (0.5) does."""
    codes = ["a", "b", "c", "d"]
    inf = math.inf
    t = pd.DataFrame([[0.0, 10.0, 20.0, inf], [10.0, 0.0, inf, 30.0],
                      [20.0, 40.0, 0.0, 50.0], [inf, 30.0, 50.0, 0.0]], index=codes,
                     columns=codes)
    mass = pd.Series([2.0, np.nan, 0.5, 0.0], index=codes)
    out = accessibility_from_matrix(t, mass, thresholds_min=(30.0,))
    assert out["mass"].isna().tolist() == [False, True, False, False]
    assert out["mass"].iloc[[0, 2, 3]].tolist() == [2.0, 0.5, 0.0]
    # a: b has no mass, d (unreachable) has 0 -> finite, (20 * 0.5) / 0.5
    assert out.loc["a", "weighted_time_min"] == pytest.approx(20.0)
    assert out.loc["a", "potential"] == pytest.approx(0.5 / 20)
    assert math.isinf(out.loc["b", "weighted_time_min"])  # c (0.5) unreachable
    assert out.loc["b", "reachable_mass_share"] == pytest.approx(2 / 2.5)
    assert out.loc["c", "potential"] == pytest.approx(2 / 20)
    assert out.loc["d", "daily_30"] == 0.0  # own 0, b missing
    assert "daily_30.0" not in out.columns
    finite = out["weighted_time_min"][np.isfinite(out["weighted_time_min"])]
    np.testing.assert_allclose(out["weighted_time_index"][finite.index],
                               finite / finite.mean(), rtol=1e-12)


def test_weighted_time_index_without_any_finite_time() -> None:
    codes = ["a", "b"]
    t = pd.DataFrame([[0.0, math.inf], [math.inf, 0.0]], index=codes, columns=codes)
    out = accessibility_from_matrix(t, pd.Series([1.0, 1.0], index=codes))
    assert out["weighted_time_index"].isna().all()
    assert np.isinf(out["weighted_time_min"]).all()


def test_accessibility_invariant_under_permutation() -> None:
    rng = np.random.default_rng(3)
    t = rng.uniform(5, 200, (6, 6))
    np.fill_diagonal(t, 0)
    codes = list("uvwxyz")
    m = pd.DataFrame(t, index=codes, columns=codes)
    mass = pd.Series(rng.uniform(1, 10, 6), index=codes)
    a = accessibility_from_matrix(m, mass)
    perm = list(rng.permutation(codes))
    b = accessibility_from_matrix(m.loc[perm, perm], mass[perm[::-1]])
    pd.testing.assert_frame_equal(a.loc[perm], b, check_exact=False, rtol=1e-12)
    assert a["weighted_time_index"].mean() == pytest.approx(1.0)


def _direct_2sfca(c: np.ndarray, p: np.ndarray, s: np.ndarray, d0: float) -> np.ndarray:
    out = np.zeros(len(p))
    for j in range(c.shape[1]):
        within = [k for k in range(len(p)) if c[k, j] <= d0]
        tot = sum(p[k] for k in within)
        r = s[j] / tot if tot > 0 else 0.0
        for i in within:
            out[i] += r
    return out


def test_two_step_fca_direct_formula() -> None:
    rng = np.random.default_rng(11)
    c = rng.uniform(0, 100, (30, 8))
    p = rng.uniform(10, 1000, 30)
    s = rng.uniform(1, 50, 8)
    got = two_step_fca(pd.DataFrame(c), pd.Series(p), pd.Series(s), max_cost=40)
    np.testing.assert_allclose(got.to_numpy(), _direct_2sfca(c, p, s, 40.0), rtol=1e-12)
    c[0, 0] = 40.0  # the cut-off is inclusive
    got = two_step_fca(pd.DataFrame(c), pd.Series(p), pd.Series(s), max_cost=40)
    np.testing.assert_allclose(got.to_numpy(), _direct_2sfca(c, p, s, 40.0), rtol=1e-12)


E2SFCA_STEPS = {20: 1.0, 40: 0.68, 60: 0.22}  # Luo & Qi (2009) enhanced 2SFCA zone weights


def _step_weight(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 20, 1.0, np.where(c <= 40, 0.68, np.where(c <= 60, 0.22, 0.0)))


def test_weighted_two_step_fca_by_hand() -> None:
    """Weighted (enhanced) 2SFCA: the weight in both steps, R_j = S_j / sum_k P_k W(c_kj),
    A_i = sum_j W(c_ij) R_j (Luo & Qi 2009), by hand on 3 x 2."""
    c = pd.DataFrame([[10.0, 50.0], [30.0, 15.0], [70.0, 55.0]], index=list("xyz"),
                     columns=["h1", "h2"])
    p = pd.Series([100.0, 200.0, 50.0], index=list("xyz"))
    s = pd.Series([10.0, 20.0], index=["h1", "h2"])
    got = two_step_fca(c, p, s, max_cost=60, weight=_step_weight)
    r1 = 10 / (100 * 1.0 + 200 * 0.68)  # z is beyond 60 min of h1
    r2 = 20 / (100 * 0.22 + 200 * 1.0 + 50 * 0.22)
    assert got["x"] == pytest.approx(1.0 * r1 + 0.22 * r2, rel=1e-12)
    assert got["y"] == pytest.approx(0.68 * r1 + 1.0 * r2, rel=1e-12)
    assert got["z"] == pytest.approx(0.22 * r2, rel=1e-12)
    # the unweighted 2SFCA on the same input differs (the weight is used)
    plain = two_step_fca(c, p, s, max_cost=60)
    assert plain["x"] == pytest.approx(10 / 300 + 20 / 350, rel=1e-12)
    assert got.name == plain.name == "two_step_fca"


def test_two_step_fca_alignment_missing_values_and_empty_catchments() -> None:
    """Demand and supply are aligned by label (missing = 0); a supply point whose catchment
    holds no demand serves nobody (R_j = 0), also for a zero-demand location inside it."""
    c = pd.DataFrame([[5.0, 90.0, 10.0], [20.0, 50.0, 100.0], [30.0, 10.0, 100.0]],
                     index=["x", "y", "z"], columns=["h1", "h2", "h3"])
    demand = pd.Series({"y": 0.5, "x": 0.25, "w": 99.0})  # z missing, w not a row
    supply = pd.Series({"h3": 7.0, "h1": 3.0, "h9": 5.0})  # h2 missing
    got = two_step_fca(c, demand, supply, max_cost=60)
    r1 = 3.0 / (0.25 + 0.5)  # z (no demand) is inside h1's catchment but adds nothing
    assert got["x"] == pytest.approx(r1 + 7.0 / 0.25, rel=1e-12)
    assert got["y"] == pytest.approx(r1, rel=1e-12)
    assert got["z"] == pytest.approx(r1, rel=1e-12)  # h2 (reaching y and z) has no capacity
    assert np.isfinite(got.to_numpy()).all()
    lonely = pd.DataFrame([[5.0, 100.0], [100.0, 5.0]], index=["x", "y"], columns=["h1", "h2"])
    got = two_step_fca(lonely, pd.Series({"x": 10.0, "y": 0.0}), pd.Series({"h1": 1.0,
                                                                           "h2": 4.0}),
                       max_cost=60)
    assert got.tolist() == [0.1, 0.0]  # h2 reaches only y, whose demand is 0


def _chicago(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    def read(name: str) -> pd.DataFrame:
        d = json.loads(shared_file(CHICAGO / name).read_text(encoding="utf-8"))
        rows = [{**f["properties"], "x": f["geometry"]["coordinates"][0],
                 "y": f["geometry"]["coordinates"][1]} for f in d["features"]]
        return pd.DataFrame(rows).set_index("geoid")
    pop = read("chicago_metro_pop.geojson").iloc[:n]
    docs = read("chicago_metro_docs_dentists.geojson").loc[pop.index]
    return pop, docs[docs["doc"] > 0]


def test_two_step_fca_agrees_with_pysal_access() -> None:
    access = pytest.importorskip("access")
    pop, docs = _chicago(400)
    dx = pop["x"].to_numpy()[:, None] - docs["x"].to_numpy()[None, :]
    dy = pop["y"].to_numpy()[:, None] - docs["y"].to_numpy()[None, :]
    km = np.hypot(dx, dy) / 1000
    cost = pd.DataFrame(km, index=pop.index, columns=docs.index)
    ours = two_step_fca(cost, pop["pop"].astype(float), docs["doc"].astype(float), max_cost=5.0)
    long = cost.stack().rename("cost").rename_axis(["origin", "dest"]).reset_index()
    a = access.Access(demand_df=pop[["pop"]], demand_value="pop", supply_df=docs[["doc"]],
                      supply_value="doc", cost_df=long, cost_origin="origin", cost_dest="dest",
                      cost_name="cost")
    theirs = a.two_stage_fca(name="2sfca", max_cost=5.0).iloc[:, 0]
    theirs = theirs.reindex(pop.index).fillna(0.0)
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-9, atol=1e-12)
    assert (ours > 0).sum() > 50


def test_enhanced_two_step_fca_agrees_with_pysal_access() -> None:
    access = pytest.importorskip("access")
    from access import weights

    pop, docs = _chicago(400)
    dx = pop["x"].to_numpy()[:, None] - docs["x"].to_numpy()[None, :]
    dy = pop["y"].to_numpy()[:, None] - docs["y"].to_numpy()[None, :]
    km = np.hypot(dx, dy) / 1000
    steps = {1.5: 1.0, 3.0: 0.68, 5.0: 0.22}  # km zones of Luo & Qi's weights
    cost = pd.DataFrame(km, index=pop.index, columns=docs.index)

    def w(c: np.ndarray) -> np.ndarray:
        return np.where(c <= 1.5, 1.0, np.where(c <= 3.0, 0.68, np.where(c <= 5.0, 0.22, 0.0)))

    ours = two_step_fca(cost, pop["pop"].astype(float), docs["doc"].astype(float), max_cost=5.0,
                        weight=w)
    long = cost.stack().rename("cost").rename_axis(["origin", "dest"]).reset_index()
    a = access.Access(demand_df=pop[["pop"]], demand_value="pop", supply_df=docs[["doc"]],
                      supply_value="doc", cost_df=long, cost_origin="origin", cost_dest="dest",
                      cost_name="cost")
    theirs = a.enhanced_two_stage_fca(name="e2sfca", max_cost=5.0,
                                      weight_fn=weights.step_fn(steps)).iloc[:, 0]
    theirs = theirs.reindex(pop.index).fillna(0.0)
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-9, atol=1e-12)
    plain = two_step_fca(cost, pop["pop"].astype(float), docs["doc"].astype(float), max_cost=5.0)
    assert not np.allclose(ours.to_numpy(), plain.to_numpy())


def test_service_accessibility_on_points_and_codes() -> None:
    s = toy_settings(point_access_nodes=1, point_access_speed_kph=30, point_circuity_factor=1.0)
    supply = pd.DataFrame({"lon": [125.0], "lat": [44.0], "beds": [150.0]}, index=["h"])
    out = service_accessibility(toy_region(), supply, capacity="beds", max_minutes=60,
                                mode="road", settings=s)
    # within 60 min by road: A (0) and B (60); beds per person = 150 / 1500
    assert out.loc["A", "two_step_fca"] == pytest.approx(0.1)
    assert out.loc["B", "two_step_fca"] == pytest.approx(0.1)
    assert out.loc["C", "two_step_fca"] == 0.0
    assert out.loc["A", "supply_reachable"] == 150.0
    by_code = service_accessibility(toy_region(), pd.DataFrame({"code": ["A"], "beds": [150.0]}),
                                    capacity="beds", max_minutes=60, mode="road", settings=s)
    pd.testing.assert_series_equal(by_code["two_step_fca"], out["two_step_fca"])
    with pytest.raises(MissingDataError, match="capacity"):
        service_accessibility(toy_region(), supply, settings=s)


@pytest.fixture(scope="module")
def changchun() -> Any:
    import metroscope

    return metroscope.load("changchun")


def _census(region: Any, year: int, codes: list[str]) -> pd.Series:
    s = region.stats
    pop = s[(s["indicator"] == "population") & (s["year"] == year)].set_index("code")["value"]
    return pop.reindex(codes).astype(float)


def test_accessibility_passes_every_option_on(changchun: Any) -> None:
    """The wrapper equals the formula on the matrix routed with the same options; each option
    changes the result (so dropping one would show), and the provenance records them."""
    from metroscope.settings import get_settings

    slow = get_settings(road_speed_kph=60.0, travel_time_cache="off")
    kw: dict[str, Any] = {"mode": "road", "year": 2015, "settings": slow}
    got = accessibility(changchun, stats_year=2010, decay="exponential", decay_param=0.03,
                        thresholds_min=(45,), **kw)
    m = unit_travel_times(changchun, **kw)
    codes = [str(c) for c in m.index]
    ref = accessibility_from_matrix(m, _census(changchun, 2010, codes), decay="exponential",
                                    decay_param=0.03, thresholds_min=(45,))
    assert got.index.name == "code" and str(got.index.dtype) == "string"
    np.testing.assert_allclose(got["potential"].to_numpy(), ref["potential"].to_numpy(),
                               rtol=1e-12)
    np.testing.assert_allclose(got["daily_45"].to_numpy(), ref["daily_45"].to_numpy())
    meta = got.attrs["metroscope"]
    assert meta["indicator"] == "accessibility" and meta["mass"] == "population"
    assert (meta["stats_year"], meta["decay"], meta["decay_param"]) == (2010, "exponential", 0.03)
    assert meta["thresholds_min"] == [45]
    default = accessibility(changchun, mode="road", decay="exponential", decay_param=0.03)
    for changed in ({"year": None}, {"settings": None}, {"stats_year": None}):
        other = accessibility(changchun, **{**kw, "stats_year": 2010, "decay": "exponential",
                                            "decay_param": 0.03, **changed})
        assert not np.allclose(other["potential"].to_numpy(), got["potential"].to_numpy()), \
            changed
    assert not np.allclose(default["potential"].to_numpy(), got["potential"].to_numpy())
    pref = accessibility(changchun, mode="rail", level="prefecture",
                         status=["operating", "under_construction", "planned"])
    pm = unit_travel_times(changchun, mode="rail", level="prefecture",
                           status=["operating", "under_construction", "planned"])
    assert list(pref.index) == [str(c) for c in pm.index]
    ref = accessibility_from_matrix(pm, _census(changchun, 2020, list(pref.index)))
    np.testing.assert_allclose(pref["potential"].to_numpy(), ref["potential"].to_numpy(),
                               rtol=1e-12)
    today = accessibility(changchun, mode="rail", level="prefecture")
    assert not np.allclose(today["potential"].to_numpy(), pref["potential"].to_numpy())
    with pytest.raises(MissingDataError, match="in 1990"):
        accessibility(changchun, stats_year=1990)


def test_service_accessibility_passes_every_option_on(changchun: Any) -> None:
    from metroscope.settings import get_settings

    supply = pd.DataFrame({"code": ["220104", "220722"], "beds": [1000.0, 200.0]},
                          index=["h1", "h2"])
    slow = get_settings(road_speed_kph=60.0, travel_time_cache="off")
    kw: dict[str, Any] = {"mode": "road", "year": 2015, "settings": slow}
    got = service_accessibility(changchun, supply, capacity="beds", max_minutes=100,
                                stats_year=2010, **kw)
    m = unit_travel_times(changchun, **kw)[["220104", "220722"]]
    m.columns = pd.Index(["h1", "h2"])
    codes = [str(c) for c in m.index]
    demand = _census(changchun, 2010, codes)
    ref = two_step_fca(m, demand, supply["beds"], max_cost=100)
    np.testing.assert_allclose(got["two_step_fca"].to_numpy(), ref.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(got["demand"].to_numpy(), demand.to_numpy())
    reach = (m.to_numpy() <= 100) @ supply["beds"].to_numpy()
    np.testing.assert_allclose(got["supply_reachable"].to_numpy(), reach)
    meta = got.attrs["metroscope"]
    assert (meta["indicator"], meta["mode"], meta["max_minutes"], meta["mass"],
            meta["stats_year"], meta["capacity"]) == ("two_step_fca", "road", 100, "population",
                                                      2010, "beds")
    assert meta["notes"]
    for changed in ({"year": None}, {"settings": None}, {"stats_year": None},
                    {"max_minutes": 60.0}, {"mode": "rail"}):
        other = service_accessibility(changchun, supply, capacity="beds", **{
            **kw, "stats_year": 2010, "max_minutes": 100, **changed})
        assert not np.allclose(other["two_step_fca"].to_numpy(),
                               got["two_step_fca"].to_numpy()), changed
    weighted = service_accessibility(changchun, supply, capacity="beds", max_minutes=100,
                                     stats_year=2010, weight=lambda c: np.exp(-0.05 * c), **kw)
    assert not np.allclose(weighted["two_step_fca"].to_numpy(), got["two_step_fca"].to_numpy())
    with pytest.raises(MissingDataError, match="lon and lat"):
        service_accessibility(changchun, pd.DataFrame({"capacity": [1.0]}))


def test_accessibility_keeps_the_matrix_provenance_and_notes_missing_mass() -> None:
    from metroscope.messages import Message

    tables = toy_tables()
    stats = tables["stats"]
    toy = toy_region(stats=stats[stats["code"] != "E"].reset_index(drop=True))
    got = accessibility(toy, settings=S, mode="rail")
    meta = got.attrs["metroscope"]
    m = unit_travel_times(toy, settings=S, mode="rail")
    assert meta["mode"] == "rail" and meta["matrix_id"] == m.attrs["metroscope"]["matrix_id"]
    notes = meta["notes"]
    missing = [n for n in notes if isinstance(n, Message) and n.key == "acc_missing_mass"]
    assert len(missing) == 1
    assert missing[0].params == {"mass": "population", "codes": ["E"]}
    assert pd.isna(got.loc["E", "mass"])
    with pytest.raises(MissingDataError, match=r"No 'gdp' values for the county units of region "
                       r"'toy'; load the indicator or choose another mass\.$"):
        accessibility(toy, mass="gdp", settings=S, mode="rail")


def test_accessibility_from_matrix_default_thresholds_by_hand() -> None:
    """Daily accessibility at 60, 120 and 180 min by default, own mass included, inclusive."""
    codes = ["a", "b", "c", "d"]
    t = pd.DataFrame([[0.0, 60.0, 120.0, 180.0], [60.0, 0.0, 60.0, 120.0],
                      [120.0, 60.0, 0.0, 180.5], [180.0, 120.0, 180.5, 0.0]], index=codes,
                     columns=codes)
    mass = pd.Series([1.0, 2.0, 4.0, 8.0], index=codes)
    out = accessibility_from_matrix(t, mass)
    assert list(out.columns) == ["mass", "weighted_time_min", "weighted_time_index",
                                 "weighted_time_reachable_min", "reachable_mass_share",
                                 "n_missing_mass", "daily_60", "daily_120", "daily_180", "potential"]
    assert out["daily_60"].tolist() == [3.0, 7.0, 6.0, 8.0]
    assert out["daily_120"].tolist() == [7.0, 15.0, 7.0, 10.0]
    assert out["daily_180"].tolist() == [15.0, 15.0, 7.0, 11.0]


def test_two_step_fca_supply_without_capacity_or_demand_is_quiet() -> None:
    """h2 has no capacity and no demand in reach (0 / 0): it serves nobody, without a NumPy
    warning (warnings are errors in the tests); h1 serves x alone, R = 6 / 3."""
    c = pd.DataFrame([[5.0, 90.0], [70.0, 10.0]], index=["x", "y"], columns=["h1", "h2"])
    got = two_step_fca(c, pd.Series({"x": 3.0, "y": 0.0}), pd.Series({"h1": 6.0, "h2": 0.0}),
                       max_cost=60)
    assert got.tolist() == [2.0, 0.0]


def test_a_missing_mass_is_never_a_full_reachable_share() -> None:
    """Every unit reaches every other (all times finite), but c has no mass: a's and b's total
    mass of the others is unknown, so their share is missing (before: 1.0, the known mass
    alone) and n_missing_mass says why; c's own share counts the others only (a and b known,
    both reachable: 1.0). The sums count c as 0: a's daily_60 = 100 + 50 (hand)."""
    codes = ["a", "b", "c"]
    minutes = pd.DataFrame([[0.0, 30.0, 90.0], [30.0, 0.0, 70.0], [90.0, 70.0, 0.0]],
                           index=codes, columns=codes)
    out = accessibility_from_matrix(minutes, pd.Series({"a": 100.0, "b": 50.0, "c": np.nan}),
                                    thresholds_min=[60])
    assert out["n_missing_mass"].tolist() == [1, 1, 0]
    assert out["reachable_mass_share"].isna().tolist() == [True, True, False]
    assert out.loc["c", "reachable_mass_share"] == 1.0
    assert out.loc["a", "daily_60"] == 150.0
    assert out.loc["a", "weighted_time_min"] == pytest.approx(30.0)  # over b's mass only
    # with an unreachable unit and every mass known the share is still reported: b -> c cut
    cut = minutes.copy()
    cut.loc["b", "c"] = np.inf
    full = accessibility_from_matrix(cut, pd.Series({"a": 100.0, "b": 50.0, "c": 10.0}))
    assert full.loc["b", "reachable_mass_share"] == pytest.approx(100 / 110)
    assert full["n_missing_mass"].tolist() == [0, 0, 0]


def test_gdp_accessibility_without_harbin_2024_gdp_shows_no_full_share() -> None:
    """The embedded prefectures by 2024 GDP: 哈尔滨 (230100) has no 2024 GDP in the stats
    table, so no other unit's reachable_mass_share can be known (it printed 1.0)."""
    import metroscope

    region = metroscope.load("changchun")
    st = region.stats
    harbin = st[(st["code"] == "230100") & (st["indicator"] == "gdp")]
    assert 2024 not in set(harbin["year"]) and 2023 in set(harbin["year"])
    acc = accessibility(region, mass="gdp", level="prefecture", stats_year=2024)
    others = acc.drop(index="230100")
    assert others["reachable_mass_share"].isna().all()
    assert (others["n_missing_mass"] == 1).all()
    assert acc.loc["230100", "n_missing_mass"] == 0
    assert acc.loc["230100", "reachable_mass_share"] == 1.0
    assert not (acc["reachable_mass_share"].fillna(0) == 1.0).drop(index="230100").any()


def test_the_report_says_why_a_reachable_share_is_missing() -> None:
    from metroscope.report.sections.accessibility import _share_reason

    why = _share_reason(pd.Series({"n_missing_mass": 1}))
    assert why is not None and why.en == "unknown: 1 other unit(s) without a mass"
    assert why.zh == "未知:1个其他单元缺少质量数据"
    assert _share_reason(pd.Series({"n_missing_mass": 0})) is None
