"""Rank-size rule and city indices, every value, against plain re-computations written in the
test: the OLS of ln size on ln rank (METHODS.md §3) and the Gabaix-Ibragimov regression of
ln(r − 1/2) on ln size as sums over Python lists, the two-, four- and eleven-city indices as
quotients of sorted values, on the toy province and small hand-made size lists."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import COUNTIES, PREFS, flat_region, toy_region
from metroscope.indicators.rank_size import (
    REFERENCE,
    ZIPF_ELEVEN_CITY,
    ZIPF_FOUR_CITY,
    ZIPF_TWO_CITY,
    fit_rank_size,
    rank_indices,
    rank_size,
)

KEYS = ["q", "q_se", "intercept", "r2", "fitted_first", "zeta_gi", "zeta_gi_se"]


def _ols(x: list[float], y: list[float]) -> tuple[float, float, float, float]:
    """Slope, intercept, R² and the slope's standard error of y = a + b x, by sums."""
    n = len(x)
    xm, ym = sum(x) / n, sum(y) / n
    sxx = sum((xi - xm) ** 2 for xi in x)
    sxy = sum((xi - xm) * (yi - ym) for xi, yi in zip(x, y, strict=True))
    b = sxy / sxx
    a = ym - b * xm
    ssr = sum((yi - a - b * xi) ** 2 for xi, yi in zip(x, y, strict=True))
    sst = sum((yi - ym) ** 2 for yi in y)
    r2 = 1 - ssr / sst if sst > 0 else math.nan
    se = math.sqrt(ssr / (n - 2) / sxx)
    return b, a, r2, se


def _fit(sizes: list[float]) -> dict[str, float]:
    """The rank-size fit by hand: positive finite sizes, largest first, rank 1..n."""
    p = sorted((s for s in sizes if math.isfinite(s) and s > 0), reverse=True)
    n = len(p)
    lr = [math.log(r) for r in range(1, n + 1)]
    lp = [math.log(v) for v in p]
    b, a, r2, se = _ols(lr, lp)
    z, _, _, _ = _ols(lp, [math.log(r - 0.5) for r in range(1, n + 1)])
    return {"q": -b, "q_se": se, "intercept": a, "r2": r2, "fitted_first": math.exp(a),
            "zeta_gi": -z, "zeta_gi_se": abs(z) * math.sqrt(2 / n)}


def _same(got: dict[str, float] | pd.Series, want: dict[str, float]) -> None:
    for k, v in want.items():
        if math.isnan(v):
            assert math.isnan(got[k]), k
        else:
            assert got[k] == pytest.approx(v, rel=1e-12, abs=1e-15), k


def test_zipf_reference_indices_by_hand() -> None:
    assert ZIPF_TWO_CITY == 2.0
    assert pytest.approx(1 / (1 / 2 + 1 / 3 + 1 / 4), rel=1e-15) == ZIPF_FOUR_CITY
    assert pytest.approx(
        2 / (1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 6 + 1 / 7 + 1 / 8 + 1 / 9 + 1 / 10 + 1 / 11),
        rel=1e-15) == ZIPF_ELEVEN_CITY


@pytest.mark.parametrize("sizes", [
    [100.0, 50.0, 25.0],  # n = 3: the smallest fit
    [5.0, 300.0, 40.0, 41.0, 7.5, 120.0],  # unsorted
    [9e6, 4e6, 2e6, 1e6, 1e6],  # a tie
    [3.0, 2.0, 1.0, 0.5, 0.25, 0.2, 0.1],  # sizes below 1: negative logs
])
def test_fit_every_value_by_hand(sizes: list[float]) -> None:
    _same(fit_rank_size(np.array(sizes)), _fit(sizes))


def test_fit_drops_non_positive_and_non_finite_sizes() -> None:
    sizes = [40.0, math.nan, 10.0, 0.0, -5.0, math.inf, 25.0, 12.0]
    _same(fit_rank_size(np.array(sizes)), _fit([40.0, 25.0, 12.0, 10.0]))
    fit = fit_rank_size(np.array([40.0, 0.0, math.nan, 10.0, -1.0]))  # two left: no fit
    assert set(fit) == set(KEYS)
    assert all(math.isnan(v) for v in fit.values())
    assert all(math.isnan(v) for v in fit_rank_size(np.array([])).values())


