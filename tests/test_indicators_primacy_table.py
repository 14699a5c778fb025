"""primacy_table / primacy_trend cell by cell against hand values and a plain-Python OLS written
here (no NumPy): every row's value, Zipf value, n, leader and note; the denominators (reported,
user-supplied, sum of the units); missing units; and the provenance both calls attach."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from _indicator_fixtures import flat_region, toy_region
from metroscope import MissingDataError
from metroscope.indicators.primacy import primacy_table, primacy_trend
from metroscope.messages import Message
from metroscope.region import Region

REF = ("Jefferson 1939, Geographical Review 29(2):226-232; 许学强, 周一星, 宁越敏《城市地理学》; "
       "Zipf 1949; Gabaix & Ibragimov 2011, JBES 29(1):24-39")
ZIPF4 = 1 / (1 / 2 + 1 / 3 + 1 / 4)
ZIPF11 = 2 / sum(1 / r for r in range(2, 12))
REFUSED11 = "refused: needs at least 11 units, the set has {n} (switch to --level county)"


def ols(x: list[float], y: list[float]) -> tuple[float, float, float]:
    """Slope, its standard error and R² of y = a + b x (plain Python)."""
    n = len(x)
    xm, ym = sum(x) / n, sum(y) / n
    sxx = sum((v - xm) ** 2 for v in x)
    b = sum((u - xm) * (v - ym) for u, v in zip(x, y, strict=True)) / sxx
    a = ym - b * xm
    ssr = sum((v - a - b * u) ** 2 for u, v in zip(x, y, strict=True))
    sst = sum((v - ym) ** 2 for v in y)
    return b, math.sqrt(ssr / (n - 2) / sxx), 1 - ssr / sst


def rank_fit(sizes: list[float]) -> dict[str, float]:
    s = sorted(sizes, reverse=True)
    lr = [math.log(r) for r in range(1, len(s) + 1)]
    lx = [math.log(v) for v in s]
    b, se, r2 = ols(lr, lx)
    z, _, _ = ols(lx, [math.log(r - 0.5) for r in range(1, len(s) + 1)])
    return {"q": -b, "q_se": se, "r2": r2, "zeta": -z,
            "zeta_se": abs(z) * math.sqrt(2 / len(s))}


def _meta(df: pd.DataFrame) -> dict[str, object]:
    return df.attrs["metroscope"]  # type: ignore[no-any-return]


def _drop(r: Region, code: str, year: int, indicator: str = "gdp") -> Region:
    st = r.stats
    return r.with_tables(stats=st[~((st["code"] == code) & (st["year"] == year)
                                    & (st["indicator"] == indicator))])


G20 = [6000.0, 1500.0, 500.0, 250.0]
G10 = [4000.0, 1000.0, 500.0, 250.0]


def test_table_every_cell_on_the_toy_province() -> None:
    t = primacy_table(toy_region())  # defaults: gdp, latest complete year, prefectures
    f = rank_fit(G20)
    assert list(t.index) == ["share_of_parent_pct", "share_of_official_total_pct",
                             "share_of_units_sum_pct", "two_city_index", "four_city_index",
                             "eleven_city_index", "rank_size_q", "rank_size_r2",
                             "gabaix_ibragimov_zeta"]
    assert list(t.columns) == ["value", "zipf_value", "n_units", "leader", "leader_is_core",
                               "note"]
    assert t.index.name == "metric"
    assert t["leader_is_core"].tolist() == [True] * 9
    want = [100 * 6000 / 8300, 100 * 6000 / 8300, 100 * 6000 / 8250, 4.0, 6000 / 2250,
            math.nan, f["q"], f["r2"], f["zeta"]]
    zipf = [math.nan, math.nan, math.nan, 2.0, ZIPF4, ZIPF11, 1.0, math.nan, 1.0]
    for metric, v, z in zip(t.index, want, zipf, strict=True):
        assert t.at[metric, "value"] == pytest.approx(v, rel=1e-12, nan_ok=True), metric
        assert t.at[metric, "zipf_value"] == pytest.approx(z, rel=1e-12, nan_ok=True), metric
    assert list(t["n_units"]) == [4] * 9
    assert list(t["leader"]) == ["990100"] * 9
    assert list(t["note"]) == [
        "denominator: reported figure of 990000", "denominator: reported figure of 990000",
        "denominator: sum of the units of 990000", "M1/M2", "M1/(M2+M3+M4)",
        REFUSED11.format(n=4), f"OLS ln M_r = a - q ln r; se {f['q_se']:.3g}",
        "R² of the rank-size OLS", f"OLS ln(r-1/2) = A - zeta ln M; se {f['zeta_se']:.3g}"]
    m = _meta(t)
    assert (m["indicator"], m["year"], m["level"], m["measure"], m["region"]) == (
        "primacy", 2020, "prefecture", "gdp", "toy")
    assert m["parameters"] == {
        "parent": "990000", "core": "990100", "parent_basis": "reported figure of 990000",
        "denominator": "official_total", "parent_total": None, "units_sum": 8250.0,
        "official_total": 8300.0, "stats_indicators": ["gdp"],
        "price_basis": "GDP at current prices, 亿元"}
    assert m["notes"] == [] and m["reference"] == REF
    assert m["sources"] == ["hand-built test data"]


def test_table_user_total_and_units_sum_denominators() -> None:
    for total in (9000.0, {2020: 9000.0}):
        t = primacy_table(toy_region(), year=2020, parent_total=total)
        assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6000 / 9000)
        assert t.at["share_of_parent_pct", "note"] == (
            "denominator: user-supplied total of 990000")
        p = _meta(t)["parameters"]
        assert (p["denominator"], p["parent_total"], p["official_total"]) == (  # type: ignore[index]
            "user_total", 9000.0, 9000.0)
    # no reported province figure in 2020 but one in 2010: the share stays on the official
    # series (missing in 2020, as in primacy_trend), the units' sum in its own row
    t = primacy_table(_drop(toy_region(), "990000", 2020), year=2020)
    assert math.isnan(t.at["share_of_parent_pct", "value"])
    assert t.at["share_of_parent_pct", "note"] == (
        "990000 has no official total in 2020: the other years divide by the official total "
        "of 990000, so the share is missing here rather than switched to the sum of the units "
        "(see share_of_units_sum_pct for the share on that denominator)")
    assert t.at["share_of_units_sum_pct", "value"] == pytest.approx(100 * 6000 / 8250)
    assert math.isnan(t.at["share_of_official_total_pct", "value"])
    assert t.at["share_of_official_total_pct", "note"] == (
        "denominator: no reported gdp of 990000 in 2020")
    p = _meta(t)["parameters"]
    assert p["denominator"] == "official_total"  # type: ignore[index]
    assert p["parent_basis"] == "no reported gdp of 990000 in 2020"  # type: ignore[index]
    assert _meta(t)["notes"] == [t.at["share_of_parent_pct", "note"]]
    # no reported province figure in any year: the sum of the units, said so
    t = primacy_table(_drop(_drop(toy_region(), "990000", 2020), "990000", 2010), year=2020)
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6000 / 8250)
    assert t.at["share_of_parent_pct", "note"] == "denominator: sum of the units of 990000"
    p = _meta(t)["parameters"]
    assert p["denominator"] == "units_sum"  # type: ignore[index]
    assert p["parent_basis"] == "sum of the units of 990000"  # type: ignore[index]


def test_table_and_trend_give_the_same_share_in_every_year() -> None:
    """One denominator rule for both views: with the province's 2020 total missing, the trend's
    2020 share is missing and so is the table's (before, the table switched to the units'
    sum, 100 * 6000 / 8250 = 72.7 %, while the trend left it empty); 2010 on the official
    total 5,750: 100 * 4000 / 5750 = 69.6 % in both."""
    r = _drop(toy_region(), "990000", 2020)
    tr = primacy_trend(r)
    hand = {2010: 100 * 4000 / 5750, 2020: math.nan}
    for year, want in hand.items():
        t = primacy_table(r, year=year)
        got, trend = t.at["share_of_parent_pct", "value"], tr.at[year, "share_of_parent_pct"]
        if math.isnan(want):
            assert math.isnan(got) and math.isnan(trend)
        else:
            assert got == pytest.approx(want) and trend == pytest.approx(want)
        assert _meta(t)["parameters"]["parent_basis"] == tr.at[year, "parent_basis"]  # type: ignore[index]


def test_table_with_a_missing_unit_keeps_the_share_and_refuses_the_ranks() -> None:
    t = primacy_table(_drop(toy_region(), "990200", 2020), year=2020)
    reason = "incomplete: no gdp in 2020 for 990200"
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6000 / 8300)
    assert math.isnan(t.at["share_of_units_sum_pct", "value"])
    assert t.at["share_of_units_sum_pct", "note"] == (
        "denominator: sum of the units of 990000: incomplete, so no share")
    for metric in ("two_city_index", "four_city_index", "eleven_city_index", "rank_size_q",
                   "rank_size_r2", "gabaix_ibragimov_zeta"):
        assert math.isnan(t.at[metric, "value"]), metric
        assert t.at[metric, "note"] == reason, metric
        assert t.at[metric, "n_units"] == 3 and pd.isna(t.at[metric, "leader"]), metric
    assert list(t["n_units"])[:3] == [4, 4, 4]
    assert list(t["leader"])[:3] == ["990100"] * 3
    assert _meta(t)["notes"] == ["no gdp in 2020 for: 990200"]
    said = _meta(t)["notes"][0]
    assert said.key == "ind_no_measure_for" and said.zh.startswith("2020 年缺少")
    assert said.zh.endswith("的单元:990200") and "gdp" not in said.zh


def test_table_without_core_or_parent_and_level_parent() -> None:
    vals = {"u1": 40.0, "u2": 100.0, "u3": 10.0, "u4": 50.0}
    t = primacy_table(flat_region(vals), year=2020)
    assert t.at["share_of_parent_pct", "note"] == (
        "the core is not among these units: the largest unit stands in; "
        "denominator: sum of the units")
    assert t.at["share_of_official_total_pct", "note"] == "denominator: no parent unit"
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 100 / 200)
    assert t.at["share_of_parent_pct", "leader"] == "u2"
    assert t.at["four_city_index", "value"] == pytest.approx(100 / 100)
    p = _meta(t)["parameters"]
    assert (p["parent"], p["core"]) == (None, None)  # type: ignore[index]
    # counties of 990100 (population 2020: 6,000,000 and 3,000,000)
    c = primacy_table(toy_region(), measure="population", level="county", parent="990100",
                      year=2020)
    assert c.at["two_city_index", "value"] == pytest.approx(2.0)
    assert c.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6e6 / 9e6)
    assert c.at["share_of_parent_pct", "leader"] == "990101"
    assert list(c["n_units"]) == [2] * 9
    assert _meta(c)["level"] == "county" and _meta(c)["measure"] == "population"


def test_table_sources_cover_the_units_and_the_parent_of_that_year() -> None:
    r = toy_region()
    st = r.stats.copy()
    st.loc[st["code"] == "990000", "source"] = "province yearbook"
    st.loc[st["year"] == 2010, "source"] = "old yearbook"
    st.loc[st["code"] == "990101", "source"] = "county file"
    r = r.with_tables(stats=st)
    assert _meta(primacy_table(r, year=2020))["sources"] == [
        "hand-built test data", "province yearbook"]
    assert _meta(primacy_trend(r))["sources"] == [
        "hand-built test data", "old yearbook", "province yearbook"]


def test_trend_every_cell_on_the_toy_province() -> None:
    tr = primacy_trend(toy_region())
    assert list(tr.columns) == [
        "leader", "leader_is_core", "share_of_parent_pct", "parent_basis", "share_official_pct",
        "share_units_sum_pct", "official_total_missing", "two_city_index", "four_city_index",
        "eleven_city_index", "rank_size_q", "rank_size_r2", "n_units", "complete",
        "series_break", "note"]
    assert list(tr.index) == [2010, 2020] and tr.index.name == "year"
    for year, g, total in ((2010, G10, 5750.0), (2020, G20, 8300.0)):
        f = rank_fit(g)
        row = tr.loc[year]
        assert row["leader"] == "990100"
        assert row["share_of_parent_pct"] == pytest.approx(100 * g[0] / total)
        assert row["share_official_pct"] == pytest.approx(100 * g[0] / total)
        assert row["share_units_sum_pct"] == pytest.approx(100 * g[0] / sum(g))
        assert row["parent_basis"] == "reported figure of 990000"
        assert not row["official_total_missing"]
        assert row["two_city_index"] == pytest.approx(g[0] / g[1])
        assert row["four_city_index"] == pytest.approx(g[0] / sum(g[1:]))
        assert math.isnan(row["eleven_city_index"])
        assert row["rank_size_q"] == pytest.approx(f["q"], rel=1e-12)
        assert row["rank_size_r2"] == pytest.approx(f["r2"], rel=1e-12)
        assert row["n_units"] == 4 and row["complete"] and not row["series_break"]
        assert row["note"] == REFUSED11.format(n=4)
    m = _meta(tr)
    assert (m["indicator"], m["year"], m["level"], m["measure"]) == (
        "primacy_trend", [2010, 2020], "prefecture", "gdp")
    assert m["parameters"] == {"parent": "990000", "core": "990100",
                               "denominator": "official_total", "parent_total": None,
                               "price_basis": "GDP at current prices, 亿元"}
    assert m["units"] == {"rank_size_q": "exponent", "rank_size_r2": "ratio"}
    assert m["reference"] == REF
    assert [getattr(n, "key", None) for n in m["notes"]] == ["ind_trend_breaks"]  # type: ignore[attr-defined]


def test_trend_never_mixes_denominators_and_names_the_gap() -> None:
    tr = primacy_trend(_drop(toy_region(), "990000", 2010))
    assert math.isnan(tr.at[2010, "share_of_parent_pct"])
    assert tr.at[2010, "share_units_sum_pct"] == pytest.approx(100 * 4000 / 5750)
    assert tr.at[2010, "official_total_missing"] and not tr.at[2020, "official_total_missing"]
    assert tr.at[2010, "parent_basis"] == "no reported gdp of 990000 in 2010"
    assert tr.at[2020, "share_of_parent_pct"] == pytest.approx(100 * 6000 / 8300)
    notes = _meta(tr)["notes"]
    assert len(notes) == 2  # type: ignore[arg-type]
    gap = notes[1]  # type: ignore[index]
    assert gap.key == "ind_share_total_gaps"
    assert "官方公布的总量" in gap.zh
    assert gap.en == ("share_of_parent_pct uses the official total of 990000 in every year; it "
                      "has no such total in 2010, so the share is missing there rather than "
                      "switched to the sum of the units (see share_units_sum_pct for a series "
                      "on that denominator)")
    # a user-supplied total for 2010 only: still one basis, named as the user's
    tr = primacy_trend(_drop(_drop(toy_region(), "990000", 2010), "990000", 2020),
                       parent_total={2010: 5000.0})
    assert tr.at[2010, "share_of_parent_pct"] == pytest.approx(100 * 4000 / 5000)
    assert math.isnan(tr.at[2020, "share_of_parent_pct"])
    assert tr.at[2010, "parent_basis"] == "user-supplied total of 990000"
    assert _meta(tr)["parameters"]["denominator"] == "user_total"  # type: ignore[index]
    assert _meta(tr)["parameters"]["parent_total"] == {2010: 5000.0}  # type: ignore[index]
    assert "user total" in _meta(tr)["notes"][1].en  # type: ignore[index]
    assert "用户提供的总量" in _meta(tr)["notes"][1].zh  # type: ignore[index]


def test_trend_on_units_sums_incomplete_years_and_breaks() -> None:
    r = _drop(_drop(toy_region(), "990000", 2010), "990000", 2020)
    r = _drop(r, "990300", 2010)
    tr = primacy_trend(r)
    assert tr.at[2020, "share_of_parent_pct"] == pytest.approx(100 * 6000 / 8250)
    assert tr.at[2020, "parent_basis"] == "sum of the units of 990000"
    assert math.isnan(tr.at[2010, "share_of_parent_pct"])
    assert not tr.at[2010, "complete"] and tr.at[2020, "complete"]
    assert tr.at[2010, "n_units"] == 3
    assert tr.at[2010, "note"] == "incomplete: no gdp in 2010 for 990300"
    assert not tr["series_break"].any()
    m = _meta(tr)
    assert m["parameters"]["denominator"] == "units_sum"  # type: ignore[index]
    assert len(m["notes"]) == 1  # type: ignore[arg-type]
    # a break flagged on the parent's own figure marks the year
    st = toy_region().stats.copy()
    st.loc[(st["code"] == "990000") & (st["year"] == 2020), "break"] = True
    b = primacy_trend(toy_region().with_tables(stats=st))
    assert list(b["series_break"]) == [False, True]
    # a break on a ranked unit counts too; counties under a parent
    c = primacy_trend(toy_region(), measure="population", level="county", parent="990300")
    assert list(c["series_break"]) == [False, True]
    assert c.at[2020, "two_city_index"] == pytest.approx(1.2e6 / 0.8e6)
    assert _meta(c)["level"] == "county"


def test_trend_without_values_names_measure_and_region() -> None:
    with pytest.raises(MissingDataError) as e:
        primacy_trend(flat_region({"a": 1.0, "b": 2.0}), measure="population")
    assert str(e.value) == "No values of 'population' for the units of region 'flat'."


def _set(r: Region, code: str, year: int, value: float, *, indicator: str = "gdp",
         source: str = "hand-built test data") -> Region:
    """``r`` with one stats value set (the row added when there is none)."""
    st = _drop(r, code, year, indicator).stats
    row = st.iloc[[0]].assign(code=code, year=year, indicator=indicator, value=value,
                              source=source, unit="cny_100m" if indicator == "gdp" else "persons")
    return r.with_tables(stats=pd.concat([st, row], ignore_index=True))


def test_the_core_keeps_the_share_when_another_unit_ranks_first() -> None:
    r = _set(toy_region(), "990200", 2020, 7000.0)  # B now larger than the core A (6000)
    t = primacy_table(r, year=2020)
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6000 / 8300)
    assert t.at["share_of_parent_pct", "leader"] == "990100"
    assert t.at["share_of_parent_pct", "note"] == "denominator: reported figure of 990000"
    assert t.at["share_of_units_sum_pct", "value"] == pytest.approx(100 * 6000 / 13750)
    assert t.at["two_city_index", "value"] == pytest.approx(7000 / 6000)
    assert t.at["two_city_index", "leader"] == "990200"
    assert t.at["four_city_index", "value"] == pytest.approx(7000 / (6000 + 500 + 250))
    # the shares describe the core, the indices the largest unit B, which is not the core
    assert t["leader_is_core"].tolist() == [True] * 3 + [False] * 6
    assert t.at["two_city_index", "note"] == "M1/M2; rank 1 is 990200, not the core"
    assert t.at["two_city_index", "note"].zh == "M1/M2;第1位是 990200,不是核心"
    assert _meta(t)["notes"] == []  # the core is among the units
    tr = primacy_trend(r)
    assert list(tr["leader"]) == ["990100", "990100"]
    assert list(tr["leader_is_core"]) == [True, True]  # the trend's leader is the core
    assert tr.at[2020, "share_of_parent_pct"] == pytest.approx(100 * 6000 / 8300)
    assert tr.at[2020, "two_city_index"] == pytest.approx(7000 / 6000)


def test_a_year_without_any_value_gives_nan_and_names_every_unit() -> None:
    t = primacy_table(flat_region({"u1": 40.0, "u2": 100.0, "u3": 10.0}), year=2019)
    assert t["value"].isna().all()
    assert t["leader"].isna().all()
    reason = "incomplete: no gdp in 2019 for u1, u2, u3"
    assert list(t["note"])[3:] == [reason] * 6
    assert list(t["n_units"]) == [3, 3, 3, 0, 0, 0, 0, 0, 0]
    assert _meta(t)["notes"] == ["no gdp in 2019 for: u1, u2, u3"]


def test_without_a_complete_year_the_latest_is_used_and_said() -> None:
    r = _drop(_drop(toy_region(), "990200", 2020), "990300", 2010)
    t = primacy_table(r)
    assert _meta(t)["year"] == 2020
    notes: list[Message] = _meta(t)["notes"]  # type: ignore[assignment]
    first, second = notes
    assert first.key == "ind_latest_partial_year"
    assert first.en == ("no year has gdp for every unit; used the latest year with any value "
                        "(2020)")
    assert second == "no gdp in 2020 for: 990200"
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6000 / 8300)


def test_eleven_city_index_of_twelve_units() -> None:
    sizes = [900.0, 400.0, 350.0, 300.0, 220.0, 180.0, 150.0, 120.0, 100.0, 90.0, 80.0, 75.0]
    t = primacy_table(flat_region({f"u{i:02d}": v for i, v in enumerate(sizes, 1)}), year=2020)
    m2_to_m11 = 400 + 350 + 300 + 220 + 180 + 150 + 120 + 100 + 90 + 80
    assert t.at["eleven_city_index", "value"] == pytest.approx(2 * 900 / m2_to_m11, rel=1e-12)
    assert t.at["eleven_city_index", "zipf_value"] == pytest.approx(ZIPF11, rel=1e-12)
    assert t.at["eleven_city_index", "note"] == "2*M1/(M2+...+M11)"
    assert t.at["four_city_index", "value"] == pytest.approx(900 / 1050, rel=1e-12)
    assert t.at["two_city_index", "value"] == pytest.approx(2.25, rel=1e-12)
    assert list(t["n_units"]) == [12] * 9 and list(t["leader"]) == ["u01"] * 9
    f = rank_fit(sizes)
    assert t.at["rank_size_q", "value"] == pytest.approx(f["q"], rel=1e-12)
    assert t.at["gabaix_ibragimov_zeta", "value"] == pytest.approx(f["zeta"], rel=1e-12)


def test_sources_and_years_are_those_of_the_ranked_units_and_parent() -> None:
    r = _set(toy_region(), "990000", 2015, 7000.0, source="province 2015")
    st = r.stats.copy()
    st.loc[st["code"] == "990101", "source"] = "county file"
    r = r.with_tables(stats=st)
    # a year in which only the parent has a figure is not a year of the trend
    tr = primacy_trend(r)
    assert list(tr.index) == [2010, 2020]
    assert _meta(tr)["sources"] == ["hand-built test data"]
    # the counties' population rows are not behind a prefecture-level result
    t = primacy_table(r, measure="population", year=2020)
    assert _meta(t)["sources"] == ["hand-built test data"]
    assert _meta(primacy_trend(r, measure="population"))["sources"] == ["hand-built test data"]


def test_trend_of_the_counties_under_a_parent() -> None:
    tr = primacy_trend(toy_region(), measure="population", level="county", parent="990100")
    assert list(tr["n_units"]) == [2, 2]
    assert list(tr["leader"]) == ["990101", "990101"]  # the core 990100 is the parent here
    assert tr.at[2010, "two_city_index"] == pytest.approx(5 / 3)
    assert tr.at[2020, "two_city_index"] == pytest.approx(2.0)
    assert tr.at[2010, "share_official_pct"] == pytest.approx(100 * 5 / 8)
    assert tr.at[2020, "share_units_sum_pct"] == pytest.approx(100 * 6 / 9)
    assert tr.at[2020, "note"] == ("refused: needs at least 4 units, the set has 2; refused: "
                                   "needs at least 11 units, the set has 2 (switch to --level "
                                   "county)")
    m = _meta(tr)
    assert (m["region"], m["parameters"]["parent"], m["parameters"]["core"]) == (  # type: ignore[index]
        "toy", "990100", "990100")


def test_county_primacy_labels_the_largest_unit_not_the_core() -> None:
    """Changchun at county level (census 2020): the core 220100 is a prefecture, not a county
    unit, so every row describes the largest county unit, 公主岭市 (220184), and says so
    (before: leader 公主岭市 on every row, read as the core). Hand values from the stats
    table: 公主岭 over the second county unit and over the province's reported total."""
    import metroscope
    from metroscope.indicators import _base

    region = metroscope.load("changchun")
    t = primacy_table(region, measure="population", level="county")
    codes = _base.unit_codes(region, level="county", parent="220000")
    st = region.stats
    pop = st[(st["indicator"] == "population") & (st["year"] == 2020)]
    by_code = pop.set_index("code")["value"].astype(float)
    sizes = by_code.reindex(codes).sort_values(ascending=False)
    assert sizes.index[0] == "220184"
    assert t.at["two_city_index", "value"] == pytest.approx(sizes.iloc[0] / sizes.iloc[1])
    assert round(t.at["two_city_index", "value"], 3) == 1.007
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(
        100 * sizes.iloc[0] / by_code["220000"])
    assert (t["leader"] == "220184").all() and not t["leader_is_core"].any()
    assert t.at["two_city_index", "note"] == "M1/M2; rank 1 is 220184, not the core"
    note = _meta(t)["notes"][-1]  # type: ignore[index]
    assert note.key == "ind_primacy_core_not_unit"
    assert note.en.startswith("the core 220100 is not a county unit: the largest unit, "
                              "220184, stands in for it")
    assert "核心 220100 不是县级单元" in note.zh


