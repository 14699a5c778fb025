"""The region-level accessibility wrappers on hand-built networks, every value summed by hand:
``service_accessibility`` (the 2SFCA of Luo & Wang 2003 over the road network, its defaults,
missing and non-numeric capacities, unknown supply codes, the options it passes on) and
``accessibility`` (Hansen potential with pairs at 0 and under 1 minute, the notes it adds to
the matrix's, the refusal when the mass exists at another level only).

The road network is the toy one of tests/test_network_fixtures.py with the first link
lengthened to 60.5 km (60 km/h): seats A - B 60.5 min, B - C 60, C - D 60; E has no access
rows (unreachable). Populations A 1000, B 500, C 300, D 200, E 100.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd
import pytest

from metroscope import MissingDataError
from metroscope.messages import Message
from metroscope.network import (
    TravelOptions,
    accessibility,
    service_accessibility,
    unit_travel_times,
)
from test_network_fixtures import toy_region, toy_settings, toy_tables
from test_network_traveltime_by_hand import nested_region

S = toy_settings()
POP = {"A": 1000.0, "B": 500.0, "C": 300.0, "D": 200.0, "E": 100.0}
# road minutes by hand (60 km/h: one minute a km), seat to seat, both ways
ROAD = {("A", "B"): 60.5, ("B", "C"): 60.0, ("C", "D"): 60.0}


def _road(o: str, d: str) -> float:
    if o == d:
        return 0.0
    if "E" in (o, d):
        return math.inf
    i, j = sorted("ABCD".index(x) for x in (o, d))
    return sum(ROAD[("ABCD"[k], "ABCD"[k + 1])] for k in range(i, j))


def _tables(**changes: Any) -> dict[str, Any]:
    t = toy_tables()
    links = t["links"]
    links.loc[links["link_id"] == "r1", "length_km"] = 60.5
    t["links"] = links
    t.update(changes)
    return t


def _region(**changes: Any) -> Any:
    return toy_region(**_tables(**changes))


# supply read from a CSV: capacities as text; h2's is not a number, h3's code is not a unit
SUPPLY = pd.DataFrame({"code": ["A", "C", "Q", "D"], "beds": ["150", "n/a", "40", "30"]},
                      index=["h1", "h2", "h3", "h4"])


def test_the_road_matrix_is_the_hand_one() -> None:
    m = unit_travel_times(_region(), mode="road", settings=S)
    for o in "ABCDE":
        for d in "ABCDE":
            assert m.loc[o, d] == pytest.approx(_road(o, d)), (o, d)


def test_service_accessibility_by_hand_with_its_defaults() -> None:
    """Default catchment 60 min, inclusive: h1 (A) serves A only (B at 60.5); h2 (C) reaches
    B, C, D at 60, 0, 60 but has no usable capacity; h3 is at no unit; h4 (D) serves C and D."""
    got = service_accessibility(_region(), SUPPLY, capacity="beds", mode="road", settings=S)
    r1 = 150 / 1000  # R_h1 = S / sum of the demand in reach
    r4 = 30 / (300 + 200)
    want = {"A": r1, "B": 0.0, "C": r4, "D": r4, "E": 0.0}
    assert list(got.index) == list("ABCDE")
    for code, value in want.items():
        assert got.loc[code, "two_step_fca"] == pytest.approx(value, rel=1e-12, abs=0), code
    # capacity in reach: a missing or non-numeric capacity counts 0, the cut-off is inclusive
    assert got["supply_reachable"].tolist() == [150.0, 0.0, 30.0, 30.0, 0.0]
    assert got["demand"].tolist() == list(POP.values())
    meta = got.attrs["metroscope"]
    assert (meta["mode"], meta["max_minutes"], meta["mass"], meta["stats_year"],
            meta["capacity"]) == ("road", 60.0, "population", 2020, "beds")
    assert [n.key for n in meta["notes"]] == ["acc_2sfca_weights"]


def test_service_accessibility_takes_the_options_whole() -> None:
    """The same call as options=: mode, settings and statuses must all reach the matrix. With
    the planned link seat:A - seat:C (30 km), A - C is 30 min, A - D 90, B - D 120."""
    t = _tables()
    planned = pd.DataFrame({"link_id": ["r4"], "from_node": ["seat:A"], "to_node": ["seat:C"],
                            "mode": ["road"], "line": [None], "length_km": [30.0],
                            "speed_kph": [60.0], "minutes": [None], "status": ["planned"],
                            "open_year": [None], "headway_min": [None]})
    r = toy_region(**{**t, "links": pd.concat([t["links"], planned], ignore_index=True)})
    supply = SUPPLY.loc[["h1", "h4"]]
    opts = TravelOptions(mode="road", settings=S, status=("operating", "planned"))
    got = service_accessibility(r, supply, capacity="beds", options=opts)
    r1 = 150 / (1000 + 300)  # h1 (A) reaches A and C (30)
    r4 = 30 / (300 + 200)  # h4 (D) reaches C (60) and D; A is at 90
    want = {"A": r1, "B": 0.0, "C": r1 + r4, "D": r4, "E": 0.0}
    for code, value in want.items():
        assert got.loc[code, "two_step_fca"] == pytest.approx(value, rel=1e-12, abs=0), code
    same = service_accessibility(r, supply, capacity="beds", mode="road", settings=S,
                                 status=["operating", "planned"])
    pd.testing.assert_frame_equal(got, same)


def test_service_accessibility_at_the_prefecture_level() -> None:
    """Prefectures X (routed through B), Z (no access rows) and W (7 min from SC): by rail X -
    W is 5 + 10 + 20 + 7 = 42 min (tests/test_network_traveltime_by_hand.py)."""
    stats = pd.DataFrame({"code": ["X", "Z", "W"], "year": [2020] * 3,
                          "indicator": ["population"] * 3, "value": [2000.0, 100.0, 50.0],
                          "unit": ["persons"] * 3, "source": ["test"] * 3, "quality": ["A"] * 3})
    r = nested_region(stats=stats)
    supply = pd.DataFrame({"code": ["W"], "capacity": [10.0]})
    got = service_accessibility(r, supply, mode="rail", settings=S, level="prefecture")
    assert list(got.index) == ["X", "Z", "W"]
    assert got["two_step_fca"].tolist() == pytest.approx([10 / 2050, 0.0, 10 / 2050],
                                                         rel=1e-12)
    opts = TravelOptions(mode="rail", settings=S, level="prefecture")
    pd.testing.assert_frame_equal(service_accessibility(r, supply, options=opts), got)


def test_service_accessibility_refuses_a_statistics_year_without_demand() -> None:
    with pytest.raises(MissingDataError, match=r"No population in 1990 .* population: 2020\."):
        service_accessibility(_region(), SUPPLY, capacity="beds", mode="road", settings=S,
                              stats_year=1990)


def _close_units() -> Any:
    """The toy region plus F at seat:A (0 min from A) and G half a minute from seat:B."""
    t = _tables()
    units = pd.concat([t["units"], pd.DataFrame({
        "code": ["F", "G"], "name_zh": ["己", "庚"], "name_en": ["F", "G"],
        "level": ["county"] * 2, "role": ["context"] * 2, "seat_lon": [125.0, 125.5],
        "seat_lat": [44.0, 44.0]})], ignore_index=True)
    access = pd.concat([t["access"], pd.DataFrame({
        "code": ["F", "G"], "node_id": ["seat:A", "seat:B"], "minutes": [0.0, 0.5]})],
        ignore_index=True)
    stats = pd.concat([t["stats"], pd.DataFrame({
        "code": ["F", "G"], "year": [2020] * 2, "indicator": ["population"] * 2,
        "value": [50.0, 20.0], "unit": ["persons"] * 2, "source": ["test"] * 2,
        "quality": ["A"] * 2})], ignore_index=True)
    return toy_region(**{**t, "units": units, "access": access, "stats": stats})


def test_hansen_potential_with_pairs_at_zero_and_under_a_minute() -> None:
    """PA_i = sum_{j != i} M_j / t_ij (Hansen 1959, a = 1): A - F at 0 min add nothing and are
    counted in a note; G - B at 0.5 min count as they are (no clip by default)."""
    r = _close_units()
    got = accessibility(r, mode="road", settings=S)
    pop = {**POP, "F": 50.0, "G": 20.0}
    seat = {"A": "A", "F": "A", "B": "B", "G": "B", "C": "C", "D": "D", "E": "E"}
    extra = {"G": 0.5}  # access minutes beyond the seat

    def minutes(o: str, d: str) -> float:
        if seat[o] == seat[d]:
            return extra.get(o, 0.0) + extra.get(d, 0.0)
        return _road(seat[o], seat[d]) + extra.get(o, 0.0) + extra.get(d, 0.0)

    for i in pop:
        want = sum(pop[j] / minutes(i, j) for j in pop
                   if j != i and 0 < minutes(i, j) < math.inf)
        assert got.loc[i, "potential"] == pytest.approx(want, rel=1e-12), i
    assert got.loc["G", "potential"] == pytest.approx(
        500 / 0.5 + 1000 / 61 + 50 / 61 + 300 / 60.5 + 200 / 120.5, rel=1e-12)
    meta = got.attrs["metroscope"]
    assert meta["min_cost_min"] == 0.0 and meta["include_self"] is False
    ours = [n for n in meta["notes"] if isinstance(n, Message) and n.key.startswith("acc_")]
    assert [(n.key, n.params) for n in ours] == [("acc_zero_time_pairs", {"n": 2})]
    # the matrix's own notes come first and whole: E is not on the road network
    matrix_notes = unit_travel_times(r, mode="road", settings=S).attrs["metroscope"]["notes"]
    assert meta["notes"][:len(matrix_notes)] == matrix_notes
    assert any(getattr(n, "key", None) == "net_unserved" and n.params["codes"] == ["E"]
               for n in matrix_notes)
    assert len(meta["notes"]) == len(matrix_notes) + 1


def _refusal(region: Any, **kw: Any) -> str:
    with pytest.raises(MissingDataError) as info:
        accessibility(region, mode="rail", settings=S, **kw)
    return str(info.value)


def _stats(rows: dict[str, tuple[str, float]]) -> pd.DataFrame:
    codes = list(rows)
    return pd.DataFrame({"code": codes, "year": [2020] * len(codes),
                         "indicator": [rows[c][0] for c in codes],
                         "value": [rows[c][1] for c in codes], "unit": ["x"] * len(codes),
                         "source": ["test"] * len(codes), "quality": ["A"] * len(codes)})


def test_a_mass_of_another_level_is_refused_with_the_level_that_has_it() -> None:
    """GDP is published for prefectures: at the county level the refusal names the level to
    give; another indicator gets the same advice without the GDP sentence."""
    r = nested_region(stats=_stats({"A": ("population", 10.0), "X": ("gdp", 7.5),
                                    "Z": ("gdp", 1.5), "Y": ("beds", 3.0)}))
    assert _refusal(r, mass="gdp") == (
        "No 'gdp' values for the county units of region 'toy'; 'gdp' has values for "
        "prefecture-level units only (GDP is published for prefectures, not for counties): "
        "give level='prefecture' (command line: --level prefecture), or choose another mass.")
    assert _refusal(r, mass="beds", stats_year=2020) == (
        "No 'beds' values for the county units of region 'toy' in 2020; 'beds' has values "
        "for prefecture-level units only: give level='prefecture' (command line: --level "
        "prefecture), or choose another mass.")
    # at the prefecture level, a mass of the counties only
    assert _refusal(r, mass="population", level="prefecture") == (
        "No 'population' values for the prefecture units of region 'toy'; 'population' has "
        "values for county-level units only: give level='county' (command line: --level "
        "county), or choose another mass.")


def test_a_mass_of_two_other_levels_names_both_prefecture_first() -> None:
    r = nested_region(stats=_stats({"B": ("jobs", 4.0), "Z": ("jobs", 2.0)}))
    assert _refusal(r, mass="jobs", level="province") == (
        "No 'jobs' values for the province units of region 'toy'; 'jobs' has values for "
        "prefecture and county-level units only: give level='prefecture' (command line: "
        "--level prefecture), or choose another mass.")
    assert re.search(r"load the indicator or choose another mass\.$",
                     _refusal(r, mass="gdp", level="province"))


def _prefecture_only(stats: pd.DataFrame) -> Any:
    """nested_region without its counties (and their access rows): prefectures X, Z (seats), Y
    (no seat, no access rows: outside the matrix), W (its own access row) and province P."""
    r = nested_region(stats=stats)
    return r.with_tables(units=r.units[r.units["level"] != "county"].reset_index(),
                         access=r.access[r.access["code"] == "W"].reset_index(drop=True))


def test_the_refusal_names_the_level_the_matrix_is_at_when_there_are_no_counties() -> None:
    """With no county units and no level given, the matrix is at the prefecture level: the
    refusal says so and does not advise the level already in use (here only Y, a prefecture
    outside the matrix, has GDP)."""
    r = _prefecture_only(_stats({"Y": ("gdp", 3.0)}))
    with pytest.raises(MissingDataError) as info:
        accessibility(r, mode="rail", settings=S, mass="gdp")
    msg = info.value.args[0]
    assert msg == ("No 'gdp' values for the prefecture units of region 'toy'; load the "
                   "indicator or choose another mass.")
    assert msg.zh == "区域“toy”的地级单元没有“gdp”数据;请载入该指标,或改用其他质量指标。"


def test_the_refusal_in_chinese_names_the_levels_the_year_and_the_command() -> None:
    r = nested_region(stats=_stats({"B": ("jobs", 4.0), "Z": ("gdp", 2.0), "X": ("jobs", 1.0)}))
    with pytest.raises(MissingDataError) as info:
        accessibility(r, mode="rail", settings=S, mass="jobs", level="province",
                      stats_year=2020)
    assert info.value.args[0].zh == (
        "区域“toy”的省单元没有“jobs”数据(2020年);“jobs”只有地级和县级单元有数据:请指定 "
        "level='prefecture'(命令行:--level prefecture),或改用其他质量指标。")
    with pytest.raises(MissingDataError) as info:
        accessibility(r, mode="rail", settings=S, mass="gdp")
    assert info.value.args[0].zh == (
        "区域“toy”的县级单元没有“gdp”数据;“gdp”只有地级单元有数据(GDP 按地级市公布,县级没有):"
        "请指定 level='prefecture'(命令行:--level prefecture),或改用其他质量指标。")


def test_supply_refusals_in_full() -> None:
    with pytest.raises(MissingDataError) as info:
        service_accessibility(_region(), SUPPLY, mode="road", settings=S)
    assert str(info.value) == (
        "supply has no 'capacity' column; name the capacity column with capacity=...")
    with pytest.raises(MissingDataError) as info:
        service_accessibility(_region(), pd.DataFrame({"lon": [125.0], "beds": [1.0]}),
                              capacity="beds", mode="road", settings=S)
    assert str(info.value) == (
        "supply needs lon and lat columns (degrees) or a code column (unit codes).")


def test_the_level_in_use_is_never_the_advice() -> None:
    """County H has GDP but no seat and no access rows (so it is not in the matrix): GDP at
    the county level is still refused, and the advice names the prefectures only."""
    units = nested_region().units.reset_index()
    units = pd.concat([units, pd.DataFrame({
        "code": ["H"], "name_zh": ["辛"], "name_en": ["H"], "level": ["county"],
        "role": ["context"], "seat_lon": [float("nan")], "seat_lat": [float("nan")],
        "parent": ["Y"]})], ignore_index=True)
    r = nested_region(units=units, stats=_stats({"X": ("gdp", 7.5), "H": ("gdp", 0.5)}))
    assert _refusal(r, mass="gdp") == (
        "No 'gdp' values for the county units of region 'toy'; 'gdp' has values for "
        "prefecture-level units only (GDP is published for prefectures, not for counties): "
        "give level='prefecture' (command line: --level prefecture), or choose another mass.")


def test_a_statistics_year_without_the_mass_names_the_years_that_have_it() -> None:
    assert _refusal(_region(), stats_year=1990) == (
        "No population in 1990 for the region's units; years with population: 2020. Give one "
        "of them as the statistics year (stats_year=, --stats-year).")


def test_a_unit_standing_at_another_units_seat_is_named_in_the_notes() -> None:
    """E (no location of its own) reaches the network at D's seat, a node whose position is
    estimated from D's (``coord_code`` D): its accessibility is assumed, and the note says so
    (戊→丁). D's own access to its seat is not named; neither is a node placed by no unit."""
    t = _tables()
    nodes = t["nodes"].assign(coord_estimated=[False] * 6 + [True, True],
                              coord_code=[None] * 6 + ["C", "D"])
    access = pd.concat([t["access"], pd.DataFrame({"code": ["E"], "node_id": ["seat:D"],
                                                   "minutes": [0.0]})], ignore_index=True)
    region = toy_region(**{**t, "nodes": nodes, "access": access})
    a = accessibility(region, mode="road", settings=S, thresholds_min=(60,))
    notes = a.attrs["metroscope"]["notes"]
    [placed] = [n for n in notes if getattr(n, "key", "") == "acc_assumed_position"]
    assert placed.params == {"n": 1, "units": "戊→丁"}
    assert str(placed) == ("1 unit(s) have no location in the data; their node stands at "
                           "another unit's seat (unit→seat of: 戊→丁), so their times and "
                           "accessibility are assumed, not measured")
    # E now reaches D in 0 min (counted as such) and C in 60: daily_60 of E = 300 + 200 + 100
    assert a.loc["E", "daily_60"] == 600.0
    # without the estimated positions there is no such note
    plain = accessibility(_region(access=access), mode="road", settings=S)
    assert not [n for n in plain.attrs["metroscope"]["notes"]
                if getattr(n, "key", "") == "acc_assumed_position"]
