"""The grid of buckets (``metroscope.flows._grid_knn``) and the candidate pairs built on it
(``metroscope.flows._pairs``) against brute force: every pair's squared chord and haversine
term in plain NumPy, the k + 1 nearest by ``(chord², destination)`` as the module doc defines
them, the farthest group of equal terms dropped from full rows; the pairs within a radius by
every pair's great-circle distance; the grid's cells, counts and order recomputed from its
definition (:class:`Grid`'s docstring).

These are the quick checks (about 20 s); tests/test_flows_pairs.py compares larger inputs and
China's county seats with SciPy's k-d tree.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial import cKDTree

from metroscope.flows import _grid_knn, _pairs
from metroscope.flows._table import FlowModelError

R_KM = 6371.0


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def terms(lat: np.ndarray, lon: np.ndarray, i: int) -> np.ndarray:
    """Haversine terms of origin ``i`` to every location (the formula of the module doc)."""
    s1 = np.sin((lat - lat[i]) * 0.5)
    s2 = np.sin((lon - lon[i]) * 0.5)
    return s1 * s1 + np.cos(lat[i]) * np.cos(lat) * s2 * s2


def brute_k_nearest(lat: np.ndarray, lon: np.ndarray, k: int, start: int,
                    stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every origin's k + 1 nearest others by (squared chord summed as (dx² + dy²) + dz²,
    destination), sorted by (term, destination), the farthest group of equal terms dropped
    when k + 1 were found."""
    xyz = unit_vectors(lat, lon)
    n = lat.size
    indptr, nbr, keys = [0], [], []
    for i in range(start, stop):
        d = xyz[i] - xyz
        chord2 = (d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]) + d[:, 2] * d[:, 2]
        others = np.array([j for j in range(n) if j != i], dtype=np.int64)
        near = others[np.lexsort((others, chord2[others]))][:k + 1]
        t = terms(lat, lon, i)[near]
        order = np.lexsort((near, t))
        near, t = near[order], t[order]
        if near.size == k + 1:
            keep = t != t[-1]
            near, t = near[keep], t[keep]
        nbr += near.tolist()
        keys += t.tolist()
        indptr.append(len(nbr))
    return np.array(indptr), np.array(nbr, dtype=np.int64), np.array(keys)


