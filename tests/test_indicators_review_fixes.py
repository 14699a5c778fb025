"""Regression tests for defects found in review: breaks, silent zeros, degenerate inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import metroscope
from metroscope import MissingDataError
from metroscope.indicators.convergence import beta_convergence
from metroscope.indicators.hinterland import field_strength, hinterlands
from metroscope.indicators.population import population_change
from metroscope.indicators.spillover import spillover_table


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def test_boundary_break_without_a_row_in_the_break_year(region: metroscope.Region) -> None:
    # 通化 2021: 梅河口 reported separately (flagged on gdp); no 2021 year-end population row
    pc = population_change(region, start=2020, end=2024, level="prefecture")
    assert pd.isna(pc.loc["220500", "change_pct"])
    assert "series break" in pc.loc["220500", "note"]
    assert pd.notna(pc.loc["220100", "change_pct"])  # 长春 has no boundary break 2020-2024
    assert any("different definitions" in n for n in pc.attrs["metroscope"]["notes"])


def _prefecture_times(region: metroscope.Region, missing: tuple[str, str]) -> pd.DataFrame:
    codes = ["220100", "220200", "220300", "220400", "220700"]
    d = region.units.loc[codes, ["seat_lon", "seat_lat"]].to_numpy()
    t = np.hypot(d[:, None, 0] - d[None, :, 0], d[:, None, 1] - d[None, :, 1]) * 60 + 1
    np.fill_diagonal(t, 0)
    df = pd.DataFrame(t, index=codes, columns=codes)
    df.loc[missing[0], missing[1]] = np.nan
    df.loc[missing[1], missing[0]] = np.nan
    return df


def test_spillover_table_keeps_missing_linkage_missing(region: metroscope.Region) -> None:
    tt = _prefecture_times(region, ("220100", "220300"))
    tab = spillover_table(region, year=2020, codes=list(tt.index), travel_time_min=tt)
    assert pd.isna(tab.loc["220300", "linkage_with_core"])  # not 0
    assert pd.isna(tab.loc["220300", "total_linkage"])  # not a partial sum
    assert any("missing pair linkage" in n for n in tab.attrs["metroscope"]["notes"])


def test_field_strength_without_usable_friction_has_no_dominant_centre(
        region: metroscope.Region) -> None:
    fs = field_strength(region, year=2020, level="prefecture")
    codes = fs.index.get_level_values("location").unique()
    assert fs.groupby(level="location")["is_dominant"].sum().reindex(codes).eq(1).all()
    hl = hinterlands(fs)
    assert hl["centre"].notna().all()
    blank = fs.copy()
    loc = codes[-1]
    blank.loc[(slice(None), loc), "field_strength"] = np.nan
    out = hinterlands(blank)
    assert pd.isna(out.loc[loc, "centre"])


def test_beta_convergence_refuses_identical_initial_levels() -> None:
    units = pd.DataFrame({"code": ["a", "b", "c"], "name_zh": list("甲乙丙"),
                          "name_en": list("ABC"), "level": ["prefecture"] * 3,
                          "role": ["member"] * 3, "seat_lon": [125.0, 126.0, 127.0],
                          "seat_lat": [43.0, 44.0, 45.0]})
    rows = [(c, y, "gdp", v, "cny_100m", "test", "A")
            for c, v20 in zip("abc", (3.0, 4.0, 5.0), strict=True)
            for y, v in ((2010, 2.0), (2020, v20))]
    rows += [(c, y, "population", 100.0, "persons", "test", "A") for c in "abc"
             for y in (2010, 2020)]
    stats = pd.DataFrame(rows, columns=["code", "year", "indicator", "value", "unit", "source",
                                        "quality"])
    r = metroscope.Region("flat", units=units, stats=stats)
    with pytest.raises(MissingDataError, match="same level"):
        beta_convergence(r, measure="gdp", start=2010, end=2020, level="prefecture")


def test_sigma_flags_breaks_between_kept_years(region: metroscope.Region) -> None:
    from metroscope.indicators.convergence import sigma_convergence

    codes = ["220100", "220200", "220400", "220600", "220700", "220800"]
    sig = sigma_convergence(region, codes=codes)
    # the embedded GDP per capita years; a change of the data must fail here, not skip
    assert list(sig.index) == [2010, 2020, 2024]
    assert not bool(sig.loc[2010, "series_break"])
    assert bool(sig.loc[2020, "series_break"])  # the 2019 economic-census revision in between
    assert bool(sig.loc[2024, "series_break"])  # 2024 on the 5th economic census basis
    assert any("across a series break" in n for n in sig.attrs["metroscope"]["notes"])
