"""The Region data model: helpers, bundle round trip, order invariance."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon

import metroscope
from metroscope import MissingDataError, UnknownIndicatorError, UnknownRegionError
from metroscope.region import Region


def toy_region() -> Region:
    units = pd.DataFrame({
        "code": ["220000", "220100", "220102", "220122", "220200", "220202"],
        "name_zh": ["吉林省", "长春市", "南关区", "农安县", "吉林市", "昌邑区"],
        "name_en": ["Jilin", "Changchun", "Nanguan", "Nong'an", "Jilin City", "Changyi"],
        "level": ["province", "prefecture", "county", "county", "prefecture", "county"],
        "parent": [None, "220000", "220100", "220100", "220000", "220200"],
        "role": ["context", "core", "core", "member", "member", "member"],
        "seat_lon": [125.3, 125.32, 125.35, 125.18, 126.55, 126.57],
        "seat_lat": [43.9, 43.82, 43.86, 44.43, 43.84, 43.88],
        "extra_note": ["a", None, "c", "d", "e", "f"],
        "geometry": [None, Polygon([(125, 43), (126, 43), (126, 44), (125, 44)]), None, None,
                     Polygon([(126, 43), (127, 43), (127, 44)]), None],
    })
    rows = [
        ("220102", 2010, "population", 600000.0, "persons", "census", "A", False),
        ("220102", 2020, "population", 657682.0, "persons", "census", "A", False),
        ("220122", 2010, "population", 800000.0, "persons", "census", "A", False),
        ("220122", 2020, "population", 763983.0, "persons", "census", "A", False),
        ("220202", 2020, "population", 500000.0, "persons", "census", "A", False),
        ("220100", 2019, "gdp", 5904.0, "cny_100m", "panel", "C", True),
        ("220100", 2020, "gdp", 6601.59, "cny_100m", "bulletin", "B", False),
        ("220102", 2020, "share_age_65_plus_pct", 14.2, "pct", "census", "A", False),
    ]
    stats = pd.DataFrame(rows, columns=["code", "year", "indicator", "value", "unit", "source",
                                        "quality", "break"])
    nodes = pd.DataFrame({"node_id": ["s1", "s2"], "lon": [125.3, 126.5], "lat": [43.8, 43.8],
                          "kind": ["station", "station"], "code": ["220102", "220202"]})
    links = pd.DataFrame({"link_id": ["l1"], "from_node": ["s1"], "to_node": ["s2"],
                          "mode": ["intercity"], "line": ["长吉"], "length_km": [111.0],
                          "speed_kph": [250.0], "status": ["operating"], "open_year": [2010],
                          "headway_min": [40.5], "length_estimated": [False]})
    access = pd.DataFrame({"code": ["220102", "220202"], "node_id": ["s1", "s2"],
                           "minutes": [10.0, 12.5]})
    projects = pd.DataFrame({"project_id": ["p1"], "name_zh": ["长四辽通高铁"], "name_en": ["CSLT"],
                             "kind": ["rail"], "status": ["planned"], "target_year": [2030],
                             "sources": ["https://example.org"], "edits": ['[{"op": "x"}]']})
    return Region("toy", units=units, stats=stats, nodes=nodes, links=links, access=access,
                  projects=projects, meta={"title_zh": "测试", "title_en": "Toy",
                                           "assumptions": {"speed_kph": 80}},
                  extra={"metro_areas": pd.DataFrame({"metro_area": ["X"], "code": ["220100"]})})


def assert_regions_equal(a: Region, b: Region) -> None:
    pd.testing.assert_frame_equal(pd.DataFrame(a.units), pd.DataFrame(b.units))
    for t in ("stats", "nodes", "links", "access", "projects"):
        pd.testing.assert_frame_equal(getattr(a, t), getattr(b, t))
    assert a.extra.keys() == b.extra.keys()
    for k in a.extra:
        pd.testing.assert_frame_equal(a.extra[k], b.extra[k])
    assert dict(a.meta) == dict(b.meta)
    assert a.name == b.name


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_bundle_round_trip_is_lossless(tmp_path: Path, fmt: str) -> None:
    region = toy_region()
    region.write(tmp_path / "b", fmt=fmt)
    back = metroscope.read_region(tmp_path / "b")
    assert_regions_equal(region, back)
    assert back.units.loc["220100", "geometry"].equals(region.units.loc["220100", "geometry"])
    assert back.units.loc["220102", "geometry"] is None


def test_units_are_indexed_by_code_in_wgs84() -> None:
    r = toy_region()
    assert r.units.index.name == "code"
    assert r.units.crs.to_epsg() == 4326


def test_table_and_series() -> None:
    r = toy_region()
    t = r.table(["population", "share_age_65_plus_pct"], 2020, level="county")
    assert list(t.index) == ["220102", "220122", "220202"]
    assert t.loc["220122", "population"] == 763983
    assert pd.isna(t.loc["220122", "share_age_65_plus_pct"])
    s = r.series("population", level="county")
    assert s.loc["220102", 2010] == 600000
    assert pd.isna(s.loc["220202", 2010])
    latest = r.table("gdp")
    assert latest.attrs["years"] == {"gdp": 2020}


def test_unknown_indicator_names_what_exists() -> None:
    with pytest.raises(UnknownIndicatorError, match=r"'gpd'.*Available: gdp, population"):
        toy_region().table("gpd")


def test_select_by_role_and_level() -> None:
    r = toy_region()
    sub = r.select(roles=["member"], level="county")
    assert list(sub.units.index) == ["220122", "220202"]
    assert set(sub.stats["code"]) == {"220122", "220202"}
    assert set(sub.access["code"]) == {"220202"}
    assert sub.units["parent"].isna().all()  # parents are outside the selection
    with pytest.raises(ValueError, match="Unknown role"):
        r.select(roles=["boss"])
    with pytest.raises(UnknownRegionError, match="999"):
        r.select(codes=["999"])


def test_aggregate_counties_to_prefectures() -> None:
    r = toy_region()
    agg = r.aggregate("population", year=2020)
    assert agg.loc["220100", "population"] == 657682 + 763983
    assert agg.loc["220100", "n_children"] == 2
    assert agg.loc["220200", "population"] == 500000
    agg2010 = r.aggregate("population", year=2010)
    assert pd.isna(agg2010.loc["220200", "population"])  # a child lacks 2010: not a fake sum
    assert r.aggregate("population", year=2020, to="province").loc["220000", "population"] == (
        657682 + 763983 + 500000)
    with pytest.raises(MissingDataError, match="not additive"):
        r.aggregate("share_age_65_plus_pct", year=2020)


def test_series_breaks() -> None:
    r = toy_region()
    assert r.has_break("gdp", "220100", 2015, 2020)
    assert not r.has_break("gdp", "220100", 2019, 2020)
    assert r.breaks("gdp")["year"].tolist() == [2019]


def test_core_code() -> None:
    assert toy_region().core_code() == "220100"


def test_validation_on_construction_lists_every_table() -> None:
    r = toy_region()
    bad_links = r.links.assign(to_node="nowhere", length_km=-1.0)
    with pytest.raises(metroscope.DataValidationError) as exc:
        r.with_tables(links=bad_links)
    text = str(exc.value)
    assert "nowhere" in text and "length_km" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(tmp_path_factory: pytest.TempPathFactory,
                                        rnd: object) -> None:
    r = toy_region()
    seed = rnd.randint(0, 10**6)  # type: ignore[attr-defined]
    shuffled = Region(
        "toy",
        units=r.units.sample(frac=1, random_state=seed),
        stats=r.stats.sample(frac=1, random_state=seed + 1),
        nodes=r.nodes.sample(frac=1, random_state=seed + 2),
        links=r.links, access=r.access.sample(frac=1, random_state=seed + 3),
        projects=r.projects, meta=r.meta,
    )
    pd.testing.assert_frame_equal(
        r.table(["population", "gdp"], 2020).sort_index(),
        shuffled.table(["population", "gdp"], 2020).sort_index())
    pd.testing.assert_frame_equal(r.aggregate("population", year=2020).sort_index(),
                                  shuffled.aggregate("population", year=2020).sort_index())
    assert r.core_code() == shuffled.core_code()
    assert sorted(r.codes(roles=["member"])) == sorted(shuffled.codes(roles=["member"]))


def test_metro_area_from_china() -> None:
    china = metroscope.load("china")
    # the census city file has 369 prefectural rows (its provenance note says 368)
    assert (china.units["level"] == "prefecture").sum() == 369
    nj = china.metro_area("南京都市圈")
    assert nj.units.loc["320100", "role"] == "core"  # 南京 listed first and flagged core
    assert nj.units.loc["321100", "role"] == "member"  # 镇江
    assert nj.units.loc["320413", "role"] == "member"  # 常州市金坛区, a listed district
    assert nj.units.loc["320402", "role"] == "context"  # another 常州 district
    assert nj.core_code() == "320100"
    with pytest.raises(UnknownRegionError, match="南京都市圈 \\(南京\\)"):
        china.metro_area("火星都市圈")


def test_changchun_metro_area_core_flags() -> None:
    cc = metroscope.load("china").metro_area("长春都市圈")
    core = set(cc.codes(roles=["core"]))
    assert {"220102", "220103", "220104", "220105", "220106"} <= core  # the five districts
    assert cc.units.loc["220182", "role"] == "partial"  # 榆树市, "部分地区"
    assert cc.units.loc["220184", "role"] == "member"  # 公主岭市
    assert cc.units.loc["220221", "role"] == "context"  # 永吉县
