"""Checks of locations: seat and node coordinates (range, swapped lon/lat, inside China) and
unit polygons (range, swapped, valid, non-empty, positive area)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _schema as S
from .._errors import Problem
from ._rows import MAX_PER_CHECK, emit, rows


def check_coordinates(table: str, df: pd.DataFrame, lon: str, lat: str, *,
                      china: bool = True) -> list[Problem]:
    """Coordinates out of range, swapped lon/lat, and (``china=True``) points outside
    China's extent; a region elsewhere passes ``china=False`` (meta ``outside_china``)."""
    if lon not in df.columns or lat not in df.columns:
        return []
    x, y = df[lon], df[lat]
    present = x.notna() & y.notna()
    lo_x, hi_x = S.CHINA_LON_RANGE
    lo_y, hi_y = S.CHINA_LAT_RANGE
    in_china = x.between(lo_x, hi_x) & y.between(lo_y, hi_y)
    swapped = present & x.between(lo_y, hi_y) & y.between(lo_x, hi_x) & ~in_china
    if not china:
        swapped &= y.abs() > 90
    world_bad = present & ~swapped & ((x.abs() > 180) | (y.abs() > 90))
    problems: list[Problem] = []
    emit(problems, table, df, swapped, lon, f"longitude in {lo_x}-{hi_x} for China",
          f"the {lon}/{lat} values look swapped: exchange the two columns")
    emit(problems, table, df, world_bad, lon, "longitude in -180..180 and latitude in -90..90",
          "correct the coordinates (decimal degrees, WGS84/GCJ-02 lon/lat)")
    if china:
        abroad = present & ~swapped & ~world_bad & ~in_china
        emit(problems, table, df, abroad, lon,
              f"a point in China (lon {lo_x}-{hi_x}, lat {lo_y}-{hi_y})",
              "correct the coordinates; for a region outside China set outside_china = true "
              "in region.toml [meta] (import: --outside-china)")
    missing_one = (x.isna() ^ y.isna())
    emit(problems, table, df, missing_one, lon, "both longitude and latitude, or neither",
          "fill in the missing coordinate")
    return problems


def check_geometry(units: pd.DataFrame, *, china: bool = True) -> list[Problem]:
    """Unit polygons: coordinates in range (and in China unless ``china=False``), not
    swapped, valid (no self-intersection such as a bow-tie) and not empty."""
    if "geometry" not in units.columns:
        return []
    import shapely

    geoms = np.asarray(units["geometry"].to_numpy(), dtype=object)
    present = np.array([g is not None and not (isinstance(g, float) and np.isnan(g))
                        for g in geoms])
    if not present.any():
        return []
    df = units.reset_index() if units.index.name == "code" else units.reset_index(drop=True)
    problems: list[Problem] = []
    idx = np.flatnonzero(present)
    g = geoms[idx]
    bounds = shapely.bounds(g)  # minx, miny, maxx, maxy
    lo_x, hi_x = S.CHINA_LON_RANGE
    lo_y, hi_y = S.CHINA_LAT_RANGE

    def mark(sel: np.ndarray) -> pd.Series:
        m = np.zeros(len(df), dtype=bool)
        m[idx[sel]] = True
        return pd.Series(m, index=df.index)

    with np.errstate(invalid="ignore"):
        empty = shapely.is_empty(g)
        world = ~empty & ((np.abs(bounds[:, [0, 2]]) > 180).any(axis=1)
                          | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1))
        inside = ((bounds[:, 0] >= lo_x) & (bounds[:, 2] <= hi_x)
                  & (bounds[:, 1] >= lo_y) & (bounds[:, 3] <= hi_y))
        swapped = (~empty & ~inside & (bounds[:, 0] >= lo_y) & (bounds[:, 2] <= hi_y)
                   & (bounds[:, 1] >= lo_x) & (bounds[:, 3] <= hi_x))
        if not china:
            swapped &= world
        invalid = ~empty & ~world & ~swapped & ~shapely.is_valid(g)
        polygonal = np.isin(shapely.get_type_id(g), [3, 6])  # Polygon, MultiPolygon
        flat = ~empty & ~invalid & polygonal & (shapely.area(g) <= 0)
    emit(problems, "units", df, mark(empty), "geometry", "a non-empty geometry",
          "give the unit its boundary, or leave the geometry out")
    emit(problems, "units", df, mark(swapped), "geometry", "lon/lat order (x = longitude)",
          "the polygon's coordinates look swapped: write [longitude, latitude] pairs")
    emit(problems, "units", df, mark(world & ~swapped), "geometry",
          "coordinates in -180..180 (lon) and -90..90 (lat)",
          "reproject to WGS84 lon/lat (EPSG:4326) or correct the coordinates")
    if china:
        abroad = ~empty & ~world & ~swapped & ~inside
        emit(problems, "units", df, mark(abroad), "geometry",
              f"a boundary inside China (lon {lo_x}-{hi_x}, lat {lo_y}-{hi_y})",
              "correct the boundary; for a region outside China set outside_china = true in "
              "region.toml [meta] (import: --outside-china)")
    reasons = [shapely.is_valid_reason(x) for x in g[invalid]]
    mask = mark(invalid)
    for n, (r, why) in enumerate(zip(rows(mask), reasons, strict=True)):
        if n == MAX_PER_CHECK:
            break
        problems.append(Problem("units", r, "geometry", why, "a valid polygon",
                                "repair it (shapely.make_valid; import: --make-valid) or "
                                "redraw the boundary"))
    emit(problems, "units", df, mark(flat), "geometry", "a polygon with a positive area",
          "the polygon has zero area (degenerate ring): correct its coordinates")
    return problems
