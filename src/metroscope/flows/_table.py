"""Plumbing of the flow models: location tables in, flow tables out, one error class.

A *locations* table is a DataFrame indexed by ``code`` (str) with columns ``lon``, ``lat``
(degrees, EPSG:4326) and ``population`` (persons, or any mass), and optionally ``outflow``
(trips leaving the unit) and ``inflow`` (trips arriving). A *flow table* is indexed by
``(origin, destination)`` (codes) and has a float ``flow`` column plus model-specific columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._errors import DataValidationError, MetroscopeError, ParameterError, Problem, shorten
from .._validate.tables import CHINA_POPULATION_MAX
from ..messages import Message

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

INDEX = ["origin", "destination"]


class FlowModelError(ValueError, MetroscopeError):
    """A flow model that cannot be computed from its inputs (says why and how to fix)."""


class FlowOptionError(FlowModelError, ParameterError):
    """An option of a flow model outside its allowed values (``k_nearest`` below 1, a
    ``cutoff_km`` that is not a positive finite number, neither given): a usage error, so the
    command line exits with code 2 (it exited 1, as for bad data); still a
    :class:`FlowModelError` for callers that catch that."""


class ObservedFlowsError(DataValidationError, FlowModelError):
    """Every problem of an observed flow table at once (its flows and costs); a
    :class:`DataValidationError` that is also a :class:`FlowModelError`."""


class FlowChoiceError(FlowModelError, ParameterError):
    """An option value that is not one of its choices (a usage error: exit 2 on the command
    line); still a :class:`FlowModelError`."""


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``, else a :class:`FlowChoiceError`."""
    if value not in choices:
        msg = Message("err_flow_unknown_choice", name=name, got=shorten(value),
                      allowed=list(choices))
        raise FlowChoiceError(msg)
    return value


def _problem(context: Any, path: str | None, pos: int | None, column: str | None, value: Any,
             expected: str, fix: str) -> Problem:
    """A problem of a locations table at 1-based data row ``pos`` (its line when read from
    ``path``: the header is line 1)."""
    if isinstance(value, np.generic):
        value = value.item()
    line = None if pos is None or path is None else pos + 1
    return Problem(context, pos, column, value, expected, fix, file=path, line=line)


def _location_values(df: pd.DataFrame, context: Any, path: str | None) -> list[Problem]:
    """Empty, non-numeric or out-of-range coordinates, populations and trip totals; converts
    those columns of ``df`` to float in place."""
    from .._validate import implausible_persons

    problems: list[Problem] = []
    bounds = {"lon": ((-180.0, 180.0), "val_exp_lon_range"),
              "lat": ((-90.0, 90.0), "val_exp_lat_range"),
              "population": ((0.0, np.inf), "val_exp_persons_ge0"),
              "outflow": ((0.0, np.inf), "val_exp_trips_ge0"),
              "inflow": ((0.0, np.inf), "val_exp_trips_ge0")}
    for col, ((lo, hi), key) in bounds.items():
        if col not in df.columns:
            continue
        raw = df[col].to_numpy()
        values = pd.to_numeric(df[col], errors="coerce").astype("float64")
        v = values.to_numpy()
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(v) | (v < lo) | (v > hi)
        for pos in np.flatnonzero(bad)[:20]:
            empty = pd.isna(raw[pos]) or str(raw[pos]).strip() == ""
            problems.append(_problem(context, path, int(pos) + 1, col, None if empty else raw[pos],
                                    Message("val_exp_value") if empty else Message(key),
                                    Message("val_fix_fill_or_drop")))
        if col == "population":
            big = ~bad & implausible_persons(values).to_numpy()
            for pos in np.flatnonzero(big)[:20]:
                problems.append(_problem(context, path, int(pos) + 1, col, raw[pos], Message(
                    "val_exp_below_china", bound=f"{CHINA_POPULATION_MAX:,}"),
                    Message("val_fix_count_digits")))
        df[col] = values
    return problems


def locations_table(locations: pd.DataFrame, *, need_coordinates: bool = True,
                    context: str | None = None, path: str | None = None) -> pd.DataFrame:
    """Validate and normalise a locations table (every problem reported at once).

    Accepts ``code`` as the index or as a column; returns a copy indexed by ``code`` (str) with
    float columns ``lon``, ``lat``, ``population`` and, when present, ``outflow``, ``inflow``.
    Problems name the 1-based data row and, for a table read from the file ``path``, its
    line (header = line 1). A population is a count of persons: at most China's population
    (the bound of the data importer, :func:`metroscope._validate.implausible_persons`).

    Raises
    ------
    DataValidationError
        Listing every missing column, missing or out-of-range value and duplicate code.
    """
    df = pd.DataFrame(locations).copy()
    if "code" in df.columns:
        df = df.set_index("code")
    df.index = pd.Index([str(c) for c in df.index], name="code", dtype=object)
    if context is None:
        context = Message("val_ctx_locations")
    problems: list[Problem] = []

    required = ["population"] + (["lon", "lat"] if need_coordinates else [])
    for col in required:
        if col not in df.columns:
            problems.append(_problem(context, path, None, col, None, Message("val_exp_column_q", column=col),
                                    Message("val_fix_add_location_column")))
    if problems:
        raise DataValidationError(problems, context=context)
    for pos in np.flatnonzero(df.index.duplicated())[:20]:
        problems.append(_problem(context, path, int(pos) + 1, "code", str(df.index[pos]),
                                Message("val_exp_unique_codes"),
                                Message("val_fix_one_row_per_location")))
    problems += _location_values(df, context, path)
    if len(df) < 2:
        problems.append(Problem(context, None, None, len(df), Message("val_exp_two_locations"),
                                Message("val_fix_more_locations"), file=path))
    if problems:
        raise DataValidationError(problems, context=context)
    return df


