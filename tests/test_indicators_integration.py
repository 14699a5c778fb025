"""Integration: entropy weights, composite index, weight sensitivity, coupling coordination."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _indicator_fixtures import panel_region, toy_region
from metroscope import MissingDataError
from metroscope.indicators.integration import (
    coordination_class,
    coupling_coordination,
    coupling_values,
    entropy_weights,
    integration_index,
    integration_panel,
    integration_weights,
    standardise,
    weight_sensitivity,
)
from metroscope.region import Region


def test_entropy_weights_hand_checked() -> None:
    f = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, 1.0, 4.0]})
    w = entropy_weights(f, negative=["b"])
    # a: z = (0, .5, 1), p = (0, 1/3, 2/3); b (negative): z = (1, 1, 0), p = (.5, .5, 0)
    e_a = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(3)
    e_b = math.log(2) / math.log(3)
    assert w.at["a", "entropy"] == pytest.approx(e_a)
    assert w.at["b", "entropy"] == pytest.approx(e_b)
    assert w.at["a", "weight"] == pytest.approx((1 - e_a) / (2 - e_a - e_b))
    assert w["weight"].sum() == pytest.approx(1.0)
    assert w.at["b", "direction"] == "negative"


def test_entropy_shift_is_recorded_and_changes_weights_slightly() -> None:
    f = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, 1.0, 4.0]})
    w0 = entropy_weights(f)
    w1 = entropy_weights(f, shift=1e-4)
    assert w1.attrs["metroscope"]["parameters"]["shift"] == 1e-4
    assert w1.at["a", "weight"] != w0.at["a", "weight"]
    assert w1.at["a", "weight"] == pytest.approx(w0.at["a", "weight"], abs=1e-2)


def test_entropy_refuses_missing_values_and_single_rows() -> None:
    with pytest.raises(MissingDataError, match="at least 2"):
        entropy_weights(pd.DataFrame({"a": [1.0]}))
    with pytest.raises(MissingDataError, match="Missing values"):
        entropy_weights(pd.DataFrame({"a": [1.0, np.nan]}))


def _panel_region() -> Region:
    return panel_region()


def test_integration_index_pools_years_before_standardising() -> None:
    r = _panel_region()
    idx = integration_index(r, indicators=["trains", "dist"], negative=["dist"])
    # pooled min-max: trains 1..20, dist 50..200 (negative)
    assert idx.at[("a", 2020), "z_trains"] == pytest.approx(1.0)
    assert idx.at[("a", 2010), "z_trains"] == pytest.approx(9 / 19)
    assert idx.at[("b", 2010), "z_dist"] == pytest.approx(1.0)
    w = idx.attrs["metroscope"]["parameters"]["weights"]
    panel = integration_panel(r, indicators=["trains", "dist"])
    wt = entropy_weights(panel, negative=["dist"])
    assert w == pytest.approx(wt["weight"].to_dict())
    exp = w["trains"] * idx["z_trains"] + w["dist"] * idx["z_dist"]
    np.testing.assert_allclose(idx["score"].to_numpy(), exp.to_numpy())
    by_year = idx.groupby(level="year")["rank"].apply(sorted)
    assert all(list(v) == [1, 2, 3] for v in by_year)
    ww = integration_weights(r, indicators=["trains", "dist"], negative=["dist"])
    assert ww["weight"].to_dict() == pytest.approx(w)


def test_weight_sensitivity_matches_a_direct_recomputation() -> None:
    r = _panel_region()
    sens = weight_sensitivity(r, indicators=["trains", "dist"], negative=["dist"])
    idx = integration_index(r, indicators=["trains", "dist"], negative=["dist"])
    w = pd.Series(idx.attrs["metroscope"]["parameters"]["weights"])
    z = idx[["z_trains", "z_dist"]].to_numpy()
    for (ind, change), row in sens.iterrows():
        w2 = w.copy()
        w2[ind] *= 1 + change / 100
        w2 /= w2.sum()
        score = pd.Series(z @ w2.to_numpy(), index=idx.index)
        ranks = score.groupby(level="year").rank(ascending=False, method="min")
        n_changed = int((ranks != idx["rank"]).sum())
        assert row["n_rank_changes"] == n_changed
        assert row["weight_perturbed"] == pytest.approx(w2[ind])
    assert len(sens) == 4


def test_coupling_hand_checked() -> None:
    c = coupling_values(pd.DataFrame({"u1": [0.25, 0.5], "u2": [1.0, 0.5]}))
    assert c.iloc[0]["coupling"] == pytest.approx(0.8)  # 2 sqrt(0.25) / 1.25
    assert c.iloc[0]["development"] == pytest.approx(0.625)
    assert c.iloc[0]["coordination"] == pytest.approx(math.sqrt(0.5))
    assert c.iloc[0]["class_zh"] == "中级协调"
    assert c.iloc[1]["coupling"] == pytest.approx(1.0)
    three = coupling_values(pd.DataFrame({"a": [0.5], "b": [0.5], "c": [0.5]}))
    assert three.iloc[0]["coupling"] == pytest.approx(1.0)
    zero = coupling_values(pd.DataFrame({"a": [0.0], "b": [0.0]}))
    assert math.isnan(zero.iloc[0]["coupling"])
    assert coordination_class(0.05)[0] == "极度失调"
    assert coordination_class(1.0)[0] == "优质协调"


def test_coupling_from_named_sub_indices() -> None:
    r = _panel_region()
    cc = coupling_coordination(r, subsystems=("rail", "near"), indicators=["trains", "dist"],
                               negative=["dist"],
                               dimensions={"rail": ["trains"], "near": ["dist"]})
    exp = coupling_values(cc[["u_rail", "u_near"]])
    np.testing.assert_allclose(cc["coordination"].to_numpy(), exp["coordination"].to_numpy())
    assert cc.at[("a", 2020), "u_rail"] == pytest.approx(1.0)
    with pytest.raises(MissingDataError, match="sub-indices"):
        coupling_coordination(r, subsystems=("x", "y"), indicators=["trains", "dist"])


def test_default_integration_index_on_the_toy_region() -> None:
    idx = integration_index(toy_region())
    assert set(idx.index.get_level_values("code")) == {"990200", "990300"}  # members, not core
    assert {"u_linkage", "u_division"} <= set(idx.columns)
    assert ((idx["score"] >= 0) & (idx["score"] <= 1)).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100, allow_subnormal=False),
                          st.floats(0, 100, allow_subnormal=False)), min_size=3, max_size=15),
       st.floats(0.1, 10))
def test_entropy_weights_are_scale_invariant_and_sum_to_one(
        rows: list[tuple[float, float]], c: float) -> None:
    f = pd.DataFrame(rows, columns=["a", "b"])
    w = entropy_weights(f)["weight"]
    assert w.sum() == pytest.approx(1.0)
    pd.testing.assert_series_equal(w, entropy_weights(f * c)["weight"], rtol=1e-6, atol=1e-9)
    z = standardise(f)
    assert ((z >= 0) & (z <= 1)).all().all()
