"""Section "Among China's national metropolitan areas": the area's value, rank and the median of
the 18 areas on every measure of :func:`metroscope.areas.compare` (same definitions for every
area), and a dot plot per measure with this area highlighted.

The comparison always reads the embedded ``china`` dataset; the area is the report region's
``meta['metro_area']`` (areas opened with ``china.metro_area``) or its Chinese title (the
embedded ``changchun`` dataset is 长春都市圈).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ... import areas
from .. import _fmt
from .._analyses import AnalysisError, source_line
from .._figures import base_layout, bilingual
from .._i18n import STRINGS, t
from ..context import Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs



def focus_area(region: Any, china: Any) -> str | None:
    """The national area ``region`` is (its ``meta['metro_area']`` or Chinese title), or
    ``None`` when it is not one of them."""
    from ..._errors import UnknownRegionError
    from ..._metro import resolve

    for name in (region.meta.get("metro_area"), region.meta.get("title_zh")):
        if name:
            try:
                return resolve(china, str(name))
            except UnknownRegionError:
                continue
    return None


def build(inp: ReportInputs, section: Section) -> None:
    """The comparison table (value, rank, median), then the dot plots."""
    from ...datasets import load

    china = inp.cached(("china",), lambda: load("china"))
    table = inp.run(areas.compare, china, key=("areas_compare",))
    focus = focus_area(inp.region, china)
    if focus is None:
        section.blocks.append(Note(t("areas_not_national"), style="missing"))
        return
    ranks = inp.run(areas.ranks, table, key=("areas_ranks",))
    section.blocks.append(comparison_table(table, ranks, focus))
    with guard(section):
        section.blocks.append(dot_plot(table, focus))
    if not bool(table.at[focus, "members_status"] == "listed"):
        section.blocks.append(Note(t("areas_members_caveat"), style="caveat"))
    section.blocks.append(Note(t("areas_definitions_note")))


def _why(table: pd.DataFrame, focus: str, key: str) -> Text:
    reason = str(table.at[focus, f"why_{key}"] or "incomplete")
    return t(f"why_{reason}") if f"why_{reason}" in STRINGS else Text.same(reason)


def _fmt_value(v: Any, unit: str) -> Text:
    if unit == "persons":
        return _fmt.persons(v)
    if unit == "pct":
        return _fmt.pct(v)
    if unit == "cny_100m":
        return _fmt.cny_100m(v)
    return _fmt.number(v, 2)


def _period(m: Any) -> Text:
    """The period cell of a measure: its year, ``2010→2020`` for a change, and for the
    60-minute shares the population year on today's network (not a change)."""
    if m.key.startswith("accessibility_"):
        return t("areas_period_access")
    return Text.same(str(m.year or "2010→2020"))


def comparison_table(table: pd.DataFrame, ranks: pd.DataFrame, focus: str) -> Table:
    """Per measure: label, this area's value, its rank of n, the median of the areas, period."""
    from ... import areas

    rows = []
    for m in areas.MEASURES:
        v = table.at[focus, m.key]
        r = ranks.at[focus, m.key]
        n = int(ranks.at[focus, f"n_{m.key}"])
        # a rank of 1 of 1 and a median equal to the value say nothing: said in words
        median = table[m.key].median() if n > 1 else float("nan")
        why = _why(table, focus, m.key)
        if pd.notna(r) and n == 1:
            why = t("areas_rank_alone")
        rank = (Text(f"{int(r)} / {n}", f"{int(r)} of {n}") if pd.notna(r) and n > 1
                else why)
        rows.append((
            _fmt.text_cell(t(f"area_{m.key}")),
            _fmt.cell(v, _fmt_value(v, m.unit), reason=why),
            _fmt.text_cell(rank),
            _fmt.cell(median, _fmt_value(median, m.unit), reason=why),
            _fmt.text_cell(_period(m)),
        ))
    # "Period": a year, a change (2010→2020) or, for the 60-minute shares, the population
    # year on today's network
    cols = (t("areas_col_measure"), t("value"), t("areas_col_rank"), t("areas_col_median"),
            t("areas_col_period"))
    return Table("tab-areas", t("areas_table_title"), cols, tuple(rows),
                 source=source_line(table))


def dot_plot(table: pd.DataFrame, focus: str) -> Any:
    """A dot plot per measure of :data:`metroscope.areas.MEASURES` with at least two known
    values (one row each, on its own scale and unit), this area highlighted (both
    languages)."""
    from ... import areas

    units = {m.key: m.unit for m in areas.MEASURES}
    keys = [m.key for m in areas.MEASURES if table[m.key].notna().sum() >= 2]
    if not keys:
        raise AnalysisError(Note(t("areas_no_dots"), style="missing"))
    row_px = 58
    height = 90 + row_px * len(keys)

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        labels = [t(f"area_{k}").get(lang) for k in keys]
        fig = make_subplots(rows=len(keys), cols=1, shared_xaxes=False,
                            vertical_spacing=min(0.35 / len(keys), 0.08))
        focus_in_legend = False  # on the first row that has this area (not always row 1)
        for i, key in enumerate(keys, start=1):
            # persons in 10,000s (万人) as in the comparison table, never as 12M / 10k
            scale = 1e4 if units[key] == "persons" else 1.0
            col = table[key].dropna() / scale
            others = col.drop(focus, errors="ignore")
            fmt = ":.1f" if units[key] == "pct" else (":,.1f" if units[key] == "persons" else (
                ":,.0f" if units[key] == "cny_100m" else ":.3g"))
            fig.add_trace(go.Scatter(
                x=others.to_numpy(), y=[labels[i - 1]] * len(others), mode="markers",
                marker={"color": "#9aa5b1", "size": 8}, name=t("areas_others").get(lang),
                text=[str(table.at[a, "short_name"]) for a in others.index],
                hovertemplate="%{text}: %{x" + fmt + "}<extra></extra>", showlegend=i == 1),
                row=i, col=1)
            if focus in col.index:
                fig.add_trace(go.Scatter(
                    x=[float(col[focus])], y=[labels[i - 1]], mode="markers",
                    marker={"color": "#a93226", "size": 13, "symbol": "diamond"},
                    name=str(table.at[focus, "short_name"]),
                    hovertemplate=str(table.at[focus, "short_name"]) + ": %{x" + fmt
                    + "}<extra></extra>", showlegend=not focus_in_legend), row=i, col=1)
                focus_in_legend = True
            title = (t("unit_persons") if units[key] == "persons"
                     else t(f"areas_unit_{units[key]}")).get(lang)
            fig.update_xaxes(title_text=title, title_standoff=0, row=i, col=1,
                             **({"tickformat": ","} if units[key] in ("persons", "cny_100m")
                                else {}))
        layout = base_layout("", height=height)
        layout.pop("xaxis", None)
        layout.pop("yaxis", None)
        layout["margin"] = {**layout["margin"], "l": 200 if lang == "en" else 150}
        fig.update_layout(layout)
        fig.update_xaxes(gridcolor="#eee", zerolinecolor="#bbb", title_font={"size": 10})
        return fig

    return bilingual("fig-areas-dots", t("areas_dots_caption"), build_fig,
                     height_px=height, source=source_line(table))
