"""What a scenario changes (``scenario_effects``, ``plausible_headways``, ``compare``) on the toy
region, against travel times and populations worked out by hand.

Toy network (tests/test_network_fixtures.py) routed by rail with ``toy_settings``: wait = 0.5 x
headway, dwell 2 min at an intermediate station, transfer 5 min, operating speed 0.9 x the
speed. Access: A 10 min to SA, B/C/D 5 min to SB/SC/SD; E has no access at all. Census 2020
population: A 1000, B 500, C 300, D 200, E 100.

Base: line L2 (SB-SD, 40 km at 100 km/h, headway 30) is planned (project p1), L1 (SA-SB 15 min,
SB-SC 20 min) runs every 20 min. Times to the core A, minutes:
    B: 5 + 10 (wait) + 15 + 10 = 40;  C: 5 + 10 + 20 + 2 (dwell) + 15 + 10 = 62;  D, E: none.
Scenario ``t``: p1 completed and L1 every 10 min (wait 5):
    B: 5 + 5 + 15 + 10 = 35;  C: 5 + 5 + 20 + 2 + 15 + 10 = 57;
    D: 5 + 15 (wait) + 40 / 90 x 60 (26.667) + 5 (transfer) + 5 (wait) + 15 + 10 = 81.667.
Every term is a whole number of minutes except L2's ride, so the sums are exact in floating point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope import ParameterError
from metroscope.network import TravelOptions
from metroscope.region import Region
from metroscope.scenario import apply, compare, scenario_effects
from metroscope.scenario.effects import plausible_headways
from test_network_fixtures import toy_settings, toy_tables
from test_scenario_spec import _scenario, _with_project

S = toy_settings()
L2_RIDE = 40 / 90 * 60  # 40 km at 0.9 x 100 km/h
D_AFTER = 5 + 15 + L2_RIDE + 5 + 5 + 15 + 10  # 81.667
POP = {"A": 1000.0, "B": 500.0, "C": 300.0, "D": 200.0, "E": 100.0}


@pytest.fixture(scope="module")
def pair() -> tuple[Region, Region]:
    base = _with_project()
    other = apply(_scenario({"op": "complete_project", "project_id": "p1"},
                            {"op": "set_headway", "line": "L1", "headway_min": 10}), base)
    return base, other


def test_effects_headline_by_hand(pair: tuple[Region, Region]) -> None:
    base, other = pair
    eff = scenario_effects(base, other, mode="rail", settings=S,
                           thresholds_min=(35, 40, 60, 90), gain_min=5.0, top=2)
    meta = eff.attrs["metroscope"]
    s = meta["summary"]
    # before: A 0, B 40, C 62; after: A 0, B 35, C 57, D 81.667 (a time equal to the threshold
    # counts as within it)
    assert s["population_within"] == {35.0: [1000.0, 1500.0], 40.0: [1500.0, 1500.0],
                                      60.0: [1500.0, 1800.0], 90.0: [1800.0, 2000.0]}
    assert s["crosses_threshold"] is True
    # gains: B 5, C 5 (exactly gain_min: not 'more than'), D from none to 81.667
    assert s["people_gaining"] == 200.0 and s["units_gaining"] == 1
    assert s["units_changed"] == 3  # B, C, D; A stays at 0, E has no time before or after
    assert s["mode"] == "rail" and s["gain_min"] == 5.0
    # the largest change first, then B before C (the same 5 min, in the units' order); top=2
    assert list(eff.index) == ["D", "B"]
    assert list(eff.columns) == ["name_zh", "name_en", "role", "before_min", "after_min",
                                 "change_min", "population"]
    assert eff.loc["B"].tolist() == ["乙", "B", "member", 40.0, 35.0, -5.0, 500.0]
    assert math.isinf(eff.loc["D", "before_min"])
    assert eff.loc["D", "after_min"] == pytest.approx(D_AFTER)
    assert eff.loc["D", "change_min"] == -math.inf
    big = s["largest_change"]
    assert big["code"] == "D" and big["name_zh"] == "丁" and big["role"] == "partial"
    assert big["population"] == 200.0 and big["after_min"] == pytest.approx(D_AFTER)
    assert type(big["population"]) is float  # numpy scalars made plain for JSON
    assert s["headway_sensitivity"] is None  # every line of the scenario has a headway
    assert meta["indicator"] == "scenario_effects" and meta["scenario"] == "t"
    assert meta["mode"] == "rail"
    assert any("listed in part by the plan" in n for n in meta["notes"])  # the circle's own


def test_effects_gain_just_under_the_threshold_counts(pair: tuple[Region, Region]) -> None:
    base, other = pair
    s = scenario_effects(base, other, mode="rail", settings=S,
                         gain_min=0.5).attrs["metroscope"]["summary"]
    assert s["people_gaining"] == POP["B"] + POP["C"] + POP["D"]  # E has no time: no gain
    assert s["units_gaining"] == 3
    # a time that may rise by up to 1 min: every unit, E (no time either way) as no change
    s = scenario_effects(base, other, mode="rail", settings=S,
                         gain_min=-1.0).attrs["metroscope"]["summary"]
    assert s["people_gaining"] == sum(POP.values()) and s["units_gaining"] == 5


def test_effects_defaults(pair: tuple[Region, Region]) -> None:
    """Default mode (fastest), thresholds 60/90/120, gain 15 min, top 5: recounted from the
    fastest travel-time matrix's column of the core and the census population."""
    from metroscope.network import unit_travel_times

    base, other = pair
    eff = scenario_effects(base, other, settings=S)
    s = eff.attrs["metroscope"]["summary"]
    t0 = unit_travel_times(base, mode="fastest", settings=S)["A"]
    t1 = unit_travel_times(other, mode="fastest", settings=S)["A"]
    pop = pd.Series(POP)
    assert s["mode"] == "fastest" and s["gain_min"] == 15.0
    assert s["population_within"] == {
        float(t): [float(pop[(t0 <= t).reindex(pop.index)].sum()),
                   float(pop[(t1 <= t).reindex(pop.index)].sum())] for t in (60, 90, 120)}
    gain = (t0 - t1).fillna(0.0)
    assert s["people_gaining"] == float(pop[(gain > 15).reindex(pop.index)].sum())
    moved = (t1 - t0)[(t1 - t0).abs() > 0.05].dropna()
    assert sorted(eff.index) == sorted(moved.index)
    assert len(eff) <= 5


