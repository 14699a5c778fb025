"""Population: change and shrinking units, ageing, in-migrant shares, urbanisation and a
constant-rate projection.

All growth is refused (NaN with the reason) across a series break (``stats.break``, e.g. a
boundary change). References: the 2010 and 2020 population censuses (第六次/第七次全国人口普查);
United Nations (1956) *The Aging of Populations and Its Economic and Social Implications* for the
7 % threshold; METHODS.md §14 (shrinking units).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError
from ..messages import Message
from ..settings import get_settings
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = "Population censuses 2010 and 2020 (第六次、第七次全国人口普查); METHODS.md §14"

#: Ageing stages by the share aged 65+ (%): UN 1956 (7 %), and the 14 % / 20 % conventions.
AGEING_STAGES: tuple[tuple[float, str], ...] = (
    (20.0, "super-aged (超老龄化, ≥20%)"), (14.0, "aged (深度老龄化, ≥14%)"),
    (7.0, "ageing (老龄化, ≥7%)"), (0.0, "young (<7%)"))


def _frame(region: Region, codes: list[str]) -> pd.DataFrame:
    out = B.names(region, codes)
    out["parent"] = region.units.loc[codes, "parent"].astype("string").to_numpy()
    return out


def _pair(region: Region, indicator: str, start: int, end: int,
          codes: list[str]) -> tuple[pd.Series, pd.Series, list[str]]:
    if indicator == "population":
        a, ua = B.population(region, start, codes)
        b, ub = B.population(region, end, codes)
        return a, b, sorted(set(ua) | set(ub))
    B.require_indicator(region, indicator)
    return (B.values(region, indicator, start, codes), B.values(region, indicator, end, codes),
            [indicator])


def _notes_column(note: pd.Series, index: pd.Index) -> pd.Series:
    """``note`` (in row order) as an object column on ``index``: pandas would store plain
    ``str`` and drop the catalogue messages, which the report shows in either language."""
    return pd.Series(note.to_numpy(), index=index, dtype="object")


def _reasons(region: Region, used: list[str], start: int, end: int, a: pd.Series,
             b: pd.Series) -> pd.Series:
    """Why a change is NaN: missing value or a series break in (start, end]."""
    out = pd.Series("", index=a.index, dtype="object")
    breaks = B.break_years(region, used)
    for c in a.index:
        r = []
        if pd.isna(a[c]):
            r.append(Message("ind_why_no_value", year=start))
        if pd.isna(b[c]):
            r.append(Message("ind_why_no_value", year=end))
        if B.broken(breaks, str(c), start, end):
            r.append(Message("ind_why_series_break", start=start, end=end))
        # catalogue messages (a str in English), so that the report shows them in Chinese too
        out[c] = ("" if not r else r[0] if len(r) == 1 else
                  Message("ind_why_two", a=r[0], b=r[1]) if len(r) == 2 else
                  Message("ind_why_three", a=r[0], b=r[1], c=r[2]))
    return out


def population_change(
    region: Region,
    *,
    start: int = 2010,
    end: int = 2020,
    level: str = "county",
    shrink_threshold_pct: float | None = None,
    codes: Sequence[str] | None = None,
    consolidate: bool = True,
) -> pd.DataFrame:
    """Population change by unit, and the shrinking units.

    .. math::

        \\Delta P = P_{end} - P_{start},\\quad
        \\%\\Delta = 100\\,\\Delta P / P_{start},\\quad
        r = 100\\left[(P_{end}/P_{start})^{1/(end-start)} - 1\\right]

    Parameters
    ----------
    start, end
        Years (default the censuses 2010 and 2020, dated 1 November).
    level, codes
        The units (default every county-level unit).
    shrink_threshold_pct
        A unit is ``shrinking`` when its change is below this, percent over the whole period
        (default ``Settings.shrink_threshold_pct``, 0: any loss).
    consolidate
        Add a row for every consolidated unit (units whose boundaries moved among themselves,
        from the break records: :mod:`.consolidation`) whose members are all selected, so a
        boundary change yields one comparable union instead of only refused members.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``name_zh``, ``name_en``, ``role``, ``parent``,
        ``population_start``, ``population_end`` (persons), ``change`` (persons),
        ``change_pct``, ``annual_rate_pct``, ``shrinking`` (nullable bool), ``note`` (why a
        value is NaN: a missing value or a series break — growth is never computed across one),
        ``consolidated`` (True on the rows of consolidated units, whose index is the
        ``+``-joined member codes and whose note names the members and the boundary change).

    Raises
    ------
    ParameterError
        When ``end`` is not after ``start`` (also a ``ValueError``).
    MissingDataError
        When there is no population for ``start`` or ``end``, a code is not a unit of the
        region, or no unit is at ``level``.

    References
    ----------
    Population censuses 2010 and 2020.

    Examples
    --------
    >>> pc = population_change(region)
    >>> pc.loc[["220102", "220183"], ["population_start", "population_end", "change_pct"]].round(2)
            population_start  population_end  change_pct
    code
    220102          876959.0        657682.0         NaN
    220183          748369.0        635476.0      -15.09
    """
    if shrink_threshold_pct is None:
        shrink_threshold_pct = get_settings().shrink_threshold_pct
    if end <= start:
        msg = f"end ({end}) must be after start ({start})."
        raise ParameterError(msg)
    cs = B.unit_codes(region, level=level, codes=codes)
    a, b, used = _pair(region, "population", start, end, cs)
    if not used:
        msg = f"No population for {start} or {end} at level {level!r} in region '{region.name}'."
        raise MissingDataError(msg)
    note = _reasons(region, used, start, end, a, b)
    ok = note == ""
    out = _frame(region, cs)
    out["population_start"] = a.to_numpy()
    out["population_end"] = b.to_numpy()
    chg = (b - a).where(ok)
    out["change"] = chg.to_numpy()
    out["change_pct"] = (100 * chg / a).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["annual_rate_pct"] = (100 * (np.power(b / a, 1 / (end - start)) - 1)).where(ok)
    out["shrinking"] = pd.array([None if pd.isna(v) else bool(v < shrink_threshold_pct)
                                 for v in out["change_pct"]], dtype="boolean")
    out["note"] = _notes_column(note, out.index)
    out["consolidated"] = False
    cons_notes: list[Message] = []
    if consolidate:
        out, cons_notes = _add_consolidated(region, out, start, end, level, cs,
                                            shrink_threshold_pct)
    n_shrink = int(out["shrinking"].fillna(False).sum())
    n_known = int(out["shrinking"].notna().sum())
    return B.finish(out, indicator="population_change", region=region, year=[start, end],
                    level=level, measure="population",
                    parameters={"shrink_threshold_pct": shrink_threshold_pct,
                                "stats_indicators": used},
                    sources=B.sources(region, used, [start, end], cs),
                    notes=[Message("ind_shrinking", n_shrink=n_shrink, n_known=n_known,
                                   threshold=shrink_threshold_pct, start=start, end=end,
                                   n_unknown=len(out) - n_known),
                           *cons_notes, *_definition_notes(region, start, end, cs)],
                    reference=REFERENCE)


def _add_consolidated(region: Region, out: pd.DataFrame, start: int, end: int,
                      level: str | None, cs: list[str], threshold: float
                      ) -> tuple[pd.DataFrame, list[Message]]:
    """Rows of the consolidated units (see :mod:`.consolidation`) appended to ``out``."""
    from .consolidation import consolidated_rows

    rows, notes = [], []
    for c, a, b, why in consolidated_rows(region, start, end, level, cs):
        roles = list(dict.fromkeys(str(region.units.at[m, "role"]) for m in c.members))
        ok = not why and a > 0
        chg = b - a if ok else np.nan
        rows.append({
            "code": c.code, "name_zh": c.label(region, "zh"), "name_en": c.label(region, "en"),
            "role": "+".join(roles), "parent": c.parent, "population_start": a,
            "population_end": b, "change": chg, "change_pct": 100 * chg / a if ok else np.nan,
            "annual_rate_pct": 100 * ((b / a) ** (1 / (end - start)) - 1) if ok else np.nan,
            "shrinking": None if not ok else bool(100 * chg / a < threshold),
            "note": (Message("ind_consolidated_row_not_comparable", n=len(c.members),
                             years=[str(y) for y in c.years], why=why) if why else
                     Message("ind_consolidated_row", n=len(c.members),
                             years=[str(y) for y in c.years])),
            "consolidated": True})
        label = {"zh": c.label(region, "zh"), "en": c.label(region, "en")}
        if why:
            notes.append(Message("ind_consolidated_not_comparable", label=label, why=why))
        else:
            notes.append(Message("ind_consolidated_change", label=label, start=start, end=end,
                                 value_start=f"{a:,.0f}", value_end=f"{b:,.0f}"))
    if not rows:
        return out, notes
    extra = pd.DataFrame(rows).set_index("code")
    extra["note"] = _notes_column(pd.Series([r["note"] for r in rows], dtype="object"),
                                  extra.index)
    extra["shrinking"] = pd.array(list(extra["shrinking"]), dtype="boolean")
    both = pd.concat([out, extra[out.columns]])
    both["shrinking"] = both["shrinking"].astype("boolean")
    both["consolidated"] = both["consolidated"].astype(bool)
    return both, notes


def _definition_notes(region: Region, start: int, end: int, codes: list[str]) -> list[str]:
    """A note when the start and end populations come from different definitions (the census
    count on 1 November vs the year-end resident population of the statistical bulletins)."""
    kinds = {}
    for year in (start, end):
        census = B.values(region, "population", year, codes) if B.has_indicator(
            region, "population") else pd.Series(np.nan, index=codes)
        kinds[year] = Message("ind_census_count" if census.notna().any()
                              else "ind_yearend_figure")
    if kinds[start] == kinds[end]:
        return []
    return [Message("ind_definitions_differ", start=start, end=end, kind_start=kinds[start],
                    kind_end=kinds[end])]


def _stage(share: float) -> str:
    if not math.isfinite(share):
        return ""
    return next(label for cut, label in AGEING_STAGES if share >= cut)


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
    MissingDataError
        When a code is not a unit of the region or no unit is at ``level``.
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
    cs = B.unit_codes(region, level=level, codes=codes)
    a, b, used = _pair(region, ind, start, end, cs)
    note = _reasons(region, used, start, end, a, b)
    out = _frame(region, cs)
    out["share_65_plus_start_pct"] = a.to_numpy()
    out["share_65_plus_end_pct"] = b.to_numpy()
    out["change_pp"] = (b - a).where(note == "").to_numpy()
    out["stage_end"] = [_stage(v) for v in b.to_numpy(dtype="float64")]
    out["note"] = _notes_column(note, out.index)
    return B.finish(out, indicator="ageing", region=region, year=[start, end], level=level,
                    measure=ind, sources=B.sources(region, used, [start, end], cs),
                    reference="United Nations 1956; population censuses 2010 and 2020")


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
    notes = [f"incomplete in {year} (NaN shares): {', '.join(miss)}"] if miss else []
    return B.finish(out, indicator="migration_shares", region=region, year=year, level=level,
                    measure="inmigrants", sources=B.sources(region, used, [year], cs),
                    notes=notes, reference="Population census 2020")


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
    MissingDataError
        When a code is not a unit of the region or no unit is at ``level``.
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
    cs = B.unit_codes(region, level=level, codes=codes)
    B.require_indicator(region, "population_urban")
    rates = []
    used = ["population_urban"]
    for y in (start, end):
        p, u = B.population(region, y, cs)
        used += u
        rates.append(100 * B.values(region, "population_urban", y, cs) / p)
    note = _reasons(region, sorted(set(used)), start, end, rates[0], rates[1])
    out = _frame(region, cs)
    out["urbanisation_start_pct"] = rates[0].to_numpy()
    out["urbanisation_end_pct"] = rates[1].to_numpy()
    out["change_pp"] = (rates[1] - rates[0]).where(note == "").to_numpy()
    out["note"] = _notes_column(note, out.index)
    return B.finish(out, indicator="urbanisation", region=region, year=[start, end],
                    level=level, measure="population_urban / population",
                    sources=B.sources(region, sorted(set(used)), [start, end], cs),
                    reference="Population censuses 2010 and 2020")


PROJECTION_CAVEAT = ("constant-rate extrapolation of the base period's annual rate: not a "
                     "forecast; it ignores age structure, migration shifts, boundary changes "
                     "and policy")


def population_projection(
    region: Region,
    *,
    base_start: int = 2010,
    base_end: int = 2020,
    horizon: int = 2035,
    level: str = "county",
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Constant-rate population projection.

    .. math:: P_{h} = P_{end}\\,(1 + r)^{h - end},\\quad r = (P_{end}/P_{start})^{1/(end-start)} - 1

    Parameters
    ----------
    base_start, base_end
        Base period whose annualised rate is held constant (default 2010-2020).
    horizon
        Target year (default 2035, the plan's horizon).

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``population_base_end``, ``annual_rate_pct``,
        ``horizon``, ``population_projected`` (persons), ``caveat``, ``note`` (plus names).
        NaN where the base change is NaN (missing value or series break).

    Raises
    ------
    ValueError
        Propagated from :func:`population_change` when ``base_end`` is not after
        ``base_start``.
    MissingDataError
        Propagated from :func:`population_change` (no population in the base years, unknown
        codes, no unit at ``level``).

    References
    ----------
    Standard geometric extrapolation; the caveat is part of the output.

    Examples
    --------
    >>> p = population_projection(region)
    >>> p.loc[["220183"], ["population_base_end", "annual_rate_pct", "population_projected"]].round(2)
            population_base_end  annual_rate_pct  population_projected
    code
    220183             635476.0            -1.62             497249.32
    """
    ch = population_change(region, start=base_start, end=base_end, level=level, codes=codes)
    out = ch[["name_zh", "name_en", "role", "parent"]].copy()
    out["population_base_end"] = ch["population_end"]
    out["annual_rate_pct"] = ch["annual_rate_pct"]
    out["horizon"] = horizon
    out["population_projected"] = (ch["population_end"]
                                   * np.power(1 + ch["annual_rate_pct"] / 100,
                                              horizon - base_end))
    out["caveat"] = PROJECTION_CAVEAT
    out["note"] = ch["note"]
    meta = ch.attrs["metroscope"]
    return B.finish(out, indicator="population_projection", region=region,
                    year=[base_start, base_end, horizon], level=level, measure="population",
                    parameters={"base": [base_start, base_end], "horizon": horizon},
                    sources=meta.get("sources"), notes=[PROJECTION_CAVEAT], reference=REFERENCE)