def test_county_primacy_trend_flags_the_stand_in_as_primacy_does() -> None:
    """At county level the core 220100 is not a unit: every year's leader is the largest county
    unit, and the trend says it is not the core, as primacy's ``leader_is_core`` does (before:
    primacy-trend showed the leader without the flag)."""
    import metroscope

    region = metroscope.load("changchun")
    tr = primacy_trend(region, measure="population", level="county")
    t = primacy_table(region, measure="population", level="county", year=2020)
    assert tr.at[2020, "leader"] == t.at["share_of_parent_pct", "leader"] == "220184"
    assert not tr["leader_is_core"].any()
    assert tr["leader_is_core"].dtype == bool
    at_prefecture = primacy_trend(region)
    assert (at_prefecture["leader"] == "220100").all() and at_prefecture["leader_is_core"].all()


@pytest.mark.parametrize(("lang", "flag", "other"), [("zh", "否", "no"), ("en", "no", "否")])
def test_primacy_trend_table_says_leader_is_core_in_the_chosen_language(
        lang: str, flag: str, other: str) -> None:
    """``analyze primacy-trend`` at county level shows the flag first, every year False, as a
    word of the table's language (before: no column; and a Chinese table said yes/no)."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    argv = ["analyze", "primacy-trend", "--measure", "population", "--level", "county",
            "--lang", lang]
    out = CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    rows = [line.split("│") for line in out.output.splitlines()
            if re.match(r"│ (2010|2020) ", line)]
    # year, leader, its name, then the flag (shown before the other columns)
    assert [r[1].strip() for r in rows] == ["2010", "2020"]
    assert [r[4].strip() for r in rows] == [flag, flag]
    # no true/false cell of the table is in the other language
    assert not [cell for r in rows for cell in r if cell.strip() == other]
