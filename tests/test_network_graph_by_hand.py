"""The routable graph (``metroscope.network.graph``) of a hand-built network, edge by edge.

Every edge the module doc lists is written out by hand below for the network ``tiny()`` in
each mode (``rail``, ``road``, ``fastest``), with its minutes and kind, and compared with the
graph's sparse matrix and edge table; door-to-door minutes are compared with networkx's
Dijkstra on the hand-written edges and with legs summed by hand.

``tiny()``: stations S1, S2, S3; road nodes seat:A, seat:B, S2 (a station on the road) and
seat:C (on no link).  Rail: line L1 (hsr) S1-S2 twice, 12 min with headway 10 and 9 min with
headway 8 (two headways: two riding layers, ``L1 ~h=8.0`` with the 9-min link, waiting 4, and
``L1 ~h=10.0`` with both, of which the quicker ride counts, waiting 5); line L2 (rail) S2-S3
30 min, headway 20 (one headway: one layer, keyed by the line).  Road: seat:A-S2 road 20 min, S2-seat:B urban 10 min, seat:A-seat:B
road 50 and 40 min (parallel).  Access: A -> S1 5, A -> seat:A 0; B -> seat:B 0, B -> S3 4;
D -> S2 2; C -> seat:C 1 (a node on no selected link: C is not served).  Settings: wait 0.5 x
headway, transfer 5, dwell 2.

Rail nodes are per direction (``dep:X|L|to:Y``, ``arr:Y|L|from:X``): a train is not ridden back
over the link it came by, so each station of tiny()'s one-link layers is an end without a
dwell edge.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from metroscope import NetworkError, ParameterError
from metroscope.network.graph import RoutableGraph, build_graph, build_graphs, shortest_minutes
from metroscope.network.selection import NetworkSelection
from metroscope.region import Region
from test_network_fixtures import toy_settings

TRANSFER, DWELL = 5.0, 2.0
L1_8, L1_10 = "L1 ~h=8.0", "L1 ~h=10.0"  # L1's riding layers (headway 8 and 10)
WAIT = {("S1", L1_8): 4.0, ("S2", L1_8): 4.0, ("S1", L1_10): 5.0, ("S2", L1_10): 5.0,
        ("S2", "L2"): 10.0, ("S3", "L2"): 10.0}


def tiny_tables() -> dict[str, Any]:
    units = pd.DataFrame({
        "code": ["A", "B", "C", "D"], "name_zh": list("甲乙丙丁"), "name_en": list("ABCD"),
        "level": "county", "role": "member",
        "seat_lon": [125.0, 125.5, 126.0, 126.5], "seat_lat": 44.0})
    nodes = pd.DataFrame({
        "node_id": ["S1", "S2", "S3", "seat:A", "seat:B", "seat:C"],
        "lon": [125.0, 125.5, 126.0, 125.1, 125.6, 126.1], "lat": 44.0,
        "kind": ["station"] * 3 + ["seat"] * 3})
    links = pd.DataFrame({
        "link_id": ["k1", "k2", "k3", "k4", "k5", "k6", "k7"],
        "from_node": ["S1", "S2", "S2", "seat:A", "S2", "seat:A", "seat:B"],
        "to_node": ["S2", "S1", "S3", "S2", "seat:B", "seat:B", "seat:A"],
        "mode": ["hsr", "hsr", "rail", "road", "urban", "road", "road"],
        "line": ["L1", "L1", "L2", None, None, None, None],
        "length_km": [30.0, 30.0, 50.0, 20.0, 5.0, 40.0, 40.0],
        "speed_kph": [200.0, 200.0, 100.0, 60.0, 30.0, 60.0, 60.0],
        "minutes": [12.0, 9.0, 30.0, 20.0, 10.0, 50.0, 40.0],
        "status": "operating", "open_year": [2010, 2010, 2012, None, None, None, None],
        "headway_min": [10.0, 8.0, 20.0, None, None, None, None]})
    access = pd.DataFrame({
        "code": ["A", "A", "B", "B", "D", "C"],
        "node_id": ["S1", "seat:A", "seat:B", "S3", "S2", "seat:C"],
        "minutes": [5.0, 0.0, 0.0, 4.0, 2.0, 1.0]})
    return {"units": units, "nodes": nodes, "links": links, "access": access}


def tiny(**changes: Any) -> Region:
    t = tiny_tables()
    validate = changes.pop("validate", True)
    t.update(changes)
    return Region("tiny", validate=validate, **t)


def dep(x: str, layer: str, to: str) -> str:
    """The departure node at ``x`` on ``layer`` towards the next station ``to``."""
    return f"dep:{x}|{layer}|to:{to}"


def arr(x: str, layer: str, came: str) -> str:
    """The arrival node at ``x`` on ``layer`` from the station ``came``."""
    return f"arr:{x}|{layer}|from:{came}"


#: the one station next to each station of each layer (every layer of tiny() is one link)
NEXT = {("S1", L1_8): "S2", ("S2", L1_8): "S1", ("S1", L1_10): "S2", ("S2", L1_10): "S1",
        ("S2", "L2"): "S3", ("S3", "L2"): "S2"}


def rail_edges() -> dict[tuple[str, str], tuple[float, str]]:
    """Ride, board, alight and transfer edges of L1's two layers and L2, by hand: each layer
    is one link, so each station is an end of it and has no dwell edge (staying on would ride
    the train back over the link it came by)."""
    e = {(dep("S1", L1_8, "S2"), arr("S2", L1_8, "S1")): (9.0, "ride"),  # k2 only
         (dep("S2", L1_8, "S1"), arr("S1", L1_8, "S2")): (9.0, "ride"),
         (dep("S1", L1_10, "S2"), arr("S2", L1_10, "S1")): (9.0, "ride"),  # k1 12, k2 9: 9
         (dep("S2", L1_10, "S1"), arr("S1", L1_10, "S2")): (9.0, "ride"),
         (dep("S2", "L2", "S3"), arr("S3", "L2", "S2")): (30.0, "ride"),
         (dep("S3", "L2", "S2"), arr("S2", "L2", "S3")): (30.0, "ride")}
    for (x, line), wait in WAIT.items():
        n = NEXT[(x, line)]
        e[(f"in:{x}", dep(x, line, n))] = (wait, "board")
        e[(arr(x, line, n), f"out:{x}")] = (0.0, "alight")
        e[(f"out:{x}", dep(x, line, n))] = (TRANSFER + wait, "transfer")
    return e


def road_edges(layer: str, urban_only: bool = False) -> dict[tuple[str, str], tuple[float, str]]:
    legs = [("S2", "seat:B", 10.0)] if urban_only else [
        ("seat:A", "S2", 20.0), ("S2", "seat:B", 10.0), ("seat:A", "seat:B", 40.0)]
    e = {}
    for a, z, t in legs:
        e[(f"{layer}:{a}", f"{layer}:{z}")] = (t, "road")
        e[(f"{layer}:{z}", f"{layer}:{a}")] = (t, "road")
    return e


def access_edges(pairs: list[tuple[str, str, str, str, float]]
                 ) -> dict[tuple[str, str], tuple[float, str]]:
    """(unit, enter node, leave node, ..., minutes) -> the access and egress edges."""
    e = {}
    for code, enter, leave, _, t in pairs:
        e[(f"unit-in:{code}", enter)] = (t, "access")
        e[(leave, f"unit-out:{code}")] = (t, "egress")
    return e


def through(codes: list[str]) -> dict[tuple[str, str], tuple[float, str]]:
    return {(f"unit-out:{c}", f"unit-in:{c}"): (TRANSFER, "through") for c in codes}


def expected(mode: str) -> dict[tuple[str, str], tuple[float, str]]:
    if mode == "road":
        return {**road_edges("n"), **access_edges([
            ("A", "n:seat:A", "n:seat:A", "", 0.0), ("B", "n:seat:B", "n:seat:B", "", 0.0),
            ("D", "n:S2", "n:S2", "", 2.0)]), **through(["A", "B", "D"])}
    if mode == "fastest":
        return {**rail_edges(), **road_edges("n"),
                ("n:S2", "in:S2"): (TRANSFER, "change"), ("out:S2", "n:S2"): (TRANSFER, "change"),
                **access_edges([
                    ("A", "in:S1", "out:S1", "", 5.0), ("A", "n:seat:A", "n:seat:A", "", 0.0),
                    ("B", "n:seat:B", "n:seat:B", "", 0.0), ("B", "in:S3", "out:S3", "", 4.0),
                    ("D", "in:S2", "out:S2", "", 2.0), ("D", "n:S2", "n:S2", "", 2.0)]),
                **through(["A", "B", "D"])}
    assert mode == "rail"
    return {**rail_edges(), **road_edges("a"), **road_edges("e"), **road_edges("u", True),
            ("a:S2", "in:S2"): (TRANSFER, "change"), ("out:S2", "e:S2"): (TRANSFER, "change"),
            **access_edges([
                ("A", "in:S1", "out:S1", "", 5.0), ("A", "a:seat:A", "e:seat:A", "", 0.0),
                ("B", "a:seat:B", "e:seat:B", "", 0.0), ("B", "u:seat:B", "u:seat:B", "", 0.0),
                ("B", "in:S3", "out:S3", "", 4.0),
                ("D", "in:S2", "out:S2", "", 2.0), ("D", "a:S2", "e:S2", "", 2.0),
                ("D", "u:S2", "u:S2", "", 2.0)]),
            **through(["A", "B", "D"])}


def graph_edges(g: RoutableGraph) -> dict[tuple[str, str], tuple[float, str]]:
    """The graph's matrix (explicit zeros included) with the kinds of its edge table."""
    coo = g.csr.tocoo()
    kinds = {(g.labels[s], g.labels[d]): k for s, d, k in
             zip(g.edges["src"], g.edges["dst"], g.edges["kind"], strict=True)}
    out = {(g.labels[i], g.labels[j]): (float(w), kinds[(g.labels[i], g.labels[j])])
           for i, j, w in zip(coo.row, coo.col, coo.data, strict=True)}
    assert len(out) == coo.nnz == len(g.edges)  # one entry a pair
    return out


