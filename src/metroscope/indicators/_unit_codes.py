"""Picking the units of an indicator: codes at a level, under a parent, with roles; their
ancestors, province, group labels and names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .._errors import MissingDataError, ParameterError, shorten
from ..messages import Message

if TYPE_CHECKING:
    from ..region import Region

#: Roles counted as "inside the metropolitan area" for ``group_by='metro'``.
METRO_ROLES: tuple[str, ...] = ("core", "member", "partial")


def ancestor_map(region: Region) -> dict[str, list[str]]:
    """For every unit code, its chain of ancestors (parent first)."""
    parent = {str(k): (None if pd.isna(v) else str(v))
              for k, v in region.units["parent"].items()}
    out: dict[str, list[str]] = {}
    for code in parent:
        chain: list[str] = []
        p = parent.get(code)
        while p is not None and p not in chain and len(chain) < 10:
            chain.append(p)
            p = parent.get(p)
        out[code] = chain
    return out


def unit_codes(
    region: Region,
    *,
    level: str | None,
    codes: Iterable[str] | None = None,
    parent: str | None = None,
    roles: Iterable[str] | str | None = None,
) -> list[str]:
    """Codes of the units at ``level`` (optionally under ``parent``, with ``roles``), in table
    order; ``codes`` restricts the set (every code must exist).

    Raises
    ------
    MissingDataError
        When a requested code is not a unit of the region, or nothing is left.
    ParameterError
        When a requested code is a unit of another level than ``level``.
    """
    if codes is not None:
        wanted = [str(c) for c in codes]
        unknown = [c for c in wanted if c not in region.units.index]
        if unknown:
            msg = Message("err_codes_not_in_region", region=region.name,
                          got=shorten(unknown[:10]))
            raise MissingDataError(msg)
        chosen = set(wanted)
        base = [c for c in map(str, region.units.index) if c in chosen]
        if level is not None:
            # a code the user named is never dropped in silence by the level (a county code
            # among prefectures under the default level=prefecture)
            other = [f"{c} ({region.units.at[c, 'level']})" for c in base
                     if region.units.at[c, "level"] != level]
            if other:
                msg = Message("err_codes_other_level", level=level, codes=other[:10],
                              n=len(other))
                raise ParameterError(msg)
    else:
        base = region.codes(level=level)
    if roles is not None:
        role_set = {roles} if isinstance(roles, str) else set(roles)
        base = [c for c in base if region.units.at[c, "role"] in role_set]
    if parent is not None:
        parent = str(parent)
        if parent not in region.units.index:
            msg = Message("err_parent_not_in_region", got=shorten(parent), region=region.name)
            raise MissingDataError(msg)
        anc = ancestor_map(region)
        base = [c for c in base if parent in anc.get(c, [])]
    if not base:
        msg = (Message("err_no_units_at_level_under", level=repr(level), region=region.name,
                       parent=parent) if parent else
               Message("err_no_units_at_level", level=repr(level), region=region.name))
        raise MissingDataError(msg)
    return base


def province_of(region: Region, code: str) -> str | None:
    """The ancestor of ``code`` at level ``province`` (or ``None``)."""
    for a in ancestor_map(region).get(code, []):
        if a in region.units.index and region.units.at[a, "level"] == "province":
            return a
    return None


def group_labels(region: Region, codes: Sequence[str], group_by: str) -> pd.Series:
    """Group label of each unit from a ``units`` column (``role``, ``parent``, any extra
    column), or ``metro`` (core/member/partial -> ``metro``, others -> ``rest``).

    Raises
    ------
    MissingDataError
        When the column does not exist or a unit has no label.
    """
    units = region.units
    if group_by == "metro":
        lab = units.loc[list(codes), "role"].map(
            lambda r: "metro" if r in METRO_ROLES else "rest")
    elif group_by in units.columns and group_by != "geometry":
        lab = units.loc[list(codes), group_by]
    else:
        cols = [c for c in units.columns if c != "geometry"]
        msg = Message("err_cannot_group_by", got=shorten(group_by), allowed=cols)
        raise MissingDataError(msg)
    missing = [c for c, v in lab.items() if pd.isna(v)]
    if missing:
        msg = Message("err_group_missing", n=len(missing), group_by=repr(group_by),
                      codes=missing[:10])
        raise MissingDataError(msg)
    out = lab.astype(str)
    out.index = pd.Index([str(c) for c in out.index], name="code")
    out.name = "group"
    return out


def names(region: Region, codes: Sequence[str]) -> pd.DataFrame:
    """``name_zh``, ``name_en`` and ``role`` of the units (index ``code``)."""
    df = pd.DataFrame(region.units.loc[list(codes), ["name_zh", "name_en", "role"]])
    df.index = pd.Index([str(c) for c in codes], name="code")
    return df


def area_provinces(region: Region) -> set[str | None]:
    """The provinces of the metropolitan area's units (roles core, member, partial); ``None``
    in the set for a unit without a province, an empty set for a region without an area.

    Raises
    ------
    Nothing for a validated Region.

    Examples
    --------
    >>> area_provinces(region)
    {'220000'}
    """
    members = [str(c) for c in region.units.index if region.units.at[c, "role"] in METRO_ROLES]
    return {province_of(region, c) if region.units.at[c, "level"] != "province" else c
            for c in members}


def area_province(region: Region) -> str | None:
    """The one province every unit of the metropolitan area lies in (:func:`area_provinces`),
    or ``None`` when they span several provinces, have none, or the region has no area.

    Comparisons "the area against the rest" use this province as the rest (a provincial
    metropolitan area against the rest of its province): units of other provinces kept in a
    region as peers (沈阳, 大连, 哈尔滨 in ``changchun``) are not part of that rest.

    Raises
    ------
    Nothing for a validated Region.

    Examples
    --------
    >>> area_province(region)
    '220000'
    """
    provs = area_provinces(region)
    return next(iter(provs)) if len(provs) == 1 else None
