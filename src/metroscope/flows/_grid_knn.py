"""Exact k nearest locations by a grid of buckets (Numba): the search of
:func:`._pairs.candidate_pairs` with ``k_nearest``, in place of a k-d tree query.

The unit vectors of the locations (the k-d tree's points) are projected on the plane tangent
to the sphere at their mean direction and put in square cells of that plane (:class:`Grid`,
about :data:`POINTS_PER_CELL` locations per occupied cell). For an origin, the cells within
``L`` cells of its own form a box; every location outside the box is farther from the origin,
in the plane and so in space (a projection shortens distances), than the origin's distance
``g`` to the box's nearest side. The search gathers the box's locations with their squared
chord ``|u_i - u_j|²`` (computed as SciPy's ``cKDTree`` computes it, ``(dx² + dy²) + dz²``,
so the ranking is the tree's to the last bit), keeps those below ``g²`` (less a rounding
margin), and when at least ``k + 1`` others are kept, the ``k + 1`` nearest by ``(chord²,
destination)`` are proven to be the ``k + 1`` nearest of all locations; otherwise ``L`` grows
(up to the whole grid). They are then ordered by a counting sort on the chord (buckets of
equal width) and passed to :func:`._pairs_kernels.knn_row`, which computes their keys
(haversine terms, or for the radiation model the squared chords again, bit for bit those of
the search and of the dense kernel: no trigonometry per pair), sorts them by ``(key,
destination)`` and drops the farthest group of ties, as for the tree's neighbours.

Rows can differ from the tree's only where locations at bit-equal squared chords straddle the
(k + 1)-th place (the tree keeps whichever it met first, the grid the lower position); when
they are copies of one point (equal coordinates) the rows are the same either way. On lattices
(many equal distances), duplicated points, China's county seats and random inputs the rows
were identical (tests/test_flows_pairs.py compares them with SciPy's neighbours).

Locations more than 60° from their mean direction (:data:`MAX_SPREAD_COS`) would fold onto
each other in the plane; :func:`build_grid` returns None for them and the k-d tree is used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba as nb
import numpy as np
import numpy.typing as npt

from ._kernels import insertion_sort_by_key
from ._pairs_kernels import KEY_CHORD, knn_row

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

POINTS_PER_CELL = 8
"""Target number of locations in an occupied cell (the median location's cell)."""

MAX_SPREAD_COS = 0.5
"""The grid is used when every location is within 60° (cosine 0.5) of the mean direction."""

MARGIN = 1e-12
"""Rounding margin of the box bound, in unit-sphere lengths (6 µm on the Earth): the
projected coordinates and cell sides carry errors near 1e-16."""

ROWS_PER_TASK = 16
"""Origins per parallel task of :func:`grid_knn_rows` (each task holds its own buffers)."""


@dataclass(frozen=True)
class Grid:
    """Locations in cells of the tangent plane at their mean direction.

    ``xyz``: unit vectors (N x 3, the k-d tree's points); ``u``, ``v``: their projected
    coordinates; ``cx``, ``cy``: their cell column and row; cell ``(x, y)`` covers
    ``u0 + x h <= u < u0 + (x + 1) h`` (and likewise for ``v``), the last column and row
    extend to the largest ``u``, ``v``; ``start``: CSR over cells ``y nx + x`` of the
    locations sorted by cell (then position), whose unit vectors are ``sx``, ``sy``, ``sz``
    and positions ``sj``; ``per_cell``: the median location's cell count.
    """

    xyz: FloatArray
    u: FloatArray
    v: FloatArray
    cx: IntArray
    cy: IntArray
    u0: float
    v0: float
    h: float
    nx: int
    ny: int
    start: IntArray
    sx: FloatArray
    sy: FloatArray
    sz: FloatArray
    sj: IntArray
    per_cell: float


def _cells(u: FloatArray, v: FloatArray, h: float) -> tuple[IntArray, IntArray, int, int]:
    nx = int((u.max() - u.min()) / h) + 1
    ny = int((v.max() - v.min()) / h) + 1
    cx = np.minimum(((u - u.min()) / h).astype(np.int64), nx - 1)
    cy = np.minimum(((v - v.min()) / h).astype(np.int64), ny - 1)
    return cx, cy, nx, ny


def build_grid(xyz: FloatArray) -> Grid | None:
    """The :class:`Grid` of the unit vectors ``xyz`` (N x 3, N >= 1), or None when some
    location is more than 60° from their mean direction (the k-d tree is used then)."""
    n = xyz.shape[0]
    mean = xyz.sum(axis=0)
    norm = float(np.sqrt(mean @ mean))
    if not norm > 0:
        return None
    c = mean / norm
    if float((xyz @ c).min()) < MAX_SPREAD_COS:
        return None
    axis = np.zeros(3)
    axis[int(np.argmin(np.abs(c)))] = 1.0
    e1 = np.cross(c, axis)
    e1 /= np.sqrt(e1 @ e1)
    e2 = np.cross(c, e1)
    u = np.ascontiguousarray(xyz @ e1)
    v = np.ascontiguousarray(xyz @ e2)
    du, dv = float(u.max() - u.min()), float(v.max() - v.min())
    h = max(math.sqrt(du * dv * POINTS_PER_CELL / n), max(du, dv) * POINTS_PER_CELL / n, 1e-9)
    for _ in range(3):  # aim the median location's cell at POINTS_PER_CELL (clustered data)
        cx, cy, nx, ny = _cells(u, v, h)
        if nx * ny > 4 * n + 16:  # bound the cells' memory (large empty areas)
            h *= math.sqrt(nx * ny / (4 * n + 16)) * 1.01
            continue
        cell = cy * nx + cx
        occupied = np.bincount(cell, minlength=nx * ny)
        median = float(np.median(occupied[cell]))
        if POINTS_PER_CELL / 2 <= median <= POINTS_PER_CELL * 2:
            break
        h *= math.sqrt(POINTS_PER_CELL / median)
    cx, cy, nx, ny = _cells(u, v, h)
    while nx * ny > 4 * n + 16:
        h *= math.sqrt(nx * ny / (4 * n + 16)) * 1.01
        cx, cy, nx, ny = _cells(u, v, h)
    cell = cy * nx + cx
    order = np.argsort(cell, kind="stable")
    start = np.zeros(nx * ny + 1, dtype=np.int64)
    np.cumsum(np.bincount(cell, minlength=nx * ny), out=start[1:])
    per_cell = float(np.median(np.diff(start)[cell]))
    s = xyz[order]
    return Grid(xyz=np.ascontiguousarray(xyz), u=u, v=v, cx=cx, cy=cy, u0=float(u.min()),
                v0=float(v.min()), h=h, nx=nx, ny=ny, start=start,
                sx=np.ascontiguousarray(s[:, 0]), sy=np.ascontiguousarray(s[:, 1]),
                sz=np.ascontiguousarray(s[:, 2]), sj=order.astype(np.int64), per_cell=per_cell)


@nb.njit(nogil=True, cache=True)
def _box_count(start: IntArray, nx: int, x0: int, x1: int, y0: int,
               y1: int) -> int:  # pragma: no cover - compiled
    s = 0
    for y in range(y0, y1 + 1):
        s += start[y * nx + x1 + 1] - start[y * nx + x0]
    return s


@nb.njit(nogil=True, cache=True)
def _gap(uq: float, vq: float, x0: int, x1: int, y0: int, y1: int, nx: int, ny: int, u0: float,
         v0: float, h: float) -> float:  # pragma: no cover - compiled
    """Distance (plane) from the origin to the box's nearest side that has cells beyond it
    (inf when the box is the whole grid), less :data:`MARGIN`."""
    g = math.inf
    if x0 > 0:
        g = min(g, uq - (u0 + x0 * h))
    if x1 < nx - 1:
        g = min(g, (u0 + (x1 + 1) * h) - uq)
    if y0 > 0:
        g = min(g, vq - (v0 + y0 * h))
    if y1 < ny - 1:
        g = min(g, (v0 + (y1 + 1) * h) - vq)
    return max(g - MARGIN, 0.0)


@nb.njit(nogil=True, cache=True)
def _gather(i: int, xq: float, yq: float, zq: float, lb: float, start: IntArray, nx: int,
            x0: int, x1: int, y0: int, y1: int, sx: FloatArray, sy: FloatArray, sz: FloatArray,
            sj: IntArray, cd: FloatArray, cj: IntArray) -> int:  # pragma: no cover - compiled
    """The box's locations other than ``i`` with chord² below ``lb`` into ``cd``/``cj``;
    returns their number."""
    m = 0
    for y in range(y0, y1 + 1):
        for t in range(start[y * nx + x0], start[y * nx + x1 + 1]):
            dx = xq - sx[t]
            dy = yq - sy[t]
            dz = zq - sz[t]
            d2 = (dx * dx + dy * dy) + dz * dz  # cKDTree's order of the sum
            if d2 < lb and sj[t] != i:
                cd[m] = d2
                cj[m] = sj[t]
                m += 1
    return m


@nb.njit(nogil=True, cache=True)
def _order_bucket(od: FloatArray, oj: IntArray, a: int,
                  e: int) -> None:  # pragma: no cover - compiled
    """Sort ``od[a:e]``/``oj[a:e]`` by ``(chord², position)``, in place."""
    if e - a <= 32:  # insertion sort by (chord², position)
        insertion_sort_by_key(od, oj, a, e)
    else:  # many equal chords (duplicate points): by position, then stably by chord²
        seg_j = oj[a:e].copy()
        seg_d = od[a:e].copy()
        o1 = np.argsort(seg_j)
        seg_j = seg_j[o1]
        seg_d = seg_d[o1]
        o2 = np.argsort(seg_d, kind="mergesort")
        for t in range(e - a):
            od[a + t] = seg_d[o2[t]]
            oj[a + t] = seg_j[o2[t]]


@nb.njit(nogil=True, cache=True)
def _nearest(cd: FloatArray, cj: IntArray, m: int, kk: int, hist: IntArray, od: FloatArray,
             oj: IntArray) -> int:  # pragma: no cover - compiled
    """The ``min(kk, m)`` first of ``(cd, cj)[:m]`` by ``(chord², position)`` into
    ``oj`` (and ``od``), ordered by buckets of equal chord² width (exact order only where the
    k-th place falls); returns their number."""
    if m == 0:
        return 0
    top = 0.0
    for t in range(m):
        top = max(top, cd[t])
    nb_ = m
    scale = nb_ / top if top > 0 else 0.0
    for b in range(nb_ + 1):
        hist[b] = 0
    for t in range(m):
        b = min(int(cd[t] * scale), nb_ - 1)
        hist[b + 1] += 1
    for b in range(nb_):
        hist[b + 1] += hist[b]
    last = nb_ - 1  # the bucket holding the kk-th
    if m > kk:
        last = 0
        while hist[last + 1] < kk:
            last += 1
    for t in range(m):
        b = min(int(cd[t] * scale), nb_ - 1)
        if b <= last:
            p = hist[b]
            hist[b] = p + 1
            od[p] = cd[t]
            oj[p] = cj[t]
    # hist[b] is now the end of bucket b; the kk-th place lies in bucket `last`
    a = hist[last - 1] if last > 0 else 0
    e = hist[last]
    if m <= kk or e == kk:
        return min(m, kk)
    _order_bucket(od, oj, a, e)
    return kk


@nb.njit(nogil=True, cache=True)
def _enough(start: IntArray, nx: int, ny: int, cx: int, cy: int, L: int, uq: float, vq: float,
            u0: float, v0: float, h: float, kk: int) -> bool:  # pragma: no cover - compiled
    """Whether the box of ``L`` cells around ``(cx, cy)`` likely holds ``kk`` others within
    its bound: its count times the share of its area inside the bound's circle (or it is the
    whole grid)."""
    x0, x1, y0, y1 = max(cx - L, 0), min(cx + L, nx - 1), max(cy - L, 0), min(cy + L, ny - 1)
    if x0 == 0 and y0 == 0 and x1 == nx - 1 and y1 == ny - 1:
        return True
    g = _gap(uq, vq, x0, x1, y0, y1, nx, ny, u0, v0, h)
    area = (x1 - x0 + 1) * (y1 - y0 + 1) * h * h
    share = min(1.0, math.pi * g * g / area)
    return _box_count(start, nx, x0, x1, y0, y1) * share >= 1.15 * kk + 1


def first_box(grid: Grid, k_nearest: int) -> int:
    """The first box size tried for the ``k_nearest + 1`` nearest (cells around the origin's):
    the circle of about ``k + 1`` locations at the median cell's density."""
    return max(0, int(math.sqrt((k_nearest + 1) / (math.pi * grid.per_cell))) - 1)


@nb.njit(nogil=True, cache=True)
def buffers(cap: int) -> tuple[FloatArray, IntArray, FloatArray, IntArray,
                               IntArray]:  # pragma: no cover - compiled
    """Working space of :func:`nearest_row` for ``cap`` candidates: ``cd``, ``cj``, ``od``,
    ``oj`` and the counting sort's ``hist`` (``cap + 1``)."""
    return (np.empty(cap), np.empty(cap, dtype=np.int64), np.empty(cap),
            np.empty(cap, dtype=np.int64), np.empty(cap + 1, dtype=np.int64))


@nb.njit(nogil=True, cache=True)
def nearest_row(i: int, kk: int, L: int, xyz: FloatArray, u: FloatArray, v: FloatArray,
                pcx: IntArray, pcy: IntArray, u0: float, v0: float, h: float, nx: int, ny: int,
                start: IntArray, sx: FloatArray, sy: FloatArray, sz: FloatArray, sj: IntArray,
                bufs: tuple[FloatArray, IntArray, FloatArray, IntArray, IntArray]
                ) -> tuple[int, tuple[FloatArray, IntArray, FloatArray, IntArray,
                                      IntArray]]:  # pragma: no cover - compiled
    """The ``kk`` nearest others of origin ``i`` (fewer when there are fewer) in the first
    places of ``bufs[3]`` (``oj``, positions; ``od`` their squared chords), ordered by
    buckets of equal chord² width (:func:`_nearest`); ``L``: the first box size tried.
    Returns their number and the buffers (new ones when a box held more than they had room
    for)."""
    cd, cj, od, oj, hist = bufs
    cx, cy, uq, vq = pcx[i], pcy[i], u[i], v[i]
    while not _enough(start, nx, ny, cx, cy, L, uq, vq, u0, v0, h, kk):
        L += 1
    while L > 0 and _enough(start, nx, ny, cx, cy, L - 1, uq, vq, u0, v0, h, kk):
        L -= 1
    while True:
        x0, x1 = max(cx - L, 0), min(cx + L, nx - 1)
        y0, y1 = max(cy - L, 0), min(cy + L, ny - 1)
        whole = x0 == 0 and y0 == 0 and x1 == nx - 1 and y1 == ny - 1
        need = _box_count(start, nx, x0, x1, y0, y1)
        if need > cd.shape[0]:
            cd, cj, od, oj, hist = buffers(2 * need)
        g = _gap(uq, vq, x0, x1, y0, y1, nx, ny, u0, v0, h)
        lb = math.inf if whole else g * g * (1.0 - 1e-12)
        m = _gather(i, xyz[i, 0], xyz[i, 1], xyz[i, 2], lb, start, nx, x0, x1, y0, y1,
                    sx, sy, sz, sj, cd, cj)
        if m >= kk or whole:
            break
        L += 1 + L // 4
    c = _nearest(cd, cj, m, kk, hist, od, oj)
    return c, (cd, cj, od, oj, hist)


@nb.njit(nogil=True, cache=True, parallel=True)
def grid_knn_rows(first: int, rows: int, k_nearest: int, width: int, l0: int, key: int,
                  xyz: FloatArray, u: FloatArray, v: FloatArray, pcx: IntArray, pcy: IntArray,
                  u0: float, v0: float, h: float, nx: int, ny: int, start: IntArray, sx: FloatArray,
                  sy: FloatArray, sz: FloatArray, sj: IntArray, lat: FloatArray,
                  lon: FloatArray, coslat: FloatArray, nbr: IntArray, keys: FloatArray,
                  counts: IntArray) -> None:  # pragma: no cover - compiled
    """Rows ``r`` (origin ``first + r``) of the k-nearest pairs into the slots ``r * width``
    of ``nbr``/``keys`` (``width`` = ``min(k_nearest + 1, N)``), as
    :func:`._pairs_kernels.knn_rows` makes them from the tree's neighbours, keyed by ``key``
    (:data:`._pairs_kernels.KEY_HAVERSINE` or :data:`~._pairs_kernels.KEY_CHORD`); ``counts[r]``
    = pairs kept. ``l0``: the first box size tried (:func:`first_box`)."""
    kk = k_nearest + 1
    n = xyz.shape[0]
    L0 = l0 if kk < n - 1 else max(nx, ny)  # else every other location is kept
    tasks = (rows + ROWS_PER_TASK - 1) // ROWS_PER_TASK
    for task in nb.prange(tasks):
        bufs = buffers(min(4 * kk, n) + 64)
        for r in range(task * ROWS_PER_TASK, min(rows, (task + 1) * ROWS_PER_TASK)):
            i = first + r
            c, bufs = nearest_row(i, kk, L0, xyz, u, v, pcx, pcy, u0, v0, h, nx, ny, start,
                                  sx, sy, sz, sj, bufs)
            a = r * width
            # the search's squared chords are the chord keys (bit for bit), not haversine ones
            known = bufs[2][:c] if key == KEY_CHORD else bufs[2][:0]
            counts[r] = knn_row(bufs[3][:c], i, kk, key, xyz, lat, lon, coslat,
                                nbr[a:a + width], keys[a:a + width], known)
