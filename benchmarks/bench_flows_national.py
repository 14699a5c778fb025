"""Flows at national scale: a synthetic population grid streamed to Parquet, and all Chinese
counties in memory (issue 15, item 4).

Every case runs in a fresh Python process (so its peak resident memory, ``ru_maxrss``, is its
own) and prints one JSON line: wall and CPU time, peak RSS, pairs, bytes written and the
truncation summary. The machine's load (``os.getloadavg``) is printed before and after each
case, because this machine is shared.

Usage::

    .venv/bin/python benchmarks/bench_flows_national.py grid [N ...] [--k K] [--model radiation|gravity]
    .venv/bin/python benchmarks/bench_flows_national.py dask N [--k K] [--workers 1 2]
    .venv/bin/python benchmarks/bench_flows_national.py check [N] [--k K]
    .venv/bin/python benchmarks/bench_flows_national.py counties

``grid``: radiation or gravity with ``k_nearest`` over N cells of ``_synthetic.population_grid``
(2 km spacing), written with ``radiation_to_parquet``/``gravity_to_parquet`` to a temporary
folder (removed afterwards). ``dask``: the same on a LocalCluster of 1 and 2 worker processes
(1 thread each), results compared. ``check``: the kept share reported against the exact dense
model at a small N. ``counties``: radiation, gravity (doubly constrained) and the
doubly-constrained Poisson fit on the counties of the embedded ``china`` dataset (census 2020
population at county seats), in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def _rss_mb() -> float:
    """Peak resident memory of this process, MB: VmHWM of /proc/self/status where it exists
    (``ru_maxrss`` survives ``exec`` on Linux, so a child spawned by a large parent would report
    the parent's peak), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _timed(fn: Any) -> tuple[Any, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def case_grid(n: int, k: int, model: str, engine: str = "local", workers: int = 0,
              digest: bool = False) -> dict[str, Any]:
    from _synthetic import population_grid
    from metroscope.flows import gravity_to_parquet, radiation_to_parquet

    loc = population_grid(n, seed=2026)
    base = _rss_mb()
    folder = Path(tempfile.mkdtemp(prefix="metroscope-national-"))
    fn = radiation_to_parquet if model == "radiation" else gravity_to_parquet
    client = cluster = None
    if engine == "dask":
        import distributed

        from metroscope.engine import local_cluster

        cluster = local_cluster(workers)
        client = distributed.Client(cluster)
    try:
        # warm the compiled kernels on a tiny input first (Numba's cache load is not the
        # point), in blocks small enough that every dask worker loads them
        fn(loc.iloc[:600], folder / "warm", k_nearest=min(k, 50), engine=engine, client=client,
           chunk_rows=60)
        if engine == "dask":
            import distributed

            cpu0 = client.run(time.process_time)
            t_start = time.time()
            with distributed.get_task_stream(client=client) as stream:
                ds, wall, cpu = _timed(lambda: fn(loc, folder / "out", k_nearest=k,
                                                  engine=engine, client=client))
            t_end = time.time()
            cpu1 = client.run(time.process_time)
            dask_profile = _task_profile(stream.data, t_start, t_end,
                                         {w: cpu1[w] - cpu0[w] for w in cpu0})
        else:
            ds, wall, cpu = _timed(lambda: fn(loc, folder / "out", k_nearest=k, engine=engine,
                                              client=client))
        out = {"case": f"grid-{model}", "engine": engine, "workers": workers, "n": n, "k": k,
               "wall_s": round(wall, 2), "cpu_s_client": round(cpu, 2),
               "peak_rss_mb": round(_rss_mb(), 0), "rss_before_mb": round(base, 0),
               "pairs": ds.n_pairs, "parts": ds.n_parts, "bytes": ds.bytes_written,
               "ns_per_pair": round(wall / ds.n_pairs * 1e9, 1),
               "kept_share": {a: (round(b, 4) if isinstance(b, float) else b)
                              for a, b in ds.summary().items()}}
        if engine == "dask" or digest:
            import hashlib

            import pandas as pd

            t = pd.read_parquet(folder / "out")
            out["sha256_flow"] = hashlib.sha256(t["flow"].to_numpy().tobytes()).hexdigest()[:16]
        if engine == "dask":
            out |= dask_profile
            out["worker_rss_mb"] = [round(w["metrics"]["memory"] / 2**20) for w in
                                    client.scheduler_info()["workers"].values()]
        return out
    finally:
        if client is not None:
            client.close()
            cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


