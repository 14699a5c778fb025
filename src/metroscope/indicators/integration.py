"""Integration (一体化): a composite integration index per member unit on entropy weights, its
±20 % weight sensitivity, and the coupling-coordination degree of two sub-indices. The entropy
weight method is :mod:`.entropy` and the coupling model :mod:`.coupling`, both importable here.

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

from .._errors import MissingDataError
from ..messages import Message
from . import _base as B
from .coupling import (
    COORDINATION_CLASSES,
    coordination_class,
    coupling_coordination,
    coupling_values,
)
from .entropy import entropy_weights, standardise

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = ("entropy weights: 郑陈柔雨, 马延吉 2021, 中国科学院大学学报 38(3):323-332; "
             "coupling coordination: 王淑佳 et al. 2021, 自然资源学报 36(3):793-810; "
             "METHODS.md §11-§12")

#: Indicators derived from the Region for the default integration index, with their direction.
DERIVED: dict[str, str] = {
    "linkage_with_core": "positive",       # R_ic + R_ci (gravity linkage with the core)
    "membership_to_core_pct": "positive",  # share of the unit's linkage going to the core
    "distance_to_core_km": "negative",     # great-circle distance of the seats
    "krugman_with_core": "positive",       # industrial difference from the core (division)
}
DEFAULT_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "linkage": ("linkage_with_core", "membership_to_core_pct", "distance_to_core_km"),
    "division": ("krugman_with_core",),
}

# the entropy method (.entropy) and the coupling model (.coupling) stay importable from here
__all__ = [
    "COORDINATION_CLASSES",
    "DEFAULT_DIMENSIONS",
    "DERIVED",
    "coordination_class",
    "coupling_coordination",
    "coupling_values",
    "entropy_weights",
    "integration_index",
    "integration_panel",
    "integration_weights",
    "standardise",
    "weight_sensitivity",
]


# ---------------------------------------------------------------------------- panel
def _derived_year(region: Region, year: int, level: str, core: str | None,
                  names: list[str]) -> pd.DataFrame:
    from .industry import employment_matrix
    from .spillover import spillover_table

    out = pd.DataFrame()
    if any(n != "krugman_with_core" for n in names):
        sp = spillover_table(region, year=year, level=level, core=core, scope="all")
        out = sp[["linkage_with_core", "membership_to_core_pct", "distance_to_core_km"]].copy()
        core = sp.attrs["metroscope"]["parameters"]["core"]
    if "krugman_with_core" in names:
        core = core or region.core_code()
        emp = employment_matrix(region, year=year, level=level).matrix
        if core not in emp.index:
            msg = f"No employment by industry for the core {core} in {year}."
            raise MissingDataError(msg)
        s = emp.div(emp.sum(axis=1), axis=0)
        k = (s - s.loc[core]).abs().sum(axis=1).rename("krugman_with_core")
        out = k.to_frame() if out.empty else out.join(k, how="outer")
    return out[names]


def _candidate_years(region: Region, plain: list[str], derived: list[str],
                     cs: list[str]) -> set[int]:
    """Years in which the plain stats exist for the units and the derived ones can be formed."""
    cand: set[int] = set()
    if plain:
        cand = set.intersection(*(set(B.years_with(region, n, cs)) for n in plain))
    if derived:
        dy = set().union(*(set(B.years_with(region, i)) for i in B.POPULATION_INDICATORS))
        if B.has_indicator(region, "gdp"):
            dy &= set(B.years_with(region, "gdp"))
        if "krugman_with_core" in derived:
            dy &= set(B.years_with(region, "employed_sample_manufacturing"))
        cand = cand & dy if plain else dy
    return cand


def integration_panel(
    region: Region,
    *,
    indicators: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    core: str | None = None,
) -> pd.DataFrame:
    """The pooled unit-year table of integration indicators (index ``(code, year)``).

    Names in :data:`DERIVED` are computed from the Region (spillover table and employment
    shares against the core); other names are stats indicators. Units default to the metro
    members (roles core/member/partial, the core left out when derived indicators are used);
    years default to every year in which all indicators can be formed (others are noted).

    Raises
    ------
    MissingDataError
        When no year has every indicator for all the units, a code is not a unit, no unit is at
        ``level``, or (derived indicators) the core has no employment by industry.
    UnknownIndicatorError
        When a plain name in ``indicators`` is not a stats indicator of the region.

    Examples
    --------
    >>> p = integration_panel(region)
    >>> p.loc[("220200", 2020)].round(2)
    linkage_with_core         183.42
    membership_to_core_pct     48.80
    distance_to_core_km        98.38
    krugman_with_core           0.19
    Name: (220200, 2020), dtype: float64
    """
    names = list(indicators) if indicators is not None else list(DERIVED)
    derived = [n for n in names if n in DERIVED]
    plain = [n for n in names if n not in DERIVED]
    for n in plain:
        B.require_indicator(region, n)
    if codes is None:
        cs = B.unit_codes(region, level=level, roles=B.METRO_ROLES)
        if derived:
            the_core = core or region.core_code()
            cs = [c for c in cs if c != the_core]
    else:
        cs = B.unit_codes(region, level=level, codes=codes)
    cand = _candidate_years(region, plain, derived, cs)
    if years is not None:
        cand &= {int(y) for y in years}
    notes: list[str] = []
    frames = []
    for y in sorted(cand):
        try:
            part = pd.DataFrame(index=pd.Index(cs, name="code"))
            for n in plain:
                part[n] = B.values(region, n, y, cs)
            if derived:
                part = part.join(_derived_year(region, y, level, core, derived), how="left")
        except MissingDataError as exc:
            notes.append(f"{y} skipped: {exc}")
            continue
        part = part[names]
        if part.isna().any().any():
            miss = [str(c) for c in part.index[part.isna().any(axis=1)]]
            notes.append(f"{y} skipped: incomplete for {', '.join(miss)}")
            continue
        frames.append(part.assign(year=y).set_index("year", append=True))
    if not frames:
        msg = (f"No year in which every indicator ({', '.join(names)}) exists for the units "
               f"{cs}. " + " ".join(notes))
        raise MissingDataError(msg)
    panel = pd.concat(frames).astype("float64")
    return B.finish(panel, indicator="integration_panel", region=region,
                    year=sorted({int(y) for y in panel.index.get_level_values("year")}),
                    level=level, parameters={"indicators": names, "core": core},
                    sources=B.sources(region, [*plain, "gdp", *B.POPULATION_INDICATORS],
                                      None, cs), notes=notes, reference=REFERENCE)


def _directions(names: Sequence[str], negative: Sequence[str] | None) -> list[str]:
    if negative is not None:
        return [str(n) for n in negative]
    return [n for n in names if DERIVED.get(n) == "negative"]


def _scores(z: pd.DataFrame, w: pd.Series) -> pd.Series:
    return (z * w).sum(axis=1)


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
    for d, members in dims.items():
        mem = [m for m in members if m in names]
        out[f"u_{d}"] = (z[mem] * w[mem]).sum(axis=1) / w[mem].sum() if mem else math.nan
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
                    notes=[*meta.get("notes", []), Message("ind_years_pooled")],
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
