"""Seats, distances, travel-time matrices and pair indices for the gravity-type indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError

if TYPE_CHECKING:
    from ..region import Region


def _seats(region: Region, codes: list[str], strict: bool, notes: list[str]) -> list[str]:
    u = region.units.loc[codes]
    bad = [str(c) for c in u.index[u["seat_lon"].isna() | u["seat_lat"].isna()]]
    if bad and strict:
        msg = (f"No seat coordinates for {len(bad)} unit(s): {bad[:10]}. Add seat_lon/seat_lat "
               "or leave them out (codes=...).")
        raise MissingDataError(msg)
    if bad:
        notes.append(f"left out for lack of seat coordinates: {', '.join(bad)}")
    return [c for c in codes if c not in set(bad)]


def _distance(region: Region, rows: list[str], cols: list[str]) -> np.ndarray:
    from ..geo import great_circle_km

    u = region.units
    lon1 = u.loc[rows, "seat_lon"].to_numpy(dtype="float64")
    lat1 = u.loc[rows, "seat_lat"].to_numpy(dtype="float64")
    lon2 = u.loc[cols, "seat_lon"].to_numpy(dtype="float64")
    lat2 = u.loc[cols, "seat_lat"].to_numpy(dtype="float64")
    return great_circle_km(lon1[:, None], lat1[:, None], lon2[None, :], lat2[None, :])


def _times(travel_time_min: pd.DataFrame, rows: list[str], cols: list[str]) -> np.ndarray:
    tt = travel_time_min.copy()
    tt.index = tt.index.astype(str)
    tt.columns = tt.columns.astype(str)
    miss_r = [c for c in rows if c not in tt.index]
    miss_c = [c for c in cols if c not in tt.columns]
    if miss_r or miss_c:
        msg = (f"travel_time_min lacks {len(set(miss_r) | set(miss_c))} unit(s): "
               f"{sorted(set(miss_r) | set(miss_c))[:10]}. Give a code x code matrix of minutes "
               "(inf = unreachable) covering every unit, or pass codes=... .")
        raise MissingDataError(msg)
    t = tt.loc[rows, cols].to_numpy(dtype="float64")
    if (t < 0).any():
        msg = "travel_time_min has negative minutes; travel times must be >= 0 (inf = unreachable)."
        raise ValueError(msg)
    return t


def _pairs_index(codes: list[str], ii: np.ndarray, jj: np.ndarray,
                 names: tuple[str, str] = ("origin", "destination")) -> pd.MultiIndex:
    lev = pd.Index(codes, dtype="object")
    return pd.MultiIndex(levels=[lev, lev], codes=[ii, jj], names=list(names),
                         verify_integrity=False)


def _gravity(mi: np.ndarray, mj: np.ndarray, k: np.ndarray, f: np.ndarray,
             b: float) -> np.ndarray:
    """k * mi * mj / f**b with f = inf -> 0 (unreachable) and f <= 0 or NaN -> NaN."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = k * mi * mj / np.power(f, b)
    out = np.where(np.isinf(f), 0.0, out)
    return np.where((f <= 0) | np.isnan(f), np.nan, out)