def test_effects_of_a_scenario_that_changes_nothing(pair: tuple[Region, Region]) -> None:
    base, _ = pair
    same = apply(_scenario({"op": "set_headway", "line": "L1", "headway_min": 20}), base)
    eff = scenario_effects(base, same, mode="rail", settings=S)
    s = eff.attrs["metroscope"]["summary"]
    assert eff.empty and s["largest_change"] is None and s["units_changed"] == 0
    assert s["crosses_threshold"] is False and s["people_gaining"] == 0.0


def test_effects_small_changes_are_not_changes() -> None:
    """SB-SC from 20 to 19.97 min moves C by 0.03 min (not a change, under 0.05); SA-SB from 15
    to 14.5 moves B, C and D by 0.5 min (a change)."""
    links = toy_tables()["links"]  # L2 operating: D = 5 + 15 + 26.667 + 5 + 10 + 15 + 10
    from test_network_fixtures import toy_region

    base = toy_region(links=links)
    tiny = apply(_scenario({"op": "update_links", "link_ids": ["l2"], "minutes": 19.97}), base)
    s = scenario_effects(base, tiny, mode="rail", settings=S).attrs[
        "metroscope"]["summary"]
    assert s["units_changed"] == 0 and s["largest_change"] is None
    half = apply(_scenario({"op": "update_links", "link_ids": ["l1"], "minutes": 14.5}), base)
    eff = scenario_effects(base, half, mode="rail", settings=S)
    assert sorted(eff.index) == ["B", "C", "D"]
    assert eff["change_min"].to_numpy() == pytest.approx([-0.5] * 3)
    # B first: of three equal changes the units keep their order
    assert list(eff.index) == ["B", "C", "D"]
    assert eff.attrs["metroscope"]["summary"]["units_changed"] == 3


# -- plausible headways of a line without a published frequency --

def _net(rows: Sequence[tuple[str | None, str, str, float]]) -> Any:
    """A stand-in with only the links table, all plausible_headways reads."""
    return SimpleNamespace(links=pd.DataFrame(rows, columns=["line", "mode", "status",
                                                             "headway_min"]))


