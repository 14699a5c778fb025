"""Times from chosen units and the pairs with no path (``network/_subsets.py``) on the toy
networks, against hand sums.

Road toy (``test_network_fixtures``): seats A-D one after another, 60 minutes a hop, access 0,
so unit U to unit V by road is 60 x |i - j| minutes; E has no access rows. Added here: a
prefecture P over A and B (routed through a child with access), and F without access rows.
Rail: A to D = access 10 + wait 10 + ride 15 + transfer 5 + wait 15 + 40 km at 90 km/h +
egress 5.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metroscope import ParameterError
from metroscope._errors import error_text
from metroscope.messages import Message
from metroscope.network import _cache, travel_times_from, unit_travel_times, unreachable_pairs
from metroscope.network.options import TravelOptions
from metroscope.region import Region
from test_network_fixtures import toy_settings, toy_tables

ROAD = ["A", "B", "C", "D"]
L2_MIN = 40 / (100 * 0.9) * 60
A_TO_D_RAIL = 10 + 10 + 15 + 5 + 15 + L2_MIN + 5


def _road(u: str, v: str) -> float:
    if u not in ROAD or v not in ROAD:
        return 0.0 if u == v else math.inf
    return 60.0 * abs(ROAD.index(u) - ROAD.index(v))


def _region(links_changes: dict[tuple[str, str], object] | None = None,
            meta: dict[str, object] | None = None) -> Region:
    t = toy_tables()
    units = t["units"]
    units["parent"] = ["P", "P", None, None, None]
    extra = pd.DataFrame([
        {"code": "F", "name_zh": "己", "name_en": "F", "level": "county", "role": "member",
         "seat_lon": 127.5, "seat_lat": 44.0, "parent": None},
        {"code": "P", "name_zh": "庚", "name_en": "P", "level": "prefecture", "role": "core",
         "seat_lon": 125.1, "seat_lat": 44.0, "parent": None}])
    t["units"] = pd.concat([units, extra], ignore_index=True)
    links = t["links"]
    for (link, column), value in (links_changes or {}).items():
        links.loc[links["link_id"] == link, column] = value
    t["links"] = links
    return Region("toy", meta=meta or {}, **t)


CODES = ["A", "B", "C", "D", "E", "F"]


def test_times_from_chosen_units_by_road() -> None:
    s = toy_settings()
    out = travel_times_from(_region(), ["C", "A"], mode="road", settings=s)
    assert list(out.index) == CODES and out.index.name == "code"
    assert out.index.dtype == pd.StringDtype()  # nullable: NA
    assert list(out.columns) == ["C", "A"] and out.columns.name == "origin"
    for u in CODES:
        for o in ("C", "A"):
            assert out.loc[u, o] == _road(o, u), (u, o)
    meta = out.attrs["metroscope"]
    assert meta["indicator"] == "travel_time_min" and meta["mode"] == "road"
    assert meta["statuses"] == ["operating"]
    assert "year" not in meta and "network_year" not in meta and "notes" not in meta
    assert set(meta["parameters"]) == set(_cache.ROUTING_SETTINGS)
    assert meta["parameters"]["rail_dwell_min"] == 2.0
    assert isinstance(meta["matrix_id"], str) and len(meta["matrix_id"]) == 16
    # the other direction: from each unit to the origins (the road toy is symmetric), under
    # its own matrix id
    to = travel_times_from(_region(), ["C", "A"], mode="road", settings=s, direction="to")
    assert to.to_numpy().tolist() == out.to_numpy().tolist()
    assert to.attrs["metroscope"]["matrix_id"] != meta["matrix_id"]


def test_times_from_by_rail_and_the_settings() -> None:
    s = toy_settings()
    out = travel_times_from(_region(), ["A"], mode="rail", settings=s)
    assert out.loc["D", "A"] == pytest.approx(A_TO_D_RAIL)
    assert out.loc["B", "A"] == pytest.approx(10 + 10 + 15 + 5)
    assert out.loc["A", "A"] == 0.0 and math.isinf(out.loc["E", "A"])
    to = travel_times_from(_region(), ["D"], mode="rail", settings=s, direction="to")
    assert to.loc["A", "D"] == pytest.approx(A_TO_D_RAIL)
    # other settings: no dwell, no wait, no transfer penalty
    s0 = toy_settings(wait_fraction_of_headway=0.0, transfer_penalty_min=0.0, rail_dwell_min=0.0)
    out = travel_times_from(_region(), ["A"], mode="rail", settings=s0)
    assert out.loc["D", "A"] == pytest.approx(10 + 15 + L2_MIN + 5)
    assert out.attrs["metroscope"]["parameters"]["rail_dwell_min"] == 0.0
    # the default mode is fastest: C to D by road (60) beats rail (5+10+20+5+15+L2+5)
    fast = travel_times_from(_region(), ["C"], settings=s)
    assert fast.attrs["metroscope"]["mode"] == "fastest"
    assert fast.loc["D", "C"] == pytest.approx(60.0)
    assert fast.loc["D", "C"] < 5 + 10 + 20 + 5 + 15 + L2_MIN + 5


def test_routed_and_unrouted_origins_and_their_notes() -> None:
    note = {"key": "net_estimated_roads", "params": {"detour": 1.3, "speed": 60.0}}
    r = _region({("r2", "open_year"): 2013}, meta={"network_note": note})
    s = toy_settings()
    # network year 2012: l3 (2015) and r2 (2013) are not yet open
    out = travel_times_from(r, ["P", "E", "B"], mode="fastest", settings=s, year=2012)
    # P (a prefecture, not a matrix unit) goes through its child A; E has no way in
    assert out.loc["A", "P"] == 0.0 and out.loc["B", "P"] == pytest.approx(40.0)
    assert math.isinf(out.loc["C", "P"]) is False  # rail l2 (2012) is open: A-SB-SC
    assert out.loc["C", "P"] == pytest.approx(10 + 10 + 15 + 2 + 20 + 5)
    assert out.loc["E", "E"] == 0.0
    assert all(math.isinf(out.loc[u, "E"]) for u in CODES if u != "E")
    meta = out.attrs["metroscope"]
    assert (meta["year"], meta["network_year"]) == (2012, 2012)
    keys = [getattr(n, "key", None) for n in meta["notes"]]
    assert keys == ["net_origin_routed", "net_unserved", "net_estimated_roads",
                    "net_year_leaves_out"]
    routed, unserved = meta["notes"][:2]
    assert routed.params == {"origin": "P", "route": "A"}
    assert unserved.params["n"] == 1 and unserved.params["codes"] == ["E"]
    assert str(unserved).startswith("1 unit(s) without access to the fastest network")
    assert "origin E routed through None" not in map(str, meta["notes"])
    assert unserved.zh.startswith("1个单元无法接入所选路网(fastest 路网")


def test_statuses_and_levels() -> None:
    r = _region({("r2", "status"): "planned"})
    s = toy_settings()
    op = travel_times_from(r, ["A"], mode="road", settings=s)
    assert op.loc["B", "A"] == 60.0 and math.isinf(op.loc["C", "A"])
    both = travel_times_from(r, ["A"], mode="road", settings=s, status=["operating", "planned"])
    assert both.loc["C", "A"] == 120.0
    assert both.attrs["metroscope"]["statuses"] == ["operating", "planned"]
    pref = travel_times_from(r, ["C"], mode="road", settings=s, level="prefecture",
                             status=["operating", "planned"])
    assert list(pref.index) == ["P"] and pref.loc["P", "C"] == 120.0  # P through A
    via = travel_times_from(r, ["A"], options=TravelOptions(
        mode="road", settings=s, status=("operating", "planned")))
    pd.testing.assert_frame_equal(via, both)


def test_the_memory_cache_keeps_every_query_apart() -> None:
    _cache.clear()
    s = toy_settings(travel_time_cache="memory")
    r = _region({("r2", "status"): "planned"})
    first = travel_times_from(r, ["A"], mode="road", settings=s)
    assert first.loc["B", "A"] == 60.0
    # another origin, mode, status, year and level each routed anew, not read back
    other = travel_times_from(r, ["B"], mode="road", settings=s)
    assert list(other.columns) == ["B"] and other.loc["A", "B"] == 60.0
    rail = travel_times_from(r, ["A"], mode="rail", settings=s)
    assert rail.loc["D", "A"] == pytest.approx(A_TO_D_RAIL)
    planned = travel_times_from(r, ["A"], mode="road", settings=s,
                                status=["operating", "planned"])
    assert planned.loc["C", "A"] == 120.0
    y = travel_times_from(r, ["A"], mode="rail", settings=s, year=2014)
    assert math.isinf(y.loc["D", "A"])  # l3 opens in 2015
    pref = travel_times_from(r, ["A"], mode="road", settings=s, level="prefecture")
    assert list(pref.index) == ["P"]
    # the same statuses with and without a network year
    now = travel_times_from(r, ["A"], mode="rail", settings=s, status="operating")
    assert now.loc["D", "A"] == pytest.approx(A_TO_D_RAIL)
    then = travel_times_from(r, ["A"], mode="rail", settings=s, status="operating", year=2014)
    assert math.isinf(then.loc["D", "A"])
    again = travel_times_from(r, ["A"], mode="road", settings=s)
    pd.testing.assert_frame_equal(again, first)
    assert again.attrs["metroscope"]["matrix_id"] == first.attrs["metroscope"]["matrix_id"]
    _cache.clear()


def test_the_rail_rule_note() -> None:
    from test_network_rail_rule import toy

    s = toy_settings()
    for direction in ("from", "to"):
        f = travel_times_from(toy(), ["R"], mode="rail", settings=s, direction=direction)
        assert f.loc["R", "R"] == 0.0 and math.isinf(f.loc["S", "R"])
        (note,) = [n for n in f.attrs["metroscope"]["notes"]
                   if getattr(n, "key", None) == "net_rail_token_only"]
        assert note.params == {"n": 1}, direction


def test_bad_direction() -> None:
    with pytest.raises(ParameterError) as err:
        travel_times_from(_region(), ["A"], direction="to_points", settings=toy_settings())
    assert str(err.value) == "direction must be 'from' or 'to', not 'to_points'."
    assert error_text(err.value, "zh") == "direction 须为 'from' 或 'to',而非 'to_points'。"


# ---------------------------------------------------------------------------- unreachable
def _reason(end: str, code: str, network: str) -> str:
    return f"{end} {code} has no access row to a node of the {network}"


def test_unreachable_pairs_without_access() -> None:
    s = toy_settings()
    u = unreachable_pairs(_region(), mode="rail", settings=s)
    assert list(u.columns) == ["origin", "destination", "origin_name", "destination_name",
                               "reason"]
    net = "rail network (operating)"
    want = []
    names = dict(zip("ABCDEF", "甲乙丙丁戊己", strict=True))
    for o in CODES:
        for d in CODES:
            if o == d or (o in ROAD and d in ROAD):
                continue
            parts = ([_reason("origin", o, net)] if o not in ROAD else []) + (
                [_reason("destination", d, net)] if d not in ROAD else [])
            want.append((o, d, names[o], names[d], "; ".join(parts)))
    assert list(u.itertuples(index=False, name=None)) == want
    meta = u.attrs["metroscope"]
    assert meta["indicator"] == "unreachable_pairs" and meta["mode"] == "rail"
    # the same routing (and cache key) as the unit matrix
    m = unit_travel_times(_region(), mode="rail", settings=s)
    assert meta["matrix_id"] == m.attrs["metroscope"]["matrix_id"]
    assert len(meta["matrix_id"]) == 16


def test_unreachable_pairs_components_and_token_rides() -> None:
    from test_network_rail_rule import toy

    s = toy_settings()
    u = unreachable_pairs(toy(), mode="rail", settings=s).set_index(["origin", "destination"])
    west, east = ["P", "Q"], ["R", "S"]
    split = {(o, d) for o in west for d in east} | {(o, d) for o in east for d in west}
    token = {("R", "S"), ("S", "R")}
    assert set(u.index) == split | token
    for pair in split:
        assert u.loc[pair, "reason"] == ("no path in the rail network (operating) "
                                         "(separate network components)")
    for pair in token:
        assert u.loc[pair, "reason"] == str(Message("net_reason_token_ride"))
    road = unreachable_pairs(toy(), mode="road", settings=s).set_index(["origin", "destination"])
    assert set(road.index) == split
    assert road.loc[("P", "R"), "reason"] == ("no path in the road network (operating) "
                                              "(separate network components)")


def test_unreachable_pairs_statuses_years_levels() -> None:
    s = toy_settings()
    r = _region({("r2", "status"): "planned", ("r3", "open_year"): 2020})
    op = unreachable_pairs(r, mode="road", settings=s)
    cut = {(o, d) for o in ("A", "B") for d in ("C", "D")}
    cut |= {(d, o) for o, d in cut}
    pairs = set(zip(op["origin"], op["destination"], strict=True))
    assert cut <= pairs
    both = unreachable_pairs(r, mode="road", settings=s, status=["operating", "planned"])
    pairs = set(zip(both["origin"], both["destination"], strict=True))
    assert not pairs & cut
    y = unreachable_pairs(r, mode="road", settings=s, year=2015,
                          status=["operating", "planned"])  # r3 opens in 2020
    pairs = set(zip(y["origin"], y["destination"], strict=True))
    assert ("A", "D") in pairs and ("A", "B") not in pairs
    pref = unreachable_pairs(r, mode="road", settings=s, level="prefecture")
    assert pref.empty and list(pref.columns) == list(op.columns)
    assert pref.attrs["metroscope"]["mode"] == "road"
    fast = unreachable_pairs(r, settings=s)
    assert fast.attrs["metroscope"]["mode"] == "fastest"
    via = unreachable_pairs(r, options=TravelOptions(mode="road", settings=s))
    pd.testing.assert_frame_equal(via, op)
    assert via.attrs["metroscope"] == op.attrs["metroscope"]
