"""Figures of the pages, built with the report's map and chart helpers (one drawing code for
the report and the dashboard)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...report import _maps, _mapview
from ...report._figures import FONT, base_layout, heatmap, line_chart

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from ...region import Region

PROJECT_COLOURS = {"proposed": "#95a5a6", "planned": "#2e86c1", "approved": "#17a589",
                   "tendering": "#d4ac0d", "under_construction": "#7d3c98",
                   "opened": "#1b2631", "operating": "#1b2631", "completed": "#1b2631",
                   "suspended": "#c0392b", "cancelled": "#c0392b"}


def _base(region: Region, lang: str) -> go.Figure:
    import plotly.graph_objects as go

    fig = go.Figure()
    for tr in _maps.base_polygons(region, lang):
        fig.add_trace(tr)
    for tr in _maps.rail_traces(region, lang):
        fig.add_trace(tr)
    return fig


def project_pins(region: Region) -> pd.DataFrame:
    """One pin per project at the mean seat position of the units it concerns (its
    ``codes``); projects without located units are left out. Columns ``project_id``,
    ``name_zh``, ``name_en``, ``status``, ``lon``, ``lat``."""
    u = region.units
    rows = []
    for _, p in region.projects.iterrows():
        codes = [c.strip() for c in str(p.get("codes") or "").split(";") if c.strip()]
        seats = u.reindex([c for c in codes if c in u.index])[["seat_lon", "seat_lat"]].dropna()
        if seats.empty:
            continue
        rows.append({"project_id": p["project_id"], "name_zh": p["name_zh"],
                     "name_en": p["name_en"], "status": str(p["status"]),
                     "lon": float(seats["seat_lon"].mean()),
                     "lat": float(seats["seat_lat"].mean())})
    return pd.DataFrame(rows, columns=["project_id", "name_zh", "name_en", "status", "lon",
                                       "lat"])


def area_map(region: Region, lang: str, *, circle: pd.DataFrame | None = None,
             status_label: Any = None, height: int = 520) -> go.Figure:
    """The area: prefectures by role, rail lines by status (planned dotted, under
    construction dashed), county seats (inside/outside the circle when given), project pins
    coloured by status."""
    import plotly.graph_objects as go

    fig = _base(region, lang)
    u = region.units
    counties = [str(c) for c in u.index[(u["level"] == "county")
                                        & u["role"].isin(_maps.FOCUS_ROLES)
                                        & u["seat_lon"].notna()]]
    if circle is not None and not circle.empty:
        inside = circle["inside"].reindex(counties).fillna(False).astype(bool)
        minutes = circle["travel_time_min"].reindex(counties)
        for flag, colour, name in ((True, "#c0392b", "inside"), (False, "#aab7b8", "outside")):
            codes = [c for c in counties if bool(inside.get(c, False)) is flag]
            if not codes:
                continue
            hover = [f"{h}<br>{_minutes(minutes.get(c), lang)}"
                     for h, c in zip(_maps.unit_hover(region, codes, lang), codes, strict=True)]
            label = ({"inside": "圈内", "outside": "圈外"}[name] if lang == "zh" else name)
            fig.add_trace(_maps.seat_points(region, codes, lang, color=colour, size=9,
                                            text=hover, name=label, showlegend=True))
    elif counties:
        fig.add_trace(_maps.seat_points(region, counties, lang, color="#d68910", size=7))
    pins = project_pins(region)
    for status, grp in pins.groupby("status", sort=False):
        name = status_label(status) if status_label else status
        fig.add_trace(go.Scattergeo(
            lon=grp["lon"].tolist(), lat=grp["lat"].tolist(), mode="markers",
            marker={"symbol": "diamond", "size": 12, "color": PROJECT_COLOURS.get(
                str(status), "#5d6d7e"), "line": {"color": "white", "width": 1}},
            text=[str(a if lang == "zh" else b) for a, b in zip(grp["name_zh"], grp["name_en"],
                                                                strict=True)],
            hoverinfo="text", name=str(name), showlegend=True))
    prefs = [str(c) for c in u.index[(u["level"] == "prefecture")
                                     & u["role"].isin(_maps.FOCUS_ROLES)
                                     & u["seat_lon"].notna()]]
    if prefs:
        fig.add_trace(_maps.seat_labels(region, prefs, lang, size=12))
    fig.update_layout(_mapview.geo_layout(region, "", height=height))
    return fig


def _minutes(v: Any, lang: str) -> str:
    if v is None or pd.isna(v):
        return "—"
    if v == float("inf"):
        return "不可达" if lang == "zh" else "unreachable"
    return f"{float(v):.0f} {'分钟' if lang == 'zh' else 'min'}"


def isochrone_map(region: Region, lang: str, iso: pd.DataFrame, minutes_col: str,
                  *, height: int = 520, title: str = "") -> go.Figure:
    """County seats coloured by travel minutes (grey when unreachable), rail lines."""
    fig = _base(region, lang)
    codes = [str(c) for c in iso.index if c in region.units.index]
    t = iso[minutes_col].reindex(codes).astype(float)
    reach = [c for c in codes if t[c] != float("inf") and not pd.isna(t[c])]
    far = [c for c in codes if c not in set(reach)]
    if reach:
        hover = [f"{h}<br>{_minutes(t[c], lang)}"
                 for h, c in zip(_maps.unit_hover(region, reach, lang), reach, strict=True)]
        fig.add_trace(_maps.seat_points(
            region, reach, lang, color=t[reach].tolist(), size=11, text=hover,
            colorscale="Viridis", cmin=0.0, cmax=float(max(t[reach].max(), 1.0)),
            colorbar_title="分钟" if lang == "zh" else "min"))
    if far:
        fig.add_trace(_maps.seat_points(region, far, lang, color="#cccccc", size=7,
                                        text=[f"{h}<br>{_minutes(float('inf'), lang)}"
                                              for h in _maps.unit_hover(region, far, lang)]))
    fig.update_layout(_mapview.geo_layout(region, title, height=height))
    return fig


def flows_map(region: Region, flows: pd.DataFrame, lang: str, *, top: int = 40,
              height: int = 520) -> go.Figure:
    """The ``top`` largest flows between distinct units as lines between their seats (width
    by flow)."""
    import plotly.graph_objects as go

    fig = _base(region, lang)
    df = flows.reset_index()
    df = df[df["origin"].astype(str) != df["destination"].astype(str)].nlargest(top, "flow")
    seats = region.units[["seat_lon", "seat_lat"]]
    biggest = float(df["flow"].max()) if len(df) else 1.0
    for _, r in df.iterrows():
        a, b = str(r["origin"]), str(r["destination"])
        if a not in seats.index or b not in seats.index:
            continue
        w = 1 + 7 * float(r["flow"]) / biggest
        fig.add_trace(go.Scattergeo(
            lon=[seats.at[a, "seat_lon"], seats.at[b, "seat_lon"]],
            lat=[seats.at[a, "seat_lat"], seats.at[b, "seat_lat"]], mode="lines",
            line={"width": w, "color": "rgba(192,57,43,0.55)"}, hoverinfo="text",
            text=f"{a} → {b}: {float(r['flow']):,.0f}", showlegend=False))
    fig.update_layout(_mapview.geo_layout(region, "", height=height))
    return fig


def series_chart(wide: pd.DataFrame, names: dict[str, str], *, title: str, y_title: str,
                 lang: str) -> go.Figure:
    """One line per unit (rows of ``wide``: code x year)."""
    series: dict[str, tuple[Sequence[Any], Sequence[Any]]] = {
        names.get(str(code), str(code)): (list(wide.columns), row.tolist())
              for code, row in wide.iterrows()}
    return line_chart(series, title=title, x_title="年份" if lang == "zh" else "Year",
                      y_title=y_title, height=420)


def lq_heatmap(lq: pd.DataFrame, rows: list[str], cols: list[str], *, flags: pd.DataFrame,
               title: str) -> go.Figure:
    """Location quotients (units x industries); flagged cells get an asterisk."""
    z = lq.to_numpy(dtype=float)
    fig = heatmap(z, x=cols, y=rows, title=title, colorbar="LQ", zmid=1.0,
                  height=max(380, 26 * len(rows) + 200))
    text = [[f"{v:.2f}{'*' if f else ''}" if not math.isnan(v) else "" for v, f in zip(zr, fr,
                                                                           strict=True)]
            for zr, fr in zip(z, flags.to_numpy(dtype=bool), strict=True)]
    fig.update_traces(text=text, texttemplate="%{text}", textfont={"family": FONT, "size": 10})
    layout = base_layout(title, height=max(380, 26 * len(rows) + 200), legend=False)
    layout["margin"].update({"l": 150, "b": 140})
    layout["yaxis"].update({"autorange": "reversed"})
    fig.update_layout(layout)
    return fig
