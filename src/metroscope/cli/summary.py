"""``metroscope summary``: a Rich overview of a region (units, population, GDP, rail, sources)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from ..region import Region


def _num(value: Any, fmt: str = "{:,.0f}") -> str:
    import pandas as pd

    return "—" if pd.isna(value) else fmt.format(value)


def _table(title: str, columns: list[str], rows: list[list[str]], caption: str | None = None
           ) -> Table:
    from rich.table import Table

    t = Table(title=title, caption=caption)
    for i, col in enumerate(columns):
        numeric = bool(rows) and all(_looks_numeric(r[i]) for r in rows)
        t.add_column(col, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        t.add_row(*row)
    return t


def _looks_numeric(cell: str) -> bool:
    return cell.replace(",", "").replace(".", "").lstrip("+-").isdigit() or cell == "—"


def summary_tables(region: Region) -> list[Table]:
    """The overview of ``region`` as Rich tables (units, population, GDP, rail lines)."""
    from .. import overview
    from ..report._i18n import source_kind

    by_role = overview.units_by_role(region)
    tables = [] if by_role.empty else [_table(
        "Units by role 按角色的县级单元 (population 2020)",
        ["role", "units", "population 2020", "units (zh)"],
        [[f"{role} {r['role_zh']}", str(r["n_units"]), _num(r["population_2020"]),
          str(r["names_zh"])] for role, r in by_role.iterrows()])]
    pp: pd.DataFrame = overview.prefecture_population_change(region)
    if not pp.empty:
        tables.append(_table(
            "Population 2010 -> 2020 人口变化 (prefectures and provinces)",
            ["unit", "role", "2010", "2020", "%"],
            [[str(r["name_zh"]), str(r["role"]), _num(r["population_2010"]),
              _num(r["population_2020"]), _num(r["change_pct"], "{:+.1f}")]
             for _c, r in pp.sort_values("population_2020", ascending=False).iterrows()]))
    pc = overview.population_change_by_role(region)
    if not pc.empty:
        tables.append(_table(
            "Counties by role, comparable units only 按角色 (县级, 可比单元)",
            ["role", "units", "excluded", "2010", "2020", "%"],
            [[str(role), str(r["n_units"]), str(r["n_excluded"]), _num(r["population_2010"]),
              _num(r["population_2020"]), _num(r["change_pct"], "{:+.1f}")]
             for role, r in pc.iterrows()],
            caption="excluded: units with a 2010-2020 boundary break or a missing count; units "
                    "whose boundaries moved among themselves count as one consolidated unit: "
                    + ("; ".join(str(c) for c in pc.get("consolidated", []) if c) or "none")))
    tables += _core_periphery(region)
    gdp = overview.latest_gdp(region)
    if not gdp.empty:
        tables.append(_table(
            "GDP, latest year 最新地区生产总值 (亿元)", ["unit", "year", "GDP", "quality", "source"],
            [[str(r["name_zh"]), str(r["year"]), _num(r["gdp_cny_100m"], "{:,.2f}"),
              str(r["quality"]), source_kind(str(r.get("source_kind", "other"))).en]
             for _c, r in gdp.head(12).iterrows()],
            caption="source = kind of source; every source: metroscope data sources"))
    lines = overview.rail_lines(region)
    if not lines.empty:
        tables.append(_table(
            "Rail lines 铁路线路", ["line", "mode", "status", "opened", "km", "km/h", "stations"],
            [[str(line), str(r["mode"]), str(r["status"]), str(r["open_year"]),
              _num(r["length_km"]), str(r["speed_kph"]), str(r["n_stations"])]
             for line, r in lines.iterrows()]))
    return tables


def _core_periphery(region: Region) -> list[Table]:
    """Core versus periphery (population of the consolidated core units, GDP of the core
    prefecture against the other members); nothing when the region has no core units."""
    from .._errors import MetroscopeError
    from ..indicators.core_periphery import core_periphery

    try:
        cp = core_periphery(region)
    except MetroscopeError:
        return []
    notes = [str(n) for n in cp["note"] if "assumes" in str(n)][:1]
    return [_table(
        "Core vs periphery 核心与外围 (population: census; GDP: 亿元, current prices)",
        ["group", "units", "period", "start", "end", "%", "comparable"],
        [[str(r["group"]), str(r["n_units"]), f"{int(r['year_start'])}-{int(r['year_end'])}",
          _num(r["value_start"], "{:,.2f}" if r["unit"] == "cny_100m" else "{:,.0f}"),
          _num(r["value_end"], "{:,.2f}" if r["unit"] == "cny_100m" else "{:,.0f}"),
          _num(r["change_pct"], "{:+.1f}"), str(r["comparable"])]
         for _k, r in cp.iterrows()],
        caption=("assumed: " + notes[0]) if notes else None)]


def print_summary(region_name: str = "changchun") -> None:
    """Print the overview tables of a region to the terminal."""
    from rich.console import Console

    from .data import open_region

    region = open_region(region_name)
    console = Console()
    console.rule(f"[bold]{region.title_zh} · {region.title}")
    for table in summary_tables(region):
        console.print(table)
    for line in credits(region):
        console.print(line, highlight=False, markup=False)


def credits(region: Region, *, shown: int = 3) -> list[str]:
    """The sources of ``region``'s statistics, the most used first, with how many values rest
    on each: the region's own sources, never those of the embedded data."""
    stats = region.stats
    if stats.empty:
        return ["Sources 数据来源: the region has no statistics (units only)."]
    counts = stats.groupby("source", sort=False).agg(
        n=("value", "size"), quality=("quality", lambda q: "".join(sorted(set(map(str, q))))))
    counts = counts.sort_values("n", ascending=False)
    parts = [f"{src} ({r['n']:,} value{'s' if r['n'] != 1 else ''}, quality {r['quality']})"
             for src, r in counts.head(shown).iterrows()]
    more = len(counts) - shown
    line = "Sources 数据来源: " + "; ".join(parts)
    if more > 0:
        line += f"; and {more} more source(s), each listed in report section 10"
    built = str(region.meta.get("built_by", ""))
    return [line + (". See DATA.md for licences and caveats." if "DATA.md" in built else ".")]


def app(
    region: str = typer.Argument("changchun", help="Dataset name or bundle folder."),
) -> None:
    """Print a summary of a region."""
    print_summary(region)
