"""The road side of ``changchun``: ordinary roads, the intra-city leg, station and zone links."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import Delaunay

from metroscope import _schema as S

from . import expressways as X
from .expressways import gc_km
from .inputs import Inputs, core_county, haversine_km
from .names import level_of, stem
from .params import (
    ROAD_CIRCUITY,
    ROAD_MAX_EDGE_KM,
    STATION_LINK_MAX_KM,
    URBAN_CIRCUITY,
    URBAN_MAX_KM,
)


def road_links(seats: pd.DataFrame) -> pd.DataFrame:
    """Delaunay neighbours among seats, edges up to ROAD_MAX_EDGE_KM great-circle."""
    lat0 = math.radians(float(seats["lat"].mean()))
    pts = np.column_stack([seats["lon"].to_numpy(float) * math.cos(lat0),
                           seats["lat"].to_numpy(float)])
    tri = Delaunay(pts)
    edges: set[tuple[int, int]] = set()
    for simplex in tri.simplices:
        for i in range(3):
            a, b = int(simplex[i]), int(simplex[(i + 1) % 3])
            edges.add((min(a, b), max(a, b)))
    ids = seats["node_id"].tolist()
    lon, lat = seats["lon"].to_numpy(float), seats["lat"].to_numpy(float)
    rows = []
    for a, b in sorted(edges, key=lambda e: (ids[e[0]], ids[e[1]])):
        d = haversine_km(lon[a], lat[a], lon[b], lat[b])
        if d > ROAD_MAX_EDGE_KM:
            continue
        x, y = sorted((ids[a], ids[b]))
        rows.append({
            "link_id": f"road:{x.split(':')[1]}-{y.split(':')[1]}", "from_node": x, "to_node": y,
            "mode": "road", "line": None, "line_en": None,
            "length_km": round(d * ROAD_CIRCUITY, 1), "speed_kph": math.nan,
            "minutes": math.nan, "status": "operating", "open_year": None,
            "headway_min": math.nan, "design_speed_kph": math.nan,
            "operating_speed_kph": math.nan, "published_operating_speed_kph": math.nan,
            "length_estimated": True,
            "length_note": "great-circle x ROAD_CIRCUITY between Delaunay-neighbour seats",
            "speed_estimated": False,
            "speed_note": "ordinary-road speed from the routing settings (calibrated)",
            "open_year_note": "", "headway_note": "",
            "source": "model assumption (tools/build_datasets.py)", "section": None,
        })
    return pd.DataFrame(rows).sort_values("link_id").reset_index(drop=True)


def road_layer(inp: Inputs, units: pd.DataFrame, seats: pd.DataFrame, stations: pd.DataFrame,
               zones: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Links of the road side of the network (expressways from the facts, ordinary roads
    between neighbouring seats, the intra-city leg, station links, development-zone legs) and
    the zone nodes."""
    jl = units[(units["level"] == "county") & units.index.str.startswith("22")
               & units["seat_lon"].notna()]
    table = pd.DataFrame({"name_zh": jl["name_zh"].astype(str),
                          "stem": [stem(str(n)) for n in jl["name_zh"]],
                          "parent": jl["parent"], "lon": jl["seat_lon"], "lat": jl["seat_lat"]})
    prefs = {stem(str(units.at[p, "name_zh"])): (str(p), core_county(str(p), units))
             for p in units.index if str(p).startswith("22") and level_of(str(p)) == "prefecture"}
    express = X.expressway_links(inp.shared, X.Locator(table, prefs), inp.say)
    prefecture = {str(c): (str(c) if level_of(str(c)) == "prefecture" else str(c)[:4] + "00")
                  for c in seats["code"]}
    urban = urban_links(seats, prefecture)
    st_links = station_links(stations, seats)
    znodes, zlinks, leg = zone_nodes_and_links(zones, units, urban)
    inp.say(f"  road layer: {len(express)} expressway, {len(urban)} intra-city, "
            f"{len(st_links)} station links; development-zone leg {leg:.1f} km")
    ordinary = road_links(seats)
    joined = set(zip(urban["from_node"], urban["to_node"], strict=True))
    in_city = [(a, b) in joined for a, b in zip(ordinary["from_node"], ordinary["to_node"],
                                                 strict=True)]
    ordinary = ordinary[~np.array(in_city, dtype=bool)]  # within a city: the intra-city leg
    links = pd.concat([express, ordinary, urban, st_links, zlinks], ignore_index=True)
    return links, znodes


def check_road_connected(links: pd.DataFrame, must: Sequence[str]) -> dict[str, int]:
    """Connected components of the road layer; fails unless every seat in ``must`` is in one."""
    road = links[links["mode"].isin(S.ROAD_MODES)]  # ordinary, expressway and urban links
    ids = sorted(set(road["from_node"]) | set(road["to_node"]) | set(must))
    ix = {n: i for i, n in enumerate(ids)}
    m = coo_matrix((np.ones(len(road)), ([ix[a] for a in road["from_node"]],
                                         [ix[b] for b in road["to_node"]])),
                   shape=(len(ids), len(ids)))
    _, labels = connected_components(m, directed=False)
    comp = {n: int(labels[ix[n]]) for n in ids}
    if len({comp[n] for n in must}) != 1:
        groups: dict[int, list[str]] = {}
        for n in must:
            groups.setdefault(comp[n], []).append(n)
        raise SystemExit(f"road layer not connected for Jilin seats: {groups}")
    return comp



