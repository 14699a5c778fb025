"""A first look at a Region: units by role, population change, latest GDP, rail lines, sources.

Pure functions returning tables; the CLI (``metroscope summary``) prints them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ._provenance import annotate, sources_of
from .messages import Message
from .region import Region
from .sources import kinds

ROLE_LABELS = {"core": ("核心区", "core"), "member": ("成员", "member"),
               "partial": ("部分纳入", "partial"), "context": ("参照/外围", "context")}


def units_by_role(region: Region, *, level: str = "county") -> pd.DataFrame:
    """Count of units and 2020 census population by role (index ``role``).

    Columns: ``role_zh``, ``n_units``, ``population_2020`` (persons; NaN when no unit of the
    role has a census count), ``names_zh`` (the units, comma-separated).

    Raises
    ------
    ValueError
        For an unknown ``level`` when the region has census population (without it the
        population column is NaN).

    Examples
    --------
    >>> units_by_role(region).iloc[:, :3]
            role_zh  n_units  population_2020
    role
    core        核心区        9        5019477.0
    member       成员       14        6312303.0
    partial    部分纳入        2        1062283.0
    context   参照/外围       40       11330021.0
    """
    units = region.units[region.units["level"] == level]
    pop = (region.table("population", 2020, level=level)["population"]
           if "population" in region.indicators() else pd.Series(dtype=float))
    rows = []
    for role, (zh, _en) in ROLE_LABELS.items():
        codes = units.index[units["role"] == role]
        if len(codes) == 0:
            continue
        rows.append({"role": role, "role_zh": zh, "n_units": len(codes),
                     "population_2020": pop.reindex(codes).sum(min_count=1),
                     "names_zh": "、".join(units.loc[codes, "name_zh"].astype(str))})
    out = pd.DataFrame(rows, columns=["role", "role_zh", "n_units", "population_2020",
                                      "names_zh"]).set_index("role")
    return annotate(out, indicator="units_by_role", level=level, year=2020,
                    sources=sources_of(region.stats[region.stats["indicator"] == "population"]))


@dataclass
class _Group:
    """Running totals of one row of :func:`population_change_by_role`."""

    n_units: int = 0
    dropped: list[str] = field(default_factory=list)
    p10: float = math.nan
    p20: float = math.nan
    consolidated: list[str] = field(default_factory=list)


def population_change_by_role(region: Region, *, level: str = "county") -> pd.DataFrame:
    """Census population 2010 and 2020 summed by role over the *comparable* units.

    A unit is comparable when it has both counts and no series break in (2010, 2020] (e.g.
    Changchun's districts, from which development zones were carved out before 2020). Units
    whose boundaries moved among themselves count as one consolidated unit (computed from the
    break records, :mod:`metroscope.indicators.consolidation`): inside their role when they
    share one, else on a row of their own (role ``core+member``...). Columns: ``n_units``,
    ``n_excluded``, ``population_2010``, ``population_2020`` (persons), ``change``,
    ``change_pct``, ``excluded`` (names of the units left out), ``consolidated`` (the
    consolidated units used). A role whose units are all excluded gets NaN, never a fake change.

    Raises
    ------
    UnknownIndicatorError
        When the region has no ``population`` indicator.
    ValueError
        For an unknown ``level``.

    Examples
    --------
    >>> population_change_by_role(region)[["n_units"]]
                 n_units
    role
    member             8
    partial            2
    context           39
    core+member       11
    """
    from .indicators.consolidation import consolidated_rows

    s = region.series("population", level=level)
    if 2010 not in s.columns or 2020 not in s.columns:
        return annotate(pd.DataFrame(), indicator="population_change_by_role",
                        notes=[Message("ov_census_missing")])
    breaks = set(region.stats.loc[(region.stats["indicator"] == "population")
                                  & region.stats["break"] & (region.stats["year"] > 2010)
                                  & (region.stats["year"] <= 2020), "code"])
    ok = s[2010].notna() & s[2020].notna() & ~s.index.isin(breaks)
    roles = region.units.loc[s.index, "role"]
    groups: dict[str, _Group] = {}
    for role in ROLE_LABELS:
        in_role = (roles == role).to_numpy()
        if not in_role.any():
            continue
        keep = s[in_role & ok.to_numpy()]
        groups[role] = _Group(len(keep), [str(c) for c in s.index[in_role & ~ok.to_numpy()]],
                              float(keep[2010].sum(min_count=1)),
                              float(keep[2020].sum(min_count=1)))
    used: list[str] = []
    zh_used: list[str] = []
    for c, a, b, why in consolidated_rows(region, 2010, 2020, level, [str(x) for x in s.index]):
        if why:
            continue
        rs = list(dict.fromkeys(str(region.units.at[m, "role"]) for m in c.members))
        g = groups.setdefault(rs[0] if len(rs) == 1 else "+".join(rs), _Group())
        g.n_units += len(c.members)
        g.p10 = a if math.isnan(g.p10) else g.p10 + a
        g.p20 = b if math.isnan(g.p20) else g.p20 + b
        g.consolidated.append(c.label(region))
        for r in rs:
            if r in groups:
                groups[r].dropped = [d for d in groups[r].dropped if d not in c.members]
        used.append(c.label(region, "en"))
        zh_used.append(c.label(region, "zh"))
    rows = []
    for key, g in groups.items():
        if g.n_units == 0 and not g.dropped:
            continue  # every unit of the role is inside a consolidated unit of mixed roles
        rows.append({"role": key, "n_units": g.n_units, "n_excluded": len(g.dropped),
                     "population_2010": g.p10, "population_2020": g.p20,
                     "change": g.p20 - g.p10, "change_pct": 100 * (g.p20 - g.p10) / g.p10,
                     "excluded": "、".join(region.units.loc[g.dropped, "name_zh"].astype(str)),
                     "consolidated": "; ".join(g.consolidated)})
    out = pd.DataFrame(rows, columns=["role", "n_units", "n_excluded", "population_2010",
                                      "population_2020", "change", "change_pct", "excluded",
                                      "consolidated"]).set_index("role")
    return annotate(out, indicator="population_change_by_role", level=level,
                    notes=[Message("ov_comparable_only",
                                   units={"zh": "; ".join(zh_used) or "无",
                                          "en": "; ".join(used) or "none"})])


def prefecture_population_change(region: Region) -> pd.DataFrame:
    """Census population 2010 -> 2020 of the prefectures and provinces (boundary-adjusted).

    The prefecture counts come from the census panel, whose 2010 figures are adjusted to 2020
    boundaries (e.g. 公主岭 counted in 长春 in both years). Columns: ``name_zh``, ``role``,
    ``population_2010``, ``population_2020`` (persons), ``change_pct``.

    Raises
    ------
    UnknownIndicatorError
        When the region has no ``population`` indicator.

    Examples
    --------
    >>> prefecture_population_change(region).loc[["220100", "220200"], ["population_2020", "change_pct"]].round(2)
            population_2020  change_pct
    code
    220100        9066906.0        3.42
    220200        3623713.0      -17.89
    """
    codes = region.codes(level="prefecture") + region.codes(level="province")
    s = region.series("population").reindex(codes)
    if 2010 not in s.columns or 2020 not in s.columns:
        return annotate(pd.DataFrame(), indicator="prefecture_population_change",
                        notes=[Message("ov_census_missing")])
    out = pd.DataFrame({"name_zh": region.units.loc[codes, "name_zh"],
                        "role": region.units.loc[codes, "role"],
                        "population_2010": s[2010], "population_2020": s[2020]})
    out["change_pct"] = 100 * (out["population_2020"] / out["population_2010"] - 1)
    out = out.dropna(subset=["population_2010", "population_2020"])
    return annotate(out, indicator="prefecture_population_change", year=2020,
                    sources=sources_of(region.stats[region.stats["indicator"] == "population"]))


def latest_gdp(region: Region, *, level: str = "prefecture") -> pd.DataFrame:
    """GDP of the latest year present per unit at ``level`` (亿元), with source, quality and
    the kind of source (:func:`metroscope.sources.source_kind`).

    Raises
    ------
    ValueError
        For an unknown ``level``.

    Examples
    --------
    >>> latest_gdp(region).shape
    (12, 6)
    """
    st = region.stats
    codes = region.codes(level=level)
    g = st[(st["indicator"] == "gdp") & st["code"].isin(codes)]
    if g.empty:
        return annotate(pd.DataFrame(), indicator="latest_gdp", notes=[Message("ov_no_gdp")])
    latest = g.sort_values("year").groupby("code").tail(1).set_index("code")
    out = pd.DataFrame({
        "name_zh": region.units.loc[latest.index, "name_zh"],
        "year": latest["year"],
        "gdp_cny_100m": latest["value"],
        "quality": latest["quality"],
        "source_kind": kinds(latest.reset_index()).to_numpy(),
        "source": latest["source"],
    }).sort_values("gdp_cny_100m", ascending=False)
    return annotate(out, indicator="latest_gdp", level=level, sources=sources_of(latest))


def rail_lines(region: Region) -> pd.DataFrame:
    """Rail lines in the network: mode, status, opening year, km, design speed, stations.

    Raises
    ------
    Nothing; a region without rail links gives an empty table.

    Examples
    --------
    >>> rail_lines(region)[["mode", "status", "length_km"]].head(3)
                  mode     status  length_km
    line
    长白乌快速铁路       rail  operating      412.1
    长吉城际铁路   intercity  operating      111.0
    长四辽通高铁         hsr    planned      217.0
    """
    links = region.links[region.links["mode"].isin(["hsr", "intercity", "rail"])]
    if links.empty:
        return pd.DataFrame()
    rows = []
    for line, grp in links.groupby("line", sort=False):
        nodes = set(grp["from_node"]) | set(grp["to_node"])
        rows.append({"line": line, "mode": grp["mode"].iloc[0],
                     "status": grp["status"].iloc[0],
                     "open_year": grp["open_year"].min(),
                     "length_km": round(float(grp["length_km"].sum()), 1),
                     "speed_kph": grp["speed_kph"].max(), "n_stations": len(nodes)})
    return annotate(pd.DataFrame(rows).set_index("line"), indicator="rail_lines")


def region_summary(region: Region) -> pd.DataFrame:
    """What a region holds: counts of units, stats rows, indicators, years, network tables,
    projects, and units per role. Columns ``item`` and ``value`` (both text).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> region_summary(region).head(3)
             item value
    0       units    81
    1  stats rows  5636
    2  indicators    50
    """
    rows: list[tuple[str, object]] = [
        ("units", len(region.units)), ("stats rows", len(region.stats)),
        ("indicators", len(region.indicators())),
        ("years", ", ".join(map(str, region.years()))), ("nodes", len(region.nodes)),
        ("links", len(region.links)), ("projects", len(region.projects))]
    rows += [(f"units: {r}", len(region.codes(roles=[r]))) for r in ROLE_LABELS]
    return pd.DataFrame(rows, columns=["item", "value"]).astype({"value": str})


def indicator_catalogue(region: Region) -> pd.DataFrame:
    """The statistics of ``region``: columns ``indicator``, ``unit``, ``name_zh``,
    ``name_en`` (from :mod:`metroscope.measures`, empty when unregistered) and ``years``
    (comma-separated).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> c = indicator_catalogue(region)
    >>> c.shape
    (50, 5)
    >>> c.set_index("indicator").loc["population", "unit"]
    'persons'
    """
    from .measures import MEASURES

    names = region.indicators()
    return pd.DataFrame({
        "indicator": names,
        "unit": [MEASURES[n].unit if n in MEASURES else "" for n in names],
        "name_zh": [MEASURES[n].name_zh if n in MEASURES else "" for n in names],
        "name_en": [MEASURES[n].name_en if n in MEASURES else "" for n in names],
        "years": [", ".join(map(str, region.years(n))) for n in names],
    })
