"""Official statistics (ne_china_stats.csv), the 2015 yearbook cross-section, the stats frame."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from metroscope import _schema as S
from metroscope.measures import MEASURES

from . import facts
from .inputs import Inputs, stat
from .params import QUANTURBAN_SOURCE

# data/official_series.toml: units, economic-census revisions, boundary breaks
_SERIES = facts.toml("official_series.toml")
OFFICIAL_UNITS: Mapping[str, str] = MappingProxyType(_SERIES["units"])
REVISION_INDICATORS: tuple[str, ...] = tuple(_SERIES["revisions"]["indicators"])
REVISION_YEARS: Mapping[int, str] = MappingProxyType(
    {int(y): note for y, note in _SERIES["revisions"]["years"].items()})
LEVEL_INDICATORS = (*REVISION_INDICATORS, *_SERIES["boundary"]["level_indicators"])
BOUNDARY_BREAKS: Mapping[tuple[str, int], str] = MappingProxyType(
    {(b["code"], int(b["year"])): b["note"] for b in _SERIES["boundary"]["breaks"]})


def official_stats(inp: Inputs) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in inp.official.itertuples(index=False):
        ind = "population_yearend" if r.indicator == "resident_population" else str(r.indicator)
        if ind not in MEASURES:
            raise SystemExit(f"official_stats indicator {r.indicator} is not registered")
        value = float(r.value) * (10000 if r.unit == "万人" else 1)
        unit = OFFICIAL_UNITS[str(r.unit)]
        if unit != MEASURES[ind].unit:
            raise SystemExit(f"unit {r.unit} of {ind} does not match the registry")
        m = re.match(r"\[([ABCD])\]", str(r.note))
        if not m:
            raise SystemExit(f"no quality tag in note of {r.unit_code} {r.year} {r.indicator}")
        notes = [str(r.note)]
        brk = False
        if ind in REVISION_INDICATORS and int(r.year) in REVISION_YEARS:
            brk = True
            notes.append(REVISION_YEARS[int(r.year)])
        key = (str(r.unit_code), int(r.year))
        if key in BOUNDARY_BREAKS and ind in LEVEL_INDICATORS:
            brk = True
            notes.append("series break: " + BOUNDARY_BREAKS[key])
        if r.unit == "万人":
            notes.append("converted from 万人 to persons (x 10000)")
        out.append(stat(str(r.unit_code), int(r.year), ind, value, str(r.source_url), m.group(1),
                        " | ".join(notes), brk=brk, unit=unit))
    return out


def quanturban_stats(inp: Inputs, codes: Iterable[str], *, with_gdp: bool
                     ) -> tuple[list[dict[str, Any]], list[str]]:
    """2015 yearbook cross-section matched by city name; returns rows and unmatched names."""
    city = inp.city[["city", "city_code"]]
    by_name = dict(zip(city["city"], city["city_code"], strict=True))
    wanted = set(codes)
    out: list[dict[str, Any]] = []
    unmatched: list[str] = []
    note = ("China City Statistical Yearbook cross-section; year not stated in the source, "
            "2015 per PROVENANCE (GDP equals published 2015 values)")
    for r in inp.quant.sort_values("city").itertuples(index=False):
        code = by_name.get(str(r.city).strip())
        if code is None:
            unmatched.append(str(r.city))
            continue
        if code not in wanted:
            continue
        vals = {"fiscal_revenue": (r.Fiscal10000 / 10000, "Fiscal10000 万元 / 10000"),
                "employment_urban_units": (r.Employment, "Employment (probably 城镇单位从业人员)"),
                "night_light_sum": (r.light_sum, "light_sum (sensor not stated)")}
        if with_gdp:
            vals["gdp"] = (r.GDP10000 / 10000, "GDP10000 万元 / 10000")
        for ind, (v, n) in vals.items():
            if pd.notna(v):
                out.append(stat(code, 2015, ind, float(v), QUANTURBAN_SOURCE, "C", f"{n}; {note}"))
    return out, unmatched


def stats_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    cols = [*S.columns("stats"), "note"]
    df = pd.DataFrame(rows, columns=cols)
    df = df.sort_values(["code", "indicator", "year"]).reset_index(drop=True)
    dup = df.duplicated(["code", "year", "indicator"], keep=False)
    if dup.any():
        raise SystemExit(f"duplicate stats keys:\n{df[dup].head(20)}")
    unknown = sorted(set(df["indicator"]) - set(MEASURES))
    if unknown:
        raise SystemExit(f"unregistered indicators: {unknown}")
    return df


