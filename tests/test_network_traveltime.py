"""Travel times on hand-built networks: known shortest times, unreachable units, errors,
agreement with networkx, caching, points."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from metroscope import NetworkError
from metroscope.network import (
    _cache,
    build_graph,
    fastest_modes,
    point_travel_times,
    travel_times_from,
    unit_travel_times,
    unreachable_pairs,
)
from metroscope.network.graph import shortest_minutes
from metroscope.region import Region
from metroscope.settings import Settings
from test_network_fixtures import toy_region, toy_settings, toy_tables

L2_MIN = 40 / (100 * 0.9) * 60  # 40 km at 100 km/h x 0.9


def test_rail_times_by_hand() -> None:
    m = unit_travel_times(toy_region(), settings=toy_settings(), mode="rail")
    # access 10 + wait 20/2 + ride 15 + egress 5
    assert m.loc["A", "B"] == pytest.approx(40.0)
    # ... + dwell 2 at SB + ride 20
    assert m.loc["A", "C"] == pytest.approx(10 + 10 + 15 + 2 + 20 + 5)
    # ... transfer at SB: penalty 5 + wait 30/2, then 40 km at 90 km/h
    assert m.loc["A", "D"] == pytest.approx(10 + 10 + 15 + 5 + 15 + L2_MIN + 5)
    assert m.loc["B", "D"] == pytest.approx(5 + 15 + L2_MIN + 5)
    assert m.loc["C", "D"] == pytest.approx(5 + 10 + 20 + 5 + 15 + L2_MIN + 5)
    assert np.allclose(np.diag(m.to_numpy()), 0.0)
    assert list(m.index) == ["A", "B", "C", "D", "E"]
    assert m.index.name == "origin" and m.columns.name == "destination"


def test_settings_change_times() -> None:
    s = toy_settings(wait_fraction_of_headway=0.0, transfer_penalty_min=0.0, rail_dwell_min=0.0)
    m = unit_travel_times(toy_region(), settings=s, mode="rail")
    assert m.loc["A", "C"] == pytest.approx(10 + 15 + 20 + 5)
    assert m.loc["A", "D"] == pytest.approx(10 + 15 + L2_MIN + 5)


def test_operating_speed_factor_by_mode() -> None:
    # the 40 km link l3 is mode rail (100 km/h design); l1, l2 (hsr) have timetable minutes
    s = toy_settings(operating_speed_factor_rail=0.5, operating_speed_factor_hsr=0.1,
                     operating_speed_factor_intercity=0.1)
    m = unit_travel_times(toy_region(), settings=s, mode="rail")
    assert m.loc["B", "D"] == pytest.approx(5 + 15 + 40 / (100 * 0.5) * 60 + 5)
    assert m.loc["A", "C"] == pytest.approx(10 + 10 + 15 + 2 + 20 + 5)  # minutes win
    links = toy_tables()["links"]
    links["mode"] = links["mode"].replace({"rail": "intercity"})
    m = unit_travel_times(toy_region(links=links), settings=s, mode="rail")
    assert m.loc["B", "D"] == pytest.approx(5 + 15 + 40 / (100 * 0.1) * 60 + 5)


def test_road_and_fastest() -> None:
    r = toy_region()
    road = unit_travel_times(r, mode="road", settings=toy_settings())
    assert road.loc["A", "D"] == pytest.approx(180.0)
    assert road.loc["D", "A"] == pytest.approx(180.0)
    fast = unit_travel_times(r, mode="fastest", settings=toy_settings())
    assert fast.loc["C", "D"] == pytest.approx(60.0)
    assert fast.loc["A", "D"] == pytest.approx(10 + 10 + 15 + 5 + 15 + L2_MIN + 5)
    modes = fastest_modes(r, settings=toy_settings())
    assert modes.loc["C", "D"] == "road"
    assert modes.loc["A", "D"] == "rail"
    assert modes.loc["A", "A"] == "same"
    assert modes.loc["A", "E"] == "none"


def test_road_plus_rail_label() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", "status"] = "planned"
    r = toy_region(links=links)
    fast = unit_travel_times(r, mode="fastest", settings=toy_settings())
    # rail A->C (62), change through C's seat (penalty 5), road C->D (60)
    assert fast.loc["A", "D"] == pytest.approx(62 + 5 + 60)
    assert fastest_modes(r, settings=toy_settings()).loc["A", "D"] == "road+rail"


def test_unreachable_is_inf_with_reasons() -> None:
    r = toy_region()
    m = unit_travel_times(r, settings=toy_settings(), mode="rail")
    assert math.isinf(m.loc["A", "E"]) and math.isinf(m.loc["E", "A"])
    assert m.loc["E", "E"] == 0.0
    bad = unreachable_pairs(r, settings=toy_settings(), mode="rail")
    assert set(bad["origin"]) | set(bad["destination"]) >= {"E"}
    assert len(bad) == 8
    assert bad["reason"].str.contains("E has no access row").all()
    assert "E" in " ".join(m.attrs["metroscope"]["notes"])


def test_separate_components_reason() -> None:
    links = toy_tables()["links"]
    links = links[links["link_id"] != "l1"]  # A's station is now cut off
    r = toy_region(links=links)
    bad = unreachable_pairs(r, settings=toy_settings(), mode="rail")
    ab = bad[(bad["origin"] == "A") & (bad["destination"] == "B")]
    # SA serves no link now; A still enters the rail view's road layers at its seat (road
    # access to stations), from which no station is reachable
    assert "separate network components" in ab["reason"].iloc[0]
    links2 = toy_tables()["links"]
    links2.loc[links2["link_id"] == "l2", ["from_node", "to_node"]] = ["SD", "SC"]
    links2 = links2[links2["link_id"] != "l3"]
    r2 = toy_region(links=links2)
    bad2 = unreachable_pairs(r2, settings=toy_settings(), mode="rail")
    ac = bad2[(bad2["origin"] == "A") & (bad2["destination"] == "C")]
    assert "separate network components" in ac["reason"].iloc[0]


def test_status_and_year_filters() -> None:
    r = toy_region()
    s = toy_settings()
    m2011 = unit_travel_times(r, year=2011, settings=s, mode="rail")  # only l1 (2010) is open
    assert m2011.loc["A", "B"] == pytest.approx(40.0)
    assert math.isinf(m2011.loc["A", "C"])
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", ["status", "open_year"]] = ["planned", 2030]
    r2 = toy_region(links=links)
    assert math.isinf(unit_travel_times(r2, settings=s, mode="rail").loc["A", "D"])
    assert math.isinf(unit_travel_times(r2, year=2029, settings=s, mode="rail").loc["A", "D"])
    t2030 = unit_travel_times(r2, year=2030, settings=s, mode="rail").loc["A", "D"]
    assert t2030 == pytest.approx(10 + 10 + 15 + 5 + 15 + L2_MIN + 5)
    both = unit_travel_times(r2, status=("operating", "planned"), settings=s, mode="rail")
    assert both.loc["A", "D"] == pytest.approx(t2030)
    with pytest.raises(ValueError, match="Unknown status"):
        unit_travel_times(r2, status="open", settings=s, mode="rail")
    with pytest.raises(ValueError, match="Unknown mode"):
        unit_travel_times(r2, mode="bike", settings=s)


def test_published_operating_speed_and_minutes_win() -> None:
    links = toy_tables()["links"]
    links["operating_speed_kph"] = [np.nan, np.nan, 80.0, np.nan, np.nan, np.nan]
    r = toy_region(links=links)
    m = unit_travel_times(r, settings=toy_settings(), mode="rail")
    assert m.loc["B", "D"] == pytest.approx(5 + 15 + 40 / 80 * 60 + 5)
    links["minutes"] = [15.0, 20.0, 33.0, None, None, None]
    m = unit_travel_times(toy_region(links=links), settings=toy_settings(), mode="rail")
    assert m.loc["B", "D"] == pytest.approx(5 + 15 + 33 + 5)


def test_missing_headway_noted_as_zero_wait() -> None:
    links = toy_tables()["links"]
    links["headway_min"] = np.nan
    r = toy_region(links=links)
    m = unit_travel_times(r, settings=toy_settings(), mode="rail")
    assert m.loc["A", "B"] == pytest.approx(10 + 15 + 5)
    g = build_graph(r, settings=toy_settings(), mode="rail")
    assert any("no line of the network has a headway" in n for n in g.notes)


def test_line_without_headway_gets_an_assumed_one() -> None:
    # L2 (rail, 40 km) loses its headway: it takes the median of the same-mode lines (none:
    # L2 is the only rail line), else of all lines with one (L1: 20 min) -> wait 10, not 0
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", "headway_min"] = np.nan
    r = toy_region(links=links)
    m = unit_travel_times(r, mode="rail", settings=toy_settings())
    assert m.loc["B", "D"] == pytest.approx(5 + 0.5 * 20 + L2_MIN + 5)
    notes = m.attrs["metroscope"]["notes"]
    assert any("L2 has no published frequency" in n and "assumed headway 20.0 min" in n
               for n in notes)
    # an explicit assumption wins (the scenario parameter goes through it)
    m2 = unit_travel_times(r, mode="rail", settings=toy_settings(assumed_headway_min=60.0))
    assert m2.loc["B", "D"] == pytest.approx(5 + 30 + L2_MIN + 5)


@pytest.mark.parametrize(("change", "match"), [
    ({"to_node": "SX"}, "not in nodes.node_id"),
    ({"minutes": 0.0}, "zero-length cycle"),
    ({"minutes": -5.0}, "negative minutes"),
    ({"minutes": np.nan, "speed_kph": np.nan}, "no computable time"),
])
def test_bad_links_raise_network_error(change: dict[str, object], match: str) -> None:
    links = toy_tables()["links"]
    for col, val in change.items():
        links.loc[links["link_id"] == "l2", col] = val
    r = toy_region(links=links, validate=False)
    with pytest.raises(NetworkError, match=match):
        unit_travel_times(r, settings=toy_settings(), mode="rail")


def test_all_problems_listed_at_once() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l1", "to_node"] = "SX"
    links.loc[links["link_id"] == "l2", "minutes"] = -1.0
    access = toy_tables()["access"]
    access.loc[0, "minutes"] = -3.0
    r = toy_region(links=links, access=access, validate=False)
    with pytest.raises(NetworkError) as info:
        build_graph(r, settings=toy_settings(), mode="rail")
    text = str(info.value)
    assert "3 problem(s)" in text
    assert "'l1'" in text and "'l2'" in text and "access A->SA" in text


def test_cache_keyed_by_content() -> None:
    s = toy_settings(travel_time_cache="memory")
    _cache.clear()
    r = toy_region()
    a = unit_travel_times(r, settings=s, mode="rail")
    key_a = a.attrs["metroscope"]["matrix_id"]
    b = unit_travel_times(toy_region(), settings=s, mode="rail")  # a new but identical Region
    assert b.attrs["metroscope"]["matrix_id"] == key_a
    b.loc["A", "B"] = -1.0  # the cache hands out copies
    assert unit_travel_times(r, settings=s, mode="rail").loc["A", "B"] == pytest.approx(40.0)
    links = toy_tables()["links"]
    links.loc[0, "minutes"] = 16.0
    c = unit_travel_times(toy_region(links=links), settings=s, mode="rail")
    assert c.attrs["metroscope"]["matrix_id"] != key_a
    assert c.loc["A", "B"] == pytest.approx(41.0)
    d = unit_travel_times(r, settings=toy_settings(travel_time_cache="memory",
                                                   transfer_penalty_min=9.0), mode="rail")
    assert d.attrs["metroscope"]["matrix_id"] != key_a


def _another_value(name: str) -> object:
    """A valid value of Settings field ``name`` different from its value in toy_settings()."""
    default = getattr(toy_settings(), name)
    if default is None:
        return 7.5
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return default + 1
    if isinstance(default, float):
        return default * 0.8 if default > 0 else 1.0
    raise AssertionError(f"no test value for {name}={default!r}")


def test_routing_settings_are_every_field_but_the_documented_exclusions() -> None:
    fields = set(Settings.model_fields)
    assert set(_cache.NOT_ROUTING) <= fields, "an exclusion names a field that no longer exists"
    assert set(_cache.ROUTING_SETTINGS) == fields - set(_cache.NOT_ROUTING)
    assert all(reason for reason in _cache.NOT_ROUTING.values())
    # the fields the routing code reads are all keyed (the fault that let a dwell change
    # reuse stale matrices)
    for name in ("rail_dwell_min", "transfer_penalty_min", "wait_fraction_of_headway",
                 "road_speed_kph", "urban_speed_kph", "assumed_headway_min",
                 "point_access_nodes"):
        assert name in _cache.ROUTING_SETTINGS


@pytest.mark.parametrize("name", _cache.ROUTING_SETTINGS)
def test_cache_key_changes_with_every_routing_setting(name: str) -> None:
    r = toy_region()
    base = _cache.network_key(r, toy_settings(), mode="rail")
    changed = toy_settings(**{name: _another_value(name)})
    assert getattr(changed, name) != getattr(toy_settings(), name)
    assert _cache.network_key(r, changed, mode="rail") != base


@pytest.mark.parametrize("name", sorted(set(_cache.NOT_ROUTING) - {"travel_time_cache",
                                                                    "cache_dir", "engine",
                                                                    "language"}))
def test_cache_key_ignores_settings_that_do_not_route(name: str) -> None:
    r = toy_region()
    base = _cache.network_key(r, toy_settings(), mode="rail")
    assert _cache.network_key(r, toy_settings(**{name: _another_value(name)}),
                              mode="rail") == base


def test_dwell_change_is_not_served_from_the_cache() -> None:
    """The mutation of the issue: a key that forgot rail_dwell_min returned stale times."""
    _cache.clear()
    s = toy_settings(travel_time_cache="memory")
    a = unit_travel_times(toy_region(), settings=s, mode="rail")
    b = unit_travel_times(toy_region(), settings=toy_settings(travel_time_cache="memory",
                                                              rail_dwell_min=7.0), mode="rail")
    # A->C stops once at SB: 10 + 10 + 15 + dwell + 20 + 5 (see test_rail_times_by_hand)
    assert a.loc["A", "C"] == pytest.approx(10 + 10 + 15 + 2 + 20 + 5)
    assert b.loc["A", "C"] == pytest.approx(10 + 10 + 15 + 7 + 20 + 5)


def test_cache_key_changes_with_the_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import metroscope

    r = toy_region()
    base = _cache.network_key(r, toy_settings(), mode="rail")
    assert _cache.cache_version() == (f"metroscope-{metroscope.__version__}"
                                      f"+{_cache.routing_code_digest()}")
    monkeypatch.setattr(metroscope, "__version__", metroscope.__version__ + ".post1")
    assert _cache.network_key(r, toy_settings(), mode="rail") != base


def test_cache_key_changes_with_the_routing_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change of the routing model between releases (the riding layers of lines with
    several headways changed times under the same version) must not reuse stored matrices."""
    import hashlib
    from pathlib import Path

    import metroscope.network as net

    files = sorted(Path(net.__file__).parent.glob("*.py"))
    assert {f.name for f in files} >= {"graph.py", "_times.py", "traveltime.py"}
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + f.read_bytes())
    assert _cache.routing_code_digest() == h.hexdigest()[:12]
    r = toy_region()
    base = _cache.network_key(r, toy_settings(), mode="rail")
    monkeypatch.setattr(_cache, "routing_code_digest", lambda: "0" * 12)
    assert _cache.network_key(r, toy_settings(), mode="rail") != base


