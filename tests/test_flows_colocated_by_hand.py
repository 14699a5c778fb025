"""Co-located units as one place (``flows/_colocated.py``), function by function, by hand.

The toy: four rows, rows 0 and 2 at one point (place 0), row 1 (place 1), row 3 (place 2);
populations ``m = (3, 5, 1, 2)``, so the places hold 4, 5 and 2 persons. The places'
probabilities ``p_IJ`` are chosen (rows of the matrix below); a member pair gets
``p_ab = p_IJ n_b / n_J``, worked out in the expected lists one pair at a time.

         to 0   to 1   to 2
    0     -     0.6    0.4
    1    0.7     -     0.3
    2    0.5    0.5     -
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metroscope.flows._colocated import (
    NOTE_GROUPS,
    Groups,
    _ranges,
    colocated_groups,
    merged_locations,
    note_groups,
    split_back,
    split_back_dense,
)

LABEL = [0, 1, 0, 2]
M = np.array([3.0, 5.0, 1.0, 2.0])
P = {(0, 1): 0.6, (0, 2): 0.4, (1, 0): 0.7, (1, 2): 0.3, (2, 0): 0.5, (2, 1): 0.5}


def toy() -> Groups:
    return Groups(np.array(LABEL, dtype=np.int64), np.array([0, 1, 3], dtype=np.int64),
                  np.array([2, 1, 1], dtype=np.int64))


def rows(a: np.ndarray, b: np.ndarray, p: np.ndarray) -> list[tuple[int, int, float]]:
    return [(int(x), int(y), round(float(z), 12)) for x, y, z in zip(a, b, p, strict=True)]


def freed_blocks_of_sevens() -> None:
    """Arrays of four 7.0 allocated and freed: NumPy hands their blocks to the next arrays of
    that size, so a share left uninitialised where a place holds no one would read 7, not 0."""
    blocks = [np.full(4, 7.0) for _ in range(10)]
    del blocks


def test_groups_of_a_table_without_ties_and_with_one_tie() -> None:
    xyz = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert colocated_groups(xyz) is None
    # rows 1 and 3 equal; row 2 differs from row 1 in the last coordinate only
    xyz = np.array([[0.0, 0.0, 1.0], [0.6, 0.8, 0.0], [0.6, 0.8, 1e-9], [0.6, 0.8, 0.0]])
    g = colocated_groups(xyz)
    assert g is not None and g.n_places == 3
    assert g.label.tolist() == [0, 1, 2, 1] and g.first.tolist() == [0, 1, 2]
    assert g.size.tolist() == [1, 2, 1]
    assert g.label.dtype == np.int64 and g.first.dtype == np.int64 and g.size.dtype == np.int64
    # the same latitude, longitudes +-37°: equal x and z, y of opposite signs; rows 0 and 2
    # are one point, so sorting must compare y before z
    xyz = np.array([[0.6, 0.8, 0.0], [0.6, -0.8, 0.0], [0.6, 0.8, 0.0]])
    g = colocated_groups(xyz)
    assert g is not None and g.label.tolist() == [0, 1, 0] and g.size.tolist() == [2, 1]
    # longitudes 53° and 127°: equal y and z, x of opposite signs
    xyz = np.array([[0.6, 0.8, 0.0], [-0.6, 0.8, 0.0], [0.6, 0.8, 0.0]])
    g = colocated_groups(xyz)
    assert g is not None and g.label.tolist() == [0, 1, 0] and g.size.tolist() == [2, 1]


def test_ranges_by_hand() -> None:
    got = _ranges(np.array([5, 0, 2]), np.array([2, 0, 3], dtype=np.int64))
    assert got.tolist() == [5, 6, 2, 3, 4] and got.dtype == np.int64
    assert _ranges(np.array([7]), np.array([1], dtype=np.int64)).tolist() == [7]


def test_merged_locations_by_hand() -> None:
    df = pd.DataFrame({"lon": [10, 20, 10, 30], "lat": [1, 2, 1, 3],
                       "population": [3, 5, 1, 2]}, index=["a", "b", "c", "d"])
    out = merged_locations(df, np.array([0.5, 4.0, 0.25, 1.0]), toy())
    assert out.index.tolist() == ["a", "b", "d"] and out.index.name == "code"
    assert out["lon"].tolist() == [10.0, 20.0, 30.0] and out["lat"].tolist() == [1.0, 2.0, 3.0]
    assert out["population"].tolist() == [4.0, 5.0, 2.0]
    assert out["outflow"].tolist() == [0.75, 4.0, 1.0]
    assert list(out.columns) == ["lon", "lat", "population", "outflow"]
    assert (out.dtypes == "float64").all()  # integer degrees in, float degrees out


# every member pair, rows in row order of a, the place's pairs in their order, the
# destination place's rows in row order: p_IJ * n_b / n_J
EXPECTED_ALL = [(0, 1, 0.6), (0, 3, 0.4),                              # place 0 -> 1, -> 2
                (1, 0, 0.7 * 3 / 4), (1, 2, 0.7 * 1 / 4), (1, 3, 0.3),  # place 1 -> 0, -> 2
                (2, 1, 0.6), (2, 3, 0.4),                              # row 2 is in place 0
                (3, 0, 0.5 * 3 / 4), (3, 2, 0.5 * 1 / 4), (3, 1, 0.5)]


def test_split_back_all_pairs_by_hand() -> None:
    pairs = list(P)
    oi = np.array([o for o, _ in pairs])
    dj = np.array([d for _, d in pairs])
    a, b, p = split_back(toy(), oi, dj, np.array([P[k] for k in pairs]), M)
    assert rows(a, b, p) == [(x, y, round(z, 12)) for x, y, z in EXPECTED_ALL]
    assert a.dtype == np.int64 and b.dtype == np.int64


def test_split_back_kept_pairs_and_an_empty_place() -> None:
    """Some pairs only (place 1 has none, as under a cut-off); place 0 holds no one, so its
    rows get nothing (0, not NaN, and no warning)."""
    m = np.array([0.0, 5.0, 0.0, 2.0])
    oi, dj, pm = np.array([0, 2, 2]), np.array([2, 0, 1]), np.array([1.0, 0.25, 0.75])
    g = toy()
    freed_blocks_of_sevens()
    a, b, p = split_back(g, oi, dj, pm, m)
    assert rows(a, b, p) == [(0, 3, 1.0), (2, 3, 1.0), (3, 0, 0.0), (3, 2, 0.0), (3, 1, 0.75)]


def test_split_back_dense_by_hand() -> None:
    """All pairs, off-diagonal row-major; each row a's destinations in row order of b."""
    pm = np.array([[P[(i, j)] for j in range(3) if j != i] for i in range(3)])
    a, b, p = split_back_dense(toy(), pm, M)
    want = sorted(EXPECTED_ALL)
    assert rows(a, b, p) == [(x, y, round(z, 12)) for x, y, z in want]
    assert a.dtype == np.int64 and b.dtype == np.int64
    # an empty place: its rows receive 0
    g, m = toy(), np.array([0.0, 5.0, 0.0, 2.0])
    freed_blocks_of_sevens()
    a, b, p = split_back_dense(g, pm, m)
    got = {(int(x), int(y)): float(z) for x, y, z in zip(a, b, p, strict=True)}
    assert got[(1, 0)] == 0.0 and got[(3, 2)] == 0.0 and got[(1, 3)] == pytest.approx(0.3)


