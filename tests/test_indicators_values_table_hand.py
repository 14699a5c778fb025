"""A Region from a plain table of values (``indicators/_table.py``, the command line's
``--data``): every unit and stats cell of small tables written here, and every refusal with its
data rows counted by hand (1-based, as a spreadsheet numbers them below the header)."""

from __future__ import annotations

import pandas as pd
import pytest

from metroscope._errors import MissingDataError, error_text
from metroscope.indicators._table import CROSS_SECTION_YEAR, values_region


def _table() -> pd.DataFrame:
    return pd.DataFrame({"city": [" a1 ", "b2", "c3", "a1", "b2", "c3"],
                         "yr": [2020, 2020, 2020, 2021, 2021, 2021],
                         "gdp": [50, 80, 40, 55, None, 44],
                         "pop": ["10", "20", "5", "11", "21", ""],
                         "grp": ["x", "x", "y", "x", "x", "y"]})


def test_units_and_stats_of_a_yearly_table_cell_by_cell() -> None:
    reg = values_region(_table(), id_col="city", value_cols=["gdp", "pop"], group_col="grp",
                        year_col="yr", level="county", source="yb.csv", name="jl")
    assert reg.name == "jl"
    assert dict(reg.meta) == {"title_en": "jl", "source": "yb.csv"}
    u = reg.units
    assert list(u.index) == ["a1", "b2", "c3"]
    assert list(u["name_zh"]) == ["a1", "b2", "c3"]
    assert list(u["name_en"]) == ["a1", "b2", "c3"]
    assert set(u["level"]) == {"county"}
    assert set(u["role"]) == {"member"}
    assert u["parent"].isna().all()
    assert list(u["group"]) == ["x", "x", "y"]
    s = reg.stats.sort_values(["indicator", "year", "code"]).reset_index(drop=True)
    # gdp of b2 in 2021 and pop of c3 in 2021 are missing: no row
    want = [("a1", 2020, "gdp", 50.0), ("b2", 2020, "gdp", 80.0), ("c3", 2020, "gdp", 40.0),
            ("a1", 2021, "gdp", 55.0), ("c3", 2021, "gdp", 44.0),
            ("a1", 2020, "pop", 10.0), ("b2", 2020, "pop", 20.0), ("c3", 2020, "pop", 5.0),
            ("a1", 2021, "pop", 11.0), ("b2", 2021, "pop", 21.0)]
    got = list(zip(s["code"], s["year"].astype(int), s["indicator"], s["value"], strict=True))
    assert got == want
    assert s["value"].dtype == "float64"
    assert set(s["unit"]) == {"value"}
    assert set(s["source"]) == {"yb.csv"}
    assert set(s["quality"]) == {"D"}
    assert not s["break"].astype(bool).any()


def test_the_defaults_one_year_and_no_group() -> None:
    t = pd.DataFrame({"id": [1, 2], "v": [3.5, 4.0]})
    reg = values_region(t, id_col="id", value_cols=["v"], year=2019)
    assert reg.name == "table"
    assert dict(reg.meta) == {"title_en": "table", "source": "user table"}
    assert list(reg.units.index) == ["1", "2"]
    assert set(reg.units["level"]) == {"prefecture"}
    assert "group" not in reg.units.columns or reg.units["group"].isna().all()
    s = reg.stats.sort_values("code")
    assert list(s["year"].astype(int)) == [2019, 2019]
    assert list(s["value"]) == [3.5, 4.0]
    assert set(s["source"]) == {"user table"}


def test_a_table_without_years_is_one_cross_section() -> None:
    t = pd.DataFrame({"id": ["p", "q"], "v": [1, 2]})
    reg = values_region(t, id_col="id", value_cols=["v"])
    assert CROSS_SECTION_YEAR == 0
    assert dict(reg.meta) == {"title_en": "table", "source": "user table", "cross_section": True}
    assert list(reg.stats["year"].astype(int)) == [0, 0]


def test_absent_columns_are_all_named() -> None:
    t = pd.DataFrame({"id": ["p"], "v": [1]})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v", "w"], group_col="g", year_col="y")
    assert error_text(ei.value, "en") == (
        "Column(s) ['w', 'g', 'y'] not in the table; its columns are id, v.")


