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
provenance in ``attrs``; :func:`ranks` adds each area's rank per indicator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._areas_access import (
    ACCESS_MINUTES,
    ROUTED_MODE,
    default_networks,
    estimated_minutes,
    routed_minutes,
    within_60,
    zones_60,
)
from ._areas_zones import SPLIT as ZONES_SPLIT
from ._areas_zones import allocate, uncoded_zones
from ._metro import area_list
from ._provenance import annotate
from .messages import Message

if TYPE_CHECKING:
    from .region import Region

logger = logging.getLogger(__name__)

PRIMARY = ("agriculture",)
SECONDARY = ("mining", "manufacturing", "utilities", "construction")
CENSUS = "Lei Dong et al., China Census dataset, github.com/leiii/census (MIT)"
ZONES_NOTE = Message("areas_note_zones")


@dataclass(frozen=True)
class Measure:
    """One comparison indicator: key, unit, whether higher ranks first, scope and year."""

    key: str
    unit: str
    higher_first: bool = True
    year: int | None = None


# The comparison's indicators in display order (labels in report/_i18n.py as area_<key>).
MEASURES: tuple[Measure, ...] = (
    Measure("population_2010", "persons", year=2010),
    Measure("population_2020", "persons", year=2020),
    Measure("population_change_pct", "pct"),
    Measure("core_population_2010", "persons", year=2010),
    Measure("core_population_2020", "persons", year=2020),
    Measure("core_change_pct", "pct"),
    Measure("rest_change_pct", "pct"),
    Measure("population_partial_2020", "persons", year=2020),
    Measure("core_share_pct", "pct", year=2020),
    Measure("share_age_65_plus_pct", "pct", year=2020),
    Measure("core_share_age_65_plus_pct", "pct", year=2020),
    Measure("urbanisation_pct", "pct", year=2020),
    Measure("core_urbanisation_pct", "pct", year=2020),
    Measure("primacy_two_city", "ratio", year=2020),
    Measure("rank_size_q", "exponent", year=2020),
    Measure("urban_share_cv", "ratio", higher_first=False, year=2020),
    Measure("employment_primary_pct", "pct", year=2020),
    Measure("employment_secondary_pct", "pct", year=2020),
    Measure("employment_tertiary_pct", "pct", year=2020),
    Measure("employment_manufacturing_pct", "pct", year=2020),
    Measure("core_employment_manufacturing_pct", "pct", year=2020),
    Measure("krugman_core_rest", "index_0_2", year=2020),
    Measure("industry_similarity_mean", "cosine", year=2020),
    Measure("core_gdp_2015_cny_100m", "cny_100m", year=2015),
    Measure("accessibility_60min_pct", "pct", year=2020),
    Measure("accessibility_60min_lower_bound_pct", "pct", year=2020),
)
MEASURE_KEYS = tuple(m.key for m in MEASURES)
# measures that need the full member list (missing for areas with the core only)
AREA_MEASURES = frozenset(k for k in MEASURE_KEYS if not k.startswith("core_"))


def _china(china: Region | None) -> Region:
    if china is not None:
        return china
    from .datasets import load

    return load("china")


def _wide(china: Region, codes: list[str]) -> pd.DataFrame:
    """Census values by code: population 2010/2020, urban 2020, 65+ share 2020, employment."""
    s = china.stats
    s = s[s["code"].isin(codes)]
    want = ((s["indicator"].isin(["population"]) & s["year"].isin([2010, 2020]))
            | (s["indicator"].isin(["population_urban", "share_age_65_plus_pct"])
               & (s["year"] == 2020))
            | (s["indicator"].str.startswith("employed_sample_") & (s["year"] == 2020)))
    s = s[want]
    key = s["indicator"].where(s["year"] == 2020, s["indicator"] + "_2010")
    return (pd.DataFrame({"code": s["code"].to_numpy(), "key": key.to_numpy(),
                          "value": s["value"].to_numpy()})
            .pivot_table(index="code", columns="key", values="value", aggfunc="first")
            .reindex(codes))


def _sum(w: pd.DataFrame, codes: list[str], col: str, *, skip_zones: bool = False) -> float:
    if not codes or col not in w.columns:
        return float("nan")
    use = [c for c in codes if not (skip_zones and c[4] == "7")]
    vals = w.loc[use, col]
    return float(vals.sum()) if vals.notna().all() and use else float("nan")


