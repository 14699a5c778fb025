"""Population structure: ageing (the share aged 65+), in-migrant shares by origin and the
urbanisation rate, each with its change between two census years.

Split from :mod:`.population` (change, shrinking units and the projection), whose census
helpers it shares; :mod:`.population` re-exports these names. References: the 2010 and 2020
population censuses (第六次/第七次全国人口普查); United Nations (1956) *The Aging of Populations
and Its Economic and Social Implications* for the 7 % threshold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .._errors import MissingDataError
from ..messages import Message
from . import _base as B
from .population import _frame, _notes_column, _pair, _reasons, check_period

if TYPE_CHECKING:
    from ..region import Region

#: Ageing stages by the share aged 65+ (%): UN 1956 (7 %), and the 14 % / 20 % conventions;
#: each a catalogue key (:mod:`metroscope.messages`), so a Chinese output reads 深度老龄化(≥14%).
AGEING_STAGES: tuple[tuple[float, str], ...] = (
    (20.0, "ind_ageing_stage_super"), (14.0, "ind_ageing_stage_aged"),
    (7.0, "ind_ageing_stage_ageing"), (0.0, "ind_ageing_stage_young"))


def _stage(share: float) -> str:
    if not math.isfinite(share):
        return ""
    return Message(next(key for cut, key in AGEING_STAGES if share >= cut))


def _census_years_present(region: Region, indicator: str, codes: list[str],
                          years: dict[int, pd.Series]) -> None:
    """Raise when a requested year has no value of ``indicator`` in any unit, naming the
    years that have one (census indicators exist only in census years)."""
    for y, v in years.items():
        if v.isna().all():
            have = B.years_with(region, indicator, codes)
            raise MissingDataError(Message("err_no_census_year", measure=indicator, year=y,
                                           years=[str(h) for h in have] or ["—"]))


def ageing(
    region: Region,
    *,
    start: int = 2010,
    end: int = 2020,
    level: str = "county",
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Share of the population aged 65 and over, and its change.

    .. math:: \\Delta = s^{65+}_{end} - s^{65+}_{start} \\ \\text{(percentage points)}

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``name_zh``, ``name_en``, ``role``, ``parent``,
        ``share_65_plus_start_pct``, ``share_65_plus_end_pct``, ``change_pp``, ``stage_end``
        (young < 7 % ≤ ageing < 14 % ≤ aged < 20 % ≤ super-aged), ``note``.

    Raises
    ------
    ParameterError
        When ``end`` is not after ``start``.
    MissingDataError
        When a code is not a unit of the region, no unit is at ``level``, or ``start`` or
        ``end`` is a year without census values (the message names the years that have them).
    UnknownIndicatorError
        When the region has no ``share_age_65_plus_pct`` indicator.

    References
    ----------
    United Nations 1956, *The Aging of Populations and Its Economic and Social Implications*.

    Examples
    --------
    >>> a = ageing(region)
    >>> a.loc[["220183"], ["share_65_plus_start_pct", "share_65_plus_end_pct", "stage_end"]].round(2)
            share_65_plus_start_pct  share_65_plus_end_pct           stage_end
    code
    220183                     7.76                  16.15  aged (深度老龄化, ≥14%)
    """
    ind = "share_age_65_plus_pct"
    check_period(start, end)
    cs = B.unit_codes(region, level=level, codes=codes)
    a, b, used = _pair(region, ind, start, end, cs)
    _census_years_present(region, ind, cs, {start: a, end: b})
    note = _reasons(region, used, start, end, a, b)
    out = _frame(region, cs)
    out["share_65_plus_start_pct"] = a.to_numpy()
    out["share_65_plus_end_pct"] = b.to_numpy()
    out["change_pp"] = (b - a).where(note == "").to_numpy()
    out["stage_end"] = pd.Series([_stage(v) for v in b.to_numpy(dtype="float64")],
                                 index=out.index, dtype="object")  # keeps the messages
    out["note"] = _notes_column(note, out.index)
    return B.finish(out, indicator="ageing", region=region, year=[start, end], level=level,
                    measure=ind, sources=B.sources(region, used, [start, end], cs),
                    reference=Message("ind_ref_ageing"))


