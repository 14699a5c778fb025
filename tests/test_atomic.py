"""Atomic writes: a killed, failing or full-disk write never destroys the previous file."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from metroscope import OutputError
from metroscope._atomic import (
    atomic_dir,
    atomic_file,
    check_output_dir,
    check_output_file,
    write_text,
)

# A fork server: imports once, then forks one writer child per request, so that the test can
# SIGKILL many writers at random moments without paying Python's start-up each time. The
# server itself never writes (no library thread pools exist when it forks).
SERVER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import numpy as np, pandas as pd
    from metroscope.cli.flows import write_table
    n = int(sys.argv[1])
    rng = np.random.default_rng(0)
    base = pd.DataFrame({"origin": rng.integers(0, 10**6, n), "flow": rng.random(n),
                         "destination": rng.integers(0, 10**6, n)})
    for line in sys.stdin:
        target, seed = line.split()
        pid = os.fork()
        if pid == 0:
            df = base.assign(flow=base["flow"] + int(seed)).set_index(["origin", "destination"])
            t0 = time.perf_counter()
            print(f"start {os.getpid()}", flush=True)
            write_table(df, Path(target))
            print(f"done {time.perf_counter() - t0:.3f}", flush=True)
            os._exit(0)
        print(f"child {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"status {status}", flush=True)
""")


def _old_table() -> pd.DataFrame:
    return pd.DataFrame({"origin": ["a", "b"], "destination": ["b", "a"], "flow": [1.5, 2.5]})


def _read(target: Path) -> pd.DataFrame:
    return pd.read_csv(target) if target.suffix == ".csv" else pd.read_parquet(target)


def test_sigkill_at_random_points_keeps_the_previous_file(tmp_path: Path) -> None:
    """Kill the writer of a 100k-row table (CSV and Parquet) at random moments: the target
    is always either the previous file, byte for byte, or the complete new one."""
    rng = random.Random(11)
    n_rows = 100_000
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(n_rows)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert server.stdin is not None and server.stdout is not None
    kills = 0
    try:
        for suffix in (".parquet", ".csv"):
            target = tmp_path / f"flows{suffix}"
            if suffix == ".csv":
                _old_table().to_csv(target, index=False)
            else:
                _old_table().to_parquet(target, index=False)
            before = target.read_bytes()
            server.stdin.write(f"{target} 0\n")  # one complete write, timed
            server.stdin.flush()
            lines = [server.stdout.readline().split() for _ in range(4)]
            full = float(next(x[1] for x in lines if x[0] == "done"))
            assert len(_read(target)) == n_rows
            before = target.read_bytes()
            for seed in range(1, 5):
                server.stdin.write(f"{target} {seed}\n")
                server.stdin.flush()
                head = [server.stdout.readline().split() for _ in range(2)]
                pid = int(next(x[1] for x in head if x[0] == "start"))
                time.sleep(rng.uniform(0.0, full))
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                tail = server.stdout.readline().split()
                if tail[0] == "done":
                    tail = server.stdout.readline().split()
                status = int(tail[1])
                killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
                kills += killed
                data = target.read_bytes()
                if data != before:  # finished before the kill: the new file is whole
                    assert len(_read(target)) == n_rows
                    before = data
                else:
                    assert killed
    finally:
        server.stdin.close()
        server.wait(timeout=60)
        server.stdout.close()
    assert kills >= 3  # most kills landed inside a write
    # a later successful write removes the temporary files of killed writers
    from metroscope.cli.flows import write_table

    for suffix in (".parquet", ".csv"):
        write_table(_old_table().set_index(["origin", "destination"]),
                    tmp_path / f"flows{suffix}")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]


