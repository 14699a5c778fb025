"""Theil decomposition table by hand: every column of every row from the textbook formulas
(Shorrocks 1980) written here with ``math``, and the degenerate inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import flat_region
from metroscope.indicators.theil import theil, theil_decomposition, theil_l, theil_t


def t_of(y: list[float], p: list[float]) -> float:
    ys, ps = sum(y), sum(p)
    return sum((a / ys) * math.log((a / ys) / (b / ps)) for a, b in zip(y, p, strict=True)
               if a > 0)


def l_of(y: list[float], p: list[float]) -> float:
    ys, ps = sum(y), sum(p)
    return sum((b / ps) * math.log((b / ps) / (a / ys)) for a, b in zip(y, p, strict=True))


def test_every_column_by_hand() -> None:
    y, p = [1.0, 2.0, 3.0, 6.0], [1.0, 1.0, 2.0, 2.0]
    groups = np.array(["b", "b", "a", "a"])  # labels sorted in the table: a first
    d = theil_decomposition(np.array(y), np.array(p), groups)
    ya, pa, yb, pb = [3.0, 6.0], [2.0, 2.0], [1.0, 2.0], [1.0, 1.0]
    tt, tl = t_of(y, p), l_of(y, p)
    tb, lb = t_of([9.0, 3.0], [4.0, 2.0]), l_of([9.0, 3.0], [4.0, 2.0])
    ta, la, tbb, lbb = t_of(ya, pa), l_of(ya, pa), t_of(yb, pb), l_of(yb, pb)
    tw, lw = 9 / 12 * ta + 3 / 12 * tbb, 4 / 6 * la + 2 / 6 * lbb
    want = pd.DataFrame({
        "component": ["total", "between", "within", "within:a", "within:b"],
        "group": [None, None, None, "a", "b"],
        "theil_t": [tt, tb, tw, ta, tbb],
        "theil_t_contribution": [tt, tb, tw, 9 / 12 * ta, 3 / 12 * tbb],
        "theil_t_share_pct": [100.0, 100 * tb / tt, 100 * tw / tt, 100 * 9 / 12 * ta / tt,
                              100 * 3 / 12 * tbb / tt],
        "theil_l": [tl, lb, lw, la, lbb],
        "theil_l_contribution": [tl, lb, lw, 4 / 6 * la, 2 / 6 * lbb],
        "theil_l_share_pct": [100.0, 100 * lb / tl, 100 * lw / tl, 100 * 4 / 6 * la / tl,
                              100 * 2 / 6 * lbb / tl],
        "measure_share": [1.0, math.nan, math.nan, 9 / 12, 3 / 12],
        "weight_share": [1.0, math.nan, math.nan, 4 / 6, 2 / 6],
        "n_units": [4, 2, 4, 2, 2],
    }).set_index("component")
    pd.testing.assert_frame_equal(d, want, rtol=1e-12)
    assert tb + tw == pytest.approx(tt, rel=1e-12) and lb + lw == pytest.approx(tl, rel=1e-12)


def test_equal_weights_by_default_and_numeric_labels() -> None:
    y = [1.0, 3.0, 4.0]
    d = theil_decomposition(np.array(y), None, np.array([1, 1, 2]))
    assert list(d.index) == ["total", "between", "within", "within:1", "within:2"]
    assert d["group"].tolist()[3:] == ["1", "2"]
    assert d.at["total", "theil_t"] == pytest.approx(t_of(y, [1.0] * 3), rel=1e-12)
    assert d.at["within:2", "theil_t"] == 0.0
    assert d.at["within:2", "weight_share"] == pytest.approx(1 / 3, rel=1e-15)


def test_zero_values_and_zero_groups() -> None:
    # group b has no measure at all: T_b is 0 (no shares to weigh), L is infinite -> NaN
    d = theil_decomposition(np.array([1.0, 3.0, 0.0, 0.0]), None, np.array(["a", "a", "b", "b"]))
    assert d.at["within:b", "theil_t"] == 0.0
    assert d.at["within:b", "theil_t_contribution"] == 0.0
    assert d.at["total", "theil_t"] == pytest.approx(t_of([1.0, 3.0, 0.0, 0.0], [1.0] * 4))
    assert math.isnan(d.at["total", "theil_l"]) and math.isnan(d.at["within:b", "theil_l"])
    assert math.isnan(d.at["total", "theil_l_share_pct"])
    assert math.isnan(d.at["within:a", "theil_l_share_pct"])
    assert d.at["within:a", "theil_l"] == pytest.approx(l_of([1.0, 3.0], [1.0, 1.0]))
    # equal shares: T = 0, so no share of it is defined
    e = theil_decomposition(np.array([2.0, 2.0]), None, np.array(["a", "b"]))
    assert e.at["total", "theil_t"] == 0.0
    assert math.isnan(e.at["total", "theil_t_share_pct"])
    assert math.isnan(e.at["total", "theil_l_share_pct"])


def test_formulas_on_degenerate_input() -> None:
    assert math.isnan(theil_t(np.array([0.0, 0.0])))
    assert math.isnan(theil_l(np.array([0.0, 0.0])))
    assert theil_l(np.array([0.0, 1.0])) == math.inf
    # a zero share contributes 0 to T (x log x -> 0)
    assert theil_t(np.array([0.0, 1.0])) == pytest.approx(math.log(2), rel=1e-15)
    assert theil_t(np.array([1, 3])) == pytest.approx(t_of([1.0, 3.0], [1.0, 1.0]), rel=1e-15)
    assert theil_l(np.array([1, 3]), np.array([1, 2])) == pytest.approx(
        l_of([1.0, 3.0], [1.0, 2.0]), rel=1e-15)


def test_region_theil_by_hand_with_its_notes() -> None:
    r = flat_region({"a": 1.0, "b": 3.0, "c": 0.0}, weights={"a": 1.0, "b": 2.0, "c": 1.0},
                    groups={"a": "x", "b": "x", "c": "y"})
    t = theil(r, year=2020, group_by="group")
    y, p = [1.0, 3.0, 0.0], [1.0, 2.0, 1.0]
    assert t.at["total", "theil_t"] == pytest.approx(t_of(y, p), rel=1e-12)
    assert t.at["between", "theil_t"] == pytest.approx(t_of([4.0, 0.0], [3.0, 1.0]), rel=1e-12)
    assert t.at["within:x", "theil_l"] == pytest.approx(l_of([1.0, 3.0], [1.0, 2.0]), rel=1e-12)
    assert t.at["within:y", "weight_share"] == 0.25
    assert t["n_units"].tolist() == [3, 2, 3, 2, 1]
    meta = t.attrs["metroscope"]
    assert (meta["indicator"], meta["year"], meta["level"], meta["measure"]) == (
        "theil", 2020, "prefecture", "gdp")
    assert meta["reference"].startswith("Theil 1967; Shorrocks 1980, Econometrica 48(3):613-625")
    assert meta["parameters"]["weight"] == "population"
    assert meta["parameters"]["group_by"] == "group"
    assert meta["notes"] == ["some values are 0: Theil L is undefined (NaN); Theil T uses "
                             "0·ln 0 = 0"]
    equal = theil(flat_region({"a": 1.0, "b": 3.0}), weight=None, year=2020)
    assert equal.attrs["metroscope"]["parameters"]["weight"] == "equal"
    assert equal.attrs["metroscope"]["parameters"]["group_by"] is None
    assert equal.attrs["metroscope"]["notes"] == []
    assert equal.index.tolist() == ["total", "between", "within", "within:all"]
    assert equal.at["total", "theil_t"] == pytest.approx(t_of([1.0, 3.0], [1.0, 1.0]))


def test_region_theil_of_a_zero_total_is_undefined_everywhere() -> None:
    t = theil(flat_region({"a": 0.0, "b": 0.0}, weights={"a": 1.0, "b": 2.0}), year=2020)
    measures = [c for c in t.columns if c.startswith("theil") or c.endswith("_share")]
    assert len(measures) == 8
    assert t[measures].isna().all().all()
    assert t["n_units"].tolist() == [2, 1, 2, 2]
    assert t.attrs["metroscope"]["notes"] == [
        "every gdp value is 0 (zero mean): the measure is undefined (NaN)",
        "some values are 0: Theil L is undefined (NaN); Theil T uses 0·ln 0 = 0"]


def test_zero_weights_and_small_totals() -> None:
    # a unit without weight adds 0 · ln 0 = 0 to L; to T its share over a zero weight is inf
    assert theil_l(np.array([1.0, 1.0]), np.array([0.0, 1.0])) == pytest.approx(math.log(2),
                                                                                rel=1e-15)
    assert theil_t(np.array([1.0, 1.0]), np.array([1.0, 0.0])) == math.inf
    # a unit with neither measure nor weight adds nothing to either (0 / 0 quietly)
    assert theil_t(np.array([0.0, 1.0]), np.array([0.0, 1.0])) == 0.0
    assert theil_l(np.array([0.0, 1.0]), np.array([0.0, 1.0])) == 0.0
    # groups whose totals are below 1 are still decomposed
    d = theil_decomposition(np.array([0.1, 0.3, 0.2]), None, np.array(["a", "a", "b"]))
    assert d.at["within:a", "theil_t"] == pytest.approx(t_of([0.1, 0.3], [1.0, 1.0]), rel=1e-12)
    assert d["measure_share"].dtype == np.float64 and d["weight_share"].dtype == np.float64


def test_region_theil_year_codes_and_small_totals() -> None:
    r = flat_region({"a": 1.0, "b": 3.0, "c": 2.0},
                    extra_years={2019: {"a": 2.0, "b": 2.0, "c": 4.0}})
    t = theil(r, weight=None, year=2019)
    assert t.attrs["metroscope"]["year"] == 2019
    assert t.at["total", "theil_t"] == pytest.approx(t_of([2.0, 2.0, 4.0], [1.0] * 3))
    sub = theil(r, weight=None, year=2020, codes=["a", "b"])
    assert sub.at["total", "n_units"] == 2
    assert sub.at["total", "theil_t"] == pytest.approx(t_of([1.0, 3.0], [1.0, 1.0]))
    meta = sub.attrs["metroscope"]
    assert meta["region"] == "flat" and meta["sources"] == ["hand-built test data"]
    small = theil(flat_region({"a": 0.1, "b": 0.3}), weight=None, year=2020)
    assert small.at["total", "theil_t"] == pytest.approx(t_of([0.1, 0.3], [1.0, 1.0]))
    zero = theil(flat_region({"a": 0.0, "b": 0.0}), weight=None, year=2020)
    assert zero["theil_t"].dtype == np.float64 and zero["measure_share"].dtype == np.float64
