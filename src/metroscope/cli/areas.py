"""``metroscope areas``: China's national metropolitan areas, listed and compared."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from ._lang import LANG_ZH
from ._output import OutputFormat

if TYPE_CHECKING:
    import pandas as pd

    from ..region import Region

app = typer.Typer(no_args_is_help=False, invoke_without_command=True)

# the comparison's printed tables: (title key, measure keys)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("areas_group_population", ("population_2010", "population_2020", "population_change_pct",
                                "core_population_2020", "core_change_pct", "rest_change_pct",
                                "core_share_pct")),
    ("areas_group_structure", ("share_age_65_plus_pct", "core_share_age_65_plus_pct",
                               "urbanisation_pct", "core_urbanisation_pct", "primacy_two_city",
                               "rank_size_q", "urban_share_cv")),
    ("areas_group_industry", ("employment_primary_pct", "employment_secondary_pct",
                              "employment_tertiary_pct", "employment_manufacturing_pct",
                              "core_employment_manufacturing_pct", "krugman_core_rest",
                              "industry_similarity_mean")),
    ("areas_group_gdp_access", ("core_gdp_2015_cny_100m", "accessibility_60min_pct")),
)


def _label(key: str, lang: str) -> str:
    from ..report._i18n import t

    return t(key).get(lang)


def _value(v: Any, unit: str) -> str:
    import math

    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if unit == "persons":
        return f"{float(v) / 1e4:,.1f}"
    if unit in ("pct",):
        return f"{float(v):.1f}"
    if unit == "cny_100m":
        return f"{float(v):,.0f}"
    return f"{float(v):.2f}"


def _lang(lang: str | None) -> str:
    """``--lang``, else ``METROSCOPE_LANGUAGE``, else Chinese (also for error messages)."""
    from ._lang import use_zh_default

    return use_zh_default(lang)


@app.callback()
def list_command(
    ctx: typer.Context,
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                     help="table, csv or json."),
    lang: str | None = LANG_ZH,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """List the 18 national metropolitan areas (approval order, core, units, population)."""
    if ctx.invoked_subcommand is not None:
        return
    from .. import areas
    from ._output import emit

    lang = _lang(lang)
    with _progress(_label("areas_progress", lang), quiet=quiet) as tick:  # ~10 s: sizes
        lst = areas.list_areas(progress=tick)
    cols = ["order", "ndrc_reply", "core_name", "n_units", "n_core", "population_2020",
            "core_population_2020", "members_status"]
    if fmt is not OutputFormat.table:
        emit(lst[cols], fmt)
        return
    import pandas as pd

    from ._output import print_table

    heads = [_label(c, lang) for c in (
        "areas_col_order", "areas_col_area", "areas_col_ndrc_reply", "areas_col_core_name",
        "areas_col_n_units", "areas_col_population_2020", "areas_col_core_population_2020",
        "areas_col_members_status")]
    rows = []
    for _name, r in lst.iterrows():
        core = str(r["core_name"]) if lang == "zh" else str(r["name_en"]).removesuffix(
            " Metropolitan Area").split("–")[0]
        rows.append([str(r["order"]), str(r["short_name"]), str(r["ndrc_reply"]), core,
                     f"{r['n_units']} ({r['n_core']})", _value(r["population_2020"], "persons"),
                     _value(r["core_population_2020"], "persons"),
                     _label(areas.members_status_key(str(r["members_status"])) + "_short",
                            lang)])
    print_table(pd.DataFrame(rows, columns=heads), title=_label("areas_list_title", lang),
                caption=_label("areas_list_caption", lang), keys=heads[:2],
                kinds=dict.fromkeys(heads, "text"), lang=lang)


@app.command("compare")
def compare_command(
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                     help="table, csv or json (all measures, with the reasons)."),
    lang: str | None = LANG_ZH,
    focus: str = typer.Option("长春都市圈", "--focus",
                              help="Area whose rank is printed under each table."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Compare every national metropolitan area with the same definitions (census 2010/2020)."""
    from .. import areas
    from ..datasets import load
    from ._output import emit

    lang = _lang(lang)
    china = load("china")
    name = china.metro_area(focus).meta["metro_area"] if focus else None
    with _progress(_label("areas_progress", lang), quiet=quiet) as tick:
        table = areas.compare(china, progress=tick)
    if fmt is not OutputFormat.table:
        emit(table, fmt)
        return
    rk = areas.ranks(table)
    units = {m.key: m.unit for m in areas.MEASURES}
    shown = _area_names(china, table, lang)
    for title, keys in GROUPS:
        _print_group(table, rk, keys, units, title, lang, name, shown)
    _print_reasons(table, lang)


