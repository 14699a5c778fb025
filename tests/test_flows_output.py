"""Flow tables written by row groups / chunks with dictionary-encoded codes (flows.output)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from metroscope.cli.flows import app
from metroscope.flows import flat_flows, radiation, write_flows
from metroscope.flows._table import flow_frame, offdiag_pairs
from metroscope.flows.output import flow_batches

runner = CliRunner()


def _locations(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({"lon": rng.uniform(120.0, 121.0, n), "lat": rng.uniform(40.0, 41.0, n),
                         "population": np.round(rng.lognormal(8.0, 1.0, n))},
                        index=pd.Index([f"{220100 + i}" for i in range(n)], name="code"))


def _same_as(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """``got`` (a file read back) has the rows of the flow table ``want`` bit for bit."""
    flat = want.reset_index()
    assert list(got.columns) == list(flat.columns)
    assert len(got) == len(flat)
    for col in ("origin", "destination"):
        assert got[col].astype(str).tolist() == flat[col].astype(str).tolist()
    for col in want.columns:
        assert np.array_equal(got[col].to_numpy(dtype=float), flat[col].to_numpy(dtype=float),
                              equal_nan=True), col


def test_cli_parquet_equals_the_in_process_table(tmp_path: Path) -> None:
    loc = _locations()
    src = tmp_path / "loc.csv"
    loc.to_csv(src)
    out = tmp_path / "flows.parquet"
    res = runner.invoke(app, ["radiation", "--locations", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    want = radiation(loc)
    table = pq.read_table(out)
    for col in ("origin", "destination"):  # stored and read back dictionary-encoded
        assert pa.types.is_dictionary(table.schema.field(col).type)
    got = table.to_pandas()
    assert isinstance(got["origin"].dtype, pd.CategoricalDtype)
    _same_as(got, want)
    # the stored schema is the in-process table's own (int8 indices over 40 codes, not null)
    assert pq.ParquetFile(out).schema_arrow == next(flow_batches(want)).schema
    assert str(pq.ParquetFile(out).schema_arrow.field("origin").type) == (
        "dictionary<values=string, indices=int8, ordered=0>")
    # codes compressed with zstd (level 1), the high-entropy floats stored uncompressed
    meta = pq.ParquetFile(out).metadata.row_group(0)
    assert [meta.column(i).compression for i in range(4)] == [
        "ZSTD", "ZSTD", "UNCOMPRESSED", "UNCOMPRESSED"]


@pytest.mark.parametrize("n", [2, 3, 126, 127, 300])
def test_pair_positions_come_in_the_index_code_type(n: int) -> None:
    """All pairs i != j, row-major, already in the integer type pandas keeps the codes of n
    labels in: the MultiIndex of the flow table takes them without converting a copy."""
    oi, dj = offdiag_pairs(n)
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]  # by hand
    assert oi.tolist() == [i for i, _ in pairs]
    assert dj.tolist() == [j for _, j in pairs]
    assert oi.dtype == dj.dtype == pd.Categorical.from_codes([0], categories=range(n)).codes.dtype
    assert oi.dtype == (np.int8 if n < 127 else np.int16)
    codes = pd.Index([f"c{i}" for i in range(n)])
    df = flow_frame(codes, oi, dj, {"flow": np.ones(len(oi))})
    assert np.shares_memory(df.index.codes[0], oi) and np.shares_memory(df.index.codes[1], dj)
    assert df.index[-1] == (f"c{n - 1}", f"c{n - 2}")


def test_cli_csv_file_and_stdout_equal_the_in_process_table(tmp_path: Path) -> None:
    loc = _locations(12)
    src = tmp_path / "loc.csv"
    loc.to_csv(src)
    want = radiation(loc, tie_rule="ordered")
    out = tmp_path / "flows.csv"
    res = runner.invoke(app, ["radiation", "--locations", str(src), "--tie-rule", "ordered",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "origin,destination,flow,probability"
    assert '"' not in text  # plain codes need no quotes
    _same_as(pd.read_csv(out, dtype={"origin": str, "destination": str}), want)
    res = runner.invoke(app, ["radiation", "--locations", str(src), "--tie-rule", "ordered",
                              "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout == text


def test_row_groups_progress_and_flat_flows(tmp_path: Path) -> None:
    want = radiation(_locations(10))  # 90 rows
    out = tmp_path / "f.parquet"
    seen: list[tuple[int, int]] = []
    assert write_flows(want, out, rows_per_group=20,
                       progress=lambda d, t: seen.append((d, t))) == 90
    assert pq.ParquetFile(out).metadata.num_row_groups == 5
    assert seen == [(20, 90), (40, 90), (60, 90), (80, 90), (90, 90)]
    _same_as(pd.read_parquet(out), want)
    flat = flat_flows(want)
    assert isinstance(flat["destination"].dtype, pd.CategoricalDtype)
    assert flat["origin"].cat.codes.tolist() == want.index.codes[0].tolist()
    _same_as(flat, want)
    with pytest.raises(ValueError, match="positive"):
        write_flows(want, tmp_path / "g.parquet", rows_per_group=0)


def test_missing_values_odd_codes_and_other_tables(tmp_path: Path) -> None:
    codes = pd.Index(["a,1", 'b"2', "c"])
    oi, dj = offdiag_pairs(3)
    flow = np.arange(6, dtype=float)
    flow[2] = np.nan
    cost = np.array([1.0, math.inf, 2.0, 3.0, 4.0, 5.0])
    df = flow_frame(codes, oi, dj, {"flow": flow, "cost": cost})
    for name in ("t.csv", "t.parquet", "t.csv.gz"):
        write_flows(df, tmp_path / name)
        got = (pd.read_parquet(tmp_path / name) if name.endswith(".parquet") else
               pd.read_csv(tmp_path / name, dtype={"origin": str, "destination": str}))
        _same_as(got, df)
    # a table without a MultiIndex (or with text columns) takes the general path
    plain = pd.DataFrame({"code": ["x", "y"], "label": ["一", "二"], "share": [0.25, 0.75]})
    write_flows(plain.set_index("code"), tmp_path / "p.parquet")
    assert pd.read_parquet(tmp_path / "p.parquet").to_dict("list") == plain.to_dict("list")
    write_flows(plain.set_index("code"), tmp_path / "p.csv")
    assert pd.read_csv(tmp_path / "p.csv").to_dict("list") == plain.to_dict("list")
