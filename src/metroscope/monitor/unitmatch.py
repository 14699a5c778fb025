"""Units of indicator values, matched before anything is compared or announced.

A value reaches an indicator watch with the unit it was published in: the statistics tables
give ``cny_100m`` (亿元) for GDP, an importer or a bulletin may give 万元, 元 or 万人. A value
in 万元 compared with a threshold in 亿元 would be 10,000 times too large, so every value is
converted to the **indicator's unit** (the registered measure's unit, see
:data:`metroscope.measures.MEASURES`, else the unit most rows of the series use) with the
factors of the unit registry (:mod:`metroscope._units`: 万 = 1e4, 亿 = 1e8). A value whose unit
is unknown or measures something else (persons against yuan) is **not compared**: it is left
out and said so, never guessed.

Units are written as registry codes (``cny_100m``) or as published (``亿元``, ``万元``, ``元``,
``万人``, ``人``, ``%``, ``公里``, ``km``). :func:`parse_quantity` reads a number with its unit
from a text (``全市地区生产总值7,002.1亿元`` → 7002.1 ``cny_100m``); :func:`format_amount`
writes a value for an alert, amounts of money in 亿元 in both languages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .._units import UNITS, factor

__all__ = ["ALIASES", "Quantity", "UnitMismatchError", "canonical", "convert", "format_amount",
           "indicator_unit", "parse_quantity"]

#: Units as published (Chinese and common English forms) -> registry code.
ALIASES: dict[str, str] = {
    "亿元": "cny_100m", "亿": "cny_100m", "万元": "cny_10k", "元": "yuan",
    "万人": "10k_persons", "人": "persons", "万户": "10k_households", "户": "households",
    "%": "pct", "％": "pct", "percent": "pct",
    "公里": "km", "千米": "km", "km": "km", "米": "m",
    "平方公里": "km2", "km²": "km2", "公顷": "ha", "分钟": "minutes",
}


class UnitMismatchError(ValueError):
    """A value cannot be converted: its unit is unknown or measures something else."""


@dataclass(frozen=True)
class Quantity:
    """A number with its unit (a registry code) as read from a text."""

    value: float
    unit: str


def canonical(unit: object) -> str | None:
    """The registry code of ``unit`` (``亿元`` → ``cny_100m``), None when unknown.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> canonical("亿元"), canonical(" 万元 "), canonical("CNY_100M"), canonical("斤")
    ('cny_100m', 'cny_10k', 'cny_100m', None)
    """
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        return None
    text = str(unit).strip()
    if text in ALIASES:
        return ALIASES[text]
    low = text.lower()
    return ALIASES.get(low) or (low if low in UNITS else None)


def convert(value: float, source: object, target: object) -> float:
    """``value`` in unit ``source`` expressed in unit ``target``.

    Raises
    ------
    UnitMismatchError
        When either unit is unknown or they measure different things (persons vs yuan).

    Examples
    --------
    >>> convert(35_000.0, "万元", "亿元")       # 35,000 万元 = 3.5 亿元
    3.5
    >>> convert(7002.1, "cny_100m", "万元")     # 7,002.1 亿元 = 70,021,000 万元
    70021000.0
    >>> convert(912.5, "万人", "persons")
    9125000.0
    >>> convert(1.0, "万人", "亿元")
    Traceback (most recent call last):
    ...
    metroscope.monitor.unitmatch.UnitMismatchError: unit '万人' cannot be converted to '亿元' (different or unknown units)
    """
    a, b = canonical(source), canonical(target)
    f = factor(a, b) if a and b else None
    if f is None:
        msg = f"unit {source!r} cannot be converted to {target!r} (different or unknown units)"
        raise UnitMismatchError(msg)
    return float(value) * f


def indicator_unit(indicator: str, series_units: list[str] | None = None) -> str | None:
    """The unit values of ``indicator`` are compared in: the registered measure's unit, else
    the most frequent known unit of ``series_units``; None when neither is known.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> indicator_unit("gdp"), indicator_unit("my_index", ["dn", "dn", "persons"])
    ('cny_100m', 'dn')
    """
    from ..measures import MEASURES

    m = MEASURES.get(indicator)
    if m is not None and canonical(m.unit):
        return canonical(m.unit)
    known = [c for c in (canonical(u) for u in series_units or []) if c]
    return max(sorted(set(known)), key=known.count) if known else None


_NUMBER = r"(?P<num>[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)"
_UNIT = "|".join(sorted((re.escape(k) for k in ALIASES if k != "percent"), key=len,
                        reverse=True))
_QUANTITY = re.compile(_NUMBER + r"\s*(?P<unit>" + _UNIT + r")(?![A-Za-z])")


def parse_quantity(text: str) -> list[Quantity]:
    """Every number followed by a known unit in ``text``, in order.

    Thousands separators are read (``7,002.1``); a number without a unit is not a quantity.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> parse_quantity("全市地区生产总值7,002.1亿元,增长6.3%;投资3500万元,全长45公里")
    [Quantity(value=7002.1, unit='cny_100m'), Quantity(value=6.3, unit='pct'), Quantity(value=3500.0, unit='cny_10k'), Quantity(value=45.0, unit='km')]
    >>> parse_quantity("常住人口 912.5 万人, 2025年")
    [Quantity(value=912.5, unit='10k_persons')]
    """
    return [Quantity(float(m.group("num").replace(",", "")), ALIASES[m.group("unit")]
                     if m.group("unit") in ALIASES else m.group("unit").lower())
            for m in _QUANTITY.finditer(text)]


_MONEY = {"yuan", "cny", "cny_10k", "cny_100m"}


def format_amount(value: float, unit: object, lang: str = "en") -> str:
    """``value`` (in ``unit``) written for an alert in ``lang``, with the same decimals for
    every value of a unit: money of 10,000 yuan or more in 亿元 with 2 decimals (and billions of
    yuan in English, 3 decimals: the same precision), yuan whole, persons in 万人 (2 decimals)
    in Chinese and whole persons in English, percent with 1 decimal, lengths in km with 1;
    other values with thousands separators.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> format_amount(7002.13, "cny_100m", "zh"), format_amount(7002.13, "cny_100m", "en")
    ('7,002.13 亿元', '7,002.13 亿元 (CNY 700.213 bn)')
    >>> format_amount(35_000, "万元", "zh")                     # 35,000 万元 = 3.5 亿元
    '3.50 亿元'
    >>> format_amount(73_324, "yuan", "en"), format_amount(9_125_000, "persons", "zh")
    ('73,324 yuan', '912.50 万人')
    >>> format_amount(6.34, "pct", "en"), format_amount(float("nan"), "pct", "en")
    ('6.3%', '—')
    """
    if value is None or math.isnan(float(value)):
        return "—"
    v, code = float(value), canonical(unit)
    if code in ("cny_10k", "cny_100m") or (code in _MONEY and abs(v) >= 1e8):
        e8 = convert(v, code, "cny_100m")
        zh = f"{e8:,.2f} 亿元"
        return zh if lang == "zh" else f"{zh} (CNY {e8 / 10:,.3f} bn)"
    if code in ("yuan", "cny"):
        return f"{v:,.0f} 元" if lang == "zh" else f"{v:,.0f} yuan"
    if code in ("persons", "10k_persons", "person", "persons_10k"):
        n = convert(v, code, "persons")
        return f"{n / 1e4:,.2f} 万人" if lang == "zh" else f"{n:,.0f} persons"
    if code == "pct":
        return f"{v:.1f}%"
    if code in ("km", "m"):
        km = convert(v, code, "km")
        return f"{km:,.1f} 公里" if lang == "zh" else f"{km:,.1f} km"
    text = f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:,.4g}"
    return f"{text} {unit}".rstrip() if unit else text
