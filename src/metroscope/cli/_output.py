"""Printing tables from the CLI: ``--format table|csv|json``.

``json`` prints a JSON array of records (one object per row, columns as keys, the index as
leading column(s)) to stdout and nothing else; ``csv`` prints CSV; ``table`` a Rich table.
"""

from __future__ import annotations

import json
import math
import sys
from enum import Enum
from typing import Any

import pandas as pd


class OutputFormat(str, Enum):
    """Output formats of every table-printing command."""

    table = "table"
    csv = "csv"
    json = "json"


def _jsonable(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return v


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` (index reset) as JSON-ready dicts; NaN -> null, inf -> "inf"."""
    flat = df.reset_index() if _has_named_index(df) else df.reset_index(drop=True)
    flat = pd.DataFrame(flat.drop(columns=["geometry"], errors="ignore"))
    cols = [str(c) for c in flat.columns]
    return [{c: _jsonable(v) for c, v in zip(cols, row, strict=True)}
            for row in flat.itertuples(index=False, name=None)]


def _has_named_index(df: pd.DataFrame) -> bool:
    return any(n is not None for n in df.index.names)


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
    flat = df.reset_index() if _has_named_index(df) else df
    flat = pd.DataFrame(flat.drop(columns=["geometry"], errors="ignore"))
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
