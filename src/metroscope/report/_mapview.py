"""The view of a map: the area's extent with a margin, the Mercator range fitted to the plot's
shape (widened, never cut), the layout, and a scale bar.

The extent covers the drawn units of the area (core, member and partial by default): their
polygons (:func:`metroscope.report._maps.fill_codes`), or their points when they have none.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._figures import FONT, base_layout
from ._i18n import t
from ._maps import FOCUS_ROLES, fill_codes, located_without_polygon

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from ..region import Region

#: margin around the area's units, as a share of the larger of their lon/lat spans
MARGIN_SHARE = 0.06
MARGIN_MIN_DEG = 0.08
#: the plot area's width / height the maps are fitted to (report figures are about 1,000 px
#: wide); the view is widened, never cut, to this shape
ASPECT = 1.55
NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000)


def extent(region: Region, *, roles: tuple[str, ...] = FOCUS_ROLES
           ) -> tuple[list[float], list[float]]:
    """Lon and lat ranges covering the drawn units of ``roles`` (their polygons, or their
    points when they have none), with a margin of ``MARGIN_SHARE`` of the larger span (at
    least ``MARGIN_MIN_DEG``); default the core, member and partial units."""
    u = region.units
    focus = [str(c) for c in u.index[u["role"].isin(roles) & (u["level"] != "province")]]
    if not focus:
        focus = [str(c) for c in u.index]
    drawn = [c for c in fill_codes(region) if c in set(focus)]
    drawn_set = set(drawn)
    # units with no drawn polygon of their own and none below them: points
    covered = set(u.loc[drawn, "parent"].dropna().astype(str)) if drawn else set()
    rest = [c for c in focus if c not in drawn_set and c not in covered]
    xs: list[float] = []
    ys: list[float] = []
    if drawn:
        minx, miny, maxx, maxy = u.geometry.loc[drawn].total_bounds
        xs += [float(minx), float(maxx)]
        ys += [float(miny), float(maxy)]
    pts = located_without_polygon(region, rest)
    if not pts.empty:
        xs += [float(pts["lon"].min()), float(pts["lon"].max())]
        ys += [float(pts["lat"].min()), float(pts["lat"].max())]
    if not xs:
        return [120.0, 130.0], [40.0, 48.0]
    pad = max(MARGIN_SHARE * max(max(xs) - min(xs), max(ys) - min(ys)), MARGIN_MIN_DEG)
    return [min(xs) - pad, max(xs) + pad], [min(ys) - pad, max(ys) + pad]


def _merc_y(lat_deg: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat_deg) / 2))


def _merc_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def fit_aspect(lon: list[float], lat: list[float],
               aspect: float) -> tuple[list[float], list[float]]:
    """Widen the lon or lat range (Mercator) so that width / height equals ``aspect``."""
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


def view(region: Region, *, roles: tuple[str, ...] = FOCUS_ROLES,
         aspect: float = ASPECT) -> tuple[list[float], list[float]]:
    """The map's lon and lat ranges: :func:`extent` widened to ``aspect``."""
    return fit_aspect(*extent(region, roles=roles), aspect)


def geo_layout(region: Region, title: str, *, height: int = 560, aspect: float = ASPECT,
               roles: tuple[str, ...] = FOCUS_ROLES) -> dict[str, Any]:
    """Layout of a map: no basemap, a Mercator view fitted to the units of ``roles`` with a
    margin and widened to ``aspect`` (width / height of the plotting area); the legend sits
    below the map so it never hides the area."""
    lon, lat = view(region, roles=roles, aspect=aspect)
    layout = base_layout(title, height=height)
    layout["margin"] = {"l": 5, "r": 5, "t": 45 if title else 5, "b": 5}
    layout["geo"] = {
        "visible": False, "projection": {"type": "mercator"},
        "lonaxis": {"range": lon}, "lataxis": {"range": lat},
        "bgcolor": "white", "showframe": True, "framecolor": "#bbb", "framewidth": 1,
    }
    layout["legend"].update({"orientation": "h", "x": 0.0, "y": 0.0, "xanchor": "left",
                             "yanchor": "top"})
    return layout


def finish(fig: go.Figure, region: Region, lang: str, *, height: int = 560,
           roles: tuple[str, ...] = FOCUS_ROLES) -> go.Figure:
    """Apply :func:`geo_layout` and draw the scale bar; returns ``fig``."""
    legend = fig.layout.showlegend is not False  # a figure that hid its legend keeps it hidden
    layout = geo_layout(region, "", height=height, roles=roles)
    layout["showlegend"] = legend
    fig.update_layout(layout)
    if legend:
        fig.update_layout(margin={"b": 40})
    for tr in scale_bar(layout["geo"]["lonaxis"]["range"], layout["geo"]["lataxis"]["range"],
                        lang):
        fig.add_trace(tr)
    return fig


def scale_km(lon: list[float], lat: list[float]) -> tuple[float, float]:
    """A round length (km) near a fifth of the view's width at its centre latitude, and its
    span in degrees of longitude there (great circle along the parallel, sphere R 6371 km)."""
    mid = math.radians((lat[0] + lat[1]) / 2)
    km_per_deg = math.pi / 180 * 6371.0088 * math.cos(mid)
    target = (lon[1] - lon[0]) * km_per_deg / 5
    km = max([k for k in NICE_KM if k <= target] or [NICE_KM[0]])
    return float(km), km / km_per_deg


def scale_bar(lon: list[float], lat: list[float], lang: str) -> list[go.Scattergeo]:
    """A scale bar at the bottom right of the view, drawn at the view's centre latitude (on
    Mercator the scale grows towards the poles; the bar is exact at that latitude)."""
    import plotly.graph_objects as go

    km, dlon = scale_km(lon, lat)
    x1 = lon[1] - 0.04 * (lon[1] - lon[0])
    x0 = x1 - dlon
    y = _merc_lat(_merc_y(lat[0]) + 0.05 * (_merc_y(lat[1]) - _merc_y(lat[0])))
    tick = 0.012 * (lat[1] - lat[0])
    style = {"color": "#333", "width": 2}
    label = f"{km:g} {t('map_km').get(lang)}"
    return [
        go.Scattergeo(lon=[x0, x0, None, x0, x1, None, x1, x1],
                      lat=[y + tick, y, None, y, y, None, y, y + tick], mode="lines",
                      line=style, hoverinfo="skip", showlegend=False, name="scale"),
        go.Scattergeo(lon=[(x0 + x1) / 2], lat=[y], mode="text", text=[label],
                      textposition="top center", hoverinfo="skip", showlegend=False,
                      textfont={"family": FONT, "size": 11, "color": "#333"}, name="scale"),
    ]
