"""Picking the units of an indicator (``indicators/_unit_codes.py``) on the toy province of
``tests/_indicator_fixtures.py`` (province 990000; prefectures A 990100 core, B 990200 and
C 990300 members, D 990400 context; counties 990101 core, 990102, 990201, 990301 members,
990302 partial, 990401 context) and on small unit tables written here."""

from __future__ import annotations

import pandas as pd
import pytest

from _indicator_fixtures import toy_region
from metroscope._errors import MissingDataError, ParameterError, error_text
from metroscope.indicators import _unit_codes as U
from metroscope.region import Region

PREFS = ["990100", "990200", "990300", "990400"]
COUNTIES = ["990101", "990102", "990201", "990301", "990302", "990401"]


def _units(rows: list[tuple[str, str, object, str]]) -> pd.DataFrame:
    """(code, level, parent, role) rows; names are the codes."""
    return pd.DataFrame([{"code": c, "name_zh": c, "name_en": c, "level": lv, "parent": p,
                          "role": role} for c, lv, p, role in rows])


def test_ancestor_map_parent_first() -> None:
    anc = U.ancestor_map(toy_region())
    assert anc["990000"] == []
    assert anc["990100"] == ["990000"]
    assert anc["990302"] == ["990300", "990000"]
    assert set(anc) == {"990000", *PREFS, *COUNTIES}


def test_ancestor_map_stops_at_a_cycle_and_after_ten_levels() -> None:
    cyc = Region(name="cyc", units=_units([("a", "county", "b", "member"),
                                           ("b", "county", "a", "member")]), validate=False)
    assert U.ancestor_map(cyc) == {"a": ["b", "a"], "b": ["a", "b"]}
    chain = [(f"u{i:02d}", "county", (f"u{i - 1:02d}" if i else pd.NA), "member")
             for i in range(13)]
    deep = Region(name="deep", units=_units(chain), validate=False)
    anc = U.ancestor_map(deep)
    assert anc["u12"] == [f"u{i:02d}" for i in range(11, 1, -1)]  # ten, parent first
    assert anc["u10"] == [f"u{i:02d}" for i in range(9, -1, -1)]
    assert anc["u00"] == []


def test_unit_codes_by_level_role_and_parent() -> None:
    t = toy_region()
    assert U.unit_codes(t, level="prefecture") == PREFS
    assert U.unit_codes(t, level="county") == COUNTIES
    assert U.unit_codes(t, level="prefecture", roles="core") == ["990100"]
    assert U.unit_codes(t, level="county", roles=["member", "partial"]) == [
        "990102", "990201", "990301", "990302"]
    assert U.unit_codes(t, level="county", parent="990300") == ["990301", "990302"]
    assert U.unit_codes(t, level="county", parent=990100) == [  # type: ignore[arg-type]
        "990101", "990102"]
    assert U.unit_codes(t, level="prefecture", parent="990000", roles=("member",)) == [
        "990200", "990300"]
    assert U.unit_codes(t, level=None) == ["990000", *PREFS, *COUNTIES]
    assert U.unit_codes(t, level=None, parent="990100") == ["990101", "990102"]


def test_unit_codes_keep_the_table_order_of_the_codes_named() -> None:
    t = toy_region()
    assert U.unit_codes(t, level="prefecture", codes=["990300", "990100"]) == [
        "990100", "990300"]
    assert U.unit_codes(t, level=None, codes=iter(["990401", "990000"])) == [
        "990000", "990401"]
    assert U.unit_codes(t, level="county", codes=[990301], parent="990300") == [  # type: ignore[list-item]
        "990301"]
    assert U.unit_codes(t, level="county", codes=COUNTIES, roles="partial") == ["990302"]


def test_unit_codes_refuse_unknown_codes_and_codes_of_another_level() -> None:
    t = toy_region()
    with pytest.raises(MissingDataError) as e:
        U.unit_codes(t, level="prefecture", codes=["990100", "x1", "x2"])
    assert error_text(e.value, "en") == (
        "Codes not in region 'toy': ['x1', 'x2']. See region.units.index for the codes.")
    with pytest.raises(ParameterError) as e:
        U.unit_codes(t, level="prefecture", codes=["990101", "990100", "990000"])
    assert error_text(e.value, "en") == (
        "2 code(s) are not units at level prefecture: 990000 (province), 990101 (county). "
        "Choose the level they are at (--level, or level=None for any level) or leave them "
        "out.")


def test_unit_codes_name_ten_codes_of_another_level() -> None:
    rows = [("p", "province", pd.NA, "context")]
    rows += [(f"c{i:02d}", "county", "p", "member") for i in range(12)]
    r = Region(name="many", units=_units(rows))
    with pytest.raises(ParameterError) as e:
        U.unit_codes(r, level="province", codes=[f"c{i:02d}" for i in range(12)])
    listed = ", ".join(f"c{i:02d} (county)" for i in range(10))
    assert error_text(e.value, "en").startswith(
        f"12 code(s) are not units at level province: {listed}. Choose")


