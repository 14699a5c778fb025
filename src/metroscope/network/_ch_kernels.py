"""Numba kernels of the contraction hierarchy (see :mod:`metroscope.network.ch`).

Undirected graphs with positive weights. Contraction keeps one adjacency list per live node in
a shared pool (a list that fills up moves to the end with twice the room); a contracted node
is swap-deleted from its neighbours' lists, and its remaining neighbours (all ranked higher)
become its upward edges.
"""

from __future__ import annotations

from typing import Any

import numba as nb
import numpy as np

INF = np.inf


@nb.njit(cache=True, inline="always")
def _push(hk: Any, hv: Any, size: int, key: float, val: int) -> int:
    """Push onto a binary heap with room (the caller guarantees it); returns the new size."""
    i = size
    while i > 0:
        p = (i - 1) >> 1
        if hk[p] <= key:
            break
        hk[i] = hk[p]
        hv[i] = hv[p]
        i = p
    hk[i] = key
    hv[i] = val
    return size + 1


@nb.njit(cache=True)
def _grow_f(a: Any, need: int) -> Any:
    out = np.empty(max(need, 2 * a.shape[0]), a.dtype)
    out[: a.shape[0]] = a
    return out


@nb.njit(cache=True)
def _heap_push(hk: Any, hv: Any, size: int, key: float, val: int) -> tuple[Any, Any, int]:
    if size == hk.shape[0]:
        hk = _grow_f(hk, size + 1)
        hv = _grow_f(hv, size + 1)
    return hk, hv, _push(hk, hv, size, key, val)


@nb.njit(cache=True, inline="always")
def _heap_pop(hk: Any, hv: Any, size: int) -> tuple[float, int, int]:
    key = hk[0]
    val = hv[0]
    size -= 1
    if size > 0:
        k = hk[size]
        v = hv[size]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= size:
                break
            if c + 1 < size and hk[c + 1] < hk[c]:
                c += 1
            if hk[c] >= k:
                break
            hk[i] = hk[c]
            hv[i] = hv[c]
            i = c
        hk[i] = k
        hv[i] = v
    return key, val, size


@nb.njit(cache=True)
def _witness(start: int, skip: int, limit: float, max_settled: int, a_start: Any, a_len: Any,
             p_to: Any, p_w: Any, dist: Any, touched: Any, hk: Any, hv: Any, mark: Any,
             stamp: int, n_targets: int) -> tuple[int, Any, Any, Any]:
    """Local Dijkstra from ``start`` avoiding ``skip``, until the ``n_targets`` nodes with
    ``mark == stamp`` are settled, or beyond ``limit`` or ``max_settled``; distances stay in
    ``dist`` for the ``n_touched`` nodes listed in ``touched`` (the caller resets them)."""
    n_t = 0
    size = 0
    dist[start] = 0.0
    touched[n_t] = start
    n_t += 1
    hk, hv, size = _heap_push(hk, hv, size, 0.0, start)
    settled = 0
    while size > 0:
        d, u, size = _heap_pop(hk, hv, size)
        if d > dist[u]:
            continue
        if d > limit or settled >= max_settled:
            break
        settled += 1
        if mark[u] == stamp:
            n_targets -= 1
            if n_targets == 0:
                break
        b = a_start[u]
        deg = a_len[u]
        if size + deg > hk.shape[0]:
            hk = _grow_f(hk, size + deg)
            hv = _grow_f(hv, size + deg)
        if n_t + deg > touched.shape[0]:
            touched = _grow_f(touched, n_t + deg)
        for k in range(b, b + deg):
            x = p_to[k]
            if x == skip:
                continue
            nd = d + p_w[k]
            if nd < dist[x]:
                if dist[x] == INF:
                    touched[n_t] = x
                    n_t += 1
                dist[x] = nd
                size = _push(hk, hv, size, nd, x)
    return n_t, touched, hk, hv


