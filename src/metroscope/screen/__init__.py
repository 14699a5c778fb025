"""The opportunity screen: a transparent ranking of city × sector cells inside a metropolitan
area. It is a screen, not advice.

>>> import metroscope
>>> from metroscope import screen
>>> table = screen.screen(metroscope.load("changchun"))          # doctest: +SKIP
>>> screen.sensitivity(table)                                     # doctest: +SKIP

Each cell (a city — prefecture by default, or county-level unit — and one of the 20 census
sectors) carries every component's raw value, its normalised score and, when missing, the
reason (:mod:`.components`, :mod:`.access`); the score is the weighted sum of the normalised
components (:mod:`.scoring`), with equal weights by default, user weights, or entropy weights.
Missing components are missing, never 0: a component missing for the whole area is left out
of the score (noted, the other weights rescaled); a cell missing an active component, or whose
location quotient is suppressed (fewer than 30 sampled persons, or no employment), is not
ranked. What the screen cannot see is stated in the result (:data:`CANNOT_SEE`): firm-level
data, prices (wages, land, rents), policy incentives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import ParameterError, shorten
from ..indicators import _base as B
from ..indicators._employment import Employment, employment_matrix
from ..measures import INDUSTRIES
from ..messages import Message
from . import components as C
from .access import access_gain
from .scoring import (
    SENSITIVITY_PCT,
    TOP_N,
    entropy_weights,
    normalise,
    parse_weights,
    rank_scores,
    resolve_weights,
    scores,
)
from .scoring import sensitivity as _sensitivity

if TYPE_CHECKING:
    from ..region import Region

#: Components in display order (each a column; its normalised score is ``z_<component>``).
COMPONENTS: tuple[str, ...] = ("growth", "lq_province", "lq_nation", "density", "cog",
                               "access_gain", "population_trend", "plan_role")
#: Unit of every numeric column of the result (recorded in ``attrs['metroscope']['units']``;
#: the command line writes each column at the precision of its unit).
UNITS: dict[str, str] = {
    "rank": "count", "score": "index_0_1", "growth": "midpoint_growth",
    "lq_province": "ratio", "lq_nation": "ratio", "density": "index_0_1", "cog": "pci_z",
    "access_gain": "pct", "population_trend": "pct_per_year", "plan_role": "ordinal",
    **{f"z_{c}": "index_0_1" for c in COMPONENTS},
    "sample_persons": "persons", "employed_2010": "persons", "employed_2020": "persons",
    **{f"lq_{r}_ci_{b}": "ratio" for r in ("province", "nation") for b in ("low", "high")},
    "access_base": "persons_per_min", "access_plan": "persons_per_min",
}
#: Output precision of the location quotients and their intervals: 0.001, like the screen's
#: other indices (the unit ``ratio`` elsewhere keeps significant digits); recorded in
#: ``attrs['metroscope']['precision']`` so that the CLI and the web API round them alike.
PRECISION: dict[str, str] = {c: "index" for c, u in UNITS.items() if u == "ratio"}
#: What the screen cannot see (catalogue keys; printed with every result).
CANNOT_SEE = ("scr_blind_firms", "scr_blind_prices", "scr_blind_policy", "scr_blind_sample")
LEVELS = ("prefecture", "county")
REFERENCE = ("location quotient interval: Moineddin, Beyene & Boyle 2003; density: Hidalgo et "
             "al. 2007, Science 317:482-487; complexity outlook gain: Hausmann, Hidalgo et al. "
             "2014, The Atlas of Economic Complexity; midpoint growth: Davis, Haltiwanger & Schuh 1996; "
             "potential accessibility: Hansen 1959; entropy weights and ±20 % sensitivity: "
             "METHODS.md §12")

__all__ = ["CANNOT_SEE", "COMPONENTS", "LEVELS", "components_table", "parse_weights", "screen",
           "sensitivity"]

_NAMES = {k: (zh, en) for k, zh, en in INDUSTRIES}


def _cells(region: Region, level: str, tick: Callable[[str], None]) -> tuple[
        pd.DataFrame, list[Any], str | None, int]:
    """Every component of every cell (raw values and reasons), the notes, the scenario."""
    units = C.require_units(region, level)
    emp = employment_matrix(region, level=level)
    keep = [c for c in emp.matrix.index if c in set(units)]
    notes: list[Any] = list(emp.notes)
    dropped = [c for c in units if c not in set(keep)]
    if dropped:
        notes.append(Message("scr_units_no_employment", codes=dropped))
    if not keep:
        msg = Message("err_screen_no_employment", level=repr(level), region=region.name)
        raise ParameterError(msg)
    emp = Employment(emp.matrix.loc[keep], emp.year, emp.indicators)
    tick("national")
    china = C.national_region()
    national = employment_matrix(china, year=emp.year, level="prefecture") if china else None
    nation = national.matrix.sum(axis=0) if national is not None else None
    tick("lq")
    table = C.specialisation(region, emp, nation)
    tick("growth")
    table = table.join(C.growth(region, emp, level))
    table = table.join(C.relatedness(emp, table["lq_nation"], national))
    tick("access")
    city = C.population_trend(region, keep, level, emp.year).join(C.plan_role(region, keep))
    acc, scen = access_gain(region, keep, level, progress=lambda _s: None)
    city = city.join(acc)
    names = B.names(region, keep)[["name_zh", "name_en"]]
    table = table.join(city.join(names), on="code")
    table["industry_zh"] = [_NAMES.get(i, (i, i))[0] for i in table.index.get_level_values(1)]
    table["industry_en"] = [_NAMES.get(i, (i, i))[1] for i in table.index.get_level_values(1)]
    return table, notes, scen, emp.year


def _available(table: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Components with at least two distinct values; the others with their commonest reason."""
    ok, missing = [], {}
    for c in COMPONENTS:
        vals = table[c].dropna()
        if vals.nunique() >= 2:
            ok.append(c)
        else:
            why = table[f"why_{c}"].replace("", np.nan).dropna()
            missing[c] = str(why.mode().iloc[0]) if len(why) else "constant"
    return ok, missing


