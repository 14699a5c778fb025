"""The rank-size (Zipf) rule and the two-, four- and eleven-city indices of a set of sizes.

References: Zipf (1949) *Human Behavior and the Principle of Least Effort*; Gabaix &
Ibragimov (2011) "Rank - 1/2", *J. Business & Economic Statistics* 29(1):24-39; 许学强, 周一星,
宁越敏《城市地理学》 for the city indices. Conventions: METHODS.md §2-§3.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import ParameterError, shorten
from ..messages import Message
from . import _base as B
from ._parent_total import default_scope

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = "Zipf 1949; Gabaix & Ibragimov 2011, JBES 29(1):24-39; 许学强, 周一星, 宁越敏《城市地理学》"

#: Values of the indices under an exact rank-size rule P_r = P_1 / r (q = 1).
ZIPF_TWO_CITY = 2.0
ZIPF_FOUR_CITY = 1.0 / (1 / 2 + 1 / 3 + 1 / 4)
ZIPF_ELEVEN_CITY = 2.0 / sum(1 / r for r in range(2, 12))


def rank_indices(v: pd.Series) -> dict[str, Any]:
    """Two-, four-, eleven-city indices and the rank-size fit of a complete Series of values.

    Returns a dict with the leader code, the indices (NaN with a reason when the number of units
    is too small) and the rank-size results of :func:`fit_rank_size`.

    Raises
    ------
    Nothing; too few values give NaN indices with the reason in ``reasons``.

    Examples
    --------
    >>> ix = rank_indices(pd.Series([100.0, 50.0, 25.0, 20.0]))
    >>> float(ix["two_city_index"]), round(float(ix["four_city_index"]), 4)
    (2.0, 1.0526)
    >>> ix["reasons"]["eleven_city_index"]
    'refused: needs at least 11 units, the set has 4 (switch to --level county)'
    """
    s = v.sort_values(ascending=False, kind="mergesort")
    x = s.to_numpy(dtype="float64")
    n = len(x)
    out: dict[str, Any] = {"rank1": str(s.index[0]) if n else None, "n": n, "reasons": {}}
    out["two_city_index"] = x[0] / x[1] if n >= 2 else math.nan
    out["four_city_index"] = x[0] / x[1:4].sum() if n >= 4 else math.nan
    out["eleven_city_index"] = 2 * x[0] / x[1:11].sum() if n >= 11 else math.nan
    for key, need in (("two_city_index", 2), ("four_city_index", 4), ("eleven_city_index", 11)):
        if n < need:
            out["reasons"][key] = Message("ind_rank_refused_county" if need == 11 else
                                          "ind_rank_refused", need=need, n=n)
    out.update(fit_rank_size(x))
    return out


def fit_rank_size(x: np.ndarray) -> dict[str, float]:
    """OLS of ln P_r = a - q ln r over the values sorted in descending order, and the
    Gabaix-Ibragimov regression ln(r - 1/2) = A - zeta ln P.

    Returns ``q``, ``q_se``, ``intercept`` (a), ``r2``, ``fitted_first`` (e^a), ``zeta_gi``
    and ``zeta_gi_se`` (= zeta * sqrt(2/n)); NaN when fewer than 3 positive values.

    Raises
    ------
    Nothing; fewer than 3 positive finite values give NaN estimates.

    Examples
    --------
    >>> fit = fit_rank_size(np.array([100.0, 50.0, 100.0 / 3, 25.0]))  # exact Zipf: P_r = 100 / r
    >>> round(fit["q"], 4), round(fit["r2"], 4)
    (1.0, 1.0)
    """
    x = np.sort(np.asarray(x, dtype="float64"))[::-1]
    x = x[np.isfinite(x) & (x > 0)]
    n = len(x)
    nan = math.nan
    if n < 3:
        return {"q": nan, "q_se": nan, "intercept": nan, "r2": nan, "fitted_first": nan,
                "zeta_gi": nan, "zeta_gi_se": nan}
    r = np.arange(1, n + 1, dtype="float64")
    lx, lr = np.log(x), np.log(r)
    slope, intercept, r2, se = _ols(lr, lx)
    zeta, _, _, _ = _ols(lx, np.log(r - 0.5))
    return {"q": -slope, "q_se": se, "intercept": intercept, "r2": r2,
            "fitted_first": math.exp(intercept), "zeta_gi": -zeta,
            "zeta_gi_se": abs(zeta) * math.sqrt(2.0 / n)}


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """Slope, intercept, R² and the slope's standard error of y = a + b x."""
    xm, ym = x.mean(), y.mean()
    sxx = float(((x - xm) ** 2).sum())
    if sxx == 0:
        return math.nan, math.nan, math.nan, math.nan
    b = float(((x - xm) * (y - ym)).sum()) / sxx
    a = float(ym - b * xm)
    resid = y - a - b * x
    sst = float(((y - ym) ** 2).sum())
    r2 = 1 - float((resid**2).sum()) / sst if sst > 0 else math.nan
    n = len(x)
    se = math.sqrt(float((resid**2).sum()) / (n - 2) / sxx) if n > 2 else math.nan
    return b, a, r2, se


