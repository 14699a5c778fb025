"""Maps drawn from the region's own polygons and points (plotly ``geo`` with no basemap).

Every map fills the units at the lowest level that has polygons — counties where the data carry
county polygons, else prefectures — by role or by a value, and outlines the prefectures whose
counties are drawn (the outline is the union of their county polygons, so the lines coincide).
Units of the area without a polygon (development zones) are drawn as points at the seat they are
routed through (their access rows), and the map note says so. Core and member cities are
labelled; the view is fitted to the area's units with a margin; a scale bar is drawn for the
view's centre latitude. The page sets ``window.PlotlyGeoAssets`` to a stub topology (see
``_assets``) so plotly never tries to fetch a world map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _fmt
from ._figures import FONT
from ._i18n import role as role_label
from ._i18n import status as status_label
from ._i18n import t
from .context import Text

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
OUTLINE = "outline:"


def _has_polygon(region: Region) -> pd.Series:
    g = region.units.geometry
    return (g.notna() & ~g.is_empty).astype(bool)


def polygon_codes(region: Region) -> list[str]:
    """Codes of the units that have a non-empty polygon."""
    has = _has_polygon(region)
    return [str(c) for c in has.index[has.to_numpy()]]


def fill_codes(region: Region) -> list[str]:
    """Units drawn as filled polygons: those with a polygon none of whose children has one
    (counties where counties have polygons; else prefectures; provinces only when nothing
    below them has a polygon)."""
    u = region.units
    has = _has_polygon(region)
    parents = set(u.loc[has.to_numpy(), "parent"].dropna().astype(str))
    return [c for c in polygon_codes(region) if c not in parents]


def outline_codes(region: Region) -> list[str]:
    """Prefectures whose county polygons are drawn: outlined on top of the counties."""
    u = region.units
    drawn = set(fill_codes(region))
    kids = u[u.index.isin(list(drawn)) & (u["level"] == "county")]
    parents = set(kids["parent"].dropna().astype(str))
    return sorted(c for c in parents if c in u.index and u.at[c, "level"] == "prefecture")


def polygons_geojson(region: Region) -> dict[str, Any]:
    """FeatureCollection of the units that have polygons (simplified, 4-decimal coordinates);
    each feature's ``id`` is the unit code. Prefectures whose counties are drawn also get an
    ``outline:<code>`` feature: the union of their county polygons."""
    import shapely

    geoms = region.units.geometry
    feats: list[dict[str, Any]] = []

    def add(fid: str, geom: Any) -> None:
        simple = shapely.set_precision(geom.simplify(SIMPLIFY_DEG, preserve_topology=True), 1e-4)
        if not simple.is_empty:
            feats.append({"type": "Feature", "id": fid, "properties": {},
                          "geometry": shapely.geometry.mapping(simple)})

    for code in polygon_codes(region):
        add(code, geoms[code])
    drawn = set(fill_codes(region))
    parent = region.units["parent"].astype("string")
    for code in outline_codes(region):
        kids = [c for c in parent.index[(parent == code).fillna(False).to_numpy()]
                if c in drawn]
        add(OUTLINE + code, shapely.union_all(list(geoms.loc[kids])))
    return {"type": "FeatureCollection", "features": feats}


def located_without_polygon(region: Region, codes: list[str]) -> pd.DataFrame:
    """Where to draw units of ``codes`` that have no polygon: their seat, else the seat node
    their access rows reach at the fewest minutes (a development zone is routed through its
    anchor district's seat). Columns ``lon``, ``lat``, ``via`` (node id or ``seat``); units
    with neither are left out."""
    u = region.units.reindex(codes)
    has = _has_polygon(region).reindex(codes).fillna(False).astype(bool)
    rows = []
    nodes = region.nodes.set_index("node_id") if not region.nodes.empty else None
    access = region.access
    for code in [c for c in codes if not has[c]]:
        lon, lat = u.at[code, "seat_lon"], u.at[code, "seat_lat"]
        if pd.notna(lon) and pd.notna(lat):
            rows.append((code, float(lon), float(lat), "seat"))
            continue
        if nodes is None:
            continue
        a = access[(access["code"] == code) & access["node_id"].isin(nodes.index)]
        a = a[nodes.reindex(a["node_id"])["kind"].eq("seat").to_numpy()]
        if a.empty:
            continue
        node = str(a.sort_values(["minutes", "node_id"])["node_id"].iloc[0])
        rows.append((code, float(nodes.at[node, "lon"]), float(nodes.at[node, "lat"]), node))
    return pd.DataFrame(rows, columns=["code", "lon", "lat", "via"]).set_index("code")


def unit_hover(region: Region, codes: list[str], lang: str) -> list[str]:
    """Hover names: both scripts, the page language first."""
    u = region.units.reindex(codes)
    return [_fmt.unit_name(a, b).get(lang) for a, b in zip(u["name_zh"], u["name_en"], strict=True)]


def backdrop(region: Region) -> list[go.Choropleth]:
    """Provinces with a polygon whose children are drawn instead, as a plain background (so
    the land around the area is not blank where the data have no units)."""
    import plotly.graph_objects as go

    u = region.units
    drawn = set(fill_codes(region))
    codes = [c for c in polygon_codes(region)
             if c not in drawn and u.at[c, "level"] == "province"]
    if not codes:
        return []
    fill = ROLE_FILL["context"]
    return [go.Choropleth(
        geojson=GEO_REF, locations=codes, z=[0] * len(codes), featureidkey="id",
        colorscale=[[0, fill], [1, fill]], showscale=False,
        marker={"line": {"color": "#cccccc", "width": 0.5}}, hoverinfo="skip",
        showlegend=False, name="backdrop")]


def outline_traces(region: Region) -> list[go.Choropleth]:
    """Prefecture outlines over the county polygons (no fill, no hover)."""
    import plotly.graph_objects as go

    codes = outline_codes(region)
    if not codes:
        return []
    clear = "rgba(0,0,0,0)"
    return [go.Choropleth(
        geojson=GEO_REF, locations=[OUTLINE + c for c in codes], z=[0] * len(codes),
        featureidkey="id", colorscale=[[0, clear], [1, clear]], showscale=False,
        marker={"line": {"color": "#555", "width": 1.6}}, hoverinfo="skip",
        showlegend=False, name="outline")]


def base_polygons(region: Region, lang: str, *, values: pd.Series | None = None,
                  colorscale: Any = None, colorbar_title: str = "", zmid: float | None = None,
                  name: str = "") -> list[go.Choropleth]:
    """Polygons of :func:`fill_codes` filled by role (``values=None``; with a legend entry per
    role) or coloured by ``values``, then the prefecture outlines.

    The traces reference the polygons by :data:`GEO_REF`; the page supplies them. Role traces
    carry ``meta = "role:<role>"`` (the browser tests find the area's polygons by it).
    """
    import plotly.graph_objects as go

    codes = fill_codes(region)
    if not codes:
        return []
    roles = region.units.loc[codes, "role"].astype(str)
    hover = unit_hover(region, codes, lang)
    traces: list[go.Choropleth] = backdrop(region)
    if values is None:
        for r in ("context", "partial", "member", "core"):
            sel = [c for c, rr in zip(codes, roles, strict=True) if rr == r]
            if not sel:
                continue
            keep = set(sel)
            hv = [h for c, h in zip(codes, hover, strict=True) if c in keep]
            label = role_label(r).get(lang)
            traces.append(go.Choropleth(
                geojson=GEO_REF, locations=sel, z=[1] * len(sel), featureidkey="id",
                colorscale=[[0, ROLE_FILL[r]], [1, ROLE_FILL[r]]], showscale=False,
                marker={"line": {"color": ROLE_LINE[r], "width": 0.9 if r != "context" else 0.5}},
                text=[f"{h}<br>{label}" for h in hv], hoverinfo="text", name=label,
                showlegend=r != "context", meta=f"role:{r}"))
        return traces + outline_traces(region)
    z = values.reindex(codes)
    shown = [c for c, v in zip(codes, z, strict=True) if pd.notna(v)]
    blank = [c for c in codes if c not in set(shown)]
    if blank:  # no value: drawn grey, so the area stays visible
        traces.append(go.Choropleth(
            geojson=GEO_REF, locations=blank, z=[0] * len(blank), featureidkey="id",
            colorscale=[[0, ROLE_FILL["context"]], [1, ROLE_FILL["context"]]], showscale=False,
            marker={"line": {"color": "#aaa", "width": 0.5}}, hoverinfo="text",
            text=[h for c, h in zip(codes, hover, strict=True) if c in set(blank)],
            showlegend=False, name="no value"))
    by_code = {c: f"{h}<br>{_fmt.number(v, 1).get(lang)}"
               for c, h, v in zip(codes, hover, z, strict=True)}
    traces.append(go.Choropleth(
        geojson=GEO_REF, locations=shown, z=[float(z[c]) for c in shown], featureidkey="id",
        zmid=zmid, colorscale=colorscale or "RdBu", marker={"line": {"color": "#777",
                                                                     "width": 0.6}},
        colorbar={"title": {"text": colorbar_title}, "len": 0.6, "thickness": 14},
        text=[by_code[c] for c in shown], hoverinfo="text", name=name, showlegend=False,
        meta="values"))
    return traces + outline_traces(region)


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
    """Points at unit seats: colour and size per unit."""
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


def unpolygoned_codes(region: Region, roles: tuple[str, ...] = FOCUS_ROLES) -> list[str]:
    """County units of ``roles`` without a polygon that can be placed
    (:func:`located_without_polygon`): the development zones of the area."""
    u = region.units
    codes = [str(c) for c in u.index[u["role"].isin(roles) & (u["level"] == "county")]]
    return list(located_without_polygon(region, codes).index)


def unpolygoned_points(region: Region, lang: str, *, roles: tuple[str, ...] = FOCUS_ROLES,
                       color: str = "#7b241c", extra: dict[str, str] | None = None,
                       visible: bool = True) -> list[go.Scattergeo]:
    """Diamonds for :func:`unpolygoned_codes`, one per position, the hover listing the units
    there (``extra`` adds a text per unit, e.g. its travel time)."""
    import plotly.graph_objects as go

    pts = located_without_polygon(region, unpolygoned_codes(region, roles))
    if pts.empty:
        return []
    names = dict(zip(pts.index, unit_hover(region, list(pts.index), lang), strict=True))
    note = t("map_no_polygon").get(lang)
    traces = []
    for (lon, lat), grp in pts.groupby(["lon", "lat"], sort=True):
        lines = [names[c] + (f": {extra[c]}" if extra and c in extra else "") for c in grp.index]
        traces.append(go.Scattergeo(
            lon=[lon], lat=[lat], mode="markers", visible=visible,
            marker={"symbol": "diamond", "size": 10, "color": color,
                    "line": {"color": "white", "width": 1}},
            text=["<br>".join([*lines, f"({note})"])], hoverinfo="text", showlegend=False,
            name="no polygon", hoverlabel={"font": {"family": FONT}}))
    return traces


def label_codes(region: Region, roles: tuple[str, ...] = FOCUS_ROLES) -> list[str]:
    """Units labelled on the maps: prefectures of ``roles``, and the county-level units of
    ``roles`` that are not urban districts of a labelled prefecture (county-level cities and
    counties; districts whose prefecture is not itself in the area)."""
    u = region.units
    seat = u["seat_lon"].notna() & u["seat_lat"].notna()
    focus = u["role"].isin(roles) & seat
    prefs = [str(c) for c in u.index[focus & (u["level"] == "prefecture")]]
    labelled = set(prefs)
    out = list(prefs)
    for c in u.index[focus & (u["level"] == "county")]:
        code = str(c)
        district = code[4:6].isdigit() and int(code[4:6]) <= 20
        if not district or str(u.at[c, "parent"]) not in labelled:
            out.append(code)
    return out


def place_labels(region: Region, lang: str, *, roles: tuple[str, ...] = FOCUS_ROLES
                 ) -> list[go.Scattergeo]:
    """Names of the core and member cities at their seats (:func:`label_codes`): prefectures
    larger than counties, the core in bold."""
    import plotly.graph_objects as go

    codes = label_codes(region, roles)
    if not codes:
        return []
    u = region.units.reindex(codes)
    col = "name_zh" if lang == "zh" else "name_en"
    traces = []
    for level, size in (("prefecture", 14), ("county", 11)):
        sel = u[u["level"] == level]
        if sel.empty:
            continue
        text = [f"<b>{n}</b>" if r == "core" else str(n)
                for n, r in zip(sel[col], sel["role"], strict=True)]
        traces.append(go.Scattergeo(
            lon=sel["seat_lon"].tolist(), lat=sel["seat_lat"].tolist(), mode="markers+text",
            text=text, textposition="top center",
            marker={"size": 5 if level == "prefecture" else 4, "color": "#1b2631"},
            textfont={"family": FONT, "size": size, "color": "#1b2631"},
            hoverinfo="skip", showlegend=False, name=f"labels:{level}"))
    return traces


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


def polygon_note(region: Region, roles: tuple[str, ...] = FOCUS_ROLES) -> Text:
    """The map note on polygons: where county lines come from, and which units of the area
    have none and are drawn as points."""
    u = region.units
    drawn_points = unpolygoned_codes(region, roles)
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if (u.get("geometry_source", pd.Series(dtype="string")) == "county_polygons").any():
        parts_zh.append(t("map_polygon_note").zh)
        parts_en.append(t("map_polygon_note").en)
    if drawn_points:
        names_zh = "、".join(str(u.at[c, "name_zh"]) for c in drawn_points)
        names_en = ", ".join(str(u.at[c, "name_en"]) for c in drawn_points)
        parts_zh.append(f"{names_zh}没有边界多边形,以菱形点绘制在其接入的驻地。")
        parts_en.append(f"{names_en} have no polygon and are drawn as diamonds at the seat "
                        "they are routed through.")
    return Text("".join(parts_zh), " ".join(parts_en))