def test_unit_codes_refuse_an_unknown_parent_and_an_empty_selection() -> None:
    t = toy_region()
    with pytest.raises(MissingDataError) as e:
        U.unit_codes(t, level="county", parent="990999")
    assert error_text(e.value, "en") == "Parent '990999' is not a unit of region 'toy'."
    with pytest.raises(MissingDataError) as e:
        U.unit_codes(t, level="county", parent="990400", roles="core")
    assert error_text(e.value, "en") == (
        "No units at level 'county' in region 'toy' under 990400. Choose another --level or "
        "codes.")
    with pytest.raises(MissingDataError) as e:
        U.unit_codes(Region(name="flat", units=_units([("a", "prefecture", pd.NA, "member")])),
                     level="county")
    assert error_text(e.value, "en") == (
        "No units at level 'county' in region 'flat'. Choose another --level or codes.")
    assert "区域“flat”中没有 'county' 级的单元" in error_text(e.value, "zh")


def test_province_of() -> None:
    t = toy_region()
    assert U.province_of(t, "990302") == "990000"
    assert U.province_of(t, "990100") == "990000"
    assert U.province_of(t, "990000") is None  # a province has no province above it
    assert U.province_of(t, "990999") is None  # nor a code that is no unit
    # a parent that is no unit, and a chain without a province
    odd = Region(name="odd", units=_units([("a", "county", "gone", "member"),
                                           ("b", "prefecture", pd.NA, "member"),
                                           ("c", "county", "b", "member")]), validate=False)
    assert U.province_of(odd, "a") is None
    assert U.province_of(odd, "c") is None


def test_group_labels() -> None:
    t = toy_region()
    g = U.group_labels(t, PREFS, "metro")
    assert g.to_dict() == {"990100": "metro", "990200": "metro", "990300": "metro",
                           "990400": "rest"}
    assert g.name == "group" and g.index.name == "code"
    g = U.group_labels(t, ["990302", "990401"], "metro")
    assert g.tolist() == ["metro", "rest"]  # partial counts as inside
    g = U.group_labels(t, ["990302", "990101"], "parent")
    assert g.tolist() == ["990300", "990100"] and g.index.tolist() == ["990302", "990101"]
    g = U.group_labels(t, ["990100", "990200"], "seat_lon")
    assert g.tolist() == ["120.0", "121.0"]  # labels are text
    cols = ", ".join(c for c in t.units.columns if c != "geometry")
    for bad in ("geometry", "nope"):
        with pytest.raises(MissingDataError) as e:
            U.group_labels(t, PREFS, bad)
        assert error_text(e.value, "en") == (
            f"Cannot group by '{bad}': use 'metro' or a units column ({cols}).")
    with pytest.raises(MissingDataError) as e:
        U.group_labels(t, ["990000", "990100"], "parent")
    assert error_text(e.value, "en") == (
        "1 unit(s) have no 'parent' to group by: 990000. Fill the column or leave these "
        "units out (codes=...).")


def test_group_labels_name_ten_units_without_a_label() -> None:
    rows = [(f"c{i:02d}", "prefecture", pd.NA, "member") for i in range(12)]
    r = Region(name="many", units=_units(rows))
    with pytest.raises(MissingDataError) as e:
        U.group_labels(r, [f"c{i:02d}" for i in range(12)], "parent")
    listed = ", ".join(f"c{i:02d}" for i in range(10))
    assert error_text(e.value, "en") == (
        f"12 unit(s) have no 'parent' to group by: {listed}. Fill the column or leave these "
        "units out (codes=...).")


def test_names() -> None:
    df = U.names(toy_region(), ["990200", "990101"])
    assert df.index.name == "code" and df.index.tolist() == ["990200", "990101"]
    assert df.columns.tolist() == ["name_zh", "name_en", "role"]
    assert df.loc["990200"].tolist() == ["B市", "B", "member"]
    assert df.loc["990101"].tolist() == ["990101", "990101", "core"]


def test_area_provinces_and_area_province() -> None:
    t = toy_region()
    assert U.area_provinces(t) == {"990000"}
    assert U.area_province(t) == "990000"
    # a province that is itself in the area counts as its own province
    rows = [("p", "province", pd.NA, "member"), ("q", "province", pd.NA, "context"),
            ("a", "prefecture", "q", "core"), ("z", "prefecture", pd.NA, "partial"),
            ("y", "prefecture", "q", "context")]
    r = Region(name="two", units=_units(rows))
    assert U.area_provinces(r) == {"p", "q", None}
    assert U.area_province(r) is None
    one = Region(name="one", units=_units(rows[1:3]))
    assert U.area_provinces(one) == {"q"} and U.area_province(one) == "q"
    none = Region(name="none", units=_units([("z", "prefecture", pd.NA, "member")]))
    assert U.area_provinces(none) == {None} and U.area_province(none) is None
    empty = Region(name="empty", units=_units([("q", "province", pd.NA, "context"),
                                               ("y", "prefecture", "q", "context")]))
    assert U.area_provinces(empty) == set() and U.area_province(empty) is None
    assert U.METRO_ROLES == ("core", "member", "partial")
