"""The tidying of observed flows before a fit (``flows._observed``), against plain-Python
counts written here."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from metroscope.flows._observed import _repeated_pairs, aggregate_duplicates, drop_empty_margins
from metroscope.messages import Message

# three or more English words in a row (the rule of tests/test_messages.py)
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")


def _reference_drop(rows: list[tuple[str, str, float]]) -> tuple[list[int], list[str], list[str]]:
    """Drop origins with no outflow and destinations with no inflow until none is left."""
    keep = list(range(len(rows)))
    gone: dict[str, list[str]] = {"origin": [], "destination": []}
    changed = True
    while changed:
        changed = False
        for side, col in (("origin", 0), ("destination", 1)):
            total: dict[str, float] = {}
            for i in keep:
                total[rows[i][col]] = total.get(rows[i][col], 0.0) + rows[i][2]
            empty = sorted(c for c, t in total.items() if t <= 0)
            if empty:
                keep = [i for i in keep if rows[i][col] not in empty]
                gone[side] += empty
                changed = True
    return keep, gone["origin"], gone["destination"]


@pytest.mark.parametrize("seed", range(6))
def test_drop_empty_margins_matches_a_plain_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    codes = [f"{220100 + i:06d}" for i in range(12)]
    rows = [(codes[o], codes[d], float(rng.choice([0, 0, 0, 1, 5])))
            for o in range(12) for d in range(12) if o != d and rng.random() < 0.3]
    if sum(r[2] for r in rows) == 0:
        rows.append((codes[0], codes[1], 3.0))
    keep, origins, destinations = _reference_drop(rows)
    df = {"origin": pd.Series([r[0] for r in rows]),
          "destination": pd.Series([r[1] for r in rows]),
          "flow": pd.Series([r[2] for r in rows])}
    notes: list[str] = []
    out = drop_empty_margins(df, "doubly", notes)
    got = list(zip(out["origin"], out["destination"], out["flow"], strict=True))
    assert got == [rows[i] for i in keep]
    for side, gone in (("origin", origins), ("destination", destinations)):
        key = "flow_dropped_zero_outflow" if side == "origin" else "flow_dropped_zero_inflow"
        said = [n for n in notes if isinstance(n, Message) and n.key == key]
        if gone:
            assert said == [f"{len(gone)} {side}(s) with zero observed "
                            f"{'outflow' if side == 'origin' else 'inflow'} were left out "
                            "(their fixed effect has no finite estimate): " + ", ".join(gone)]
            assert said[0].params == {"n": len(gone), "codes": {"zh": "、".join(gone),
                                                               "en": ", ".join(gone)}}
            what = "流出量" if side == "origin" else "流入量"
            end = "起点" if side == "origin" else "终点"
            assert said[0].zh == (f"{len(gone)} 个观测{what}为 0 的{end}未参与拟合(其固定效应"
                                  "没有有限的估计值):" + "、".join(gone))
        else:
            assert said == []
    assert len(notes) == bool(origins) + bool(destinations)


def test_drop_empty_margins_only_on_the_constrained_side() -> None:
    df = {"origin": pd.Series(["A", "A", "B"]), "destination": pd.Series(["B", "C", "A"]),
          "flow": pd.Series([2.0, 0.0, 0.0])}
    notes: list[str] = []
    out = drop_empty_margins(df, "production", notes)  # B sends nothing; C receives nothing
    assert list(out["origin"]) == ["A", "A"]
    assert notes == ["1 origin(s) with zero observed outflow were left out (their fixed "
                     "effect has no finite estimate): B"]
    assert notes[0].zh == "1 个观测流出量为 0 的起点未参与拟合(其固定效应没有有限的估计值):B"
    assert not ENGLISH.search(notes[0].zh)
    assert drop_empty_margins(df, "none", []) is df


@pytest.mark.parametrize("n_labels", [5, 3000])  # both counted (at most 400 x 400 labels)
def test_repeated_pairs_match_a_counter(n_labels: int) -> None:
    rng = np.random.default_rng(n_labels)
    o = [f"o{x}" for x in rng.integers(0, n_labels, 400)]
    d = [f"d{x}" for x in rng.integers(0, n_labels, 400)]
    o += o[:7]  # at least seven pairs repeat
    d += d[:7]
    seen = Counter(zip(o, d, strict=True))
    expected = [seen[p] > 1 for p in zip(o, d, strict=True)]
    got = _repeated_pairs(pd.Series(o), pd.Series(d))
    assert got.tolist() == expected
    assert sum(expected) >= 14


def test_aggregate_duplicates_sums_flows_of_a_repeated_pair() -> None:
    df = {"origin": pd.Series(["A", "A", "B", "A"]), "destination": pd.Series(["B", "C", "A", "B"]),
          "flow": pd.Series([1.0, 2.0, 3.0, 4.0]), "cost": pd.Series([5.0, 6.0, 5.0, 5.0])}
    notes: list[str] = []
    out = aggregate_duplicates(df, notes)
    got = sorted(zip(out["origin"], out["destination"], out["flow"], out["cost"], strict=True))
    assert got == [("A", "B", 5.0, 5.0), ("A", "C", 2.0, 6.0), ("B", "A", 3.0, 5.0)]
    assert notes == ["2 rows repeat 1 origin-destination pair(s) (A->B); their flows were "
                     "summed into one observation per pair"]
    note = notes[0]
    assert isinstance(note, Message) and note.key == "flow_summed_repeated_pairs"
    assert note.params == {"rows": 2, "pairs": 1, "listed": {"zh": "A->B", "en": "A->B"}}
    assert note.zh == "2 行重复了 1 个起讫点对(A->B);每个起讫点对的流量已相加为一个观测值"
    assert not ENGLISH.search(note.zh)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_compiled_demeaning_matches_numpy_alternating_projections(k: int) -> None:
    from metroscope.flows._fit_kernels import demean

    rng = np.random.default_rng(k)
    g1, g2 = rng.integers(0, 40, 3000), rng.integers(0, 25, 3000)
    v = rng.normal(size=3000) + 0.3 * g1 - 0.2 * g2
    groups = [g1, g2][:k]
    r = v - v.mean()
    for _ in range(500):  # the loop check_identified ran before it was compiled
        before = r
        for grp in groups:
            r = r - (np.bincount(grp, weights=r) / np.maximum(np.bincount(grp), 1))[grp]
        if np.max(np.abs(r - before)) <= 1e-13 * (np.max(np.abs(v)) + 1.0):
            break
    got = demean(v, g1, 40, g2 if k == 2 else g2[:0], 25 if k == 2 else 0, k, 500)
    np.testing.assert_allclose(got, r, rtol=0, atol=1e-12)
    if k:
        assert np.abs(got).max() > 0.1  # the means of the groups do not explain the noise


@pytest.mark.parametrize("seed", [1, 2])
def test_drop_empty_margins_with_the_callers_codes_is_the_same(seed: int) -> None:
    from metroscope.flows._observed import factorize_sorted

    rng = np.random.default_rng(seed)
    df = {"origin": pd.Series(rng.integers(0, 8, 60)),
          "destination": pd.Series(rng.integers(0, 8, 60)),
          "flow": pd.Series(rng.poisson(0.4, 60).astype(float))}
    codes = {s: factorize_sorted(df[s]) for s in ("origin", "destination")}
    notes_a: list[str] = []
    notes_b: list[str] = []
    a = drop_empty_margins(df, "doubly", notes_a)
    b = drop_empty_margins(df, "doubly", notes_b, codes)
    assert notes_a == notes_b
    assert notes_a  # something was dropped (a destination without inflow)
    for c in df:
        pd.testing.assert_series_equal(a[c], b[c])


@pytest.mark.parametrize("n", [3, 4, 9, 40])
def test_closed_form_two_way_residual_matches_alternating_projections(n: int) -> None:
    from metroscope.flows._fit_kernels import demean, offdiag_two_way_rss

    rng = np.random.default_rng(n)
    oi = np.repeat(np.arange(n), n - 1)
    dj = np.array([j for i in range(n) for j in range(n) if j != i])
    g = rng.uniform(0.0, 50.0, n * (n - 1))
    r = demean(g, oi, n, dj, n, 2, 10_000)
    assert offdiag_two_way_rss(g, n) == pytest.approx(float(r @ r), rel=1e-10)
    additive = rng.normal(size=n)[oi] * 100.0 + rng.normal(size=n)[dj] * 30.0
    assert offdiag_two_way_rss(additive, n) <= 1e-20 * float(additive @ additive)


@pytest.mark.parametrize("seed", [3, 4, 5, 6])
def test_component_count_matches_scipy(seed: int) -> None:
    """The union-find of check_connected against SciPy's labelling of the same bipartite
    graph, from many small groups (sparse pairs) to one (dense pairs)."""
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    from metroscope.flows._fit_kernels import count_components

    rng = np.random.default_rng(seed)
    no, nd = 40, 30
    m = [10, 25, 60, 400][seed - 3]
    oi, dj = rng.integers(0, no, m), rng.integers(0, nd, m)
    graph = coo_array((np.ones(m), (oi, no + dj)), shape=(no + nd, no + nd))
    expected, _ = connected_components(graph, directed=False)
    assert count_components(oi, dj, no, nd) == expected
    assert (expected > 1) == (seed < 6)  # the dense draw is one group, the others are not


def test_distinct_pairs_are_not_marked_repeated() -> None:
    o = [f"o{i}" for i in range(20) for _ in range(20)]
    d = [f"d{j}" for _ in range(20) for j in range(20)]
    assert not _repeated_pairs(pd.Series(o), pd.Series(d)).any()
    got = _repeated_pairs(pd.Series(o + ["o3"]), pd.Series(d + ["d7"]))
    assert np.flatnonzero(got).tolist() == [3 * 20 + 7, 400]
