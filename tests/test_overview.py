"""Overview tables on the embedded region, checked against the census source figures."""

from __future__ import annotations

import pytest

import metroscope
from metroscope import overview


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def test_prefecture_change_is_boundary_adjusted(region: metroscope.Region) -> None:
    pp = overview.prefecture_population_change(region)
    cc = pp.loc["220100"]
    # census_city_2010-2020_v1.csv: 长春市 popu_2010 = 8767375, popu_2020 = 9066906
    assert cc["population_2010"] == 8767375
    assert cc["population_2020"] == 9066906
    assert cc["change_pct"] == pytest.approx(100 * (9066906 / 8767375 - 1))


def test_role_change_excludes_units_across_breaks(region: metroscope.Region) -> None:
    pc = overview.population_change_by_role(region)
    # every core district has a 2020 boundary break (development zones carved out), shared with
    # 双阳区 and 九台区 (member): no unit is comparable alone, but their union is, and it is
    # counted on a row of its own, named in the output (never a fake decline)
    assert "core" not in pc.index
    row = pc.loc["core+member"]
    assert row["n_units"] == 11 and row["n_excluded"] == 0
    assert "南关区" in row["consolidated"] and "九台区" in row["consolidated"]
    assert row["change_pct"] == pytest.approx(24.23, abs=0.01)
    assert "consolidated unit" in str(pc.attrs["metroscope"]["notes"])
    # 榆树市 (220182) and 东辽县 (220422) are comparable: their sum is the census figures'
    s = region.series("population", level="county")
    expected = s.loc[["220182", "220422"], 2020].sum()
    assert pc.loc["partial", "population_2020"] == expected


def test_latest_gdp_carries_source_and_quality(region: metroscope.Region) -> None:
    g = overview.latest_gdp(region)
    cc = g.loc["220100"]
    assert cc["year"] == 2024
    assert cc["gdp_cny_100m"] == pytest.approx(7632.19)
    assert cc["quality"] == "C"
    assert cc["source"].startswith("https://")


def test_units_by_role_counts(region: metroscope.Region) -> None:
    u = overview.units_by_role(region)
    assert u.loc["partial", "n_units"] == 2
    assert set(u.loc["partial", "names_zh"].split("、")) == {"榆树市", "东辽县"}
