"""A rail trip's train ride takes the traveller somewhere: it alights for the last time at a
station other than the one it first boarded at (metroscope.network._trips).

The rail view makes a trip between cities ride a train; before the rule, 134 of the 4,160
reachable ordered pairs of the Changchun unit matrix rode out and back to the station they
boarded at (南关区 -> 长岭县 170.43 min: 长春 -> 龙家, off, back to 长春, then by road).

Checked on a toy by hand (a pair rerouted, a pair left without rail service), against an
independent state-expanded graph (one copy of the graph per first boarding station) on the
embedded data, by a scan of every trip of the 65 x 65 rail matrix, by before/after counts
against SciPy's plain shortest paths, and by two trips summed by hand from the links table.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

import metroscope
from metroscope.messages import Message
from metroscope.network import (
    accessibility,
    commuting_circle,
    point_travel_times,
    travel_times_from,
    unit_travel_times,
    unreachable_pairs,
)
from metroscope.network._trips import trip_minutes, trip_paths
from metroscope.network.graph import RoutableGraph, build_graph, shortest_minutes
from metroscope.network.traveltime import matrix_units, routing_codes
from metroscope.region import Region
from metroscope.settings import get_settings
from test_network_fixtures import toy_settings

# ----------------------------------------------------------------------------- the toy
# Two road components. West: seat:P - SA 5 min, seat:P - seat:Q 30, seat:Q - SC 70 (roads);
# line L (hsr, headway 20: wait 10) SA -10 min- SB -4 min- SC; SB has no road. East: seat:R -
# SE 3, seat:R - seat:S 20 (roads); line M (rail, headway 20) SE -8 min- SF; SF has no road.
# Units P, Q, R, S at their seats (access 0). Settings (toy_settings): wait 0.5 x headway,
# transfer 5, dwell 2.


def toy() -> Region:
    units = pd.DataFrame({
        "code": list("PQRS"), "name_zh": list("甲乙丙丁"), "name_en": list("PQRS"),
        "level": "county", "role": ["core", "member", "member", "member"],
        "seat_lon": [125.0, 125.1, 126.0, 126.1], "seat_lat": 44.0})
    nodes = pd.DataFrame({
        "node_id": ["SA", "SB", "SC", "SE", "SF", "seat:P", "seat:Q", "seat:R", "seat:S"],
        "lon": [125.0, 125.05, 125.1, 126.0, 126.05, 125.0, 125.1, 126.0, 126.1], "lat": 44.0,
        "kind": ["station"] * 5 + ["seat"] * 4})
    links = pd.DataFrame({
        "link_id": ["l1", "l2", "m1", "r1", "r2", "r3", "r4", "r5"],
        "from_node": ["SA", "SB", "SE", "seat:P", "seat:P", "seat:Q", "seat:R", "seat:R"],
        "to_node": ["SB", "SC", "SF", "SA", "seat:Q", "SC", "SE", "seat:S"],
        "mode": ["hsr", "hsr", "rail", "road", "road", "road", "road", "road"],
        "line": ["L", "L", "M", None, None, None, None, None],
        "length_km": [30.0, 12.0, 10.0, 5.0, 30.0, 70.0, 3.0, 20.0],
        "speed_kph": [200.0, 200.0, 100.0, 60.0, 60.0, 60.0, 60.0, 60.0],
        "minutes": [10.0, 4.0, 8.0, 5.0, 30.0, 70.0, 3.0, 20.0],
        "status": "operating", "open_year": [2010, 2010, 2012, None, None, None, None, None],
        "headway_min": [20.0, 20.0, 20.0, None, None, None, None, None]})
    access = pd.DataFrame({"code": list("PQRS"),
                           "node_id": ["seat:P", "seat:Q", "seat:R", "seat:S"],
                           "minutes": [0.0, 0.0, 0.0, 0.0]})
    stats = pd.DataFrame({"code": list("PQRS"), "year": 2020, "indicator": "population",
                          "value": [1000.0, 500.0, 300.0, 200.0], "unit": "persons",
                          "source": "test", "quality": "A"})
    return Region("toy", units=units, nodes=nodes, links=links, access=access, stats=stats)


def plain(g: RoutableGraph, o: str, d: str) -> float:
    """The plain shortest path (no rule): SciPy's Dijkstra on the graph as built."""
    return float(shortest_minutes(g, [g.unit_in[o]])[0, g.unit_out[d]])


