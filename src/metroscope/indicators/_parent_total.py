"""The denominator of a unit's share of its parent (primacy's 首位度 as a share): the parent's
own reported total, a user-supplied total, or the sum of its units; and the default parent
(the core's province).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from .._errors import MissingDataError, shorten
from ..messages import Message
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region


def default_scope(region: Region, parent: str | None) -> tuple[str | None, str | None]:
    """(parent used, core code or None): default parent = the core's province."""
    try:
        core: str | None = region.core_code()
    except MissingDataError:
        core = None
    if parent is None and core is not None and core in region.units.index:
        parent = B.province_of(region, core)
    return parent, core


#: Denominator bases of the share (``parent_basis`` / ``denominator`` columns).
BASIS_OFFICIAL = "official_total"
BASIS_USER = "user_total"
BASIS_UNITS_SUM = "units_sum"

#: The marker a user-supplied stats row carries in its note (see :func:`with_parent_total`).
USER_TOTAL_NOTE = "user-supplied total"


def official_total(region: Region, measure: str, year: int, parent: str | None,
                    user_total: float | None) -> tuple[float, str, str]:
    """(value, basis, label) of the parent's own total in ``year``: a value passed by the
    caller, else the parent's stats row (a user-supplied row says so); NaN when none."""
    if user_total is not None and math.isfinite(float(user_total)):
        return float(user_total), BASIS_USER, Message(
            "ind_label_user_total", parent=parent or Message("ind_label_the_set"))
    if parent is None:
        return math.nan, BASIS_OFFICIAL, Message("ind_label_no_parent")
    own, _ = B.measure_values(region, measure, year, [parent])
    if not own.notna().all():
        return math.nan, BASIS_OFFICIAL, Message("ind_label_no_reported", measure=measure,
                                                 parent=parent, year=year)
    st = region.stats
    row = st[(st["code"] == parent) & (st["year"] == year)
             & st["indicator"].isin(B.measure_indicators(measure))]
    notes = " ".join(str(n) for n in row.get("note", pd.Series(dtype=str)).fillna(""))
    if USER_TOTAL_NOTE in notes:
        return float(own.iloc[0]), BASIS_USER, Message("ind_label_user_row", parent=parent)
    return float(own.iloc[0]), BASIS_OFFICIAL, Message("ind_label_reported", parent=parent)


def units_sum(parent: str | None, v: pd.Series) -> tuple[float, str]:
    label = (Message("ind_label_units_sum") if parent is None
             else Message("ind_label_units_sum_of", parent=parent))
    if v.notna().all():
        return float(v.sum()), label
    return math.nan, Message("ind_label_incomplete", label=label)


def pct(x: float, total: float) -> float:
    return 100 * x / total if math.isfinite(total) and total else math.nan


def with_parent_total(region: Region, year: int, value: float, *, measure: str = "gdp",
                      parent: str | None = None, source: str = "user-supplied",
                      quality: str = "C") -> Region:
    """A copy of ``region`` with the parent's total for ``year`` set to ``value`` (a stats
    row; nothing on disk changes). The row's note marks it as user-supplied and every share
    computed on it says so.

    ``measure`` is a stats indicator (``gdp``, 亿元; ``population`` = census count, persons);
    ``parent`` defaults to the core's province; ``quality`` is the A-D tag the user vouches
    for (default C, a secondary source).

    Raises
    ------
    MissingDataError
        When there is no parent unit or ``value`` is not a positive number.

    Examples
    --------
    >>> r2 = with_parent_total(region, 2020, 12311.3, parent="220000")
    >>> float(r2.table("gdp", 2020).loc["220000", "gdp"])
    12311.3
    """
    parent, _ = default_scope(region, parent)
    if parent is None:
        msg = Message("err_no_parent_unit")
        raise MissingDataError(msg)
    if not (math.isfinite(float(value)) and float(value) > 0):
        msg = Message("err_parent_total_not_positive", got=shorten(value))
        raise MissingDataError(msg)
    indicator = measure if measure != "population" else B.POPULATION_INDICATORS[0]
    st = region.stats
    keep = ~((st["code"] == parent) & (st["year"] == int(year))
             & (st["indicator"] == indicator))
    unit = st.loc[st["indicator"] == indicator, "unit"]
    row = {"code": parent, "year": int(year), "indicator": indicator, "value": float(value),
           "unit": str(unit.iloc[0]) if len(unit) else "", "source": source,
           "quality": quality, "break": False,
           "note": f"{USER_TOTAL_NOTE} ({source}); not part of the embedded data"}
    stats = pd.concat([st[keep], pd.DataFrame([row])], ignore_index=True)
    return region.with_tables(stats=stats)


def parse_totals(parent_total: float | Mapping[int, float] | None,
                  year: int | None) -> dict[int, float]:
    if parent_total is None:
        return {}
    if isinstance(parent_total, Mapping):
        return {int(k): float(v) for k, v in parent_total.items()}
    if year is None:
        msg = Message("err_parent_total_needs_year")
        raise MissingDataError(msg)
    return {int(year): float(parent_total)}