def test_disk_cache(tmp_path: object) -> None:
    s = toy_settings(travel_time_cache="disk", cache_dir=tmp_path)
    _cache.clear()
    a = unit_travel_times(toy_region(), settings=s, mode="rail")
    _cache.clear()
    b = unit_travel_times(toy_region(), settings=s, mode="rail")
    pd.testing.assert_frame_equal(a, b)


def test_travel_times_from_any_level() -> None:
    t = travel_times_from(toy_region(), ["A", "C"], settings=toy_settings(), mode="rail")
    assert t.loc["B", "A"] == pytest.approx(40.0)
    assert t.loc["C", "C"] == 0.0
    to = travel_times_from(toy_region(), ["D"], direction="to", settings=toy_settings(), mode="rail")
    assert to.loc["A", "D"] == pytest.approx(10 + 10 + 15 + 5 + 15 + L2_MIN + 5)


def test_point_travel_times() -> None:
    s = toy_settings(point_access_nodes=1, point_access_speed_kph=30.0, point_circuity_factor=1.0)
    pts = pd.DataFrame({"lon": [125.0], "lat": [44.0]}, index=pd.Index(["h1"], name="point"))
    to = point_travel_times(toy_region(), pts, mode="road", settings=s)
    assert to.loc["A", "h1"] == pytest.approx(0.0)
    assert to.loc["B", "h1"] == pytest.approx(60.0)
    pts2 = pd.DataFrame({"lon": [125.25], "lat": [44.0]}, index=["mid"])
    frm = point_travel_times(toy_region(), pts2, mode="road", direction="from_points",
                             settings=s)
    from metroscope.geo import great_circle_km

    leg = float(great_circle_km(125.25, 44.0, 125.0, 44.0)) / 30 * 60
    assert frm.loc["mid", "A"] == pytest.approx(leg)
    # the dataset's caveat on its network is repeated here as in every travel-time result
    note = {"key": "net_estimated_roads", "params": {"detour": 1.3, "speed": 60.0}}
    noted = Region("toy", meta={"network_note": note}, **toy_tables())
    got = point_travel_times(noted, pts, mode="road", settings=s).attrs["metroscope"]["notes"]
    assert any(getattr(n, "key", "") == "net_estimated_roads" for n in got)
    assert frm.loc["mid", "B"] == pytest.approx(leg + 60.0)
    assert math.isinf(frm.loc["mid", "E"])


