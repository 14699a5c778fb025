"""Section 2, Primacy and spillover: trend charts of the core's share and the two-city index,
the spillover table and a linkage map (lines scaled by intensity)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any



from .. import _fmt
from .._analyses import source_line
from .._figures import base_layout, bilingual
from .._i18n import t
from ..context import Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs

IND = "metroscope.indicators"
MEASURES = (("gdp", Text("GDP", "GDP")), ("population", Text("人口", "population")))


def build(inp: ReportInputs, section: Section) -> None:
    """Trend charts, then spillover."""
    trends: dict[str, Any] = {}
    for measure, _label in MEASURES:
        with guard(section):
            trends[measure] = inp.run(IND, "primacy_trend", inp.region, measure=measure,
                                      key=("primacy_trend", measure))
    if trends:
        section.blocks.append(_trend_figure(inp, trends))
        section.blocks.append(_trend_table(trends))
        breaks = [m for m, df in trends.items() if bool(df["series_break"].any())]
        if breaks:
            section.blocks.append(Note(Text(
                "标记为序列断点的年份(如经济普查修订)与此前年份不可直接比较。",
                "Years marked as series breaks (e.g. economic-census revisions) are not "
                "comparable with earlier years."), style="caveat"))


def _trend_figure(inp: ReportInputs, trends: dict[str, Any]) -> Any:
    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12, subplot_titles=(
            "核心城市占全省比重(%)" if lang == "zh" else "Core's share of the province (%)",
            "两城市指数" if lang == "zh" else "Two-city index"))
        for i, (measure, label) in enumerate(MEASURES):
            df = trends.get(measure)
            if df is None:
                continue
            colour = ("#a93226", "#1f4e79")[i]
            for col, c in (("share_of_parent_pct", 1), ("two_city_index", 2)):
                y = df[col].astype(float)
                fig.add_trace(go.Scatter(
                    x=df.index.tolist(), y=y.tolist(), mode="lines+markers",
                    name=label.get(lang), legendgroup=measure, showlegend=c == 1,
                    line={"color": colour, "width": 2}, connectgaps=False), row=1, col=c)
                brk = df[df["series_break"].astype(bool)]
                if not brk.empty:
                    fig.add_trace(go.Scatter(
                        x=brk.index.tolist(), y=brk[col].astype(float).tolist(), mode="markers",
                        marker={"symbol": "x", "size": 11, "color": "#111"},
                        name="序列断点" if lang == "zh" else "series break",
                        legendgroup="break", showlegend=(c == 1 and i == 0)), row=1, col=c)
        layout = base_layout("", height=400)
        layout.pop("xaxis")
        layout.pop("yaxis")
        fig.update_layout(layout)
        fig.update_xaxes(gridcolor="#eee", dtick=2)
        fig.update_yaxes(gridcolor="#eee")
        fig.add_hline(y=2.0, line={"dash": "dot", "color": "#888"}, row=1, col=2)
        return fig

    first = next(iter(trends.values()))
    return bilingual("fig-primacy-trend", Text(
        "首位度趋势:核心城市占全省GDP与人口的比重,以及两城市指数(虚线 = 位序-规模法则下的值 2)。",
        "Primacy over time: the core's share of the province's GDP and population, and the "
        "two-city index (dotted line = 2, its value under the rank-size rule)."),
        build_fig, height_px=400, source=source_line(first, extra_sources=[
            s for df in trends.values() for s in source_line(df).sources]))


def _trend_table(trends: dict[str, Any]) -> Table:
    years = sorted({int(y) for df in trends.values() for y in df.index})
    rows = []
    for y in years:
        cells: list[Any] = [_fmt.text_cell(str(y))]
        for measure, _label in MEASURES:
            df = trends.get(measure)
            if df is None or y not in df.index:
                reason = Text("该年无数据", "no data for this year")
                cells += [_fmt.cell(math.nan, reason=reason), _fmt.cell(math.nan, reason=reason)]
                continue
            r = df.loc[y]
            reason = Text(str(r["note"]) or "不完整", str(r["note"]) or "incomplete")
            cells.append(_fmt.cell(r["share_of_parent_pct"], _fmt.pct(r["share_of_parent_pct"]),
                                   reason=reason))
            cells.append(_fmt.cell(r["two_city_index"], _fmt.number(r["two_city_index"], 2),
                                   reason=reason))
        rows.append(tuple(cells))
    cols = (t("year"), Text("核心GDP占比", "Core GDP share"), Text("两城市指数(GDP)",
            "Two-city index (GDP)"), Text("核心人口占比", "Core population share"),
            Text("两城市指数(人口)", "Two-city index (population)"))
    first = next(iter(trends.values()))
    return Table("tab-primacy-trend", Text("首位度逐年数值", "Primacy by year"), cols,
                 tuple(rows), source=source_line(first))