# ============================================================================ urban legs


def urban_links(seat_nodes: pd.DataFrame, prefecture: dict[str, str]) -> pd.DataFrame:
    """The intra-city leg: seats of one prefecture within URBAN_MAX_KM of each other."""
    rows = []
    ids = seat_nodes["node_id"].tolist()
    xy = list(zip(seat_nodes["lon"].astype(float), seat_nodes["lat"].astype(float), strict=True))
    codes = seat_nodes["code"].astype(str).tolist()
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if prefecture.get(codes[i]) != prefecture.get(codes[j]) or not prefecture.get(
                    codes[i]):
                continue
            d = gc_km(xy[i], xy[j])
            if d <= URBAN_MAX_KM:
                rows.append(_urban(ids[i], ids[j], d, "intra-city leg between seats of one city"))
    return pd.DataFrame(rows)


def _urban(a: str, b: str, d_km: float, why: str, *, mode: str = "urban") -> dict[str, Any]:
    x, y = sorted((a, b))
    return {
        "link_id": f"{mode}:{x.split(':', 1)[1]}-{y.split(':', 1)[1]}", "from_node": x,
        "to_node": y, "mode": mode, "line": None, "line_en": None,
        "length_km": round(max(d_km, 0.1) * URBAN_CIRCUITY, 1), "speed_kph": math.nan,
        "minutes": math.nan, "status": "operating", "open_year": None, "headway_min": math.nan,
        "design_speed_kph": math.nan, "operating_speed_kph": math.nan,
        "published_operating_speed_kph": math.nan, "length_estimated": True,
        "length_note": f"great circle x URBAN_CIRCUITY ({why})", "speed_estimated": False,
        "speed_note": f"{mode} speed from the routing settings", "open_year_note": "",
        "headway_note": "", "source": "model assumption (tools/network_facts.py)",
        "section": None,
    }


def station_links(stations: pd.DataFrame, seat_nodes: pd.DataFrame) -> pd.DataFrame:
    """Each station joined to the road network: to every seat within URBAN_MAX_KM (intra-city
    leg), else to its nearest seat within STATION_LINK_MAX_KM (ordinary road); stations farther
    from every seat are reached by rail only."""
    rows = []
    sxy = list(zip(seat_nodes["lon"].astype(float), seat_nodes["lat"].astype(float), strict=True))
    sid = seat_nodes["node_id"].tolist()
    for st in stations.itertuples(index=False):
        d = np.array([gc_km((float(st.lon), float(st.lat)), p) for p in sxy])
        near = [i for i in np.argsort(d, kind="stable") if d[i] <= URBAN_MAX_KM]
        for i in near:
            rows.append(_urban(str(st.node_id), sid[i], float(d[i]),
                               "station to a seat of its town"))
        if not near:
            i = int(np.argmin(d))
            if d[i] <= STATION_LINK_MAX_KM:
                rows.append(_urban(str(st.node_id), sid[i], float(d[i]),
                                   "station to the nearest seat", mode="road"))
    return pd.DataFrame(rows)


def zone_nodes_and_links(zones: dict[str, str], units: pd.DataFrame,
                         urban: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Development zones (no seat in the data): a node placed at the anchor's seat and an
    intra-city leg of the median length of the intra-city legs between seats."""
    leg_km = float(np.median(urban["length_km"].to_numpy(float)))
    nodes, links = [], []
    for zone, anchor in sorted(zones.items()):
        nodes.append({
            "node_id": f"zone:{zone}", "name_zh": str(units.at[zone, "name_zh"]),
            "name_en": str(units.at[zone, "name_en"]), "code": zone,
            "lon": float(units.at[anchor, "seat_lon"]), "lat": float(units.at[anchor, "seat_lat"]),
            "kind": "hub", "coord_estimated": True,
            "coord_method": (f"no location in the data: placed at the seat of its anchor "
                             f"{units.at[anchor, 'name_zh']} {anchor}"),
            "coord_code": anchor, "code_note": "", "prefecture_code": zone[:4] + "00",
            "telecode": None, "in_cr_list": False, "lines": "", "note": "",
        })
        link = _urban(f"zone:{zone}", f"seat:{anchor}", leg_km / URBAN_CIRCUITY,
                      "development zone to its anchor seat: the median intra-city leg")
        link["length_km"] = round(leg_km, 1)
        link["length_note"] = ("the zone's location is not in the data: the median length of the "
                               f"intra-city legs between seats ({leg_km:.1f} km)")
        links.append(link)
    return pd.DataFrame(nodes), pd.DataFrame(links), leg_km


def access_rows(seat_codes: Sequence[str], zones: dict[str, str]) -> pd.DataFrame:
    """Each unit enters the network at its own seat (0 min); a development zone at its zone
    node. Access to stations is routed on the road graph (door to door), not stored."""
    rows = [{"code": c, "node_id": f"seat:{c}", "minutes": 0.0, "distance_km": 0.0,
             "note": "own seat"} for c in seat_codes]
    rows += [{"code": z, "node_id": f"zone:{z}", "minutes": 0.0, "distance_km": 0.0,
              "note": "development zone node (no seat in the data)"} for z in zones]
    return pd.DataFrame(rows).sort_values(["code", "node_id"]).reset_index(drop=True)
