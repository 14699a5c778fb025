"""Theil T and Theil L with their between/within decomposition over groups of units.

With ``weight=None`` every unit weighs the same and the values equal PySAL ``inequality`` 1.1.2
(Theil = Σ s ln(n s); ``Theil``, ``TheilD``). References: Theil (1967) *Economics and
Information Theory*; Shorrocks (1980) *Econometrica* 48(3):613-625 for the decomposition;
METHODS.md §9. The names stay importable from :mod:`metroscope.indicators.inequality`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..messages import Message
from . import _base as B
from ._inequality import _norm_weight, _zero_mean_note, inputs

if TYPE_CHECKING:
    from ..region import Region

__all__ = ["REFERENCE", "theil", "theil_decomposition", "theil_l", "theil_t"]

# the reference of the theil indicator since it lived in .inequality (kept for identical output)
REFERENCE = ("Theil 1967; Shorrocks 1980, Econometrica 48(3):613-625; Williamson 1965, "
             "EDCC 13(4):1-84; METHODS.md §9")


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
    Nothing; a zero total gives NaN and a zero ``Y_i`` gives inf (no warning); a unit with
    zero weight ``P_i`` adds nothing (0 · ln 0 = 0).

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
        return float(B.xlogy(w, w / s).sum())  # a zero weight adds 0 · ln 0 = 0


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
