"""Numba loops of the model fits: the deterrence weights ``exp(θ g)`` and the Furness balancing
on a dense weight matrix (for ``_glm`` and ``balancing``), the connectedness of the pairs and the
demeaning by fixed effects of the identification check (``_observed``) and
the blocks of the information matrix of a two-way fixed-effects model (``_stderr``).

Furness: the same iteration as :func:`metroscope.flows.balancing.furness` (sweeps of ``log b`` with
Anderson acceleration over the last ``memory`` sweeps, restarts after a wild extrapolation),
compiled, so that a sweep costs its two matrix-vector products and not the interpreter's
overhead around them (about 60 µs a sweep at 300 x 300, against 18 µs for the products); the
extrapolation's least squares by Gram-Schmidt instead of the Python loop's ``lstsq`` (same
cut-off, same sweeps on the benchmark fits, the factors equal to rounding).
Any failure (a non-finite or non-positive total on the way, or no convergence) is returned as
a status; the caller then reruns its own loop, which names the problem.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

OK = 0
FAILED = 1
NOT_CONVERGED = 2

EXP_LIMIT = 700.0  # |θ g| up to which exp_scaled applies (2^±1010: normal numbers)
_TABLE_BITS = 6
_TABLE = np.exp2(np.arange(2**_TABLE_BITS) / 2**_TABLE_BITS)  # 2^(j/64), to rounding
_TO_STEPS = 2**_TABLE_BITS / math.log(2.0)
_LN2_HI = 6.93147180369123816490e-01 / 2**_TABLE_BITS  # fdlibm's split of log 2 (32 + 53 bits)
_LN2_LO = 1.90821492927058770002e-10 / 2**_TABLE_BITS
_SHIFT = 6755399441055744.0  # 1.5 * 2^52: adding it rounds to an integer held in the low bits
_SHIFT_BITS = 0x4338000000000000  # the bit pattern of _SHIFT
_CHUNK = 512


@nb.njit(nogil=True, cache=True, fastmath={"contract"})
def exp_scaled(g: FloatArray, theta: float, out: FloatArray) -> None:  # pragma: no cover
    """``out = exp(θ g)`` for C-contiguous arrays with ``|θ g| <= EXP_LIMIT`` (the caller checks),
    within 2 units in the last place of ``np.exp`` (which on CPUs without AVX-512 runs a scalar
    loop: 9-11 ns an element against 3-4 here).

    ``θ g = (64 k + j) log 2 / 64 + r`` with ``|r| <= log 2 / 128`` (Cody-Waite reduction; ``k j``
    read from the bits of ``θ g 64 / log 2 + 1.5·2^52``), ``exp(r) - 1`` by its Taylor polynomial
    of degree 6 (truncation below 3e-20), times the tabulated ``2^(j/64)`` and the exponent
    ``2^k`` written into the bits. The bit steps run in separate loops over chunks of 512 so
    that each loop is vectorised (no scalar integer-float bit casts in Numba)."""
    gf = g.reshape(-1)
    of = out.reshape(-1)
    n = gf.shape[0]
    poly = np.empty(_CHUNK)
    shifted = np.empty(_CHUNK)
    bits = shifted.view(np.int64)
    scale_bits = np.empty(_CHUNK, dtype=np.int64)
    scale = scale_bits.view(np.float64)
    mask = 2**_TABLE_BITS - 1
    for start in range(0, n, _CHUNK):
        m = min(_CHUNK, n - start)
        for t in range(m):
            x = theta * gf[start + t]
            y = x * _TO_STEPS + _SHIFT
            shifted[t] = y
            kf = y - _SHIFT
            r = (x - kf * _LN2_HI) - kf * _LN2_LO
            q = 1.0 / 720.0
            q = q * r + 1.0 / 120.0
            q = q * r + 1.0 / 24.0
            q = q * r + 1.0 / 6.0
            q = q * r + 0.5
            q = q * r + 1.0
            poly[t] = q * r
        for t in range(m):
            k = bits[t] - _SHIFT_BITS
            scale_bits[t] = ((k >> _TABLE_BITS) + 1023) << 52
            bits[t] = k & mask
        for t in range(m):
            tj = _TABLE[bits[t]]
            of[start + t] = (tj + tj * poly[t]) * scale[t]


@nb.njit(nogil=True, cache=True)
def _sweep(w: FloatArray, o: FloatArray, idx: npt.NDArray[np.int64], log_d: FloatArray,
           x: FloatArray, bb: FloatArray, a: FloatArray,
           g: FloatArray) -> bool:  # pragma: no cover - compiled
    """One Furness sweep from ``x = log b[idx]``: fills ``bb``, ``a`` and the image ``g``;
    False where the Python sweep raises."""
    bb[:] = 0.0
    for t in range(idx.shape[0]):
        bb[idx[t]] = math.exp(x[t])
    wb = np.dot(w, bb)
    for i in range(wb.shape[0]):
        if not math.isfinite(wb[i]):
            return False
    for i in range(o.shape[0]):
        if o[i] > 0.0:
            if wb[i] <= 0.0:
                return False
            a[i] = o[i] / wb[i]
            if not math.isfinite(a[i]):
                return False
        else:
            a[i] = 0.0
    wta = np.dot(w.T, a)
    for t in range(idx.shape[0]):
        v = wta[idx[t]]
        if not v > 0.0:
            return False
        g[t] = log_d[t] - math.log(v)
        if not math.isfinite(g[t]):
            return False
    return True


@nb.njit(nogil=True, cache=True)
def _gram_schmidt(xs: FloatArray, gs: FloatArray, p: int, q: FloatArray, r: FloatArray,
                  keep: npt.NDArray[np.bool_]) -> None:  # pragma: no cover - compiled
    """``Q R`` of the ``p`` differences ``f[c + 1] - f[c]`` (``f = g - x``; rows of ``q``),
    each orthogonalised twice; ``keep[c]`` False for a column below the cut-off."""
    m = xs.shape[1]
    big = 0.0
    for c in range(p):
        v = q[c]
        n0 = 0.0
        for t in range(m):
            v[t] = (gs[c + 1, t] - xs[c + 1, t]) - (gs[c, t] - xs[c, t])
            n0 += v[t] * v[t]
        big = max(big, math.sqrt(n0))
        for _ in range(2):
            for c2 in range(c):
                if keep[c2]:
                    dot = 0.0
                    for t in range(m):
                        dot += q[c2, t] * v[t]
                    r[c2, c] += dot
                    for t in range(m):
                        v[t] -= dot * q[c2, t]
        nrm = 0.0
        for t in range(m):
            nrm += v[t] * v[t]
        nrm = math.sqrt(nrm)
        if nrm > np.finfo(np.float64).eps * max(m, p) * big:
            keep[c] = True
            r[c, c] = nrm
            for t in range(m):
                v[t] /= nrm


@nb.njit(nogil=True, cache=True)
def _anderson(xs: FloatArray, gs: FloatArray, k: int,
              out: FloatArray) -> None:  # pragma: no cover - compiled
    """Anderson (type II) extrapolation from the ``k`` rows of ``xs`` (iterates) and ``gs``
    (their images): ``out = g_k - ΔG γ`` with ``γ`` the least-squares solution of
    ``ΔF γ = f_k`` (``f = g - x``; ``Δ`` the differences of consecutive rows).

    ``ΔF`` (at most ``memory`` columns) by Gram-Schmidt, each column orthogonalised twice (to
    rounding) and left out when what remains of it is below ``eps max(m, k - 1)`` times the
    largest column norm, NumPy's default cut-off of ``lstsq`` applied to the columns: 2-3x
    faster than LAPACK's ``gelsd`` (an SVD) through NumPy at these shapes (36-117 µs a sweep
    at m = 300-750 against 47-250 µs for the sweep's two products). The extrapolation only
    steers the iteration: convergence is judged on the sweeps themselves."""
    m = xs.shape[1]
    if k == 1:
        out[:] = gs[0]
        return
    p = k - 1
    q = np.empty((p, m))
    r = np.zeros((p, p))
    keep = np.zeros(p, dtype=np.bool_)
    _gram_schmidt(xs, gs, p, q, r, keep)
    gamma = np.zeros(p)
    for c in range(p):
        if keep[c]:
            dot = 0.0
            for t in range(m):
                dot += q[c, t] * (gs[k - 1, t] - xs[k - 1, t])
            gamma[c] = dot
    for c in range(p - 1, -1, -1):  # back-substitution R γ = Q' f_k over the kept columns
        if keep[c]:
            acc = gamma[c]
            for c2 in range(c + 1, p):
                acc -= r[c, c2] * gamma[c2]
            gamma[c] = acc / r[c, c]
    for t in range(m):
        upd = 0.0
        for c in range(p):
            upd += (gs[c + 1, t] - gs[c, t]) * gamma[c]
        out[t] = gs[k - 1, t] - upd


@nb.njit(nogil=True, cache=True)
def furness_dense(w: FloatArray, o: FloatArray, d: FloatArray, x0: FloatArray, tol: float,
                  max_iter: int, memory: int) -> tuple[int, FloatArray, FloatArray, int,
                                                       float]:  # pragma: no cover - compiled
    """Balance the dense ``w`` (C order) from ``x0 = log b`` on the destinations with a
    positive total; returns ``(status, a, b, sweeps, max error)``."""
    no, nd = w.shape
    idx = np.flatnonzero(d > 0.0)
    m = idx.shape[0]
    log_d = np.log(d[idx])
    x = x0.copy()
    xs = np.empty((memory + 2, m))
    gs = np.empty((memory + 2, m))
    k = 0
    bb = np.zeros(nd)
    a = np.zeros(no)
    g = np.empty(m)
    err = np.inf
    for it in range(1, max_iter + 1):
        if not _sweep(w, o, idx, log_d, x, bb, a, g):
            return FAILED, a, bb, it, err
        err = 0.0
        for t in range(m):
            err = max(err, abs(g[t] - x[t]))
        if err < tol:
            return OK, a, bb, it, err
        xs[k] = x
        gs[k] = g
        k += 1
        if k > memory + 1:  # keep the last memory + 1 sweeps
            for r in range(k - 1):
                xs[r] = xs[r + 1]
                gs[r] = gs[r + 1]
            k -= 1
        _anderson(xs, gs, k, x)
        wild = False
        for t in range(m):
            if not abs(x[t] - g[t]) <= 20.0:
                wild = True
                break
        if wild:  # restart from the sweep
            x[:] = g
            k = 0
    return NOT_CONVERGED, a, bb, max_iter, err


@nb.njit(nogil=True, cache=True)
def _group_sizes(grp: npt.NDArray[np.int64], n: int) -> FloatArray:  # pragma: no cover
    size = np.zeros(n)
    for t in range(grp.shape[0]):
        size[grp[t]] += 1.0
    return np.maximum(size, 1.0)


@nb.njit(nogil=True, cache=True)
def demean(v: FloatArray, g1: npt.NDArray[np.int64], n1: int, g2: npt.NDArray[np.int64],
           n2: int, k: int, max_iter: int) -> FloatArray:  # pragma: no cover - compiled
    """Residual of ``v`` after its mean and the means of the first ``k`` (0, 1 or 2) groupings
    ``g1``, ``g2`` (codes ``0..n-1``) are taken out by alternating projections, until a round
    changes no value by more than ``1e-13 (max |v| + 1)``. Each pass that takes out one
    grouping's means also sums the residuals by the next grouping (two passes a round)."""
    n = v.shape[0]
    r: FloatArray = v - v.mean()
    if k == 0:
        return r
    s1 = _group_sizes(g1, n1)
    s2 = _group_sizes(g2, n2) if k == 2 else s1
    limit = 1e-13 * (np.max(np.abs(v)) + 1.0)
    sums1 = np.zeros(n1)
    for t in range(n):
        sums1[g1[t]] += r[t]
    change = np.empty(n)
    for _ in range(max_iter):
        means1 = sums1 / s1
        sums1 = np.zeros(n1)
        worst = 0.0
        if k == 1:
            for t in range(n):
                m = means1[g1[t]]
                r[t] -= m
                worst = max(worst, abs(m))
                sums1[g1[t]] += r[t]
        else:
            sums2 = np.zeros(n2)
            for t in range(n):
                m = means1[g1[t]]
                r[t] -= m
                change[t] = m
                sums2[g2[t]] += r[t]
            means2 = sums2 / s2
            for t in range(n):
                m = means2[g2[t]]
                r[t] -= m
                worst = max(worst, abs(change[t] + m))
                sums1[g1[t]] += r[t]
        if worst <= limit:
            break
    return r


