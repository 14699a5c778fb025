"""Issue 15's table measured in one run: metroscope beside its peers, back to back.

Every row runs in rounds (``--repeat``, default 3): metroscope, then the peer (or the other
path of the row), alternating, and prints medians with the load average from /proc/loadavg
before and after the row, because the machine is shared. The rows reuse the other benchmark
modules (inputs, peers, agreement checks):

* radiation in process, flows as a DataFrame, against scikit-mobility
  (``bench_flows``, side environment ``skmob_env.sh``), and against the floor: one row-wise
  argsort of the N x N distance matrix on 2 threads (and on 1);
* the doubly-constrained Poisson fit against spint (N = 1,000);
* the whole CLI to Parquet against the in-process call (``bench_flows_cli``), N = 3,000 and
  N = 10,000, each in a fresh process (time, peak RSS, bytes written);
* Hansen, 2SFCA and E2SFCA against PySAL ``access`` (``bench_access``);
* radiation ``k_nearest`` in process: ns per kept pair against the dense path's ns per pair
  (radiation of the CLI row's N locations, timed in the same process, alternating; wall and
  CPU time);
* radiation on Dask, 2 worker processes against 1 and against local threads
  (``bench_flows_national``; flows compared by hash);
* ``metroscope data list`` start in a fresh virtual environment (installed by uv from this
  checkout; the first run and the median of the next ones).

Then the scaling table: radiation with ``k_nearest`` streamed to Parquet on the synthetic
population grid, N = 1,000 upwards while the next size is predicted to fit ``--scale-budget``
seconds (time, peak RSS, bytes written). A Markdown table of each is printed at the end; the
exit code is 1 when an agreement check fails (not when a goal is missed).

Only 127.0.0.1 is used (Dask's local cluster). ``--quick`` runs every row at small sizes
(a few minutes); the full run takes 20-40 minutes on a loaded 2-core machine.

Usage: ``.venv/bin/python benchmarks/bench_table.py [--quick] [--repeat 3] [--json OUT]
[--only radiation,fit,cli,access,knearest,dask,start,scaling]``
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_access  # noqa: E402
import bench_flows  # noqa: E402
import bench_flows_cli  # noqa: E402
import bench_flows_national  # noqa: E402

loadavg = bench_access.loadavg

FULL = {"radiation": 3000, "fit": 1000, "cli": 3000, "cli_big": 10000, "access": 3000,
        "knearest": (20000, 1000), "dask": (100000, 200), "scale_k": 100,
        "scale": [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]}
QUICK = {"radiation": 1000, "fit": 500, "cli": 1000, "cli_big": 2000, "access": 1000,
         "knearest": (5000, 200), "dask": (5000, 50), "scale_k": 50,
         "scale": [1_000, 3_000, 10_000, 30_000]}


@dataclass
class Row:
    """One line of the Markdown table."""

    case: str
    ours: str
    peer: str
    ratio: str
    goal: str
    met: str
    load: str
    check: str = ""
    ok: bool = True


ROWS: list[Row] = []
SCALING: list[dict[str, Any]] = []


def med(xs: list[float]) -> float:
    return float(statistics.median(xs))


def runs(xs: list[float]) -> str:
    return f"{med(xs):.3g} s (runs {', '.join(f'{x:.3g}' for x in xs)})"


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def yes(ok: bool) -> str:
    return "met" if ok else "**missed**"


def argsort_rows(d: np.ndarray[Any, Any], threads: int) -> None:
    """One row-wise argsort of ``d``, its rows split over ``threads`` threads (NumPy's sort
    releases the GIL)."""
    parts = np.array_split(np.arange(len(d)), threads)
    with ThreadPoolExecutor(threads) as ex:
        list(ex.map(lambda ix: np.argsort(d[ix[0]:ix[-1] + 1], axis=1), parts))


def row_radiation(n: int, repeat: int, tmp: Path) -> float:
    """Radiation in process vs scikit-mobility and vs the argsort floor; returns the dense
    path's ns per pair."""
    from metroscope.flows import radiation
    from metroscope.geo import distance_matrix_km

    before = loadavg()
    loc, obs = bench_flows.inputs(n)
    inp = bench_flows.write_peer_inputs(tmp / "flows.npz", loc, obs)
    out = tmp / "skmob.json"

    def run() -> Any:
        return radiation(loc, tie_rule="ordered", normalisation="finite", earth_radius_km=6371.0)

    run()
    d = distance_matrix_km(loc["lon"].to_numpy(), loc["lat"].to_numpy())
    ours: list[float] = []
    sort1: list[float] = []
    sort2: list[float] = []
    cpu_ours: list[float] = []
    cpu_sort2: list[float] = []
    peer: list[float] = []
    rad = None
    for _ in range(repeat):
        c0 = time.process_time()
        rad, t = timed(run)
        cpu_ours.append(time.process_time() - c0)
        ours.append(t)
        c0 = time.process_time()
        sort2.append(timed(lambda m=d: argsort_rows(m, 2))[1])
        cpu_sort2.append(time.process_time() - c0)
        sort1.append(timed(lambda m=d: np.argsort(m, axis=1))[1])
        if bench_flows.PEER_PY.exists():
            subprocess.run([str(bench_flows.PEER_PY), str(HERE / "peers_flows.py"), "bench",
                            str(inp), str(out), "radiation"], check=True)
            peer.append(float(json.loads(out.read_text())["radiation_s"]))
    del d
    floor = med(ours) / med(sort2)
    name = f"radiation, in process, flows as a DataFrame (N = {n:,})"
    note = (f"/ argsort on 2 threads {med(sort2):.3g} s = {floor:.2f}; on 1 thread "
            f"{med(sort1):.3g} s; CPU {runs(cpu_ours)} / argsort on 2 threads "
            f"{runs(cpu_sort2)} = {med(cpu_ours) / med(cpu_sort2):.2f}")
    if peer:
        pairs, diff = bench_flows.radiation_agreement(rad, out.with_suffix(".radiation.npz"), n)
        ratio = med(peer) / med(ours)
        ok = diff <= 1e-9
        ROWS.append(Row(name, f"{runs(ours)} {note}", f"scikit-mobility {runs(peer)}",
                        f"{ratio:.0f}x", "≥ 100x; ≤ 1.2x of the 2-thread argsort",
                        f"{yes(ratio >= 100)}; {yes(floor <= 1.2)}", f"{before} → {loadavg()}",
                        f"{pairs:,} pairs, max rel. diff {diff:.1e}", ok))
    else:
        ROWS.append(Row(name, f"{runs(ours)} {note}", "side environment missing", "—",
                        "≤ 1.2x of the 2-thread argsort", yes(floor <= 1.2),
                        f"{before} → {loadavg()}"))
    return med(ours) / (n * (n - 1)) * 1e9