def test_the_toy_by_hand() -> None:
    s = toy_settings()
    g = build_graph(toy(), mode="rail", settings=s)
    # P -> Q, the plain shortest path: road 5, change 5, wait 10, SA -> SB 10, off, transfer
    # 5 + wait 10, SB -> SA 10, change 5, road 5 back to seat:P, road 30: 95 (out and back)
    token = 5 + 5 + 10 + 10 + 5 + 10 + 10 + 5 + 5 + 30
    assert plain(g, "P", "Q") == pytest.approx(token)
    # the rule: on to SC (dwell 2 at SB), change 5, road 70: 111
    legal = 5 + 5 + 10 + 10 + 2 + 4 + 5 + 70
    t = unit_travel_times(toy(), mode="rail", settings=s)
    assert t.loc["P", "Q"] == pytest.approx(legal)
    assert t.loc["Q", "P"] == pytest.approx(70 + 5 + 10 + 4 + 2 + 10 + 5 + 5)
    # R -> S: only SE -> SF -> SE (SF has no road): 3 + 5 + 10 + 8 + 5 + 10 + 8 + 5 + 3 + 20
    assert plain(g, "R", "S") == pytest.approx(77.0)
    assert math.isinf(t.loc["R", "S"]) and math.isinf(t.loc["S", "R"])
    # across the two components there is no path at all, in any view
    assert math.isinf(t.loc["P", "R"])
    road = unit_travel_times(toy(), mode="road", settings=s)
    assert (road.loc["P", "Q"], road.loc["R", "S"]) == (30.0, 20.0)
    fastest = unit_travel_times(toy(), mode="fastest", settings=s)
    assert (fastest.loc["P", "Q"], fastest.loc["R", "S"]) == (30.0, 20.0)
    np.testing.assert_array_equal(t.to_numpy(), t.to_numpy().T)


def test_the_toy_notes_and_unreachable_reasons() -> None:
    s = toy_settings()
    t = unit_travel_times(toy(), mode="rail", settings=s)
    notes = {getattr(n, "key", None): n for n in t.attrs["metroscope"]["notes"]}
    # 2 pairs only a token ride served; 8 pairs across the components; 10 inf in all
    assert notes["net_rail_token_only"].params == {"n": 2}
    assert notes["net_unreachable"].params == {"n": 10}
    assert "不通铁路" in notes["net_rail_token_only"].zh
    u = unreachable_pairs(toy(), mode="rail", settings=s).set_index(["origin", "destination"])
    assert len(u) == 10
    for pair in (("R", "S"), ("S", "R")):
        assert u.loc[pair, "reason"] == str(Message("net_reason_token_ride"))
        assert u.loc[pair, "reason"].startswith("not served by rail: every rail trip would")
    assert u.loc[("P", "R"), "reason"].startswith("no path in the rail network")
    # the road view has no such note
    road = unit_travel_times(toy(), mode="road", settings=s)
    assert "net_rail_token_only" not in {getattr(n, "key", None)
                                         for n in road.attrs["metroscope"]["notes"] or []}