@pytest.mark.parametrize("mode", ["rail", "road", "fastest"])
def test_every_edge_of_the_graph_is_the_hand_written_one(mode: str) -> None:
    g = build_graph(tiny(), mode=mode, settings=toy_settings())
    assert graph_edges(g) == expected(mode)
    nodes = {x for edge in expected(mode) for x in edge}
    assert set(g.labels) == nodes and g.n_nodes == len(nodes) == len(g.labels)
    assert g.csr.shape == (len(nodes), len(nodes))
    # every label its own index; units entered and left at their own nodes; C is not served
    assert len(set(g.labels)) == len(g.labels)
    assert g.unit_in == {c: g.labels.index(f"unit-in:{c}") for c in "ABD"}
    assert g.unit_out == {c: g.labels.index(f"unit-out:{c}") for c in "ABD"}
    assert g.served_units() == ["A", "B", "D"]
    assert g.notes == ()
    assert g.selection == NetworkSelection(mode, ("operating",), None)
    # the edge table: its rows are the matrix's, numbered from 0
    assert list(g.edges.columns) == ["src", "dst", "minutes", "kind"]
    assert list(g.edges.index) == list(range(len(g.edges)))
    assert g.csr.dtype == np.float64


def test_the_graph_keeps_the_selected_links_with_their_minutes() -> None:
    graphs = build_graphs(tiny(), ["rail", "road", "fastest", "rail"], settings=toy_settings())
    assert list(graphs) == ["rail", "road", "fastest"]  # a mode listed twice is built once
    expect = {"k1": 12.0, "k2": 9.0, "k3": 30.0, "k4": 20.0, "k5": 10.0, "k6": 50.0, "k7": 40.0}
    # rail keeps the road links too (its access, egress and intra-city legs)
    for mode, ids in (("rail", list(expect)), ("road", ["k4", "k5", "k6", "k7"]),
                      ("fastest", list(expect))):
        links = graphs[mode].links
        assert list(links["link_id"]) == ids
        assert dict(zip(links["link_id"], links["minutes_used"], strict=True)) == {
            i: expect[i] for i in ids}
        # built together or alone, the same graph
        alone = build_graph(tiny(), mode=mode, settings=toy_settings())
        assert graph_edges(graphs[mode]) == graph_edges(alone) == expected(mode)
        assert graphs[mode].selection == alone.selection


