"""A first look at a Region: units by role, population change, latest GDP, rail lines, sources.

Pure functions returning tables; the CLI (``metroscope summary``) prints them.
"""

from __future__ import annotations

import pandas as pd

from ._provenance import annotate, sources_of
from .region import Region

ROLE_LABELS = {"core": ("核心区", "core"), "member": ("成员", "member"),
               "partial": ("部分纳入", "partial"), "context": ("参照/外围", "context")}


def units_by_role(region: Region, *, level: str = "county") -> pd.DataFrame:
    """Count of units and 2020 census population by role (index ``role``).

    Columns: ``role_zh``, ``n_units``, ``population_2020`` (persons; NaN when no unit of the
    role has a census count), ``names_zh`` (the units, comma-separated).
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
    out = pd.DataFrame(rows).set_index("role")
    return annotate(out, indicator="units_by_role", level=level, year=2020,
                    sources=sources_of(region.stats[region.stats["indicator"] == "population"]))


def population_change_by_role(region: Region, *, level: str = "county") -> pd.DataFrame:
    """Census population 2010 and 2020 summed by role, with change in persons and percent."""
    s = region.series("population", level=level)
    if 2010 not in s.columns or 2020 not in s.columns:
        return annotate(pd.DataFrame(), indicator="population_change_by_role",
                        notes="census 2010 or 2020 population missing")
    roles = region.units.loc[s.index, "role"]
    both = s[[2010, 2020]].dropna()
    g = both.groupby(roles.reindex(both.index).to_numpy()).sum()
    g.columns = ["population_2010", "population_2020"]
    g["change"] = g["population_2020"] - g["population_2010"]
    g["change_pct"] = 100 * g["change"] / g["population_2010"]
    g.index.name = "role"
    return annotate(g, indicator="population_change_by_role", level=level,
                    notes="units with both census counts only")


def latest_gdp(region: Region, *, level: str = "prefecture") -> pd.DataFrame:
    """GDP of the latest year present per unit at ``level`` (亿元), with source and quality."""
    st = region.stats
    codes = region.codes(level=level)
    g = st[(st["indicator"] == "gdp") & st["code"].isin(codes)]
    if g.empty:
        return annotate(pd.DataFrame(), indicator="latest_gdp", notes="no GDP rows")
    latest = g.sort_values("year").groupby("code").tail(1).set_index("code")
    out = pd.DataFrame({
        "name_zh": region.units.loc[latest.index, "name_zh"],
        "year": latest["year"],
        "gdp_cny_100m": latest["value"],
        "quality": latest["quality"],
        "source": latest["source"],
    }).sort_values("gdp_cny_100m", ascending=False)
    return annotate(out, indicator="latest_gdp", level=level, sources=sources_of(latest))


def rail_lines(region: Region) -> pd.DataFrame:
    """Rail lines in the network: mode, status, opening year, km, design speed, stations."""
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
