"""Unit attributes the network analyses weigh with: population, GDP, area."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from ..messages import Message, column_label

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
        years = [str(int(v)) for v in sorted(rows["year"].unique())]
        named = {"zh": column_label(indicator, "zh"), "en": indicator}  # the stable name in English
        msg = Message("err_stats_year_no_values", indicator=named, year=y, years=years)
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
    # element by element: GeoSeries.notna() warns when an (unvalidated) unit's polygon is empty
    ok = np.array([g is not None and not g.is_empty for g in geom], dtype=bool)
    if ok.any():
        eq = geom[ok].to_crs("+proj=cea +datum=WGS84 +units=m +no_defs")
        computed = pd.Series(eq.area.to_numpy() / 1e6, index=geom.index[ok])
        area = area.fillna(computed.reindex(area.index))
    return area


def unit_labels(region: Region, codes: list[str]) -> pd.DataFrame:
    """``name_zh``, ``name_en``, ``role`` of ``codes`` (index ``code``)."""
    cols = ["name_zh", "name_en", "role"]
    out = pd.DataFrame(region.units).reindex(index=codes, columns=cols)
    out.index = pd.Index(codes, name="code", dtype="string")
    return out


def assumed_position_note(region: Region, codes: Sequence[str]) -> list[str]:
    """A note naming the units among ``codes`` whose network node has no location in the data
    and stands in at another unit's seat (the dataset's ``coord_estimated`` nodes with a
    ``coord_code`` of another unit, e.g. a development zone at its anchor district's seat):
    their times, and so their accessibility, are assumed, not measured."""
    nodes = getattr(region, "nodes", None)
    access = getattr(region, "access", None)
    if nodes is None or access is None or "coord_code" not in getattr(nodes, "columns", ()):
        return []
    n = pd.DataFrame(nodes)
    # as objects first: an empty flag column is float64 NaN, which pandas will not fill with a bool
    est = (n["coord_estimated"].astype(object).fillna(False).astype(bool)
           if "coord_estimated" in n else False)
    placed = n[est & n["coord_code"].notna()].set_index("node_id")["coord_code"].astype(str)
    acc = pd.DataFrame(access)[["code", "node_id"]].dropna().astype(str)
    acc = acc[acc["code"].isin([str(c) for c in codes]) & acc["node_id"].isin(placed.index)]
    acc = acc[acc["node_id"].map(placed) != acc["code"]]
    if acc.empty:
        return []
    names = region.units["name_zh"].astype(str)
    parts = [f"{names.get(c, c)}→{names.get(placed[nd], placed[nd])}"
             for c, nd in acc.drop_duplicates("code").itertuples(index=False)]
    return [Message("acc_assumed_position", n=len(parts), units="、".join(parts))]
