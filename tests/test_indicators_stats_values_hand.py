"""Reading the statistics for the indicators (``indicators/_stats_values.py``), on a toy table
whose every value is written here, and on the census figures of 长春市.

Toy province 990000 (P) with prefectures A 990100, B 990200, C 990300:

=================  ====  ==========  ==========  ==========
indicator          year  A           B           C
=================  ====  ==========  ==========  ==========
population         2010  1,000,000   500,000     —
population         2020  1,200,000   —           —
population_yearend 2015  1,100,000   550,000     300,000
population_yearend 2020  1,190,000   560,000     —
population_yearend 2021  —           —           310,000 (break: boundary change)
gdp                2015  100         40          20
gdp                2018  —           50 (break: boundary change)  —
gdp                2019  140 (break: revision)  —    —
gdp                2020  150         60          —
toy_score          2019  5           —           —
toy_score          2020  —           7           —
=================  ====  ==========  ==========  ==========

P has gdp 2020 = 250, flagged as a break without a note; A's gdp 2015 row has the note
"boundary of 2015" but is no break.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import metroscope
from metroscope._errors import MissingDataError, UnknownIndicatorError, error_text
from metroscope.indicators import _stats_values as SV
from metroscope.region import Region

A, B, C, P = "990100", "990200", "990300", "990000"


def _row(code: str, year: int, ind: str, value: float, unit: str, source: str,
         brk: object = False, note: object = "toy") -> dict[str, object]:
    return {"code": code, "year": year, "indicator": ind, "value": value, "unit": unit,
            "source": source, "quality": "A", "break": brk, "note": note}


def _units() -> pd.DataFrame:
    return pd.DataFrame([
        {"code": P, "name_zh": "省", "name_en": "P", "level": "province", "parent": pd.NA,
         "role": "context"},
        {"code": A, "name_zh": "甲", "name_en": "A", "level": "prefecture", "parent": P,
         "role": "core"},
        {"code": B, "name_zh": "乙", "name_en": "B", "level": "prefecture", "parent": P,
         "role": "member"},
        {"code": C, "name_zh": "丙", "name_en": "C", "level": "prefecture", "parent": P,
         "role": "member"}])


def _rows() -> list[dict[str, object]]:
    pp = "persons"
    return [
        _row(A, 2010, "population", 1_000_000, pp, "census 2010"),
        _row(B, 2010, "population", 500_000, pp, "census 2010"),
        _row(A, 2020, "population", 1_200_000, pp, "census 2020"),
        _row(A, 2015, "population_yearend", 1_100_000, pp, "yearbook 2016"),
        _row(B, 2015, "population_yearend", 550_000, pp, "yearbook 2016"),
        _row(C, 2015, "population_yearend", 300_000, pp, "yearbook 2016"),
        _row(A, 2020, "population_yearend", 1_190_000, pp, "yearbook 2021"),
        _row(B, 2020, "population_yearend", 560_000, pp, "yearbook 2021"),
        _row(C, 2021, "population_yearend", 310_000, pp, "yearbook 2022", True,
             "boundary change: a county moved in"),
        _row(A, 2015, "gdp", 100.0, "cny_100m", "yearbook 2016", False, "boundary of 2015"),
        _row(B, 2015, "gdp", 40.0, "cny_100m", "yearbook 2016"),
        _row(C, 2015, "gdp", 20.0, "cny_100m", "yearbook 2016"),
        _row(B, 2018, "gdp", 50.0, "cny_100m", "yearbook 2019", True, "boundary change"),
        _row(A, 2019, "gdp", 140.0, "cny_100m", "yearbook 2020", True, "revision"),
        _row(A, 2020, "gdp", 150.0, "cny_100m", "yearbook 2021"),
        _row(B, 2020, "gdp", 60.0, "cny_100m", "yearbook 2021"),
        _row(P, 2020, "gdp", 250.0, "cny_100m", "provincial bulletin", True, pd.NA),
        _row(A, 2019, "toy_score", 5.0, "x", "survey"),
        _row(B, 2020, "toy_score", 7.0, "x", "survey"),
    ]


def toy(rows: list[dict[str, object]] | None = None, *, validate: bool = True) -> Region:
    st = pd.DataFrame(_rows() if rows is None else rows)
    return Region(name="sv", units=_units(), stats=st, validate=validate)


@pytest.fixture
def r() -> Region:
    return toy()


# ---------------------------------------------------------------- the index and its cache
def test_the_index_is_built_once_per_region_and_rebuilt_when_the_stats_grow(r: Region) -> None:
    first = SV.stats_index(r)
    assert SV.stats_index(r) is first
    assert first.n == 19
    other = toy()
    assert SV.stats_index(other) is not first
    # the same stats object grown in place: its length changed, so the index is rebuilt
    n = len(r.stats)
    r.stats.loc[n] = r.stats.loc[0]
    r.stats.loc[n, "year"] = 2005
    again = SV.stats_index(r)
    assert again is not first and again.n == 20
    assert again.series("population", 2005).to_dict() == {A: 1_000_000.0}
    assert SV.stats_index(r) is again


def test_index_series_keeps_the_first_of_duplicate_rows() -> None:
    rows = [*_rows(), _row(A, 2020, "gdp", 999.0, "cny_100m", "copy")]
    idx = SV.StatsIndex(toy(rows, validate=False).stats)
    s = idx.series("gdp", 2020)
    assert s.to_dict() == {A: 150.0, B: 60.0, P: 250.0}
    assert s.dtype == np.float64
    assert idx.series("gdp", 2020) is s  # cached
    assert idx.series("no_such_indicator", 2020).empty
    assert idx.series("gdp", 2016).empty
    assert idx.series("gdp", np.int64(2015)).to_dict() == {A: 100.0, B: 40.0, C: 20.0}
    assert idx.ids == {A: 0, B: 1, C: 2, P: 3}
    assert idx.code_id.dtype == np.int64


def test_index_select_by_indicator_code_and_year(r: Region) -> None:
    idx = SV.stats_index(r)

    def rows(sel: np.ndarray) -> set[tuple[str, int, str]]:
        return {(str(idx.code[i]), int(idx.year[i]), str(r.stats.loc[i, "indicator"]))
                for i in sel}

    assert rows(idx.select(["gdp"], [C])) == {(C, 2015, "gdp")}
    assert rows(idx.select(["gdp", "toy_score"], [A], [2019])) == {
        (A, 2019, "gdp"), (A, 2019, "toy_score")}
    assert rows(idx.select(["population"], None, [2020])) == {(A, 2020, "population")}
    assert len(idx.select(["population"], ["999999"])) == 0  # an unknown code selects nothing
    assert len(idx.select(["nothing"])) == 0
    assert len(idx.select(["gdp"], [])) == 0
    assert len(idx.select(["gdp"])) == 8


def test_has_and_require_indicator(r: Region) -> None:
    assert SV.has_indicator(r, "gdp") and not SV.has_indicator(r, "gdp_per_capita")
    SV.require_indicator(r, "toy_score")
    with pytest.raises(UnknownIndicatorError) as e:
        SV.require_indicator(r, "gdp_per_capita")
    assert error_text(e.value, "en") == (
        "Indicator 'gdp_per_capita' is not in the stats of region 'sv'. Available: gdp, "
        "population, population_yearend, toy_score.")
    assert error_text(e.value, "zh") == (
        "区域“sv”的统计数据中没有指标 'gdp_per_capita'。可用的指标:gdp、population、"
        "population_yearend、toy_score。")


# ---------------------------------------------------------------- values and tables
def test_values_in_the_order_of_the_codes_with_nan_where_missing(r: Region) -> None:
    v = SV.values(r, "gdp", 2020, [C, A, B])
    assert v.name == "gdp" and v.index.name == "code" and v.dtype == np.float64
    assert v.index.tolist() == [C, A, B]
    assert math.isnan(v[C]) and v[A] == 150.0 and v[B] == 60.0
    assert SV.values(r, "population", 2010, (B,)).tolist() == [500_000.0]


def test_wide_table(r: Region) -> None:
    w = SV.wide(r, ["gdp", "population"], 2020, [B, A])
    assert w.index.name == "code" and w.index.tolist() == [B, A]
    assert w.columns.tolist() == ["gdp", "population"]
    assert w["gdp"].tolist() == [60.0, 150.0]
    assert math.isnan(w.loc[B, "population"]) and w.loc[A, "population"] == 1_200_000.0
    assert (w.dtypes == np.float64).all()


def test_years_with_a_value(r: Region) -> None:
    assert SV.years_with(r, "population") == [2010, 2020]
    assert SV.years_with(r, "population", [B]) == [2010]
    assert SV.years_with(r, "population_yearend") == [2015, 2020, 2021]
    assert SV.years_with(r, "population_yearend", [C]) == [2015, 2021]
    assert SV.years_with(r, "gdp", [A, B]) == [2015, 2018, 2019, 2020]
    assert SV.years_with(r, "nothing") == []
    # a row whose value is missing is not a year with a value
    rows = [*_rows(), _row(C, 2016, "gdp", math.nan, "cny_100m", "blank")]
    assert SV.years_with(toy(rows, validate=False), "gdp", [C]) == [2015]


def test_sources_of_the_rows_behind_a_result(r: Region) -> None:
    assert SV.sources(r, ["gdp"], [2020], [A, B, C]) == ["yearbook 2021"]
    assert SV.sources(r, ["gdp"], None, [A]) == ["yearbook 2016", "yearbook 2020",
                                                 "yearbook 2021"]
    assert SV.sources(r, ["gdp", "population"], [2010, 2020], [P, B]) == [
        "census 2010", "provincial bulletin", "yearbook 2021"]
    assert SV.sources(r, iter(["population_yearend"]), iter([2021]), [C]) == ["yearbook 2022"]
    assert SV.sources(r, ["gdp"], [2020], [C]) == []
    # empty and missing-looking sources are not sources
    rows = [_row(A, 2020, "gdp", 1.0, "cny_100m", s) for s in ("", "nan", "<NA>", "None")]
    rows = [{**x, "year": 2016 + i} for i, x in enumerate(rows)]
    rows.append(_row(A, 2020, "gdp", 1.0, "cny_100m", "ok"))
    assert SV.sources(toy(rows, validate=False), ["gdp"], None, [A]) == ["ok"]
    # a Region reads "" as missing; an empty text put in afterwards is no source either
    later = toy(rows, validate=False)
    later.stats["source"] = later.stats["source"].astype(object).fillna("")
    assert "" in set(later.stats["source"])
    assert SV.sources(later, ["gdp"], None, [A]) == ["ok"]


# ---------------------------------------------------------------- series breaks
def test_break_years_with_boundary_changes_of_official_indicators(r: Region) -> None:
    # population_yearend: C's own break, and B's GDP boundary change (an official level
    # indicator); A's GDP revision is no boundary change, P's break has no note
    assert SV.break_years(r, ["population_yearend"]) == {C: [2021], B: [2018]}
    # gdp: its own breaks (A's revision, B, P without a note) and C's boundary change
    assert SV.break_years(r, ["gdp"]) == {B: [2018], A: [2019], P: [2020], C: [2021]}
    # the census count is no official level indicator: no boundary change is added
    assert SV.break_years(r, ["population"]) == {}
    assert SV.break_years(r, iter(["gdp_per_capita"])) == {C: [2021], B: [2018]}


def test_break_years_without_a_note_column() -> None:
    rows = [{k: v for k, v in x.items() if k != "note"} for x in _rows()]
    r = toy(rows)
    assert "note" not in r.stats.columns
    assert SV.break_years(r, ["population_yearend"]) == {C: [2021]}
    assert SV.break_years(r, ["gdp"]) == {B: [2018], A: [2019], P: [2020]}


def test_a_missing_break_flag_is_no_break() -> None:
    rows = [*_rows(), _row(C, 2012, "gdp", 15.0, "cny_100m", "yearbook 2013", pd.NA,
                           "boundary change")]
    st = pd.DataFrame(rows).astype({"break": "boolean"})
    r = Region(name="sv", units=_units(), stats=st)
    assert SV.break_years(r, ["gdp"]) == {B: [2018], A: [2019], P: [2020], C: [2021]}
    assert SV.break_years(r, ["population_yearend"]) == {C: [2021], B: [2018]}


def test_broken_counts_a_break_after_the_start_up_to_the_end() -> None:
    breaks = {A: [2015, 2020]}
    assert SV.broken(breaks, A, 2010, 2015)
    assert SV.broken(breaks, A, 2015, 2020)
    assert not SV.broken(breaks, A, 2015, 2019)
    assert not SV.broken(breaks, A, 2020, 2025)
    assert not SV.broken(breaks, A, 2000, 2014)
    assert not SV.broken(breaks, B, 2000, 2030)


# ---------------------------------------------------------------- population and measures
def test_population_census_first_then_year_end(r: Region) -> None:
    p, used = SV.population(r, 2020, [A, B, C])
    assert p.name == "population" and p.index.name == "code" and p.index.tolist() == [A, B, C]
    assert p[A] == 1_200_000.0 and p[B] == 560_000.0 and math.isnan(p[C])
    assert used == ["population", "population_yearend"]
    p, used = SV.population(r, 2015, [C, A])
    assert p.tolist() == [300_000.0, 1_100_000.0] and used == ["population_yearend"]
    p, used = SV.population(r, 2010, [A, B, C])
    assert p[A] == 1_000_000.0 and p[B] == 500_000.0 and math.isnan(p[C])
    assert used == ["population"]
    p, used = SV.population(r, 2030, [A])
    assert math.isnan(p[A]) and used == []
    # only the census count in the table: the year-end figure is not asked for
    only = toy([x for x in _rows() if x["indicator"] != "population_yearend"])
    p, used = SV.population(only, 2020, [A, B])
    assert p[A] == 1_200_000.0 and math.isnan(p[B]) and used == ["population"]
    only = toy([x for x in _rows() if x["indicator"] != "population"])
    p, used = SV.population(only, 2020, [A, B])
    assert p.tolist() == [1_190_000.0, 560_000.0] and used == ["population_yearend"]


def test_measure_indicators_and_values(r: Region) -> None:
    assert SV.measure_indicators("population") == ("population", "population_yearend")
    assert SV.measure_indicators("sqrt_pg") == ("population", "population_yearend", "gdp")
    assert SV.measure_indicators("gdp") == ("gdp",)
    v, used = SV.measure_values(r, "population", 2020, [B, A])
    assert v.tolist() == [560_000.0, 1_200_000.0]
    assert used == ["population", "population_yearend"]
    v, used = SV.measure_values(r, "gdp", 2020, [A, C])
    assert v[A] == 150.0 and math.isnan(v[C]) and used == ["gdp"]
    v, used = SV.measure_values(r, "gdp", 2010, [A])
    assert math.isnan(v[A]) and used == []
    with pytest.raises(UnknownIndicatorError):
        SV.measure_values(r, "gdp_per_capita", 2020, [A])


def test_measure_years(r: Region) -> None:
    assert SV.measure_years(r, "population", [A, B, C]) == [2010, 2015, 2020, 2021]
    assert SV.measure_years(r, "population", [C]) == [2015, 2021]
    assert SV.measure_years(r, "gdp", [A, B, C]) == [2015, 2018, 2019, 2020]
    # sqrt(P*G) needs both: the population years that also have GDP
    assert SV.measure_years(r, "sqrt_pg", [A, B, C]) == [2015, 2020]
    assert SV.measure_years(r, "sqrt_pg", [C]) == [2015]
    assert SV.measure_years(r, "sqrt_pg", [A]) == [2015, 2020]
    assert SV.measure_years(r, "toy_score", [A, B]) == [2019, 2020]
    assert SV.measure_years(r, "nothing", [A]) == []
    # GDP of another unit in a year does not make it a year of C's sqrt(P*G)
    more = toy([*_rows(), _row(A, 2021, "gdp", 160.0, "cny_100m", "yearbook 2022")])
    assert SV.measure_years(more, "sqrt_pg", [C]) == [2015]
    assert SV.measure_years(more, "sqrt_pg", [A, C]) == [2015, 2020, 2021]
    no_gdp = toy([x for x in _rows() if x["indicator"] != "gdp"])
    assert SV.measure_years(no_gdp, "sqrt_pg", [A, B, C]) == []
    assert SV.measure_years(no_gdp, "population", [B]) == [2010, 2015, 2020]
    # a year with GDP but no population counts for GDP only
    no_pop = toy([x for x in _rows() if not str(x["indicator"]).startswith("population")])
    assert SV.measure_years(no_pop, "sqrt_pg", [A, B]) == []
    assert SV.measure_years(no_pop, "gdp", [A, B]) == [2015, 2018, 2019, 2020]


def test_pick_year_latest_complete_else_latest_noted(r: Region) -> None:
    notes: list[str] = []
    assert SV.pick_year(r, "gdp", [A, B, C], None, notes) == 2015
    assert SV.pick_year(r, "gdp", [A, B], None, notes) == 2020
    assert SV.pick_year(r, "population", [A, B, C], None, notes) == 2015
    assert SV.pick_year(r, "population", [A, B], None, notes) == 2020
    assert SV.pick_year(r, "population", [A], None, notes) == 2020
    assert SV.pick_year(r, "sqrt_pg", [A, B, C], None, notes) == 2015
    assert SV.pick_year(r, "sqrt_pg", [A, B], None, notes) == 2020
    assert notes == []
    assert SV.pick_year(r, "toy_score", [A, B], None, notes) == 2020
    assert notes == ["no year has toy_score for every unit; used the latest year with any "
                     "value (2020)"]
    assert notes[0].zh == "没有任何年份所有单元都有toy_score;使用有数值的最近年份(2020)"
    # three years, none complete: the latest of them
    more = toy([*_rows(), _row(B, 2018, "toy_score", 6.0, "x", "survey")])
    assert SV.pick_year(more, "toy_score", [A, B], None, notes) == 2020
    assert notes[-1] == ("no year has toy_score for every unit; used the latest year with any "
                         "value (2020)")
    del notes[1:]
    # a year given is taken as it is (an integer), with or without values
    y = SV.pick_year(r, "gdp", [A], np.int64(2012), notes)
    assert y == 2012 and type(y) is int
    assert type(SV.pick_year(r, "gdp", [A], 2020.0, notes)) is int  # type: ignore[arg-type]
    assert len(notes) == 1


def test_pick_year_of_sqrt_pg_needs_gdp_and_population_for_every_unit() -> None:
    # C's 2015 GDP removed: 2020 lacks C's population and GDP, 2015 C's GDP only
    rows = [x for x in _rows() if not (x["code"] == C and x["year"] == 2015
                                       and x["indicator"] == "gdp")]
    r = toy(rows)
    notes: list[str] = []
    # without C's 2015 GDP no year is complete: the latest year with both is 2020
    assert SV.pick_year(r, "sqrt_pg", [A, B, C], None, notes) == 2020
    assert notes == ["no year has sqrt_pg for every unit; used the latest year with any "
                     "value (2020)"]
    # 2020: GDP for B and C, but no population of C; 2015 has both for both
    rows = [*_rows(), _row(C, 2020, "gdp", 30.0, "cny_100m", "yearbook 2021")]
    notes = []
    assert SV.pick_year(toy(rows), "sqrt_pg", [B, C], None, notes) == 2015
    assert notes == []


def test_pick_year_refuses_a_measure_without_values(r: Region) -> None:
    with pytest.raises(MissingDataError) as e:
        SV.pick_year(r, "toy_score", [C], None, [])
    assert error_text(e.value, "en") == (
        "No values of 'toy_score' for the 1 selected unit(s) of region 'sv'. Available "
        "indicators: gdp, population, population_yearend, toy_score.")
    no_gdp = toy([x for x in _rows() if x["indicator"] != "gdp"])
    with pytest.raises(MissingDataError, match="No values of 'sqrt_pg' for the 3 selected"):
        SV.pick_year(no_gdp, "sqrt_pg", [A, B, C], None, [])


# ---------------------------------------------------------------- the embedded data
def test_changchun_census_counts_against_the_bulletin() -> None:
    """长春市 at the 7th and 6th censuses (persons): 9,066,906 in 2020 (吉林省第七次全国人口普查
    公报), 8,767,375 in 2010 on the 2020 boundaries (the census city file in shared/data)."""
    region = metroscope.load("changchun")
    p, used = SV.population(region, 2020, ["220100"])
    assert p["220100"] == 9_066_906 and used == ["population"]
    assert SV.values(region, "population_urban", 2020, ["220100"])["220100"] == 5_979_069