NAN = float("nan")
BASE_LINES = [
    ("L1", "hsr", "operating", 25.0), ("L1", "hsr", "operating", 20.0),  # L1: every 20
    ("L4", "hsr", "operating", 30.0),
    ("L2", "rail", "operating", 8.0),        # another mode
    ("L5", "hsr", "planned", 5.0),           # not operating
    ("L6", "hsr", "operating", 6.0), ("L6", "hsr", "operating", NAN),  # a link without one
    (None, "road", "operating", NAN),        # not rail
]


def test_plausible_headways_by_hand() -> None:
    base = _net(BASE_LINES)
    other = _net([*BASE_LINES, ("L3", "hsr", "planned", NAN), ("L3", "hsr", "planned", NAN)])
    # hsr lines that run with a headway on every link: L1 (20, its smallest) and L4 (30)
    assert plausible_headways(base, other) == (20.0, 30.0)
    got = plausible_headways(base, other)
    assert got is not None and all(type(h) is float for h in got)
    # L6 lacks one on a link: it is a line without a published frequency too
    assert plausible_headways(base, base) == (20.0, 30.0)
    full = [r for r in BASE_LINES if r[0] != "L6"]
    assert plausible_headways(base, _net(full)) is None  # none lacks one
    rail = _net([*full, ("L7", "rail", "planned", NAN)])
    assert plausible_headways(base, rail) == (8.0, 8.0)  # L2 alone
    inter = _net([*full, ("L8", "intercity", "planned", NAN)])
    assert plausible_headways(base, inter) is None  # none compares


def test_headway_sensitivity_by_hand() -> None:
    """A new hsr line L3 SD-SA (20 min, no headway) beside L1 (every 20) and L4 (SB-SC, every
    30): D's time to A is 5 + h/2 + 20 + 10, against 86.667 by L2 and L1 before; at h = 20 it
    gains 41.667 min, at h = 30 36.667."""
    from test_network_fixtures import toy_region

    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l2", ["line", "headway_min"]] = ["L4", 30.0]
    base = toy_region(links=links)
    other = apply(_scenario({"op": "add_link", "link_id": "l9", "from_node": "SD",
                             "to_node": "SA", "mode": "hsr", "line": "L3", "length_km": 100,
                             "minutes": 20}), base)
    sens = scenario_effects(base, other, mode="rail", settings=S,
                            gain_min=40.0).attrs["metroscope"]["summary"]["headway_sensitivity"]
    assert sens == {"headway_min": [20.0, 30.0], "people_gaining": [POP["D"], 0.0]}


# -- compare --

def test_compare_by_hand(pair: tuple[Region, Region]) -> None:
    base, other = pair
    c = compare(base, other, mode="rail", settings=S, thresholds_min=(60,))
    assert list(c.index) == ["A", "B", "C", "D", "E"]
    assert c["name_zh"].tolist() == list("甲乙丙丁戊")
    assert c["role"].tolist() == ["core", "member", "member", "partial", "context"]
    inf = math.inf
    np.testing.assert_allclose(c["time_to_core_min_base"], [0, 40, 62, inf, inf])
    np.testing.assert_allclose(c["time_to_core_min_scenario"], [0, 35, 57, D_AFTER, inf])
    np.testing.assert_allclose(c["time_to_core_min_delta"], [0, -5, -5, -inf, np.nan])
    # the circle is 60 min (toy settings' default): C joins it
    assert c["inside_base"].tolist() == [True, True, False, False, False]
    assert c["inside_scenario"].tolist() == [True, True, True, False, False]
    assert c["circle_change"].tolist() == ["", "", "joins", "", ""]
    # daily_60: population within 60 min, the unit's own included
    #   base: A: A+B; B: A+B+C; C: B+C; D, E: themselves
    #   scenario: A: A+B+C; B: all but E (D at 51.667); C: A+B+C; D: B+D
    np.testing.assert_allclose(c["daily_60_base"], [1500, 1800, 800, 200, 100])
    np.testing.assert_allclose(c["daily_60_scenario"], [1800, 2000, 1800, 700, 100])
    np.testing.assert_allclose(c["daily_60_delta"], [300, 200, 1000, 500, 0])
    assert "daily_120_base" not in c.columns
    # potential (power decay, exponent 1, the unit itself left out): sum of P_j / t_ij
    pot_a = 500 / 40 + 300 / 62
    pot_a_after = 500 / 35 + 300 / 57 + 200 / D_AFTER
    assert c.loc["A", "potential_base"] == pytest.approx(pot_a)
    assert c.loc["A", "potential_scenario"] == pytest.approx(pot_a_after)
    assert c.loc["A", "potential_delta"] == pytest.approx(pot_a_after - pot_a)
    assert "weighted_time_min_delta" in c.columns
    # linkage with the core: P_i P_A / t_iA^2 (k = 1); none for the core itself, 0 unreachable
    assert math.isnan(c.loc["A", "linkage_with_core_base"])
    assert c.loc["B", "linkage_with_core_base"] == pytest.approx(500 * 1000 / 40 ** 2)
    assert c.loc["B", "linkage_with_core_scenario"] == pytest.approx(500 * 1000 / 35 ** 2)
    assert c.loc["C", "linkage_with_core_delta"] == pytest.approx(
        300 * 1000 / 57 ** 2 - 300 * 1000 / 62 ** 2)
    assert c.loc["D", "linkage_with_core_base"] == 0.0
    assert c.loc["D", "linkage_with_core_scenario"] == pytest.approx(200 * 1000 / D_AFTER ** 2)
    meta = c.attrs["metroscope"]
    assert meta["indicator"] == "scenario_comparison" and meta["mode"] == "rail"
    assert meta["mass"] == "population" and meta["scenario"] == "t"
    assert meta["base"] == "toy" and meta["other"] == "toy+t" and meta["minutes"] == 60.0
    assert meta["summary"]["base"]["codes_inside"] == ["A", "B"]
    assert meta["summary"]["scenario"]["codes_inside"] == ["A", "B", "C"]
    assert meta["notes"] == [
        "linkage_with_core: linkage_intensity(level='county', mass='population', friction = "
        "rail minutes ^ 2.0, k = 1) to the core's seat unit; units without seats have none"]


