"""The raw components of the opportunity screen, per city × sector cell, each with the reason
when it cannot be computed (never a 0 in place of a missing value).

Sector components (census long-form employment samples, about 10 % of the employed; the
sampling fraction cancels in every ratio below):

- ``growth``: employment growth 2010 -> 2020 of the sector in the city, as the midpoint
  (Davis-Haltiwanger-Schuh) rate g = (e_2020 - e_2010) / ((e_2020 + e_2010) / 2), in [-2, 2]
  (defined when the sector is new in 2010 -> 2020; Davis, Haltiwanger & Schuh 1996, *Job
  Creation and Destruction*, MIT Press). Both censuses sample about 10 %; a different
  fraction would shift every city's growth by the same factor. Where the data flag a
  boundary change of a prefecture, its 2010 value is rebuilt on the 2020 boundary from its
  2020 county-level units (units created after 2010 held their area inside the others, as in
  :mod:`metroscope.indicators.consolidation`), and only when those units add up to the
  prefecture's 2020 value; otherwise, and for county-level units with a break, it is missing.
- ``lq_province`` / ``lq_nation``: location quotients against the city's province and against
  the country (all prefecture-level units of the embedded ``china`` dataset), with the sample
  count, 95 % interval and reliability flag of :mod:`metroscope.indicators.lq_evidence`.
- ``density``: relatedness density ω_cp (Hidalgo et al. 2007) of the city around the sector,
  with the proximity φ between sectors measured over every prefecture of the country and the
  city's presence M_cp = [LQ against the nation >= 1] (:mod:`metroscope.indicators.complexity`).
- ``cog``: complexity outlook gain of the move into the sector (Hausmann, Hidalgo et al. 2014,
  *The Atlas of Economic Complexity*): the complexity (PCI, national) of the sectors near it
  that the city lacks, less what staying out of it forgoes; higher = the move opens more.
  A sector the city already holds (LQ against the nation >= 1) is no move: 0 (the
  ``(1 - M_cp)`` factor of the R package economiccomplexity's ``complexity_outlook``).

City components (the same for every sector of a city): ``access_gain`` (:mod:`.access`),
``population_trend`` (census annual rate 2010 -> 2020, %, same boundary rule as growth) and
``plan_role`` (the unit's role in the plan: core 2, member 1, partial 0; ordinal).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..indicators import _base as B
from ..indicators._employment import PREFIX, Employment
from ..indicators.lq_evidence import MIN_SAMPLE_PERSONS, evidence_table

if TYPE_CHECKING:
    from ..region import Region

START_YEAR = 2010
#: Ordinal score of a unit's role in the plan (higher = more central in the plan).
ROLE_SCORE = {"core": 2.0, "member": 1.0, "partial": 0.0}
#: Reliability flags whose LQ is suppressed: the cell never ranks.
SUPPRESSED_FLAGS = ("small_sample", "zero", "no_reference")


def rebuilt_pair(region: Region, indicator: str, codes: Sequence[str], level: str | None,
                 end: int, start: int = START_YEAR) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Start and end values of ``indicator`` on the end-year boundary and the reason (empty
    when both are known): ``no_start_year`` (the data have no value in ``start`` at all),
    ``no_start_value``, ``no_end_value`` or ``boundary_change`` (a flagged break that the
    county-level units cannot bridge).

    Raises
    ------
    Nothing of its own; a value that cannot be known is NaN with its reason.

    Examples
    --------
    >>> start, end, why = rebuilt_pair(region, "population", ["220100", "220200"], "prefecture", 2020)
    >>> start.tolist(), end.tolist()
    ([8767375.0, 4413157.0], [9066906.0, 3623713.0])
    """
    cs = list(codes)
    a = B.values(region, indicator, start, cs)
    b = B.values(region, indicator, end, cs)
    why = pd.Series("", index=pd.Index(cs, name="code"), dtype="object")
    if start not in B.years_with(region, indicator):
        return a, b, pd.Series("no_start_year", index=why.index, dtype="object")
    breaks = B.break_years(region, [indicator])
    units = region.units
    for c in cs:
        if pd.isna(b[c]):
            why[c] = "no_end_value"
            continue
        if not B.broken(breaks, c, start, end):
            if pd.isna(a[c]):
                why[c] = "no_start_value"
            continue
        kids = [str(k) for k in units.index[units["parent"] == c]
                if units.at[k, "level"] == "county"] if level == "prefecture" else []
        k_end = B.values(region, indicator, end, kids) if kids else pd.Series(dtype="float64")
        k_start = B.values(region, indicator, start, kids) if kids else k_end
        if (kids and k_end.notna().all() and abs(float(k_end.sum()) - float(b[c])) <= 0.5
                and k_start.notna().any()):
            a[c] = float(k_start.sum(skipna=True))
        else:
            a[c] = math.nan
            why[c] = "boundary_change"
    return a, b, why


