"""Radiation on exact distance ties: every path ranks destinations by one key, the squared chord
of the unit vectors, so ``k_nearest = N - 1`` (and a cutoff that reaches everyone) gives the
dense model's values; and the tie rules count tied locations as a by-hand computation in plain
Python does (each ``s_ij`` summed from its definition).

Before the paths shared the key (the truncated one ranked by haversine terms), 11,296 of the
50,400 pairs of a 15 x 15 lattice differed, by up to 3.0 relative.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import radiation


def lattice(rows: int, cols: int, step: float = 0.01, *, seed: int = 0,
            lat0: float = 43.0, lon0: float = 125.0) -> pd.DataFrame:
    """A regular lon/lat lattice (many exactly equal distances), integer populations."""
    la, lo = np.meshgrid(lat0 + step * np.arange(rows), lon0 + step * np.arange(cols))
    n = rows * cols
    pop = np.random.default_rng(seed).integers(1, 1000, n).astype(float)
    return pd.DataFrame({"lon": lo.ravel(), "lat": la.ravel(), "population": pop},
                        index=[f"z{i:04d}" for i in range(n)])


def scattered(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                         "population": rng.lognormal(8, 1.5, n)},
                        index=[f"r{i:04d}" for i in range(n)])


def with_copies(loc: pd.DataFrame, every: int) -> pd.DataFrame:
    """``loc`` with every ``every``-th location repeated (same place: always a tie)."""
    dup = loc.iloc[::every].copy()
    dup.index = [f"{c}b" for c in dup.index]
    dup["population"] = dup["population"] * 0.5 + 1.0
    return pd.concat([loc, dup])


def globe(n: int, seed: int) -> pd.DataFrame:
    """Points over the whole sphere (the k nearest then come from the k-d tree, not the grid),
    every location twice."""
    rng = np.random.default_rng(seed)
    loc = pd.DataFrame({"lon": rng.uniform(-180, 180, n),
                        "lat": np.degrees(np.arcsin(rng.uniform(-1, 1, n))),
                        "population": rng.integers(1, 500, n).astype(float)},
                       index=[f"g{i:04d}" for i in range(n)])
    return with_copies(loc, 1)


CASES = {
    "lattice 15x15": lambda: lattice(15, 15),
    "lattice 6x9": lambda: lattice(6, 9, 0.5, seed=1),
    "lattice 10x10 with copies": lambda: with_copies(lattice(10, 10, seed=2), 3),
    "random 60": lambda: scattered(60, 3),
    "random 400": lambda: scattered(400, 4),
    "globe 80 twice": lambda: globe(80, 5),
}


def _same(a: pd.DataFrame, b: pd.DataFrame, *, exact: bool) -> None:
    assert set(a.index) == set(b.index)
    b = b.reindex(a.index)
    for col in ("probability", "flow"):
        x, y = a[col].to_numpy(), b[col].to_numpy()
        if exact:
            np.testing.assert_array_equal(x, y)
        else:
            np.testing.assert_allclose(x, y, rtol=1e-12, atol=0)


@pytest.mark.parametrize("tie_rule", ["inclusive", "ordered"])
@pytest.mark.parametrize("case", list(CASES))
def test_all_destinations_kept_equals_the_dense_model(case: str, tie_rule: str) -> None:
    loc = CASES[case]()
    n = len(loc)
    # copies of a place are kept as rows of their own here (they tie with each other);
    # merging them is tested in test_flows_colocated.py
    kw: dict[str, Any] = {"tie_rule": tie_rule, "colocated": "keep"}
    for norm in ("none", "finite", "row"):
        dense = radiation(loc, normalisation=norm, **kw)  # type: ignore[arg-type]
        assert len(dense) == n * (n - 1)
        # "row" sums a row in another order (by destination, by key): 1e-16 apart
        for trunc in ({"k_nearest": n - 1}, {"k_nearest": 10**6},
                      {"cutoff_km": 25_000.0}):
            got = radiation(loc, normalisation=norm, **trunc, **kw)  # type: ignore[arg-type]
            assert len(got) == n * (n - 1), trunc
            _same(dense, got, exact=norm != "row")
    ext = radiation(loc, model="extended", alpha=0.6, **kw)  # type: ignore[arg-type]
    _same(ext, radiation(loc, model="extended", alpha=0.6, k_nearest=n - 1,
                         **kw), exact=False)  # type: ignore[arg-type]


def county_seats(region: str) -> pd.DataFrame:
    from metroscope.datasets import open_region
    from metroscope.flows.applied import locations_from_region

    return locations_from_region(open_region(region), level="county")


@pytest.mark.slow
@pytest.mark.parametrize("tie_rule", ["inclusive", "ordered"])
@pytest.mark.parametrize("region", ["changchun", "china"])
def test_all_destinations_kept_equals_the_dense_model_on_county_seats(region: str,
                                                                      tie_rule: str) -> None:
    """The real regions (China's 2,766 seats span 60° of longitude: the k nearest come from the
    grid of buckets), seats that share a point kept as rows of their own: ``k_nearest = N - 1``
    gives the dense values to the last bit."""
    loc = county_seats(region)
    n = len(loc)
    for norm in ("none", "finite"):
        kw: dict[str, Any] = {"tie_rule": tie_rule, "colocated": "keep", "normalisation": norm}
        dense = radiation(loc, **kw)
        got = radiation(loc, k_nearest=n - 1, **kw)
        assert len(got) == len(dense) == n * (n - 1)
        _same(dense, got, exact=True)


@pytest.mark.parametrize("tie_rule", ["inclusive", "ordered"])
def test_truncated_rows_keep_the_dense_values_on_a_lattice(tie_rule: str) -> None:
    """k nearest and cutoff rows on a lattice (ties at the k-th place, groups dropped whole):
    every kept pair has the dense model's probability, to the last bit."""
    loc = lattice(15, 15)
    dense = radiation(loc, normalisation="none", tie_rule=tie_rule)["probability"]  # type: ignore[arg-type]
    for trunc in ({"k_nearest": 4}, {"k_nearest": 8}, {"k_nearest": 50},
                  {"cutoff_km": 3.5}):
        got = radiation(loc, normalisation="none", tie_rule=tie_rule,  # type: ignore[arg-type]
                        **trunc)["probability"]
        assert 0 < len(got) < len(dense)
        np.testing.assert_array_equal(got.to_numpy(), dense.reindex(got.index).to_numpy())


