"""Travel-time matrices checked cell by cell against legs summed by hand from the toy network
(tests/test_network_fixtures.py): units above the county routed through their seat unit, the
level chosen by default, chosen origins, the fastest-mode labels, the notes and the provenance
of every result, and the old import paths.

The toy rail network: line L1 (hsr) SA-SB 15 min, SB-SC 20 min, headway 20 (wait 10); line L2
(rail) SB-SD 40 km at 100 km/h x 0.9, headway 30 (wait 15); access A-SA 10 min, B/C/D 5 min;
dwell 2, transfer 5. Road: seat A-B-C-D, 60 min each. E has no access rows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope import MissingDataError, UnknownRegionError
from metroscope.network import (
    TravelOptions,
    _cache,
    fastest_modes,
    travel_times_from,
    unit_travel_times,
)
from metroscope.network import traveltime as tt
from metroscope.region import Region
from test_network_fixtures import toy_region, toy_settings, toy_tables

L2_MIN = 40 / (100 * 0.9) * 60  # 40 km at 100 km/h x 0.9
RAIL = {  # rail minutes between the county units, legs summed by hand
    ("A", "B"): 10 + 10 + 15 + 5,
    ("A", "C"): 10 + 10 + 15 + 2 + 20 + 5,
    ("A", "D"): 10 + 10 + 15 + 5 + 15 + L2_MIN + 5,
    ("B", "C"): 5 + 10 + 20 + 5,
    ("B", "D"): 5 + 15 + L2_MIN + 5,
    ("C", "D"): 5 + 10 + 20 + 5 + 15 + L2_MIN + 5,
}


def rail(o: str, d: str) -> float:
    """The hand-summed rail minutes (symmetric: every leg is the same both ways)."""
    if o == d:
        return 0.0
    return RAIL.get((o, d), RAIL.get((d, o), math.inf))


def nested_region(**changes: Any) -> Region:
    """The toy counties under prefectures X (A, B; seat at lon 125.4, nearest B), Y (C, D; no
    seat) and Z (E, which has no access rows; seat at 127.0), under province P (seat at lon
    126.4; no child has access rows, of its grandchildren D is nearest); and W (no children,
    no seat, no parent; its own access row to SC, 7 minutes)."""
    t = toy_tables()
    u = t["units"]
    u["parent"] = ["X", "X", "Y", "Y", "Z"]
    upper = pd.DataFrame({
        "code": ["X", "Y", "Z", "W", "P"], "name_zh": ["甲市", "乙市", "丙市", "丁市", "省"],
        "name_en": ["X", "Y", "Z", "W", "P"],
        "level": ["prefecture"] * 4 + ["province"],
        "role": ["core", "member", "member", "member", "context"],
        "seat_lon": [125.4, np.nan, 127.0, np.nan, 126.4],
        "seat_lat": [44.0, np.nan, 44.0, np.nan, 44.0],
        "parent": ["P", "P", "P", None, None]})
    t["units"] = pd.concat([u, upper], ignore_index=True)
    t["access"] = pd.concat([t["access"], pd.DataFrame(
        {"code": ["W"], "node_id": ["SC"], "minutes": [7.0]})], ignore_index=True)
    t.update(changes)
    return Region("toy", **t)


# ------------------------------------------------------------------ units and routing codes
def test_matrix_units_take_the_lowest_level_present_and_located_units_only() -> None:
    r = nested_region()
    assert tt.matrix_units(r) == ["A", "B", "C", "D", "E"]  # county first
    # Y has neither a seat nor access rows; W has no seat but access rows of its own
    assert tt.matrix_units(r, "prefecture") == ["X", "Z", "W"]
    assert tt.matrix_units(r, "province") == ["P"]
    units = nested_region().units.reset_index()
    no_county = units[units["level"] != "county"]
    access = toy_tables()["access"].iloc[:0]
    r2 = Region("upper", units=no_county, nodes=toy_tables()["nodes"],
                links=toy_tables()["links"], access=pd.concat([access, pd.DataFrame(
                    {"code": ["W"], "node_id": ["SC"], "minutes": [7.0]})]))
    assert tt.matrix_units(r2) == ["X", "Z", "W"]  # no county: the prefectures
    province_only = units[units["level"] == "province"]
    r3 = Region("top", units=province_only, nodes=toy_tables()["nodes"],
                links=toy_tables()["links"], access=access)
    assert tt.matrix_units(r3) == ["P"]


def test_routing_codes_pick_the_child_whose_seat_is_nearest() -> None:
    r = nested_region()
    # X's seat (125.4) is 0.1 degree from B's, 0.4 from A's; Y has no seat: its first child
    # with access rows (C); Z's only child E has no access rows; P's children have none: its
    # grandchildren A-D, of which D's seat (126.5) is nearest to P's (126.4)
    assert tt.routing_codes(r, ["A", "X", "Y", "Z", "W", "P"]) == ["A", "B", "C", None, "W", "D"]
    assert tt.routing_code(r, "X") == "B"
    units = nested_region().units.reset_index()
    units.loc[units["code"] == "P", "seat_lon"] = 125.1  # now nearest A
    units.loc[units["code"] == "X", "seat_lon"] = 125.1
    moved = nested_region(units=units)
    assert tt.routing_codes(moved, ["P", "X"]) == ["A", "A"]


def test_a_child_without_a_seat_is_never_nearest() -> None:
    units = nested_region().units.reset_index()
    units.loc[units["code"] == "A", ["seat_lon", "seat_lat"]] = np.nan  # NaN distance
    units.loc[units["code"] == "X", "seat_lon"] = 125.0  # A's old seat
    assert tt.routing_code(nested_region(units=units), "X") == "B"


def test_unknown_units_are_named_in_the_refusal() -> None:
    with pytest.raises(UnknownRegionError) as info:
        tt.routing_codes(nested_region(), ["A", "Q1", "Q2"])
    assert str(info.value).startswith("Unit(s) ")
    assert "'Q1'" in str(info.value) and "'Q2'" in str(info.value)
    assert "not in region 'toy'. See region.units.index." in str(info.value)


# --------------------------------------------------------------------- matrices by hand
def test_rail_matrix_every_cell_by_hand() -> None:
    m = unit_travel_times(toy_region(), mode="rail", settings=toy_settings())
    for o in "ABCDE":
        for d in "ABCDE":
            want = 0.0 if o == d else (math.inf if "E" in (o, d) else rail(o, d))
            assert m.loc[o, d] == pytest.approx(want), (o, d)
    assert m.index.dtype == "string" and m.columns.dtype == "string"


def test_prefecture_matrix_routed_through_seat_units() -> None:
    r = nested_region()
    m = unit_travel_times(r, mode="rail", level="prefecture", settings=toy_settings())
    assert list(m.index) == ["X", "Z", "W"] and list(m.columns) == ["X", "Z", "W"]
    # X through B: B -> SB 5, wait 10, ride 20 to SC, W's access 7
    assert m.loc["X", "W"] == pytest.approx(5 + 10 + 20 + 7)
    assert m.loc["W", "X"] == pytest.approx(7 + 10 + 20 + 5)
    assert math.isinf(m.loc["X", "Z"]) and math.isinf(m.loc["Z", "W"])
    assert np.diag(m.to_numpy()).tolist() == [0.0, 0.0, 0.0]
    meta = m.attrs["metroscope"]
    notes = meta["notes"]
    keys = [getattr(n, "key", None) for n in notes]
    assert keys == ["net_unserved", "net_unreachable", "net_routed_through_seat"]
    assert notes[0].params == {"n": 1, "network": "rail network (operating)", "codes": ["Z"]}
    assert notes[1].params == {"n": 4}
    assert notes[2].params == {"pairs": ["X->B"]}
    # by road, W (whose only access row leads to a station) is not served either
    road = unit_travel_times(r, mode="road", level="prefecture", settings=toy_settings())
    unserved = road.attrs["metroscope"]["notes"][0]
    assert unserved.key == "net_unserved" and unserved.params["codes"] == ["Z", "W"]
    assert unserved.params["n"] == 2 and unserved.params["network"] == "road network (operating)"


def test_province_matrix_is_its_seat_units_row() -> None:
    r = nested_region()
    p = unit_travel_times(r, mode="rail", level="province", settings=toy_settings())
    assert p.shape == (1, 1) and p.loc["P", "P"] == 0.0
    assert [n.key for n in p.attrs["metroscope"]["notes"]] == ["net_routed_through_seat"]
    assert p.attrs["metroscope"]["notes"][0].params == {"pairs": ["P->D"]}


def test_a_unit_is_zero_minutes_from_its_seat_unit() -> None:
    # the rows of X (routed through B) and of Y (through C), to every county
    t = travel_times_from(nested_region(), ["X", "Y", "Z"], mode="rail",
                          settings=toy_settings())
    for d in "ABCDE":
        assert t.loc[d, "X"] == pytest.approx(0.0 if d == "B" else rail("B", d)), d
        assert t.loc[d, "Y"] == pytest.approx(0.0 if d == "C" else rail("C", d)), d
        assert math.isinf(t.loc[d, "Z"]), d  # Z is not served, not even from E


def test_chosen_origins_are_rows_of_the_square() -> None:
    r = toy_region()
    rows = unit_travel_times(r, mode="rail", settings=toy_settings(),
                             origins=["C", "A", "C", "nope"])
    assert list(rows.index) == ["C", "A"] and list(rows.columns) == list("ABCDE")
    for o in ("C", "A"):
        for d in "ABCD":
            assert rows.loc[o, d] == pytest.approx(rail(o, d))
    assert math.isinf(rows.loc["A", "E"])
    assert rows.attrs["metroscope"]["notes"][-1].params == {"n": 2}  # C->E, A->E
    # an unserved origin is 0 minutes from itself, unreachable from and to the others
    e = unit_travel_times(r, mode="rail", settings=toy_settings(), origins=["E", "B"])
    assert e.loc["E"].tolist() == [math.inf] * 4 + [0.0]
    assert e.loc["B", "E"] == math.inf and e.loc["B", "D"] == pytest.approx(rail("B", "D"))
    # every unit, in another order: the square, in the matrix order
    full = unit_travel_times(r, mode="rail", settings=toy_settings(), origins=list("EDCBA"))
    assert list(full.index) == list("ABCDE")
    assert full.loc["B", "D"] == pytest.approx(rail("B", "D"))
    labels = fastest_modes(r, settings=toy_settings(), origins=["D", "A"])
    assert labels.shape == (2, 5)
    assert labels.loc["D"].tolist() == ["rail", "rail", "road", "same", "none"]
    assert labels.loc["A"].tolist() == ["same", "rail", "rail", "rail", "none"]


def test_no_located_unit_is_refused() -> None:
    units = toy_tables()["units"]
    units[["seat_lon", "seat_lat"]] = np.nan
    r = toy_region(units=units, access=toy_tables()["access"].iloc[:0])
    with pytest.raises(MissingDataError) as info:
        unit_travel_times(r, mode="rail", settings=toy_settings())
    assert str(info.value) == ("Region 'toy' has no units of level county with a seat or "
                               "access rows; add seat_lon/seat_lat and access rows.")
    with pytest.raises(MissingDataError, match="no units of level prefecture with"):
        unit_travel_times(r, mode="rail", level="prefecture", settings=toy_settings())
    # a region without units: no level present, no matrix units, the same refusal
    t = toy_tables()
    bare = {k: v.iloc[:0] for k, v in t.items() if k not in ("links", "nodes")}
    empty = Region("empty", links=t["links"], nodes=t["nodes"], **bare)
    assert tt.matrix_units(empty) == []
    with pytest.raises(MissingDataError, match="no units of level county with"):
        unit_travel_times(empty, mode="rail", settings=toy_settings())


# ------------------------------------------------------------------------- fastest labels
def test_fastest_labels_every_cell() -> None:
    r = toy_region()
    s = toy_settings()
    labels = fastest_modes(r, settings=s)
    road = unit_travel_times(r, mode="road", settings=s)
    for o in "ABCDE":
        for d in "ABCDE":
            if o == d:
                want = "same"
            elif "E" in (o, d):
                want = "none"
            else:  # road: 60 minutes a step; ties go to road
                want = "road" if road.loc[o, d] <= rail(o, d) else "rail"
                assert road.loc[o, d] == pytest.approx(60.0 * abs(ord(o) - ord(d)))
            assert labels.loc[o, d] == want, (o, d)
    assert str(labels.dtypes.iloc[0]) == "string"
    meta = labels.attrs["metroscope"]
    assert meta["indicator"] == "fastest_mode" and meta["mode"] == "fastest"


def test_fastest_modes_take_the_options_and_keywords() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", ["status", "open_year"]] = ["planned", 2030]
    r = toy_region(links=links)
    s = toy_settings()
    # today: no L2, so A->D is rail to C, a change at C's seat, road to D
    assert fastest_modes(r, settings=s).loc["A", "D"] == "road+rail"
    for got in (fastest_modes(r, settings=s, status=["operating", "planned"]),
                fastest_modes(r, settings=s, year=2030),
                fastest_modes(r, options=TravelOptions(status=("operating", "planned"),
                                                       settings=s)),
                fastest_modes(r, options=TravelOptions(mode="road", network_year=2030,
                                                       settings=s))):
        assert got.loc["A", "D"] == "rail"
        assert got.attrs["metroscope"]["mode"] == "fastest"
    # the options' level is used
    up = fastest_modes(nested_region(), options=TravelOptions(level="prefecture",
                                                              settings=s))
    assert list(up.index) == ["X", "Z", "W"]
    up = fastest_modes(nested_region(), level="prefecture", settings=s)
    assert list(up.index) == ["X", "Z", "W"]
    assert up.loc["X", "W"] == "rail" and up.loc["X", "Z"] == "none"


# ----------------------------------------------------------------------------- provenance
def test_provenance_of_a_matrix() -> None:
    r = toy_region()
    s = toy_settings(transfer_penalty_min=6.0)
    m = unit_travel_times(r, mode="road", year=2030, settings=s)
    meta = m.attrs["metroscope"]
    assert meta["indicator"] == "travel_time_min"
    assert meta["measure"] == "door-to-door travel time by road, minutes"
    assert meta["measure"].params["mode"].key == "mode_road"
    assert meta["year"] == 2030 and meta["network_year"] == 2030 and meta["mode"] == "road"
    assert meta["statuses"] == ["operating", "under_construction", "planned"]
    key = _cache.network_key(r, s, mode="road", status=list(meta["statuses"]), year=2030,
                             codes=list("ABCDE"))
    assert meta["matrix_id"] == key[:16]
    assert meta["parameters"]["transfer_penalty_min"] == 6.0
    assert set(meta["parameters"]) == set(_cache.ROUTING_SETTINGS)
    assert meta["sources"] == ["region 'toy': nodes, links and access tables"]
    # E unserved by road, 8 unreachable pairs; no routing through seats at county level
    assert [n.key for n in meta["notes"]] == ["net_unserved", "net_unreachable"]
    assert meta["notes"][0].params["codes"] == ["E"]
    assert meta["notes"][1].params == {"n": 8}


def test_no_notes_when_all_is_reached() -> None:
    r = toy_region()
    m = unit_travel_times(r, mode="rail", settings=toy_settings(), origins=["A"])
    assert "notes" in m.attrs["metroscope"]  # A -> E
    units = toy_tables()["units"].iloc[:4]
    stats = toy_tables()["stats"].iloc[:4]
    clean = toy_region(units=units, stats=stats)
    m = unit_travel_times(clean, mode="rail", settings=toy_settings())
    assert "notes" not in m.attrs["metroscope"]
    assert "year" not in m.attrs["metroscope"]  # today's network
    assert m.attrs["metroscope"]["statuses"] == ["operating"]


def test_dataset_notes_and_graph_notes_are_repeated() -> None:
    t = toy_tables()
    note = {"key": "net_estimated_roads", "params": {"detour": 1.3, "speed": 60.0}}
    noted = Region("toy", meta={"network_note": note}, **t)
    assert [n.key for n in tt.dataset_notes(noted)] == ["net_estimated_roads"]
    assert tt.dataset_notes(toy_region()) == []
    plain = Region("toy", meta={"network_note": "roads are guessed"}, **toy_tables())
    assert tt.dataset_notes(plain) == ["roads are guessed"]
    got = unit_travel_times(plain, mode="road", settings=toy_settings()).attrs["metroscope"]
    assert got["notes"][-1] == "roads are guessed"
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", "headway_min"] = np.nan
    m = unit_travel_times(toy_region(links=links), mode="rail", settings=toy_settings())
    # the graph's note first, then the matrix's own
    assert [n.key for n in m.attrs["metroscope"]["notes"]] == [
        "net_assumed_headway", "net_unserved", "net_unreachable"]
    assert m.attrs["metroscope"]["notes"][0].params["line"] == {"zh": "L2", "en": "L2"}
    # a road matrix routes on the road graph alone: no note on rail headways
    road = unit_travel_times(toy_region(links=links), mode="road", settings=toy_settings())
    assert [n.key for n in road.attrs["metroscope"]["notes"]] == ["net_unserved",
                                                                  "net_unreachable"]


def test_old_import_paths_keep_working() -> None:
    from metroscope.network import _subsets, points

    assert tt.point_travel_times is points.point_travel_times
    assert tt.travel_times_from is _subsets.travel_times_from
    assert tt.unreachable_pairs is _subsets.unreachable_pairs
    with pytest.raises(AttributeError) as info:
        tt.no_such_function  # noqa: B018
    assert str(info.value) == ("module 'metroscope.network.traveltime' has no attribute "
                               "'no_such_function'")


def test_labels_compare_without_slack() -> None:
    # road A-B shortened to 40.5 km (40.5 minutes at 60 km/h): rail (40) wins by half a
    # minute, road (40) ties with rail when 40 km: ties go to road
    for km, want in ((40.5, "rail"), (40.0, "road"), (39.5, "road")):
        links = toy_tables()["links"]
        links.loc[links["link_id"] == "r1", "length_km"] = km
        r = toy_region(links=links)
        labels = fastest_modes(r, settings=toy_settings())
        assert labels.loc["A", "B"] == want and labels.loc["B", "A"] == want, km
        fast = unit_travel_times(r, mode="fastest", settings=toy_settings())
        assert fast.loc["A", "B"] == pytest.approx(min(km, rail("A", "B")))
    # without waits rail A-B is 30 minutes: faster than 39.5 by road
    no_wait = toy_settings(wait_fraction_of_headway=0.0)
    assert fastest_modes(r, settings=no_wait).loc["A", "B"] == "rail"


def test_the_default_mode_is_the_fastest_trip() -> None:
    m = unit_travel_times(toy_region(), settings=toy_settings())
    assert m.attrs["metroscope"]["mode"] == "fastest"
    assert m.loc["C", "D"] == pytest.approx(60.0)  # road, not rail (81.7)
    assert m.loc["A", "D"] == pytest.approx(rail("A", "D"))  # rail, not road (180)


def test_options_replace_the_keywords() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", ["status", "open_year"]] = ["planned", 2030]
    r = toy_region(links=links)
    opts = TravelOptions(mode="rail", network_year=2030, settings=toy_settings(),
                         level="county")
    m = unit_travel_times(r, options=opts)
    assert m.attrs["metroscope"]["mode"] == "rail" and m.attrs["metroscope"]["year"] == 2030
    assert m.loc["C", "D"] == pytest.approx(rail("C", "D"))  # by rail, on L2 (open by 2030)
    up = unit_travel_times(nested_region(), options=TravelOptions(
        mode="rail", level="prefecture", settings=toy_settings()))
    assert list(up.index) == ["X", "Z", "W"]


def test_chosen_origins_are_cached_apart_from_the_square() -> None:
    s = toy_settings(travel_time_cache="memory")
    _cache.clear()
    r = toy_region()
    one = unit_travel_times(r, mode="rail", settings=s, origins=["C"])
    square = unit_travel_times(r, mode="rail", settings=s)
    two = unit_travel_times(r, mode="rail", settings=s, origins=["C", "A"])
    assert one.shape == (1, 5) and square.shape == (5, 5) and two.shape == (2, 5)
    assert one.attrs["metroscope"]["matrix_id"] != square.attrs["metroscope"]["matrix_id"]
    assert two.loc["A", "C"] == pytest.approx(rail("A", "C"))
    _cache.clear()


def test_a_disk_cache_without_graph_notes_is_read(tmp_path: Any) -> None:
    """A cached set written before the graph notes were kept (same version number during
    development) is read back with no graph notes, not refused."""
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", "headway_min"] = np.nan
    r = toy_region(links=links)
    s = toy_settings(travel_time_cache="disk", cache_dir=tmp_path)
    _cache.clear()
    first = unit_travel_times(r, mode="rail", settings=s)
    assert first.attrs["metroscope"]["notes"][0].key == "net_assumed_headway"
    notes_files = list(tmp_path.glob("traveltime/*/*.graph_notes.parquet"))
    assert len(notes_files) == 1
    notes_files[0].unlink()
    _cache.clear()
    again = unit_travel_times(r, mode="rail", settings=s)
    pd.testing.assert_frame_equal(again, first)
    assert [n.key for n in again.attrs["metroscope"]["notes"]] == ["net_unserved",
                                                                   "net_unreachable"]
    _cache.clear()


def test_notes_survive_the_cache_table() -> None:
    from metroscope.messages import Message

    msg = Message("net_headway_none_known", line="L9")
    table = tt._notes_table([msg, "a plain note", msg])
    assert table["note"].tolist() == sorted([msg.to_json(), "a plain note"])
    back = tt._notes_of(table)
    assert sorted(back) == sorted(["a plain note", str(msg)])
    revived = [n for n in back if getattr(n, "key", None) == "net_headway_none_known"]
    assert len(revived) == 1 and revived[0].params == {"line": "L9"}
