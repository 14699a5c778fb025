"""The indicator cards of the overview: the core's latest value of each headline statistic,
its period, the change on the previous year present, an 8-point sparkline, the quality tag and
the source. Values come from the region's stats rows as they are (never filled in); a series
break between the two years is shown instead of a change."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...measures import MEASURES
from ...measures import label as measure_label
from ...report import _fmt

if TYPE_CHECKING:
    from ...region import Region

#: Headline statistics of the cards, in order; the ones a region lacks are left out.
CARD_INDICATORS = ("gdp", "gdp_growth_pct", "population_yearend", "industrial_va_growth_pct",
                   "va_secondary", "gdp_per_capita")
SPARK_POINTS = 8
SPARK_W, SPARK_H = 120, 28


@dataclass(frozen=True)
class Card:
    """One card (all text already in the page language)."""

    key: str
    label: str
    value: str
    period: str
    change: str
    direction: str  # up | down | flat | break | none
    spark: str  # SVG polyline points, "" when fewer than two values
    quality: str
    source: str
    badge: str = ""


def spark_points(values: list[float]) -> str:
    """Points of an SVG polyline of ``values`` in a ``SPARK_W`` x ``SPARK_H`` box."""
    vals = [v for v in values if not math.isnan(v)]
    if len(vals) < 2:
        return ""
    lo, hi = min(vals), max(vals)
    span = hi - lo or 1.0
    step = SPARK_W / (len(vals) - 1)
    return " ".join(f"{i * step:.1f},{SPARK_H - 2 - (v - lo) / span * (SPARK_H - 4):.1f}"
                    for i, v in enumerate(vals))


def _change(unit: str, last: float, prev: float, lang: str) -> tuple[str, str]:
    if _fmt.is_missing(prev) or _fmt.is_missing(last):
        return "", "none"
    if unit == "pct":
        d = last - prev
        text = f"{d:+.1f} {'个百分点' if lang == 'zh' else 'pp'}"
    elif prev == 0:
        return "", "none"
    else:
        d = 100 * (last / prev - 1)
        text = f"{d:+.1f}%"
    return text, "up" if d > 0 else ("down" if d < 0 else "flat")


def stat_card(region: Region, code: str, ind: str, lang: str, unit_name: str) -> Card | None:
    """The card of statistic ``ind`` of unit ``code``; None when it has no value."""
    st = region.stats
    rows = st[(st["code"] == code) & (st["indicator"] == ind)].dropna(subset=["value"])
    if rows.empty:
        return None
    rows = rows.sort_values("year")
    last = rows.iloc[-1]
    unit = MEASURES[ind].unit if ind in MEASURES else ""
    value = _fmt.quantity(last["value"], unit).get(lang)
    prev = rows.iloc[-2] if len(rows) > 1 else None
    change, direction = "", "none"
    period = str(int(last["year"]))
    if prev is not None:
        if bool(last["break"]):
            change = "不可比(口径变化)" if lang == "zh" else "not comparable (break)"
            direction = "break"
        else:
            change, direction = _change(unit, float(last["value"]), float(prev["value"]),
                                        lang)
        if change and direction != "break":
            change += f" ({'对比' if lang == 'zh' else 'vs'} {int(prev['year'])})"
    spark = spark_points([float(v) for v in rows["value"].tail(SPARK_POINTS)])
    return Card(key=ind, label=f"{unit_name} {measure_label(ind, lang)}", value=value,
                period=period, change=change, direction=direction, spark=spark,
                quality=str(last["quality"] or ""), source=str(last["source"] or ""),
                badge="break" if bool(last["break"]) else "")


def _share_source(region: Region | None, meta: dict[str, Any], year: int) -> tuple[str, str]:
    """Source and quality (the weaker letter) of the core's and the parent's GDP of ``year``:
    the values the share of that year rests on (empty when ``region`` is not given)."""
    params = meta.get("parameters") or {}
    codes = [str(params.get(k)) for k in ("parent", "core") if params.get(k)]
    if region is None or not codes:
        return "", ""
    st = region.stats
    rows = st[(st["indicator"] == "gdp") & st["code"].astype(str).isin(codes)
              & (st["year"] == year)]
    rows = rows.assign(_order=rows["code"].astype(str).map(codes.index)).sort_values("_order")
    sources = list(dict.fromkeys(str(x) for x in rows["source"] if isinstance(x, str) and x))
    letters = sorted(str(q) for q in rows["quality"] if isinstance(q, str) and q)
    return (sources[0] if sources else ""), (letters[-1] if letters else "")


def primacy_card(lang: str, trend: pd.DataFrame, region: Region | None = None) -> Card | None:
    """The core's share of its parent's GDP (``primacy_trend``) in the headline year
    (:func:`~metroscope.indicators.primacy.headline_share_year`, the report's rule too) and
    its change, credited to the sources of that year's two values (with ``region``)."""
    from ...indicators.primacy import headline_share_year

    year = headline_share_year(trend)
    if year is None:
        return None
    s = trend["share_of_parent_pct"].dropna().loc[:year]
    meta: dict[str, Any] = trend.attrs.get("metroscope", {})
    last_year = s.index[-1]
    change, direction = "", "none"
    if len(s) > 1:
        change, direction = _change("pct", float(s.iloc[-1]), float(s.iloc[-2]), lang)
        if "series_break" in trend and bool(trend.loc[last_year, "series_break"]):
            change = "不可比(口径变化)" if lang == "zh" else "not comparable (break)"
            direction = "break"
        elif change:
            change += f" ({'对比' if lang == 'zh' else 'vs'} {int(s.index[-2])})"
    # the first of every year's sources (alphabetical) was shown before: for 2023 a Stata help
    # file (quality D) that gives Jilin's 2022 GDP, not the page the 2023 share rests on
    source, quality = _share_source(region, meta, int(last_year))
    from ...messages import render

    # the rule's fallback (no official total in any year) says so on the card
    units_sum = (meta.get("parameters") or {}).get("denominator") == "units_sum"
    return Card(key="core_gdp_share",
                label=render("web_card_core_gdp_share_units_sum" if units_sum
                             else "web_card_core_gdp_share", lang),
                value=_fmt.pct(s.iloc[-1]).get(lang), period=str(int(last_year)), change=change,
                direction=direction, spark=spark_points([float(v) for v in
                                                         s.tail(SPARK_POINTS)]),
                quality=quality, source=source)


def cards(region: Region, lang: str, trend: pd.DataFrame | None) -> list[Card]:
    """Every card the region has data for (the core's statistics, then its primacy)."""
    code = region.core_code()
    u = region.units
    name = str(u.at[code, "name_zh" if lang == "zh" else "name_en"]) if code in u.index else ""
    out = [c for ind in CARD_INDICATORS
           if (c := stat_card(region, code, ind, lang, name)) is not None]
    if trend is not None:
        pc = primacy_card(lang, trend, region)
        if pc is not None:
            out.append(pc)
    return out
