"""Unit attributes the network analyses weigh with: population, GDP, area."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError

if TYPE_CHECKING:
    from ..region import Region

PLAN_ROLES = ("core", "member", "partial")


def unit_values(region: Region, indicator: str, codes: list[str],
                year: int | None = None, *, required: bool = False
                ) -> tuple[pd.Series, int | None]:
    """``indicator`` for ``codes`` (NaN where missing) and the year used.

    With ``year=None`` the latest year with a value for any of ``codes`` is used. A units
    column of that name (e.g. ``area_km2``) is used when the stats have no such indicator.

    Raises
    ------
    MissingDataError
        With ``required`` and a ``year`` for which no unit of ``codes`` has a value (the
        analysis would weigh every unit by nothing): names the years that have values.
    """
    idx = pd.Index(codes, name="code", dtype="string")
    s = region.stats
    rows = s[(s["indicator"] == indicator) & s["code"].isin(codes)]
    if rows.empty:
        if indicator in region.units.columns:
            vals = pd.to_numeric(region.units[indicator], errors="coerce")
            return pd.Series(vals.reindex(codes).to_numpy(float), index=idx, name=indicator), None
        return pd.Series(np.nan, index=idx, name=indicator), None
    y = int(rows["year"].max()) if year is None else int(year)
    vals = rows[rows["year"] == y].drop_duplicates("code").set_index("code")["value"]
    if required and vals.empty:
        years = ", ".join(str(int(v)) for v in sorted(rows["year"].unique()))
        msg = (f"No {indicator} in {y} for the region's units; years with "
               f"{indicator}: {years}. Give one of them as the statistics year "
               "(stats_year=, --stats-year).")
        raise MissingDataError(msg)
    out = pd.Series(pd.to_numeric(vals, errors="coerce").reindex(codes).to_numpy(float),
                    index=idx, name=indicator)
    return out, y


def unit_area_km2(region: Region, codes: list[str]) -> pd.Series:
    """Area of each unit, km²: the ``area_km2`` stat or column, else the polygon's area in an
    equal-area projection (NaN without a polygon)."""
    area, _ = unit_values(region, "area_km2", codes)
    if area.notna().all():
        return area
    geom = region.units.geometry.reindex(codes)
    ok = geom.notna() & ~geom.is_empty if len(geom) else geom.notna()
    if ok.any():
        eq = geom[ok.to_numpy()].to_crs("+proj=cea +datum=WGS84 +units=m +no_defs")
        computed = pd.Series(eq.area.to_numpy() / 1e6, index=geom.index[ok.to_numpy()])
        area = area.fillna(computed.reindex(area.index))
    return area


def unit_labels(region: Region, codes: list[str]) -> pd.DataFrame:
    """``name_zh``, ``name_en``, ``role`` of ``codes`` (index ``code``)."""
    cols = ["name_zh", "name_en", "role"]
    out = pd.DataFrame(region.units).reindex(index=codes, columns=cols)
    out.index = pd.Index(codes, name="code", dtype="string")
    return out