def test_the_toy_rule_in_every_consumer() -> None:
    s = toy_settings()
    f = travel_times_from(toy(), ["R"], mode="rail", settings=s)
    assert math.isinf(f.loc["S", "R"]) and f.loc["R", "R"] == 0.0
    keys = [getattr(n, "key", None) for n in f.attrs["metroscope"]["notes"]]
    assert keys.count("net_rail_token_only") == 1
    # a point at R's seat joined to that seat alone: from S only a token ride reaches it
    pts = pd.DataFrame({"lon": [126.0], "lat": [44.0]}, index=["x"])
    one = toy_settings(point_access_nodes=1)
    for direction in ("to_points", "from_points"):
        to_x = point_travel_times(toy(), pts, mode="rail", settings=one, direction=direction)
        to_x = to_x if direction == "to_points" else to_x.T
        assert to_x.loc["R", "x"] == 0.0 and math.isinf(to_x.loc["S", "x"])
        (note,) = [n for n in to_x.attrs["metroscope"]["notes"]
                   if getattr(n, "key", None) == "net_rail_token_only"]
        assert note.params == {"n": 1}
        by_road = point_travel_times(toy(), pts, mode="road", settings=one, direction=direction)
        by_road = by_road if direction == "to_points" else by_road.T
        assert by_road.loc["S", "x"] == 20.0
    # the rail circle around R: S is outside (no rail service), R inside
    c = commuting_circle(toy(), origin="R", minutes=200, mode="rail", settings=s)
    assert bool(c.loc["R", "inside"]) and not bool(c.loc["S", "inside"])
    assert math.isinf(c.loc["S", "travel_time_min"])
    summary = c.attrs["metroscope"]["summary"]  # R's 300 persons of the four units' 2,000
    assert (summary["units_inside"], summary["population_inside"],
            summary["plan_area_population"]) == (1, 300.0, 2000.0)
    assert summary["share_plan_population_inside"] == pytest.approx(0.15)
    assert "net_rail_token_only" in [getattr(n, "key", None)
                                     for n in c.attrs["metroscope"]["notes"]]
    # accessibility: S's mass is not reachable from R by rail
    acc = accessibility(toy(), mode="rail", settings=s)
    assert math.isinf(acc.loc["R", "weighted_time_min"])


# ------------------------------------------------------------------ the embedded data
@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


@pytest.fixture(scope="module")
def rail(region: metroscope.Region) -> RoutableGraph:
    return build_graph(region, mode="rail")


def _codes(region: metroscope.Region, g: RoutableGraph) -> list[str]:
    return [c for c in dict.fromkeys(routing_codes(region, matrix_units(region)))
            if c is not None and c in g.unit_in]


def expanded_minutes(g: RoutableGraph, codes: list[str]) -> np.ndarray[Any, Any]:
    """The rule by an independent construction: one copy of the graph before the first
    boarding (no boarding edges), one copy per first boarding station A (every edge), one
    after the last alighting (no boarding edges), entered from copy A at ``out:B``, B != A."""
    n = g.n_nodes
    e = g.edges
    src, dst, w = (e["src"].to_numpy(np.int64), e["dst"].to_numpy(np.int64),
                   e["minutes"].to_numpy(float))
    label = np.array(g.labels, dtype=object)
    is_dep = np.array([x.startswith("dep:") for x in g.labels])
    stations = sorted(x[3:] for x in g.labels if x.startswith("in:"))
    index = {x: i for i, x in enumerate(g.labels)}
    free = ~is_dep[dst]
    layers = len(stations) + 2
    rows, cols, ws = [src[free]], [dst[free]], [w[free]]          # layer 0: before
    last = (layers - 1) * n
    rows.append(src[free] + last)                                    # last layer: after
    cols.append(dst[free] + last)
    ws.append(w[free])
    for k, a in enumerate(stations, start=1):
        off = k * n
        rows.append(src + off)                                       # copy A: every edge
        cols.append(dst + off)
        ws.append(w)
        board = src == index[f"in:{a}"]                              # layer 0 -> copy A
        rows.append(src[board])
        cols.append(dst[board] + off)
        ws.append(w[board])
        for b in stations:                                           # copy A -> after, B != A
            if b != a:
                rows.append(np.array([index[f"out:{b}"] + off]))
                cols.append(np.array([index[f"out:{b}"] + last]))
                ws.append(np.array([0.0]))
    csr = sp.csr_array((np.concatenate(ws), (np.concatenate(rows), np.concatenate(cols))),
                       shape=(layers * n, layers * n))
    assert label.size == n
    d = dijkstra(csr, directed=True, indices=[g.unit_in[c] for c in codes])
    out_nodes = np.array([g.unit_out[c] for c in codes])
    return np.minimum(d[:, out_nodes], d[:, out_nodes + last])


