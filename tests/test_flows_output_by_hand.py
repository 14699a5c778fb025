"""The flow-table writer (``flows/output.py``) on tables written out in this file, read back with
pyarrow (schema, dictionaries, row groups, codecs, statistics, nulls) and as text (CSV quoting,
gzip), without the models or the command line."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from metroscope._errors import OutputError, ParameterError
from metroscope.flows.output import (
    SUFFIXES,
    BatchPieces,
    csv_options,
    flat_flows,
    flow_batches,
    write_flows,
)


def _table(flow: list[float] | None = None, codes: tuple[str, ...] = ("a", "b", "c")
           ) -> pd.DataFrame:
    """All 6 pairs i != j of three codes, row-major; flow 1..6 and cost 10..60 by default."""
    pairs = [(o, d) for o in codes for d in codes if o != d]
    idx = pd.MultiIndex.from_tuples(pairs, names=["origin", "destination"])
    return pd.DataFrame({"flow": flow or [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
                         "cost": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]}, index=idx)


def test_parquet_schema_groups_codecs_and_statistics(tmp_path: Path) -> None:
    """Rows in groups of 4 (4 + 2), codes as non-null int8 dictionaries over the three codes
    (zstd), value columns plain and uncompressed with min/max statistics per group."""
    out = tmp_path / "t.parquet"
    seen: list[tuple[int, int]] = []
    assert write_flows(_table(), out, rows_per_group=4,
                       progress=lambda d, t: seen.append((d, t))) == 6
    assert seen == [(4, 6), (6, 6)]
    f = pq.ParquetFile(out)
    assert f.metadata.num_row_groups == 2
    assert [f.metadata.row_group(g).num_rows for g in range(2)] == [4, 2]
    schema = f.schema_arrow
    assert schema.names == ["origin", "destination", "flow", "cost"]
    for name in ("origin", "destination"):
        assert schema.field(name).type == pa.dictionary(pa.int8(), pa.string())
        assert not schema.field(name).nullable
    assert not schema.field("flow").nullable and schema.field("flow").type == pa.float64()
    meta = f.metadata.row_group(1)
    assert [meta.column(i).compression for i in range(4)] == ["ZSTD", "ZSTD", "UNCOMPRESSED",
                                                             "UNCOMPRESSED"]
    assert "PLAIN" in meta.column(2).encodings
    assert "RLE_DICTIONARY" not in meta.column(2).encodings
    stats = meta.column(2).statistics
    assert stats.has_min_max and (stats.min, stats.max) == (5.0, 6.0)
    t = pq.read_table(out)
    assert t.column("origin").to_pylist() == ["a", "a", "b", "b", "c", "c"]
    assert t.column("destination").to_pylist() == ["b", "c", "a", "c", "a", "b"]
    assert t.column("origin").chunk(0).dictionary.to_pylist() == ["a", "b", "c"]
    assert t.column("cost").to_pylist() == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]


def test_nan_is_null_only_in_a_column_that_holds_one(tmp_path: Path) -> None:
    """A NaN flow in row 5 makes the flow column nullable (the NaN stored as null, read back
    as NaN); the cost column stays non-null; each group's schema is the whole table's."""
    df = _table([1.0, 2.0, 3.0, 4.0, math.nan, 6.0])
    out = tmp_path / "t.parquet"
    write_flows(df, out, rows_per_group=2)
    f = pq.ParquetFile(out)
    assert f.schema_arrow.field("flow").nullable and not f.schema_arrow.field("cost").nullable
    t = pq.read_table(out)
    assert t.column("flow").null_count == 1 and t.column("cost").null_count == 0
    assert t.column("flow").to_pylist() == [1.0, 2.0, 3.0, 4.0, None, 6.0]
    pieces = BatchPieces.of(df)
    assert pieces is not None
    assert pieces.has_nan("flow", 4, 5) and not pieces.has_nan("flow", 0, 4)
    assert not pieces.has_nan("flow", 5, 6) and not pieces.has_nan("cost", 0, 6)
    assert not pieces.schema(0, 4).field("flow").nullable
    assert pieces.schema(0, 6).field("flow").nullable
    b = pieces.batch(3, 6, pieces.schema(0, 6))
    assert b.num_rows == 3 and b.column(2).to_pylist() == [4.0, None, 6.0]
    assert b.column(0).dictionary.to_pylist() == ["a", "b", "c"]
    assert b.column(0).indices.to_pylist() == [1, 2, 2]
    # in a non-nullable schema a NaN stays a NaN value
    b = pieces.batch(3, 6, pieces.schema(0, 4))
    c = b.column(2).to_pylist()
    assert c[0] == 4.0 and math.isnan(c[1]) and c[2] == 6.0 and b.column(2).null_count == 0


def test_csv_plain_quoted_and_gzip(tmp_path: Path) -> None:
    """Plain codes unquoted, floats in shortest form, chunks of 4 rows; a code with a comma
    or a quote makes every code quoted (RFC 4180, a quote doubled), the plain header not;
    .csv.gz is gzip."""
    out = tmp_path / "t.csv"
    assert write_flows(_table([0.1, 2.0, 3.5, 4.0, 5.0, 1e-300]), out, rows_per_group=4) == 6
    assert out.read_text(encoding="utf-8").splitlines() == [
        "origin,destination,flow,cost", "a,b,0.1,10", "a,c,2,20", "b,a,3.5,30", "b,c,4,40",
        "c,a,5,50", "c,b,1e-300,60"]
    odd = _table(codes=("x,1", 'y"2', "z"))
    write_flows(odd, tmp_path / "q.csv")
    lines = (tmp_path / "q.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "origin,destination,flow,cost"  # plain names stay unquoted
    assert lines[1:3] == ['"x,1","y""2",1,10', '"x,1","z",2,20']
    write_flows(odd, tmp_path / "q.csv.gz")
    raw = (tmp_path / "q.csv.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"  # the gzip magic number
    assert gzip.decompress(raw).decode().splitlines() == lines
    write_flows(odd, tmp_path / "Q.CSV")  # the ending in any case
    assert (tmp_path / "Q.CSV").read_text(encoding="utf-8").splitlines() == lines


def test_csv_options_by_hand() -> None:
    """Values and header each quoted only when one of their texts holds a comma, a quote or
    a line break; a text column that is not a dictionary is always quoted."""
    plain = next(flow_batches(_table()))
    opts = csv_options(plain)
    assert (opts.quoting_style, opts.quoting_header) == ("none", "none")
    for bad in ("a,b", 'a"b', "a\nb", "a\rb"):
        odd = next(flow_batches(_table(codes=("x", bad, "z"))))
        opts = csv_options(odd)
        assert (opts.quoting_style, opts.quoting_header) == ("needed", "none"), bad
    named = pa.RecordBatch.from_pydict({"a,b": [1.0], "v": [1.0]})
    opts = csv_options(named)
    assert (opts.quoting_style, opts.quoting_header) == ("none", "needed")
    for kind in (pa.string(), pa.large_string()):
        text = pa.RecordBatch.from_arrays([pa.array(["x"], type=kind)], names=["label"])
        assert csv_options(text).quoting_style == "needed"


def test_flow_batches_and_flat_flows_by_hand() -> None:
    df = _table()
    batches = list(flow_batches(df, 4))
    assert [b.num_rows for b in batches] == [4, 2]
    assert batches[1].column(0).indices.to_pylist() == [2, 2]
    assert batches[1].column(1).indices.to_pylist() == [0, 1]
    assert batches[0].schema == batches[1].schema
    empty = df.iloc[:0]
    assert [b.num_rows for b in flow_batches(empty, 4)] == [0]
    for rows in (0, -1):
        with pytest.raises(ParameterError, match="rows"):
            list(flow_batches(df, rows))
    flat = flat_flows(df)
    assert list(flat.columns) == ["origin", "destination", "flow", "cost"]
    assert flat["origin"].astype(str).tolist() == ["a", "a", "b", "b", "c", "c"]
    assert list(flat["destination"].cat.categories) == ["a", "b", "c"]
    assert flat["cost"].tolist() == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    # a table without a MultiIndex, with a text column, or with a missing code: reset index
    plain = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.Index(["a", "b"], name="code"))
    assert flat_flows(plain).to_dict("list") == {"code": ["a", "b"], "v": [1.0, 2.0]}
    assert BatchPieces.of(plain) is None
    text = df.assign(label="x")
    assert BatchPieces.of(text) is None
    assert list(flat_flows(text).columns) == ["origin", "destination", "flow", "cost", "label"]
    unnamed = df.rename_axis([None, "destination"])
    assert BatchPieces.of(unnamed) is None
    missing = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.MultiIndex.from_arrays(
        [["a", None], ["b", "c"]], names=["origin", "destination"]))
    assert BatchPieces.of(missing) is None
    assert [b.num_rows for b in flow_batches(missing, 1)] == [1, 1]
    ints = df.astype({"cost": np.int64})
    assert BatchPieces.of(ints) is not None
    assert BatchPieces.of(df.iloc[:0]) is not None


def test_refusals_and_atomic_replacement(tmp_path: Path) -> None:
    assert SUFFIXES == (".csv", ".parquet", ".csv.gz", ".pq")
    with pytest.raises(OutputError):
        write_flows(_table(), tmp_path / "t.xlsx")
    with pytest.raises(ValueError, match="positive"):
        write_flows(_table(), tmp_path / "t.parquet", rows_per_group=0)
    assert not list(tmp_path.iterdir())
    write_flows(_table(), tmp_path / "t.pq")
    assert pq.read_table(tmp_path / "t.pq").num_rows == 6
    write_flows(_table().iloc[:2], tmp_path / "t.pq")  # replaced
    assert pq.read_table(tmp_path / "t.pq").num_rows == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.pq"]
    # in place (inside a folder written atomically): no temporary file, the target itself
    write_flows(_table(), tmp_path / "in.parquet", atomic=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet", "t.pq"]
    assert write_flows(_table().iloc[:0], tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0


def test_refusals_name_the_flow_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong ending and a full disk while writing are refused naming the flow table (in
    English and Chinese); the full disk leaves the previous file whole and nothing else."""
    import errno

    from metroscope._errors import error_text
    from metroscope.flows import output

    with pytest.raises(OutputError) as exc:
        write_flows(_table(), tmp_path / "t.xlsx")
    assert "flow table" in error_text(exc.value, "en")
    assert "流量表" in error_text(exc.value, "zh")
    out = tmp_path / "t.parquet"
    write_flows(_table(), out)
    before = out.read_bytes()

    def full(self: object, batch: pa.RecordBatch) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.BatchSink, "write", full)
    with pytest.raises(OutputError) as exc:
        write_flows(_table().iloc[:2], out)
    assert exc.value.args[0].key == "err_out_disk_full"
    assert "flow table" in error_text(exc.value, "en")
    assert "流量表" in error_text(exc.value, "zh")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]


