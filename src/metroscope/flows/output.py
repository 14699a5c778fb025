"""Writing flow tables: Parquet row groups or CSV chunks, codes kept dictionary-encoded.

A flow table (``docs/flows.md``) is indexed by ``(origin, destination)``; the index is a
:class:`pandas.MultiIndex` whose levels are the location codes and whose integer codes are the
positions, so origin and destination are already dictionary-encoded. These functions keep them
that way up to the file: each block of rows becomes an Arrow record batch whose ``origin`` and
``destination`` columns are dictionary arrays (the level codes as indices, the levels as the
dictionary) and whose value columns are views of the table's own float arrays. Nothing is
converted row by row and no column of N² code strings is ever built.

- Parquet: one row group per block (``rows_per_group`` rows), written by
  :class:`pyarrow.parquet.ParquetWriter`. ``origin``/``destination`` are stored as Parquet
  dictionary columns (read back by pandas as ``category``), compressed with zstd at level 1
  (their repeating indices: 4.3 MB instead of Snappy's 10.5 MB on the benchmark's 9 M rows,
  same write time); value columns are stored plain, uncompressed (model outputs are
  high-entropy floats: on the benchmark's 9 M rows Snappy saved nothing, 144.0 MB either way,
  and added a third to their write time; zstd saved 5 % for +75 %) with min/max statistics.
- CSV: written block by block by :class:`pyarrow.csv.CSVWriter` (floats in shortest
  round-trip form: read back they are the same doubles; codes and names unquoted unless one
  of them holds a comma, quote, or line break, in which case every string is quoted).

Every write is atomic (:func:`metroscope._atomic.atomic_file`: a temporary file in the same
folder, fsync, ``os.replace``); a failed or killed write leaves the previous file whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..messages import Message

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["flat_flows", "flow_batches", "write_flows"]

#: Rows per Parquet row group / CSV chunk (about 18 MB of float64 per value column pair).
ROWS_PER_GROUP = 1_048_576
#: Parquet codec and level of the code (and other non-float) columns; floats stay uncompressed.
CODE_CODEC, CODE_LEVEL = "zstd", 1
#: File name endings :func:`write_flows` accepts.
SUFFIXES = (".csv", ".parquet", ".csv.gz", ".pq")


def _index_columns(df: pd.DataFrame) -> list[tuple[str, Any, Any]] | None:
    """``(name, codes, levels)`` per level of a MultiIndex without missing codes over numeric
    value columns, else None (such tables take the general path)."""
    idx = df.index
    if (not isinstance(idx, pd.MultiIndex) or any(n is None for n in idx.names)
            or not all(isinstance(t, np.dtype) and t.kind in "iufb" for t in df.dtypes)):
        return None
    cols = []
    for name, codes, levels in zip(idx.names, idx.codes, idx.levels, strict=True):
        codes_arr = np.asarray(codes)
        if codes_arr.size and codes_arr.min() < 0:  # a missing label: no dictionary code
            return None
        cols.append((str(name), codes_arr, levels))
    return cols


def flat_flows(df: pd.DataFrame) -> pd.DataFrame:
    """The flow table with its index as ``category`` columns (no per-row copy of the codes).

    Parameters
    ----------
    df
        A flow table indexed by ``(origin, destination)`` (any MultiIndex), columns of values.

    Returns
    -------
    pandas.DataFrame
        Columns ``origin``, ``destination`` (categorical: the index codes over the location
        codes) followed by the value columns; a table without a MultiIndex is returned with
        its index reset.

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> idx = pd.MultiIndex.from_product([["220102", "220183"]] * 2, names=["origin", "destination"])
    >>> flows = pd.DataFrame({"trips": [10.0, 2.5, 3.0, 7.0]}, index=idx)
    >>> flat = flat_flows(flows)
    >>> flat
      origin destination  trips
    0 220102      220102   10.0
    1 220102      220183    2.5
    2 220183      220102    3.0
    3 220183      220183    7.0
    >>> flat["origin"].dtype.name
    'category'
    """
    cols = _index_columns(df)
    if cols is None:
        return df.reset_index()
    data: dict[str, Any] = {
        name: pd.Categorical.from_codes(codes, categories=pd.Index(levels), validate=False)
        for name, codes, levels in cols}
    for c in df.columns:
        data[str(c)] = df[c].to_numpy(copy=False)
    return pd.DataFrame(data, copy=False)


def flow_batches(df: pd.DataFrame, rows: int = ROWS_PER_GROUP) -> Iterator[pa.RecordBatch]:
    """Consecutive Arrow record batches of at most ``rows`` rows of a flow table.

    ``origin``/``destination`` are dictionary arrays (indices: the MultiIndex codes; the
    dictionary: its levels, shared by every batch); numeric value columns are zero-copy
    views. A table without a MultiIndex is converted block by block with
    :func:`pyarrow.Table.from_pandas` (its index reset).

    Raises
    ------
    ParameterError
        If ``rows`` is not positive (also a ``ValueError``).
    pyarrow.ArrowInvalid
        For a value column Arrow cannot convert (e.g. mixed Python objects).

    Examples
    --------
    >>> idx = pd.MultiIndex.from_product([["220102", "220183"]] * 2, names=["origin", "destination"])
    >>> flows = pd.DataFrame({"trips": [10.0, 2.5, 3.0, 7.0]}, index=idx)
    >>> [b.num_rows for b in flow_batches(flows, rows=3)]
    [3, 1]
    >>> next(flow_batches(flows)).schema.field("origin").type
    DictionaryType(dictionary<values=string, indices=int8, ordered=0>)
    """
    import pyarrow as pa

    if rows <= 0:
        msg = Message("err_flow_batch_rows", got=rows)
        raise ParameterError(msg)
    n = len(df)
    pieces = BatchPieces.of(df)
    if pieces is None:
        flat = df.reset_index()
        for start in range(0, max(n, 1), rows):
            yield pa.RecordBatch.from_pandas(flat.iloc[start:start + rows], preserve_index=False)
        return
    schema = pieces.schema(0, n)
    for start in range(0, max(n, 1), rows):
        yield pieces.batch(start, min(start + rows, n), schema)


class BatchPieces:
    """What the record batches of a flow table are made of: the dictionaries of its codes
    (shared by every batch), the code arrays and the value columns (NumPy, not copied).

    Made by :meth:`of`; :meth:`batch` cuts any row range, so a writer can take rows as they
    are computed (:mod:`metroscope.flows._stream`).
    """

    def __init__(self, cols: list[tuple[str, Any, Any]], values: dict[str, Any]) -> None:
        import pyarrow as pa

        self.cols = cols
        self.values = values
        self.dictionaries = [pa.array(np.asarray(levels), from_pandas=True)
                             for _, _, levels in cols]

    @classmethod
    def of(cls, df: pd.DataFrame) -> BatchPieces | None:
        """The pieces of ``df``, or None for a table that takes the general path (no
        MultiIndex, a missing code, or a non-numeric column)."""
        cols = _index_columns(df)
        if cols is None:
            return None
        return cls(cols, {str(c): df[c].to_numpy(copy=False) for c in df.columns})

    def has_nan(self, name: str, start: int, stop: int) -> bool:
        """Whether the value column ``name`` holds a NaN in rows ``start:stop``."""
        v = self.values[name]
        return bool(v.dtype.kind == "f" and np.isnan(v[start:stop]).any())

    def schema(self, start: int, stop: int) -> pa.Schema:
        """The batches' schema: codes as non-null dictionaries, value columns nullable when
        they hold a NaN in rows ``start:stop`` (the whole table for :func:`flow_batches`)."""
        import pyarrow as pa

        fields = [pa.field(name, pa.dictionary(pa.from_numpy_dtype(codes.dtype), d.type),
                           nullable=False)
                  for (name, codes, _), d in zip(self.cols, self.dictionaries, strict=True)]
        fields += [pa.field(c, pa.from_numpy_dtype(v.dtype),
                            nullable=self.has_nan(c, start, stop))
                   for c, v in self.values.items()]
        return pa.schema(fields)

    def batch(self, start: int, stop: int, schema: pa.Schema) -> pa.RecordBatch:
        """Rows ``start:stop`` as a record batch of ``schema`` (NaN becomes null only in a
        nullable column; the other value columns are views of the floats)."""
        import pyarrow as pa

        arrays = [pa.DictionaryArray.from_arrays(pa.array(codes[start:stop]), d)
                  for (_, codes, _), d in zip(self.cols, self.dictionaries, strict=True)]
        arrays += [pa.array(v[start:stop], from_pandas=schema.field(c).nullable)
                   for c, v in self.values.items()]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)


class BatchSink:
    """Writes record batches to ``tmp`` as the format of ``target``'s name (Parquet row
    groups of ``rows_per_group`` rows, or CSV, gzip-compressed for ``.csv.gz``); the file is
    opened at the first batch, with that batch's schema.

    Raises
    ------
    OSError, pyarrow.ArrowException
        From the file system or Arrow (the callers turn them into :class:`OutputError`).
    """

    def __init__(self, tmp: Path, target: Path, rows_per_group: int) -> None:
        self.tmp, self.rows_per_group = tmp, rows_per_group
        self.csv = target.name.lower().endswith((".csv", ".csv.gz"))
        self.gzip = target.name.lower().endswith(".gz")
        self.stream: Any = None
        self.writer: Any = None

    def write(self, batch: pa.RecordBatch) -> None:
        """Append ``batch`` (a Parquet row group, or CSV lines)."""
        if self.writer is None:
            self._open(batch)
        if self.csv:
            self.writer.write_batch(batch)
        else:
            self.writer.write_batch(batch, row_group_size=self.rows_per_group)

    def _open(self, batch: pa.RecordBatch) -> None:
        import pyarrow as pa

        if self.csv:
            import pyarrow.csv as pacsv

            self.stream = (pa.CompressedOutputStream(str(self.tmp), "gzip") if self.gzip
                           else pa.OSFile(str(self.tmp), "wb"))
            self.writer = pacsv.CSVWriter(self.stream, batch.schema,
                                          write_options=csv_options(batch))
        else:
            import pyarrow.parquet as pq

            self.writer = pq.ParquetWriter(self.tmp, batch.schema, **_parquet_options(batch))

    def close(self) -> None:
        """Finish the file (footer, buffers flushed) and close it."""
        try:
            if self.writer is not None:
                self.writer.close()
        finally:
            if self.stream is not None:
                self.stream.close()


def write_flows(df: pd.DataFrame, path: str | Path, *, rows_per_group: int = ROWS_PER_GROUP,
                progress: Callable[[int, int], None] | None = None,
                atomic: bool = True) -> int:
    """Write a flow table to ``path`` (``.parquet``/``.pq`` or ``.csv``/``.csv.gz``) atomically.

    Parameters
    ----------
    df
        A flow table (see the module doc); its index becomes the leading columns.
    path
        Output file; its ending chooses the format.
    rows_per_group
        Rows per Parquet row group or CSV chunk.
    progress
        Called as ``progress(rows_written, total_rows)`` after each block.
    atomic
        Write through a temporary file, fsync and rename (default). ``False`` writes ``path``
        in place, for a part file inside a folder that is itself written atomically
        (:mod:`metroscope.flows.dataset`).

    Returns
    -------
    int
        The number of rows written.

    Raises
    ------
    OutputError
        When the file name has another ending, its folder cannot be written, or the write
        fails (the previous file, if any, is left whole).
    ValueError
        If ``rows_per_group`` is not positive.

    Examples
    --------
    >>> idx = pd.MultiIndex.from_product([["220102", "220183"]] * 2, names=["origin", "destination"])
    >>> flows = pd.DataFrame({"trips": [10.0, 2.5, 3.0, 7.0]}, index=idx)
    >>> write_flows(flows, tmp_path / "flows.csv")
    4
    >>> print((tmp_path / "flows.csv").read_text())
    origin,destination,trips
    220102,220102,10
    ...
    """
    from contextlib import nullcontext

    from .._atomic import atomic_file, check_output_file

    target = Path(path)
    if atomic:
        check_output_file(target, suffixes=SUFFIXES, what="the flow table")
    total = len(df)
    done = 0
    with atomic_file(target, what="the flow table") if atomic else nullcontext(target) as tmp:
        sink = BatchSink(tmp, target, rows_per_group)
        try:
            for batch in flow_batches(df, rows_per_group):
                sink.write(batch)
                done += batch.num_rows
                if progress is not None:
                    progress(done, total)
        finally:
            sink.close()
    return done


def csv_options(batch: pa.RecordBatch) -> Any:
    """:class:`pyarrow.csv.WriteOptions` for ``batch``'s schema: no quotes when no column name
    and no code (dictionary value) needs them, else strings quoted.

    Raises
    ------
    Nothing of its own.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def plain(values: list[Any]) -> bool:
        return all(_PLAIN.fullmatch(str(v)) for v in values)

    header = "none" if plain(batch.schema.names) else "needed"
    texts = [c.dictionary.to_pylist() for c in batch.columns if pa.types.is_dictionary(c.type)]
    other_text = any(pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
                     for f in batch.schema)
    style = "none" if not other_text and all(plain(t) for t in texts) else "needed"
    return pacsv.WriteOptions(quoting_style=style, quoting_header=header)


_PLAIN = re.compile(r"[^,\"\r\n]*")


def _parquet_options(batch: pa.RecordBatch) -> dict[str, Any]:
    """Dictionary encoding and zstd (level 1) for the code columns; plain, uncompressed floats
    with statistics (min/max of strings over a dictionary cost more than the rest of the write).

    The codes' dictionary indices repeat row after row (all pairs: 0..N-1 without i), which
    zstd finds better than Snappy: on the benchmark's 9 M rows (N = 3,000) the destination
    column takes 4.3 MB with zstd-1 against 10.5 MB with Snappy (13.8 MB uncompressed), the
    file 148.3 MB against 154.7 MB, for the same write time (2026-12-02,
    benchmarks/README.md)."""
    import pyarrow as pa

    codes = [f.name for f in batch.schema if pa.types.is_dictionary(f.type)]
    others = [f.name for f in batch.schema if f.name not in codes]
    floats = {f.name for f in batch.schema if pa.types.is_floating(f.type)}
    names = codes + others
    return {"use_dictionary": codes or False,
            "compression": {c: ("none" if c in floats else CODE_CODEC) for c in names},
            "compression_level": {c: CODE_LEVEL for c in names if c not in floats},
            "write_statistics": others or False}
