"""The embedded Changchun region: Liaoyuan and the 长四辽通 scenario, the circle, the shipped
scenarios, calibration on published times."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import metroscope
from metroscope.network import (
    circle_summary,
    commuting_circle,
    fastest_modes,
    unit_travel_times,
    unreachable_pairs,
)
from metroscope.network.calibration import calibrate, calibration_residuals, published_times
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
    assert t0 == pytest.approx(207.4, abs=0.5)  # door to door, rail, minutes (docs/network.md)
    other = load_scenario("chang-si-liao-tong").apply(region)
    after = commuting_circle(other, mode="rail")
    t1 = after.loc[LIAOYUAN, "travel_time_min"]
    assert t1 == pytest.approx(94.3, abs=0.5)
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
    for mode in ("hsr", "intercity", "rail"):
        key = f"operating_speed_factor_{mode}"
        assert fit[key] == pytest.approx(getattr(s, key), abs=1e-4), key
    assert fit["rail_dwell_min"] == pytest.approx(s.rail_dwell_min, abs=0.01)
    assert fit["fitted_modes"] == ["hsr", "intercity", "rail"]
    # intercity (长吉) and rail (长白乌) factors rest on one published time each: their rows'
    # zero residuals are a consequence of the fit, not a validation (docs/network.md)
    assert fit["rows_per_mode"] == {"hsr": 2, "intercity": 1, "rail": 1}
    res = fit["residuals"]
    assert set(res["role"]) == {"calibration", "check", "circular"}
    assert res["residual_pct"].notna().all()


def _row(res: pd.DataFrame, a: str, b: str) -> pd.Series:
    hit = res[(res["from_station"] == a) & (res["to_station"] == b)]
    assert len(hit) == 1, (a, b)
    return hit.iloc[0]


def test_calibration_residuals_within_ten_percent(region: metroscope.Region) -> None:
    """The issue's criterion, in sample: 长春–吉林 and 沈阳北–通化 within 10 %.

    Neither is a validation. 长春–吉林 is the only intercity time, so the intercity factor is
    fitted on it alone and its residual is zero by construction. The 沈阳北–通化 length comes
    from the published cumulative times (LENGTH_APPORTIONING), so its residual equals the
    whole line's (fitted together with 哈大). Held out, the hsr factor misses by about 13-18 %
    (next test)."""
    res = calibration_residuals(region)
    changji = _row(res, "长春", "吉林")
    shenbai = _row(res, "沈阳北", "通化")
    assert abs(changji["residual_pct"]) <= 10
    assert abs(shenbai["residual_pct"]) <= 10
    assert changji["residual_pct"] == pytest.approx(0.0, abs=0.05)  # single-observation fit
    assert shenbai["role"] == "circular"
    assert shenbai["residual_pct"] == pytest.approx(-7.5, abs=0.1)
    whole = _row(res, "沈阳北", "长白山")
    assert shenbai["residual_pct"] == pytest.approx(whole["residual_pct"], abs=0.1)  # circular


def test_calibration_heldout_residuals(region: metroscope.Region) -> None:
    """Every residual of docs/network.md, in sample and held out (group left out of the fit)."""
    res = calibrate(region)["residuals"]
    expected = {  # (from, to): (residual %, held-out residual %, NaN = not determinable)
        ("长春", "吉林"): (0.0, np.nan),
        ("沈阳北", "长白山"): (-7.5, -13.2),
        ("沈阳北", "通化"): (-7.5, -13.2),
        ("沈阳北", "白山东"): (-7.5, -13.2),
        ("沈阳北", "长白山西"): (-7.5, -13.2),
        ("哈尔滨西", "大连"): (6.5, 15.2),
        ("乌兰浩特", "长春"): (0.0, np.nan),
        ("长春", "延吉西"): (4.2, 4.2),
        ("长春", "珲春"): (-15.8, -15.8),
        ("哈尔滨", "牡丹江"): (13.3, 13.3),
        ("承德", "沈阳"): (-18.0, -18.0),
    }
    assert len(res) == len(expected)
    for (a, b), (r, h) in expected.items():
        row = _row(res, a, b)
        assert row["residual_pct"] == pytest.approx(r, abs=0.1), (a, b)
        if np.isnan(h):
            assert np.isnan(row["heldout_residual_pct"]), (a, b)
        else:
            assert row["heldout_residual_pct"] == pytest.approx(h, abs=0.1), (a, b)
    # the 10 % criterion holds in sample but not out of sample for 沈阳北–通化
    assert abs(_row(res, "沈阳北", "通化")["heldout_residual_pct"]) > 10


def test_calibration_recovers_known_parameters(region: metroscope.Region) -> None:
    """Published times generated by the model itself with known parameters are fitted back."""
    truth = get_settings(operating_speed_factor_hsr=0.8, operating_speed_factor_intercity=0.9,
                         operating_speed_factor_rail=0.7, rail_dwell_min=1.5,
                         travel_time_cache="off")
    targets = published_times()
    targets = targets[targets["off_network_length_km"].isna()].copy()
    targets["published_min"] = calibration_residuals(region, settings=truth,
                                                     targets=targets)["model_min"]
    fit = calibrate(region, targets=targets)
    assert fit["operating_speed_factor_hsr"] == pytest.approx(0.8, abs=1e-4)
    assert fit["operating_speed_factor_intercity"] == pytest.approx(0.9, abs=1e-4)
    assert fit["operating_speed_factor_rail"] == pytest.approx(0.7, abs=1e-4)
    assert fit["rail_dwell_min"] == pytest.approx(1.5, abs=0.01)
    assert fit["residuals"]["residual_pct"].abs().max() < 0.05


def test_ride_through_two_lines(region: metroscope.Region) -> None:
    res = calibration_residuals(region)
    yanji = _row(res, "长春", "延吉西")
    links = region.links
    jihun = links[links["line"] == "吉珲客运专线"]
    names = region.nodes.set_index("node_id")["name_zh"]
    to_yanji = jihun.iloc[: list(jihun["to_node"].map(names)).index("延吉西") + 1]
    assert yanji["length_km"] == pytest.approx(
        links.loc[links["line"] == "长吉城际铁路", "length_km"].sum()
        + to_yanji["length_km"].sum())
    assert yanji["intermediate_stops"] == 9  # 龙嘉 九台南 双吉 吉林 蛟河西 威虎岭北 敦化 大石头南 安图西


def test_through_service_gives_no_spurious_gain_on_the_shared_stretch() -> None:
    # 公主岭 lies on 哈大 between 长春西 and 四平东: opening 长四辽通 (which runs through over
    # 哈大 there) must not make Changchun - 公主岭 faster, and missing headways are noted.
    import metroscope
    from metroscope import network, scenario

    base = metroscope.load("changchun")
    cslt = scenario.apply("chang-si-liao-tong", base)
    t0 = network.unit_travel_times(base, mode="rail")
    t1 = network.unit_travel_times(cslt, mode="rail")
    assert t1.loc["220104", "220184"] == pytest.approx(t0.loc["220104", "220184"])
    assert any("长四辽通高铁" in n and "boarding wait 0" in n
               for n in t1.attrs["metroscope"]["notes"])
