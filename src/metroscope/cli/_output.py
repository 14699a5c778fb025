"""Printing tables from the CLI: ``--format table|csv|json``.

``json`` prints a JSON array of records (one object per row, columns as keys, the index as
leading column(s)) to stdout and nothing else; ``csv`` prints CSV; ``table`` a Rich table.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Any

import pandas as pd

from .._records import flat_table, records
from .._records import jsonable as _jsonable

__all__ = ["OutputFormat", "emit", "records"]


class OutputFormat(str, Enum):
    """Output formats of every table-printing command."""

    table = "table"
    csv = "csv"
    json = "json"


def _fmt(v: Any) -> str:
    v = _jsonable(v)
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"
    return str(v)


def emit(df: pd.DataFrame, fmt: OutputFormat | str, *, title: str | None = None,
         caption: str | None = None) -> None:
    """Print ``df`` in ``fmt`` to stdout."""
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        json.dump(records(df), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    flat = flat_table(df)
    if fmt is OutputFormat.csv:
        flat.to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, caption=caption, show_lines=False)
    for c in flat.columns:
        numeric = pd.api.types.is_numeric_dtype(flat[c])
        table.add_column(str(c), justify="right" if numeric else "left")
    for row in flat.itertuples(index=False, name=None):
        table.add_row(*[_fmt(v) for v in row])
    Console().print(table)