@nb.njit(nogil=True, cache=True)
def two_way_blocks(z: FloatArray, mu: FloatArray, g1: npt.NDArray[np.int64], n1: int,
                   g2: npt.NDArray[np.int64], n2: int) -> tuple[FloatArray, FloatArray, FloatArray,
                                                               FloatArray, FloatArray]:  # pragma: no cover
    """In one pass over the pairs: ``G = [M, Z1]`` (``n1 x (n2 - 1 + q)``: fitted totals per
    ``(g1, g2)`` cell without the first ``g2`` group, then per-``g1`` sums of ``mu z``), the
    ``g1`` totals ``r``, the ``g2`` totals ``s`` and sums of ``mu z`` without the first group,
    and ``z' diag(mu) z`` (``q x q``)."""
    q = z.shape[1]
    g = np.zeros((n1, n2 - 1 + q))
    r = np.zeros(n1)
    s = np.zeros(n2)
    hz = np.zeros((n2, q))
    zz = np.zeros((q, q))
    # the sums per g1 group and ``z' diag(mu) z`` in registers over each run of pairs with the
    # same g1 code (whole rows when the pairs come sorted by it, as fitted tables do), flushed
    # when the code changes: the scatter-adds into r, G's slope columns and zz were a chain of
    # store-to-load dependencies from one pair to the next (8 ns a pair at N = 750)
    run_r = 0.0
    run_g = np.zeros(q)
    run_zz = np.zeros((q, q))
    cur = g1[0] if mu.shape[0] > 0 else 0
    for t in range(mu.shape[0]):
        i = g1[t]
        if i != cur:
            r[cur] += run_r
            run_r = 0.0
            for c in range(q):
                g[cur, n2 - 1 + c] += run_g[c]
                run_g[c] = 0.0
                for c2 in range(q):
                    zz[c, c2] += run_zz[c, c2]
                    run_zz[c, c2] = 0.0
            cur = i
        j = g2[t]
        m = mu[t]
        run_r += m
        s[j] += m
        if j > 0:
            g[i, j - 1] += m
        for c in range(q):
            mz = m * z[t, c]
            run_g[c] += mz
            hz[j, c] += mz
            for c2 in range(q):
                run_zz[c, c2] += mz * z[t, c2]
    if mu.shape[0] > 0:
        r[cur] += run_r
        for c in range(q):
            g[cur, n2 - 1 + c] += run_g[c]
            for c2 in range(q):
                zz[c, c2] += run_zz[c, c2]
    return g, r, s[1:].copy(), hz[1:].copy(), zz


