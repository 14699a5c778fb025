"""Tables as JSON-ready records: the one conversion the CLI (``--format json``, CSV and the
terminal table) and the web API (``/api/v1`` JSON and CSV) share, so both print the same array
for the same call, rounded once, here (:func:`rounded`, rules in :mod:`metroscope._precision`).

A record is one row of the table with the index reset (named index levels become leading
columns), the geometry column dropped, values rounded to the precision of their column, NaN
and ``pd.NA`` as ``None``, +/-inf as the strings ``"inf"``/``"-inf"``, NumPy scalars as Python
scalars and timestamps as ISO 8601 text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["flat_table", "jsonable", "output_kinds", "records", "rounded", "unit_names"]


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


def output_kinds(df: pd.DataFrame, kinds: Mapping[str, str] | None = None) -> dict[str, str]:
    """Column -> precision kind of ``df``'s output (:mod:`metroscope._precision`): the units
    the result records (``attrs['metroscope']['units']``), then the kinds it records outright
    (``attrs['metroscope']['precision']``), then ``kinds``; a column in none of them goes by
    its name."""
    from ._precision import kinds_from_units

    meta = df.attrs.get("metroscope") or {}
    units, precision = meta.get("units"), meta.get("precision")
    return {**kinds_from_units(units if isinstance(units, Mapping) else None),
            **({str(k): str(v) for k, v in precision.items()}
               if isinstance(precision, Mapping) else {}),
            **dict(kinds or {})}


def rounded(df: pd.DataFrame, kinds: Mapping[str, str] | None = None,
            lang: str | None = None) -> pd.DataFrame:
    """``df`` flat (:func:`flat_table`, column names as text) with every float column rounded
    to the precision of its column (:func:`output_kinds`); catalogue-message cells in ``lang``
    (``zh`` or ``en``; default their English text). What the CLI prints and the web API
    answers for a table.

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> t = pd.DataFrame({"share_pct": [43.099999999999994], "travel_time_min": [12.345]})
    >>> rounded(t).iloc[0].tolist()
    [43.1, 12.3]
    """
    from ._precision import tidy
    from .messages import Message

    flat = flat_table(df)
    flat.columns = [str(c) for c in flat.columns]
    if lang is not None:
        for c in [c for c in flat.columns if flat[c].dtype == "object"]:
            col = flat[c]
            if col.map(lambda v: isinstance(v, Message)).any():
                flat[c] = col.map(lambda v: v.get(lang) if isinstance(v, Message) else v)
    return tidy(flat, output_kinds(df, kinds))


def records(df: pd.DataFrame, kinds: Mapping[str, str] | None = None,
            lang: str | None = None) -> list[dict[str, Any]]:
    """Rows of ``df`` (index reset, values rounded by :func:`rounded`) as JSON-ready dicts;
    NaN -> null, inf -> "inf"."""
    flat = rounded(df, kinds, lang)
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
