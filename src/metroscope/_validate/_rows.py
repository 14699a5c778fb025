"""Row-level helpers of the validation: one :class:`~metroscope._errors.Problem` per bad row,
capped per kind of problem."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import Problem
from ..messages import Message

MAX_PER_CHECK: int = 20  # cap the listing of one kind of problem; the count is still reported


def rows(mask: pd.Series) -> list[int]:
    """1-based positions of the True rows of ``mask``."""
    return [int(i) + 1 for i in np.flatnonzero(mask.to_numpy())]


def emit(
    problems: list[Problem],
    table: str,
    df: pd.DataFrame,
    mask: pd.Series,
    column: str | None,
    expected: str,
    fix: str,
) -> None:
    """Append a problem for each row of ``mask`` (the first :data:`MAX_PER_CHECK`, then one
    that counts the rest) with the cell's value of ``column``."""
    if not bool(mask.any()):
        return
    found = rows(mask)
    values = df[column].to_numpy() if column is not None and column in df else None
    for n, r in enumerate(found):
        if n == MAX_PER_CHECK:
            problems.append(Problem(table, None, column, None, expected,
                                    Message("val_fix_more_rows", n=len(found) - n, fix=fix)))
            break
        value = None if values is None else values[r - 1]
        if isinstance(value, np.generic):
            value = value.item()
        problems.append(Problem(table, r, column, value, expected, fix))
