"""σ- and β-convergence of a per-unit level (e.g. GDP per person) over the years present.

References: Barro & Sala-i-Martin (1992) "Convergence", *JPE* 100(2):223-251; Sala-i-Martin
(1996) *Economic Journal* 106:1019-1036; METHODS.md §10. Growth is never computed across a series
break (``stats.break``): such units are left out of β and named in the notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError
from ..messages import Message
from . import _base as B
from ._inequality import _norm_weight
from ._same_boundary import same_boundary_weight
from .inequality import dispersion, gini_value
from .theil import theil_t

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = "Barro & Sala-i-Martin 1992, JPE 100(2):223-251; METHODS.md §10"


def _panel(region: Region, measure: str, weight: str | None, years: Sequence[int] | None,
           level: str | None, codes: Sequence[str] | None,
           parent: str | None
           ) -> tuple[pd.DataFrame, pd.DataFrame | None, list[str], list[str], list[Any]]:
    """Wide code x year tables of Y and P over the chosen years (NaN where missing), the
    indicators used, the codes and the notes (P paired with Y on the same boundary, see
    :func:`._same_boundary.same_boundary_weight`)."""
    weight = _norm_weight(weight)
    if weight is not None and weight == measure:
        # measure / weight = 1 in every unit: the analyses then reported "all units have the
        # same level", which read as a finding about the data
        msg = Message("err_measure_per_itself", measure=repr(measure), weight=repr(weight))
        raise ParameterError(msg)
    cs = B.unit_codes(region, level=level, codes=codes, parent=parent)
    ys = B.measure_years(region, measure, cs)
    if weight is not None:
        ys = sorted(set(ys) & set(B.measure_years(region, weight, cs)))
    if years is not None:
        # sorted and distinct: the trend and the break flags read the years in order
        ys = sorted({int(y) for y in years} & set(ys))
    if not ys:
        msg = (Message("err_no_year_has_both", measure=repr(measure), weight=repr(weight),
                       region=region.name) if weight else
               Message("err_no_year_has", measure=repr(measure), region=region.name))
        raise MissingDataError(msg)
    used: list[str] = []
    yv: dict[int, pd.Series] = {}
    pv: dict[int, pd.Series] = {}
    notes: list[Any] = []
    for y in ys:
        yv[y], u = B.measure_values(region, measure, y, cs)
        used += u
        if weight is not None:
            p, u = B.measure_values(region, weight, y, cs)
            used += u
            p2, more, u = same_boundary_weight(region, measure, weight, y, yv[y], p)
            pv[y] = p if p2 is None else p2
            used += u
            notes += more
    ydf = pd.DataFrame(yv)
    pdf = pd.DataFrame(pv) if weight is not None else None
    return ydf, pdf, sorted(set(used)), cs, notes


def _span_indicators(region: Region, measure: str, weight: str | None, years: Sequence[int],
                     cs: Sequence[str]) -> list[str]:
    """Stats indicators whose values the level of ``years`` reads (measure and weight)."""
    out: list[str] = []
    for y in years:
        out += B.measure_values(region, measure, int(y), cs)[1]
        if _norm_weight(weight) is not None:
            out += B.measure_values(region, str(weight), int(y), cs)[1]
    return sorted(set(out))


def _level(ydf: pd.DataFrame, pdf: pd.DataFrame | None, measure: str,
           weight: str | None) -> pd.DataFrame:
    scale, _ = B.per_capita_scale(measure, _norm_weight(weight))
    return ydf if pdf is None else scale * ydf / pdf


def _consolidated_levels(region: Region, ydf: pd.DataFrame, pdf: pd.DataFrame | None,
                         measure: str, weight: str | None, level: str | None,
                         used: list[str], broken: list[str], counted: set[str], start: int,
                         end: int, notes: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end levels of the complete consolidated units that bridge the ``broken``
    units (Σ measure / Σ weight over the members, scaled as :func:`_level`), leaving out any
    union with a member ``counted`` on its own; appends a note per union used."""
    from .consolidation import consolidations

    scale, _ = B.per_capita_scale(measure, _norm_weight(weight))
    starts, ends = [], []
    for c in consolidations(region, start=start, end=end, level=level, indicators=used):
        members = list(c.members)
        # every member selected, at least one left out for the break, none counted alone
        if (not c.complete or not set(members) <= set(map(str, ydf.index))
                or not set(members) & set(broken) or set(members) & counted):
            continue
        y_a, y_b = ydf.loc[members, start], ydf.loc[members, end]
        p_a = pdf.loc[members, start] if pdf is not None else None
        p_b = pdf.loc[members, end] if pdf is not None else None
        if y_b.isna().any() or (p_b is not None and p_b.isna().any()):
            continue
        had = y_a.notna() & (p_a.notna() if p_a is not None else True)
        if not had.any():
            continue
        num_a = float(y_a[had].sum())
        den_a = float(p_a[had].sum()) if p_a is not None else 1.0
        num_b = float(y_b.sum())
        den_b = float(p_b.sum()) if p_b is not None else 1.0
        # a zero measure has no growth rate; a zero weight (nobody there) no level
        if not (num_a > 0 and num_b > 0 and den_a > 0 and den_b > 0):
            continue
        starts.append(scale * num_a / den_a)  # scale is 1 without a weight
        ends.append(scale * num_b / den_b)
        notes.append(Message("ind_consolidated_used", start=start, end=end,
                             label={"zh": c.label(region, "zh"),
                                    "en": c.label(region, "en")},
                             codes=members))
    return np.asarray(starts, dtype="float64"), np.asarray(ends, dtype="float64")


