"""``truncation_error`` on flow tables small enough to check every measure by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import truncation_error


def flows(pairs: dict[tuple[str, str], float]) -> pd.DataFrame:
    idx = pd.MultiIndex.from_tuples(list(pairs), names=["origin", "destination"])
    return pd.DataFrame({"flow": list(pairs.values())}, index=idx)


EXACT = flows({("a", "b"): 4.0, ("a", "c"): 3.0, ("b", "a"): 2.0, ("b", "c"): 1.0,
               ("c", "a"): 0.0})
# (a, c) dropped; (c, b) is not an exact pair and is ignored; (c, a) has no exact flow
APPROX = flows({("a", "b"): 5.0, ("b", "a"): 1.2, ("b", "c"): 1.5, ("c", "a"): 0.5,
                ("c", "b"): 7.0})


def test_every_measure_by_hand() -> None:
    err = truncation_error(EXACT, APPROX)
    assert err.name == "truncation_error"
    assert list(err.index) == ["pairs_kept_share", "flow_kept_share", "cpc",
                               "max_rel_error_kept", "total_rel_error"]
    assert err["pairs_kept_share"] == pytest.approx(4 / 5, rel=1e-15)
    # exact flow on kept pairs: 4 + 2 + 1 + 0 of 10
    assert err["flow_kept_share"] == pytest.approx(7 / 10, rel=1e-15)
    # CPC = 2 Σ min / (Σ exact + Σ approx) = 2 (4 + 0 + 1.2 + 1 + 0) / (10 + 8.2)
    assert err["cpc"] == pytest.approx(2 * 6.2 / 18.2, rel=1e-15)
    # kept pairs with exact flow > 0: |5/4 - 1|, |1.2/2 - 1|, |1.5/1 - 1|
    assert err["max_rel_error_kept"] == pytest.approx(0.5, rel=1e-15)
    assert err["total_rel_error"] == pytest.approx(8.2 / 10 - 1, rel=1e-14)
    assert err.dtype == np.float64


def test_integer_flows_and_nothing_kept() -> None:
    exact = flows({("a", "b"): 3, ("b", "a"): 1})
    err = truncation_error(exact, flows({("a", "b"): 2}))
    assert err.tolist() == pytest.approx([0.5, 0.75, 2 * 2 / 6, 1 / 3, -0.5], rel=1e-15)
    none = truncation_error(exact, flows({("c", "d"): 1.0}))
    assert none.tolist() == [0.0, 0.0, 0.0, 0.0, -1.0]


def test_zero_exact_total_gives_missing_shares() -> None:
    exact = flows({("a", "b"): 0.0, ("b", "a"): 0.0})
    err = truncation_error(exact, flows({("a", "b"): 1.0}))
    assert err["pairs_kept_share"] == 0.5
    assert math.isnan(err["flow_kept_share"]) and math.isnan(err["total_rel_error"])
    assert err["max_rel_error_kept"] == 0.0


def test_totals_below_one_trip_are_still_totals() -> None:
    exact = flows({("a", "b"): 0.25, ("b", "a"): 0.5})
    err = truncation_error(exact, flows({("a", "b"): 0.5}))
    assert err["flow_kept_share"] == pytest.approx(1 / 3, rel=1e-15)
    assert err["total_rel_error"] == pytest.approx(0.5 / 0.75 - 1, rel=1e-15)