def test_a_mode_set_inside_one_mode_keeps_that_modes_links_and_access() -> None:
    # road and rail built together select for "fastest", then each keeps its own links and
    # the access rows to their nodes (B -> S3 is a rail-only row, A -> S1 too)
    graphs = build_graphs(tiny(), ["road", "rail"], settings=toy_settings())
    assert graph_edges(graphs["road"]) == expected("road")
    assert graph_edges(graphs["rail"]) == expected("rail")
    assert graphs["road"].selection == NetworkSelection("road", ("operating",), None)


def unit_minutes_nx(edges: dict[tuple[str, str], tuple[float, str]], codes: list[str]
                    ) -> dict[tuple[str, str], float]:
    dg = nx.DiGraph()
    for (a, z), (w, _) in edges.items():
        dg.add_edge(a, z, weight=w)
    out = {}
    for o in codes:
        lengths = nx.single_source_dijkstra_path_length(dg, f"unit-in:{o}", weight="weight")
        for d in codes:
            out[(o, d)] = lengths.get(f"unit-out:{d}", math.inf)
    return out


@pytest.mark.parametrize("mode", ["rail", "road", "fastest"])
def test_shortest_minutes_agree_with_networkx_on_the_hand_written_edges(mode: str) -> None:
    g = build_graph(tiny(), mode=mode, settings=toy_settings())
    codes = ["A", "B", "D"]
    got = shortest_minutes(g, [g.unit_in[c] for c in codes])
    assert got.shape == (3, g.n_nodes) and got.dtype == np.float64
    ref = unit_minutes_nx(expected(mode), codes)
    for i, o in enumerate(codes):
        for d in codes:
            assert got[i, g.unit_out[d]] == pytest.approx(ref[(o, d)], abs=1e-12)


