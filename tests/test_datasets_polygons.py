"""County polygons of the embedded datasets (area, published areas, adjacency) and the china
dataset's estimated ordinary-road layer, checked against independent computations.

Independent values: geodesic areas on the WGS84 ellipsoid (pyproj ``Geod``, not the Albers
projection the build uses), the packager's own geodesic areas of the full-resolution polygons
(``county_polygons/china_counties_attributes.csv``), a haversine written here, and neighbours
known from the map of Changchun.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

import metroscope
from _shared_data import SHARED, needs_shared
from metroscope.region import Region

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cc() -> Region:
    return metroscope.load("changchun")


@pytest.fixture(scope="module")
def china() -> Region:
    return metroscope.load("china")


def _geodesic_km2(geom: shapely.Geometry) -> float:
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geom)
    return abs(float(area)) / 1e6


def _gc_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(h)))


def _jilin_counties(region: Region) -> pd.DataFrame:
    u = region.units
    return u[(u["level"] == "county") & u.index.str.startswith("22")]


# ---------------------------------------------------------------- polygons and areas


def test_every_ordinary_jilin_county_has_a_polygon_and_area(cc: Region) -> None:
    jl = _jilin_counties(cc)
    zones = jl.index[jl.index.str[4] == "7"]
    ordinary = jl.drop(zones)
    assert len(ordinary) == 60 and len(zones) == 5
    assert ordinary.geometry.notna().all() and not ordinary.geometry.is_empty.any()
    assert ordinary["area_km2"].gt(0).all()
    assert (ordinary["geometry_source"] == "county_polygons").all()
    # development zones have no polygon and no area, and say why
    assert jl.loc[zones].geometry.isna().all()
    assert jl.loc[zones, "area_km2"].isna().all()
    assert jl.loc[zones, "area_note"].str.contains("development zone").all()


@pytest.mark.parametrize(("name", "median", "p99"), [("changchun", 0.001, 0.005),
                                                     ("china", 0.003, 0.03)])
def test_area_km2_agrees_with_geodesic_area_of_the_polygon(name: str, median: float,
                                                           p99: float) -> None:
    """The build computes area in an Albers projection on the unsimplified polygon; the
    geodesic area (pyproj Geod) of the stored, simplified polygon agrees within the
    simplification's effect: changchun (0.0005 deg) within 0.5 %; china (0.01 deg) median
    0.15 %, p99 2 % (measured), island counties up to 14 % (长海县: many small islands)."""
    region = metroscope.load(name)
    u = region.units
    sel = u[(u["geometry_source"] == "county_polygons") & (u["area_km2"] > 100)]
    if name == "china":
        sel = sel.iloc[::5]  # a systematic sample of about 540 counties keeps the test fast
    geo = np.array([_geodesic_km2(g) for g in sel.geometry])
    rel = np.abs(geo - sel["area_km2"].to_numpy(float)) / geo
    assert len(sel) > 50
    assert np.median(rel) < median
    assert np.quantile(rel, 0.99) < p99, sel.index[int(rel.argmax())]


@needs_shared
def test_area_km2_agrees_with_the_packagers_geodesic_area(cc: Region, china: Region) -> None:
    attrs = pd.read_csv(SHARED / "county_polygons" / "china_counties_attributes.csv",
                        dtype={"adcode": str}).set_index("adcode")["area_km2"]
    jl = _jilin_counties(cc)
    jl = jl[jl["area_km2"].notna()]
    # changchun: same full-resolution polygons, Albers vs ellipsoid: within 0.05 %
    np.testing.assert_allclose(jl["area_km2"], attrs.loc[jl.index], rtol=5e-4, atol=0.06)
    # china: the 0.001 deg simplified input (PROVENANCE: p99 0.14 % from full resolution)
    cu = china.units[china.units["geometry_source"] == "county_polygons"]
    rel = (cu["area_km2"] - attrs.loc[cu.index].to_numpy()).abs() / attrs.loc[cu.index].to_numpy()
    assert float(rel.quantile(0.99)) < 0.003
    assert len(cu) == 2800


def test_kuancheng_area_differs_from_published_and_says_so(cc: Region) -> None:
    u = cc.units
    # PROVENANCE.md spot checks: polygon 975.4 km² vs published 877 (+11 %)
    assert u.loc["220103", "area_km2"] == pytest.approx(975.4, abs=0.3)
    assert u.loc["220103", "area_published_km2"] == 877
    assert "jablog.org" in u.loc["220103", "area_published_source"]
    assert "+11.2 %" in u.loc["220103", "area_note"]
    # a prefecture: census polygon 24,733 vs published 24,744.6 km²
    assert u.loc["220100", "area_published_km2"] == pytest.approx(24744.6)
    assert "-0.0 %" in u.loc["220100", "area_note"]
    # no published area -> nothing invented
    assert np.isnan(u.loc["220112", "area_published_km2"])


def test_polygons_are_valid_and_form_a_coverage(cc: Region) -> None:
    jl = _jilin_counties(cc)
    g = jl.geometry[jl.geometry.notna()].to_numpy()
    assert shapely.is_valid(g).all()
    assert bool(shapely.coverage_is_valid(g))


def test_changchun_core_is_not_its_prefecture(cc: Region) -> None:
    """The member districts of 吉林市 cover a small part of the prefecture."""
    u = cc.units
    members = [c for c in ("220202", "220203", "220204", "220211")]
    share = u.loc[members, "area_km2"].sum() / u.loc["220200", "area_km2"]
    assert 0.05 < share < 0.25


# ---------------------------------------------------------------- adjacency and roads


def _road_pairs(region: Region) -> set[tuple[str, str]]:
    lk = region.links[region.links["mode"] == "road"]
    return {tuple(sorted((a.removeprefix("seat:"), b.removeprefix("seat:"))))  # type: ignore[misc]
            for a, b in zip(lk["from_node"], lk["to_node"], strict=True)}


def test_known_neighbours_are_linked(china: Region) -> None:
    pairs = _road_pairs(china)
    # 朝阳区 touches 南关区 and 绿园区; 南关区 touches 二道区 and 双阳区; 德惠 touches 农安, 九台,
    # 榆树 (map of Changchun)
    for a, b in [("220102", "220104"), ("220104", "220106"), ("220102", "220105"),
                 ("220102", "220112"), ("220122", "220183"), ("220113", "220183"),
                 ("220182", "220183")]:
        assert (a, b) in pairs, (a, b)
    # far apart: no link
    for a, b in [("220104", "220202"), ("220183", "220402"), ("110101", "220104")]:
        assert (a, b) not in pairs


def test_every_polygon_link_joins_polygons_that_share_a_boundary(china: Region) -> None:
    u = china.units
    lk = china.links
    own = lk[lk["length_note"].str.contains("the counties' polygons share a boundary")]
    assert len(own) > 7000
    # both ends carry a county polygon (province-administered units such as 469029 are
    # prefecture-level units with the census polygon; their links come from the county file)
    src = u["geometry_source"]
    both = (own["from_node"].str.removeprefix("seat:").map(src) == "county_polygons") & (
        own["to_node"].str.removeprefix("seat:").map(src) == "county_polygons")
    sample = own[both.to_numpy()].iloc[::25]
    a = u.geometry.reindex(sample["from_node"].str.removeprefix("seat:")).to_numpy()
    b = u.geometry.reindex(sample["to_node"].str.removeprefix("seat:")).to_numpy()
    shared = shapely.length(shapely.intersection(shapely.boundary(a), shapely.boundary(b)))
    assert (shared > 0).all()


def test_road_length_is_great_circle_times_detour(china: Region) -> None:
    n = china.nodes.set_index("node_id")
    lk = china.links.set_index("link_id")
    for link_id in ("road:220102-220104", "road:220122-220183", "road:110101-110102"):
        r = lk.loc[link_id]
        a, b = n.loc[r["from_node"]], n.loc[r["to_node"]]
        assert r["length_km"] == pytest.approx(1.3 * _gc_km(a["lon"], a["lat"], b["lon"],
                                                             b["lat"]), abs=0.06)
        assert r["speed_kph"] == 60
        assert bool(r["length_estimated"])
    assert china.meta["assumption_ordinary_road_detour"] == 1.3
    assert china.meta["assumption_ordinary_road_speed_kph"] == 60


def test_china_road_layer_reaches_every_mainland_county(china: Region) -> None:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    road = china.links
    ids = sorted(china.nodes["node_id"])
    ix = {x: i for i, x in enumerate(ids)}
    m = coo_matrix((np.ones(len(road)), ([ix[a] for a in road["from_node"]],
                                         [ix[b] for b in road["to_node"]])),
                   shape=(len(ids), len(ids)))
    _, labels = connected_components(m, directed=False)
    main = np.bincount(labels).argmax()
    off = {ids[i].removeprefix("seat:") for i in np.flatnonzero(labels != main)}
    assert off == set(china.meta["road_outside_main_component"])
    # islands only: 海南 (46xxxx), 舟山 (3309xx), 厦门岛 (思明 350203, 湖里 350206), 长海 210224,
    # 南澳 440523
    assert all(c[:2] == "46" or c[:4] == "3309" or c in {"350203", "350206", "210224",
                                                           "440523"} for c in off), off
    # every unit with access is a node or a development zone anchored to one
    assert set(china.access["node_id"]) <= set(china.nodes["node_id"])


def test_recoded_units_take_the_polygon_their_seat_lies_in(china: Region) -> None:
    # census 梅列区 350402 and 三元区 350403 were merged into the 2021 三元区 350404 polygon
    pairs = _road_pairs(china)
    assert ("350402", "350403") in pairs
    # it takes the neighbours of that polygon, e.g. 永安市 350481 and (through the 2021 沙县区
    # polygon 350405, carried by the census 沙县 350427) 沙县
    assert ("350402", "350481") in pairs
    assert ("350402", "350427") in pairs


def test_road_travel_times_and_the_network_note(china: Region) -> None:
    from metroscope.network import travel_times_from

    t = travel_times_from(china, ["220104"], mode="road")
    # one link: 1.3 x great circle at 60 km/h
    link = china.links.set_index("link_id").loc["road:220102-220104"]
    assert t.loc["220102", "220104"] == pytest.approx(link["length_km"], abs=1e-9)
    assert np.isfinite(t.loc["220183", "220104"])
    notes = t.attrs["metroscope"]["notes"]
    assert any("no expressway or rail facts" in n for n in notes)
    # stored as a catalogue key with its parameters, so it renders in Chinese too
    assert china.meta["network_note"] == {"key": "net_estimated_roads",
                                          "params": {"detour": 1.3, "speed": 60.0}}
    roads = next(n for n in notes if getattr(n, "key", "") == "net_estimated_roads")
    assert "大圆距离 × 1.3,时速 60 公里" in roads.zh
    assert "(great-circle x 1.3 at 60 km/h)" in roads.en
    assert not np.isfinite(t.loc["460105", "220104"])  # 海南: no road to the mainland
