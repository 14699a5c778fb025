"""Residents of the 2020 census rows without a code in the national areas' 2010 -> 2020
change (a planner's trial found the Changchun area's change at +1.7 % where the comparable
figure is +4.0 %: 吉林's three uncoded zones were in its 2010 districts but not in 2020).

The expected values are the census figures written out by hand (census_county_2020_v1.xlsx
rows 631-633: 吉林经济开发区 55,692, 吉林高新技术产业开发区 162,447, 吉林中国新加坡食品区
37,164) and a toy table for the placement rule."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import metroscope
from _shared_data import SHARED, needs_shared
from metroscope import _areas_figures, areas
from metroscope._areas_zones import SPLIT, allocate, uncoded_zones

JILIN_ZONES = 55_692 + 162_447 + 37_164  # = 255,303


@pytest.fixture(scope="module")
def china() -> metroscope.Region:
    return metroscope.load("china")


def test_the_dataset_has_the_jilin_zones(china: metroscope.Region) -> None:
    z = uncoded_zones(china)
    jl = z[z["prefecture"] == "220200"].set_index("name_zh")["population"].to_dict()
    assert jl == {"吉林中国新加坡食品区": 37_164.0, "吉林经济开发区": 55_692.0,
                  "吉林高新技术产业开发区": 162_447.0}
    assert len(z) == 39 and z["prefecture"].nunique() == 26
    assert not z["name_zh"].isin(["全国", "省直辖县级行政区划", "西沙群岛"]).any()


@needs_shared
def test_every_uncoded_row_of_the_census_file_is_kept_or_an_aggregate(
        china: metroscope.Region) -> None:
    raw = pd.read_excel(SHARED / "census/census_county_2020_v1.xlsx", engine="openpyxl")
    rows = raw[raw["区划代码"].isna()]
    kept = uncoded_zones(china)
    aggregates = rows[rows["区县"].astype(str).str.strip() == rows["市"].astype(str).str.strip()]
    assert len(kept) + len(aggregates) == len(rows)
    assert kept["population"].sum() == rows["人口数_合计"].sum() - aggregates["人口数_合计"].sum()


def test_changchun_area_change_counts_the_zones(china: metroscope.Region) -> None:
    t = areas.compare(china).loc["长春都市圈"]
    units_2020, area_2010 = 11_331_780, 11_143_054  # county-level units of core + members
    member_2020, member_2010 = 6_312_303, 7_327_784
    assert t["population_2020"] == units_2020 + JILIN_ZONES
    assert t["population_2010"] == area_2010
    assert t["population_change_pct"] == pytest.approx(
        100 * (units_2020 + JILIN_ZONES) / area_2010 - 100, rel=1e-12)
    assert round(t["population_change_pct"], 1) == 4.0  # +1.7 without the zones
    assert t["rest_change_pct"] == pytest.approx(
        100 * (member_2020 + JILIN_ZONES) / member_2010 - 100, rel=1e-12)
    assert round(t["rest_change_pct"], 1) == -10.4  # -13.9 without them
    # the core has no uncoded zone: unchanged
    assert t["core_population_2020"] == 5_019_477


def test_changchun_area_ageing_on_the_population_base(china: metroscope.Region) -> None:
    """Ageing and urbanisation over the same persons as population_2020: the 23 coded units
    and 吉林's three zones (census_county_2020_v1.xlsx rows 631-633: 人口比重_65岁及以上
    15.55, 13.50, 17.66 %; 城镇人口 44,980, 137,672, 4,882)."""
    t = areas.compare(china, networks=[]).loc["长春都市圈"]
    z = uncoded_zones(china).set_index("name_zh")
    assert z.loc["吉林经济开发区", "share_age_65_plus_pct"] == 15.55
    assert z.loc["吉林高新技术产业开发区", "share_age_65_plus_pct"] == 13.50
    assert z.loc["吉林中国新加坡食品区", "share_age_65_plus_pct"] == 17.66
    zones_aged = (15.55 * 55_692 + 13.50 * 162_447 + 17.66 * 37_164) / 100  # 37,153.6
    zones_urban = 44_980 + 137_672 + 4_882
    members = china.extra["metro_areas"]
    rows = members[(members["metro_area"] == "长春都市圈")
                   & members["role"].isin(["core", "member"])]
    codes = set(rows["code"].astype(str))
    assert len(codes) == 23
    s = china.stats[(china.stats["year"] == 2020) & china.stats["code"].isin(codes)]
    by = s.pivot_table(index="code", columns="indicator", values="value", aggfunc="first")
    units_pop = float(by["population"].sum())
    assert units_pop == 11_331_780
    units_aged = float((by["share_age_65_plus_pct"] * by["population"]).sum() / 100)
    base = units_pop + JILIN_ZONES
    assert t["share_age_65_plus_pct"] == pytest.approx(100 * (units_aged + zones_aged) / base,
                                                       rel=1e-12)
    # the units' own weighted share (the old figure, over 11,331,780 persons) differs
    assert t["share_age_65_plus_pct"] != pytest.approx(100 * units_aged / units_pop, rel=1e-7)
    assert t["urbanisation_pct"] == pytest.approx(
        100 * (float(by["population_urban"].sum()) + zones_urban) / base, rel=1e-12)
    assert round(t["share_age_65_plus_pct"], 1) == 14.7 and round(t["urbanisation_pct"], 1) == 71.1


@needs_shared
def test_zone_ageing_matches_the_census_file(china: metroscope.Region) -> None:
    raw = pd.read_excel(SHARED / "census/census_county_2020_v1.xlsx", engine="openpyxl")
    rows = raw[raw["区划代码"].isna()].set_index(raw.loc[raw["区划代码"].isna(), "区县"]
                                                 .astype(str).str.strip())
    kept = uncoded_zones(china)
    want = rows.loc[kept["name_zh"].astype(str), "人口比重_65岁及以上"].astype(float)
    assert list(kept["share_age_65_plus_pct"]) == list(want)


def _units() -> pd.DataFrame:
    rows = [("P1", "prefecture", None), ("P2", "prefecture", None), ("P3", "prefecture", None),
            ("P4", "prefecture", None),
            ("110102", "county", "P1"), ("110103", "county", "P1"), ("110121", "county", "P1"),
            ("120102", "county", "P2"), ("120171", "county", "P2"), ("120181", "county", "P2"),
            ("130102", "county", "P3"), ("130103", "county", "P3"),
            ("140102", "county", "P4")]
    return pd.DataFrame(rows, columns=["code", "level", "parent"]).set_index("code")


def _zones(*rows: tuple[str, str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["prefecture", "name_zh", "population",
                                       "population_urban"])


def test_placement_rule_by_hand() -> None:
    units = _units()
    zones = _zones(("P1", "z1", 100.0, 80.0), ("P2", "z2", 30.0, 20.0), ("P2", "z3", 5.0, 5.0),
                   ("P4", "z4", 7.0, 7.0))
    # P1: both districts core (its county 110121 a member: not a district); P2: district and
    # coded zone members; P4 outside the area
    roles = pd.Series({"110102": "core", "110103": "core", "110121": "member",
                       "120102": "member", "120171": "member", "120181": "member"})
    a = allocate(units, roles, zones, core_pref="P1")
    assert a.population == {"core": 100.0, "member": 35.0}
    assert a.urban == {"core": 80.0, "member": 25.0}
    assert a.city == {"core": 100.0, "P2": 35.0}
    assert a.unplaced == set() and a.names == ["z1", "z2", "z3"]
    # P1's districts split between core and member: only the area's total is known
    split = roles.copy()
    split["110103"] = "member"
    a = allocate(units, split, zones, core_pref="P1")
    assert a.population == {"core": 0.0, "member": 35.0, "area_only": 100.0}
    assert a.unplaced == {"core", "member", "city"}
    # P3: one district in the area, one outside: where its zones lie is unknown
    part = pd.Series({"130102": "member"})
    a = allocate(units, part, _zones(("P3", "z5", 9.0, 9.0)), core_pref="P1")
    assert a.population == {"core": 0.0, "member": 0.0}
    assert a.unplaced == {"core", "member", "area", "city"}
    # a partial district counts as "not wholly in": unknown too
    a = allocate(units, pd.Series({"130102": "member", "130103": "partial"}),
                 _zones(("P3", "z5", 9.0, 9.0)), core_pref="P1")
    assert "area" in a.unplaced


def test_unplaced_zones_make_the_figures_missing_with_the_reason(
        china: metroscope.Region, monkeypatch: pytest.MonkeyPatch) -> None:
    """吉林's districts made half core, half member: the area's total still counts the zones,
    the core/rest changes are missing with the reason."""
    import metroscope._areas_zones as Z

    real = Z.allocate

    def split(units: pd.DataFrame, roles: pd.Series, zones: pd.DataFrame,
              core_pref: str) -> Z.ZoneAllocation:
        if roles.get("220202") == "member":
            roles = roles.copy()
            roles["220202"] = "core"
        return real(units, roles, zones, core_pref)

    monkeypatch.setattr(_areas_figures, "allocate", split)  # where an area's row is made
    t = areas.compare(china)
    row = t.loc["长春都市圈"]
    assert row["population_2020"] == 11_331_780 + JILIN_ZONES
    for k in ("rest_change_pct", "core_change_pct", "core_share_pct", "primacy_two_city"):
        assert math.isnan(row[k]) and row[f"why_{k}"] == SPLIT, k


@pytest.mark.parametrize("name", ["长春", "长株潭", "南京"])
def test_an_areas_circle_carries_its_zones_and_matches_the_comparison(
        china: metroscope.Region, name: str) -> None:
    """``china.metro_area(name)`` keeps the zones of its prefectures, so its commuting circle
    (the estimated roads: ``fastest`` is the road) gives the comparison's lower bound, zones
    included (长春: 吉林's three outside; 长株潭: 湘潭's three inside with its districts)."""
    from metroscope.network import commuting_circle

    area = china.metro_area(name)
    zones = area.extra["uncoded_zones"]
    prefs = set(area.units.index[area.units["level"] == "prefecture"])
    every = uncoded_zones(china)
    assert zones.reset_index(drop=True).equals(
        every[every["prefecture"].isin(prefs)].reset_index(drop=True))
    s = commuting_circle(area, minutes=60).attrs["metroscope"]["summary"]
    row = areas.compare(china).loc[f"{name}都市圈"]
    assert s["plan_area_population"] == row["population_2020"]
    assert 100 * s["share_plan_population_inside"] == pytest.approx(
        row["accessibility_60min_lower_bound_pct"], rel=1e-12)
    placed = {"长春": JILIN_ZONES, "长株潭": 62_749 + 186_423 + 30_775}.get(name)
    if placed is not None:  # census 2020 rows, by hand
        assert s["uncoded_zones_population"] == placed
