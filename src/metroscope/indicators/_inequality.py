"""The inputs of the inequality measures: a measure Y and a weight P over a set of units in one
year, with the units that cannot enter left out and the reason noted (used by
:mod:`.inequality`, :mod:`.theil` and :mod:`.convergence`; importable from
:mod:`metroscope.indicators.inequality`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from ..messages import Message
from . import _base as B
from ._same_boundary import same_boundary_weight

if TYPE_CHECKING:
    from ..region import Region


# ---------------------------------------------------------------------------- inputs
@dataclass
class Inputs:
    """Quantities Y_i and weights P_i (None = equal weights) of a set of units in one year."""

    y: pd.Series
    p: pd.Series | None
    year: int
    used: list[str]
    notes: list[str] = field(default_factory=list)


def _norm_weight(weight: str | None) -> str | None:
    return None if weight in (None, "", "none", "equal") else weight


def inputs(region: Region, *, measure: str, weight: str | None, year: int | None,
           level: str | None, codes: Sequence[str] | None,
           parent: str | None = None) -> Inputs:
    """Y (measure) and P (weight) in the latest year where both exist for every unit (or
    ``year``); units lacking either are left out and listed in the notes.

    Raises
    ------
    MissingDataError
        When a code or ``parent`` is not a unit, no unit is at ``level``, no year has both the
        measure and the weight, or every unit is left out (the reasons are listed).
    UnknownIndicatorError
        When ``measure`` or ``weight`` is not a stats indicator of the region.

    Examples
    --------
    >>> i = inputs(region, measure="gdp", weight="population", year=None, level="prefecture", codes=None)
    >>> i.year, len(i.y), i.used
    (2020, 12, ['gdp', 'population'])
    """
    weight = _norm_weight(weight)
    cs = B.unit_codes(region, level=level, codes=codes, parent=parent)
    notes: list[str] = []
    if year is None:
        ys = set(B.measure_years(region, measure, cs))
        if weight is not None:
            ys &= set(B.measure_years(region, weight, cs))
        if not ys:
            msg = (Message("err_no_year_measure_weight", measure=repr(measure),
                           weight=repr(weight), region=region.name) if weight else
                   Message("err_no_values_of", measure=repr(measure)))
            raise MissingDataError(msg)
        full = [y for y in sorted(ys) if _both(region, measure, weight, y, cs)]
        year = full[-1] if full else max(ys)
    y_v, used = B.measure_values(region, measure, int(year), cs)
    p_v = None
    if weight is not None:
        p_v, used_p = B.measure_values(region, weight, int(year), cs)
        # GDP of a year is on that year's boundary; a census count may be adjusted to another
        p_v, same_notes, used_pc = same_boundary_weight(region, measure, weight, int(year),
                                                        y_v, p_v)
        notes.extend(same_notes)
        used = [*used, *used_p, *used_pc]
    reasons = _exclusions(y_v, p_v, measure, weight)
    for why, left in reasons.items():
        notes.append(Message("ind_left_out_in", year=year, why=why, codes=list(left)))
    excluded = {c for left in reasons.values() for c in left}
    keep = [c for c in cs if c not in excluded]
    if not keep:
        # each reason is a Message: the listing is given in both languages
        listing = {"zh": ";".join(f"{_zh(why)}:{'、'.join(left[:10])}"
                                  for why, left in reasons.items()),
                   "en": "; ".join(f"{why}: {', '.join(left[:10])}"
                                   for why, left in reasons.items())}
        msg = (Message("err_no_usable_measure_weight", measure=repr(measure),
                       weight=repr(weight), year=int(year), listing=listing) if weight else
               Message("err_no_usable_measure", measure=repr(measure), year=int(year),
                       listing=listing))
        raise MissingDataError(msg)
    return Inputs(y=y_v[keep], p=None if p_v is None else p_v[keep], year=int(year),
                  used=used, notes=notes)


def _zh(text: str) -> str:
    return text.get("zh") if isinstance(text, Message) else text


def _exclusions(y: pd.Series, p: pd.Series | None, measure: str,
                weight: str | None) -> dict[str, list[str]]:
    """Units that cannot enter, grouped by the exact reason (missing, non-finite, negative
    value; missing, non-finite, zero or negative weight)."""
    out: dict[str, list[str]] = {}

    def add(mask: pd.Series, why: Message) -> None:
        codes = [str(c) for c in mask.index[mask.to_numpy()]]
        if codes:
            out.setdefault(why, []).extend(c for c in codes if c not in
                                           {x for v in out.values() for x in v})

    yv = y.astype("float64")
    add(yv.isna(), Message("err_excl_none", name=measure))
    add(yv.notna() & ~np.isfinite(yv.fillna(0.0)), Message("err_excl_not_finite", name=measure))
    add(yv < 0, Message("err_excl_negative", name=measure))
    if p is not None:
        pv = p.astype("float64")
        add(pv.isna(), Message("err_excl_none", name=weight))
        add(pv.notna() & ~np.isfinite(pv.fillna(0.0)), Message("err_excl_not_finite", name=weight))
        add(pv <= 0, Message("err_excl_weight_not_positive", name=weight))
    return {k: v for k, v in out.items() if v}


def _zero_mean_note(y: pd.Series, measure: str) -> list[str]:
    if len(y) and not float(y.sum()) > 0:
        return [f"every {measure} value is 0 (zero mean): the measure is undefined (NaN)"]
    return []


def _both(region: Region, measure: str, weight: str | None, year: int, cs: list[str]) -> bool:
    y, _ = B.measure_values(region, measure, year, cs)
    if weight is None:
        return bool(y.notna().all())
    p, _ = B.measure_values(region, weight, year, cs)
    return bool(y.notna().all() and p.notna().all())
