"""How many digits a column means, decided from its field-standard name.

Every table the command line prints and every table the web API answers is rounded here
(through :func:`metroscope._records.rounded`, the one place both call), so that CSV and JSON
carry ``43.1`` (not ``43.099999999999994``), the terminal shows the same value, and the API's
JSON is the CLI's ``--format json`` of the same call. Values are rounded for output only; the
library's results stay unrounded.

The rules follow the project's naming convention (units in names, docs/data-model.md):

========================  =========================================  ======================
kind                      column names                               written as
========================  =========================================  ======================
``year``                  ``year``, ``*_year``, ``year_*``           integer, no separator
``pct``                   ``*_pct``, ``*_pct_*`` (percent), ``*_pp``  0.1 (percentage points)
                          (a change in percentage points)
``share``                 ``*share*`` without ``pct`` (a fraction)   0.001 (= 0.1 %)
``minutes``               ``*_min``, ``*_min_*``, ``minutes``        0.1 minute
``persons``               ``population*``, ``*persons*``,            integer (people)
                          ``daily_<T>*``, ``commuters``
``km``                    ``*_km``, ``*_km2``, ``*_km_*``            0.1 km (km²)
``cny_100m``              ``*cny_100m*``                             0.01 亿元 (as published)
``count``                 ``n_*``, ``units*``, ``edits``, ``rank``   integer
``index``                 by recorded unit only (a score in 0-1, a   0.001
                          growth rate, a z-score: the screen's)
``number``                anything else                              10 significant digits
========================  =========================================  ======================

A result that records the units of its columns (``attrs['metroscope']['units']``, e.g. the
area comparison's ``rank_size_q``: ``exponent``, or a travel-time matrix's unit codes:
``min``) is written by those units first (:func:`kinds_from_units`), so a name that looks like
a count or a population is not rounded as one; a result may also record a kind outright
(``attrs['metroscope']['precision']``, e.g. the screen's location quotients: ``index``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

# (kind, pattern on the lower-cased column name); the first match wins.
RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("year", re.compile(r"(^|_)years?($|_)")),
    ("pct", re.compile(r"(^|_)(pct|pp)($|_)")),
    ("share", re.compile(r"share")),
    ("minutes", re.compile(r"(^|_)min($|_)|minutes")),
    ("persons", re.compile(r"population|persons|commuters|(^|_)daily_\d+")),
    ("km", re.compile(r"(^|_)km2?($|_)")),
    ("cny_100m", re.compile(r"cny_100m")),
    ("count", re.compile(r"^(n|edits?)($|_)|^rank($|_)|^units($|_)")),
)

# precision kind of a unit recorded in a result's provenance; any other unit (ratio, exponent,
# index, cosine, persons per minute...) is a number with significant digits
UNIT_KINDS: Final[dict[str, str]] = {
    "persons": "persons", "pct": "pct", "pct_per_year": "pct", "share": "share",
    "min": "minutes", "minutes": "minutes", "km": "km", "km2": "km", "cny_100m": "cny_100m",
    "count": "count", "year": "year",
    # the opportunity screen's scores and components (metroscope.screen.UNITS)
    "index_0_1": "index", "midpoint_growth": "index", "pci_z": "index", "ordinal": "count",
    "persons_per_min": "persons",
}

# decimals kept in every format; None = significant digits (SIGNIFICANT)
DECIMALS: Final[dict[str, int | None]] = {
    "year": 0, "pct": 1, "share": 3, "minutes": 1, "persons": 0, "km": 1, "cny_100m": 2,
    "count": 0, "index": 3, "number": None,
}
# unknown quantities keep 10 significant digits: enough for any fitted coefficient, and the
# binary noise of a double (the 16th-17th digit) is gone
SIGNIFICANT: Final = 10
# largest power of ten :func:`round_significant` scales by (10.0**308 is the last finite one)
_MAX_SHIFT: Final = 300
INTEGER_KINDS: Final = frozenset({"year", "persons", "count"})


def kind_of(column: Any) -> str:
    """The precision kind of a column named ``column`` (see the module table)."""
    name = str(column).lower()
    for kind, pattern in RULES:
        if pattern.search(name):
            return kind
    return "number"


def kinds_from_units(units: Mapping[str, str] | None) -> dict[str, str]:
    """Column -> precision kind for columns whose unit is known (``{"rank_size_q":
    "exponent"}`` -> ``{"rank_size_q": "number"}``); see :data:`UNIT_KINDS`."""
    return {str(c): UNIT_KINDS.get(str(u), "number") for c, u in (units or {}).items()}


def round_significant(values: np.ndarray, digits: int = SIGNIFICANT) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits; NaN and inf pass through.

    Dividing by an exact power of ten (never multiplying by an inexact 0.001) keeps the
    results the doubles nearest to the decimal, so they print short (``43.1``).
    """
    a = np.asarray(values, dtype="float64")
    out = a.copy()
    ok = np.isfinite(a) & (a != 0)
    if not ok.any():
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.floor(np.log10(np.abs(a[ok]))).astype(int)
    shift = digits - 1 - mag
    res = np.empty(int(ok.sum()))
    for s in np.unique(shift):
        sel = shift == s
        x = a[ok][sel]
        if abs(s) > _MAX_SHIFT:  # 10.0**s would overflow (|x| < 1e-290 or > 1e300): by text
            res[sel] = [float(f"{v:.{digits}g}") for v in x]
        elif s >= 0:
            p = 10.0 ** int(s)
            res[sel] = np.round(x * p) / p
        else:
            p = 10.0 ** int(-s)
            res[sel] = np.round(x / p) * p
    out[ok] = res
    return out


