"""Caveat notes on circle and accessibility results, checked against an independent recount
(the routed path, the dataset's own flags)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

import metroscope
from metroscope.network import build_graph, commuting_circle
from metroscope.network.traveltime import routing_codes


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _notes(res: object) -> list[str]:
    return [str(n) for n in (res.attrs["metroscope"].get("notes") or [])]  # type: ignore[attr-defined]


def _rides_on_path(region: metroscope.Region, code: str, centre: str) -> bool:
    """Whether the quickest rail-mode path from ``code`` to ``centre`` rides a train."""
    g = build_graph(region, mode="rail")
    start, end = g.unit_in[code], g.unit_out[centre]
    _, pred = dijkstra(g.csr, directed=True, indices=start, return_predecessors=True)
    kind = {(int(s), int(d)): k for s, d, k in g.edges[["src", "dst", "kind"]].itertuples(index=False)}
    node, rides = end, False
    while node != start:
        prev = int(pred[node])
        assert prev >= 0
        rides = rides or kind[(prev, node)] == "ride"
        node = prev
    return rides


@pytest.mark.parametrize("minutes", [60, 90])
def test_rail_circle_says_how_many_units_ride_no_train(region: metroscope.Region,
                                                       minutes: int) -> None:
    c = commuting_circle(region, mode="rail", minutes=minutes)
    centre = routing_codes(region, [region.core_code()])[0]
    assert centre is not None
    inside = [str(x) for x in c.index[c["inside"].to_numpy()]]
    no_train = [x for x in inside if x == centre or not _rides_on_path(region, x, centre)]
    note = (f"{len(no_train)} of the {len(inside)} units inside the rail circle are reached "
            "without a train (intra-city leg only)")
    assert note in _notes(c)
    zh = [n.zh for n in c.attrs["metroscope"]["notes"] if getattr(n, "key", "") ==
          "acc_rail_without_train"]
    assert zh == [f"铁路通勤圈内的{len(inside)}个单元中有{len(no_train)}个不乘火车即可到达(仅靠市内通勤段)"]
    if minutes == 60:  # the whole 1-hour rail circle is the core itself: no train at all
        assert len(no_train) == len(inside) == 9


def test_fastest_circle_has_no_train_note(region: metroscope.Region) -> None:
    c = commuting_circle(region, mode="fastest")
    assert not [n for n in _notes(c) if "without a train" in n]


def _placed_at_another_seat(region: metroscope.Region) -> dict[str, str]:
    """Units without a seat whose access node sits exactly on another unit's seat (recount
    from coordinates, not from the builder's flag)."""
    u = region.units
    seats = u.dropna(subset=["seat_lon", "seat_lat"])
    nodes = region.nodes.set_index("node_id")
    out: dict[str, str] = {}
    for code, node in region.access[["code", "node_id"]].astype(str).itertuples(index=False):
        if code not in u.index or not np.isnan(float(u.loc[code, "seat_lon"])):
            continue
        lon, lat = float(nodes.loc[node, "lon"]), float(nodes.loc[node, "lat"])
        hit = seats[np.isclose(seats["seat_lon"].astype(float), lon)
                    & np.isclose(seats["seat_lat"].astype(float), lat)]
        if len(hit) == 1 and hit.index[0] != code:
            out[code] = str(u.loc[hit.index[0], "name_zh"])
    return out


def test_accessibility_and_circle_name_the_units_with_assumed_positions(
        region: metroscope.Region) -> None:
    from metroscope.network import accessibility

    placed = _placed_at_another_seat(region)
    zones = ["220171", "220172", "220173", "220174"]
    assert all(placed[z] == "朝阳区" for z in zones)  # the four zones at 朝阳's seat
    a = accessibility(region)
    [note] = [n for n in a.attrs["metroscope"]["notes"]
              if getattr(n, "key", "") == "acc_assumed_position"]
    assert note.params["n"] == len(placed)
    names = region.units["name_zh"]
    assert note.params["units"] == "、".join(f"{names[c]}→{placed[c]}" for c in
                                            sorted(placed, key=list(a.index).index))
    c = commuting_circle(region)
    [cn] = [n for n in c.attrs["metroscope"]["notes"]
            if getattr(n, "key", "") == "acc_assumed_position"]
    inside = set(map(str, c.index[c["inside"].to_numpy()]))
    assert cn.params["n"] == len(set(placed) & inside) == 4


def test_network_year_with_planned_links_says_scenario_services_are_not_applied(
        region: metroscope.Region) -> None:
    from metroscope.network import unit_travel_times

    links = region.links
    # rail mode routes every link mode (road legs to and from stations)
    rail = links[(links["status"] != "operating")
                 & (links["open_year"] <= 2030)]
    assert len(rail) > 0
    t = unit_travel_times(region, mode="rail", year=2030)
    [note] = [n for n in t.attrs["metroscope"]["notes"]
              if getattr(n, "key", "") == "net_year_no_service_patterns"]
    assert note == (f"network year 2030 opens {len(rail)} link(s) not yet in operation but not "
                    "the service patterns of scenarios (through services over another line); "
                    "use metroscope scenario compare network-2030 for them")
    today = unit_travel_times(region, mode="rail")
    assert not [n for n in today.attrs["metroscope"].get("notes") or []
                if getattr(n, "key", "") == "net_year_no_service_patterns"]