def test_a_group_or_year_column_that_is_given_must_exist_alone() -> None:
    t = pd.DataFrame({"id": ["p"], "v": [1]})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v"], year_col="y")
    assert "['y']" in error_text(ei.value, "en")
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v"], group_col="g")
    assert "['g']" in error_text(ei.value, "en")


def test_no_value_column_is_refused() -> None:
    t = pd.DataFrame({"id": ["p"], "v": [1]})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=[])
    assert error_text(ei.value, "en") == (
        "Name at least one value column (--value COL or --value-cols A,B).")


def test_every_problem_of_a_table_at_once_with_its_rows() -> None:
    t = pd.DataFrame({"id": ["a", " ", None, "a", "b", "c", "d"],
                      "yr": ["2020", "2020", "2020", "2020", "x", "2021", "2021"],
                      "v": ["1", "2", "3", "4", "5", "n/a", " "],
                      "w": [1, 2, 3, 4, 5, 6, 7]})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v", "w"], year_col="yr")
    # rows 2 (" ") and 3 (None) have no id; row 5's year "x" is not a number; rows 1 and 4
    # repeat (a, 2020); column v row 6 "n/a" is not a number (row 7's blank is a missing value)
    assert error_text(ei.value, "en") == (
        "Problems in the table:\n"
        "  - empty id in data row(s) [2, 3]\n"
        "  - non-numeric year in data row(s) [5]\n"
        "  - duplicate (id, year) in data row(s) [1, 4]\n"
        "  - column 'v': non-numeric value(s) in data row(s) [6]")
    assert error_text(ei.value, "zh") == (
        "表中有以下问题:\n"
        "  - 数据行 [2, 3] 的 id 为空\n"
        "  - 数据行 [5] 的年份不是数字\n"
        "  - 数据行 [1, 4] 的 (id, year) 重复\n"
        "  - 列 'v':数据行 [6] 含有非数字值")


def test_a_repeated_id_in_a_cross_section_says_why() -> None:
    t = pd.DataFrame({"id": ["a", "b", "a"], "v": [1, 2, 3]})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v"])
    assert error_text(ei.value, "en") == (
        "Problems in the table:\n  - "
        "duplicate id in data row(s) [1, 3]; a table without a year column is one "
        "cross-section: one row per id (or pass --year-col)")
    # with one year given the table is not a cross-section: no hint, and "id" is what repeats
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v"], year=2020)
    assert error_text(ei.value, "en") == (
        "Problems in the table:\n  - duplicate id in data row(s) [1, 3]")


def test_rows_are_listed_up_to_ten() -> None:
    t = pd.DataFrame({"id": [""] * 12, "v": range(12)})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v"], year=2020)
    assert error_text(ei.value, "en").startswith(
        "Problems in the table:\n  - empty id in data row(s) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n")
    t = pd.DataFrame({"id": [str(i) for i in range(12)], "v": ["x"] * 12,
                      "yr": ["?"] * 12})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v"], year_col="yr")
    text = error_text(ei.value, "en")
    assert "non-numeric year in data row(s) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" in text
    assert text.endswith("non-numeric value(s) in data row(s) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")


def test_the_tables_have_the_data_model_columns_and_nothing_else() -> None:
    # docs/data-model.md: units and stats columns (a group column is the one addition)
    reg = values_region(_table(), id_col="city", value_cols=["gdp"], group_col="grp",
                        year_col="yr")
    assert list(reg.units.columns) == ["name_zh", "name_en", "level", "parent", "role",
                                       "group", "seat_lon", "seat_lat", "geometry"]
    assert list(reg.stats.columns) == ["code", "year", "indicator", "value", "unit", "source",
                                       "quality", "break"]
    reg = values_region(_table(), id_col="city", value_cols=["gdp"], year_col="yr")
    assert "group" not in reg.units.columns


def test_repeated_rows_are_listed_up_to_ten() -> None:
    t = pd.DataFrame({"id": ["a"] * 12, "v": range(12)})
    with pytest.raises(MissingDataError) as ei:
        values_region(t, id_col="id", value_cols=["v"], year=2020)
    assert error_text(ei.value, "en") == (
        "Problems in the table:\n  - duplicate id in data row(s) "
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")