def _area_names(china: Region, table: pd.DataFrame, lang: str) -> pd.Series:
    """The area's short name as the tables show it: ``长春`` in Chinese, the English short form
    of :func:`metroscope._metro.english_name` (``Changchun``, ``Changsha–Zhuzhou–Xiangtan``)
    in English; the Chinese short name where the data give no English name."""
    import pandas as pd

    from .._metro import english_name

    short = table["short_name"].astype(str)
    if lang == "zh":
        return short
    codes = china.extra["metro_area_list"].set_index("metro_area")["core_code"].astype(str)
    names = {a: english_name(china, s, codes.get(a, "")).removesuffix(" Metropolitan Area")
             for a, s in short.items()}
    return pd.Series(names).reindex(table.index).fillna(short)


@contextmanager
def _progress(label: str, *, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr (silent when ``quiet`` or stderr is not a terminal)."""
    import sys

    from rich.progress import Progress

    if quiet or not sys.stderr.isatty():
        yield lambda _done, _total: None
        return
    from rich.console import Console

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _print_group(table: pd.DataFrame, rk: pd.DataFrame, keys: tuple[str, ...],
                 units: dict[str, str], title: str, lang: str, focus: str | None,
                 shown: pd.Series) -> None:
    import pandas as pd

    from ._output import print_table

    area_col = _label("areas_col_area", lang)
    heads = [_label(f"area_{k}", lang) + _unit_suffix(units[k], lang) for k in keys]
    rows = [[str(shown[area]), *[_value(row[k], units[k]) for k in keys]]
            for area, row in table.iterrows()]
    if focus is not None:
        rows.append([_label("areas_rank_of", lang).format(area=shown[focus]),
                     *[_rank(rk, focus, k, table, lang) for k in keys]])
    print_table(pd.DataFrame(rows, columns=[area_col, *heads]), title=_label(title, lang),
                caption=None, keys=[area_col], kinds=dict.fromkeys([area_col, *heads], "text"),
                lang=lang)


def _rank(rk: pd.DataFrame, focus: str, key: str, table: pd.DataFrame, lang: str) -> str:
    import pandas as pd

    r = rk.at[focus, key]
    if pd.isna(r):
        return _label(f"why_{table.at[focus, f'why_{key}'] or 'incomplete'}_short", lang)
    return f"{int(r)}/{int(rk.at[focus, f'n_{key}'])}"


def _unit_suffix(unit: str, lang: str) -> str:
    key = f"unit_{unit}"
    from ..report._i18n import STRINGS

    if unit == "pct":
        return " (%)"
    return f" ({_label(key, lang)})" if key in STRINGS else ""


def _print_reasons(table: pd.DataFrame, lang: str) -> None:
    from rich.console import Console

    why = table[[c for c in table.columns if c.startswith("why_")]]
    reasons = sorted({str(v) for v in why.to_numpy().ravel() if v})
    console = Console()
    console.print(_label("areas_missing_header", lang))
    for r in reasons:
        n = int((why == r).any(axis=1).sum())
        console.print(f"  — {_label(f'why_{r}', lang)} ({n})")
    console.print(_label("areas_bases", lang))
    console.print(_label("areas_definitions", lang))