def sigma_convergence(
    region: Region,
    *,
    measure: str = "gdp",
    weight: str | None = "population",
    years: Sequence[int] | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
    balanced: bool = True,
    min_coverage: float = 0.8,
) -> pd.DataFrame:
    """σ-convergence: dispersion of the per-unit level in every year present.

    .. math:: \\sigma_t = \\operatorname{sd}_i(\\ln y_{it}),\\quad y_{it} = Y_{it}/P_{it}

    also the CV, Williamson's weighted CV, the (weighted) Gini and Theil T per year. A
    declining σ_t is convergence.

    Parameters
    ----------
    measure, weight
        y = measure / weight (default GDP per person); ``weight=None`` uses the measure as is
        (e.g. ``gdp_per_capita``).
    years
        Years to use (default every year in which both exist).
    balanced
        Keep only units present in every year kept (default), so σ compares the same units.
    min_coverage
        Years in which fewer than this share of the units have a value are left out (noted)
        before balancing; default 0.8.

    Returns
    -------
    pandas.DataFrame
        Index ``year``; columns ``n``, ``mean``, ``sd_log`` (σ), ``cv``, ``cv_weighted``,
        ``gini``, ``theil_t``, ``series_break`` (a unit's series is not comparable with
        earlier years).

    Raises
    ------
    MissingDataError
        When a code or ``parent`` is not a unit, no unit is at ``level``, no year has the
        measure (and weight), or fewer than 2 units have positive values in any year kept.
    UnknownIndicatorError
        When ``measure`` or ``weight`` is not a stats indicator of the region.
    ParameterError
        When ``weight`` is ``measure`` (the level would be 1 in every unit).

    References
    ----------
    Barro & Sala-i-Martin 1992; Williamson 1965; METHODS.md §10.

    Examples
    --------
    >>> sigma_convergence(region)[["n", "cv", "cv_weighted", "gini"]].round(4)
           n      cv  cv_weighted    gini
    year
    2010  11  0.3992       0.3746  0.2044
    2020  11  0.3813       0.3165  0.1764
    """
    ydf, pdf, used, cs, notes = _panel(region, measure, weight, years, level, codes, parent)
    lv = _level(ydf, pdf, measure, weight)
    cover = lv.notna().mean(axis=0)
    thin = [int(y) for y in lv.columns if cover[y] < min_coverage]
    if thin and len(thin) < len(lv.columns):
        notes.append(Message("ind_years_thin", share=f"{min_coverage:.0%}", years=thin))
        keep_years = [y for y in lv.columns if int(y) not in thin]
        lv, ydf = lv[keep_years], ydf[keep_years]
        pdf = pdf[keep_years] if pdf is not None else None
    if balanced:
        full = lv.notna().all(axis=1) & (lv > 0).all(axis=1)
        dropped = [str(c) for c in lv.index[~full]]
        if dropped:
            notes.append(Message("ind_not_every_year", codes=dropped))
        lv, ydf = lv[full], ydf[full]
        pdf = pdf[full] if pdf is not None else None
    brk = B.break_years(region, used)
    break_years = {y for c in lv.index for y in brk.get(str(c), [])}
    rows = []
    for y in lv.columns:
        ok = lv[y].notna() & (lv[y] > 0)
        x = lv.loc[ok, y].to_numpy(dtype="float64")
        p = None if pdf is None else pdf.loc[ok, y].to_numpy(dtype="float64")
        if len(x) < 2:
            continue
        d = dispersion(x, p)
        rows.append({"year": int(y), "n": len(x), "mean": d["mean"], "sd_log": d["sd_log"],
                     "cv": d["cv"], "cv_weighted": d.get("cv_weighted", math.nan),
                     "gini": gini_value(x, p),
                     "theil_t": theil_t(ydf.loc[ok, y].to_numpy(dtype="float64"), p),
                     "series_break": int(y) in break_years})
    if not rows:
        msg = Message("err_too_few_units_every_year")
        raise MissingDataError(msg)
    df = pd.DataFrame(rows).set_index("year")
    # a year is flagged when a break lies anywhere since the previous kept year, not only in it
    years = list(df.index)
    df["series_break"] = [any(prev < b <= y for b in break_years)
                          for prev, y in zip([-10**9, *years[:-1]], years, strict=True)]
    first, last = df.index[0], df.index[-1]
    trend = Message("ind_falling" if df.at[last, "sd_log"] < df.at[first, "sd_log"]
                    else "ind_not_falling")
    if df["series_break"].iloc[1:].any():
        trend = Message("ind_across_break", trend=trend)
    notes.append(Message("ind_sd_log_trend", first=first, last=last, trend=trend,
                         first_value=f"{df.at[first, 'sd_log']:.4f}",
                         last_value=f"{df.at[last, 'sd_log']:.4f}"))
    if measure == "gdp":
        notes.append(Message("ind_gdp_nominal_levels"))
    return B.finish(df, indicator="sigma_convergence", region=region, year=list(df.index),
                    level=level, measure=measure,
                    parameters={"weight": _norm_weight(weight) or "none", "balanced": balanced,
                                "min_coverage": min_coverage,
                                "unit_of_y": B.per_capita_scale(measure,
                                                                _norm_weight(weight))[1]},
                    sources=B.sources(region, used, list(df.index), cs), notes=notes,
                    reference=REFERENCE)


