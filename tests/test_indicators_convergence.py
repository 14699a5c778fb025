"""σ- and β-convergence: exact cases, an independent regression, series breaks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import flat_region, toy_region
from metroscope import MissingDataError
from metroscope.indicators.convergence import beta_convergence, sigma_convergence
from metroscope.region import Region


def _exact_beta_region() -> Region:
    # y0 = (1, e, e^2); growth g = 0.05 - 0.01 ln y0 over 10 years: y1 = y0 exp(10 g)
    y0 = {"a": 1.0, "b": math.e, "c": math.e**2}
    y1 = {k: v * math.exp(10 * (0.05 - 0.01 * math.log(v))) for k, v in y0.items()}
    return flat_region(y0, indicator="x", year=2010, extra_years={2020: y1})


def test_beta_exact_case_speed_and_half_life() -> None:
    b = beta_convergence(_exact_beta_region(), measure="x", weight=None)
    row = b.iloc[0]
    assert row["beta"] == pytest.approx(-0.01)
    assert row["alpha"] == pytest.approx(0.05)
    assert row["r2"] == pytest.approx(1.0)
    lam = -math.log(1 - 10 * 0.01) / 10
    assert row["speed_pct"] == pytest.approx(100 * lam)
    assert row["half_life_years"] == pytest.approx(math.log(2) / lam)
    assert bool(row["converging"]) is True
    assert (row["start"], row["end"]) == (2010, 2020)


def test_beta_agrees_with_an_independent_regression() -> None:
    from scipy import stats

    rng = np.random.default_rng(11)
    y0 = rng.lognormal(10, 0.5, 25)
    y1 = y0 * np.exp(rng.normal(0.5, 0.1, 25))
    codes = [f"u{i}" for i in range(25)]
    r = flat_region(dict(zip(codes, y0, strict=True)), indicator="x", year=2010,
                    extra_years={2018: dict(zip(codes, y1, strict=True))})
    row = beta_convergence(r, measure="x", weight=None).iloc[0]
    fit = stats.linregress(np.log(y0), np.log(y1 / y0) / 8)
    assert row["beta"] == pytest.approx(fit.slope)
    assert row["beta_se"] == pytest.approx(fit.stderr)
    assert row["beta_p"] == pytest.approx(fit.pvalue)
    assert row["r2"] == pytest.approx(fit.rvalue**2)


def test_beta_never_crosses_a_series_break() -> None:
    r = _exact_beta_region()
    s = r.stats.copy()
    s.loc[(s["code"] == "c") & (s["year"] == 2020), "break"] = True
    with pytest.raises(MissingDataError, match="series break between 2010 and 2020: c"):
        beta_convergence(r.with_tables(stats=s), measure="x", weight=None, start=2010,
                         end=2020)


def test_sigma_hand_checked() -> None:
    r = flat_region({"a": 1.0, "b": math.e}, indicator="x", year=2010,
                    extra_years={2020: {"a": math.e, "b": math.e}})
    s = sigma_convergence(r, measure="x", weight=None)
    assert s.at[2010, "sd_log"] == pytest.approx(0.5)  # ln y = (0, 1)
    assert s.at[2020, "sd_log"] == pytest.approx(0.0)
    assert s.at[2010, "cv"] == pytest.approx(((math.e - 1) / 2) / ((1 + math.e) / 2))
    assert any("falling" in n for n in s.attrs["metroscope"]["notes"])


def test_sigma_on_toy_uses_gdp_per_person_and_a_balanced_panel() -> None:
    s = sigma_convergence(toy_region())
    y2020 = np.array([6000 / 9e6, 1500 / 4e6, 500 / 2e6, 250 / 1e6]) * 1e8
    assert s.at[2020, "sd_log"] == pytest.approx(np.log(y2020).std())
    assert list(s.index) == [2010, 2020]
    assert s.attrs["metroscope"]["parameters"]["unit_of_y"] == "yuan per person"


def test_sigma_drops_thin_years_and_unbalanced_units() -> None:
    r = flat_region({"a": 1.0, "b": 2.0, "c": 4.0}, indicator="x", year=2010,
                    extra_years={2015: {"a": 2.0}, 2020: {"a": 1.0, "b": 3.0}})
    s = sigma_convergence(r, measure="x", weight=None, min_coverage=0.6)
    assert list(s.index) == [2010, 2020]
    assert (s["n"] == 2).all()
    notes = " ".join(s.attrs["metroscope"]["notes"])
    assert "2015" in notes and "c" in notes


def test_result_invariant_to_row_order() -> None:
    r = toy_region()
    a = sigma_convergence(r)
    b = sigma_convergence(r.with_tables(stats=r.stats.sample(frac=1.0, random_state=1)))
    pd.testing.assert_frame_equal(a, b)