def test_door_to_door_minutes_summed_by_hand() -> None:
    fastest = build_graph(tiny(), mode="fastest", settings=toy_settings())
    rail = build_graph(tiny(), mode="rail", settings=toy_settings())
    road = build_graph(tiny(), mode="road", settings=toy_settings())

    def t(g: RoutableGraph, o: str, d: str) -> float:
        return float(shortest_minutes(g, [g.unit_in[o]])[0, g.unit_out[d]])

    # A -> D by rail: access 5, wait 4, ride 9 (the quicker parallel link), alight, egress 2;
    # by road A -> seat:A -> S2 20 min, egress 2
    assert t(rail, "A", "D") == pytest.approx(5 + 4 + 9 + 2)
    assert t(road, "A", "D") == pytest.approx(20 + 2)
    assert t(fastest, "A", "D") == pytest.approx(5 + 4 + 9 + 2)  # the train wins
    # A -> B by rail: S1 -> S2 (4 + 9), transfer 5 + 10 to L2, 30 min, egress 4 = 62; or
    # off at S2 and into the city by the intra-city urban leg? no: the egress copy (e:) has
    # the urban link, and the change out:S2 -> e:S2 costs 5: 5 + 4 + 9 + 5 + 10 = 33
    assert t(rail, "A", "B") == pytest.approx(5 + 4 + 9 + 5 + 10)
    # by road the parallel links' quicker one (40) beats seat:A -> S2 -> seat:B (30)? no: 30
    assert t(road, "A", "B") == pytest.approx(20 + 10)
    # B -> A by rail: the access copy holds every road link, the trip must still ride a
    # train: seat:B -> S2 (a: 10), change 5, wait 4, 9, egress 5 = 33
    assert t(rail, "B", "A") == pytest.approx(10 + 5 + 4 + 9 + 5)
    # D -> B: the intra-city leg (urban S2 - seat:B) without a train: 2 + 10
    assert t(rail, "D", "B") == pytest.approx(2 + 10)
    # the graph itself does not make a trip to the own unit 0 (the matrices do): A's quickest
    # way back to A rides L1 to S2, gets off and back on (transfer 5 + wait 4: a train is
    # not ridden back over the link it came by) and rides back (access 5, wait 4, 9, 5 + 4,
    # 9, egress 5 = 41; off at S2 and by road to seat:A: 5 + 4 + 9 + 5 + 20 = 43); by road,
    # the seat's access and egress rows (0) and the through edge are not a loop:
    # unit-in -> n:seat:A -> unit-out
    assert t(rail, "A", "A") == pytest.approx(5 + 4 + 9 + 5 + 4 + 9 + 5)
    assert t(road, "A", "A") == 0.0


def test_parallel_edges_keep_the_quickest_whatever_the_order() -> None:
    # the slower parallel link after or before the quicker one: the graph keeps 9 and 40
    t = tiny_tables()
    for order in ([1, 0, 2, 3, 4, 6, 5], [0, 1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1, 0]):
        links = t["links"].iloc[order].reset_index(drop=True)
        g = build_graph(tiny(links=links), mode="fastest", settings=toy_settings())
        assert graph_edges(g) == expected("fastest")


