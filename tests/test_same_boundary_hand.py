"""Pairing a level with a population on its own boundary (``indicators/_same_boundary.py``),
on a toy statistics table whose every value is written here.

The table replaces the Changchun region's ``stats`` (codes are the region's prefectures; the
values are made up). Census populations of 2010: 220100, 220200, 220500, 220600, 220700 and
220800 adjusted to the 2020 boundaries, 220300 and 220400 on their own (2010) boundary.
Boundary breaks (rows flagged ``break`` whose note says "boundary"):

    220100  2020 (= the census boundary year: between 2010 and 2020)    -> mixed
    220200  2020, but no gdp_per_capita                                  -> left out
    220300  2015, census on its 2010 boundary (2010 < 2015 <= 2010 fails) -> unchanged
    220300  also a break in 2016 without a note (not a boundary's)
    220400  2010 (not after 2010) and a revision (no "boundary")          -> unchanged
    220500  2021 (after 2020)                                            -> unchanged
    220600  2020, published gdp_per_capita 0                             -> left out
    220700  2020, GDP missing                                            -> unchanged
    220800  2020, flagged pd.NA                                          -> unchanged

Mixed units: GDP x 1e8 / (yuan per person) persons, e.g. 220100: 10 x 1e8 / 50,000 = 20,000.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import metroscope
from metroscope.indicators._same_boundary import (
    boundary_break_years,
    census_boundary_year,
    same_boundary_weight,
)

ADJ = "census city file (boundary-adjusted: 2010 values on the 2020 boundaries)"
OWN = "county yearbook file (boundary of that year)"
CODES = ["220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800"]


def row(code: str, year: int, ind: str, value: float, brk: object = False,
        note: str | None = "toy") -> dict[str, object]:
    return {"code": code, "year": year, "indicator": ind, "value": value, "unit": "x",
            "source": "toy", "quality": "A", "break": brk, "note": note}


def toy_rows() -> list[dict[str, object]]:
    pops = {"220100": (1000, ADJ), "220200": (2000, ADJ), "220300": (3000, OWN),
            "220400": (4000, OWN), "220500": (5000, ADJ), "220600": (6000, ADJ),
            "220700": (7000, ADJ), "220800": (8000, ADJ)}
    rows = [row(c, 2010, "population", v, note=n) for c, (v, n) in pops.items()]
    rows += [row(c, 2010, "gdp", g) for c, g in zip(CODES[:6], [10, 20, 30, 40, 50, 60],
                                                    strict=True)]
    rows.append(row("220800", 2010, "gdp", 80))
    rows += [row("220100", 2020, "gdp", 1, True, "series break: boundary change"),
             row("220200", 2020, "population_yearend", 1, True, "boundary moved"),
             row("220300", 2015, "gdp", 1, True, "boundary change"),
             row("220400", 2010, "population_yearend", 1, True, "boundary change"),
             row("220400", 2015, "gdp", 1, True, "series break: census revision"),
             row("220400", 2016, "gdp", 1, False, "boundary of that year"),
             row("220300", 2016, "population_yearend", 1, True, None),  # a break, no note
             row("220500", 2021, "gdp", 1, True, "boundary change"),
             row("220600", 2020, "gdp", 1, True, "boundary change"),
             row("220700", 2020, "gdp", 1, True, "boundary change"),
             row("220800", 2020, "gdp", 1, pd.NA, "boundary change"),
             row("220100", 2010, "gdp_per_capita", 50000.0),
             row("220600", 2010, "gdp_per_capita", 0.0),
             row("220300", 2010, "gdp_per_capita", 1.0)]
    return rows


@pytest.fixture(scope="module")
def toy() -> metroscope.Region:
    base = metroscope.load("changchun")
    st = pd.DataFrame(toy_rows()).astype({"code": "string", "year": "Int64",
                                          "indicator": "string", "break": "boolean",
                                          "note": "string"})
    return base.with_tables(stats=st)


def inputs(region: metroscope.Region) -> tuple[pd.Series, pd.Series]:
    st = region.stats
    y = st[(st["indicator"] == "gdp") & (st["year"] == 2010)].set_index("code")["value"]
    p = st[(st["indicator"] == "population") & (st["year"] == 2010)].set_index("code")["value"]
    return y.reindex(CODES).astype("float64"), p.reindex(CODES).astype("float64")


def test_break_years_by_hand(toy: metroscope.Region) -> None:
    got = boundary_break_years(toy)
    assert got == {"220100": {2020}, "220200": {2020}, "220300": {2015}, "220400": {2010},
                   "220500": {2021}, "220600": {2020}, "220700": {2020}}
    assert boundary_break_years(toy.with_tables(stats=toy.stats.drop(columns="note"))) == {}


def test_census_boundary_year_by_hand(toy: metroscope.Region) -> None:
    got = census_boundary_year(toy, 2010, [*CODES, "229900"])
    assert got == {"220100": 2020, "220200": 2020, "220300": 2010, "220400": 2010,
                   "220500": 2020, "220600": 2020, "220700": 2020, "220800": 2020}
    assert census_boundary_year(toy, 2020, CODES) == {}  # no population rows of 2020
    assert census_boundary_year(toy, 2010, ["220300", "220100"]) == {"220300": 2010,
                                                                     "220100": 2020}
    # no notes at all: every row on the boundary of its own year
    bare = toy.with_tables(stats=toy.stats.drop(columns="note"))
    assert census_boundary_year(bare, 2010, ["220100", "220400"]) == {"220100": 2010,
                                                                      "220400": 2010}


def test_same_boundary_weight_by_hand(toy: metroscope.Region) -> None:
    y, p = inputs(toy)
    q, notes, used = same_boundary_weight(toy, "gdp", "population", 2010, y, p)
    assert q is not None
    want = {"220100": 10 * 1e8 / 50000, "220200": math.nan, "220300": 3000.0,
            "220400": 4000.0, "220500": 5000.0, "220600": math.nan, "220700": 7000.0,
            "220800": 8000.0}
    pd.testing.assert_series_equal(q, pd.Series(want, name=q.name).rename_axis("code"),
                                   check_names=False, check_index_type=False, rtol=1e-15)
    assert p["220100"] == 1000.0 and p["220200"] == 2000.0  # the input is not changed
    assert used == ["gdp_per_capita"]
    assert [n.key for n in notes] == ["ind_per_capita_published",
                                      "ind_per_capita_no_same_boundary"]
    assert notes[0].params == {"year": 2010, "measure": "gdp", "boundary_year": [2020],
                               "codes": ["220100"]}
    assert notes[1].params == {"year": 2010, "measure": "gdp", "boundary_year": [2020],
                               "codes": ["220200", "220600"]}


def test_other_levels_have_no_published_per_capita(toy: metroscope.Region) -> None:
    """A value added is a level on its own boundary too, but no per-capita figure of it is
    published: every mixed unit is left out."""
    y, p = inputs(toy)
    q, notes, used = same_boundary_weight(toy, "va_tertiary", "population", 2010, y, p)
    assert q is not None and used == []
    assert [c for c in CODES if math.isnan(q[c])] == ["220100", "220200", "220600"]
    assert [n.key for n in notes] == ["ind_per_capita_no_same_boundary"]
    assert notes[0].params["codes"] == ["220100", "220200", "220600"]
    assert notes[0].params["measure"] == "va_tertiary"


def test_only_mixed_units_with_a_published_value_are_fixed(toy: metroscope.Region) -> None:
    """220100 alone: fixed, one note; no population, another weight or a ratio: unchanged."""
    y, p = inputs(toy)
    one = p[["220100", "220300"]]
    q, notes, used = same_boundary_weight(toy, "gdp", "population", 2010, y, one)
    assert q is not None and q.tolist() == [20000.0, 3000.0]
    assert [n.key for n in notes] == ["ind_per_capita_published"] and used == ["gdp_per_capita"]
    for args in (("gdp", "population", None), ("gdp", "area", p),
                 ("gdp_per_capita", "population", p)):
        out = same_boundary_weight(toy, args[0], args[1], 2010, y, args[2])
        assert out[0] is args[2] and out[1] == [] and out[2] == []
    # census counts as integers: the replaced populations (and NaN) make a float column
    ints = pd.Series([1000, 2000, 3000], index=["220100", "220200", "220300"], dtype="int64")
    q, notes, _ = same_boundary_weight(toy, "gdp", "population", 2010, y, ints)
    assert q is not None and q.dtype == "float64" and ints.dtype == "int64"
    assert q["220100"] == 20000.0 and math.isnan(q["220200"]) and q["220300"] == 3000.0
    # nothing mixed: the same object back
    q, notes, used = same_boundary_weight(toy, "gdp", "population", 2010, y, p[["220300"]])
    assert notes == [] and used == [] and q is not None and q.tolist() == [3000.0]


def test_the_census_year_after_the_level_year(toy: metroscope.Region) -> None:
    """A level of 2025 with a census adjusted to 2020: a break in 2021 lies between them
    (min(2025, 2020) < 2021 <= max), one in 2020 does not."""
    rows = [row("220500", 2025, "population", 500, note="x (on the 2020 boundaries)"),
            row("220100", 2025, "population", 100, note="x (on the 2020 boundaries)"),
            row("220500", 2025, "gdp", 5), row("220100", 2025, "gdp", 1),
            row("220500", 2021, "gdp", 1, True, "boundary"),
            row("220100", 2020, "gdp", 1, True, "boundary"),
            row("220500", 2025, "gdp_per_capita", 25000.0),
            # a published value below one yuan is still a value: 2 x 1e8 / 0.5
            row("220200", 2025, "population", 200, note="x (on the 2020 boundaries)"),
            row("220200", 2025, "gdp", 2), row("220200", 2021, "gdp", 1, True, "boundary"),
            row("220200", 2025, "gdp_per_capita", 0.5)]
    st = pd.DataFrame(rows).astype({"code": "string", "year": "Int64", "indicator": "string",
                                    "break": "boolean", "note": "string"})
    r = toy.with_tables(stats=st)
    y = pd.Series({"220100": 1.0, "220500": 5.0, "220200": 2.0})
    p = pd.Series({"220100": 100.0, "220500": 500.0, "220200": 200.0})
    q, notes, _ = same_boundary_weight(r, "gdp", "population", 2025, y, p)
    assert q is not None and q.tolist() == [100.0, 5 * 1e8 / 25000, 2 * 1e8 / 0.5]
    assert notes[0].params["codes"] == ["220500", "220200"]
    assert notes[0].params["boundary_year"] == [2020] and notes[0].params["year"] == 2025
