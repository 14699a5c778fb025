"""Conversion of the documented columns of a table to their kinds (code, str, float, int,
bool), reporting every cell that cannot be converted."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from .. import _schema as S
from .._errors import Problem
from ..messages import Message
from ._rows import emit

logger = logging.getLogger(__name__)


def normalise_code(value: Any) -> Any:
    """Codes read as numbers (220100.0) become strings ('220100'); others are stripped."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return pd.NA
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text if text else pd.NA


#: Characters that make a code look like another one but not equal it: full-width ASCII forms
#: (２２０３０２, typed with a Chinese input method), the ideographic space, and invisible
#: format characters (zero-width space and joiners, soft hyphen, direction marks, BOM).
_ODD_CODE_CHARS = r"[\uFF01-\uFF5E\u3000\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]"
#: Invisible characters that Python's ``str.strip`` keeps: a name of only these is blank.
_INVISIBLE = r"[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]"
_INVISIBLE_EDGES = r"^[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\s]+|[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\s]+$"

_BAD = object()
_TRUE = {"true", "1", "yes", "1.0", "t", "y"}
_FALSE = {"false", "0", "no", "0.0", "f", "n", ""}


def _to_bool(v: Any) -> Any:
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return False
    text = str(v).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return _BAD


def _already(s: pd.Series, kind: str) -> bool:
    """True when a column already has the type its kind needs (the fast path for bundles)."""
    dt = str(s.dtype)
    if kind == "float":
        return dt == "float64"
    if kind == "int":
        return dt == "Int64"
    if kind == "bool":
        return dt == "bool"
    if kind == "str":
        return dt == "string"
    return False


def coerce(table: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert the documented columns of ``table`` to their kinds; report cells that fail."""
    out = df.copy()
    problems: list[Problem] = []
    for col in S.TABLES[table]:
        if col.name not in out.columns:
            continue
        raw = out[col.name]
        if _already(raw, col.kind):
            continue
        blank = raw.isna() | raw.astype("string").str.strip().eq("")
        if col.kind == "code":
            if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
                _warn_numeric_codes(table, col.name, raw)
            if pd.api.types.is_string_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
                text = (raw.astype("float64").map(normalise_code)
                        if pd.api.types.is_float_dtype(raw) else raw.astype("string"))
                text = text.astype("string").str.strip().str.replace(r"^(\d+)\.0$", r"\1",
                                                                      regex=True)
                out[col.name] = text.mask(text.eq(""), pd.NA)
            else:
                out[col.name] = raw.map(normalise_code).astype("string")
            odd = out[col.name].str.contains(_ODD_CODE_CHARS, regex=True).fillna(False)
            emit(problems, table, out, odd.astype(bool), col.name,
                 Message("val_exp_code_plain"), Message("val_fix_code_plain"))
        elif col.kind == "str":
            text = raw.astype("string").str.strip()
            odd = text.str.contains(_INVISIBLE, regex=True).fillna(False).astype(bool)
            if bool(odd.any()):  # rare: the regex runs on those cells only
                text[odd] = text[odd].str.replace(_INVISIBLE_EDGES, "", regex=True)
            out[col.name] = text.mask(text.eq(""), pd.NA)
            out.loc[blank, col.name] = pd.NA
        elif col.kind in ("float", "int"):
            num = pd.to_numeric(raw, errors="coerce")
            bad = num.isna() & ~blank
            emit(problems, table, out, bad, col.name, Message("val_exp_number"),
                 Message("val_fix_plain_number"))
            with np.errstate(invalid="ignore"):
                inf = pd.Series(np.isinf(num.to_numpy(dtype="float64", na_value=np.nan)),
                                index=out.index)
            emit(problems, table, out, inf, col.name, Message("val_exp_finite"),
                 Message("val_fix_finite"))
            num = num.mask(inf)
            if col.kind == "int":
                frac = num.notna() & (num != np.round(num))
                emit(problems, table, out, frac, col.name, Message("val_exp_whole_number"),
                     Message("val_fix_whole_number"))
                out[col.name] = num.round().astype("Int64")
            else:
                out[col.name] = num.astype("float64")
        elif col.kind == "bool":
            mapped = [_to_bool(v) for v in raw.tolist()]
            bad = pd.Series([m is _BAD for m in mapped], index=out.index)
            emit(problems, table, out, bad, col.name, Message("val_exp_bool"),
                 Message("val_fix_bool"))
            out[col.name] = pd.Series([m is True for m in mapped], index=out.index, dtype=bool)
    return out, problems


def _warn_numeric_codes(table: str, column: str, raw: pd.Series) -> None:
    """Codes read as numbers may have lost leading zeros ('01001' -> 1001): say which."""
    num = pd.to_numeric(raw, errors="coerce").dropna()
    if num.empty:
        return
    text = num.astype("int64").astype(str)
    width = text.str.len()
    short = text[width < width.max()]
    if not short.empty:
        logger.warning(
            "%s.%s was read as numbers, so leading zeros are lost: %s are shorter than the "
            "longest code (%d digits). If the codes have leading zeros, read the file with "
            "dtype=str (pandas: dtype={'%s': str}).", table, column,
            ", ".join(short.unique()[:10].tolist()), int(width.max()), column)
