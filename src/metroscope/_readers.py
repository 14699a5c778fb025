"""The file readers shared by the importers and the bundle reader (so ``data validate``
and ``data import`` accept and refuse exactly the same files).

* :func:`decode` reads UTF-8 (with or without BOM), then GB18030 (a superset of GBK).
* :func:`read_csv` reads every cell as text (codes keep their leading zeros, a bad number
  is reported with its place instead of becoming NaN) and refuses ragged files: every line
  whose number of fields differs from the header's is listed with its line number.
* :func:`read_geojson` reads a GeoJSON FeatureCollection and names the line and column of a
  syntax error (a truncated file) or the feature whose geometry cannot be read.
* :func:`locate` turns the data rows of validation problems into the file's own lines.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import warnings
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._csv_quotes import MAX_LISTED as _MAX_LISTED
from ._csv_quotes import (
    blank_record,
    quote_problems,
    record_lines,
    repair_quotes,
    unclosed_quotes,
)
from ._errors import DataValidationError, FileFormatError, Problem
from .messages import Message

if TYPE_CHECKING:
    import geopandas as gpd

logger = logging.getLogger(__name__)

ENCODINGS = ("utf-8-sig", "gb18030")
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GB18030"}


#: the kinds of file :func:`read_bytes` names, as catalogue keys
_WHAT = {"file": "err_what_file", "CSV file": "err_what_csv", "GeoJSON file": "err_what_geojson"}


def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """The bytes of a file, with a clear error for a missing path or a folder.

    Raises
    ------
    FileFormatError
        When the path does not exist, is a folder, or cannot be read.
    """
    p = Path(path)
    kind = _WHAT.get(what)
    thing = Message(kind) if kind else what
    if not p.exists():
        msg = Message("err_no_such_file", what=thing, path=str(p))
        raise FileFormatError(msg)
    if p.is_dir():
        msg = Message("err_path_is_folder", what=thing, path=str(p))
        raise FileFormatError(msg)
    try:
        return p.read_bytes()
    except OSError as exc:
        msg = Message("err_cannot_read", path=str(p), reason=str(exc.strerror))
        raise FileFormatError(msg) from None


def decode(data: bytes, path: str | Path = "<bytes>", *, what: str = "csv") -> tuple[str, str]:
    """Decode file bytes as UTF-8 or GB18030; returns ``(text, encoding)``. ``what`` (``csv``
    or ``geojson``) is the kind of file expected, named when it is empty.

    Raises
    ------
    FileFormatError
        For an empty file, or bytes that are valid in none of the supported encodings.

    Examples
    --------
    >>> decode("长春".encode("gb18030"))
    ('长春', 'gb18030')
    >>> decode("长春".encode("utf-8"))
    ('长春', 'utf-8-sig')
    """
    if not data.strip():
        msg = Message("err_file_empty_geojson" if what == "geojson" else "err_file_empty",
                      path=str(path))
        raise FileFormatError(msg)
    errors = []
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            byte = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1  # 1-based, in its line
            errors.append(Message("err_encoding_at", enc=_ENCODING_NAMES.get(enc, enc),
                                  line=line, byte=byte))
    msg = Message("err_bad_encoding", path=str(path),
                  detail={"zh": ";".join(m.zh for m in errors),
                          "en": "; ".join(m.en for m in errors)})
    raise FileFormatError(msg)


def read_csv_typed(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    """``pandas.read_csv(path, **kwargs)`` (types guessed: a table of numbers the caller
    checks itself), refusing an unclosed quote with its place instead of pandas' "EOF inside
    string" (see :func:`unclosed_quotes`).

    Raises
    ------
    DataValidationError
        Listing every unclosed quote: file, the line where it opened, column and value.
    FileFormatError
        For a file that cannot be decoded or parsed otherwise (the reason is pandas').
    OSError
        For a missing or unreadable file, as :func:`pandas.read_csv` raises it.

    Examples
    --------
    >>> _ = (tmp_path / "p.csv").write_text('code,capacity\\n220102,"5\\n', encoding="utf-8")
    >>> try:
    ...     read_csv_typed(tmp_path / "p.csv")
    ... except DataValidationError as exc:
    ...     print(exc.problems[0].line, exc.problems[0].column, exc.problems[0].value)
    2 capacity "5
    """
    p = Path(path)
    try:
        return pd.read_csv(p, **kwargs)
    except pd.errors.ParserError as exc:
        error: Exception = exc
        try:
            _, found = unclosed_quotes(decode(read_bytes(p, "CSV file"), p)[0], str(p))
        except FileFormatError:
            found = []
        if found:
            raise DataValidationError(found, context=Message("val_ctx_file",
                                                             path=str(p))) from None
    except ValueError as exc:  # undecodable, empty (a missing file is the caller's OSError)
        error = exc
    msg = Message("err_analyze_bad_csv", path=str(p), reason=str(error))
    raise FileFormatError(msg) from None


def _ragged(text: str, path: str) -> list[Problem]:
    """Lines whose number of fields differs from the header's."""
    reader = csv.reader(io.StringIO(text))
    problems: list[Problem] = []
    width = None
    start = 1
    n_bad = 0
    last_line = text.rstrip("\r\n").count("\n") + 1
    for fields in reader:
        if blank_record(fields):
            start = reader.line_num + 1
            continue
        if width is None:
            width = len(fields)
        elif len(fields) != width:
            n_bad += 1
            if n_bad <= _MAX_LISTED:
                cut = (Message("val_cut_off") if start == last_line
                       and not text.endswith(("\n", "\r")) else "")
                problems.append(Problem(
                    "csv", None, None, None,
                    Message("val_exp_fields_like_header", width=width, found=len(fields),
                            cut=cut),
                    Message("val_fix_separators"), file=path, line=start))
        start = reader.line_num + 1
    if n_bad > _MAX_LISTED:
        problems.append(Problem("csv", None, None, None, Message("val_exp_header_fields"),
                                Message("val_fix_more_ragged", n=n_bad - _MAX_LISTED),
                                file=path))
    return problems


def read_csv(path: str | Path, *, allow_empty: bool = False,
             problems: list[Problem] | None = None, **kwargs: Any) -> pd.DataFrame:
    """Read a CSV as strings (no type guessing), detecting UTF-8 or GB18030/GBK.

    Types are converted later by validation, so that a code such as ``022100`` keeps its
    leading zero and a bad number is reported with its row instead of silently becoming NaN.
    Header names are stripped; a line with more or fewer fields than the header (a ragged
    or truncated file) is refused with every such line listed.

    A quote that opens a field and is never closed would swallow the rest of the file into
    that field: it is read as an ordinary character instead, so that the file's other
    problems are found too, and reported as a problem of its own (the line where the quote
    opened, its column and the field as written). With a ``problems`` list, these problems
    are appended to it and the table is returned, for the caller to report them with its
    own (every problem at once); without one they are raised.

    Raises
    ------
    FileFormatError
        For a missing, empty, undecodable or unparsable file, or a file with a header and no
        rows (unless ``allow_empty``).
    DataValidationError
        Listing every line whose number of fields differs from the header's, and every
        unclosed quote (without a ``problems`` list, or together with such lines).

    Examples
    --------
    >>> _ = (tmp_path / "gbk.csv").write_bytes("code,name_zh\\n220100,长春市\\n".encode("gbk"))
    >>> read_csv(tmp_path / "gbk.csv")
         code name_zh
    0  220100     长春市
    >>> _ = (tmp_path / "q.csv").write_text('code,name_zh\\n220100,"长春市\\n220200,吉林市\\n',
    ...                                     encoding="utf-8")
    >>> found = []
    >>> read_csv(tmp_path / "q.csv", problems=found)
         code name_zh
    0  220100    "长春市
    1  220200     吉林市
    >>> found[0].line, found[0].column, found[0].value
    (2, 'name_zh', '"长春市')
    """
    p = Path(path)
    raw = read_bytes(p, "CSV file")
    text, enc = decode(raw, p)
    if enc != "utf-8-sig":
        logger.info("Read %s as %s", p, enc)
    quoted: list[Problem] = []
    options: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": [""],
                               "skipinitialspace": True, "index_col": False, **kwargs}
    try:
        # pandas decodes the bytes itself: a StringIO of the text would hold a second,
        # 4-byte-per-character copy of the file (about 1 GB for a 240 MB CSV)
        df = _parse(io.BytesIO(raw), encoding=enc, **options)
    except pd.errors.ParserError as exc:
        text, quotes, starts = repair_quotes(text)
        quoted = quote_problems(quotes, text, starts, str(p))
        ragged = _ragged(text, str(p))
        if ragged:
            raise DataValidationError(quoted + ragged, context=Message(
                "val_ctx_file", path=str(p))) from None
        if not quoted:
            msg = Message("err_bad_csv", path=str(p), detail=str(exc))
            raise FileFormatError(msg) from None
        try:
            df = _parse(io.StringIO(text), **options)
        except pd.errors.ParserError:
            raise DataValidationError(quoted, context=Message("val_ctx_file",
                                                              path=str(p))) from None
    except pd.errors.EmptyDataError:
        msg = Message("err_no_columns", path=str(p))
        raise FileFormatError(msg) from None
    finally:
        del raw
    df.columns = [str(c).strip() for c in df.columns]
    if len(df.columns) and df.iloc[:, -1].isna().any():
        # pandas pads a short line (or a cut-off last line) with empty cells: find them
        ragged = _ragged(text, str(p))
        if ragged:
            raise DataValidationError(quoted + ragged, context=Message("val_ctx_file",
                                                                       path=str(p)))
    dup = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if dup or any(c.endswith(tuple(f".{i}" for i in range(1, 10))) and c.rsplit(".", 1)[0]
                  in df.columns for c in df.columns):
        names = dup or [c for c in df.columns if c.rsplit(".", 1)[0] in df.columns
                        and c.endswith(tuple(f".{i}" for i in range(1, 10)))]
        msg = Message("err_duplicate_columns", path=str(p), names=list(names))
        raise FileFormatError(msg)
    if df.empty and not allow_empty:
        msg = Message("err_no_data_rows", path=str(p))
        raise FileFormatError(msg)
    if quoted:
        if problems is None:
            raise DataValidationError(quoted, context=Message("val_ctx_file", path=str(p)))
        problems += quoted
    return df


