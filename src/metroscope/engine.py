"""One engine for the pairwise kernels: local threads, or a dask.distributed cluster.

A *kernel* is a module-level function ``kernel(start, stop, **shared) -> result`` that computes
the rows ``start:stop`` (a block of origins) of some pairwise quantity from ``shared`` inputs
(arrays of length N, or N x M matrices sliced inside the kernel). :func:`map_blocks` runs a kernel
over all origin blocks and returns the block results in order:

* ``engine="local"``: a thread pool with one thread per core. The kernels spend their time in
  Numba functions compiled with ``nogil=True`` and in NumPy routines that release the GIL
  (sorting, ufuncs), so the threads run in parallel. At most ``threads`` blocks are in flight,
  so the working memory is bounded by ``threads x (arrays per block) x chunk_rows x N x 8``
  bytes (each kernel's docstring gives its number of arrays), plus the result being assembled.
* ``engine="dask"``: the same kernel, on the same blocks, as tasks on a ``dask.distributed``
  cluster (a ``Client`` the caller passes, or the address of a scheduler). ``shared`` inputs are
  scattered once to every worker. The block results are the same bytes as locally, so results are
  identical. Each task runs its Numba parallel regions on one thread (:func:`_one_thread`): the
  cluster's parallelism is its worker processes and threads, and a worker whose kernels also
  started a thread per core would oversubscribe the cores (2 processes x 2 threads on 2 cores).

No function here prints; progress is reported through an optional callback.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from ._errors import MetroscopeError, shorten
from .messages import Message

if TYPE_CHECKING:
    from distributed import Client

logger = logging.getLogger(__name__)

EngineName = Literal["local", "dask"]
R = TypeVar("R")

__all__ = ["MALLOC_TRIM", "WORKER_PROFILE", "EngineError", "EngineName", "blocks",
           "local_cluster", "map_blocks", "resolve_engine"]

#: The dask setting through which a nanny exports ``MALLOC_TRIM_THRESHOLD_`` (65536 in dask's
#: defaults) to every worker process. Setting that variable fixes glibc's malloc trim threshold
#: and, with it, turns off glibc's dynamic mmap threshold (mallopt(3): setting any of
#: M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD or M_MMAP_MAX disables the dynamic
#: adjustment), so every block-sized NumPy temporary is a fresh ``mmap`` with page faults on
#: first touch. Measured here (radiation kernel, N = 30,000 grid, k = 200, 59 blocks, thread CPU
#: inside the kernel): 5.11 s in-process, 6.65 s in a dask worker with the variable set, 4.95 s
#: in a worker without it. :func:`local_cluster` unsets it.
MALLOC_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"

#: The dask setting of the workers' statistical profiler (on by default: a thread in every
#: worker samples the stacks of the running tasks every 10 ms for the dashboard's Profile
#: page). Measured here on a busy worker (one 2 s CPU task): the worker process used
#: 2.38-2.43 s of CPU with it and 2.21-2.25 s without, about 8 % more, taken from the cores the
#: blocks run on; an idle worker 3.6 % of a core against 2.0 %. :func:`local_cluster` turns it
#: off unless a dashboard is asked for.
WORKER_PROFILE = "distributed.worker.profile.enabled"


class EngineError(ValueError, MetroscopeError):
    """An engine name, client or chunk size that cannot be used."""


def resolve_engine(engine: str | None, client: Any = None) -> EngineName:
    """The engine to use: ``engine`` if given, ``dask`` when a client is given, else the
    ``engine`` setting (``METROSCOPE_ENGINE``, default ``local``).

    Raises
    ------
    EngineError
        For a name other than ``local`` or ``dask``.

    Examples
    --------
    >>> resolve_engine("local")
    'local'
    >>> resolve_engine(None)
    'local'
    """
    if engine is None:
        if client is not None:
            return "dask"
        from .settings import get_settings

        engine = get_settings().engine
    if engine not in ("local", "dask"):
        msg = Message("err_engine_unknown", got=shorten(engine))
        raise EngineError(msg)
    return "local" if engine == "local" else "dask"


def blocks(n_rows: int, chunk_rows: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` row blocks of at most ``chunk_rows`` rows covering
    ``range(n_rows)``.

    >>> blocks(5, 2)
    [(0, 2), (2, 4), (4, 5)]

    Raises
    ------
    EngineError
        If ``chunk_rows`` is zero or negative.

    Examples
    --------
    >>> blocks(10, 4)
    [(0, 4), (4, 8), (8, 10)]
    """
    if chunk_rows <= 0:
        msg = Message("err_engine_chunk_rows", got=shorten(chunk_rows))
        raise EngineError(msg)
    return [(s, min(s + chunk_rows, n_rows)) for s in range(0, n_rows, chunk_rows)]


