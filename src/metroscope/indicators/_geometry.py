"""Seats, distances, travel-time matrices and pair indices for the gravity-type indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError
from ..messages import Message

if TYPE_CHECKING:
    from ..region import Region


#: Seats closer than this (km) are treated as the same point.
COINCIDENT_KM = 1e-3


def _seats(region: Region, codes: list[str], strict: bool, notes: list[str]) -> list[str]:
    u = region.units.loc[codes]
    bad = [str(c) for c in u.index[u["seat_lon"].isna() | u["seat_lat"].isna()]]
    if bad and strict:
        msg = Message("err_no_seat_coordinates", n=len(bad), codes=repr(bad[:10]))
        raise MissingDataError(msg)
    if bad:
        notes.append(Message("ind_no_seats", codes=bad))
    gone = set(bad)
    return [c for c in codes if c not in gone]


def _distance(region: Region, rows: list[str], cols: list[str]) -> np.ndarray:
    """Great-circle distances, km, between the seats of ``rows`` and ``cols``.

    The haversine of :func:`metroscope.geo.great_circle_km` (same sphere), written with
    per-point sines and cosines so that no trigonometric function is evaluated per pair:
    hav(Δφ) = (1 − cos φ1 cos φ2 − sin φ1 sin φ2)/2 and hav(Δλ) likewise. Rounding leaves up to
    ~0.2 m at coincident points, so distances under 1 m are set to 0 (coincident seats).
    """
    from ..geo import EARTH_RADIUS_KM

    u = region.units
    lon1 = np.radians(u.loc[rows, "seat_lon"].to_numpy(dtype="float64"))
    lat1 = np.radians(u.loc[rows, "seat_lat"].to_numpy(dtype="float64"))
    lon2 = np.radians(u.loc[cols, "seat_lon"].to_numpy(dtype="float64"))
    lat2 = np.radians(u.loc[cols, "seat_lat"].to_numpy(dtype="float64"))
    c1, s1, c2, s2 = np.cos(lat1), np.sin(lat1), np.cos(lat2), np.sin(lat2)
    cl1, sl1, cl2, sl2 = np.cos(lon1), np.sin(lon1), np.cos(lon2), np.sin(lon2)
    cc = np.outer(c1, c2)
    hav_lat = 0.5 * (1.0 - cc - np.outer(s1, s2))
    hav_lon = 0.5 * (1.0 - np.outer(cl1, cl2) - np.outer(sl1, sl2))
    h = hav_lat + cc * hav_lon
    np.clip(h, 0.0, 1.0, out=h)
    np.sqrt(h, out=h)
    np.arcsin(h, out=h)
    h *= 2 * EARTH_RADIUS_KM
    h[h < COINCIDENT_KM] = 0.0
    return h


def _in_matrix(travel_time_min: pd.DataFrame, codes: list[str], notes: list[str]) -> list[str]:
    """The codes that have a row and a column in the travel-time matrix (others noted)."""
    rows = {str(c) for c in travel_time_min.index}
    cols = {str(c) for c in travel_time_min.columns}
    gone = [c for c in codes if c not in rows or c not in cols]
    if gone:
        notes.append(Message("ind_no_travel_times", codes=gone))
    return [c for c in codes if c in rows and c in cols]


def _times(travel_time_min: pd.DataFrame, rows: list[str], cols: list[str]) -> np.ndarray:
    tt = travel_time_min.copy()
    tt.index = tt.index.astype(str)
    tt.columns = tt.columns.astype(str)
    miss_r = [c for c in rows if c not in tt.index]
    miss_c = [c for c in cols if c not in tt.columns]
    if miss_r or miss_c:
        msg = Message("err_travel_time_lacks_units", n=len(set(miss_r) | set(miss_c)),
                      codes=repr(sorted(set(miss_r) | set(miss_c))[:10]))
        raise MissingDataError(msg)
    t = tt.loc[rows, cols].to_numpy(dtype="float64")
    if (t < 0).any():
        msg = Message("err_travel_time_negative")
        raise ParameterError(msg)
    return np.asarray(t, dtype="float64")


def _matrix_id(travel_time_min: pd.DataFrame | None) -> Any:
    """What a travel-time matrix says about itself (its own ``attrs['metroscope']``, e.g. mode,
    network and scenario), or its shape when it carries nothing; None without a matrix."""
    if travel_time_min is None:
        return None
    meta = travel_time_min.attrs.get("metroscope")
    return dict(meta) if meta else {"shape": list(travel_time_min.shape)}


def _pairs_index(codes: list[str], ii: np.ndarray, jj: np.ndarray,
                 names: tuple[str, str] = ("origin", "destination")) -> pd.MultiIndex:
    lev = pd.Index(codes, dtype="object")
    return pd.MultiIndex(levels=[lev, lev], codes=[ii, jj], names=list(names),
                         verify_integrity=False)


def _gravity(mi: np.ndarray, mj: np.ndarray, k: np.ndarray, f: np.ndarray,
             b: float) -> np.ndarray:
    """k * mi * mj / f**b with f = inf -> 0 (unreachable) and f <= 0 or NaN -> NaN."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        fb = f * f if b == 2 else (f if b == 1 else np.power(f, b))
        out = k * mi * mj / fb
    out[np.isinf(f)] = 0.0
    out[(f <= 0) | np.isnan(f)] = np.nan
    return np.asarray(out, dtype="float64")


def off_diagonal(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat positions, rows and columns of the off-diagonal cells of an n x n matrix, in row
    order (each origin's n − 1 destinations are contiguous)."""
    flat = np.flatnonzero(~np.eye(n, dtype=bool))
    return flat, flat // n, flat % n


def block_frame(columns: dict[str, np.ndarray], index: pd.Index) -> pd.DataFrame:
    """A DataFrame over one float64 block built without an extra consolidation copy."""
    block = np.empty((len(columns), len(index)), dtype="float64")
    for i, v in enumerate(columns.values()):
        block[i] = v
    return pd.DataFrame(block.T, index=index, columns=list(columns), copy=False)
