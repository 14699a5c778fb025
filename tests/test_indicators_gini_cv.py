"""Gini and the coefficients of variation against values computed here independently: plain
Python double sums and loops (no NumPy in the reference), hand cases, and the provenance the
Region calls attach (measure, weight, unit, year, level, codes, parent, sources, notes)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import PREFS, flat_region, toy_region
from metroscope import ParameterError
from metroscope.indicators.inequality import (
    coefficient_of_variation,
    dispersion,
    gini,
    gini_value,
)


# ------------------------------------------------------------------ plain-Python references
def gini_loop(x: list[float], w: list[float] | None = None) -> float:
    """Σ_i Σ_j w_i w_j |x_i - x_j| / (2 Σ_i w_i x_i), w the shares (1/n when None)."""
    n = len(x)
    ws = [1.0 / n] * n if w is None else [v / sum(w) for v in w]
    num = 0.0
    for i in range(n):
        for j in range(n):
            num += ws[i] * ws[j] * abs(x[i] - x[j])
    return num / (2 * sum(a * b for a, b in zip(ws, x, strict=True)))


def moments_loop(y: list[float], p: list[float] | None = None) -> dict[str, float]:
    n = len(y)
    mean = sum(y) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in y) / n)
    logs = [math.log(v) for v in y]
    lmean = sum(logs) / n
    out = {"n": float(n), "mean": mean, "sd": sd, "cv": sd / mean,
           "sd_log": math.sqrt(sum((v - lmean) ** 2 for v in logs) / n)}
    if p is not None:
        total = sum(p)
        ybar = sum(v * q / total for v, q in zip(y, p, strict=True))
        var = sum((v - ybar) ** 2 * q / total for v, q in zip(y, p, strict=True))
        out["weighted_mean"] = ybar
        out["cv_weighted"] = math.sqrt(var) / ybar
    return out


# 2020 prefectures of the toy province: GDP (亿元) and population (persons)
Y20 = [v[7] for v in PREFS.values()]
P20 = [float(v[5]) for v in PREFS.values()]
X20 = [1e8 * y / p for y, p in zip(Y20, P20, strict=True)]  # yuan per person


# ------------------------------------------------------------------ gini_value
@pytest.mark.parametrize(("x", "w"), [
    ([1.0, 2.0, 3.0, 4.0], None),
    ([0.1, 0.3], None),                       # mean below 1
    ([5.0, 5.0, 1.0, 1.0, 9.0], None),        # ties
    ([0.2, 0.7, 0.05], [3.0, 1.0, 0.5]),      # weighted, mean below 1
    ([4.0, 1.0, 1.0, 3.0], [2.0, 0.0, 5.0, 1.0]),  # a zero weight is allowed
    ([3.0, 3.0, 1.0], [0.25, 0.25, 0.5]),     # weights summing to 1
    ([2.0, 8.0], [40.0, 60.0]),
])
def test_gini_value_equals_the_double_sum(x: list[float], w: list[float] | None) -> None:
    got = gini_value(np.array(x), None if w is None else np.array(w))
    assert got == pytest.approx(gini_loop(x, w), rel=1e-12)


def test_gini_value_hand_cases() -> None:
    # (1, 3) equal weights: Σ Σ = 2 · 1/4 · 2 = 1, mean 2 -> 1 / 4
    assert gini_value(np.array([1.0, 3.0])) == pytest.approx(0.25, rel=1e-15)
    # (1, 3) with weights (3, 1): Σ Σ = 2 · 3/16 · 2 = 0.75, mean 1.5 -> 0.25
    assert gini_value(np.array([1.0, 3.0]), np.array([3.0, 1.0])) == pytest.approx(0.25)
    # (2, 0) with weights (1, 3): Σ Σ = 2 · 3/16 · 2 = 0.75, mean 0.5 -> 0.75
    assert gini_value(np.array([2.0, 0.0]), np.array([1.0, 3.0])) == pytest.approx(0.75)
    assert gini_value(np.array([7.0])) == 0.0
    assert gini_value([1.0, 3.0], [1, 1]) == pytest.approx(0.25)  # lists and ints


def test_gini_value_nan_for_zero_mean_and_empty() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(gini_value(np.zeros(3)))
        assert math.isnan(gini_value(np.zeros(2), np.array([1.0, 2.0])))
        assert math.isnan(gini_value(np.array([])))
        assert math.isnan(gini_value(np.array([]), np.array([])))


def test_gini_value_reports_every_problem_at_once() -> None:
    with pytest.raises(ParameterError) as e:
        gini_value(np.array([1.0, 2.0]), np.array([1.0, np.inf, 1.0]))
    assert str(e.value) == ("gini_value: w has 3 weights for 2 values; give one weight per "
                            "value; every weight must be finite (got NaN or inf).")
    with pytest.raises(ParameterError) as e:
        gini_value(np.ones((2, 3)), np.ones((1, 2)))
    assert str(e.value) == ("gini_value: x must be one-dimensional (got shape (2, 3)); "
                            "w must be one-dimensional (got shape (1, 2)).")
    with pytest.raises(ParameterError) as e:
        gini_value(np.ones((2, 3)), np.array([-1.0, 1.0, 1.0]))
    assert str(e.value) == ("gini_value: x must be one-dimensional (got shape (2, 3)); "
                            "weights must be non-negative.")
    with pytest.raises(ParameterError) as e:
        gini_value(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    assert str(e.value) == "gini_value: weights must have a positive sum."
    with pytest.raises(ParameterError) as e:
        gini_value(np.array([1.0, 2.0]), np.array([1.0, -2.0]))
    assert str(e.value) == "gini_value: weights must be non-negative."
    with pytest.raises(ParameterError) as e:
        gini_value(np.array([1.0, 2.0]), np.array([1.0, np.nan]))
    assert str(e.value) == "gini_value: every weight must be finite (got NaN or inf)."


# ------------------------------------------------------------------ dispersion
@pytest.mark.parametrize(("y", "p"), [
    ([1.0, 2.0, 3.0], None),
    ([0.2, 0.6, 0.1], None),                     # mean below 1
    ([0.2, 0.6, 0.1], [1.0, 5.0, 2.0]),          # weighted mean below 1
    ([66666.0, 37500.0, 25000.0, 25000.0], [9.0, 4.0, 2.0, 1.0]),
    ([3.0, 1.0], [0.25, 0.75]),
])
def test_dispersion_equals_plain_loops(y: list[float], p: list[float] | None) -> None:
    got = dispersion(np.array(y), None if p is None else np.array(p))
    want = moments_loop(y, p)
    assert list(got) == list(want)
    for k, v in want.items():
        assert got[k] == pytest.approx(v, rel=1e-12), k


def test_dispersion_hand_case_and_lists() -> None:
    # y = (1, 3), p = (3, 1): mean 2, sd 1, cv 1/2; weighted mean 1.5, variance 0.75
    d = dispersion([1.0, 3.0], [3, 1])
    assert d == pytest.approx({"n": 2.0, "mean": 2.0, "sd": 1.0, "cv": 0.5,
                               "sd_log": math.log(3) / 2, "weighted_mean": 1.5,
                               "cv_weighted": math.sqrt(0.75) / 1.5})


def test_dispersion_nan_without_warning_for_zero_mean_and_zero_values() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = dispersion(np.zeros(3), np.array([1.0, 2.0, 3.0]))
        z = dispersion(np.array([0.0, 2.0]))
    assert d["mean"] == 0.0 and d["sd"] == 0.0 and d["weighted_mean"] == 0.0
    assert math.isnan(d["cv"]) and math.isnan(d["cv_weighted"]) and math.isnan(d["sd_log"])
    assert z["cv"] == pytest.approx(1.0) and math.isnan(z["sd_log"])


# ------------------------------------------------------------------ Region calls
def _meta(df: pd.DataFrame) -> dict[str, object]:
    return df.attrs["metroscope"]  # type: ignore[no-any-return]


def test_region_gini_defaults_are_gdp_per_person_latest_year_prefectures() -> None:
    g = gini(toy_region())
    row = g.loc["gdp"]
    assert row["gini"] == pytest.approx(gini_loop(X20, P20), rel=1e-12)
    assert row["n"] == 4 and bool(row["weighted"]) is True
    assert row["mean"] == pytest.approx(1e8 * sum(Y20) / sum(P20), rel=1e-12)
    assert list(g.columns) == ["gini", "n", "mean", "weighted"]
    assert g.index.name == "measure"
    m = _meta(g)
    assert (m["indicator"], m["year"], m["level"], m["measure"], m["region"]) == (
        "gini", 2020, "prefecture", "gdp", "toy")
    assert m["parameters"] == {"weight": "population", "unit_of_mean": "yuan per person",
                               "price_basis": "GDP at current prices, 亿元"}
    assert m["reference"] == "Gini 1912; METHODS.md §10"
    assert m["notes"] == [] and m["sources"] == ["hand-built test data"]


def test_region_gini_equal_weights_other_year_and_codes() -> None:
    g = gini(toy_region(), weight=None, year=2010, codes=["990100", "990200", "990300"])
    y10 = [v[6] for v in PREFS.values()][:3]
    assert g.at["gdp", "gini"] == pytest.approx(gini_loop(y10), rel=1e-12)
    assert g.at["gdp", "mean"] == pytest.approx(sum(y10) / 3, rel=1e-12)
    assert g.at["gdp", "n"] == 3 and not g.at["gdp", "weighted"]
    m = _meta(g)
    assert m["year"] == 2010
    assert m["parameters"]["weight"] == "equal"  # type: ignore[index]
    assert m["parameters"]["unit_of_mean"] == "gdp"  # type: ignore[index]


def test_region_gini_and_cv_with_parent_at_county_level() -> None:
    # counties of 990100 in 2020: population 6,000,000 and 3,000,000
    g = gini(toy_region(), measure="population", weight="none", level="county",
             parent="990100")
    assert g.at["population", "gini"] == pytest.approx(gini_loop([6e6, 3e6]), rel=1e-12)
    assert _meta(g)["level"] == "county"
    c = coefficient_of_variation(toy_region(), measure="population", weight="equal",
                                 level="county", parent="990100")
    assert c.at["population", "cv"] == pytest.approx(moments_loop([6e6, 3e6])["cv"])
    assert _meta(c)["level"] == "county"
    assert "price_basis" not in _meta(c)["parameters"]  # type: ignore[operator]


def test_region_cv_defaults_and_provenance() -> None:
    c = coefficient_of_variation(toy_region())
    want = moments_loop(X20, P20)
    assert list(c.columns) == list(want)
    for k, v in want.items():
        assert c.at["gdp", k] == pytest.approx(v, rel=1e-12), k
    assert c["n"].dtype == np.dtype("int64")
    assert c.index.name == "measure"
    assert c.at["gdp", "weighted_mean"] == pytest.approx(1e8 * sum(Y20) / sum(P20))
    m = _meta(c)
    assert (m["indicator"], m["year"], m["level"], m["measure"], m["region"]) == (
        "coefficient_of_variation", 2020, "prefecture", "gdp", "toy")
    assert m["parameters"] == {"weight": "population", "unit_of_y": "yuan per person",
                               "price_basis": "GDP at current prices, 亿元"}
    assert m["reference"] == "Williamson 1965; METHODS.md §10"
    assert m["notes"] == [] and m["sources"] == ["hand-built test data"]


def test_region_cv_equal_weights_codes_and_year() -> None:
    c = coefficient_of_variation(toy_region(), weight=None, year=2010,
                                 codes=["990200", "990400"])
    assert list(c.columns) == ["n", "mean", "sd", "cv", "sd_log"]
    want = moments_loop([1000.0, 250.0])
    for k, v in want.items():
        assert c.at["gdp", k] == pytest.approx(v, rel=1e-12), k
    m = _meta(c)
    assert m["year"] == 2010
    assert m["parameters"] == {"weight": "equal", "unit_of_y": "gdp",
                               "price_basis": "GDP at current prices, 亿元"}


def test_region_calls_name_other_ratios_by_measure_per_weight() -> None:
    r = flat_region({"a": 3.0, "b": 3.0}, indicator="x", weights={"a": 3.0, "b": 1.0})
    g = gini(r, measure="x")
    c = coefficient_of_variation(r, measure="x")
    assert _meta(g)["parameters"] == {"weight": "population", "unit_of_mean": "x per population"}
    assert _meta(c)["parameters"] == {"weight": "population", "unit_of_y": "x per population"}
    # y = (1, 3) per person, weights (3, 1): mean 6 / 4 = 1.5 (not the plain mean 2)
    assert g.at["x", "mean"] == pytest.approx(1.5)
    assert g.at["x", "gini"] == pytest.approx(gini_loop([1.0, 3.0], [3.0, 1.0]))


def test_region_sources_follow_year_units_and_indicators() -> None:
    r = toy_region()
    st = r.stats.copy()
    st.loc[st["year"] == 2010, "source"] = "yearbook 2011"
    st.loc[st["code"] == "990400", "source"] = "county report"
    st.loc[st["indicator"] == "population", "source"] = "census 2020"
    st.loc[(st["indicator"] == "population") & (st["year"] == 2010), "source"] = "census 2010"
    r = r.with_tables(stats=st)
    codes = ["990100", "990200"]
    for f in (gini, coefficient_of_variation):
        assert _meta(f(r, year=2020, codes=codes))["sources"] == [
            "census 2020", "hand-built test data"]
        assert _meta(f(r, year=2010, codes=codes, weight=None))["sources"] == [
            "yearbook 2011"]


def test_region_notes_for_left_out_units_and_zero_mean() -> None:
    r = flat_region({"a": 1.0, "b": 3.0, "c": math.nan})
    for f in (gini, coefficient_of_variation):
        notes = _meta(f(r, weight=None, year=2020))["notes"]
        assert notes == ["left out in 2020 (no gdp): c"]
        assert notes[0].key == "ind_left_out_in" and notes[0].zh.startswith("2020 年未计入(")
        assert notes[0].zh == "2020 年未计入(没有 gdp):c"
    z = flat_region({"a": 0.0, "b": 0.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = gini(z, weight=None, year=2020)
        c = coefficient_of_variation(z, weight=None, year=2020)
    assert math.isnan(g.at["gdp", "gini"]) and math.isnan(c.at["gdp", "cv"])
    zero = ["every gdp value is 0 (zero mean): the measure is undefined (NaN)"]
    assert _meta(g)["notes"] == zero and _meta(c)["notes"] == zero


def test_region_calls_leak_no_numpy_warning_on_overflow() -> None:
    # GDP per person in yuan overflows float64 for absurd GDP figures: no warning may escape
    r = flat_region({"a": 1e300, "b": 1e305}, weights={"a": 1e-10, "b": 1.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gini(r, year=2020)
        coefficient_of_variation(r, year=2020)
