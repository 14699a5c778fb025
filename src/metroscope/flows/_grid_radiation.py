"""Radiation with ``k_nearest`` in one pass per origin: the grid search of the k nearest
(:func:`._grid_knn.nearest_row`), their keys and order (:func:`._pairs_kernels.knn_row`), the
probabilities (:func:`._kernels.radiation_sparse`), the normalisation and the flows
(:func:`._pairs_kernels.finish_row`), while the origin's row is in cache.

The values are those of :func:`._pairs.candidate_pairs` followed by
:func:`._pairs_kernels.radiation_rows`, to the last bit (the same functions in the same
order; tests compare both paths), without storing the pairs' keys or reading the pairs a
second time. Each origin's pairs go to slots of ``width = min(k, N - 1)`` (a row keeps at most
``k``: the probe, the (k + 1)-th nearest, and its group of ties are dropped), and rows that
kept fewer (ties at the k-th place) are moved together afterwards (:func:`pack_rows`).
Destinations are written straight in the integer type of the flow table's codes
(:func:`._pairs_kernels.code_dtype`), so the table converts nothing.

Used by the local engine when the locations fit a grid (:func:`._grid_knn.build_grid`) and only
``k_nearest`` truncates; other cases go through :func:`._pairs.candidate_pairs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numba as nb
import numpy as np
import numpy.typing as npt

from . import _kernels as K
from . import _pairs_kernels as PK
from ._grid_knn import Grid, buffers, first_box, nearest_row
from ._pairs_kernels import KEY_CHORD, finish_row, knn_row

if TYPE_CHECKING:
    from collections.abc import Callable

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

__all__ = ["grid_radiation", "grid_radiation_block", "pack_rows"]


@nb.njit(nogil=True, cache=True)
def _rows(start: int, stop: int, k_nearest: int, width: int, l0: int, xyz: FloatArray,
          u: FloatArray, v: FloatArray, pcx: IntArray, pcy: IntArray, u0: float, v0: float,
          h: float, nx: int, ny: int, cstart: IntArray, sx: FloatArray, sy: FloatArray,
          sz: FloatArray, sj: IntArray, lat: FloatArray, lon: FloatArray, coslat: FloatArray,
          m: FloatArray, t_out: FloatArray, tie_rule: int, model: int, alpha: float, norm: int,
          total: float, nbr: npt.NDArray[np.integer], p: FloatArray, flow: FloatArray,
          oi: npt.NDArray[np.integer], kept: FloatArray,
          counts: IntArray) -> None:  # pragma: no cover - compiled
    """Origins ``start:stop``: pairs into the slots ``i * width`` of ``nbr``, ``p``,
    ``flow`` and ``oi``; ``kept[i]`` the row's sum of ``p``, ``counts[i]`` its pairs."""
    kk = k_nearest + 1
    n = xyz.shape[0]
    L0 = l0 if kk < n - 1 else max(nx, ny)  # else every other location is kept
    room = min(kk, n)
    rn = np.empty(room, dtype=np.int64)
    rk = np.empty(room)
    ind = np.zeros(2, dtype=np.int64)
    bufs = buffers(min(4 * kk, n) + 64)
    for i in range(start, stop):
        c, bufs = nearest_row(i, kk, L0, xyz, u, v, pcx, pcy, u0, v0, h, nx, ny, cstart,
                              sx, sy, sz, sj, bufs)
        cnt = knn_row(bufs[3][:c], i, kk, KEY_CHORD, xyz, lat, lon, coslat, rn, rk, bufs[2][:c])
        ind[1] = cnt
        a = i * width
        K.radiation_sparse(ind, rn, rk, 0, 1, m, tie_rule, model, alpha, p[a:a + cnt], i)
        kept[i] = finish_row(i, a, a + cnt, m, t_out, norm, total, p, flow, oi)
        for t in range(cnt):
            nbr[a + t] = rn[t]
        counts[i] = cnt


def grid_radiation_block(start: int, stop: int, *, grid: Grid, k_nearest: int, width: int,
                         lat: FloatArray, lon: FloatArray, coslat: FloatArray, m: FloatArray,
                         t_out: FloatArray, tie_rule: int, model: int, alpha: float, norm: int,
                         total: float, out: tuple[Any, ...]) -> None:
    """A block of origins for :func:`.engine.map_blocks` (local engine, threads; the kernel
    releases the GIL). ``out``: ``(nbr, p, flow, oi, kept, counts)``, ``N * width`` slots."""
    nbr, p, flow, oi, kept, counts = out
    g = grid
    _rows(start, stop, k_nearest, width, first_box(g, k_nearest), g.xyz, g.u, g.v, g.cx, g.cy,
          g.u0, g.v0, g.h, g.nx, g.ny, g.start, g.sx, g.sy, g.sz, g.sj, lat, lon, coslat, m,
          t_out, tie_rule, model, alpha, norm, total, nbr, p, flow, oi, kept, counts)


@nb.njit(nogil=True, cache=True)
def _pack(counts: IntArray, width: int, nbr: npt.NDArray[np.integer], p: FloatArray,
          flow: FloatArray, oi: npt.NDArray[np.integer]) -> int:  # pragma: no cover
    dst = 0
    for r in range(counts.shape[0]):
        a = r * width
        if a != dst:
            for t in range(counts[r]):
                nbr[dst + t] = nbr[a + t]
                p[dst + t] = p[a + t]
                flow[dst + t] = flow[a + t]
                oi[dst + t] = oi[a + t]
        dst += counts[r]
    return dst


def pack_rows(counts: IntArray, width: int, nbr: Any, p: FloatArray, flow: FloatArray,
              oi: Any) -> int:
    """Move the rows of ``width`` slots together in place (row ``r`` keeps ``counts[r]``
    pairs), in order; returns the number of pairs. Nothing moves when every row is full."""
    if int(counts.sum()) == counts.shape[0] * width:
        return int(counts.shape[0] * width)
    return int(_pack(counts, width, nbr, p, flow, oi))


def grid_radiation(grid: Grid, rad: dict[str, Any], n: int, k_nearest: int, t_out: FloatArray,
                   common: dict[str, Any], *, engine: str | None, client: Any,
                   chunk_rows: int | None, progress: Callable[[int, int], None] | None
                   ) -> tuple[FloatArray, FloatArray, Any, Any, FloatArray]:
    """``k_nearest`` on the grid, local engine: search, probabilities and flows in one pass
    per origin (:mod:`._grid_radiation`); returns ``p``, ``flow``, origin and destination
    codes (the table's integer type) and each origin's kept sum of ``p``."""
    from ..engine import map_blocks
    from ._radiation_blocks import NORMS

    width = min(k_nearest, n - 1)
    code = PK.code_dtype(n)
    nbr = np.empty(n * width, dtype=code)
    p = np.empty(n * width)
    flow = np.empty(n * width)
    oi = np.empty(n * width, dtype=code)
    kept = np.empty(n)
    counts = np.empty(n, dtype=np.int64)
    shared = {k: common[k] for k in ("m", "tie_rule", "model", "alpha", "total")}
    map_blocks(grid_radiation_block, n, engine=engine, client=client, chunk_rows=chunk_rows,
               progress=progress,
               shared={"grid": grid, "k_nearest": k_nearest, "width": width, "lat": rad["lat"],
                       "lon": rad["lon"], "coslat": rad["coslat"], "t_out": t_out,
                       "norm": NORMS[common["norm"]], **shared,
                       "out": (nbr, p, flow, oi, kept, counts)})
    used = pack_rows(counts, width, nbr, p, flow, oi)
    return p[:used], flow[:used], oi[:used], nbr[:used], kept
