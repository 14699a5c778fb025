"""City primacy (首位度): the core's share of its parent, the city indices and the rank-size fit
of each year (the rank-size rule itself is in :mod:`.rank_size`, the share's denominator in
:mod:`._parent_total`; their names are re-exported here).

References: Jefferson (1939) "The law of the primate city", *Geographical Review* 29(2):226-232;
许学强, 周一星, 宁越敏《城市地理学》; Zipf (1949); Gabaix & Ibragimov (2011) "Rank - 1/2",
*J. Business & Economic Statistics* 29(1):24-39. Conventions: METHODS.md §2-§3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._errors import MissingDataError, ParameterError
from ..messages import Message, column_label
from . import _base as B
from ._parent_total import (
    BASIS_OFFICIAL,
    BASIS_UNITS_SUM,
    BASIS_USER,
    USER_TOTAL_NOTE,
    default_scope,
    official_total,
    parse_totals,
    pct,
    units_sum,
    with_parent_total,
)
from .rank_size import (
    ZIPF_ELEVEN_CITY,
    ZIPF_FOUR_CITY,
    ZIPF_TWO_CITY,
    fit_rank_size,
    rank_indices,
    rank_size,
)

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = ("Jefferson 1939, Geographical Review 29(2):226-232; 许学强, 周一星, 宁越敏《城市地理学》; "
             "Zipf 1949; Gabaix & Ibragimov 2011, JBES 29(1):24-39")

def series_basis(region: Region, measure: str, codes: list[str], parent: str | None,
                 totals: Mapping[int, float]) -> str | None:
    """The basis (``official_total`` or ``user_total``) of ``share_of_parent_pct`` in *every*
    year when the parent has its own total (reported, or user-supplied through ``totals``) in
    any year in which the units have ``measure``; None when it has none (the share is then
    on the sum of the units in every year). One rule for :func:`primacy_table` and
    :func:`primacy_trend`, so that both give the same value for the same year.

    Parameters
    ----------
    region
        The Region.
    measure
        ``gdp`` (亿元), ``population`` (persons) or any stats indicator.
    codes
        The ranked units (their years with the measure are the years looked at).
    parent
        Code of the parent unit (None: no parent, hence no own total).
    totals
        User-supplied totals of the parent, ``{year: total}`` (same unit as the measure).

    Returns
    -------
    str or None
        ``official_total`` or ``user_total`` (the basis of the first year with a total), or
        None.

    Raises
    ------
    Nothing; a measure the region lacks gives None.

    Examples
    --------
    >>> from metroscope.indicators import _base
    >>> units = _base.unit_codes(region, level="prefecture", parent="220000")
    >>> series_basis(region, "gdp", units, "220000", {})
    'official_total'
    >>> series_basis(region, "gdp", units, None, {}) is None
    True
    """
    for y in B.measure_years(region, measure, codes):
        value, basis, _ = official_total(region, measure, y, parent, totals.get(y))
        if math.isfinite(value):
            return basis
    return None


def _plain_number(x: float) -> str:
    """12,345.67 (grouped, at most two decimals, no trailing zeros)."""
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _below_core(region: Region, measure: str, year: int, total: float, leader: str,
                value: float) -> ParameterError:
    """The error for a parent total below the core's own value (a share above 100 %)."""
    from ..messages import CATALOGUE

    st = region.stats
    units = st.loc[st["indicator"].eq(measure), "unit"].dropna().astype(str).unique().tolist()
    unit: Any = units[0] if units else ""
    if f"areas_unit_{unit}" in CATALOGUE:
        unit = Message(f"areas_unit_{unit}")
    return ParameterError(Message("err_parent_total_below_core", total=_plain_number(total),
                                  value=_plain_number(value), code=leader, year=year,
                                  measure=measure, unit=unit))


