"""Pairing a level (GDP, value added) with a population on the same boundary before dividing.

The official level statistics of a year are on the boundaries of that year (yearbook 全市口径),
but the census city file gives the 2010 counts on the 2020 boundaries ("boundary-adjusted: 2010
values on the 2020 boundaries"). For a unit whose boundary changed between the two years (长春
gained 公主岭 from 四平 in 2020), GDP 2010 / census 2010 divides a 2010-boundary total by a
2020-boundary population. :func:`same_boundary_weight` finds those pairs and replaces the
population with one on the level's boundary (the population implied by the published GDP per
capita of that year, when the data have it) or leaves it missing, saying so in the notes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..messages import Message
from ._stats_values import OFFICIAL_LEVEL_INDICATORS, has_indicator, stats_index, values

if TYPE_CHECKING:
    from ..region import Region

#: Level indicators published on the boundary of their own year (the ratios and the year-end
#: population, which is itself a population, are not divided by the census count).
LEVELS_ON_OWN_BOUNDARY = OFFICIAL_LEVEL_INDICATORS - {"gdp_per_capita", "population_yearend"}

_ADJUSTED = re.compile(r"on the (\d{4}) boundaries")


def boundary_break_years(region: Region) -> dict[str, set[int]]:
    """Years of a boundary change per code: ``stats`` rows flagged ``break`` whose note says
    "boundary", on any indicator (a boundary moves every series of the unit).

    Raises
    ------
    Nothing; a region without notes gives an empty mapping.

    Examples
    --------
    >>> sorted(boundary_break_years(region)["220100"])
    [2020]
    """
    st = region.stats
    if "note" not in st.columns or st.empty:
        return {}
    m = (st["break"].fillna(False).astype(bool)
         & st["note"].astype("string").str.contains("boundary", na=False))
    out: dict[str, set[int]] = {}
    for code, year in zip(st.loc[m, "code"], st.loc[m, "year"], strict=True):
        out.setdefault(str(code), set()).add(int(year))
    return out


def census_boundary_year(region: Region, year: int, codes: Sequence[str]) -> dict[str, int]:
    """Boundary year of the census ``population`` row of each code in ``year``: the year its
    note says the values were adjusted to, else the row's own year (codes without a row are
    absent).

    Raises
    ------
    Nothing; codes that are not in the stats are absent from the result.

    Examples
    --------
    >>> census_boundary_year(region, 2010, ["220100", "220300"])
    {'220100': 2020, '220300': 2020}
    """
    idx = stats_index(region)
    r = idx.select(["population"], codes, [year])
    notes = region.stats["note"].astype("string").fillna("").to_numpy(dtype=object) if (
        "note" in region.stats.columns) else np.full(idx.n, "", dtype=object)
    out: dict[str, int] = {}
    for i in r:
        m = _ADJUSTED.search(str(notes[i]))
        out.setdefault(str(idx.code[i]), int(m.group(1)) if m else int(year))
    return out


def same_boundary_weight(region: Region, measure: str, weight: str | None, year: int,
                         y: pd.Series, p: pd.Series | None
                         ) -> tuple[pd.Series | None, list[Any], list[str]]:
    """``p`` with every population that is not on the boundary of ``y`` replaced, the notes
    saying so and the stats indicators read besides (``gdp_per_capita`` when used).

    Applies when ``weight`` is ``population`` and ``measure`` an official level indicator
    (:data:`LEVELS_ON_OWN_BOUNDARY`, e.g. ``gdp`` in 亿元): a unit whose census population of
    ``year`` is adjusted to the boundaries of a year B, with a boundary change between ``year``
    and B, gets, for ``gdp``, the population implied by its published ``gdp_per_capita`` of
    ``year`` (persons = GDP x 1e8 / yuan per person, so GDP per person equals the published
    figure); without one, NaN (the unit is left out). Other pairs are returned unchanged.

    Raises
    ------
    Nothing; units without the rows needed stay as they are or become NaN, as noted.

    Examples
    --------
    >>> from metroscope.indicators import _base as B
    >>> cs = ["220100", "220300"]
    >>> g = B.values(region, "gdp", 2010, cs)
    >>> p, _ = B.population(region, 2010, cs)
    >>> q, notes, used = same_boundary_weight(region, "gdp", "population", 2010, g, p)
    >>> (1e8 * g / q).round().tolist()  # the published 2010 GDP per capita, yuan
    [43936.0, 22942.0]
    >>> [n.key for n in notes], used
    (['ind_per_capita_published'], ['gdp_per_capita'])
    """
    if p is None or weight != "population" or measure not in LEVELS_ON_OWN_BOUNDARY:
        return p, [], []
    breaks = boundary_break_years(region)
    adjusted = census_boundary_year(region, year, [str(c) for c in p.index])
    mixed = [str(c) for c in p.index
             if str(c) in adjusted and pd.notna(p[c]) and pd.notna(y.get(c))
             and any(min(year, adjusted[str(c)]) < b <= max(year, adjusted[str(c)])
                     for b in breaks.get(str(c), ()))]
    if not mixed:
        return p, [], []
    out = p.astype("float64").copy()
    pc = (values(region, "gdp_per_capita", year, mixed)
          if measure == "gdp" and has_indicator(region, "gdp_per_capita")
          else pd.Series(math.nan, index=mixed))
    fixed, dropped = [], []
    for c in mixed:
        yc, pcc = float(y.get(c, math.nan)), float(pc.get(c, math.nan))
        if math.isfinite(yc) and math.isfinite(pcc) and pcc > 0:
            out[c] = yc * 1e8 / pcc
            fixed.append(c)
        else:
            out[c] = math.nan
            dropped.append(c)
    b_years = sorted({adjusted[c] for c in mixed})
    notes: list[Any] = []
    if fixed:
        notes.append(Message("ind_per_capita_published", year=year, measure=measure,
                             boundary_year=b_years, codes=fixed))
    if dropped:
        notes.append(Message("ind_per_capita_no_same_boundary", year=year, measure=measure,
                             boundary_year=b_years, codes=dropped))
    return out, notes, (["gdp_per_capita"] if fixed else [])
