"""The 18 national metropolitan areas of the ``china`` dataset (part of ``tools/databuild``).

Two tables go into the bundle's ``extra``:

- ``metro_area_list``: one row per area (approval order, NDRC reply date as published, core
  prefecture, whether and how the member list is published, unmatched member names, sources);
- ``metro_areas``: one row per (area, county-level unit) with ``role`` core | member | partial and
  the ``basis`` of the role (which item of the source put the unit in, or the core rule).

**The core rule** (one rule for every area): the core is the core city's *central* urban
districts plus the city's development zones, where a central urban district is a 市辖区 (name
ending in 区, code digits 5-6 below 70) whose 2020 census urban share (population_urban /
population) is at least ``CORE_URBAN_SHARE_MIN_PCT``; development zones are the census units
with code digits 5-6 in 70-79 (carved out of the districts and reported separately in 2020). It
reproduces the embedded ``changchun`` dataset's core exactly (5 districts + 4 zones = 9 units):
any threshold in (47.5 %, 79.0 %] does (双阳区 47.5 % is the most urban excluded district, 宽城区
79.0 % the least urban included one). The threshold is a model assumption, not a fact; DATA.md
lists how the cores change at 70 % and 80 %.

Every member is transcribed (``data/metro_members.csv``) from
``scout_curated/national_metro_areas.csv`` (or, for 长春, the plan notes) and checked against the source text; nothing else is added.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from . import facts

CORE_URBAN_SHARE_MIN_PCT = 75.0  # central-district rule (see the module docstring)
CORE_SENSITIVITY_PCT = (70.0, 80.0)  # thresholds reported in the build log and DATA.md

METRO_CSV = "scout_curated/national_metro_areas.csv"


def _members() -> dict[str, list[tuple[str, str | None, str]]]:
    """data/metro_members.csv: area -> [(member as written, its prefecture or None, scope)]."""
    out: dict[str, list[tuple[str, str | None, str]]] = {}
    for r in facts.rows("metro_members.csv"):
        out.setdefault(r["metro_area"], []).append((r["member"], r["prefecture"] or None,
                                                    r["scope"]))
    return out


# data/metro_members.csv and data/metro_areas.toml (each names its sources)
_AREAS = facts.toml("metro_areas.toml")
CORE_CITY: Mapping[str, str] = MappingProxyType(_AREAS["core_city"])
METRO_MEMBERS: Mapping[str, list[tuple[str, str | None, str]]] = MappingProxyType(_members())
UNMATCHED_NOTES: Mapping[str, str] = MappingProxyType(_AREAS["unmatched_notes"])
SCOPE_NOTES: Mapping[tuple[str, str], str] = MappingProxyType({
    (n["metro_area"], n["scope"]): n["note"].format(
        core_urban_share_min_pct=CORE_URBAN_SHARE_MIN_PCT) for n in _AREAS["scope_notes"]})
REVERIFY_MARK = "re-verify"


def _is_zone(code: str) -> bool:
    return code[4] == "7"


def _is_district(code: str, name: str) -> bool:
    return name.endswith("区") and not _is_zone(code)


def central_units(pref: str, units: pd.DataFrame, urban_pct: pd.Series,
                  threshold: float = CORE_URBAN_SHARE_MIN_PCT) -> tuple[list[str], list[str]]:
    """(central units, districts left out for want of an urban share) of prefecture ``pref``."""
    kids = units[(units["parent"] == pref) & (units["level"] == "county")]
    out, unknown = [], []
    for code, name in kids["name_zh"].items():
        if _is_zone(str(code)):
            out.append(str(code))
        elif _is_district(str(code), str(name)):
            share = urban_pct.get(code)
            if share is None or pd.isna(share):
                unknown.append(str(code))
            elif share >= threshold:
                out.append(str(code))
    return sorted(out), unknown


def urban_share_2020(stats: pd.DataFrame) -> pd.Series:
    """2020 census urban share in % by code (population_urban / population)."""
    s = stats[stats["year"] == 2020]
    pop = s[s["indicator"] == "population"].set_index("code")["value"]
    urb = s[s["indicator"] == "population_urban"].set_index("code")["value"]
    return (100.0 * urb / pop).dropna()


def _prefecture(stem_name: str, prefs: pd.DataFrame, stem: Callable[[str], str]) -> str | None:
    hits = [c for c, n in prefs["name_zh"].items() if stem(str(n)) == stem(stem_name)]
    return hits[0] if len(hits) == 1 else None


def _county(name: str, parent: str, counties: pd.DataFrame,
            stem: Callable[[str], str]) -> str | None:
    kids = counties[counties["parent"] == parent]
    hits = [c for c, n in kids["name_zh"].items() if n == name or stem(str(n)) == stem(name)]
    return hits[0] if len(hits) == 1 else None


def _member_roles(area: str, members: list[tuple[str, str | None, str]], text: str,
                  roles: dict[str, tuple[str, str, str, str]], prefs: pd.DataFrame,
                  counties: pd.DataFrame, units: pd.DataFrame, urban: pd.Series,
                  stem: Callable[[str], str], say: Callable[[str], None]) -> list[str]:
    """Add the listed members of ``area`` to ``roles``; returns the unmatched names (noted)."""
    unmatched: list[str] = []
    for name, parent, scope in members:
        if name not in text:
            raise SystemExit(f"{name} not in the source text of {area}")
        note = SCOPE_NOTES.get((area, scope), "")
        if parent is None:
            pcode = _prefecture(name.replace("中心城区", ""), prefs, stem)
            if pcode is None:
                if name not in UNMATCHED_NOTES:
                    raise SystemExit(f"{area}: member {name} matches no prefecture")
                unmatched.append(f"{name}: {UNMATCHED_NOTES[name]}")
                say(f"  metro member {area} {name}: unmatched (see UNMATCHED_NOTES)")
                continue
            if scope == "central":
                codes, _ = central_units(pcode, units, urban)
                basis = "中心城区 of a listed city (central-district rule)"
            else:
                codes = sorted(counties.index[counties["parent"] == pcode].astype(str))
                basis = "county of a prefecture listed whole"
        else:
            pcode = _prefecture(parent, prefs, stem)
            c = None if pcode is None else _county(name, pcode, counties, stem)
            if c is None:
                raise SystemExit(f"{area}: member {name} ({parent}) matches no county")
            codes = [c]
            basis = "listed in part" if scope == "part" else "listed county"
        role = "partial" if scope == "part" else "member"
        for c in codes:
            roles.setdefault(c, (role, basis, name, note))
    return unmatched


def metro_area_tables(src: pd.DataFrame, units: pd.DataFrame, stats: pd.DataFrame, *,
                      plan_md: str, plan_sources: str, stem: Callable[[str], str],
                      say: Callable[[str], None]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(``metro_area_list``, ``metro_areas``) from the source CSV rows ``src``.

    Raises SystemExit when a transcribed member is not in the source text, when the source
    lists members that were not transcribed, or when a name cannot be matched to a unique unit
    (other than the known special zones in ``UNMATCHED_NOTES``).
    """
    prefs = units[units["level"] == "prefecture"]
    counties = units[units["level"] == "county"]
    urban = urban_share_2020(stats)
    area_rows: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for r in src.sort_values("order", key=lambda s: s.astype(int)).itertuples(index=False):
        area = str(r.metro_area)
        short = area.removesuffix("都市圈")
        listed = isinstance(r.members_verified, str) and bool(r.members_verified.strip())
        text = plan_md if area == "长春都市圈" else (str(r.members_verified) if listed else "")
        source = plan_sources if area == "长春都市圈" else str(r.sources)
        members = METRO_MEMBERS.get(area)
        if listed and members is None:
            raise SystemExit(f"{area} lists members but has no transcription")
        core_city = CORE_CITY.get(area, short)
        if core_city[0] not in area:
            raise SystemExit(f"core city {core_city} of {area} is not in its name")
        core_pref = _prefecture(core_city, prefs, stem)
        if core_pref is None:
            raise SystemExit(f"core city {core_city} of {area}: no unique prefecture")
        core, unknown = central_units(core_pref, units, urban)
        if unknown:
            say(f"  {area}: districts without an urban share, left out of the core: {unknown}")
        roles: dict[str, tuple[str, str, str, str]] = {}  # code -> (role, basis, item, note)
        for c in core:
            basis = "development zone of the core city" if _is_zone(c) else (
                f"central district (urban share {urban[c]:.1f} % >= "
                f"{CORE_URBAN_SHARE_MIN_PCT:g} %)")
            roles[c] = ("core", basis, core_city, "")
        unmatched = _member_roles(area, members or [], text, roles, prefs, counties, units,
                                  urban, stem, say)
        status = ("not published in the source" if not listed else
                  "listed; the source asks to re-verify" if REVERIFY_MARK in str(r.sources) else
                  "listed")
        reply = str(r.ndrc_reply)
        area_rows.append({
            "order": int(r.order), "metro_area": area, "short_name": short,
            "ndrc_reply": reply.split(" (", maxsplit=1)[0].strip(),
            "ndrc_reply_note": reply.split(" (", 1)[1].rstrip(")") if " (" in reply else "",
            "reply_year": int(reply[:4]),
            "core_code": core_pref, "core_name": str(prefs.at[core_pref, "name_zh"]),
            "core_rule": (f"central districts (urban share >= {CORE_URBAN_SHARE_MIN_PCT:g} %, "
                          "census 2020) and development zones of the core city"),
            "members_listed": listed, "members_verified": status == "listed",
            "members_status": status,
            "members_published": "" if not listed else (
                str(r.members_verified) if area != "长春都市圈" else
                "see changchun_metro_area_plan.md (county list)"),
            "unmatched_members": "; ".join(unmatched), "source": source})
        for c in sorted(roles):
            role, basis, item, note = roles[c]
            rows.append({"metro_area": area, "order": int(r.order), "code": c,
                         "name_zh": str(units.at[c, "name_zh"]),
                         "parent": str(units.at[c, "parent"]), "role": role, "basis": basis,
                         "member_name": item, "members_verified": status == "listed",
                         "source": source, "note": note})
        say(f"  {area}: core {core_pref} {len(core)} units; "
            f"{sum(v[0] != 'core' for v in roles.values())} other units; {status}")
        for thr in CORE_SENSITIVITY_PCT:
            alt, _ = central_units(core_pref, units, urban, thr)
            if alt != core:
                say(f"    core at {thr:g} %: +{sorted(set(alt) - set(core))} "
                    f"-{sorted(set(core) - set(alt))}")
    return pd.DataFrame(area_rows), pd.DataFrame(rows)