def test_in_place_writes_flush_nothing_themselves(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``atomic=False`` writes the target in place (its folder's writer flushes it); the
    atomic write flushes its temporary file and the folder."""
    import metroscope._atomic as atomic

    flushed: list[bool] = []
    real = atomic._fsync_path

    def record(path: Path, *, directory: bool = False) -> None:
        flushed.append(directory)
        real(path, directory=directory)

    monkeypatch.setattr(atomic, "_fsync_path", record)
    write_flows(_table(), tmp_path / "in.parquet", atomic=False)
    assert flushed == []
    write_flows(_table(), tmp_path / "a.parquet")
    assert flushed == [False, True]


def test_the_value_columns_are_not_copied() -> None:
    df = _table()
    flat = flat_flows(df)
    assert np.shares_memory(flat["flow"].to_numpy(), df["flow"].to_numpy())
    pieces = BatchPieces.of(df)
    assert pieces is not None
    assert np.shares_memory(pieces.values["cost"], df["cost"].to_numpy())


def test_batches_by_hand_on_both_paths(tmp_path: Path) -> None:
    """One row in batches of 1 is one batch (also on the general path); the general path
    cuts 3 rows in batches of 2 (2 + 1) and records no index; an empty general table is one
    empty batch; the rows-argument refusal names the value."""
    one = _table().iloc[:1]
    assert [b.num_rows for b in flow_batches(one, 1)] == [1]
    plain = pd.DataFrame({"v": [1.0, 2.0, 3.0]}, index=pd.Index(["a", "b", "c"], name="code"))
    batches = list(flow_batches(plain, 2))
    assert [b.num_rows for b in batches] == [2, 1]
    assert batches[0].schema.names == ["code", "v"]
    assert batches[1].column(0).to_pylist() == ["c"]
    import json

    assert json.loads(batches[0].schema.metadata[b"pandas"])["index_columns"] == []
    assert [b.num_rows for b in flow_batches(plain.iloc[:1], 1)] == [1]
    assert [b.num_rows for b in flow_batches(plain.iloc[:0], 1)] == [0]
    with pytest.raises(ParameterError) as exc:
        list(flow_batches(plain, 0))
    assert exc.value.args[0].params["got"] == 0


def test_schema_of_nan_rows_ints_and_nullable_ints(tmp_path: Path) -> None:
    """A NaN in the first row makes the column nullable; an int64 column stays int64; a
    nullable Int64 column (pandas' own type) takes the general path, its missing value a
    null; ``schema(start, stop)`` looks at those rows only."""
    df = _table([math.nan, 2.0, 3.0, 4.0, 5.0, 6.0]).astype({"cost": np.int64})
    write_flows(df, tmp_path / "t.parquet", rows_per_group=4)
    schema = pq.ParquetFile(tmp_path / "t.parquet").schema_arrow
    assert schema.field("flow").nullable and schema.field("cost").type == pa.int64()
    assert pq.read_table(tmp_path / "t.parquet").column("cost").to_pylist() == [
        10, 20, 30, 40, 50, 60]
    pieces = BatchPieces.of(df)
    assert pieces is not None
    assert not pieces.schema(1, 6).field("flow").nullable
    nullable = _table().astype({"cost": "Int64"})
    nullable.iloc[1, 1] = pd.NA
    assert BatchPieces.of(nullable) is None
    write_flows(nullable, tmp_path / "n.parquet")
    assert pq.read_table(tmp_path / "n.parquet").column("cost").to_pylist() == [
        10, None, 30, 40, 50, 60]


def test_parquet_options_of_the_general_path_and_of_codes_alone(tmp_path: Path) -> None:
    """A table without dictionary columns is not dictionary-encoded at all; a table of codes
    alone keeps no statistics (those of strings over a dictionary cost more than the write)."""
    plain = pd.DataFrame({"code": ["x", "y", "x"], "share": [0.25, 0.75, 0.25]})
    write_flows(plain.set_index("code"), tmp_path / "p.parquet")
    meta = pq.ParquetFile(tmp_path / "p.parquet").metadata.row_group(0)
    for i in range(2):
        assert not any("DICTIONARY" in e for e in meta.column(i).encodings), i
    codes_only = _table()[[]]
    write_flows(codes_only, tmp_path / "c.parquet")
    meta = pq.ParquetFile(tmp_path / "c.parquet").metadata.row_group(0)
    assert meta.num_columns == 2
    assert not meta.column(0).is_stats_set and not meta.column(1).is_stats_set
