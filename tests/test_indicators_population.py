"""Population: change, shrinking, ageing, migration shares, urbanisation, projection."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _indicator_fixtures import toy_region
from metroscope import MissingDataError, UnknownIndicatorError
from metroscope.indicators.population import (
    PROJECTION_CAVEAT,
    population_change,
    population_projection,
)
from metroscope.indicators.population_structure import (
    ageing,
    migration_shares,
    urbanisation,
)


def test_change_hand_checked() -> None:
    ch = population_change(toy_region())
    # 990101: 5.0 M -> 6.0 M; 990301: 1.5 M -> 1.2 M
    assert ch.at["990101", "change"] == 1_000_000
    assert ch.at["990101", "change_pct"] == pytest.approx(20.0)
    assert ch.at["990101", "annual_rate_pct"] == pytest.approx(100 * (1.2 ** 0.1 - 1))
    assert ch.at["990301", "change_pct"] == pytest.approx(-20.0)
    assert bool(ch.at["990301", "shrinking"]) is True
    assert bool(ch.at["990102", "shrinking"]) is False  # 0 % is not below 0
    meta = ch.attrs["metroscope"]
    assert meta["year"] == [2010, 2020] and meta["level"] == "county"


def test_growth_never_crosses_a_series_break() -> None:
    ch = population_change(toy_region())
    assert math.isnan(ch.at["990302", "change_pct"])
    assert pd.isna(ch.at["990302", "shrinking"])
    assert "series break" in ch.at["990302", "note"]
    ok = population_change(toy_region(county_break=False))
    assert ok.at["990302", "change_pct"] == pytest.approx(-20.0)


def test_shrink_threshold_is_settable() -> None:
    ch = population_change(toy_region(), shrink_threshold_pct=1.0)
    assert bool(ch.at["990102", "shrinking"]) is True  # 0 % < 1 %
    assert ch.attrs["metroscope"]["parameters"]["shrink_threshold_pct"] == 1.0


def test_prefecture_level_and_bad_years() -> None:
    ch = population_change(toy_region(), level="prefecture")
    assert ch.at["990300", "change"] == -500_000
    with pytest.raises(ValueError, match="must be after"):
        population_change(toy_region(), start=2020, end=2010)
    with pytest.raises(MissingDataError, match="No population"):
        population_change(toy_region(), start=2000, end=2005)


def test_missing_value_is_nan_with_reason() -> None:
    r = toy_region()
    s = r.stats[~((r.stats["code"] == "990401") & (r.stats["year"] == 2010)
                  & (r.stats["indicator"] == "population"))]
    ch = population_change(r.with_tables(stats=s))
    assert math.isnan(ch.at["990401", "change"])
    assert ch.at["990401", "note"] == "no value in 2010"


def test_ageing_hand_checked_with_stages() -> None:
    ag = ageing(toy_region())
    assert ag.at["990301", "change_pp"] == pytest.approx(11.0)
    assert ag.at["990301", "stage_end"].startswith("super-aged")
    assert ag.at["990102", "stage_end"].startswith("aged")
    assert ag.at["990101", "stage_end"].startswith("ageing")
    assert math.isnan(ag.at["990302", "change_pp"])


def test_migration_shares_hand_checked() -> None:
    mg = migration_shares(toy_region())
    # 990101: P 6.0 M; same county 0.6 M, rest of province 0.9 M, other provinces 0.3 M
    assert mg.at["990101", "share_same_county_pct"] == pytest.approx(10.0)
    assert mg.at["990101", "share_other_county_pct"] == pytest.approx(15.0)
    assert mg.at["990101", "share_other_province_pct"] == pytest.approx(5.0)
    assert mg.at["990101", "migrant_share_pct"] == pytest.approx(20.0)
    assert mg.at["990101", "other_province_of_migrants_pct"] == pytest.approx(25.0)


def test_migration_needs_the_census_tables() -> None:
    r = toy_region()
    s = r.stats[r.stats["indicator"] != "inmigrants_other_province"]
    with pytest.raises(UnknownIndicatorError, match="inmigrants_other_province"):
        migration_shares(r.with_tables(stats=s))


def test_urbanisation_hand_checked() -> None:
    u = urbanisation(toy_region())
    assert u.at["990101", "urbanisation_start_pct"] == pytest.approx(80.0)
    assert u.at["990101", "urbanisation_end_pct"] == pytest.approx(90.0)
    assert u.at["990101", "change_pp"] == pytest.approx(10.0)
    assert math.isnan(u.at["990302", "change_pp"])


def test_projection_formula_and_caveat() -> None:
    pr = population_projection(toy_region(), horizon=2030)
    # constant rate: P_2030 = P_2020 * (P_2020/P_2010)^(10/10)
    assert pr.at["990101", "population_projected"] == pytest.approx(6_000_000 * 1.2)
    assert pr.at["990301", "population_projected"] == pytest.approx(1_200_000 * 0.8)
    assert (pr["caveat"] == PROJECTION_CAVEAT).all()
    assert PROJECTION_CAVEAT in pr.attrs["metroscope"]["notes"]
    assert math.isnan(pr.at["990302", "population_projected"])


def test_result_does_not_depend_on_stats_row_order() -> None:
    r = toy_region()
    a = population_change(r)
    b = population_change(r.with_tables(stats=r.stats.sample(frac=1.0, random_state=3)))
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("horizon", [2000, 2010, 2020, 2101, 3000])
def test_projection_refuses_a_horizon_that_is_not_ahead(horizon: int) -> None:
    """A horizon before the base period's end was a back-calculation printed as a projection
    (德惠 "2000": 635,476 x (635,476 / 748,369)^(-2) = 881,318 persons, while the 2000 census
    lies outside the data); 3000 gave 0 persons. Both are refused, with the rule."""
    from metroscope import ParameterError

    with pytest.raises(ParameterError) as err:
        population_projection(toy_region(), horizon=horizon)
    assert str(horizon) in str(err.value) and "2020" in str(err.value)
    assert "2100" in str(err.value)


def test_projection_horizon_edges_accepted() -> None:
    """The first year after the base period and the last year the data take both run;
    2021 is one year at the base rate (P_2020 x 1.2^(1/10) for 990101, by hand)."""
    one = population_projection(toy_region(), horizon=2021)
    assert one.at["990101", "population_projected"] == pytest.approx(6_000_000 * 1.2 ** 0.1)
    assert population_projection(toy_region(), horizon=2100).notna().any().any()


def test_projection_caveat_in_chinese() -> None:
    """The caveat was an English string, so `analyze population_projection --lang zh` printed
    it in English in the caveat column and the notes."""
    from metroscope.messages import text

    pr = population_projection(toy_region(), horizon=2030)
    zh = text(pr["caveat"].iloc[0], "zh")
    assert "不是预测" in zh and "constant" not in zh
    assert [text(n, "zh") for n in pr.attrs["metroscope"]["notes"]] == [zh]
