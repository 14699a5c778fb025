"""In-vehicle minutes of links and boarding waits of rail lines (used by the graph builder).

In-vehicle minutes of a link, first that applies:

1. ``minutes`` (a timetable or published time) when given;
2. ``length_km / operating_speed_kph`` where an *average* operating speed is given;
3. ``length_km / (speed_kph x f_mode)`` for rail modes and expressways, with ``f_mode`` the
   calibrated ``operating_speed_factor_<mode>`` of the settings (docs/network.md);
4. ``length_km / speed_kph`` for road and urban links with a speed of their own;
5. ``length_km / road_speed_kph`` (mode ``road``) or ``/ urban_speed_kph`` (mode ``urban``)
   for road and urban links without a speed (the settings' calibrated or assumed speeds).

Boarding wait: ``wait_fraction_of_headway`` x the *largest* headway among the links of the
line that the rider rides before alighting (:func:`riding_layers`). A line whose links all have
one headway waits ``fraction x headway`` wherever it is boarded. A line with several headways
(short workings: 长白乌 runs 8 pairs a day 长春–松原 and 6.5 of them on beyond 松原) is routed
on one riding layer per distinct headway ``h``: the layer holds the line's links with a headway
<= ``h`` and is boarded with the wait ``fraction x h``, so the rider waits for a train that runs
the whole ride. This is the combined frequency of the lines that serve a ride section without a
change in the common-lines model (Chriqui & Robillard 1975; De Cea & Fernández 1993's route
sections; the waits of Spiess & Florian 1989), for service patterns that are nested: the trains
running the less frequent links also run the more frequent ones between them. Links without a
known headway (none published, none assumable) are in every layer and add no wait.

A line without a headway gets an *assumed* one (``settings.assumed_headway_min``,
else the median of the published headways of the region's operating lines of the same mode,
else of all of them), and the notes say which value and why; only when no line has a headway
at all is the wait 0, and that is noted too.

References: C. Chriqui and P. Robillard (1975), Common bus lines, *Transportation Science*
9(2), 115–121. H. Spiess and M. Florian (1989), Optimal strategies: a new assignment model for
transit networks, *Transportation Research B* 23(2), 83–102. J. De Cea and E. Fernández (1993),
Transit assignment for congested public transport systems: an equilibrium model,
*Transportation Science* 27(2), 133–147.

The pool of published headways (:func:`headway_pool`) is a property of the region's data, not
of the network selected: it holds every operating line whatever its opening year, and a
scenario keeps its base region's pool. Otherwise opening a line, choosing a network year or
adding a line in a scenario would change the assumed waits of *other* lines (opening 沈白 in
2025 made 吉珲 trips up to 3.3 min slower when the median was taken over the selected lines).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import _schema as S
from ..messages import Message, untranslated
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


def line_names(links: pd.DataFrame) -> dict[str, str]:
    """The English name of each line of ``links`` (``line`` -> ``line_en``) where the data
    gives one; a line without a ``line_en`` is left out (no name is invented).

    Raises
    ------
    Nothing; links without a ``line`` or ``line_en`` column give ``{}``.

    Examples
    --------
    >>> line_names(region.links)["吉珲客运专线"]
    'Jilin–Hunchun high-speed railway'
    """
    if "line" not in links.columns or "line_en" not in links.columns:
        return {}
    out: dict[str, str] = {}
    for zh, en in zip(links["line"].tolist(), links["line_en"].tolist(), strict=True):
        zh, en = _text(zh), _text(en)
        if zh and en:
            out.setdefault(zh, en)
    return out


def line_label(key: str, names: Mapping[str, str]) -> dict[str, str]:
    """A line (its :func:`line_keys` key) named in both languages for a note: the Chinese name,
    and in English the data's ``line_en`` (``names``), else the Chinese name marked as having
    no English name (:func:`metroscope.messages.untranslated`); links without a line are
    "(no line) <mode>".

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> line_label("吉珲客运专线", {"吉珲客运专线": "Jilin–Hunchun high-speed railway"})["en"]
    'Jilin–Hunchun high-speed railway'
    >>> line_label("长白快速铁路", {})["en"]
    '长白快速铁路 (Chinese name; no English name in the data)'
    >>> line_label("(no line) hsr", {})["zh"]
    '未标线路名的 hsr 区段'
    """
    if key.startswith(NO_LINE + " "):
        said = Message("net_no_line_name", mode=key[len(NO_LINE) + 1:])
        return {"zh": said.zh, "en": said.en}
    en = names.get(key)
    if not en:  # a Chinese name is marked as such; any other is its own English
        en = untranslated(key).en if any(ord(c) > 0x2E7F for c in key) else key
    return {"zh": key, "en": en}


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
                  pool: dict[str, tuple[str, float]] | None = None,
                  names: Mapping[str, str] | None = None
                  ) -> tuple[dict[str, float], list[str]]:
    """Headway (minutes) assumed for the links of each line that have none, and the notes.

    ``rail`` has ``line_key``, ``mode`` and ``headway_min`` (NaN where unknown); ``pool`` is the
    region's :func:`headway_pool` (default: the operating lines of ``rail`` itself); ``names``
    gives the English name of a line (:func:`line_names`, default those of ``rail``): the
    notes name the lines in the reader's language (:func:`line_label`).

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
    if names is None:
        names = line_names(rail)
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
                notes.append(Message("net_headway_none_known",
                                     line=line_label(str(line), names)))
                continue
            h = float(np.median(chosen["h"].to_numpy(float)))
            why = Message("net_headway_median_same_mode" if not same.empty
                          else "net_headway_median_any",
                          lines=[{lang: f"{said} {v:g}" for lang, said
                                  in line_label(str(k), names).items()}
                                 for k, v in chosen["h"].items()])
        out[str(line)] = h
        notes.append(Message("net_assumed_headway", line=line_label(str(line), names),
                             h=f"{h:.1f}", why=why))
    return out, notes


