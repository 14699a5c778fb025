"""The data layer's reading of the uncoded 2020 census zones (``_uncoded_zones.py``) on
tables written here."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from metroscope._uncoded_zones import ZONES_YEAR, uncoded_zones, zones_by_parent

ZONES = pd.DataFrame({"prefecture": [220200, "990100", "220100"],
                      "name_zh": ["吉林经开区", "无名区", "长春新区"],
                      "population": [100.0, 7.0, 30.0], "population_urban": [90.0, 1.0, 30.0]})
UNITS = pd.DataFrame({"parent": ["22", "22", None]}, index=["220100", "220200", "22"])


def test_the_census_year() -> None:
    assert ZONES_YEAR == 2020


def test_zones_by_prefecture_and_province() -> None:
    region = SimpleNamespace(extra={"uncoded_zones": ZONES}, units=UNITS)
    by_pref = zones_by_parent(region, "prefecture")  # type: ignore[arg-type]
    assert by_pref is not None
    assert by_pref["parent"].tolist() == ["220200", "990100", "220100"]  # text, as codes are
    assert by_pref[list(ZONES.columns)].equals(ZONES)
    assert "parent" not in ZONES.columns  # the table itself is left as it is
    by_prov = zones_by_parent(region, "province")  # type: ignore[arg-type]
    assert by_prov is not None
    # 990100 is no unit of the region: no province
    assert by_prov["parent"].iloc[[0, 2]].tolist() == ["22", "22"]
    assert pd.isna(by_prov["parent"].iloc[1])
    assert by_prov["name_zh"].tolist() == ["吉林经开区", "无名区", "长春新区"]


def test_no_zones() -> None:
    for extra in ({}, {"uncoded_zones": ZONES.iloc[0:0]}, None):
        region = SimpleNamespace(extra=extra, units=UNITS)
        assert zones_by_parent(region, "province") is None  # type: ignore[arg-type]
        assert zones_by_parent(region, "prefecture") is None  # type: ignore[arg-type]
    t = uncoded_zones(SimpleNamespace(extra={"uncoded_zones": ZONES}))  # type: ignore[arg-type]
    assert t is ZONES
    # a dataset without the table: an empty one with its columns, so that callers can select
    for extra in ({}, None, []):
        empty = uncoded_zones(SimpleNamespace(extra=extra))  # type: ignore[arg-type]
        assert empty.empty
        assert list(empty.columns) == ["prefecture", "name_zh", "population",
                                       "population_urban"]
