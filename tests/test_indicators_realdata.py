"""Checks on the embedded Changchun region: the figures the analysis quotes, from the data.

Source of the 2023 GDP figures: /work/shared/data/official_stats/ne_china_stats.csv (rows
220100, 220200 and 220000, 2023, gdp: 7002.06, 1583.73 and 13531.19 亿元, quality C, from
https://www.wangleicn.com/p/9121.html), carried into the embedded dataset by
tools/build_datasets.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import metroscope
from metroscope import MissingDataError
from metroscope.datasets import list_datasets
from metroscope.indicators import REGISTRY
from metroscope.indicators.inequality import theil
from metroscope.indicators.primacy import primacy_table
from metroscope.indicators.spillover import linkage_intensity, spillover_table

pytestmark = pytest.mark.skipif("changchun" not in list_datasets(),
                                reason="embedded changchun dataset not built")


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _gdp(region: metroscope.Region, code: str, year: int) -> float:
    s = region.stats
    row = s[(s["code"] == code) & (s["year"] == year) & (s["indicator"] == "gdp")]
    assert len(row) == 1
    return float(row["value"].iloc[0])


def test_2023_two_city_index_and_share_of_jilin(region: metroscope.Region) -> None:
    t = primacy_table(region, measure="gdp", year=2023)
    cc, jl, prov = (_gdp(region, c, 2023) for c in ("220100", "220200", "220000"))
    assert (cc, jl, prov) == (7002.06, 1583.73, 13531.19)  # the official-stats file's values
    assert t.at["two_city_index", "value"] == pytest.approx(cc / jl)
    assert t.at["two_city_index", "value"] == pytest.approx(4.42, abs=0.005)
    assert t.at["two_city_index", "leader"] == "220100"
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * cc / prov)
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(51.7, abs=0.05)
    assert "reported figure of 220000" in t.at["share_of_parent_pct", "note"]
    assert "https://www.wangleicn.com/p/9121.html" in t.attrs["metroscope"]["sources"]
    assert t.attrs["metroscope"]["parameters"]["parent"] == "220000"
    assert math.isnan(t.at["eleven_city_index", "value"])  # 9 prefectures


def test_eleven_city_index_exists_at_county_level(region: metroscope.Region) -> None:
    t = primacy_table(region, measure="population", level="county", year=2020)
    assert t.at["eleven_city_index", "n_units"] >= 11
    assert np.isfinite(t.at["eleven_city_index", "value"])


def test_county_gdp_is_refused_not_invented(region: metroscope.Region) -> None:
    with pytest.raises(MissingDataError):
        theil(region, measure="gdp", level="county")
    lt = linkage_intensity(region, level="county", year=2020)
    meta = lt.attrs["metroscope"]
    assert meta["measure"] == "population"
    assert any("no GDP" in n for n in meta["notes"])


def test_spillover_table_on_jilin(region: metroscope.Region) -> None:
    sp = spillover_table(region, parent="220000", year=2020)
    assert sp["mass_share_pct"].sum() == pytest.approx(100)
    assert sp["linkage_share_pct"].sum() == pytest.approx(100)
    assert sp.loc["220100", "is_core"]
    members = sp[sp["role"] == "member"]
    assert members["membership_to_core_pct"].between(0, 100).all()


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_indicator_runs_on_the_embedded_region(region: metroscope.Region,
                                                     name: str) -> None:
    res = REGISTRY[name].function(region)
    assert len(res) > 0
    meta = res.attrs["metroscope"]
    assert meta["indicator"]
    if name != "target_clusters":
        assert meta["sources"], f"{name} lists no sources"
        assert meta.get("year") is not None