def test_note_groups_by_hand() -> None:
    shown, n = note_groups(pd.Index(["a", "b", "c", "d"]), toy())
    assert shown == ["a + c"] and n == 1
    # 25 places of two rows (rows k and k + 25) and one of one row: 20 spelled out
    k = 25
    label = np.array([*range(k), *range(k), k], dtype=np.int64)
    g = Groups(label, np.array([*range(k), 2 * k], dtype=np.int64),
               np.array([2] * k + [1], dtype=np.int64))
    codes = pd.Index([f"r{i}" for i in range(2 * k + 1)])
    shown, n = note_groups(codes, g)
    assert NOTE_GROUPS == 20 and n == 25 and len(shown) == 20
    assert shown[0] == "r0 + r25" and shown[19] == "r19 + r44"


def test_split_back_spells_out_places_in_row_order() -> None:
    """15 rows in three places of five, interleaved (row r in place r mod 3), each of 0.1
    persons (a place of 0.5 persons gets its share too): row 0's pairs are place 1's rows
    1, 4, ..., 13 then place 2's rows 2, 5, ..., 14, each with p_IJ x 0.1 / 0.5."""
    label = np.array([0, 1, 2] * 5, dtype=np.int64)
    g = Groups(label, np.array([0, 1, 2], dtype=np.int64), np.array([5, 5, 5], dtype=np.int64))
    pairs = list(P)
    a, b, p = split_back(g, np.array([o for o, _ in pairs]), np.array([d for _, d in pairs]),
                         np.array([P[k] for k in pairs]), np.full(15, 0.1))
    first = a == 0
    assert b[first].tolist() == [1, 4, 7, 10, 13, 2, 5, 8, 11, 14]
    np.testing.assert_allclose(p[first], [0.6 * 0.2] * 5 + [0.4 * 0.2] * 5, rtol=1e-12)
    assert b[a == 13].tolist() == [0, 3, 6, 9, 12, 2, 5, 8, 11, 14]
    assert a.tolist() == sorted(a.tolist()) and len(a) == 15 * 10
    # the dense path: row 0's destinations in row order, the same probabilities
    pm = np.array([[P[(i, j)] for j in range(3) if j != i] for i in range(3)])
    a, b, p = split_back_dense(g, pm, np.full(15, 0.1))
    assert b[a == 0].tolist() == [1, 2, 4, 5, 7, 8, 10, 11, 13, 14]
    np.testing.assert_allclose(p[a == 0], [0.6 * 0.2, 0.4 * 0.2] * 5, rtol=1e-12)


def test_split_back_when_the_last_places_have_no_pairs() -> None:
    """Only place 0 has pairs (to places 1 and 2): rows 0 and 2 get them, rows 1 and 3
    nothing."""
    a, b, p = split_back(toy(), np.array([0, 0]), np.array([1, 2]), np.array([0.6, 0.4]), M)
    assert rows(a, b, p) == [(0, 1, 0.6), (0, 3, 0.4), (2, 1, 0.6), (2, 3, 0.4)]


def test_note_groups_lists_members_in_row_order() -> None:
    """Rows r in place r mod 3 (15 rows): each place's codes in row order."""
    label = np.array([0, 1, 2] * 5, dtype=np.int64)
    g = Groups(label, np.array([0, 1, 2], dtype=np.int64), np.array([5, 5, 5], dtype=np.int64))
    shown, n = note_groups(pd.Index([f"c{i:02d}" for i in range(15)]), g)
    assert n == 3
    assert shown == ["c00 + c03 + c06 + c09 + c12", "c01 + c04 + c07 + c10 + c13",
                     "c02 + c05 + c08 + c11 + c14"]
