"""Door-to-door minutes between graph nodes, with the rail view's rule that a train ride has to
take the traveller somewhere.

In the rail view (``build_graph(region, mode="rail")``) a trip between two cities must ride a
train (:mod:`metroscope.network.graph`), so the plain shortest path may ride a token train
out and back: 南关区 -> 长岭县 drove nowhere by train, riding 长春 -> 龙家, alighting and
riding back to 长春 before the drive (170.43 min). **The rule:** a trip that rides a train
alights for the last time at a station other than the one it first boarded at. A pair with
no such trip (and no trip without a train, the intra-city leg) is not served by rail: ``inf``.

The rule is kept exactly by a decomposition at the first boarding station ``A`` (graph node
``in:A``, only ever left by boarding) and the last alighting station ``B`` (``out:B``, never
followed by another boarding):

``minutes(s, t) = min(R[s, t], min over A != B of P[s, A] + M[A, B] + Q[B, t])``

with ``R`` and ``P`` from ``s`` and ``Q`` from ``out:B`` on the graph without its boarding
edges (every edge into a departure node ``dep:`` dropped: no train is ridden), and ``M`` from
``in:A`` to ``out:B`` on the whole graph (any rides, alightings and changes between). The
optimal parts joined are a trip whose first boarding is at ``A`` and last alighting at ``B``;
every trip splits so. The same minimum over every ``A``, ``B`` (``A = B`` too) is the plain
shortest path, so the pairs the rule takes out of service are known at no extra cost. Three
batches of SciPy Dijkstra (sources, then once per station twice) and two min-plus products
of station-sized blocks. The ``road`` and ``fastest`` views are plain shortest paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._errors import NetworkError, shorten
from ..messages import Message
from .graph import RoutableGraph, shortest_minutes

__all__ = ["TripMinutes", "rule_applies", "trip_minutes", "trip_paths"]

#: at most this many floats in one block of a min-plus product (bounded memory)
_BLOCK = 2_000_000


@dataclass(frozen=True)
class TripMinutes:
    """Minutes of the quickest trips, ``len(sources)`` x ``len(targets)``.

    ``minutes`` obey the rail rule (``inf`` where no trip does); ``token_only`` marks the
    pairs that only a ride out and back would serve (finite without the rule, ``inf`` with
    it; always ``False`` outside the rail view).
    """

    minutes: np.ndarray[Any, Any]
    token_only: np.ndarray[Any, Any]


def rule_applies(graph: RoutableGraph) -> bool:
    """Whether ``graph`` is the rail view, where a trip that rides a train must alight for the
    last time at a station other than the one it first boarded at (module doc).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from metroscope.network.graph import build_graph
    >>> rule_applies(build_graph(region, mode="rail")), rule_applies(build_graph(region, mode="fastest"))
    (True, False)
    """
    return graph.selection.mode == "rail"


def _stations(graph: RoutableGraph) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Node indices of ``in:X`` and ``out:X`` of every station ``X`` that has both, aligned."""
    index = {label: i for i, label in enumerate(graph.labels)}
    names = sorted(label[3:] for label in graph.labels if label.startswith("in:"))
    both = [x for x in names if f"out:{x}" in index]
    return (np.array([index[f"in:{x}"] for x in both], dtype=np.int64),
            np.array([index[f"out:{x}"] for x in both], dtype=np.int64))


def _no_boarding(graph: RoutableGraph) -> sp.csr_array:
    """The graph's edges but those into a departure node (board, transfer, dwell): no train can
    be ridden. Built from the entries, so a 0-minute edge stays an edge."""
    coo = graph.csr.tocoo()
    dep = np.array([label.startswith("dep:") for label in graph.labels], dtype=bool)
    keep = ~dep[coo.col] if len(dep) else np.ones(len(coo.data), dtype=bool)
    return sp.csr_array((coo.data[keep], (coo.row[keep].astype(np.int64),
                                          coo.col[keep].astype(np.int64))),
                        shape=graph.csr.shape)


def _checked(graph: RoutableGraph, sources: Sequence[int]) -> np.ndarray[Any, Any]:
    """``sources`` as node indices, checked as :func:`~metroscope.network.graph.
    shortest_minutes` checks them (the same NetworkError naming every bad one)."""
    bad = [s for s in sources if isinstance(s, bool) or not isinstance(s, (int, np.integer))
           or not 0 <= int(s) < graph.n_nodes]
    if bad:
        msg = Message("err_graph_sources", got=shorten(bad), last=graph.n_nodes - 1)
        raise NetworkError(msg)
    return np.asarray([int(s) for s in sources], dtype=np.int64)


def _dijkstra(csr: sp.csr_array, sources: np.ndarray[Any, Any], *,
              pred: bool = False) -> Any:
    from scipy.sparse.csgraph import dijkstra

    n = csr.shape[0]
    if len(sources) == 0 or n == 0:
        dist = np.full((len(sources), n), np.inf)
        return (dist, np.full(dist.shape, -9999, dtype=np.int32)) if pred else dist
    out = dijkstra(csr, directed=True, indices=np.asarray(sources, dtype=np.int64),
                   return_predecessors=pred)
    if pred:
        return np.atleast_2d(np.asarray(out[0], dtype=np.float64)), np.atleast_2d(out[1])
    return np.atleast_2d(np.asarray(out, dtype=np.float64))


