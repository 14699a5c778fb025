"""Consolidated units from the break records, against the events read off by hand from the toy
province with boundary-change records (``boundary_region``): which rows count (a break, a
"boundary" note, a year in (start, end], the indicators, the level), the units a note names by
code, events merged through a shared unit, completeness, labels, and the union totals summed in
the test."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _indicator_fixtures import BOUNDARY_COUNTIES, _stat, boundary_region
from metroscope.indicators.consolidation import (
    Consolidation,
    consolidated_rows,
    consolidations,
    union_change,
)
from metroscope.region import Region

POP = ("population", "population_yearend")
NO_CODE = "the break note names units without a code, whose values are not in the data"
A = ("990101", "990102", "990103", "990171")  # the core districts' change and its zone
B3 = ("990201", "990202", "990203")


def _pop(codes: tuple[str, ...], year: int) -> float:
    i = 3 if year == 2010 else 4
    return float(sum(BOUNDARY_COUNTIES[c][i] or 0 for c in codes))


def _with(region: Region, rows: list[tuple[str, int, str, str, bool]]) -> Region:
    """``region`` with stats rows (code, year, indicator, note, break) added."""
    extra = pd.DataFrame([{**_stat(c, y, i, 1.0, "persons", brk), "note": note,
                           "source": "extra"} for c, y, i, note, brk in rows])
    return region.with_tables(stats=pd.concat([region.stats, extra], ignore_index=True))


def test_events_of_the_population_indicators_by_hand() -> None:
    cons = consolidations(boundary_region(), start=2010, end=2020, indicators=POP)
    assert cons == [
        Consolidation(code="+".join(A), members=A, years=(2020,), parent="990100",
                      complete=True, reason=""),
        # 2020 names a unit without a code; 2018 shares 990202: one group, incomplete
        Consolidation(code="+".join(B3), members=B3, years=(2018, 2020), parent="990200",
                      complete=False, reason=NO_CODE),
    ]
    assert cons[1].reason.zh == "边界变动说明提到没有代码的单元,其数值不在数据中"
    assert cons[0].reason == "" and not isinstance(cons[0].reason, type(cons[1].reason))


def test_default_indicator_is_the_census_population() -> None:
    cons = consolidations(boundary_region(), start=2010, end=2020)
    assert [(c.members, c.years, c.complete) for c in cons] == [
        (A, (2020,), True), (("990201", "990202"), (2020,), False)]


def test_the_window_is_start_exclusive_and_end_inclusive() -> None:
    r = boundary_region()
    # 2021: 990104 names 990103, a member of the core change: one group over both years (a
    # merged group goes after the others)
    later = consolidations(r, start=2010, end=2021, indicators=POP)
    assert [(c.members, c.years, c.complete) for c in later] == [
        (B3, (2018, 2020), False),
        (("990101", "990102", "990103", "990104", "990171"), (2020, 2021), True)]
    # 2010: the 2010 record of 990104 counts from 2009 on
    early = consolidations(r, start=2009, end=2020, indicators=POP)
    assert early[0].members == ("990101", "990102", "990103", "990104", "990171")
    assert early[0].years == (2010, 2020)
    assert consolidations(r, start=2020, end=2020, indicators=POP) == []
    only_2018 = consolidations(r, start=2017, end=2019, indicators=POP)
    assert [(c.members, c.years, c.complete) for c in only_2018] == [
        (("990202", "990203"), (2018,), True)]


def test_level_and_indicators_decide_the_members() -> None:
    r = boundary_region()
    # C's GDP break names its county 990301: at every level the two form a group
    every = consolidations(r, start=2010, end=2020, level=None, indicators=("gdp",))
    assert every == [Consolidation(code="990300+990301", members=("990300", "990301"),
                                   years=(2020,), parent="990000", complete=True)]
    # at the prefecture level 990301 is not a member: C alone is no consolidation
    assert consolidations(r, start=2010, end=2020, level="prefecture",
                          indicators=("gdp",)) == []
    assert consolidations(r, start=2010, end=2020, indicators=("gdp",)) == []
    assert consolidations(r, start=2010, end=2020, indicators=()) == []


def test_rows_that_are_not_boundary_breaks_are_ignored() -> None:
    r = boundary_region()
    st = r.stats.copy()
    st.loc[st["code"].isin(["990101", "990102", "990103"]), "break"] = False
    cons = consolidations(r.with_tables(stats=st), start=2010, end=2020)
    assert [c.members for c in cons] == [("990201", "990202")]
    no_notes = r.with_tables(stats=r.stats.drop(columns="note"))
    assert consolidations(no_notes, start=2010, end=2020) == []
    st2 = r.stats.copy()
    st2["note"] = st2["note"].str.replace("boundary", "border")
    assert consolidations(r.with_tables(stats=st2), start=2010, end=2020) == []


def test_events_merge_through_shared_units_in_any_order() -> None:
    r = boundary_region({})
    rows = [("990201", 2012, "population", "boundary a: 990202", True),
            ("990104", 2014, "population", "boundary b: 990203 (no code)", True),
            ("990203", 2016, "population", "boundary c: 990202 and 990999 and 9902011", True),
            ("990301", 2016, "population", "boundary d: 990302", False)]
    cons = consolidations(_with(r, rows), start=2010, end=2020)
    # a {201, 202} and b {104, 203} are joined by c {203, 202}; 990999 is no unit and
    # 9902011 no code; d is not flagged; the group's parent is the last event's
    assert cons == [Consolidation(code="990104+990201+990202+990203",
                                  members=("990104", "990201", "990202", "990203"),
                                  years=(2012, 2014, 2016), parent="990200", complete=False,
                                  reason=NO_CODE)]
    # the incomplete event last: still incomplete
    rows2 = [("990201", 2012, "population", "boundary a: 990202", True),
             ("990202", 2016, "population", "boundary c (no code)", True)]
    cons2 = consolidations(_with(r, rows2), start=2010, end=2020)
    assert [(c.members, c.complete) for c in cons2] == [(("990201", "990202"), False)]
    rows3 = [("990201", 2012, "population", "boundary a (no code): 990202", True),
             ("990202", 2016, "population", "boundary c", True)]
    cons3 = consolidations(_with(r, rows3), start=2010, end=2020)
    assert [(c.members, c.complete) for c in cons3] == [(("990201", "990202"), False)]


def test_members_follow_the_unit_table_order() -> None:
    counties = {"990171": BOUNDARY_COUNTIES["990171"],
                **{c: v for c, v in BOUNDARY_COUNTIES.items() if c != "990171"}}
    cons = consolidations(boundary_region(counties=counties), start=2010, end=2020)
    assert cons[0].members == ("990171", "990101", "990102", "990103")
    assert cons[0].code == "990171+990101+990102+990103"


def test_labels_in_both_languages() -> None:
    r = boundary_region()
    c = consolidations(r, start=2010, end=2020)[0]
    assert c.label(r) == "A市合并单元(A1区、A2区、A3区、A zone区)"
    assert c.label(r, "zh") == c.label(r)
    assert c.label(r, "en") == ("A City consolidated unit (A1 District, A2 District, "
                                "A3 District, A zone District)")
    odd = Consolidation(code="x", members=("990101", "123456"), years=(2020,), parent=None,
                        complete=True)
    assert odd.label(r) == "合并单元(A1区)"
    assert odd.label(r, "en") == " consolidated unit (A1 District)"


def test_union_change_by_hand() -> None:
    start = pd.Series({"a": 10.0, "b": 5.0, "x": 100.0})
    end = pd.Series({"a": 12.0, "b": 6.0, "c": 2.5, "x": 1.0})
    assert union_change(start, end, ["a", "b", "c"]) == (15.0, 20.5, "")
    assert union_change(start, end, ("b",)) == (5.0, 6.0, "")
    s, e, why = union_change(start, end, ["a", "d", "e"])
    assert math.isnan(s) and math.isnan(e)
    assert why == "no end value for d, e" and why.zh == "d、e没有期末数值"
    s, e, why = union_change(start, end, ["c"])
    assert math.isnan(s) and math.isnan(e)
    assert why == "no start value for any member" and why.zh == "所有成员都没有期初数值"
    with_nan = pd.Series({"a": math.nan, "b": 5.0})
    assert union_change(with_nan, end, ["a", "b"]) == (5.0, 18.0, "")


def test_consolidated_rows_by_hand() -> None:
    r = boundary_region()
    counties = r.codes(level="county")
    rows = consolidated_rows(r, 2010, 2020, "county", counties)
    assert [(c.code, a, b, why) for c, a, b, why in rows][:1] == [
        ("+".join(A), _pop(A, 2010), _pop(A, 2020), "")]
    c, a, b, why = rows[1]
    assert c.members == B3 and c.years == (2018, 2020)  # population_yearend read too
    assert math.isnan(a) and math.isnan(b) and why == NO_CODE
    # a member outside the codes: the consolidation is left out
    part = consolidated_rows(r, 2010, 2020, "county", [x for x in counties if x != "990171"])
    assert [c.members for c, *_ in part] == [B3]
    # the 2021 change adds 990104, whose only 2021 value is a year-end figure
    c, a, b, why = consolidated_rows(r, 2010, 2021, "county", counties)[1]
    assert "990104" in c.members
    assert math.isnan(a) and math.isnan(b)
    assert why == "no end value for 990101, 990102, 990103, 990171"


def test_consolidated_rows_of_another_indicator() -> None:
    r = boundary_region()
    rows = consolidated_rows(r, 2010, 2020, None, r.codes(), indicator="gdp")
    assert len(rows) == 1
    c, a, b, why = rows[0]
    assert c.members == ("990300", "990301")
    assert math.isnan(a) and math.isnan(b) and why == "no end value for 990301"
    pops = consolidated_rows(r, 2010, 2020, None, r.codes(), indicator="population")
    assert [x[0].members for x in pops] == [A, B3]  # the GDP break is not a population one
    st = r.stats.copy()
    gdp_rows = pd.DataFrame([{**_stat("990301", y, "gdp", v, "cny_100m"), "note": "",
                              "source": "x"} for y, v in ((2010, 20.0), (2020, 35.0))])
    r2 = r.with_tables(stats=pd.concat([st, gdp_rows], ignore_index=True))
    c, a, b, why = consolidated_rows(r2, 2010, 2020, None, r2.codes(), indicator="gdp")[0]
    assert (a, b, why) == (200.0 + 20.0, 300.0 + 35.0, "")
    # population of the same units is read from the population indicators
    st3 = r.stats.copy()
    st3.loc[(st3["code"] == "990300") & (st3["indicator"] == "population")
            & (st3["year"] == 2020), ["break", "note"]] = [True, "boundary change: 990301"]
    r3 = r.with_tables(stats=st3)
    rows3 = {c.members: (a, b, why) for c, a, b, why in consolidated_rows(r3, 2010, 2020,
                                                                            None, r3.codes())}
    assert set(rows3) == {A, B3, ("990300", "990301")}
    a, b, why = rows3["990300", "990301"]
    assert (a, b, why) == (200_000 + 150_000, 200_000 + 140_000, "")


@pytest.mark.parametrize("level", ["county", None])
def test_unknown_level_or_nothing_flagged(level: str | None) -> None:
    r = boundary_region({})
    assert consolidations(r, start=2000, end=2030, level=level, indicators=POP) == []
    assert consolidated_rows(r, 2000, 2030, level, r.codes()) == []


def test_consolidated_rows_when_the_codes_are_exactly_the_members() -> None:
    """All members among ``codes`` includes ``codes`` equal to the members."""
    r = boundary_region()
    rows = consolidated_rows(r, 2010, 2020, "county", list(A))
    assert [(c.members, a, b, why) for c, a, b, why in rows] == [
        (A, 1_000_000 + 800_000 + 600_000 + 0.0, 900_000 + 700_000 + 500_000 + 450_000.0, "")]


def test_events_of_one_year_and_parent_are_told_apart_by_their_note() -> None:
    """Same parent, same year, two notes: two events, not one."""
    rows = [("990101", 2015, "population", "boundary a", True),
            ("990102", 2015, "population", "boundary a", True),
            ("990103", 2015, "population", "boundary b", True),
            ("990104", 2015, "population", "boundary b", True)]
    cons = consolidations(_with(boundary_region({}), rows), start=2010, end=2020)
    assert [(c.members, c.years, c.parent) for c in cons] == [
        (("990101", "990102"), (2015,), "990100"), (("990103", "990104"), (2015,), "990100")]


def test_a_break_without_a_note_is_no_boundary_change() -> None:
    r = boundary_region({})
    extra = pd.DataFrame([{**_stat(c, 2015, "population", 1.0, "persons", True),
                           "note": pd.NA, "source": "extra"} for c in ("990101", "990102")])
    flagged = r.with_tables(stats=pd.concat([r.stats, extra], ignore_index=True))
    assert flagged.stats["note"].isna().sum() == 2  # the notes stay missing
    assert consolidations(flagged, start=2010, end=2020) == []


def test_an_event_of_top_level_units_has_no_parent() -> None:
    units = pd.DataFrame({"code": ["990100", "990200"], "name_zh": ["A市", "B市"],
                          "name_en": ["A", "B"], "level": "prefecture", "parent": pd.NA,
                          "role": "member"})
    stats = pd.DataFrame([{**_stat(c, 2020, "population", 1.0, "persons", True),
                           "note": "boundary change", "source": "x"}
                          for c in ("990100", "990200")])
    cons = consolidations(Region(name="top", units=units, stats=stats), start=2010, end=2020,
                          level="prefecture")
    assert cons == [Consolidation(code="990100+990200", members=("990100", "990200"),
                                  years=(2020,), parent=None, complete=True)]
    assert cons[0].parent is None