def test_compare_the_other_way_round_and_its_options(pair: tuple[Region, Region]) -> None:
    """The scenario as base: C (57 min, then 62) leaves a 61 min circle; friction exponent
    1, default thresholds 60/120/180."""
    base, other = pair
    c = compare(other, base, mode="rail", settings=S, minutes=61,
                friction_exponent=1.0)
    assert c["circle_change"].tolist() == ["", "", "leaves", "", ""]
    assert c.attrs["metroscope"]["minutes"] == 61
    assert [k for k in c.columns if k.startswith("daily_") and k.endswith("_base")] == [
        "daily_60_base", "daily_120_base", "daily_180_base"]
    assert c.loc["B", "linkage_with_core_base"] == pytest.approx(500 * 1000 / 35)
    assert "^ 1.0" in c.attrs["metroscope"]["notes"][0]
    # the settings' exponent when none is given
    c3 = compare(other, base, mode="rail", settings=toy_settings(friction_exponent=3.0),
                 thresholds_min=(60,))
    assert c3.loc["B", "linkage_with_core_base"] == pytest.approx(500 * 1000 / 35 ** 3)


def test_compare_stats_year_and_options(pair: tuple[Region, Region]) -> None:
    """Populations of 2010 (each 10 % less) weigh the same networks when asked for, in every
    measure: the linkage with the core too (it used the latest year whatever was asked)."""
    base, other = pair
    old = base.stats.assign(year=2010, value=base.stats["value"] * 0.9)
    # GDP too (亿元): the linkage stays population x population, k = 1 (not GDP-weighted)
    gdp = pd.concat([base.stats.assign(year=y, indicator="gdp", unit="cny_100m",
                                       value=[400.0, 100.0, 50.0, 30.0, 10.0])
                     for y in (2010, 2020)])
    b10 = base.with_tables(stats=pd.concat([base.stats, old, gdp]))
    o10 = other.with_tables(stats=pd.concat([other.stats, old, gdp]))
    c = compare(b10, o10, options=TravelOptions(mode="rail", settings=S), stats_year=2010,
                thresholds_min=(60,))
    np.testing.assert_allclose(c["daily_60_base"], [1350, 1620, 720, 180, 90])
    assert c.loc["B", "linkage_with_core_base"] == pytest.approx(450 * 900 / 40 ** 2)
    assert c.attrs["metroscope"]["summary"]["base"]["population_year"] == 2010
    assert c.loc["D", "linkage_with_core_scenario"] == pytest.approx(180 * 900 / D_AFTER ** 2)
    with pytest.raises(ParameterError, match=r"county-level units.*'prefecture'"):
        compare(base, other, options=TravelOptions(mode="rail", level="prefecture",
                                                   settings=S))


