"""A small synthetic Region for the report tests (not real data: names say "test").

Three prefectures with square polygons, two counties each, census population for 2010 and
2020, GDP for 2019-2022 with one gap, a rail network and two projects. ``make_region`` takes
switches to remove data so tests can check how the report shows what is missing.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from metroscope.region import Region

SOURCE = "synthetic test data (tests/test_report_region.py)"

PREFECTURES = (
    # code, zh, en, role, lon0, lat0
    ("990100", "测试核心市", "Testcore", "core", 125.0, 43.5),
    ("990200", "测试成员市", "Testmember", "member", 126.0, 43.5),
    ("990300", "测试外围市", "Testouter", "context", 125.0, 42.5),
)
COUNTIES = (
    # code, zh, en, parent, role, lon, lat, pop2010, pop2020, share65
    ("990101", "核心区", "Core District", "990100", "core", 125.3, 43.8, 2_000_000, 2_300_000, 12.0),
    ("990102", "核心县", "Core County", "990100", "core", 125.7, 43.7, 600_000, 540_000, 17.5),
    ("990201", "成员区", "Member District", "990200", "member", 126.3, 43.8, 900_000, 820_000, 19.0),
    ("990202", "成员县", "Member County", "990200", "partial", 126.7, 43.6, 500_000, 430_000, 21.0),
    ("990301", "外围区", "Outer District", "990300", "context", 125.4, 42.8, 700_000, 610_000, 20.5),
)
GDP = {  # 亿元
    "990100": {2019: 5900.0, 2020: 6600.0, 2021: 7100.0, 2022: 6700.0},
    "990200": {2019: 1200.0, 2020: 1250.0, 2022: 1300.0},  # 2021 missing on purpose
    "990300": {2019: 600.0, 2020: 610.0, 2021: 640.0, 2022: 650.0},
    "990000": {2019: 9000.0, 2020: 9500.0, 2021: 10000.0, 2022: 9900.0},
}


def _units() -> gpd.GeoDataFrame:
    rows = [{"code": "990000", "name_zh": "测试省", "name_en": "Testprovince", "level": "province",
             "parent": None, "role": "context", "seat_lon": 125.3, "seat_lat": 43.8,
             "geometry": box(125.0, 42.5, 127.0, 44.5)}]
    for code, zh, en, role, x, y in PREFECTURES:
        rows.append({"code": code, "name_zh": zh, "name_en": en, "level": "prefecture",
                     "parent": "990000", "role": role, "seat_lon": x + 0.3, "seat_lat": y + 0.3,
                     "geometry": box(x, y, x + 1.0, y + 1.0)})
    for code, zh, en, parent, role, x, y, *_ in COUNTIES:
        rows.append({"code": code, "name_zh": zh, "name_en": en, "level": "county",
                     "parent": parent, "role": role, "seat_lon": x, "seat_lat": y,
                     "geometry": None})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326).set_index("code")


def _stats(*, gdp: bool, population: bool) -> pd.DataFrame:
    rows = []
    pref_pop: dict[tuple[str, int], float] = {}
    p: float
    for code, _zh, _en, parent, _role, _x, _y, p10, p20, s65 in COUNTIES:
        for year, p in ((2010, p10), (2020, p20)):
            if population:
                rows.append((code, year, "population", float(p), "persons", "A"))
            pref_pop[(parent, year)] = pref_pop.get((parent, year), 0.0) + p
        rows.append((code, 2020, "share_age_65_plus_pct", s65, "pct", "A"))
    if population:
        for (code, year), p in pref_pop.items():
            rows.append((code, year, "population", p, "persons", "A"))
        for year in (2010, 2020):
            total = sum(v for (c, y), v in pref_pop.items() if y == year)
            rows.append(("990000", year, "population", total, "persons", "A"))
    if gdp:
        for code, series in GDP.items():
            for year, v in series.items():
                rows.append((code, year, "gdp", v, "cny_100m", "B"))
    df = pd.DataFrame(rows, columns=["code", "year", "indicator", "value", "unit", "quality"])
    df["source"] = SOURCE
    df["break"] = False
    return df


def _network() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    nodes = pd.DataFrame([
        ("st_core", "核心站", "Core station", "990101", 125.32, 43.82, "station"),
        ("st_member", "成员站", "Member station", "990201", 126.28, 43.78, "station"),
        ("st_outer", "外围站", "Outer station", "990301", 125.42, 42.82, "station"),
    ], columns=["node_id", "name_zh", "name_en", "code", "lon", "lat", "kind"])
    links = pd.DataFrame([
        ("l1", "st_core", "st_member", "hsr", "测试高铁", 80.0, 250.0, "operating", 2012, 30.0),
        ("l2", "st_core", "st_outer", "hsr", "测试规划线", 110.0, 350.0, "planned", 2030, 30.0),
    ], columns=["link_id", "from_node", "to_node", "mode", "line", "length_km", "speed_kph",
                "status", "open_year", "headway_min"])
    access = pd.DataFrame(
        [(code, {"990100": "st_core", "990200": "st_member", "990300": "st_outer"}[parent], 15.0)
         for code, _zh, _en, parent, *_ in COUNTIES], columns=["code", "node_id", "minutes"])
    return nodes, links, access


def _projects() -> pd.DataFrame:
    return pd.DataFrame([
        ("p1", "测试规划线", "Test planned line", "rail", "planned", "990101;990301", "2026", 2030,
         300.0, "https://example.org/test-plan"),
        ("p2", "测试规划", "Test plan", "plan", "approved", "990100", "2025", None, None,
         "https://example.org/test-approval"),
    ], columns=["project_id", "name_zh", "name_en", "kind", "status", "codes", "start",
                "target_year", "budget_cny_100m", "sources"])


def make_region(*, gdp: bool = True, population: bool = True, drop_gdp_year: int | None = None,
                network: bool = True) -> Region:
    """The synthetic region; switches remove GDP, population, one GDP year or the network."""
    stats = _stats(gdp=gdp, population=population)
    if drop_gdp_year is not None:
        stats = stats[~((stats["indicator"] == "gdp") & (stats["year"] == drop_gdp_year))]
    meta = {"title_zh": "测试都市圈", "title_en": "Test Metropolitan Area", "core_code": "990100",
            "assumption_road_speed_kph": 60.0}
    if not network:
        return Region(name="testregion", units=_units(), stats=stats.reset_index(drop=True),
                      projects=_projects(), meta=meta)
    nodes, links, access = _network()
    return Region(name="testregion", units=_units(), stats=stats.reset_index(drop=True),
                  projects=_projects(), meta=meta, nodes=nodes, links=links, access=access)


def test_synthetic_region_is_valid() -> None:
    region = make_region()
    assert region.core_code() == "990100"
    assert set(region.units["level"]) == {"province", "prefecture", "county"}
    assert not region.problems()