@nb.njit(nogil=True, cache=True)
def offdiag_two_way_rss(g: FloatArray, n: int) -> float:  # pragma: no cover - compiled
    """Sum of squared residuals of ``g`` (all pairs ``i != j`` of ``n >= 3`` units, row-major)
    after least squares on origin and destination effects, in closed form: with row sums
    ``R``, column sums ``C`` and ``T = Σ R / (n - 1)`` the normal equations
    ``(n-1) u_i + Σ v - v_i = R_i``, ``(n-1) v_j + Σ u - u_j = C_j`` are solved by
    ``u_i = ((n-1) R_i + C_i - T) / (n (n-2))``, ``v_i = (R_i + (n-1)(C_i - T)) / (n (n-2))``
    (the split of the constant between ``u`` and ``v`` is free; this one has ``Σ v = 0``)."""
    r = np.zeros(n)
    c = np.zeros(n)
    k = 0
    for i in range(n):
        acc = 0.0
        for j in range(n):
            if j != i:
                acc += g[k]
                c[j] += g[k]
                k += 1
        r[i] = acc
    t = r.sum() / (n - 1)
    det = float(n * (n - 2))
    u = ((n - 1) * r + (c - t)) / det
    v = (r + (n - 1) * (c - t)) / det
    rss = 0.0
    k = 0
    for i in range(n):
        for j in range(n):
            if j != i:
                e = g[k] - u[i] - v[j]
                rss += e * e
                k += 1
    return rss