def test_a_train_stays_on_board_through_a_station_with_the_dwell() -> None:
    # one line L1 S1-S2-S3 (9 and 30 min, headway 8): A -> B rides through S2 with the dwell
    t = tiny_tables()
    links = t["links"].copy()
    links.loc[links["link_id"] == "k3", ["mode", "line", "headway_min"]] = ["hsr", "L1", 8.0]
    g = build_graph(tiny(links=links), mode="rail", settings=toy_settings(rail_dwell_min=3.5))
    d = shortest_minutes(g, [g.unit_in["A"]])[0]
    # to S3's platform exit: on board through S2 (dwell 3.5) rather than off and on again
    # (transfer 5 + wait 4)
    assert d[g.labels.index("out:S3")] == pytest.approx(5 + 4 + 9 + 3.5 + 30)
    e = graph_edges(g)
    # L1 now has k2 and k3 at headway 8 (layer ``L1 ~h=8.0``) and k1 at 10
    assert e[(arr("S2", L1_8, "S1"), dep("S2", L1_8, "S3"))] == (3.5, "dwell")
    assert e[(arr("S2", L1_8, "S3"), dep("S2", L1_8, "S1"))] == (3.5, "dwell")
    # no dwell edge back the way the train came: that would be a U-turn on board
    assert (arr("S2", L1_8, "S1"), dep("S2", L1_8, "S1")) not in e
    assert (arr("S2", L1_8, "S3"), dep("S2", L1_8, "S3")) not in e
    assert e[("out:S2", dep("S2", L1_8, "S1"))] == (5 + 4.0, "transfer")
    assert e[("out:S2", dep("S2", L1_8, "S3"))] == (5 + 4.0, "transfer")
    assert not any(a.startswith("in:S2") and "L2" in z for a, z in e)


def test_the_settings_set_the_waits_transfers_and_dwell() -> None:
    s = toy_settings(wait_fraction_of_headway=0.25, transfer_penalty_min=7.0,
                     rail_dwell_min=1.5)
    e = graph_edges(build_graph(tiny(), mode="fastest", settings=s))
    assert e[("in:S1", dep("S1", L1_8, "S2"))] == (0.25 * 8, "board")
    assert e[("in:S1", dep("S1", L1_10, "S2"))] == (0.25 * 10, "board")
    assert e[("in:S3", dep("S3", "L2", "S2"))] == (0.25 * 20, "board")
    assert e[("out:S2", dep("S2", "L2", "S3"))] == (7.0 + 0.25 * 20, "transfer")
    # the dwell at a station passed through (L1 S1-S2-S3; tiny()'s layers have none)
    links = tiny_tables()["links"]
    links.loc[links["link_id"] == "k3", ["mode", "line", "headway_min"]] = ["hsr", "L1", 8.0]
    through_s2 = graph_edges(build_graph(tiny(links=links), mode="fastest", settings=s))
    assert through_s2[(arr("S2", L1_8, "S1"), dep("S2", L1_8, "S3"))] == (1.5, "dwell")
    assert e[("n:S2", "in:S2")] == (7.0, "change")
    assert e[("out:S2", "n:S2")] == (7.0, "change")
    assert e[("unit-out:A", "unit-in:A")] == (7.0, "through")


def test_a_line_without_headway_gets_the_assumed_one_and_a_note() -> None:
    links = tiny_tables()["links"]
    links.loc[links["link_id"] == "k3", "headway_min"] = np.nan  # L2: the pool has L1 (8)
    g = build_graph(tiny(links=links), mode="rail", settings=toy_settings())
    e = graph_edges(g)
    assert e[("in:S3", dep("S3", "L2", "S2"))] == (0.5 * 8, "board")
    assert len(g.notes) == 1 and "L2" in g.notes[0] and "8.0 min" in g.notes[0]


def test_a_region_without_rail_builds_a_road_graph_and_an_empty_rail_one() -> None:
    t = tiny_tables()
    links = t["links"][~t["links"]["mode"].isin(["hsr", "rail"])]
    r = tiny(links=links.reset_index(drop=True))
    g = build_graph(r, mode="fastest", settings=toy_settings())
    assert graph_edges(g) == expected("road")  # no station: the same edges as road (n:)
    # by rail without a station: only the intra-city leg (urban S2 - seat:B) links units;
    # A (seat:A is on no urban link) enters the access copy, which leads to stations only,
    # so it reaches nobody, not even itself; D's own access and egress rows make 2 + 2
    rail = build_graph(r, mode="rail", settings=toy_settings())
    assert rail.served_units() == ["A", "B", "D"]
    got = shortest_minutes(rail, [rail.unit_in[c] for c in "ABD"])
    assert [[got[i, rail.unit_out[d]] for d in "ABD"] for i in range(3)] == [
        [math.inf] * 3, [math.inf, 0.0, 10 + 2], [math.inf, 2 + 10, 2 + 2]]


def test_the_build_is_logged_with_its_counts(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="metroscope.network.graph"):
        g = build_graph(tiny(), mode="road", settings=toy_settings())
    n, m = len({x for edge in expected("road") for x in edge}), len(expected("road"))
    assert g.n_nodes == n
    assert [r.getMessage() for r in caplog.records if r.name == "metroscope.network.graph"] == [
        f"Built the road network (operating) of region 'tiny': 4 links, {n} graph nodes, "
        f"{m} edges, 3 units served"]


