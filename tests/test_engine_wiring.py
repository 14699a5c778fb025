"""The engine's choices and wiring without a cluster: names and defaults, blocks, the local
thread pool (order, progress, threads in flight, the caller's thread when one is enough), and
what the Dask path asks of a client (a recording stand-in: what is scattered, how tasks are
submitted, that an address-made client is closed) and of ``LocalCluster``.

The process-cluster tests in ``tests/test_engine.py`` prove that the tasks run on the workers;
these check the arguments, which that test cannot tell apart (and mutation testing cannot run
a cluster in its forked children)."""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, ClassVar

import numpy as np
import pytest

from metroscope import engine as eng
from metroscope.engine import EngineError, blocks, map_blocks, resolve_engine


def _rows(start: int, stop: int, *, x: Any, k: int) -> Any:
    return np.asarray(x[start:stop]) * k


def test_engine_names_defaults_and_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_engine("local") == "local" and resolve_engine("dask") == "dask"
    assert resolve_engine(None) == "local"
    assert resolve_engine(None, client="tcp://127.0.0.1:1") == "dask"
    assert resolve_engine("local", client=object()) == "local"  # an explicit name wins
    monkeypatch.setenv("METROSCOPE_ENGINE", "dask")
    assert resolve_engine(None) == "dask"
    monkeypatch.delenv("METROSCOPE_ENGINE")
    for bad in ("spark", "LOCAL", ""):
        with pytest.raises(EngineError) as info:
            resolve_engine(bad)
        assert str(info.value) == f"Unknown engine {bad!r}; expected 'local' or 'dask'."
    assert issubclass(EngineError, ValueError)


def test_blocks_by_hand() -> None:
    assert blocks(1, 1) == [(0, 1)]
    assert blocks(4, 10) == [(0, 4)]
    assert blocks(6, 3) == [(0, 3), (3, 6)]
    assert blocks(7, 3) == [(0, 3), (3, 6), (6, 7)]
    for bad in (0, -2):
        with pytest.raises(EngineError) as info:
            blocks(3, bad)
        assert str(info.value) == f"chunk_rows must be a positive number of rows, got {bad}."


def test_default_threads_are_the_usable_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    assert eng.default_threads() == len(os.sched_getaffinity(0))
    for cores, threads in (({0}, 1), ({0, 1, 2}, 3), (set(), 1)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, c=cores: c)
        assert eng.default_threads() == threads
    monkeypatch.delattr(os, "sched_getaffinity")  # not Linux: the CPU count, at least 1
    for count, threads in ((5, 5), (None, 1), (0, 1)):
        monkeypatch.setattr(os, "cpu_count", lambda c=count: c)
        assert eng.default_threads() == threads


def test_local_defaults_chunk_rows_and_threads(monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("METROSCOPE_CHUNK_ROWS", "4")
    monkeypatch.setattr(eng, "default_threads", lambda: 3)
    x = np.arange(10.0)
    with caplog.at_level(logging.INFO, logger="metroscope.engine"):
        out = map_blocks(_rows, 10, shared={"x": x, "k": 2}, engine="local")
    assert [o.tolist() for o in out] == [[0, 2, 4, 6], [8, 10, 12, 14], [16, 18]]
    assert "Local engine: 3 block(s) on 3 thread(s)" in caplog.messages


def test_local_pool_order_progress_and_bounded_blocks_in_flight() -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}
    main = threading.get_ident()
    ran_in: list[int] = []

    ended: list[int] = []

    def kernel(start: int, stop: int, *, delay: list[float]) -> tuple[int, int]:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
            ran_in.append(threading.get_ident())
        time.sleep(delay[start])
        with lock:
            state["now"] -= 1
            ended.append(start)
        return start, stop

    # the first block is the slowest, so blocks finish out of order
    delay = [1.5, 0.0, 0.05, 0.0, 0.05, 0.0]  # 1.4 s of margin on a loaded machine
    seen: list[tuple[int, int]] = []
    out = map_blocks(kernel, 6, shared={"delay": delay}, engine="local", chunk_rows=1,
                     threads=2, progress=lambda d, t: seen.append((d, t)))
    assert out == [(i, i + 1) for i in range(6)]
    assert seen == [(i, 6) for i in range(1, 7)]
    assert state["most"] == 2  # two blocks at a time, never more
    assert main not in ran_in
    # a free thread takes the next block at once: the other five ran beside the slow first
    assert ended[-1] == 0
    # two blocks on two threads: the pool, not the caller's thread
    ran_in.clear()
    assert map_blocks(kernel, 2, shared={"delay": [0.0, 0.0]}, engine="local", chunk_rows=1,
                      threads=2) == [(0, 1), (1, 2)]
    assert main not in ran_in
    # one thread, or a single block: run in the caller's thread, in order
    for threads, n in ((1, 6), (4, 1)):
        ran_in.clear()
        seen.clear()
        out = map_blocks(kernel, n, shared={"delay": [0.0] * 6}, engine="local",
                         chunk_rows=1 if n > 1 else 8, threads=threads,
                         progress=lambda d, t: seen.append((d, t)))
        assert out == ([(i, i + 1) for i in range(6)] if n > 1 else [(0, 1)])
        assert set(ran_in) == {main}
        assert seen == [(i, len(out)) for i in range(1, len(out) + 1)]
    assert map_blocks(kernel, 0, shared={"delay": []}, engine="local", chunk_rows=2) == []


