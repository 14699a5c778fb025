"""The national metropolitan areas of the ``china`` dataset: names, the list, one area as a Region.

The data are two extra tables built by ``tools/build_datasets.py`` (see ``datasets/DATA.md``):
``metro_area_list`` (one row per area) and ``metro_areas`` (one row per area and county-level
unit, with ``role`` core | member | partial and the ``basis`` of the role). The core of every area
follows one rule: the core city's central districts (2020 urban share at or above a threshold)
and its development zones; it reproduces the ``changchun`` dataset's core.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from ._errors import MissingDataError, UnknownAreaError, UnknownRegionError, shorten
from .messages import Message

if TYPE_CHECKING:
    from .region import Region

logger = logging.getLogger(__name__)

# English names of areas whose Chinese name joins several cities (standard romanisation).
_EN_MULTI = {"长株潭": "Changsha–Zhuzhou–Xiangtan", "厦漳泉": "Xiamen–Zhangzhou–Quanzhou"}


def _tables(region: Region) -> tuple[pd.DataFrame, pd.DataFrame]:
    members = region.extra.get("metro_areas")
    areas = region.extra.get("metro_area_list")
    if members is None or areas is None or areas.empty:
        msg = Message("err_no_metro_tables", region=region.name)
        raise UnknownRegionError(msg)
    return areas.sort_values("order").reset_index(drop=True), members


def area_list(region: Region) -> pd.DataFrame:
    """The national metropolitan areas in approval order (one row per area).

    Columns as in the ``metro_area_list`` table (``order``, ``metro_area``, ``short_name``,
    ``ndrc_reply`` as published, ``reply_year``, ``core_code``, ``core_name``,
    ``members_listed``, ``members_verified``, ``members_status``, ``unmatched_members``,
    ``source``) plus ``name_en`` and the unit counts ``n_units``, ``n_core``, ``n_member``,
    ``n_partial`` (county-level units with that role).

    Raises
    ------
    UnknownRegionError
        If ``region`` has no metropolitan-area tables (only the ``china`` dataset has them).
    """
    areas, members = _tables(region)
    out = areas.copy()
    counts = members.groupby(["metro_area", "role"]).size().unstack(fill_value=0)
    for role in ("core", "member", "partial"):
        col = counts[role] if role in counts.columns else pd.Series(dtype="int64")
        out[f"n_{role}"] = out["metro_area"].map(col).fillna(0).astype(int)
    out["n_units"] = out[["n_core", "n_member", "n_partial"]].sum(axis=1)
    out["name_en"] = [english_name(region, str(s), str(c))
                      for s, c in zip(out["short_name"], out["core_code"], strict=True)]
    return out


def english_name(region: Region, short: str, core_code: str) -> str:
    """English name of an area: the core prefecture's English name + "Metropolitan Area"."""
    base = _EN_MULTI.get(short)
    if base is None:
        en = region.units["name_en"].get(core_code) if "name_en" in region.units else None
        base = str(en).removesuffix(" City").strip() if en is not None and pd.notna(en) else short
    return f"{base} Metropolitan Area"


def resolve(region: Region, name: str) -> str:
    """The full area name (``南京都市圈``) for ``name``: the full name, the short form (``南京``),
    the core city's name (``南京市``, ``长沙`` for 长株潭) or its English name (``Nanjing``).

    Raises
    ------
    UnknownRegionError
        If ``name`` matches no area; the message lists every valid name with its short form.
    """
    areas, _ = _tables(region)
    key = name.strip().casefold()
    for r in areas.itertuples(index=False):
        core = str(r.core_name)
        en = english_name(region, str(r.short_name), str(r.core_code))
        forms = {str(r.metro_area), str(r.short_name), core, core.removesuffix("市"), en,
                 en.removesuffix(" Metropolitan Area")}
        if key in {f.casefold() for f in forms}:
            return str(r.metro_area)
    rows = list(areas.itertuples(index=False))
    valid = {"zh": "、".join(f"{r.metro_area}({r.short_name})" for r in rows),
             "en": ", ".join(f"{r.metro_area} ({r.short_name})" for r in rows)}
    msg = Message("err_unknown_metro_area", got=shorten(name), n=len(areas), valid=valid)
    raise UnknownAreaError(msg)


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


