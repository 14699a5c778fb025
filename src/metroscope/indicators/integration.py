"""Integration (一体化): a composite integration index per member unit on entropy weights, its
sub-indices (:func:`sub_indices`, used by :mod:`.coupling` too) and ±20 % weight sensitivity.
The entropy weight method is :mod:`.entropy`; the coupling-coordination degree of two
sub-indices is :mod:`.coupling`, which imports this module. Both stay importable from here.

References: the entropy weight method as in 郑陈柔雨, 马延吉 (2021) 中国科学院大学学报 38(3):323-332;
王淑佳 et al. (2021) 自然资源学报 36(3):793-810 for the coupling-coordination model;
METHODS.md §11-§12. Years are pooled before standardising ("global" entropy), so scores of
different years are comparable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..messages import Message
from . import _base as B
from ._integration_panel import DERIVED, REFERENCE, integration_panel
from .entropy import entropy_weights, standardise

if TYPE_CHECKING:
    from ..region import Region

DEFAULT_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "linkage": ("linkage_with_core", "membership_to_core_pct", "distance_to_core_km"),
    "division": ("krugman_with_core",),
}

# the entropy method (.entropy) and the coupling model (.coupling) stay importable from here;
# the coupling names lazily (module __getattr__ below), since .coupling imports this module
_COUPLING = ("COORDINATION_CLASSES", "coordination_class", "coupling_coordination",
             "coupling_values")
__all__ = [
    "COORDINATION_CLASSES",  # noqa: F822 (lazy, __getattr__)
    "DEFAULT_DIMENSIONS",
    "DERIVED",
    "coordination_class",  # noqa: F822 (lazy, __getattr__)
    "coupling_coordination",  # noqa: F822 (lazy, __getattr__)
    "coupling_values",  # noqa: F822 (lazy, __getattr__)
    "entropy_weights",
    "integration_index",
    "integration_panel",
    "integration_weights",
    "standardise",
    "sub_indices",
    "weight_sensitivity",
]


def __getattr__(name: str) -> Any:
    """The coupling model's names, importable from here as before (imported on first use)."""
    if name in _COUPLING:
        from . import coupling

        return getattr(coupling, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def _directions(names: Sequence[str], negative: Sequence[str] | None) -> list[str]:
    if negative is not None:
        return [str(n) for n in negative]
    return [n for n in names if DERIVED.get(n) == "negative"]


def _scores(z: pd.DataFrame, w: pd.Series) -> pd.Series:
    return (z * w).sum(axis=1)


def sub_indices(scores: pd.DataFrame, weights: pd.Series,
                dimensions: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Sub-index of each dimension: the weighted mean of its indicators' scores.

    .. math:: U^{(d)}_{it} = \\frac{\\sum_{j \\in d} w_j z_{itj}}{\\sum_{j \\in d} w_j}

    The one builder of the ``u_<dimension>`` columns, for :func:`integration_index` (min-max
    scores) and :func:`~metroscope.indicators.coupling.coupling_coordination` (benchmark scores).

    Parameters
    ----------
    scores
        Scores 0-1, one column per indicator (rows: unit-years).
    weights
        Weight per indicator (the entropy weights), indexed by indicator name.
    dimensions
        {dimension: indicators}; indicators that are not columns of ``scores`` are ignored.

    Returns
    -------
    pandas.DataFrame
        Same index as ``scores``; one column ``u_<dimension>`` per dimension, in order (0-1;
        NaN for a dimension with none of its indicators among the columns).

    Raises
    ------
    KeyError
        When an indicator among the columns has no weight.

    Examples
    --------
    >>> z = pd.DataFrame({"a": [1.0, 0.0], "b": [0.5, 1.0], "c": [0.0, 0.2]})
    >>> w = pd.Series({"a": 0.2, "b": 0.6, "c": 0.2})
    >>> # u_ab = (0.2 x 1.0 + 0.6 x 0.5) / 0.8 = 0.625 and (0.6 x 1.0) / 0.8 = 0.75
    >>> sub_indices(z, w, {"ab": ["a", "b"], "c": ["c"], "none": ["x"]})
        u_ab  u_c  u_none
    0  0.625  0.0     NaN
    1  0.750  0.2     NaN
    """
    out = pd.DataFrame(index=scores.index)
    for d, members in dimensions.items():
        mem = [m for m in members if m in scores.columns]
        out[f"u_{d}"] = ((scores[mem] * weights[mem]).sum(axis=1) / weights[mem].sum()
                         if mem else math.nan)
    return out


def _ranks(score: pd.Series) -> pd.Series:
    return score.groupby(level="year").rank(ascending=False, method="min").astype("int64")


def integration_index(
    region: Region,
    *,
    indicators: Sequence[str] | None = None,
    negative: Sequence[str] | None = None,
    dimensions: Mapping[str, Sequence[str]] | None = None,
    years: Sequence[int] | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    core: str | None = None,
    shift: float = 0.0,
) -> pd.DataFrame:
    """Composite integration index per member unit and year, with entropy weights.

    .. math:: S_{it} = \\sum_j w_j z_{itj},\\qquad
              U^{(d)}_{it} = \\frac{\\sum_{j \\in d} w_j z_{itj}}{\\sum_{j \\in d} w_j}

    z is the min-max standardised value over all units and years pooled and w the entropy
    weights (:func:`entropy_weights`) of the pooled table; U^(d) is the sub-index of
    dimension d (0-1).

    Parameters
    ----------
    indicators
        Stats indicator names and/or derived names (:data:`DERIVED`); default the derived set:
        linkage with the core, membership to the core, distance to the core (negative), and
        the Krugman index against the core (industrial division).
    negative
        Indicators where less is better (default: the derived ones marked negative).
    dimensions
        Sub-indices {name: indicators}; default :data:`DEFAULT_DIMENSIONS` when the default
        indicators are used, else one dimension ``all``.
    years, level, codes, core
        As in :func:`integration_panel`.
    shift
        Added to z in the entropy step only (default 0).

    Returns
    -------
    pandas.DataFrame
        Index ``(code, year)``; columns ``name_zh``, ``score``, ``rank`` (within the year,
        1 = most integrated), ``u_<dimension>`` and ``z_<indicator>``. The weights are in
        ``attrs['metroscope']['parameters']['weights']`` and from :func:`integration_weights`.

    Raises
    ------
    MissingDataError
        Propagated from :func:`integration_panel` (no year in which every indicator exists for
        the units, unknown codes, no core employment) and from :func:`entropy_weights` (fewer
        than 2 observations).
    UnknownIndicatorError
        When a plain name in ``indicators`` is not a stats indicator of the region.

    References
    ----------
    郑陈柔雨, 马延吉 2021; METHODS.md §12.

    Examples
    --------
    >>> ix = integration_index(region)
    >>> ix[["score", "rank"]].round(3)
                 score  rank
    code   year
    220200 2010  0.795     1
    220300 2010  0.258     2
    220400 2010  0.180     3
    220200 2020  0.845     1
    220300 2020  0.257     2
    220400 2020  0.255     3
    """
    panel = integration_panel(region, indicators=indicators, years=years, level=level,
                              codes=codes, core=core)
    names = list(panel.columns)
    neg = _directions(names, negative)
    wt = entropy_weights(panel, negative=neg, shift=shift)
    w = wt["weight"]
    z = standardise(panel, neg)
    dims = dict(dimensions) if dimensions is not None else (
        DEFAULT_DIMENSIONS if indicators is None else {"all": tuple(names)})
    out = pd.DataFrame(index=panel.index)
    cs = [str(c) for c in panel.index.get_level_values("code")]
    out["name_zh"] = region.units.loc[cs, "name_zh"].astype(str).to_numpy()
    out["score"] = _scores(z, w)
    out["rank"] = _ranks(out["score"])
    for col, u in sub_indices(z[names], w, dims).items():
        out[col] = u
    for c in names:
        out[f"z_{c}"] = z[c]
    meta = panel.attrs["metroscope"]
    return B.finish(out, indicator="integration_index", region=region, year=meta.get("year"),
                    level=level,
                    parameters={"indicators": names, "negative": neg, "shift": shift,
                                "weights": {k: float(v) for k, v in w.items()},
                                "dimensions": {k: list(v) for k, v in dims.items()},
                                "core": core},
                    sources=meta.get("sources"),
                    notes=[*meta["notes"], Message("ind_years_pooled")],
                    reference=REFERENCE)


def integration_weights(region: Region, **kwargs: Any) -> pd.DataFrame:
    """The entropy weights behind :func:`integration_index` (same arguments).

    Returns
    -------
    pandas.DataFrame
        As :func:`entropy_weights`.

    Raises
    ------
    MissingDataError
        Propagated from :func:`integration_panel` and :func:`entropy_weights` as in
        :func:`integration_index`.
    UnknownIndicatorError
        When a plain name in ``indicators`` is not a stats indicator of the region.

    Examples
    --------
    >>> integration_weights(region).round(3)
                           direction     min      max  entropy  divergence  weight
    indicator
    linkage_with_core       positive  34.447  183.424    0.712       0.288   0.278
    membership_to_core_pct  positive  19.822   53.260    0.731       0.269   0.260
    distance_to_core_km     negative  98.379  106.767    0.682       0.318   0.306
    krugman_with_core       positive   0.114    0.425    0.838       0.162   0.156
    """
    shift = float(kwargs.pop("shift", 0.0))
    negative = kwargs.pop("negative", None)
    kwargs.pop("dimensions", None)
    panel = integration_panel(region, **kwargs)
    neg = _directions(list(panel.columns), negative)
    out = entropy_weights(panel, negative=neg, shift=shift)
    meta = panel.attrs["metroscope"]
    return B.finish(out, indicator="integration_weights", region=region, year=meta.get("year"),
                    level=meta.get("level"), parameters={"shift": shift, "negative": neg},
                    sources=meta.get("sources"), notes=meta.get("notes"), reference=REFERENCE)


def weight_sensitivity(
    region: Region,
    *,
    change_pct: float = 20.0,
    **kwargs: Any,
) -> pd.DataFrame:
    """Rank changes of the integration index when each weight moves by ±``change_pct`` %.

    .. math:: w'_j = \\frac{w_j (1 \\pm c)}{\\sum_k w'_k},\\qquad
              S'_{it} = \\sum_j w'_j z_{itj}

    Parameters
    ----------
    change_pct
        Relative change of one weight at a time, percent (default 20).
    kwargs
        As :func:`integration_index`.

    Returns
    -------
    pandas.DataFrame
        Index ``(indicator, change_pct)``; columns ``weight``, ``weight_perturbed``,
        ``max_rank_change``, ``n_rank_changes`` (unit-years whose rank changed),
        ``changed`` (``code@year`` list).

    Raises
    ------
    MissingDataError
        Propagated from :func:`integration_index`.
    UnknownIndicatorError
        Propagated from :func:`integration_index`.

    References
    ----------
    METHODS.md §12 (sensitivity report).

    Examples
    --------
    >>> w = weight_sensitivity(region)
    >>> w[["max_rank_change", "changed"]].head(4)
                                       max_rank_change                   changed
    indicator              change_pct
    linkage_with_core      -20.0                     1  220300@2020, 220400@2020
                            20.0                     0
    membership_to_core_pct -20.0                     1  220300@2020, 220400@2020
                            20.0                     0
    """
    idx = integration_index(region, **kwargs)
    meta = idx.attrs["metroscope"]
    w = pd.Series(meta["parameters"]["weights"])
    z = idx[[f"z_{c}" for c in w.index]].set_axis(list(w.index), axis=1)
    base = idx["rank"]
    rows = []
    for ind in w.index:
        for sign in (-1, 1):
            w2 = w.copy()
            w2[ind] = w[ind] * (1 + sign * change_pct / 100)
            w2 = w2 / w2.sum()
            r2 = _ranks(_scores(z, w2))
            diff = (r2 - base).abs()
            changed = [f"{c}@{y}" for (c, y), v in diff.items() if v > 0]
            rows.append({"indicator": ind, "change_pct": sign * change_pct,
                         "weight": float(w[ind]), "weight_perturbed": float(w2[ind]),
                         "max_rank_change": int(diff.max()), "n_rank_changes": len(changed),
                         "changed": ", ".join(changed)})
    df = pd.DataFrame(rows).set_index(["indicator", "change_pct"])
    return B.finish(df, indicator="weight_sensitivity", region=region, year=meta.get("year"),
                    level=meta.get("level"),
                    parameters={**meta["parameters"], "change_pct": change_pct},
                    sources=meta.get("sources"), notes=meta.get("notes"), reference=REFERENCE)
