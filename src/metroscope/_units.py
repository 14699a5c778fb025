"""The unit registry: which ``stats.unit`` strings measure the same thing, at what scale, and
which cannot be negative.

A unit belongs to a *dimension* (persons, money in yuan, area in km², ...) and has a factor to
the dimension's base unit: ``cny_100m`` (亿元) is 1e8 yuan, ``cny_10k`` (万元) 1e4 yuan,
``10k_persons`` (万人) 1e4 persons. The factors are the definitions of the Chinese counting
units 万 (1e4) and 亿 (1e8) used by the statistical yearbooks.

Dimensions that count or measure something (persons, households, area, length, durations,
night-light digital numbers) cannot be negative whatever the indicator is called; money and
percentages can (a balance, a growth rate), so for them the sign is judged by the meaning of
a registered measure (:data:`metroscope.measures.MEASURES`).
"""

from __future__ import annotations

from typing import Final

# unit -> (dimension, factor to the dimension's base unit)
UNITS: Final[dict[str, tuple[str, float]]] = {
    "persons": ("persons", 1.0),
    "person": ("persons", 1.0),
    "10k_persons": ("persons", 1e4),
    "persons_10k": ("persons", 1e4),
    "households": ("households", 1.0),
    "10k_households": ("households", 1e4),
    "yuan": ("money_cny", 1.0),
    "cny": ("money_cny", 1.0),
    "cny_10k": ("money_cny", 1e4),
    "cny_100m": ("money_cny", 1e8),
    "km2": ("area", 1.0),
    "ha": ("area", 0.01),
    "m2": ("area", 1e-6),
    "km": ("length", 1.0),
    "m": ("length", 1e-3),
    "years": ("duration_years", 1.0),
    "minutes": ("duration_min", 1.0),
    "min": ("duration_min", 1.0),
    "dn": ("night_light", 1.0),
    "pct": ("percent", 1.0),
}

#: Dimensions whose values cannot be negative, whatever the indicator's name.
NONNEGATIVE_DIMENSIONS: Final = frozenset(
    {"persons", "households", "area", "length", "duration_years", "duration_min", "night_light"})


def dimension(unit: str) -> str | None:
    """The dimension of a known unit, or ``None`` for a unit not in the registry."""
    entry = UNITS.get(str(unit).strip().lower())
    return None if entry is None else entry[0]


def factor(source: str, target: str) -> float | None:
    """Multiplier that converts values in ``source`` into ``target``; ``None`` when either
    unit is unknown or they measure different things (persons vs yuan)."""
    a = UNITS.get(str(source).strip().lower())
    b = UNITS.get(str(target).strip().lower())
    if a is None or b is None or a[0] != b[0]:
        return None
    return a[1] / b[1]


def nonnegative(indicator: str, unit: str) -> bool:
    """True when a value of ``indicator`` in ``unit`` cannot be negative: by the unit's
    dimension (a count, an area, ...), or by the meaning of a registered measure (GDP,
    revenue, a share); never by the indicator's name alone."""
    from .measures import MEASURES

    if dimension(unit) in NONNEGATIVE_DIMENSIONS:
        return True
    m = MEASURES.get(indicator)
    return m is not None and m.nonnegative and factor(unit, m.unit) is not None