def default_threads() -> int:
    """Threads of the local engine: the number of usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def map_blocks(
    kernel: Callable[..., R],
    n_rows: int,
    *,
    shared: Mapping[str, Any],
    engine: str | None = None,
    client: Client | str | None = None,
    chunk_rows: int | None = None,
    threads: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """Run ``kernel(start, stop, **shared)`` on every origin block; results in block order.

    Parameters
    ----------
    kernel
        A module-level (picklable) function of ``(start, stop, **shared)``.
    n_rows
        Number of origins N (rows of the pairwise problem).
    shared
        Inputs every block needs (arrays, matrices, scalars); scattered once on dask.
    engine
        ``local`` or ``dask``; default: ``dask`` if ``client`` is given, else the setting.
    client
        A ``distributed.Client`` or a scheduler address (``tcp://host:port``) for ``dask``.
        A client made here from an address is closed before returning.
    chunk_rows
        Origins per block, rows (default: the ``chunk_rows`` setting, 512).
    threads
        Threads of the local engine (default: the number of cores).
    progress
        Called as ``progress(done_blocks, total_blocks)`` as blocks finish (either engine).

    Raises
    ------
    EngineError
        For an unknown engine, a bad chunk size, or ``dask`` without a client or address.

    Examples
    --------
    >>> def kernel(start, stop, x):
    ...     return x[start:stop].sum()
    >>> [int(s) for s in map_blocks(kernel, 10, shared={"x": np.arange(10)}, chunk_rows=4)]
    [6, 22, 17]
    """
    name = resolve_engine(engine, client)
    if chunk_rows is None:
        from .settings import get_settings

        chunk_rows = get_settings().chunk_rows
    todo = blocks(n_rows, chunk_rows)
    if name == "local":
        return _run_local(kernel, todo, shared, threads or default_threads(), progress)
    if client is None:
        msg = Message("err_engine_no_client")
        raise EngineError(msg)
    return _run_dask(kernel, todo, shared, client, progress)


def local_cluster(n_workers: int = 2, *, dashboard: bool = False) -> Any:
    """A ``distributed.LocalCluster`` of ``n_workers`` single-threaded worker processes on
    127.0.0.1, whose workers keep glibc's dynamic mmap threshold (see :data:`MALLOC_TRIM`)
    and, without a dashboard, run no statistical profiler (:data:`WORKER_PROFILE`).

    Use it as a context manager, with a ``distributed.Client`` on it. On a real cluster, set the
    same dask setting in the workers' configuration (docs/flows.md).

    Parameters
    ----------
    n_workers
        Worker processes (each one thread).
    dashboard
        Serve the dask dashboard on a free port of 127.0.0.1 (default: no dashboard), with
        the workers' profiler for its Profile page.

    Raises
    ------
    EngineError
        If ``n_workers`` is below 1.

    Examples
    --------
    >>> import distributed
    >>> with local_cluster(1) as lc, distributed.Client(lc) as client:
    ...     env = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    >>> list(env.values())
    [None]
    """
    if n_workers < 1:
        msg = Message("err_engine_workers", got=shorten(n_workers))
        raise EngineError(msg)
    import dask
    import distributed

    make: Any = distributed.LocalCluster
    with dask.config.set({MALLOC_TRIM: None, WORKER_PROFILE: bool(dashboard)}):
        # the scheduler's HTTP server (dashboard or not) on a free port of 127.0.0.1: dask binds
        # a dashboard address without a host (":0") to 0.0.0.0, and without one it takes 8787,
        # which fails (a warning) when another process on the machine holds that port
        return make(n_workers=n_workers, threads_per_worker=1, host="127.0.0.1",
                    dashboard_address=None, processes=True,
                    scheduler_kwargs={"dashboard": dashboard,
                                      "dashboard_address": "127.0.0.1:0"})


def _run_local(kernel: Callable[..., R], todo: Sequence[tuple[int, int]],
               shared: Mapping[str, Any], threads: int,
               progress: Callable[[int, int], None] | None) -> list[R]:
    logger.info("Local engine: %d block(s) on %d thread(s)", len(todo), threads)
    if threads == 1 or len(todo) <= 1:
        out = []
        for k, (a, b) in enumerate(todo):
            out.append(kernel(a, b, **shared))
            if progress is not None:
                progress(k + 1, len(todo))
        return out
    results: list[R | None] = [None] * len(todo)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        # submit at most `threads` blocks ahead so memory stays bounded
        pending: dict[Any, int] = {}
        done = 0
        nxt = 0
        while nxt < len(todo) or pending:
            while nxt < len(todo) and len(pending) < threads:
                a, b = todo[nxt]
                pending[pool.submit(kernel, a, b, **shared)] = nxt
                nxt += 1
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for fut in finished:
                results[pending.pop(fut)] = fut.result()
                done += 1
                if progress is not None:
                    progress(done, len(todo))
    return cast("list[R]", results)


def _one_thread(kernel: Callable[..., R], start: int, stop: int, **shared: Any) -> R:
    """``kernel(start, stop, **shared)`` with Numba's parallel regions on one thread (the
    setting is per calling thread; restored afterwards). Runs on the dask workers."""
    import numba

    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        return kernel(start, stop, **shared)
    finally:
        numba.set_num_threads(before)


def _run_dask(kernel: Callable[..., R], todo: Sequence[tuple[int, int]],
              shared: Mapping[str, Any], client: Client | str,
              progress: Callable[[int, int], None] | None = None) -> list[R]:
    import distributed
    from dask.utils import funcname

    own = isinstance(client, str)
    make: Any = distributed.Client
    cl: Any = make(client) if isinstance(client, str) else client
    try:
        n_workers = len(cl.scheduler_info().get("workers", {}))
        logger.info("Dask engine: %d block(s) on %d worker(s)", len(todo), n_workers)
        plain = (int, float, str, bool, type(None))
        arrays = {k: v for k, v in shared.items() if not isinstance(v, plain)}
        scalars = {k: v for k, v in shared.items() if k not in arrays}
        # Scatter a list, not the dict: a dict's keys become the dask keys, so two calls would
        # share keys such as "m" and race between one call's release and the next's scatter.
        names = list(arrays)
        scattered = cl.scatter([arrays[k] for k in names], broadcast=True, hash=False)
        futures_in = dict(zip(names, scattered, strict=True))
        # one graph for all blocks (a submit per block cost the client 2.5 ms each, while
        # the workers wait); each task's key names the kernel, not the wrapper
        name = funcname(kernel)
        futs = cl.map(_one_thread, [kernel] * len(todo), [a for a, _ in todo],
                      [b for _, b in todo], key=[f"{name}-{uuid.uuid4().hex}" for _ in todo],
                      pure=False, **futures_in, **scalars)
        if progress is not None:
            completed: Any = distributed.as_completed
            for done, _ in enumerate(completed(futs), start=1):
                progress(done, len(futs))
        out: list[R] = cl.gather(futs)
        del futs, futures_in
        return out
    finally:
        if own:
            cl.close()
