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


def test_tie_rules_at_a_shared_point() -> None:
    """u1b shares u1's point and k = 2: u0 keeps the group {u1, u1b} whole (distance 1).
    Inclusive: each of the two counts the other as nearer (s = 5 for u1, 20 for u1b);
    ordered: the first in code order (u1) has s = 0, u1b has s = 20."""
    loc = pd.concat([_loc(), pd.DataFrame({"lon": [1.0], "lat": [0.0], "population": [5.0]},
                                          index=["u1b"])])

    def p(mi: float, nj: float, s: float) -> float:
        return mi * nj / ((mi + s) * (mi + nj + s))

    inc = radiation(loc, k_nearest=2, normalisation="none", colocated="keep")
    assert inc.loc[("u0", "u1"), "probability"] == pytest.approx(p(10, 20, 5), rel=1e-12)
    assert inc.loc[("u0", "u1b"), "probability"] == pytest.approx(p(10, 5, 20), rel=1e-12)
    ordered = radiation(loc, k_nearest=2, normalisation="none", colocated="keep",
                        tie_rule="ordered")
    assert ordered.loc[("u0", "u1"), "probability"] == pytest.approx(p(10, 20, 0), rel=1e-12)
    assert ordered.loc[("u0", "u1b"), "probability"] == pytest.approx(p(10, 5, 20), rel=1e-12)


def test_pack_rows_when_the_kept_pairs_number_rows_over_width() -> None:
    """Four rows of width 2 keeping 1, 0, 1, 0 pairs: 2 pairs (= 4 / 2, not 4 x 2) are
    moved together."""
    from metroscope.flows._grid_radiation import pack_rows

    counts = np.array([1, 0, 1, 0], dtype=np.int64)
    nbr = np.array([5, -1, -1, -1, 7, -1, -1, -1], dtype=np.int16)
    p = np.array([0.5, 0, 0, 0, 0.25, 0, 0, 0])
    oi = np.array([0, 9, 9, 9, 2, 9, 9, 9], dtype=np.int16)
    assert pack_rows(counts, 2, nbr, p, 10 * p, oi) == 2
    assert nbr[:2].tolist() == [5, 7] and oi[:2].tolist() == [0, 2]
    assert p[:2].tolist() == [0.5, 0.25]


def test_codes_come_in_the_flow_tables_code_type() -> None:
    """The origin and destination positions are returned in the integer type pandas keeps
    the codes of 6 labels in (int8), so the flow table takes them without a converted copy;
    the pairs are each unit's nearest (k = 1), by hand."""
    from metroscope.flows._grid_radiation import grid_radiation
    from metroscope.flows._pairs import PairIndex
    from metroscope.flows._table import locations_table, radians

    df = locations_table(_loc())
    rad = radians(df)
    m = df["population"].to_numpy(float)
    grid = PairIndex().grid(rad["lat"], rad["lon"])
    assert grid is not None
    common = {"m": m, "tie_rule": 0, "model": 0, "alpha": 1.0, "total": float(m.sum()),
              "norm": "none"}
    p, flow, oi, dj, kept = grid_radiation(grid, rad, 6, 1, m, common, engine=None,
                                           client=None, chunk_rows=None, progress=None)
    want = pd.Categorical.from_codes([0], categories=range(6)).codes.dtype
    assert oi.dtype == dj.dtype == want == np.int8
    assert oi.tolist() == [0, 1, 2, 3, 4, 5] and dj.tolist() == [1, 0, 1, 2, 3, 4]
    np.testing.assert_allclose(p, [20 / 30, 10 / 30, 20 / 50, 30 / 70, 40 / 90, 50 / 110],
                               rtol=1e-12)
    np.testing.assert_allclose(kept, p, rtol=1e-12)  # one pair a row
    np.testing.assert_allclose(flow, p * m, rtol=1e-12)


def test_the_local_engine_ignores_a_client() -> None:
    """engine="local" with a client given computes here (the client is not used); with one
    pair a row, p = n_j / (m_i + n_j)."""
    got = radiation(_loc(), k_nearest=1, normalisation="none", engine="local", client=object())
    np.testing.assert_allclose(got["probability"].to_numpy(),
                               [20 / 30, 10 / 30, 20 / 50, 30 / 70, 40 / 90, 50 / 110],
                               rtol=1e-12)