def screen(
    region: Region,
    *,
    level: str = "prefecture",
    weights: Mapping[str, float] | None = None,
    entropy: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Rank the city × sector cells of ``region``'s metropolitan units.

    .. math:: S_{cs} = \\sum_j w_j z_{cs,j},\\qquad
              z_{cs,j} = \\frac{x_{cs,j} - \\min x_j}{\\max x_j - \\min x_j}

    over the ranked cells (see :mod:`.scoring`); components in :data:`COMPONENTS` (defined in
    :mod:`.components` and :mod:`.access`), higher = more of it.

    Parameters
    ----------
    level
        ``prefecture`` (cities, default) or ``county``.
    weights
        ``{component: weight >= 0}`` (rescaled to sum 1; unnamed components get 0). Default
        equal weights over the components that can be computed.
    entropy
        Entropy weights instead (:func:`.scoring.entropy_weights`); not with ``weights``.
    progress
        Called as ``progress(done, total)`` after each step.

    Returns
    -------
    pandas.DataFrame
        Index ``(code, industry)``, sorted by rank; columns ``rank`` (Int64, NA = not
        ranked), ``score`` (0-1), ``name_zh``, ``name_en``, ``industry_zh``, ``industry_en``,
        ``role``; per component its raw value, ``z_<component>`` and ``why_<component>``
        (empty when present); the LQ evidence (``sample_persons``, ``lq_*_ci_low``,
        ``lq_*_ci_high``, ``lq_*_flag``), ``employed_2010``, ``employed_2020``,
        ``access_base``, ``access_plan``, and ``why_unranked``. ``attrs['metroscope']``:
        ``parameters`` (``weights``, ``weighting``, ``components`` scored, ``unavailable``
        {component: reason}, ``scenario``, ``year``) and the notes.

    Raises
    ------
    ParameterError
        Unknown level, unknown component or bad weights, weights with ``entropy``.
    MissingDataError
        No metropolitan unit or no census employment by industry.

    Examples
    --------
    >>> result = screen(region)
    >>> result.shape
    (80, 43)
    >>> result[["rank", "score", "industry_en"]].round(3).head(3)
                        rank  score                                 industry_en
    code   industry
    220100 research        1  0.785  Scientific research and technical services
           real_estate     2  0.751                                 Real estate
           information     3  0.744   Information transmission, software and IT
    """
    if level not in LEVELS:
        msg = Message("err_screen_level", got=shorten(level), allowed=list(LEVELS))
        raise ParameterError(msg)
    if entropy and weights is not None:
        msg = Message("err_screen_weights_or_entropy")
        raise ParameterError(msg)
    if weights is not None:
        resolve_weights(COMPONENTS, weights, COMPONENTS)  # validates names and values early
    steps = ["national", "lq", "growth", "access", "score"]
    done = [0]

    def tick(_step: str) -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], len(steps))

    table, notes, scen, year = _cells(region, level, tick)
    avail, unavailable = _available(table)
    for comp, why in unavailable.items():
        notes.append(Message("scr_component_missing", component=Message(f"scr_comp_{comp}"),
                             reason=Message(f"scr_why_{why}")))
    w = resolve_weights(avail, None if weights is None else
                        {k: v for k, v in weights.items() if k in avail}, COMPONENTS)
    active = [c for c in w.index if w[c] > 0]
    suppressed = table["why_lq_province"].str.startswith("suppressed") | table[
        "why_lq_nation"].str.startswith("suppressed")
    why_unranked = []
    for cell, row in table.iterrows():
        miss = [c for c in active if pd.isna(row[c])]
        why_unranked.append("; ".join(
            (["suppressed_lq"] if suppressed[cell] else []) + [f"missing_{c}" for c in miss]))
    table["why_unranked"] = why_unranked
    ranked = table["why_unranked"] == ""
    raw = table.loc[ranked, active]
    weighting = "entropy" if entropy else ("user" if weights is not None else "equal")
    ent = None
    if entropy:
        ent = entropy_weights(raw)
        w = ent["weight"].astype("float64")
        w.index = list(ent.index)
    else:
        w = w[active]
    z = normalise(raw)
    table["score"] = scores(z, w).reindex(table.index)
    table["rank"] = rank_scores(table["score"])
    for c in COMPONENTS:
        table[f"z_{c}"] = z[c].reindex(table.index) if c in z.columns else np.nan
    tick("score")
    table = _order(table)
    n_ranked = int(ranked.sum())
    notes.append(Message("scr_ranked", n_ranked=n_ranked, n_cells=len(table),
                         n_suppressed=int(suppressed.sum())))
    return B.finish(table, indicator="opportunity_screen", region=region, year=[2010, year],
                    level=level, measure="census employment by industry, population, network",
                    parameters={"weights": {k: float(v) for k, v in w.items()},
                                "weighting": weighting, "components": list(w.index),
                                "unavailable": unavailable, "scenario": scen, "year": year,
                                "entropy": None if ent is None else {
                                    k: float(v) for k, v in ent["entropy"].items()}},
                    sources=B.sources(region, ["population", *[
                        f"employed_sample_{i}" for i in table.index.get_level_values(1).unique()
                    ]], [2010, year], sorted({str(c) for c in table.index.get_level_values(0)})),
                    notes=notes, reference=REFERENCE, n=n_ranked, units=UNITS,
                    precision=PRECISION)


def _order(table: pd.DataFrame) -> pd.DataFrame:
    first = ["rank", "score", "name_zh", "name_en", "industry_zh", "industry_en", "role"]
    comp_cols = [x for c in COMPONENTS for x in (c, f"z_{c}", f"why_{c}")]
    rest = [c for c in table.columns if c not in set(first) | set(comp_cols)]
    out = table[first + comp_cols + rest]
    key = out["rank"].astype("float64").fillna(np.inf)
    order = np.lexsort((out.index.get_level_values(1).astype(str),
                        out.index.get_level_values(0).astype(str), key.to_numpy()))
    return out.iloc[order]


def sensitivity(result: pd.DataFrame, *, change_pct: float = SENSITIVITY_PCT,
                top: int = TOP_N) -> pd.DataFrame:
    """How the top ``top`` of a :func:`screen` result changes when each weight moves by
    ±``change_pct`` % (:func:`.scoring.sensitivity`); cells are labelled ``code/industry``.

    Raises
    ------
    ParameterError
        Propagated from :func:`.scoring.sensitivity` when ``change_pct`` is not a finite
        number in (0, 100).
    KeyError
        From pandas when ``result`` is not a :func:`screen` result (no ``rank`` column, or no
        ``z_<component>`` column of a weight in its ``attrs``).

    Examples
    --------
    >>> s = sensitivity(screen(region), top=10)
    >>> s[["component", "change_pct", "max_rank_shift"]].head(4)
         component  change_pct  max_rank_shift
    0       growth       -20.0               0
    1       growth        20.0               1
    2  lq_province       -20.0               1
    3  lq_province        20.0               0
    """
    meta = result.attrs.get("metroscope") or {}
    w = pd.Series(meta.get("parameters", {}).get("weights") or {}, dtype="float64")
    ranked = result[result["rank"].notna()]
    z = ranked[[f"z_{c}" for c in w.index]].set_axis(list(w.index), axis=1)
    z.index = [f"{c}/{i}" for c, i in z.index]
    return _sensitivity(z, w, change_pct=change_pct, top=top)


def components_table(result: pd.DataFrame) -> pd.DataFrame:
    """One row per component: ``component``, ``weight`` (NaN when not scored), ``scored``,
    ``reason`` (why not, catalogue key ``scr_why_<reason>``), ``label`` and ``measures``
    (catalogue keys ``scr_comp_<c>``, ``scr_measures_<c>``).

    Raises
    ------
    Nothing of its own; a table without the screen's ``attrs`` gives every component as not
    scored (reason ``weight_zero``).

    Examples
    --------
    >>> t = components_table(screen(region))
    >>> t[["component", "weight", "scored"]].round(3)
              component  weight  scored
    0            growth   0.125    True
    1       lq_province   0.125    True
    2         lq_nation   0.125    True
    3           density   0.125    True
    4               cog   0.125    True
    5       access_gain   0.125    True
    6  population_trend   0.125    True
    7         plan_role   0.125    True
    """
    p = (result.attrs.get("metroscope") or {}).get("parameters", {})
    w, miss = p.get("weights", {}), p.get("unavailable", {})
    rows = [{"component": c, "weight": w.get(c, np.nan), "scored": c in w,
             "reason": miss.get(c, "" if c in w else "weight_zero"),
             "label": f"scr_comp_{c}", "measures": f"scr_measures_{c}"} for c in COMPONENTS]
    return pd.DataFrame(rows)
