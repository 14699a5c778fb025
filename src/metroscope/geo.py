"""Great-circle distances between seats (the straight-line fallback of every analysis).

Distances use the haversine formula on a sphere of radius ``EARTH_RADIUS_KM`` (the IUGG mean
radius, as scikit-mobility and osmnx use), on lon/lat degrees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ._errors import MissingDataError
from .messages import Message

if TYPE_CHECKING:
    import pandas as pd

EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]


def great_circle_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Haversine distance, km, between points given in degrees (broadcasts like NumPy).

    >>> round(float(great_circle_km(0, 0, 0, 1)), 3)
    111.195

    Raises
    ------
    Nothing of its own; ``ValueError`` from NumPy if the inputs are not numeric or do not
    broadcast together.

    Examples
    --------
    >>> round(float(great_circle_km(0.0, 0.0, 1.0, 0.0)), 2)  # one degree of the equator
    111.2
    """
    x1, y1, x2, y2 = (np.radians(np.asarray(a, dtype=np.float64)) for a in (lon1, lat1, lon2, lat2))
    h = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def distance_matrix_km(lon: npt.ArrayLike, lat: npt.ArrayLike) -> FloatArray:
    """Square matrix of great-circle distances, km, between all points (zero diagonal).

    Raises
    ------
    Nothing of its own; ``ValueError`` from NumPy if ``lon`` and ``lat`` do not have the same
    length or are not numeric.

    Examples
    --------
    >>> distance_matrix_km([0.0, 1.0, 0.0], [0.0, 0.0, 1.0]).round(1)
    array([[  0. , 111.2, 111.2],
           [111.2,   0. , 157.2],
           [111.2, 157.2,   0. ]])
    """
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    return great_circle_km(x[:, None], y[:, None], x[None, :], y[None, :])


def seat_distance_km(units: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    """Great-circle distance matrix, km, between unit seats (index and columns: codes).

    Raises
    ------
    MissingDataError
        When a requested unit has no seat coordinates (names the units).

    Examples
    --------
    >>> seat_distance_km(region.units, ["220100", "220200", "220400"]).round(1)
    code    220100  220200  220400
    code
    220100     0.0    98.4   104.4
    220200    98.4     0.0   155.2
    220400   104.4   155.2     0.0
    """
    import pandas as pd

    sub = units if codes is None else units.loc[codes]
    missing = sub.index[sub["seat_lon"].isna() | sub["seat_lat"].isna()].tolist()
    if missing:
        msg = Message("err_no_seats", n=len(missing), codes=str(missing[:10]))
        raise MissingDataError(msg)
    d = distance_matrix_km(sub["seat_lon"].to_numpy(), sub["seat_lat"].to_numpy())
    return pd.DataFrame(d, index=sub.index.copy(), columns=sub.index.copy())