def growth(region: Region, emp: Employment, level: str | None) -> pd.DataFrame:
    """``employed_2010``, ``employed_2020`` (sampled persons), ``growth`` (midpoint rate) and
    ``why_growth`` per (code, industry) of ``emp``.

    Raises
    ------
    Nothing of its own (nor does :func:`rebuilt_pair`); a growth that cannot be computed is
    NaN with its reason (``no_employment`` when the sector has no sampled person in either
    year).

    Examples
    --------
    >>> from metroscope.indicators._employment import employment_matrix
    >>> codes = require_units(region, "prefecture")
    >>> emp = employment_matrix(region, level="prefecture", codes=codes)
    >>> g = growth(region, emp, "prefecture")
    >>> g.loc[("220100", "manufacturing"), ["employed_2010", "employed_2020", "growth"]].round(3)
    employed_2010    36267.000
    employed_2020    40188.000
    growth               0.103
    Name: (220100, manufacturing), dtype: float64
    """
    rows = []
    for ind in emp.matrix.columns:
        a, b, why = rebuilt_pair(region, PREFIX + str(ind), list(emp.matrix.index), level,
                                 emp.year)
        for c in emp.matrix.index:
            x0, x1, w = float(a[c]), float(b[c]), str(why[c])
            ok = not w and (x0 + x1) > 0
            rows.append((str(c), str(ind), x0 if not w else math.nan, x1,
                         (x1 - x0) / ((x1 + x0) / 2) if ok else math.nan,
                         w or ("" if ok else "no_employment")))
    return pd.DataFrame(rows, columns=["code", "industry", "employed_2010", "employed_2020",
                                       "growth", "why_growth"]).set_index(["code", "industry"])


def _province_totals(region: Region, province: str, year: int,
                     industries: Sequence[str]) -> tuple[pd.Series | None, str]:
    """Employment by industry of ``province``: its own census row in ``region``, else the sum
    of its prefectures in the embedded ``china`` dataset."""
    cols = [PREFIX + i for i in industries]
    if province in region.units.index:
        own = B.wide(region, cols, year, [province]).iloc[0]
        if own.notna().all():
            own.index = list(industries)
            return own, "own"
    china = national_region()
    if china is None or province not in china.units.index:
        return None, "no_province"
    prefs = B.unit_codes(china, level="prefecture", parent=province)
    x = B.wide(china, cols, year, prefs)
    if x.isna().all(axis=None):
        return None, "no_province"
    tot = x.sum(axis=0, skipna=True)
    tot.index = list(industries)
    return tot, "prefectures"


def national_region() -> Region | None:
    """The embedded ``china`` dataset, or None when it is not built.

    Raises
    ------
    Nothing of its own; ``OSError`` from :func:`metroscope.datasets.list_datasets` if the
    embedded data folder cannot be listed.

    Examples
    --------
    >>> national_region()
    Region('china': 3313 units, 88047 stats rows, 2847 nodes, 8110 links, 0 projects)
    """
    from ..datasets import list_datasets, load

    return load("china") if "china" in list_datasets() else None


def _evidence(emp: Employment, ref: pd.Series | None, prefix: str) -> pd.DataFrame:
    if ref is None:
        return pd.DataFrame()
    ev = evidence_table(emp, ref, MIN_SAMPLE_PERSONS)
    out = ev[["lq", "ci_low", "ci_high", "flag"]].rename(columns=lambda c: f"{prefix}_{c}"
                                                         if c != "lq" else prefix)
    out[f"why_{prefix}"] = ["suppressed_" + f if f in SUPPRESSED_FLAGS else ""
                            for f in ev["flag"]]
    return out


