"""Travel-time matrices: metroscope beside SciPy, igraph, networkx and pandana.

1. The Changchun region: all-pairs unit matrices (rail, road, fastest), cold cache
   (target < 0.5 s each).
2. A synthetic road-like graph of 500,000 nodes (benchmarks/_synthetic.py; a national road
   graph at junction level would be this size), 2,850 origins x 2,850 destinations:
   - SciPy Dijkstra (the router metroscope uses), igraph, networkx: a sample of origins,
     extrapolated to 2,850 (stated); igraph's times are compared with SciPy's;
   - pandana 0.8 (contraction hierarchies, AGPL, dev-only peer): build in full, queries on a
     sample of origin rows, extrapolated; its times are compared with SciPy's exact ones.

Usage: ``python benchmarks/bench_network.py [--nodes 500000] [--origins 2850]``. The full run
takes a few minutes on 2 cores (most of it SciPy's and pandana's share).
"""

from __future__ import annotations

import argparse
import os
import time
from contextlib import contextmanager
from typing import Any

import numpy as np

from _synthetic import road_like_graph


@contextmanager
def _quiet_stdout() -> Any:
    """Silence C-level prints (pandana reports progress on stdout)."""
    fd = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        yield
    finally:
        os.dup2(fd, 1)
        os.close(null)
        os.close(fd)


def bench_region() -> None:
    import metroscope
    from metroscope.network import unit_travel_times
    from metroscope.settings import get_settings

    region = metroscope.load("changchun")
    s = get_settings(travel_time_cache="off")
    unit_travel_times(region, settings=s)  # imports and first-call costs
    for mode in ("rail", "road", "fastest"):
        times, cpu = [], []
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            m = unit_travel_times(region, mode=mode, settings=s)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        med, med_cpu = float(np.median(times)), float(np.median(cpu))
        # CPU time as well: on a shared machine the wall time measures the other processes
        print(f"changchun all-pairs {mode:8s} {m.shape[0]}x{m.shape[1]}: median {med:.3f} s "
              f"wall, {med_cpu:.3f} s CPU (target < 0.5 s: "
              f"{'OK' if min(med, med_cpu) < 0.5 else 'TOO SLOW'})")


def _report(name: str, build: float, query: float, note: str, ours: float) -> None:
    total = build + query
    print(f"{name:32s} build {build:8.1f} s  queries {query:9.1f} s  total {total:9.1f} s  "
          f"x{total / ours:7.1f} of SciPy  {note}")


def bench_large(n: int, k: int, seed: int = 1) -> None:
    from scipy.sparse.csgraph import dijkstra

    t0 = time.perf_counter()
    g, xy = road_like_graph(n, seed=seed)
    print(f"\nsynthetic road-like graph: {n:,} nodes, {g.nnz // 2:,} edges "
          f"(mean degree {g.nnz / n:.2f}), made in {time.perf_counter() - t0:.1f} s; "
          f"{k:,} x {k:,} matrix, minutes")
    rng = np.random.default_rng(seed + 1)
    od = rng.choice(n, k, replace=False)
    sample = od[: max(2, k // 140)]
    t0 = time.perf_counter()
    ref = dijkstra(g, indices=sample)[:, od]
    per = (time.perf_counter() - t0) / len(sample)
    total = per * k
    print(f"{'SciPy dijkstra (metroscope)':32s} build {0.0:8.1f} s  queries {total:9.1f} s  "
          f"total {total:9.1f} s  ({per:.3f} s/origin x {k}, sampled {len(sample)})")

    import igraph as ig

    coo = g.tocoo()
    upper = coo.row < coo.col
    t0 = time.perf_counter()
    gi = ig.Graph(n=n, edges=np.column_stack([coo.row[upper], coo.col[upper]]).tolist(),
                  directed=False)
    gi.es["w"] = coo.data[upper].tolist()
    b_ig = time.perf_counter() - t0
    t0 = time.perf_counter()
    dig = np.array(gi.distances(source=sample[:10].tolist(), target=od.tolist(), weights="w"))
    per = (time.perf_counter() - t0) / 10
    _report("python-igraph distances", b_ig, per * k, f"{per:.3f} s/origin (sampled 10); max "
            f"diff {np.abs(dig - ref[:10]).max():.1e}", total)

    import networkx as nx

    t0 = time.perf_counter()
    gx = nx.Graph()
    gx.add_weighted_edges_from(zip(coo.row[upper].tolist(), coo.col[upper].tolist(),
                                   coo.data[upper].tolist(), strict=True))
    b_nx = time.perf_counter() - t0
    t0 = time.perf_counter()
    for s in sample[:2]:
        nx.single_source_dijkstra_path_length(gx, int(s))
    per = (time.perf_counter() - t0) / 2
    _report("networkx dijkstra", b_nx, per * k, f"{per:.2f} s/origin (sampled 2)", total)
    del gx

    try:
        import pandana
        import pandas as pd
    except ImportError:  # pragma: no cover - pandana is an optional dev dependency
        print("pandana: not installed (uv add --dev pandana); skipped")
        return
    nodes = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]})
    edges = pd.DataFrame({"a": coo.row[upper], "b": coo.col[upper], "w": coo.data[upper]})
    t0 = time.perf_counter()
    with _quiet_stdout():
        net = pandana.Network(nodes["x"], nodes["y"], edges["a"], edges["b"], edges[["w"]],
                              twoway=True)
    b_pd = time.perf_counter() - t0
    rows = sample
    o = np.repeat(rows, k)
    d = np.tile(od, len(rows))
    t0 = time.perf_counter()
    with _quiet_stdout():
        got = np.asarray(net.shortest_path_lengths(o.tolist(), d.tolist()), dtype=float)
    per_pair = (time.perf_counter() - t0) / len(o)
    diff = got - ref.ravel()
    _report("pandana 0.8 (CH)", b_pd, per_pair * k * k,
            f"{per_pair * 1e6:.1f} us/pair (sampled {len(rows)} origin rows); pandana - exact: "
            f"min {diff.min():+.4f}, max {diff.max():+.4f} min", total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=500_000)
    parser.add_argument("--origins", type=int, default=2_850)
    parser.add_argument("--skip-region", action="store_true")
    args = parser.parse_args()
    if not args.skip_region:
        bench_region()
    bench_large(args.nodes, args.origins)


if __name__ == "__main__":
    main()
