"""Maps drawn from the region's own polygons and points (plotly ``geo`` with no basemap).

Prefectures are drawn from ``units.geometry``; counties have no polygons in the data, so they
are drawn as points at their government seats (``seat_lon``, ``seat_lat``) over the prefecture
polygons. The page sets ``window.PlotlyGeoAssets`` to a stub topology (see ``_assets``) so
plotly never tries to fetch a world map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _fmt
from ._figures import FONT, base_layout
from ._i18n import role as role_label
from ._i18n import status as status_label

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from ..region import Region

ROLE_FILL = {"core": "#f4c7c3", "member": "#fbe3c4", "partial": "#fdf2d9",
             "context": "#eeeeee"}
ROLE_LINE = {"core": "#a93226", "member": "#b9770e", "partial": "#b9770e", "context": "#aaaaaa"}
STATUS_STYLE = {"operating": ("#1b2631", "solid", 2.6),
                "under_construction": ("#7d3c98", "dash", 2.4),
                "planned": ("#2e86c1", "dot", 2.4)}
FOCUS_ROLES = ("core", "member", "partial")
SIMPLIFY_DEG = 0.004
#: Figures reference the region's polygons by this token; the page stores the FeatureCollection
#: once (``#ms-geo``) and its script puts it in place before plotting.
GEO_REF = "@geo:units"


def polygons_geojson(region: Region) -> dict[str, Any]:
    """FeatureCollection of the units that have polygons (simplified, 4-decimal coordinates);
    each feature's ``id`` is the unit code."""
    import shapely

    units = region.units
    geoms = units.geometry
    has = geoms.notna() & ~geoms.is_empty
    feats: list[dict[str, Any]] = []
    for code, geom in geoms[has].items():
        simple = shapely.set_precision(geom.simplify(SIMPLIFY_DEG, preserve_topology=True), 1e-4)
        if simple.is_empty:
            continue
        feats.append({"type": "Feature", "id": str(code), "properties": {},
                      "geometry": shapely.geometry.mapping(simple)})
    return {"type": "FeatureCollection", "features": feats}


def polygon_codes(region: Region) -> list[str]:
    """Codes of the units that have a non-empty polygon."""
    g = region.units.geometry
    return [str(c) for c in g.index[(g.notna() & ~g.is_empty).to_numpy()]]


def extent(region: Region, pad_deg: float = 0.25, *,
           roles: tuple[str, ...] = FOCUS_ROLES) -> tuple[list[float], list[float]]:
    """Lon and lat ranges covering the units of ``roles`` (polygons and seats); default the
    core, member and partial units."""
    u = region.units
    focus = u[u["role"].isin(roles) & (u["level"] != "province")]
    if focus.empty:
        focus = u
    xs: list[float] = []
    ys: list[float] = []
    g = focus.geometry
    ok = g.notna() & ~g.is_empty
    if ok.any():
        minx, miny, maxx, maxy = g[ok].total_bounds
        xs += [float(minx), float(maxx)]
        ys += [float(miny), float(maxy)]
    seats = focus[["seat_lon", "seat_lat"]].dropna()
    if not seats.empty:
        xs += [float(seats["seat_lon"].min()), float(seats["seat_lon"].max())]
        ys += [float(seats["seat_lat"].min()), float(seats["seat_lat"].max())]
    if not xs:
        return [120.0, 130.0], [40.0, 48.0]
    return [min(xs) - pad_deg, max(xs) + pad_deg], [min(ys) - pad_deg, max(ys) + pad_deg]


def _merc_y(lat_deg: float) -> float:
    import math

    return math.log(math.tan(math.pi / 4 + math.radians(lat_deg) / 2))


def _merc_lat(y: float) -> float:
    import math

    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def fit_aspect(lon: list[float], lat: list[float],
               aspect: float) -> tuple[list[float], list[float]]:
    """Widen the lon or lat range (Mercator) so that width / height equals ``aspect``."""
    import math

    x0, x1 = math.radians(lon[0]), math.radians(lon[1])
    y0, y1 = _merc_y(lat[0]), _merc_y(lat[1])
    w, h = x1 - x0, y1 - y0
    if w / h < aspect:
        pad = (aspect * h - w) / 2
        x0, x1 = x0 - pad, x1 + pad
    else:
        pad = (w / aspect - h) / 2
        y0, y1 = y0 - pad, y1 + pad
    return ([math.degrees(x0), math.degrees(x1)], [_merc_lat(y0), _merc_lat(y1)])


def geo_layout(region: Region, title: str, *, height: int = 560, aspect: float = 1.55,
               roles: tuple[str, ...] = FOCUS_ROLES) -> dict[str, Any]:
    """Layout of a map: no basemap, a Mercator view fitted to the units of ``roles`` and
    widened to ``aspect`` (width / height of the plotting area)."""
    lon, lat = fit_aspect(*extent(region, roles=roles), aspect)
    layout = base_layout(title, height=height)
    layout["margin"] = {"l": 5, "r": 5, "t": 45 if title else 5, "b": 5}
    layout["geo"] = {
        "visible": False, "projection": {"type": "mercator"},
        "lonaxis": {"range": lon}, "lataxis": {"range": lat},
        "bgcolor": "white", "showframe": False,
    }
    layout["legend"].update({"x": 0.01, "y": 0.01, "xanchor": "left", "yanchor": "bottom"})
    return layout


def unit_hover(region: Region, codes: list[str], lang: str) -> list[str]:
    """Hover names: both scripts, the page language first."""
    u = region.units.reindex(codes)
    return [_fmt.unit_name(a, b).get(lang) for a, b in zip(u["name_zh"], u["name_en"], strict=True)]


