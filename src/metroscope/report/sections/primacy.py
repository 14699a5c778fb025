"""Section 2, Primacy and spillover: trend charts of the core's share and the two-city index,
the spillover table and a linkage map (lines scaled by intensity)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...indicators import primacy as indicators_primacy
from ...indicators import spillover as indicators_spillover
from ...indicators._same_boundary import boundary_break_years, census_boundary_year
from .. import _fmt
from .._analyses import source_line
from .._figures import base_layout, bilingual
from .._i18n import note as note_text
from .._i18n import role as role_label
from .._i18n import t
from ..context import Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs

TOP_PAIRS = 20
MEASURES = (("gdp", Text("GDP", "GDP")), ("population", Text("人口", "population")))


def build(inp: ReportInputs, section: Section) -> None:
    """Trend charts, then spillover."""
    trends: dict[str, Any] = {}
    for measure, _label in MEASURES:
        with guard(section):
            trends[measure] = inp.run(indicators_primacy.primacy_trend, inp.region, measure=measure,
                                      key=("primacy_trend", measure))
    if trends:
        section.blocks.append(_trend_figure(trends))
        section.blocks.append(_trend_table(trends))
        section.blocks.append(Note(t("denom_series"), style="note"))
        breaks = [m for m, df in trends.items() if bool(df["series_break"].any())]
        if breaks:
            section.blocks.append(Note(Text(
                "标记为序列断点的年份(*;如经济普查修订、行政区划变动)与此前年份不可直接比较。",
                "Years marked as series breaks (*; e.g. economic-census revisions, boundary "
                "changes) are not comparable with earlier years."), style="caveat"))
        boundary = _boundary_note(inp, trends)
        if boundary is not None:
            section.blocks.append(Note(boundary, style="caveat"))
    with guard(section):
        table = inp.run(indicators_spillover.spillover_table, inp.region, key=("spillover_table",))
        section.blocks.append(_spillover_table(inp, table))
        section.blocks.append(Note(t("spillover_scope"), style="note"))
    with guard(section):
        links = inp.run(indicators_spillover.linkage_intensity, inp.region, scope="members",
                        key=("linkage_intensity", "members"))
        section.blocks.append(_linkage_map(inp, links))


def _spillover_table(inp: ReportInputs, tab: pd.DataFrame) -> Table:
    u = inp.region.units
    rows = []
    for _code, r in tab.iterrows():
        d = str(r["direction"]) if not _fmt.is_missing_str(r["direction"]) else ""
        direction = (_fmt.unit_name(u.at[d, "name_zh"], u.at[d, "name_en"]) if d in u.index
                     else Text.same(d or "—"))
        core = bool(r["is_core"])
        na = Text("核心自身", "the core itself") if core else None
        rows.append((
            _fmt.text_cell(_fmt.unit_name(r["name_zh"], r["name_en"]), css="core" if core else ""),
            _fmt.text_cell(role_label(str(r["role"]))),
            _fmt.cell(r["mass_share_pct"], _fmt.pct(r["mass_share_pct"])),
            _fmt.cell(r["linkage_share_pct"], _fmt.pct(r["linkage_share_pct"])),
            _fmt.cell(r["linkage_to_mass_ratio"], _fmt.number(r["linkage_to_mass_ratio"], 2)),
            _fmt.cell(r["membership_to_core_pct"], _fmt.pct(r["membership_to_core_pct"]),
                      reason=na),
            _fmt.cell(r["core_membership_pct"], _fmt.pct(r["core_membership_pct"]), reason=na),
            _fmt.cell(r["distance_to_core_km"], Text(
                f"{_fmt.number(r['distance_to_core_km'], 0).zh} 公里",
                f"{_fmt.number(r['distance_to_core_km'], 0).en} km"), reason=na),
            _fmt.text_cell(direction),
        ))
    cols = (t("unit"), t("role"), Text("质量份额", "Mass share"),
            Text("联系量份额", "Linkage share"), Text("联系/质量", "Linkage ÷ mass"),
            Text("对核心的隶属度", "Membership to the core"),
            Text("核心对其隶属度", "Core's membership to it"), Text("到核心距离", "Distance to core"),
            Text("主要联系方向", "Main linkage direction"))
    prov = tab.attrs.get("metroscope", {})
    params = prov.get("parameters", {})
    caption = Text(
        f"辐射效应表({prov.get('year', '')}年,质量 = {params.get('mass_units', params.get('mass', ''))},"
        f"阻抗 = {params.get('friction', '')}^{params.get('friction_exponent', '')})",
        f"Spillover table ({prov.get('year', '')}; mass = "
        f"{params.get('mass_units', params.get('mass', ''))}, friction = "
        f"{params.get('friction', '')}^{params.get('friction_exponent', '')})")
    return Table("tab-spillover", caption, cols, tuple(rows), source=source_line(tab))


def _linkage_map(inp: ReportInputs, links: pd.DataFrame) -> Any:
    region = inp.region
    core = region.core_code()
    df = links.reset_index()
    a = df[["origin", "destination"]].min(axis=1)
    b = df[["origin", "destination"]].max(axis=1)
    pairs = df.assign(a=a, b=b).groupby(["a", "b"])["linkage"].sum(min_count=1)
    pairs = pairs.dropna().sort_values(ascending=False).head(TOP_PAIRS)
    top = float(pairs.max()) if len(pairs) else 1.0
    seats = region.units[["seat_lon", "seat_lat"]]

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        from .. import _maps, _mapview

        fig = go.Figure()
        for tr in _maps.base_polygons(region, lang):
            fig.add_trace(tr)
        for (i, j), v in pairs.items():
            if pd.isna(seats.at[i, "seat_lon"]) or pd.isna(seats.at[j, "seat_lon"]):
                continue
            with_core = core in (i, j)
            names = _maps.unit_hover(region, [i, j], lang)
            fig.add_trace(go.Scattergeo(
                lon=[seats.at[i, "seat_lon"], seats.at[j, "seat_lon"]],
                lat=[seats.at[i, "seat_lat"], seats.at[j, "seat_lat"]], mode="lines",
                line={"width": round(1 + 11 * (float(v) / top) ** 0.5, 2),
                      "color": "rgba(169,50,38,0.85)" if with_core else "rgba(31,78,121,0.6)"},
                hoverinfo="text", text=f"{names[0]} ↔ {names[1]}: {float(v):,.1f}",
                showlegend=False))
        prefs = sorted({c for p in pairs.index for c in p})
        fig.add_trace(_maps.seat_labels(region, [c for c in prefs if pd.notna(
            seats.at[c, "seat_lon"])], lang, size=11))
        roles = ("core", "member", "partial", "context")
        fig.update_layout(showlegend=False)
        return _mapview.finish(fig, region, lang, height=620, roles=roles)

    caption = Text(
        f"经济联系强度最大的 {len(pairs)} 对城市(双向之和);线宽与联系强度的平方根成正比,红色为与核心的联系。",
        f"The {len(pairs)} strongest economic linkages (both directions summed); line width grows "
        "with the square root of the intensity; red lines touch the core.")
    return bilingual("fig-linkage-map", caption, build_fig, height_px=620, is_map=True,
                     source=source_line(links))


def _trend_figure(trends: dict[str, Any]) -> Any:
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
            series = (("share_official_pct", 1, "solid", t("share_official")),
                      ("share_units_sum_pct", 1, "dot", t("share_units_sum")),
                      ("two_city_index", 2, "solid", None))
            for col, c, dash, which in series:
                if col not in df.columns:
                    continue
                y = df[col].astype(float)
                name = label.get(lang) + ("" if which is None else f" · {which.get(lang)}")
                fig.add_trace(go.Scatter(
                    x=df.index.tolist(), y=y.tolist(), mode="lines+markers",
                    name=name, legendgroup=f"{measure}-{col}", showlegend=c == 1,
                    line={"color": colour, "width": 2, "dash": dash}, connectgaps=False),
                    row=1, col=c)
                brk = df[df["series_break"].astype(bool)]
                if not brk.empty:
                    fig.add_trace(go.Scatter(
                        x=brk.index.tolist(), y=brk[col].astype(float).tolist(), mode="markers",
                        marker={"symbol": "x", "size": 11, "color": "#111"},
                        name="序列断点" if lang == "zh" else "series break",
                        legendgroup="break", showlegend=(c == 1 and i == 0
                                                         and col == "share_official_pct")),
                        row=1, col=c)
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


def _boundary_note(inp: ReportInputs, trends: dict[str, Any]) -> Text | None:
    """Which ranked units changed boundary in the years shown and, when the census counts
    of an earlier year are adjusted to later boundaries, that its GDP and population shares
    (one row of the table) are on different boundaries."""
    years = sorted({int(y) for df in trends.values() for y in df.index})
    if not years:
        return None
    scope = set(inp.region.codes(level="prefecture"))
    moved = {c: sorted(b for b in ys if years[0] < b <= years[-1])
             for c, ys in boundary_break_years(inp.region).items() if c in scope}
    moved = {c: ys for c, ys in moved.items() if ys}
    if not moved:
        return None
    u = inp.region.units
    zh = "、".join(str(u.at[c, "name_zh"]) for c in sorted(moved))
    en = ", ".join(str(u.at[c, "name_en"]) for c in sorted(moved))
    when = sorted({b for ys in moved.values() for b in ys})
    text = Text(
        f"行政区划变动:{zh}({'、'.join(map(str, when))}年)。GDP为各年当年区划口径。",
        f"Boundary changes: {en} "
        f"({', '.join(map(str, when))}). GDP is on each year's own boundaries.")
    pop_years = [int(y) for y in trends["population"].index] if "population" in trends else []
    adjusted = sorted({(y, b) for y in pop_years
                       for b in census_boundary_year(inp.region, y, sorted(moved)).values()
                       if b != y and any(min(y, b) < x <= max(y, b) for x in when)})
    for y, b in adjusted:
        text = text + Text(
            f"{y}年普查人口已按{b}年区划调整:{y}年一行中的GDP占比与人口占比口径不同,不可相互比较。",
            f" The {y} census counts are adjusted to the {b} boundaries: in the {y} row the "
            "GDP share and the population share are on different boundaries and cannot be "
            "compared with each other.")
    return text


def _trend_table(trends: dict[str, Any]) -> Table:
    years = sorted({int(y) for df in trends.values() for y in df.index})
    marked = {int(y) for df in trends.values()
              for y in df.index[df["series_break"].astype(bool)]}
    rows = []
    for y in years:
        cells: list[Any] = [_fmt.text_cell(f"{y} *" if y in marked else str(y))]
        for measure, _label in MEASURES:
            df = trends.get(measure)
            if df is None or y not in df.index:
                reason = Text("该年无数据", "no data for this year")
                cells += [_fmt.cell(math.nan, reason=reason)] * 3
                continue
            r = df.loc[y]
            reason = (note_text(r["note"]) if str(r["note"])  # a message reads in Chinese too
                      else Text("不完整", "incomplete"))
            off_reason = t("official_missing") if bool(r.get("official_total_missing")) \
                else reason
            cells.append(_fmt.cell(r["share_official_pct"], _fmt.pct(r["share_official_pct"]),
                                   reason=off_reason))
            cells.append(_fmt.cell(r["share_units_sum_pct"],
                                   _fmt.pct(r["share_units_sum_pct"]), reason=reason))
            cells.append(_fmt.cell(r["two_city_index"], _fmt.number(r["two_city_index"], 2),
                                   reason=reason))
        rows.append(tuple(cells))
    cols = (t("year"),
            Text("核心GDP占比(官方总量)", "Core GDP share (official total)"),
            Text("核心GDP占比(单元之和)", "Core GDP share (sum of units)"),
            Text("两城市指数(GDP)", "Two-city index (GDP)"),
            Text("核心人口占比(官方总量)", "Core population share (official total)"),
            Text("核心人口占比(单元之和)", "Core population share (sum of units)"),
            Text("两城市指数(人口)", "Two-city index (population)"))
    first = next(iter(trends.values()))
    return Table("tab-primacy-trend", Text("首位度逐年数值", "Primacy by year"), cols,
                 tuple(rows), source=source_line(first))
