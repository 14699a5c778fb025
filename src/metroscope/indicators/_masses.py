"""Masses of the gravity-type indicators (sqrt(P*G), population or GDP) and the per-capita
scale of a measure over a weight."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError, shorten
from ..messages import Message
from ._stats_values import (
    POPULATION_INDICATORS,
    has_indicator,
    measure_years,
    pick_year,
    population,
    stats_index,
    values,
)

if TYPE_CHECKING:
    from ..region import Region

#: Persons per 万人: population enters the sqrt(P*G) mass in 万人, the literature's convention.
PERSONS_PER_WAN = 1e4


@dataclass
class Masses:
    """Masses of a set of units for the gravity-type indicators."""

    values: pd.Series
    mass: str
    year: int
    gdp: pd.Series | None
    indicators: list[str]
    notes: list[str] = field(default_factory=list)


MASS_CHOICES = ("sqrt_pg", "population", "gdp")


def masses(region: Region, *, mass: str, year: int | None, codes: Sequence[str],
           strict: bool) -> Masses:
    """Masses ``M_i`` of the units: ``sqrt_pg`` = sqrt(P[万人] * G[亿元]), ``population``
    (persons) or ``gdp`` (亿元).

    When no unit has GDP (county level in official statistics) ``sqrt_pg`` falls back to
    population and says so; an explicit ``gdp`` raises. Units without a mass raise when
    ``strict`` (codes chosen by the caller), else they are dropped and listed in the notes;
    when no unit has a mass (a year without data) it raises :class:`MissingDataError`
    naming the years available.
    """
    if mass not in MASS_CHOICES:
        msg = Message("err_unknown_mass", got=shorten(mass), allowed=list(MASS_CHOICES))
        raise ParameterError(msg)
    notes: list[str] = []
    has_gdp = has_indicator(region, "gdp") and bool(
        values_any(region, "gdp", codes))
    if mass in ("sqrt_pg", "gdp") and not has_gdp:
        if mass == "gdp":
            msg = Message("err_no_gdp_for_units")
            raise MissingDataError(msg)
        notes.append(Message("ind_mass_population"))
        mass = "population"
    y = pick_year(region, mass, codes, year, notes)
    gdp = values(region, "gdp", y, codes) if has_gdp else None
    if mass == "sqrt_pg":
        p, used = population(region, y, codes)
        assert gdp is not None
        m = np.sqrt(p / PERSONS_PER_WAN * gdp)
        used = [*used, "gdp"]
    elif mass == "population":
        m, used = population(region, y, codes)
    else:
        assert gdp is not None
        m, used = gdp.copy(), ["gdp"]
    m = m.astype("float64")
    m.name = "mass"
    bad = [c for c, v in m.items() if not (np.isfinite(v) and v > 0)]
    if bad:
        if strict:
            msg = Message("err_no_positive_mass", mass=mass, year=y, n=len(bad),
                          codes=bad[:10], years=str(measure_years(region, mass, codes)))
            raise MissingDataError(msg)
        if len(bad) == len(m):  # nothing left to weigh: say so, not an empty computation
            msg = Message("err_no_positive_mass_any", mass=mass, year=y, n=len(bad),
                          years=str(measure_years(region, mass, codes)))
            raise MissingDataError(msg)
        notes.append(Message("ind_no_positive_mass", mass=mass, year=y, codes=bad))
        m = m.drop(bad)
        if gdp is not None:
            gdp = gdp.drop(bad)
    return Masses(values=m, mass=mass, year=y, gdp=gdp, indicators=used, notes=notes)


def values_any(region: Region, indicator: str, codes: Sequence[str]) -> bool:
    """True when ``indicator`` has any value for ``codes`` in any year."""
    idx = stats_index(region)
    return bool((~np.isnan(idx.value[idx.select([indicator], codes)])).any())


def per_capita_scale(measure: str, weight: str | None) -> tuple[float, str]:
    """Factor turning measure/weight into a readable per-capita unit, and that unit: GDP
    (亿元) per person becomes yuan per person (x 1e8); other ratios stay as they are."""
    if weight is None:
        return 1.0, measure
    if measure == "gdp" and weight in POPULATION_INDICATORS:
        return 1e8, "yuan per person"
    return 1.0, f"{measure} per {weight}"
