"""Units x industries employment tables (``indicators/_employment.py``) on the toy province of
``tests/_indicator_fixtures.py`` (2020 sample counts of A 990100: manufacturing 500, finance
300, agriculture 200; B: 300, 50, 150; C: 100, 50, 350; D: 100, 100, 300) and on small tables
written here. The columns follow the census order of industries (agriculture, mining,
manufacturing, ..., finance, ...)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import (
    EMP_2010,
    EMP_COUNTY,
    EMPLOYMENT,
    employment_region,
    rich_employment_region,
    toy_region,
)
from metroscope._errors import (
    MissingDataError,
    ParameterError,
    UnknownIndicatorError,
    error_text,
)
from metroscope.indicators import _employment as E
from metroscope.region import Region

PREFS = ["990100", "990200", "990300", "990400"]
ORDER = ["agriculture", "manufacturing", "finance"]  # the census order of the toy's three


def _census(counts: dict[str, tuple[int, int, int]]) -> list[list[float]]:
    """(manufacturing, finance, agriculture) counts in census order."""
    return [[float(v[2]), float(v[0]), float(v[1])] for v in counts.values()]


def test_employment_matrix_of_the_toy_province() -> None:
    e = E.employment_matrix(toy_region())
    assert e.year == 2020 and type(e.year) is int
    assert e.matrix.index.name == "code" and e.matrix.columns.name == "industry"
    assert e.matrix.index.tolist() == PREFS and e.matrix.columns.tolist() == ORDER
    assert e.matrix.to_numpy().tolist() == _census(EMPLOYMENT)
    assert (e.matrix.dtypes == np.float64).all()
    assert e.indicators == [f"employed_sample_{k}" for k in ORDER]
    assert e.notes == []


def test_employment_matrix_latest_year_another_year_and_counties() -> None:
    r = rich_employment_region()
    assert E.employment_matrix(r).year == 2020
    e = E.employment_matrix(r, year=2010)
    assert e.year == 2010 and e.matrix.to_numpy().tolist() == _census(EMP_2010)
    e = E.employment_matrix(r, level="county")
    assert e.matrix.index.tolist() == list(EMP_COUNTY)
    assert e.matrix.to_numpy().tolist() == _census(EMP_COUNTY)
    e = E.employment_matrix(r, codes=["990300", "990100"])
    assert e.matrix.index.tolist() == ["990100", "990300"] and e.year == 2020
    # the latest year of the units chosen: 2010 alone when 2020 is removed
    st = r.stats[~((r.stats["year"] == 2020) & (r.stats["code"] == "990200"))]
    e = E.employment_matrix(r.with_tables(stats=st), codes=["990200"])
    assert e.year == 2010 and e.matrix.to_numpy().tolist() == [[100.0, 200.0, 200.0]]


def test_named_industries_keep_their_order_and_names() -> None:
    t = toy_region()
    e = E.employment_matrix(t, industries=("employed_sample_finance",
                                           "employed_sample_manufacturing"))
    assert e.matrix.columns.tolist() == ["finance", "manufacturing"]
    assert e.matrix.loc["990200"].tolist() == [50.0, 300.0]
    assert e.indicators == ["employed_sample_finance", "employed_sample_manufacturing"]
    extra = pd.DataFrame([{"code": c, "year": 2020, "indicator": "jobs_x", "value": float(v),
                           "unit": "persons", "source": "s", "quality": "A", "break": False}
                          for c, v in zip(PREFS, (4, 3, 2, 1), strict=True)])
    t2 = t.with_tables(stats=pd.concat([t.stats, extra], ignore_index=True))
    e = E.employment_matrix(t2, industries=["jobs_x", "employed_sample_finance"])
    assert e.matrix.columns.tolist() == ["jobs_x", "finance"]
    assert e.matrix["jobs_x"].tolist() == [4.0, 3.0, 2.0, 1.0]
    with pytest.raises(UnknownIndicatorError, match="'employed_sample_mining'"):
        E.employment_matrix(t, industries=["employed_sample_mining"])


def test_no_employment_data_is_refused() -> None:
    no_emp = toy_region()
    no_emp = no_emp.with_tables(stats=no_emp.stats[
        ~no_emp.stats["indicator"].str.startswith("employed_sample_")])
    with pytest.raises(MissingDataError) as e:
        E.employment_matrix(no_emp)
    assert error_text(e.value, "en") == (
        "Region 'toy' has no census employment by industry (employed_sample_<industry>); pass "
        "industries=[...] naming your columns.")
    with pytest.raises(MissingDataError) as e:
        E.employment_matrix(toy_region(), level="county")
    assert error_text(e.value, "en") == "No employment values for the 6 selected units."


def _region(matrix: dict[str, tuple[float, ...]], industries: tuple[str, ...],
            totals: dict[str, float] | None = None, drop: set[tuple[str, str]] | None = None,
            validate: bool = True) -> Region:
    """Prefectures with the given counts; ``drop`` removes (code, industry) cells; ``totals``
    adds ``employed_sample_total`` rows."""
    r = employment_region(matrix, industries)
    rows = [x for x in r.stats.to_dict("records")
            if (x["code"], str(x["indicator"])[len("employed_sample_"):]) not in (drop or set())]
    rows += [{"code": c, "year": 2020, "indicator": "employed_sample_total", "value": v,
              "unit": "persons", "source": "hand", "quality": "A", "break": False}
             for c, v in (totals or {}).items()]
    return Region(name="emp", units=r.units, stats=pd.DataFrame(rows), validate=validate)


IND3 = ("manufacturing", "finance", "mining")  # census order: mining, manufacturing, finance


def _twenty() -> dict[str, tuple[float, ...]]:
    return {f"u{i:02d}": (10.0 + i, 5.0, 1.0 + i % 3) for i in range(20)}


def test_gaps_that_the_reported_total_proves_zero_are_filled() -> None:
    m = _twenty()
    tot = {c: sum(v) for c, v in m.items()}
    tot["u01"] = 11.0 + 5.0          # mining missing; the others sum to the total
    tot["u02"] = 12.0 + 5.0 + 0.5    # half a person off: still read as 0
    tot["u03"] = 13.0 + 5.0 + 0.6    # more: the gap stays unknown, u03 is left out
    tot["u04"] = 5.0                 # manufacturing and mining missing, finance = total
    drop = {("u01", "mining"), ("u02", "mining"), ("u03", "mining"), ("u04", "mining"),
            ("u04", "manufacturing")}
    e = E.employment_matrix(_region(m, IND3, tot, drop))
    assert e.matrix.columns.tolist() == ["mining", "manufacturing", "finance"]
    assert e.matrix.loc["u01"].tolist() == [0.0, 11.0, 5.0]
    assert e.matrix.loc["u02"].tolist() == [0.0, 12.0, 5.0]
    assert e.matrix.loc["u04"].tolist() == [0.0, 0.0, 5.0]
    assert "u03" not in e.matrix.index and len(e.matrix) == 19
    assert e.notes == [
        "4 missing industry cells of 3 units set to 0: their other industries already sum to "
        "the reported total (employed_sample_total)",
        "left out for incomplete employment data in 2020: u03"]
    assert e.notes[0].zh.startswith("4个缺失的行业单元格(3个单元)记为0")


def test_gaps_are_filled_after_the_units_without_data_are_left_out() -> None:
    m = {**_twenty(), "zz": (1.0, 1.0, 1.0)}
    tot = {c: sum(v) for c, v in m.items()}
    tot["u01"] = 11.0 + 5.0
    e = E.employment_matrix(_region(m, IND3, tot, {("u01", "mining"),
                                                   *(("zz", k) for k in IND3)}))
    assert e.matrix.loc["u01"].tolist() == [0.0, 11.0, 5.0] and len(e.matrix) == 20
    assert e.notes == [
        "no employment by industry in 2020 for: zz",
        "1 missing industry cells of 1 units set to 0: their other industries already sum to "
        "the reported total (employed_sample_total)"]


def test_totals_are_read_only_for_the_census_industries() -> None:
    m = _twenty()
    tot = {c: sum(v) for c, v in m.items()}
    tot["u01"] = 11.0 + 5.0
    r = _region(m, IND3, tot, {("u01", "mining")})
    named = [f"employed_sample_{k}" for k in IND3]
    e = E.employment_matrix(r, industries=named)
    assert "u01" not in e.matrix.index
    assert e.notes == ["left out for incomplete employment data in 2020: u01"]
    # without a total row the gap stays unknown as well
    e = E.employment_matrix(_region(m, IND3, None, {("u01", "mining")}))
    assert "u01" not in e.matrix.index


def test_a_unit_without_any_cell_is_not_filled_from_a_zero_total() -> None:
    # 21 units: the one without any cell is under 5 % of them, so no industry is left out
    m = {**_twenty(), "zz": (1.0, 1.0, 1.0)}
    r = _region(m, IND3, {"u00": 16.0, "zz": 0.0}, {("zz", k) for k in IND3})
    with pytest.raises(MissingDataError) as e:
        E.employment_matrix(r, codes=list(m))
    assert error_text(e.value, "en") == (
        "Employment by industry in 2020 is incomplete for 1 unit(s): zz. Choose another year "
        "or leave them out.")
    e2 = E.employment_matrix(r)
    assert e2.matrix.index.tolist() == list(_twenty())
    assert e2.notes == ["no employment by industry in 2020 for: zz"]
    assert e2.notes[0].zh == "2020年没有分行业就业数据:zz"


def test_an_industry_missing_for_more_than_five_percent_of_units_is_left_out() -> None:
    m = _twenty()
    # one unit of twenty (5 %): the unit goes; two (10 %): the industry goes
    e = E.employment_matrix(_region(m, IND3, None, {("u05", "finance")}))
    assert e.matrix.columns.tolist() == ["mining", "manufacturing", "finance"]
    assert len(e.matrix) == 19 and "u05" not in e.matrix.index
    e = E.employment_matrix(_region(m, IND3, None, {("u05", "finance"), ("u07", "finance"),
                                                    ("u09", "mining")}))
    assert e.matrix.columns.tolist() == ["mining", "manufacturing"]
    assert len(e.matrix) == 19 and "u09" not in e.matrix.index
    assert e.notes == [
        "industries missing for many units, left out (not read as 0): finance (2)",
        "left out for incomplete employment data in 2020: u09"]
    # named industries are never left out: the units are
    named = [f"employed_sample_{k}" for k in IND3]
    e = E.employment_matrix(_region(m, IND3, None, {("u05", "finance"), ("u07", "finance")}),
                            industries=named)
    assert e.matrix.columns.tolist() == ["manufacturing", "finance", "mining"]
    assert len(e.matrix) == 18
    assert e.notes == ["left out for incomplete employment data in 2020: u05, u07"]


def test_strict_incomplete_units_name_ten() -> None:
    m = {f"u{i:02d}": (1.0, 2.0, 3.0) for i in range(12)}
    drop = {(f"u{i:02d}", "finance") for i in range(11)}
    r = _region(m, IND3, None, drop)
    with pytest.raises(MissingDataError) as e:
        E.employment_matrix(r, codes=list(m), industries=[f"employed_sample_{k}"
                                                          for k in IND3])
    listed = ", ".join(f"u{i:02d}" for i in range(10))
    assert error_text(e.value, "en") == (
        f"Employment by industry in 2020 is incomplete for 11 unit(s): {listed}. Choose "
        "another year or leave them out.")


def test_no_complete_unit_negative_counts_and_empty_industries() -> None:
    m = {"a": (1.0, 2.0, 3.0), "b": (4.0, 5.0, 6.0)}
    r = _region(m, IND3, None, {("a", "finance"), ("b", "mining")})
    with pytest.raises(MissingDataError) as e:
        E.employment_matrix(r, industries=[f"employed_sample_{k}" for k in IND3])
    assert error_text(e.value, "en") == "No unit has complete employment by industry in 2020."
    r0 = _region({"a": (1.0, 2.0, 3.0), "b": (4.0, 5.0, 6.0)}, IND3)
    st = r0.stats.copy()
    st.loc[1, "value"] = -2.0  # a Region refuses it; one built without the checks
    neg = Region(name="emp", units=r0.units, stats=st, validate=False)
    with pytest.raises(MissingDataError) as e:
        E.employment_matrix(neg)
    assert error_text(e.value, "en") == "Employment counts must be >= 0."
    # zeros are counts: an industry without employment is dropped, a unit without any too
    z = _region({"a": (1.0, 0.0, 0.0), "b": (4.0, 0.0, 6.0), "c": (0.0, 0.0, 0.0)}, IND3)
    e = E.employment_matrix(z)
    assert e.matrix.columns.tolist() == ["mining", "manufacturing"]
    assert e.matrix.index.tolist() == ["a", "b"]
    assert e.matrix.to_numpy().tolist() == [[0.0, 1.0], [6.0, 4.0]]
    assert e.notes == ["industries with no employment in these units (dropped): finance",
                       "units with no employment (dropped): c"]
    assert e.notes[1].zh == "这些单元没有就业(已剔除):c"


def test_units_that_contain_one_another_are_refused() -> None:
    r = rich_employment_region()
    with pytest.raises(ParameterError) as e:
        E.employment_matrix(r, level=None)
    assert error_text(e.value, "en") == (
        "The units overlap: 990100 (A市) contains 990101 (990101); 990100 (A市) contains "
        "990102 (990102); 990200 (B市) contains 990201 (990201); 990300 (C市) contains 990301 "
        "(990301); 990300 (C市) contains 990302 (990302) (and 1 more). Their employment would "
        "be counted twice. Choose units of one level (level='prefecture' or level='county'), "
        "or codes none of which contains another.")
    assert error_text(e.value, "zh").startswith(
        "所选单元相互包含:990100 (A市)包含990101 (990101);990100 (A市)包含990102 (990102);")
    assert "(另有 1 对)" in error_text(e.value, "zh")
    assert "990401" not in error_text(e.value, "zh") + error_text(e.value, "en")  # the sixth
    five = ["990100", "990101", "990102", "990200", "990201", "990300", "990301", "990302"]
    with pytest.raises(ParameterError) as e:
        E.employment_matrix(r, level=None, codes=five)
    assert "(990302). Their employment" in error_text(e.value, "en")
    # the nearest ancestor in the set is named; a unit without a Chinese name by its code
    units = r.units.reset_index()
    units.loc[units["code"] == "990100", "name_zh"] = pd.NA
    odd = Region(name="odd", units=units, stats=r.stats, validate=False)
    with pytest.raises(ParameterError) as e:
        E.employment_matrix(odd, level=None, codes=["990100", "990101"])
    assert error_text(e.value, "en").startswith(
        "The units overlap: 990100 contains 990101 (990101). Their")


def test_lq_array_by_hand() -> None:
    x = np.array([[8.0, 2.0], [2.0, 8.0]])
    np.testing.assert_allclose(E.lq_array(x), [[1.6, 0.4], [0.4, 1.6]], rtol=1e-12)
    # against a reference: column shares 1/4 and 3/4
    got = E.lq_array(x, np.array([[1.0, 3.0]]))
    np.testing.assert_allclose(got, [[0.8 / 0.25, 0.2 / 0.75], [0.2 / 0.25, 0.8 / 0.75]],
                               rtol=1e-12)
    assert got.dtype == np.float64
    # an empty row gives NaN, an industry absent from the reference inf; no warning
    got = E.lq_array(np.array([[0.0, 0.0], [1.0, 3.0]]), np.array([[2.0, 0.0]]))
    assert np.isnan(got[0]).all()
    assert got[1, 0] == pytest.approx(0.25) and math.isinf(got[1, 1])
    ints = E.lq_array(np.array([[1, 3], [3, 1]]))
    assert ints.dtype == np.float64 and ints.tolist() == [[0.5, 1.5], [1.5, 0.5]]


def test_shares_and_finish() -> None:
    s = E._shares(pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 2.0]}, index=["x", "y"]))
    assert s.to_numpy().tolist() == [[0.25, 0.75], [0.5, 0.5]]
    r = rich_employment_region()  # employment in 2010 too
    # the sources of the rows behind the table only: not 2010's, not another unit's
    st = r.stats.copy()
    st.loc[st["year"] == 2010, "source"] = "census 2010"
    st.loc[st["code"] == "990300", "source"] = "another unit"
    r = r.with_tables(stats=st)
    emp = E.employment_matrix(r, codes=["990100", "990200"])
    out = E._finish(pd.DataFrame({"v": [1.0, 2.0]}, index=pd.Index(["990100", "990200"],
                                                                     name="code")),
                    "location_quotients", r, emp, "prefecture", {"base": "units"},
                    notes=["own note"])
    meta = out.attrs["metroscope"]
    assert meta["indicator"] == "location_quotients" and meta["region"] == "toy"
    assert meta["year"] == 2020 and meta["level"] == "prefecture"
    assert meta["measure"] == "employment by industry (census long-form sample; shares only)"
    assert meta["parameters"]["industries"] == ORDER
    assert meta["parameters"]["base"] == "units"
    assert meta["sources"] == ["hand-built test data"]
    assert meta["notes"] == ["own note"]
    assert meta["reference"] == E.REFERENCE
    out = E._finish(pd.DataFrame({"v": [1.0]}, index=pd.Index(["990100"], name="code")),
                    "x", r, emp, None, reference="elsewhere")
    assert out.attrs["metroscope"]["reference"] == "elsewhere"
    assert out.attrs["metroscope"]["parameters"]["industries"] == ORDER
