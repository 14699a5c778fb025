"""A Region from a plain table of values, so the table-only indicators (inequality,
convergence, primacy, rank-size, industry measures, entropy weights) run on any yearbook
extract. No file is read here: the CLI reads the CSV and passes the DataFrame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .._errors import MissingDataError
from ..messages import Message

#: Label of the rows of a table without any year (a cross-section); not a calendar year, and
#: shown as "cross-section" in outputs.
CROSS_SECTION_YEAR = 0

if TYPE_CHECKING:
    from ..region import Region


def values_region(
    table: pd.DataFrame,
    *,
    id_col: str,
    value_cols: Sequence[str],
    group_col: str | None = None,
    year_col: str | None = None,
    year: int | None = None,
    level: str = "prefecture",
    source: str = "user table",
    name: str = "table",
) -> Region:
    """A Region whose units are the table's ids and whose stats are its value columns.

    Parameters
    ----------
    table
        One row per unit (or per unit and year with ``year_col``).
    id_col
        Column with the unit ids (become codes, as text).
    value_cols
        Numeric columns; each becomes a stats indicator of the same name.
    group_col
        Optional column copied to ``units.group`` (use ``group_by='group'``).
    year_col, year
        The year of each row, or one year for the whole table. With neither, the table is
        one cross-section: its rows carry the label :data:`CROSS_SECTION_YEAR` (not a real
        year) and ``meta['cross_section']`` is set, so outputs say "cross-section".
    level
        Level given to every unit (``prefecture`` or ``county``).
    source
        Recorded as the ``source`` of every stats row (e.g. the file path).

    Raises
    ------
    MissingDataError
        Missing columns, no year, duplicate (id, year) rows or non-numeric values (all listed).
    """
    from ..region import Region

    problems: list[Message] = []
    cols = [id_col, *value_cols, *(c for c in (group_col, year_col) if c)]
    absent = [c for c in cols if c not in table.columns]
    if absent:
        msg = Message("err_table_columns_absent", got=repr(absent),
                      allowed=[str(c) for c in table.columns])
        raise MissingDataError(msg)
    if not value_cols:
        msg = Message("err_table_no_value_column")
        raise MissingDataError(msg)
    cross_section = year_col is None and year is None
    df = table.copy()
    df["_code"] = df[id_col].astype("string").str.strip()
    if df["_code"].isna().any() or (df["_code"] == "").any():
        rows = [int(i) + 1 for i in df.index[df["_code"].isna() | (df["_code"] == "")]]
        problems.append(Message("err_table_empty_id", rows=repr(rows[:10])))
    years = pd.to_numeric(df[year_col], errors="coerce") if year_col else pd.Series(
        int(year) if year is not None else CROSS_SECTION_YEAR, index=df.index)
    if years.isna().any():
        problems.append(Message("err_table_bad_year",
                                rows=repr([int(i) + 1 for i in df.index[years.isna()]][:10])))
    df["_year"] = years
    dup = df.duplicated(["_code", "_year"], keep=False)
    if dup.any():
        what = "id" if year_col is None else "(id, year)"
        problems.append(Message("err_table_duplicate", what=what,
                                rows=repr([int(i) + 1 for i in df.index[dup]][:10]),
                                hint=Message("err_table_cross_section") if cross_section
                                else ""))
    for c in value_cols:
        num = pd.to_numeric(df[c], errors="coerce")
        bad = num.isna() & df[c].notna() & (df[c].astype("string").str.strip() != "")
        if bad.any():
            problems.append(Message("err_table_not_numeric", column=repr(c),
                                    rows=repr([int(i) + 1 for i in df.index[bad]][:10])))
        df[c] = num
    if problems:
        raise MissingDataError(Message("err_table_problems", problems={
            "zh": "\n  - ".join(p.zh for p in problems), "en": "\n  - ".join(problems)}))
    first = df.drop_duplicates("_code")
    units = pd.DataFrame({"code": first["_code"].to_numpy(), "name_zh": first["_code"].to_numpy(),
                          "name_en": first["_code"].to_numpy(), "level": level,
                          "parent": pd.NA, "role": "member"})
    if group_col:
        units["group"] = first[group_col].astype("string").to_numpy()
    long = df.melt(id_vars=["_code", "_year"], value_vars=list(value_cols),
                   var_name="indicator", value_name="value").dropna(subset=["value"])
    stats = pd.DataFrame({"code": long["_code"].to_numpy(),
                          "year": long["_year"].astype("int64").to_numpy(),
                          "indicator": long["indicator"].astype(str).to_numpy(),
                          "value": long["value"].astype("float64").to_numpy(),
                          "unit": "value", "source": source, "quality": "D", "break": False})
    meta: dict[str, object] = {"title_en": name, "source": source}
    if cross_section:
        meta["cross_section"] = True
    return Region(name=name, units=units, stats=stats, meta=meta)