def migration_shares(
    region: Region,
    *,
    year: int = 2020,
    level: str = "county",
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """In-migrant shares of the resident population by origin (census).

    .. math:: s_{o} = 100\\, I_{o} / P \\quad o \\in \\{\\text{same county, rest of province,
              other provinces}\\}

    "Same county" counts residents registered (hukou) in another township of the same county
    (人户分离), not migrants across a unit boundary; ``migrant_share_pct`` adds the two
    outside origins only.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``population`` (persons), ``inmigrants_same_county``,
        ``inmigrants_other_county``, ``inmigrants_other_province`` (persons),
        ``share_same_county_pct``, ``share_other_county_pct``, ``share_other_province_pct``,
        ``migrant_share_pct`` (from outside the county), ``other_province_of_migrants_pct``.

    Raises
    ------
    MissingDataError
        When a code is not a unit of the region or no unit is at ``level``.
    UnknownIndicatorError
        When the region lacks one of the ``inmigrants_*`` census indicators.

    References
    ----------
    Population census 2020 (and 2010) long and short forms.

    Examples
    --------
    >>> m = migration_shares(region)
    >>> m.loc[["220102", "220183"], ["migrant_share_pct", "share_other_province_pct"]].round(2)
            migrant_share_pct  share_other_province_pct
    code
    220102              51.15                     10.82
    220183               8.88                      1.18
    """
    cs = B.unit_codes(region, level=level, codes=codes)
    pop, used = B.population(region, year, cs)
    out = _frame(region, cs)
    out["population"] = pop.to_numpy()
    keys = ("same_county", "other_county", "other_province")
    for k in keys:
        ind = f"inmigrants_{k}"
        B.require_indicator(region, ind)
        out[ind] = B.values(region, ind, year, cs).to_numpy()
        used.append(ind)
    for k in keys:
        out[f"share_{k}_pct"] = 100 * out[f"inmigrants_{k}"] / out["population"]
    outside = out["inmigrants_other_county"] + out["inmigrants_other_province"]
    out["migrant_share_pct"] = 100 * outside / out["population"]
    out["other_province_of_migrants_pct"] = 100 * out["inmigrants_other_province"] / outside
    miss = [c for c in cs if out.loc[c, ["population", *(f"inmigrants_{k}" for k in keys)]]
            .isna().any()]
    notes: list[str] = [Message("ind_migration_incomplete", year=year, codes=", ".join(miss))] if miss else []
    above = [c for c in cs if region.units.at[c, "level"] != "county"]
    if above:
        # the census counts a migrant relative to the county-level unit of residence: summed
        # to a prefecture, "another county of the province" includes the prefecture's own
        # other counties and districts (人户分离 inside one city), not only other prefectures
        notes.append(Message("ind_migration_county_relative"))
    return B.finish(out, indicator="migration_shares", region=region, year=year, level=level,
                    measure="inmigrants", sources=B.sources(region, used, [year], cs),
                    notes=notes, reference=Message("ind_ref_census_2020"))


def urbanisation(
    region: Region,
    *,
    start: int = 2010,
    end: int = 2020,
    level: str = "county",
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Urbanisation rate (城镇化率) and its change.

    .. math:: u = 100\\, P_{urban} / P,\\qquad \\Delta u = u_{end} - u_{start}\\ (pp)

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``urbanisation_start_pct``, ``urbanisation_end_pct``,
        ``change_pp``, ``note`` (plus names).

    Raises
    ------
    ParameterError
        When ``end`` is not after ``start``.
    MissingDataError
        When a code is not a unit of the region, no unit is at ``level``, or ``start`` or
        ``end`` is a year without census values (the message names the years that have them).
    UnknownIndicatorError
        When the region has no ``population_urban`` indicator.

    References
    ----------
    Population censuses 2010 and 2020 (城镇人口: 国家统计局《统计上划分城乡的规定》).

    Examples
    --------
    >>> u = urbanisation(region)
    >>> u.loc[["220183"], ["urbanisation_start_pct", "urbanisation_end_pct", "change_pp"]].round(2)
            urbanisation_start_pct  urbanisation_end_pct  change_pp
    code
    220183                   25.12                 31.94       6.83
    """
    check_period(start, end)
    cs = B.unit_codes(region, level=level, codes=codes)
    B.require_indicator(region, "population_urban")
    rates = []
    used = ["population_urban"]
    for y in (start, end):
        p, u = B.population(region, y, cs)
        used += u
        rates.append(100 * B.values(region, "population_urban", y, cs) / p)
    _census_years_present(region, "population_urban", cs, {start: rates[0], end: rates[1]})
    note = _reasons(region, sorted(set(used)), start, end, rates[0], rates[1])
    out = _frame(region, cs)
    out["urbanisation_start_pct"] = rates[0].to_numpy()
    out["urbanisation_end_pct"] = rates[1].to_numpy()
    out["change_pp"] = (rates[1] - rates[0]).where(note == "").to_numpy()
    out["note"] = _notes_column(note, out.index)
    return B.finish(out, indicator="urbanisation", region=region, year=[start, end],
                    level=level, measure="population_urban / population",
                    sources=B.sources(region, sorted(set(used)), [start, end], cs),
                    reference=Message("ind_ref_censuses"))