def _decimal_round(values: np.ndarray, decimals: int) -> np.ndarray:
    a = np.asarray(values, dtype="float64")
    # + 0.0 turns a negative zero (a COG of 0 × a negative gain) into 0.0, never "-0.0"
    if decimals <= 0:
        return np.round(a) + 0.0
    p = 10.0 ** decimals
    return np.round(a * p) / p + 0.0


def tidy(df: pd.DataFrame, kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` whose float columns are rounded to their kind's precision.

    Integer kinds (years, people, counts) become nullable integers (``Int64``) when every
    finite value is whole after rounding, so CSV writes ``2030`` and ``657682``. ``kinds``
    maps a column name to a kind and overrides :func:`kind_of`.
    """
    out = df.copy()
    out.attrs = dict(df.attrs)
    for col in out.columns:
        s = out[col]
        if not pd.api.types.is_float_dtype(s.dtype):
            continue
        kind = (kinds or {}).get(str(col)) or kind_of(col)
        a = s.to_numpy(dtype="float64", na_value=np.nan)
        decimals = DECIMALS.get(kind)
        r = round_significant(a) if decimals is None else _decimal_round(a, decimals)
        if kind in INTEGER_KINDS and not np.isinf(r).any():
            out[col] = pd.array(np.where(np.isnan(r), 0, r).astype("int64"), dtype="Int64")
            out.loc[np.isnan(r), col] = pd.NA
        else:
            out[col] = pd.Series(r, index=s.index, name=s.name)
    by_row = metric_kinds(out)
    if by_row is not None:
        a = out["value"].to_numpy(dtype="float64", na_value=np.nan).copy()
        for i, kind in enumerate(by_row):
            decimals = DECIMALS.get(kind)
            if decimals is not None and kind not in INTEGER_KINDS:
                a[i] = _decimal_round(a[i:i + 1], decimals)[0]
        out["value"] = pd.Series(a, index=out.index, name="value")
    return out


def metric_kinds(df: pd.DataFrame) -> list[str] | None:
    """For a long table (a ``metric`` column naming each row, a float ``value`` column): the
    precision kind of each row's value, from the metric's name (``share_of_parent_pct`` ->
    ``pct``, 0.1); None for any other table."""
    if "metric" not in df.columns or "value" not in df.columns:
        return None
    if not pd.api.types.is_float_dtype(df["value"].dtype):
        return None
    return [kind_of(m) for m in df["metric"].tolist()]


def display(value: Any, kind: str) -> str:
    """One value as the terminal shows it (thousands separators except for years)."""
    if value is None or value is pd.NA:
        return "—"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value)) if kind == "year" else f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if np.isnan(f):
            return "—"
        if np.isinf(f):
            return "inf" if f > 0 else "-inf"
        if kind == "year" and f.is_integer():
            return str(int(f))
        if kind == "share":
            return f"{f:.1%}"
        decimals = DECIMALS.get(kind)
        if decimals is not None:
            return f"{f:,.{decimals}f}"
        return f"{f:,.4g}" if abs(f) < 1e4 else f"{f:,.0f}"
    if isinstance(value, pd.Timestamp):
        return str(value.isoformat())
    return str(value)
