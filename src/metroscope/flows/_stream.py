"""Writing a flow table while its rows are computed: the write overlaps the kernel.

The dense radiation kernel fills the flow table's arrays block of origins by block of origins
(:func:`metroscope.engine.map_blocks`, a few blocks at a time, finishing in any order). A
:class:`StreamedWrite` opened on that table before the kernel runs is told which origins are
final (:meth:`StreamedWrite.ready`, called from the kernel's threads); a writer thread writes
every row group whose rows are all final, in row order, while the kernel computes the next
blocks. Arrow releases the GIL while it encodes and writes, so the writer thread and the
kernel's threads run on separate cores.

The file is the one :func:`metroscope.flows.output.write_flows` writes from the finished table,
byte for byte in content: the same row groups (``rows_per_group`` rows each), schema, codecs
and statistics. One case needs the whole table first: the schema marks a value column
nullable when it holds a NaN anywhere, which the first row group cannot tell. The writer takes
the first row group's answer; if a later row group has a NaN in a column the schema declared
without nulls, streaming stops and the whole table is written again once it is complete.

The write is atomic as every write of the flow tables (:func:`metroscope._atomic.atomic_file`:
a temporary file beside the target, fsync, ``os.replace``). While the kernel runs, the writer
thread starts the disk write of what it has written every ``sync_rows`` rows (Linux
``sync_file_range``, without waiting), so that the final fsync does not wait for the whole
file at once. A failure of the kernel or of the writer, or an interrupt (Ctrl-C; the command
line turns SIGTERM into one too) wherever it lands, even while the end of the file is still
being written, stops the writer thread after the batch it is writing, removes the temporary
file and leaves any previous file whole.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import ROWS_PER_GROUP, SUFFIXES, BatchPieces, BatchSink, write_flows

if TYPE_CHECKING:
    from types import TracebackType

    import pandas as pd

__all__ = ["StreamedWrite"]

#: Rows written between two flushes to disk of the file being written (see the module doc).
SYNC_ROWS = 8 * ROWS_PER_GROUP


class StreamedWrite:
    """Write the flow table ``df`` to ``path`` as its origins become final.

    Use as a context manager around the computation that fills ``df``'s value arrays;
    call :meth:`ready` for each block of origins once its rows hold their final values.
    On a normal exit the rest is written and the file replaces ``path``; on an exception
    nothing replaces it.

    Parameters
    ----------
    df
        The flow table, indexed by ``(origin, destination)``, whose value columns are views of
        arrays still being filled; its rows are ordered by origin, ``rows_per_origin`` each.
    path
        Output file (``.parquet``/``.pq`` or ``.csv``/``.csv.gz``).
    rows_per_origin
        Rows of each origin (``N - 1`` for all pairs of ``N`` locations).
    rows_per_group
        Rows per Parquet row group or CSV chunk (as :func:`write_flows`).
    sync_rows
        Rows between two flushes of the written part to disk while computing (0: none).

    Raises
    ------
    OutputError
        On entry, for a file name with another ending or a folder that cannot be written; on
        exit, when the write failed (the previous file, if any, is left whole).
    KeyboardInterrupt
        Passed on as it came (after the writer thread stopped and the temporary file was
        removed), whether it came in the computation or while the rest of the file was written.
    """

    def __init__(self, df: pd.DataFrame, path: str | Path, *, rows_per_origin: int,
                 rows_per_group: int = ROWS_PER_GROUP, sync_rows: int = SYNC_ROWS) -> None:
        self.df, self.target = df, Path(path)
        self.rows_per_origin, self.rows_per_group = rows_per_origin, rows_per_group
        self.sync_rows = sync_rows
        self.total = len(df)
        self._cond = threading.Condition()
        self._frontier = 0  # origins final from 0 up to here
        self._pending: dict[int, int] = {}  # finished blocks beyond the frontier: start -> stop
        self._stop = False  # the computation ended (normally or not)
        self._abandon = False  # the file will not be kept: the writer stops at once
        self._error: BaseException | None = None
        self.fallback = False  # the whole table was written at the end instead
        self.rows_streamed = 0
        self._stack = ExitStack()
        self._thread: threading.Thread | None = None
        self._tmp: Path | None = None

    def __enter__(self) -> StreamedWrite:
        from .._atomic import atomic_file, check_output_file

        check_output_file(self.target, suffixes=SUFFIXES, what="the flow table")
        self._tmp = self._stack.enter_context(atomic_file(self.target, what="the flow table"))
        self._thread = threading.Thread(target=self._run, name="metroscope-flow-writer",
                                        daemon=True)
        self._thread.start()
        return self

    def ready(self, start: int, stop: int) -> None:
        """Origins ``start:stop`` hold their final rows (thread-safe)."""
        with self._cond:
            self._pending[start] = stop
            moved = False
            while self._frontier in self._pending:
                self._frontier = self._pending.pop(self._frontier)
                moved = True
            if moved:
                self._cond.notify()

    def _final_rows(self) -> int:
        return min(self._frontier * self.rows_per_origin, self.total)

    def _run(self) -> None:
        """The writer thread: every row group whose rows are final, in order."""
        assert self._tmp is not None
        sink = BatchSink(self._tmp, self.target, self.rows_per_group)
        fd = -1
        try:
            pieces = BatchPieces.of(self.df)
            if pieces is None:  # not codes over numbers: the general path, at the end
                return
            written, synced, schema = 0, 0, None
            while written < self.total:
                stop = min(written + self.rows_per_group, self.total)
                with self._cond:
                    while self._final_rows() < stop and not self._stop:
                        self._cond.wait()
                    if self._abandon or self._final_rows() < stop:  # abandoned, or the
                        return  # computation ended first
                if schema is None:
                    schema = pieces.schema(written, stop)
                elif any(not f.nullable and pieces.has_nan(f.name, written, stop)
                         for f in schema if f.name in pieces.values):
                    return  # the schema needs a nullable column: written again at the end
                sink.write(pieces.batch(written, stop, schema))
                written = self.rows_streamed = stop
                if self.sync_rows and written - synced >= self.sync_rows and not self._stop:
                    fd = fd if fd >= 0 else os.open(self._tmp, os.O_RDONLY)
                    _start_writeback(fd)  # the disk writes while the kernel computes
                    synced = written
        except BaseException as exc:
            self._error = exc
        finally:
            try:
                sink.close()
            except BaseException as exc:
                self._error = self._error or exc
            if fd >= 0:
                os.close(fd)
            if self._abandon:  # the main thread may have stopped waiting before this ended
                with contextlib.suppress(OSError):
                    self._tmp.unlink(missing_ok=True)

    def _halt(self, *, abandon: bool) -> None:
        """Tell the writer thread that the computation ended; with ``abandon``, that the file
        will not be kept, so that it stops after the batch it is writing."""
        with self._cond:
            self._stop = True
            self._abandon = self._abandon or abandon
            self._cond.notify()

    def _abandon_writer(self) -> None:
        """Stop the writer thread after its batch and wait for it; a further interrupt while
        waiting ends the wait only (the first one is passed on anyway, and the writer removes
        the temporary file itself when it ends)."""
        self._halt(abandon=True)
        if self._thread is not None:
            with contextlib.suppress(KeyboardInterrupt):
                self._thread.join()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        try:
            self._halt(abandon=exc is not None)
            if self._thread is not None:
                self._thread.join()  # the rest of the file: long for a big CSV
            if exc is None:
                if self._error is not None:
                    raise self._error
                if self.rows_streamed < self.total:  # gave up streaming: the whole table
                    assert self._tmp is not None
                    self.fallback = True
                    write_flows(self.df, self._tmp, rows_per_group=self.rows_per_group,
                                atomic=False)
        except BaseException as err:  # the write failed, or an interrupt came meanwhile
            self._abandon_writer()
            if not self._stack.__exit__(type(err), err, err.__traceback__):
                raise
            return False
        return bool(self._stack.__exit__(exc_type, exc, tb))


def _start_writeback(fd: int) -> None:
    """Start writing the file's dirty pages to disk without waiting for them (Linux
    ``sync_file_range(SYNC_FILE_RANGE_WRITE)``; elsewhere nothing: the final fsync does it).

    A blocking ``fdatasync`` here would stall the writer thread on the disk; on Linux the page
    cache otherwise starts writing back only past ``dirty_background_ratio`` (10 % of memory),
    so a 1.8 GB file would be flushed by the final fsync alone."""
    global _SYNC_FILE_RANGE
    if _SYNC_FILE_RANGE is None:
        _SYNC_FILE_RANGE = False
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                fn = ctypes.CDLL(None, use_errno=True).sync_file_range
            except (OSError, AttributeError):
                pass
            else:
                fn.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
                _SYNC_FILE_RANGE = fn
    if _SYNC_FILE_RANGE:
        _SYNC_FILE_RANGE(fd, 0, 0, 2)  # the whole file; 2 = SYNC_FILE_RANGE_WRITE


_SYNC_FILE_RANGE: Any = None


def write_while_computing(df: pd.DataFrame, path: str | Path | None, rows_per_origin: int,
                          ) -> Any:
    """A :class:`StreamedWrite` of ``df`` to ``path``, or a context doing nothing (whose
    ``ready`` is None) when ``path`` is None."""
    if path is None:
        return _NoWrite()
    return StreamedWrite(df, path, rows_per_origin=rows_per_origin)


class _NoWrite:
    ready = None

    def __enter__(self) -> _NoWrite:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
