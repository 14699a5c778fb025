"""Masses of the gravity-type indicators (``indicators/_masses.py``) on the toy province of
``tests/_indicator_fixtures.py`` and on small tables written here.

sqrt(P*G) with P in 万人 and G in 亿元, by hand for 2020: A = sqrt(900 * 6000),
B = sqrt(400 * 1500), C = sqrt(200 * 500), D = sqrt(100 * 250); 2010: A = sqrt(800 * 4000).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import flat_region, toy_region
from metroscope._errors import MissingDataError, ParameterError, error_text
from metroscope.indicators import _masses as M
from metroscope.region import Region

PREFS = ["990100", "990200", "990300", "990400"]
COUNTIES = ["990101", "990102", "990201", "990301", "990302", "990401"]


def test_sqrt_pg_by_hand_in_the_latest_complete_year() -> None:
    m = M.masses(toy_region(), mass="sqrt_pg", year=None, codes=PREFS, strict=False)
    assert m.mass == "sqrt_pg" and m.year == 2020 and type(m.year) is int
    assert m.values.name == "mass" and m.values.dtype == np.float64
    assert m.values.index.tolist() == PREFS
    want = [math.sqrt(900 * 6000), math.sqrt(400 * 1500), math.sqrt(200 * 500),
            math.sqrt(100 * 250)]
    assert m.values.tolist() == pytest.approx(want, rel=1e-12)
    assert m.gdp is not None and m.gdp.tolist() == [6000.0, 1500.0, 500.0, 250.0]
    assert m.indicators == ["population", "gdp"]
    assert m.notes == []
    m10 = M.masses(toy_region(), mass="sqrt_pg", year=2010, codes=["990100"], strict=True)
    assert m10.year == 2010 and m10.values["990100"] == pytest.approx(math.sqrt(800 * 4000))


def test_population_and_gdp_masses() -> None:
    m = M.masses(toy_region(), mass="population", year=2010, codes=PREFS, strict=True)
    assert m.mass == "population" and m.year == 2010
    assert m.values.tolist() == [8_000_000.0, 4_000_000.0, 2_500_000.0, 1_000_000.0]
    assert m.values.name == "mass" and m.indicators == ["population"]
    assert m.gdp is not None and m.gdp.tolist() == [4000.0, 1000.0, 500.0, 250.0]
    g = M.masses(toy_region(), mass="gdp", year=None, codes=PREFS[1:], strict=False)
    assert g.mass == "gdp" and g.year == 2020 and g.indicators == ["gdp"]
    assert g.values.tolist() == [1500.0, 500.0, 250.0] and g.values.name == "mass"
    assert g.gdp is not None and g.gdp.name == "gdp"  # the GDP itself, not renamed


def test_counties_without_gdp_fall_back_to_population_or_refuse() -> None:
    m = M.masses(toy_region(), mass="sqrt_pg", year=None, codes=COUNTIES, strict=False)
    assert m.mass == "population" and m.gdp is None and m.year == 2020
    assert m.values.tolist() == [6_000_000.0, 3_000_000.0, 4_000_000.0, 1_200_000.0,
                                 800_000.0, 1_000_000.0]
    assert m.notes == ["mass = population: no GDP exists for these units (counties have no "
                       "GDP in the official statistics), so sqrt(P*G) cannot be formed"]
    with pytest.raises(MissingDataError) as e:
        M.masses(toy_region(), mass="gdp", year=None, codes=COUNTIES, strict=False)
    assert error_text(e.value, "en") == (
        "No GDP for these units (counties have census population but no GDP in the official "
        "statistics): use mass='population'.")
    # a region without any GDP row falls back the same way
    no_gdp = flat_region({"a": 10.0, "b": 20.0}, indicator="population")
    m = M.masses(no_gdp, mass="sqrt_pg", year=2020, codes=["a", "b"], strict=True)
    assert m.mass == "population" and m.values.tolist() == [10.0, 20.0]


def test_unknown_mass_is_refused() -> None:
    with pytest.raises(ParameterError) as e:
        M.masses(toy_region(), mass="Population", year=None, codes=PREFS, strict=False)
    assert error_text(e.value, "en") == (
        "Unknown mass 'Population'; choose one of sqrt_pg, population, gdp.")


def _gdp(values: dict[str, float], extra: dict[int, dict[str, float]] | None = None) -> Region:
    return flat_region(values, indicator="gdp", extra_years=extra)


def test_units_without_a_positive_mass_are_left_out_and_named() -> None:
    r = _gdp({"a": 0.5, "b": 0.0, "c": 2.0, "d": 3.0, "e": math.nan})  # e: no row
    m = M.masses(r, mass="gdp", year=None, codes=["a", "b", "c", "d", "e"], strict=False)
    # a mass of half a unit is positive; zero and no value at all are not
    assert m.values.to_dict() == {"a": 0.5, "c": 2.0, "d": 3.0}
    assert m.gdp is not None and m.gdp.index.tolist() == ["a", "c", "d"]
    assert m.notes == ["no year has gdp for every unit; used the latest year with any value "
                       "(2020)", "left out for lack of a positive gdp mass in 2020: b, e"]
    assert m.notes[1].zh == "因2020年缺少正的gdp质量而剔除:b、e"


def test_sqrt_pg_drops_the_gdp_of_the_units_left_out() -> None:
    t = toy_region()
    st = t.stats.copy()
    st.loc[(st["code"] == "990300") & (st["indicator"] == "gdp") & (st["year"] == 2020),
           "value"] = 0.0
    m = M.masses(t.with_tables(stats=st), mass="sqrt_pg", year=2020, codes=PREFS,
                 strict=False)
    assert m.values.index.tolist() == ["990100", "990200", "990400"]
    assert m.gdp is not None and m.gdp.to_dict() == {"990100": 6000.0, "990200": 1500.0,
                                                     "990400": 250.0}
    assert m.notes == ["left out for lack of a positive sqrt_pg mass in 2020: 990300"]


def test_a_non_finite_mass_is_not_positive() -> None:
    r = Region(name="inf", units=_gdp({"a": 1.0}).units,
               stats=pd.DataFrame([{"code": "a", "year": 2020, "indicator": "gdp",
                                    "value": math.inf, "unit": "x", "source": "s",
                                    "quality": "A", "break": False}]), validate=False)
    with pytest.raises(MissingDataError, match="No positive gdp mass in 2020 for any of the 1"):
        M.masses(r, mass="gdp", year=2020, codes=["a"], strict=False)


def test_strict_units_without_a_mass_raise_naming_ten() -> None:
    codes = [f"u{i:02d}" for i in range(12)]
    r = _gdp({c: (5.0 if c == "u00" else 0.0) for c in codes},
             extra={2019: {"u00": 1.0}})
    with pytest.raises(MissingDataError) as e:
        M.masses(r, mass="gdp", year=2020, codes=codes, strict=True)
    assert error_text(e.value, "en") == (
        "No positive gdp mass in 2020 for 11 unit(s): u01, u02, u03, u04, u05, u06, u07, u08, "
        "u09, u10. Pick another year (available: [2019, 2020]) or leave these units out "
        "(codes=...).")
    # the years available are those of the units named (u00 alone has 2019)
    with pytest.raises(MissingDataError) as e:
        M.masses(r, mass="gdp", year=2020, codes=codes[1:3], strict=True)
    assert error_text(e.value, "en") == (
        "No positive gdp mass in 2020 for 2 unit(s): u01, u02. Pick another year (available: "
        "[2020]) or leave these units out (codes=...).")
    with pytest.raises(MissingDataError) as e:
        M.masses(r, mass="gdp", year=2020, codes=codes[1:], strict=False)
    assert error_text(e.value, "en") == (
        "No positive gdp mass in 2020 for any of the 11 unit(s). Pick another year "
        "(available: [2020]).")
    assert "2020 年全部 11 个单元的 gdp 质量都不为正" in error_text(e.value, "zh")


def test_values_any() -> None:
    t = toy_region()
    assert M.values_any(t, "gdp", PREFS)
    assert not M.values_any(t, "gdp", COUNTIES)
    assert M.values_any(t, "gdp", ["990000"])
    assert not M.values_any(t, "no_such", PREFS)
    r = Region(name="nan", units=_gdp({"a": 1.0}).units,
               stats=pd.DataFrame([{"code": "a", "year": 2020, "indicator": "gdp",
                                    "value": math.nan, "unit": "x", "source": "s",
                                    "quality": "A", "break": False}]), validate=False)
    assert not M.values_any(r, "gdp", ["a"])


def test_per_capita_scale() -> None:
    assert M.per_capita_scale("gdp", None) == (1.0, "gdp")
    # GDP in 亿元 (1e8 yuan) per person is yuan per person x 1e8
    assert M.per_capita_scale("gdp", "population") == (1e8, "yuan per person")
    assert M.per_capita_scale("gdp", "population_yearend") == (1e8, "yuan per person")
    assert M.per_capita_scale("gdp", "land_area") == (1.0, "gdp per land_area")
    assert M.per_capita_scale("va_tertiary", "population") == (
        1.0, "va_tertiary per population")
    assert M.PERSONS_PER_WAN == 1e4