def row_fit(n: int, repeat: int, tmp: Path) -> None:
    """Doubly-constrained Poisson fit vs spint; β and the log-likelihood compared."""
    from metroscope.flows import fit_gravity

    before = loadavg()
    loc, obs = bench_flows.inputs(n)
    inp = bench_flows.write_peer_inputs(tmp / f"fit{n}.npz", loc, obs)
    out = tmp / "spint.json"
    fit = lambda: fit_gravity(obs, constraint="doubly", deterrence="exp")  # noqa: E731
    fit()
    ours: list[float] = []
    peer: list[float] = []
    res = got = None
    for _ in range(repeat):
        res, t = timed(fit)
        ours.append(t)
        if bench_flows.PEER_PY.exists():
            subprocess.run([str(bench_flows.PEER_PY), str(HERE / "peers_flows.py"), "bench",
                            str(inp), str(out), "doubly"], check=True)
            got = json.loads(out.read_text())
            peer.append(float(got["doubly_s"]))
    name = f"doubly-constrained Poisson fit (N = {n:,})"
    if got is None or res is None:
        ROWS.append(Row(name, runs(ours), "side environment missing", "—", "≥ 50x", "—",
                        f"{before} → {loadavg()}"))
        return
    beta_spint = -float(got["doubly_beta"])
    ll_ours, ll_spint = float(res.gof["loglik"]), bench_flows.doubly_loglik(obs, n, beta_spint)
    ok = ll_ours >= ll_spint - 1e-9 * abs(ll_spint)  # ours is at least as good a maximum
    ratio = med(peer) / med(ours)
    ROWS.append(Row(name, runs(ours), f"spint {runs(peer)}", f"{ratio:.0f}x", "≥ 50x",
                    yes(ratio >= 50), f"{before} → {loadavg()}",
                    f"β {res.beta:.7f} vs spint {beta_spint:.7f}; log-lik. ours − spint's "
                    f"{ll_ours - ll_spint:.3g} ({(ll_ours - ll_spint) / abs(ll_spint):.1e} "
                    f"relative; ≥ -1e-9 expected)", ok))