def test_fit_of_equal_sizes_has_no_r2_and_no_zeta() -> None:
    fit = fit_rank_size(np.array([7.0, 7.0, 7.0, 7.0]))
    # ln P does not vary: the slope on ln r is 0 with no residual; the reverse regression
    # (on ln P) has no spread to regress on
    assert fit["q"] == 0.0 and fit["q_se"] == 0.0
    assert fit["intercept"] == pytest.approx(math.log(7.0), rel=1e-15)
    assert fit["fitted_first"] == pytest.approx(7.0, rel=1e-15)
    for k in ("r2", "zeta_gi", "zeta_gi_se"):
        assert math.isnan(fit[k]), k


def test_indices_on_twelve_units_by_hand() -> None:
    vals = [30.0, 200.0, 11.0, 45.0, 90.0, 18.0, 12.0, 60.0, 25.0, 15.0, 14.0, 13.0]
    codes = [f"c{i:02d}" for i in range(12)]
    ix = rank_indices(pd.Series(vals, index=codes))
    p = sorted(vals, reverse=True)
    assert ix["rank1"] == "c01" and ix["n"] == 12 and ix["reasons"] == {}
    assert ix["two_city_index"] == pytest.approx(p[0] / p[1], rel=1e-15)
    assert ix["four_city_index"] == pytest.approx(p[0] / (p[1] + p[2] + p[3]), rel=1e-15)
    assert ix["eleven_city_index"] == pytest.approx(2 * p[0] / sum(p[1:11]), rel=1e-15)
    _same(ix, _fit(vals))


def test_indices_leader_of_a_tie_is_the_first_listed() -> None:
    ix = rank_indices(pd.Series([5.0, 9.0, 9.0, 1.0], index=["a", "b", "c", "d"]))
    assert ix["rank1"] == "b"
    assert ix["two_city_index"] == 1.0
    assert ix["four_city_index"] == pytest.approx(9 / 15, rel=1e-15)


@pytest.mark.parametrize(("n", "refused"), [
    (0, ["two_city_index", "four_city_index", "eleven_city_index"]),
    (1, ["two_city_index", "four_city_index", "eleven_city_index"]),
    (2, ["four_city_index", "eleven_city_index"]),
    (3, ["four_city_index", "eleven_city_index"]),
    (4, ["eleven_city_index"]),
    (10, ["eleven_city_index"]),
    (11, []),
])
def test_indices_refused_below_their_minimum_with_the_reason(n: int, refused: list[str]) -> None:
    vals = [1000.0 / (i + 1) ** 1.2 for i in range(n)]
    ix = rank_indices(pd.Series(vals, index=[f"u{i}" for i in range(n)], dtype="float64"))
    assert ix["n"] == n
    assert ix["rank1"] == ("u0" if n else None)
    need = {"two_city_index": 2, "four_city_index": 4, "eleven_city_index": 11}
    assert sorted(ix["reasons"]) == sorted(refused)
    for key, m in need.items():
        if key in refused:
            assert math.isnan(ix[key])
            tail = " (switch to --level county)" if m == 11 else ""
            assert ix["reasons"][key] == f"refused: needs at least {m} units, the set has {n}{tail}"
        else:
            assert not math.isnan(ix[key])
    if n == 11:
        assert ix["eleven_city_index"] == pytest.approx(2 * vals[0] / sum(vals[1:]), rel=1e-15)
    if n >= 3:
        _same(ix, _fit(vals))


def _sourced(region: object) -> object:
    """The region with one source per (unit, year, indicator) row."""
    st = region.stats.copy()  # type: ignore[attr-defined]
    st["source"] = [f"{c} {y} {i}" for c, y, i in zip(st["code"], st["year"], st["indicator"],
                                                       strict=True)]
    return region.with_tables(stats=st)  # type: ignore[attr-defined]


def test_rank_size_of_the_toy_prefectures_by_hand() -> None:
    r = _sourced(toy_region())
    out = rank_size(r)  # the default: population, the latest complete year, prefectures
    assert list(out.index) == ["population"] and out.index.name == "measure"
    assert list(out.columns) == ["q", "q_se", "intercept", "fitted_first", "observed_first",
                                 "r2", "n", "zeta_gi", "zeta_gi_se"]
    pops = [p[5] for p in PREFS.values()]
    row = out.iloc[0]
    _same(row, _fit(pops))
    assert row["observed_first"] == 9_000_000 and row["n"] == 4
    meta = out.attrs["metroscope"]
    assert meta["indicator"] == "rank_size" and meta["region"] == "toy"
    assert meta["year"] == 2020 and meta["level"] == "prefecture"
    assert meta["measure"] == "population" and meta["reference"] == REFERENCE
    assert meta["parameters"]["parent"] == "990000"  # the core's province
    assert meta["parameters"]["top"] is None
    assert meta["sources"] == sorted(f"{c} 2020 population" for c in PREFS)
    assert meta["notes"] == []


