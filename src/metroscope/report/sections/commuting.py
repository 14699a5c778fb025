"""Section 4, The 1-hour commuting circle: an isochrone map with rail lines by status
(baseline and each scenario, switched by buttons), the circle's totals, and the travel time
from each unit to the core before and after each scenario."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ... import network
from .. import _data, _fmt, _maps, _mapview
from .._analyses import AnalysisError, source_line
from .._figures import bilingual
from .._i18n import note as note_text
from .._i18n import role as role_label
from .._i18n import t
from ..context import Cell, Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from ...region import Region
    from .._inputs import ReportInputs

#: Travel-time classes of the isochrone map: (upper bound in minutes, colour, zh, en).
BINS = ((30.0, "#006837", "≤30 分钟", "≤30 min"), (60.0, "#31a354", "30–60 分钟", "30–60 min"),
        (90.0, "#fed976", "60–90 分钟", "60–90 min"), (120.0, "#fd8d3c", "90–120 分钟",
                                                       "90–120 min"),
        (math.inf, "#bd0026", ">120 分钟", ">120 min"))
UNREACHABLE = ("#bdbdbd", "不可达", "not reachable")


def circle(inp: ReportInputs, key: str, region: Region, mode: str = "fastest") -> pd.DataFrame:
    """``commuting_circle(region, mode=mode)``, computed once per scenario key and mode; not
    available (never 0 %) when the region has no network of that mode."""
    _data.require_network(region, mode)
    out: pd.DataFrame = inp.run(network.commuting_circle, region, mode=mode,
                                key=("circle", key, mode))
    return out


def build(inp: ReportInputs, section: Section) -> None:
    """Map, totals per scenario, then per-unit travel times."""
    circles: dict[str, tuple[Text, Region, pd.DataFrame]] = {}
    for key, title, region in inp.regions():
        try:
            circles[key] = (title, region, circle(inp, key, region))
        except AnalysisError as exc:
            if exc.note not in section.blocks:
                section.blocks.append(exc.note)
    if "baseline" not in circles:
        return
    section.blocks.append(_map(inp, circles))
    with guard(section):
        section.blocks.append(_totals(inp, circles))
    section.blocks += _rail_caveats(inp)
    section.blocks.append(_times_table(circles))
    section.blocks += inp.scenario_notes()  # e.g. a scenario year that keeps later links
    notes = circles["baseline"][2].attrs.get("metroscope", {}).get("notes") or []
    for n in notes:
        section.blocks.append(Note(note_text(n), style="caveat"))


def _rail_caveats(inp: ReportInputs) -> list[Note]:
    """The rail row's caveat beside the totals: how many units inside the rail circle are
    reached without a train (the core's own districts by the intra-city leg), so that its
    share is not read as "within an hour by rail"."""
    try:
        rail = circle(inp, "baseline", inp.region, "rail")
    except AnalysisError:
        return []
    notes = rail.attrs.get("metroscope", {}).get("notes") or []
    return [Note(note_text(n), style="caveat") for n in notes
            if getattr(n, "key", None) == "acc_rail_without_train"]


def _bin_of(minutes: float) -> int:
    if not math.isfinite(minutes):
        return -1
    return next(i for i, (hi, *_rest) in enumerate(BINS) if minutes <= hi)


def _map(inp: ReportInputs, circles: dict[str, tuple[Text, Region, pd.DataFrame]]) -> Any:
    base_region = inp.region
    keys = list(circles)

    def traces_for(key: str, lang: str, visible: bool) -> list[Any]:
        import plotly.graph_objects as go

        _title, region, res = circles[key]
        out: list[Any] = list(_maps.rail_traces(region, lang, legend_group=f"rail-{key}",
                                                visible=visible))
        minutes = res["travel_time_min"].astype(float)
        classes = minutes.map(_bin_of)
        names = _maps.unit_hover(region, [str(c) for c in res.index], lang)
        hover = dict(zip(res.index, names, strict=True))
        drawn = set(_maps.fill_codes(region))
        has_seat = region.units.reindex(res.index)["seat_lon"].notna()
        groups = [(-1, *UNREACHABLE), *[(i, b[1], b[2], b[3]) for i, b in enumerate(BINS)]]
        for cls, colour, zh, en in groups:
            in_class = res.index[(classes == cls).to_numpy()]
            # a county with a polygon is filled with its class colour; one without is a
            # point at its seat
            filled = [str(c) for c in in_class if c in drawn]
            points = [str(c) for c in in_class if c not in drawn and has_seat[c]]
            name = zh if lang == "zh" else en
            if filled:
                out.append(go.Choropleth(
                    geojson=_maps.GEO_REF, locations=filled, z=[1] * len(filled),
                    featureidkey="id", colorscale=[[0, colour], [1, colour]], showscale=False,
                    marker={"line": {"color": "#555", "width": 0.5}}, name=name,
                    text=[f"{hover[c]}<br>{_fmt.minutes(minutes[c]).get(lang)}"
                          for c in filled], hoverinfo="text", visible=visible,
                    showlegend=True, legendgroup=f"time-{key}", meta=f"time:{cls}"))
            if points:
                tr = _maps.seat_points(region, points, lang, color=colour, size=11, name=name,
                                       text=[f"{hover[c]}<br>"
                                             f"{_fmt.minutes(minutes[c]).get(lang)}"
                                             for c in points],
                                       visible=visible, showlegend=not filled)
                tr.update(legendgroup=f"time-{key}")
                out.append(tr)
        extra = {str(c): _fmt.minutes(v).get(lang) for c, v in minutes.items()}
        out += _maps.unpolygoned_points(region, lang, extra=extra, visible=visible)
        core = region.core_code()
        if core in region.units.index and pd.notna(region.units.at[core, "seat_lon"]):
            out.append(go.Scattergeo(
                lon=[float(region.units.at[core, "seat_lon"])],
                lat=[float(region.units.at[core, "seat_lat"])], mode="markers+text",
                marker={"symbol": "star", "size": 18, "color": "#111"},
                text=["核心" if lang == "zh" else "core"], textposition="bottom center",
                name="核心" if lang == "zh" else "core", showlegend=False, visible=visible,
                hoverinfo="skip"))
        return out

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        for tr in _maps.base_polygons(base_region, lang):
            tr.update(showlegend=False)  # the time classes carry the legend
            fig.add_trace(tr)
        for tr in _maps.place_labels(base_region, lang):  # above the polygons (scatter layer)
            fig.add_trace(tr)
        n_base = len(fig.data)
        groups: list[tuple[int, int]] = []
        for i, key in enumerate(keys):
            start = len(fig.data)
            for tr in traces_for(key, lang, visible=i == 0):
                fig.add_trace(tr)
            groups.append((start, len(fig.data)))
        _mapview.finish(fig, base_region, lang, height=620)
        buttons = _buttons(circles, groups, n_base, len(fig.data), lang)
        if len(keys) > 1:
            fig.update_layout(updatemenus=[{
                "type": "buttons", "direction": "right", "buttons": buttons, "x": 0.0,
                "y": 1.0, "xanchor": "left", "yanchor": "bottom", "showactive": True,
                "pad": {"t": 4, "b": 4}, "bgcolor": "#f4f6f7", "font": {"size": 12}}])
            fig.update_layout(margin={"t": 50})
        return fig

    caption = Text(
        "各县级单元政府驻地到核心的最快门到门出行时间(公路、铁路及市内段的最优组合,含接驳、候车、"
        "换乘);铁路线按状态绘制。用图上方的按钮切换现状与各情景。",
        "Fastest door-to-door travel time from each county-level unit's seat to the core (the "
        "best combination of road, rail and the intra-city leg; access, waiting, transfers "
        "included); rail lines by status. Use the buttons above the map to switch between the "
        "baseline and each scenario.")
    note = _maps.polygon_note(base_region)
    caption = Text(f"{caption.zh}县级单元按时间分级着色。{note.zh}",
                   f"{caption.en} County-level units are shaded by time class. {note.en}")
    return bilingual("fig-isochrone-map", caption, build_fig, height_px=620, is_map=True,
                     source=source_line(circles["baseline"][2]))


def _buttons(circles: dict[str, tuple[Text, Region, pd.DataFrame]],
             groups: list[tuple[int, int]], n_base: int, n_all: int,
             lang: str) -> list[dict[str, Any]]:
    """One button per circle: the base traces (before ``n_base``), its own group, and the
    traces after the last group (the scale bar) are visible."""
    last = groups[-1][1] if groups else n_base
    buttons = []
    for key, (lo, hi) in zip(circles, groups, strict=True):
        vis = [True] * n_base + [False] * (last - n_base) + [True] * (n_all - last)
        for j in range(lo, hi):
            vis[j] = True
        buttons.append({"label": circles[key][0].get(lang), "method": "restyle",
                        "args": [{"visible": vis}]})
    return buttons


def _totals(inp: ReportInputs, circles: dict[str, tuple[Text, Region, pd.DataFrame]]) -> Table:
    rows = []
    lines: list[Any] = []
    has_area = any(not _fmt.is_missing(res.attrs.get("metroscope", {}).get("summary", {}).get(
        "area_km2_inside")) and res.attrs["metroscope"]["summary"]["area_km2_inside"] > 0
        for _t, _r, res in circles.values())
    mode_label = {"rail": Text("铁路", "rail"), "road": Text("公路", "road"),
                  "fastest": Text("最快方式", "fastest mode")}
    entries: list[tuple[Text, str, pd.DataFrame]] = [
        (title, "fastest", res) for title, _r, res in circles.values()]
    for mode in ("rail", "road"):
        try:
            entries.append((t("baseline"), mode, circle(inp, "baseline", inp.region, mode)))
        except AnalysisError:
            continue
    for title, mode, res in entries:
        s = res.attrs.get("metroscope", {}).get("summary", {})
        share = s.get("share_plan_population_inside", float("nan"))
        row = [
            _fmt.text_cell(title), _fmt.text_cell(mode_label[mode]),
            _fmt.cell(s.get("units_inside"), _fmt.number(s.get("units_inside"), 0)),
            _fmt.cell(s.get("population_inside"), _fmt.persons(s.get("population_inside"))),
            _fmt.cell(share, _fmt.pct(100 * share if not _fmt.is_missing(share) else share)),
        ]
        if has_area:
            row.append(_fmt.cell(s.get("area_km2_inside"), Text(
                f"{_fmt.number(s.get('area_km2_inside'), 0).zh} 平方公里",
                f"{_fmt.number(s.get('area_km2_inside'), 0).en} km²")))
        rows.append(tuple(row))
        lines.append(res)
    cols = (Text("情景", "Scenario"), Text("方式", "Mode"), Text("圈内单元", "Units inside"),
            Text("圈内人口", "Population inside"),
            Text("规划范围人口(核心与成员单元,部分纳入单元另计)在圈内的比重",
                 "Share of the plan area's population (core and member units; partial units "
                 "apart) inside"),
            *([Text("圈内面积", "Area inside")] if has_area else []))
    return Table("tab-circle-totals", Text("60分钟通勤圈:现状与各情景", "The 60-minute circle: "
                                           "baseline and scenarios"), cols, tuple(rows),
                 source=source_line(lines[0]))


def _times_table(circles: dict[str, tuple[Text, Region, pd.DataFrame]]) -> Table:
    base = circles["baseline"][2]
    focus = base[base["role"].isin(_data.FOCUS_ROLES)].sort_values("travel_time_min")
    others = [k for k in circles if k != "baseline"]
    rows = []
    for code, r in focus.iterrows():
        b = float(r["travel_time_min"])
        cells: list[Any] = [_fmt.text_cell(_fmt.unit_name(r["name_zh"], r["name_en"])),
                            _fmt.text_cell(role_label(str(r["role"]))),
                            _minutes_cell(b)]
        for k in others:
            res = circles[k][2]
            after = float(res.at[code, "travel_time_min"]) if code in res.index else math.nan
            cells.append(_after_cell(b, after))
        cells.append(_fmt.text_cell(Text("是", "yes") if b <= 60 else Text("否", "no")))
        rows.append(tuple(cells))
    cols: list[Text] = [t("unit"), t("role"), Text("现状", "Baseline")]
    cols += [circles[k][0] for k in others]
    cols.append(Text("现状在1小时圈内", "Inside 1 h today"))
    return Table("tab-travel-times", Text(
        "到核心的最快门到门时间(分钟):现状与各情景(括号内为变化)",
        "Fastest door-to-door time to the core (minutes): baseline and each scenario (change in "
        "brackets)"), tuple(cols), tuple(rows), source=source_line(base))


def _after_cell(before: float, after: float) -> Any:
    if not math.isfinite(after):
        return _fmt.cell(math.nan, reason=Text("不可达", "not reachable"))
    text = _fmt.minutes(after)
    if math.isfinite(before) and round(after - before) != 0:
        d = f" ({after - before:+.0f})"
        text = text + Text(d, d)
    css = "pos" if math.isfinite(before) and after < before - 0.5 else ""
    return Cell(text, numeric=True, css=css)


def _minutes_cell(v: float) -> Any:
    if not math.isfinite(v):
        return _fmt.cell(math.nan, reason=Text("不可达", "not reachable"))
    return _fmt.cell(v, _fmt.minutes(v))
