"""The k-nearest candidate pairs (grid of buckets, or the k-d tree) against plain NumPy steps
on SciPy's k-d tree neighbours."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import _grid_knn, _pairs, radiation


def _chords(lat: np.ndarray, lon: np.ndarray, oi: np.ndarray, dj: np.ndarray) -> np.ndarray:
    """Squared chords ``(dx² + dy²) + dz²`` between the unit vectors of the pairs."""
    xyz = _pairs._unit_vectors(lat, lon)
    d = xyz[dj] - xyz[oi]
    return np.asarray((d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]) + d[:, 2] * d[:, 2])


def _numpy_k_nearest(lat: np.ndarray, lon: np.ndarray, k_nearest: int, start: int,
                     stop: int, key: str = "haversine") -> tuple[np.ndarray, ...]:
    """The k-nearest pairs by whole-array NumPy steps: the tree's k + 2 neighbours, the origin
    out, k + 1 kept, their keys (haversine terms or squared chords), rows sorted by (key,
    destination), the probe's group of equal keys dropped from full rows."""
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
        t = (_pairs.haversine_term if key == "haversine" else _chords)(
            lat, lon, np.full(d.size, start + r), d)
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


def _rows_equal_the_numpy_steps(lat: np.ndarray, lon: np.ndarray, k: int, start: int,
                                stop: int) -> tuple[np.ndarray, ...]:
    """``candidate_pairs``' k-nearest rows of origins ``start:stop``, under either key,
    asserted equal to :func:`_numpy_k_nearest`'s (the haversine rows returned for further
    checks)."""
    out = []
    for key in ("haversine", "chord"):
        got = _pairs.candidate_pairs(lat, lon, k_nearest=k, radius_km=6371.0, start=start,
                                     stop=stop, key=key)  # type: ignore[arg-type]
        want = _numpy_k_nearest(lat, lon, k, start, stop, key)
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w)
        out.append(got)
    return out[0]


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
            got = _rows_equal_the_numpy_steps(lat, lon, k, start, stop)
            dropped += int((np.diff(got[0]) < min(k, n - 1)).sum())
    if name in ("grid", "duplicates"):
        assert dropped > 0  # groups of ties were dropped, so rows were packed


def _more_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(16)
    # two tight clusters (hundreds of points in one cell) and a few far outliers
    lat = np.r_[rng.normal(43.8, 0.01, 200), rng.normal(44.5, 0.2, 150), rng.uniform(38, 50, 10)]
    lon = np.r_[rng.normal(125.3, 0.01, 200), rng.normal(126.0, 0.2, 150),
                rng.uniform(115, 135, 10)]
    out = [("clusters", np.radians(lat), np.radians(lon))]
    # one meridian: the points' box in the plane has no width
    out.append(("meridian", np.radians(rng.uniform(30, 50, 60)), np.full(60, 2.2)))
    out.append(("one point", np.full(25, 0.7), np.full(25, 2.1)))
    g = np.radians(np.arange(40) * 0.02)  # a 40 x 40 lattice: ties at the k-th place
    la, lo = np.meshgrid(g + 0.7, g + 2.0)
    out.append(("lattice", la.ravel().copy(), lo.ravel().copy()))
    # the whole globe: beyond the grid's 60°, the k-d tree is used
    out.append(("globe", np.arcsin(rng.uniform(-1, 1, 400)), rng.uniform(-np.pi, np.pi, 400)))
    return out


def _china() -> tuple[np.ndarray, np.ndarray]:
    from metroscope.datasets import open_region
    from metroscope.flows.applied import locations_from_region

    loc = locations_from_region(open_region("china"), level="county")
    return (np.ascontiguousarray(np.radians(loc["lat"].to_numpy())),
            np.ascontiguousarray(np.radians(loc["lon"].to_numpy())))


