"""Travel-time tables as the CLI prints them and the web API returns them (one
implementation for both: ``metroscope access traveltime`` and ``/api/v1/traveltime``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .._provenance import annotate
from .options import TravelOptions
from .traveltime import fastest_modes, unit_travel_times

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region

__all__ = ["named_pairs", "travel_time_table"]


def travel_time_table(region: Region, *, mode: NetworkMode = "rail", year: int | None = None,
                      status: Sequence[str] | None = None,
                      origins: Sequence[str] | None = None,
                      destinations: Sequence[str] | None = None,
                      long: bool = False,
                      options: TravelOptions | None = None) -> pd.DataFrame:
    """Door-to-door minutes between units (:func:`unit_travel_times`), optionally only some
    origins and destinations (unknown codes are left out).

    Returns the matrix (index origin codes, columns destination codes, minutes, inf =
    unreachable), or with ``long`` one row per pair: index ``(origin, destination)``, column
    ``minutes`` and, for ``mode='fastest'``, ``mode_used``. ``attrs['metroscope']`` is the
    matrix's provenance (notes included). ``options`` (a
    :class:`~metroscope.network.TravelOptions`) replaces ``mode``, ``year`` and ``status``.

    Raises
    ------
    ParameterError
        From :func:`~metroscope.network.selection.selection` for an unknown ``mode`` or ``status``,
        or a network ``year`` outside the supported range.
    MissingDataError
        When the region has no units of ``level`` with a seat or access rows.
    NetworkError
        When the selected network has links to unknown nodes, non-positive or missing times,
        or bad access rows (every problem listed).

    Examples
    --------
    >>> travel_time_table(region, mode="rail", origins=["220102"], destinations=["220202", "220302"]).round(1)
    destination  220202  220302
    origin
    220102         85.2   105.9
    """
    statuses = list(status) if status else None
    if options is not None and mode == "rail":  # rail is this default, not the options' one
        opts = TravelOptions.of(options, year=year, status=statuses)
    else:
        opts = TravelOptions.of(options, mode=mode, year=year, status=statuses)
    picked = [str(o) for o in origins] if origins else None  # rows routed alone (no square)
    m = unit_travel_times(region, origins=picked, options=opts)
    rows = [o for o in (origins or m.index) if o in m.index]
    cols = [d for d in (destinations or m.columns) if d in m.columns]
    sub = m.loc[rows, cols]
    sub.attrs = dict(m.attrs)
    if not long:  # every column is minutes (the output's precision follows the unit)
        return annotate(sub, units={**(m.attrs.get("metroscope", {}).get("units") or {}),
                                    **dict.fromkeys(map(str, cols), "min")})
    out = sub.stack().rename("minutes").to_frame()
    if opts.mode == "fastest":
        labels = fastest_modes(region, origins=picked, options=opts).loc[rows, cols]
        out["mode_used"] = labels.stack().to_numpy()
    out.attrs = dict(m.attrs)
    return out


def named_pairs(long: pd.DataFrame, region: Region) -> pd.DataFrame:
    """A long table of :func:`travel_time_table` with the index reset and the units' names
    beside their codes: ``origin, origin_name_zh, destination, destination_name_zh, ...``
    (Chinese names, English where there is none); provenance kept.

    Raises
    ------
    Nothing of its own; a code without a name gets NA. ``KeyError`` from pandas when ``long``
    has no ``origin`` or ``destination`` (index level or column), i.e. is not a long table;
    ``ValueError`` from pandas when it already has the name columns.

    Examples
    --------
    >>> long = travel_time_table(region, mode="rail", origins=["220102"], destinations=["220202"], long=True)
    >>> named_pairs(long, region).round(1)
       origin origin_name_zh destination destination_name_zh  minutes
    0  220102            南关区      220202                 昌邑区     85.2
    """
    from .._records import unit_names

    names = unit_names(region)
    out = long.reset_index()
    out.insert(1, "origin_name_zh", out["origin"].map(names))
    out.insert(3, "destination_name_zh", out["destination"].map(names))
    out.attrs = dict(long.attrs)
    return out
