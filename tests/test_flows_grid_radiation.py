"""Radiation with ``k_nearest`` in one pass per origin (flows/_grid_radiation.py).

The fused path must give the values of the two-pass path it replaces (the pairs of
``candidate_pairs``, then ``radiation_rows``) to the last bit, on inputs whose rows keep fewer
than k pairs (ties at the k-th place, copies of one point), and the dense all-pairs kernel's
values when every other location is kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import _pairs_kernels as PK
from metroscope.flows import radiation
from metroscope.flows._grid_radiation import pack_rows
from metroscope.flows._pairs import candidate_pairs
from metroscope.flows._radiation_blocks import NORMS
from metroscope.flows._table import locations_table, radians


def _lattice(copies: bool = False) -> pd.DataFrame:
    """15 x 15 points 0.01° apart (many equal distances); with ``copies``, rows 10-19 at
    the first point."""
    i = np.arange(225)
    df = pd.DataFrame({"lon": 120 + 0.01 * (i % 15), "lat": 40 + 0.01 * (i // 15),
                       "population": np.arange(1, 226, dtype=float)},
                      index=[f"c{j}" for j in i])
    if copies:
        df.iloc[10:20, :2] = df.iloc[0, :2].to_numpy()
    return df


def _random(n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({"lon": rng.uniform(124, 127, n), "lat": rng.uniform(43, 45, n),
                         "population": rng.integers(1_000, 500_000, n).astype(float)},
                        index=[f"p{j}" for j in range(n)])


def _two_pass(loc: pd.DataFrame, k: int, *, norm: str, tie: int, model: int,
              alpha: float) -> tuple[np.ndarray, ...]:
    df = locations_table(loc)
    rad = radians(df)
    n = len(df)
    indptr, nbr, keys = candidate_pairs(rad["lat"], rad["lon"], k_nearest=k,
                                        radius_km=6371.0088, coslat=rad["coslat"],
                                        key="chord")
    m = df["population"].to_numpy(float)
    p = np.empty(len(nbr))
    flow = np.empty(len(nbr))
    oi = np.empty(len(nbr), dtype=PK.code_dtype(n))
    kept = np.empty(n)
    PK.radiation_rows(indptr, nbr, keys, 0, n, m, m, tie, model, alpha, NORMS[norm],
                      float(m.sum()), p, flow, oi, kept)
    return p, flow, oi, nbr


OPTIONS = [({}, "row", 0, 0, 1.0),
           ({"normalisation": "finite"}, "finite", 0, 0, 1.0),
           ({"normalisation": "none", "tie_rule": "ordered"}, "none", 1, 0, 1.0),
           ({"model": "extended", "alpha": 0.5}, "row", 0, 1, 0.5)]


@pytest.mark.parametrize("make", [_lattice, lambda: _lattice(copies=True), _random])
@pytest.mark.parametrize("k", [1, 3, 6, 30, 224])
def test_one_pass_equals_the_two_pass_path_bit_for_bit(make, k):
    loc = make()
    short_rows = 0
    for kw, norm, tie, model, alpha in OPTIONS:
        got = radiation(loc, k_nearest=k, colocated="keep", **kw)
        p, flow, oi, nbr = _two_pass(loc, k, norm=norm, tie=tie, model=model, alpha=alpha)
        assert len(got) == len(p)
        assert np.array_equal(got["probability"].to_numpy(), p)
        assert np.array_equal(got["flow"].to_numpy(), flow)
        assert np.array_equal(got.index.codes[0], oi)
        assert np.array_equal(got.index.codes[1], nbr)
        short_rows = int((np.bincount(oi.astype(np.int64), minlength=len(loc))
                          < min(k, len(loc) - 1)).sum())
    copies = loc.duplicated(subset=["lon", "lat"], keep=False).sum()
    if copies and k in (1, 3, 6):
        # the 11 rows at one point have 10 others at distance 0, one group of ties that the
        # k-th place cuts: those rows keep no pair, so the rows were moved together
        assert copies == 11
        assert short_rows >= 11


def test_every_other_location_kept_equals_the_dense_kernel():
    loc = _random(300)
    dense = radiation(loc, colocated="keep")
    for k in (299, 400):
        got = radiation(loc, k_nearest=k, colocated="keep").reindex(dense.index)
        assert got.notna().all().all()  # every pair kept
        np.testing.assert_allclose(got["probability"].to_numpy(),
                                   dense["probability"].to_numpy(), rtol=1e-13, atol=0)
        np.testing.assert_allclose(got["flow"].to_numpy(), dense["flow"].to_numpy(),
                                   rtol=1e-13, atol=0)


def test_pack_rows_by_hand():
    # three rows of width 3 keeping 3, 1 and 2 pairs
    counts = np.array([3, 1, 2], dtype=np.int64)
    nbr = np.array([1, 2, 3, 4, -1, -1, 5, 6, -1], dtype=np.int16)
    p = np.arange(9, dtype=float)
    flow = 10 * p
    oi = np.array([0, 0, 0, 1, 9, 9, 2, 2, 9], dtype=np.int16)
    used = pack_rows(counts, 3, nbr, p, flow, oi)
    assert used == 6
    assert nbr[:6].tolist() == [1, 2, 3, 4, 5, 6]
    assert p[:6].tolist() == [0.0, 1.0, 2.0, 3.0, 6.0, 7.0]
    assert flow[:6].tolist() == [0.0, 10.0, 20.0, 30.0, 60.0, 70.0]
    assert oi[:6].tolist() == [0, 0, 0, 1, 2, 2]
    full = np.array([2, 2], dtype=np.int64)
    keep = np.array([7, 8, 9, 10], dtype=np.int16)
    assert pack_rows(full, 2, keep, np.zeros(4), np.zeros(4), keep.copy()) == 4
    assert keep.tolist() == [7, 8, 9, 10]


@pytest.mark.parametrize("k", [0, -3])
def test_the_one_pass_path_refuses_a_k_below_one(k):
    from metroscope._errors import MetroscopeError

    with pytest.raises(MetroscopeError, match="k_nearest"):
        radiation(_random(50), k_nearest=k)
