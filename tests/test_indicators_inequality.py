"""Inequality: Theil T/L with decomposition, Gini, CV — hand cases, PySAL agreement, properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _indicator_fixtures import flat_region, toy_region
from metroscope import MissingDataError, ParameterError
from metroscope.indicators.inequality import (
    coefficient_of_variation,
    gini,
    gini_value,
    theil,
    theil_decomposition,
    theil_l,
    theil_t,
)


def test_theil_hand_checked() -> None:
    # y = (1, 3), equal weights: s = (1/4, 3/4)
    assert theil_t(np.array([1.0, 3.0])) == pytest.approx(0.25 * math.log(0.5)
                                                         + 0.75 * math.log(1.5))
    assert theil_l(np.array([1.0, 3.0])) == pytest.approx(0.5 * math.log(2)
                                                         + 0.5 * math.log(2 / 3))
    # Y = (2, 2), P = (1, 3): the roles of T and L swap
    y, p = np.array([2.0, 2.0]), np.array([1.0, 3.0])
    assert theil_t(y, p) == pytest.approx(0.5 * math.log(2) + 0.5 * math.log(2 / 3))
    assert theil_l(y, p) == pytest.approx(0.25 * math.log(0.5) + 0.75 * math.log(1.5))


def test_theil_equals_pysal_with_equal_weights() -> None:
    from inequality.theil import Theil, TheilD

    rng = np.random.default_rng(3)
    y = rng.lognormal(0, 1, 50)
    groups = rng.integers(0, 4, 50)
    assert theil_t(y) == pytest.approx(float(Theil(y).T), rel=1e-12)
    dec = theil_decomposition(y, None, groups)
    peer = TheilD(y, groups)
    assert dec.at["total", "theil_t"] == pytest.approx(float(peer.T), rel=1e-12)
    assert dec.at["between", "theil_t"] == pytest.approx(float(np.squeeze(peer.bg)), rel=1e-12)
    assert dec.at["within", "theil_t"] == pytest.approx(float(np.squeeze(peer.wg)), rel=1e-10)


def test_gini_equals_pysal_and_hand_case() -> None:
    from inequality.gini import Gini

    assert gini_value(np.array([1.0, 2, 3, 4])) == pytest.approx(0.25)  # 20 / (2 * 16 * 2.5)
    rng = np.random.default_rng(5)
    x = rng.lognormal(0, 0.8, 200)
    assert gini_value(x) == pytest.approx(float(Gini(x).g), rel=1e-12)


def test_weighted_gini_against_the_double_sum() -> None:
    rng = np.random.default_rng(9)
    x, w = rng.lognormal(0, 1, 30), rng.uniform(1, 10, 30)
    ws = w / w.sum()
    direct = (ws[:, None] * ws[None, :] * np.abs(x[:, None] - x[None, :])).sum() / (
        2 * (ws * x).sum())
    assert gini_value(x, w) == pytest.approx(direct)


@pytest.mark.parametrize(("w", "says"), [
    ([1.0, 1.0, 1.0], "4 values"),         # shorter: NumPy used to raise IndexError
    ([1.0, 1.0, 1.0, 1.0, 50.0], "4 values"),  # longer: the extra weight was silently read
    ([[1.0, 1.0, 1.0, 1.0]], "one-dimensional"),
    ([1.0, -1.0, 1.0, 1.0], "non-negative"),
    ([0.0, 0.0, 0.0, 0.0], "positive sum"),
    ([1.0, np.nan, 1.0, 1.0], "finite"),
])
def test_gini_rejects_weights_that_do_not_fit_the_values(w: list[float], says: str) -> None:
    with pytest.raises(ParameterError, match=says):
        gini_value(np.array([1.0, 2, 3, 4]), np.array(w))


def test_gini_rejects_two_dimensional_values_and_is_nan_when_empty() -> None:
    with pytest.raises(ParameterError, match="one-dimensional"):
        gini_value(np.ones((2, 2)))
    assert math.isnan(gini_value(np.array([])))


def test_region_theil_with_metro_grouping() -> None:
    r = toy_region()
    t = theil(r, measure="gdp", weight="population", year=2020, group_by="metro")
    y = np.array([6000, 1500, 500, 250.0])
    p = np.array([9e6, 4e6, 2e6, 1e6])
    assert t.at["total", "theil_t"] == pytest.approx(theil_t(y, p))
    # metro = A, B, C (core/member); rest = D
    yg, pg = np.array([8000.0, 250]), np.array([15e6, 1e6])
    assert t.at["between", "theil_t"] == pytest.approx(theil_t(yg, pg))
    assert t.at["within:metro", "theil_t"] == pytest.approx(theil_t(y[:3], p[:3]))
    assert t.at["within:rest", "theil_t"] == pytest.approx(0.0)
    assert t.at["between", "theil_t"] + t.at["within", "theil_t"] == pytest.approx(
        t.at["total", "theil_t"])
    assert t.attrs["metroscope"]["parameters"]["group_by"] == "metro"


def test_units_without_values_are_left_out_and_named() -> None:
    r = flat_region({"a": 1.0, "b": 3.0, "c": math.nan})
    t = theil(r, weight=None, year=2020)
    assert t.at["total", "theil_t"] == pytest.approx(theil_t(np.array([1.0, 3.0])))
    assert any("c" in n for n in t.attrs["metroscope"]["notes"])
    with pytest.raises(MissingDataError):
        theil(flat_region({"a": 1.0}), weight="population")


def test_zero_value_makes_theil_l_nan_not_zero() -> None:
    t = theil(flat_region({"a": 0.0, "b": 3.0}), weight=None, year=2020)
    assert math.isnan(t.at["total", "theil_l"])
    assert any("Theil L is undefined" in n for n in t.attrs["metroscope"]["notes"])


def test_cv_and_williamson_hand_checked() -> None:
    r = flat_region({"a": 3.0, "b": 3.0}, indicator="x", weights={"a": 3.0, "b": 1.0})
    cv = coefficient_of_variation(r, measure="x", weight="population", year=2020)
    # y = (1, 3): mean 2, sd 1; weighted mean 1.5, weighted var 0.75
    assert cv.iloc[0]["cv"] == pytest.approx(0.5)
    assert cv.iloc[0]["cv_weighted"] == pytest.approx(math.sqrt(0.75) / 1.5)
    g = gini(r, measure="x", weight="population", year=2020)
    assert g.iloc[0]["gini"] == pytest.approx(2 * 0.75 * 0.25 * 2 / (2 * 1.5))


def test_gdp_per_person_is_in_yuan() -> None:
    cv = coefficient_of_variation(toy_region(), year=2020)
    assert cv.iloc[0]["weighted_mean"] == pytest.approx(8250e8 / 16e6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 1e5), st.floats(0.01, 1e5), st.integers(0, 3)),
                min_size=2, max_size=30))
def test_decomposition_adds_up(rows: list[tuple[float, float, int]]) -> None:
    y = np.array([r[0] for r in rows])
    p = np.array([r[1] for r in rows])
    g = np.array([r[2] for r in rows])
    d = theil_decomposition(y, p, g)
    assert d.at["between", "theil_t"] + d.at["within", "theil_t"] == pytest.approx(
        d.at["total", "theil_t"], abs=1e-10)
    assert d.at["between", "theil_l"] + d.at["within", "theil_l"] == pytest.approx(
        d.at["total", "theil_l"], abs=1e-10)
    groups = d[d.index.str.startswith("within:")]
    assert groups["theil_t_contribution"].sum() == pytest.approx(d.at["within", "theil_t"],
                                                                 abs=1e-10)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 1e5), st.floats(0.01, 1e5)), min_size=2,
                max_size=20), st.floats(1e-3, 1e3), st.floats(1e-3, 1e3), st.randoms())
def test_scale_and_order_invariance(rows: list[tuple[float, float]], cy: float, cp: float,
                                    rnd: object) -> None:
    y = np.array([r[0] for r in rows])
    p = np.array([r[1] for r in rows])
    order = np.arange(len(y))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    for f in (theil_t, theil_l):
        assert f(y * cy, p * cp) == pytest.approx(f(y, p), rel=1e-9, abs=1e-12)
        assert f(y[order], p[order]) == pytest.approx(f(y, p), rel=1e-9, abs=1e-12)
    assert gini_value(y[order] * cy, p[order] * cp) == pytest.approx(gini_value(y, p),
                                                                     rel=1e-9, abs=1e-12)


def test_region_result_invariant_to_stats_order() -> None:
    r = toy_region()
    a = theil(r, year=2020, group_by="role")
    b = theil(r.with_tables(stats=r.stats.iloc[::-1]), year=2020, group_by="role")
    pd.testing.assert_frame_equal(a, b)
