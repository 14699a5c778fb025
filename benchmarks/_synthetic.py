"""Synthetic road-like graphs for benchmarks and tests.

:func:`road_like_graph` places ``n`` nodes uniformly in a square of side ``side_km``, keeps the
Gabriel subgraph of their Delaunay triangulation (planar, like a road network), thins it to an
average degree of about ``mean_degree`` while keeping a spanning tree (so the graph stays
connected), and sets local-road speeds of 30-80 km/h; then ``expressway_share`` of the nodes
become interchanges joined by the Gabriel graph among themselves at 100 km/h with a detour of
1.2 (the hierarchy that real road networks have). Weights are minutes. All of this is a
model for timing, not data.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp


def _gabriel_edges(xy: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    from scipy.spatial import Delaunay

    tri = Delaunay(xy)
    s = tri.simplices
    edges = []
    for a, b, c in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        p, q, r = xy[s[:, a]], xy[s[:, b]], xy[s[:, c]]
        # the edge p-q is Gabriel in this triangle when the angle at r is < 90 degrees
        acute = np.einsum("ij,ij->i", p - r, q - r) > 0
        edges.append(np.column_stack([s[:, a], s[:, b], acute]))
    e = np.vstack(edges)
    pair = np.sort(e[:, :2], axis=1)
    key = pair[:, 0].astype(np.int64) * len(xy) + pair[:, 1]
    order = np.argsort(key, kind="stable")
    key, pair, ok = key[order], pair[order], e[order, 2].astype(bool)
    uniq, start = np.unique(key, return_index=True)
    good = np.logical_and.reduceat(ok, start)  # Gabriel in every triangle it borders
    del uniq
    return pair[start][good]


def road_like_graph(n: int, *, seed: int = 0, side_km: float = 2000.0,
                    mean_degree: float = 2.8, expressway_share: float = 0.01
                    ) -> tuple[sp.csr_array, np.ndarray[Any, Any]]:
    """A connected, undirected, planar-ish road-like graph (see the module doc).

    Returns
    -------
    (csr, xy)
        Symmetric sparse matrix of minutes, and node coordinates in km.

    Raises
    ------
    scipy.spatial.QhullError
        (a ``RuntimeError``) from the Delaunay triangulation of the expressway hubs when
        ``int(n * expressway_share)`` is below 3 (``n < 300`` with the default share): the
        hubs, at least 2, cannot be triangulated.
    """
    from scipy.sparse.csgraph import minimum_spanning_tree

    rng = np.random.default_rng(seed)
    xy = rng.random((n, 2)) * side_km
    e = _gabriel_edges(xy)
    km = np.linalg.norm(xy[e[:, 0]] - xy[e[:, 1]], axis=1) * 1.15
    g = sp.coo_array((km, (e[:, 0], e[:, 1])), shape=(n, n)).tocsr()
    tree = minimum_spanning_tree(g).tocoo()
    in_tree = set(zip(tree.row.tolist(), tree.col.tolist(), strict=True))
    is_tree = np.array([(a, b) in in_tree or (b, a) in in_tree for a, b in e.tolist()])
    extra = max(0.0, (mean_degree / 2 * n - (n - 1)) / max(1, int((~is_tree).sum())))
    keep = is_tree | (rng.random(len(e)) < extra)
    e, km = e[keep], km[keep]
    minutes = km / rng.uniform(30, 80, len(e)) * 60
    k = max(2, int(n * expressway_share))
    hubs = rng.choice(n, k, replace=False)
    he = _gabriel_edges(xy[hubs])
    hkm = np.linalg.norm(xy[hubs[he[:, 0]]] - xy[hubs[he[:, 1]]], axis=1) * 1.2
    a = np.concatenate([e[:, 0], hubs[he[:, 0]]])
    b = np.concatenate([e[:, 1], hubs[he[:, 1]]])
    w = np.concatenate([minutes, hkm / 100 * 60])
    m = sp.coo_array((np.r_[w, w], (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
    # parallel edges (a road and an expressway between the same pair) were summed: keep
    # the quicker one instead
    m2 = sp.coo_array((np.r_[w, w], (np.r_[a, b], np.r_[b, a])), shape=(n, n))
    order = np.lexsort((m2.data, m2.col, m2.row))
    r, c, d = m2.row[order], m2.col[order], m2.data[order]
    first = np.r_[True, (r[1:] != r[:-1]) | (c[1:] != c[:-1])]
    m = sp.csr_array((d[first], (r[first], c[first])), shape=(n, n))
    return m, xy


def population_grid(n: int, *, seed: int = 0, spacing_km: float = 2.0, lat0: float = 35.0,
                    lon0: float = 110.0, cities: int = 40) -> Any:
    """A synthetic population grid: the first ``n`` cells of a square lattice of cell centres
    ``spacing_km`` apart (north-south; east-west the same distance at ``lat0``), with a
    log-normal rural background plus ``cities`` Gaussian urban peaks. A model for timing,
    not data.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (``g0000000``...), columns ``lon``, ``lat`` (degrees) and
        ``population`` (persons, rounded).
    """
    import math

    import pandas as pd

    rng = np.random.default_rng(seed)
    side = math.ceil(math.sqrt(n))
    k = np.arange(n)
    row, col = k // side, k % side
    dlat = spacing_km / 111.195
    dlon = dlat / math.cos(math.radians(lat0))
    lat = lat0 + row * dlat
    lon = lon0 + col * dlon
    pop = rng.lognormal(5.0, 1.0, n)
    cx, cy = rng.integers(0, side, cities), rng.integers(0, max(1, row.max() + 1), cities)
    size = rng.pareto(1.2, cities) * 2e4 + 5e3
    for x, y, s in zip(cx, cy, size, strict=True):
        d2 = ((col - x) ** 2 + (row - y) ** 2) * spacing_km ** 2
        pop += s * np.exp(-d2 / (2 * (3.0 * spacing_km) ** 2))
    return pd.DataFrame({"lon": lon, "lat": lat, "population": np.round(pop)},
                        index=pd.Index([f"g{i:07d}" for i in range(n)], name="code"))