def cost_matrix(cost: pd.DataFrame, codes: pd.Index, *, name: str = "cost") -> FloatArray:
    """The square cost matrix (rows = origins, columns = destinations) in the order of ``codes``.

    Raises
    ------
    FlowModelError
        When codes are missing, or values are negative or NaN (``inf`` = unreachable is fine).
    """
    idx = pd.Index([str(c) for c in cost.index])
    cols = pd.Index([str(c) for c in cost.columns])
    missing = sorted((set(codes) - set(idx)) | (set(codes) - set(cols)))  # each code once
    if missing:
        msg = Message("err_flow_matrix_lacks_codes", name=name, n=len(missing),
                      codes=repr(missing[:10]))
        raise FlowModelError(msg)
    m = pd.DataFrame(cost.to_numpy(dtype="float64"), index=idx, columns=cols)
    out = np.ascontiguousarray(m.loc[codes, codes].to_numpy(dtype="float64"))
    if np.isnan(out).any() or (out < 0).any():
        msg = Message("err_flow_matrix_bad_values", name=name)
        raise FlowModelError(msg)
    return out


def offdiag_pairs(n: int) -> tuple[npt.NDArray[np.signedinteger[Any]],
                                   npt.NDArray[np.signedinteger[Any]]]:
    """Origin and destination positions of all ``n (n - 1)`` pairs ``i != j``, row-major, in
    the integer type a pandas index of ``n`` labels keeps its codes in (int16 for n = 3,000),
    so that :func:`flow_frame`'s MultiIndex takes them as they are (converting 9 M int32
    positions to int16 cost more than making them). Plain NumPy: a compiled kernel was no
    faster warm (16 against 11 ms of CPU at n = 3,000) and its loading cost a fresh process
    (the command line) 0.03-0.05 s more; the shift row by row needs no n (n - 1) mask
    (84 against 132 ms and 100 MB less at n = 10,000)."""
    from ._pairs_kernels import code_dtype

    t = code_dtype(n)
    oi = np.repeat(np.arange(n, dtype=t), n - 1)
    dj = np.tile(np.arange(n - 1, dtype=t), n)
    rows = dj.reshape(n, n - 1)  # a view: row i holds 0..n-2, shifted by one from i on
    for i in range(n - 1):
        rows[i, i:] += 1
    return oi, dj


def flow_frame(codes: pd.Index, oi: npt.NDArray[np.integer[Any]], dj: npt.NDArray[np.integer[Any]],
               columns: Mapping[str, npt.ArrayLike]) -> pd.DataFrame:
    """A flow table indexed by ``(origin, destination)`` codes (no copy of the code strings)."""
    levels = pd.Index(np.asarray(codes, dtype=object), name="code", dtype=object)
    index = pd.MultiIndex(levels=[levels, levels], codes=[oi, dj], names=INDEX,
                          verify_integrity=False)
    data = {k: np.asarray(v) for k, v in columns.items()}
    return pd.DataFrame(data, index=index, copy=False)


_ZH = {"origin": "起点", "destination": "终点", "the rows of the cost matrix": "成本矩阵的行",
       "the columns of the cost matrix": "成本矩阵的列"}


def _in_both(text: str) -> dict[str, str]:
    """``text`` (a side or a place named in English) in both languages, for a message."""
    return {"zh": _ZH.get(text, text), "en": text}


def positions(index: pd.Index, codes: pd.Index, *, what: str,
              among: str) -> IntArray:
    """Positions of ``index`` labels in ``codes``; a :class:`FlowModelError` names unknown ones
    (``what`` they are, e.g. ``origin``, and ``among`` what they were looked for)."""
    pos = codes.get_indexer(pd.Index([str(c) for c in index]))
    if (pos < 0).any():
        unknown = sorted({str(c) for c, p in zip(index, pos, strict=True) if p < 0})
        msg = Message("err_flow_codes_not_among", n=len(unknown), what=_in_both(what),
                      among=_in_both(among), codes=repr(unknown[:10]))
        raise FlowModelError(msg)
    return np.asarray(pos, dtype=np.int64)


def radians(df: pd.DataFrame) -> dict[str, Any]:
    """Latitude, longitude (radians), cos(latitude) and unit vectors (N x 3) of locations."""
    lat = np.radians(df["lat"].to_numpy(dtype="float64"))
    lon = np.radians(df["lon"].to_numpy(dtype="float64"))
    c = np.cos(lat)
    xyz = np.column_stack([c * np.cos(lon), c * np.sin(lon), np.sin(lat)])
    return {"lat": np.ascontiguousarray(lat), "lon": np.ascontiguousarray(lon),
            "coslat": np.ascontiguousarray(c), "xyz": np.ascontiguousarray(xyz)}