def _task_profile(records: list[dict[str, Any]], t_start: float, t_end: float,
                  worker_cpu: dict[str, float]) -> dict[str, Any]:
    """Where a dask run's wall time went, from the scheduler's task stream: the client's time
    before the first task started and after the last one ended, each worker's task count and
    compute time (the tasks' own wall time on the worker), and each worker's process CPU time
    over the call (``time.process_time`` on the worker: tasks, deserialising the inputs,
    building the search structures, the event loop)."""
    compute: dict[str, float] = {}
    count: dict[str, int] = {}
    first, last = t_end, t_start
    for rec in records:
        for ss in rec.get("startstops", ()):
            if ss["action"] != "compute":
                continue
            w = rec["worker"]
            compute[w] = compute.get(w, 0.0) + ss["stop"] - ss["start"]
            first, last = min(first, ss["start"]), max(last, ss["stop"])
        if any(ss["action"] == "compute" for ss in rec.get("startstops", ())):
            count[rec["worker"]] = count.get(rec["worker"], 0) + 1
    span = max(last - first, 0.0)
    return {"client_before_first_task_s": round(first - t_start, 3),
            "client_after_last_task_s": round(t_end - last, 3),
            "task_span_s": round(span, 3),
            "tasks_per_worker": sorted(count.values()),
            "task_compute_s_per_worker": sorted(round(v, 2) for v in compute.values()),
            "worker_busy_share": round(sum(compute.values()) / (span * max(len(compute), 1)), 3)
            if span else None,
            "worker_cpu_s": sorted(round(v, 2) for v in worker_cpu.values())}


