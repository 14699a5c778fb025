"""The 2020 census zones without a code, as the data carry them (table ``uncoded_zones``).

The data layer's reading of the table, used by :meth:`metroscope.region.Region.aggregate`
(a parent's gap explained by its zones) and by the area and circle sums that place the zones
(:mod:`metroscope._areas_zones`).

Source: ``china.extra["uncoded_zones"]`` and ``changchun.extra["uncoded_zones"]`` (Jilin's
rows), built from census_county_2020_v1.xlsx (DATA.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .region import Region

#: the census year of the zones' figures (before it, their residents are in their districts)
ZONES_YEAR = 2020


def uncoded_zones(china: Region) -> pd.DataFrame:
    """The uncoded 2020 zones of ``china`` (``prefecture``, ``name_zh``, ``population``,
    ``population_urban``); empty when the dataset has none."""
    table = china.extra.get("uncoded_zones") if isinstance(china.extra, dict) else None
    if table is None:
        return pd.DataFrame(columns=["prefecture", "name_zh", "population", "population_urban"])
    return table


def zones_by_parent(region: Region, to: str) -> pd.DataFrame | None:
    """The uncoded zones of ``region`` (:func:`uncoded_zones`), each with the code of its
    parent at level ``to`` (``prefecture`` or ``province``) in ``parent``; None when the
    region has none."""
    zones = uncoded_zones(region)
    if zones.empty:
        return None
    parent = zones["prefecture"].astype(str)
    if to == "province":
        parent = parent.map(lambda c: region.units["parent"].get(c, pd.NA))
    return zones.assign(parent=parent)