# --- the tie rules by hand -------------------------------------------------------------------

TINY = [(lon, lat) for lat in (-2.0, -1.0, 0.0, 1.0, 2.0) for lon in (-2.0, -1.0, 0.0, 1.0, 2.0)]
"""A 5 x 5 lattice (1°) centred on (0°, 0°): seen from the centre, the locations fall in groups
at exactly equal distance (4 at 1°, 4 on the diagonals, 4 at 2°, 8 at (1°, 2°), 4 corners)."""


def tiny() -> pd.DataFrame:
    pts = [*TINY, TINY[7]]  # and a second location at (0°, -1°)
    pop = [float(5 + (7 * k) % 23) for k in range(len(pts))]
    return pd.DataFrame({"lon": [p[0] for p in pts], "lat": [p[1] for p in pts],
                         "population": pop}, index=[f"t{k:02d}" for k in range(len(pts))])


def hand_key(loc: pd.DataFrame) -> Any:
    """``key(i, j)``: the squared chord between the unit vectors of locations ``i`` and ``j``,
    in plain Python."""
    unit = []
    for lon, lat in zip(loc["lon"], loc["lat"], strict=True):
        phi, lam = math.radians(lat), math.radians(lon)
        unit.append((math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam),
                     math.sin(phi)))

    def key(i: int, j: int) -> float:
        d = [unit[j][a] - unit[i][a] for a in range(3)]
        return d[0] * d[0] + d[1] * d[1] + d[2] * d[2]

    return key


def by_hand(loc: pd.DataFrame, tie_rule: str) -> dict[tuple[str, str], float]:
    """Unnormalised radiation probabilities in plain Python: ``s_ij`` = the population of the
    others with a smaller key (:func:`hand_key`), plus, on an equal key, every one of them
    (inclusive) or those listed earlier (ordered)."""
    codes = list(loc.index)
    m = [float(v) for v in loc["population"]]
    key = hand_key(loc)
    out = {}
    n = len(codes)
    for i in range(n):
        for j in range(n):
            if j == i:
                continue
            s = 0.0
            for k in range(n):
                if k in (i, j):
                    continue
                if key(i, k) < key(i, j) or (key(i, k) == key(i, j) and (
                        tie_rule == "inclusive" or k < j)):
                    s += m[k]
            out[codes[i], codes[j]] = m[i] * m[j] / ((m[i] + s) * (m[i] + m[j] + s))
    return out


def test_the_tiny_lattice_has_the_ties_it_should() -> None:
    """The hand computation's keys tie where the geometry says (the test below relies on it)."""
    loc = tiny()
    key = hand_key(loc)
    groups: dict[float, int] = {}
    for j in range(len(loc)):
        if j != 12:
            groups[key(12, j)] = groups.get(key(12, j), 0) + 1
    assert sorted(groups.values()) == [4, 4, 4, 5, 8]  # (0°, -1°) twice: 5 at 1°
    assert key(12, 7) == key(12, 11) == key(12, 25) < key(12, 6)


@pytest.mark.parametrize("tie_rule", ["inclusive", "ordered"])
def test_tie_rules_equal_the_hand_computation(tie_rule: str) -> None:
    loc = tiny()
    want = by_hand(loc, tie_rule)
    n = len(loc)
    for trunc in ({}, {"k_nearest": n - 1}, {"k_nearest": 5}, {"cutoff_km": 240.0}):
        got = radiation(loc, normalisation="none", tie_rule=tie_rule,  # type: ignore[arg-type]
                        colocated="keep", **trunc)["probability"]
        assert len(got) > 0
        for pair, p in got.items():
            assert p == pytest.approx(want[pair], rel=1e-13), (trunc, pair)
    # the centre's four nearest (1°: t07 twice, t11, t13, t17) by the formula itself
    p = radiation(loc, normalisation="none", tie_rule=tie_rule,  # type: ignore[arg-type]
                  colocated="keep")["probability"]
    m = loc["population"]
    near = ["t07", "t11", "t13", "t17", "t25"]
    ring = float(m[near].sum())
    for j in near:
        if tie_rule == "inclusive":  # every other one of the five counts
            s = ring - m[j]
        else:  # those listed before j
            s = float(m[[k for k in near if k < j]].sum())
        assert p["t12", j] == pytest.approx(m["t12"] * m[j] / ((m["t12"] + s)
                                                              * (m["t12"] + m[j] + s)), rel=1e-14)