def test_the_rule_equals_an_independent_state_expanded_graph(
        region: metroscope.Region, rail: RoutableGraph) -> None:
    codes = _codes(region, rail)
    src, dst = [rail.unit_in[c] for c in codes], [rail.unit_out[c] for c in codes]
    got = trip_minutes(rail, src, dst).minutes
    np.testing.assert_allclose(got, expanded_minutes(rail, codes), rtol=0, atol=1e-9)


def test_without_the_rule_the_decomposition_is_scipys_shortest_path(
        region: metroscope.Region, rail: RoutableGraph) -> None:
    # the token-only pairs and the minimum over every first and last station (A = B too):
    # a pair is token-only exactly when SciPy finds a path and the rule finds none
    codes = _codes(region, rail)
    src, dst = [rail.unit_in[c] for c in codes], [rail.unit_out[c] for c in codes]
    trips = trip_minutes(rail, src, dst)
    scipy_plain = shortest_minutes(rail, src)[:, dst]
    assert np.all(trips.minutes >= scipy_plain - 1e-9)
    np.testing.assert_array_equal(trips.token_only,
                                  np.isinf(trips.minutes) & np.isfinite(scipy_plain))


def _station(label: str) -> str:
    return label.split(":", 1)[1]


def boarded_and_alighted(g: RoutableGraph, path: list[int]) -> tuple[str, str] | None:
    """The first boarding and last alighting stations of a path, read from its node labels
    (``in:X`` is entered only to board, ``out:X`` only by alighting); None without a train."""
    ins = [_station(g.labels[i]) for i in path if g.labels[i].startswith("in:")]
    outs = [_station(g.labels[i]) for i in path if g.labels[i].startswith("out:")]
    return (ins[0], outs[-1]) if ins else None


def test_no_trip_of_the_changchun_rail_matrix_alights_last_where_it_first_boarded(
        region: metroscope.Region, rail: RoutableGraph) -> None:
    codes = _codes(region, rail)
    assert len(codes) == 65
    src, dst = [rail.unit_in[c] for c in codes], [rail.unit_out[c] for c in codes]
    paths = trip_paths(rail, src, dst)
    t = unit_travel_times(region, mode="rail", settings=get_settings(travel_time_cache="off"))
    weight = dict(zip(zip(rail.edges["src"].tolist(), rail.edges["dst"].tolist()),
                      rail.edges["minutes"].tolist(), strict=True))
    rides = same = 0
    for (i, o), (j, d) in itertools.product(enumerate(codes), enumerate(codes)):
        if o == d:
            continue
        path = paths[i][j]
        assert path is not None and path[0] == src[i] and path[-1] == dst[j]
        # the path is one of the graph's and its minutes are the matrix's
        total = sum(weight[(u, v)] for u, v in itertools.pairwise(path))
        assert total == pytest.approx(t.loc[o, d], abs=1e-9)
        ends = boarded_and_alighted(rail, path)
        if ends is not None:
            rides += 1
            same += ends[0] == ends[1]
    assert same == 0
    # the trips without a train are those the graph without its ride edges makes as quick
    # (the intra-city leg between units of one city)
    e = rail.edges[rail.edges["kind"] != "ride"]
    walk = sp.csr_array((e["minutes"].to_numpy(float), (e["src"].to_numpy(np.int64),
                                                        e["dst"].to_numpy(np.int64))),
                        shape=rail.csr.shape)
    no_ride = dijkstra(walk, directed=True, indices=src)[:, dst]
    off = ~np.eye(len(codes), dtype=bool)
    no_train = int((off & np.isclose(no_ride, t.to_numpy(), rtol=0, atol=1e-9)).sum())
    assert rides == 4160 - no_train and no_train == 104
    # the scan can fail: SciPy's plain shortest paths have the 134 token rides
    _dist, pred = dijkstra(rail.csr, directed=True, indices=src, return_predecessors=True)
    token = 0
    for (i, _o), (j, _d) in itertools.product(enumerate(codes), enumerate(codes)):
        if i == j:
            continue
        path = [dst[j]]
        while path[-1] != src[i]:
            path.append(int(pred[i, path[-1]]))
        ends = boarded_and_alighted(rail, path[::-1])
        token += ends is not None and ends[0] == ends[1]
    assert token == 134