def _weighted(w: pd.DataFrame, codes: list[str], col: str) -> float:
    if not codes or col not in w.columns:
        return float("nan")
    v, p = w.loc[codes, col], w.loc[codes, "population"]
    if v.isna().any() or p.isna().any():
        return float("nan")
    return float((v * p).sum() / p.sum())


def _pct(a: float, b: float) -> float:
    return 100.0 * (a - b) / b if b and np.isfinite(a) and np.isfinite(b) else float("nan")


def _industry_shares(w: pd.DataFrame, codes: list[str]) -> pd.Series | None:
    cols = [c for c in w.columns if c.startswith("employed_sample_") and c != "employed_sample_total"]
    if not codes or not cols:
        return None
    x = w.loc[codes, cols]
    if x.isna().all(axis=1).any():
        return None
    tot = x.fillna(0.0).sum()
    if tot.sum() <= 0:
        return None
    tot.index = [c.removeprefix("employed_sample_") for c in tot.index]
    return tot / tot.sum()


def _cities(units: pd.DataFrame, roles: pd.Series, core_pref: str) -> dict[str, list[str]]:
    """The area's "cities": the core, the rest of the core prefecture, each other prefecture."""
    out: dict[str, list[str]] = {"core": sorted(roles.index[roles == "core"])}
    rest = roles.index[roles == "member"]
    for pref, codes in pd.Series(list(rest), index=list(rest)).groupby(
            units.loc[rest, "parent"].to_numpy()).groups.items():
        label = "rest_of_core" if pref == core_pref else str(pref)
        out[label] = sorted(str(c) for c in codes)
    return out


def _second_city(sizes: dict[str, float]) -> str:
    """The "city" the two-city index divides the core by: ``rest_of_core`` or a prefecture."""
    others = {k: s for k, s in sizes.items() if k != "core"}
    return max(others, key=lambda k: others[k]) if others else ""


def _zipf_q(sizes: np.ndarray) -> float:
    sizes = np.sort(sizes[np.isfinite(sizes) & (sizes > 0)])[::-1]
    if len(sizes) < 3:
        return float("nan")
    rank = np.arange(1, len(sizes) + 1, dtype=float)
    slope = np.polyfit(np.log(rank), np.log(sizes), 1)[0]
    return float(-slope)


def _cosine_mean(shares: list[pd.Series]) -> float:
    if len(shares) < 2:
        return float("nan")
    m = pd.concat(shares, axis=1).fillna(0.0).to_numpy().T
    m = m / np.linalg.norm(m, axis=1, keepdims=True)
    sim = m @ m.T
    iu = np.triu_indices(len(m), k=1)
    return float(sim[iu].mean())