def recoded_2010_rows(c2010: pd.DataFrame, units: pd.DataFrame, have_2010: set[str], *,
                      stem: Callable[[str], str], level_of: Callable[[str], str],
                      values: Callable[[pd.Series], dict[str, tuple[float, str]]],
                      keep: set[str], say: Callable[[str], None]
                      ) -> list[tuple[str, str, float, str]]:
    """2010 census rows for county-level units that were re-coded after 2010.

    A current county without a 2010 row (by identical code) gets the 2010 row of a county of
    the same province whose code no longer exists and whose name has the same stem (九台市
    220181 -> 九台区 220113, 溧水县 320124 -> 溧水区 320117), when that match is unique both
    ways. Returns ``(code, indicator, value, note)`` for the indicators in ``keep``.
    """
    c10 = c2010[c2010["code"].notna()].drop_duplicates("code").set_index("code", drop=False)
    current = set(units.index)
    counties = units[units["level"] == "county"]
    gone = c10[[level_of(c) == "county" and c not in current for c in c10.index]]
    by_key: dict[tuple[str, str], list[str]] = {}
    for c, n in gone["name"].items():
        by_key.setdefault((str(c)[:2], stem(str(n))), []).append(str(c))
    targets: dict[tuple[str, str], list[str]] = {}
    for c, n in counties["name_zh"].items():
        if c not in have_2010 and not _is_zone(str(c)):
            targets.setdefault((str(c)[:2], stem(str(n))), []).append(str(c))
    out: list[tuple[str, str, float, str]] = []
    n_units = 0
    for key, new in sorted(targets.items()):
        old = by_key.get(key, [])
        if len(new) != 1 or len(old) != 1:
            continue
        row = c10.loc[old[0]]
        note = (f"2010 row of {old[0]} {row['name']} (re-coded to {new[0]} "
                f"{counties.at[new[0], 'name_zh']}; same name stem, same province)")
        try:
            vals = values(row)
        except ValueError as exc:  # a garbled cell of the 2010 file (e.g. 工布江达县 industries)
            say(f"  2010 {old[0]} {row['name']}: not attached, unreadable row ({exc})")
            continue
        n_units += 1
        out += [(new[0], ind, val, note) for ind, (val, _n) in sorted(vals.items()) if ind in keep]
    say(f"  2010 rows attached to re-coded counties: {n_units} units, {len(out)} rows")
    return out