# Peak RSS: VmHWM of the child's own address space (ru_maxrss survives exec on Linux, so a
# child of this large process would report this process's peak); the CLI's through a small
# wrapper's RUSAGE_CHILDREN.
CHILD_INPROC = """
import sys, time
import pandas as pd
from metroscope.flows import radiation
loc = pd.read_csv(sys.argv[1], dtype={"code": str}).set_index("code")
radiation(loc.iloc[:50])
t0 = time.perf_counter()
radiation(loc)
t = time.perf_counter() - t0
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")][0].split()[1]
print(t, int(hwm) / 1024)
"""
CHILD_WRAP = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _child(code: str, *args: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True, env=bench_flows_cli.CHILD_ENV).stdout.split()
    return float(out[0]), float(out[1])


def row_cli(n: int, repeat: int, tmp: Path, check: bool) -> float:
    """The whole CLI to Parquet vs the in-process call, each in a fresh process; returns the
    in-process median (s)."""
    from metroscope.flows import radiation

    before = loadavg()
    loc = bench_flows_cli.locations(n)
    csv, pq = tmp / f"loc{n}.csv", tmp / f"flows{n}.parquet"
    loc.to_csv(csv)
    cli = [str(bench_flows_cli.BIN), "flows", "radiation", "--locations", str(csv), "--out",
           str(pq)]
    small = tmp / "loc50.csv"
    loc.iloc[:50].to_csv(small)
    fixed_cli = [*cli[:4], str(small), "--out", str(tmp / "flows50.parquet")]
    inproc: list[float] = []
    whole: list[float] = []
    fixed: list[float] = []
    rss_in: list[float] = []
    rss_cli: list[float] = []
    for _ in range(repeat):
        t, m = _child(CHILD_INPROC, str(csv))
        inproc.append(t)
        rss_in.append(m)
        t, m = _child(CHILD_WRAP, *cli)
        whole.append(t)
        rss_cli.append(m)
        fixed.append(_child(CHILD_WRAP, *fixed_cli)[0])  # start, imports, kernel loading
    size = pq.stat().st_size
    same = bench_flows_cli.same_table(pq, radiation(loc)) if check else None
    pq.unlink()
    ratio = med(whole) / med(inproc)
    ROWS.append(Row(f"radiation, whole CLI to Parquet (N = {n:,}, {n * (n - 1):,} rows)",
                    f"{runs(whole)}, peak RSS {max(rss_cli) / 1024:.2f} GB, "
                    f"{size / 1e6:,.0f} MB written; the CLI on 50 locations (its fixed "
                    f"cost) {runs(fixed)}",
                    f"in process {runs(inproc)}, peak RSS {max(rss_in) / 1024:.2f} GB",
                    f"{ratio:.1f}x slower", "within 2x of the in-process call",
                    yes(ratio <= 2), f"{before} → {loadavg()}",
                    "" if same is None else f"identical to the in-process table: {same}",
                    same is not False))
    return med(inproc)


def row_access(n: int, repeat: int, tmp: Path) -> None:
    """Hansen, 2SFCA and E2SFCA vs PySAL access (one row each)."""
    goals = {"hansen": 100, "2sfca": 20, "e2sfca": 100}
    d = bench_access.write_inputs(tmp, n)
    for case in bench_access.CASES:
        r = bench_access.measure(case, d, repeat)
        first = next(iter(r.times))
        name = f"{bench_access.LABELS[case]} (N = {n:,})"
        if not r.peer_s:
            ROWS.append(Row(name, runs(r.times[first]), "side environment missing", "—",
                            f"≥ {goals[case]}x", "—", f"{r.load_before} → {r.load_after}"))
            continue
        ratio = r.peer_median / r.median(first)
        extra = (f"; default convention {runs(r.times['default'])}"
                 if case == "hansen" else "")
        ROWS.append(Row(name, runs(r.times[first]) + extra,
                        f"access {runs(r.peer_s)}", f"{ratio:.0f}x", f"≥ {goals[case]}x",
                        yes(ratio >= goals[case]), f"{r.load_before} → {r.load_after}",
                        f"max rel. diff {r.rel_diff:.1e} (tol. {bench_access.TOL:g})",
                        r.rel_diff <= bench_access.TOL))


