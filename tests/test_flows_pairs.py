"""The k-nearest candidate pairs (one Numba pass) against the plain NumPy steps they replace."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import _pairs, radiation


def _numpy_k_nearest(lat: np.ndarray, lon: np.ndarray, k_nearest: int, start: int,
                     stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The k-nearest pairs by whole-array NumPy steps: the tree's k + 2 neighbours, the origin
    out, k + 1 kept, haversine terms, rows sorted by (term, destination), the probe's group of
    equal terms dropped from full rows."""
    n, rows = lat.size, stop - start
    k = min(k_nearest + 2, n)
    tree = _pairs.pair_tree(lat, lon)
    _, idx = tree.query(_pairs._unit_vectors(lat[start:stop], lon[start:stop]), k=k)
    idx = np.asarray(idx, dtype=np.int64).reshape(rows, k)
    keep = idx != np.arange(start, stop)[:, None]
    keep &= np.cumsum(keep, axis=1) <= k_nearest + 1
    indptr, nbr, keys = [0], [], []
    for r in range(rows):
        d = idx[r][keep[r]]
        t = _pairs.haversine_term(lat, lon, np.full(d.size, start + r), d)
        order = np.lexsort((d, t))
        d, t = d[order], t[order]
        if d.size == k_nearest + 1:
            ok = t != t[-1]
            d, t = d[ok], t[ok]
        nbr.append(d)
        keys.append(t)
        indptr.append(indptr[-1] + d.size)
    return np.array(indptr), np.concatenate(nbr), np.concatenate(keys)


def _cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(15)
    out = [(f"random{n}", np.radians(rng.uniform(43, 44, n)), np.radians(rng.uniform(125, 126, n)))
           for n in (1, 2, 3, 5, 300)]
    g = np.radians(np.arange(15) * 0.01)  # a regular grid: many exactly equal distances
    la, lo = np.meshgrid(g + 0.76, g + 2.19)
    out.append(("grid", la.ravel().copy(), lo.ravel().copy()))
    dup_lat = np.radians(np.repeat(rng.uniform(43, 44, 40), 3))  # every point three times
    dup_lon = np.radians(np.repeat(rng.uniform(125, 126, 40), 3))
    out.append(("duplicates", dup_lat, dup_lon))
    return out


@pytest.mark.parametrize("chunk", [1, 7, 2048])
@pytest.mark.parametrize(("name", "lat", "lon"), _cases())
def test_k_nearest_pairs_equal_the_numpy_steps(monkeypatch: pytest.MonkeyPatch, chunk: int,
                                               name: str, lat: np.ndarray,
                                               lon: np.ndarray) -> None:
    monkeypatch.setattr(_pairs, "KNN_CHUNK", chunk)
    n = lat.size
    dropped = 0
    for k in (1, 2, 4, 8, 30, 10**6):
        for start, stop in ((0, n), (n // 3, n - n // 4)):
            got = _pairs.candidate_pairs(lat, lon, k_nearest=k, radius_km=6371.0,
                                         start=start, stop=stop)
            want = _numpy_k_nearest(lat, lon, k, start, stop)
            for g, w in zip(got, want, strict=True):
                np.testing.assert_array_equal(g, w)
            dropped += int((np.diff(got[0]) < min(k, n - 1)).sum())
    if name in ("grid", "duplicates"):
        assert dropped > 0  # groups of ties were dropped, so rows were packed


def test_truncated_radiation_flows_and_kept_share_by_plain_numpy() -> None:
    rng = np.random.default_rng(3)
    loc = pd.DataFrame({"lat": rng.uniform(43, 44, 200), "lon": rng.uniform(125, 126, 200),
                        "population": rng.integers(100, 10_000, 200).astype(float)},
                       index=[f"z{i:03d}" for i in range(200)])
    res = radiation(loc, k_nearest=20)
    oi = res.index.codes[0]
    t_out: Any = loc["population"].to_numpy()
    np.testing.assert_array_equal(res["flow"].to_numpy(),
                                  res["probability"].to_numpy() * t_out[oi])
    kept = np.bincount(oi, weights=res["probability"].to_numpy(), minlength=200)
    note = [n for n in res.attrs["metroscope"]["notes"] if n.key == "flow_mean_kept_probability"]
    assert len(note) == 1 and note[0].params["value"] == float(kept.mean())


def test_lazy_tree_pickles_empty_and_builds_once_per_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The dataset blocks' tree handle: a few bytes when sent to a worker, the same neighbours
    as ``pair_tree`` once built there, built once for all the blocks (threads included), and
    rebuilt for other coordinates."""
    import pickle
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(7)
    lat, lon = np.radians(rng.uniform(30, 40, 300)), np.radians(rng.uniform(110, 120, 300))
    built: list[int] = []
    real = _pairs.pair_tree

    def counting(a: np.ndarray, b: np.ndarray) -> Any:
        built.append(a.size)
        return real(a, b)

    monkeypatch.setattr(_pairs, "pair_tree", counting)
    handle = _pairs.PairIndex()
    with ThreadPoolExecutor(4) as ex:
        trees = list(ex.map(lambda _: handle.tree(lat, lon), range(8)))
    assert built == [300] and all(t is trees[0] for t in trees)
    blob = pickle.dumps(handle)
    assert len(blob) < 100  # the tree (about 30 kB here) stays behind
    copy = pickle.loads(blob)
    xyz = _pairs._unit_vectors(lat[:5], lon[:5])
    d1, i1 = copy.tree(lat, lon).query(xyz, k=7)
    d2, i2 = real(lat, lon).query(xyz, k=7)
    np.testing.assert_array_equal(i1, i2)
    np.testing.assert_array_equal(d1, d2)
    assert built == [300, 300]  # the copy built its own
    other = lat[:100].copy()
    assert copy.tree(other, lon[:100]).n == 100 and built == [300, 300, 100]
