"""The pairwise-kernel engine: blocks, local threads, and a dask.distributed LocalCluster."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope.engine import EngineError, blocks, local_cluster, map_blocks, resolve_engine
from metroscope.flows import gravity, radiation


def _square_rows(start: int, stop: int, *, x: Any, power: int) -> Any:
    return np.asarray(x[start:stop]) ** power


def _numba_threads(start: int, stop: int, *, x: Any) -> Any:
    """A kernel reporting the Numba threads its parallel regions would use."""
    import numba

    return [numba.get_num_threads()] * (stop - start)


def _numba_default_threads() -> int:
    import numba

    return int(numba.config.NUMBA_NUM_THREADS)


def test_blocks_cover_the_rows() -> None:
    assert blocks(5, 2) == [(0, 2), (2, 4), (4, 5)]
    assert blocks(0, 3) == []
    with pytest.raises(EngineError, match="positive"):
        blocks(3, 0)


def test_local_engine_keeps_block_order_and_reports_progress() -> None:
    x = np.arange(10.0)
    seen: list[tuple[int, int]] = []
    out = map_blocks(_square_rows, 10, shared={"x": x, "power": 2}, engine="local",
                     chunk_rows=3, threads=2, progress=lambda d, t: seen.append((d, t)))
    np.testing.assert_array_equal(np.concatenate(out), x ** 2)
    assert seen[-1] == (4, 4)
    single = map_blocks(_square_rows, 10, shared={"x": x, "power": 3}, engine="local",
                        chunk_rows=4, threads=1)
    np.testing.assert_array_equal(np.concatenate(single), x ** 3)


def test_engine_names_and_missing_client() -> None:
    assert resolve_engine("local") == "local"
    assert resolve_engine(None, client=object()) == "dask"
    with pytest.raises(EngineError, match="Unknown engine"):
        resolve_engine("spark")
    with pytest.raises(EngineError, match=r"needs a distributed\.Client"):
        map_blocks(_square_rows, 3, shared={"x": np.ones(3), "power": 1}, engine="dask")


def _locations(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                         "population": rng.lognormal(10, 1, n)},
                        index=[f"{i:04d}" for i in range(n)])


def _tasks_on_workers(client: Any, run: Any) -> tuple[Any, dict[str, list[str]]]:
    """Run ``run()``; return its result and, per kernel (the function name as dask.utils.key_split gives it,
    without a leading underscore), the worker of each of its tasks.

    Read from the scheduler's task stream, so it proves that the blocks were computed by the
    cluster's worker processes (not in this process under the name ``dask``).
    """
    import distributed
    from dask.utils import key_split

    with distributed.get_task_stream(client=client) as ts:
        result = run()
    ran: dict[str, list[str]] = {}
    for rec in ts.data:
        ran.setdefault(key_split(rec["key"]), []).append(rec["worker"])
    return result, ran


@pytest.mark.dask
def test_dask_gives_identical_results(cluster: Any) -> None:
    loc = _locations(257)
    workers = set(cluster.scheduler_info()["workers"])
    assert len(workers) == 2
    for fn, kw, kernel in ((radiation, {"tie_rule": "ordered"}, "block"),
                           (radiation, {"k_nearest": 20}, "sparse_block"),
                           (gravity, {"constraint": "doubly", "deterrence": "exp", "beta": 0.02},
                            "block")):
        local = fn(loc, engine="local", chunk_rows=40, **kw)
        remote, ran = _tasks_on_workers(cluster, lambda fn=fn, kw=kw: fn(
            loc, engine="dask", client=cluster, chunk_rows=40, **kw))
        pd.testing.assert_frame_equal(local, remote, check_exact=True)
        # the 7 blocks of 40 rows (257 = 6 x 40 + 17) ran as 7 kernel tasks on the workers
        assert len(ran.get(kernel, [])) == 7, f"kernel tasks in the task stream: {ran}"
        assert set(ran[kernel]) <= workers


@pytest.mark.dask
def test_dask_by_scheduler_address(cluster: Any) -> None:
    address = cluster.scheduler.address
    x = np.arange(7.0)
    out, ran = _tasks_on_workers(cluster, lambda: map_blocks(
        _square_rows, 7, shared={"x": x, "power": 2}, engine="dask", client=address,
        chunk_rows=2))
    np.testing.assert_array_equal(np.concatenate(out), x ** 2)
    # 4 blocks (rows 0-2, 2-4, 4-6, 6-7), each one task on a worker of the cluster
    assert len(ran.get("square_rows", [])) == 4
    assert set(ran["square_rows"]) <= set(cluster.scheduler_info()["workers"])


@pytest.mark.dask
def test_dask_blocks_are_tasks_on_the_workers(cluster: Any) -> None:
    """Every block is one task of the kernel, run by a worker process of the cluster."""
    x = np.arange(64.0)
    out, ran = _tasks_on_workers(cluster, lambda: map_blocks(
        _square_rows, 64, shared={"x": x, "power": 2}, engine="dask", client=cluster,
        chunk_rows=4))
    np.testing.assert_array_equal(np.concatenate(out), x ** 2)
    assert len(ran.get("square_rows", [])) == 16  # 64 rows / 4 per block
    assert set(ran["square_rows"]) <= set(cluster.scheduler_info()["workers"])
    # and the local engine leaves no trace on the cluster
    _, local = _tasks_on_workers(cluster, lambda: map_blocks(
        _square_rows, 64, shared={"x": x, "power": 2}, engine="local", chunk_rows=4))
    assert "square_rows" not in local


@pytest.mark.dask
def test_dask_tasks_run_numba_on_one_thread(cluster: Any) -> None:
    """On the workers each block's Numba regions use one thread (2 worker processes with a
    thread per core each would oversubscribe the cores); the local engine keeps the default,
    and the workers' own setting is restored after each task."""
    import numba

    x = np.zeros(6)
    default = cluster.run(_numba_default_threads)
    out, ran = _tasks_on_workers(cluster, lambda: map_blocks(
        _numba_threads, 6, shared={"x": x}, engine="dask", client=cluster, chunk_rows=2))
    assert len(ran.get("numba_threads", [])) == 3  # 3 tasks, named after the kernel
    assert [t for b in out for t in b] == [1] * 6
    local = map_blocks(_numba_threads, 6, shared={"x": x}, engine="local", chunk_rows=2,
                       threads=1)
    assert [t for b in local for t in b] == [numba.get_num_threads()] * 6
    # a plain task afterwards, on the worker's (only) executor thread, has the default back
    after = [cluster.submit(_numba_threads, 0, 1, x=x, pure=False, workers=[w]).result()
             for w in default]
    assert after == [[d] for d in default.values()]
    assert max(default.values()) == numba.config.NUMBA_NUM_THREADS  # 2 cores here: 2 > 1