@nb.njit(cache=True)
def _needed(v: int, max_settled: int, a_start: Any, a_len: Any, p_to: Any, p_w: Any,
            dist: Any, touched: Any, hk: Any, hv: Any, out_u: Any, out_w: Any, out_x: Any,
            mark: Any) -> tuple[int, Any, Any, Any, Any, Any, Any]:
    """Shortcuts needed to contract ``v``: pairs (out_u[k], out_x[k]) with weight out_w[k]
    (the out arrays grow to deg² when needed and are returned)."""
    b = a_start[v]
    deg = a_len[v]
    if deg * deg > out_u.shape[0]:
        out_u = np.empty(2 * deg * deg, np.int64)
        out_x = np.empty(2 * deg * deg, np.int64)
        out_w = np.empty(2 * deg * deg, np.float64)
    cnt = 0
    for i in range(deg - 1):
        u = p_to[b + i]
        wu = p_w[b + i]
        wmax = 0.0
        mark[0] += 1
        stamp = mark[0]
        for j in range(i + 1, deg):
            wmax = max(wmax, p_w[b + j])
            mark[p_to[b + j] + 1] = stamp
        n_t, touched, hk, hv = _witness(u, v, wu + wmax, max_settled, a_start, a_len, p_to,
                                        p_w, dist, touched, hk, hv, mark[1:], stamp,
                                        deg - 1 - i)
        for j in range(i + 1, deg):
            x = p_to[b + j]
            via = wu + p_w[b + j]
            if dist[x] > via:
                out_u[cnt] = u
                out_x[cnt] = x
                out_w[cnt] = via
                cnt += 1
        for k in range(n_t):
            dist[touched[k]] = INF
    return cnt, touched, hk, hv, out_u, out_w, out_x


@nb.njit(cache=True)
def _add_edge(u: int, x: int, w: float, a_start: Any, a_len: Any, a_cap: Any, p_to: Any,
              p_w: Any, p_end: int) -> tuple[Any, Any, int]:
    b = a_start[u]
    for k in range(b, b + a_len[u]):
        if p_to[k] == x:
            p_w[k] = min(p_w[k], w)
            return p_to, p_w, p_end
    if a_len[u] == a_cap[u]:  # move the list to the end of the pool with twice the room
        cap = max(4, 2 * a_cap[u])
        if p_end + cap > p_to.shape[0]:
            new = max(2 * p_to.shape[0], p_end + cap)
            t2 = np.empty(new, np.int64)
            w2 = np.empty(new, np.float64)
            t2[:p_end] = p_to[:p_end]
            w2[:p_end] = p_w[:p_end]
            p_to, p_w = t2, w2
        for k in range(a_len[u]):
            p_to[p_end + k] = p_to[b + k]
            p_w[p_end + k] = p_w[b + k]
        a_start[u] = p_end
        a_cap[u] = cap
        p_end += cap
    k = a_start[u] + a_len[u]
    p_to[k] = x
    p_w[k] = w
    a_len[u] += 1
    return p_to, p_w, p_end


@nb.njit(cache=True)
def _drop_edge(u: int, x: int, a_start: Any, a_len: Any, p_to: Any, p_w: Any) -> None:
    b = a_start[u]
    last = b + a_len[u] - 1
    for k in range(b, last + 1):
        if p_to[k] == x:
            p_to[k] = p_to[last]
            p_w[k] = p_w[last]
            a_len[u] -= 1
            return


@nb.njit(cache=True)
def _group(n: int, frm: Any, to: Any, w: Any) -> tuple[Any, Any, Any]:
    """Edges (frm -> to, w) as CSR arrays grouped by ``frm``."""
    counts = np.zeros(n + 1, np.int64)
    for k in range(frm.shape[0]):
        counts[frm[k] + 1] += 1
    ptr = np.cumsum(counts)
    fill = ptr[:-1].copy()
    out_to = np.empty(frm.shape[0], to.dtype)
    out_w = np.empty(frm.shape[0], w.dtype)
    for k in range(frm.shape[0]):
        f = frm[k]
        out_to[fill[f]] = to[k]
        out_w[fill[f]] = w[k]
        fill[f] += 1
    return ptr, out_to, out_w


