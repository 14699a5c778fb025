"""Units × industries employment tables (census long-form sample counts), shared by the
industry, complexity and urban-flow indicators. Shares only: the sampling rate cancels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError
from ..measures import INDUSTRY_KEYS, industry_indicator
from ..messages import Message
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

PREFIX = "employed_sample_"
TOTAL = "employed_sample_total"
REFERENCE = "UNIDO 1979 (similarity); Krugman 1991 (specialisation); Balassa 1965 (RCA); METHODS.md §8"


@dataclass
class Employment:
    """A units × industries matrix of employment (sample counts) and what it came from."""

    matrix: pd.DataFrame
    year: int
    indicators: list[str]
    notes: list[str] = field(default_factory=list)


def _label(indicator: str) -> str:
    return indicator[len(PREFIX):] if indicator.startswith(PREFIX) else indicator


def _industry_indicators(region: Region, industries: Sequence[str] | None) -> list[str]:
    if industries is None:
        present = set(B.stats_index(region).rows)
        inds = [industry_indicator(k) for k in INDUSTRY_KEYS if industry_indicator(k) in present]
        if not inds:
            msg = Message("err_no_industry_employment", region=region.name)
            raise MissingDataError(msg)
        return inds
    inds = [str(i) for i in industries]
    for i in inds:
        B.require_indicator(region, i)
    return inds


#: An industry missing for more than this share of units is left out rather than the units.
MAX_MISSING_SHARE = 0.05


def _zero_by_total(x: pd.DataFrame, totals: pd.Series | None, notes: list[str]) -> pd.DataFrame:
    """Fill a unit's missing industry cells with 0 when its present industries already add up
    to its reported total (``employed_sample_total``): then the gaps can only be zeros."""
    if totals is None:
        return x
    gap = x.isna().any(axis=1) & totals.notna()
    exact = gap & ((x.sum(axis=1, min_count=1) - totals).abs() <= 0.5)
    if exact.any():
        n_cells = int(x[exact].isna().sum().sum())
        x = x.copy()
        x.loc[exact] = x.loc[exact].fillna(0.0)
        notes.append(Message("ind_zero_cells_filled", n_cells=n_cells,
                             n_units=int(exact.sum())))
    return x


def _complete(x: pd.DataFrame, year: int, strict: bool, default_industries: bool,
              notes: list[str], totals: pd.Series | None = None) -> pd.DataFrame:
    """Leave out units without data; set to 0 the gaps that the reported totals prove are 0;
    leave out industries missing for many units (default set only), then units with gaps, and
    all-zero rows and columns. Every step is noted."""
    none = [str(c) for c in x.index[x.isna().all(axis=1)]]
    if none and not strict:
        notes.append(Message("ind_no_employment", year=year, codes=none))
        x = x.drop(index=none)
    x = _zero_by_total(x, None if totals is None else totals.reindex(x.index), notes)
    if default_industries:
        share = x.isna().mean(axis=0)
        gaps = [str(c) for c in x.columns[share > MAX_MISSING_SHARE]]
        if gaps:
            counts = {g: int(x[g].isna().sum()) for g in gaps}
            notes.append(Message("ind_industries_gappy",
                                 industries=[f"{g} ({n})" for g, n in counts.items()]))
            x = x.drop(columns=gaps)
    bad = [str(c) for c in x.index[x.isna().any(axis=1)]]
    if bad:
        if strict:
            msg = Message("err_employment_incomplete", year=year, n=len(bad),
                          codes=bad[:10])
            raise MissingDataError(msg)
        notes.append(Message("ind_left_out_incomplete_employment", year=year, codes=bad))
        x = x.drop(index=bad)
    if x.empty:
        msg = Message("err_no_complete_employment", year=year)
        raise MissingDataError(msg)
    if (x.to_numpy() < 0).any():
        msg = Message("err_negative_employment")
        raise MissingDataError(msg)
    zero = [str(c) for c in x.columns[x.sum(axis=0) == 0]]
    if zero:
        notes.append(Message("ind_industries_no_employment", industries=zero))
        x = x.drop(columns=zero)
    empty = [str(c) for c in x.index[x.sum(axis=1) == 0]]
    if empty:
        notes.append(Message("ind_units_no_employment", codes=empty))
        x = x.drop(index=empty)
    return x


def _refuse_nested(region: Region, codes: list[str]) -> None:
    """Refuse a unit set holding a unit and one of its parents (a prefecture and its county,
    a province and its prefecture): their employment would be counted twice in every total
    (the comparison base, the rest of the set). Happens with ``level=None`` or ``codes`` mixing
    levels.

    Raises
    ------
    ParameterError
        Naming the first nested pairs and how to choose one level.
    """
    chosen = set(codes)
    ancestors = B.ancestor_map(region)
    names = region.units["name_zh"] if "name_zh" in region.units.columns else None

    def named(c: str) -> str:
        n = None if names is None else names.get(c)
        return f"{c} ({n})" if isinstance(n, str) else c

    inside = {c: next((a for a in ancestors.get(c, []) if a in chosen), None) for c in codes}
    nested = [Message("err_units_overlap_pair", outer=named(p), inner=named(c))
              for c, p in inside.items() if p is not None]
    if nested:
        more = Message("err_units_overlap_more", n=len(nested) - 5) if len(nested) > 5 else ""
        pairs = {"zh": ";".join(m.zh for m in nested[:5]),
                 "en": "; ".join(str(m) for m in nested[:5])}
        msg = Message("err_units_overlap", pairs=pairs, more=more)
        raise ParameterError(msg)


def employment_matrix(
    region: Region,
    *,
    year: int | None = None,
    level: str | None = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
) -> Employment:
    """Units × industries employment table (index ``code``, columns industry keys).

    ``industries`` are stats indicator names (default the census ``employed_sample_<key>``
    present). A missing cell is set to 0 only when the unit's other industries already sum to
    its ``employed_sample_total``; an industry missing for more than 5 % of the units is left
    out; remaining units with a missing cell are left out (noted) unless ``codes`` names them
    (then it raises); industries with no employment in the set are dropped (noted).

    Raises
    ------
    MissingDataError
        When the region has no census employment by industry (default ``industries``), no
        employment value for the selected units, a requested code is not a unit, an explicit
        unit has incomplete employment, no unit is complete, or a count is negative.
    ParameterError
        When the units overlap (a unit and one of its parents, e.g. with ``level=None``).
    UnknownIndicatorError
        When a name in ``industries`` is not a stats indicator of the region.

    Examples
    --------
    >>> e = employment_matrix(region)
    >>> e.year, e.matrix.shape
    (2020, (12, 20))
    >>> e.matrix.loc["220100", ["manufacturing", "finance"]]
    industry
    manufacturing    40188.0
    finance           8381.0
    Name: 220100, dtype: float64
    """
    inds = _industry_indicators(region, industries)
    strict = codes is not None
    cs = B.unit_codes(region, level=level, codes=codes)
    notes: list[str] = []
    if year is None:
        idx = B.stats_index(region)
        rows = idx.select(inds, cs)
        rows = rows[~np.isnan(idx.value[rows])]
        if len(rows) == 0:
            msg = Message("err_no_employment_values", n=len(cs))
            raise MissingDataError(msg)
        year = int(idx.year[rows].max())
    x = B.wide(region, inds, int(year), cs)
    x.columns = [_label(i) for i in inds]
    totals = (B.values(region, TOTAL, int(year), cs)
              if industries is None and B.has_indicator(region, TOTAL) else None)
    x = _complete(x, int(year), strict, industries is None, notes, totals)
    _refuse_nested(region, [str(c) for c in x.index])  # the units used, after completeness
    x.index.name = "code"
    x.columns.name = "industry"
    return Employment(matrix=x.astype("float64"), year=int(year), indicators=inds, notes=notes)


def lq_array(x: np.ndarray, ref: np.ndarray | None = None) -> np.ndarray:
    """Location quotients (e_ij/e_i)/(E_j/E) of a units × industries array; ``ref`` is the
    reference units' array (default ``x``).

    Raises
    ------
    Nothing of its own; a zero row or column gives NaN or inf (no warning), and ``ValueError``
    comes from NumPy when ``ref`` does not have as many columns as ``x``.

    Examples
    --------
    >>> lq_array(np.array([[8.0, 2.0], [2.0, 8.0]]))
    array([[1.6, 0.4],
           [0.4, 1.6]])
    """
    ref = x if ref is None else ref
    col = ref.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (x / x.sum(axis=1, keepdims=True)) / (col / col.sum())[None, :]
    return np.asarray(lq, dtype="float64")


def _shares(x: pd.DataFrame) -> pd.DataFrame:
    return x.div(x.sum(axis=1), axis=0)


def _finish(df: pd.DataFrame, name: str, region: Region, emp: Employment, level: str | None,
            params: dict[str, Any] | None = None, notes: list[str] | None = None,
            reference: str = REFERENCE) -> pd.DataFrame:
    return B.finish(df, indicator=name, region=region, year=emp.year, level=level,
                    measure=Message("ind_measure_employment"),
                    parameters={"industries": list(emp.matrix.columns), **(params or {})},
                    sources=B.sources(region, emp.indicators, [emp.year],
                                      list(emp.matrix.index)),
                    notes=[*emp.notes, *(notes or [])], reference=reference)
