"""Goodness-of-fit measures on hand-checkable cases."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from metroscope._errors import ParameterError
from metroscope.flows import cpc, goodness_of_fit, srmse
from metroscope.flows.gof import poisson_loglik


def test_cpc_hand_case_and_alignment() -> None:
    assert cpc([10, 0, 5], [5, 5, 5]) == pytest.approx(2 * 10 / 30)
    assert cpc([1, 2], [1, 2]) == 1.0
    obs = pd.Series([10.0, 5.0], index=["x", "y"])
    pred = pd.Series([5.0], index=["y"])  # missing x counts as 0
    assert cpc(obs, pred) == pytest.approx(2 * 5 / 20)
    # totals below one trip are still totals: 2 (0.1 + 0.1) / (0.3 + 0.3)
    assert cpc([0.2, 0.1], [0.1, 0.2]) == pytest.approx(2 / 3, rel=1e-15)
    assert goodness_of_fit([0.2, 0.1], [0.1, 0.2])["cpc"] == pytest.approx(2 / 3, rel=1e-15)


def test_srmse_r2_and_loglik() -> None:
    y = np.array([1.0, 2.0, 3.0])
    yhat = np.array([1.0, 2.0, 4.0])
    assert srmse(y, yhat) == pytest.approx(math.sqrt(1 / 3) / 2)
    g = goodness_of_fit(y, yhat, n_params=2)
    assert g["r2"] == pytest.approx(1 - 1 / 2)
    ll = sum(a * math.log(b) - b - math.lgamma(a + 1) for a, b in zip(y, yhat, strict=True))
    assert poisson_loglik(y, yhat) == pytest.approx(ll, rel=1e-14)
    assert g["aic"] == pytest.approx(-2 * ll + 4)
    ll0 = sum(a * math.log(2.0) - 2.0 - math.lgamma(a + 1) for a in y)
    assert g["pseudo_r2"] == pytest.approx(1 - ll / ll0)
    assert g["adj_pseudo_r2"] == pytest.approx(1 - (ll - 2) / ll0)
    assert g["ssi"] == pytest.approx((1 + 1 + 2 * 3 / 7) / 3)
    # non-integer observations take the gamma-function path
    assert poisson_loglik([0.5], [1.0]) == pytest.approx(-1.0 - math.lgamma(1.5))


def _by_hand(y: list[float], yhat: list[float], k: int | None) -> dict[str, float]:
    """Every measure from its textbook formula, one pair at a time (no NumPy)."""
    n = len(y)
    nan = float("nan")
    sy, sh = sum(y), sum(yhat)
    ybar = sy / n
    ss_res = sum((a - b) ** 2 for a, b in zip(y, yhat, strict=True))
    ss_tot = sum((a - ybar) ** 2 for a in y)
    lf = sum(math.lgamma(a + 1) for a in y)
    ll = sum(a * math.log(b) for a, b in zip(y, yhat, strict=True) if a > 0) - sh - lf
    ll0 = sy * math.log(ybar) - sy - lf if ybar > 0 else 0.0
    return {
        "cpc": 2 * sum(min(a, b) for a, b in zip(y, yhat, strict=True)) / (sy + sh),
        "ssi": sum(2 * min(a, b) / (a + b) if a + b > 0 else 1.0
                   for a, b in zip(y, yhat, strict=True)) / n,
        "srmse": math.sqrt(ss_res / n) / ybar,
        "r2": 1 - ss_res / ss_tot,
        "loglik": ll,
        "loglik_null": ll0,
        "pseudo_r2": 1 - ll / ll0,
        "adj_pseudo_r2": 1 - (ll - k) / ll0 if k is not None else nan,
        "aic": -2 * ll + 2 * k if k is not None else nan,
        "n_pairs": float(n),
    }


@pytest.mark.parametrize(("y", "yhat", "k"), [
    ([3.0, 0.0, 2.0, 5.0], [2.0, 1.0, 3.0, 5.0], 3),  # predicted total above observed
    ([4.0, 1.0, 2.0], [3.0, 1.5, 1.0], 1),            # below it
    ([0.2, 0.1, 0.4], [0.1, 0.3, 0.2], None),          # totals and spread below 1
])
def test_goodness_of_fit_every_measure_by_hand(y: list[float], yhat: list[float],
                                                k: int | None) -> None:
    g = goodness_of_fit(y, yhat, n_params=k)
    expected = _by_hand(y, yhat, k)
    assert g.name == "goodness_of_fit"
    assert list(g.index) == list(expected)
    for key, value in expected.items():
        if math.isnan(value):
            assert math.isnan(g[key]), key
        else:
            assert g[key] == pytest.approx(value, rel=1e-12), key
    # the stand-alone functions say the same
    assert cpc(y, yhat) == pytest.approx(expected["cpc"], rel=1e-12)
    assert srmse(y, yhat) == pytest.approx(expected["srmse"], rel=1e-12)
    assert poisson_loglik(y, yhat) == pytest.approx(expected["loglik"], rel=1e-12)


def test_degenerate_inputs_give_nan_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zero = goodness_of_fit([0.0, 0.0], [0.0, 0.0], n_params=1)
        empty = goodness_of_fit([], [], n_params=1)
        assert math.isnan(cpc([0.0, 0.0], [0.0, 0.0]))
        assert math.isnan(srmse([0.0, 0.0], [1.0, 1.0]))
        assert math.isnan(srmse([], []))
        assert poisson_loglik([], []) == 0.0
    # nothing observed and nothing predicted: no fit to measure; ll = ll0 = 0
    for key in ("cpc", "srmse", "r2", "pseudo_r2", "adj_pseudo_r2"):
        assert math.isnan(zero[key]), key
    assert zero["loglik"] == 0.0 and zero["loglik_null"] == 0.0
    assert zero["ssi"] == 1.0  # every pair agrees (0 = 0)
    assert zero["aic"] == 2.0  # -2 * 0 + 2 * 1
    for key in ("cpc", "ssi", "srmse", "r2", "pseudo_r2", "adj_pseudo_r2"):
        assert math.isnan(empty[key]), key
    assert empty["n_pairs"] == 0.0 and empty["loglik"] == 0.0
    # a constant observation has no variance: R² is undefined, the rest is not
    flat = goodness_of_fit([2.0, 2.0], [1.0, 3.0])
    assert math.isnan(flat["r2"])
    assert flat["cpc"] == pytest.approx(2 * 3 / 8)


def test_poisson_loglik_terms() -> None:
    # zero observations contribute no T log T̂ term even where T̂ = 0
    assert poisson_loglik([0.0, 1.0], [0.0, 1.0]) == pytest.approx(-1.0, rel=1e-15)
    # T = 1 contributes log T̂
    assert poisson_loglik([1.0], [2.0]) == pytest.approx(math.log(2.0) - 2.0, rel=1e-15)
    # a given sum of log-factorials is used as given
    assert poisson_loglik([2.0], [2.0], log_factorials=5.0) == pytest.approx(
        2 * math.log(2.0) - 2.0 - 5.0, rel=1e-15)


def test_inputs_that_are_not_float_arrays() -> None:
    # object-dtype columns (Python floats) are read as numbers
    obj = pd.Series([1.0, 2.0, 3.0], dtype=object)
    assert poisson_loglik(obj, obj.copy()) == pytest.approx(
        sum(a * math.log(a) - a - math.lgamma(a + 1) for a in (1.0, 2.0, 3.0)), rel=1e-14)
    assert goodness_of_fit(obj, obj.copy())["cpc"] == 1.0
    # a Series against a plain list: nothing to align, the order is used
    assert cpc(pd.Series([1.0, 2.0], index=["b", "a"]), [1.0, 2.0]) == 1.0
    with pytest.raises(ParameterError, match=r"differ in length: \(2,\) vs \(3,\)"):
        cpc([1.0, 2.0], [1.0, 2.0, 3.0])
