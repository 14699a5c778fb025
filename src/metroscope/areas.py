"""China's national metropolitan areas side by side: the list and the comparison.

Every figure comes from the ``china`` dataset (census 2010/2020 by county-level unit, the 2015
yearbook GDP by prefecture) and the areas' membership (``datasets/DATA.md``); every area is
measured with the same definitions:

- **area** = its ``core`` and ``member`` units (county level). ``partial`` units (only part of
  them is in the plan) are left out of the sums and reported separately
  (``population_partial_2020``), because the data do not say which part is in.
- **core** = the core city's central districts and development zones (one rule for all areas);
  **rest** = area minus core.
- Areas whose member list is not published in the source have only their core: every area or
  rest figure is missing with the reason ``members_not_published``.
- A sum is given only when every unit of the group has the value; otherwise it is missing
  (``incomplete``) and never a partial sum. 2010: development zones have no 2010 row (they were
  carved out of districts after 2010); their 2010 population is assumed to be inside the 2010
  counts of the same group's districts (``zones_note``). 2020: the census rows **without a
  code** (39 zones, 3.4 million residents) are added to the group holding their prefecture's
  districts, or the figures that need them are missing (``uncoded_zones_split``); see
  :mod:`metroscope._areas_zones`.
- **one base per area**: every 2020 measure that counts residents (population, change, core
  share, ageing, urbanisation, primacy, rank-size, accessibility) counts the county-level units
  and the uncoded zones placed with them. **ageing** = residents aged 65 and over (each unit's
  and zone's census 65+ share x its population) / the group's 2020 population;
  **urbanisation** = urban / total residents; the zones' urban population and 65+ share come
  from the same census rows as their population. The urban-share CV and the industry shares
  are over the coded units only (the zones are not units; their long-form employment sample
  is not in the data); the CLI prints these bases (``areas_bases``).
- **primacy** (two-city index) = core population / the largest other city's population, where
  the "cities" are the core, the rest of the core prefecture inside the area, and each other
  prefecture's part of the area (Jefferson 1939; METHODS.md §2).
- **rank-size** = Zipf exponent q of ln(size) = a − q·ln(rank) over those cities (OLS; at least
  3 cities), q = 1 is Zipf's law (Zipf 1949).
- **inequality between units**: population-weighted coefficient of variation of the 2020 urban
  share across the area's county-level units (census; no county GDP exists in the data).
- **industry** (census 2020 long-form employment sample, shares only): primary, secondary,
  tertiary and manufacturing shares of the area; Krugman specialisation index between core and
  rest (Krugman 1991: sum of absolute share differences, 0-2); mean pairwise cosine similarity
  of the cities' industry shares.
- **GDP**: the core prefecture's GDP of the newest year that every area has (2015 yearbook,
  quality C; never labelled current).
- **accessibility** (:mod:`metroscope._areas_access`): ``accessibility_60min_pct`` = the share
  (%) of the area's 2020 population (core + member units, and the uncoded zones placed with
  their prefecture's districts, counted inside only when all those districts are) within 60
  minutes of the core, measured on a routed network of the area itself (the embedded ``changchun`` region: sourced
  roads, expressways and rail; mode ``fastest``); missing (``estimated_network_only``) for an
  area without one. ``accessibility_60min_lower_bound_pct`` = the same share by the ``china``
  dataset's **estimated ordinary-road layer** (seats of neighbouring counties joined at
  great-circle x 1.3 and 60 km/h: no expressway or rail facts, so it is a lower bound), for
  every area with a member list; missing (``no_network``) when the dataset has no road links.
  The two are never mixed in one column.

Functions take the ``china`` Region (default: the embedded one) and return DataFrames with
provenance in ``attrs``; :func:`ranks` adds each area's rank per indicator. The measures
(:data:`MEASURES`) are listed in :mod:`metroscope._areas_measures` and one area's figures are
computed in :mod:`metroscope._areas_figures`; both are importable from here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ._areas_access import (
    ACCESS_MINUTES,
    ROUTED_MODE,
    default_networks,
    estimated_minutes,
    routed_minutes,
)
from ._areas_figures import PRIMARY, SECONDARY, _area_row, _wide
from ._areas_measures import AREA_MEASURES, MEASURE_KEYS, MEASURES, ZONE_MEASURES, Measure
from ._metro import area_list
from ._provenance import annotate
from .messages import Message

__all__ = ["AREA_MEASURES", "CENSUS", "MEASURES", "MEASURE_KEYS", "PRIMARY", "SECONDARY",
           "ZONES_NOTE", "ZONE_MEASURES", "Measure", "compare", "list_areas",
           "members_status_key", "ranks"]

if TYPE_CHECKING:
    from .region import Region

logger = logging.getLogger(__name__)

CENSUS = "Lei Dong et al., China Census dataset, github.com/leiii/census (MIT)"
ZONES_NOTE = Message("areas_note_zones")


def _china(china: Region | None) -> Region:
    if china is not None:
        return china
    from .datasets import load

    return load("china")


def compare(china: Region | None = None, *,
            progress: Callable[[int, int], None] | None = None,
            networks: Sequence[Region] | None = None) -> pd.DataFrame:
    """The comparison of every national metropolitan area (one row per area, approval order).

    Parameters
    ----------
    china
        The ``china`` Region (default: ``metroscope.load("china")``).
    progress
        Called as ``progress(done, total)`` after each area.
    networks
        Regions with a routed network of their own that measure ``accessibility_60min_pct``
        of the national area they are (matched by ``meta['metro_area']`` or the Chinese
        title; default: the embedded regions, i.e. ``changchun``). ``[]`` measures none.

    Returns
    -------
    DataFrame indexed by ``metro_area`` with ``order``, ``short_name``, ``members_status`` and
    one column per key of :data:`MEASURES` (units in ``attrs['metroscope']['units']``; NaN =
    missing), ``primacy_second_city`` (the "city" ``primacy_two_city`` divides the core by:
    ``rest_of_core``, the rest of the core prefecture inside the area, or another prefecture's
    code; empty when the index is missing), plus ``why_<key>`` holding the reason of every missing value: ``no_network``,
    ``estimated_network_only`` (no routed network of the area: see the lower bound),
    ``members_not_published``, ``too_few_cities`` or ``incomplete`` (a unit of the group lacks
    the census value or a time). ``attrs['metroscope']['accessibility_networks']`` names the
    region whose network measured each area. Definitions: this module's docstring.

    Raises
    ------
    UnknownRegionError
        If ``china`` has no metropolitan-area tables.

    Examples
    --------
    Not run as a test (+SKIP): it measures all 18 areas on the national data (about 3 s; the
    area tests run it).

    >>> table = compare(china)  # doctest: +SKIP
    >>> table.shape  # doctest: +SKIP
    (18, 56)
    >>> table[["short_name", "population_2020"]].head(3)  # doctest: +SKIP
               short_name  population_2020
    metro_area
    南京都市圈              南京       34851180.0
    福州都市圈              福州       13535308.0
    成都都市圈              成都       29657768.0
    """
    china = _china(china)
    areas = area_list(china)
    members = china.extra["metro_areas"]
    w = _wide(china, sorted(set(members["code"].astype(str))))
    s = china.stats
    gdp = s[(s["indicator"] == "gdp") & (s["year"] == 2015)].set_index("code")["value"]
    out = []
    to_core = estimated_minutes(china, [str(c) for c in areas["core_code"]])
    routed = routed_minutes(china, default_networks() if networks is None else networks)
    for i, info in areas.iterrows():
        rows = members[members["metro_area"] == info["metro_area"]]
        minutes = None if to_core is None else to_core[str(info["core_code"])]
        own = routed.get(str(info["metro_area"]))
        vals, why, second = _area_row(china, info, rows, w, gdp, minutes,
                                     None if own is None else own[0])
        rec: dict[str, object] = {"metro_area": info["metro_area"], "order": int(info["order"]),
                                  "short_name": info["short_name"],
                                  "members_status": info["members_status"], **vals,
                                  "primacy_second_city": second}
        rec.update({f"why_{k}": why.get(k, "") for k in MEASURE_KEYS})
        out.append(rec)
        if progress is not None:
            progress(int(i) + 1, len(areas))
    df = pd.DataFrame(out).set_index("metro_area")
    return annotate(df, indicator="metro_area_comparison", level="county",
                    units={m.key: m.unit for m in MEASURES},
                    accessibility_networks={a: name for a, (_t, name) in routed.items()},
                    accessibility_mode=ROUTED_MODE, accessibility_minutes=ACCESS_MINUTES,
                    sources=[CENSUS, "scout_curated/national_metro_areas.csv",
                             "quanturban/firm yearbook_light.csv (2015 GDP, quality C)",
                             "accessibility_60min_pct: the area's own routed network (fastest "
                             "mode, towards the core): " + (", ".join(
                                 f"{a} = {name}" for a, (_t, name) in routed.items()) or "none"),
                             "accessibility_60min_lower_bound_pct: the china dataset's estimated "
                             "ordinary-road layer (neighbouring county seats, great-circle x 1.3 "
                             "at 60 km/h; a lower bound)"],
                    notes=[ZONES_NOTE, Message("areas_note_uncoded_zones"),
                           Message("areas_bases")])


def ranks(table: pd.DataFrame) -> pd.DataFrame:
    """Rank of every area on every measure of :func:`compare`'s ``table`` (1 = first).

    Higher values rank first except where :data:`MEASURES` says otherwise; missing values get
    no rank. Ties share the lowest rank (``method='min'``). Columns: one per measure key, plus
    ``n_<key>`` = number of areas ranked.

    Raises
    ------
    KeyError
        If ``table`` lacks the column of a measure of :data:`MEASURES` (pass the output of
        :func:`compare`).

    Examples
    --------
    >>> t = pd.DataFrame({m.key: [3.0, 1.0, 2.0] for m in MEASURES}, index=["A", "B", "C"])
    >>> ranks(t)[["population_2020", "urban_share_cv", "n_urban_share_cv"]]  # a lower CV ranks first
       population_2020  urban_share_cv  n_urban_share_cv
    A                1               3                 3
    B                3               1                 3
    C                2               2                 3
    """
    out = pd.DataFrame(index=table.index)
    for m in MEASURES:
        col = table[m.key].astype(float)
        out[m.key] = col.rank(ascending=not m.higher_first, method="min").astype("Int64")
        out[f"n_{m.key}"] = int(col.notna().sum())
    return out


def list_areas(china: Region | None = None, *,
               progress: Callable[[int, int], None] | None = None,
               table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The national metropolitan areas (approval order) with their sizes; ``progress`` is
    called as ``progress(done, total)`` after each area (the sizes come from :func:`compare`,
    some seconds for the 18 areas; pass its output as ``table`` when it is at hand, so that
    the areas are not measured twice).

    Columns of :func:`metroscope._metro.area_list` plus ``core_population_2020`` and
    ``population_2020`` (core + member units; NaN when the member list is not published or a
    unit lacks a count), in persons, census 2020.

    Raises
    ------
    UnknownRegionError
        Propagated from :func:`compare` and :func:`metroscope._metro.area_list` when ``china``
        has no metropolitan-area tables.

    Examples
    --------
    >>> areas = list_areas(china)
    >>> areas.shape
    (18, 21)
    >>> areas[["short_name", "n_units"]].head(3)
               short_name  n_units
    metro_area
    南京都市圈              南京       65
    福州都市圈              福州       25
    成都都市圈              成都       35
    """
    china = _china(china)
    cmp = compare(china, progress=progress) if table is None else table
    out = area_list(china).set_index("metro_area")
    out["core_population_2020"] = cmp["core_population_2020"]
    out["population_2020"] = cmp["population_2020"]
    return annotate(out, indicator="metro_area_list", year=2020,
                    sources=[CENSUS, "scout_curated/national_metro_areas.csv"])


def members_status_key(status: str) -> str:
    """The catalogue key of a ``members_status`` value of :func:`list_areas` (``listed``,
    ``listed; the source asks to re-verify``, ``not published in the source``):
    ``members_listed``, ``members_reverify`` or ``members_not_published`` (add ``_short`` for
    the narrow form of the command line). Views show the label, never the raw English value.

    Raises
    ------
    Nothing; any other text counts as listed.

    Examples
    --------
    >>> members_status_key("listed")
    'members_listed'
    >>> members_status_key("listed; the source asks to re-verify")
    'members_reverify'
    >>> members_status_key("not published in the source")
    'members_not_published'
    """
    if status.startswith("not published"):
        return "members_not_published"
    return "members_reverify" if "re-verify" in status else "members_listed"
