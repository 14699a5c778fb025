"""The national county-to-county road matrix of the ``china`` dataset (target < 60 s).

The ``china`` dataset's network is the estimated ordinary-road layer between neighbouring county
seats (src/metroscope/datasets/DATA.md, "Ordinary roads of `china`"): about 2,850 seat nodes and
8,100 links. Timed here, cold cache:

1. ``unit_travel_times(china, mode="road")``: the user-facing path (door-to-door graph with
   access legs, SciPy Dijkstra from every unit), all units x all units (target < 60 s);
2. the same times on the bare seat graph (undirected, minutes per link), every node to every
   node, SciPy Dijkstra; it must equal (1) where a unit is its own seat node (access 0 minutes).

Usage: ``python benchmarks/bench_china_roads.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    import metroscope
    from metroscope.network import link_minutes, unit_travel_times
    from metroscope.settings import get_settings

    china = metroscope.load("china")
    s = get_settings(travel_time_cache="off")
    print(f"china road layer: {len(china.nodes):,} seat nodes, {len(china.links):,} links, "
          f"{len(china.access):,} access rows")
    unit_travel_times(china.select(codes=list(china.units.index[:50])), mode="road",
                      settings=s)  # imports and first-call costs

    times = []
    m = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        m = unit_travel_times(china, mode="road", settings=s)
        times.append(time.perf_counter() - t0)
    assert m is not None
    med = float(np.median(times))
    finite = np.isfinite(m.to_numpy())
    print(f"unit_travel_times(china, mode='road') {m.shape[0]:,} x {m.shape[1]:,}: median "
          f"{med:.1f} s of {args.repeat} (target < 60 s: {'OK' if med < 60 else 'TOO SLOW'}); "
          f"{finite.mean():.1%} of pairs reachable")

    # the bare seat graph
    ids = sorted(china.nodes["node_id"])
    ix = {n: i for i, n in enumerate(ids)}
    w = link_minutes(china.links, s).to_numpy(float)
    a = np.array([ix[x] for x in china.links["from_node"]])
    b = np.array([ix[x] for x in china.links["to_node"]])
    g = sp.csr_array((np.concatenate([w, w]), (np.concatenate([a, b]), np.concatenate([b, a]))),
                     shape=(len(ids), len(ids)))
    t0 = time.perf_counter()
    d_sp = dijkstra(g, directed=False)
    t_sp = time.perf_counter() - t0
    # agreement with the user-facing matrix where a unit is its own seat node
    codes = [c for c in m.index if f"seat:{c}" in ix]
    sel = [ix[f"seat:{c}"] for c in codes]
    sub = m.loc[codes, codes].to_numpy()
    ref = d_sp[np.ix_(sel, sel)]
    both = np.isfinite(sub) & np.isfinite(ref)
    assert (np.isfinite(sub) == np.isfinite(ref)).all()
    assert np.allclose(sub[both], ref[both], atol=1e-9), "unit matrix != seat-graph Dijkstra"
    print(f"seat graph {len(ids):,} nodes, all pairs: SciPy Dijkstra {t_sp:.2f} s; equal to "
          f"the unit matrix on {len(codes):,} units")
    print(f"ratio: unit_travel_times / bare SciPy Dijkstra = {med / t_sp:.1f} (the door-to-door "
          "graph doubles every node into unit-in/unit-out and adds the access legs)")


if __name__ == "__main__":
    main()
