"""Regional inequality: Theil T and Theil L with between/within decomposition, Gini and the
coefficient of variation (plain and Williamson's population-weighted).

With ``weight=None`` every unit weighs the same and the Theil and Gini values equal PySAL
``inequality`` 1.1.2 (Theil = Σ s ln(n s); Gini normalised by 1/n²). References: Theil (1967)
*Economics and Information Theory*; Shorrocks (1980) *Econometrica* 48(3):613-625 for the
decomposition; Williamson (1965) *EDCC* 13(4):1-84; METHODS.md §9-§10.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError
from ..messages import Message
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = ("Theil 1967; Shorrocks 1980, Econometrica 48(3):613-625; Williamson 1965, "
             "EDCC 13(4):1-84; METHODS.md §9")


# ---------------------------------------------------------------------------- inputs
@dataclass
class Inputs:
    """Quantities Y_i and weights P_i (None = equal weights) of a set of units in one year."""

    y: pd.Series
    p: pd.Series | None
    year: int
    used: list[str]
    notes: list[str] = field(default_factory=list)


def _norm_weight(weight: str | None) -> str | None:
    return None if weight in (None, "", "none", "equal") else weight


def inputs(region: Region, *, measure: str, weight: str | None, year: int | None,
           level: str | None, codes: Sequence[str] | None,
           parent: str | None = None) -> Inputs:
    """Y (measure) and P (weight) in the latest year where both exist for every unit (or
    ``year``); units lacking either are left out and listed in the notes.

    Raises
    ------
    MissingDataError
        When a code or ``parent`` is not a unit, no unit is at ``level``, no year has both the
        measure and the weight, or every unit is left out (the reasons are listed).
    UnknownIndicatorError
        When ``measure`` or ``weight`` is not a stats indicator of the region.

    Examples
    --------
    >>> i = inputs(region, measure="gdp", weight="population", year=None, level="prefecture", codes=None)
    >>> i.year, len(i.y), i.used
    (2020, 12, ['gdp', 'population'])
    """
    weight = _norm_weight(weight)
    cs = B.unit_codes(region, level=level, codes=codes, parent=parent)
    notes: list[str] = []
    if year is None:
        ys = set(B.measure_years(region, measure, cs))
        if weight is not None:
            ys &= set(B.measure_years(region, weight, cs))
        if not ys:
            msg = (f"No year has both {measure!r} and {weight!r} for these units of region "
                   f"'{region.name}'." if weight else f"No values of {measure!r}.")
            raise MissingDataError(msg)
        full = [y for y in sorted(ys) if _both(region, measure, weight, y, cs)]
        year = full[-1] if full else max(ys)
    y_v, used = B.measure_values(region, measure, int(year), cs)
    p_v = None
    if weight is not None:
        p_v, used_p = B.measure_values(region, weight, int(year), cs)
        used = [*used, *used_p]
    reasons = _exclusions(y_v, p_v, measure, weight)
    for why, left in reasons.items():
        notes.append(f"left out in {year} ({why}): {', '.join(left)}")
    excluded = {c for left in reasons.values() for c in left}
    keep = [c for c in cs if c not in excluded]
    if not keep:
        listing = "; ".join(f"{why}: {', '.join(left[:10])}" for why, left in reasons.items())
        msg = (f"No unit has a usable {measure!r}" + (f" and {weight!r}" if weight else "")
               + f" in {year} ({listing}).")
        raise MissingDataError(msg)
    return Inputs(y=y_v[keep], p=None if p_v is None else p_v[keep], year=int(year),
                  used=used, notes=notes)


def _exclusions(y: pd.Series, p: pd.Series | None, measure: str,
                weight: str | None) -> dict[str, list[str]]:
    """Units that cannot enter, grouped by the exact reason (missing, non-finite, negative
    value; missing, non-finite, zero or negative weight)."""
    out: dict[str, list[str]] = {}

    def add(mask: pd.Series, why: str) -> None:
        codes = [str(c) for c in mask.index[mask.to_numpy()]]
        if codes:
            out.setdefault(why, []).extend(c for c in codes if c not in
                                           {x for v in out.values() for x in v})

    yv = y.astype("float64")
    add(yv.isna(), f"no {measure}")
    add(yv.notna() & ~np.isfinite(yv.fillna(0.0)), f"{measure} not finite")
    add(yv < 0, f"negative {measure} (inequality measures need values >= 0)")
    if p is not None:
        pv = p.astype("float64")
        add(pv.isna(), f"no {weight}")
        add(pv.notna() & ~np.isfinite(pv.fillna(0.0)), f"{weight} not finite")
        add(pv <= 0, f"{weight} <= 0 (a weight must be positive)")
    return {k: v for k, v in out.items() if v}


def _zero_mean_note(y: pd.Series, measure: str) -> list[str]:
    if len(y) and not float(y.sum()) > 0:
        return [f"every {measure} value is 0 (zero mean): the measure is undefined (NaN)"]
    return []


def _both(region: Region, measure: str, weight: str | None, year: int, cs: list[str]) -> bool:
    y, _ = B.measure_values(region, measure, year, cs)
    if weight is None:
        return bool(y.notna().all())
    p, _ = B.measure_values(region, weight, year, cs)
    return bool(y.notna().all() and p.notna().all())


# ---------------------------------------------------------------------------- formulas
def theil_t(y: np.ndarray, p: np.ndarray | None = None) -> float:
    """Theil T = Σ (Y_i/Y) ln[(Y_i/Y)/(P_i/P)] (P_i = 1 when ``p`` is None).

    Raises
    ------
    Nothing; a zero total gives NaN (no warning).

    Examples
    --------
    >>> round(theil_t(np.array([1.0, 1.0, 2.0])), 4)
    0.0589
    >>> theil_t(np.array([2.0, 4.0]), np.array([1.0, 2.0]))  # income shares equal population shares
    0.0
    """
    y = np.asarray(y, dtype="float64")
    p = np.ones_like(y) if p is None else np.asarray(p, dtype="float64")
    if not y.sum() > 0:
        return math.nan  # zero total: shares undefined
    with np.errstate(divide="ignore", invalid="ignore"):
        s, w = y / y.sum(), p / p.sum()
        return float(B.xlogy(s, s / w).sum())


def theil_l(y: np.ndarray, p: np.ndarray | None = None) -> float:
    """Theil L (mean log deviation) = Σ (P_i/P) ln[(P_i/P)/(Y_i/Y)]; inf if some Y_i = 0.

    Raises
    ------
    Nothing; a zero total gives NaN and a zero ``Y_i`` gives inf (no warning).

    Examples
    --------
    >>> round(theil_l(np.array([1.0, 1.0, 2.0])), 4)
    0.0566
    """
    y = np.asarray(y, dtype="float64")
    p = np.ones_like(y) if p is None else np.asarray(p, dtype="float64")
    if not y.sum() > 0:
        return math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        s, w = y / y.sum(), p / p.sum()
        return float((w * np.log(w / s)).sum())


def theil_decomposition(y: np.ndarray, p: np.ndarray | None, groups: np.ndarray) -> pd.DataFrame:
    """Between/within decomposition of Theil T and L over ``groups``.

    .. math::

        T = \\underbrace{\\sum_g \\tfrac{Y_g}{Y} \\ln\\tfrac{Y_g/Y}{P_g/P}}_{T_B}
          + \\underbrace{\\sum_g \\tfrac{Y_g}{Y} T_g}_{T_W},\\qquad
        L = \\sum_g \\tfrac{P_g}{P} \\ln\\tfrac{P_g/P}{Y_g/Y} + \\sum_g \\tfrac{P_g}{P} L_g

    Returns the table described in :func:`theil`.

    Raises
    ------
    Nothing of its own; a zero total gives NaN components. ``IndexError`` from NumPy if ``p``
    or ``groups`` does not have the length of ``y``.

    Examples
    --------
    >>> d = theil_decomposition(np.array([1.0, 2.0, 3.0, 6.0]), None, np.array(["a", "a", "b", "b"]))
    >>> d[["theil_t", "theil_l"]].round(4)
               theil_t  theil_l
    component
    total       0.1874   0.2027
    between     0.1308   0.1438
    within      0.0566   0.0589
    within:a    0.0566   0.0589
    within:b    0.0566   0.0589
    """
    y = np.asarray(y, dtype="float64")
    p = np.ones_like(y) if p is None else np.asarray(p, dtype="float64")
    g = np.asarray(groups).astype(str)
    labels = sorted(set(g))
    yt, pt = y.sum(), p.sum()
    yg = np.array([y[g == k].sum() for k in labels])
    pg = np.array([p[g == k].sum() for k in labels])
    tg = np.array([theil_t(y[g == k], p[g == k]) if yg[i] > 0 else 0.0
                   for i, k in enumerate(labels)])
    lg = np.array([theil_l(y[g == k], p[g == k]) for k in labels])
    total_t, total_l = theil_t(y, p), theil_l(y, p)
    between_t = theil_t(yg, pg)
    between_l = theil_l(yg, pg)
    within_t = float(((yg / yt) * tg).sum())
    within_l = float(((pg / pt) * lg).sum())
    rows: list[dict[str, Any]] = [
        _row("total", None, total_t, total_t, total_l, total_l, 1.0, 1.0, len(y), total_t,
             total_l),
        _row("between", None, between_t, between_t, between_l, between_l, math.nan, math.nan,
             len(labels), total_t, total_l),
        _row("within", None, within_t, within_t, within_l, within_l, math.nan, math.nan,
             len(y), total_t, total_l),
    ]
    for i, k in enumerate(labels):
        rows.append(_row(f"within:{k}", k, tg[i], yg[i] / yt * tg[i], lg[i],
                         pg[i] / pt * lg[i], yg[i] / yt, pg[i] / pt, int((g == k).sum()),
                         total_t, total_l))
    return pd.DataFrame(rows).set_index("component")


def _row(comp: str, group: str | None, t: float, t_c: float, lv: float, l_c: float,
         ys: float, ps: float, n: int, tt: float, tl: float) -> dict[str, Any]:
    return {"component": comp, "group": group, "theil_t": t, "theil_t_contribution": t_c,
            "theil_t_share_pct": 100 * t_c / tt if tt > 0 else math.nan,
            "theil_l": B.finite_or_nan(lv), "theil_l_contribution": B.finite_or_nan(l_c),
            "theil_l_share_pct": 100 * l_c / tl if tl > 0 and math.isfinite(tl) else math.nan,
            "measure_share": ys, "weight_share": ps, "n_units": n}


def gini_value(x: np.ndarray, w: np.ndarray | None = None) -> float:
    """Gini coefficient Σ_i Σ_j w_i w_j |x_i - x_j| / (2 x̄_w) with weight shares w (equal
    weights 1/n when None: then it equals PySAL's normalisation by 1/n²).

    ``x`` is one-dimensional (n values); ``w``, when given, has the same length n, is finite
    and non-negative with a positive sum (only the shares w / Σw matter).

    Raises
    ------
    ParameterError
        When ``x`` or ``w`` is not one-dimensional, ``w`` differs in length from ``x``, or
        ``w`` has a non-finite or negative weight or sums to zero (every problem at once).
        An empty ``x`` or a non-positive mean gives NaN.

    Examples
    --------
    >>> gini_value(np.array([1.0, 1.0, 1.0]))
    0.0
    >>> round(gini_value(np.array([0.0, 0.0, 0.0, 1.0])), 4)  # one unit holds everything: (n - 1) / n
    0.75
    """
    x = np.asarray(x, dtype="float64")
    wa = None if w is None else np.asarray(w, dtype="float64")
    _check_gini_inputs(x, wa)
    if len(x) == 0:
        return math.nan
    w = np.full(len(x), 1.0 / len(x)) if wa is None else wa / wa.sum()
    order = np.argsort(x, kind="mergesort")
    xs, ws = x[order], w[order]
    cw = np.cumsum(ws)
    cxw = np.cumsum(xs * ws)
    # Σ_i Σ_j w_i w_j |x_i - x_j| = 2 Σ_i w_i (x_i F_i - S_i), F/S cumulative sums before i
    f_before, s_before = cw - ws, cxw - xs * ws
    mad = 2 * float((ws * (xs * f_before - s_before)).sum())
    mean = float((xs * ws).sum())
    return mad / (2 * mean) if mean > 0 else math.nan


def _check_gini_inputs(x: np.ndarray, w: np.ndarray | None) -> None:
    problems = []
    if x.ndim != 1:
        problems.append(f"x must be one-dimensional (got shape {x.shape})")
    if w is not None:
        if w.ndim != 1:
            problems.append(f"w must be one-dimensional (got shape {w.shape})")
        elif x.ndim == 1 and len(w) != len(x):
            problems.append(f"w has {len(w)} weights for {len(x)} values; give one weight "
                            "per value")
        if not np.isfinite(w).all():
            problems.append("every weight must be finite (got NaN or inf)")
        elif (w < 0).any():
            problems.append("weights must be non-negative")
        elif w.size and w.sum() <= 0:
            problems.append("weights must have a positive sum")
    if problems:
        raise ParameterError("gini_value: " + "; ".join(problems) + ".")


def dispersion(y: np.ndarray, p: np.ndarray | None = None) -> dict[str, float]:
    """Mean, sd (ddof = 0), CV, Williamson's weighted CV (with ``p``) and sd of logs of the
    per-unit values ``y`` (per-capita values when weights are given).

    Raises
    ------
    Nothing of its own; a non-positive mean gives NaN for the CVs and a non-positive value NaN
    for ``sd_log``.

    Examples
    --------
    >>> {k: round(v, 4) for k, v in dispersion(np.array([1.0, 2.0, 3.0])).items()}
    {'n': 3.0, 'mean': 2.0, 'sd': 0.8165, 'cv': 0.4082, 'sd_log': 0.4536}
    """
    y = np.asarray(y, dtype="float64")
    out = {"n": float(len(y)), "mean": float(y.mean()), "sd": float(y.std()),
           "cv": float(y.std() / y.mean()) if y.mean() > 0 else math.nan,
           "sd_log": float(np.log(y).std()) if (y > 0).all() else math.nan}
    if p is not None:
        w = np.asarray(p, dtype="float64") / np.sum(p)
        ybar = float((w * y).sum())
        out["weighted_mean"] = ybar
        out["cv_weighted"] = (math.sqrt(float((w * (y - ybar) ** 2).sum())) / ybar
                              if ybar > 0 else math.nan)
    return out


# ---------------------------------------------------------------------------- Region API
def theil(
    region: Region,
    *,
    measure: str = "gdp",
    weight: str | None = "population",
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
    group_by: str | None = None,
) -> pd.DataFrame:
    """Theil T and Theil L of a measure over units, with a between/within decomposition.

    .. math::

        T = \\sum_i \\frac{Y_i}{Y} \\ln\\frac{Y_i/Y}{P_i/P},\\qquad
        L = \\sum_i \\frac{P_i}{P} \\ln\\frac{P_i/P}{Y_i/Y}

    decomposed as in :func:`theil_decomposition` (between + within = total, exactly).

    Parameters
    ----------
    measure
        The quantity Y (default ``gdp``, 亿元).
    weight
        The weight P (default ``population``: census count, else year-end); ``None`` weighs
        every unit equally (PySAL's Theil).
    year
        Default the latest year in which every unit has both.
    level, codes, parent
        The units (default every unit at ``level``). Units lacking Y or P are left out and
        listed in the notes.
    group_by
        ``metro`` (core/member/partial vs the rest), ``role``, ``parent`` or any units column;
        ``None`` gives one group.

    Returns
    -------
    pandas.DataFrame
        Index ``component`` (``total``, ``between``, ``within``, ``within:<group>``); columns
        ``group``, ``theil_t`` (for a group row, T_g), ``theil_t_contribution`` (Y_g/Y · T_g),
        ``theil_t_share_pct`` (of the total), ``theil_l``, ``theil_l_contribution``
        (P_g/P · L_g), ``theil_l_share_pct``, ``measure_share`` (Y_g/Y), ``weight_share``
        (P_g/P), ``n_units``. Theil L is NaN when some Y_i = 0 (ln 0).

    Raises
    ------
    MissingDataError
        Propagated from :func:`inputs` when no year has both values or no unit is usable, and
        when ``group_by`` is not ``metro`` or a units column or a unit has no group label.
    UnknownIndicatorError
        When ``measure`` or ``weight`` is not a stats indicator of the region.

    References
    ----------
    Theil 1967; Shorrocks 1980; METHODS.md §9.

    Examples
    --------
    >>> t = theil(region)
    >>> t[["theil_t", "theil_l", "n_units"]].round(4)
                theil_t  theil_l  n_units
    component
    total        0.0538    0.057       12
    between      0.0000    0.000        1
    within       0.0538    0.057       12
    within:all   0.0538    0.057       12
    """
    inp = inputs(region, measure=measure, weight=weight, year=year, level=level, codes=codes,
                 parent=parent)
    cs = [str(c) for c in inp.y.index]
    groups = (B.group_labels(region, cs, group_by).to_numpy() if group_by
              else np.array(["all"] * len(cs)))
    with np.errstate(all="ignore"):  # a zero total gives NaN with a note, not a warning
        df = theil_decomposition(inp.y.to_numpy(), None if inp.p is None else inp.p.to_numpy(),
                                 groups)
    notes = list(inp.notes) + _zero_mean_note(inp.y, measure)
    if not float(inp.y.sum()) > 0:  # every share is 0/0: no component is defined
        cols = [c for c in df.columns if c.startswith("theil") or c.endswith("_share")]
        df[cols] = math.nan
    if (inp.y.to_numpy() == 0).any():
        notes.append(Message("ind_zero_values_theil"))
    return B.finish(df, indicator="theil", region=region, year=inp.year, level=level,
                    measure=measure,
                    parameters={"weight": _norm_weight(weight) or "equal", "group_by": group_by},
                    sources=B.sources(region, inp.used, [inp.year], cs), notes=notes,
                    reference=REFERENCE)


def gini(
    region: Region,
    *,
    measure: str = "gdp",
    weight: str | None = "population",
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
) -> pd.DataFrame:
    """Gini coefficient across units.

    .. math:: G = \\frac{\\sum_i \\sum_j w_i w_j |y_i - y_j|}{2 \\bar y_w}

    With ``weight`` (default ``population``) y_i = Y_i/P_i (per capita; GDP per person in
    yuan) and w_i = P_i/P;
    with ``weight=None`` y_i = Y_i and w_i = 1/n (PySAL's Gini).

    Returns
    -------
    pandas.DataFrame
        One row (index ``measure``): ``gini``, ``n``, ``mean`` (weighted mean of y),
        ``weighted``.

    Raises
    ------
    MissingDataError
        Propagated from :func:`inputs` when no year has both values or no unit is usable.
    UnknownIndicatorError
        When ``measure`` or ``weight`` is not a stats indicator of the region.

    References
    ----------
    Gini 1912; METHODS.md §10.

    Examples
    --------
    >>> gini(region)[["gini", "n"]].round(4)
               gini   n
    measure
    gdp      0.1814  12
    """
    inp = inputs(region, measure=measure, weight=weight, year=year, level=level, codes=codes,
                 parent=parent)
    y = inp.y.to_numpy(dtype="float64")
    p = None if inp.p is None else inp.p.to_numpy(dtype="float64")
    scale, unit = B.per_capita_scale(measure, _norm_weight(weight))
    x = y if p is None else scale * y / p
    with np.errstate(all="ignore"):
        g = gini_value(x, p)
    mean = float(x.mean()) if p is None else float(scale * y.sum() / p.sum())
    df = pd.DataFrame([{"gini": g, "n": len(x), "mean": mean, "weighted": p is not None}],
                      index=pd.Index([measure], name="measure"))
    return B.finish(df, indicator="gini", region=region, year=inp.year, level=level,
                    measure=measure, parameters={"weight": _norm_weight(weight) or "equal",
                                                 "unit_of_mean": unit},
                    sources=B.sources(region, inp.used, [inp.year], list(inp.y.index)),
                    notes=inp.notes + _zero_mean_note(inp.y, measure),
                    reference="Gini 1912; METHODS.md §10")


def coefficient_of_variation(
    region: Region,
    *,
    measure: str = "gdp",
    weight: str | None = "population",
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    parent: str | None = None,
) -> pd.DataFrame:
    """Coefficient of variation, plain and Williamson's population-weighted.

    .. math:: CV = \\frac{\\operatorname{sd}(y)}{\\bar y},\\qquad
              CV_w = \\frac{\\sqrt{\\sum_i (y_i - \\bar y_w)^2 P_i/P}}{\\bar y_w},\\quad
              \\bar y_w = Y/P

    y_i = Y_i/P_i with a weight (GDP per person in yuan), else Y_i; sd with ddof = 0.

    Returns
    -------
    pandas.DataFrame
        One row (index ``measure``): ``n``, ``mean``, ``sd``, ``cv``, ``sd_log`` and, with a
        weight, ``weighted_mean`` and ``cv_weighted``.

    Raises
    ------
    MissingDataError
        Propagated from :func:`inputs` when no year has both values or no unit is usable.
    UnknownIndicatorError
        When ``measure`` or ``weight`` is not a stats indicator of the region.

    References
    ----------
    Williamson 1965, EDCC 13(4):1-84; METHODS.md §10.

    Examples
    --------
    >>> cv = coefficient_of_variation(region, measure="gdp", weight="population")
    >>> cv[["n", "cv", "cv_weighted"]].round(4)
              n      cv  cv_weighted
    measure
    gdp      12  0.3812       0.3248
    """
    inp = inputs(region, measure=measure, weight=weight, year=year, level=level, codes=codes,
                 parent=parent)
    y = inp.y.to_numpy(dtype="float64")
    p = None if inp.p is None else inp.p.to_numpy(dtype="float64")
    scale, unit = B.per_capita_scale(measure, _norm_weight(weight))
    with np.errstate(all="ignore"):
        d = dispersion(y if p is None else scale * y / p, p)
    df = pd.DataFrame([d], index=pd.Index([measure], name="measure"))
    df["n"] = df["n"].astype("int64")
    return B.finish(df, indicator="coefficient_of_variation", region=region, year=inp.year,
                    level=level, measure=measure,
                    parameters={"weight": _norm_weight(weight) or "equal", "unit_of_y": unit},
                    sources=B.sources(region, inp.used, [inp.year], list(inp.y.index)),
                    notes=inp.notes + _zero_mean_note(inp.y, measure),
                    reference="Williamson 1965; METHODS.md §10")
