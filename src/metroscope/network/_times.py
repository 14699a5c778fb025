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
else the median of the published headways of the region's operating lines of the same mode,
else of all of them), and the notes say which value and why; only when no line has a headway
at all is the wait 0, and that is noted too.

The pool of published headways (:func:`headway_pool`) is a property of the region's data, not
of the network selected: it holds every operating line whatever its opening year, and a
scenario keeps its base region's pool. Otherwise opening a line, choosing a network year or
adding a line in a scenario would change the assumed waits of *other* lines (opening 沈白 in
2025 made 吉珲 trips up to 3.3 min slower when the median was taken over the selected lines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import _schema as S
from ..messages import Message
from ..settings import Settings

if TYPE_CHECKING:
    from ..region import Region

#: line key of rail links without a line name (one pseudo-line per mode)
NO_LINE = "(no line)"

#: key of ``Region.meta`` holding a scenario's base headway pool (:func:`headway_pool`)
HEADWAY_POOL_META = "headway_pool"

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


def line_keys(links: pd.DataFrame) -> pd.Series:
    """The line of each link (``line``; ``"(no line) <mode>"`` where it has none).

    Raises
    ------
    KeyError
        If ``links`` has no ``mode`` column.

    Examples
    --------
    >>> sorted(set(line_keys(region.links[region.links["mode"] == "hsr"])))
    ['吉珲客运专线', '哈大高速铁路', '沈白高铁', '长四辽通高铁']
    """
    fallback = NO_LINE + " " + links["mode"].astype(str)
    if "line" not in links.columns:
        return fallback.astype("string")
    return links["line"].astype("string").fillna(fallback)


def _pool_of(links: pd.DataFrame) -> dict[str, tuple[str, float]]:
    rail = links[links["mode"].astype(str).isin(S.RAIL_MODES)
                 & (links["status"].astype(str) == "operating" if "status" in links.columns
                    else True)]
    if rail.empty or "headway_min" not in rail.columns:
        return {}
    h = pd.to_numeric(rail["headway_min"], errors="coerce")
    keys = rail["line_key"] if "line_key" in rail.columns else line_keys(rail)
    per_line = pd.DataFrame({"line_key": keys, "mode": rail["mode"].astype(str),
                             "h": h}).groupby("line_key", sort=True)
    out: dict[str, tuple[str, float]] = {}
    for key, g in per_line:
        if g["h"].notna().all():
            out[str(key)] = (str(g["mode"].iloc[0]), float(g["h"].min()))
    return out


def headway_pool(region: Region) -> dict[str, tuple[str, float]]:
    """The published headways that assumed headways are taken from: ``{line: (mode, minutes)}``.

    Every *operating* rail line of the region's data with a headway on all its links (its
    smallest one), whatever its opening year; for a region made by a scenario, its base
    region's pool (kept in ``region.meta["headway_pool"]``), so that neither the network year
    nor a scenario's lines or headway edits change the headway assumed for another line.

    Raises
    ------
    KeyError
        If the region's links have no ``mode`` column (never for a validated Region).

    Examples
    --------
    >>> sorted(headway_pool(region).items())[:2]
    [('哈大高速铁路', ('hsr', 12.1)), ('沈白高铁', ('hsr', 25.3))]
    """
    kept = region.meta.get(HEADWAY_POOL_META) if isinstance(region.meta, dict) else None
    if isinstance(kept, dict):
        return {str(k): (str(v[0]), float(v[1])) for k, v in kept.items()}
    return _pool_of(region.links)


def line_headways(rail: pd.DataFrame, settings: Settings,
                  pool: dict[str, tuple[str, float]] | None = None
                  ) -> tuple[dict[str, float], list[str]]:
    """Headway (minutes) assumed for the links of each line that have none, and the notes.

    ``rail`` has ``line_key``, ``mode`` and ``headway_min`` (NaN where unknown); ``pool`` is the
    region's :func:`headway_pool` (default: the operating lines of ``rail`` itself).

    Raises
    ------
    KeyError
        If ``rail`` lacks one of the columns above.

    Examples
    --------
    >>> from metroscope.settings import get_settings
    >>> rail = region.links[region.links["mode"] == "hsr"].assign(
    ...     line_key=lambda d: line_keys(d))
    >>> line_headways(rail, get_settings(), headway_pool(region))[0]
    {'吉珲客运专线': 18.7, '长四辽通高铁': 18.7}
    """
    if pool is None:
        pool = _pool_of(rail)
    gaps = rail["headway_min"].isna().groupby(rail["line_key"]).any()
    modes = rail.groupby("line_key")["mode"].first()
    known = pd.DataFrame([(k, m, h) for k, (m, h) in sorted(pool.items())],
                         columns=["line_key", "mode", "h"]).set_index("line_key")
    out: dict[str, float] = {}
    notes: list[str] = []
    for line in gaps[gaps.astype(bool)].index:
        if settings.assumed_headway_min is not None:
            h, why = float(settings.assumed_headway_min), Message("net_headway_from_setting")
        else:
            same = known[known["mode"] == str(modes[line])]
            chosen = same if not same.empty else known
            if chosen.empty:
                notes.append(Message("net_headway_none_known", line=str(line)))
                continue
            h = float(np.median(chosen["h"].to_numpy(float)))
            why = Message("net_headway_median_same_mode" if not same.empty
                          else "net_headway_median_any",
                          lines=[f"{k} {v:g}" for k, v in chosen["h"].items()])
        out[str(line)] = h
        notes.append(Message("net_assumed_headway", line=str(line), h=f"{h:.1f}", why=why))
    return out, notes


def line_waits(rail: pd.DataFrame, settings: Settings,
               pool: dict[str, tuple[str, float]] | None = None
               ) -> tuple[dict[tuple[str, str], float], list[str]]:
    """Wait at boarding per (station, line): fraction x the smallest headway of the line's links
    at that station, the assumed headway (:func:`line_headways`, from ``pool``) where none is
    given."""
    assumed, notes = line_headways(rail, settings, pool)
    h = rail["headway_min"].where(rail["headway_min"].notna(), rail["line_key"].map(assumed))
    ends = pd.concat([
        pd.DataFrame({"node": rail["from_node"], "line_key": rail["line_key"], "h": h}),
        pd.DataFrame({"node": rail["to_node"], "line_key": rail["line_key"], "h": h}),
    ])
    by = ends.groupby(["node", "line_key"])["h"].min()
    waits = {(str(k[0]), str(k[1])): (0.0 if pd.isna(v) else settings.wait_fraction_of_headway
                                      * float(v)) for k, v in by.items()}
    return waits, notes