def _one_year(region: Region, measure: str, year: int, codes: list[str],
              parent: str | None, core: str | None,
              user_total: float | None = None, *, official_series: bool) -> dict[str, Any]:
    v, used = B.measure_values(region, measure, year, codes)
    missing = [c for c, x in v.items() if pd.isna(x)]
    res: dict[str, Any] = {"used": used, "missing": missing}
    leader = core if core in v.index else (str(v.idxmax()) if v.notna().any() else None)
    res["leader"] = leader
    res["leader_is_core"] = leader is not None and leader == core
    lv = float(v[leader]) if leader is not None else math.nan
    if user_total is not None and math.isfinite(lv) and user_total < lv:
        raise _below_core(region, measure, year, user_total, str(leader), lv)
    official, obasis, olabel = official_total(region, measure, year, parent, user_total)
    units_total, ulabel = units_sum(parent, v)
    res["official_total"], res["official_basis"], res["official_label"] = (
        official, obasis, olabel)
    res["units_sum"], res["units_sum_label"] = units_total, ulabel
    res["share_official_pct"] = pct(lv, official)
    res["share_units_sum_pct"] = pct(lv, units_total)
    if official_series:  # the parent's own total; NaN in a year without it (no switch)
        res["share_of_parent_pct"], res["parent_basis"] = res["share_official_pct"], olabel
        res["denominator"] = obasis
    else:
        res["share_of_parent_pct"], res["parent_basis"] = res["share_units_sum_pct"], ulabel
        res["denominator"] = BASIS_UNITS_SUM
    if missing:
        reason = Message("ind_primacy_incomplete", measure=measure, year=year,
                         codes=", ".join(missing))
        res.update({k: math.nan for k in ("two_city_index", "four_city_index",
                                          "eleven_city_index", "q", "q_se", "r2", "zeta_gi",
                                          "zeta_gi_se")})
        res["n"] = int(v.notna().sum())
        res["rank1"] = None
        res["reasons"] = dict.fromkeys(("two_city_index", "four_city_index",
                                        "eleven_city_index", "rank_size"), reason)
    else:
        res.update(rank_indices(v))
    return res


def _joined(reasons: list[str]) -> str:
    """The reasons as one note ("a; b; c"), catalogue messages kept (so a Chinese output reads
    them in Chinese)."""
    if not reasons:
        return ""
    out = reasons[0]
    for r in reasons[1:]:
        out = Message("ind_why_two", a=out, b=r)
    return out


