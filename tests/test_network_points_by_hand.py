"""Times between arbitrary points and units (``network/points.py``) against hand sums.

The road toy of ``test_network_fixtures`` (seats A-D one after another, 60 minutes a hop) with
access minutes of its own to the seats (A 4, B 2, C 0, D 6), a unit F whose only access row
is to a station (so it has no place in the road graph), E without access rows, and a
prefecture P over A and B. A point joins its k nearest served seats by a leg of great-circle
km x circuity / speed; the great circle is a haversine written here.

By hand, unit U to point p: min over the k nearest served seats S of p of
``leg(p, S)`` when U = S (the leg starts at the unit itself), else
``access(U) + road(U, S) + access(S) + leg(p, S)``; point to unit the same way back.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from metroscope import MissingDataError, ParameterError
from metroscope._errors import error_text
from metroscope.network import _cache, point_travel_times
from metroscope.network.options import TravelOptions
from metroscope.region import Region
from test_network_fixtures import toy_settings, toy_tables

SEAT = {"A": 125.0, "B": 125.5, "C": 126.0, "D": 126.5, "E": 127.0, "F": 126.7, "P": 125.1}
ACCESS = {"A": 4.0, "B": 2.0, "C": 0.0, "D": 6.0}
SERVED = ["A", "B", "C", "D"]  # in the road graph (E: no access, F: a station only)
CODES = ["A", "B", "C", "D", "E", "F"]


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine on the IUGG mean sphere (6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _road(u: str, s: str) -> float:
    return 60.0 * abs(SERVED.index(u) - SERVED.index(s))


def _hand(u: str, lon: float, lat: float, k: int, circuity: float, speed: float,
          served: list[str] = SERVED) -> float:
    if u not in served or math.isnan(lon) or math.isnan(lat):
        return math.inf
    legs = sorted((_km(lon, lat, SEAT[s], 44.0), s) for s in served)[:k]
    best = math.inf
    for km, s in legs:
        leg = km * circuity / speed * 60
        via = leg if u == s else ACCESS[u] + _road(u, s) + ACCESS[s] + leg
        best = min(best, via)
    return best


def _region(links_changes: dict[tuple[str, str], object] | None = None) -> Region:
    t = toy_tables()
    units = t["units"]
    units["parent"] = ["P", "P", None, None, None]
    extra = pd.DataFrame([
        {"code": "F", "name_zh": "己", "name_en": "F", "level": "county", "role": "member",
         "seat_lon": SEAT["F"], "seat_lat": 44.0, "parent": None},
        {"code": "P", "name_zh": "庚", "name_en": "P", "level": "prefecture", "role": "core",
         "seat_lon": SEAT["P"], "seat_lat": 44.0, "parent": None}])
    t["units"] = pd.concat([units, extra], ignore_index=True)
    acc = t["access"]
    for code, minutes in ACCESS.items():
        acc.loc[(acc["code"] == code) & (acc["node_id"] == f"seat:{code}"), "minutes"] = minutes
    t["access"] = pd.concat([acc, pd.DataFrame({"code": ["F"], "node_id": ["SA"],
                                                "minutes": [10.0]})], ignore_index=True)
    links = t["links"]
    for (link, column), value in (links_changes or {}).items():
        links.loc[links["link_id"] == link, column] = value
    t["links"] = links
    return Region("toy", **t)


# p1 between A and B (nearer A); p2 beside F's seat (126.7), which is not served, then D and C
POINTS = pd.DataFrame({"lon": [125.2, 126.65], "lat": [44.0, 44.0]},
                      index=pd.Index(["p1", "p2"], name="point"))
S = toy_settings(point_access_nodes=2, point_access_speed_kph=30.0, point_circuity_factor=1.5)


def test_several_points_to_units_by_hand() -> None:
    out = point_travel_times(_region(), POINTS, mode="road", settings=S)
    assert list(out.index) == CODES and out.index.name == "code"
    assert out.index.dtype == pd.StringDtype()  # nullable: NA
    assert list(out.columns) == ["p1", "p2"] and out.columns.name == "point"
    for u in CODES:
        for pid, (lon, lat) in POINTS.iterrows():
            want = _hand(u, lon, lat, 2, 1.5, 30.0)
            assert out.loc[u, pid] == pytest.approx(want, rel=1e-12), (u, pid)
    # spelled out: A to p1 is A's own leg, 0.2 degrees of longitude at 44 N x 1.5 / 30 km/h
    leg = _km(125.2, 44.0, 125.0, 44.0) * 1.5 / 30 * 60
    assert out.loc["A", "p1"] == pytest.approx(leg) and 47 < leg < 48.5
    # B to p1: through its own seat (0.3 degrees), not through A's (2 + 60 + 4 + leg)
    assert out.loc["B", "p1"] == pytest.approx(_km(125.2, 44.0, 125.5, 44.0) * 3)
    assert math.isinf(out.loc["C", "p1"]) is False
    assert math.isinf(out.loc["E", "p1"]) and math.isinf(out.loc["F", "p2"])
    # no notes on a road trip between served units
    meta = out.attrs["metroscope"]
    assert "notes" not in meta


def test_several_points_from_units_by_hand() -> None:
    out = point_travel_times(_region(), POINTS, mode="road", settings=S,
                             direction="from_points")
    assert list(out.index) == ["p1", "p2"] and out.index.name == "point"
    assert list(out.columns) == CODES and out.columns.name == "code"
    assert out.columns.dtype == pd.StringDtype()  # nullable: NA
    for u in CODES:
        for pid, (lon, lat) in POINTS.iterrows():
            want = _hand(u, lon, lat, 2, 1.5, 30.0)  # the road toy is symmetric
            assert out.loc[pid, u] == pytest.approx(want, rel=1e-12), (u, pid)
    assert out.attrs["metroscope"]["measure"] == "point from_points by road"


def test_one_nearest_seat_and_other_factors() -> None:
    # k = 1: each point joins its nearest served seat alone; circuity 1.2, 45 km/h
    s = toy_settings(point_access_nodes=1, point_access_speed_kph=45.0, point_circuity_factor=1.2)
    pts = pd.DataFrame({"lon": [125.7, 126.65, np.nan], "lat": [44.0, 44.0, 44.0]},
                       index=["q1", "q2", "nowhere"])
    for direction in ("to_points", "from_points"):
        out = point_travel_times(_region(), pts, mode="road", settings=s, direction=direction)
        out = out if direction == "to_points" else out.T
        for u in CODES:
            for pid, (lon, lat) in pts.iterrows():
                want = _hand(u, lon, lat, 1, 1.2, 45.0)
                assert out.loc[u, pid] == pytest.approx(want, rel=1e-12), (direction, u, pid)
        assert np.isinf(out["nowhere"]).all()
    # q1 (125.7) joins B (125.5), not C (126.0): A reaches it through B's seat
    want = ACCESS["A"] + 60 + ACCESS["B"] + _km(125.7, 44.0, 125.5, 44.0) * 1.2 / 45 * 60
    assert out.loc["A", "q1"] == pytest.approx(want)
    # more nodes asked for than units served: every served seat joins
    many = toy_settings(point_access_nodes=10, point_access_speed_kph=45.0,
                        point_circuity_factor=1.2)
    got = point_travel_times(_region(), pts.iloc[:1], mode="road", settings=many)
    assert got.loc["D", "q1"] == pytest.approx(_hand("D", 125.7, 44.0, 4, 1.2, 45.0))


def test_statuses_year_level_and_options() -> None:
    # r2 (B-C) planned: the operating roads stop at B, so p2's seats D and C are cut off
    # from A and B
    r = _region({("r2", "status"): "planned", ("r2", "open_year"): 2025,
                 ("r3", "open_year"): 2020})
    op = point_travel_times(r, POINTS, mode="road", settings=S)
    assert math.isinf(op.loc["A", "p2"]) and math.isinf(op.loc["C", "p1"])
    assert op.loc["C", "p2"] == pytest.approx(_hand("C", 126.65, 44.0, 2, 1.5, 30.0))
    both = point_travel_times(r, POINTS, mode="road", settings=S,
                              status=["operating", "planned"])
    assert both.loc["A", "p2"] == pytest.approx(_hand("A", 126.65, 44.0, 2, 1.5, 30.0))
    assert both.attrs["metroscope"]["statuses"] == ["operating", "planned"]
    # network year 2030 with every status: the whole road; 2015: neither r3 (open 2020) nor
    # r2 (planned for 2025)
    y30 = point_travel_times(r, POINTS, mode="road", settings=S, year=2030,
                             status=["operating", "planned"])
    assert y30.loc["A", "p2"] == pytest.approx(_hand("A", 126.65, 44.0, 2, 1.5, 30.0))
    meta = y30.attrs["metroscope"]
    assert (meta["year"], meta["network_year"]) == (2030, 2030)
    y15 = point_travel_times(r, POINTS, mode="road", settings=S, year=2015)
    for u in CODES:  # seats C and D are on no open link: only A and B are served
        for pid, (lon, lat) in POINTS.iterrows():
            want = _hand(u, lon, lat, 2, 1.5, 30.0, served=["A", "B"])
            assert y15.loc[u, pid] == pytest.approx(want, rel=1e-12), (u, pid)
    assert math.isinf(y15.loc["D", "p2"]) and np.isfinite(y15.loc["A", "p2"])
    # prefecture level: P is routed through A (its child with access nearest its seat)
    pref = point_travel_times(_region(), POINTS, mode="road", settings=S, level="prefecture")
    assert list(pref.index) == ["P"]
    assert pref.loc["P", "p1"] == pytest.approx(_hand("A", 125.2, 44.0, 2, 1.5, 30.0))
    # the same through a TravelOptions object
    opts = TravelOptions(mode="road", settings=S, status=("operating", "planned"))
    via = point_travel_times(r, POINTS, options=opts)
    pd.testing.assert_frame_equal(via, both)


def test_provenance() -> None:
    out = point_travel_times(_region(), POINTS, mode="road", settings=S)
    meta = out.attrs["metroscope"]
    assert meta["indicator"] == "travel_time_min"
    assert meta["measure"] == "point to_points by road"
    assert meta["mode"] == "road" and meta["statuses"] == ["operating"]
    assert "year" not in meta and "network_year" not in meta
    assert set(meta["parameters"]) == set(_cache.ROUTING_SETTINGS)
    assert meta["parameters"]["point_circuity_factor"] == 1.5
    assert meta["parameters"]["point_access_speed_kph"] == 30.0
    assert meta["parameters"]["point_access_nodes"] == 2
    assert meta["parameters"]["rail_dwell_min"] == 2.0
    # default mode (fastest) and direction (to_points)
    d = point_travel_times(_region(), POINTS, settings=S)
    assert d.attrs["metroscope"]["mode"] == "fastest"
    assert d.attrs["metroscope"]["measure"] == "point to_points by fastest"
    assert list(d.index) == CODES


def test_the_rail_rule_note_in_both_directions() -> None:
    from test_network_rail_rule import toy

    pts = pd.DataFrame({"lon": [126.0], "lat": [44.0]}, index=["x"])
    one = toy_settings(point_access_nodes=1)
    for direction in ("to_points", "from_points"):
        got = point_travel_times(toy(), pts, mode="rail", settings=one, direction=direction)
        notes = got.attrs["metroscope"]["notes"]
        token = [n for n in notes if getattr(n, "key", None) == "net_rail_token_only"]
        assert len(token) == 1 and token[0].params == {"n": 1}, direction
        road = point_travel_times(toy(), pts, mode="road", settings=one, direction=direction)
        assert "notes" not in road.attrs["metroscope"]


def test_refusals_in_both_languages() -> None:
    with pytest.raises(ParameterError) as bad:
        point_travel_times(_region(), POINTS, mode="road", settings=S, direction="to")
    assert str(bad.value) == "direction must be 'to_points' or 'from_points', not 'to'."
    assert error_text(bad.value, "zh") == "direction 须为 'to_points' 或 'from_points',而非 'to'。"
    for drop, name in (("lat", "lat"), ("lon", "lon")):
        with pytest.raises(MissingDataError) as miss:
            point_travel_times(_region(), POINTS.drop(columns=drop), mode="road", settings=S)
        assert str(miss.value) == f"points need columns lon and lat (degrees); missing {name}."
        assert "缺少 " + name in error_text(miss.value, "zh")
    t = toy_tables()
    t["access"] = t["access"].iloc[:0]
    with pytest.raises(MissingDataError) as none:
        point_travel_times(Region("toy", **t), POINTS, mode="road", settings=S)
    assert str(none.value) == ("No unit of region 'toy' has access to the road network "
                               "(operating).")
    assert error_text(none.value, "zh").startswith("区域“toy”中没有任何单元接入road 路网")