def rank_size(
    region: Region,
    *,
    measure: str = "population",
    year: int | None = None,
    level: str = "prefecture",
    parent: str | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Rank-size (Zipf) exponent of the units' sizes.

    .. math:: \\ln M_r = a - q \\ln r \\quad(\\text{OLS, y = log size, x = log rank})

    q = 1 is Zipf's law; q > 1 concentrated (primate); q < 1 dispersed. Also the
    Gabaix-Ibragimov rank-1/2 regression :math:`\\ln(r - 1/2) = A - \\zeta \\ln M` with
    standard error :math:`\\zeta\\sqrt{2/n}` (ζ estimates 1/q; it is a different direction).

    Parameters
    ----------
    measure, year, level, parent
        As in :func:`primacy_table` (default measure ``population``, persons).
    top
        Use only the ``top`` largest units (the cut-off, a whole number >= 1; fewer than 3
        give no fit and say so); default all.

    Returns
    -------
    pandas.DataFrame
        One row (index ``measure``): ``q``, ``q_se``, ``intercept`` (a), ``fitted_first``
        (e^a), ``observed_first``, ``r2``, ``n``, ``zeta_gi``, ``zeta_gi_se``.

    Raises
    ------
    MissingDataError
        When the measure has no value for the units, ``parent`` is not a unit, or no unit is
        at ``level`` under it.
    UnknownIndicatorError
        When ``measure`` is not a stats indicator of the region.
    ParameterError
        When ``top`` is not a whole number of 1 or more (``-3`` dropped the three smallest
        units instead, ``2.5`` was cut to 2).

    References
    ----------
    Zipf 1949; Gabaix & Ibragimov 2011, JBES 29(1):24-39; METHODS.md §3.

    Examples
    --------
    >>> rank_size(region)[["q", "r2", "n"]].round(3)
                    q     r2  n
    measure
    population  1.003  0.975  9
    """
    if top is not None and not (isinstance(top, int | float) and not isinstance(top, bool)
                                and math.isfinite(top) and float(top).is_integer() and top >= 1):
        msg = Message("err_rank_size_top", got=shorten(top))
        raise ParameterError(msg)
    parent, _ = default_scope(region, parent)
    codes = B.unit_codes(region, level=level, parent=parent)
    notes: list[str] = []
    y = B.pick_year(region, measure, codes, year, notes)
    v, _ = B.measure_values(region, measure, y, codes)
    missing = [c for c, x in v.items() if pd.isna(x)]
    if missing:
        notes.append(Message("ind_left_out_measure", measure=measure, year=y,
                             codes=[str(c) for c in missing]))
    x = np.sort(v.dropna().to_numpy(dtype="float64"))[::-1]
    if top is not None:
        x = x[: int(top)]
    fit = fit_rank_size(x)
    row = {"q": fit["q"], "q_se": fit["q_se"], "intercept": fit["intercept"],
           "fitted_first": fit["fitted_first"],
           "observed_first": float(x[0]) if len(x) else math.nan, "r2": fit["r2"],
           "n": len(x), "zeta_gi": fit["zeta_gi"], "zeta_gi_se": fit["zeta_gi_se"]}
    df = pd.DataFrame([row], index=pd.Index([measure], name="measure"))
    if len(x) < 3:
        notes.append(Message("ind_rank_size_too_few", n=len(x)))
    return B.finish(df, indicator="rank_size", region=region, year=y, level=level,
                    measure=measure, parameters={"parent": parent, "top": top},
                    sources=B.sources(region, B.measure_indicators(measure), [y], codes),
                    notes=notes, reference=REFERENCE)
