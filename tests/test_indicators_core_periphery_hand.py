"""Core versus periphery, every cell, against sums written in the test on a toy province with
boundary-change records (``boundary_region``): the core districts, the rest of the core
prefecture (its census total minus the core), the consolidated units and the rest outside them,
and the GDP of the core prefecture against the other members over the latest span without a
series break; %Δ = 100 (X_end − X_start) / X_start (METHODS.md §14)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _indicator_fixtures import BOUNDARY_BREAKS, BOUNDARY_COUNTIES, BOUNDARY_PREFS, boundary_region
from metroscope import MissingDataError
from metroscope.indicators.core_periphery import REFERENCE, core_periphery
from metroscope.region import Region

COLUMNS = ["measure", "group", "units", "n_units", "year_start", "year_end", "value_start",
           "value_end", "unit", "change_pct", "comparable", "note"]
ASSUMED_EN = ("assumes the units created by the boundary change (A zone区) were carved out of "
              "the core units only; the break records name the same change for A3区 too (see "
              "the consolidated row)")
REST_EN = "the core prefecture's census total (2010 on 2020 boundaries) minus the core; "
GDP_EN = ("current prices (nominal); GDP exists only for whole prefectures, so the core here is "
          "the whole core prefecture; span without a series break for any member")


def _pop(codes: list[str], year: int) -> float:
    """Census population summed by hand (units created later count 0 at the start)."""
    i = 3 if year == 2010 else 4
    return float(sum(BOUNDARY_COUNTIES[c][i] or 0 for c in codes))


def _names(codes: list[str]) -> str:
    return "、".join(BOUNDARY_COUNTIES[c][2] + "区" for c in codes)


def _pct(a: float, b: float) -> float:
    return 100 * (b - a) / a


def _row(cp: pd.DataFrame, key: str, measure: str, group: str, names: str, n: int,
         years: tuple[int, int], values: tuple[float, float], unit: str,
         comparable: str, note: str) -> None:
    r = cp.loc[key]
    assert (r["measure"], r["group"], r["units"], r["n_units"]) == (measure, group, names, n)
    assert (r["year_start"], r["year_end"]) == years
    assert (r["value_start"], r["value_end"]) == pytest.approx(values, rel=1e-12,
                                                                 nan_ok=True)
    assert r["unit"] == unit
    if values[0] > 0 and all(map(math.isfinite, values)):
        assert r["change_pct"] == pytest.approx(_pct(*values), rel=1e-12)
    else:
        assert math.isnan(r["change_pct"])
    assert r["comparable"] == comparable
    assert str(r["note"]) == note


def test_every_cell_with_a_change_beyond_the_core() -> None:
    cp = core_periphery(boundary_region())
    assert list(cp.columns) == COLUMNS and cp.index.name == "key"
    assert list(cp.index) == ["population:core", "population:rest_of_prefecture",
                              "population:consolidated", "population:rest_outside_consolidated",
                              "gdp:core_prefecture", "gdp:other_members"]
    core = ["990101", "990102", "990171"]  # role core, table order
    group = ["990101", "990102", "990103", "990171"]  # every unit of the boundary change
    tot = (BOUNDARY_PREFS["990100"][2], BOUNDARY_PREFS["990100"][3])
    c = (_pop(core, 2010), _pop(core, 2020))
    assert c == (1_800_000, 2_050_000)  # the zone's 450,000 held their area in 2010
    g = (_pop(group, 2010), _pop(group, 2020))
    span = (2010, 2020)
    _row(cp, "population:core", "population", "core", _names(core), 3, span, c, "persons",
         "assumed", ASSUMED_EN)
    _row(cp, "population:rest_of_prefecture", "population", "rest of the core prefecture",
         _names(["990103", "990104"]), 2, span, (tot[0] - c[0], tot[1] - c[1]), "persons",
         "assumed", REST_EN + ASSUMED_EN)
    _row(cp, "population:consolidated", "population", "consolidated units", _names(group), 4,
         span, g, "persons", "yes",
         "A City consolidated unit (A1 District, A2 District, A3 District, A zone District): "
         "the union of every unit of the boundary change")
    _row(cp, "population:rest_outside_consolidated", "population",
         "rest outside the consolidated units", _names(["990104"]), 1, span,
         (tot[0] - g[0], tot[1] - g[1]), "persons", "yes",
         "the core prefecture's census total minus the consolidated units")
    # GDP: 990300 has a break in 2020 and 990100 alone has 2012: the latest end without a
    # break is 2015, from its earliest start
    gdp = {c: BOUNDARY_PREFS[c][4] for c in BOUNDARY_PREFS}
    _row(cp, "gdp:core_prefecture", "gdp", "core prefecture", "A市", 1, (2005, 2015),
         (gdp["990100"][2005], gdp["990100"][2015]), "cny_100m", "yes", GDP_EN)
    _row(cp, "gdp:other_members", "gdp", "other member prefectures", "B市、C市", 2, (2005, 2015),
         (gdp["990200"][2005] + gdp["990300"][2005], gdp["990200"][2015] + gdp["990300"][2015]),
         "cny_100m", "yes", GDP_EN)
    zh = cp.at["population:core", "note"].zh
    assert zh == ("假设边界变动新设的单元(A zone区)全部由核心区单元划出;边界变动记录同样涉及A3区"
                  "(见合并单元一行)")
    assert cp.at["population:consolidated", "note"].zh.startswith(
        "A市合并单元(A1区、A2区、A3区、A zone区):")
    meta = cp.attrs["metroscope"]
    assert meta["indicator"] == "core_periphery" and meta["region"] == "boundary"
    assert meta["year"] == [2010, 2020] and meta["level"] == "county"
    assert meta["measure"] == "population; gdp" and meta["reference"] == REFERENCE
    p = meta["parameters"]
    assert p["core"] == "990100"
    assert p["stats_indicators"] == ["population", "gdp"]
    assert p["assumption"] == {"created_units": ["990171"], "also_changed": ["990103"]}
    # every row under the core and the core's own, of population and GDP (not employment)
    assert meta["sources"] == ["990100 gdp", "990100 population", "990101 population",
                               "990102 population", "990103 population", "990104 population",
                               "990104 population_yearend", "990171 population"]
    # each note once, in row order
    assert [str(n) for n in meta["notes"]] == [
        ASSUMED_EN, REST_EN + ASSUMED_EN, str(cp.at["population:consolidated", "note"]),
        "the core prefecture's census total minus the consolidated units", GDP_EN]


def test_core_units_that_are_the_whole_change() -> None:
    breaks = {k: v for k, v in BOUNDARY_BREAKS.items() if k[0] != "990103"}
    cp = core_periphery(boundary_region(breaks))
    assert list(cp.index) == ["population:core", "population:rest_of_prefecture",
                              "gdp:core_prefecture", "gdp:other_members"]
    core = ["990101", "990102", "990171"]
    c = (_pop(core, 2010), _pop(core, 2020))
    tot = (BOUNDARY_PREFS["990100"][2], BOUNDARY_PREFS["990100"][3])
    union = "the core units are a union of whole consolidated units"
    _row(cp, "population:core", "population", "core", _names(core), 3, (2010, 2020), c,
         "persons", "yes", union)
    _row(cp, "population:rest_of_prefecture", "population", "rest of the core prefecture",
         _names(["990103", "990104"]), 2, (2010, 2020), (tot[0] - c[0], tot[1] - c[1]),
         "persons", "yes", REST_EN + union)
    assert cp.at["population:core", "note"].zh == "核心区单元由完整的合并单元组成"
    assert cp.attrs["metroscope"]["parameters"]["assumption"] is None


def test_an_incomplete_change_is_not_used() -> None:
    """A consolidation naming a unit without a code is incomplete: the core stays the core
    units alone (no consolidated rows), its change computed as a plain union."""
    breaks = {k: (v + " (no code)" if k[0] in ("990101", "990102", "990103") else v)
              for k, v in BOUNDARY_BREAKS.items()}
    cp = core_periphery(boundary_region(breaks))
    assert "population:consolidated" not in cp.index
    assert cp.at["population:core", "comparable"] == "yes"
    assert cp.attrs["metroscope"]["parameters"]["assumption"] is None


def test_other_years_and_an_explicit_gdp_span_across_a_break() -> None:
    cp = core_periphery(boundary_region(), start=2010, end=2018, gdp_start=2010,
                        gdp_end=2020)
    # no census in 2018 and no boundary change in (2010, 2018] for the core: the end is missing
    core = ["990101", "990102", "990171"]
    r = cp.loc["population:core"]
    assert (r["year_start"], r["year_end"]) == (2010, 2018)
    assert core == ["990101", "990102", "990171"]
    assert math.isnan(r["value_start"]) and math.isnan(r["value_end"])
    assert math.isnan(r["change_pct"]) and r["comparable"] == "no"
    assert cp.attrs["metroscope"]["year"] == [2010, 2018]
    # GDP from 2010 to 2020 crosses C's break: no values, and the note says why
    why = "series break between 2010 and 2020 for C市"
    for key, names, n in (("gdp:core_prefecture", "A市", 1),
                          ("gdp:other_members", "B市、C市", 2)):
        _row(cp, key, "gdp", cp.at[key, "group"], names, n, (2010, 2020),
             (math.nan, math.nan), "cny_100m", "no", why)
    assert cp.at["gdp:core_prefecture", "note"].zh == "2010至2020年间C市的统计口径断裂"
    ok = core_periphery(boundary_region(), gdp_start=2010, gdp_end=2015)
    _row(ok, "gdp:core_prefecture", "gdp", "core prefecture", "A市", 1, (2010, 2015),
         (1000.0, 1500.0), "cny_100m", "yes", GDP_EN)
    # one end alone is not a span: the default span is used
    one = core_periphery(boundary_region(), gdp_start=2010)
    assert (one.at["gdp:core_prefecture", "year_start"],
            one.at["gdp:core_prefecture", "year_end"]) == (2005, 2015)
    other = core_periphery(boundary_region(), gdp_end=2010)
    assert other.at["gdp:core_prefecture", "year_end"] == 2015


def test_a_zero_start_gives_no_change() -> None:
    counties = dict(BOUNDARY_COUNTIES)
    counties["990101"] = ("990100", "core", "A1", 0, 900_000)
    counties["990102"] = ("990100", "core", "A2", 0, 700_000)
    cp = core_periphery(boundary_region({}, counties=counties))
    r = cp.loc["population:core"]
    assert (r["value_start"], r["value_end"]) == (0.0, _pop(["990101", "990102", "990171"],
                                                            2020))
    assert math.isnan(r["change_pct"]) and r["comparable"] == "no"


def test_without_gdp_or_other_members_only_population() -> None:
    prefs = {c: (*v[:4], {}) for c, v in BOUNDARY_PREFS.items()}
    cp = core_periphery(boundary_region(prefs=prefs))
    assert not any(k.startswith("gdp:") for k in cp.index)
    alone = {c: (v[0], "context" if c != "990100" else "core", *v[2:])
             for c, v in BOUNDARY_PREFS.items()}
    cp2 = core_periphery(boundary_region(prefs=alone))
    assert not any(k.startswith("gdp:") for k in cp2.index)
    # no span without a break: every later year of a member is broken
    brk = {**BOUNDARY_BREAKS, **{("990200", y, "gdp"): "boundary change"
                                 for y in (2010, 2015, 2020)}}
    cp3 = core_periphery(boundary_region(brk))
    assert not any(k.startswith("gdp:") for k in cp3.index)


def test_gdp_rows_without_core_districts() -> None:
    counties = {c: (v[0], "member", *v[2:]) for c, v in BOUNDARY_COUNTIES.items()}
    cp = core_periphery(boundary_region(counties=counties))
    assert list(cp.index) == ["gdp:core_prefecture", "gdp:other_members"]
    assert cp.at["gdp:core_prefecture", "value_end"] == 1500.0


def test_nothing_to_compare_is_refused_in_full() -> None:
    prefs = {c: (*v[:4], {}) for c, v in BOUNDARY_PREFS.items()}
    counties = {c: (v[0], "member", *v[2:]) for c, v in BOUNDARY_COUNTIES.items()}
    with pytest.raises(MissingDataError) as e:
        core_periphery(boundary_region(prefs=prefs, counties=counties))
    assert str(e.value) == (
        "No core-versus-periphery comparison for region 'boundary': it needs county-level "
        "units with role 'core' under the core and their census population.")


def test_a_prefecture_only_region_still_gets_the_gdp_rows() -> None:
    cp = core_periphery(boundary_region(counties={}))
    assert list(cp.index) == ["gdp:core_prefecture", "gdp:other_members"]
    assert cp.attrs["metroscope"]["sources"] == ["990100 gdp", "990100 population"]
    with pytest.raises(MissingDataError, match="No core-versus-periphery comparison"):
        core_periphery(boundary_region(counties={}, prefs={
            c: (*v[:4], {}) for c, v in BOUNDARY_PREFS.items()}))


def test_a_start_of_one_person_still_gives_a_change() -> None:
    """Any positive start gives a change: 1 person in 2010 (the zone did not exist)."""
    counties = dict(BOUNDARY_COUNTIES)
    counties["990101"] = ("990100", "core", "A1", 1, 900_000)
    counties["990102"] = ("990100", "core", "A2", 0, 700_000)
    r = core_periphery(boundary_region(counties=counties)).loc["population:core"]
    # by hand: 1 + 0 (+ the zone's none) = 1; 900,000 + 700,000 + 450,000 = 2,050,000
    assert (r["value_start"], r["value_end"]) == (1.0, 2_050_000.0)
    assert r["change_pct"] == pytest.approx(100 * (2_050_000 - 1) / 1, rel=1e-12)
    assert r["comparable"] == "assumed"


def test_a_province_core_counts_its_core_counties_not_the_core_prefecture() -> None:
    """With the province as the core (``meta['core_code']``), the core units are the
    county-level units with role core under it; the core prefecture 990100 (also role core,
    also under the province) is not a county and is not added to them."""
    base = boundary_region(counties={k: v for k, v in BOUNDARY_COUNTIES.items()
                                     if k != "990103"}, breaks={})
    r = Region(name="boundary", units=base.units.reset_index(), stats=base.stats,
               meta={"core_code": "990000"})
    cp = core_periphery(r)
    row = cp.loc["population:core"]
    # by hand: A1 + A2 + the zone (created: 0 in 2010)
    assert (row["value_start"], row["value_end"]) == (1_800_000.0, 2_050_000.0)
    assert row["units"] == "A1区、A2区、A zone区" and row["n_units"] == 3


def test_a_change_recorded_on_the_year_end_population_only() -> None:
    """The boundary records of both population indicators count: the core's change on the
    census, and 990103's part in it on the year-end population only (2015)."""
    breaks = {k: v for k, v in BOUNDARY_BREAKS.items() if k[0] != "990103"}
    base = boundary_region(breaks)
    extra = pd.DataFrame([{"code": "990103", "year": 2015, "indicator": "population_yearend",
                           "value": 590_000.0, "unit": "persons", "source": "990103 yearend",
                           "quality": "A", "break": True,
                           "note": "boundary change: zone 990171 carved out"}])
    r = base.with_tables(stats=pd.concat([base.stats, extra], ignore_index=True))
    cp = core_periphery(r)
    assert list(cp.index) == ["population:core", "population:rest_of_prefecture",
                              "population:consolidated", "population:rest_outside_consolidated",
                              "gdp:core_prefecture", "gdp:other_members"]
    group = ["990101", "990102", "990103", "990171"]
    g = (_pop(group, 2010), _pop(group, 2020))
    assert g == (2_400_000, 2_550_000)
    row = cp.loc["population:consolidated"]
    assert (row["value_start"], row["value_end"]) == g
    assert cp.at["population:core", "comparable"] == "assumed"
    assert cp.attrs["metroscope"]["parameters"]["assumption"] == {
        "created_units": ["990171"], "also_changed": ["990103"]}


def test_the_consolidated_units_are_listed_in_table_order() -> None:
    """Units table order (the zone before A3), not code order, names the consolidated units
    and the created and also-changed units."""
    order = ["990101", "990102", "990171", "990103", "990104", "990201", "990202", "990203",
             "990301", "990302"]
    counties = {c: BOUNDARY_COUNTIES[c] for c in order}
    cp = core_periphery(boundary_region(counties=counties))
    row = cp.loc["population:consolidated"]
    assert row["units"] == "A1区、A2区、A zone区、A3区" and row["n_units"] == 4
    assert (row["value_start"], row["value_end"]) == (2_400_000.0, 2_550_000.0)
    assert cp.at["population:core", "units"] == "A1区、A2区、A zone区"
