"""Goodness-of-fit measures on hand-checkable cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import cpc, goodness_of_fit, srmse
from metroscope.flows.gof import poisson_loglik


def test_cpc_hand_case_and_alignment() -> None:
    assert cpc([10, 0, 5], [5, 5, 5]) == pytest.approx(2 * 10 / 30)
    assert cpc([1, 2], [1, 2]) == 1.0
    obs = pd.Series([10.0, 5.0], index=["x", "y"])
    pred = pd.Series([5.0], index=["y"])  # missing x counts as 0
    assert cpc(obs, pred) == pytest.approx(2 * 5 / 20)


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
