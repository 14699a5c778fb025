"""Formatting numbers for the page, in both languages. Values are never rounded before use:
only their display is."""

from __future__ import annotations

import math
from typing import Any

from .context import Cell, Text

DASH = "—"


def is_missing(v: Any) -> bool:
    """True for None, NaN, pandas NA and infinities."""
    if v is None:
        return True
    try:
        f = float(v)
    except (TypeError, ValueError):
        return True
    return math.isnan(f) or math.isinf(f)


def number(v: Any, digits: int = 2, *, signed: bool = False) -> Text:
    """A plain number with thousands separators."""
    if is_missing(v):
        return Text.same(DASH)
    s = f"{float(v):+,.{digits}f}" if signed else f"{float(v):,.{digits}f}"
    return Text.same(s)


def persons(v: Any, *, signed: bool = False) -> Text:
    """Persons: 万人 in Chinese, thousands or millions in English."""
    if is_missing(v):
        return Text.same(DASH)
    f = float(v)
    sign = "+" if signed else ""
    zh = f"{f / 1e4:{sign},.1f} 万人"
    en = f"{f / 1e6:{sign},.2f} million" if abs(f) >= 1e6 else f"{f / 1e3:{sign},.1f} thousand"
    return Text(zh, en)


def cny_100m(v: Any) -> Text:
    """Money in 亿元 (100 million yuan): 亿元 in Chinese, billion yuan in English."""
    if is_missing(v):
        return Text.same(DASH)
    f = float(v)
    return Text(f"{f:,.1f} 亿元", f"{f / 10:,.1f} bn yuan")


def pct(v: Any, digits: int = 1, *, signed: bool = False) -> Text:
    """A percentage given in percent (not a fraction)."""
    if is_missing(v):
        return Text.same(DASH)
    s = f"{float(v):+.{digits}f}%" if signed else f"{float(v):.{digits}f}%"
    return Text.same(s)


def minutes(v: Any, *, signed: bool = False) -> Text:
    """Minutes."""
    if is_missing(v):
        return Text.same(DASH)
    f = float(v)
    s = f"{f:+,.0f}" if signed else f"{f:,.0f}"
    return Text(f"{s} 分钟", f"{s} min")


def quantity(v: Any, unit: str) -> Text:
    """A value in a stats ``unit`` (persons, cny_100m, pct, minutes, ...)."""
    if unit == "persons":
        return persons(v)
    if unit == "cny_100m":
        return cny_100m(v)
    if unit == "pct":
        return pct(v)
    if unit in {"min", "minutes"}:
        return minutes(v)
    if unit == "yuan":  # GDP per person: whole yuan with the unit (it printed 73,324.00)
        return Text.same(DASH) if is_missing(v) else Text(f"{float(v):,.0f} 元",
                                                            f"{float(v):,.0f} yuan")
    return number(v, 2)


def cell(v: Any, fmt: Text | None = None, *, reason: Text | None = None) -> Cell:
    """A numeric table cell; a missing value shows a dash and carries ``reason`` as tooltip."""
    if is_missing(v):
        return Cell(Text.same(DASH), numeric=True, missing=True,
                    title=reason or Text("数据缺失", "no data"))
    return Cell(fmt if fmt is not None else number(v), numeric=True)


def text_cell(text: Text | str, *, css: str = "") -> Cell:
    """A text cell."""
    return Cell(text if isinstance(text, Text) else Text.same(text), css=css)


def unit_name(name_zh: Any, name_en: Any) -> Text:
    """A unit's name in both scripts, the page language first."""
    zh = "" if is_missing_str(name_zh) else str(name_zh)
    en = "" if is_missing_str(name_en) else str(name_en)
    if zh and en:
        return Text(f"{zh} {en}", f"{en} {zh}")
    return Text.same(zh or en)


def is_missing_str(v: Any) -> bool:
    """True for None/NA/NaN and empty strings."""
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        import pandas as pd

        if v is pd.NA:
            return True
    except ImportError:  # pragma: no cover
        pass
    return str(v).strip() == ""
