"""Tables as JSON-ready records: the one conversion the CLI (``--format json``) and the web
API (``/api/v1``) share, so both print the same array for the same call.

A record is one row of the table with the index reset (named index levels become leading
columns), the geometry column dropped, NaN and ``pd.NA`` as ``None``, +/-inf as the strings
``"inf"``/``"-inf"``, NumPy scalars as Python scalars and timestamps as ISO 8601 text.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["flat_table", "jsonable", "records", "unit_names"]


def jsonable(v: Any) -> Any:
    """One cell as a JSON-ready Python value (see the module doc)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return v


def has_named_index(df: pd.DataFrame) -> bool:
    """True when any index level has a name (it then becomes a column of the records)."""
    return any(n is not None for n in df.index.names)


def flat_table(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a named index reset into columns and without its geometry column."""
    flat = df.reset_index() if has_named_index(df) else df.reset_index(drop=True)
    return pd.DataFrame(flat.drop(columns=["geometry"], errors="ignore"))


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` (index reset) as JSON-ready dicts; NaN -> null, inf -> "inf"."""
    flat = flat_table(df)
    cols = [str(c) for c in flat.columns]
    return [{c: jsonable(v) for c, v in zip(cols, row, strict=True)}
            for row in flat.itertuples(index=False, name=None)]


def unit_names(region: Any) -> dict[str, str]:
    """Unit code -> Chinese name (the English name where there is none) of a Region."""
    u = region.units
    out: dict[str, str] = {}
    for col in ("name_en", "name_zh"):  # Chinese wins where both exist
        if col in u.columns:
            names = u[col].astype("string")
            out.update({str(c): str(n) for c, n in names.items()
                        if not pd.isna(n) and str(n).strip()})
    return out
