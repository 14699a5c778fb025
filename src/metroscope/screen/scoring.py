"""Scoring of the opportunity screen: normalisation, weights, the weighted score, ranks and the
±20 % weight sensitivity. Pure functions on a table of raw component values (rows = city ×
sector cells, columns = components), so they can be checked by hand.

Definitions (METHODS.md §12; the same min-max step as
:func:`metroscope.indicators.entropy.standardise`, reused):

.. math::

    z_{ij} = \\frac{x_{ij} - \\min_i x_{ij}}{\\max_i x_{ij} - \\min_i x_{ij}}\\ (0\\ \\text{when
    the column is constant}),\\qquad
    S_i = \\sum_j w_j z_{ij},\\quad \\sum_j w_j = 1

The minimum and maximum run over the *ranked* rows only (every active component present, no
suppressed location quotient), so a suppressed or incomplete cell never shifts anyone's score.
Min-max makes the score invariant to a positive rescaling or a shift of any component
(``x -> a x + b``, ``a > 0``); ranks use ``method="min"`` (ties share the best rank) and the
output is sorted by (rank, code, industry), so it does not depend on the row order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import ParameterError, shorten
from ..indicators.entropy import entropy_weights as _entropy_table
from ..indicators.entropy import standardise
from ..messages import Message

#: Default relative change of one weight in the sensitivity check (METHODS.md §12: ±20 %).
SENSITIVITY_PCT = 20.0
#: Default length of the head of the ranking whose stability the sensitivity check reports.
TOP_N = 10

__all__ = ["SENSITIVITY_PCT", "TOP_N", "entropy_weights", "normalise", "parse_weights",
           "rank_scores", "resolve_weights", "scores", "sensitivity"]



def _sentences(problems: Sequence[Message]) -> dict[str, str]:
    """Several sentences as one message parameter: run together in Chinese (each ends with
    。), spaced in English."""
    return {"zh": "".join(p.zh for p in problems), "en": " ".join(problems)}

def normalise(raw: pd.DataFrame) -> pd.DataFrame:
    """Min-max scores in [0, 1] of every column of ``raw`` (rows = ranked cells); a constant
    column scores 0 everywhere. NaN stays NaN.

    Raises
    ------
    Nothing of its own (:func:`metroscope.indicators.entropy.standardise` raises nothing);
    ``ValueError`` from pandas if a column of ``raw`` cannot be cast to float.

    Examples
    --------
    >>> normalise(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [5.0, 5.0, 5.0]}))
         a    b
    0  0.0  0.0
    1  0.5  0.0
    2  1.0  0.0
    """
    return standardise(raw.astype("float64"))


def parse_weights(text: str) -> dict[str, float]:
    """``"growth=2,lq_nation=1"`` -> ``{"growth": 2.0, "lq_nation": 1.0}``.

    Raises
    ------
    ParameterError
        With every malformed item at once (``name=number``, number finite and >= 0, each
        name once), or when ``text`` names no weight at all.

    Examples
    --------
    >>> parse_weights("growth=2,lq_nation=1")
    {'growth': 2.0, 'lq_nation': 1.0}
    """
    out: dict[str, float] = {}
    bad: list[str] = []
    twice: list[str] = []
    for item in (p.strip() for p in text.split(",")):
        if not item:
            continue
        name, sep, value = item.partition("=")
        try:
            w = float(value)
        except ValueError:
            w = math.nan
        if not sep or not name.strip() or not math.isfinite(w) or w < 0:
            bad.append(item)
            continue
        if name.strip() in out:  # growth=1,growth=2 kept the last one without a word
            twice.append(name.strip())
        out[name.strip()] = w
    problems: list[Message] = []
    if bad:
        problems.append(Message("err_weights_bad_text", got=shorten(bad)))
    if twice:
        problems.append(Message("err_weights_twice", got=shorten(sorted(set(twice)))))
    if not out and not bad:
        problems.append(Message("err_weights_none"))
    if problems:
        raise ParameterError(Message("err_weights_problems", problems=_sentences(problems)))
    return out


def resolve_weights(components: Sequence[str], weights: Mapping[str, float] | None,
                    known: Sequence[str]) -> pd.Series:
    """User weights over the ``components`` that can be scored, normalised to sum 1.

    ``weights`` = None: equal weights. Components not named get weight 0; names that are not
    components (``known``) are an error; weights of components that cannot be scored here are
    dropped by the caller (it notes them).

    Raises
    ------
    ParameterError
        Unknown names, a negative or non-finite weight, or no positive weight left.

    Examples
    --------
    >>> resolve_weights(["growth", "density"], {"growth": 3.0, "density": 1.0}, ["growth", "density"])
    growth     0.75
    density    0.25
    dtype: float64
    """
    comps = list(components)
    if weights is None:
        if not comps:
            msg = Message("err_weights_no_component")
            raise ParameterError(msg)
        return pd.Series(1.0 / len(comps), index=comps, dtype="float64")
    unknown = [k for k in weights if k not in set(known)]
    bad = [k for k, v in weights.items() if not (math.isfinite(float(v)) and float(v) >= 0)]
    if unknown or bad:
        parts = ([Message("err_weights_unknown", got=shorten(unknown))] if unknown else []) + (
            [Message("err_weights_bad", got=shorten(bad))] if bad else [])
        msg = Message("err_weights_problems_known", problems=_sentences(parts), known=list(known))
        raise ParameterError(msg)
    w = pd.Series({c: float(weights.get(c, 0.0)) for c in comps}, dtype="float64")
    if w.sum() <= 0:
        msg = (Message("err_weights_all_zero", components=comps) if comps
               else Message("err_weights_all_zero_none"))
        raise ParameterError(msg)
    return w / w.sum()


def entropy_weights(raw: pd.DataFrame) -> pd.DataFrame:
    """Entropy weights (熵权法) of the components over the ranked cells.

    .. math::

        z_{ij} = \\frac{x_{ij} - \\min_j}{\\max_j - \\min_j},\\quad
        p_{ij} = \\frac{z_{ij}}{\\sum_i z_{ij}},\\quad
        e_j = -\\frac{1}{\\ln n}\\sum_i p_{ij}\\ln p_{ij}\\ (0 \\ln 0 = 0),\\quad
        w_j = \\frac{1 - e_j}{\\sum_k (1 - e_k)}

    n = number of ranked cells. A component that is equal in every cell has e_j = 1 and
    weight 0 (it tells the cells apart no more than a constant). Computed by
    :func:`metroscope.indicators.entropy.entropy_weights` (no shift), reused.

    Returns
    -------
    pandas.DataFrame
        Index ``indicator`` (component); columns ``direction``, ``min``, ``max``,
        ``entropy``, ``divergence``, ``weight``.

    Raises
    ------
    MissingDataError
        Fewer than 2 ranked cells.

    References
    ----------
    Shannon 1948, *Bell System Technical Journal* 27:379-423 (entropy); the entropy weight
    method as in 郑陈柔雨, 马延吉 2021, 中国科学院大学学报 38(3):323-332; METHODS.md §12.

    Examples
    --------
    >>> raw = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 1.0, 4.0]})
    >>> entropy_weights(raw).round(3)
              direction  min  max  entropy  divergence  weight
    indicator
    a          positive  1.0  3.0    0.579       0.421   0.463
    b          positive  1.0  4.0    0.512       0.488   0.537
    """
    return _entropy_table(raw.astype("float64"))


def scores(z: pd.DataFrame, w: pd.Series) -> pd.Series:
    """S_i = Σ_j w_j z_ij over the columns of ``w`` (rows of ``z`` without NaN in them).

    Raises
    ------
    KeyError
        From pandas when a component of ``w`` is not a column of ``z``.

    Examples
    --------
    >>> z = pd.DataFrame({"a": [0.0, 1.0], "b": [1.0, 0.5]})
    >>> scores(z, pd.Series({"a": 0.75, "b": 0.25}))
    0    0.250
    1    0.875
    dtype: float64
    """
    cols = list(w.index)
    return (z[cols] * w.to_numpy()[None, :]).sum(axis=1, min_count=len(cols)) if cols else (
        pd.Series(np.nan, index=z.index))


def rank_scores(score: pd.Series) -> pd.Series:
    """Rank 1 = the highest score; ties share the best rank (``method="min"``); NaN unranked.

    Raises
    ------
    Nothing of its own; a NaN score gets the rank NA.

    Examples
    --------
    >>> rank_scores(pd.Series([0.2, 0.9, 0.9, np.nan]))
    0       3
    1       1
    2       1
    3    <NA>
    dtype: Int64
    """
    # rounded to 12 decimals so that float noise (1 ulp) never breaks or makes a tie
    return score.round(12).rank(ascending=False, method="min").astype("Int64")


def _top(ranks: pd.Series, n: int) -> set[object]:
    return set(ranks.index[ranks.fillna(10**9) <= n])


def sensitivity(z: pd.DataFrame, w: pd.Series, *, change_pct: float = SENSITIVITY_PCT,
                top: int = TOP_N) -> pd.DataFrame:
    """How the top ``top`` changes when each weight moves by ±``change_pct`` % (the others
    rescaled so the weights still sum to 1).

    .. math:: w'_j = \\frac{w_j (1 \\pm c)}{1 + (\\pm c) w_j},\\qquad
              w'_k = \\frac{w_k}{1 + (\\pm c) w_j}\\ (k \\ne j)

    Parameters
    ----------
    z
        Normalised components of the ranked cells (as :func:`normalise`).
    w
        Weights of the scored components (sum 1).
    change_pct
        Relative change of one weight at a time, percent (default 20).
    top
        Size of the head of the ranking that is compared (default 10; rank <= top).

    Returns
    -------
    pandas.DataFrame
        One row per (component, change): ``component``, ``change_pct`` (signed),
        ``weight``, ``weight_perturbed``, ``top_n`` (size of the baseline head), ``kept``
        (baseline head cells still in the head), ``entered`` and ``left`` (cells, as
        index labels), ``max_rank_shift`` (largest absolute rank change of a baseline head
        cell).

    Raises
    ------
    ParameterError
        When ``change_pct`` is not a finite number in (0, 100).
    KeyError
        Propagated from :func:`scores` when a component of ``w`` is not a column of ``z``.

    Examples
    --------
    >>> z = pd.DataFrame({"a": [0.0, 0.5, 1.0], "b": [1.0, 0.6, 0.0]}, index=["x", "y", "z"])
    >>> s = sensitivity(z, pd.Series({"a": 0.5, "b": 0.5}), top=1)
    >>> s[["component", "change_pct", "entered", "left"]]
      component  change_pct entered left
    0         a       -20.0     [x]   []
    1         a        20.0     [z]   []
    2         b       -20.0     [z]  [y]
    3         b        20.0      []   []
    """
    if not (math.isfinite(change_pct) and 0 < change_pct < 100):
        msg = Message("err_change_pct", got=shorten(change_pct))
        raise ParameterError(msg)
    base = rank_scores(scores(z, w))
    head = _top(base, top)
    rows = []
    for comp in w.index:
        for sign in (-1.0, 1.0):
            w2 = w.copy()
            w2[comp] = w[comp] * (1 + sign * change_pct / 100)
            w2 = w2 / w2.sum()
            r2 = rank_scores(scores(z, w2))
            head2 = _top(r2, top)
            shift = [abs(int(r2[i]) - int(base[i])) for i in head]
            rows.append({"component": comp, "change_pct": sign * change_pct,
                         "weight": float(w[comp]), "weight_perturbed": float(w2[comp]),
                         "top_n": len(head), "kept": len(head & head2),
                         "entered": sorted(head2 - head, key=str),
                         "left": sorted(head - head2, key=str),
                         "max_rank_shift": max(shift) if shift else 0})
    return pd.DataFrame(rows, columns=["component", "change_pct", "weight", "weight_perturbed",
                                       "top_n", "kept", "entered", "left", "max_rank_shift"])