def test_dask_needs_a_client_and_says_how() -> None:
    with pytest.raises(EngineError) as info:
        map_blocks(_rows, 3, shared={"x": np.ones(3), "k": 1}, engine="dask")
    assert str(info.value) == (
        "engine='dask' needs a distributed.Client or a scheduler address (client=...); start "
        "one with `distributed.Client(n_workers=2)` or pass engine='local'.")


class _Future:
    def __init__(self, value: Any) -> None:
        self.value = value


class _Client:
    """Records what the engine asks; computes submitted tasks at once, in this process."""

    made: ClassVar[list[_Client]] = []

    def __init__(self, address: str | None = None) -> None:
        self.address = address
        self.calls: list[tuple[str, Any]] = []
        self.closed = False
        _Client.made.append(self)

    def scheduler_info(self) -> dict[str, Any]:
        return {"workers": {"w1": {}, "w2": {}}}

    def scatter(self, data: list[Any], **kw: Any) -> list[_Future]:
        self.calls.append(("scatter", (len(data), kw)))
        return [_Future(d) for d in data]

    def map(self, fn: Any, *iterables: Any, **kw: Any) -> list[_Future]:
        """One call for all tasks, recorded as one entry per task."""
        keys = kw.pop("key")
        return [self._task(fn, args, key, kw) for args, key in zip(zip(*iterables), keys,
                                                                    strict=True)]

    def _task(self, fn: Any, args: Any, key: str, kw: dict[str, Any]) -> _Future:
        kw = dict(kw)
        pure = kw.pop("pure")
        scattered = sorted(k for k, v in kw.items() if isinstance(v, _Future))
        self.calls.append(("task", (fn.__name__, args, key.rsplit("-", 1)[0], pure,
                                    sorted(kw), scattered)))
        resolved = {k: v.value if isinstance(v, _Future) else v for k, v in kw.items()}
        return _Future(fn(*args, **resolved))

    def gather(self, futs: list[_Future]) -> list[Any]:
        return [f.value for f in futs]

    def close(self) -> None:
        self.closed = True


def test_dask_path_scatters_arrays_once_and_submits_every_block(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(distributed, "as_completed", iter)
    client = _Client()
    x = np.arange(7.0)
    seen: list[tuple[int, int]] = []
    with caplog.at_level(logging.INFO, logger="metroscope.engine"):
        out = map_blocks(_rows, 7, shared={"x": x, "k": 3}, client=client, chunk_rows=3,
                         progress=lambda d, t: seen.append((d, t)))
    assert [o.tolist() for o in out] == [[0, 3, 6], [9, 12, 15], [18]]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    # only the array is scattered, as a list, to every worker, without content-hashed keys;
    # the scalar goes with each task; tasks are not pure (each block is computed); each task
    # runs the kernel through _one_thread, under a key named after the kernel
    assert client.calls[0] == ("scatter", (1, {"broadcast": True, "hash": False}))
    assert client.calls[1:] == [("task", ("_one_thread", (_rows, a, b), "_rows", False,
                                            ["k", "x"], ["x"]))
                                for a, b in ((0, 3), (3, 6), (6, 7))]
    assert "Dask engine: 3 block(s) on 2 worker(s)" in caplog.messages
    assert not client.closed  # the caller's client stays open
    # without a progress callback nothing waits on as_completed
    monkeypatch.setattr(distributed, "as_completed", None)
    out = map_blocks(_rows, 2, shared={"x": x, "k": 1}, engine="dask", client=client,
                     chunk_rows=5)
    assert [o.tolist() for o in out] == [[0, 1]]


def test_dask_by_address_makes_and_closes_its_client(monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(distributed, "Client", _Client)
    _Client.made.clear()
    out = map_blocks(_rows, 4, shared={"x": np.arange(4.0), "k": 1}, client="tcp://1.2.3.4:5",
                     chunk_rows=2)
    assert [o.tolist() for o in out] == [[0, 1], [2, 3]]
    assert [c.address for c in _Client.made] == ["tcp://1.2.3.4:5"]
    assert _Client.made[0].closed


def test_local_cluster_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    import dask

    made: list[tuple[dict[str, Any], Any]] = []

    def fake(**kw: Any) -> str:
        made.append((kw, dask.config.get(eng.MALLOC_TRIM)))
        return "cluster"

    monkeypatch.setattr(distributed, "LocalCluster", fake)
    assert eng.local_cluster() == "cluster"  # two workers by default
    assert made.pop()[0]["n_workers"] == 2
    assert eng.local_cluster(3) == "cluster"
    assert eng.local_cluster(1, dashboard=True) == "cluster"
    kw, trim = made[0]
    assert trim is None  # unset for the workers while the cluster starts
    assert kw == {"n_workers": 3, "threads_per_worker": 1, "host": "127.0.0.1",
                  "dashboard_address": None, "processes": True,
                  "scheduler_kwargs": {"dashboard": False, "dashboard_address": "127.0.0.1:0"}}
    assert made[1][0]["n_workers"] == 1 and made[1][0]["scheduler_kwargs"]["dashboard"] is True
    assert dask.config.get(eng.MALLOC_TRIM) == 65536  # dask's default again afterwards
    for bad in (0, -1):
        with pytest.raises(EngineError) as info:
            eng.local_cluster(bad)
        assert str(info.value) == f"n_workers must be at least 1, got {bad}."