@pytest.mark.parametrize("per_cell", [1, 8, 400])
@pytest.mark.parametrize(("name", "lat", "lon"), _more_cases())
def test_k_nearest_on_clusters_lines_lattices_and_the_globe(
        monkeypatch: pytest.MonkeyPatch, per_cell: int, name: str, lat: np.ndarray,
        lon: np.ndarray) -> None:
    """Whatever the cells' size (1 point: boxes grow over many cells; 400: a few cells hold
    everything), the grid's rows are the tree's; the globe falls back to the tree."""
    monkeypatch.setattr(_grid_knn, "POINTS_PER_CELL", per_cell)
    n = lat.size
    xyz = _pairs._unit_vectors(lat, lon)
    assert (_grid_knn.build_grid(xyz) is None) == (name == "globe")
    for k in (1, 3, 16, 100, n - 2, n - 1, 10**6):
        for start, stop in ((0, n), (n // 3, n - n // 4)):
            _rows_equal_the_numpy_steps(lat, lon, k, start, stop)


def test_k_nearest_on_china_county_seats() -> None:
    """The real region: 2,766 county seats over 60° of longitude (grid path)."""
    lat, lon = _china()
    assert _grid_knn.build_grid(_pairs._unit_vectors(lat, lon)) is not None
    n = lat.size
    for k in (1, 10, 100):
        for key in ("haversine", "chord"):
            got = _pairs.candidate_pairs(lat, lon, k_nearest=k, radius_km=6371.0,
                                         key=key)  # type: ignore[arg-type]
            want = _numpy_k_nearest(lat, lon, k, 0, n, key)
            for g, w in zip(got, want, strict=True):
                np.testing.assert_array_equal(g, w)


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


def test_pair_index_pickles_empty_and_builds_once_per_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The dataset blocks' handle: a few bytes when sent to a worker, the same neighbours
    as ``pair_tree`` once built there, tree and grid built once for all the blocks (threads
    included), and rebuilt for other coordinates."""
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
    grids: list[int] = []
    real_grid = _pairs.build_grid

    def counting_grid(xyz: np.ndarray) -> Any:
        grids.append(len(xyz))
        return real_grid(xyz)

    monkeypatch.setattr(_pairs, "build_grid", counting_grid)
    with ThreadPoolExecutor(4) as ex:
        found = list(ex.map(lambda _: handle.grid(lat, lon), range(8)))
    assert grids == [300] and all(g is found[0] for g in found) and found[0].sj.size == 300
    assert len(pickle.dumps(handle)) < 100
    assert handle.grid(other, lon[:100]).sj.size == 100 and grids == [300, 100]
    assert handle.tree(other, lon[:100]).n == 100 and built == [300, 300, 100, 100]


@pytest.mark.parametrize("norm", ["row", "finite", "none"])
@pytest.mark.parametrize("tie_rule", ["inclusive", "ordered"])
@pytest.mark.parametrize("model", ["original", "extended"])
def test_local_one_pass_rows_equal_the_block_steps(norm: str, tie_rule: str,
                                                   model: str) -> None:
    """The local engine's one pass (probabilities, normalisation, flows, kept sums) gives the
    values of the dask path's steps (``sparse_probabilities``, then ``expand_rows``) to the
    last bit, on a lattice with ties, a zero mass and an empty row."""
    import importlib

    from metroscope.flows import _pairs_kernels as PK

    rad_mod = importlib.import_module("metroscope.flows._radiation_blocks")
    g = np.radians(np.arange(12) * 0.02)
    la, lo = np.meshgrid(g + 0.7, g + 2.0)
    lat, lon = la.ravel().copy(), lo.ravel().copy()
    n = lat.size
    rng = np.random.default_rng(4)
    m = rng.integers(0, 1000, n).astype(float)
    m[5] = 0.0
    t_out = rng.uniform(1, 50, n)
    indptr, nbr, keys = _pairs.candidate_pairs(lat, lon, k_nearest=6, radius_km=6371.0)
    counts = np.diff(indptr)
    counts[7] = 0  # origin 7 without candidates
    keep = np.repeat(np.arange(n), np.diff(indptr)) != 7
    indptr = np.r_[0, np.cumsum(counts)]
    nbr, keys = nbr[keep], keys[keep]
    common = {"m": m, "tie_rule": rad_mod.K.TIE_INCLUSIVE if tie_rule == "inclusive"
              else rad_mod.K.TIE_ORDERED,
              "model": rad_mod.K.MODEL_ORIGINAL if model == "original"
              else rad_mod.K.MODEL_EXTENDED, "alpha": 0.7, "norm": norm, "total": m.sum()}
    p_ref = np.concatenate([rad_mod._sparse_block(a, b, indptr=indptr, nbr=nbr, keys=keys,
                                                  **common) for a, b in ((0, 50), (50, n))])
    oi_ref, f_ref, kept_ref = np.empty(nbr.size, np.int16), np.empty(nbr.size), np.empty(n)
    PK.expand_rows(indptr, p_ref, t_out, oi_ref, f_ref, kept_ref)
    p, f, oi, kept = np.empty(nbr.size), np.empty(nbr.size), np.empty(nbr.size, np.int16), \
        np.empty(n)
    for a, b in ((0, 33), (33, 34), (34, n)):
        rad_mod._sparse_rows(a, b, indptr=indptr, nbr=nbr, keys=keys, t_out=t_out,
                             out=(p, f, oi, kept), **common)
    for got, want in ((p, p_ref), (f, f_ref), (oi, oi_ref), (kept, kept_ref)):
        np.testing.assert_array_equal(got, want)
    assert kept[7] == 0.0 and np.isfinite(p).all()


@pytest.mark.parametrize(("name", "lat", "lon"), [c for c in _cases() if c[0] in
                                                  ("random300", "grid", "duplicates")])
def test_cutoff_pairs_by_chord_equal_a_brute_force(name: str, lat: np.ndarray,
                                                   lon: np.ndarray) -> None:
    """``key="chord"`` with ``cutoff_km``: every other location whose squared chord is at most
    that of the cutoff's arc, rows sorted by (chord², destination), by NumPy over all pairs."""
    n = lat.size
    sizes = []
    for cutoff in (5.0, 30.0, 100.0):
        indptr, nbr, keys = _pairs.candidate_pairs(lat, lon, cutoff_km=cutoff, radius_km=6371.0,
                                                   key="chord")
        limit = (2 * np.sin(cutoff / 6371.0 / 2)) ** 2
        rows, want_nbr, want_keys = [0], [], []
        for i in range(n):
            d = np.delete(np.arange(n), i)
            c = _chords(lat, lon, np.full(d.size, i), d)
            ok = c <= limit
            order = np.lexsort((d[ok], c[ok]))
            want_nbr.append(d[ok][order])
            want_keys.append(c[ok][order])
            rows.append(rows[-1] + int(ok.sum()))
        np.testing.assert_array_equal(indptr, rows)
        np.testing.assert_array_equal(nbr, np.concatenate(want_nbr))
        np.testing.assert_array_equal(keys, np.concatenate(want_keys))
        sizes.append(nbr.size)
    assert any(0 < s < n * (n - 1) for s in sizes)
