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
- all its districts in one group: the zones' 2020 population (and urban population) are added
  to that group, to the area and to the prefecture's "city" (primacy, rank-size);
- its districts split between core and member: added to the area; the core and rest figures
  that would need the split are missing (``uncoded_zones_split``);
- some districts in the area and some outside or ``partial``: where the zones lie is unknown,
  so every figure that would include them is missing (``uncoded_zones_split``).

Source: ``china.extra["uncoded_zones"]`` (built from census_county_2020_v1.xlsx; DATA.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .region import Region

#: reason of a figure left missing because uncoded zones cannot be placed in one group
SPLIT = "uncoded_zones_split"


@dataclass
class ZoneAllocation:
    """The 2020 residents of uncoded zones each group of one area receives.

    ``population`` / ``urban``: persons added per group (``core``, ``member``); ``city``:
    persons added per primacy city key (``core``, ``rest_of_core`` or a prefecture code);
    ``unplaced``: the groups (``core``, ``member``, ``area``, and ``city`` for the primacy
    cities) whose 2020 count misses zone residents that cannot be placed; ``area_only`` in
    ``population`` / ``urban``: zone residents known to be in the area but not in which group; ``names``: the zones counted (for notes).
    """

    population: dict[str, float] = field(default_factory=lambda: {"core": 0.0, "member": 0.0})
    urban: dict[str, float] = field(default_factory=lambda: {"core": 0.0, "member": 0.0})
    city: dict[str, float] = field(default_factory=dict)
    unplaced: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)


def uncoded_zones(china: Region) -> pd.DataFrame:
    """The uncoded 2020 zones of ``china`` (``prefecture``, ``name_zh``, ``population``,
    ``population_urban``); empty when the dataset has none."""
    table = china.extra.get("uncoded_zones") if isinstance(china.extra, dict) else None
    if table is None:
        return pd.DataFrame(columns=["prefecture", "name_zh", "population", "population_urban"])
    return table


def _is_district(code: str) -> bool:
    return code[4] == "7" or "01" <= code[4:6] <= "20"


def allocate(units: pd.DataFrame, roles: pd.Series, zones: pd.DataFrame,
             core_pref: str) -> ZoneAllocation:
    """Where the uncoded zones of each prefecture go in one area (module doc).

    ``units``: the china units (``level``, ``parent``); ``roles``: role by county code of the
    area's rows (``core``, ``member``, ``partial``); ``core_pref``: the core prefecture's code.
    """
    out = ZoneAllocation()
    if zones.empty:
        return out
    county = units[units["level"] == "county"]
    for pref, rows in zones.groupby(zones["prefecture"].astype(str), sort=True):
        districts = [str(c) for c in county.index[county["parent"].astype(str) == pref]
                     if _is_district(str(c))]
        where = {roles.get(c) for c in districts}
        if not districts or where == {None}:
            continue  # outside the area, as their districts are
        pop = float(rows["population"].sum())
        urb = float(pd.to_numeric(rows["population_urban"]).sum())
        if where - {"core", "member"}:  # some districts outside the area or partial
            out.unplaced |= {"core", "member", "area", "city"}
            continue
        out.names += [str(n) for n in rows["name_zh"]]
        if len(where) > 1:  # split between core and member: only the area's total is known
            out.unplaced |= {"core", "member", "city"}
            out.population["area_only"] = out.population.get("area_only", 0.0) + pop
            out.urban["area_only"] = out.urban.get("area_only", 0.0) + urb
            continue
        group = where.pop()
        out.population[group] += pop
        out.urban[group] += urb
        key = "core" if group == "core" else ("rest_of_core" if pref == core_pref else pref)
        out.city[key] = out.city.get(key, 0.0) + pop
    return out
