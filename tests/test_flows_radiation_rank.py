"""The dense radiation ranking (a bucket sort of each row's keys, ``flows/_radiation_rows``)
against NumPy's stable argsort and a plain-Python radiation model that sorts destinations with
Python's stable ``sorted`` by (key, index): ties, near-ties (keys equal in their leading 32
bits), ``-0.0``, ``inf`` and buckets of many equal keys.

The reference is the model's definition (Simini et al. 2012; METHODS §flows): p(i, j) =
m_i m_j / ((m_i + s_ij)(m_i + m_j + s_ij)), with s_ij the mass closer to i than j, excluding
i and j; "ordered" breaks ties by row order (scikit-mobility), "inclusive" counts every tied
destination (TDLM).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import _radiation_rows as R
from metroscope.flows import radiation


def reference(cost: np.ndarray, m: np.ndarray, tie_rule: str) -> dict[tuple[int, int], float]:
    """Unnormalised radiation probabilities by the definition, one pair at a time."""
    n = len(m)
    out = {}
    for i in range(n):
        others = sorted((j for j in range(n) if j != i), key=lambda j: (cost[i, j], j))
        for rank, j in enumerate(others):
            if tie_rule == "ordered":
                s = sum(m[k] for k in others[:rank])
            else:
                s = sum(m[k] for k in others if k != j and cost[i, k] <= cost[i, j])
            out[i, j] = 0.0 if np.isinf(cost[i, j]) else (
                m[i] * m[j] / ((m[i] + s) * (m[i] + m[j] + s)))
    return out


def near_tie_costs(n: int, seed: int) -> np.ndarray:
    """Costs with exact ties, values equal in their leading 32 bits but not below (1 and
    1 + 2**-40 ...), signed zeros and unreachable pairs, in random places."""
    rng = np.random.default_rng(seed)
    palette = np.array([0.0, -0.0, 1.0, 1.0 + 2.0**-40, 1.0 + 2.0**-30, 1.0 + 2.0**-20,
                        np.nextafter(1.0, 2.0), 3.5, 3.5, 7.25, 1e300, np.inf])
    cost = palette[rng.integers(0, len(palette), size=(n, n))]
    cost = np.where(rng.random((n, n)) < 0.4, rng.random((n, n)) * 10, cost)
    np.fill_diagonal(cost, 0.0)
    return cost


@pytest.mark.parametrize("tie_rule", ["ordered", "inclusive"])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n", [23, 160])
def test_ranking_equals_the_definition_on_ties_and_near_ties(tie_rule: str, seed: int,
                                                             n: int) -> None:
    """At n = 160 the keys near 1 fill buckets beyond ``SMALL_BUCKET`` (merge sort)."""
    cost = near_tie_costs(n, seed)
    m = np.random.default_rng(seed + 10).integers(1, 50, n).astype(float)
    codes = [f"c{i:03d}" for i in range(n)]
    loc = pd.DataFrame({"population": m}, index=codes)
    got = radiation(loc, cost=pd.DataFrame(cost, index=codes, columns=codes),
                    normalisation="none", tie_rule=tie_rule)["probability"]  # type: ignore[arg-type]
    ref = reference(cost, m, tie_rule)
    for (i, j), p in ref.items():
        assert got[(codes[i], codes[j])] == pytest.approx(p, rel=1e-12, abs=0.0), (i, j)


def _rows_with_ties(n: int, seed: int) -> np.ndarray:
    """Rows of keys: the near-tie palette, whole numbers (buckets of many equal keys), a
    cluster of nearly equal keys beside far or near outliers (one bucket takes most of a row),
    uniform keys, one key repeated, and signed zeros."""
    rng = np.random.default_rng(seed)
    rows = [near_tie_costs(n, seed)[0], np.round(rng.uniform(0, 3, n)),
            np.concatenate([[0.0, 1e300, np.inf], 1.0 + rng.random(n) * 1e-9])[:n],
            np.concatenate([[0.0, 2.0], 1.0 + rng.random(n) * 1e-9])[:n],
            rng.random(n), np.full(n, 2.5), np.full(n, np.inf),
            np.where(rng.random(n) < 0.5, -0.0, 0.0)]
    return np.ascontiguousarray(rng.permuted(np.array(rows), axis=1))


@pytest.mark.parametrize("n", [1, 2, 7, 33, 500])
@pytest.mark.parametrize("seed", [0, 1])
def test_bucket_order_is_a_stable_argsort(n: int, seed: int) -> None:
    """The kernel's order of each row equals NumPy's stable argsort (by key, ties by index),
    on buckets of one key, of more than ``SMALL_BUCKET`` equal keys (merge sort), with
    ``-0.0``, subnormals, ``1e300`` and ``inf``."""
    keys = _rows_with_ties(n, seed)
    np.testing.assert_array_equal(R.row_order(keys), np.argsort(keys, axis=1, kind="stable"))


def test_bucket_order_on_the_edge_values() -> None:
    keys = np.array([[2.0, -0.0, np.inf, 1.0 + 2.0**-40, 1.0, 0.0, 1e-300, 5e-324]])
    # -0.0 and 0.0 tie (index order); 1 before 1 + 2**-40; inf last
    assert list(R.row_order(keys)[0]) == [1, 5, 7, 6, 4, 3, 0, 2]