def _parse(source: Any, **options: Any) -> pd.DataFrame:
    """``pandas.read_csv`` with a line of more fields than the header as an error (pandas
    only warns)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        df = pd.read_csv(source, **options)
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        raise pd.errors.ParserError("lines with more fields than the header")
    return df


def locate(problems: Iterable[Problem], path: str | Path, *,
           rows: np.ndarray | None = None, columns: np.ndarray | None = None,
           value_column: str = "value", text: str | None = None,
           renamed: dict[str, str] | None = None) -> list[Problem]:
    """Point problems at the file: ``file`` and ``line`` (1-based, header included).

    ``rows`` maps the validated table's rows (1-based position - 1) to the file's data rows
    (e.g. after a wide table was melted); ``columns`` gives, per validated row, the file's
    column that held ``value_column`` (the year column of a wide table); ``renamed`` maps
    validated column names back to the file's (``seat_lon`` -> ``lon``). The file is read
    again only when some problem has a row.
    """
    problems = list(problems)
    if not problems:
        return problems
    lines: list[int] | None = None
    if any(isinstance(p.row, (int, np.integer)) for p in problems):
        try:
            if text is None:
                text, _ = decode(read_bytes(path), path)
            lines = record_lines(text)
        except (FileFormatError, csv.Error):
            lines = None
    out = []
    for p in problems:
        if p.file is not None:
            out.append(p)
            continue
        row, column, line = p.row, p.column, None
        if renamed and column in renamed:
            column = renamed[column]
        if isinstance(row, (int, np.integer)):
            i = int(row) - 1
            if columns is not None and column == value_column and 0 <= i < len(columns):
                column = str(columns[i])
            if rows is not None and 0 <= i < len(rows):
                row = int(rows[i])
            if lines is not None and 1 <= int(row) <= len(lines):
                line = lines[int(row) - 1]
        out.append(replace(p, row=row, column=column, file=str(path), line=line))
    return out


def read_geojson(path: str | Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON FeatureCollection (EPSG:4326) with every property as read.

    Raises
    ------
    FileFormatError
        For a missing, undecodable or malformed file (with the line and column of a syntax
        error, e.g. a truncated file) or one that is not a FeatureCollection.
    DataValidationError
        Listing every feature whose geometry cannot be read.
    """
    import geopandas as gpd
    import shapely

    p = Path(path)
    text, _ = decode(read_bytes(p, "GeoJSON file"), p, what="geojson")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        cut = Message("err_json_cut") if not text.rstrip().endswith(("}", "]")) else ""
        msg = Message("err_bad_json", path=str(p), detail=exc.msg, line=exc.lineno,
                      column=exc.colno, cut=cut)
        raise FileFormatError(msg) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        msg = Message("err_not_feature_collection", path=str(p))
        raise FileFormatError(msg)
    crs = (data.get("crs") or {}).get("properties", {}).get("name", "") if isinstance(
        data.get("crs"), dict) else ""
    if crs and not any(k in str(crs).upper() for k in ("CRS84", "4326")):
        msg = Message("err_not_wgs84", path=str(p), crs=str(crs))
        raise FileFormatError(msg)
    props: list[dict[str, Any]] = []
    geoms: list[Any] = []
    problems: list[Problem] = []
    for i, f in enumerate(data["features"], start=1):
        if not isinstance(f, dict):
            problems.append(Problem("units", i, "geometry", None, Message("val_exp_feature"),
                                    Message("val_fix_reexport"), file=str(p)))
            props.append({})
            geoms.append(None)
            continue
        props.append(f.get("properties") or {})
        g = f.get("geometry")
        if not g:
            geoms.append(None)
            continue
        try:
            geoms.append(shapely.geometry.shape(g))
        except Exception as exc:  # shapely raises several types for malformed geometries
            problems.append(Problem("units", i, "geometry", str(exc)[:80],
                                    Message("val_exp_geojson_geometry"),
                                    Message("val_fix_feature_geometry"), file=str(p)))
            geoms.append(None)
    if problems:
        raise DataValidationError(problems, context=Message("val_ctx_geojson", path=str(p)))
    if not props:
        msg = Message("err_no_features", path=str(p))
        raise FileFormatError(msg)
    return gpd.GeoDataFrame(pd.DataFrame(props), geometry=gpd.GeoSeries(geoms, crs=4326))
