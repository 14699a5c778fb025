"""The unit values, areas, labels and stand-in positions the network analyses weigh with
(``network/_unitdata.py``), on tables written here.

Areas computed from polygons are compared with pyproj's geodesic area on the WGS84 ellipsoid
(an independent computation: the module projects to an equal-area cylinder with GeoPandas).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import Polygon

from metroscope import MissingDataError
from metroscope._errors import error_text
from metroscope.network._unitdata import (
    assumed_position_note,
    unit_area_km2,
    unit_labels,
    unit_values,
)
from metroscope.region import Region


def _stat(code: str, year: int, indicator: str, value: float) -> dict[str, object]:
    return {"code": code, "year": year, "indicator": indicator, "value": value,
            "unit": "x", "source": "test", "quality": "A"}


def _units(**extra: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "code": ["U1", "U2", "U3", "U4"], "name_zh": ["甲", "乙", "丙", "丁"],
        "name_en": ["One", "Two", "Three", "Four"], "level": ["county"] * 4,
        "role": ["core", "member", "partial", "context"],
        "seat_lon": [125.0, 125.2, 125.4, 125.6], "seat_lat": [44.0] * 4}
    base.update(extra)
    return pd.DataFrame(base)


def _region(stats: list[dict[str, object]], **extra: list[object]) -> Region:
    return Region("t", units=_units(**extra), stats=pd.DataFrame(stats))


STATS = [
    _stat("U1", 2010, "population", 100.0), _stat("U1", 2020, "population", 110.0),
    _stat("U2", 2010, "population", 50.0), _stat("U2", 2020, "population", 40.0),
    _stat("U3", 2010, "population", 30.0),  # none in 2020
    _stat("U4", 2022, "population", 9.0),   # a later year, but U4 is not asked for below
    _stat("U1", 2021, "gdp", 7.0),          # another indicator's later year
]


def test_unit_values_latest_year_of_the_codes_asked() -> None:
    vals, year = unit_values(_region(STATS), "population", ["U3", "U1", "U2"])
    assert year == 2020 and isinstance(year, int)
    assert vals.name == "population" and vals.index.name == "code"
    assert vals.index.dtype == pd.StringDtype()  # nullable: NA
    assert list(vals.index) == ["U3", "U1", "U2"]
    assert vals.dtype == "float64"
    assert math.isnan(vals["U3"]) and vals["U1"] == 110.0 and vals["U2"] == 40.0
    # with U4 asked for, its 2022 row is the latest
    vals, year = unit_values(_region(STATS), "population", ["U1", "U4"])
    assert year == 2022 and vals.tolist()[1] == 9.0 and math.isnan(vals.tolist()[0])


def test_unit_values_given_year_and_required() -> None:
    vals, year = unit_values(_region(STATS), "population", ["U1", "U2", "U3"], year=2010)
    assert year == 2010 and vals.tolist() == [100.0, 50.0, 30.0]
    vals, year = unit_values(_region(STATS), "population", ["U1", "U2"], 2010, required=True)
    assert vals.tolist() == [100.0, 50.0]
    # a year without values: all NaN, or refused when required (naming the years there are)
    vals, year = unit_values(_region(STATS), "population", ["U1", "U2"], year=1990)
    assert year == 1990 and vals.isna().all() and len(vals) == 2
    with pytest.raises(MissingDataError) as err:
        unit_values(_region(STATS), "population", ["U1", "U2"], year=1990, required=True)
    assert str(err.value) == (
        "No population in 1990 for the region's units; years with population: 2010, 2020. "
        "Give one of them as the statistics year (stats_year=, --stats-year).")
    assert error_text(err.value, "zh") == (
        "区域各单元没有 1990 年的常住人口;有常住人口的年份:2010、2020。"
        "请以其中一年为统计年份(stats_year=,命令行 --stats-year)。")


def test_unit_values_first_row_of_a_duplicated_code() -> None:
    stats = [*STATS, _stat("U2", 2020, "population", 999.0)]
    vals, _ = unit_values(Region("t", units=_units(), stats=pd.DataFrame(stats),
                                 validate=False), "population", ["U2"])
    assert vals.tolist() == [40.0]


def test_unit_values_from_a_units_column_or_nothing() -> None:
    r = _region(STATS, area_km2=[10.0, "x", None, 4.5])
    vals, year = unit_values(r, "area_km2", ["U4", "U1", "U2", "U3"])
    assert year is None and vals.name == "area_km2" and vals.index.name == "code"
    assert vals.index.dtype == pd.StringDtype()  # nullable: NA
    assert vals.tolist()[:2] == [4.5, 10.0] and vals.iloc[2:].isna().all()
    vals, year = unit_values(r, "no_such", ["U1", "U2"])
    assert year is None and vals.isna().all() and vals.name == "no_such"
    assert list(vals.index) == ["U1", "U2"] and vals.index.name == "code"
    assert vals.index.dtype == pd.StringDtype()  # nullable: NA


def _geodesic_km2(poly: Polygon) -> float:
    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(poly)
    return abs(area) / 1e6


def test_unit_area_from_stats_then_polygons() -> None:
    box = Polygon([(125.0, 44.0), (125.1, 44.0), (125.1, 44.1), (125.0, 44.1)])
    big = Polygon([(126.0, 43.0), (126.2, 43.0), (126.2, 43.3), (126.0, 43.3)])
    units = _units(geometry=[box, big, None, None])
    import geopandas as gpd

    gunits = gpd.GeoDataFrame(units, geometry="geometry", crs="EPSG:4326")
    stats = [_stat("U2", 2020, "area_km2", 123.0)]
    r = Region("t", units=gunits, stats=pd.DataFrame(stats))
    area = unit_area_km2(r, ["U1", "U2", "U3", "U4"])
    assert area["U2"] == 123.0  # the statistic wins over the polygon
    assert area["U1"] == pytest.approx(_geodesic_km2(box), rel=1e-3)
    assert 85 < area["U1"] < 90  # 0.1 x 0.1 degrees at 44 N: about 8.0 km x 11.1 km
    assert math.isnan(area["U3"]) and math.isnan(area["U4"])  # no polygon
    # all from the statistics: nothing projected
    stats = [_stat(c, 2020, "area_km2", v) for c, v in (("U1", 1.0), ("U2", 2.0))]
    r = Region("t", units=gunits, stats=pd.DataFrame(stats))
    assert unit_area_km2(r, ["U1", "U2"]).tolist() == [1.0, 2.0]
    # no polygon at all among the codes asked
    assert unit_area_km2(r, ["U3", "U4"]).isna().all()
    assert len(unit_area_km2(r, [])) == 0


def test_unit_labels() -> None:
    out = unit_labels(_region(STATS), ["U2", "U1"])
    assert list(out.columns) == ["name_zh", "name_en", "role"]
    assert out.index.name == "code" and out.index.dtype == pd.StringDtype()  # nullable: NA
    assert out.loc["U2"].tolist() == ["乙", "Two", "member"]
    assert out.loc["U1"].tolist() == ["甲", "One", "core"]


def _network(nodes: pd.DataFrame, access: pd.DataFrame) -> Region:
    return Region("t", units=_units(), stats=pd.DataFrame(STATS), nodes=nodes, access=access,
                  validate=False)


def test_assumed_position_note() -> None:
    nodes = pd.DataFrame({
        "node_id": ["n1", "n2", "n3", "n4", "n5"],
        "lon": [125.0, 125.2, 125.4, 125.6, 125.0], "lat": [44.0] * 5,
        "kind": ["seat"] * 5,
        "coord_estimated": [True, True, False, None, True],
        "coord_code": ["U1", "U1", "U1", "U1", None]})
    access = pd.DataFrame({
        "code": ["U2", "U2", "U3", "U4", "U1", "U4", "U3"],
        "node_id": ["n1", "n2", "n3", "n4", "n1", "n5", "n2"],
        "minutes": [0.0] * 7})
    r = _network(nodes, access)
    # U2 at U1's seat (two rows, counted once); U3 by n2; U1 at its own seat is measured;
    # n3 not estimated, n4's flag missing (not estimated), n5 without a code
    (note,) = assumed_position_note(r, ["U1", "U2", "U3", "U4"])
    assert note.key == "acc_assumed_position"
    assert note.params == {"n": 2, "units": "乙→甲、丙→甲"}
    assert note.zh.startswith("2个单元在数据中没有位置")
    # only the codes asked for
    (note,) = assumed_position_note(r, ["U3"])
    assert note.params == {"n": 1, "units": "丙→甲"}
    assert assumed_position_note(r, ["U1", "U4"]) == []
    # a stand-in at a code that is not a unit keeps the code
    nodes2 = nodes.assign(coord_code=["Z9", "U1", "U1", "U1", None])
    (note,) = assumed_position_note(_network(nodes2, access), ["U2"])
    assert note.params == {"n": 1, "units": "乙→Z9"}


def test_assumed_position_note_without_the_columns() -> None:
    nodes = pd.DataFrame({"node_id": ["n1"], "lon": [125.0], "lat": [44.0], "kind": ["seat"],
                          "coord_estimated": [True]})
    access = pd.DataFrame({"code": ["U2"], "node_id": ["n1"], "minutes": [0.0]})
    assert assumed_position_note(_network(nodes, access), ["U2"]) == []
    # no coord_estimated column: nothing is estimated
    nodes = pd.DataFrame({"node_id": ["n1"], "lon": [125.0], "lat": [44.0], "kind": ["seat"],
                          "coord_code": ["U1"]})
    assert assumed_position_note(_network(nodes, access), ["U2"]) == []
    # a region object without network tables
    assert assumed_position_note(object(), ["U2"]) == []  # type: ignore[arg-type]
    # an empty flag column (float NaN, as read from a CSV column left blank) is not estimated,
    # and raises no pandas warning (the suite turns warnings into errors)
    nodes = nodes.assign(coord_estimated=[np.nan])
    assert assumed_position_note(_network(nodes, access), ["U2"]) == []
    validated = Region("t", units=_units(), stats=pd.DataFrame(STATS), nodes=nodes,
                       access=access)
    assert assumed_position_note(validated, ["U2"]) == []
    assert assumed_position_note(validated.with_tables(nodes=nodes.assign(coord_estimated=[1.0])),
                                 ["U2"])[0].params == {"n": 1, "units": "乙→甲"}


def test_unit_values_are_floats_whatever_the_column() -> None:
    # an integer column without gaps is still handed out as float64; an absent indicator is
    # NaN of float64 (not None of object)
    vals, _ = unit_values(_region(STATS, area_km2=[10, 20, 30, 40]), "area_km2", ["U2", "U1"])
    assert vals.dtype == "float64" and vals.tolist() == [20.0, 10.0]
    vals, _ = unit_values(_region(STATS), "no_such", ["U1"])
    assert vals.dtype == "float64"


def _band_km2(lon1: float, lon2: float, lat1: float, lat2: float) -> float:
    """Exact area of a longitude-latitude box on the WGS84 ellipsoid (Snyder, "Map
    projections: a working manual", eq. 3-12 for the authalic q), km²."""
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    e = math.sqrt(e2)

    def q(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return (1 - e2) * (s / (1 - e2 * s * s)
                           - 1 / (2 * e) * math.log((1 - e * s) / (1 + e * s)))

    return a * a / 2 * math.radians(lon2 - lon1) * (q(lat2) - q(lat1)) / 1e6


def test_unit_area_exact_for_a_box_and_none_for_an_empty_polygon() -> None:
    import geopandas as gpd

    box = Polygon([(125.0, 44.0), (125.3, 44.0), (125.3, 44.2), (125.0, 44.2)])
    units = gpd.GeoDataFrame(_units(geometry=[box, Polygon(), None, box]), geometry="geometry",
                             crs="EPSG:4326")
    # an empty polygon (refused by validation, possible in an unvalidated region) has no area
    r = Region("t", units=units, stats=pd.DataFrame(STATS), validate=False)
    area = unit_area_km2(r, ["U1", "U2", "U3"])
    assert area["U1"] == pytest.approx(_band_km2(125.0, 125.3, 44.0, 44.2), rel=1e-9)
    assert math.isnan(area["U2"]) and math.isnan(area["U3"])


def test_assumed_position_note_on_partial_objects_and_unknown_codes() -> None:
    from types import SimpleNamespace

    nodes = pd.DataFrame({"node_id": ["n1"], "lon": [125.0], "lat": [44.0], "kind": ["seat"],
                          "coord_estimated": [True], "coord_code": ["U1"]})
    access = pd.DataFrame({"code": ["Z1", "U2"], "node_id": ["n1", "n1"], "minutes": [0.0, 0.0]})
    # an object without access rows, or with nodes that are not a table: no note
    assert assumed_position_note(SimpleNamespace(nodes=nodes, access=None), ["U2"]) == []
    assert assumed_position_note(SimpleNamespace(nodes=[], access=access), ["U2"]) == []
    # a code that is not a unit is named by its code
    (note,) = assumed_position_note(_network(nodes, access), ["Z1"])
    assert note.params == {"n": 1, "units": "Z1→甲"}
