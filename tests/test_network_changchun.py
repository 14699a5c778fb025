"""The embedded Changchun region: Liaoyuan and the 长四辽通 scenario, the circle, the shipped
scenarios, calibration on published times."""

from __future__ import annotations

import numpy as np
import pytest

import metroscope
from metroscope.network import (
    circle_summary,
    commuting_circle,
    fastest_modes,
    unit_travel_times,
    unreachable_pairs,
)
from metroscope.network.calibration import calibrate, calibration_residuals
from metroscope.scenario import compare, list_scenarios, load_scenario
from metroscope.settings import get_settings

LIAOYUAN = "220402"  # 龙山区, seat district of 辽源市 (220400)


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def test_matrix_shape_and_sanity(region: metroscope.Region) -> None:
    for mode in ("rail", "road", "fastest"):
        m = unit_travel_times(region, mode=mode)
        assert m.shape[0] == m.shape[1] >= 60
        assert list(m.index) == list(m.columns)
        assert np.allclose(np.diag(m.to_numpy()), 0.0)
        assert (m.to_numpy() >= 0).all()
        assert m.attrs["metroscope"]["mode"] == mode
    fast = unit_travel_times(region, mode="fastest").to_numpy()
    for mode in ("rail", "road"):
        assert (fast <= unit_travel_times(region, mode=mode).to_numpy() + 1e-9).all()
    labels = fastest_modes(region)
    assert set(labels.to_numpy().ravel()) <= {"same", "rail", "road", "road+rail", "none"}
    assert unreachable_pairs(region, mode="road").empty  # the road layer is connected


def test_liaoyuan_outside_rail_circle_and_chang_si_liao_tong(region: metroscope.Region) -> None:
    today = commuting_circle(region, mode="rail")
    t0 = today.loc[LIAOYUAN, "travel_time_min"]
    assert not today.loc[LIAOYUAN, "inside"]
    assert t0 == pytest.approx(206.1, abs=0.5)  # door to door, rail, minutes (docs/network.md)
    other = load_scenario("chang-si-liao-tong").apply(region)
    after = commuting_circle(other, mode="rail")
    t1 = after.loc[LIAOYUAN, "travel_time_min"]
    assert t1 == pytest.approx(90.3, abs=0.5)
    assert t1 < t0 - 100
    # the scenario's effect as compare reports it
    c = compare(region, other)
    assert c.loc[LIAOYUAN, "time_to_core_min_delta"] == pytest.approx(t1 - t0)
    assert c.loc[LIAOYUAN, "potential_delta"] > 0
    assert c.loc[LIAOYUAN, "linkage_with_core_delta"] > 0


def test_circle_population_share_by_mode(region: metroscope.Region) -> None:
    s = circle_summary(region)
    share = s["share_plan_population_inside"]
    assert share["rail"] == pytest.approx(0.385, abs=0.001)
    assert share["road"] == pytest.approx(0.432, abs=0.001)
    assert share["fastest"] == pytest.approx(0.482, abs=0.001)
    assert share["fastest"] >= max(share["rail"], share["road"])
    assert s.loc["rail", "population_year"] == 2020
    assert "220104" in s.loc["rail", "codes_inside"]  # the core's seat district


def test_shipped_scenarios_apply(region: metroscope.Region) -> None:
    base = unit_travel_times(region).to_numpy()
    for name in list_scenarios():
        other = load_scenario(name).apply(region)
        m = unit_travel_times(other).to_numpy()
        finite = np.isfinite(base)
        assert (m[finite] <= base[finite] + 1e-9).all(), name  # nothing gets slower
        assert (m[finite] < base[finite] - 1e-9).any(), name
    n2030 = unit_travel_times(load_scenario("network-2030").apply(region))
    cslt = unit_travel_times(load_scenario("chang-si-liao-tong").apply(region))
    assert n2030.loc[LIAOYUAN, "220104"] == pytest.approx(cslt.loc[LIAOYUAN, "220104"])
    today = unit_travel_times(region).loc[LIAOYUAN, "220104"]
    year_only = unit_travel_times(region, year=2030).loc[LIAOYUAN, "220104"]  # no through trains
    assert cslt.loc[LIAOYUAN, "220104"] <= year_only < today


def test_calibration_reproduces_the_default_parameters(region: metroscope.Region) -> None:
    fit = calibrate(region)
    s = get_settings()
    assert fit["rail_operating_speed_factor"] == pytest.approx(s.rail_operating_speed_factor,
                                                               abs=1e-4)
    assert fit["rail_dwell_min"] == pytest.approx(s.rail_dwell_min, abs=0.01)
    res = fit["residuals"]
    assert set(res["role"]) == {"calibration", "check"}
    assert res["residual_pct"].notna().all()


@pytest.mark.xfail(strict=True, reason=(
    "The embedded 沈白 link lengths make 沈阳北–通化 171 km, shorter than the great circle "
    "between the two stations' coordinates (about 190 km); with 长吉 at 111 km no single "
    "operating-speed factor fits both published times within 10 % (residuals +19.6 % and "
    "-37.4 %; see docs/network.md). Passes once the data's 沈白 lengths are fixed."))
def test_calibration_residuals_within_ten_percent(region: metroscope.Region) -> None:
    res = calibration_residuals(region)
    cal = res[res["role"] == "calibration"]
    assert (cal["residual_pct"].abs() <= 10).all()
