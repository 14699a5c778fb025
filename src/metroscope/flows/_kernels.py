"""Numba kernels of the flow models (compiled with ``nogil=True`` so that engine threads overlap).

Every block kernel computes the rows ``start:stop`` (origins) against all N destinations.
Distances are haversine great-circle distances on a sphere of radius ``radius_km``. For ranking
(radiation) the exact kernel uses the squared chord between unit vectors,
``|u_i - u_j|² = 4 sin²(d/2R)``, a strictly increasing function of great-circle distance that
needs no trigonometry per pair (relative rounding about 1e-12 at 1 km, like any haversine in
double precision); ties are exact equalities of that key (always the case for duplicate points,
and for equal entries of a cost matrix). The truncated paths (k nearest, cutoff) rank by the same
key computed the same way (:func:`chord2`), so their ties are the dense kernel's.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

TIE_INCLUSIVE = 0
TIE_ORDERED = 1
MODEL_ORIGINAL = 0
MODEL_EXTENDED = 1
DET_POWER = 0
DET_EXP = 1


@nb.njit(nogil=True, cache=True)
def haversine_term_block(lat: FloatArray, lon: FloatArray, coslat: FloatArray, start: int,
                         stop: int, out: FloatArray) -> None:  # pragma: no cover - compiled
    """``out[r, j] = a(i, j)`` for ``i = start + r`` (lat, lon in radians)."""
    n = lat.shape[0]
    for r in range(stop - start):
        i = start + r
        for j in range(n):
            s1 = math.sin((lat[j] - lat[i]) * 0.5)
            s2 = math.sin((lon[j] - lon[i]) * 0.5)
            out[r, j] = s1 * s1 + coslat[i] * coslat[j] * s2 * s2


@nb.njit(nogil=True, cache=True)
def haversine_km_block(lat: FloatArray, lon: FloatArray, coslat: FloatArray, start: int,
                       stop: int, radius_km: float, out: FloatArray) -> None:  # pragma: no cover
    """``out[r, j]`` = great-circle distance, km, between ``start + r`` and ``j``."""
    haversine_term_block(lat, lon, coslat, start, stop, out)
    for r in range(out.shape[0]):
        for j in range(out.shape[1]):
            a = out[r, j]
            out[r, j] = 2.0 * radius_km * math.atan2(math.sqrt(a), math.sqrt(1.0 - a))


@nb.njit(nogil=True, cache=True, inline="always")
def _prob(model: int, mi: float, mj: float, s: float, alpha: float) -> float:  # pragma: no cover
    if model == MODEL_ORIGINAL:
        den = (mi + s) * (mi + mj + s)
        return mi * mj / den if den > 0.0 else 0.0
    a1 = (mi + s) ** alpha
    a2 = (mi + mj + s) ** alpha
    return float((a2 - a1) * (mi ** alpha + 1.0) / ((a1 + 1.0) * (a2 + 1.0)))


@nb.njit(nogil=True, cache=True)
def gravity_weights(cost: FloatArray, start: int, w_o: FloatArray, w_d: FloatArray,
                    deterrence: int, beta: float, self_flows: bool,
                    out: FloatArray) -> int:  # pragma: no cover - compiled
    """``out[r, j] = w_o[i] · w_d[j] · f(cost[r, j])`` for ``i = start + r`` (``w`` are the
    masses raised to their exponents), with ``f(c) = c^-beta`` (power) or ``exp(-beta c)``
    (exp); 0 for infinite cost and (unless ``self_flows``) for ``j == i``. Returns the number of
    pairs with zero cost under power deterrence (an error for the caller), else 0."""
    bad = 0
    square = deterrence == DET_POWER and beta == 2.0
    for r in range(cost.shape[0]):
        i = start + r
        wi = w_o[i]
        for j in range(cost.shape[1]):
            c = cost[r, j]
            if (j == i and not self_flows) or math.isinf(c):
                out[r, j] = 0.0
                continue
            if deterrence == DET_POWER:
                if c <= 0.0:
                    bad += 1
                    out[r, j] = 0.0
                    continue
                f = 1.0 / (c * c) if square else c ** (-beta)
            else:
                f = math.exp(-beta * c)
            out[r, j] = wi * w_d[j] * f
    return bad


@nb.njit(nogil=True, cache=True)
def chord2_block(xyz: FloatArray, start: int, stop: int,
                 out: FloatArray) -> None:  # pragma: no cover - compiled
    """``out[r, j] = |u_i - u_j|²`` for ``i = start + r`` (``xyz``: N x 3 unit vectors), the
    ranking key of the radiation model, computed as :func:`chord2` computes it."""
    n = xyz.shape[0]
    for r in range(stop - start):
        i = start + r
        xi = xyz[i, 0]
        yi = xyz[i, 1]
        zi = xyz[i, 2]
        for j in range(n):
            dx = xyz[j, 0] - xi
            dy = xyz[j, 1] - yi
            dz = xyz[j, 2] - zi
            out[r, j] = dx * dx + dy * dy + dz * dz


@nb.njit(nogil=True, cache=True, inline="always")
def chord2(xyz: FloatArray, i: int, j: int) -> float:  # pragma: no cover - compiled
    """``|u_i - u_j|²`` as ``(dx² + dy²) + dz²`` with ``d = u_j - u_i``: the ranking key of the
    radiation model in every path (:func:`chord2_block`, the k nearest, the cutoff pairs), so
    that equal distances compare alike everywhere (``a - b`` rounds to ``-(b - a)``, so
    ``d = u_i - u_j`` gives the same bits)."""
    dx = xyz[j, 0] - xyz[i, 0]
    dy = xyz[j, 1] - xyz[i, 1]
    dz = xyz[j, 2] - xyz[i, 2]
    return float(dx * dx + dy * dy + dz * dz)


def ranking_keys(xyz: FloatArray, start: int, stop: int) -> FloatArray:
    """Squared chords of a block (rows ``start:stop``), fresh array."""
    out = np.empty((stop - start, xyz.shape[0]))
    chord2_block(xyz, start, stop, out)
    return out


@nb.njit(nogil=True, cache=True)
def radiation_sparse(indptr: IntArray, nbr: IntArray, keys: FloatArray, start: int, stop: int,
                     m: FloatArray, tie_rule: int, model: int, alpha: float,
                     out: FloatArray, first: int = 0) -> None:  # pragma: no cover - compiled
    """Radiation probabilities on candidate pairs in CSR form (rows = origins; row ``r`` of
    ``indptr`` is origin ``first + r``, so a block's own CSR can be passed with ``first`` =
    its first origin).

    The pairs of each origin row are sorted by ``(key, destination)`` and hold every location
    nearer than the farthest one kept (k nearest, or a cutoff radius), so ``s_ij`` is exact.
    ``out`` is aligned with ``nbr[indptr[start]:indptr[stop]]``.
    """
    base = indptr[start]
    for i in range(start, stop):
        a = indptr[i]
        b = indptr[i + 1]
        mi = m[first + i]
        s = 0.0
        k = a
        while k < b:
            kv = keys[k]
            e = k + 1
            while e < b and keys[e] == kv:
                e += 1
            if e - k == 1:  # no tie: both rules give s (as the dense kernel does)
                out[k - base] = _prob(model, mi, m[nbr[k]], s, alpha)
                s += m[nbr[k]]
            elif tie_rule == TIE_INCLUSIVE:
                run = 0.0
                for t in range(k, e):
                    run += m[nbr[t]]
                for t in range(k, e):
                    out[t - base] = _prob(model, mi, m[nbr[t]], s + run - m[nbr[t]], alpha)
                s += run
            else:
                for t in range(k, e):
                    out[t - base] = _prob(model, mi, m[nbr[t]], s, alpha)
                    s += m[nbr[t]]
            k = e


@nb.njit(nogil=True, cache=True, parallel=True)
def weighted_cost_sum(a: FloatArray, g: FloatArray, w: FloatArray,
                      b: FloatArray) -> float:  # pragma: no cover - compiled
    """``Σ_ij a_i g_ij w_ij b_j`` (the predicted total cost term of the profile score)."""
    rows = np.zeros(g.shape[0])
    for i in nb.prange(g.shape[0]):
        acc = 0.0
        for j in range(g.shape[1]):
            acc += g[i, j] * w[i, j] * b[j]
        rows[i] = a[i] * acc
    return float(rows.sum())


@nb.njit(nogil=True, cache=True)
def doubly_moments(a: FloatArray, w: FloatArray, g: FloatArray, b: FloatArray,
                   r_inv: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray,
                                               float]:  # pragma: no cover - compiled
    """With ``μ_ij = a_i w_ij b_j``: row sums of ``g μ``, column sums of ``g μ``, column sums of
    ``μ² / r_i`` and ``Σ g² μ`` (one pass over the dense matrices)."""
    no, nd = w.shape
    ba = np.zeros(no)
    bb = np.zeros(nd)
    diag = np.zeros(nd)
    sg2 = 0.0
    for i in range(no):
        ai = a[i]
        ri = r_inv[i]
        acc = 0.0
        acc2 = 0.0
        for j in range(nd):
            mu = ai * w[i, j] * b[j]
            gm = g[i, j] * mu
            acc += gm
            acc2 += gm * g[i, j]
            bb[j] += gm
            diag[j] += mu * mu * ri
        ba[i] = acc
        sg2 += acc2
    return ba, bb, diag, sg2


@nb.njit(nogil=True, cache=True)
def pair_products(a: FloatArray, w_flat: FloatArray, b: FloatArray, oi: IntArray, dj: IntArray,
                  flat: IntArray) -> FloatArray:  # pragma: no cover - compiled
    """``a[oi] * w_flat[flat] * b[dj]`` without temporaries."""
    out = np.empty(oi.shape[0])
    for k in range(oi.shape[0]):
        out[k] = a[oi[k]] * w_flat[flat[k]] * b[dj[k]]
    return out


@nb.njit(nogil=True, cache=True)
def fit_sums(y: FloatArray, yhat: FloatArray,
             log_fact: FloatArray) -> FloatArray:  # pragma: no cover - compiled
    """Sums for goodness of fit in one pass: Σ min(y, ŷ), Σ y, Σ ŷ, Σ (y - ŷ)², Σ y log ŷ
    (y > 0), Σ 2 min/(y + ŷ) (1 where both are 0), Σ log y!, Σ y²."""
    s = np.zeros(8)
    top = log_fact.shape[0]
    for k in range(y.shape[0]):
        a = y[k]
        h = yhat[k]
        mn = a if a < h else h
        s[0] += mn
        s[1] += a
        s[2] += h
        s[3] += (a - h) * (a - h)
        if a > 0.0:
            s[4] += a * math.log(h)
        s[5] += 2.0 * mn / (a + h) if a + h > 0.0 else 1.0
        ia = int(a)
        s[6] += log_fact[ia] if ia == a and ia < top else math.lgamma(a + 1.0)
        s[7] += a * a
    return s


@nb.njit(nogil=True, cache=True)
def is_offdiag_layout(oi: IntArray, dj: IntArray, n: int) -> bool:  # pragma: no cover
    """True when ``(oi, dj)`` lists every pair ``i != j`` of ``n`` units in row-major order."""
    if oi.shape[0] != n * (n - 1):
        return False
    k = 0
    for i in range(n):
        for j in range(n):
            if j != i:
                if oi[k] != i or dj[k] != j:
                    return False
                k += 1
    return True


@nb.njit(nogil=True, cache=True, parallel=True)
def offdiag_products(a: FloatArray, w: FloatArray,
                     b: FloatArray) -> FloatArray:  # pragma: no cover - compiled
    """``a_i w_ij b_j`` for all ``i != j`` in row-major order."""
    n = w.shape[0]
    out = np.empty(n * (n - 1))
    for i in nb.prange(n):
        k = i * (n - 1)
        for j in range(n):
            if j != i:
                out[k] = a[i] * w[i, j] * b[j]
                k += 1
    return out


@nb.njit(nogil=True, cache=True)
def insertion_sort_by_key(keys: FloatArray, idx: IntArray, a: int,
                          e: int) -> None:  # pragma: no cover - compiled
    """Sort ``keys[a:e]`` and ``idx[a:e]`` together by ``(key, index)``, in place: linear time
    on nearly sorted input (a tree's or a grid's k-nearest rows), quadratic at worst."""
    for t in range(a + 1, e):
        kv = keys[t]
        jv = idx[t]
        u = t - 1
        while u >= a and (keys[u] > kv or (keys[u] == kv and idx[u] > jv)):
            keys[u + 1] = keys[u]
            idx[u + 1] = idx[u]
            u -= 1
        keys[u + 1] = kv
        idx[u + 1] = jv


@nb.njit(nogil=True, cache=True)
def _sort_row_by_key(out: FloatArray, nbr: IntArray, a: int,
                     b: int) -> None:  # pragma: no cover - compiled
    """Sort ``out[a:b]`` in place by (key, position) with a stable merge sort, ``nbr[a:b]``
    reordered with it (one CSR row of :func:`sorted_pair_terms` / :func:`sorted_pair_chords`)."""
    order = np.argsort(out[a:b], kind="mergesort")
    keys = out[a:b][order]
    dst = nbr[a:b][order]
    out[a:b] = keys
    nbr[a:b] = dst


@nb.njit(nogil=True, cache=True)
def sorted_pair_terms(lat: FloatArray, lon: FloatArray, coslat: FloatArray, first: int,
                      indptr: IntArray,
                      nbr: IntArray) -> FloatArray:  # pragma: no cover - compiled
    """Haversine terms ``sin²(Δφ/2) + cos φ_i cos φ_j sin²(Δλ/2)`` of CSR pairs (row ``r`` =
    origin ``first + r``; radians), each row then sorted in place by ``(term, destination)``
    (``nbr`` reordered with it): ``nbr`` must be ascending within rows, and a stable merge sort
    by term keeps equal terms in destination order."""
    out = np.empty(nbr.shape[0])
    for r in range(indptr.shape[0] - 1):
        i = first + r
        a = indptr[r]
        b = indptr[r + 1]
        for t in range(a, b):
            j = nbr[t]
            s1 = math.sin((lat[j] - lat[i]) * 0.5)
            s2 = math.sin((lon[j] - lon[i]) * 0.5)
            out[t] = s1 * s1 + coslat[i] * coslat[j] * s2 * s2
        if b - a > 1:
            _sort_row_by_key(out, nbr, a, b)
    return out


@nb.njit(nogil=True, cache=True)
def sorted_pair_chords(xyz: FloatArray, first: int, indptr: IntArray,
                       nbr: IntArray) -> FloatArray:  # pragma: no cover - compiled
    """Squared chords :func:`chord2` of CSR pairs (row ``r`` = origin ``first + r``; ``xyz``:
    the N unit vectors), each row then sorted in place by ``(chord², destination)`` as
    :func:`sorted_pair_terms` sorts its terms (``nbr`` ascending within rows)."""
    out = np.empty(nbr.shape[0])
    for r in range(indptr.shape[0] - 1):
        i = first + r
        a = indptr[r]
        b = indptr[r + 1]
        for t in range(a, b):
            out[t] = chord2(xyz, i, nbr[t])
        if b - a > 1:
            _sort_row_by_key(out, nbr, a, b)
    return out