def row_knearest(n: int, k: int, repeat: int, dense_n: int) -> None:
    """radiation(k_nearest=k) in process: ns per kept pair against the dense path's ns per pair
    (radiation of ``dense_n`` locations, all pairs), alternating in the same process; wall
    time decides the row, CPU time (all threads) is printed beside it for loaded machines."""
    from metroscope.flows import radiation

    before = loadavg()
    loc = bench_flows_cli.locations(n)
    dense = bench_flows_cli.locations(dense_n)
    radiation(loc.iloc[:2000], k_nearest=min(k, 100))  # kernels loaded outside the timing
    radiation(dense.iloc[:100])
    ts: list[float] = []
    cpu: list[float] = []
    ds: list[float] = []
    dcpu: list[float] = []
    kept = 0
    for _ in range(repeat):
        c0 = time.process_time()
        res, t = timed(lambda: radiation(dense))
        dcpu.append(time.process_time() - c0)
        ds.append(t)
        del res
        c0 = time.process_time()
        res, t = timed(lambda: radiation(loc, k_nearest=k))
        cpu.append(time.process_time() - c0)
        kept = len(res)
        del res
        ts.append(t)
    pairs = dense_n * (dense_n - 1)
    ns, dense_ns = med(ts) / kept * 1e9, med(ds) / pairs * 1e9
    ns_cpu, dense_cpu = med(cpu) / kept * 1e9, med(dcpu) / pairs * 1e9
    ROWS.append(Row(f"radiation `k_nearest`, N = {n:,}, k = {k:,} ({kept:,} kept pairs)",
                    f"{runs(ts)}, {ns:.0f} ns per kept pair; CPU {runs(cpu)}, "
                    f"{ns_cpu:.0f} ns",
                    f"dense path (N = {dense_n:,}, same process, alternating) {runs(ds)}, "
                    f"{dense_ns:.0f} ns per pair; CPU {runs(dcpu)}, {dense_cpu:.0f} ns",
                    f"{ns / dense_ns:.1f}x (CPU {ns_cpu / dense_cpu:.1f}x)",
                    "within 2x of the dense path per pair",
                    yes(ns <= 2 * dense_ns), f"{before} → {loadavg()}"))


def row_dask(n: int, k: int, repeat: int) -> None:
    """The grid case streamed to Parquet: Dask with 1 and 2 worker processes, local threads."""
    before = loadavg()
    base = [str(n), "--k", str(k), "--model", "radiation", "--digest"]
    setups = {"2 workers": ["--engine", "dask", "--workers", "2"],
              "1 worker": ["--engine", "dask", "--workers", "1"],
              "local": ["--engine", "local"]}
    ts: dict[str, list[float]] = {s: [] for s in setups}
    # CPU of the busiest worker process over the call (dask only): what the run costs with
    # the machine's other load taken out
    cpu: dict[str, list[float]] = {s: [] for s in setups}
    digests: set[str] = set()
    errors = []
    for r in range(repeat):
        order = list(setups.items())
        for s, extra in order if r % 2 == 0 else order[::-1]:
            out = bench_flows_national._child([*base, *extra])
            if "error" in out:
                errors.append(out["error"][-300:])
                continue
            ts[s].append(float(out["wall_s"]))
            if out.get("worker_cpu_s"):
                cpu[s].append(max(out["worker_cpu_s"]))
            digests.add(str(out.get("sha256_flow")))
    if errors or not all(ts.values()):
        ROWS.append(Row(f"Dask grid N = {n:,}", "failed", "—", "—", "≥ 1.6x", "—",
                        f"{before} → {loadavg()}", " | ".join(errors)[:300], False))
        return
    gain = med(ts["1 worker"]) / med(ts["2 workers"])
    ROWS.append(Row(f"radiation on Dask, grid N = {n:,}, k = {k} to Parquet",
                    f"2 workers {runs(ts['2 workers'])}; 1 worker {runs(ts['1 worker'])}; "
                    f"busiest worker's CPU: 2 workers {runs(cpu['2 workers'])}, 1 worker "
                    f"{runs(cpu['1 worker'])}",
                    f"local threads {runs(ts['local'])}",
                    f"2 vs 1 worker {gain:.2f}x (worker CPU "
                    f"{med(cpu['1 worker']) / med(cpu['2 workers']):.2f}x); vs local "
                    f"{med(ts['local']) / med(ts['2 workers']):.2f}x",
                    "≥ 1.6x (2 vs 1 worker)", yes(gain >= 1.6), f"{before} → {loadavg()}",
                    f"flows identical across runs: {len(digests) == 1}", len(digests) == 1))


