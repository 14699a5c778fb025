"""Population: change and shrinking units, ageing, in-migrant shares, urbanisation and a
constant-rate projection.

All growth is refused (NaN with the reason) across a series break (``stats.break``, e.g. a
boundary change). References: the 2010 and 2020 population censuses (第六次/第七次全国人口普查);
United Nations (1956) *The Aging of Populations and Its Economic and Social Implications* for the
7 % threshold; METHODS.md §14 (shrinking units).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError
from .._schema import YEAR_MAX
from ..messages import Message
from ..settings import get_settings
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = "Population censuses 2010 and 2020 (第六次、第七次全国人口普查); METHODS.md §14"


def _frame(region: Region, codes: list[str]) -> pd.DataFrame:
    out = B.names(region, codes)
    out["parent"] = region.units.loc[codes, "parent"].astype("string").to_numpy()
    return out


def check_period(start: int, end: int) -> None:
    """Refuse a period that does not run forward: a change from ``start`` to ``end`` needs
    ``end > start`` (a reversed period would also escape the series-break check, which looks
    at the years in ``(start, end]``).

    Raises
    ------
    ParameterError
        When ``end <= start``.

    Examples
    --------
    >>> check_period(2010, 2020)
    >>> check_period(2020, 2010)
    Traceback (most recent call last):
    ...
    metroscope._errors.ParameterError: end (2010) must be after start (2020).
    """
    if end <= start:
        raise ParameterError(Message("err_period_reversed", start=start, end=end))


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
    check_period(start, end)
    cs = B.unit_codes(region, level=level, codes=codes)
    a, b, used = _pair(region, "population", start, end, cs)
    if not used:
        msg = Message("err_no_population_pair", start=start, end=end, level=repr(level),
                      region=region.name)
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


#: The caveat every projection carries (a catalogue message: English as a ``str``, Chinese
#: with ``--lang zh``), in its ``caveat`` column and its notes.
PROJECTION_CAVEAT = Message("ind_projection_caveat")


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
        Target year (default 2035, the plan's horizon): after ``base_end`` (a year before it
        would be a back-calculation, not a projection) and not after 2100.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``population_base_end``, ``annual_rate_pct``,
        ``horizon``, ``population_projected`` (persons), ``caveat``, ``note`` (plus names).
        NaN where the base change is NaN (missing value or series break).

    Raises
    ------
    ParameterError
        When ``horizon`` is not after ``base_end`` or is after 2100 (also a ``ValueError``);
        propagated from :func:`population_change` when ``base_end`` is not after
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
    >>> population_projection(region, horizon=2000)
    Traceback (most recent call last):
    ...
    metroscope._errors.ParameterError: The projection's horizon (2000) must be after the base period's end (2020) and not after 2100: a constant-rate projection runs forward from the last census.
    """
    if not base_end < horizon <= YEAR_MAX:
        raise ParameterError(Message("err_projection_horizon", horizon=horizon,
                                     base_end=base_end, last=YEAR_MAX))
    ch = population_change(region, start=base_start, end=base_end, level=level, codes=codes)
    out = ch[["name_zh", "name_en", "role", "parent"]].copy()
    out["population_base_end"] = ch["population_end"]
    out["annual_rate_pct"] = ch["annual_rate_pct"]
    out["horizon"] = horizon
    out["population_projected"] = (ch["population_end"]
                                   * np.power(1 + ch["annual_rate_pct"] / 100,
                                              horizon - base_end))
    out["caveat"] = pd.Series([PROJECTION_CAVEAT] * len(out), index=out.index, dtype="object")
    out["note"] = ch["note"]
    meta = ch.attrs["metroscope"]
    return B.finish(out, indicator="population_projection", region=region,
                    year=[base_start, base_end, horizon], level=level, measure="population",
                    parameters={"base": [base_start, base_end], "horizon": horizon},
                    sources=meta.get("sources"), notes=[PROJECTION_CAVEAT], reference=REFERENCE,
                    units={"horizon": "year"})