def test_rank_size_other_year_measure_top_and_counties() -> None:
    r = _sourced(toy_region(county_break=False))
    gdp = rank_size(r, measure="gdp", year=2010, top=3).iloc[0]
    g10 = sorted((p[6] for p in PREFS.values()), reverse=True)
    _same(gdp, _fit(g10[:3]))
    assert gdp["n"] == 3 and gdp["observed_first"] == 4000.0
    cty = rank_size(r, level="county", parent="990100", year=2010)
    assert cty.iloc[0]["n"] == 2 and math.isnan(cty.iloc[0]["q"])
    assert cty.attrs["metroscope"]["sources"] == ["990101 2010 population",
                                                   "990102 2010 population"]
    allc = rank_size(r, level="county", year=2010).iloc[0]
    _same(allc, _fit([c[4] for c in COUNTIES.values()]))
    assert allc["n"] == 6


def test_units_without_the_measure_are_left_out_and_named() -> None:
    vals = {"u1": 500.0, "u2": math.nan, "u3": 120.0, "u4": 90.0, "u5": math.nan, "u6": 60.0}
    r = flat_region(vals, indicator="population", extra_years={2019: {
        c: 1.0 for c in vals}})
    out = rank_size(r, year=2020)
    _same(out.iloc[0], _fit([500.0, 120.0, 90.0, 60.0]))
    notes = out.attrs["metroscope"]["notes"]
    assert [str(n) for n in notes] == ["left out for lack of population in 2020: u2, u5"]
    assert notes[0].zh == "因2020年缺少population而剔除:u2、u5"
    assert out.attrs["metroscope"]["parameters"] == {"parent": None, "top": None}


def test_too_few_units_is_said_and_nothing_left() -> None:
    r = flat_region({"u1": math.nan, "u2": math.nan}, indicator="population",
                    extra_years={2019: {"u1": 3.0, "u2": 4.0}})
    out = rank_size(r, year=2020)
    row = out.iloc[0]
    assert row["n"] == 0 and math.isnan(row["observed_first"]) and math.isnan(row["q"])
    assert [str(n) for n in out.attrs["metroscope"]["notes"]] == [
        "left out for lack of population in 2020: u1, u2",
        "0 unit(s), fewer than 3: no rank-size fit"]
    one = rank_size(flat_region({"u1": 8.0, "u2": 4.0, "u3": 2.0}, indicator="population"),
                    top=3)
    assert one.attrs["metroscope"]["notes"] == []
    _same(one.iloc[0], _fit([8.0, 4.0, 2.0]))
    assert one.attrs["metroscope"]["parameters"]["top"] == 3


def test_no_complete_year_uses_the_latest_and_says_so() -> None:
    vals = {"u1": 500.0, "u2": math.nan, "u3": 120.0, "u4": 90.0}
    r = flat_region(vals, indicator="population", extra_years={2019: {"u1": 1.0}})
    out = rank_size(r)
    assert out.attrs["metroscope"]["year"] == 2020
    _same(out.iloc[0], _fit([500.0, 120.0, 90.0]))
    assert [str(n) for n in out.attrs["metroscope"]["notes"]] == [
        "no year has population for every unit; used the latest year with any value (2020)",
        "left out for lack of population in 2020: u2"]


def test_leader_of_a_tie_among_many_units_is_the_first_listed() -> None:
    """Beyond 16 values an unstable sort reorders ties: the leader stays the first listed."""
    vals = [1.0, 2.0, 9.0, 9.0, 1.0, 1.0, 9.0, 2.0, 2.0, 2.0, 9.0, 1.0, 2.0, 1.0, 2.0, 9.0,
            9.0, 9.0, 9.0, 2.0, 9.0, 1.0]
    ix = rank_indices(pd.Series(vals, index=[f"u{i:02d}" for i in range(22)]))
    assert ix["rank1"] == "u02"
    assert ix["two_city_index"] == 1.0 and ix["n"] == 22
