"""Uncoded census zones in an area's groups and in a travel-time circle
(``_areas_zones.py``), on toy tables whose every figure is written here.

Prefectures (county-level units; districts are ``xxxx01``-``xxxx20`` and coded zones
``xxxx7x``, the others are counties or county-level cities):

    P1  110101 110120 (districts)  110121 (county)
    P2  120102 120171 (districts)  120181 (city)
    P3  130102 130103 (districts)
    P4  140102 (district)
    P5  150121 150181 (no district at all)
    P6  160102 (district)
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from metroscope._areas_zones import (
    _is_district,
    allocate,
    in_circle,
    uncoded_zones,
)

UNITS = pd.DataFrame(
    [("P1", "prefecture", None), ("110101", "county", "P1"), ("110120", "county", "P1"),
     ("110121", "county", "P1"), ("120102", "county", "P2"), ("120171", "county", "P2"),
     ("120181", "county", "P2"), ("130102", "county", "P3"), ("130103", "county", "P3"),
     ("140102", "county", "P4"), ("150121", "county", "P5"), ("150181", "county", "P5"),
     ("160102", "county", "P6"), ("160199", "county", "P6")],
    columns=["code", "level", "parent"]).set_index("code")
# 160199 is no district (99 > 20); a prefecture row is not a county


def zones(*rows: tuple[str, str, float, object]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["prefecture", "name_zh", "population",
                                       "population_urban"])


def test_districts_by_code() -> None:
    assert [_is_district(c) for c in ("110101", "110120", "110171", "110170", "110179")] == \
        [True] * 5
    assert [_is_district(c) for c in ("110100", "110121", "110181", "110160", "110221")] == \
        [False] * 5


def test_uncoded_zones_of_a_dataset() -> None:
    t = zones(("P1", "z", 1.0, 1.0))
    assert uncoded_zones(SimpleNamespace(extra={"uncoded_zones": t})) is t  # type: ignore[arg-type]
    for extra in ({}, None, []):
        empty = uncoded_zones(SimpleNamespace(extra=extra))  # type: ignore[arg-type]
        assert empty.empty
        assert list(empty.columns) == ["prefecture", "name_zh", "population", "population_urban"]


def test_allocate_sums_per_group_and_city() -> None:
    """P2 (members; the core prefecture P1's own members go to ``rest_of_core``), P4 and P6
    (members, cities of their own), P5 (no district: outside), P3 (outside)."""
    roles = pd.Series({"110101": "member", "110120": "member", "110121": "core",
                       "120102": "core", "120171": "core", "140102": "member",
                       "160102": "member", "150121": "member"})
    z = zones(("P6", "f", 6.0, "6"), ("P2", "b1", 20.0, "10"), ("P1", "a", 10.0, 5.0),
              ("P2", "b2", 2.0, 1.5), ("P4", "d", 4.0, 3.0), ("P5", "e", 50.0, 50.0),
              ("P3", "c", 30.0, 30.0))
    a = allocate(UNITS, roles, z, core_pref="P1")
    assert a.population == {"core": 22.0, "member": 20.0}
    assert a.urban == {"core": 11.5, "member": 14.0}
    assert a.city == {"rest_of_core": 10.0, "core": 22.0, "P4": 4.0, "P6": 6.0}
    assert a.unplaced == set()
    assert a.names == ["a", "b1", "b2", "d", "f"]  # prefectures in code order


def test_allocate_splits_and_unplaced_zones() -> None:
    """P1 and P2 each split between core and member: their sum is the area's only;
    P4 wholly member; then P3 half outside makes every figure unknown."""
    roles = pd.Series({"110101": "core", "110120": "member", "120102": "member",
                       "120171": "core", "140102": "member"})
    z = zones(("P1", "a", 10.0, 5.0), ("P2", "b", 20.0, 8.0), ("P4", "d", 4.0, 3.0))
    a = allocate(UNITS, roles, z, core_pref="P1")
    assert a.population == {"core": 0.0, "member": 4.0, "area_only": 30.0}
    assert a.urban == {"core": 0.0, "member": 3.0, "area_only": 13.0}
    assert a.unplaced == {"core", "member", "city"} and a.city == {"P4": 4.0}
    assert a.names == ["a", "b", "d"]
    roles["130102"] = "member"
    a = allocate(UNITS, roles, zones(("P3", "c", 30.0, 30.0), ("P4", "d", 4.0, 3.0)), "P1")
    assert a.unplaced == {"core", "member", "area", "city"}
    assert a.population == {"core": 0.0, "member": 4.0} and a.names == ["d"]
    # a partial district: not wholly in the area
    a = allocate(UNITS, pd.Series({"140102": "partial"}), zones(("P4", "d", 4.0, 3.0)), "P1")
    assert a.unplaced == {"core", "member", "area", "city"} and a.names == []
    assert a.population == {"core": 0.0, "member": 0.0}
    # no zones at all
    a = allocate(UNITS, roles, zones(), "P1")
    assert a.population == {"core": 0.0, "member": 0.0} and a.names == [] and a.city == {}


def test_circle_by_hand() -> None:
    """P1 in the plan area and inside (districts 110101, 110120 inside; its county 110121 is
    not and does not matter); P2 in the plan area, 120171 not a row of the circle: outside;
    P3 half in the plan area: unplaced; P4 outside the plan area but inside the circle;
    P5 (no district) never inside; P6 outside both."""
    roles = pd.Series({"110101": "core", "110120": "core", "120102": "member",
                       "120171": "member", "130102": "member"})
    inside = pd.Series({"110101": True, "110120": True, "110121": False, "120102": True,
                        "130102": True, "130103": True, "140102": True, "150121": True,
                        "150181": True, "160102": False})
    z = zones(("P1", "a", 10.0, 1.0), ("P2", "b", 20.0, 1.0), ("P3", "c", 300.0, 1.0),
              ("P4", "d", 4000.0, 1.0), ("P5", "e", 50000.0, 1.0), ("P6", "f", 6.0, 1.0),
              ("P1", "a2", 0.5, 0.0))
    c = in_circle(UNITS, roles, z, inside)
    assert c.plan == 30.5 and c.plan_inside == 10.5
    assert c.inside == 10.5 + 300.0 + 4000.0
    assert c.unplaced == 300.0
    assert c.names == ["a", "a2", "b"] and c.names_inside == ["a", "a2"]
    # every district of P2 inside now
    inside["120171"] = True
    c = in_circle(UNITS, roles, z, inside)
    assert c.plan_inside == 30.5 and c.names_inside == ["a", "a2", "b"]
    assert c.inside == 30.5 + 4300.0
    # no zones
    c = in_circle(UNITS, roles, zones(), inside)
    assert (c.plan, c.plan_inside, c.inside, c.unplaced, c.names) == (0.0, 0.0, 0.0, 0.0, [])


def test_allocate_keeps_earlier_prefectures() -> None:
    """P1 and P2 wholly core: the core city gets both (10 + 20); P3 (codes after P2) then
    split and P2 partly outside in another area: every figure stays unknown, "area" too."""
    roles = pd.Series({"110101": "core", "110120": "core", "120102": "core", "120171": "core"})
    z = zones(("P1", "a", 10.0, 1.0), ("P2", "b", 20.0, 2.0))
    a = allocate(UNITS, roles, z, core_pref="P1")
    assert a.city == {"core": 30.0} and a.population == {"core": 30.0, "member": 0.0}
    roles = pd.Series({"120102": "member", "130102": "core", "130103": "member"})
    a = allocate(UNITS, roles, zones(("P2", "b", 20.0, 2.0), ("P3", "c", 30.0, 3.0)), "P1")
    assert a.unplaced == {"core", "member", "area", "city"}
    assert a.population == {"core": 0.0, "member": 0.0, "area_only": 30.0}


def test_circle_sums_after_an_outside_prefecture_and_two_unplaced() -> None:
    """P1 outside the plan area, then P2 in it (all inside); P3 and P4 each half in the plan
    area: 300 + 4000 persons unplaced."""
    roles = pd.Series({"120102": "member", "120171": "core", "130102": "member",
                       "140102": "member"})
    units = pd.concat([UNITS, pd.DataFrame({"level": ["county"], "parent": ["P4"]},
                                           index=pd.Index(["140103"], name="code"))])
    inside = pd.Series({"120102": True, "120171": True})
    z = zones(("P1", "a", 10.0, 1.0), ("P2", "b", 20.0, 2.0), ("P3", "c", 300.0, 3.0),
              ("P4", "d", 4000.0, 4.0))
    c = in_circle(units, roles, z, inside)
    assert c.plan == 20.0 and c.plan_inside == 20.0 and c.inside == 20.0
    assert c.unplaced == 4300.0 and c.names == ["b"]


def test_circle_names_the_zones_inside_beyond_the_plan_area() -> None:
    """At 90 minutes (fastest) 松原's districts are all inside though 松原 is beyond the plan
    area: population_inside counts its zone 吉林松原经济开发区 (94,066), the plan-area sums do
    not; a note says so (the units inside sum to 14,809,689; + 255,303 + 94,066 = 15,159,058)."""
    import metroscope
    from metroscope.network import commuting_circle

    c = commuting_circle(metroscope.load("changchun"), mode="fastest", minutes=90)
    s = c.attrs["metroscope"]["summary"]
    units = float(c.loc[c["inside"].astype(bool), "population"].sum())
    assert units == 14_809_689
    assert s["population_inside"] == units + 255_303 + 94_066
    notes = [n for n in c.attrs["metroscope"]["notes"] if getattr(n, "key", "")
             == "acc_uncoded_zones_beyond"]
    assert len(notes) == 1
    assert "(吉林松原经济开发区; 94,066 persons)" in str(notes[0])
    assert "吉林松原经济开发区,共94,066人" in notes[0].get("zh")
