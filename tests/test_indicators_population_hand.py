"""Population indicators, every cell, against hand computations on the toy province and against
published census figures.

The expected values are computed here with plain Python (``math``, loops over the fixture's
dictionaries), not with the code under test. Published figures: the provincial totals of the
7th population census bulletin No. 3 (第七次全国人口普查公报(第三号), 2021-05-11, with the 2010
census beside them) and the county table of the 2010 and 2020 censuses for 德惠市 220183.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import metroscope
from _indicator_fixtures import COUNTIES, toy_region
from metroscope import MissingDataError, ParameterError
from metroscope.datasets import list_datasets
from metroscope.indicators.population import (
    PROJECTION_CAVEAT,
    REFERENCE,
    population_change,
    population_projection,
)
from metroscope.indicators.population_structure import (
    ageing,
    migration_shares,
    urbanisation,
)
from metroscope.region import Region

BREAK = "series break between 2010 and 2020 (not comparable)"
SOURCE = ["hand-built test data"]


def _rate(p0: float, p1: float, years: int) -> float:
    return 100 * ((p1 / p0) ** (1 / years) - 1)


def _with(r: Region, changes: dict[tuple[str, int, str], float | None],
          breaks: dict[tuple[str, int, str], str] | None = None) -> Region:
    """``r`` with stats values replaced (None drops the row) and break rows with a note."""
    st = r.stats.copy()
    st["note"] = ""
    for (code, year, ind), v in changes.items():
        m = (st["code"] == code) & (st["year"] == year) & (st["indicator"] == ind)
        st = st[~m] if v is None else st.assign(value=st["value"].mask(m, v))
    for (code, year, ind), note in (breaks or {}).items():
        m = (st["code"] == code) & (st["year"] == year) & (st["indicator"] == ind)
        st.loc[m, "break"] = True
        st.loc[m, "note"] = note
    return r.with_tables(stats=st.reset_index(drop=True))


def test_population_change_every_cell_by_hand() -> None:
    ch = population_change(toy_region())
    assert list(ch.index) == list(COUNTIES)
    assert ch.index.name == "code"
    assert list(ch.columns) == ["name_zh", "name_en", "role", "parent", "population_start",
                                "population_end", "change", "change_pct", "annual_rate_pct",
                                "shrinking", "note", "consolidated"]
    for code, (parent, role, _x, _y, p10, p20, *_rest) in COUNTIES.items():
        row = ch.loc[code]
        assert (row["name_zh"], row["name_en"], row["role"], row["parent"]) == (
            code, code, role, parent)
        assert (row["population_start"], row["population_end"]) == (p10, p20)
        assert row["consolidated"] is np.False_ or row["consolidated"] is False
        if code == "990302":  # the 2020 row is flagged as a series break
            assert math.isnan(row["change"]) and math.isnan(row["change_pct"])
            assert math.isnan(row["annual_rate_pct"])
            assert row["shrinking"] is pd.NA
            assert row["note"] == BREAK
            continue
        assert row["change"] == p20 - p10
        assert row["change_pct"] == pytest.approx(100 * (p20 - p10) / p10, rel=1e-12)
        assert row["annual_rate_pct"] == pytest.approx(_rate(p10, p20, 10), rel=1e-12, abs=1e-15)
        assert bool(row["shrinking"]) is (p20 < p10)
        assert row["note"] == ""
    assert str(ch["shrinking"].dtype) == "boolean"
    assert ch["note"].dtype == object and ch["consolidated"].dtype == bool
    meta = ch.attrs["metroscope"]
    assert meta["indicator"] == "population_change" and meta["region"] == "toy"
    assert meta["measure"] == "population" and meta["reference"] == REFERENCE
    assert meta["parameters"] == {"shrink_threshold_pct": 0.0,
                                  "stats_indicators": ["population"]}
    assert meta["sources"] == SOURCE
    # 990301 shrinks (-20 %); 990101 grows; three units stay at 0 %; 990302 is refused
    assert meta["notes"] == [
        "1 of the 5 units with a comparable change are shrinking (change < 0.0 % over "
        "2010-2020); 1 rows have no comparable change"]


def test_annual_rate_over_other_periods_and_threshold() -> None:
    r = toy_region()
    st = r.stats
    extra = st[(st["year"] == 2010) & (st["indicator"] == "population")].assign(year=2014)
    extra["value"] = extra["value"] * 1.1
    r = r.with_tables(stats=pd.concat([st, extra], ignore_index=True))
    ch = population_change(r, start=2010, end=2014)
    for code, (*_head, p10, _p20, _a, _b, _c, _d) in COUNTIES.items():
        p14 = p10 * 1.1
        assert ch.at[code, "change_pct"] == pytest.approx(10.0)
        assert ch.at[code, "annual_rate_pct"] == pytest.approx(_rate(p10, p14, 4), rel=1e-12)
        assert ch.at[code, "change"] == pytest.approx(p14 - p10)
    ch = population_change(r, start=2010, end=2014, shrink_threshold_pct=10.5)
    assert ch["shrinking"].all()
    assert ch.attrs["metroscope"]["notes"][0].startswith(
        "6 of the 6 units with a comparable change are shrinking (change < 10.5 % over "
        "2010-2014); 0 rows")
    ch = population_change(r, start=2010, end=2014, shrink_threshold_pct=9.5)
    assert not ch["shrinking"].any()


def test_default_threshold_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from metroscope import settings as S
    base = S.get_settings()
    monkeypatch.setattr("metroscope.indicators.population.get_settings",
                        lambda: type(base)(**{**base.__dict__, "shrink_threshold_pct": 25.0}))
    ch = population_change(toy_region())
    assert ch.attrs["metroscope"]["parameters"]["shrink_threshold_pct"] == 25.0
    # 990101 grows by 20 % < 25 %: shrinking under this threshold
    assert bool(ch.at["990101", "shrinking"]) is True


def test_refusals_in_full() -> None:
    with pytest.raises(ParameterError) as e:
        population_change(toy_region(), start=2020, end=2020)
    assert str(e.value) == "end (2020) must be after start (2020)."
    with pytest.raises(MissingDataError) as e2:
        population_change(toy_region(), start=2000, end=2005, level="prefecture")
    assert str(e2.value) == "No population for 2000 or 2005 at level 'prefecture' in region 'toy'."
    # one year with a population is enough to compute (NaN changes with their reasons)
    ch = population_change(toy_region(), start=2010, end=2011)
    assert ch["change"].isna().all()
    assert (ch["note"] == "no value in 2011").all()
    assert str(ch["shrinking"].dtype) == "boolean" and ch["shrinking"].isna().all()
    assert ch.attrs["metroscope"]["notes"][0] == (
        "0 of the 0 units with a comparable change are shrinking (change < 0.0 % over "
        "2010-2011); 6 rows have no comparable change")


def test_two_and_three_reasons() -> None:
    r = _with(toy_region(), {("990401", 2010, "population"): None,
                             ("990401", 2020, "population"): None})
    ch = population_change(r)
    assert ch.at["990401", "note"] == "no value in 2010; no value in 2020"
    assert ch.at["990401", "note"].zh == "2010年无数值;2020年无数值"
    only_start = _with(toy_region(), {("990302", 2010, "population"): None})
    assert population_change(only_start).at["990302", "note"] == f"no value in 2010; {BREAK}"
    only_end = _with(toy_region(county_break=False), {("990302", 2020, "population"): None})
    assert population_change(only_end).at["990302", "note"] == "no value in 2020"
    # no value in either year and a break in between (a 2015 row flagged as a break)
    st = toy_region().stats
    m = (st["code"] == "990302") & (st["indicator"] == "share_age_65_plus_pct")
    mid = st[m & (st["year"] == 2010)].assign(year=2015, value=7.5, **{"break": True})
    ag = ageing(toy_region().with_tables(stats=pd.concat([st[~m], mid], ignore_index=True)))
    assert ag.at["990302", "note"] == f"no value in 2010; no value in 2020; {BREAK}"
    assert ag.at["990302", "note"].zh == (
        "2010年无数值;2020年无数值;2010至2020年间存在序列断点(不可比)")
    # a break at the start year is outside (start, end]: the change is computed
    early = _with(toy_region(county_break=False), {},
                  {("990302", 2010, "population"): "other"})
    assert population_change(early).at["990302", "note"] == ""


def _consolidated(pop: dict[tuple[str, int], float | None] | None = None) -> Region:
    """990301 and 990302 flagged with a boundary change in 2020 (populations replaced)."""
    note = "boundary change 2020 (990301, 990302)"
    brk = {("990301", 2020, "population"): note, ("990302", 2020, "population"): note}
    vals = {(c, y, "population"): v for (c, y), v in (pop or {}).items()}
    return _with(toy_region(county_break=False), vals, brk)


def test_consolidated_row_by_hand() -> None:
    ch = population_change(_consolidated())
    code = "990301+990302"
    assert list(ch.index) == [*COUNTIES, code]
    row = ch.loc[code]
    p10, p20 = 1_500_000 + 1_000_000, 1_200_000 + 800_000
    assert (row["name_zh"], row["name_en"]) == ("C市合并单元(990301、990302)",
                                                "C consolidated unit (990301, 990302)")
    assert (row["role"], row["parent"]) == ("member+partial", "990300")
    assert (row["population_start"], row["population_end"]) == (p10, p20)
    assert row["change"] == p20 - p10
    assert row["change_pct"] == pytest.approx(100 * (p20 - p10) / p10, rel=1e-12)
    assert row["annual_rate_pct"] == pytest.approx(_rate(p10, p20, 10), rel=1e-12)
    assert row["shrinking"] is np.True_ or row["shrinking"] is True
    assert bool(row["consolidated"]) is True
    assert row["note"] == ("consolidated unit of 2 units whose boundaries moved among "
                           "themselves (boundary change 2020)")
    assert row["note"].zh == "由2个边界相互变动的单元合并而成(边界变动:2020)"
    assert ch.loc[list(COUNTIES), "consolidated"].eq(False).all()
    assert str(ch["shrinking"].dtype) == "boolean" and ch["consolidated"].dtype == bool
    assert ch["note"].dtype == object
    notes = ch.attrs["metroscope"]["notes"]
    assert notes == [
        "1 of the 5 units with a comparable change are shrinking (change < 0.0 % over "
        "2010-2020); 2 rows have no comparable change",
        "consolidated unit C consolidated unit (990301, 990302): 2,500,000 -> 2,000,000 "
        "persons (2010 -> 2020)"]
    assert notes[1].zh == "合并单元C市合并单元(990301、990302):2010年2,500,000人 → 2020年2,000,000人"
    # the threshold applies to the union too: -20 % is not below -25 %
    ch = population_change(_consolidated(), shrink_threshold_pct=-25.0)
    assert bool(ch.at[code, "shrinking"]) is False
    assert bool(population_change(_consolidated(), shrink_threshold_pct=-15.0)
                .at[code, "shrinking"]) is True
    # strictly below: -20 % exactly is not below -20 %, and is below -19.99 % but not -20.01 %
    for t, shrinking in ((-20.0, False), (-19.99, True), (-20.01, False)):
        got = population_change(_consolidated(), shrink_threshold_pct=t).at[code, "shrinking"]
        assert bool(got) is shrinking, t
    # without consolidation, or when a member is not selected, there is no union row
    assert code not in population_change(_consolidated(), consolidate=False).index
    assert code not in population_change(_consolidated(), codes=["990301", "990101"]).index
    part = population_change(_consolidated(), codes=["990302", "990301"])
    assert list(part.index) == ["990301", "990302", code]


def test_consolidated_row_not_comparable() -> None:
    code = "990301+990302"
    ch = population_change(_consolidated({("990302", 2020): None}))
    row = ch.loc[code]
    assert row["population_start"] != row["population_start"]  # NaN: no total
    assert math.isnan(row["change"]) and math.isnan(row["change_pct"])
    assert math.isnan(row["annual_rate_pct"]) and row["shrinking"] is pd.NA
    assert row["note"] == ("consolidated unit of 2 units whose boundaries moved among "
                           "themselves (boundary change 2020); not comparable: no end value "
                           "for 990302")
    assert ch.attrs["metroscope"]["notes"][1] == (
        "consolidated unit C consolidated unit (990301, 990302): not comparable (no end value "
        "for 990302)")
    assert ch.attrs["metroscope"]["notes"][0].endswith("3 rows have no comparable change")
    # a union with a zero start total has no change (and no division by zero)
    zero = population_change(_consolidated({("990301", 2010): 0.0, ("990302", 2010): 0.0}))
    row = zero.loc[code]
    assert row["population_start"] == 0 and row["population_end"] == 2_000_000
    assert math.isnan(row["change"]) and math.isnan(row["change_pct"])
    assert math.isnan(row["annual_rate_pct"]) and row["shrinking"] is pd.NA
    assert row["note"] == ("consolidated unit of 2 units whose boundaries moved among "
                           "themselves (boundary change 2020)")


def test_consolidated_row_with_a_start_total_below_one() -> None:
    ch = population_change(_consolidated({("990301", 2010): 0.2, ("990302", 2010): 0.3}))
    row = ch.loc["990301+990302"]
    assert row["population_start"] == pytest.approx(0.5)
    assert row["change"] == pytest.approx(2_000_000 - 0.5)
    assert row["change_pct"] == pytest.approx(100 * (2_000_000 - 0.5) / 0.5)
    assert bool(row["shrinking"]) is False


def test_definitions_note_when_a_year_has_only_year_end_figures() -> None:
    r = toy_region(county_break=False)
    st = r.stats
    ye = st[(st["year"] == 2020) & (st["indicator"] == "population")].assign(
        indicator="population_yearend")
    m = (st["year"] == 2020) & (st["indicator"] == "population")
    mixed = r.with_tables(stats=pd.concat([st[~m], ye], ignore_index=True))
    ch = population_change(mixed)
    assert ch.attrs["metroscope"]["notes"][-1] == (
        "2010 uses the census count and 2020 the year-end figure: different definitions "
        "(census on 1 November, year-end resident population of the bulletins)")
    assert ch.attrs["metroscope"]["parameters"]["stats_indicators"] == [
        "population", "population_yearend"]
    assert ch.at["990101", "change"] == 1_000_000
    # one census count in 2020 makes 2020 a census year: no note
    one = pd.concat([st[~m], ye, st[m & (st["code"] == "990401")]], ignore_index=True)
    notes = population_change(r.with_tables(stats=one)).attrs["metroscope"]["notes"]
    assert not any("different definitions" in n for n in notes)
    # year-end figures in both years: the same definition, no note
    both = st.assign(indicator=st["indicator"].replace("population", "population_yearend"))
    notes = population_change(r.with_tables(stats=both)).attrs["metroscope"]["notes"]
    assert len(notes) == 1


def test_ageing_every_cell_and_stage_boundaries() -> None:
    ag = ageing(toy_region())
    assert list(ag.columns) == ["name_zh", "name_en", "role", "parent",
                                "share_65_plus_start_pct", "share_65_plus_end_pct",
                                "change_pp", "stage_end", "note"]

    def stage(s: float) -> str:
        if s != s:
            return ""
        if s >= 20:
            return "super-aged (超老龄化, ≥20%)"
        if s >= 14:
            return "aged (深度老龄化, ≥14%)"
        return "ageing (老龄化, ≥7%)" if s >= 7 else "young (<7%)"

    for code, (parent, role, _x, _y, _p, _q, a10, a20, _u, _v) in COUNTIES.items():
        row = ag.loc[code]
        assert (row["role"], row["parent"]) == (role, parent)
        assert (row["share_65_plus_start_pct"], row["share_65_plus_end_pct"]) == (a10, a20)
        assert row["stage_end"] == stage(a20)
        if code == "990302":
            assert math.isnan(row["change_pp"]) and row["note"] == BREAK
        else:
            assert row["change_pp"] == pytest.approx(a20 - a10) and row["note"] == ""
    meta = ag.attrs["metroscope"]
    assert (meta["indicator"], meta["measure"], meta["year"], meta["level"]) == (
        "ageing", "share_age_65_plus_pct", [2010, 2020], "county")
    assert meta["sources"] == SOURCE
    assert meta["reference"] == "United Nations 1956; population censuses 2010 and 2020"
    # the stage cuts are inclusive: 20, 14 and 7 % exactly, and just below 7 %
    r = _with(toy_region(), {("990101", 2020, "share_age_65_plus_pct"): 20.0,
                             ("990102", 2020, "share_age_65_plus_pct"): 7.0,
                             ("990201", 2020, "share_age_65_plus_pct"): 6.999,
                             ("990301", 2020, "share_age_65_plus_pct"): 19.999,
                             ("990401", 2020, "share_age_65_plus_pct"): None})
    ag = ageing(r, start=2010, end=2020)
    got = ag["stage_end"].to_dict()
    assert got == {"990101": stage(20.0), "990102": stage(7.0), "990201": stage(6.999),
                   "990301": stage(19.999), "990302": stage(9.0), "990401": ""}
    assert got["990201"] == "young (<7%)" and got["990101"].startswith("super-aged")
    assert ag.at["990401", "note"] == "no value in 2020"


def test_migration_shares_every_cell() -> None:
    inm = {"990101": (600_000, 900_000, 300_000), "990102": (150_000, 150_000, 30_000),
           "990201": (200_000, 200_000, 40_000), "990301": (60_000, 24_000, 12_000),
           "990302": (40_000, 16_000, 8_000), "990401": (50_000, 20_000, 10_000)}
    mg = migration_shares(toy_region())
    for code, (same, oc, op) in inm.items():
        p = COUNTIES[code][5]
        row = mg.loc[code]
        assert row["population"] == p
        assert (row["inmigrants_same_county"], row["inmigrants_other_county"],
                row["inmigrants_other_province"]) == (same, oc, op)
        assert row["share_same_county_pct"] == pytest.approx(100 * same / p)
        assert row["share_other_county_pct"] == pytest.approx(100 * oc / p)
        assert row["share_other_province_pct"] == pytest.approx(100 * op / p)
        assert row["migrant_share_pct"] == pytest.approx(100 * (oc + op) / p)
        assert row["other_province_of_migrants_pct"] == pytest.approx(100 * op / (oc + op))
    meta = mg.attrs["metroscope"]
    assert meta["notes"] == [] and meta["year"] == 2020 and meta["measure"] == "inmigrants"
    assert meta["sources"] == SOURCE and meta["reference"] == "Population census 2020"
    assert meta["indicator"] == "migration_shares" and meta["level"] == "county"
    r = _with(toy_region(), {("990401", 2020, "inmigrants_same_county"): None,
                             ("990102", 2020, "population"): None})
    mg = migration_shares(r)
    assert mg.attrs["metroscope"]["notes"] == [
        "incomplete in 2020 (NaN shares): 990102, 990401"]
    assert mg.attrs["metroscope"]["notes"][0].get("zh") == (
        "2020年数据不全(相应份额为NaN):990102, 990401")
    assert math.isnan(mg.at["990401", "share_same_county_pct"])
    assert mg.at["990401", "migrant_share_pct"] == pytest.approx(100 * 30_000 / 1_000_000)
    # another year: 2010 has no in-migrant rows here, so every share is NaN and named
    mg = migration_shares(toy_region(), year=2010, level="county", codes=["990101"])
    assert list(mg.index) == ["990101"] and mg.at["990101", "population"] == 5_000_000
    assert mg.attrs["metroscope"]["notes"] == ["incomplete in 2010 (NaN shares): 990101"]


def test_urbanisation_every_cell() -> None:
    u = urbanisation(toy_region())
    assert list(u.columns) == ["name_zh", "name_en", "role", "parent", "urbanisation_start_pct",
                               "urbanisation_end_pct", "change_pp", "note"]
    for code, (_par, _role, _x, _y, p10, p20, _a, _b, u10, u20) in COUNTIES.items():
        row = u.loc[code]
        assert row["urbanisation_start_pct"] == pytest.approx(100 * u10 / p10, rel=1e-12)
        assert row["urbanisation_end_pct"] == pytest.approx(100 * u20 / p20, rel=1e-12)
        if code == "990302":
            assert math.isnan(row["change_pp"]) and row["note"] == BREAK
        else:
            assert row["change_pp"] == pytest.approx(100 * (u20 / p20 - u10 / p10), abs=1e-12)
            assert row["note"] == ""
    meta = u.attrs["metroscope"]
    assert (meta["indicator"], meta["measure"], meta["year"], meta["level"]) == (
        "urbanisation", "population_urban / population", [2010, 2020], "county")
    assert meta["sources"] == SOURCE
    assert meta["reference"] == "Population censuses 2010 and 2020"
    # the break on the urban population alone refuses the change too
    r = _with(toy_region(county_break=False), {},
              {("990101", 2020, "population_urban"): "revised"})
    assert urbanisation(r).at["990101", "note"] == BREAK
    r = _with(toy_region(county_break=False), {("990102", 2010, "population"): None})
    got = urbanisation(r)
    assert got.at["990102", "note"] == "no value in 2010"
    assert math.isnan(got.at["990102", "urbanisation_start_pct"])


def test_projection_every_cell() -> None:
    pr = population_projection(toy_region())
    assert list(pr.columns) == ["name_zh", "name_en", "role", "parent", "population_base_end",
                                "annual_rate_pct", "horizon", "population_projected",
                                "caveat", "note"]
    for code, (parent, role, _x, _y, p10, p20, *_rest) in COUNTIES.items():
        row = pr.loc[code]
        assert (row["role"], row["parent"], row["horizon"]) == (role, parent, 2035)
        assert row["population_base_end"] == p20 and row["caveat"] == PROJECTION_CAVEAT
        if code == "990302":
            assert math.isnan(row["population_projected"]) and row["note"] == BREAK
            continue
        assert row["annual_rate_pct"] == pytest.approx(_rate(p10, p20, 10), rel=1e-12, abs=1e-15)
        # 15 years at the 2010-2020 rate: P_2035 = P_2020 (P_2020 / P_2010)^1.5
        assert row["population_projected"] == pytest.approx(p20 * (p20 / p10) ** 1.5, rel=1e-12)
    meta = pr.attrs["metroscope"]
    assert (meta["indicator"], meta["measure"], meta["year"], meta["level"]) == (
        "population_projection", "population", [2010, 2020, 2035], "county")
    assert meta["parameters"] == {"base": [2010, 2020], "horizon": 2035}
    assert meta["sources"] == SOURCE and meta["notes"] == [PROJECTION_CAVEAT]
    assert meta["reference"] == REFERENCE
    # the horizon column holds a calendar year, not persons
    assert meta["units"] == {"horizon": "year"}
    pr = population_projection(toy_region(), level="prefecture", codes=["990300"],
                               horizon=2025)
    assert list(pr.index) == ["990300"]
    assert pr.at["990300", "population_projected"] == pytest.approx(2_000_000 * 0.8 ** 0.5)


needs_data = pytest.mark.skipif("changchun" not in list_datasets(),
                                reason="embedded changchun dataset not built")


@needs_data
def test_published_census_figures() -> None:
    r = metroscope.load("changchun")
    ch = population_change(r, level="province")
    # 7th census bulletin No. 3: resident population 2020 and 2010 by province
    published = {"150000": (24_706_291, 24_049_155), "210000": (43_746_323, 42_591_407),
                 "220000": (27_452_815, 24_073_453), "230000": (38_313_991, 31_850_088)}
    for code, (p10, p20) in published.items():
        assert (ch.at[code, "population_start"], ch.at[code, "population_end"]) == (p10, p20)
        assert ch.at[code, "change"] == p20 - p10
        assert ch.at[code, "change_pct"] == pytest.approx(100 * (p20 - p10) / p10)
        assert bool(ch.at[code, "shrinking"]) is True
    assert ch.at["220000", "change_pct"] == pytest.approx(-12.31, abs=0.005)  # 吉林 -12.31 %
    assert ch.at["230000", "change_pct"] == pytest.approx(-16.87, abs=0.005)  # 黑龙江
    # 德惠市 220183, county tables: 748,369 -> 635,476; urban 187,956 -> 202,988
    cty = population_change(r, codes=["220183"])
    assert cty.at["220183", "change_pct"] == pytest.approx(100 * (635_476 / 748_369 - 1))
    assert cty.at["220183", "annual_rate_pct"] == pytest.approx(
        _rate(748_369, 635_476, 10), rel=1e-12)
    u = urbanisation(r, codes=["220183"])
    assert u.at["220183", "urbanisation_start_pct"] == pytest.approx(100 * 187_956 / 748_369)
    assert u.at["220183", "urbanisation_end_pct"] == pytest.approx(100 * 202_988 / 635_476)


def _sourced() -> Region:
    """The toy province with other sources on rows no county result should cite: prefecture
    and province rows (also a prefecture's share aged 65+), and a 2015 copy of every county
    row (2010's values); the in-migrant rows come from the long form."""
    r = toy_region()
    st = r.stats.copy()
    st.loc[~st["code"].isin(list(COUNTIES)), "source"] = "prefecture yearbook"
    st.loc[st["indicator"].str.startswith("inmigrants_"), "source"] = "census long form"
    y15 = st[st["code"].isin(list(COUNTIES)) & (st["year"] == 2010)].assign(
        year=2015, source="bulletin 2015")
    mig = st[st["indicator"].str.startswith("inmigrants_")].assign(year=2015,
                                                                  source="bulletin 2015")
    pref = st[(st["code"] == "990101") & (st["indicator"] == "share_age_65_plus_pct")].assign(
        code="990100", source="prefecture yearbook")
    return r.with_tables(stats=pd.concat([st, y15, mig, pref], ignore_index=True))


def test_sources_and_region_of_every_result() -> None:
    r = _sourced()
    for fn in (population_change, ageing, urbanisation, population_projection):
        meta = fn(r).attrs["metroscope"]
        assert (meta["region"], meta["sources"]) == ("toy", SOURCE), fn.__name__
    meta = migration_shares(r).attrs["metroscope"]
    assert (meta["region"], meta["sources"]) == ("toy", ["census long form", *SOURCE])
    meta = population_change(r, level="prefecture").attrs["metroscope"]
    assert meta["sources"] == ["prefecture yearbook"]


def test_units_chosen_by_level_and_codes() -> None:
    r = toy_region()
    assert list(ageing(r, codes=["990401", "990101"]).index) == ["990101", "990401"]
    assert list(urbanisation(r).index) == list(COUNTIES)
    assert list(urbanisation(r, codes=["990401", "990101"]).index) == ["990101", "990401"]
    assert list(population_projection(r).index) == list(COUNTIES)


def test_projection_from_other_base_years() -> None:
    r = _sourced()  # 2015 holds the 2010 figures
    late = population_projection(r, base_start=2015, base_end=2020, horizon=2025)
    early = population_projection(r, base_start=2010, base_end=2015, horizon=2020)
    for code, (*_head, p10, p20, _a, _b, _c, _d) in COUNTIES.items():
        if code == "990302":  # the 2020 row is a break: refused in (2015, 2020] only
            assert math.isnan(late.at[code, "population_projected"])
            assert early.at[code, "population_projected"] == pytest.approx(p10)
            continue
        # five years at the 2015-2020 rate: P_2025 = P_2020 (P_2020 / P_2015)
        assert late.at[code, "population_projected"] == pytest.approx(p20 * p20 / p10)
        assert late.at[code, "annual_rate_pct"] == pytest.approx(_rate(p10, p20, 5))
        # no change 2010-2015: the 2015 figure stays
        assert early.at[code, "population_projected"] == pytest.approx(p10)
        assert early.at[code, "population_base_end"] == p10


def test_zero_start_population_without_a_warning() -> None:
    # pytest turns warnings into errors: 0 -> P and 0 -> 0 give inf and NaN quietly
    r = _with(toy_region(), {("990101", 2010, "population"): 0.0,
                             ("990102", 2010, "population"): 0.0,
                             ("990102", 2020, "population"): 0.0})
    ch = population_change(r)
    assert ch.at["990101", "change"] == 6_000_000
    assert ch.at["990101", "change_pct"] == math.inf
    assert ch.at["990101", "annual_rate_pct"] == math.inf
    assert math.isnan(ch.at["990102", "change_pct"])
    assert math.isnan(ch.at["990102", "annual_rate_pct"])
    assert ch.at["990102", "shrinking"] is pd.NA


def test_migration_above_county_says_the_census_category_is_county_relative() -> None:
    """长春's 'rest of the province' in-migrants (2,606,819) are the sum of its 15 county rows,
    each counted relative to its own county: moves between the city's districts are in it."""
    import metroscope
    from metroscope.indicators.population_structure import migration_shares

    region = metroscope.load("changchun")
    pref = migration_shares(region, level="prefecture")
    assert pref.at["220100", "inmigrants_other_county"] == 2_606_819
    keys = [n.key for n in pref.attrs["metroscope"]["notes"]]
    assert keys == ["ind_migration_county_relative"]
    county = migration_shares(region, level="county")
    assert "ind_migration_county_relative" not in [
        getattr(n, "key", None) for n in county.attrs["metroscope"]["notes"]]


def test_a_year_without_census_values_is_refused_naming_the_census_years() -> None:
    from metroscope._errors import error_text

    tail = "Choose the start and end among them (--start and --end on the command line)."
    for call, ind, year in ((lambda: ageing(toy_region(), start=2015), "share_age_65_plus_pct",
                             2015),
                            (lambda: ageing(toy_region(), end=2021), "share_age_65_plus_pct",
                             2021),
                            (lambda: urbanisation(toy_region(), start=2010, end=2016),
                             "population_urban", 2016)):
        with pytest.raises(MissingDataError) as e:
            call()
        assert error_text(e.value, "en") == (
            f"No value of {ind} in {year}; the census years that have values: 2010, 2020. "
            + tail)
    # the prefectures have no share aged 65+ in any year: the message says so
    with pytest.raises(MissingDataError) as e:
        ageing(toy_region(), level="prefecture")
    assert error_text(e.value, "en") == (
        "No value of share_age_65_plus_pct in 2010; the census years that have values: —. "
        + tail)
    assert "有数值的普查年份:—" in error_text(e.value, "zh")
    # the census years of the units asked for: the prefectures have no urban population
    with pytest.raises(MissingDataError) as e:
        urbanisation(toy_region(), level="prefecture")
    assert error_text(e.value, "en") == (
        "No value of population_urban in 2010; the census years that have values: —. " + tail)


def test_ageing_stage_keeps_its_chinese_text() -> None:
    from metroscope.messages import Message

    ag = ageing(toy_region())
    cell = ag.at["990102", "stage_end"]  # 15 % aged 65+ in 2020
    assert isinstance(cell, Message)
    assert cell.zh == Message("ind_ageing_stage_aged").zh and cell.zh.startswith("深度老龄化")
