"""The dense radiation ranking (packed 64-bit keys sorted as integers, ``flows/_radiation_rows``)
against a plain-Python radiation model that sorts destinations with Python's stable ``sorted``
by (key, index): ties, keys that differ only below their leading 32 bits, ``-0.0`` and ``inf``.

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
def test_packed_ranking_equals_the_definition_on_ties_and_near_ties(tie_rule: str,
                                                                     seed: int) -> None:
    n = 23
    cost = near_tie_costs(n, seed)
    m = np.random.default_rng(seed + 10).integers(1, 50, n).astype(float)
    codes = [f"c{i:02d}" for i in range(n)]
    loc = pd.DataFrame({"population": m}, index=codes)
    got = radiation(loc, cost=pd.DataFrame(cost, index=codes, columns=codes),
                    normalisation="none", tie_rule=tie_rule)["probability"]  # type: ignore[arg-type]
    ref = reference(cost, m, tie_rule)
    for (i, j), p in ref.items():
        assert got[(codes[i], codes[j])] == pytest.approx(p, rel=1e-12, abs=0.0), (i, j)


def test_pack_keys_orders_like_the_floats_and_carries_the_index() -> None:
    keys = np.array([[2.0, -0.0, np.inf, 1.0 + 2.0**-40, 1.0, 0.0, 1e-300, 5e-324]])
    packed = R.ranked(keys)
    idx = (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)[0]
    lead = packed[0] >> np.uint64(32)
    # sorted by leading bits, then index; -0.0 and 0.0 share a key, 1 and 1 + 2**-40 too
    assert list(idx) == [1, 5, 7, 6, 3, 4, 0, 2]
    assert lead[0] == lead[1] == lead[2]  # -0.0, 0.0 and the smallest subnormal
    assert lead[4] == lead[5]  # 1 + 2**-40 and 1: the kernel orders them by the full key
    assert np.all(np.diff(lead.astype(np.float64)) >= 0)
