"""Checks of single columns of any table: presence, required values, unique keys, allowed
values, finite and positive numbers, years and references into another table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .. import _schema as S
from .._errors import Problem
from ._rows import emit


def check_finite(table: str, df: pd.DataFrame) -> list[Problem]:
    """inf / -inf in the documented float columns (NaN is a missing value, checked apart)."""
    problems: list[Problem] = []
    for col in S.TABLES[table]:
        if col.kind == "float" and col.name in df.columns and df[col.name].dtype == "float64":
            inf = pd.Series(np.isinf(df[col.name].to_numpy()), index=df.index)
            emit(problems, table, df, inf, col.name, "a finite number",
                  "write the actual value: inf, -inf and numbers beyond ±1.8e308 are not data")
    return problems


def check_columns(table: str, df: pd.DataFrame) -> list[Problem]:
    """Missing required columns (one problem per column)."""
    have = set(df.columns)
    if table == "units" and df.index.name == "code":
        have.add("code")
    return [
        Problem(table, None, name, None, f"a column named '{name}'",
                f"add a '{name}' column ({_doc(table, name)})" + FILLABLE.get((table, name), ""))
        for name in S.required(table) if name not in have
    ]


# required columns an importer can fill with one value for every row
FILLABLE = {(t, c): f", or give one value for every row ({c}=... in Python, --{c} on the "
            "command line)" for t, c in (("units", "level"), ("units", "role"),
                                         ("stats", "indicator"), ("stats", "unit"),
                                         ("stats", "source"), ("stats", "quality"))}


def _doc(table: str, name: str) -> str:
    return next(c.doc for c in S.TABLES[table] if c.name == name)


def check_required_values(table: str, df: pd.DataFrame) -> list[Problem]:
    """Empty cells in required columns."""
    problems: list[Problem] = []
    for name in S.required(table):
        if name in df.columns:
            emit(problems, table, df, df[name].isna(), name, "a value",
                  f"fill in {_doc(table, name)}")
    return problems


def check_unique(table: str, df: pd.DataFrame) -> list[Problem]:
    """Duplicate keys (every occurrence after the first is reported)."""
    keys = [k for k in S.KEY_COLUMNS[table] if k in df.columns]
    if len(keys) != len(S.KEY_COLUMNS[table]) or df.empty:
        return []
    dup = df.duplicated(subset=keys, keep="first")
    problems: list[Problem] = []
    emit(problems, table, df, dup, keys[0] if len(keys) == 1 else keys[-1],
          f"a unique {' + '.join(keys)}",
          "remove or merge the duplicate row (each key may appear once)")
    return problems


def check_allowed(table: str, df: pd.DataFrame, column: str, allowed: Iterable[str]) -> list[Problem]:
    """Values outside an allowed set."""
    if column not in df.columns:
        return []
    allowed = tuple(allowed)
    bad = df[column].notna() & ~df[column].isin(allowed)
    problems: list[Problem] = []
    emit(problems, table, df, bad, column, "one of " + ", ".join(allowed),
          f"use one of {', '.join(allowed)}")
    return problems


def check_positive(table: str, df: pd.DataFrame, column: str, *, allow_zero: bool = False) -> list[Problem]:
    """Negative (or zero) numbers in a column that measures a length, speed or time."""
    if column not in df.columns:
        return []
    values = df[column]
    bad = values.notna() & ((values < 0) if allow_zero else (values <= 0))
    problems: list[Problem] = []
    what = "a number >= 0" if allow_zero else "a number > 0"
    emit(problems, table, df, bad, column, what,
          f"correct the value: {column} cannot be {'negative' if allow_zero else 'zero or negative'}")
    return problems


def check_years(table: str, df: pd.DataFrame, column: str, *,
                limits: tuple[int, int] | None = None) -> list[Problem]:
    """Years outside ``limits`` (default the wide sanity range for anyone's data,
    ``USER_YEAR_MIN``-``USER_YEAR_MAX``; the embedded data use the plausibility limits
    ``YEAR_MIN``-``YEAR_MAX`` through :func:`check_plausibility`)."""
    if column not in df.columns:
        return []
    lo, hi = limits or (S.USER_YEAR_MIN, S.USER_YEAR_MAX)
    y = df[column]
    bad = y.notna() & ((y < lo) | (y > hi))
    problems: list[Problem] = []
    emit(problems, table, df, bad, column, f"a year between {lo} and {hi}",
          "check the year (a typo such as 20200 or a two-digit year?)")
    return problems


def check_references(
    table: str, df: pd.DataFrame, column: str, known: Iterable[Any], target: str
) -> list[Problem]:
    """Values that do not exist in another table (e.g. stats codes not in units)."""
    if column not in df.columns:
        return []
    known_set = set(known)
    bad = df[column].notna() & ~df[column].isin(known_set)
    problems: list[Problem] = []
    emit(problems, table, df, bad, column, f"a value that exists in {target}",
          f"add the missing entry to {target}, or correct the {column}")
    return problems
