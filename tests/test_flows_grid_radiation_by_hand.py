"""The Python side of radiation's one-pass ``k_nearest`` path (``flows/_grid_radiation.py``) on
a few units of the equator whose probabilities are written out here with Simini's formula
p_ij = m_i n_j / ((m_i + s_ij)(m_i + n_j + s_ij)), s_ij the population strictly nearer to i
than j (other than i and j); no two distances from one origin tie, except at a shared point.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import radiation

LONS = [0.0, 1.0, 3.0, 7.0, 12.0, 18.0]
POPS = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]


def _loc() -> pd.DataFrame:
    return pd.DataFrame({"lon": LONS, "lat": [0.0] * 6, "population": POPS},
                        index=[f"u{i}" for i in range(6)])


def _by_hand(k: int) -> dict[tuple[str, str], float]:
    out = {}
    for i in range(6):
        order = sorted((j for j in range(6) if j != i), key=lambda j: abs(LONS[j] - LONS[i]))
        s = 0.0
        for j in order[:k]:
            mi, nj = POPS[i], POPS[j]
            out[(f"u{i}", f"u{j}")] = mi * nj / ((mi + s) * (mi + nj + s))
            s += nj
    return out


@pytest.mark.parametrize("k", [1, 2, 5, 9])
def test_k_nearest_probabilities_and_flows_by_hand(k: int) -> None:
    """k = 1, 2: rows of k pairs; k = 5 and 9: every other unit kept (width n - 1 = 5); with
    no normalisation each flow is p_ij m_i, and with the row normalisation p_ij over the row's
    kept sum, in rank order."""
    calls: list[tuple[int, int]] = []
    got = radiation(_loc(), k_nearest=k, normalisation="none", chunk_rows=2,
                    progress=lambda done, total: calls.append((done, total)))
    want = _by_hand(min(k, 5))
    assert list(got.index) == list(want)
    np.testing.assert_allclose(got["probability"].to_numpy(), list(want.values()), rtol=1e-12)
    np.testing.assert_allclose(got["flow"].to_numpy(),
                               [p * POPS[int(o[1])] for (o, _), p in want.items()], rtol=1e-12)
    assert calls[-1] == (3, 3) and len(calls) == 3  # 6 origins in blocks of 2
    row = radiation(_loc(), k_nearest=k)
    sums = {o: sum(p for (a, _), p in want.items() if a == o) for o in _loc().index}
    np.testing.assert_allclose(row["probability"].to_numpy(),
                               [p / sums[o] for (o, _), p in want.items()], rtol=1e-12)


def test_rows_cut_at_a_shared_point_are_moved_together() -> None:
    """u1b shares u1's point: with k = 1, u1's nearest is u1b alone and the other way round
    (distance 0, no one nearer); u0 and u2 have the group {u1, u1b} at one distance in first
    place, which the first place cuts, so they keep no pair and the rows after them are moved
    up; u3, u4, u5 keep their nearest (u2, u3, u4)."""
    loc = pd.concat([_loc(), pd.DataFrame({"lon": [1.0], "lat": [0.0], "population": [5.0]},
                                          index=["u1b"])])
    got = radiation(loc, k_nearest=1, normalisation="none", colocated="keep")
    assert list(got.index) == [("u1", "u1b"), ("u3", "u2"), ("u4", "u3"), ("u5", "u4"),
                               ("u1b", "u1")]
    np.testing.assert_allclose(got["probability"].to_numpy(),
                               [20 * 5 / (20 * 25), 40 * 30 / (40 * 70), 50 * 40 / (50 * 90),
                                60 * 50 / (60 * 110), 5 * 20 / (5 * 25)], rtol=1e-12)
    np.testing.assert_allclose(got["flow"].to_numpy(),
                               [20 * 5 / 25, 40 * 30 / 70, 50 * 40 / 90, 60 * 50 / 110,
                                5 * 20 / 25], rtol=1e-12)
