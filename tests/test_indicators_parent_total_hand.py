"""The denominator of a unit's share of its parent (``indicators/_parent_total.py``) on the toy
province of ``tests/_indicator_fixtures.py``: the province 990000 reports its own totals
(population 16,000,000 in 2020, 15,500,000 in 2010; GDP 8,300 亿元 in 2020, 5,750 in 2010) and
no GDP in 2015; the core is the prefecture 990100."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _indicator_fixtures import flat_region, toy_region
from metroscope._errors import MissingDataError, error_text
from metroscope.indicators import _parent_total as PT
from metroscope.region import Region


def test_default_scope_is_the_province_of_the_core() -> None:
    t = toy_region()
    assert PT.default_scope(t, None) == ("990000", "990100")
    assert PT.default_scope(t, "990200") == ("990200", "990100")
    # no core: no default parent, and no error
    flat = flat_region({"a": 1.0, "b": 2.0})
    assert PT.default_scope(flat, None) == (None, None)
    assert PT.default_scope(flat, "a") == ("a", None)
    # a core named in meta but not among the units gives no default parent
    odd = Region(name="odd", units=t.units, stats=t.stats, meta={"core_code": "990999"})
    assert PT.default_scope(odd, None) == (None, "990999")
    # a core that is a county: its province two levels up
    county = Region(name="c", units=t.units, stats=t.stats, meta={"core_code": "990101"})
    assert PT.default_scope(county, None) == ("990000", "990101")


def test_official_total_reported_by_the_parent() -> None:
    t = toy_region()
    v, basis, label = PT.official_total(t, "gdp", 2020, "990000", None)
    assert (v, basis, label) == (8300.0, "official_total", "reported figure of 990000")
    assert label.zh == "990000的公布数"
    v, basis, label = PT.official_total(t, "population", 2010, "990000", None)
    assert (v, basis) == (15_500_000.0, "official_total")
    v, basis, label = PT.official_total(t, "gdp", 2015, "990000", None)
    assert math.isnan(v) and basis == "official_total"
    assert label == "no reported gdp of 990000 in 2015"
    v, basis, label = PT.official_total(t, "gdp", 2020, None, None)
    assert math.isnan(v) and basis == "official_total" and label == "no parent unit"


def test_official_total_passed_by_the_caller() -> None:
    t = toy_region()
    v, basis, label = PT.official_total(t, "gdp", 2020, "990000", 9000)
    assert (v, basis, label) == (9000.0, "user_total", "user-supplied total of 990000")
    assert type(v) is float
    v, basis, label = PT.official_total(t, "gdp", 2020, None, 9000.5)
    assert (v, basis, label) == (9000.5, "user_total", "user-supplied total of the set")
    assert label.zh == "这组单元的用户提供总量"
    # a total that is no number is not used: the parent's own figure is
    for bad in (math.nan, math.inf):
        assert PT.official_total(t, "gdp", 2020, "990000", bad)[:2] == (8300.0,
                                                                        "official_total")


def test_a_user_supplied_stats_row_is_said_to_be_one() -> None:
    t = PT.with_parent_total(toy_region(), 2020, 8500.0, parent="990000")
    v, basis, label = PT.official_total(t, "gdp", 2020, "990000", None)
    assert (v, basis, label) == (8500.0, "user_total",
                                 "user-supplied figure of 990000 (stats row)")
    # the other year keeps its reported figure
    assert PT.official_total(t, "gdp", 2010, "990000", None)[:2] == (5750.0, "official_total")


def test_with_parent_total_adds_or_replaces_one_row() -> None:
    t = toy_region()
    t2 = PT.with_parent_total(t, 2020, 8500.0)  # default parent: the core's province
    st = t2.stats
    rows = st[(st["code"] == "990000") & (st["year"] == 2020) & (st["indicator"] == "gdp")]
    assert len(rows) == 1 and len(st) == len(t.stats)
    row = rows.iloc[0]
    assert row["value"] == 8500.0 and row["unit"] == "cny_100m"
    assert row["source"] == "user-supplied" and row["quality"] == "C"
    assert not bool(row["break"])
    assert row["note"] == "user-supplied total (user-supplied); not part of the embedded data"
    # a year without a figure gets a new row; the census count for "population"
    t3 = PT.with_parent_total(t, 2015, 16_100_000, measure="population", parent="990000",
                              source="provincial bulletin 2016", quality="A")
    st = t3.stats
    assert len(st) == len(t.stats) + 1
    row = st[(st["code"] == "990000") & (st["year"] == 2015)].iloc[0]
    assert row["indicator"] == "population" and row["value"] == 16_100_000.0
    assert row["unit"] == "persons" and row["quality"] == "A"
    assert row["source"] == "provincial bulletin 2016"
    assert row["note"] == ("user-supplied total (provincial bulletin 2016); not part of the "
                           "embedded data")
    # another parent; the rows of other units and years are untouched
    t4 = PT.with_parent_total(t, 2020, 7000.0, parent="990100")
    g = t4.stats[t4.stats["indicator"] == "gdp"].set_index(["code", "year"])["value"]
    assert g[("990100", 2020)] == 7000.0 and g[("990000", 2020)] == 8300.0
    assert g[("990100", 2010)] == 4000.0
    # the region passed in is not changed
    assert t.stats.loc[(t.stats["code"] == "990000") & (t.stats["year"] == 2020)
                       & (t.stats["indicator"] == "gdp"), "value"].tolist() == [8300.0]


def test_with_parent_total_of_an_indicator_without_rows_has_no_unit() -> None:
    t = PT.with_parent_total(toy_region(), 2020, 3.0, measure="toy_total", parent="990000")
    row = t.stats[t.stats["indicator"] == "toy_total"].iloc[0]
    assert row["unit"] == "" and row["value"] == 3.0
    # an indicator with a single row lends its unit
    t = toy_region()
    one = pd.DataFrame([{"code": "990100", "year": 2020, "indicator": "toy_total", "value": 1.0,
                         "unit": "km", "source": "s", "quality": "A", "break": False}])
    t = t.with_tables(stats=pd.concat([t.stats, one], ignore_index=True))
    t = PT.with_parent_total(t, 2020, 3.0, measure="toy_total", parent="990000")
    st = t.stats
    assert st.loc[(st["indicator"] == "toy_total") & (st["code"] == "990000"), "unit"].tolist() == [
        "km"]


def test_with_parent_total_refusals() -> None:
    with pytest.raises(MissingDataError) as e:
        PT.with_parent_total(flat_region({"a": 1.0}), 2020, 5.0)
    assert error_text(e.value, "en") == (
        "No parent unit: pass parent='CODE' (the unit whose total this is).")
    for bad, shown in ((0.0, "0.0"), (-1, "-1"), (math.nan, "nan"), (math.inf, "inf")):
        with pytest.raises(MissingDataError) as e:
            PT.with_parent_total(toy_region(), 2020, bad, parent="990000")
        assert error_text(e.value, "en") == (
            f"The parent total must be a positive number; got {shown}.")
    # the smallest positive total is accepted
    t = PT.with_parent_total(toy_region(), 2020, 0.25, parent="990000")
    assert PT.official_total(t, "gdp", 2020, "990000", None)[0] == 0.25


def test_units_sum_and_pct() -> None:
    v, label = PT.units_sum(None, pd.Series([1.5, 2.0, 4.0]))
    assert v == 7.5 and type(v) is float and label == "sum of the units"
    v, label = PT.units_sum("990000", pd.Series([1.5, 2.0]))
    assert v == 3.5 and label == "sum of the units of 990000"
    v, label = PT.units_sum("990000", pd.Series([1.5, math.nan]))
    assert math.isnan(v) and label == "sum of the units of 990000: incomplete, so no share"
    assert label.zh == "990000各单元之和:数据不全,不计算份额"
    v, label = PT.units_sum(None, pd.Series([math.nan]))
    assert math.isnan(v) and label == "sum of the units: incomplete, so no share"
    assert PT.pct(5.0, 20.0) == 25.0
    assert PT.pct(0.0, 20.0) == 0.0
    assert PT.pct(3.0, 4.0) == 75.0
    for total in (0.0, math.nan, math.inf, -math.inf):
        assert math.isnan(PT.pct(5.0, total))


def test_parse_totals() -> None:
    assert PT.parse_totals(None, 2020) == {}
    got = PT.parse_totals({"2020": "8300", 2010: 5750}, None)  # type: ignore[dict-item]
    assert got == {2020: 8300.0, 2010: 5750.0}
    assert all(type(k) is int and type(v) is float for k, v in got.items())
    assert PT.parse_totals(8300, 2020) == {2020: 8300.0}
    assert type(PT.parse_totals(8300, 2020)[2020]) is float
    assert list(PT.parse_totals(1.0, "2019")) == [2019]  # type: ignore[arg-type]
    with pytest.raises(MissingDataError) as e:
        PT.parse_totals(8300.0, None)
    assert error_text(e.value, "en") == (
        "A single parent_total needs a year (or pass {year: total}).")