def base_polygons(region: Region, lang: str, *, values: pd.Series | None = None, colorscale: Any = None,
                  colorbar_title: str = "", zmid: float | None = None,
                  name: str = "") -> list[go.Choropleth]:
    """Prefecture polygons: filled by role (``values=None``) or coloured by ``values``.

    The traces reference the polygons by :data:`GEO_REF`; the page supplies them.
    """
    import plotly.graph_objects as go

    codes = polygon_codes(region)
    if not codes:
        return []
    roles = region.units.loc[codes, "role"].astype(str)
    hover = unit_hover(region, codes, lang)
    traces: list[go.Choropleth] = []
    if values is None:
        for r in ("context", "partial", "member", "core"):
            sel = [c for c, rr in zip(codes, roles, strict=True) if rr == r]
            if not sel:
                continue
            hv = [h for c, h in zip(codes, hover, strict=True) if c in set(sel)]
            label = role_label(r).get(lang)
            traces.append(go.Choropleth(
                geojson=GEO_REF, locations=sel, z=[1] * len(sel), featureidkey="id",
                colorscale=[[0, ROLE_FILL[r]], [1, ROLE_FILL[r]]], showscale=False,
                marker={"line": {"color": ROLE_LINE[r], "width": 1.2 if r != "context" else 0.6}},
                text=[f"{h}<br>{label}" for h in hv], hoverinfo="text", name=label,
                showlegend=False))
        return traces
    z = values.reindex(codes)
    hv = [f"{h}<br>{_fmt.number(v, 1).get(lang)}" for h, v in zip(hover, z, strict=True)]
    traces.append(go.Choropleth(
        geojson=GEO_REF, locations=codes, z=z.tolist(), featureidkey="id", zmid=zmid,
        colorscale=colorscale or "RdBu", marker={"line": {"color": "#777", "width": 0.8}},
        colorbar={"title": {"text": colorbar_title}, "len": 0.6, "thickness": 14},
        text=hv, hoverinfo="text", name=name, showlegend=False))
    return traces


def rail_traces(region: Region, lang: str, *, links: pd.DataFrame | None = None,
                legend_group: str = "rail", visible: bool = True) -> list[go.Scattergeo]:
    """Rail links drawn by status (operating solid, under construction dashed, planned dotted)."""
    import plotly.graph_objects as go

    lk = region.links if links is None else links
    lk = lk[lk["mode"].isin(["hsr", "intercity", "rail"])]
    nodes = region.nodes.set_index("node_id")
    traces: list[go.Scattergeo] = []
    for status, (colour, dash, width) in STATUS_STYLE.items():
        part = lk[lk["status"] == status]
        if part.empty:
            continue
        lons: list[float | None] = []
        lats: list[float | None] = []
        for a, b in zip(part["from_node"], part["to_node"], strict=True):
            if a not in nodes.index or b not in nodes.index:
                continue
            lons += [float(nodes.at[a, "lon"]), float(nodes.at[b, "lon"]), None]
            lats += [float(nodes.at[a, "lat"]), float(nodes.at[b, "lat"]), None]
        if not lons:
            continue
        traces.append(go.Scattergeo(
            lon=lons, lat=lats, mode="lines", line={"color": colour, "width": width, "dash": dash},
            name=status_label(status).get(lang), legendgroup=legend_group, hoverinfo="name",
            visible=visible))
    return traces


def seat_points(region: Region, codes: list[str], lang: str, *, color: Any, size: Any = 9,
                text: list[str] | None = None, name: str = "", colorscale: Any = None,
                cmin: float | None = None, cmax: float | None = None, cmid: float | None = None,
                colorbar_title: str | None = None, visible: bool = True,
                showlegend: bool = False) -> go.Scattergeo:
    """Points at unit seats (counties have no polygons): colour and size per unit."""
    import plotly.graph_objects as go

    u = region.units.reindex(codes)
    marker: dict[str, Any] = {"color": color, "size": size, "opacity": 0.92,
                              "line": {"color": "#333", "width": 0.7}}
    if colorscale is not None:
        marker.update({"colorscale": colorscale, "cmin": cmin, "cmax": cmax, "cmid": cmid,
                       "showscale": colorbar_title is not None})
        if cmid is None:
            marker.pop("cmid")
        if colorbar_title is not None:
            marker["colorbar"] = {"title": {"text": colorbar_title}, "len": 0.6,
                                  "thickness": 14, "x": 1.0}
    hover = text if text is not None else unit_hover(region, codes, lang)
    return go.Scattergeo(lon=u["seat_lon"].tolist(), lat=u["seat_lat"].tolist(), mode="markers",
                         marker=marker, text=hover, hoverinfo="text", name=name,
                         showlegend=showlegend, visible=visible,
                         hoverlabel={"font": {"family": FONT}})


def seat_labels(region: Region, codes: list[str], lang: str, *,
                size: int = 11) -> go.Scattergeo:
    """Name labels at seats (Chinese or English per page language)."""
    import plotly.graph_objects as go

    u = region.units.reindex(codes)
    names = u["name_zh"] if lang == "zh" else u["name_en"]
    return go.Scattergeo(lon=u["seat_lon"].tolist(), lat=u["seat_lat"].tolist(), mode="text",
                         text=[str(n) for n in names], textposition="top center",
                         textfont={"family": FONT, "size": size, "color": "#1b2631"},
                         hoverinfo="skip", showlegend=False)