def primacy_table(
    region: Region,
    *,
    measure: str = "gdp",
    year: int | None = None,
    level: str = "prefecture",
    parent: str | None = None,
    parent_total: float | Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """Primacy of the core (首位度): share of the parent, two-, four- and eleven-city indices and
    the rank-size exponent, for one measure and year.

    .. math::

        \\text{share} = 100\\,M_c / M_{parent},\\quad S_2 = M_1/M_2,\\quad
        S_4 = M_1/(M_2+M_3+M_4),\\quad S_{11} = 2M_1/(M_2+\\dots+M_{11})

    and the rank-size OLS :math:`\\ln M_r = a - q \\ln r` (y = log size, x = log rank; the
    reverse, Pareto, regression is reported separately as Gabaix-Ibragimov's ζ, ≈ 1/q).

    Parameters
    ----------
    region
        The Region.
    measure
        ``gdp`` (亿元), ``population`` (persons: census count, else year-end) or any stats
        indicator.
    year
        Calendar year; default the latest year in which every unit has the measure.
    level
        Level of the ranked units (``prefecture`` or ``county``).
    parent
        Code of the unit whose children are ranked and whose figure is the share's
        denominator; default the core's province (all units at ``level`` if none).
    parent_total
        The parent's total for ``year`` (same unit as the measure) when the data lack it or
        you trust another figure; a ``{year: total}`` mapping also works. Labelled
        "user-supplied" wherever it is used (see also :func:`with_parent_total`).

    Returns
    -------
    pandas.DataFrame
        Index ``metric`` (share_of_parent_pct, share_of_official_total_pct,
        share_of_units_sum_pct, two_city_index, four_city_index,
        eleven_city_index, rank_size_q, rank_size_r2, gabaix_ibragimov_zeta); columns
        ``value``, ``zipf_value`` (the value under an exact rank-size rule, q = 1),
        ``n_units``, ``leader`` (the unit the row describes: the core for the shares, the
        unit in first place for the indices; the largest unit stands in for a core that is
        not among the units, e.g. at ``level='county'``), ``leader_is_core`` (False when
        that unit is not the core: the note then says so, and a provenance note when the
        core is not a unit at ``level``), ``note`` (the denominator used, or why a value is
        NaN). ``share_of_parent_pct``
        follows one rule with :func:`primacy_trend` (:func:`series_basis`): it divides by
        the parent's own total (reported or user-supplied) whenever the parent has one in
        any year of the measure, and is then NaN, with the reason, in a year without it;
        only a parent without a total in any year is divided by the sum of its units. The
        basis is named in the note and in the provenance (``parent_basis``,
        ``denominator``); the two rows after it give the share on each denominator
        separately (NaN with the reason when that denominator is missing). The
        eleven-city index is refused (NaN) with fewer than 11 units. When a unit lacks the
        measure the rank-based values are NaN with the reason.

    Raises
    ------
    MissingDataError
        When no unit has the measure.

    References
    ----------
    Jefferson 1939; 许学强 et al.《城市地理学》; Zipf 1949; Gabaix & Ibragimov 2011.

    Examples
    --------
    >>> p = primacy_table(region)
    >>> p.loc[["share_of_units_sum_pct", "two_city_index"], ["value", "n_units"]].round(3)
                             value  n_units
    metric
    share_of_units_sum_pct  53.927        9
    two_city_index           4.673        9
    >>> bool(pd.isna(p.loc["share_of_parent_pct", "value"]))  # 2024: no provincial total
    True
    """
    parent, core = default_scope(region, parent)
    codes = B.unit_codes(region, level=level, parent=parent)
    notes: list[str] = []
    y = B.pick_year(region, measure, codes, year, notes)
    totals = parse_totals(parent_total, y)
    series = series_basis(region, measure, codes, parent, totals)
    r = _one_year(region, measure, y, codes, parent, core, totals.get(y),
                  official_series=series is not None)
    reasons: dict[str, str] = r["reasons"]
    leader_note = "" if r["leader_is_core"] else Message("ind_primacy_core_absent")
    share_note = Message("ind_primacy_denominator", lead=leader_note, basis=r["parent_basis"])
    if series is not None and not math.isfinite(r["official_total"]):
        share_note = Message("ind_primacy_share_gap", lead=leader_note, parent=parent, year=y,
                             basis=Message(f"ind_basis_{series}"))
        notes.append(share_note)
    rank1 = r["rank1"]

    def ranked(note: str) -> str:  # an index of the largest unit that is not the core says so
        if core is None or rank1 is None or rank1 == core:
            return note
        return Message("ind_primacy_rank1_not_core", note=note, code=rank1)

    if core is not None and core not in codes and r["leader"] is not None:
        lv = Message(f"level_{level}") if level in ("prefecture", "county") else level
        notes.append(Message("ind_primacy_core_not_unit", core=core, level=lv,
                             leader=r["leader"]))
    rows = [
        ("share_of_parent_pct", r["share_of_parent_pct"], math.nan, len(codes), r["leader"],
         share_note),
        ("share_of_official_total_pct", r["share_official_pct"], math.nan, len(codes),
         r["leader"], Message("ind_primacy_denominator", lead="", basis=r["official_label"])),
        ("share_of_units_sum_pct", r["share_units_sum_pct"], math.nan, len(codes),
         r["leader"], Message("ind_primacy_denominator", lead="", basis=r["units_sum_label"])),
        ("two_city_index", r["two_city_index"], ZIPF_TWO_CITY, r["n"], rank1,
         ranked(reasons.get("two_city_index", "M1/M2"))),
        ("four_city_index", r["four_city_index"], ZIPF_FOUR_CITY, r["n"], rank1,
         ranked(reasons.get("four_city_index", "M1/(M2+M3+M4)"))),
        ("eleven_city_index", r["eleven_city_index"], ZIPF_ELEVEN_CITY, r["n"], rank1,
         ranked(reasons.get("eleven_city_index", "2*M1/(M2+...+M11)"))),
        ("rank_size_q", r["q"], 1.0, r["n"], rank1,
         ranked(reasons.get("rank_size", f"OLS ln M_r = a - q ln r; se {r['q_se']:.3g}"))),
        ("rank_size_r2", r["r2"], math.nan, r["n"], rank1,
         ranked(reasons.get("rank_size", Message("ind_primacy_r2")))),
        ("gabaix_ibragimov_zeta", r["zeta_gi"], 1.0, r["n"], rank1,
         ranked(reasons.get("rank_size",
                            f"OLS ln(r-1/2) = A - zeta ln M; se {r['zeta_gi_se']:.3g}"))),
    ]
    df = pd.DataFrame(rows, columns=["metric", "value", "zipf_value", "n_units", "leader", "note"])
    df = df.set_index("metric")
    # whether the unit a row describes is the core (False: the largest unit stands in, or
    # ranks first ahead of the core); a bool column, not a label to read into the leader
    df.insert(4, "leader_is_core", [core is not None and row[4] == core for row in rows])
    # object dtype: a string column would keep only the English text of the messages
    df["note"] = pd.Series([row[5] for row in rows], index=df.index, dtype="object")
    if r["missing"]:
        named = {"zh": column_label(measure, "zh"), "en": measure}  # the field name in English
        notes.append(Message("ind_no_measure_for", measure=named, year=y,
                             codes=list(r["missing"])))
    return B.finish(
        df, indicator="primacy", region=region, year=y, level=level, measure=measure,
        parameters={"parent": parent, "core": core, "parent_basis": r["parent_basis"],
                    "denominator": r["denominator"],
                    "parent_total": totals.get(y), "units_sum": r["units_sum"],
                    "official_total": r["official_total"],
                    "stats_indicators": r["used"]},
        sources=B.sources(region, B.measure_indicators(measure), [y],
                          [*codes, *([parent] if parent else [])]),
        notes=notes, reference=REFERENCE)


def primacy_trend(
    region: Region,
    *,
    measure: str = "gdp",
    level: str = "prefecture",
    parent: str | None = None,
    parent_total: Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """Primacy over every year in which the measure is present (see :func:`primacy_table`).

    A share series never mixes denominators: ``share_official_pct`` divides by the parent's
    own total (reported, or user-supplied through ``parent_total`` = ``{year: total}`` or
    :func:`with_parent_total`) and is NaN, flagged ``official_total_missing``, where that
    total is missing; ``share_units_sum_pct`` divides by the sum of the ranked units in every
    complete year. ``share_of_parent_pct`` is one of the two for *all* years (the official
    series when the parent has a total in any year, else the units' sum:
    :func:`series_basis`, the rule :func:`primacy_table` follows too, so both give the same
    value for the same year), named in ``parent_basis`` and the provenance parameter
    ``denominator``.

    .. math:: \\text{share}_t = 100\\,M_{c,t}/M_{parent,t},\\quad S_{2,t} = M_{1,t}/M_{2,t},
              \\ \\dots

    Returns
    -------
    pandas.DataFrame
        Index ``year``; columns ``leader`` (the core, or the largest unit standing in for a
        core that is not among the units, as in :func:`primacy_table`), ``leader_is_core``
        (False when that unit is not the core), ``share_of_parent_pct``, ``parent_basis``,
        ``share_official_pct``, ``share_units_sum_pct``, ``official_total_missing``,
        ``two_city_index``, ``four_city_index``, ``eleven_city_index``, ``rank_size_q``,
        ``rank_size_r2``, ``n_units``, ``complete`` (every unit has the measure),
        ``series_break`` (a unit's series is flagged as not comparable with earlier years),
        ``note``. Indices are NaN in incomplete years.

    Raises
    ------
    MissingDataError
        When the measure has no value for the units, ``parent`` is not a unit, or no unit is
        at ``level`` under it.
    UnknownIndicatorError
        When ``measure`` is not a stats indicator of the region.

    References
    ----------
    Jefferson 1939; 许学强 et al.《城市地理学》.

    Examples
    --------
    >>> t = primacy_trend(region)
    >>> t.loc[[2010, 2020], ["share_units_sum_pct", "two_city_index"]].round(3)
          share_units_sum_pct  two_city_index
    year
    2010                  NaN             NaN
    2020               53.849           4.543
    """
    parent, core = default_scope(region, parent)
    codes = B.unit_codes(region, level=level, parent=parent)
    years = B.measure_years(region, measure, codes)
    if not years:
        msg = Message("err_no_values_for_units", measure=repr(measure), region=region.name)
        raise MissingDataError(msg)
    inds = B.measure_indicators(measure)
    brk = B.break_years(region, inds)
    break_years = {y for c in [*codes, parent] if c for y in brk.get(c, [])}
    totals = parse_totals(parent_total, None)
    series = series_basis(region, measure, codes, parent, totals)
    official = series is not None
    res = {y: _one_year(region, measure, y, codes, parent, core, totals.get(y),
                        official_series=official) for y in years}
    basis = series if series is not None else BASIS_UNITS_SUM
    rows = []
    for y, r in res.items():
        rows.append({
            "year": y, "leader": r["leader"], "leader_is_core": r["leader_is_core"],
            "share_of_parent_pct": r["share_of_parent_pct"],
            "parent_basis": r["parent_basis"],
            "share_official_pct": r["share_official_pct"],
            "share_units_sum_pct": r["share_units_sum_pct"],
            "official_total_missing": not math.isfinite(r["official_total"]),
            "two_city_index": r["two_city_index"],
            "four_city_index": r["four_city_index"],
            "eleven_city_index": r["eleven_city_index"], "rank_size_q": r["q"],
            "rank_size_r2": r["r2"], "n_units": r["n"], "complete": not r["missing"],
            "series_break": y in break_years,
            "note": _joined(list(dict.fromkeys(r["reasons"].values()))),
        })
    df = pd.DataFrame(rows).set_index("year")
    for col in ("parent_basis", "note"):  # keep the messages (see primacy)
        df[col] = pd.Series([row[col] for row in rows], index=df.index, dtype="object")
    notes: list[str] = [Message("ind_trend_breaks")]
    # as in primacy_table: the core is no unit at this level, so the largest one stands in
    stand_ins = list(dict.fromkeys(str(r["leader"]) for r in res.values()
                                   if r["leader"] is not None))
    if core is not None and core not in codes and stand_ins:
        lv = Message(f"level_{level}") if level in ("prefecture", "county") else level
        notes.append(Message("ind_primacy_core_not_unit", core=core, level=lv,
                             leader=stand_ins))
    gaps = [int(y) for y in df.index[df["official_total_missing"]]]
    if official and gaps:
        notes.append(Message("ind_share_total_gaps", basis=Message(f"ind_basis_{basis}"),
                             parent=parent, years=gaps))
    return B.finish(
        df, indicator="primacy_trend", region=region, year=years, level=level, measure=measure,
        parameters={"parent": parent, "core": core, "denominator": basis,
                    "parent_total": totals or None},
        sources=B.sources(region, inds, years, [*codes, *([parent] if parent else [])]),
        notes=notes, units={"rank_size_q": "exponent", "rank_size_r2": "ratio"},
        reference=REFERENCE)


def headline_share_year(trend: pd.DataFrame) -> int | None:
    """The year of the headline "core's share of the parent" (the report's summary card and
    the dashboard's card, one rule for both): the latest year of ``share_of_parent_pct`` of
    :func:`primacy_trend`, i.e. the latest year with the parent's own (official or
    user-supplied) total when the parent has one in any year, else the latest complete year of
    the units' sum (named in ``parent_basis``). A later year whose only denominator is the
    units' sum is never the headline when an official series exists.

    Returns
    -------
    int or None
        The calendar year; None when the series has no value.

    Raises
    ------
    Nothing; a trend without the column gives None.

    Examples
    --------
    >>> t = primacy_trend(region)
    >>> headline_share_year(t), round(float(t.loc[2023, "share_of_parent_pct"]), 2)
    (2023, 51.75)
    >>> bool(t.loc[2024, "official_total_missing"])  # 2024: only the units' sum
    True
    """
    if "share_of_parent_pct" not in trend.columns:
        return None
    s = trend["share_of_parent_pct"].dropna()
    return int(s.index[-1]) if len(s) else None


__all__ = [
    "BASIS_OFFICIAL",
    "BASIS_UNITS_SUM",
    "BASIS_USER",
    "REFERENCE",
    "USER_TOTAL_NOTE",
    "ZIPF_ELEVEN_CITY",
    "ZIPF_FOUR_CITY",
    "ZIPF_TWO_CITY",
    "fit_rank_size",
    "headline_share_year",
    "primacy_table",
    "primacy_trend",
    "rank_indices",
    "rank_size",
    "series_basis",
    "with_parent_total",
]