def specialisation(region: Region, emp: Employment, nation: pd.Series | None) -> pd.DataFrame:
    """``sample_persons``, ``lq_province`` and ``lq_nation`` with ``_ci_low``, ``_ci_high``,
    ``_flag`` and ``why_`` columns, per (code, industry).

    Raises
    ------
    Nothing of its own; a missing reference gives NaN with the reason (``no_province``,
    ``no_national_data``). Propagated: ``MissingDataError`` from
    :func:`metroscope.indicators._base.unit_codes` if a province found in the national
    dataset has no prefecture-level unit there, ``OSError`` from :func:`national_region`;
    ``ValueError`` from pandas if ``emp`` has no units (nothing to concatenate).

    Examples
    --------
    >>> from metroscope.indicators._employment import employment_matrix
    >>> codes = require_units(region, "prefecture")
    >>> emp = employment_matrix(region, level="prefecture", codes=codes)
    >>> national = employment_matrix(china, year=emp.year, level="prefecture")
    >>> spec = specialisation(region, emp, national.matrix.sum(axis=0))
    >>> spec.loc[("220100", "manufacturing"), ["lq_province", "lq_nation"]].round(3)
    lq_province    1.275
    lq_nation      0.580
    Name: (220100, manufacturing), dtype: float64
    """
    x = emp.matrix
    inds = [str(i) for i in x.columns]
    parts = []
    for prov in sorted({str(B.province_of(region, str(c))) for c in x.index}):
        codes = [c for c in x.index if str(B.province_of(region, str(c))) == prov]
        ref, _how = _province_totals(region, prov, emp.year, inds)
        sub = Employment(x.loc[codes], emp.year, emp.indicators)
        part = _evidence(sub, ref, "lq_province")
        if part.empty:
            idx = pd.MultiIndex.from_product([[str(c) for c in codes], inds],
                                             names=["code", "industry"])
            part = pd.DataFrame({"lq_province": np.nan, "lq_province_ci_low": np.nan,
                                 "lq_province_ci_high": np.nan, "lq_province_flag": "",
                                 "why_lq_province": "no_province"}, index=idx)
        parts.append(part)
    out = pd.concat(parts)
    ev = evidence_table(emp, nation if nation is not None else x.sum(axis=0))
    out.insert(0, "sample_persons", ev["sample_persons"].reindex(out.index))
    nat = _evidence(emp, nation, "lq_nation")
    if nat.empty:
        for c in ("lq_nation", "lq_nation_ci_low", "lq_nation_ci_high"):
            out[c] = np.nan
        out["lq_nation_flag"] = ""
        out["why_lq_nation"] = "no_national_data"
    else:
        out = out.join(nat)
    return out