# ----------------------------------------------------------------------- refusals
def test_modes_must_be_a_non_empty_list() -> None:
    for bad in ("rail", [], ()):
        with pytest.raises(ParameterError) as info:
            build_graphs(tiny(), bad)  # type: ignore[arg-type]
        assert str(info.value) == (
            f"modes must be a non-empty list of modes (rail, road, fastest), not {bad!r}; "
            "for one mode use build_graph(region, mode=...).")
    with pytest.raises(ParameterError):
        build_graphs(tiny(), ["rail", "boat"])


def test_every_bad_link_is_listed_with_its_reason() -> None:
    links = tiny_tables()["links"]
    links.loc[0, "from_node"] = "SX"  # k1 from an unknown node
    links.loc[1, "to_node"] = "SY"  # k2 to an unknown node
    links.loc[2, "minutes"] = 0.0  # k3
    links.loc[3, "minutes"] = -2.5  # k4
    links.loc[4, ["minutes", "speed_kph", "length_km"]] = np.nan  # k5 (urban: no length)
    links.loc[5, "to_node"] = "seat:A"  # k6 a self-loop
    links["headway_min"] = links["headway_min"].astype("float64")
    links.loc[6, ["mode", "line", "headway_min"]] = ["hsr", "L9", 0.0]  # k7
    with pytest.raises(NetworkError) as info:
        build_graph(tiny(links=links, validate=False), mode="fastest", settings=toy_settings())
    assert str(info.value) == (
        "7 problem(s) in the fastest network (operating) of region 'tiny':\n"
        "  - link 'k1': from_node 'SX' is not in nodes.node_id (add the node or correct the "
        "link)\n"
        "  - link 'k2': to_node 'SY' is not in nodes.node_id (add the node or correct the link)\n"
        "  - link 'k3': zero minutes (a zero-length cycle with its reverse direction); give it "
        "a positive length_km and speed_kph, or positive minutes (got 0.0)\n"
        "  - link 'k4': negative minutes; give it a positive length_km and speed_kph, or "
        "positive minutes (got -2.5)\n"
        "  - link 'k5': no computable time; give it a positive length_km and speed_kph, or "
        "positive minutes (got nan)\n"
        "  - link 'k7': headway_min must be > 0 (leave it empty if unknown)\n"
        "  - link 'k6': from_node equals to_node (a self-loop); remove it")


def test_a_problem_in_a_later_row_is_found_by_its_own_link() -> None:
    # the time of a bad link is looked up by its link id, not by its position
    links = tiny_tables()["links"]
    links.index = [10, 11, 12, 13, 14, 15, 16]
    links.loc[16, "minutes"] = -7.0
    with pytest.raises(NetworkError) as info:
        build_graph(tiny(links=links, validate=False), mode="road", settings=toy_settings())
    assert str(info.value).endswith(
        "  - link 'k7': negative minutes; give it a positive length_km and speed_kph, or "
        "positive minutes (got -7.0)")
    assert str(info.value).startswith("1 problem(s) in the road network (operating)")


def test_a_missing_headway_is_not_a_problem_and_a_negative_one_is() -> None:
    links = tiny_tables()["links"]
    links.loc[0, "headway_min"] = np.nan
    g = build_graph(tiny(links=links), mode="rail", settings=toy_settings())  # no error
    # k1 takes the assumed headway (the pool is L2 alone, 20: L1 has a gap): L1's layers are
    # 8 (k2) and 20 (k1 and k2)
    assert len(g.notes) == 1 and "L1" in g.notes[0] and "20.0 min" in g.notes[0]
    assert graph_edges(g)[("in:S1", dep("S1", "L1 ~h=20.0", "S2"))] == (0.5 * 20, "board")
    links.loc[0, "headway_min"] = 1.0  # any positive headway, one minute or less too
    links.loc[1, "headway_min"] = 0.5
    e = graph_edges(build_graph(tiny(links=links), mode="rail", settings=toy_settings()))
    assert e[("in:S1", dep("S1", "L1 ~h=0.5", "S2"))] == (0.5 * 0.5, "board")
    assert e[("in:S1", dep("S1", "L1 ~h=1.0", "S2"))] == (0.5 * 1.0, "board")
    links.loc[0, "headway_min"] = -1.0
    with pytest.raises(NetworkError, match=r"^1 problem\(s\).*\n  - link 'k1': headway_min "
                       r"must be > 0 \(leave it empty if unknown\)$"):
        build_graph(tiny(links=links, validate=False), mode="rail", settings=toy_settings())


