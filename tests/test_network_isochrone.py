"""Isochrones and the commuting circle on the toy network: every column, option and note against
hand sums of the legs (see ``test_network_fixtures``: access, wait = half the headway, ride,
dwell 2, transfer 5, egress).

The network here differs from the shared toy in one place: link l2 (SB-SC) runs every 40 min,
so L1 has two headways: a ride over SA-SB only waits 10 min, a ride over SB-SC waits 20 min
wherever it boards (the wait of the least frequent link ridden). Rail times, hand sums (the
same both ways):

* A-B = 10 + 10 + 15 + 5 = 40; A-C = 10 + 20 + 15 + 2 + 20 + 5 = 72;
  A-D = 10 + 10 + 15 + 5 + 15 + 40/90*60 + 5 = 86.67 (transfer to L2 at SB); E unreachable.
* road (60 km at 60 km/h per link, both ways): B 60, C 120, D 180.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope import ParameterError, UnknownRegionError
from metroscope.network import circle_summary, commuting_circle, isochrone
from metroscope.region import Region
from test_network_fixtures import toy_settings, toy_tables

S = toy_settings()
L2_MIN = 40 / 90 * 60  # SB-SD, 40 km at 0.9 x 100 km/h
D_FROM_A = 10 + 10 + 15 + 5 + 15 + L2_MIN + 5


def _tables(**changes: Any) -> dict[str, Any]:
    t = toy_tables()
    t["links"].loc[t["links"]["link_id"] == "l2", "headway_min"] = 40.0
    t.update(changes)
    return t


def _region(**changes: Any) -> Region:
    return Region("toy", **_tables(**changes))


def _stats() -> pd.DataFrame:
    """Population 2020 and 2025 for A-E; GDP 2020 (B missing) and 2025; area for A, C, D, E."""
    rows = []
    for year, pops in ((2020, [1000, 500, 300, 200, 100]), (2025, [1100, 550, 330, 220, 110])):
        rows += [(c, year, "population", float(v), "persons") for c, v in zip("ABCDE", pops)]
    rows += [(c, 2020, "gdp", v, "CNY 100m") for c, v in zip("ACDE", [50.0, 10.0, 4.0, 5.0])]
    rows += [(c, 2025, "gdp", v, "CNY 100m")
             for c, v in zip("ABCDE", [60.0, 25.0, 12.0, 8.0, 6.0])]
    rows += [(c, 2020, "area_km2", v, "km2") for c, v in zip("ACDE", [100.0, 300.0, 400.0, 500.0])]
    df = pd.DataFrame(rows, columns=["code", "year", "indicator", "value", "unit"])
    return df.assign(source="test", quality="A")


def _roles(**roles: str) -> pd.DataFrame:
    units = toy_tables()["units"]
    for code, role in roles.items():
        units.loc[units["code"] == code, "role"] = role
    return units


def test_isochrone_every_column_and_the_inclusive_threshold() -> None:
    iso = isochrone(_region(), minutes=72, origin="A", mode="rail", settings=S)
    assert list(iso.index) == list("ABCDE") and iso.index.name == "code"
    assert iso["name_zh"].tolist() == list("甲乙丙丁戊")
    assert iso["role"].tolist() == ["core", "member", "member", "partial", "context"]
    np.testing.assert_allclose(iso["travel_time_min"], [0, 40, 72, D_FROM_A, math.inf])
    assert iso["inside"].tolist() == [True, True, True, False, False]  # 72 <= 72
    assert str(iso["nearest_origin"].dtype) == "string"
    assert iso["nearest_origin"].iloc[:4].tolist() == ["A"] * 4
    assert iso["nearest_origin"].isna().tolist() == [False] * 4 + [True]  # E: no route
    meta = iso.attrs["metroscope"]
    assert meta["indicator"] == "isochrone" and meta["origins"] == ["A"]
    assert meta["minutes"] == 72.0 and meta["direction"] == "from"
    assert meta["units_inside"] == 3
    # the travel-time matrix's provenance is kept
    assert meta["mode"] == "rail" and meta["statuses"] == ["operating"]
    assert len(meta["matrix_id"]) == 16


def test_isochrone_direction_to_the_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    # the network model is the same both ways; to see which way is routed, the ride SB -> SC
    # (only that way) is made 10 min slower in the graph: from A, C = 72 + 10; to A, 72
    from metroscope.network import _subsets, build_graph

    def one_way_slower(*args: Any, **kwargs: Any) -> Any:
        g = build_graph(*args, **kwargs)
        csr = g.csr.copy()
        i, j = (g.labels.index("dep:SB|L1 ~h=40.0|to:SC"),
                g.labels.index("arr:SC|L1 ~h=40.0|from:SB"))
        csr[i, j] += 10.0
        return dataclasses.replace(g, csr=csr)

    monkeypatch.setattr(_subsets, "build_graph", one_way_slower)
    to = isochrone(_region(), minutes=80, origin="A", mode="rail", direction="to", settings=S)
    np.testing.assert_allclose(to["travel_time_min"], [0, 40, 72, D_FROM_A, math.inf])
    assert to["inside"].tolist() == [True, True, True, False, False]
    assert to.attrs["metroscope"]["direction"] == "to"
    frm = isochrone(_region(), minutes=80, origin="A", mode="rail", settings=S)
    np.testing.assert_allclose(frm["travel_time_min"], [0, 40, 82, D_FROM_A, math.inf])
    assert frm["inside"].tolist() == [True, True, False, False, False]
    # unpatched, the two directions agree
    monkeypatch.undo()
    np.testing.assert_allclose(
        isochrone(_region(), minutes=80, origin="A", mode="rail", direction="to",
                  settings=S)["travel_time_min"], [0, 40, 72, D_FROM_A, math.inf])


def test_isochrone_nearest_of_several_origins() -> None:
    both = isochrone(_region(), minutes=45, origin=["A", "D"], mode="rail", settings=S)
    # from D: B = 5 + 15 + L2 + 5 = 51.7 (A is nearer, 40); C = 5 + 15 + L2 + 5 + 20 + 20 + 5
    # = 96.7 (A: 72); D itself 0
    np.testing.assert_allclose(both["travel_time_min"], [0, 40, 72, 0, math.inf])
    assert both["nearest_origin"].iloc[:4].tolist() == ["A", "A", "A", "D"]
    assert both["inside"].tolist() == [True, True, False, True, False]
    assert both.attrs["metroscope"]["origins"] == ["A", "D"]


def test_isochrone_defaults_fastest_mode_core_and_settings_minutes() -> None:
    # rail slowed to 100 min on SA-SB: A -> B by rail 10 + 10 + 100 + 5 = 125, by road 60
    links = _tables()["links"]
    links.loc[links["link_id"] == "l1", "minutes"] = 100.0
    r = _region(links=links)
    iso = isochrone(r, settings=toy_settings(circle_minutes=60.0))
    assert iso.loc["B", "travel_time_min"] == pytest.approx(60.0)  # fastest: the road
    assert iso.attrs["metroscope"]["mode"] == "fastest"
    assert iso.attrs["metroscope"]["origins"] == ["A"]  # the core
    assert iso.attrs["metroscope"]["minutes"] == 60.0
    assert iso["inside"].tolist() == [True, True, False, False, False]
    assert isochrone(r, settings=toy_settings(circle_minutes=59.0))["inside"].tolist() == [
        True, False, False, False, False]
    rail = isochrone(r, mode="rail", settings=S)
    assert rail.loc["B", "travel_time_min"] == pytest.approx(125.0)


def test_isochrone_origin_code_is_not_split_into_characters() -> None:
    t = _tables()
    ren = {c: f"22010{i}" for i, c in enumerate("ABCDE", start=1)}
    for name in ("units", "access", "stats"):
        t[name]["code"] = t[name]["code"].map(ren)
    r = Region("toy", **t)
    iso = isochrone(r, minutes=45, origin="220102", mode="rail", settings=S)  # from B
    # B -> A: 5 + 10 + 15 + 10 = 40; B -> C: 5 + 20 + 20 + 5 = 50 (SB-SC runs every 40 min)
    np.testing.assert_allclose(iso["travel_time_min"].iloc[:3], [40, 0, 50])
    assert iso.attrs["metroscope"]["origins"] == ["220102"]
    with pytest.raises(UnknownRegionError):
        isochrone(r, origin="220109", settings=S)


def _planned_link() -> pd.DataFrame:
    """A planned line L3 from SA straight to SC, 10 min, every 20 min, opening 2030:
    A -> C = 10 + 10 + 10 + 5 = 35 when it counts."""
    links = _tables()["links"]
    extra = pd.DataFrame({"link_id": ["l4"], "from_node": ["SA"], "to_node": ["SC"],
                          "mode": ["hsr"], "line": ["L3"], "length_km": [100.0],
                          "speed_kph": [200.0], "minutes": [10.0], "status": ["planned"],
                          "open_year": [2030], "headway_min": [20.0]})
    return pd.concat([links, extra], ignore_index=True)


def test_isochrone_passes_status_year_and_level_on() -> None:
    r = _region(links=_planned_link())
    kw: dict[str, Any] = {"minutes": 60, "origin": "A", "mode": "rail", "settings": S}
    assert isochrone(r, **kw).loc["C", "travel_time_min"] == pytest.approx(72.0)
    planned = isochrone(r, status=["operating", "planned"], **kw)
    assert planned.loc["C", "travel_time_min"] == pytest.approx(35.0)
    assert planned.attrs["metroscope"]["statuses"] == ["operating", "planned"]
    # a network year: every status, links open by then (l2 opens 2012, l3 2015, l4 2030)
    np.testing.assert_allclose(isochrone(r, year=2011, **kw)["travel_time_min"],
                               [0, 40, math.inf, math.inf, math.inf])
    assert isochrone(r, year=2030, **kw).loc["C", "travel_time_min"] == pytest.approx(35.0)
    units = pd.concat([toy_tables()["units"], pd.DataFrame({
        "code": ["P"], "name_zh": ["市"], "name_en": ["P"], "level": ["prefecture"],
        "role": ["context"], "seat_lon": [125.0], "seat_lat": [44.0]})], ignore_index=True)
    pref = isochrone(_region(units=units), level="prefecture", **kw)
    assert list(pref.index) == ["P"]  # P has no access rows: no route
    assert math.isinf(pref.loc["P", "travel_time_min"]) and not pref.loc["P", "inside"]
    # an origin without any route: every unit unreachable, nearest origin missing (text type)
    lost = isochrone(_region(units=units), minutes=60, origin="P", mode="rail", settings=S)
    assert np.isinf(lost["travel_time_min"]).all() and lost["nearest_origin"].isna().all()
    assert str(lost["nearest_origin"].dtype) == "string"


def test_commuting_circle_every_column_summary_and_note_by_hand() -> None:
    # A and C are core units; to A by rail: C 72 min (over 70), so C is outside and named
    r = _region(stats=_stats(), units=_roles(C="core"))
    c = commuting_circle(r, minutes=70, origin="A", mode="rail", settings=S)
    np.testing.assert_allclose(c["travel_time_min"], [0, 40, 72, D_FROM_A, math.inf])
    assert c["inside"].tolist() == [True, True, False, False, False]
    # the plan area of the sums is core + member: D (partial) and E (context) are out
    assert c["in_plan_area"].tolist() == [True, True, True, False, False]
    np.testing.assert_allclose(c["area_km2"], [100, np.nan, 300, 400, 500])
    np.testing.assert_allclose(c["population"], [1100, 550, 330, 220, 110])  # latest, 2025
    np.testing.assert_allclose(c["gdp"], [60, 25, 12, 8, 6])
    meta = c.attrs["metroscope"]
    s = meta["summary"]
    assert s == {
        "mode": "rail", "minutes": 70.0, "origin": "A", "units_inside": 2, "units": 5,
        "codes_inside": ["A", "B"], "area_km2_inside": 100.0, "units_inside_without_area": 1,
        "population_year": 2025, "population_inside": 1650.0, "gdp_year": 2025,
        "gdp_cny_100m_inside": 85.0, "units_inside_without_gdp": 0,
        # A + B + C (core, member, core) = 1100 + 550 + 330; D (partial, 220) apart
        "plan_area_population": 1980.0, "plan_area_population_inside": 1650.0,
        "share_plan_population_inside": 1650.0 / 1980.0, "partial_units": 1,
        "partial_units_inside": 0, "partial_population": 220.0,
        "partial_population_inside": 0.0, "units_without_population": 0,
        # no census zones without a code in the toy (and 2025 is not their census year)
        "uncoded_zones_population": 0.0, "uncoded_zones_population_inside": 0.0,
        "population_inside_uncoded_zones": 0.0}
    assert meta["indicator"] == "commuting_circle" and meta["minutes"] == 70.0
    assert meta["origins"] == ["A"] and meta["mode"] == "rail"
    notes = [n for n in meta["notes"] if getattr(n, "key", "").startswith("acc_")]
    assert [n.key for n in notes] == ["acc_no_commuting_data", "acc_core_outside",
                                      "acc_rail_without_train", "acc_area_missing",
                                      "acc_partial_apart"]
    # inside: A itself (0 min, no train) and B (40 min = 5 + 10 + 15 + 10: it rides L1)
    assert notes[2] == ("1 of the 2 units inside the rail circle are reached without a train "
                        "(intra-city leg only)")
    assert notes[1] == ("core unit C 丙 is outside the circle: 72.0 min by rail in the "
                        "selected network, over the 70 min threshold")
    assert notes[1].zh == "核心单元 C 丙 在通勤圈之外:所选网络中铁路需 72.0 分钟,超过 70 分钟阈值"
    assert notes[3] == "area_km2_inside sums the units with an area; 1 unit(s) inside have none (B)"
    assert notes[4] == ("the 1 unit(s) listed in part by the plan (丁; 220 persons) are left out "
                        "of the plan-area population and the share inside (the data do not say "
                        "which part is in) and reported apart: 0 of them inside the circle")
    # travel times run *to* the centre: from A, C would be 62 min and inside
    assert commuting_circle(r, minutes=62, origin="A", mode="rail",
                            settings=S)["inside"].tolist() == [True, True, False, False, False]


def test_commuting_circle_keeps_the_travel_times_notes() -> None:
    t = _tables()
    r = Region("toy", **t, meta={"network_note": "ordinary roads estimated"})
    c = commuting_circle(r, minutes=60, mode="rail", settings=S)
    notes = c.attrs["metroscope"]["notes"]
    assert notes[0] == "ordinary roads estimated"  # the dataset's caveat on its network
    assert [getattr(n, "key", None) for n in notes[1:]] == ["acc_no_commuting_data",
                                                            "acc_rail_without_train",
                                                            "acc_area_missing",
                                                            "acc_partial_apart"]


def test_commuting_circle_stats_year_gdp_gaps_and_defaults() -> None:
    r = _region(stats=_stats(), units=_roles(D="member"))
    c = commuting_circle(r, minutes=60, mode="rail", stats_year=2020, settings=S)
    s = c.attrs["metroscope"]["summary"]
    assert s["population_year"] == 2020 and s["gdp_year"] == 2020
    assert s["population_inside"] == 1500.0 and s["plan_area_population"] == 2000.0
    assert math.isnan(s["gdp_cny_100m_inside"])  # B has no GDP in 2020: no partial sum
    assert s["units_inside_without_gdp"] == 1
    np.testing.assert_allclose(c["gdp"], [50, np.nan, 10, 4, 5])
    keys = [getattr(n, "key", "") for n in c.attrs["metroscope"]["notes"]]
    assert "acc_partial_apart" not in keys and "acc_core_outside" not in keys
    # defaults: the fastest mode, the core as centre, the settings' minutes (50 here)
    d = commuting_circle(r, settings=toy_settings(circle_minutes=50.0))
    assert d.attrs["metroscope"]["summary"]["mode"] == "fastest"
    assert d.attrs["metroscope"]["summary"]["origin"] == "A"
    assert d.attrs["metroscope"]["minutes"] == 50.0
    assert d["inside"].tolist() == [True, True, False, False, False]


def test_commuting_circle_notes_for_each_mode_in_both_languages() -> None:
    # E is a core unit without access rows; C a core unit 72 min (rail), 120 (road) away
    r = _region(units=_roles(C="core", E="core"))
    for mode, zh, minutes in (("rail", "铁路", "72.0"), ("road", "公路", "120.0"),
                              ("fastest", "最快方式", "72.0")):
        c = commuting_circle(r, minutes=70, origin="A", mode=mode, settings=S)
        notes = [n for n in c.attrs["metroscope"]["notes"]
                 if getattr(n, "key", "") == "acc_core_outside"]
        assert [n.params["code"] for n in notes] == ["C", "E"]
        assert notes[0] == (f"core unit C 丙 is outside the circle: {minutes} min by {mode} in "
                            "the selected network, over the 70 min threshold")
        assert notes[0].zh == (f"核心单元 C 丙 在通勤圈之外:所选网络中{zh}需 {minutes} 分钟,"
                               "超过 70 分钟阈值")
        assert notes[1] == ("core unit E 戊 is outside the circle: not reachable in the "
                            "selected network (no access row or no path)")


def test_commuting_circle_passes_status_year_and_level_on() -> None:
    r = _region(links=_planned_link())
    kw: dict[str, Any] = {"minutes": 60, "origin": "A", "mode": "rail", "settings": S}
    assert commuting_circle(r, **kw)["inside"].tolist() == [True, True, False, False, False]
    # C -> A on the planned L3: 5 + 10 + 10 + 10 = 35
    for extra in ({"status": ["operating", "planned"]}, {"year": 2030}):
        c = commuting_circle(r, **kw, **extra)
        assert c.loc["C", "travel_time_min"] == pytest.approx(35.0)
    assert math.isinf(commuting_circle(r, year=2011, **kw).loc["C", "travel_time_min"])
    units = pd.concat([toy_tables()["units"], pd.DataFrame({
        "code": ["P"], "name_zh": ["市"], "name_en": ["P"], "level": ["prefecture"],
        "role": ["context"], "seat_lon": [125.0], "seat_lat": [44.0]})], ignore_index=True)
    assert list(commuting_circle(_region(units=units), level="prefecture", **kw).index) == ["P"]


def test_commuting_rate_by_hand() -> None:
    t = _tables()
    ren = {c: str(i) for i, c in enumerate("ABCDE", start=1)}
    for name in ("units", "access", "stats"):
        t[name]["code"] = t[name]["code"].map(ren)
    # codes read as integers (a CSV); one count unreadable; an origin outside the region
    flows = pd.DataFrame({"origin": [2, 2, 3, 4, 9, 5], "destination": [1, 2, 3, 1, 1, 1],
                          "commuters": ["10", "90", "40", "n/a", "7", "0"]})
    r = Region("toy", **t, extra={"commuting_flows": flows})
    c = commuting_circle(r, minutes=60, origin="1", mode="rail", settings=S)
    # 2: 10 of 100 to the centre (the threshold is inclusive); 3: none of 40; 4: no readable
    # count (0 / 0); 5: 0 of 0; 1: no flows at all
    rate = c["commuting_rate"].to_numpy()
    assert rate[1] == pytest.approx(0.10) and rate[2] == 0.0
    assert np.isnan(rate[[0, 3, 4]]).all()
    assert c["inside_commuting"].tolist() == [False, True, False, False, False]
    keys = [getattr(n, "key", "") for n in c.attrs["metroscope"]["notes"] or []]
    assert "acc_no_commuting_data" not in keys
    lower = commuting_circle(r, minutes=60, origin="1", mode="rail", settings=S,
                             commuting_rate_threshold=0.0)
    assert lower["inside_commuting"].tolist() == [False, True, True, False, False]


def test_share_of_the_plan_population_with_small_and_zero_totals() -> None:
    stats = toy_tables()["stats"].assign(value=[0.25, 0.25, 0.25, 0.0, 7.0])
    c = commuting_circle(_region(stats=stats), minutes=60, mode="rail", settings=S)
    s = c.attrs["metroscope"]["summary"]
    assert s["plan_area_population"] == 0.75
    assert s["share_plan_population_inside"] == pytest.approx(0.5 / 0.75)
    zero = toy_tables()["stats"].assign(value=[0.0, 0.0, 0.0, 0.0, 7.0])
    s0 = commuting_circle(_region(stats=zero), minutes=60, mode="rail",
                          settings=S).attrs["metroscope"]["summary"]
    assert s0["plan_area_population"] == 0.0 and math.isnan(s0["share_plan_population_inside"])
    none = toy_tables()["stats"].iloc[[4]]  # only E (context) has a population
    s1 = commuting_circle(_region(stats=none), minutes=60, mode="rail",
                          settings=S).attrs["metroscope"]["summary"]
    assert s1["units_without_population"] == 4 and math.isnan(s1["share_plan_population_inside"])


def test_circle_summary_rows_by_hand_and_every_modes_notes() -> None:
    r = _region(stats=_stats(), units=_roles(C="core", D="member"), links=_planned_link())
    s = circle_summary(r, minutes=50, origin="B", settings=S, stats_year=2020)
    # to B, rail: A 40, C = 5 + 20 + 20 + 5 = 50 (inclusive), D = 5 + 15 + L2 + 5 = 51.7;
    # road: A 60, C 60, D 120; fastest: the rail times here
    assert list(s.index) == ["rail", "road", "fastest"]
    assert s["units_inside"].tolist() == [3, 1, 3]
    assert s["codes_inside"].tolist() == ["A;B;C", "B", "A;B;C"]
    assert s["population_inside"].tolist() == [1800.0, 500.0, 1800.0]  # 2020
    assert s["population_year"].tolist() == [2020] * 3
    meta = s.attrs["metroscope"]
    assert meta["indicator"] == "commuting_circle_summary" and meta["minutes"] == 50.0
    assert "year" not in meta  # no network year given
    # the cores A (60 by road) and C (60 by road) are outside only by road: named once each
    outside = [n for n in meta["notes"] if getattr(n, "key", "") == "acc_core_outside"]
    assert [n.params["code"] for n in outside] == ["A", "C"]
    assert "60.0 min by road" in outside[0]
    assert sum(getattr(n, "key", "") == "acc_no_commuting_data" for n in meta["notes"]) == 1
    # status and network year reach the runs: the planned L3 brings C to A in
    p = circle_summary(r, minutes=36, origin="A", modes=("rail",), settings=S,
                       status=["operating", "planned"])
    assert p.loc["rail", "codes_inside"] == "A;C"  # C -> A = 5 + 10 + 10 + 10 = 35; B 40
    assert p.attrs["metroscope"]["minutes"] == 36.0
    y = circle_summary(r, minutes=36, origin="A", modes=("rail",), settings=S, year=2030)
    assert y.loc["rail", "codes_inside"] == "A;C" and y.attrs["metroscope"]["year"] == 2030
    default = circle_summary(r, modes=("road",), settings=toy_settings(circle_minutes=60.0))
    assert default.loc["road", "codes_inside"] == "A;B"  # the core A, 60 min, latest year
    assert default.loc["road", "population_year"] == 2025
    with pytest.raises(ParameterError) as info:
        circle_summary(r, modes=(), settings=S)
    assert str(info.value) == "modes is empty: give one or more of rail, road, fastest."
    # the settings reach every run: waits of a quarter headway bring B to A in
    # 5 + 5 + 15 + 10 = 35 min (40 with the default half headway)
    quarter = circle_summary(r, minutes=36, origin="A", modes=("rail",),
                             settings=toy_settings(wait_fraction_of_headway=0.25))
    assert quarter.loc["rail", "codes_inside"] == "A;B"
    with pytest.raises(ParameterError, match="Unknown mode 'bus'"):
        circle_summary(r, modes=("bus",), settings=S)