def row_start(repeat: int, tmp: Path) -> None:
    """``metroscope data list`` in a fresh venv installed by uv from this checkout."""
    before = loadavg()
    venv = tmp / "fresh"
    subprocess.run(["uv", "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    t_install = timed(lambda: subprocess.run(
        ["uv", "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(ROOT)],
        check=True, cwd=ROOT))[1]
    pyc = sum(1 for _ in (venv / "lib").rglob("metroscope/**/*.pyc"))
    cmd = [str(venv / "bin" / "metroscope"), "data", "list"]
    first = bench_flows_cli.wall(cmd, "fresh data list")
    ts = [bench_flows_cli.wall(cmd, "fresh data list") for _ in range(repeat)]
    ROWS.append(Row("`metroscope data list` start, fresh install",
                    f"first run {first:.2f} s; then {runs(ts)}", "—", "—", "≤ 1 s",
                    yes(first <= 1.0 and med(ts) <= 1.0), f"{before} → {loadavg()}",
                    f"uv pip install {t_install:.0f} s; {pyc} metroscope .pyc files after it"))


def scaling(ns: list[int], k: int, budget: float) -> None:
    """Radiation k_nearest streamed to Parquet, growing N while the next one fits."""
    for i, n in enumerate(ns):
        out = bench_flows_national._child([str(n), "--k", str(k), "--model", "radiation"])
        SCALING.append(out)
        print(json.dumps(out), flush=True)
        if "error" in out or i + 1 == len(ns):
            break
        if float(out["wall_s"]) * ns[i + 1] / n > budget:
            SCALING.append({"n": ns[i + 1], "skipped": f"predicted over {budget:.0f} s"})
            break


def markdown() -> str:
    lines = ["| case | metroscope | peer / other path | ratio | goal | met? | load (1/5/15 min) "
             "before → after | agreement |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r.case} | {r.ours} | {r.peer} | {r.ratio} | {r.goal} | {r.met} | {r.load} | "
              f"{r.check} |" for r in ROWS]
    if SCALING:
        lines += ["", "| N | k | pairs | wall s | CPU s | peak RSS MB | bytes written | ns/pair "
                  "| load before → after |", "|---|---|---|---|---|---|---|---|---|"]
        for s in SCALING:
            if "wall_s" not in s:
                lines.append(f"| {s.get('n', '?')} | | | {s.get('skipped') or 'error'} | | | | | |")
                continue
            lines.append(f"| {s['n']:,} | {s['k']} | {s['pairs']:,} | {s['wall_s']} | "
                         f"{s['cpu_s_client']} | {s['peak_rss_mb']:,.0f} | {s['bytes']:,} | "
                         f"{s['ns_per_pair']} | {s['load_before_after']} |")
    return "\n".join(lines)


def main() -> int:
    """Run the rows, print the tables; exit 1 if an agreement check failed."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="radiation,fit,cli,access,knearest,dask,start,scaling")
    ap.add_argument("--scale-budget", type=float, default=240.0)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    p, only, rep = (QUICK if a.quick else FULL), set(a.only.split(",")), a.repeat
    t0 = time.perf_counter()
    print(f"bench_table {'quick' if a.quick else 'full'}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load {loadavg()}, {resource.getpagesize()} B pages", flush=True)
    with tempfile.TemporaryDirectory(prefix="metroscope-bench-table-") as tmp_s:
        tmp = Path(tmp_s)
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("radiation", lambda: row_radiation(p["radiation"], rep, tmp)),
            ("fit", lambda: row_fit(p["fit"], rep, tmp)),
            ("cli", lambda: row_cli(p["cli"], rep, tmp, check=True)),
            ("access", lambda: row_access(p["access"], rep, tmp)),
            ("cli", lambda: row_cli(p["cli_big"], rep, tmp, check=False)),
            ("dask", lambda: row_dask(*p["dask"], rep)),
            ("start", lambda: row_start(rep, tmp)),
        ]
        for key, step in steps:
            if key in only:
                step()
                print(f"[{time.perf_counter() - t0:.0f} s] {key}: {asdict(ROWS[-1])}",
                      flush=True)
            if key == "cli" and "knearest" in only \
                    and not any("k_nearest" in r.case for r in ROWS):
                row_knearest(*p["knearest"], rep, p["cli"])
                print(f"[{time.perf_counter() - t0:.0f} s] knearest: {asdict(ROWS[-1])}",
                      flush=True)
    if "scaling" in only:
        scaling(p["scale"], p["scale_k"], a.scale_budget)
    print(f"\nfinished in {time.perf_counter() - t0:.0f} s, load {loadavg()}\n")
    print(markdown())
    if a.json:
        a.json.write_text(json.dumps({"rows": [asdict(r) for r in ROWS], "scaling": SCALING},
                                     indent=1), encoding="utf-8")
    bad = [r.case for r in ROWS if not r.ok]
    if bad:
        print(f"\nagreement checks failed: {'; '.join(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