def test_every_bad_access_row_is_listed() -> None:
    access = tiny_tables()["access"]
    access.loc[0, "minutes"] = -1.0  # A -> S1
    access.loc[2, "minutes"] = np.nan  # B -> seat:B
    extra = pd.DataFrame({"code": ["Q", "A"], "node_id": ["S3", "S2"],
                          "minutes": [3.0, 0.0]})  # Q is no unit; A -> S2 with 0 is fine
    access = pd.concat([access, extra], ignore_index=True)
    with pytest.raises(NetworkError) as info:
        build_graph(tiny(access=access, validate=False), mode="fastest",
                    settings=toy_settings())
    assert str(info.value) == (
        "3 problem(s) in the fastest network (operating) of region 'tiny':\n"
        "  - access A->S1: minutes must be >= 0 (got -1.0)\n"
        "  - access B->seat:B: minutes must be >= 0 (got nan)\n"
        "  - access rows for unit 'Q', which is not in units")


def test_an_access_row_to_an_unknown_node_is_listed() -> None:
    # an access row is checked when its node is on a selected link: a link to an unknown
    # node makes both problems
    links = tiny_tables()["links"]
    links.loc[6, "from_node"] = "seat:Z"
    access = pd.concat([tiny_tables()["access"], pd.DataFrame(
        {"code": ["C"], "node_id": ["seat:Z"], "minutes": [1.0]})], ignore_index=True)
    with pytest.raises(NetworkError) as info:
        build_graph(tiny(links=links, access=access, validate=False), mode="road",
                    settings=toy_settings())
    assert str(info.value).split("\n")[1:] == [
        "  - link 'k7': from_node 'seat:Z' is not in nodes.node_id (add the node or correct "
        "the link)",
        "  - access C->seat:Z: node 'seat:Z' is not in nodes.node_id"]


@pytest.mark.parametrize("bad", [True, False, 1.5, -1, 10_000, np.int64(-2), "0", "n"])
def test_shortest_minutes_names_every_bad_source(bad: Any) -> None:
    g = build_graph(tiny(), mode="road", settings=toy_settings())
    if bad == "n":  # one past the last node
        bad = g.n_nodes
    with pytest.raises(NetworkError) as info:
        shortest_minutes(g, [0, bad, 1])
    assert str(info.value) == (
        f"Source node index out of range or not an integer: {[bad]!r}; expected integers "
        f"0 .. {g.n_nodes - 1} (the graph's node labels in order).")


def test_shortest_minutes_of_the_first_and_last_nodes_and_of_none() -> None:
    g = build_graph(tiny(), mode="road", settings=toy_settings())
    n = g.n_nodes
    got = shortest_minutes(g, [np.int64(n - 1), 0])
    dense = g.csr.toarray()
    dense[dense == 0] = np.inf
    for k, i in enumerate([n - 1, 0]):
        lengths = nx.single_source_dijkstra_path_length(
            nx.from_scipy_sparse_array(g.csr, create_using=nx.DiGraph), i)
        assert [got[k, j] for j in range(n)] == pytest.approx(
            [lengths.get(j, math.inf) for j in range(n)])
    empty = shortest_minutes(g, [])
    assert empty.shape == (0, n) and empty.dtype == np.float64
    one = RoutableGraph(csr=sp.csr_array((1, 1)), labels=("x",), unit_in={}, unit_out={},
                        selection=g.selection, links=g.links, notes=(), edges=g.edges)
    assert shortest_minutes(one, [0]).tolist() == [[0.0]]


def test_a_region_without_roads_has_an_empty_road_graph() -> None:
    t = tiny_tables()
    links = t["links"][t["links"]["mode"].isin(["hsr", "rail"])].reset_index(drop=True)
    g = build_graph(tiny(links=links), mode="road", settings=toy_settings())
    assert g.n_nodes == 0 and g.csr.shape == (0, 0) and g.labels == ()
    assert g.unit_in == {} and g.served_units() == [] and len(g.edges) == 0
    assert shortest_minutes(g, []).shape == (0, 0)
    # its rail graph: the stations with their access rows, no road copy
    rail = build_graph(tiny(links=links), mode="rail", settings=toy_settings())
    assert graph_edges(rail) == {
        **rail_edges(), **access_edges([("A", "in:S1", "out:S1", "", 5.0),
                                        ("B", "in:S3", "out:S3", "", 4.0),
                                        ("D", "in:S2", "out:S2", "", 2.0)]),
        **through(["A", "B", "D"])}