def test_compare_without_the_indicators_package(pair: tuple[Region, Region],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A minimal install without metroscope.indicators: no linkage columns, and a note."""
    import sys

    monkeypatch.setitem(sys.modules, "metroscope.indicators.spillover", None)
    base, other = pair
    c = compare(base, other, mode="rail", settings=S, thresholds_min=(60,))
    assert not any(k.startswith("linkage") for k in c.columns)
    assert c.attrs["metroscope"]["notes"] == [
        "linkage intensity not computed: metroscope.indicators is not available"] * 2
    np.testing.assert_allclose(c["daily_60_delta"], [300, 200, 1000, 500, 0])


# -- the ranking and the headline totals on stand-in circles (every number chosen by hand) --

INF = math.inf
#: unit -> (before, after, population): K the core; Z moves by exactly 0.05 min (not a change:
#: the float 0.05 - 0 is 0.05); U19-U00 each gain 1 min (twenty ties, more than NumPy sorts
#: stably without being asked, listed against the order of their codes); G gains 30 min; R loses
#: its route (+inf); N has no time either way
UNITS: dict[str, tuple[float, float, float]] = {
    "K": (0.0, 0.0, 1000.0), "Z": (0.0, 0.05, 10.0),
    **{f"U{i:02d}": (50.0, 49.0, 1.0) for i in reversed(range(20))},
    "N": (NAN, NAN, 7.0), "G": (100.0, 70.0, 100.0), "R": (40.0, INF, 50.0),
}


def _frame(times: dict[str, float], pops: dict[str, float], notes: list[str] | None = None
           ) -> pd.DataFrame:
    codes = list(times)
    df = pd.DataFrame({"name_zh": [f"{c}区" for c in codes], "name_en": codes,
                       "role": ["core" if c == "K" else "member" for c in codes],
                       "travel_time_min": [times[c] for c in codes],
                       "population": [pops[c] for c in codes]},
                      index=pd.Index(codes, name="code"))
    if notes is not None:
        df.attrs["metroscope"] = {"notes": notes}
    return df


class _Circles:
    """Stands in for ``commuting_circle``: the frame of (region name, assumed headway)."""

    def __init__(self, frames: dict[tuple[str, float | None], pd.DataFrame]) -> None:
        self.frames = frames
        self.calls: list[tuple[str, Any, Any]] = []

    def __call__(self, region: Any, *, mode: Any, settings: Any) -> pd.DataFrame:
        self.calls.append((region.name, mode, settings))
        h = None if settings is None else settings.assumed_headway_min
        return self.frames.get((region.name, h), self.frames[(region.name, None)]).copy()


def _stand_ins(lines_other: list[tuple[str | None, str, str, float]]) -> tuple[Any, Any]:
    known = [("H1", "hsr", "operating", 10.0), ("H2", "hsr", "operating", 30.0)]
    base = SimpleNamespace(name="b", meta={}, links=pd.DataFrame(
        known, columns=["line", "mode", "status", "headway_min"]))
    other = SimpleNamespace(name="o", meta={"scenario": {"name": "s"}}, links=pd.DataFrame(
        [*known, *lines_other], columns=["line", "mode", "status", "headway_min"]))
    return base, other


def test_effects_ranking_and_totals_on_stand_in_circles(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    before = {c: v[0] for c, v in UNITS.items()}
    after = {c: v[1] for c, v in UNITS.items()}
    pop = {c: v[2] for c, v in UNITS.items()}
    # the scenario's circle lists the units in another order (reindexed to the base's)
    rev = dict(reversed(list(after.items())))
    circles = _Circles({("b", None): _frame(before, pop, notes=["circle note"]),
                        ("o", None): _frame(rev, {c: 2 * p for c, p in pop.items()})})
    monkeypatch.setattr("metroscope.scenario.effects.commuting_circle", circles)
    base, other = _stand_ins([])
    eff = scenario_effects(base, other, mode="road", settings=S)
    # top 5 by absolute change: R (inf), G (30), then the first three of the twenty 1-min ties
    # in the base's order (not the scenario's, nor the codes')
    assert list(eff.index) == ["R", "G", "U19", "U18", "U17"]
    assert eff["change_min"].tolist() == [INF, -30.0, -1.0, -1.0, -1.0]
    assert eff["population"].tolist() == [50.0, 100.0, 1.0, 1.0, 1.0]  # the base's
    assert eff.loc["G"].tolist() == ["G区", "G", "member", 100.0, 70.0, -30.0, 100.0]
    meta = eff.attrs["metroscope"]
    s = meta["summary"]
    # within 60: K, Z, the Us, R before (1000 + 10 + 20 + 50); K, Z, the Us after (1030);
    # within 90 and 120 G joins after (70), before only at 120 (100)
    assert s["population_within"] == {60.0: [1080.0, 1030.0], 90.0: [1080.0, 1130.0],
                                      120.0: [1180.0, 1130.0]}
    assert s["crosses_threshold"] is True
    assert s["units_changed"] == 22  # R, G and the twenty Us; not Z (0.05 is not over 0.05)
    assert s["people_gaining"] == 100.0 and s["units_gaining"] == 1  # G alone gains > 15
    assert s["largest_change"] == {"code": "R", "name_zh": "R区", "name_en": "R",
                                   "role": "member", "before_min": 40.0, "after_min": INF,
                                   "change_min": INF, "population": 50.0}
    assert s["headway_sensitivity"] is None and s["mode"] == "road"
    assert meta["scenario"] == "s" and meta["notes"] == ["circle note"]
    assert circles.calls == [("b", "road", S), ("o", "road", S)]
    # all twenty ties, in order, when top is large enough; a loss of exactly 0.05 is no change
    eff = scenario_effects(base, other, mode="road", settings=S, top=30)
    assert list(eff.index) == ["R", "G", *[f"U{i:02d}" for i in reversed(range(20))]]
    # every total at the thresholds asked for, and a threshold that nobody crosses
    s = scenario_effects(base, other, mode="road", settings=S, thresholds_min=(45,),
                         gain_min=0.5).attrs["metroscope"]["summary"]
    assert s["population_within"] == {45.0: [1060.0, 1010.0]}
    assert s["people_gaining"] == 120.0 and s["units_gaining"] == 21  # G and the Us
    s = scenario_effects(base, other, mode="road", settings=S, thresholds_min=(150,),
                         ).attrs["metroscope"]["summary"]
    assert s["population_within"] == {150.0: [1180.0, 1130.0]}
    same = _Circles({("b", None): _frame(before, pop), ("o", None): _frame(before, pop)})
    monkeypatch.setattr("metroscope.scenario.effects.commuting_circle", same)
    eff = scenario_effects(base, other, mode="road", settings=S)
    meta = eff.attrs["metroscope"]
    assert eff.empty and meta["summary"]["crosses_threshold"] is False
    assert "notes" not in meta  # the circle had none
    # whole minutes and persons as integer columns: the headline is made of plain floats
    whole = _Circles({
        ("b", None): _frame({"K": 0, "G": 100}, {"K": 1000, "G": 100}).astype(
            {"travel_time_min": "int64", "population": "int64"}),
        ("o", None): _frame({"K": 0, "G": 70}, {"K": 1000, "G": 100}).astype(
            {"travel_time_min": "int64", "population": "int64"})})
    monkeypatch.setattr("metroscope.scenario.effects.commuting_circle", whole)
    big = scenario_effects(base, other, mode="road", settings=S).attrs["metroscope"][
        "summary"]["largest_change"]
    assert big == {"code": "G", "name_zh": "G区", "name_en": "G", "role": "member",
                   "before_min": 100.0, "after_min": 70.0, "change_min": -30.0,
                   "population": 100.0}
    assert all(type(big[k]) is float for k in ("before_min", "after_min", "change_min",
                                                "population"))


def test_headway_sensitivity_on_stand_in_circles(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new hsr line without a headway: routed at 10 and at 30 min (the operating hsr lines'
    smallest and largest), G gains 40 min at 10 and exactly 15 at 30 (not more than 15)."""
    pop = {"K": 1000.0, "G": 100.0, "N": 7.0}
    b = _frame({"K": 0.0, "G": 100.0, "N": NAN}, pop)
    # the scenario's circles list the units the other way round (reindexed to the base's)
    circles = _Circles({
        ("b", None): b, ("o", None): _frame({"N": NAN, "G": 100.0, "K": 0.0}, pop),
        ("b", 10.0): b, ("o", 10.0): _frame({"N": NAN, "G": 60.0, "K": 0.0}, pop),
        ("b", 30.0): b, ("o", 30.0): _frame({"N": NAN, "G": 85.0, "K": 0.0}, pop)})
    monkeypatch.setattr("metroscope.scenario.effects.commuting_circle", circles)
    base, other = _stand_ins([("H3", "hsr", "planned", NAN)])
    custom = toy_settings(transfer_penalty_min=7.0)
    sens = scenario_effects(base, other, mode="rail", settings=custom).attrs[
        "metroscope"]["summary"]["headway_sensitivity"]
    assert sens == {"headway_min": [10.0, 30.0], "people_gaining": [100.0, 0.0]}
    # both networks routed at each headway, in the mode asked for, the other settings kept
    assert [(r, m, s.assumed_headway_min) for r, m, s in circles.calls[2:]] == [
        ("b", "rail", 10.0), ("o", "rail", 10.0), ("b", "rail", 30.0), ("o", "rail", 30.0)]
    assert all(s.transfer_penalty_min == 7.0 for _, _, s in circles.calls[2:])
    # N (no time either way) does not gain, whatever the threshold; G's 15 min does at 14.5
    sens = scenario_effects(base, other, mode="rail", settings=custom, gain_min=0.5).attrs[
        "metroscope"]["summary"]["headway_sensitivity"]
    assert sens["people_gaining"] == [100.0, 100.0]
    # a time that may rise by up to 1 min: every unit, N (no time either way) as no change
    sens = scenario_effects(base, other, mode="rail", settings=custom, gain_min=-1.0).attrs[
        "metroscope"]["summary"]["headway_sensitivity"]
    assert sens["people_gaining"] == [1107.0, 1107.0]
    # without settings: the package's, with the assumed headway replaced
    from metroscope.settings import get_settings

    circles.calls.clear()
    scenario_effects(base, other, mode="rail")
    assert circles.calls[:2] == [("b", "rail", None), ("o", "rail", None)]
    assert [s.assumed_headway_min for _, _, s in circles.calls[2:]] == [10.0, 10.0, 30.0, 30.0]
    assert circles.calls[2][2].transfer_penalty_min == get_settings().transfer_penalty_min


def test_compare_weighs_accessibility_by_the_mass_asked_for(pair: tuple[Region, Region]
                                                             ) -> None:
    """GDP (亿元) A 400, B 100, C 50, D 30, E 10 weighs the accessibility measures; the linkage
    with the core stays population x population."""
    base, other = pair
    gdp = base.stats.assign(indicator="gdp", unit="cny_100m",
                            value=[400.0, 100.0, 50.0, 30.0, 10.0])
    b = base.with_tables(stats=pd.concat([base.stats, gdp]))
    o = other.with_tables(stats=pd.concat([other.stats, gdp]))
    c = compare(b, o, mode="rail", settings=S, mass="gdp", thresholds_min=(60,))
    # daily_60 as in test_compare_by_hand, in GDP
    np.testing.assert_allclose(c["daily_60_base"], [500, 550, 150, 30, 10])
    np.testing.assert_allclose(c["daily_60_scenario"], [550, 580, 550, 130, 10])
    assert c.loc["A", "potential_base"] == pytest.approx(100 / 40 + 50 / 62)
    assert c.loc["B", "linkage_with_core_base"] == pytest.approx(500 * 1000 / 40 ** 2)
    assert c.attrs["metroscope"]["mass"] == "gdp"


def test_compare_takes_county_options_and_refuses_other_levels(pair: tuple[Region, Region]
                                                                ) -> None:
    from metroscope._errors import error_text

    base, other = pair
    c = compare(base, other, options=TravelOptions(mode="rail", level="county", settings=S),
                thresholds_min=(60,))
    np.testing.assert_allclose(c["time_to_core_min_scenario"], [0, 35, 57, D_AFTER, math.inf])
    np.testing.assert_allclose(c["daily_60_delta"], [300, 200, 1000, 500, 0])
    with pytest.raises(ParameterError) as exc:
        compare(base, other, options=TravelOptions(mode="rail", level="prefecture",
                                                   settings=S))
    assert error_text(exc.value, "en") == (
        "compare works on county-level units (the linkage with the core is county level); "
        "options have level 'prefecture': leave it unset or use 'county'.")
    assert error_text(exc.value, "zh") == (
        "compare 只适用于县级单元(与核心的联系强度在县级计算);所给 options 的层级为 "
        "'prefecture':请不设层级或设为 'county'。")


def test_compare_keeps_the_base_units_order_and_names(pair: tuple[Region, Region]) -> None:
    """A scenario region whose units table lists the units the other way round (and renames
    B): the rows are the base's units in the base's order with the base's names, each value
    that of its own unit."""
    base, other = pair
    units = other.units.reset_index().iloc[::-1]
    units.loc[units["code"] == "B", "name_zh"] = "乙新"
    turned = other.with_tables(units=units)
    c = compare(base, turned, mode="rail", settings=S, thresholds_min=(60,))
    assert list(c.index) == ["A", "B", "C", "D", "E"]
    assert c["name_zh"].tolist() == list("甲乙丙丁戊")
    np.testing.assert_allclose(c["time_to_core_min_scenario"], [0, 35, 57, D_AFTER, math.inf])
    assert c["inside_base"].tolist() == [True, True, False, False, False]
    assert c["inside_scenario"].tolist() == [True, True, True, False, False]
    assert c["circle_change"].tolist() == ["", "", "joins", "", ""]
    np.testing.assert_allclose(c["daily_60_scenario"], [1800, 2000, 1800, 700, 100])
    assert c.loc["D", "linkage_with_core_scenario"] == pytest.approx(200 * 1000 / D_AFTER ** 2)
    pd.testing.assert_frame_equal(c, compare(base, other, mode="rail", settings=S,
                                             thresholds_min=(60,)))


def test_compare_with_a_unit_missing_from_the_scenario(pair: tuple[Region, Region]) -> None:
    """E left out of the scenario region (units and stats): its scenario values are missing,
    it is outside the scenario's circle and neither joins nor leaves it. Without E every other
    unit reaches all others, so A's population-weighted time is finite:
    (500 x 35 + 300 x 57 + 200 x 81.667) / 1000."""
    base, other = pair
    units = other.units.reset_index()
    less = other.with_tables(units=units[units["code"] != "E"],
                             stats=other.stats[other.stats["code"] != "E"])
    c = compare(base, less, mode="rail", settings=S, thresholds_min=(60,))
    assert list(c.index) == ["A", "B", "C", "D", "E"]
    assert c["inside_scenario"].tolist() == [True, True, True, False, False]
    assert c["circle_change"].tolist() == ["", "", "joins", "", ""]
    for col in ("time_to_core_min_scenario", "daily_60_scenario", "potential_scenario",
                "linkage_with_core_scenario", "daily_60_delta"):
        assert math.isnan(c.loc["E", col]), col
    assert c.loc["A", "weighted_time_min_scenario"] == pytest.approx(
        (500 * 35 + 300 * 57 + 200 * D_AFTER) / 1000)
    assert c.loc["A", "weighted_time_min_base"] == math.inf  # E unreachable in the base


def test_compare_links_a_prefecture_core_through_its_seat_unit() -> None:
    """The nested toy region (tests/test_network_traveltime_by_hand.py): the core is the
    prefecture X, whose seat is nearest B, so the linkage with the core is the linkage with B.
    With L1 every 10 min (wait 5): A-B 10 + 5 + 15 + 5 = 35, C-B 5 + 5 + 20 + 5 = 35,
    D-B 5 + 15 + 26.667 + 5 = 51.667 minutes; linkage P_i P_B / t^2."""
    from test_network_traveltime_by_hand import nested_region

    base = nested_region()
    other = apply(_scenario({"op": "set_headway", "line": "L1", "headway_min": 10}), base)
    c = compare(base, other, mode="rail", settings=S, thresholds_min=(60,))
    got = c["linkage_with_core_scenario"]
    assert got["A"] == pytest.approx(1000 * 500 / 35 ** 2)
    assert math.isnan(got["B"])  # the core's seat unit itself
    assert got["C"] == pytest.approx(300 * 500 / 35 ** 2)
    assert got["D"] == pytest.approx(200 * 500 / (5 + 15 + L2_RIDE + 5) ** 2)
    assert got["E"] == 0.0
    # before: A-B 10 + 10 + 15 + 5 = 40
    assert c.loc["A", "linkage_with_core_base"] == pytest.approx(1000 * 500 / 40 ** 2)
