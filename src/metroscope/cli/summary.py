"""``metroscope summary``: a Rich overview of a region (units, population, GDP, rail, sources)."""

from __future__ import annotations

import typer


def print_summary(region_name: str = "changchun") -> None:
    """Print the overview tables of a region to the terminal."""
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    from .. import overview
    from .data import open_region

    region = open_region(region_name)
    console = Console()
    console.rule(f"[bold]{region.title_zh} · {region.title}")
    t = Table(title="Units by role 按角色的县级单元 (census 2020)")
    for col in ("role", "units", "population 2020", "units (zh)"):
        t.add_column(col)
    for role, r in overview.units_by_role(region).iterrows():
        t.add_row(f"{role} {r['role_zh']}", str(r["n_units"]), f"{r['population_2020']:,.0f}",
                  str(r["names_zh"])[:60])
    console.print(t)
    pp = overview.prefecture_population_change(region)
    if not pp.empty:
        t = Table(title="Population 2010 -> 2020 人口变化 (census, prefectures, boundary-adjusted)")
        for col in ("unit", "role", "2010", "2020", "%"):
            t.add_column(col, justify="right")
        for _code, r in pp.sort_values("population_2020", ascending=False).iterrows():
            t.add_row(str(r["name_zh"]), str(r["role"]), f"{r['population_2010']:,.0f}",
                      f"{r['population_2020']:,.0f}", f"{r['change_pct']:+.1f}")
        console.print(t)
    pc = overview.population_change_by_role(region)
    if not pc.empty:
        t = Table(title="Counties by role, comparable units only 按角色 (县级, 可比单元)",
                  caption="excluded: units with a 2010-2020 boundary break or a missing count")
        for col in ("role", "units", "excluded", "2010", "2020", "%"):
            t.add_column(col, justify="right")
        for role, r in pc.iterrows():
            fmt = (lambda v: "—" if pd.isna(v) else f"{v:,.0f}")
            t.add_row(str(role), str(r["n_units"]), str(r["n_excluded"]),
                      fmt(r["population_2010"]), fmt(r["population_2020"]),
                      "—" if pd.isna(r["change_pct"]) else f"{r['change_pct']:+.1f}")
        console.print(t)
    gdp = overview.latest_gdp(region)
    if not gdp.empty:
        t = Table(title="GDP, latest year 最新地区生产总值 (亿元)")
        for col in ("unit", "year", "GDP", "quality"):
            t.add_column(col)
        for _code, r in gdp.head(12).iterrows():
            t.add_row(str(r["name_zh"]), str(r["year"]), f"{r['gdp_cny_100m']:,.2f}",
                      str(r["quality"]))
        console.print(t)
    lines = overview.rail_lines(region)
    if not lines.empty:
        t = Table(title="Rail lines 铁路线路")
        for col in ("line", "mode", "status", "opened", "km", "km/h", "stations"):
            t.add_column(col)
        for line, r in lines.iterrows():
            t.add_row(str(line), str(r["mode"]), str(r["status"]), str(r["open_year"]),
                      f"{r['length_km']:,.0f}", str(r["speed_kph"]), str(r["n_stations"]))
        console.print(t)
    console.print("Sources 数据来源: census 2010/2020 (Lei Dong et al., MIT); official statistics "
                  "(bulletins, quality A–D per row); rail facts (news and railway sources); "
                  "see DATA.md.")


def app(
    region: str = typer.Argument("changchun", help="Dataset name or bundle folder."),
) -> None:
    """Print a summary of a region."""
    print_summary(region)
