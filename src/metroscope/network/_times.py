"""In-vehicle minutes of links and boarding waits of rail lines (used by the graph builder).

In-vehicle minutes of a link, first that applies:

1. ``minutes`` (a timetable or published time) when given;
2. ``length_km / operating_speed_kph`` where an *average* operating speed is given;
3. ``length_km / (speed_kph x f_mode)`` for rail modes and expressways, with ``f_mode`` the
   calibrated ``operating_speed_factor_<mode>`` of the settings (docs/network.md);
4. ``length_km / speed_kph`` for road and urban links with a speed of their own;
5. ``length_km / road_speed_kph`` (mode ``road``) or ``/ urban_speed_kph`` (mode ``urban``)
   for road and urban links without a speed (the settings' calibrated or assumed speeds).

Boarding wait at a station: ``wait_fraction_of_headway`` x the smallest headway of the line's
links there. A line without a headway gets an *assumed* one (``settings.assumed_headway_min``,
else the median of the headways of the network's lines of the same mode, else of all its
lines), and the notes say which value and why; only when no line has a headway at all is the
wait 0, and that is noted too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _schema as S
from ..messages import Message
from ..settings import Settings

#: modes whose design speed is scaled by a calibrated operating-speed factor
FACTOR_MODES: tuple[str, ...] = (*S.RAIL_MODES, "expressway")


def operating_speed_factors(settings: Settings) -> dict[str, float]:
    """The operating-speed factor of each rail mode (``operating_speed_factor_<mode>``).

    Raises
    ------
    Nothing for a :class:`Settings`; ``AttributeError`` for an object lacking an
    ``operating_speed_factor_<mode>`` field.

    Examples
    --------
    >>> from metroscope.settings import get_settings
    >>> operating_speed_factors(get_settings())
    {'hsr': 0.7056, 'intercity': 0.9186, 'rail': 0.6032}
    """
    return {m: float(getattr(settings, f"operating_speed_factor_{m}")) for m in S.RAIL_MODES}


def _col(links: pd.DataFrame, name: str) -> pd.Series:
    if name not in links.columns:
        return pd.Series(np.nan, index=links.index, dtype="float64")
    return pd.to_numeric(links[name], errors="coerce").astype("float64")


def link_minutes(links: pd.DataFrame, settings: Settings) -> pd.Series:
    """In-vehicle minutes of each link (index aligned with ``links``); see the module doc.

    Raises
    ------
    KeyError
        If ``links`` has no ``mode`` column.
    AttributeError
        If ``settings`` lacks an ``operating_speed_factor_<mode>`` field (never for a
        :class:`Settings`).

    Examples
    --------
    >>> from metroscope.settings import get_settings
    >>> m = link_minutes(region.links, get_settings())
    >>> m.round(2).head(3).tolist()
    [9.7, 4.72, 5.22]
    """
    length = _col(links, "length_km")
    design = _col(links, "speed_kph")
    published = _col(links, "operating_speed_kph")
    given = _col(links, "minutes")
    mode = links["mode"].astype(str)
    factors = {m: float(getattr(settings, f"operating_speed_factor_{m}")) for m in FACTOR_MODES}
    factor = mode.map(factors).astype("float64").fillna(1.0)
    default = mode.map({"road": settings.road_speed_kph,
                        "urban": settings.urban_speed_kph}).astype("float64")
    speed = published.where(published.notna(), design * factor)
    speed = speed.where(speed.notna(), default)
    out = given.where(given.notna(), length / speed * 60.0)
    return out.astype("float64")


def line_headways(rail: pd.DataFrame, settings: Settings) -> tuple[dict[str, float], list[str]]:
    """Headway (minutes) assumed for the links of each line that have none, and the notes.

    ``rail`` has ``line_key``, ``mode`` and ``headway_min`` (NaN where unknown).
    """
    per_line = rail.groupby("line_key").agg(mode=("mode", "first"), h=("headway_min", "min"),
                                            gaps=("headway_min", lambda x: x.isna().any()))
    known = per_line[~per_line["gaps"].astype(bool)]
    out: dict[str, float] = {}
    notes: list[str] = []
    for line, row in per_line[per_line["gaps"].astype(bool)].iterrows():
        if settings.assumed_headway_min is not None:
            h, why = float(settings.assumed_headway_min), Message("net_headway_from_setting")
        else:
            same = known[known["mode"] == row["mode"]]
            pool = same if not same.empty else known
            if pool.empty:
                notes.append(Message("net_headway_none_known", line=str(line)))
                continue
            h = float(np.median(pool["h"].to_numpy(float)))
            why = Message("net_headway_median_same_mode" if not same.empty
                          else "net_headway_median_any",
                          lines=[f"{k} {v:g}" for k, v in pool["h"].items()])
        out[str(line)] = h
        notes.append(Message("net_assumed_headway", line=str(line), h=f"{h:.1f}", why=why))
    return out, notes


def line_waits(rail: pd.DataFrame, settings: Settings
               ) -> tuple[dict[tuple[str, str], float], list[str]]:
    """Wait at boarding per (station, line): fraction x the smallest headway of the line's links
    at that station, the assumed headway (:func:`line_headways`) where none is given."""
    assumed, notes = line_headways(rail, settings)
    h = rail["headway_min"].where(rail["headway_min"].notna(), rail["line_key"].map(assumed))
    ends = pd.concat([
        pd.DataFrame({"node": rail["from_node"], "line_key": rail["line_key"], "h": h}),
        pd.DataFrame({"node": rail["to_node"], "line_key": rail["line_key"], "h": h}),
    ])
    by = ends.groupby(["node", "line_key"])["h"].min()
    waits = {(str(k[0]), str(k[1])): (0.0 if pd.isna(v) else settings.wait_fraction_of_headway
                                      * float(v)) for k, v in by.items()}
    return waits, notes
