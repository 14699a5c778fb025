"""Which units a travel-time matrix covers, and the network nodes each is routed from.

Units are located by their access rows (``region.access``): a unit is routed from and to the
network nodes its access rows name. A unit without access rows of its own (a prefecture, say)
is routed through its *seat unit*: the child with access rows whose seat is nearest its own
seat (recorded in the provenance of every travel-time result). Re-exported by
:mod:`metroscope.network.traveltime`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import UnknownUnitError, shorten
from ..geo import great_circle_km
from ..messages import Message

if TYPE_CHECKING:
    from ..region import Region


def matrix_level(region: Region, level: str | None = None) -> str:
    """The unit level a matrix covers: ``level``, or by default ``county`` when the region has
    county-level units, else the lowest level present (``county`` when none is).

    Raises
    ------
    KeyError
        If the region's units lack the ``level`` column (never for a validated Region).

    Examples
    --------
    >>> matrix_level(region), matrix_level(region, "prefecture")
    ('county', 'prefecture')
    """
    if level is not None:
        return level
    present = set(region.units["level"].dropna())
    return next((lv for lv in ("county", "prefecture", "province") if lv in present), "county")


def matrix_units(region: Region, level: str | None = None) -> list[str]:
    """Codes of the units a matrix covers: units of ``level`` with a seat or access rows.

    ``level=None`` takes ``county`` when the region has county-level units, else the lowest
    level present.

    Raises
    ------
    KeyError
        If the region's units lack the ``level`` or ``seat_lon`` column or its access table
        the ``code`` column (never for a validated Region).

    Examples
    --------
    >>> len(matrix_units(region)), matrix_units(region, "prefecture")[:3]
    (65, ['210100', '210200', '220100'])
    """
    units = region.units
    level = matrix_level(region, level)
    has_access = set(region.access["code"].dropna().astype(str))
    sel = units[units["level"] == level]
    located = sel["seat_lon"].notna() | sel.index.isin(list(has_access))
    return [str(c) for c in sel.index[located.to_numpy()]]


def routing_code(region: Region, code: str) -> str | None:
    """The code whose access rows route ``code``: itself, or its seat unit (see module doc).

    Raises
    ------
    UnknownUnitError
        When ``code`` is not a unit of the region (an ``UnknownRegionError``).

    Examples
    --------
    >>> routing_code(region, "220102"), routing_code(region, "220100")
    ('220102', '220104')
    """
    return routing_codes(region, [code])[0]


def routing_codes(region: Region, codes: Sequence[str]) -> list[str | None]:
    """:func:`routing_code` of several units (one pass over the tables).

    Raises
    ------
    UnknownUnitError
        When a code is not a unit of the region (all unknown codes named; an
        ``UnknownRegionError``).

    Examples
    --------
    >>> routing_codes(region, ["220102", "220100"])
    ['220102', '220104']
    """
    unknown = [c for c in codes if c not in region.units.index]
    if unknown:
        msg = Message("err_route_units_unknown", got=shorten(unknown), region=region.name)
        raise UnknownUnitError(msg)
    with_access = set(region.access["code"].dropna().astype(str))
    units = pd.DataFrame(region.units).reindex(columns=["parent", "seat_lon", "seat_lat"])
    parent = units["parent"].astype("string")
    out: list[str | None] = []
    for code in codes:
        if code in with_access:
            out.append(code)
            continue
        kids = units[(parent == code).fillna(False).to_numpy()]
        children = kids[kids.index.isin(list(with_access))]
        if children.empty:  # one more level down (province -> prefecture -> county)
            grand = units[parent.isin(list(kids.index)).fillna(False).to_numpy()]
            children = grand[grand.index.isin(list(with_access))]
        if children.empty:
            out.append(None)
            continue
        lon, lat = units.loc[code, "seat_lon"], units.loc[code, "seat_lat"]
        if pd.isna(lon) or pd.isna(lat):
            out.append(str(children.index[0]))
            continue
        d = great_circle_km(lon, lat, children["seat_lon"].to_numpy(float),
                            children["seat_lat"].to_numpy(float))
        d = np.where(np.isnan(d), np.inf, d)
        out.append(str(children.index[int(np.argmin(d))]))
    return out
