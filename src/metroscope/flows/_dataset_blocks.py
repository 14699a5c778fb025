"""Block kernels of :mod:`metroscope.flows.dataset`: one block of origins computed, written to
its part file, and summarised in a few numbers (run by :func:`metroscope.engine.map_blocks`,
locally or as tasks on dask workers)."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._atomic import fsync_file
from ..messages import Message
from . import _kernels as K
from ._pairs import PairIndex, candidate_pairs, term_to_km
from ._table import FloatArray, FlowModelError, flow_frame

PART = "part-{:09d}.parquet"


def _dense_pairs(start: int, stop: int, n: int) -> tuple[npt.NDArray[np.int64],
                                                           npt.NDArray[np.int64]]:
    """Origins and destinations of all pairs ``i != j`` of the rows ``start:stop``."""
    rows = np.arange(start, stop, dtype=np.int64)
    base = np.arange(n - 1, dtype=np.int64)
    dj = base[None, :] + (base[None, :] >= rows[:, None])
    return np.repeat(rows, n - 1), dj.ravel()


def _write_part(folder: str, start: int, stop: int, codes: Any, oi: Any, dj: Any,
                columns: Mapping[str, Any], kept: FloatArray) -> dict[str, Any]:
    """Write one block's pairs to ``folder``/part file; return its small metadata."""
    from .output import write_flows

    seen = np.zeros(len(codes), dtype=bool)  # the codes this block uses, in code order
    seen[start:stop] = True
    seen[dj] = True
    pos = np.cumsum(seen, dtype=np.int64) - 1
    levels = pd.Index(codes[seen], name="code", dtype=object)
    table = flow_frame(levels, pos[oi], pos[dj], columns)
    target = Path(folder) / PART.format(start)
    # in place: the whole folder is atomic; each writer flushes its own parts (atomic_dir
    # with files_synced), so the flushing runs on the workers, not serially at the end
    write_flows(table, target, rows_per_group=max(len(table), 1), atomic=False)
    fsync_file(target)
    origins = int(np.count_nonzero(np.diff(oi))) + 1 if len(oi) else 0  # oi is sorted
    return {"start": start, "stop": stop, "pairs": len(table), "bytes": target.stat().st_size,
            "origins": origins, "kept": kept, "writer": f"{socket.gethostname()}:{os.getpid()}"}


def _row_raw_sum(i: int, xyz: FloatArray, m: FloatArray, tie_rule: int, model: int,
                 alpha: float) -> float:
    """Σ_{j≠i} p_ij (unnormalised) over all N destinations of origin ``i``, ranked by the same
    squared chords as the candidate pairs and the dense kernel (``xyz``: the unit vectors;
    ``N log N`` time, ``N`` memory)."""
    n = xyz.shape[0]
    nbr = np.concatenate([np.arange(i, dtype=np.int64), np.arange(i + 1, n, dtype=np.int64)])
    indptr = np.array([0, n - 1], dtype=np.int64)
    keys = K.sorted_pair_chords(xyz, i, indptr, nbr)
    out = np.empty(n - 1)
    K.radiation_sparse(indptr, nbr, keys, 0, 1, m, tie_rule, model, alpha, out, i)
    return float(out.sum())