def _min_plus(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``out[i, k] = min_j x[i, j] + y[j, k]`` (``inf`` for an empty ``j``), in blocks."""
    out = np.full((x.shape[0], y.shape[1]), np.inf)
    if x.shape[1] == 0 or x.shape[0] == 0 or y.shape[1] == 0:
        return out
    step = max(1, _BLOCK // max(1, x.shape[1] * y.shape[1]))
    for i in range(0, x.shape[0], step):
        out[i:i + step] = (x[i:i + step, :, None] + y[None, :, :]).min(axis=1)
    return out


def trip_minutes(graph: RoutableGraph, sources: Sequence[int],
                 targets: Sequence[int]) -> TripMinutes:
    """Minutes of the quickest trip from each node of ``sources`` to each node of ``targets``:
    in the rail view, of the quickest trip that obeys the rule (module doc).

    Raises
    ------
    NetworkError
        When a source is not a node index of the graph (:func:`~metroscope.network.graph.
        shortest_minutes`).

    Examples
    --------
    >>> from metroscope.network.graph import build_graph
    >>> g = build_graph(region, mode="rail")
    >>> src, dst = [g.unit_in["220102"]], [g.unit_out["220722"]]   # 南关区 -> 长岭县
    >>> trip = trip_minutes(g, src, dst)
    >>> round(float(trip.minutes[0, 0]), 2), bool(trip.token_only[0, 0])
    (173.18, False)
    >>> round(float(shortest_minutes(g, src)[0, dst[0]]), 2)   # the ride out and back
    170.43
    """
    cols = np.asarray(targets, dtype=np.int64)
    if not rule_applies(graph):
        plain = shortest_minutes(graph, sources)[:, cols]
        return TripMinutes(plain, np.zeros(plain.shape, dtype=bool))
    src = _checked(graph, sources)
    free = _no_boarding(graph)
    ins, outs = _stations(graph)
    from_sources = _dijkstra(free, src)
    no_train = from_sources[:, cols]
    to_first = from_sources[:, ins]                              # P: sources x A
    rail = _dijkstra(graph.csr, ins)[:, outs]                    # M: A x B
    from_last = _dijkstra(free, outs)[:, cols]                   # Q: B x targets
    any_ride = _min_plus(_min_plus(to_first, rail), from_last)
    somewhere = rail.copy()
    np.fill_diagonal(somewhere, np.inf)                          # A != B: the rule
    ride = _min_plus(_min_plus(to_first, somewhere), from_last)
    minutes = np.minimum(no_train, ride)
    token = ~np.isfinite(minutes) & np.isfinite(np.minimum(no_train, any_ride))
    return TripMinutes(minutes, token)


def _walk(pred: np.ndarray[Any, Any], start: int, end: int) -> list[int]:
    path = [end]
    while path[-1] != start:
        path.append(int(pred[path[-1]]))
    return path[::-1]


def trip_paths(graph: RoutableGraph, sources: Sequence[int],
               targets: Sequence[int]) -> list[list[list[int] | None]]:
    """The graph nodes of each quickest trip of :func:`trip_minutes` (``None`` where there is
    none), ``len(sources)`` lists of ``len(targets)``: the trips the minutes are of (in the
    rail view, a trip whose last alighting station is not its first boarding one). Ties go
    to the trip without a train, then to the first boarding and last alighting stations in
    the order of their names.

    Raises
    ------
    NetworkError
        When a source is not a node index of the graph.

    Examples
    --------
    >>> from metroscope.network.graph import build_graph
    >>> g = build_graph(region, mode="rail")
    >>> (path,), = trip_paths(g, [g.unit_in["220102"]], [g.unit_out["220722"]])
    >>> [g.labels[i] for i in path if g.labels[i].startswith(("in:", "out:"))]
    ['in:st:gongzhulingnan', 'out:st:changchunxi']
    """
    src = _checked(graph, sources)
    cols = np.asarray(targets, dtype=np.int64)
    if not rule_applies(graph):
        dist, pred = _dijkstra(graph.csr, src, pred=True)
        return [[_walk(pred[i], int(s), int(t)) if np.isfinite(dist[i, t]) else None
                 for t in cols] for i, s in enumerate(src)]
    free = _no_boarding(graph)
    ins, outs = _stations(graph)
    d_src, p_src = _dijkstra(free, src, pred=True)
    d_in, p_in = _dijkstra(graph.csr, ins, pred=True)
    d_out, p_out = _dijkstra(free, outs, pred=True)
    rail = d_in[:, outs]
    np.fill_diagonal(rail, np.inf)
    out: list[list[list[int] | None]] = []
    for i, s in enumerate(src):
        via = d_src[i, ins][:, None] + rail                     # A x B
        row: list[list[int] | None] = []
        for t in cols:
            total = via + d_out[:, t][None, :]
            a, b = (np.unravel_index(int(np.argmin(total)), total.shape) if total.size
                    else (0, 0))
            best = float(total[a, b]) if total.size else np.inf
            if np.isfinite(d_src[i, t]) and d_src[i, t] <= best:
                row.append(_walk(p_src[i], int(s), int(t)))
            elif np.isfinite(best):
                row.append(_walk(p_src[i], int(s), int(ins[a]))
                           + _walk(p_in[a], int(ins[a]), int(outs[b]))[1:]
                           + _walk(p_out[b], int(outs[b]), int(t))[1:])
            else:
                row.append(None)
        out.append(row)
    return out
