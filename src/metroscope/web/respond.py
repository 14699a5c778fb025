"""Answering with a table: JSON records (the CLI's ``--format json``, rounded by the same
function, :func:`metroscope._records.rounded`), CSV (rounded alike) or Parquet (full
precision).

``?format=json|csv|parquet``; ``?limit=`` and ``?offset=`` page the rows (``X-Total-Count``
and a ``Link: rel="next"`` header say what is left). Analysis results carry an ``ETag`` (SHA-256
of the body) and ``Cache-Control``; a matching ``If-None-Match`` gets ``304``.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import weakref
from enum import Enum
from typing import Any

import pandas as pd
from fastapi import Request, Response

from .._records import flat_table, output_kinds, records, rounded

#: Results of analyses are pure functions of their inputs: clients may keep them an hour and
#: revalidate with the ETag.
ANALYSIS_CACHE = "public, max-age=3600"
NO_STORE = "no-store"
MAX_LIMIT = 100_000


class TableFormat(str, Enum):
    """Formats of a table answer."""

    json = "json"
    csv = "csv"
    parquet = "parquet"


MEDIA = {TableFormat.json: "application/json",
         TableFormat.csv: "text/csv; charset=utf-8",
         TableFormat.parquet: "application/vnd.apache.parquet"}


def _body(page: pd.DataFrame, fmt: TableFormat, kinds: dict[str, str]) -> bytes:
    """JSON and CSV rounded as the CLI prints them (:func:`metroscope._records.rounded`, with
    the whole result's ``kinds``); Parquet at full precision (a typed file for analysis)."""
    if fmt is TableFormat.json:
        return json.dumps(records(page, kinds), ensure_ascii=False).encode()
    if fmt is TableFormat.csv:
        return str(rounded(page, kinds).to_csv(index=False, lineterminator="\n")).encode("utf-8")
    buf = io.BytesIO()  # parquet
    out = flat_table(page).copy()
    out.columns = [str(c) for c in out.columns]
    out.to_parquet(buf, index=False)
    return buf.getvalue()


#: Encoded pages of cached results: ``id(df)`` -> {(format, limit, offset): (body, etag)}.
#: An entry lives as long as its DataFrame (``weakref.finalize`` drops it), so results the
#: app's cache keeps answer repeated requests without re-encoding.
_BODIES: dict[int, dict[tuple[str, int | None, int], tuple[bytes, str]]] = {}
_BODIES_LOCK = threading.Lock()


def _page_body(df: pd.DataFrame, fmt: TableFormat, limit: int | None, offset: int,
               *, remember: bool) -> tuple[bytes, str]:
    """(body, ETag) of the page ``[offset, offset + limit)`` of ``df`` in ``fmt``, kept with
    ``df`` when ``remember`` (results of the app's cache, which are never mutated)."""
    key = (fmt.value, limit, offset)
    if remember:
        with _BODIES_LOCK:
            hit = _BODIES.get(id(df), {}).get(key)
        if hit is not None:
            return hit
    page = df.iloc[offset: offset + limit] if limit is not None else df.iloc[offset:]
    body = _body(page, fmt, output_kinds(df))
    out = (body, etag_of(body))
    if remember:
        with _BODIES_LOCK:
            if id(df) not in _BODIES:
                _BODIES[id(df)] = {}
                weakref.finalize(df, _forget, id(df))
            _BODIES[id(df)][key] = out
    return out


def _forget(ident: int) -> None:
    with _BODIES_LOCK:
        _BODIES.pop(ident, None)


def etag_of(body: bytes) -> str:
    """A strong ETag: the SHA-256 of the body."""
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def etag_matches(inm: str, tag: str) -> bool:
    """Whether an ``If-None-Match`` value names ``tag`` or is ``*``, by the weak comparison
    RFC 9110 (13.1.2) asks for: ``W/"x"`` matches ``"x"`` (a proxy that compresses an answer
    marks its ETag weak, and the client sends it back so).

    Examples
    --------
    >>> [etag_matches(v, '"ab"') for v in ('"ab"', 'W/"ab"', '"x", W/"ab"', '*', '"x"', '')]
    [True, True, True, True, False, False]
    """
    def opaque(t: str) -> str:
        t = t.strip()
        return t[2:] if t.startswith("W/") else t

    return bool(inm.strip()) and (inm.strip() == "*" or opaque(tag) in
                                  [opaque(t) for t in inm.split(",")])


def with_etag(request: Request, body: bytes, media_type: str, *, cache: str = ANALYSIS_CACHE,
              headers: dict[str, str] | None = None, etag: str | None = None) -> Response:
    """``body`` with ETag (``etag``, else computed) and Cache-Control, or 304 when the client
    holds it already."""
    tag = etag or etag_of(body)
    head = {"ETag": tag, "Cache-Control": cache, **(headers or {})}
    if etag_matches(request.headers.get("if-none-match", ""), tag):
        return Response(status_code=304, headers=head)
    return Response(content=body, media_type=media_type, headers=head)


def table_response(request: Request, df: pd.DataFrame, fmt: TableFormat = TableFormat.json,
                   *, limit: int | None = None, offset: int = 0, filename: str = "table",
                   cache: str = ANALYSIS_CACHE, total: int | None = None,
                   meta: bool = False) -> Response:
    """The table ``df`` in ``fmt``, paged by ``limit``/``offset`` (rows).

    With ``total`` (the row count of the whole result), ``df`` is already the page (the
    database paged it) and is sent as it is. With ``meta`` (the endpoints' ``meta=true``) a
    JSON answer is ``{data, meta, total}``: the page's records, the result's provenance
    (``attrs["metroscope"]``: notes, sources, parameters ...) and the row count; CSV and
    Parquet stay plain tables."""
    if meta and fmt is TableFormat.json and total is None:
        page = df.iloc[offset: offset + limit] if limit is not None else df.iloc[offset:]
        return json_response(request, {"data": records(page, output_kinds(df)),
                                       "meta": df.attrs.get("metroscope", {}),
                                       "total": len(df)}, cache=cache)
    if total is None:  # page here; encoded pages of cached results are kept with them
        total = len(df)
        body, etag = _page_body(df, fmt, limit, offset, remember=cache != NO_STORE)
        end = min(total, offset + limit) if limit is not None else total
    else:  # the database paged
        body, etag = _page_body(df, fmt, None, 0, remember=False)
        end = offset + len(df)
    end = max(end, offset)
    headers: dict[str, str] = {"X-Total-Count": str(total)}
    if limit is not None and end < total:
        nxt = request.url.include_query_params(offset=end, limit=limit)
        headers["Link"] = f'<{nxt}>; rel="next"'
    if fmt is not TableFormat.json:
        ext = "csv" if fmt is TableFormat.csv else "parquet"
        headers["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    return with_etag(request, body, MEDIA[fmt], cache=cache, headers=headers, etag=etag)


def plain(payload: Any) -> Any:
    """``payload`` with every value JSON-ready as in a table's records (NaN -> null, inf ->
    "inf", NumPy scalars as Python ones), through dicts, lists and tuples: a bare ``NaN`` is
    not JSON, and strict parsers (``JSON.parse``) refuse the whole answer.

    Examples
    --------
    >>> import numpy as np
    >>> plain({"a": float("nan"), "b": [np.float64(np.inf), 1, "x"], "c": {"d": np.int64(2)}})
    {'a': None, 'b': ['inf', 1, 'x'], 'c': {'d': 2}}
    """
    from .._records import jsonable

    if isinstance(payload, dict):
        return {k: plain(v) for k, v in payload.items()}
    if isinstance(payload, list | tuple):
        return [plain(v) for v in payload]
    return jsonable(payload)


def json_response(request: Request, payload: Any, *, cache: str = ANALYSIS_CACHE) -> Response:
    """A JSON document (not a table) with ETag and Cache-Control; NaN as null, infinity as
    ``"inf"`` (:func:`plain`), as in the records of a table."""
    body = json.dumps(plain(payload), ensure_ascii=False, default=str,
                      allow_nan=False).encode()
    return with_etag(request, body, "application/json", cache=cache)
