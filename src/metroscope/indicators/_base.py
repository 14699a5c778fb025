"""Plumbing shared by the indicator modules: picking units, reading values, masses, provenance.

Nothing here prints, reads files or touches the network. Every helper returns plain pandas
objects indexed by unit ``code`` (str) and reports what it did in a list of notes, which the
indicator functions copy into their result's provenance (``result.attrs['metroscope']``).

The helpers live by concept in :mod:`._unit_codes` (picking units), :mod:`._stats_values`
(reading the statistics) and :mod:`._masses` (gravity masses); indicator modules use them all
through this module (``from . import _base as B``), which also attaches the provenance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._provenance import annotate
from ..messages import Message
from ._masses import MASS_CHOICES, PERSONS_PER_WAN, Masses, masses, per_capita_scale, values_any
from ._stats_values import (
    OFFICIAL_LEVEL_INDICATORS,
    POPULATION_INDICATORS,
    StatsIndex,
    break_years,
    broken,
    has_indicator,
    measure_indicators,
    measure_values,
    measure_years,
    pick_year,
    population,
    require_indicator,
    sources,
    stats_index,
    values,
    wide,
    years_with,
)
from ._unit_codes import (
    METRO_ROLES,
    ancestor_map,
    group_labels,
    names,
    province_of,
    unit_codes,
)

if TYPE_CHECKING:
    from ..region import Region

__all__ = [
    "MASS_CHOICES", "METRO_ROLES", "OFFICIAL_LEVEL_INDICATORS", "PERSONS_PER_WAN",
    "POPULATION_INDICATORS", "Masses", "StatsIndex", "ancestor_map", "break_years", "broken",
    "finish", "finite_or_nan", "group_labels", "has_indicator", "masses", "measure_indicators",
    "measure_values", "measure_years", "names", "per_capita_scale", "pick_year", "population",
    "province_of", "require_indicator", "safe_log", "sources", "stats_index", "unit_codes",
    "values", "values_any", "wide", "xlogy", "years_with",
]


# ---------------------------------------------------------------------------- results
def finish(result: pd.DataFrame, *, indicator: str, region: Region | None = None,
           year: Any = None, level: str | None = None, measure: str | None = None,
           parameters: dict[str, Any] | None = None, sources: list[str] | None = None,
           notes: Sequence[str] | None = None, reference: str | None = None,
           n: int | None = None, weak_reason: str | None = None,
           units: dict[str, str] | None = None,
           precision: dict[str, str] | None = None) -> pd.DataFrame:
    """Attach provenance (``result.attrs['metroscope']``) and return ``result``; results that
    read GDP also record its price basis, and every result its verdict
    (:func:`._verdict.verdict`: ok / weak / not_computed against the indicator's documented
    minimum n). ``n`` defaults to the result's ``n`` column (its minimum), else its largest
    ``n_units``, else the number of distinct codes, else its number of rows. ``units`` maps
    columns whose names do not say their unit to it (e.g. ``rank_size_q``: ``exponent``);
    ``precision`` maps columns to an output precision kind their unit does not decide
    (:mod:`metroscope._precision`)."""
    from ._verdict import verdict
    parameters = dict(parameters or {})
    reads = [measure or "", *map(str, parameters.get("stats_indicators") or [])]
    if any("gdp" in r or r == "sqrt_pg" for r in reads):
        parameters.setdefault("price_basis", Message("ind_price_basis_current"))
    if n is None:
        n = _count(result)
    return annotate(
        result, indicator=indicator, region=None if region is None else region.name,
        year=year, level=level, measure=measure, parameters=parameters,
        sources=sources or [], notes=list(notes or []), reference=reference,
        verdict=verdict(indicator, n, weak_reason), units=units, precision=precision,
    )


def _count(result: pd.DataFrame) -> int:
    """The n of a result for its verdict (see :func:`finish`)."""
    if "n" in result.columns and len(result):
        v = pd.to_numeric(result["n"], errors="coerce").min()
        return int(v) if pd.notna(v) else 0
    if "n_units" in result.columns and len(result):
        v = pd.to_numeric(result["n_units"], errors="coerce").max()
        return int(v) if pd.notna(v) else 0
    if "code" in (result.index.names or []):
        return int(result.index.get_level_values("code").nunique())
    return len(result)


def safe_log(x: np.ndarray) -> np.ndarray:
    """Natural log with log(0) = -inf and no warning."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(x), dtype="float64")


def xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x * ln(y) with the convention 0 * ln(0) = 0 (the entropy limit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x * np.log(y)
    return np.where(x == 0, 0.0, out)


def finite_or_nan(v: float) -> float:
    """``v`` if finite, else NaN."""
    return v if math.isfinite(v) else math.nan
