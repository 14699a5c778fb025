"""``metroscope screen``: the opportunity screen of city × sector cells (a screen, not advice)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import typer

from ._lang import LANG_ZH, use_zh_default
from ._output import OutputFormat

if TYPE_CHECKING:
    import pandas as pd


def _t(key: str, lang: str, **params: Any) -> str:
    from ..messages import render

    return render(key, lang, params)


def _num(v: Any, digits: int = 2) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "—"
    return "—" if math.isnan(f) else f"{f:.{digits}f}"


def app(
    area: str = typer.Option(None, "--area", help="A national metropolitan area of the china "
                             "dataset (南京都市圈 or 南京); default the embedded 长春都市圈 "
                             "(the only one with a network and plan scenarios)."),
    weights: str = typer.Option(None, "--weights", "-w", help="name=weight,... e.g. "
                                "growth=2,lq_nation=1 (others 0); default equal weights."),
    entropy: bool = typer.Option(False, "--entropy", help="Entropy weights (熵权法)."),
    level: str = typer.Option("prefecture", "--level", help="prefecture (cities) or county."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                     help="table, csv or json (every cell and column)."),
    top: int = typer.Option(10, "--top", help="Rows of the table, and the head the "
                            "sensitivity check compares."),
    lang: str | None = LANG_ZH,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Rank city × sector cells: growth, specialisation, relatedness, access gain, population
    trend and role in the plan, every component shown, with a ±20 % weight sensitivity check."""
    from .. import screen as S
    from .._errors import ParameterError
    from ..messages import Message
    from .areas import _progress
    from .data import open_region

    lang = use_zh_default(lang)
    if top < 1:
        raise ParameterError(Message("cli_scr_bad_top", got=top))
    if weights is not None and entropy:
        raise ParameterError(Message("cli_scr_weights_or_entropy"))
    w = S.parse_weights(weights) if weights is not None else None
    region = open_region("china").metro_area(area) if area else open_region("changchun")
    with _progress(_t("scr_progress", lang), quiet=quiet) as tick:
        result = S.screen(region, level=level, weights=w, entropy=entropy, progress=tick)
    if fmt is not OutputFormat.table:
        from ._output import emit

        # each column at the precision the result records (S.PRECISION: the location
        # quotients at 0.001), as the web API answers it
        emit(result.reset_index(), fmt)
        return
    _print(result, S.sensitivity(result, top=top), region, top, lang, level=level)


def _print(result: pd.DataFrame, sens: pd.DataFrame, region: Any, top: int, lang: str, *,
           level: str = "prefecture") -> None:
    import pandas as pd
    from rich.console import Console

    from .. import screen as S
    from ..messages import text
    from ._output import print_table

    console = Console()
    p = result.attrs["metroscope"]["parameters"]
    comps = list(p["components"])
    name = region.meta.get("metro_area") or region.title_zh if lang == "zh" else region.title
    city, sector = ("name_zh", "industry_zh") if lang == "zh" else ("name_en", "industry_en")
    county = level == "county"
    unit_col = "scr_col_county" if county else "scr_col_city"
    keys = [_t(k, lang) for k in ("scr_col_rank", unit_col, "scr_col_sector", "scr_col_score")]
    comp_cols = [_t(f"scr_comp_{c}", lang) for c in comps]
    flag_col = _t("scr_col_flag", lang)
    head = result[result["rank"].notna() & (result["rank"] <= top)]
    rows = [[str(int(r["rank"])), str(r[city]), str(r[sector]), _num(r["score"], 3),
             *[f"{_num(r[c])} ({_num(r[f'z_{c}'])})" for c in comps],
             f"{r['lq_province_flag']}/{r['lq_nation_flag']}"] for _cell, r in head.iterrows()]
    cols = [*keys, *comp_cols, flag_col]
    # every cell is text already formatted: the layout keeps the key columns, names the
    # columns that do not fit and says how to get them (--format csv/json)
    print_table(pd.DataFrame(rows, columns=cols), console=console,
                title=_t("scr_title_county" if county else "scr_title", lang, area=name),
                caption=_t(f"scr_weighting_{p['weighting']}", lang) + " · "
                + _t("scr_cell_format", lang, raw="x", z="z"),
                keys=keys, kinds=dict.fromkeys(cols, "text"), lang=lang)
    comp_rows, measures = [], []
    for _i, r in S.components_table(result).iterrows():
        status = (_num(r["weight"], 3) if r["scored"]
                  else "— " + _t(f"scr_why_{r['reason']}", lang))
        comp_rows.append([_t(str(r["label"]), lang), status])
        measures.append((_t(str(r["label"]), lang), _t(str(r["measures"]), lang)))
    heads = [_t(k, lang) for k in ("scr_col_component", "scr_col_weight")]
    print_table(pd.DataFrame(comp_rows, columns=heads), console=console,
                title=_t("scr_components_title", lang), caption=None, keys=heads,
                kinds=dict.fromkeys(heads, "text"), lang=lang)
    # what each component measures: a list under the table (as a third column it was too
    # narrow to read at 80 columns), each entry wrapped with a hanging indent
    say(console, _t("scr_measures_header", lang))
    for label, text_ in measures:
        say(console, "  — " + _t("scr_measures_item", lang, component=label, text=text_),
            indent="    ")
    say(console, _t("scr_sens_title", lang, top=top, pct=20))
    none = _t("scr_none", lang)
    # cells entering or leaving the head by name (城市·行业), not as code/industry keys
    cell_name = {f"{c}/{i}": f"{r[city]}·{r[sector]}" for (c, i), r in result.iterrows()}
    sep = "、" if lang == "zh" else ", "
    for _i, r in sens.iterrows():
        say(console, "  " + _t("scr_sens_row", lang, component=_t(
            f"scr_comp_{r['component']}", lang), change=f"{r['change_pct']:+.0f}",
            kept=r["kept"], n=r["top_n"],
            entered=sep.join(cell_name.get(x, x) for x in r["entered"]) or none,
            left=sep.join(cell_name.get(x, x) for x in r["left"]) or none,
            shift=r["max_rank_shift"]), indent="    ")
    _print_unranked(result, lang, console)
    for note in result.attrs["metroscope"].get("notes", []):
        say(console, "· " + text(note, lang), indent="  ")
    say(console, _t("scr_not_advice", lang))
    for key in S.CANNOT_SEE:
        say(console, "  — " + _t(key, lang), indent="    ")


def say(console: Any, line: str, indent: str = "") -> None:
    """Print ``line`` wrapped to the console (Chinese between characters, never inside a
    name or number), continuation lines indented by ``indent``."""
    from ._layout import wrap_text

    for part in wrap_text(line, console.width, indent):
        console.print(part, highlight=False, markup=False, soft_wrap=True)


def _print_unranked(result: pd.DataFrame, lang: str, console: Any) -> None:
    from collections import Counter

    counts: Counter[str] = Counter()
    for why in result["why_unranked"]:
        for part in filter(None, str(why).split("; ")):
            counts[part] += 1
    if not counts:
        return
    say(console, _t("scr_unranked_header", lang))
    for why, n in sorted(counts.items()):
        comp = why.removeprefix("missing_")
        label = (_t(f"scr_comp_{comp}", lang) if why.startswith("missing_")
                 else _t(f"scr_why_{why}", lang))
        say(console, f"  — {label}: {n}", indent="    ")