@dataclass(frozen=True)
class RidingLayer:
    """The links of one line ridden at one headway level, and the wait to board them.

    ``key`` names the layer in the graph (``dep:X|<key>|to:Y``): the line key for a line with
    one headway, ``"<line> ~h=<headway>"`` for each level of a line with several. ``rows`` are the positions (``iloc``) in the rail table of the links
    ridden in the layer: those of the line whose headway is <= ``headway`` or unknown.
    """

    key: str
    line: str
    headway: float  # minutes; NaN when the line has no known headway
    wait: float     # minutes at boarding (and on top of the transfer penalty at a change)
    rows: tuple[int, ...]


#: between a line key and its headway level in the key of a riding layer
LEVEL_SEP = " ~h="


def riding_layers(rail: pd.DataFrame, settings: Settings,
                  pool: dict[str, tuple[str, float]] | None = None,
                  names: Mapping[str, str] | None = None
                  ) -> tuple[list[RidingLayer], list[str]]:
    """The riding layers of each line (one per distinct headway, nested) and the notes.

    ``rail`` has ``line_key``, ``mode`` and ``headway_min`` (NaN where unknown); a line's links
    without a headway take the assumed one (:func:`line_headways`, from ``pool`` and
    ``names``). The layer of
    headway ``h`` holds the line's links whose headway is <= ``h`` (or unknown) and is boarded
    with the wait ``wait_fraction_of_headway x h`` (0 when the line has no known headway), so
    a ride waits ``fraction x`` the largest headway of the links it rides (module doc).

    Raises
    ------
    KeyError
        If ``rail`` lacks one of the columns above.

    Examples
    --------
    >>> from metroscope.settings import get_settings
    >>> rail = region.links[region.links["line"] == "长白乌快速铁路"].assign(
    ...     line_key=lambda d: line_keys(d))
    >>> layers, _ = riding_layers(rail, get_settings())
    >>> [(x.key, x.wait, len(x.rows)) for x in layers]
    [('长白乌快速铁路 ~h=101.2', 50.6, 6), ('长白乌快速铁路 ~h=124.6', 62.3, 17)]
    """
    assumed, notes = line_headways(rail, settings, pool, names)
    h = rail["headway_min"].where(rail["headway_min"].notna(), rail["line_key"].map(assumed))
    h = pd.to_numeric(h, errors="coerce").to_numpy(dtype=np.float64)
    keys = rail["line_key"].astype(str).to_numpy()
    frac = float(settings.wait_fraction_of_headway)
    layers: list[RidingLayer] = []
    for line in sorted(set(keys)):
        rows = np.flatnonzero(keys == line)
        hs = h[rows]
        levels = np.unique(hs[~np.isnan(hs)])  # sorted
        if len(levels) <= 1:
            level = float(levels[0]) if len(levels) else np.nan
            wait = 0.0 if np.isnan(level) else frac * level
            layers.append(RidingLayer(line, line, level, wait, tuple(int(i) for i in rows)))
            continue
        for level in map(float, levels):
            inside = rows[np.isnan(hs) | (hs <= level)]
            layers.append(RidingLayer(f"{line}{LEVEL_SEP}{level!r}", line, level, frac * level,
                                      tuple(int(i) for i in inside)))
    return layers, notes