def _best_span(region: Region, lv: pd.DataFrame, used: list[str], start: int | None,
               end: int | None) -> tuple[int, int]:
    ys = [int(y) for y in lv.columns]
    brk = B.break_years(region, used)
    best: tuple[int, int, int, int, int] | None = None
    for a in ys:
        for b in ys:
            if b <= a or (start is not None and a != start) or (end is not None and b != end):
                continue
            ok = lv[a].notna() & lv[b].notna()
            n = sum(1 for c in lv.index[ok] if not B.broken(brk, str(c), a, b))
            key = (n, b - a, b, a, b)
            if best is None or key[:3] > best[:3]:
                best = key
    if best is None:
        msg = Message("err_need_two_years", years=repr(ys))
        raise MissingDataError(msg)
    return best[3], best[4]


def beta_convergence(
    region: Region,
    *,
    measure: str = "gdp",
    weight: str | None = "population",
    start: int | None = None,
    end: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
    consolidate: bool = True,
) -> pd.DataFrame:
    """Absolute β-convergence: OLS of annualised growth on the log initial level.

    .. math::

        \\frac{1}{T}\\ln\\frac{y_{iT}}{y_{i0}} = \\alpha + \\beta \\ln y_{i0} + \\varepsilon_i,
        \\qquad \\lambda = -\\frac{\\ln(1 + T\\beta)}{T},\\qquad
        t_{1/2} = \\frac{\\ln 2}{\\lambda}

    β < 0 is convergence; λ is the speed (per year) and t_½ the half-life (years), both NaN
    unless −1/T < β < 0. With a handful of units (9 prefectures) read it descriptively.

    Parameters
    ----------
    start, end
        Years; by default the pair with the most units comparable in both (values present,
        no series break between), ties broken by the longer span, then the later end.
    measure, weight, level, codes, parent
        As in :func:`sigma_convergence`.
    consolidate
        Units left out for a boundary change between ``start`` and ``end`` re-enter as
        consolidated units (unions of the units whose boundaries moved among themselves, from
        the break records, :mod:`.consolidation`), when the union is complete and all its
        members are selected: its level is Σ measure / Σ weight over the members (members
        created by the change have no start value and count at the end only). The notes name
        every consolidated unit used.

    Returns
    -------
    pandas.DataFrame
        One row (index ``measure``): ``start``, ``end``, ``n``, ``alpha``, ``beta``,
        ``beta_se``, ``beta_t``, ``beta_p`` (two-sided, t with n−2 df), ``r2``,
        ``converging``, ``speed_pct`` (100 λ), ``half_life_years``, ``verdict`` (``ok``, or
        ``weak`` with fewer than 10 units or β not significant at 5 %) and
        ``verdict_reason``.

    Raises
    ------
    InsufficientDataError
        Fewer than 3 units with values in both years and no series break between them
        (verdict ``not_computed``; a :class:`MissingDataError`).
    MissingDataError
        No two years with values, or every unit at the same start level.
    ParameterError
        When ``weight`` is ``measure`` (the level would be 1 in every unit).

    References
    ----------
    Barro & Sala-i-Martin 1992, JPE 100(2):223-251.

    Examples
    --------
    >>> b = beta_convergence(region)
    >>> b[["start", "end", "n", "beta", "converging"]].round(4)
             start   end  n    beta  converging
    measure
    gdp       2020  2023  3 -0.0026        True
    """
    from scipy.special import stdtr

    ydf, pdf, used, cs, pair_notes = _panel(region, measure, weight, None, level, codes,
                                            parent)
    lv = _level(ydf, pdf, measure, weight)
    if start is None or end is None:
        start, end = _best_span(region, lv, used, start, end)
    if end <= start or start not in lv.columns or end not in lv.columns:
        msg = Message("err_need_two_years_ordered", years=repr(list(lv.columns)), start=int(start),
                      end=int(end))
        raise MissingDataError(msg)
    notes: list[Any] = [n for n in pair_notes if n.params.get("year") in (start, end)]
    ok = lv[start].notna() & lv[end].notna() & (lv[start] > 0) & (lv[end] > 0)
    # breaks of the series actually read in the two years: the census counts of 2010 are on
    # the 2020 boundaries, so a boundary change flagged on the year-end figures (read only in
    # other years) does not break a census-to-census change
    breaks = B.break_years(region, _span_indicators(region, measure, weight, (start, end), cs))
    brk = [c for c in lv.index if B.broken(breaks, str(c), start, end)]
    if brk:
        notes.append(Message("ind_left_out_break", start=start, end=end,
                             codes=[str(c) for c in brk]))
        ok &= ~lv.index.isin(brk)
    miss = [str(c) for c in lv.index[~ok] if c not in brk]
    if miss:
        notes.append(Message("ind_left_out_values", start=start, end=end, codes=miss))
    y0 = lv.loc[ok, start].to_numpy(dtype="float64")
    y1 = lv.loc[ok, end].to_numpy(dtype="float64")
    if consolidate and brk:
        u0, u1 = _consolidated_levels(region, ydf, pdf, measure, weight, level, used,
                                      [str(c) for c in brk], set(map(str, lv.index[ok])),
                                      start, end, notes)
        y0, y1 = np.concatenate([y0, u0]), np.concatenate([y1, u1])
    n = len(y0)
    from ._verdict import require_n

    left = {"zh": " ".join(getattr(x, "zh", str(x)) for x in notes),
            "en": " ".join(map(str, notes))}
    require_n("beta_convergence", n, Message("err_detail_beta_units", start=start, end=end,
                                             notes=left))
    span = end - start
    g = np.log(y1 / y0) / span
    x = np.log(y0)
    xm = x.mean()
    sxx = float(((x - xm) ** 2).sum())
    if sxx == 0:
        msg = Message("err_beta_same_level", n=int(n), start=int(start))
        raise MissingDataError(msg)
    beta = float(((x - xm) * (g - g.mean())).sum() / sxx)
    alpha = float(g.mean() - beta * xm)
    resid = g - alpha - beta * x
    sst = float(((g - g.mean()) ** 2).sum())
    r2 = 1 - float((resid**2).sum()) / sst if sst > 0 else math.nan
    se = math.sqrt(float((resid**2).sum()) / (n - 2) / sxx) if n > 2 else math.nan
    t = beta / se if se > 0 else math.nan
    p = float(2 * stdtr(n - 2, -abs(t))) if math.isfinite(t) else math.nan
    lam = -math.log(1 + span * beta) / span if -1 / span < beta < 0 else math.nan
    half = math.log(2) / lam if math.isfinite(lam) and lam > 0 else math.nan
    from ._verdict import verdict

    weak = (None if math.isfinite(p) and p < 0.05 else
            f"β is not significant at 5 % (p = {p:.2f}): no convergence speed can be read")
    v = verdict("beta_convergence", n, weak)
    row = {"start": start, "end": end, "n": n, "alpha": alpha, "beta": beta, "beta_se": se,
           "beta_t": t, "beta_p": p, "r2": r2, "converging": beta < 0,
           "speed_pct": 100 * lam if math.isfinite(lam) else math.nan,
           "half_life_years": half, "verdict": v["verdict"], "verdict_reason": v["reason"]}
    if measure == "gdp":
        notes.append(Message("ind_gdp_nominal_growth"))
    df = pd.DataFrame([row], index=pd.Index([measure], name="measure"))
    return B.finish(df, indicator="beta_convergence", region=region, year=[start, end],
                    level=level, measure=measure, n=n, weak_reason=weak,
                    parameters={"weight": _norm_weight(weight) or "none",
                                "unit_of_y": B.per_capita_scale(measure,
                                                                _norm_weight(weight))[1]},
                    sources=B.sources(region, used, [start, end], cs), notes=notes,
                    reference=REFERENCE, units={"start": "year", "end": "year"})