def prefecture_roles(units: pd.DataFrame, roles: dict[str, str]) -> dict[str, str]:
    """Roles of the prefectures from their county-level units' roles.

    ``core`` for a prefecture holding a core unit; ``member`` when every county-level unit of
    the prefecture is core or member; ``partial`` when only some are (or some are partial).
    """
    out: dict[str, str] = {}
    counties = units[units["level"] == "county"]
    for pref, kids in counties.groupby("parent").groups.items():
        got = [roles.get(str(c)) for c in kids]
        if not any(got):
            continue
        if "core" in got:
            out[str(pref)] = "core"
        elif all(g == "member" for g in got):
            out[str(pref)] = "member"
        else:
            out[str(pref)] = "partial"
    return out


def metro_area_region(region: Region, name: str) -> Region:
    """National metropolitan area ``name`` (any form :func:`resolve` accepts) as a Region.

    The units are those of the provinces the area touches; county-level units take their role
    from the ``metro_areas`` table, prefectures from :func:`prefecture_roles`, every other unit
    is ``context``. ``meta`` gets the area's order, NDRC reply, core rule, member status
    (``members_verified``, ``members_status``) and unmatched member names; ``core_code`` is the
    core prefecture.

    Raises
    ------
    UnknownRegionError
        If the name matches no area.
    MissingDataError
        If none of the area's units is in the region.
    """
    full = resolve(region, name)
    areas, members = _tables(region)
    info = areas[areas["metro_area"] == full].iloc[0]
    rows = members[members["metro_area"] == full]
    units = region.units
    roles = {str(c): str(r) for c, r in zip(rows["code"], rows["role"], strict=True)
             if c in units.index}
    if not roles:
        msg = Message("err_metro_area_no_unit", area=repr(full), region=region.name)
        raise MissingDataError(msg)
    roles.update(prefecture_roles(units, roles))
    provinces = {p for c in roles if (p := _province_of(units, c)) is not None}
    keep = [c for c in units.index if c in roles or _province_of(units, c) in provinces]
    sub = region.select(codes=keep)
    new_units = sub.units.copy()
    new_units["role"] = [roles.get(c, "context") for c in new_units.index]
    meta = dict(region.meta)
    meta.update({
        "title_zh": full,
        "title_en": english_name(region, str(info["short_name"]), str(info["core_code"])),
        "metro_area": full, "metro_area_order": int(info["order"]),
        "ndrc_reply": str(info["ndrc_reply"]), "core_code": str(info["core_code"]),
        "core_rule": str(info["core_rule"]),
        "members_verified": bool(info["members_verified"]),
        "members_status": str(info["members_status"]),
        "unmatched_members": str(info["unmatched_members"] or ""),
        "metro_area_source": str(info["source"]),
    })
    meta["note"] = (
        f"{full}: county-level units of the china dataset with roles from its member list; "
        "census 2010/2020 and a 2015 yearbook cross-section; no network and no projects."
        if bool(info["members_listed"]) else
        f"{full}: the member list is not published in the source; only the core (by the core "
        "rule) has a role, every other unit is context. No network and no projects.")
    logger.info("Metro area %s: %d units (%d with a role other than context)", full,
                len(new_units), len(roles))
    # the 2020 census zones without a code of the area's prefectures go with their districts
    # (metroscope._areas_zones): the commuting circle's plan-area population needs them
    extra: dict[str, pd.DataFrame] = {}
    zones = region.extra.get("uncoded_zones") if isinstance(region.extra, dict) else None
    if zones is not None:
        mine = zones["prefecture"].astype(str).isin(new_units.index).to_numpy()
        extra["uncoded_zones"] = zones[mine].reset_index(drop=True)
    return replace(sub, name=full, units=new_units, meta=meta, extra=extra, validate=False)
