"""Checks of locations: seat and node coordinates (range, swapped lon/lat, inside China) and
unit polygons (range, swapped, valid, non-empty, positive area)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _schema as S
from .._errors import Problem
from ..messages import Message
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
    emit(problems, table, df, swapped, lon, Message("val_exp_lon_china", low=lo_x, high=hi_x),
         Message("val_fix_swapped", lon=lon, lat=lat))
    emit(problems, table, df, world_bad, lon, Message("val_exp_world_lonlat"),
         Message("val_fix_coordinates"))
    if china:
        abroad = present & ~swapped & ~world_bad & ~in_china
        emit(problems, table, df, abroad, lon,
             Message("val_exp_point_in_china", lon_low=lo_x, lon_high=hi_x, lat_low=lo_y,
                     lat_high=hi_y),
             Message("val_fix_point_outside"))
    missing_one = (x.isna() ^ y.isna())
    emit(problems, table, df, missing_one, lon, Message("val_exp_both_coords"),
         Message("val_fix_missing_coord"))
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
    emit(problems, "units", df, mark(empty), "geometry", Message("val_exp_nonempty_geometry"),
         Message("val_fix_nonempty_geometry"))
    emit(problems, "units", df, mark(swapped), "geometry", Message("val_exp_lonlat_order"),
         Message("val_fix_polygon_swapped"))
    emit(problems, "units", df, mark(world & ~swapped), "geometry",
         Message("val_exp_world_range"), Message("val_fix_reproject"))
    if china:
        abroad = ~empty & ~world & ~swapped & ~inside
        emit(problems, "units", df, mark(abroad), "geometry",
             Message("val_exp_boundary_in_china", lon_low=lo_x, lon_high=hi_x, lat_low=lo_y,
                     lat_high=hi_y),
             Message("val_fix_boundary_outside"))
    reasons = [shapely.is_valid_reason(x) for x in g[invalid]]
    mask = mark(invalid)
    for n, (r, why) in enumerate(zip(rows(mask), reasons, strict=True)):
        if n == MAX_PER_CHECK:
            break
        problems.append(Problem("units", r, "geometry", why, Message("val_exp_valid_polygon"),
                                Message("val_fix_make_valid")))
    emit(problems, "units", df, mark(flat), "geometry", Message("val_exp_positive_area"),
         Message("val_fix_zero_area"))
    return problems