@nb.njit(cache=True)
def contract(indptr: Any, indices: Any, weights: Any, sim_settled: int, max_settled: int,
             update_neighbours: bool) -> tuple[Any, Any, Any, Any, int]:
    """Contract every node; returns (rank, up_indptr, up_to, up_w, n_shortcuts)."""
    n = indptr.shape[0] - 1
    a_start = indptr[:-1].astype(np.int64).copy()
    a_len = (indptr[1:] - indptr[:-1]).astype(np.int64)
    a_cap = a_len.copy()
    p_to = np.empty(max(2 * indices.shape[0], 16), np.int64)
    p_w = np.empty(max(2 * indices.shape[0], 16), np.float64)
    p_to[: indices.shape[0]] = indices
    p_w[: indices.shape[0]] = weights
    p_end = indices.shape[0]
    dist = np.full(n, INF)
    mark = np.zeros(n + 1, np.int64)  # mark[0] is the current stamp
    touched = np.empty(1024, np.int64)
    hk = np.empty(1024, np.float64)
    hv = np.empty(1024, np.int64)
    su = np.empty(1024, np.int64)
    sx = np.empty(1024, np.int64)
    sw = np.empty(1024, np.float64)
    cn = np.zeros(n, np.int64)
    level = np.zeros(n, np.int64)
    prio = np.zeros(n, np.float64)
    done = np.zeros(n, np.bool_)
    rank = np.full(n, -1, np.int64)
    qk = np.empty(n + 16, np.float64)
    qv = np.empty(n + 16, np.int64)
    qs = 0
    for v in range(n):
        d = a_len[v]
        c, touched, hk, hv, su, sw, sx = _needed(v, sim_settled, a_start, a_len, p_to, p_w, dist,
                                     touched, hk, hv, su, sw, sx, mark)
        prio[v] = 2.0 * (c - d) + cn[v] + level[v]
        qk, qv, qs = _heap_push(qk, qv, qs, prio[v], v)
    up_from = np.empty(2 * indices.shape[0] + 16, np.int64)
    up_to = np.empty(2 * indices.shape[0] + 16, np.int64)
    up_w = np.empty(2 * indices.shape[0] + 16, np.float64)
    n_up = 0
    order = 0
    shortcuts = 0
    while qs > 0:
        p, v, qs = _heap_pop(qk, qv, qs)
        if done[v] or p != prio[v]:
            continue
        d = a_len[v]
        c, touched, hk, hv, su, sw, sx = _needed(v, sim_settled, a_start, a_len, p_to, p_w, dist,
                                     touched, hk, hv, su, sw, sx, mark)
        newp = 2.0 * (c - d) + cn[v] + level[v]
        if qs > 0 and newp > qk[0]:  # lazy update: someone else is now cheaper
            prio[v] = newp
            qk, qv, qs = _heap_push(qk, qv, qs, newp, v)
            continue
        if max_settled != sim_settled:
            c, touched, hk, hv, su, sw, sx = _needed(v, max_settled, a_start, a_len, p_to, p_w, dist,
                                         touched, hk, hv, su, sw, sx, mark)
        for k in range(c):
            p_to, p_w, p_end = _add_edge(su[k], sx[k], sw[k], a_start, a_len, a_cap, p_to,
                                         p_w, p_end)
            p_to, p_w, p_end = _add_edge(sx[k], su[k], sw[k], a_start, a_len, a_cap, p_to,
                                         p_w, p_end)
        shortcuts += c
        b = a_start[v]
        d = a_len[v]
        if n_up + d > up_to.shape[0]:
            up_from = _grow_f(up_from, n_up + d)
            up_to = _grow_f(up_to, n_up + d)
            up_w = _grow_f(up_w, n_up + d)
        for k in range(b, b + d):
            up_from[n_up] = v
            up_to[n_up] = p_to[k]
            up_w[n_up] = p_w[k]
            n_up += 1
        done[v] = True
        rank[v] = order
        order += 1
        for k in range(b, b + d):
            u = p_to[k]
            _drop_edge(u, v, a_start, a_len, p_to, p_w)
            cn[u] += 1
            level[u] = max(level[u], level[v] + 1)
        for k in range(b, b + d):  # neighbours' priorities changed
            if not update_neighbours:
                break
            u = p_to[k]
            du = a_len[u]
            cu, touched, hk, hv, su, sw, sx = _needed(u, sim_settled, a_start, a_len, p_to, p_w, dist,
                                          touched, hk, hv, su, sw, sx, mark)
            prio[u] = 2.0 * (cu - du) + cn[u] + level[u]
            qk, qv, qs = _heap_push(qk, qv, qs, prio[u], u)
        a_len[v] = 0
    up_ptr, out_to, out_w = _group(n, up_from[:n_up], up_to[:n_up], up_w[:n_up])
    return rank, up_ptr, out_to, out_w, shortcuts


