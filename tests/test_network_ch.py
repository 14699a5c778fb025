"""The contraction hierarchy: exact agreement with SciPy's Dijkstra, errors."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from metroscope import NetworkError
from metroscope.network.ch import ContractionHierarchy, od_matrix
from metroscope.network.synthetic import road_like_graph


def _random_graph(seed: int, n: int, p_edge: float) -> sp.csr_array:
    rng = np.random.default_rng(seed)
    m = sp.random_array((n, n), density=p_edge, rng=rng, format="coo")
    w = np.round(rng.uniform(0.5, 20, m.nnz), 1)  # ties are common
    a = sp.coo_array((np.r_[w, w], (np.r_[m.row, m.col], np.r_[m.col, m.row])), shape=(n, n))
    # duplicate pairs: keep the smallest weight, as a road table would
    order = np.lexsort((a.data, a.col, a.row))
    r, c, d = a.row[order], a.col[order], a.data[order]
    first = np.r_[True, (r[1:] != r[:-1]) | (c[1:] != c[:-1])]
    return sp.csr_array((d[first], (r[first], c[first])), shape=(n, n))


@pytest.mark.parametrize(("seed", "n", "p"), [(1, 60, 0.05), (2, 300, 0.01), (3, 400, 0.004),
                                               (4, 200, 0.03)])
def test_random_graphs_match_dijkstra(seed: int, n: int, p: float) -> None:
    g = _random_graph(seed, n, p)
    ch = ContractionHierarchy.build(g, witness_settled=5, simulate_settled=3)
    rng = np.random.default_rng(seed)
    src = rng.choice(n, 40, replace=False)
    dst = rng.choice(n, 50, replace=False)
    got = ch.many_to_many(src, dst)
    ref = dijkstra(g, indices=src)[:, dst]
    assert np.array_equal(np.isinf(got), np.isinf(ref))  # disconnected parts stay inf
    fin = np.isfinite(ref)
    np.testing.assert_allclose(got[fin], ref[fin], rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("upd", [True, False])
def test_road_like_graph_matches_dijkstra(upd: bool) -> None:
    g, xy = road_like_graph(3000, seed=5)
    assert xy.shape == (3000, 2)
    ch = ContractionHierarchy.build(g, update_neighbours=upd)
    assert ch.n_shortcuts > 0
    src = np.arange(0, 3000, 37)
    got = ch.many_to_many(src, src, threads=1)
    ref = dijkstra(g, indices=src)[:, src]
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-9)
    assert np.allclose(np.diag(got), 0.0)
    np.testing.assert_allclose(od_matrix(g, src[:5], src, method="dijkstra"), ref[:5])
    np.testing.assert_allclose(od_matrix(g, src[:5], src, method="ch"), ref[:5])


def test_hand_graph_with_shortcut() -> None:
    # path 0-1-2-3 plus a slow direct edge 0-3
    rows, cols, w = [0, 1, 2, 0], [1, 2, 3, 3], [1.0, 2.0, 3.0, 10.0]
    g = sp.coo_array((w + w, (rows + cols, cols + rows)), shape=(5, 5)).tocsr()
    ch = ContractionHierarchy.build(g)
    d = ch.many_to_many([0, 3, 4], [0, 1, 2, 3, 4])
    assert d[0].tolist()[:4] == [0.0, 1.0, 3.0, 6.0]
    assert d[1, 0] == 6.0
    assert np.isinf(d[0, 4]) and np.isinf(d[2, 0]) and d[2, 4] == 0.0


def test_zero_weight_edges_and_self_loops() -> None:
    g = sp.csr_array((np.array([0.0, 0.0, 2.0, 2.0, 5.0]),
                      (np.array([0, 1, 1, 2, 2]), np.array([1, 0, 2, 1, 2]))), shape=(3, 3))
    d = ContractionHierarchy.build(g).many_to_many([0, 1, 2], [0, 1, 2])
    assert d.tolist() == [[0.0, 0.0, 2.0], [0.0, 0.0, 2.0], [2.0, 2.0, 0.0]]


def test_errors() -> None:
    directed = sp.csr_array(np.array([[0.0, 1.0], [2.0, 0.0]]))
    with pytest.raises(NetworkError, match="undirected"):
        ContractionHierarchy.build(directed)
    negative = sp.csr_array(np.array([[0.0, -1.0], [-1.0, 0.0]]))
    with pytest.raises(NetworkError, match="negative"):
        ContractionHierarchy.build(negative)
    with pytest.raises(NetworkError, match="square"):
        ContractionHierarchy.build(sp.csr_array(np.ones((2, 3))))
    ch = ContractionHierarchy.build(sp.csr_array(np.array([[0.0, 1.0], [1.0, 0.0]])))
    with pytest.raises(NetworkError, match="node indices"):
        ch.many_to_many([0], [5])
    with pytest.raises(ValueError, match="method"):
        od_matrix(sp.csr_array(np.zeros((2, 2))), [0], [1], method="astar")


def _networkx_times(g: sp.csr_array, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Independent router: networkx's pure-Python Dijkstra, one search per source."""
    import networkx as nx

    coo = g.tocoo()
    G = nx.Graph()
    G.add_nodes_from(range(g.shape[0]))
    for i, j, w in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist()):
        if i != j:
            G.add_edge(i, j, weight=w)
    out = np.full((len(src), len(dst)), np.inf)
    for a, s in enumerate(src.tolist()):
        dist = nx.single_source_dijkstra_path_length(G, s, weight="weight")
        for b, t in enumerate(dst.tolist()):
            out[a, b] = dist.get(t, np.inf)
    return out


@pytest.mark.parametrize(("seed", "n", "p"), [(11, 30, 0.08), (12, 150, 0.012),
                                               (13, 500, 0.004), (14, 1000, 0.0025)])
def test_random_graphs_match_networkx(seed: int, n: int, p: float) -> None:
    g = _random_graph(seed, n, p)
    # integer weights on part of the edges: many equal-length alternative paths (ties)
    rng = np.random.default_rng(seed)
    g.data[rng.random(g.nnz) < 0.5] = 1.0
    g = sp.csr_array((g + g.T) / 2)  # keep it symmetric after the edit
    # a second component the first cannot reach: unreachable pairs
    g = sp.csr_array(sp.block_diag([g, _random_graph(seed + 100, 20, 0.1)], format="csr"))
    n = g.shape[0]
    ch = ContractionHierarchy.build(g)
    src = rng.choice(n, min(n, 30), replace=False)
    dst = rng.choice(n, min(n, 40), replace=False)
    got = ch.many_to_many(src, dst)
    ref = _networkx_times(g, src, dst)
    assert np.isinf(ref).any() and np.isfinite(ref).any()  # unreachable and reachable pairs
    assert np.array_equal(np.isinf(got), np.isinf(ref))
    fin = np.isfinite(ref)
    np.testing.assert_allclose(got[fin], ref[fin], rtol=1e-12, atol=1e-9)
