"""A train is not ridden back over the link it came by (no U-turn on board).

A passenger cannot stay on a train that reverses at a station it passes: going back the way
the train came means alighting, a transfer wait and boarding again. The graph has one
departure node per station, riding layer and next station (``dep:X|L|to:Y``) and one arrival
node per station, layer and previous station (``arr:Y|L|from:X``), and the dwell edge from
an arrival goes to every departure of the layer except the one back to where it came from.

Checked on a toy line by hand (every minute written out), on 前郭 ↔ 乾安 of the embedded data
summed by hand from the links table (before this rule its rail time was a U-turn at 查干湖:
154.52 min), and by a scan of every shortest rail path of the Changchun matrix.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

import metroscope
from metroscope.network import unit_travel_times
from metroscope.network.graph import RoutableGraph, build_graph, shortest_minutes
from metroscope.network.traveltime import matrix_units, routing_codes
from metroscope.region import Region
from metroscope.settings import get_settings
from test_network_fixtures import toy_settings

# ----------------------------------------------------------------------------- the toy
# Line L (hsr, headway 20: wait 10): SA -12 min- SB -3 min- SC. Branch line M (rail,
# headway 30: wait 15): SB -6 min- SD. Roads: SB - seat:Q 8 min, SC - seat:Q ``far`` min.
# Units: P at SB (access 2 min, no road access), Q at seat:Q (0), R at SD (1), S at SC (1),
# T at SA (1). Settings (toy_settings): wait 0.5 x headway, transfer 5, dwell 2.


def toy(far: float = 30.0) -> Region:
    units = pd.DataFrame({
        "code": list("PQRST"), "name_zh": list("甲乙丙丁戊"), "name_en": list("PQRST"),
        "level": "county", "role": "member",
        "seat_lon": [125.0, 125.1, 125.2, 125.3, 125.4], "seat_lat": 44.0})
    nodes = pd.DataFrame({
        "node_id": ["SA", "SB", "SC", "SD", "seat:Q"],
        "lon": [124.9, 125.0, 125.3, 125.2, 125.1], "lat": 44.0,
        "kind": ["station"] * 4 + ["seat"]})
    links = pd.DataFrame({
        "link_id": ["l1", "l2", "m1", "r1", "r2"],
        "from_node": ["SA", "SB", "SB", "SB", "SC"],
        "to_node": ["SB", "SC", "SD", "seat:Q", "seat:Q"],
        "mode": ["hsr", "hsr", "rail", "road", "road"],
        "line": ["L", "L", "M", None, None],
        "length_km": [40.0, 10.0, 12.0, 8.0, 30.0],
        "speed_kph": [200.0, 200.0, 120.0, 60.0, 60.0],
        "minutes": [12.0, 3.0, 6.0, 8.0, far],
        "status": "operating", "open_year": [2010, 2010, 2012, None, None],
        "headway_min": [20.0, 20.0, 30.0, None, None]})
    access = pd.DataFrame({"code": list("PQRST"),
                           "node_id": ["SB", "seat:Q", "SD", "SC", "SA"],
                           "minutes": [2.0, 0.0, 1.0, 1.0, 1.0]})
    return Region("toy", units=units, nodes=nodes, links=links, access=access)


def minutes(g: RoutableGraph, o: str, d: str) -> float:
    return float(shortest_minutes(g, [g.unit_in[o]])[0, g.unit_out[d]])


def test_the_toy_by_hand() -> None:
    g = build_graph(toy(), mode="rail", settings=toy_settings())
    # P -> Q must ride a train (rail mode). Staying on at SC back to SB would be 2 + wait 10
    # + 3 + dwell 2 + 3 + change 5 + road 8 = 33 (test below). Without it:
    # off at SC, transfer 5 + wait 10, back 3, change 5, road 8:  2 + 10 + 3 + 5 + 10 + 3 + 5
    # + 8 = 46; off at SC and by road SC - seat:Q: 2 + 10 + 3 + 5 + 30 = 50; out along M to SD
    # (no road there) and back: 2 + 15 + 6 + 5 + 15 + 6 + 5 + 8 = 62
    assert minutes(g, "P", "Q") == pytest.approx(2 + 10 + 3 + 5 + 10 + 3 + 5 + 8)
    assert minutes(g, "Q", "P") == pytest.approx(8 + 5 + 10 + 3 + 5 + 10 + 3 + 2)
    # through SB on board (not a reversal: SC -> SB -> SA): access 1, wait 10, 3, dwell 2,
    # 12, egress 1
    assert minutes(g, "S", "T") == pytest.approx(1 + 10 + 3 + 2 + 12 + 1)
    assert minutes(g, "T", "S") == pytest.approx(1 + 10 + 12 + 2 + 3 + 1)
    # onto the branch at SB: off L, transfer 5 + wait 15, 6, egress 1
    assert minutes(g, "S", "R") == pytest.approx(1 + 10 + 3 + 5 + 15 + 6 + 1)
    assert minutes(g, "P", "R") == pytest.approx(2 + 15 + 6 + 1)
    # when the road from SC is short, getting off at SC beats going back: 2 + 10 + 3 + 5 + 20
    near = build_graph(toy(far=20.0), mode="rail", settings=toy_settings())
    assert minutes(near, "P", "Q") == pytest.approx(2 + 10 + 3 + 5 + 20)
    # the matrix is the same both ways. Its P -> Q is not the graph's 46 (boarded at SB,
    # alighted last at SB: a train ride that takes P nowhere, which the rail view's trips do
    # not count, test_network_rail_rule) but off at SC and by road: 2 + 10 + 3 + 5 + 30
    t = unit_travel_times(toy(), mode="rail", settings=toy_settings()).to_numpy()
    np.testing.assert_allclose(t, t.T, rtol=0, atol=1e-12)
    assert t[0, 1] == pytest.approx(50.0)


def test_the_toy_edges_at_the_middle_station() -> None:
    g = build_graph(toy(), mode="rail", settings=toy_settings())
    e = {(g.labels[s], g.labels[d]): (w, k) for s, d, w, k in
         g.edges[["src", "dst", "minutes", "kind"]].itertuples(index=False)}
    at_sb = {k: v for k, v in e.items() if k[0].startswith("arr:SB|L|")}
    assert at_sb == {("arr:SB|L|from:SA", "dep:SB|L|to:SC"): (2.0, "dwell"),
                     ("arr:SB|L|from:SC", "dep:SB|L|to:SA"): (2.0, "dwell"),
                     ("arr:SB|L|from:SA", "out:SB"): (0.0, "alight"),
                     ("arr:SB|L|from:SC", "out:SB"): (0.0, "alight")}
    # the end stations: no dwell edge at all (the only way on is back)
    assert not [k for k, (_, kind) in e.items() if kind == "dwell"
                and k[0].split("|")[0] in ("arr:SA", "arr:SC", "arr:SD")]
    assert e[("in:SB", "dep:SB|L|to:SA")] == e[("in:SB", "dep:SB|L|to:SC")] == (10.0, "board")
    assert e[("out:SB", "dep:SB|M|to:SD")] == (5.0 + 15.0, "transfer")


def uturns(g: RoutableGraph, codes: list[str]) -> list[tuple[str, str, str, str, str]]:
    """The pairs (origin, destination) whose shortest path rides a line back over a link it
    rode since boarding, with the layer and the link: read from the path's edges (a ride edge
    from ``dep:X|L...`` to ``arr:Y|L...`` is the link X-Y on layer L; a board, transfer or
    alight edge ends a stay on board)."""
    kind = dict(zip(zip(g.edges["src"].tolist(), g.edges["dst"].tolist()),
                    g.edges["kind"].tolist(), strict=True))
    src = [g.unit_in[c] for c in codes]
    dist, pred = dijkstra(g.csr, directed=True, indices=src, return_predecessors=True)

    def station(label: str) -> str:
        return label.split(":", 1)[1].split("|", maxsplit=1)[0]

    found = []
    for i, o in enumerate(codes):
        for d in codes:
            t = g.unit_out[d]
            if o == d or not math.isfinite(dist[i, t]):
                continue
            path = [t]
            while path[-1] != src[i]:
                path.append(int(pred[i, path[-1]]))
            path.reverse()
            ridden: set[tuple[str, str, str]] = set()
            for u, v in itertools.pairwise(path):
                k = kind[(u, v)]
                if k in ("board", "transfer", "alight"):
                    ridden = set()
                elif k == "ride":
                    layer = g.labels[u].split("|")[1]
                    a, z = station(g.labels[u]), station(g.labels[v])
                    if (layer, z, a) in ridden:
                        found.append((o, d, layer, a, z))
                        break
                    ridden.add((layer, a, z))
    return found


def with_uturn(g: RoutableGraph, at: str, came: str, layer: str, dwell: float) -> RoutableGraph:
    """``g`` with the on-board U-turn at ``at`` (back to ``came``) put back as a dwell edge."""
    i, j = g.labels.index(f"arr:{at}|{layer}|from:{came}"), g.labels.index(
        f"dep:{at}|{layer}|to:{came}")
    edges = pd.concat([g.edges, pd.DataFrame({"src": [i], "dst": [j], "minutes": [dwell],
                                              "kind": ["dwell"]})], ignore_index=True)
    # built from the edge table: a 0-minute edge stays an explicit entry
    csr = sp.csr_array((edges["minutes"].to_numpy(float),
                        (edges["src"].to_numpy(int), edges["dst"].to_numpy(int))),
                       shape=g.csr.shape)
    return dataclasses.replace(g, csr=csr, edges=edges)


def test_the_scan_finds_a_uturn_put_back_and_the_shorter_time() -> None:
    g = build_graph(toy(), mode="rail", settings=toy_settings())
    assert uturns(g, list("PQRST")) == []
    bad = with_uturn(g, "SC", "SB", "L", 2.0)
    assert minutes(bad, "P", "Q") == pytest.approx(2 + 10 + 3 + 2 + 3 + 5 + 8)  # 33 < 46
    found = uturns(bad, list("PQRST"))
    assert ("P", "Q", "L", "SC", "SB") in found and ("Q", "P", "L", "SC", "SB") in found


# ------------------------------------------------------------------ the embedded data
@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _link(region: metroscope.Region, link_id: str) -> dict[str, Any]:
    row = region.links[region.links["link_id"] == link_id]
    assert len(row) == 1
    return dict(row.iloc[0])


def test_qianguo_qianan_by_hand_from_the_links_table(region: metroscope.Region) -> None:
    s = get_settings()
    # the links of the route, as the table gives them (length km, design speed km/h, headway)
    urban = _link(region, "urban:220721-songyuan")  # 前郭 seat - 松原 station
    cbw7 = _link(region, "changbaiwu:07")           # 松原 - 查干湖
    cbw8 = _link(region, "changbaiwu:08")           # 查干湖 - 长山屯
    road_a = _link(region, "road:220882-changshantun")  # 长山屯 station - 大安 seat
    road_b = _link(region, "road:220723-220882")        # 大安 seat - 乾安 seat
    assert (urban["length_km"], pd.isna(urban["speed_kph"])) == (1.9, True)
    assert (cbw7["length_km"], cbw7["speed_kph"], cbw7["headway_min"]) == (18.8, 200.0, 124.6)
    assert (cbw8["length_km"], cbw8["speed_kph"], cbw8["headway_min"]) == (4.4, 200.0, 124.6)
    assert (road_a["length_km"], road_b["length_km"]) == (33.1, 77.1)
    assert (s.urban_speed_kph, s.road_speed_kph, s.operating_speed_factor_rail) == (
        25.0, 90.0, 0.6032)
    assert (s.transfer_penalty_min, s.wait_fraction_of_headway, s.rail_dwell_min) == (
        5.0, 0.5, 0.0)
    to_station = 1.9 / 25.0 * 60              # 4.56
    rail_kph = 200.0 * 0.6032                  # 120.64
    ride_7 = 18.8 / rail_kph * 60              # 9.3501
    ride_8 = 4.4 / rail_kph * 60               # 2.1883
    wait = 0.5 * 124.6                         # 62.3 (beyond 松原: the 6.5 through trains)
    # 前郭 -> 松原 station, change 5, wait, 松原 -> 查干湖 -> 长山屯 on board (dwell 0), change 5,
    # road 长山屯 -> 大安 (33.1 km at 90) -> 乾安 (77.1 km at 90)
    by_hand = (to_station + 5 + wait + ride_7 + 0.0 + ride_8 + 5
               + 33.1 / 90 * 60 + 77.1 / 90 * 60)
    assert by_hand == pytest.approx(161.865, abs=1e-3)
    # the U-turn it used to take: out to 查干湖 and back to 松原 on board, then 前郭 -> 乾安 by
    # road (81.6 km): 154.52
    uturn = to_station + 5 + wait + ride_7 + 0.0 + ride_7 + 5 + to_station + 81.6 / 90 * 60
    assert _link(region, "road:220721-220723")["length_km"] == 81.6
    assert uturn == pytest.approx(154.52, abs=1e-2)
    t = unit_travel_times(region, mode="rail", settings=get_settings(travel_time_cache="off"))
    assert t.loc["220721", "220723"] == pytest.approx(by_hand, abs=1e-9)
    assert t.loc["220723", "220721"] == pytest.approx(by_hand, abs=1e-9)


def test_no_shortest_rail_path_of_the_changchun_matrix_rides_a_line_back(
        region: metroscope.Region) -> None:
    g = build_graph(region, mode="rail")
    codes = [c for c in dict.fromkeys(routing_codes(region, matrix_units(region)))
             if c is not None and c in g.unit_in]
    assert len(codes) > 60
    assert uturns(g, codes) == []
    # the scan can fail: with the U-turn at 查干湖 put back, 前郭 -> 乾安 takes it again
    bad = with_uturn(g, "st:chaganhu", "st:songyuan", "长白乌快速铁路 ~h=124.6", 0.0)
    assert minutes(bad, "220721", "220723") == pytest.approx(154.52, abs=1e-2)
    assert ("220721", "220723", "长白乌快速铁路 ~h=124.6", "st:chaganhu", "st:songyuan") in \
        uturns(bad, codes)
