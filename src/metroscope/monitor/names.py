"""The region's names as the monitor's tagger reads them: short forms of unit names
(长春市 → 长春), the ``{name: code}`` table with its ambiguities resolved, the short names a
province shares with a city (吉林), the districts' parents, and the projects' names and
aliases. :mod:`metroscope.monitor.tagging` matches texts against these tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ProjectRef", "district_parents", "project_refs", "shared_city_names", "short_name",
           "unit_name_map"]

_SUFFIXES = ("朝鲜族自治州", "朝鲜族自治县", "满族自治县", "蒙古族自治县", "自治州", "自治县",
             "自治区", "省", "市", "县")


def short_name(name_zh: str, level: str) -> str | None:
    """The short form of a unit name (长春市 → 长春, 伊通满族自治县 → 伊通); None for districts
    and names that would be shorter than two characters.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> short_name("长春市", "prefecture"), short_name("伊通满族自治县", "county"), short_name("南关区", "county")
    ('长春', '伊通', None)
    """
    if level == "county" and name_zh.endswith("区"):
        return None
    for suffix in _SUFFIXES:
        if name_zh.endswith(suffix) and len(name_zh) - len(suffix) >= 2:
            return name_zh[: -len(suffix)]
    return None


@dataclass(frozen=True)
class ProjectRef:
    """What the tagger needs to know about a project: its id and every name it goes by."""

    project_id: str
    names: tuple[str, ...]


def unit_name_map(units: pd.DataFrame) -> dict[str, str]:
    """``{name: code}`` of a units table (full, short and English names; first wins).

    Raises
    ------
    KeyError
        If ``units`` lacks the ``level`` column (never for the units of a validated Region).

    Examples
    --------
    >>> names = unit_name_map(region.units)
    >>> names["长春"], names["Changchun"], names["南关区"]
    ('220100', '220100', '220102')
    """
    out: dict[str, str] = {}
    level_of: dict[str, int] = {}
    ambiguous: set[str] = set()
    rows = units.reset_index()
    # higher levels first: a short name shared by a province and its prefecture (吉林) or by
    # a prefecture and its county (通化) names the higher unit, as in news usage; a short
    # name shared by two units of the same level is dropped (ambiguous)
    order = {"province": 0, "prefecture": 1, "county": 2}
    rows = rows.assign(_o=rows["level"].map(order).fillna(3)).sort_values("_o")
    for r in rows.itertuples(index=False):
        code, zh, level = str(r.code), str(r.name_zh), str(r.level)
        names = [zh]
        short = short_name(zh, level)
        if short:
            names.append(short)
        en = getattr(r, "name_en", None)
        if isinstance(en, str) and en and level == "prefecture" and " " not in en:
            names.append(en)
        rank = order.get(level, 3)
        for n in names:
            if n in out and out[n] != code and level_of[n] == rank:
                ambiguous.add(n)
            if n not in out:
                out[n], level_of[n] = code, rank
    if "Jilin" in out:  # the city and the province share the English name
        ambiguous.add("Jilin")
    for n in ambiguous - {str(x) for x in rows["name_zh"]}:
        out.pop(n, None)
    return out


def shared_city_names(units: pd.DataFrame) -> dict[str, str]:
    """``{short name: city code}`` of the short names that a province shares with a
    prefecture-level city (吉林省 and 吉林市 → ``{"吉林": "220200"}``); :func:`unit_name_map`
    gives such a name to the province, :meth:`Tagger.match_units` decides by context.

    Raises
    ------
    KeyError
        If ``units`` lacks the ``level`` or ``name_zh`` column (never for the units of a
        validated Region).

    Examples
    --------
    >>> shared_city_names(region.units)
    {'吉林': '220200'}
    """
    rows = units.reset_index()
    short = {str(r.code): short_name(str(r.name_zh), str(r.level))
             for r in rows.itertuples(index=False)}
    levels = dict(zip(rows["code"].astype(str), rows["level"].astype(str), strict=True))
    provinces = {short[c] for c, lv in levels.items() if lv == "province" and short[c]}
    return {str(short[c]): c for c, lv in levels.items()
            if lv == "prefecture" and short[c] in provinces}


def district_parents(units: pd.DataFrame) -> dict[str, str]:
    """``{code: parent code}`` of the districts (county-level units named ...区).

    Raises
    ------
    AttributeError
        If ``units`` lacks the ``code`` (index or column), ``level``, ``name_zh`` or
        ``parent`` column (never for the units of a validated Region).

    Examples
    --------
    >>> district_parents(region.units)["220102"]
    '220100'
    """
    rows = units.reset_index()
    return {str(r.code): str(r.parent) for r in rows.itertuples(index=False)
            if str(r.level) == "county" and str(r.name_zh).endswith("区")
            and isinstance(r.parent, str) and r.parent}


def project_refs(projects: pd.DataFrame,
                 aliases: dict[str, list[str]] | None = None) -> list[ProjectRef]:
    """Project references from a projects table plus extra ``aliases`` per project id.

    Raises
    ------
    AttributeError
        If ``projects`` lacks the ``project_id`` or ``name_zh`` column (never for the
        projects of a validated Region).

    Examples
    --------
    >>> refs = project_refs(region.projects, {"changsiliaotong_hsr": ["长四辽通"]})
    >>> [(r.project_id, r.names[:2]) for r in refs][:2]
    [('changchun_metro_plan', ('长春都市圈发展规划', 'Changchun Metropolitan Area Development Plan')), ('changsiliaotong_hsr', ('长四辽通高铁', 'Changchun–Siping–Liaoyuan–Tonghua high-speed railway'))]
    """
    aliases = aliases or {}
    refs = []
    for r in projects.itertuples(index=False):
        pid = str(r.project_id)
        names = [str(x) for x in (r.name_zh, getattr(r, "name_en", None))
                 if isinstance(x, str) and x]
        names += [a for a in aliases.get(pid, []) if a not in names]
        refs.append(ProjectRef(project_id=pid, names=tuple(names)))
    return refs
