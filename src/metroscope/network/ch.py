"""Exact many-to-many shortest times on large road graphs: a contraction hierarchy.

For national county-to-county matrices (~2,850 seats on a road graph of ~500,000 nodes) one
Dijkstra per origin is too slow. A contraction hierarchy (Geisberger, Sanders, Schultes &
Delling 2008, *Contraction Hierarchies: Faster and Simpler Hierarchical Routing in Road
Networks*, WEA 2008, LNCS 5038:319–333) contracts the nodes one by one, adding a shortcut
u–x of weight w(u,v) + w(v,x) whenever a bounded local search finds no path as short that
avoids v (a missed witness only adds a redundant shortcut, so the result stays exact). Node
order: the priority 2 x edge difference + contracted neighbours + level, recomputed lazily
when a node comes up (Geisberger et al.'s "lazy updates").
Queries use upward searches with stall-on-demand and the bucket many-to-many algorithm of
Knopp, Sanders, Schultes, Schulz & Wagner (2007, ALENEX): one upward search per target fills
buckets, one upward search per source scans them. Times are exact (float64 sums of the input
weights, equal to Dijkstra's up to the order of additions).

The graph must be undirected (symmetric); the door-to-door unit graphs with waits are directed
and small, and use SciPy's Dijkstra instead (:mod:`metroscope.network.traveltime`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._errors import NetworkError

logger = logging.getLogger(__name__)

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


def _symmetric_csr(graph: sp.sparray | sp.spmatrix) -> sp.csr_array:
    csr = sp.csr_array(graph, dtype=np.float64)
    if csr.shape[0] != csr.shape[1]:
        msg = f"The graph must be square (got {csr.shape})."
        raise NetworkError(msg)
    csr.sum_duplicates()
    data = csr.data
    bad = ~np.isfinite(data) | (data < 0)
    if bad.any():
        msg = (f"{int(bad.sum())} edge(s) with a negative or non-finite weight; weights are "
               "minutes (or seconds) >= 0.")
        raise NetworkError(msg)
    diff = abs(csr - csr.T)
    if diff.nnz and float(diff.max()) > 1e-12 * max(1.0, float(data.max(initial=0.0))):
        msg = ("The contraction hierarchy needs an undirected graph (weight i->j equal to "
               "j->i); use scipy.sparse.csgraph.dijkstra for directed graphs.")
        raise NetworkError(msg)
    coo = csr.tocoo()
    off = coo.row != coo.col  # self-loops are not edges; explicit zeros elsewhere are
    out = sp.csr_array((coo.data[off], (coo.row[off], coo.col[off])), shape=csr.shape)
    out.sort_indices()
    return out


@dataclass(frozen=True)
class ContractionHierarchy:
    """A contracted undirected graph, ready for exact many-to-many queries.

    Build it with :meth:`build`; query with :meth:`many_to_many`.
    """

    n_nodes: int
    rank: IntArray
    up_ptr: IntArray
    up_to: IntArray
    up_w: FloatArray
    n_shortcuts: int
    build_seconds: float

    @classmethod
    def build(cls, graph: sp.sparray | sp.spmatrix, *, witness_settled: int = 200,
              simulate_settled: int = 20, update_neighbours: bool = False
              ) -> ContractionHierarchy:
        """Contract ``graph`` (square sparse matrix of edge weights, symmetric).

        Parameters
        ----------
        graph
            Weights of the edges (minutes or seconds; explicit zeros are edges of weight 0).
        witness_settled
            Nodes a witness search may settle when contracting (nodes); larger gives fewer
            shortcuts and a slower build, never a different answer.
        simulate_settled
            The same bound while ranking nodes (nodes).
        update_neighbours
            Recompute the priorities of a contracted node's neighbours at once (better order,
            slower build); otherwise they are updated lazily when they come up.

        Raises
        ------
        NetworkError
            For a non-square, directed, negative or non-finite graph.
        """
        from ._ch_kernels import contract

        csr = _symmetric_csr(graph)
        t0 = time.perf_counter()
        rank, up_ptr, up_to, up_w, shortcuts = contract(
            csr.indptr.astype(np.int64), csr.indices.astype(np.int64),
            csr.data.astype(np.float64), int(simulate_settled), int(witness_settled),
            bool(update_neighbours))
        secs = time.perf_counter() - t0
        logger.info("Contracted %d nodes, %d edges in %.1f s: %d shortcuts, %d upward edges",
                    csr.shape[0], csr.nnz // 2, secs, shortcuts, len(up_to))
        return cls(n_nodes=int(csr.shape[0]), rank=rank, up_ptr=up_ptr, up_to=up_to,
                   up_w=up_w, n_shortcuts=int(shortcuts), build_seconds=secs)

    def many_to_many(self, sources: Any, targets: Any, *, threads: int | None = None
                     ) -> FloatArray:
        """Exact shortest times from every source to every target (``inf`` = unreachable).

        Parameters
        ----------
        sources, targets
            Node indices.
        threads
            Numba threads for the source searches (default: all).

        Returns
        -------
        numpy.ndarray
            ``len(sources) x len(targets)`` float64, in the units of the weights.

        Raises
        ------
        NetworkError
            When a source or target is not a node index in ``0..n_nodes - 1``.
        """
        import numba

        from ._ch_kernels import buckets, many_to_many

        src = np.asarray(sources, dtype=np.int64)
        dst = np.asarray(targets, dtype=np.int64)
        for name, arr in (("sources", src), ("targets", dst)):
            if arr.size and (arr.min() < 0 or arr.max() >= self.n_nodes):
                msg = f"{name} must be node indices in 0..{self.n_nodes - 1}."
                raise NetworkError(msg)
        b_ptr, b_t, b_d = buckets(dst, self.n_nodes, self.up_ptr, self.up_to, self.up_w)
        old = numba.get_num_threads()
        if threads is not None:
            most = int(getattr(numba.config, "NUMBA_NUM_THREADS", 1))
            numba.set_num_threads(max(1, min(int(threads), most)))
        try:
            chunks = max(1, min(len(src), 8 * numba.get_num_threads()))
            out = many_to_many(src, len(dst), self.n_nodes, self.up_ptr, self.up_to,
                               self.up_w, b_ptr, b_t, b_d, chunks)
        finally:
            numba.set_num_threads(old)
        return np.asarray(out, dtype=np.float64)


def od_matrix(graph: sp.sparray | sp.spmatrix, sources: Any, targets: Any, *,
              method: str = "auto") -> FloatArray:
    """Exact shortest times between node sets of an undirected graph.

    ``method``: ``dijkstra`` (SciPy, one search per source), ``ch`` (contraction hierarchy,
    build + bucket queries) or ``auto`` (``ch`` for graphs of 50,000 nodes or more with at
    least 100 sources, else ``dijkstra``).

    Raises
    ------
    ValueError
        When ``method`` is not ``auto``, ``ch`` or ``dijkstra``.
    NetworkError
        From :meth:`ContractionHierarchy.many_to_many` when a source or target is not a node.
    """
    from scipy.sparse.csgraph import dijkstra

    src = np.asarray(sources, dtype=np.int64)
    dst = np.asarray(targets, dtype=np.int64)
    n = graph.shape[0]
    if method == "auto":
        method = "ch" if n >= 50_000 and len(src) >= 100 else "dijkstra"
    if method == "ch":
        return ContractionHierarchy.build(graph).many_to_many(src, dst)
    if method == "dijkstra":
        csr = _symmetric_csr(graph)
        d = dijkstra(csr, directed=True, indices=src)
        return np.asarray(np.atleast_2d(d)[:, dst], dtype=np.float64)
    msg = f"method must be 'auto', 'ch' or 'dijkstra', not {method!r}."
    raise ValueError(msg)