def brute_within(lat: np.ndarray, lon: np.ndarray, km: float, start: int,
                 stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every other location within ``km`` (great circle), by (term, destination)."""
    indptr, nbr, keys = [0], [], []
    for i in range(start, stop):
        t = terms(lat, lon, i)
        dist = 2 * R_KM * np.arctan2(np.sqrt(t), np.sqrt(1 - t))
        j = np.array([j for j in range(lat.size) if j != i and dist[j] <= km], dtype=np.int64)
        order = np.lexsort((j, t[j]))
        nbr += j[order].tolist()
        keys += t[j][order].tolist()
        indptr.append(len(nbr))
    return np.array(indptr), np.array(nbr, dtype=np.int64), np.array(keys)


def assert_pairs(got: tuple[np.ndarray, ...], want: tuple[np.ndarray, ...]) -> None:
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])
    np.testing.assert_allclose(got[2], want[2], rtol=1e-14, atol=0)
    assert got[0].dtype == got[1].dtype == np.int64 and got[2].dtype == np.float64


def cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(42)
    out = [(f"random{n}", np.radians(rng.uniform(43, 44, n)),
            np.radians(rng.uniform(125, 126.5, n))) for n in (1, 2, 3, 9, 150)]
    # every point three times: ties of equal coordinates at every place
    out.append(("copies", np.radians(np.repeat(rng.uniform(40, 41, 30), 3)),
                np.radians(np.repeat(rng.uniform(120, 121, 30), 3))))
    # a lattice on the equator (equal distances along a row and a column) and two clusters
    g = np.radians(np.arange(9) * 0.05)
    la, lo = np.meshgrid(g, g + 1.0)
    out.append(("lattice", la.ravel().copy(), lo.ravel().copy()))
    out.append(("clusters", np.radians(np.r_[rng.normal(30, 0.001, 60), rng.normal(31, 0.3, 40)]),
                np.radians(np.r_[rng.normal(110, 0.001, 60), rng.normal(111, 0.3, 40)])))
    return out


@pytest.mark.parametrize(("name", "lat", "lon"), cases())
def test_k_nearest_rows_equal_brute_force(name: str, lat: np.ndarray, lon: np.ndarray) -> None:
    n = lat.size
    assert _grid_knn.build_grid(unit_vectors(lat, lon)) is not None  # the grid's path
    dropped = 0
    for k in sorted({1, 2, 3, 7, 25, max(n - 2, 1), max(n - 1, 1), n, n + 5}):
        for start, stop in ((0, n), (n // 3, n - n // 4)):
            got = _pairs.candidate_pairs(lat, lon, k_nearest=k, radius_km=R_KM, start=start,
                                         stop=stop)
            assert_pairs(got, brute_k_nearest(lat, lon, k, start, stop))
            dropped += int((np.diff(got[0]) < min(k, n - 1)).sum())
    if name in ("copies", "lattice"):
        assert dropped > 0  # groups of ties were dropped


@pytest.mark.parametrize("per_cell", [1, 3, 500])
def test_k_nearest_rows_whatever_the_cells_size(monkeypatch: pytest.MonkeyPatch,
                                                per_cell: int) -> None:
    """One location a cell (boxes grow over many cells), a few, or all in one."""
    monkeypatch.setattr(_grid_knn, "POINTS_PER_CELL", per_cell)
    rng = np.random.default_rng(per_cell)
    lat = np.radians(np.r_[rng.uniform(43, 45, 120), np.full(8, 44.0)])
    lon = np.radians(np.r_[rng.uniform(124, 127, 120), np.full(8, 125.0)])
    n = lat.size
    for k in (1, 4, 10, 40, n - 2):
        got = _pairs.candidate_pairs(lat, lon, k_nearest=k, radius_km=R_KM)
        assert_pairs(got, brute_k_nearest(lat, lon, k, 0, n))


def test_beyond_sixty_degrees_the_tree_gives_the_same_rows(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    lat, lon = np.arcsin(rng.uniform(-1, 1, 90)), rng.uniform(-np.pi, np.pi, 90)
    assert _grid_knn.build_grid(unit_vectors(lat, lon)) is None
    for chunk in (1, 7, 2048):  # the tree's chunks of origins, packed behind each other
        monkeypatch.setattr(_pairs, "KNN_CHUNK", chunk)
        for k, (start, stop) in ((1, (0, 90)), (3, (10, 75)), (12, (0, 90)), (89, (5, 6))):
            got = _pairs.candidate_pairs(lat, lon, k_nearest=k, radius_km=R_KM, start=start,
                                         stop=stop, workers=1)
            assert_pairs(got, brute_k_nearest(lat, lon, k, start, stop))


@pytest.mark.parametrize(("name", "lat", "lon"), cases()[3:])
def test_pairs_within_a_radius_equal_brute_force(name: str, lat: np.ndarray,
                                                 lon: np.ndarray) -> None:
    n = lat.size
    # 241 and 503 km: radii where sin(km x 2R) and sin(km R / 2) are near 0, so that a chord
    # formula with a slip (a product for a quotient) would ask the tree for too small a ball
    for km in (0.5, 5.0, 20.0, 60.0, 241.0, 500.0, 503.0):
        for start, stop in ((0, n), (n // 3, n - n // 4)):
            got = _pairs.candidate_pairs(lat, lon, cutoff_km=km, radius_km=R_KM, start=start,
                                         stop=stop)
            assert_pairs(got, brute_within(lat, lon, km, start, stop))
            # with k too: the k nearest, then those beyond the radius dropped
            got = _pairs.candidate_pairs(lat, lon, k_nearest=4, cutoff_km=km, radius_km=R_KM,
                                         start=start, stop=stop)
            ip, nb, ks = brute_k_nearest(lat, lon, 4, start, stop)
            dist = 2 * R_KM * np.arctan2(np.sqrt(ks), np.sqrt(1 - ks))
            row = np.repeat(np.arange(stop - start), np.diff(ip))
            ok = dist <= km
            want = (np.r_[0, np.cumsum(np.bincount(row[ok], minlength=stop - start))],
                    nb[ok], ks[ok])
            assert_pairs(got, want)


def test_an_empty_range_of_origins_gives_no_rows() -> None:
    lat, lon = np.radians([40.0, 41.0, 42.0]), np.radians([120.0, 120.0, 120.0])
    for kw in ({"cutoff_km": 500.0}, {"k_nearest": 1}, {"k_nearest": 1, "cutoff_km": 5.0}):
        got = _pairs.candidate_pairs(lat, lon, radius_km=R_KM, start=2, stop=2, **kw)
        assert got[0].tolist() == [0] and got[1].size == got[2].size == 0


def test_a_radius_reaching_nobody_gives_empty_rows() -> None:
    lat, lon = np.radians([40.0, 41.0, 42.0]), np.radians([120.0, 120.0, 120.0])
    got = _pairs.candidate_pairs(lat, lon, cutoff_km=1.0, radius_km=R_KM)
    assert got[0].tolist() == [0, 0, 0, 0] and got[1].size == got[2].size == 0


def test_a_pair_on_the_radius_is_kept_and_one_beyond_it_is_not() -> None:
    # 1 degree of latitude = pi R / 180 km: within a radius of exactly that, not one below
    lat, lon = np.radians([40.0, 41.0]), np.radians([120.0, 120.0])
    one = math.pi * R_KM / 180
    t = terms(lat, lon, 0)[1]
    assert 2 * R_KM * math.atan2(math.sqrt(t), math.sqrt(1 - t)) == pytest.approx(one, rel=1e-12)
    d = float(_pairs.term_to_km(np.array([t]), R_KM)[0])
    assert _pairs.candidate_pairs(lat, lon, cutoff_km=d, radius_km=R_KM)[0].tolist() == [0, 1, 2]
    below = _pairs.candidate_pairs(lat, lon, cutoff_km=d * (1 - 1e-6), radius_km=R_KM)
    assert below[0].tolist() == [0, 0, 0]


def test_haversine_terms_and_kilometres_by_hand() -> None:
    # quarter circle along the equator (term 1/2) and a pole to the equator
    lat = np.radians([0.0, 0.0, 90.0, 0.0])
    lon = np.radians([0.0, 90.0, 0.0, 180.0])
    t = _pairs.haversine_term(lat, lon, np.array([0, 0, 0]), np.array([1, 2, 3]))
    np.testing.assert_allclose(t, [0.5, 0.5, 1.0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(_pairs.term_to_km(t, R_KM),
                               [math.pi * R_KM / 2, math.pi * R_KM / 2, math.pi * R_KM],
                               rtol=1e-14)
    assert _pairs.term_to_km(np.array([0.0]), 10.0).tolist() == [0.0]
    # general pairs (both ends off the equator and the prime meridian, either order) against
    # the spherical law of cosines
    lat = np.radians([40.0, 41.5, -12.0, 63.0])
    lon = np.radians([120.0, 123.0, 100.0, -20.0])
    oi, dj = np.array([0, 1, 2, 3, 0]), np.array([1, 0, 3, 1, 2])
    want = [R_KM * math.acos(math.sin(lat[i]) * math.sin(lat[j]) + math.cos(lat[i])
                             * math.cos(lat[j]) * math.cos(lon[j] - lon[i]))
            for i, j in zip(oi, dj, strict=True)]
    got = _pairs.term_to_km(_pairs.haversine_term(lat, lon, oi, dj), R_KM)
    np.testing.assert_allclose(got, want, rtol=1e-9)


@pytest.mark.parametrize(("k", "km", "text"), [
    (None, None, "Give k_nearest (destinations per origin) or cutoff_km (radius, km)."),
    (0, None, "k_nearest (destinations per origin, --k-nearest) must be a whole number of 1 "
     "or more; got 0."),
    (None, 0.0, "cutoff_km (the radius, --cutoff-km) must be a finite number above 0 (km); "
     "got 0.0."),
    (None, math.inf, "cutoff_km (the radius, --cutoff-km) must be a finite number above 0 "
     "(km); got inf."),
    (None, math.nan, "cutoff_km (the radius, --cutoff-km) must be a finite number above 0 "
     "(km); got nan."),
    (3, -1.0, "cutoff_km (the radius, --cutoff-km) must be a finite number above 0 (km); "
     "got -1.0."),
])
def test_truncation_options_are_checked(k: int | None, km: float | None, text: str) -> None:
    with pytest.raises(FlowModelError) as info:
        _pairs.check_truncation(k, km)
    assert str(info.value) == text
    with pytest.raises(FlowModelError):
        _pairs.candidate_pairs(np.zeros(3), np.zeros(3), k_nearest=k, cutoff_km=km,
                               radius_km=R_KM)


def test_truncation_options_that_pass() -> None:
    for k, km in ((1, None), (None, 1e-9), (2, 5.0)):
        assert _pairs.check_truncation(k, km) is None


# ----------------------------------------------------------------- the grid's own structure
def grid_cases() -> list[np.ndarray]:
    rng = np.random.default_rng(9)
    one = unit_vectors(np.radians(rng.uniform(20, 50, 2000)), np.radians(rng.uniform(80, 130, 2000)))
    lat = np.radians(np.r_[rng.normal(30, 0.0005, 300), rng.uniform(20, 50, 30)])
    lon = np.radians(np.r_[rng.normal(110, 0.0005, 300), rng.uniform(80, 130, 30)])
    line = unit_vectors(np.radians(rng.uniform(30, 50, 70)), np.full(70, 2.2))
    return [one, unit_vectors(lat, lon), line, unit_vectors(np.radians([30.0]), np.radians([1.0]))]


@pytest.mark.parametrize("case", range(4))
def test_the_grid_is_what_its_docstring_says(case: int) -> None:
    xyz = grid_cases()[case]
    n = xyz.shape[0]
    g = _grid_knn.build_grid(xyz)
    assert g is not None
    np.testing.assert_array_equal(g.xyz, xyz)
    # (u, v) are coordinates on two orthonormal axes orthogonal to the mean direction
    c = xyz.sum(axis=0) / np.linalg.norm(xyz.sum(axis=0))
    if n > 3:
        e1 = np.linalg.lstsq(xyz, g.u, rcond=None)[0]
        e2 = np.linalg.lstsq(xyz, g.v, rcond=None)[0]
        if case != 2:  # a meridian spans a plane only: its axes are not determined
            np.testing.assert_allclose([e1 @ e1, e2 @ e2, e1 @ e2, e1 @ c, e2 @ c],
                                       [1, 1, 0, 0, 0], atol=1e-9)
    np.testing.assert_allclose(g.u ** 2 + g.v ** 2 + (xyz @ c) ** 2, 1.0, atol=1e-12)
    # the cells: u0 + x h <= u < u0 + (x + 1) h, the last column and row to the largest
    assert g.u0 == g.u.min() and g.v0 == g.v.min() and g.h > 0
    assert g.nx == int((g.u.max() - g.u0) / g.h) + 1 and g.ny == int((g.v.max() - g.v0) / g.h) + 1
    assert g.cx.tolist() == [min(int((u - g.u0) / g.h), g.nx - 1) for u in g.u]
    assert g.cy.tolist() == [min(int((v - g.v0) / g.h), g.ny - 1) for v in g.v]
    assert g.cx.dtype == g.cy.dtype == g.start.dtype == g.sj.dtype == np.int64
    assert g.nx * g.ny <= 4 * n + 16  # the cells' memory is bounded
    # CSR over cells y nx + x, locations sorted by cell then position
    cell = g.cy * g.nx + g.cx
    counts = [int((cell == q).sum()) for q in range(g.nx * g.ny)]
    assert g.start.tolist() == [0, *np.cumsum(counts).tolist()]
    assert g.sj.tolist() == sorted(range(n), key=lambda j: (cell[j], j))
    np.testing.assert_array_equal(np.column_stack([g.sx, g.sy, g.sz]), xyz[g.sj])
    for arr in (g.sx, g.sy, g.sz, g.u, g.v, g.xyz):
        assert arr.flags.c_contiguous
    # the median location's cell count
    assert g.per_cell == float(np.median([counts[q] for q in cell]))


def test_the_cell_size_aims_at_eight_locations_a_cell() -> None:
    # uniform locations: the median location's cell holds 4 to 16 (POINTS_PER_CELL = 8)
    for case in (0,):
        g = _grid_knn.build_grid(grid_cases()[case])
        assert g is not None and 4 <= g.per_cell <= 16
    # 300 locations within about 9e-6 rad among 30 spread over 0.5 rad: the cells shrink
    # towards the cluster's density until the bound of 4 n + 16 cells (side about
    # 0.5 / sqrt(1336) = 0.014 rad), so the cluster stays in one cell
    g = _grid_knn.build_grid(grid_cases()[1])
    assert g is not None and 0.9 * (4 * 330 + 16) < g.nx * g.ny <= 4 * 330 + 16
    assert g.per_cell == 300.0


def test_the_grid_refuses_locations_beyond_sixty_degrees() -> None:
    # two locations 59 degrees either side of their mean (the equator at lon 0): grid; 61: no
    for deg, ok in ((59.0, True), (61.0, False)):
        xyz = unit_vectors(np.radians([deg, -deg]), np.zeros(2))
        assert (_grid_knn.build_grid(xyz) is not None) == ok
    # exactly 60 degrees (cosine 0.5 to the last bit): still the grid
    xyz = np.array([[0.5, math.sqrt(3) / 2, 0.0], [0.5, -math.sqrt(3) / 2, 0.0]])
    assert float((xyz @ np.array([1.0, 0.0, 0.0])).min()) == 0.5
    assert _grid_knn.build_grid(xyz) is not None
    # opposite points have no mean direction
    assert _grid_knn.build_grid(unit_vectors(np.zeros(2), np.radians([0.0, 180.0]))) is None
    assert _grid_knn.build_grid(np.array([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]])) is None


def test_the_tree_is_scipys_on_the_unit_vectors() -> None:
    rng = np.random.default_rng(1)
    lat, lon = np.radians(rng.uniform(-60, 60, 50)), np.radians(rng.uniform(-180, 180, 50))
    tree = _pairs.pair_tree(lat, lon)
    np.testing.assert_allclose(tree.data, unit_vectors(lat, lon), rtol=0, atol=1e-15)
    d, i = tree.query(unit_vectors(lat, lon)[:3], k=2)
    d2, i2 = cKDTree(unit_vectors(lat, lon)).query(unit_vectors(lat, lon)[:3], k=2)
    np.testing.assert_array_equal(i, i2)
    np.testing.assert_array_equal(d, d2)
    assert _pairs.PairIndex().tree(lat, lon).n == 50


def test_each_search_builds_only_its_own_structure_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The k nearest within 60° use the grid and never build a tree; pairs within a radius
    use the tree and never build a grid; each is built once for the same coordinates, again
    for others."""
    rng = np.random.default_rng(3)
    lat, lon = np.radians(rng.uniform(43, 44, 40)), np.radians(rng.uniform(125, 126, 40))
    built: list[str] = []
    real_tree, real_grid = _pairs.pair_tree, _pairs.build_grid
    monkeypatch.setattr(_pairs, "pair_tree", lambda a, b: built.append("tree") or real_tree(a, b))
    monkeypatch.setattr(_pairs, "build_grid", lambda xyz: built.append("grid") or real_grid(xyz))
    index = _pairs.PairIndex()
    for _ in range(2):
        got = _pairs.candidate_pairs(lat, lon, k_nearest=3, radius_km=R_KM, index=index)
        assert_pairs(got, brute_k_nearest(lat, lon, 3, 0, 40))
    assert built == ["grid"]
    assert isinstance(index.grid(lat, lon), _grid_knn.Grid) and built == ["grid"]
    for _ in range(2):
        _pairs.candidate_pairs(lat, lon, cutoff_km=30.0, radius_km=R_KM, index=index)
    assert built == ["grid", "tree"]
    assert index.tree(lat, lon).n == 40 and built == ["grid", "tree"]
    other = lat[:20].copy()
    assert index.tree(other, lon[:20]).n == 20 and index.tree(other, lon[:20]).n == 20
    assert index.grid(other, lon[:20]).sj.size == 20 and index.grid(other, lon[:20]) is not None
    assert built == ["grid", "tree", "tree", "grid"]
    # grids alone, one set of coordinates after another: each its own
    index = _pairs.PairIndex()
    assert index.grid(lat, lon).sj.size == 40 and index.grid(other, lon[:20]).sj.size == 20
    assert index.grid(lat, lon).sj.size == 40
    # a fresh index and the radius alone: no grid
    built.clear()
    _pairs.candidate_pairs(lat, lon, cutoff_km=30.0, radius_km=R_KM)
    assert built == ["tree"]
