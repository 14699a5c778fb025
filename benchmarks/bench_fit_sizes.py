"""Doubly-constrained Poisson fit, metroscope beside spint 1.0.7 at several N, back to back.

The fit at the sizes where ``fit_gravity`` computes the standard errors of every fixed effect
(at most 1,500 parameters, N <= 750) and just above. Same inputs as ``bench_flows.py``. Each
round runs, in fresh processes one after the other, metroscope (one warm-up fit, then one timed
fit) and spint's ``Doubly`` (timed by ``peers_flows.py bench``, in its side environment built by
``bash benchmarks/skmob_env.sh``; ``METROSCOPE_PEER_PYTHON`` if it is not at
/tmp/metroscope-peers). Prints the median of the rounds, the 1-minute load average before each
round, the ratios, and the agreement of the standard errors with spint's (spint evaluates its
covariance at the weights of its last-but-one IRLS step, so they agree to about 1e-4 only).
Two metroscope times: the fit (``fit_gravity`` returns; at N <= 750 the standard errors of the
fixed effects are computed when ``std_err`` is first read) and the fit with that first read,
the like-for-like comparison with spint, which computes every standard error in its fit.

CPU times (``time.process_time``, all threads of the process) are printed beside the wall
times, with the CPU ratio of the like-for-like column: on a shared machine the wall time of a
20 ms fit is mostly waiting for a core. The warm-up does the same work as the timed part
(fit and first read of ``std_err``), so neither includes loading the cached kernels.

Usage: ``.venv/bin/python benchmarks/bench_fit_sizes.py [--rounds R] [N ...]``
(default N = 300 500 750 1000, R = 3).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench_flows import CACHE, HERE, PEER_PY, inputs, write_peer_inputs


def one(n: int) -> None:
    """Child: one warm-up and one timed fit; prints a JSON line."""
    from metroscope.flows import fit_gravity

    _, obs = inputs(n)
    # warm-up: the same work as the timed part (the errors' kernels and LAPACK loaded too)
    _ = fit_gravity(obs, constraint="doubly", deterrence="exp").std_err
    t0, c0 = time.perf_counter(), time.process_time()
    res = fit_gravity(obs, constraint="doubly", deterrence="exp")
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    se = res.std_err  # every fixed effect's too at N <= 750: computed on this first read
    wall_se, cpu_se = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"wall": wall, "cpu": cpu, "wall_se": wall_se, "cpu_se": cpu_se,
                      "std_err": se.tolist()}))


def round_trip(n: int, inp: Path) -> dict[str, Any]:
    """One round: metroscope, then spint (when its environment exists)."""
    out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True,
                         capture_output=True, text=True)
    mine = json.loads(out.stdout.strip().splitlines()[-1])
    peer = None
    if PEER_PY.exists():
        res = CACHE / f"fit_sizes_N{n}.json"
        subprocess.run([str(PEER_PY), str(HERE / "peers_flows.py"), "bench", str(inp), str(res),
                        "doubly"], check=True)
        peer = json.loads(res.read_text())
    return {"mine": mine, "peer": peer}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        one(int(argv[1]))
        return
    rounds = 3
    if argv[:1] == ["--rounds"]:
        rounds, argv = int(argv[1]), argv[2:]
    sizes = [int(a) for a in argv] or [300, 500, 750, 1000]
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; metroscope fit (warm) and spint Doubly, medians of {rounds}")
    print("| N | parameters | metroscope fit (CPU) | fit + std_err (CPU) | spint (CPU) | "
          "ratio fit | ratio fit + std_err (wall; CPU) | load (1 min) | SEs vs spint |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        loc, obs = inputs(n)
        inp = write_peer_inputs(CACHE / f"inputs_N{n}.npz", loc, obs)
        mine_t: list[float] = []
        cpu_t: list[float] = []
        se_t: list[float] = []
        cpu_se_t: list[float] = []
        peer_t: list[float] = []
        peer_cpu: list[float] = []
        loads: list[float] = []
        last: dict[str, Any] = {}
        for _ in range(rounds):
            loads.append(os.getloadavg()[0])
            last = round_trip(n, inp)
            mine_t.append(float(last["mine"]["wall"]))
            cpu_t.append(float(last["mine"]["cpu"]))
            se_t.append(float(last["mine"]["wall_se"]))
            cpu_se_t.append(float(last["mine"]["cpu_se"]))
            if last["peer"] is not None:
                peer_t.append(float(last["peer"]["doubly_s"]))
                peer_cpu.append(float(last["peer"].get("doubly_cpu_s", "nan")))
        m, m_se = float(np.median(mine_t)), float(np.median(se_t))
        se = np.asarray(last["mine"]["std_err"], dtype=float)
        agree = "—"
        if peer_t:
            ref = np.asarray(last["peer"]["doubly_std_err"], dtype=float)
            ok = np.isfinite(se)
            agree = f"{ok.sum()} finite, max rel. diff {np.max(np.abs(se[ok] / ref[ok] - 1)):.1e}"
        p = float(np.median(peer_t)) if peer_t else float("nan")
        pc = float(np.median(peer_cpu)) if peer_cpu else float("nan")
        c_se = float(np.median(cpu_se_t))
        print(f"| {n:,} | {len(se):,} | {m:.3f} s ({np.median(cpu_t):.3f} s) | "
              f"{m_se:.3f} s ({c_se:.3f} s) | {p:.2f} s ({pc:.2f} s) | {p / m:.0f}x | "
              f"{p / m_se:.0f}x (CPU {pc / c_se:.0f}x) | {min(loads):.1f}–{max(loads):.1f} | "
              f"{agree} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
