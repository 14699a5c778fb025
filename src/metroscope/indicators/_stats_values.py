"""Reading values of the Region's statistics for indicators: a cached index of the stats
table, values and wide tables per year, years present, sources, series breaks, population and
measures (with the year chosen and the notes saying so)."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError, UnknownIndicatorError, shorten
from ..messages import Message

if TYPE_CHECKING:
    from ..region import Region

#: Population indicators tried in order for the measure ``population``: the census count
#: (2010-11-01, 2020-11-01) where present for that year, else the official year-end figure.
POPULATION_INDICATORS: tuple[str, ...] = ("population", "population_yearend")


class StatsIndex:
    """Row positions of ``stats`` by indicator, and per (indicator, year) value Series, built
    once per Region (see :func:`stats_index`); every lookup below goes through it."""

    def __init__(self, stats: pd.DataFrame) -> None:
        self.n = len(stats)
        self.code = stats["code"].astype(str).to_numpy(dtype=object)
        ids, uniques = pd.factorize(self.code)
        self.code_id = np.asarray(ids, dtype=np.int64)
        self.ids: dict[str, int] = {str(c): i for i, c in enumerate(uniques)}
        self.year = stats["year"].to_numpy(dtype="float64", na_value=np.nan)
        self.value = stats["value"].to_numpy(dtype="float64", na_value=np.nan)
        self.brk = stats["break"].fillna(False).to_numpy(dtype=bool)
        self.source = stats["source"].astype(str).to_numpy(dtype=object)
        ind = stats["indicator"].astype(str).to_numpy(dtype=object)
        self.rows: dict[str, np.ndarray] = {
            str(k): np.asarray(v) for k, v in pd.Series(ind).groupby(ind, sort=False).indices
            .items()}
        self._series: dict[tuple[str, int], pd.Series] = {}

    def series(self, indicator: str, year: int) -> pd.Series:
        """Values of ``indicator`` in ``year`` indexed by code (first row of duplicates)."""
        key = (indicator, int(year))
        if key not in self._series:
            r = self.rows.get(indicator, np.empty(0, dtype=int))
            r = r[self.year[r] == year]
            ser = pd.Series(self.value[r], index=pd.Index(self.code[r], dtype=object))
            self._series[key] = ser[~ser.index.duplicated()]
        return self._series[key]

    def select(self, indicators: Iterable[str], codes: Sequence[str] | None = None,
               years: Iterable[int] | None = None) -> np.ndarray:
        """Row positions of ``indicators`` (for ``codes`` and ``years`` when given)."""
        parts = [self.rows[i] for i in indicators if i in self.rows]
        r = np.concatenate(parts) if parts else np.empty(0, dtype=int)
        if codes is not None:
            want = np.array([self.ids[c] for c in codes if c in self.ids], dtype=np.int64)
            r = r[np.isin(self.code_id[r], want)]
        if years is not None:
            r = r[np.isin(self.year[r], [float(y) for y in years])]
        return r


_INDEX: weakref.WeakKeyDictionary[Any, tuple[int, int, StatsIndex]] = (
    weakref.WeakKeyDictionary())


def stats_index(region: Region) -> StatsIndex:
    """The cached :class:`StatsIndex` of ``region`` (rebuilt if its stats table changed)."""
    stats = region.stats
    hit = _INDEX.get(region)
    if hit is not None and hit[0] == id(stats) and hit[1] == len(stats):
        return hit[2]
    idx = StatsIndex(stats)
    _INDEX[region] = (id(stats), len(stats), idx)
    return idx


def has_indicator(region: Region, indicator: str) -> bool:
    """True when ``stats`` holds at least one row of ``indicator``."""
    return indicator in stats_index(region).rows


def require_indicator(region: Region, indicator: str) -> None:
    """Raise :class:`UnknownIndicatorError` naming the available indicators."""
    if not has_indicator(region, indicator):
        msg = Message("err_indicator_not_in_stats", got=shorten(indicator), region=region.name,
                      allowed=list(region.indicators()))
        raise UnknownIndicatorError(msg)


def values(region: Region, indicator: str, year: int, codes: Sequence[str]) -> pd.Series:
    """Values of ``indicator`` in ``year`` for ``codes`` (float, NaN where missing)."""
    ser = stats_index(region).series(indicator, year)
    out = pd.Series(ser.reindex(list(codes)).to_numpy(dtype="float64"),
                    index=pd.Index(list(codes), name="code"), name=indicator)
    return out


def wide(region: Region, indicators: Sequence[str], year: int,
         codes: Sequence[str]) -> pd.DataFrame:
    """Values of several indicators in ``year`` (index ``code`` = ``codes``, one column per
    indicator, NaN where missing)."""
    idx = stats_index(region)
    cols = {i: idx.series(i, year).reindex(list(codes)).to_numpy(dtype="float64")
            for i in indicators}
    return pd.DataFrame(cols, index=pd.Index(list(codes), name="code"))


def years_with(region: Region, indicator: str, codes: Sequence[str] | None = None) -> list[int]:
    """Years in which ``indicator`` has at least one value (for ``codes``), sorted."""
    idx = stats_index(region)
    r = idx.select([indicator], codes)
    r = r[~np.isnan(idx.value[r])]
    return sorted({int(y) for y in idx.year[r]})


def sources(region: Region, indicators: Iterable[str], years: Iterable[int] | None,
            codes: Sequence[str]) -> list[str]:
    """Distinct sources of the stats rows behind a result, sorted."""
    idx = stats_index(region)
    r = idx.select(list(indicators), codes, years)
    # a missing source reads as NaN (a float) or "<NA>" after astype(str), by pandas version
    return sorted({s for s in map(str, idx.source[r]) if s not in ("", "nan", "<NA>", "None")})


# Level indicators of the official statistics: a *boundary* change flagged on one of them (e.g.
# 通化 2021, when 梅河口 began to be reported separately) breaks all of them, even where the
# break year itself has no row for the others (通化 has no 2021 year-end population).
OFFICIAL_LEVEL_INDICATORS = frozenset({
    "gdp", "va_primary", "va_secondary", "va_tertiary", "gdp_per_capita", "population_yearend",
    "industrial_va_above_scale"})


def break_years(region: Region, indicators: Iterable[str]) -> dict[str, list[int]]:
    """Years flagged as series breaks (``stats.break``) for each code, over ``indicators``.

    Boundary changes flagged on any official-statistics level indicator count for all of them
    (see ``OFFICIAL_LEVEL_INDICATORS``).
    """
    wanted = list(indicators)
    idx = stats_index(region)
    r = idx.select(wanted)
    r = r[idx.brk[r]]
    out: dict[str, list[int]] = {}
    for code, year in zip(idx.code[r], idx.year[r], strict=True):
        out.setdefault(str(code), []).append(int(year))
    if OFFICIAL_LEVEL_INDICATORS & set(wanted) and "note" in region.stats.columns:
        st = region.stats
        boundary = (st["break"] & st["indicator"].isin(OFFICIAL_LEVEL_INDICATORS)
                    & st["note"].astype("string").str.contains("boundary", na=False))
        for code, year in zip(st.loc[boundary, "code"], st.loc[boundary, "year"], strict=True):
            years = out.setdefault(str(code), [])
            if int(year) not in years:
                years.append(int(year))
    return out


def broken(breaks: dict[str, list[int]], code: str, start: int, end: int) -> bool:
    """True when ``code`` has a break year in ``(start, end]`` (see :func:`break_years`)."""
    return any(start < y <= end for y in breaks.get(code, ()))


def population(region: Region, year: int, codes: Sequence[str]) -> tuple[pd.Series, list[str]]:
    """Resident population (persons) in ``year``: the census count where present, else the
    year-end figure; returns the values and the indicators actually used."""
    out = pd.Series(np.nan, index=pd.Index(list(codes), name="code"), name="population")
    used: list[str] = []
    for ind in POPULATION_INDICATORS:
        if not has_indicator(region, ind):
            continue
        v = values(region, ind, year, codes)
        fill = out.isna() & v.notna()
        if fill.any():
            out[fill] = v[fill]
            used.append(ind)
    return out, used


def measure_indicators(measure: str) -> tuple[str, ...]:
    """Stats indicators that a measure (``population``, ``sqrt_pg`` or a stats name) reads."""
    if measure == "population":
        return POPULATION_INDICATORS
    if measure == "sqrt_pg":
        return (*POPULATION_INDICATORS, "gdp")
    return (measure,)


def measure_values(region: Region, measure: str, year: int,
                   codes: Sequence[str]) -> tuple[pd.Series, list[str]]:
    """Values of a measure in ``year`` and the stats indicators used.

    ``population`` resolves as in :func:`population`; any other name is a stats indicator.
    """
    if measure == "population":
        return population(region, year, codes)
    require_indicator(region, measure)
    v = values(region, measure, year, codes)
    return v, ([measure] if v.notna().any() else [])


def measure_years(region: Region, measure: str, codes: Sequence[str]) -> list[int]:
    """Years in which the measure has a value for at least one of ``codes``."""
    found: set[int] = set()
    for ind in measure_indicators(measure):
        if ind == "gdp" and measure == "sqrt_pg":
            continue
        if has_indicator(region, ind):
            found |= set(years_with(region, ind, codes))
    if measure == "sqrt_pg":
        found &= set(years_with(region, "gdp", codes)) if has_indicator(region, "gdp") else set()
    return sorted(found)


def pick_year(region: Region, measure: str, codes: Sequence[str], year: int | None,
              notes: list[str]) -> int:
    """``year`` itself, or the latest year in which every unit has the measure (else the latest
    year with any value, noted).

    Raises
    ------
    MissingDataError
        When the measure has no value at all for these units.
    """
    if year is not None:
        return int(year)
    candidates = measure_years(region, measure, codes)
    if not candidates:
        msg = Message("err_no_values_selected", got=shorten(measure), n=len(codes),
                      region=region.name, allowed=list(region.indicators()))
        raise MissingDataError(msg)
    for y in reversed(candidates):
        if _complete(region, measure, y, codes):
            return y
    notes.append(Message("ind_latest_partial_year", measure=measure, year=candidates[-1]))
    return candidates[-1]


def _complete(region: Region, measure: str, year: int, codes: Sequence[str]) -> bool:
    if measure == "sqrt_pg":
        p, _ = population(region, year, codes)
        g = values(region, "gdp", year, codes) if has_indicator(region, "gdp") else p * np.nan
        return bool(p.notna().all() and g.notna().all())
    v, _ = measure_values(region, measure, year, codes)
    return bool(v.notna().all())
