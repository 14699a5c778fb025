"""A flow table written while it is computed (flows._stream, radiation's write_to)."""

from __future__ import annotations

import errno
import importlib
import random
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from metroscope._errors import OutputError
from metroscope.flows import output as output_module
from metroscope.flows import radiation, write_flows
from metroscope.flows._stream import StreamedWrite
from metroscope.flows._table import flow_frame, offdiag_pairs
from test_flows_output import _locations, _same_as  # one copy of the helpers


@pytest.mark.parametrize("name", ["f.parquet", "f.csv", "f.csv.gz"])
def test_write_to_equals_the_returned_table(tmp_path: Path, name: str) -> None:
    loc = _locations(30)
    got = radiation(loc, write_to=tmp_path / name, chunk_rows=4)  # 8 blocks on 2 threads
    want = radiation(loc)
    _same_as(got.reset_index(), want)  # the returned table is the usual one
    read = (pd.read_parquet(tmp_path / name) if name.endswith(".parquet")
            else pd.read_csv(tmp_path / name, dtype={"origin": str, "destination": str}))
    _same_as(read, want)
    ref = tmp_path / ("ref." + name.split(".", 1)[1])
    write_flows(want, ref)  # the same file as writing the finished table
    assert (tmp_path / name).read_bytes() == ref.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, ref.name])  # no temp


def test_write_to_on_the_other_paths(tmp_path: Path) -> None:
    """k nearest (sparse kernel) and one thread: written after the computation, same file."""
    loc = _locations(25)
    got = radiation(loc, k_nearest=5, write_to=tmp_path / "k.parquet")
    assert len(got) == 25 * 5
    _same_as(pd.read_parquet(tmp_path / "k.parquet"), got)
    assert got.index.equals(radiation(loc, k_nearest=5).index)
    with pytest.raises(OutputError, match="must end in"):
        radiation(loc, write_to=tmp_path / "k.txt")


def _frame(n: int, values: dict[str, np.ndarray]) -> pd.DataFrame:
    oi, dj = offdiag_pairs(n)
    return flow_frame(pd.Index([f"c{i}" for i in range(n)]), oi, dj,
                      {k: v.ravel() for k, v in values.items()})