def _link(region: metroscope.Region, link_id: str) -> dict[str, Any]:
    row = region.links[region.links["link_id"] == link_id]
    assert len(row) == 1
    return dict(row.iloc[0])


def _ends(g: RoutableGraph, o: str, d: str) -> tuple[str, str] | None:
    (path,), = trip_paths(g, [g.unit_in[o]], [g.unit_out[d]])
    assert path is not None
    return boarded_and_alighted(g, path)


def test_nanguan_changling_by_hand_from_the_links_table(
        region: metroscope.Region, rail: RoutableGraph) -> None:
    s = get_settings()
    assert (s.urban_speed_kph, s.operating_speed_factor_expressway,
            s.operating_speed_factor_hsr) == (25.0, 1.0, 0.7056)
    assert (s.transfer_penalty_min, s.wait_fraction_of_headway, s.rail_dwell_min) == (
        5.0, 0.5, 0.0)
    u1 = _link(region, "urban:220102-220104")            # 南关区 seat - 朝阳区 seat
    g1 = _link(region, "expressway:G1:220184-220104")    # 京哈 朝阳区 - 公主岭
    u2 = _link(region, "urban:220184-gongzhulingnan")    # 公主岭 seat - 公主岭南 station
    hd = _link(region, "hada:05")                        # 哈大 长春西 - 公主岭南
    u3 = _link(region, "urban:220106-changchunxi")       # 长春西 station - 绿园区 seat
    ct = _link(region, "expressway:长太高速公路:220106-220722")  # 长太 绿园区 - 长岭县
    assert [u1["length_km"], u2["length_km"], u3["length_km"]] == [7.8, 5.1, 6.4]
    assert (g1["length_km"], g1["speed_kph"], ct["length_km"], ct["speed_kph"]) == (
        64.7, 120.0, 126.3, 120.0)
    assert (hd["length_km"], hd["speed_kph"], hd["headway_min"]) == (63.0, 350.0, 12.1)
    # drive to 公主岭南 (urban 7.8 km at 25, G1 64.7 km at 120, urban 5.1 km at 25), change 5,
    # wait 0.5 x 12.1, 哈大 63 km at 350 x 0.7056 to 长春西, change 5, urban 6.4 km at 25,
    # 长太 126.3 km at 120
    by_hand = (7.8 / 25 * 60 + 64.7 / 120 * 60 + 5.1 / 25 * 60 + 5 + 0.5 * 12.1
               + 63.0 / (350 * 0.7056) * 60 + 5 + 6.4 / 25 * 60 + 126.3 / 120 * 60)
    assert by_hand == pytest.approx(173.176, abs=1e-3)
    t = unit_travel_times(region, mode="rail", settings=get_settings(travel_time_cache="off"))
    assert t.loc["220102", "220722"] == pytest.approx(by_hand, abs=1e-9)
    assert t.loc["220722", "220102"] == pytest.approx(by_hand, abs=1e-9)
    assert _ends(rail, "220102", "220722") == ("st:gongzhulingnan", "st:changchunxi")
    # before the rule: 长春 -> 龙家 -> 长春 (off and on again) and by road, 170.43
    assert plain(rail, "220102", "220722") == pytest.approx(170.43, abs=5e-3)
    (path,) = shortest_minutes_path(rail, "220102", "220722")
    assert boarded_and_alighted(rail, path) == ("st:changchun", "st:changchun")