@nb.njit(nogil=True, cache=True)
def _root(parent: npt.NDArray[np.int64], v: int) -> int:  # pragma: no cover - compiled
    while parent[v] != v:
        parent[v] = parent[parent[v]]  # path halving
        v = parent[v]
    return v


@nb.njit(nogil=True, cache=True)
def count_components(oi: npt.NDArray[np.int64], dj: npt.NDArray[np.int64], no: int,
                     nd: int) -> int:  # pragma: no cover - compiled
    """Number of connected components of the bipartite graph with an edge from origin ``oi[t]``
    to destination ``dj[t]`` for every pair (union-find; one pass over the pairs)."""
    parent = np.arange(no + nd)
    groups = no + nd
    for t in range(oi.shape[0]):
        ra = _root(parent, oi[t])
        rb = _root(parent, no + dj[t])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            groups -= 1
    return groups


@nb.njit(nogil=True, cache=True)
def any_repeated(oi: npt.NDArray[np.int64], dj: npt.NDArray[np.int64], no: int,
                 nd: int) -> bool:  # pragma: no cover - compiled
    """Whether some pair ``(oi[t], dj[t])`` appears twice (one pass, a byte per cell)."""
    seen = np.zeros(no * nd, dtype=np.bool_)
    for t in range(oi.shape[0]):
        k = oi[t] * nd + dj[t]
        if seen[k]:
            return True
        seen[k] = True
    return False