def radiation_part(start: int, stop: int, *, folder: str, codes: Any, lat: FloatArray,
                    lon: FloatArray, coslat: FloatArray, xyz: FloatArray | None,
                    tree: PairIndex | None,
                    m: FloatArray,
                    t_out: FloatArray, full: FloatArray, sample: npt.NDArray[np.bool_],
                    k_nearest: int | None,
                    cutoff_km: float | None, radius_km: float, tie_rule: int, model: int,
                    alpha: float, norm: str, total: float) -> dict[str, Any]:
    """Radiation flows of origins ``start:stop``, written to one part file."""
    from ._radiation_blocks import _block, sparse_probabilities

    common: dict[str, Any] = {"tie_rule": tie_rule, "model": model, "alpha": alpha, "norm": norm,
              "total": total}
    if tree is None:  # all pairs
        assert xyz is not None
        p = _block(start, stop, xyz=xyz, cost=None, m=m, t_out=t_out, **common)
        assert p is not None
        p = p.ravel()
        oi, dj = _dense_pairs(start, stop, m.shape[0])
        kept = np.ones(stop - start)
    else:
        indptr, dj, keys = candidate_pairs(lat, lon, k_nearest=k_nearest, cutoff_km=cutoff_km,
                                           radius_km=radius_km, start=start, stop=stop,
                                           index=tree, workers=1, coslat=coslat, key="chord")
        p, raw = sparse_probabilities(indptr, dj, keys, start, m, **common)
        del keys
        oi = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(indptr))
        whole = full[start:stop].copy()
        if tie_rule == K.TIE_INCLUSIVE:  # no closed form with ties: exact on the sample
            whole[:] = np.nan
            for r in np.flatnonzero(sample[start:stop]):
                whole[r] = _row_raw_sum(start + int(r), tree.unit_vectors(lat, lon), m,
                                        tie_rule, model, alpha)
        with np.errstate(invalid="ignore", divide="ignore"):
            kept = np.where(whole > 0, raw / whole, np.nan)
    return _write_part(folder, start, stop, codes, oi, dj,
                       {"flow": p * t_out[oi], "probability": p}, kept)


def gravity_part(start: int, stop: int, *, folder: str, codes: Any, lat: FloatArray,
                  lon: FloatArray, coslat: FloatArray, tree: PairIndex | None, w_o: FloatArray,
                  w_d: FloatArray, o_tot: FloatArray, sample: npt.NDArray[np.bool_],
                  k_nearest: int | None, cutoff_km: float | None, radius_km: float, det: int,
                  beta: float) -> dict[str, Any]:
    """Production-constrained gravity flows of origins ``start:stop``, one part file."""
    from .gravity import _block, deterrence_array

    n = lat.shape[0]
    rows = stop - start
    if tree is None:  # all pairs
        w2, c2, bad, _ = _block(start, stop, lat=lat, lon=lon, coslat=coslat, cost=None,
                             radius_km=radius_km, w_o=w_o, w_d=w_d, det=det, beta=beta,
                             self_flows=False)
        oi, dj = _dense_pairs(start, stop, n)
        w, c = w2[oi - start, dj], c2[oi - start, dj]
        del w2, c2
        kept = np.ones(rows)
    else:
        indptr, dj, keys = candidate_pairs(lat, lon, k_nearest=k_nearest, cutoff_km=cutoff_km,
                                           radius_km=radius_km, start=start, stop=stop,
                                           index=tree, workers=1,
                                           coslat=coslat)
        oi = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(indptr))
        c = term_to_km(keys, radius_km)
        del keys
        bad = int(np.count_nonzero(c <= 0)) if det == K.DET_POWER else 0
        # a unit of weight 0 at zero distance under power deterrence: 0 x inf (NaN), refused
        # below with the pair named
        with np.errstate(invalid="ignore"):
            w = w_o[oi] * w_d[dj] * deterrence_array(c, det, beta)
        kept = np.full(rows, np.nan)
        kept_w = np.bincount(oi - start, weights=w, minlength=rows)
        one = np.empty((1, n))
        for r in np.flatnonzero(sample[start:stop]):
            i = start + int(r)
            K.haversine_km_block(lat, lon, coslat, i, i + 1, radius_km, one)
            K.gravity_weights(one, i, w_o, w_d, det, beta, False, one)
            kept[r] = kept_w[r] / one.sum() if one.sum() > 0 else np.nan
    if bad:
        k = int(np.flatnonzero(c <= 0)[0])
        msg = Message("err_flow_zero_cost_pair", o=codes[oi[k]], d=codes[dj[k]],
                      what=Message("err_flow_distance"))
        raise FlowModelError(msg)
    sums = np.bincount(oi - start, weights=w, minlength=rows)
    scale = np.divide(o_tot[start:stop], sums, out=np.zeros(rows), where=sums > 0)
    return _write_part(folder, start, stop, codes, oi, dj,
                       {"flow": w * scale[oi - start], "cost": c}, kept)