# ----------------------------------------------------------------- agreement with networkx
def _random_road_region(seed: int, n: int = 25) -> tuple[Region, nx.Graph]:
    rng = np.random.default_rng(seed)
    codes = [f"U{i:02d}" for i in range(n)]
    lon = 124 + rng.random(n) * 3
    lat = 43 + rng.random(n) * 2
    g = nx.Graph()
    edges = {(i, i + 1) for i in range(n - 2)}  # a path (the last unit is isolated)
    for _ in range(2 * n):
        a, b = sorted(rng.choice(n - 1, 2, replace=False).tolist())
        edges.add((a, b))
    rows = []
    for k, (a, b) in enumerate(sorted(edges)):
        km = float(rng.uniform(5, 80))
        kph = float(rng.choice([40.0, 60.0, 100.0]))
        rows.append({"link_id": f"r{k}", "from_node": f"seat:{codes[a]}",
                     "to_node": f"seat:{codes[b]}", "mode": "road" if kph < 100 else
                     "expressway", "length_km": km, "speed_kph": kph, "status": "operating"})
        # expressways run at design speed x the operating-speed factor (toy_settings: 0.9)
        g.add_edge(codes[a], codes[b], weight=km / (kph * (0.9 if kph >= 100 else 1.0)) * 60)
    g.add_node(codes[-1])
    units = pd.DataFrame({"code": codes, "name_zh": codes, "name_en": codes,
                          "level": "county", "role": "member", "seat_lon": lon, "seat_lat": lat})
    nodes = pd.DataFrame({"node_id": [f"seat:{c}" for c in codes], "lon": lon, "lat": lat,
                          "kind": "seat"})
    access = pd.DataFrame({"code": codes, "node_id": [f"seat:{c}" for c in codes],
                           "minutes": 0.0})
    r = Region("rand", units=units, nodes=nodes, links=pd.DataFrame(rows), access=access)
    return r, g


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_road_matrix_agrees_with_networkx(seed: int) -> None:
    r, g = _random_road_region(seed)
    m = unit_travel_times(r, mode="road", settings=toy_settings())
    ref = dict(nx.all_pairs_dijkstra_path_length(g, weight="weight"))
    for o in m.index:
        for d in m.columns:
            expect = ref[o].get(d, math.inf)
            assert m.loc[o, d] == pytest.approx(expect, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_rail_graph_agrees_with_networkx(seed: int) -> None:
    """Unit-to-unit minutes equal networkx's Dijkstra on the same expanded graph."""
    rng = np.random.default_rng(seed)
    t = toy_tables()
    links = t["links"].copy()
    links["minutes"] = [float(x) for x in rng.uniform(5, 50, len(links))]
    links["headway_min"] = [float(x) for x in rng.uniform(5, 60, len(links))]
    r = toy_region(links=links)
    s = toy_settings(transfer_penalty_min=float(rng.uniform(0, 10)))
    g = build_graph(r, mode="fastest", settings=s)
    dg = nx.DiGraph()
    for e in g.edges.itertuples():
        dg.add_edge(e.src, e.dst, weight=e.minutes)
    m = unit_travel_times(r, mode="fastest", settings=s)
    for o in g.unit_in:
        lengths = nx.single_source_dijkstra_path_length(dg, g.unit_in[o], weight="weight")
        for d in g.unit_out:
            expect = 0.0 if o == d else lengths.get(g.unit_out[d], math.inf)
            assert m.loc[o, d] == pytest.approx(expect)


@pytest.mark.parametrize("source", [-1, 10_000, 1.5])
def test_shortest_minutes_rejects_a_source_outside_the_graph(source: float) -> None:
    g = build_graph(toy_region(), settings=toy_settings(), mode="rail")
    first = shortest_minutes(g, [0])
    assert first.shape == (1, g.n_nodes) and first[0, 0] == 0.0
    with pytest.raises(NetworkError, match=r"node index"):
        shortest_minutes(g, [0, source])  # type: ignore[list-item]