def shortest_minutes_path(g: RoutableGraph, o: str, d: str) -> list[list[int]]:
    """SciPy's plain shortest path (no rule), as node indices."""
    _dist, pred = dijkstra(g.csr, directed=True, indices=[g.unit_in[o]],
                           return_predecessors=True)
    path = [g.unit_out[d]]
    while path[-1] != g.unit_in[o]:
        path.append(int(pred[0, path[-1]]))
    return [path[::-1]]


def test_qianguo_qianan_is_unchanged_it_rides_somewhere(
        region: metroscope.Region, rail: RoutableGraph) -> None:
    # summed by hand from the links table in test_network_no_uturn (161.865): it boards at
    # 松原 and alights at 长山屯, so the rule leaves it as it was
    t = unit_travel_times(region, mode="rail", settings=get_settings(travel_time_cache="off"))
    assert t.loc["220721", "220723"] == pytest.approx(161.865, abs=1e-3)
    assert plain(rail, "220721", "220723") == pytest.approx(t.loc["220721", "220723"], abs=1e-9)
    assert _ends(rail, "220721", "220723") == ("st:songyuan", "st:changshantun")


@pytest.mark.parametrize("year", [None, 2010, 2030])
def test_before_and_after_the_rule(region: metroscope.Region, year: int | None) -> None:
    """Against SciPy's plain shortest paths (the times before the rule): only the pairs whose
    plain path rode out and back change, each slower, none loses its rail service; road and
    fastest are SciPy's plain shortest paths still, and the rail matrix is symmetric."""
    s = get_settings(travel_time_cache="off")
    g = build_graph(region, mode="rail", year=year)
    codes = _codes(region, g)
    src, dst = [g.unit_in[c] for c in codes], [g.unit_out[c] for c in codes]
    before = shortest_minutes(g, src)[:, dst]
    after = unit_travel_times(region, mode="rail", year=year, settings=s).loc[codes, codes]
    after_np = after.to_numpy()
    off = ~np.eye(len(codes), dtype=bool)
    delta = after_np - before
    changed = off & (np.abs(delta) > 1e-9)
    assert np.isfinite(after_np).all()
    assert (delta[off] > -1e-9).all()
    n, lo, hi = {None: (134, 0.82, 49.83), 2010: (196, 0.24, 23.64),
                 2030: (74, 1.09, 49.83)}[year]
    assert int(changed.sum()) == n
    assert (round(float(delta[changed].min()), 2), round(float(delta[changed].max()), 2)) == (
        lo, hi)
    # the pairs that changed are the plain paths that alighted last where they first boarded
    _d, pred = dijkstra(g.csr, directed=True, indices=src, return_predecessors=True)
    token = np.zeros_like(changed)
    for i, j in zip(*np.nonzero(off), strict=True):
        path = [dst[j]]
        while path[-1] != src[i]:
            path.append(int(pred[i, path[-1]]))
        ends = boarded_and_alighted(g, path[::-1])
        token[i, j] = ends is not None and ends[0] == ends[1]
    np.testing.assert_array_equal(changed, token)
    np.testing.assert_allclose(after_np, after_np.T, rtol=0, atol=1e-9)
    for mode in ("road", "fastest"):
        gm = build_graph(region, mode=mode, year=year)
        plain_m = shortest_minutes(gm, [gm.unit_in[c] for c in codes])[
            :, [gm.unit_out[c] for c in codes]]
        plain_m[~off] = 0.0
        got = unit_travel_times(region, mode=mode, year=year, settings=s).loc[codes, codes]
        np.testing.assert_array_equal(got.to_numpy(), plain_m)
