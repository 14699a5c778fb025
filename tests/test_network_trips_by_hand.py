"""The rail view's rule in ``network/_trips.py`` on the two-component toy of
``test_network_rail_rule`` (minutes summed by hand there) and on small arrays by loops.

P -> Q by rail obeying the rule: road 5, change 5, wait 10, SA -> SB 10, dwell 2, SB -> SC 4,
change 5, road 70 = 111 (both ways); R -> S only rides SE -> SF -> SE (a token ride): inf,
marked token-only; P, Q and R, S are separate components.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from metroscope import NetworkError
from metroscope.network import _trips
from metroscope.network._trips import rule_applies, trip_minutes, trip_paths
from metroscope.network.graph import build_graph
from test_network_fixtures import toy_settings
from test_network_rail_rule import toy

INF = math.inf
HAND = {("P", "Q"): 111.0, ("Q", "P"): 111.0}  # between units; the rest inf


def test_minutes_and_token_rides_by_hand() -> None:
    g = build_graph(toy(), mode="rail", settings=toy_settings())
    assert rule_applies(g)
    codes = list("PQRS")
    trip = trip_minutes(g, [g.unit_in[c] for c in codes], [g.unit_out[c] for c in codes])
    assert trip.minutes.shape == (4, 4) and trip.token_only.dtype == bool
    for i, o in enumerate(codes):
        for j, d in enumerate(codes):
            if o == d:  # a unit to itself is 0 in the matrices, set there, not routed here
                continue
            assert trip.minutes[i, j] == pytest.approx(HAND.get((o, d), INF)), (o, d)
            assert bool(trip.token_only[i, j]) == ((o, d) in {("R", "S"), ("S", "R")}), (o, d)
    # the paths are the trips the minutes are of: their edges add up to the minutes
    paths = trip_paths(g, [g.unit_in[c] for c in codes], [g.unit_out[c] for c in codes])
    csr = g.csr.tocsr()
    for i, o in enumerate(codes):
        for j, d in enumerate(codes):
            if o == d:
                continue
            path = paths[i][j]
            if math.isinf(HAND.get((o, d), INF)):
                assert path is None, (o, d)
                continue
            assert path is not None and path[0] == g.unit_in[o] and path[-1] == g.unit_out[d]
            total = sum(float(csr[a, b]) for a, b in itertools.pairwise(path))
            assert total == pytest.approx(HAND[(o, d)]), (o, d)
    (pq,) = paths[0][1:2]
    stations = [g.labels[k] for k in pq if g.labels[k].startswith(("in:", "out:"))]
    assert stations == ["in:SA", "out:SC"]


def test_other_views_are_plain_shortest_paths() -> None:
    for mode in ("road", "fastest"):
        g = build_graph(toy(), mode=mode, settings=toy_settings())
        assert not rule_applies(g)
        trip = trip_minutes(g, [g.unit_in["P"], g.unit_in["R"]],
                            [g.unit_out["Q"], g.unit_out["S"], g.unit_out["R"]])
        np.testing.assert_array_equal(trip.minutes, [[30.0, INF, INF], [INF, 20.0, 0.0]])
        assert not trip.token_only.any() and trip.token_only.shape == (2, 3)
        assert trip.token_only.dtype == bool
        (row,) = trip_paths(g, [g.unit_in["P"]], [g.unit_out["Q"], g.unit_out["R"]])
        assert row[1] is None and row[0] is not None
        assert [g.labels[k] for k in row[0]] == ["unit-in:P", "n:seat:P", "n:seat:Q",
                                                 "unit-out:Q"]


def test_bad_sources_are_named() -> None:
    g = build_graph(toy(), mode="rail", settings=toy_settings())
    n = g.n_nodes
    for bad in ([True], [-1], [n], [1.5]):
        with pytest.raises(NetworkError) as err:
            trip_minutes(g, bad, [0])  # type: ignore[arg-type]
        assert err.value.args[0].params == {"got": repr(bad), "last": n - 1}
        with pytest.raises(NetworkError):
            trip_paths(g, bad, [0])  # type: ignore[arg-type]
    ok = _trips._checked(g, [np.int64(0), n - 1])
    assert ok.dtype == np.int64 and ok.tolist() == [0, n - 1]


def test_min_plus_by_loops_and_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    x, y = rng.random((7, 5)) * 10, rng.random((5, 4)) * 10
    x[2, :] = INF
    want = np.array([[min(x[i, j] + y[j, k] for j in range(5)) for k in range(4)]
                     for i in range(7)])
    np.testing.assert_array_equal(_trips._min_plus(x, y), want)
    monkeypatch.setattr(_trips, "_BLOCK", 25)  # one row of 5 x 4 per block ... then 1
    np.testing.assert_array_equal(_trips._min_plus(x, y), want)
    monkeypatch.setattr(_trips, "_BLOCK", 45)  # two rows a block, the last block short
    np.testing.assert_array_equal(_trips._min_plus(x, y), want)
    # one row, one column
    np.testing.assert_array_equal(_trips._min_plus(x[:1], y), want[:1])
    np.testing.assert_array_equal(_trips._min_plus(x, y[:, :1]), want[:, :1])
    for a, b in ((np.zeros((3, 0)), np.zeros((0, 2))), (np.zeros((0, 2)), np.zeros((2, 2))),
                 (np.zeros((3, 2)), np.zeros((2, 0)))):
        out = _trips._min_plus(a, b)
        assert out.shape == (a.shape[0], b.shape[1]) and np.isinf(out).all()


def test_dijkstra_without_sources_and_the_stations() -> None:
    g = build_graph(toy(), mode="rail", settings=toy_settings())
    empty = np.zeros(0, dtype=np.int64)
    d = _trips._dijkstra(g.csr, empty)
    assert d.shape == (0, g.n_nodes)
    d, p = _trips._dijkstra(g.csr, empty, pred=True)
    assert d.shape == p.shape == (0, g.n_nodes)
    one, pred = _trips._dijkstra(g.csr, np.array([g.unit_in["P"]]), pred=True)
    assert one.shape == (1, g.n_nodes) and pred.shape == (1, g.n_nodes)
    assert one.dtype == np.float64 and one[0, g.unit_in["P"]] == 0.0
    assert pred[0, g.unit_in["P"]] == -9999
    ins, outs = _trips._stations(g)
    names_in = [g.labels[i][3:] for i in ins]
    assert names_in == sorted(names_in) == [g.labels[i][4:] for i in outs]
    assert names_in == ["SA", "SB", "SC", "SE", "SF"]
    free = _trips._no_boarding(g)
    coo = g.csr.tocoo()
    into_dep = sum(g.labels[c].startswith("dep:") for c in coo.col)
    assert free.nnz == coo.nnz - into_dep and free.shape == g.csr.shape
    assert not any(g.labels[c].startswith("dep:") for c in free.tocoo().col)


def test_a_trip_without_a_train_between_nodes() -> None:
    # from the train's arrival at SB to the station's exit: alighting, no boarding, so the
    # rule does not apply and the path is the plain one
    g = build_graph(toy(), mode="rail", settings=toy_settings())
    arr = g.labels.index("arr:SB|L|from:SA")
    out = g.labels.index("out:SB")
    trip = trip_minutes(g, [arr], [out])
    (row,) = trip_paths(g, [arr], [out])
    (path,) = row
    assert path is not None and path[0] == arr and path[-1] == out and len(path) >= 2
    csr = g.csr.tocsr()
    total = sum(float(csr[a, b]) for a, b in itertools.pairwise(path))
    assert total == pytest.approx(float(trip.minutes[0, 0]))
    assert not any(g.labels[k].startswith("dep:") for k in path)