def _fill_out_of_order(stream: StreamedWrite, arrays: dict[str, np.ndarray],
                       final: dict[str, np.ndarray], block: int, seed: int) -> None:
    """Copy ``final`` into ``arrays`` block of origins by block, in a shuffled order, from
    two threads, telling ``stream`` after each block."""
    n = next(iter(arrays.values())).shape[0]
    starts = list(range(0, n, block))
    random.Random(seed).shuffle(starts)

    def work(mine: list[int]) -> None:
        for s in mine:
            for k, a in arrays.items():
                a[s:s + block] = final[k][s:s + block]
            stream.ready(s, min(s + block, n))

    threads = [threading.Thread(target=work, args=(starts[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@pytest.mark.parametrize("nan_at", [None, 3, 40])
def test_row_groups_in_order_whatever_order_blocks_finish(tmp_path: Path,
                                                          nan_at: int | None) -> None:
    """Blocks of 3 origins finish out of order; row groups of 7 rows are written in row order.
    A NaN in the first row group makes the column nullable from the start; one after it
    (row 40, group 5) means the whole table is written again at the end (the schema's
    nullability is the whole table's)."""
    n = 12  # 132 rows
    rng = np.random.default_rng(3)
    final = {"flow": rng.random((n, n - 1)), "probability": rng.random((n, n - 1))}
    if nan_at is not None:
        final["flow"].ravel()[nan_at] = np.nan
    arrays = {k: np.full((n, n - 1), -1.0) for k in final}
    df = _frame(n, arrays)
    out = tmp_path / "s.parquet"
    with StreamedWrite(df, out, rows_per_origin=n - 1, rows_per_group=7, sync_rows=14) as s:
        _fill_out_of_order(s, arrays, final, block=3, seed=nan_at or 0)
    assert s.fallback == (nan_at == 40)
    want = _frame(n, final)
    write_flows(want, tmp_path / "ref.parquet", rows_per_group=7)
    assert out.read_bytes() == (tmp_path / "ref.parquet").read_bytes()
    meta = pq.ParquetFile(out).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [7] * 18 + [6]
    assert pq.ParquetFile(out).schema_arrow.field("flow").nullable == (nan_at is not None)
    got = pd.read_parquet(out)
    _same_as(got, want)
    if nan_at is not None:
        assert got["flow"].isna().sum() == 1 and np.isnan(got["flow"].to_numpy()[nan_at])


def test_a_failed_computation_or_write_leaves_the_previous_file(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                ) -> None:
    out = tmp_path / "f.parquet"
    out.write_bytes(b"previous")
    loc = _locations(20)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kernel failed")

    with monkeypatch.context() as m:  # the kernel fails after the first block
        radiation_module = importlib.import_module("metroscope.flows._radiation_blocks")
        calls = {"n": 0}
        real = radiation_module.R.radiation_rows

        def flaky(*args: object) -> None:
            calls["n"] += 1
            if calls["n"] > 1:
                boom()
            real(*args)

        m.setattr(radiation_module.R, "radiation_rows", flaky)
        with pytest.raises(RuntimeError, match="kernel failed"):
            radiation(loc, write_to=out, chunk_rows=2)
    assert out.read_bytes() == b"previous"

    def full(self: object, batch: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_module.BatchSink, "write", full)
    with pytest.raises(OutputError, match="disk is full"):
        radiation(loc, write_to=out)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["f.parquet"]  # no temporary file


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~"))


def _stalled_writer(monkeypatch: pytest.MonkeyPatch, at_batch: int, *,
                    before: bool = False) -> tuple[list[int], threading.Event, threading.Event]:
    """BatchSink.write stubbed to stop at batch ``at_batch`` (1-based; after writing it, or
    ``before`` it, i.e. before the file exists for batch 1) until ``release`` is set; returns
    the rows of each batch written, and the ``stalled`` and ``release`` events."""
    real = output_module.BatchSink.write
    written: list[int] = []
    stalled, release = threading.Event(), threading.Event()

    def write(self: output_module.BatchSink, batch: object) -> None:
        if before and len(written) + 1 == at_batch:
            stalled.set()
            release.wait(5)
        real(self, batch)  # type: ignore[arg-type]
        written.append(batch.num_rows)  # type: ignore[attr-defined]
        if not before and len(written) == at_batch:
            stalled.set()
            release.wait(5)

    monkeypatch.setattr(output_module.BatchSink, "write", write)
    return written, stalled, release


@pytest.mark.parametrize("interrupts", [1, 2])
def test_an_interrupt_while_the_end_is_written_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupts: int) -> None:
    """Trial C1: the computation is over and the main thread waits for the writer thread to
    write the rest of a CSV; Ctrl-C lands in that wait. The interrupt goes through, the
    writer stops after its batch (3 of 19 written), the old file is whole and no temporary
    file stays. A second Ctrl-C while the writer is being stopped ends the wait only: the
    writer, stalled before it creates the file, removes it itself when it ends."""
    n = 12  # 132 rows: 19 batches of 7
    final = {"flow": np.arange(n * (n - 1), dtype=float).reshape(n, n - 1) / 7,
             "probability": np.full((n, n - 1), 0.5)}
    out = tmp_path / "big3.csv"
    out.write_bytes(b"old,file\n1,2\n")
    written, stalled, release = _stalled_writer(monkeypatch, 1 if interrupts == 2 else 3,
                                                before=interrupts == 2)
    joins = []
    with pytest.raises(KeyboardInterrupt), StreamedWrite(  # noqa: PT012 (raised at the exit)
            _frame(n, final), out, rows_per_origin=n - 1, rows_per_group=7, sync_rows=0) as s:
        thread = s._thread
        assert thread is not None
        real_join = thread.join

        def join(timeout: float | None = None) -> None:
            joins.append(timeout)
            if len(joins) == 1:  # the wait for the rest of the file
                assert stalled.wait(5)
                # 3 batches in the temporary file; none yet when stalled before batch 1
                assert len(_temporaries(tmp_path)) == (0 if interrupts == 2 else 1)
                raise KeyboardInterrupt
            if interrupts == 2:  # while the writer is being stopped
                raise KeyboardInterrupt
            release.set()  # the writer goes on once the main thread stopped it
            real_join(timeout)

        thread.join = join  # type: ignore[method-assign]
        s.ready(0, n)  # the whole table is final: only the write is left
    release.set()  # 2 interrupts: the writer creates the file after the main thread's cleanup
    real_join(5)
    assert not thread.is_alive()
    assert out.read_bytes() == b"old,file\n1,2\n"
    assert _temporaries(tmp_path) == []
    assert len(joins) == 2  # no wait after a second interrupt
    assert written == ([7] if interrupts == 2 else [7, 7, 7])  # stopped, not written to the end


def test_an_interrupt_in_the_computation_stops_the_writer_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the kernel when 11 of 12 origins are final (17 batches could be written): the
    writer stops after the batch it is writing (the 2nd) instead of writing the other 15 into
    a file that is then deleted; the old file is whole, no temporary file stays."""
    n = 12
    arrays = {"flow": np.ones((n, n - 1)), "probability": np.full((n, n - 1), 0.5)}
    out = tmp_path / "f.csv"
    out.write_bytes(b"old\n")
    written, stalled, release = _stalled_writer(monkeypatch, 2)
    with pytest.raises(KeyboardInterrupt), StreamedWrite(  # noqa: PT012
            _frame(n, arrays), out, rows_per_origin=n - 1, rows_per_group=7, sync_rows=0) as s:
        assert s._thread is not None
        real_join = s._thread.join

        def join(timeout: float | None = None) -> None:
            release.set()  # the writer goes on once the main thread stopped it
            real_join(timeout)

        s._thread.join = join  # type: ignore[method-assign]
        s.ready(0, n - 1)
        assert stalled.wait(5)
        raise KeyboardInterrupt  # the kernel, at its last block
    assert not s._thread.is_alive()
    assert out.read_bytes() == b"old\n"
    assert _temporaries(tmp_path) == []
    assert written == [7, 7]