def _area_row(china: Region, info: pd.Series, rows: pd.DataFrame, w: pd.DataFrame,
              gdp: pd.Series, minutes: pd.Series | None = None,
              routed: pd.Series | None = None,
              ) -> tuple[dict[str, float], dict[str, str], str]:
    roles = pd.Series(rows["role"].to_numpy(), index=rows["code"].astype(str).to_numpy())
    core = sorted(roles.index[roles == "core"])
    member = sorted(roles.index[roles == "member"])
    partial = sorted(roles.index[roles == "partial"])
    area = core + member
    v: dict[str, float] = {}
    why: dict[str, str] = {}
    second = ""
    zones = allocate(china.units, roles, uncoded_zones(china), str(info["core_code"]))
    add, add_urban = zones.population, zones.urban
    v["core_population_2020"] = _sum(w, core, "population") + add["core"]
    v["core_population_2010"] = _sum(w, core, "population_2010", skip_zones=True)
    v["core_change_pct"] = _pct(v["core_population_2020"], v["core_population_2010"])
    v["core_share_age_65_plus_pct"] = _weighted(w, core, "share_age_65_plus_pct")
    v["core_urbanisation_pct"] = 100.0 * (_sum(w, core, "population_urban") + add_urban[
        "core"]) / v["core_population_2020"]
    cs = _industry_shares(w, core)
    v["core_employment_manufacturing_pct"] = (100.0 * float(cs.get("manufacturing", 0.0))
                                              if cs is not None else float("nan"))
    v["core_gdp_2015_cny_100m"] = float(gdp.get(str(info["core_code"]), float("nan")))
    if not bool(info["members_listed"]):
        for k in AREA_MEASURES:
            v[k] = float("nan")
            why[k] = "members_not_published"
    else:
        pop = w["population"] if "population" in w.columns else pd.Series(dtype=float)
        v["accessibility_60min_lower_bound_pct"] = within_60(
            pop, area, minutes, zones_60(china, roles, minutes))
        if minutes is None:
            why["accessibility_60min_lower_bound_pct"] = "no_network"
        v["accessibility_60min_pct"] = within_60(pop, area, routed,
                                                 zones_60(china, roles, routed))
        if routed is None:
            why["accessibility_60min_pct"] = "estimated_network_only"
        zone_total = sum(add.values())
        v["population_2020"] = _sum(w, area, "population") + zone_total
        v["population_2010"] = _sum(w, area, "population_2010", skip_zones=True)
        v["population_change_pct"] = _pct(v["population_2020"], v["population_2010"])
        r20 = _sum(w, member, "population") + add["member"]
        r10 = _sum(w, member, "population_2010", skip_zones=True)
        v["rest_change_pct"] = _pct(r20, r10)
        v["population_partial_2020"] = _sum(w, partial, "population") if partial else 0.0
        v["core_share_pct"] = 100.0 * v["core_population_2020"] / v["population_2020"]
        v["share_age_65_plus_pct"] = _weighted(w, area, "share_age_65_plus_pct")
        urb = _sum(w, area, "population_urban") + sum(add_urban.values())
        v["urbanisation_pct"] = 100.0 * urb / v["population_2020"]
        cities = _cities(china.units, roles, str(info["core_code"]))
        sizes = {k: _sum(w, c, "population") + zones.city.get(k, 0.0)
                 for k, c in cities.items()}
        others = [s for k, s in sizes.items() if k != "core"]
        v["primacy_two_city"] = (sizes["core"] / max(others) if others and all(
            np.isfinite(others)) else float("nan"))
        second = _second_city(sizes)
        v["rank_size_q"] = _zipf_q(np.array(list(sizes.values()), dtype=float))
        if len(sizes) < 3:
            why["rank_size_q"] = "too_few_cities"
        share = 100.0 * w.loc[area, "population_urban"] / w.loc[area, "population"]
        pop = w.loc[area, "population"]
        if share.notna().all() and pop.notna().all():
            mean = float((share * pop).sum() / pop.sum())
            sd = float(np.sqrt((pop * (share - mean) ** 2).sum() / pop.sum()))
            v["urban_share_cv"] = sd / mean
        else:
            v["urban_share_cv"] = float("nan")
        ash = _industry_shares(w, area)
        rsh = _industry_shares(w, member)
        if ash is not None:
            v["employment_primary_pct"] = 100.0 * float(ash.reindex(PRIMARY).sum())
            v["employment_secondary_pct"] = 100.0 * float(ash.reindex(SECONDARY).sum())
            v["employment_tertiary_pct"] = 100.0 - v["employment_primary_pct"] - v[
                "employment_secondary_pct"]
            v["employment_manufacturing_pct"] = 100.0 * float(ash.get("manufacturing", 0.0))
        if cs is not None and rsh is not None:
            v["krugman_core_rest"] = float((cs - rsh.reindex(cs.index).fillna(0.0)).abs().sum())
        city_shares = [s for s in (_industry_shares(w, c) for c in cities.values())
                       if s is not None]
        v["industry_similarity_mean"] = (_cosine_mean(city_shares)
                                         if len(city_shares) == len(cities) else float("nan"))
    for group, keys in ZONE_MEASURES.items():
        if group in zones.unplaced:
            for k in keys:
                v[k], why[k] = float("nan"), ZONES_SPLIT
    for k in MEASURE_KEYS:
        val = v.get(k, float("nan"))
        v[k] = val
        if not np.isfinite(val) and k not in why:
            why[k] = "incomplete"
    return v, why, second if np.isfinite(v["primacy_two_city"]) else ""


#: the measures that count 2020 residents of a group, by the group whose uncoded zones they
#: need (:mod:`metroscope._areas_zones`)
ZONE_MEASURES: dict[str, tuple[str, ...]] = {
    "core": ("core_population_2020", "core_change_pct", "core_urbanisation_pct",
             "core_share_pct"),
    "member": ("rest_change_pct",),
    "area": ("population_2020", "population_change_pct", "urbanisation_pct", "core_share_pct",
             "accessibility_60min_pct", "accessibility_60min_lower_bound_pct"),
    "city": ("primacy_two_city", "rank_size_q"),
}


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
                    notes=[ZONES_NOTE, Message("areas_note_uncoded_zones")])


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
