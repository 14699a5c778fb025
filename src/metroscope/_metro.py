"""Build a metropolitan-area Region from the national ``metro_areas`` member table."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from ._errors import MissingDataError

if TYPE_CHECKING:
    from .region import Region

logger = logging.getLogger(__name__)


def _descendants(units: pd.DataFrame, code: str) -> list[str]:
    children = units.index[units["parent"] == code].tolist()
    out = list(children)
    for c in children:
        out += _descendants(units, c)
    return out


def _province_of(units: pd.DataFrame, code: str) -> str | None:
    seen: set[str] = set()
    while code in units.index and code not in seen:
        seen.add(code)
        if units.at[code, "level"] == "province":
            return code
        parent = units.at[code, "parent"]
        if pd.isna(parent):
            return None
        code = str(parent)
    return None


def metro_area_region(region: Region, name: str, rows: pd.DataFrame) -> Region:
    """The units of the provinces touched by metropolitan area ``name``, with roles set.

    Members flagged ``is_core`` (else the first member listed) are the core, and the first of
    them gives ``meta['core_code']``; a member listed whole is ``member`` and its descendants
    inherit the role; ``scope == 'part'`` gives ``partial``;
    every other unit of the touched provinces is ``context``. Members whose name could not be
    matched to a code are listed in ``meta['unmatched_members']``.
    """
    units = region.units
    matched = rows[rows["code"].notna() & rows["code"].isin(units.index)]
    if matched.empty:
        msg = (f"No member of {name!r} could be matched to a unit code; the member list is "
               f"{rows['member_name'].tolist()}.")
        raise MissingDataError(msg)
    unmatched = rows.loc[~rows.index.isin(matched.index), "member_name"].tolist()
    if "is_core" in matched.columns and matched["is_core"].astype(bool).any():
        is_core = [bool(f) for f in matched["is_core"].astype(bool)]
    else:  # no core flag: the first listed member is the core
        is_core = [n == 0 for n in range(len(matched))]
    roles: dict[str, str] = {}
    for core, (_, row) in zip(is_core, matched.iterrows(), strict=True):
        code = str(row["code"])
        role = "core" if core else ("partial" if row.get("scope") == "part" else "member")
        for c in [code, *_descendants(units, code)]:
            roles.setdefault(c, role)
    provinces = {p for c in roles if (p := _province_of(units, c)) is not None}
    keep = [c for c in units.index if c in roles or _province_of(units, c) in provinces]
    sub = region.select(codes=keep)
    new_units = sub.units.copy()
    new_units["role"] = [roles.get(c, "context") for c in new_units.index]
    meta = dict(region.meta)
    meta.update({"title_zh": name, "title_en": name, "metro_area": name,
                 "core_code": str(matched["code"].iloc[is_core.index(True)]),
                 "unmatched_members": unmatched})
    logger.info("Metro area %s: %d units (%d with a role other than context)", name,
                len(new_units), len(roles))
    return replace(sub, name=name, units=new_units, meta=meta, extra={}, validate=False)
