"""Consolidated units: unions of units whose boundaries moved among themselves, computed from the
series-break records, so that change indicators can compare like with like across a boundary
change instead of refusing every unit involved.

A boundary break is a ``stats`` row flagged ``break`` whose note says "boundary". The units
flagged in the same year with the same note under the same parent belong to one boundary event,
together with the units the note names by code (e.g. the development zones 220171-220174 carved
out of 长春's urban districts before the 2020 census); events sharing a unit are merged. A
consolidated unit is *complete* when every member has a value at the end date and every member
that existed at the start has one there (units created by the change, with no start value, held
their area inside the others); a note naming a unit without a code ("(no code)") makes it
incomplete, because that unit's end value is not in the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..messages import Message
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


@dataclass(frozen=True)
class Consolidation:
    """One consolidated unit: its members (codes, table order), the year(s) of the boundary
    change, whether the data can complete it, and why not."""

    code: str
    members: tuple[str, ...]
    years: tuple[int, ...]
    parent: str | None
    complete: bool
    reason: str = ""

    def label(self, region: Region, lang: str = "zh") -> str:
        """A readable name: the parent's name and the members' names.

        Raises
        ------
        Nothing; members that are not units of ``region`` are left out of the name.

        Examples
        --------
        >>> c = consolidations(region, start=2010, end=2020)[1]
        >>> c.label(region)
        '吉林市合并单元(昌邑区、龙潭区、船营区、丰满区)'
        >>> c.label(region, "en")
        'Jilin City consolidated unit (Changyi District, Longtan District, Chuanying District, Fengman District)'
        """
        col = "name_zh" if lang == "zh" else "name_en"
        u = region.units
        names = [str(u.at[c, col]) for c in self.members if c in u.index]
        head = (str(u.at[self.parent, col]) if self.parent in u.index else "")
        if lang == "zh":
            return f"{head}合并单元({'、'.join(names)})"
        return f"{head} consolidated unit ({', '.join(names)})"


def consolidations(region: Region, *, start: int, end: int, level: str | None = "county",
                   indicators: Iterable[str] = ("population",)) -> list[Consolidation]:
    """The consolidated units of ``region`` for changes from ``start`` to ``end``.

    Reads the boundary breaks of ``indicators`` only, in ``(start, end]`` at ``level``: unlike
    :func:`._base.break_years`, a boundary break flagged on another official level indicator
    (:data:`._base.OFFICIAL_LEVEL_INDICATORS`, e.g. GDP) makes no event here; callers pass
    the indicators whose values they compare (:data:`._base.POPULATION_INDICATORS` for
    population). Codes are ``"+"``-joined member codes.

    Raises
    ------
    ValueError
        From :meth:`Region.codes` for an unknown ``level``. A region without break notes gives
        an empty list.

    Examples
    --------
    >>> cs = consolidations(region, start=2010, end=2020)
    >>> len(cs), cs[1].members, cs[1].complete
    (3, ('220202', '220203', '220204', '220211'), False)
    """
    st = region.stats
    if "note" not in st.columns or st.empty:
        return []
    inds = set(indicators)
    m = (st["break"].fillna(False).astype(bool) & (st["year"] > start) & (st["year"] <= end)
         & st["note"].astype("string").str.contains("boundary", na=False)
         & st["indicator"].isin(inds))
    rows = st[m]
    units = region.units
    at_level = set(region.codes(level=level)) if level is not None else set(units.index)
    rows = rows[rows["code"].isin(at_level)]
    parent_of = units["parent"]
    events: dict[tuple[object, int, str], set[str]] = {}
    no_code: dict[tuple[object, int, str], bool] = {}
    for code, year, note in zip(rows["code"], rows["year"], rows["note"], strict=True):
        key = (parent_of.get(code), int(year), str(note))
        members = events.setdefault(key, set())
        members.add(str(code))
        members.update(c for c in _CODE.findall(str(note)) if c in at_level)
        no_code[key] = "(no code)" in str(note)
    # union of events sharing a unit
    groups: list[tuple[set[str], set[int], bool, object]] = []
    for (parent, year, _note), members in events.items():
        merged = [g for g in groups if g[0] & members]
        codes, years = set(members), {year}
        missing = no_code[(parent, year, _note)]
        for g in merged:
            codes |= g[0]
            years |= g[1]
            missing = missing or g[2]
            groups.remove(g)
        groups.append((codes, years, missing, parent))
    order = {c: i for i, c in enumerate(map(str, units.index))}
    out = []
    for codes, years, missing, parent in groups:
        if len(codes) < 2:
            continue
        ordered = tuple(sorted(codes, key=lambda c: order.get(c, 10**9)))
        reason = Message("cons_reason_no_code") if missing else ""
        out.append(Consolidation(code="+".join(ordered), members=ordered,
                                 years=tuple(sorted(years)),
                                 parent=None if pd.isna(parent) else str(parent),
                                 complete=not missing, reason=reason))
    return out


def union_change(values_start: pd.Series, values_end: pd.Series,
                 members: Sequence[str]) -> tuple[float, float, str]:
    """Start and end totals of a union of ``members`` and why they are NaN (empty if not).

    Members without a start value count as created by the boundary change (their area was
    inside the others); a member without an end value, or no start value at all, makes the
    union NaN.

    Raises
    ------
    Nothing; missing values give NaN totals and the reason.

    Examples
    --------
    >>> start = pd.Series({"a": 10.0, "b": 5.0})
    >>> end = pd.Series({"a": 12.0, "b": 6.0, "c": 2.0})
    >>> union_change(start, end, ["a", "b", "c"])  # c is new: its area was inside a and b
    (15.0, 20.0, '')
    >>> union_change(start, end, ["a", "d"])
    (nan, nan, 'no end value for d')
    """
    a = values_start.reindex(list(members))
    b = values_end.reindex(list(members))
    if b.isna().any():
        return (float("nan"), float("nan"),
                Message("cons_reason_no_end", codes=[str(c) for c in b.index[b.isna()]]))
    if a.isna().all():
        return float("nan"), float("nan"), Message("cons_reason_no_start")
    return float(a.sum(skipna=True)), float(b.sum()), ""


def consolidated_rows(region: Region, start: int, end: int, level: str | None,
                      codes: Sequence[str], indicator: str = "population"
                      ) -> list[tuple[Consolidation, float, float, str]]:
    """Every consolidation whose members are all among ``codes``: (consolidation, start total,
    end total, reason when NaN), population read as in :func:`._base.population`.

    Raises
    ------
    ValueError
        From :func:`consolidations` for an unknown ``level``. An incomplete consolidation gives
        NaN totals with the reason, not an error.

    Examples
    --------
    >>> rows = consolidated_rows(region, 2010, 2020, "county", region.codes(level="county"))
    >>> [(c.parent, start, end) for c, start, end, why in rows][:1]
    [('220100', 4804743.0, 5969036.0)]
    """
    inds = B.POPULATION_INDICATORS if indicator == "population" else (indicator,)
    cons = consolidations(region, start=start, end=end, level=level, indicators=inds)
    chosen = set(codes)
    out = []
    for c in cons:
        if not set(c.members) <= chosen:
            continue
        if indicator == "population":
            a, _ = B.population(region, start, list(c.members))
            b, _ = B.population(region, end, list(c.members))
        else:
            a = B.values(region, indicator, start, list(c.members))
            b = B.values(region, indicator, end, list(c.members))
        if not c.complete:
            out.append((c, float("nan"), float("nan"), c.reason))
            continue
        out.append((c, *union_change(a, b, c.members)))
    return out