@pytest.mark.dask
def test_dask_repeated_calls_on_identical_inputs(cluster: Any) -> None:
    # Regression: scattering with content-hashed keys let a call reuse the key of data the
    # previous identical call was releasing ("lost dependencies", or a hang with broadcast).
    loc = _locations(300)
    local = radiation(loc, engine="local", chunk_rows=64)
    for _ in range(4):
        remote = radiation(loc, engine="dask", client=cluster, chunk_rows=64)
        pd.testing.assert_frame_equal(local, remote, check_exact=True)


def _malloc_env() -> dict[str, str | None]:
    import os

    return {k: os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")}


def test_local_cluster_workers_keep_glibc_dynamic_mmap_threshold(cluster: Any) -> None:
    """The shared cluster comes from ``local_cluster``: dask's nanny default would export
    ``MALLOC_TRIM_THRESHOLD_=65536`` (freezing glibc's mmap threshold, ~30 % more CPU per block);
    our workers have it unset and keep dask's other pre-spawn settings (one BLAS thread)."""
    import dask

    assert dask.config.get("distributed.nanny.pre-spawn-environ")["MALLOC_TRIM_THRESHOLD_"] == 65536
    env = cluster.run(_malloc_env)
    assert len(env) == 2
    for worker_env in env.values():
        assert worker_env == {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1"}
    with pytest.raises(EngineError, match="at least 1"):
        local_cluster(0)


def _profiler_on() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


@pytest.mark.dask
def test_local_cluster_workers_run_no_profiler_without_a_dashboard(cluster: Any) -> None:
    """dask's default samples every running task's stack every 10 ms (about 8 % more CPU per
    block here); ``local_cluster`` turns it off, and keeps it for a dashboard's Profile page."""
    import dask
    import distributed

    assert dask.config.get("distributed.worker.profile.enabled") is True  # dask's default
    assert set(cluster.run(_profiler_on).values()) == {True}  # the fixture has a dashboard
    with local_cluster(1) as lc, distributed.Client(lc) as client:
        assert list(client.run(_profiler_on).values()) == [False]
    assert dask.config.get("distributed.worker.profile.enabled") is True  # restored here


def _worker_http_hosts(dask_worker: Any) -> list[str]:
    from distributed.node import get_tcp_server_addresses

    return sorted({h for h, _ in get_tcp_server_addresses(dask_worker.http_server)})


def test_local_cluster_listens_on_loopback_only(cluster: Any) -> None:
    """The shared cluster (``local_cluster(2, dashboard=True)``) binds the scheduler, its HTTP
    server (the dashboard) and the workers' HTTP servers to 127.0.0.1 only: dask binds a
    dashboard address without a host (``":0"``) to 0.0.0.0, every interface."""
    from distributed.node import get_tcp_server_addresses

    lc = cluster.cluster
    assert lc.scheduler.address.startswith("tcp://127.0.0.1:")
    assert {h for h, _ in get_tcp_server_addresses(lc.scheduler.http_server)} == {"127.0.0.1"}
    assert lc.dashboard_link.startswith("http://127.0.0.1:")
    hosts = cluster.run(_worker_http_hosts)
    assert len(hosts) == 2
    assert all(h == ["127.0.0.1"] for h in hosts.values())
