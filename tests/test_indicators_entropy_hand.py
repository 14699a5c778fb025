"""The entropy weight method (indicators/entropy.py) against values computed by hand with
``math.log`` (and the standardisation with plain arithmetic), written in the tests."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from metroscope import MissingDataError
from metroscope.indicators.entropy import entropy_weights, standardise


def _e(p: list[float]) -> float:
    """Entropy of shares p (summing to 1) normalised by ln n, 0 ln 0 = 0."""
    return -sum(x * math.log(x) for x in p if x > 0) / math.log(len(p))


def test_standardise_by_hand_with_a_negative_a_constant_and_a_missing_column() -> None:
    f = pd.DataFrame({"a": [2.0, 6.0, 4.0, 10.0], "b": [5.0, 1.0, 3.0, 2.0],
                      "c": [7.0, 7.0, 7.0, 7.0], "d": [1.0, np.nan, 3.0, 2.0]})
    z = standardise(f, negative=["b", "zzz"])
    # a: min 2, max 10 -> (0, 4/8, 2/8, 1); b negative: (5 - x)/4 -> (0, 1, 0.5, 0.75)
    assert z["a"].tolist() == [0.0, 0.5, 0.25, 1.0]
    assert z["b"].tolist() == [0.0, 1.0, 0.5, 0.75]
    assert z["c"].tolist() == [0.0, 0.0, 0.0, 0.0]  # constant -> 0
    assert z["d"].iloc[[0, 2, 3]].tolist() == [0.0, 1.0, 0.5]
    assert math.isnan(z["d"].iloc[1])  # missing stays missing
    assert list(z.columns) == ["a", "b", "c", "d"]


def _weights(d: list[float]) -> list[float]:
    return [x / sum(d) for x in d]


def test_entropy_weights_by_hand_with_a_negative_and_a_constant_column() -> None:
    f = pd.DataFrame({"a": [1.0, 2.0, 3.0, 6.0], "b": [4.0, 4.0, 4.0, 4.0],
                      "c": [3.0, 0.0, 1.0, 2.0]})
    w = entropy_weights(f, negative=["c"])
    # a: z = (0, .2, .4, 1), sum 1.6 -> p = (0, .125, .25, .625)
    # b: constant -> z = 0, sum 0 -> p = 1/4 each -> e = 1
    # c (negative): z = (3 - x)/3 = (0, 1, 2/3, 1/3), sum 2 -> p = (0, .5, 1/3, 1/6)
    e = [_e([0.0, 0.125, 0.25, 0.625]), 1.0, _e([0.0, 0.5, 1 / 3, 1 / 6])]
    d = [1 - x for x in e]
    assert list(w.index) == ["a", "b", "c"] and w.index.name == "indicator"
    assert list(w.columns) == ["direction", "min", "max", "entropy", "divergence", "weight"]
    assert w["direction"].tolist() == ["positive", "positive", "negative"]
    assert w["min"].tolist() == [1.0, 4.0, 0.0]
    assert w["max"].tolist() == [6.0, 4.0, 3.0]
    assert w["entropy"].tolist() == pytest.approx(e, rel=1e-12, abs=1e-15)
    assert w["divergence"].tolist() == pytest.approx(d, rel=1e-12, abs=1e-15)
    assert w["weight"].tolist() == pytest.approx(_weights(d), rel=1e-12, abs=1e-15)
    assert w.at["b", "weight"] == 0.0
    meta = w.attrs["metroscope"]
    assert meta["indicator"] == "entropy_weights"
    assert meta["parameters"] == {"shift": 0.0}
    assert meta["reference"] == "METHODS.md §12"
    assert meta["verdict"]["verdict"] == "ok" and meta["verdict"]["n"] == 3


def test_entropy_weights_by_hand_with_a_shift() -> None:
    f = pd.DataFrame({"a": [1.0, 2.0, 3.0, 6.0], "b": [4.0, 4.0, 4.0, 4.0],
                      "c": [3.0, 0.0, 1.0, 2.0]})
    w = entropy_weights(f, negative=("c",), shift=0.1)
    # a: z + .1 = (.1, .3, .5, 1.1), sum 2 ; b: .1 each -> p = 1/4 -> e = 1
    # c: (.1, 1.1, 2/3 + .1, 1/3 + .1), sum 2.4
    zc = [0.1, 1.1, 2 / 3 + 0.1, 1 / 3 + 0.1]
    e = [_e([0.05, 0.15, 0.25, 0.55]), 1.0, _e([z / 2.4 for z in zc])]
    d = [1 - x for x in e]
    assert w["entropy"].tolist() == pytest.approx(e, rel=1e-12, abs=1e-15)
    assert w["weight"].tolist() == pytest.approx(_weights(d), rel=1e-12, abs=1e-15)
    assert w.attrs["metroscope"]["parameters"] == {"shift": 0.1}


def test_two_observations_and_integer_column_names() -> None:
    # n = 2: e = -(p ln p + q ln q)/ln 2; z = (0, 1) -> p = (0, 1) -> e = 0, d = 1
    f = pd.DataFrame({0: [5.0, 7.0], 1: [1.0, 1.0]})
    w = entropy_weights(f)
    assert list(w.index) == ["0", "1"]
    assert w["entropy"].tolist() == [0.0, 1.0]
    assert w["weight"].tolist() == [1.0, 0.0]


def test_all_constant_columns_share_the_weight_equally() -> None:
    # n = 2: p = (1/2, 1/2), e = -ln(1/2)/ln 2 = 1 exactly, so every divergence is 0
    w = entropy_weights(pd.DataFrame({"a": [2.0, 2.0], "b": [1.0, 1.0], "c": [0.0, 0.0]}))
    assert w["entropy"].tolist() == [1.0, 1.0, 1.0]
    assert w["divergence"].tolist() == [0.0, 0.0, 0.0]
    assert w["weight"].tolist() == [1 / 3, 1 / 3, 1 / 3]


def test_refusals_in_full() -> None:
    with pytest.raises(MissingDataError) as info:
        entropy_weights(pd.DataFrame({"a": [1.0]}))
    assert str(info.value) == (
        "integration_weights needs at least 2 observations (unit-years pooled); found 1. "
        "Not computed. The entropy weight method.")
    with pytest.raises(MissingDataError) as info:
        entropy_weights(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, np.nan, 2.0],
                                      "c": [np.nan, 1.0, 1.0]}))
    assert str(info.value) == ("Missing values in indicator(s) ['b', 'c']: fill them or drop "
                               "those observations.")