def test_the_keywords_choose_the_mode_statuses_and_year() -> None:
    # without a mode: rail
    g = build_graph(tiny(), settings=toy_settings())
    assert g.selection.mode == "rail" and graph_edges(g) == expected("rail")
    # L2 (k3) opened in 2012: not in the 2011 network, in the 2012 one
    assert "k3" not in set(build_graph(tiny(), mode="rail", year=2011,
                                       settings=toy_settings()).links["link_id"])
    g12 = build_graph(tiny(), mode="rail", year=2012, settings=toy_settings())
    assert "k3" in set(g12.links["link_id"]) and g12.selection.year == 2012
    # a planned L2: left out by default, in with the planned status
    links = tiny_tables()["links"]
    links.loc[2, "status"] = "planned"
    assert "k3" not in set(build_graph(tiny(links=links), mode="rail",
                                       settings=toy_settings()).links["link_id"])
    both = build_graph(tiny(links=links), mode="rail", status=["operating", "planned"],
                       settings=toy_settings())
    assert "k3" in set(both.links["link_id"]) and both.selection.statuses == (
        "operating", "planned")


def test_build_graphs_refuses_keywords_beside_options() -> None:
    from metroscope.network import TravelOptions

    opts = TravelOptions(mode="rail")
    for kw, shown in ((dict(status="planned"), "status='planned'"),
                      (dict(year=2030), "year=2030"),
                      (dict(settings=toy_settings()), "settings=")):
        with pytest.raises(ParameterError, match=r"^Give the travel options either as options= "
                                                 r"or as keywords, not both: " + shown):
            build_graphs(tiny(), ["rail"], options=opts, **kw)  # type: ignore[arg-type]


def test_every_mode_is_checked_with_the_statuses_and_year_in_order() -> None:
    """``rail`` comes first: its check refuses the status (or the year) before ``boat``'s
    refuses the mode."""
    with pytest.raises(ParameterError, match=r"^Unknown status\(es\) \['bogus'\]"):
        build_graphs(tiny(), ["rail", "boat"], status="bogus")
    with pytest.raises(ParameterError, match=r"^Network year 1800 is outside"):
        build_graphs(tiny(), ["rail", "boat"], year=1800)
    with pytest.raises(ParameterError, match=r"^Unknown mode 'boat'"):
        build_graphs(tiny(), ["boat", "rail"], status="bogus")


def test_a_headway_counted_at_the_opening_is_noted_in_every_rail_graph() -> None:
    """L2 (k3, opened 2012, 20 min) has a headway counted from its trains at the opening: the
    rail and fastest graphs carry the note naming L2, 2012 and 20 min; the road graph not."""
    links = tiny_tables()["links"]
    links["headway_note"] = [None, None, "20 pairs a day at opening", None, None, None, None]
    graphs = build_graphs(tiny(links=links), ["rail", "road", "fastest"],
                          settings=toy_settings())
    for m in ("rail", "fastest"):
        notes = [n for n in graphs[m].notes if "opening" in n]
        assert len(notes) == 1, m
        assert notes[0].startswith("headways counted from the trains a day at the line's "
                                   "opening")
        assert "L2" in notes[0] and "2012" in notes[0] and "20" in notes[0]
    assert not [n for n in graphs["road"].notes if "opening" in n]


def test_the_listed_problems_are_in_the_language_of_the_message() -> None:
    from metroscope._errors import error_text

    links = tiny_tables()["links"]
    links.loc[5, "to_node"] = "seat:A"  # k6 a self-loop
    with pytest.raises(NetworkError) as info:
        build_graph(tiny(links=links, validate=False), mode="fastest", settings=toy_settings())
    assert error_text(info.value, "zh").endswith(
        "\n  - 连线 'k6':from_node 等于 to_node(自环);请删除")
    assert error_text(info.value, "en").endswith(
        "\n  - link 'k6': from_node equals to_node (a self-loop); remove it")


def test_the_assumed_headway_comes_from_the_regions_pool_not_the_selection() -> None:
    """L1 without headways in the 2011 network, where L2 (opened 2012, 20 min) is not
    selected: the assumed headway is still the region's pool, L2's 20 min (wait 0.5 x 20)."""
    links = tiny_tables()["links"]
    links.loc[links["line"] == "L1", "headway_min"] = np.nan
    g = build_graphs(tiny(links=links), ["rail"], year=2011, settings=toy_settings())["rail"]
    assert "k3" not in set(g.links["link_id"])
    e = graph_edges(g)
    assert e[("in:S1", "dep:S1|L1|to:S2")] == (0.5 * 20, "board")
    assert len(g.notes) == 1 and "L1" in g.notes[0] and "20.0 min" in g.notes[0]