def test_exception_inside_write_keeps_previous(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("previous", encoding="utf-8")
    def fail() -> None:
        with atomic_file(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_full_disk_leaves_nothing_half_written(tmp_path: Path) -> None:
    """A file-size limit (EFBIG, like a full disk) gives a clear error and no torn file."""
    target = tmp_path / "big.txt"
    target.write_text("previous", encoding="utf-8")
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))
        from metroscope._atomic import write_text
        from metroscope import OutputError
        try:
            write_text({str(target)!r}, "x" * 1_000_000)
        except OutputError as exc:
            print("ERR", exc)
            sys.exit(1)
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert res.returncode == 1, res.stderr
    assert "file-size limit" in res.stdout and "previous file is unchanged" in res.stdout
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]


def test_check_output_file(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="it is a folder"):
        check_output_file(tmp_path / "dir")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_output_file(tmp_path / "file" / "out.csv")
    with pytest.raises(OutputError, match=r"must end in \.csv or \.parquet"):
        check_output_file(tmp_path / "out.txt", suffixes=(".csv", ".parquet"))
    with pytest.raises(OutputError, match="also an input"):
        check_output_file(tmp_path / "file", inputs=[tmp_path / "file"])
    with pytest.raises(OutputError, match="not writable"):
        check_output_file("/proc/metroscope-test/out.csv")
    assert check_output_file(tmp_path / "new" / "sub" / "out.csv").name == "out.csv"
    assert not (tmp_path / "new").exists()  # checked, not created


def test_an_interrupt_while_checking_the_folder_leaves_no_probe(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writable-folder probe is removed even when Ctrl-C (or SIGTERM, turned into one by
    the command line) lands just after it was created (seen in the trial's signal tests)."""
    touch = Path.touch

    def interrupted(self: Path, *args: object, **kwargs: object) -> None:
        touch(self, *args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "touch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check_output_file(tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == []


def test_check_output_dir(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="a file of that name exists"):
        check_output_dir(tmp_path / "file")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(OutputError, match="not a metroscope bundle"):
            check_output_dir(other, force=force)
    with pytest.raises(OutputError, match="inside it"):
        check_output_dir(other, inputs=[other / "notes.txt"])
    (tmp_path / "empty").mkdir()
    assert check_output_dir(tmp_path / "empty") == tmp_path / "empty"


def test_atomic_dir_swaps_and_keeps_old_on_error(tmp_path: Path) -> None:
    target = tmp_path / "b"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    def fail() -> None:
        with atomic_dir(target) as tmp:
            (tmp / "new.txt").write_text("new", encoding="utf-8")
            raise ValueError("fail")

    with pytest.raises(ValueError, match="fail"):
        fail()
    assert sorted(p.name for p in target.iterdir()) == ["old.txt"]
    with atomic_dir(target) as tmp:
        (tmp / "new.txt").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_bundle_write_refuses_and_replaces_with_force(tmp_path: Path) -> None:
    import metroscope

    region = metroscope.load("changchun")
    out = tmp_path / "bundle"
    region.write(out)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(OutputError, match="already holds a bundle"):
        region.write(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    region.write(out, overwrite=True)
    assert metroscope.read_region(out).stats.shape == region.stats.shape
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match=r"not part of\s+the bundle \(mine.txt\)"):
        region.write(out, overwrite=True)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_write_text_replaces(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    write_text(target, "one")
    write_text(target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    assert os.listdir(tmp_path) == ["r.html"]


def test_a_device_or_named_pipe_is_never_replaced(tmp_path: Path) -> None:
    """`metroscope report changchun --out /dev/full` (as root) printed "Report /dev/full
    (6.1 MB ...)" with exit 0 and left a regular 6 MB file where the device was: the final
    rename replaced it. A named pipe is the case any user can meet. Such a target is refused
    before any work and at the rename; the pipe stays a pipe."""
    import stat

    fifo = tmp_path / "flows.csv"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        check_output_file(fifo, suffixes=(".csv",))
    with pytest.raises(OutputError, match="not a regular file") as ei:
        write_text(fifo, "a,b\n")
    assert "普通文件" in ei.value.args[0].zh
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["flows.csv"]  # no temporary left
    null = Path("/dev/null")
    if null.exists():
        with pytest.raises(OutputError, match="not a regular file"):
            check_output_file(null)
