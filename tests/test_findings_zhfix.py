"""Findings of a new user's trial and of the examples writer: library bugs, English left in
Chinese views, and CLI/API rough edges (each test failed before its fix)."""

from __future__ import annotations

import pandas as pd


def test_convert_units_keeps_a_numeric_value_column_numeric() -> None:
    """`convert_units` wrote ``repr`` strings back into the value column, so a float column
    raised TypeError; it only worked on the readers' text tables."""
    from metroscope.importers import convert_units

    stats = pd.DataFrame({"code": ["220100", "220200"], "year": [2020, 2020],
                          "indicator": ["gdp", "gdp"], "value": [66015900.0, 17000.0],
                          "unit": ["cny_10k", "cny_100m"]})
    out, notes = convert_units(stats)
    assert pd.api.types.is_float_dtype(out["value"])
    assert out["value"].tolist() == [66015900.0 * 1e-4, 17000.0]  # 1 万元 = 1e-4 亿元
    assert out["unit"].tolist() == ["cny_100m", "cny_100m"]
    assert notes == ["gdp: 1 row(s) converted from cny_10k to cny_100m (x 0.0001)"]
    # the readers' text tables keep working, as text
    text = stats.assign(value=["66015900", "17000"])
    out_text, _ = convert_units(text)
    assert out_text["value"].tolist() == ["6601.59", "17000"]