def case_check(n: int, k: int) -> dict[str, Any]:
    """Kept share reported vs exact: Σ_kept p / Σ_all p from the dense untruncated model,
    which ranks by the same squared chords as the k nearest, so both see the same ties; and
    the kept probabilities against the dense ones."""
    import numpy as np
    import pandas as pd

    from _synthetic import population_grid
    from metroscope.flows import radiation, radiation_to_parquet

    loc = population_grid(n, seed=2026)
    folder = Path(tempfile.mkdtemp(prefix="metroscope-national-"))
    try:
        out: dict[str, Any] = {"case": "check", "n": n, "k": k}
        for rule in ("ordered", "inclusive"):
            ds = radiation_to_parquet(loc, folder / rule, k_nearest=k, tie_rule=rule,
                                      normalisation="none", error_sample=None)
            back = pd.read_parquet(folder / rule).astype({"origin": str, "destination": str})
            raw = radiation(loc, normalisation="none", tie_rule=rule)["probability"]
            kept_idx = pd.MultiIndex.from_frame(back[["origin", "destination"]])
            dense_kept = raw.loc[kept_idx].to_numpy()
            exact = (raw.loc[kept_idx].groupby(level=0).sum() / raw.groupby(level=0).sum())
            diff = ds.kept_share.to_numpy() - exact.reindex(loc.index).to_numpy()
            out[rule] = {"max_rel_diff_probability": float(np.max(np.abs(
                             back["probability"].to_numpy() / dense_kept - 1))),
                         "max_abs_diff_kept_share": float(np.abs(diff).max()),
                         "kept_share_median": round(float(ds.kept_share.median()), 4),
                         "closed_form_median": round(float(np.median(
                             back.groupby("origin")["probability"].sum().reindex(loc.index)
                             / (1 - loc["population"] / loc["population"].sum()))), 4)}
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def case_counties(what: str) -> dict[str, Any]:
    import numpy as np
    import pandas as pd

    import metroscope
    from metroscope.flows import fit_gravity, gravity, locations_from_region, radiation

    loc = locations_from_region(metroscope.load("china"), year=2020, level="county")
    loc = loc[["lon", "lat", "population"]]
    n = len(loc)
    base = _rss_mb()
    out: dict[str, Any] = {"case": f"counties-{what}", "n": n, "pairs": n * (n - 1)}
    if what == "radiation":
        res, wall, cpu = _timed(lambda: radiation(loc))
        out["check_row_sums"] = float(np.abs(res["flow"].groupby(level=0).sum()
                                             / loc["population"] - 1).max())
    elif what == "gravity":
        res, wall, cpu = _timed(lambda: gravity(loc, constraint="doubly", deterrence="exp",
                                                beta=0.01))
        f = res["flow"]
        out["check_row_sums"] = float(np.abs(f.groupby(level=0).sum() / loc["population"]
                                             - 1).max())
    else:
        g = gravity(loc, constraint="doubly", deterrence="exp", beta=0.01)
        rng = np.random.default_rng(2026)
        scale = 20.0 / g["flow"].mean()
        obs = pd.DataFrame({"origin": g.index.get_level_values(0).astype(str),
                            "destination": g.index.get_level_values(1).astype(str),
                            "flow": rng.poisson(g["flow"].to_numpy() * scale).astype(float),
                            "cost": g["cost"].to_numpy()})
        del g
        base = _rss_mb()
        res, wall, cpu = _timed(lambda: fit_gravity(obs, constraint="doubly",
                                                    deterrence="exp"))
        out["beta_true"] = 0.01
        out["beta_fit"] = float(res.beta)
        out["beta_se"] = float(res.std_err.get("cost", float("nan")))
    out |= {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "rss_before_mb": round(base, 0), "peak_rss_mb": round(_rss_mb(), 0)}
    return out


def _child(args: list[str]) -> dict[str, Any]:
    before = _load()
    proc = subprocess.run([sys.executable, __file__, "_one", *args], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        return {"args": args, "error": proc.stderr[-2000:]}
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["load_before_after"] = f"{before} | {_load()}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["grid", "dask", "check", "counties", "_one"])
    ap.add_argument("n", nargs="*", type=int)
    ap.add_argument("--k", type=int, default=200)
    ap.add_argument("--model", default="radiation")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--engine", default="local")
    ap.add_argument("--sub", default="")
    ap.add_argument("--digest", action="store_true", help="hash the flows read back (any engine)")
    a = ap.parse_args()
    if a.what == "_one":
        if a.sub == "check":
            res = case_check(a.n[0], a.k)
        elif a.sub.startswith("counties-"):
            res = case_counties(a.sub.split("-", 1)[1])
        else:
            res = case_grid(a.n[0], a.k, a.model, a.engine, a.workers[0] if a.workers else 0,
                            a.digest)
        print(json.dumps(res))
        return
    print(f"# cores {os.cpu_count()}, load {_load()}", flush=True)
    if a.what == "grid":
        for n in a.n or [1_000, 3_000, 10_000, 30_000, 100_000]:
            print(json.dumps(_child(["_one", str(n), "--k", str(a.k), "--model", a.model][1:])),
                  flush=True)
    elif a.what == "dask":
        for w in a.workers:
            print(json.dumps(_child([str(a.n[0]), "--k", str(a.k), "--model", a.model,
                                     "--engine", "dask", "--workers", str(w)])), flush=True)
        print(json.dumps(_child([str(a.n[0]), "--k", str(a.k), "--model", a.model])),
              flush=True)
    elif a.what == "check":
        print(json.dumps(_child([str((a.n or [3_000])[0]), "--k", str(a.k), "--sub", "check"])),
              flush=True)
    else:
        for what in ("radiation", "gravity", "fit"):
            print(json.dumps(_child(["--sub", f"counties-{what}"])), flush=True)


if __name__ == "__main__":
    main()
