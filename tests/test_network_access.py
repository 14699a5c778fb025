"""Isochrones, the commuting circle, accessibility and the 2SFCA (hand checks, a direct
formula and PySAL ``access``)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

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
from test_network_fixtures import toy_region, toy_settings

S = toy_settings()
L2_MIN = 40 / 90 * 60
CHICAGO = Path(__file__).resolve().parents[2] / "shared" / "data" / "peer_examples" / \
    "access_chicago"


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
    # plan area = core, member, partial: A B C D, population 2,000; inside A + B = 1,500
    assert s["plan_area_population"] == 2000.0
    assert s["population_inside"] == 1500.0
    assert s["share_plan_population_inside"] == pytest.approx(0.75)
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


def _chicago(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    def read(name: str) -> pd.DataFrame:
        d = json.loads((CHICAGO / name).read_text(encoding="utf-8"))
        rows = [{**f["properties"], "x": f["geometry"]["coordinates"][0],
                 "y": f["geometry"]["coordinates"][1]} for f in d["features"]]
        return pd.DataFrame(rows).set_index("geoid")
    pop = read("chicago_metro_pop.geojson").iloc[:n]
    docs = read("chicago_metro_docs_dentists.geojson").loc[pop.index]
    return pop, docs[docs["doc"] > 0]


@pytest.mark.skipif(not CHICAGO.exists(), reason="shared peer example data not present")
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
