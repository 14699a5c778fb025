"""Regional inequality: the Gini coefficient and the coefficient of variation (plain and
Williamson's population-weighted); Theil T and L with their between/within decomposition are in
:mod:`.theil` and the shared inputs in :mod:`._inequality`, both importable from here.

With ``weight=None`` every unit weighs the same and the Gini value equals PySAL ``inequality``
1.1.2 (normalised by 1/n²). References: Gini (1912); Williamson (1965) *EDCC* 13(4):1-84;
METHODS.md §9-§10.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..messages import Message
from . import _base as B
from ._inequality import Inputs, _norm_weight, _zero_mean_note, inputs
from .theil import REFERENCE, theil, theil_decomposition, theil_l, theil_t

if TYPE_CHECKING:
    from ..region import Region

# Theil (.theil) and the inputs (._inequality) stay importable from here
__all__ = ["REFERENCE", "Inputs", "coefficient_of_variation", "dispersion", "gini", "gini_value",
           "inputs", "theil", "theil_decomposition", "theil_l", "theil_t"]


# ---------------------------------------------------------------------------- formulas
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
    problems: list[Message] = []
    if x.ndim != 1:
        problems.append(Message("err_gini_not_1d", name="x", shape=repr(x.shape)))
    if w is not None:
        if w.ndim != 1:
            problems.append(Message("err_gini_not_1d", name="w", shape=repr(w.shape)))
        elif x.ndim == 1 and len(w) != len(x):
            problems.append(Message("err_gini_weight_count", n_w=len(w), n_x=len(x)))
        if not np.isfinite(w).all():
            problems.append(Message("err_gini_weight_not_finite"))
        elif (w < 0).any():
            problems.append(Message("err_gini_weight_negative"))
        elif w.size and w.sum() <= 0:
            problems.append(Message("err_gini_weight_sum"))
    if problems:
        raise ParameterError(Message("err_gini_inputs", problems={
            "zh": ";".join(p.zh for p in problems), "en": "; ".join(problems)}))


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
    with np.errstate(all="ignore"):  # absurd values overflow to inf and give NaN, silently
        x = y if p is None else scale * y / p
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