@nb.njit(cache=True)
def _upward(s: int, up_ptr: Any, up_to: Any, up_w: Any, dist: Any, touched: Any, hk: Any,
            hv: Any, out_v: Any, out_d: Any) -> tuple[int, int, Any, Any, Any, Any, Any]:
    """Upward Dijkstra from ``s`` with stall-on-demand; settled unstalled nodes go to
    ``out_v``/``out_d``; returns (n_out, n_touched, ...)."""
    n_t = 0
    n_o = 0
    size = 0
    dist[s] = 0.0
    touched[0] = s
    n_t = 1
    hk, hv, size = _heap_push(hk, hv, size, 0.0, s)
    while size > 0:
        d, u, size = _heap_pop(hk, hv, size)
        if d > dist[u]:
            continue
        stalled = False
        for k in range(up_ptr[u], up_ptr[u + 1]):  # a higher node reaches u quicker
            if dist[up_to[k]] + up_w[k] < d:
                stalled = True
                break
        if stalled:
            continue
        if n_o == out_v.shape[0]:
            v2 = np.empty(2 * n_o, np.int64)
            d2 = np.empty(2 * n_o, np.float64)
            v2[:n_o] = out_v
            d2[:n_o] = out_d
            out_v, out_d = v2, d2
        out_v[n_o] = u
        out_d[n_o] = d
        n_o += 1
        deg = up_ptr[u + 1] - up_ptr[u]
        if size + deg > hk.shape[0]:
            hk = _grow_f(hk, size + deg)
            hv = _grow_f(hv, size + deg)
        if n_t + deg > touched.shape[0]:
            touched = _grow_f(touched, n_t + deg)
        for k in range(up_ptr[u], up_ptr[u + 1]):
            x = up_to[k]
            nd = d + up_w[k]
            if nd < dist[x]:
                if dist[x] == INF:
                    touched[n_t] = x
                    n_t += 1
                dist[x] = nd
                size = _push(hk, hv, size, nd, x)
    return n_o, n_t, touched, hk, hv, out_v, out_d


@nb.njit(cache=True)
def buckets(targets: Any, n: int, up_ptr: Any, up_to: Any, up_w: Any
            ) -> tuple[Any, Any, Any]:
    """Backward (here: upward) search spaces of the targets, grouped by node:
    (bucket_ptr[n+1], bucket_target, bucket_dist)."""
    dist = np.full(n, INF)
    touched = np.empty(1024, np.int64)
    hk = np.empty(1024, np.float64)
    hv = np.empty(1024, np.int64)
    ov = np.empty(1024, np.int64)
    od = np.empty(1024, np.float64)
    all_v = np.empty(1024 * 16, np.int64)
    all_t = np.empty(1024 * 16, np.int64)
    all_d = np.empty(1024 * 16, np.float64)
    m = 0
    for j in range(targets.shape[0]):
        n_o, n_t, touched, hk, hv, ov, od = _upward(targets[j], up_ptr, up_to, up_w, dist,
                                                    touched, hk, hv, ov, od)
        for k in range(n_t):
            dist[touched[k]] = INF
        if m + n_o > all_v.shape[0]:
            all_v = _grow_f(all_v, m + n_o)
            all_t = _grow_f(all_t, m + n_o)
            all_d = _grow_f(all_d, m + n_o)
        for k in range(n_o):
            all_v[m] = ov[k]
            all_t[m] = j
            all_d[m] = od[k]
            m += 1
    ptr, bt, bd = _group(n, all_v[:m], all_t[:m], all_d[:m])
    return ptr, bt, bd


@nb.njit(parallel=True, cache=True)
def many_to_many(sources: Any, n_targets: int, n: int, up_ptr: Any, up_to: Any, up_w: Any,
                 b_ptr: Any, b_t: Any, b_d: Any, n_chunks: int) -> Any:
    """Minutes from every source to every target (inf where unreachable)."""
    out = np.full((sources.shape[0], n_targets), INF)
    per = (sources.shape[0] + n_chunks - 1) // n_chunks
    for c in nb.prange(n_chunks):
        dist = np.full(n, INF)
        touched = np.empty(1024, np.int64)
        hk = np.empty(1024, np.float64)
        hv = np.empty(1024, np.int64)
        ov = np.empty(1024, np.int64)
        od = np.empty(1024, np.float64)
        for i in range(c * per, min((c + 1) * per, sources.shape[0])):
            n_o, n_t, touched, hk, hv, ov, od = _upward(sources[i], up_ptr, up_to, up_w,
                                                        dist, touched, hk, hv, ov, od)
            for k in range(n_t):
                dist[touched[k]] = INF
            row = out[i]
            for k in range(n_o):
                v = ov[k]
                dv = od[k]
                for q in range(b_ptr[v], b_ptr[v + 1]):
                    t = b_t[q]
                    cand = dv + b_d[q]
                    row[t] = min(row[t], cand)
    return out
