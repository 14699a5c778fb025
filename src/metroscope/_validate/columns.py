"""Checks of single columns of any table: presence, required values, unique keys, allowed
values, finite and positive numbers, years and references into another table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .. import _schema as S
from .._errors import Problem
from ..messages import CATALOGUE, Message
from ._rows import emit


def check_finite(table: str, df: pd.DataFrame) -> list[Problem]:
    """inf / -inf in the documented float columns (NaN is a missing value, checked apart)."""
    problems: list[Problem] = []
    for col in S.TABLES[table]:
        if col.kind == "float" and col.name in df.columns and df[col.name].dtype == "float64":
            inf = pd.Series(np.isinf(df[col.name].to_numpy()), index=df.index)
            emit(problems, table, df, inf, col.name, Message("val_exp_finite"),
                 Message("val_fix_finite"))
    return problems


def check_columns(table: str, df: pd.DataFrame) -> list[Problem]:
    """Missing required columns (one problem per column)."""
    have = set(df.columns)
    if table == "units" and df.index.name == "code":
        have.add("code")
    return [
        Problem(table, None, name, None, Message("val_exp_column_named", name=name),
                Message("val_fix_add_column", name=name, doc=_doc(table, name),
                        fillable=FILLABLE.get((table, name), "")))
        for name in S.required(table) if name not in have
    ]


# required columns an importer can fill with one value for every row
FILLABLE = {(t, c): Message("val_fix_fillable", column=c)
            for t, c in (("units", "level"), ("units", "role"), ("stats", "indicator"),
                         ("stats", "unit"), ("stats", "source"), ("stats", "quality"))}


def _doc(table: str, name: str) -> str:
    """The meaning of a column: a catalogue message for a required column (``val_doc_...``,
    whose English text is the schema's doc), else the schema's doc."""
    key = f"val_doc_{table}_{name}"
    doc = next(c.doc for c in S.TABLES[table] if c.name == name)
    if key not in CATALOGUE:
        return doc
    if (table, name) == ("stats", "year"):
        msg = Message(key, user_low=S.USER_YEAR_MIN, user_high=S.USER_YEAR_MAX,
                      low=S.YEAR_MIN, high=S.YEAR_MAX)
    else:
        msg = Message(key)
    return msg if msg == doc else doc  # a schema doc edited since: its own (English) text


def check_required_values(table: str, df: pd.DataFrame) -> list[Problem]:
    """Empty cells in required columns."""
    problems: list[Problem] = []
    for name in S.required(table):
        if name in df.columns:
            emit(problems, table, df, df[name].isna(), name, Message("val_exp_value"),
                 Message("val_fix_fill_in", doc=_doc(table, name)))
    return problems


def check_unique(table: str, df: pd.DataFrame) -> list[Problem]:
    """Duplicate keys (every occurrence after the first is reported)."""
    keys = [k for k in S.KEY_COLUMNS[table] if k in df.columns]
    if len(keys) != len(S.KEY_COLUMNS[table]) or df.empty:
        return []
    dup = df.duplicated(subset=keys, keep="first")
    problems: list[Problem] = []
    emit(problems, table, df, dup, keys[0] if len(keys) == 1 else keys[-1],
         Message("val_exp_unique", keys=" + ".join(keys)), Message("val_fix_duplicate"))
    return problems


def check_allowed(table: str, df: pd.DataFrame, column: str, allowed: Iterable[str]) -> list[Problem]:
    """Values outside an allowed set."""
    if column not in df.columns:
        return []
    allowed = tuple(allowed)
    bad = df[column].notna() & ~df[column].isin(allowed)
    problems: list[Problem] = []
    emit(problems, table, df, bad, column, Message("val_exp_one_of", allowed=list(allowed)),
         Message("val_fix_use_one_of", allowed=list(allowed)))
    return problems


def check_positive(table: str, df: pd.DataFrame, column: str, *, allow_zero: bool = False) -> list[Problem]:
    """Negative (or zero) numbers in a column that measures a length, speed or time."""
    if column not in df.columns:
        return []
    values = df[column]
    bad = values.notna() & ((values < 0) if allow_zero else (values <= 0))
    problems: list[Problem] = []
    what = Message("val_exp_ge0" if allow_zero else "val_exp_gt0")
    emit(problems, table, df, bad, column, what,
         Message("val_fix_not_negative" if allow_zero else "val_fix_not_positive",
                 column=column))
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
    emit(problems, table, df, bad, column, Message("val_exp_year_between", low=lo, high=hi),
         Message("val_fix_year_typo"))
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
    emit(problems, table, df, bad, column, Message("val_exp_exists_in", target=target),
         Message("val_fix_add_entry", target=target, column=column))
    return problems
