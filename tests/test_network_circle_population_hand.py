"""Persons inside a commuting circle (``network/_circle_population.py``) on a toy region whose
every figure is written here: the units inside plus the 2020 census's uncoded zones whose
prefecture's districts are all inside, and the notes that say which zones were counted.

Prefectures (districts are ``xxxx01``-``xxxx20``; ``xxxx21`` and above are counties):

    P1  110101 110102 (districts, core)   110121 (county, member)   zone a 1,000 + a2 500
    P2  120101 120102 (districts, member)                           zone b 70
    P3  130101 (district, partial)                                  zone c 300
    P4  140101 (district, no row of the circle)                     zone d 4,000
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from metroscope._errors import ParameterError
from metroscope.network._circle_population import (
    PLAN_AREA_ROLES,
    circle_zones,
    population_inside,
    zones_notes,
)

UNITS = pd.DataFrame(
    {"level": ["county"] * 7,
     "parent": ["P1", "P1", "P1", "P2", "P2", "P3", "P4"]},
    index=pd.Index(["110101", "110102", "110121", "120101", "120102", "130101", "140101"],
                   name="code"))
ZONES = pd.DataFrame(
    [("P1", "a", 1000.0, 900.0), ("P1", "a2", 500.0, 500.0), ("P2", "b", 70.0, 7.0),
     ("P3", "c", 300.0, 30.0), ("P4", "d", 4000.0, 400.0)],
    columns=["prefecture", "name_zh", "population", "population_urban"])
REGION = SimpleNamespace(units=UNITS, extra={"uncoded_zones": ZONES})


def circle(inside: list[bool], year: int | None = 2020) -> pd.DataFrame:
    out = pd.DataFrame(
        {"role": ["core", "core", "member", "member", "member", "partial"],
         "inside": inside,
         "population": [100.0, 20.0, 3.0, np.nan, 4000.0, 50000.0]},
        index=pd.Index(["110101", "110102", "110121", "120101", "120102", "130101"],
                       name="code"))
    out.attrs["metroscope"] = {"summary": {"population_year": year}}
    return out


def test_the_plan_roles() -> None:
    assert PLAN_AREA_ROLES == ("core", "member")


def test_units_inside_plus_the_zones_of_prefectures_wholly_inside() -> None:
    # P1's two districts inside: its zones (1,000 + 500) count; P2's 120102 is outside, so b
    # does not; 120101 has no population and counts 0
    c = circle([True, True, False, True, False, False])
    assert population_inside(REGION, c) == 100.0 + 20.0 + 1500.0  # type: ignore[arg-type]
    # one district of P1 outside: its zones do not count; both of P2's inside: b (70) does
    c = circle([True, False, True, True, True, False])
    assert population_inside(REGION, c) == 100.0 + 3.0 + 4000.0 + 70.0  # type: ignore[arg-type]
    # everything inside: P1's and P2's zones, and P3's (its only district is inside, though
    # partly in the plan area); P4's district is no row of the circle, so d never counts
    c = circle([True] * 6)
    assert population_inside(REGION, c) == (  # type: ignore[arg-type]
        100 + 20 + 3 + 4000 + 50000 + 1500 + 70 + 300)


def test_a_mask_instead_of_the_inside_column() -> None:
    c = circle([False] * 6)
    assert population_inside(REGION, c) == 0.0  # type: ignore[arg-type]
    mask = np.array([1, 1, 0, 0, 0, 1])  # any values read as booleans
    assert population_inside(REGION, c, inside=mask) == (  # type: ignore[arg-type]
        100.0 + 20.0 + 50000.0 + 1500.0 + 300.0)
    assert population_inside(REGION, c, inside=pd.Series(mask == 0)) == (  # type: ignore[arg-type]
        3.0 + 4000.0 + 70.0)


def test_zones_only_for_the_2020_population() -> None:
    for year in (2010, None):
        c = circle([True] * 6, year=year)
        assert population_inside(REGION, c) == 100 + 20 + 3 + 4000 + 50000  # type: ignore[arg-type]
    c = circle([True] * 6)
    del c.attrs["metroscope"]
    assert population_inside(REGION, c) == 100 + 20 + 3 + 4000 + 50000  # type: ignore[arg-type]
    c.attrs["metroscope"] = None
    assert population_inside(REGION, c) == 100 + 20 + 3 + 4000 + 50000  # type: ignore[arg-type]


def test_refusals_name_the_columns_and_the_rows() -> None:
    c = circle([True] * 6)
    with pytest.raises(ParameterError) as e:
        population_inside(REGION, c.drop(columns=["population", "inside"]))  # type: ignore[arg-type]
    assert e.value.args[0].key == "err_population_inside_columns"
    assert e.value.args[0].params == {"missing": ["population", "inside"]}
    # with a mask, the inside column is not needed
    assert population_inside(REGION, c.drop(columns="inside"),  # type: ignore[arg-type]
                             inside=[False] * 6) == 0.0
    with pytest.raises(ParameterError) as e:
        population_inside(REGION, c.drop(columns="role"), inside=[True] * 6)  # type: ignore[arg-type]
    assert e.value.args[0].params == {"missing": ["role"]}
    for bad in ([True] * 5, [[True] * 6], np.ones((6, 1), bool)):
        with pytest.raises(ParameterError) as e:
            population_inside(REGION, c, inside=bad)  # type: ignore[arg-type]
        assert e.value.args[0].key == "err_population_inside_mask"
        assert e.value.args[0].params == {
            "rows": 6, "got": np.asarray(bad).size}


def test_circle_zones_sums_and_names() -> None:
    z = circle_zones(REGION, circle([True, True, False, False, True, True]), 2020)  # type: ignore[arg-type]
    # plan area: P1 (core + member) and P2 (member); P3's district is partial: unplaced
    assert z.plan == 1570.0 and z.names == ["a", "a2", "b"]
    assert z.plan_inside == 1500.0 and z.unplaced == 300.0
    assert z.inside == 1500.0 + 300.0 and z.names_beyond == ["c"]
    assert circle_zones(REGION, circle([True] * 6), 2010).plan == 0.0  # type: ignore[arg-type]


def test_the_notes_in_both_languages() -> None:
    z = circle_zones(REGION, circle([True, True, False, False, True, True]), 2020)  # type: ignore[arg-type]
    notes = zones_notes(z)
    assert [n.key for n in notes] == [
        "acc_uncoded_zones", "acc_uncoded_zones_unplaced", "acc_uncoded_zones_beyond"]
    assert notes[0].params == {"n": 3, "names": "a、a2、b", "population": "1,570",
                               "inside": "1,500", "outside": "70"}
    assert notes[1].params == {"population": "300"}
    assert notes[2].params == {"n": 1, "names": "c", "population": "300"}
    assert "1,500 persons inside, 70 persons in the plan-area population only" in notes[0]
    assert "1,500人计入圈内,70人只计入规划范围人口" in notes[0].zh
    assert notes[1].startswith("300 persons of zones")
    assert "(c; 300 persons)" in notes[2]
    # nothing inside beyond the plan area, nothing unplaced: one note; no zones: none
    z = circle_zones(REGION, circle([True, True, True, True, True, False]), 2020)  # type: ignore[arg-type]
    assert z.inside - z.plan_inside == 0.0
    z.unplaced = 0.0
    assert [n.key for n in zones_notes(z)] == ["acc_uncoded_zones"]
    assert zones_notes(circle_zones(REGION, circle([True] * 6), 2010)) == []  # type: ignore[arg-type]


def test_a_single_person_beyond_the_plan_area_is_noted() -> None:
    zones = pd.DataFrame([("P3", "c", 1.0, 1.0)],
                         columns=["prefecture", "name_zh", "population", "population_urban"])
    region = SimpleNamespace(units=UNITS, extra={"uncoded_zones": zones})
    z = circle_zones(region, circle([False] * 5 + [True]), 2020)  # type: ignore[arg-type]
    assert [n.key for n in zones_notes(z)] == [
        "acc_uncoded_zones_unplaced", "acc_uncoded_zones_beyond"]
    assert zones_notes(z)[1].params["population"] == "1"


def test_populations_read_from_any_column_type() -> None:
    # a nullable integer column with a missing value, and text that is no number: each such
    # unit counts 0, as a unit without a population does
    c = circle([True, True, True, False, False, False], year=None)
    c["population"] = pd.array([100, pd.NA, 3, 7, 4000, 50000], dtype="Int64")
    assert population_inside(REGION, c) == 103.0  # type: ignore[arg-type]
    c["population"] = pd.Series(["100", "unknown", 3.0, None, "4000", 1], index=c.index,
                                dtype=object)
    assert population_inside(REGION, c) == 103.0  # type: ignore[arg-type]


def test_every_zone_beyond_the_plan_area_is_named() -> None:
    zones = pd.DataFrame([("P3", "c", 1.0, 1.0), ("P3", "e", 2.0, 1.0)],
                         columns=["prefecture", "name_zh", "population", "population_urban"])
    region = SimpleNamespace(units=UNITS, extra={"uncoded_zones": zones})
    z = circle_zones(region, circle([False] * 5 + [True]), 2020)  # type: ignore[arg-type]
    beyond = zones_notes(z)[1]
    assert beyond.params == {"n": 2, "names": "c、e", "population": "3"}  # type: ignore[attr-defined]
    assert "2 zone(s) of the 2020 census without an administrative code beyond the plan area " \
        "(c、e; 3 persons)" in beyond