#: how a ``headway_note`` says that the headway is the train count at the line's opening (the
#: embedded data's notes: "... at opening ..."; a Chinese note: "开通时" or "开通初")
OPENING_MARKS: tuple[str, ...] = ("at opening", "开通时", "开通初")


def _text(v: object) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) \
        else str(v).strip()


def opening_headway_note(region_links: pd.DataFrame, rail: pd.DataFrame) -> list[str]:
    """A note naming the lines of ``rail`` whose published headway is the train count at the
    line's opening (its ``headway_note`` says so, :data:`OPENING_MARKS`), with the opening year
    and the headways; no note when there is none.

    The data has no current timetable for such a line: every wait on it, and every time that
    rides it, rests on the opening-day frequency (长吉 in the embedded data: 20 pairs a day in
    2010, a 40.5-min headway, a 20.25-min wait). ``rail`` is the selected rail links with
    ``link_id`` and ``headway_min`` (NaN where none is given: an assumed headway has its own
    note); the notes, line names and years are read from ``region_links``. A scenario's
    through-service copy (``<link_id>@<line>``) keeps the headway of the link it copies and is
    named by that link's line and year.

    Raises
    ------
    KeyError
        If ``rail`` or ``region_links`` has no ``link_id`` column.

    Examples
    --------
    >>> rail = region.links[region.links["mode"].isin(["hsr", "intercity", "rail"])]
    >>> print(opening_headway_note(region.links, rail)[0])
    headways counted from the trains a day at the line's opening (the data has no current
    timetable; waits on these lines may differ from today's): Changchun–Jilin intercity railway
    (opened 2010, 40.5 min), ...
    """
    if rail.empty or "headway_note" not in region_links.columns:
        return []
    note = region_links["headway_note"].astype("string").str.lower()
    marked = note.str.contains("|".join(map(re.escape, OPENING_MARKS)), regex=True)
    rows = np.flatnonzero(marked.fillna(False).to_numpy(bool))
    if not len(rows):
        return []
    # plain lists (a few rows): link id -> (line, English name, opening year)
    cols = [region_links[c].iloc[rows].tolist() if c in region_links.columns
            else [None] * len(rows) for c in ("line", "line_en", "open_year")]
    ids = [str(i) for i in region_links["link_id"].iloc[rows].tolist()]
    by_id = dict(zip(ids, zip(*cols, strict=True), strict=True))
    h_all = pd.to_numeric(rail["headway_min"], errors="coerce").tolist()
    lines: dict[str, tuple[str, set[int], set[float]]] = {}  # zh -> (en, years, headways)
    for lid, h in zip(rail["link_id"].astype(str).tolist(), h_all, strict=True):
        # a through-service copy (<link_id>@<line>) stands for the link it copies
        hit = (by_id.get(lid.split("@")[0]) if "@" in lid else None) or by_id.get(lid)
        if hit is None or math.isnan(h):  # no such basis, or no headway given
            continue
        line, line_en, year = hit
        zh = _text(line) or lid
        en, years, heads = lines.setdefault(zh, (_text(line_en) or untranslated(zh).en, set(),
                                                 set()))
        if _text(year):
            years.add(int(float(str(year))))
        heads.add(float(h))
    if not lines:
        return []
    shown = []
    for zh, (en, years, heads) in sorted(lines.items(),
                                         key=lambda kv: (min(kv[1][1], default=9999), kv[0])):
        h = f"{min(heads):g}" if len(heads) == 1 else f"{min(heads):g}–{max(heads):g}"
        y = min(years, default=None)
        shown.append({"zh": f"{zh}({y}年开通,间隔{h}分钟)" if y else f"{zh}(间隔{h}分钟)",
                      "en": f"{en} (opened {y}, {h} min)" if y else f"{en} ({h} min)"})
    return [Message("net_headway_at_opening", lines=shown)]
