"""Output paths: the whole `metroscope flows radiation` CLI to Parquet beside the in-process call,
and the start-up time of the light commands.

Input: the flows benchmark's N locations (default 3,000; seed 2026, 10° x 8° box, log-normal
populations; 8,997,000 pairs), written once to a CSV. Each round runs, back to back:

1. in process: ``radiation(locations)`` (the CLI's default options), wall time;
2. in process: the same call and :func:`metroscope.flows.write_flows` to Parquet; then
   ``radiation(locations, write_to=...)``, which writes the same file while the kernel runs
   (what the CLI's ``--out`` does; skipped on versions without ``write_to``);
3. the CLI, a fresh interpreter: ``metroscope flows radiation --locations X --out Y.parquet``;
4. the same CLI on the first 50 locations (2,450 rows): its fixed cost, the interpreter's
   start, the imports and the loading of the cached Numba kernels;
5. ``metroscope --help`` and ``metroscope data list`` (fresh interpreters).

The children run without ``PYTHONDONTWRITEBYTECODE`` (some shells set it): with it, an
editable install recompiles metroscope's own modules on every run, which no user install does.

Medians of ``--repeat`` rounds (default 3) are printed with the load average before and after,
since other jobs may share the machine. The CLI's Parquet output is checked against the
in-process DataFrame (same rows, same values, bit for bit).

Usage: ``.venv/bin/python benchmarks/bench_flows_cli.py [--n 3000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

BIN = Path(sys.executable).parent / "metroscope"


def locations(n: int) -> pd.DataFrame:
    """The flows benchmark's locations (bench_flows.inputs, without the observed flows)."""
    rng = np.random.default_rng(2026)
    loc = pd.DataFrame({"lon": rng.uniform(120.0, 130.0, n), "lat": rng.uniform(40.0, 48.0, n),
                        "population": np.round(rng.lognormal(10.0, 1.0, n))},
                       index=pd.Index([f"{i:05d}" for i in range(n)], name="code"))
    loc["outflow"] = loc["population"]
    return loc


CPU: dict[str, list[float]] = {}
#: The children's environment: bytecode caches written and used, as in a user's install.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str], name: str) -> float:
    """Wall time of a fresh process; its CPU time (user + system, all threads) goes to CPU."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=CHILD_ENV)
    t = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(name, []).append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
    return t


def timed(fn: object, name: str) -> float:
    """Wall time of ``fn()`` in process; its CPU time (all threads) goes to CPU."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn()  # type: ignore[operator]
    t = time.perf_counter() - t0
    CPU.setdefault(name, []).append(time.process_time() - c0)
    return t


def same_table(parquet: Path, ref: pd.DataFrame) -> bool:
    """Whether the CLI's Parquet holds the in-process table ``ref`` bit for bit."""
    got = pd.read_parquet(parquet)
    want = ref.reset_index()
    return bool(len(got) == len(want)
                and (got["origin"].astype(str).to_numpy() == want["origin"].to_numpy()).all()
                and (got["destination"].astype(str).to_numpy()
                     == want["destination"].to_numpy()).all()
                and np.array_equal(got["flow"].to_numpy(), want["flow"].to_numpy())
                and np.array_equal(got["probability"].to_numpy(),
                                   want["probability"].to_numpy()))


def main() -> int:
    """Time the rounds and print medians; exit 1 if the CLI output differs."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from metroscope.flows import radiation

    try:
        from metroscope.flows import write_flows
    except ImportError:  # before the streaming writer existed
        write_flows = None
    loc = locations(args.n)
    print(f"N = {args.n}, {args.n * (args.n - 1):,} pairs; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    radiation(loc.iloc[:50])  # compile the kernels once (cached on disk afterwards)
    times: dict[str, list[float]] = {k: [] for k in
                                     ("in-process", "in-process + write",
                                      "in-process, write_to", "CLI",
                                      "CLI, 50 locations", "--help", "data list")}
    with tempfile.TemporaryDirectory(prefix="metroscope-bench-cli-") as tmp:
        csv = Path(tmp) / "loc.csv"
        loc.to_csv(csv)
        small = Path(tmp) / "loc50.csv"
        loc.iloc[:50].to_csv(small)
        out = Path(tmp) / "flows.parquet"
        ref = None
        res: list[pd.DataFrame] = []
        for _ in range(args.repeat):
            times["in-process"].append(timed(lambda: res.append(radiation(loc)), "in-process"))
            ref = res[-1]
            if write_flows is not None:
                times["in-process + write"].append(timed(
                    lambda w=write_flows: w(radiation(loc), Path(tmp) / "inproc.parquet"),
                    "in-process + write"))
            with contextlib.suppress(TypeError):  # before radiation had write_to
                times["in-process, write_to"].append(timed(
                    lambda: radiation(loc, write_to=Path(tmp) / "streamed.parquet"),
                    "in-process, write_to"))
            times["CLI"].append(wall([str(BIN), "flows", "radiation", "--locations", str(csv),
                                      "--out", str(out)], "CLI"))
            times["CLI, 50 locations"].append(wall(
                [str(BIN), "flows", "radiation", "--locations", str(small), "--out",
                 str(Path(tmp) / "small.parquet")], "CLI, 50 locations"))
            times["--help"].append(wall([str(BIN), "--help"], "--help"))
            times["data list"].append(wall([str(BIN), "data", "list"], "data list"))
        assert ref is not None
        same = same_table(out, ref)
        size_mb = out.stat().st_size / 1e6
    med = {k: statistics.median(v) for k, v in times.items() if v}
    for k, v in times.items():
        if v:
            print(f"{k:20s} median {med[k]:7.3f} s wall, {statistics.median(CPU[k]):7.3f} s CPU"
                  f"   wall runs {', '.join(f'{x:.3f}' for x in v)}")
    cpu_ratio = statistics.median(CPU["CLI"]) / statistics.median(CPU["in-process"])
    print(f"CLI / in-process call: {med['CLI'] / med['in-process']:.2f}x wall, "
          f"{cpu_ratio:.2f}x CPU (target <= 2); "
          f"Parquet {size_mb:.0f} MB; identical to the in-process table: {same}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
