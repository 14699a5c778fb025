"""Primacy and rank-size: hand-checkable cases, independent fits, properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _indicator_fixtures import flat_region, toy_region
from metroscope import MissingDataError
from metroscope.indicators.primacy import (
    ZIPF_ELEVEN_CITY,
    ZIPF_FOUR_CITY,
    fit_rank_size,
    primacy_table,
    primacy_trend,
    rank_size,
)
from metroscope.region import Region


def test_primacy_hand_checked_on_toy_province() -> None:
    t = primacy_table(toy_region(), measure="gdp", year=2020)
    # GDP 2020: A 6000, B 1500, C 500, D 250; the province reports 8300 itself
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6000 / 8300)
    assert "reported figure of 990000" in t.at["share_of_parent_pct", "note"]
    assert t.at["two_city_index", "value"] == pytest.approx(4.0)
    assert t.at["four_city_index", "value"] == pytest.approx(6000 / 2250)
    assert math.isnan(t.at["eleven_city_index", "value"])
    assert "refused" in t.at["eleven_city_index", "note"]
    assert "11" in t.at["eleven_city_index", "note"]
    assert t.at["two_city_index", "leader"] == "990100"
    meta = t.attrs["metroscope"]
    assert meta["year"] == 2020 and meta["level"] == "prefecture" and meta["measure"] == "gdp"
    assert meta["sources"] == ["hand-built test data"]


def test_zipf_reference_values_by_formula() -> None:
    assert pytest.approx(12 / 13) == ZIPF_FOUR_CITY
    assert pytest.approx(2 / sum(1 / r for r in range(2, 12))) == ZIPF_ELEVEN_CITY


def test_population_primacy_uses_census_population() -> None:
    t = primacy_table(toy_region(), measure="population", year=2010)
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 8.0 / 15.5)
    assert t.at["two_city_index", "value"] == pytest.approx(2.0)


def test_share_uses_sum_of_children_when_parent_has_no_figure() -> None:
    r = toy_region()
    stats = r.stats[~((r.stats["code"] == "990000") & (r.stats["indicator"] == "gdp"))]
    t = primacy_table(r.with_tables(stats=stats), measure="gdp", year=2020)
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 6000 / 8250)
    assert "sum of the units" in t.at["share_of_parent_pct", "note"]


def test_missing_unit_gives_nan_with_reason_not_a_wrong_index() -> None:
    r = toy_region()
    stats = r.stats[~((r.stats["code"] == "990200") & (r.stats["indicator"] == "gdp")
                      & (r.stats["year"] == 2020))]
    t = primacy_table(r.with_tables(stats=stats), measure="gdp", year=2020)
    assert math.isnan(t.at["two_city_index", "value"])
    assert "990200" in t.at["two_city_index", "note"]


def test_eleven_city_index_with_eleven_units() -> None:
    vals = {f"u{i:02d}": 1200.0 / i for i in range(1, 12)}  # exact Zipf sizes
    t = primacy_table(flat_region(vals), measure="gdp", year=2020)
    assert t.at["eleven_city_index", "value"] == pytest.approx(ZIPF_ELEVEN_CITY)
    assert t.at["two_city_index", "value"] == pytest.approx(2.0)
    assert t.at["rank_size_q", "value"] == pytest.approx(1.0)
    assert t.at["rank_size_r2", "value"] == pytest.approx(1.0)
    # a flat table has no core: the largest unit stands in, and the output says so
    assert "largest unit" in t.at["share_of_parent_pct", "note"]
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 / sum(1 / i
                                                                          for i in range(1, 12)))


def test_rank_size_exact_power_law_and_direction() -> None:
    x = 5000.0 * np.arange(1, 8) ** -1.5
    fit = fit_rank_size(x)
    assert fit["q"] == pytest.approx(1.5)
    assert fit["r2"] == pytest.approx(1.0)
    assert fit["fitted_first"] == pytest.approx(5000.0)


def test_rank_size_agrees_with_numpy_polyfit() -> None:
    rng = np.random.default_rng(1)
    x = np.sort(rng.lognormal(3, 1, 40))[::-1]
    fit = fit_rank_size(x)
    slope, intercept = np.polyfit(np.log(np.arange(1, 41)), np.log(x), 1)
    assert fit["q"] == pytest.approx(-slope)
    assert fit["intercept"] == pytest.approx(intercept)
    gi_slope, _ = np.polyfit(np.log(x), np.log(np.arange(1, 41) - 0.5), 1)
    assert fit["zeta_gi"] == pytest.approx(-gi_slope)
    assert fit["zeta_gi_se"] == pytest.approx(-gi_slope * math.sqrt(2 / 40))


def test_rank_size_table_and_cut_off() -> None:
    vals = {f"u{i}": v for i, v in enumerate([100.0, 50, 25, 12.5, 3.0], start=1)}
    full = rank_size(flat_region(vals, indicator="population"), measure="population",
                     year=2020)
    top = rank_size(flat_region(vals, indicator="population"), measure="population",
                    year=2020, top=4)
    assert int(full.iloc[0]["n"]) == 5
    assert int(top.iloc[0]["n"]) == 4
    # the independent fit over the four largest values only
    slope, _ = np.polyfit(np.log([1, 2, 3, 4]), np.log([100, 50, 25, 12.5]), 1)
    assert top.iloc[0]["q"] == pytest.approx(-slope)
    two = rank_size(flat_region(vals, indicator="population"), measure="population",
                    year=2020, top=2)
    assert math.isnan(two.iloc[0]["q"])
    note = next(n for n in two.attrs["metroscope"]["notes"]
                if getattr(n, "key", "") == "ind_rank_size_too_few")
    assert note.en == "2 unit(s), fewer than 3: no rank-size fit" and "位序-规模" in note.zh


def test_trend_covers_every_year() -> None:
    tr = primacy_trend(toy_region(), measure="gdp")
    assert list(tr.index) == [2010, 2020]
    assert tr.at[2010, "two_city_index"] == pytest.approx(4.0)
    assert tr.at[2010, "share_of_parent_pct"] == pytest.approx(100 * 4000 / 5750)
    assert tr["complete"].all()
    assert not tr["series_break"].any()


def test_no_values_raise() -> None:
    with pytest.raises(MissingDataError, match="No values of 'population'"):
        primacy_table(flat_region({"a": 1.0, "b": 2.0}), measure="population")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(1, 1e6), min_size=4, max_size=12, unique=True),
       st.floats(1e-3, 1e3))
def test_indices_are_scale_invariant(values: list[float], c: float) -> None:
    vals = {f"u{i}": v for i, v in enumerate(values)}
    a = primacy_table(flat_region(vals), measure="gdp", year=2020)
    b = primacy_table(flat_region({k: v * c for k, v in vals.items()}), measure="gdp", year=2020)
    pd.testing.assert_series_equal(a["value"], b["value"], rtol=1e-9)


@settings(max_examples=10, deadline=None)
@given(st.permutations(list(range(4))))
def test_row_order_does_not_matter(order: list[int]) -> None:
    r = toy_region()
    units = r.units.reset_index()
    shuffled = Region(name="toy", units=units.iloc[[0, *(1 + i for i in order),
                                                   *range(5, len(units))]],
                      stats=r.stats.sample(frac=1.0, random_state=order[0]))
    a = primacy_table(r, measure="gdp", year=2020)
    b = primacy_table(shuffled, measure="gdp", year=2020)
    pd.testing.assert_frame_equal(a, b)


def test_primacy_trend_at_county_level_says_the_largest_unit_stands_in() -> None:
    """At county level the core 长春 (220100) is no unit: the largest county unit stands in,
    as primacy_table says: 榆树 (220182) in 2010, 公主岭 (220184, 862,313) in 2020."""
    import metroscope
    from metroscope.indicators.primacy import primacy_trend

    t = primacy_trend(metroscope.load("changchun"), level="county", measure="population")
    assert not t["leader_is_core"].any()
    notes = [str(n) for n in t.attrs["metroscope"]["notes"]]
    assert t["leader"].tolist() == ["220182", "220184"]
    assert any(n.startswith("the core 220100 is not a county unit: the largest unit, 220182, "
                            "220184, stands in") for n in notes), notes
