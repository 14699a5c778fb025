"""Residents of the 2020 census rows without a code in the national areas' sums.

The 2020 county census file reports 39 development zones, new areas and management areas
(3.4 million residents) in a row **without a code**, e.g. 吉林经济开发区, 吉林高新技术产业开发区
and 吉林中国新加坡食品区 (255,303 persons) in 吉林市. They are not county-level units (nothing
indexes them), but in 2010 their residents were counted in the districts they were carved out
of. A 2010 -> 2020 change summed over county-level units alone therefore loses them in 2020
only: the Changchun area's change read +1.7 % where the comparable figure is +4.0 %, its rest
-13.9 % for -10.4 %.

Rule (the same assumption as for coded zones, :data:`metroscope.areas.ZONES_NOTE`): a
prefecture's uncoded zones lie in the area group (core or member) that holds **its
districts** (county-level codes ``xxxx01``-``xxxx20`` and coded zones ``xxxx7x``).

- every district of the prefecture outside the area: the zones are outside too (nothing added);
- all its districts in one group: the zones' 2020 population (and their urban population and
  residents aged 65 and over, from the same census rows) are added to that group, to the area and to the prefecture's "city" (primacy, rank-size);
- its districts split between core and member: added to the area; the core and rest figures
  that would need the split are missing (``uncoded_zones_split``);
- some districts in the area and some outside or ``partial``: where the zones lie is unknown,
  so every figure that would include them is missing (``uncoded_zones_split``).

The 1-hour commuting circle (:func:`metroscope.network.commuting_circle`) places them by the
same rule (:func:`in_circle`): a prefecture's zones count in the plan area's 2020 population when
its districts are all in the plan area (core or member). The zones have no location of their
own, so they count **inside** the circle only when every district of their prefecture is
inside; otherwise they are in the denominator only (a note says how many persons that is).

Source: ``china.extra["uncoded_zones"]`` and ``changchun.extra["uncoded_zones"]`` (Jilin's
rows), built from census_county_2020_v1.xlsx (DATA.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from ._uncoded_zones import ZONES_YEAR, uncoded_zones, zones_by_parent

__all__ = ["SPLIT", "ZONES_YEAR", "CircleZones", "ZoneAllocation", "allocate", "in_circle",
           "uncoded_zones", "zones_by_parent"]

if TYPE_CHECKING:
    pass

#: reason of a figure left missing because uncoded zones cannot be placed in one group
SPLIT = "uncoded_zones_split"


@dataclass
class ZoneAllocation:
    """The 2020 residents of uncoded zones each group of one area receives.

    ``population`` / ``urban`` / ``aged``: persons (all, urban, aged 65 and over) added per
    group (``core``, ``member``; ``aged`` is NaN for a group when a zone of it lacks the census
    65+ share, so that the group's ageing is missing rather than on a smaller base); ``city``:
    persons added per primacy city key (``core``, ``rest_of_core`` or a prefecture code);
    ``unplaced``: the groups (``core``, ``member``, ``area``, and ``city`` for the primacy
    cities) whose 2020 count misses zone residents that cannot be placed; ``area_only`` in
    ``population`` / ``urban``: zone residents known to be in the area but not in which group; ``names``: the zones counted (for notes).
    """

    population: dict[str, float] = field(default_factory=lambda: {"core": 0.0, "member": 0.0})
    urban: dict[str, float] = field(default_factory=lambda: {"core": 0.0, "member": 0.0})
    aged: dict[str, float] = field(default_factory=lambda: {"core": 0.0, "member": 0.0})
    city: dict[str, float] = field(default_factory=dict)
    unplaced: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)


def _is_district(code: str) -> bool:
    return code[4] == "7" or "01" <= code[4:6] <= "20"


@dataclass(frozen=True)
class _Prefecture:
    """One prefecture's uncoded zones: its districts, their roles in the area, the zones."""

    code: str
    districts: list[str]
    where: set[str | None]
    population: float
    urban: float
    aged: float
    names: list[str]

    @property
    def outside(self) -> bool:
        """Every district outside the area (so are the zones)."""
        return not self.districts or self.where == {None}

    @property
    def placed(self) -> bool:
        """Every district in the area's core or member group (the zones are in the area)."""
        return not self.outside and not (self.where - {"core", "member"})


def _prefectures(units: pd.DataFrame, roles: pd.Series,
                 zones: pd.DataFrame) -> Iterator[_Prefecture]:
    """The prefectures of ``zones`` with their districts (``units``: ``level``, ``parent``) and
    the districts' roles (``roles``: role by county code of the area's rows)."""
    if zones.empty:
        return
    county = units[units["level"] == "county"]
    for pref, rows in zones.groupby(zones["prefecture"].astype(str), sort=True):
        districts = [str(c) for c in county.index[county["parent"].astype(str) == pref]
                     if _is_district(str(c))]
        yield _Prefecture(str(pref), districts, {roles.get(c) for c in districts},
                          float(rows["population"].sum()),
                          float(pd.to_numeric(rows["population_urban"]).sum()),
                          _aged(rows),
                          [str(n) for n in rows["name_zh"]])


def _aged(rows: pd.DataFrame) -> float:
    """Residents aged 65 and over of ``rows`` (census 65+ share x population); NaN when a row
    lacks the share (a table built before the column existed, or an empty cell)."""
    if "share_age_65_plus_pct" not in rows.columns:
        return float("nan")
    share = pd.to_numeric(rows["share_age_65_plus_pct"], errors="coerce")
    if share.isna().any():
        return float("nan")
    return float((share * rows["population"].astype(float)).sum() / 100.0)


def allocate(units: pd.DataFrame, roles: pd.Series, zones: pd.DataFrame,
             core_pref: str) -> ZoneAllocation:
    """Where the uncoded zones of each prefecture go in one area (module doc).

    ``units``: the china units (``level``, ``parent``); ``roles``: role by county code of the
    area's rows (``core``, ``member``, ``partial``); ``core_pref``: the core prefecture's code.
    """
    out = ZoneAllocation()
    for p in _prefectures(units, roles, zones):
        if p.outside:
            continue  # outside the area, as their districts are
        pop, urb, aged = p.population, p.urban, p.aged
        if not p.placed:  # some districts outside the area or partial
            out.unplaced |= {"core", "member", "area", "city"}
            continue
        out.names += p.names
        if len(p.where) > 1:  # split between core and member: only the area's total is known
            out.unplaced |= {"core", "member", "city"}
            out.population["area_only"] = out.population.get("area_only", 0.0) + pop
            out.urban["area_only"] = out.urban.get("area_only", 0.0) + urb
            out.aged["area_only"] = out.aged.get("area_only", 0.0) + aged
            continue
        group = str(next(iter(p.where)))
        out.population[group] += pop
        out.urban[group] += urb
        out.aged[group] += aged
        key = "core" if group == "core" else ("rest_of_core" if p.code == core_pref else p.code)
        out.city[key] = out.city.get(key, 0.0) + pop
    return out


@dataclass
class CircleZones:
    """The 2020 residents of uncoded zones in a travel-time circle's sums, persons.

    ``plan``: in the plan area (their prefecture's districts all core or member);
    ``plan_inside``: of those, inside (every district of their prefecture inside);
    ``inside``: every zone inside, in the plan area or not; ``unplaced``: zones of a
    prefecture whose districts are partly in the plan area (left out of the sums, noted);
    ``names``: the zones of ``plan``; ``names_beyond``: the zones inside that are not in
    ``plan_inside`` (beyond the plan area or unplaced), counted in ``inside`` only.
    """

    plan: float = 0.0
    plan_inside: float = 0.0
    inside: float = 0.0
    unplaced: float = 0.0
    names: list[str] = field(default_factory=list)
    names_inside: list[str] = field(default_factory=list)
    names_beyond: list[str] = field(default_factory=list)


def in_circle(units: pd.DataFrame, roles: pd.Series, zones: pd.DataFrame,
              inside: pd.Series) -> CircleZones:
    """The uncoded zones in a circle's sums (module doc): placed in the plan area by the rule
    of :func:`allocate`, inside only when every district of their prefecture is.

    ``units``: the region's units (``level``, ``parent``); ``roles``: role by county code of
    the plan area's rows (``core``, ``member``, ``partial``); ``inside``: bool by code of the
    circle's rows (a district that is no row of the circle is not inside).

    Examples
    --------
    >>> units = pd.DataFrame({"level": ["county"] * 3, "parent": ["p1", "p1", "p2"]},
    ...                      index=["990101", "990102", "990201"])
    >>> zones = pd.DataFrame({"prefecture": ["p1", "p2"], "name_zh": ["z1", "z2"],
    ...                       "population": [100.0, 40.0], "population_urban": [90.0, 30.0]})
    >>> roles = pd.Series({"990101": "member", "990102": "member"})
    >>> z = in_circle(units, roles, zones, pd.Series({"990101": True, "990102": False,
    ...                                               "990201": True}))
    >>> z.plan, z.plan_inside, z.inside
    (100.0, 0.0, 40.0)
    """
    out = CircleZones()
    for p in _prefectures(units, roles, zones):
        all_in = bool(p.districts) and all(bool(inside.get(d, False)) for d in p.districts)
        if all_in:
            out.inside += p.population
        if p.outside or not p.placed:
            if all_in:
                out.names_beyond += p.names
            if not p.outside:
                out.unplaced += p.population
            continue
        out.plan += p.population
        out.names += p.names
        if all_in:
            out.plan_inside += p.population
            out.names_inside += p.names
    return out