def relatedness(emp: Employment, lq_nation: pd.Series,
                national: Employment | None) -> pd.DataFrame:
    """``density`` (0-1) and ``cog`` (complexity outlook gain, PCI units) per (code,
    industry), each with its ``why_``: the city's presence (LQ against the nation >= 1)
    weighted by the national proximity of the sectors, and the new complexity the move into
    the sector brings within reach (:func:`~metroscope.indicators.complexity.
    opportunity_gain_array`, with the sectors' PCI over every prefecture of the country).

    Raises
    ------
    Nothing of its own; without national data both are NaN (``no_national_data``).
    ``numpy.linalg.LinAlgError`` from :func:`metroscope.indicators.complexity.complexity_arrays`
    only if the eigen-solver does not converge; ``KeyError`` from pandas if ``lq_nation`` has
    no ``industry`` index level.

    Examples
    --------
    >>> from metroscope.indicators._employment import employment_matrix
    >>> codes = require_units(region, "prefecture")
    >>> emp = employment_matrix(region, level="prefecture", codes=codes)
    >>> national = employment_matrix(china, year=emp.year, level="prefecture")
    >>> spec = specialisation(region, emp, national.matrix.sum(axis=0))
    >>> rel = relatedness(emp, spec["lq_nation"], national)
    >>> rel.loc[[("220100", "manufacturing"), ("220200", "finance")], "density"].round(3)
    code    industry
    220100  manufacturing    0.459
    220200  finance          0.396
    Name: density, dtype: float64
    """
    from ..indicators.complexity import (
        complexity_arrays,
        density_array,
        opportunity_gain_array,
    )

    idx = pd.MultiIndex.from_product([[str(c) for c in emp.matrix.index],
                                      [str(i) for i in emp.matrix.columns]],
                                     names=["code", "industry"])
    if national is None:
        return pd.DataFrame({"density": np.nan, "why_density": "no_national_data",
                             "cog": np.nan, "why_cog": "no_national_data"}, index=idx)
    inds = [i for i in emp.matrix.columns if i in set(national.matrix.columns)]
    res = complexity_arrays(national.matrix[inds].to_numpy())
    lq = lq_nation.unstack("industry").reindex(index=idx.levels[0], columns=inds)
    mcp = np.where(np.nan_to_num(lq.to_numpy()) >= 1.0, 1.0, 0.0)
    out = {}
    # a sector the city already holds (M_cp = 1) is no move: its gain is 0, as the (1 - M_cp)
    # factor of economiccomplexity's complexity_outlook (after the Atlas 2014) sets it; the
    # formula alone ranked held sectors (辽源 × agriculture, LQ 2.4) as moves to make
    cog = (1.0 - mcp) * opportunity_gain_array(mcp, res.proximity, res.pci)
    for name, arr in (("density", density_array(mcp, res.proximity)), ("cog", cog)):
        s = pd.DataFrame(arr, index=lq.index, columns=inds).stack().rename(name).reindex(idx)
        out[name] = s
        out[f"why_{name}"] = np.where(s.notna(), "", "no_national_data")
    return pd.DataFrame(out, index=idx)


def population_trend(region: Region, codes: Sequence[str], level: str | None,
                     end: int = 2020) -> pd.DataFrame:
    """``population_trend`` (annual rate 2010 -> ``end``, % per year, census counts) and its
    ``why_`` per code.

    Raises
    ------
    Nothing of its own (nor does :func:`rebuilt_pair`); a rate that cannot be computed is NaN
    with its reason (``no_value`` when the region has no population at all).

    Examples
    --------
    >>> population_trend(region, ["220100", "220200"], "prefecture").round(3)
            population_trend why_population_trend
    code
    220100             0.337
    220200            -1.952
    """
    if not B.has_indicator(region, "population"):
        return pd.DataFrame({"population_trend": np.nan, "why_population_trend": "no_value"},
                            index=pd.Index(list(codes), name="code"))
    a, b, why = rebuilt_pair(region, "population", codes, level, end)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = 100 * (np.power(b / a, 1 / (end - START_YEAR)) - 1)
    rate = rate.where((why == "") & (a > 0))
    why = why.mask((why == "") & rate.isna(), "no_value")
    return pd.DataFrame({"population_trend": rate, "why_population_trend": why})


def plan_role(region: Region, codes: Sequence[str]) -> pd.DataFrame:
    """``plan_role`` (core 2, member 1, partial 0) and ``role`` per code.

    Raises
    ------
    KeyError
        From pandas when a code is not a unit of ``region``. A unit outside the plan is not an
        error: NaN with the reason ``not_in_plan``.

    Examples
    --------
    >>> plan_role(region, ["220100", "220200"])
              role  plan_role why_plan_role
    code
    220100    core        2.0
    220200  member        1.0
    """
    roles = [str(region.units.at[c, "role"]) for c in codes]
    return pd.DataFrame({"role": roles,
                         "plan_role": [ROLE_SCORE.get(r, math.nan) for r in roles],
                         "why_plan_role": ["" if r in ROLE_SCORE else "not_in_plan"
                                           for r in roles]},
                        index=pd.Index(list(codes), name="code"))


def require_units(region: Region, level: str) -> list[str]:
    """The metropolitan units (core, member, partial) at ``level``.

    Raises
    ------
    MissingDataError
        When the region has none at that level.

    Examples
    --------
    >>> require_units(region, "prefecture")
    ['220100', '220200', '220300', '220400']
    """
    return B.unit_codes(region, level=level, roles=B.METRO_ROLES)


__all__ = ["ROLE_SCORE", "START_YEAR", "SUPPRESSED_FLAGS", "growth", "national_region",
           "plan_role", "population_trend", "rebuilt_pair", "relatedness", "require_units",
           "specialisation"]
