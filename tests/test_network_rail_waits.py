"""Boarding waits on a line with several headways, and the note on headways counted at a
line's opening, on the embedded Changchun data.

长白乌 runs 8 pairs a day 长春–松原 (headway 101.2 min) and 6.5 of them on beyond 松原 (124.6):
a ride that goes past 松原 can only take one of the 6.5 through trains, so it waits half of
124.6 wherever it boards (the riding layers of ``metroscope.network._times``). Checked here
against sums by hand from the links table, against a reference graph built in this file by
the rule of one wait per station and line (which a line with one headway must still follow
exactly), and by the symmetry of every matrix: nothing in the model is one-way.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

import metroscope
from metroscope.network import accessibility, commuting_circle, unit_travel_times
from metroscope.network._times import headway_pool, line_headways
from metroscope.network.graph import RoutableGraph, build_graph, shortest_minutes
from metroscope.scenario import apply, list_scenarios, load_scenario
from metroscope.settings import get_settings

RAIL = ("hsr", "intercity", "rail")
CBW = "长白乌快速铁路"


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _years() -> list[int | None]:
    """Every distinct network of the data: today's, and one per opening year of a link."""
    years = pd.to_numeric(metroscope.load("changchun").links["open_year"], errors="coerce")
    return [None, *sorted({int(y) for y in years.dropna()})]


def _assert_symmetric(m: pd.DataFrame) -> None:
    a = m.to_numpy(dtype=float)
    assert list(m.index) == list(m.columns)
    assert np.array_equal(np.isinf(a), np.isinf(a.T))
    fin = np.isfinite(a) & np.isfinite(a.T)
    assert np.abs(a[fin] - a.T[fin]).max() < 1e-9


@pytest.mark.parametrize("year", _years())
def test_every_matrix_is_the_same_both_ways_in_every_network_year(
        region: metroscope.Region, year: int | None) -> None:
    # before the riding layers the rail matrix differed by up to 11.7 min (农安→大安 135.5,
    # 大安→农安 147.2), and fastest in 2020 by 6.5
    s = get_settings(travel_time_cache="off")
    for mode in ("rail", "fastest", "road"):
        _assert_symmetric(unit_travel_times(region, mode=mode, year=year, settings=s))


@pytest.mark.parametrize("name", [n for n in list_scenarios()
                                  if load_scenario(n).base == "changchun"])
def test_every_shipped_scenario_is_the_same_both_ways(region: metroscope.Region,
                                                      name: str) -> None:
    other = apply(name, region)
    s = get_settings(travel_time_cache="off")
    for mode in ("rail", "fastest"):
        _assert_symmetric(unit_travel_times(other, mode=mode, settings=s))


def _link(region: metroscope.Region, link_id: str) -> pd.Series:
    hit = region.links[region.links["link_id"] == link_id]
    assert len(hit) == 1
    return hit.iloc[0]


def _ride_min(link: pd.Series, factor: float) -> float:
    """In-vehicle minutes by hand: km / (design km/h x the mode's operating factor) x 60."""
    assert pd.isna(link["minutes"]) and pd.isna(link["operating_speed_kph"])
    return float(link["length_km"]) / (float(link["speed_kph"]) * factor) * 60


def _station_minutes(g: RoutableGraph, a: str, z: str) -> float:
    """Minutes from entering station a's platforms to leaving station z's."""
    d = shortest_minutes(g, [g.labels.index(f"in:{a}")])[0]
    return float(d[g.labels.index(f"out:{z}")])


def test_halahai_to_daobao_waits_for_the_through_trains_both_ways(
        region: metroscope.Region) -> None:
    s = get_settings()
    ids = ["changbaiwu:06", "changbaiwu:07", "changbaiwu:08", "changbaiwu:09"]
    links = [_link(region, i) for i in ids]
    # 哈拉海–松原–查干湖–长山屯–到保, one line
    assert [lk["from_node"] for lk in links] == ["st:halahai", "st:songyuan", "st:chaganhu",
                                                 "st:changshantun"]
    assert links[-1]["to_node"] == "st:daobao" and {lk["line"] for lk in links} == {CBW}
    assert all(lk["mode"] == "rail" for lk in links)
    heads = [float(lk["headway_min"]) for lk in links]
    assert heads == [101.2, 124.6, 124.6, 124.6]  # 8 pairs a day to 松原, 6.5 beyond
    wait = s.wait_fraction_of_headway * max(heads)
    assert wait == pytest.approx(62.3)
    ride = sum(_ride_min(lk, s.operating_speed_factor_rail) for lk in links)
    by_hand = wait + ride + 3 * s.rail_dwell_min  # on board through 3 stations
    g = build_graph(region, mode="rail")
    assert _station_minutes(g, "st:halahai", "st:daobao") == pytest.approx(by_hand, abs=1e-9)
    assert _station_minutes(g, "st:daobao", "st:halahai") == pytest.approx(by_hand, abs=1e-9)
    # a ride 哈拉海–松原 alone may take any of the 8 pairs: half of 101.2
    short = 0.5 * 101.2 + _ride_min(links[0], s.operating_speed_factor_rail)
    assert _station_minutes(g, "st:halahai", "st:songyuan") == pytest.approx(short, abs=1e-9)
    assert _station_minutes(g, "st:songyuan", "st:halahai") == pytest.approx(short, abs=1e-9)


def _one_wait_per_station(region: metroscope.Region, g: RoutableGraph) -> np.ndarray:
    """Unit-to-unit minutes on ``g`` with its rail edges replaced by the rule of one wait per
    station and line (fraction x the smallest headway of the line's links there), built here
    from the links table, one ride node per link direction (a train is not ridden back over
    the link it came by, as in the graph); ``g``'s road, access and change edges are kept."""
    s = get_settings()
    labels = list(g.labels)
    index = {x: i for i, x in enumerate(labels)}
    keep = g.edges[~g.edges["kind"].isin(["ride", "board", "dwell", "alight", "transfer"])]
    edges = [(labels[a], labels[z], w) for a, z, w in
             keep[["src", "dst", "minutes"]].itertuples(index=False)]
    rail = g.links[g.links["mode"].isin(RAIL).to_numpy()]
    rail = rail.assign(line_key=rail["line"].astype(object).where(rail["line"].notna(),
                                                                  "(no line) " + rail["mode"]),
                       headway_min=pd.to_numeric(rail["headway_min"], errors="coerce"))
    assumed, _ = line_headways(rail, s, headway_pool(region))
    smallest: dict[tuple[str, str], float] = {}
    nexts: dict[tuple[str, str], set[str]] = {}
    for a, z, line, t, h in rail[["from_node", "to_node", "line_key", "minutes_used",
                                  "headway_min"]].itertuples(index=False):
        h = assumed.get(line, math.nan) if pd.isna(h) else float(h)
        # a ride node per (line, link direction): a -> z is "a>z" (no U-turn on board)
        edges += [(f"go:{a}>{z}|{line}", f"at:{a}>{z}|{line}", t),
                  (f"go:{z}>{a}|{line}", f"at:{z}>{a}|{line}", t)]
        for x, y in ((a, z), (z, a)):
            smallest[(x, line)] = min(smallest.get((x, line), math.inf), h)
            nexts.setdefault((x, line), set()).add(y)
    for (x, line), h in smallest.items():
        w = s.wait_fraction_of_headway * h
        for y in nexts[(x, line)]:
            edges += [(f"in:{x}", f"go:{x}>{y}|{line}", w),
                      (f"at:{y}>{x}|{line}", f"out:{x}", 0.0),
                      (f"out:{x}", f"go:{x}>{y}|{line}", s.transfer_penalty_min + w)]
            edges += [(f"at:{y}>{x}|{line}", f"go:{x}>{v}|{line}", s.rail_dwell_min)
                      for v in nexts[(x, line)] if v != y]
    for a, z, _ in edges:
        for x in (a, z):
            index.setdefault(x, len(index))
    best: dict[tuple[int, int], float] = {}
    for a, z, w in edges:
        k = (index[a], index[z])
        best[k] = min(best.get(k, math.inf), float(w))
    (src, dst), w = zip(*best.keys(), strict=True), list(best.values())
    n = len(index)
    csr = sp.csr_array((np.asarray(w), (np.asarray(src), np.asarray(dst))), shape=(n, n))
    codes = sorted(g.unit_in)
    d = dijkstra(csr, directed=True, indices=[g.unit_in[c] for c in codes])
    return np.asarray(d)[:, [index[f"unit-out:{c}"] for c in codes]]


def _layered(g: RoutableGraph) -> np.ndarray:
    codes = sorted(g.unit_in)
    return shortest_minutes(g, [g.unit_in[c] for c in codes])[:, [g.unit_out[c] for c in codes]]


@pytest.mark.parametrize("mode", ["rail", "fastest"])
def test_lines_with_one_headway_route_exactly_as_with_one_wait_per_station(
        region: metroscope.Region, mode: str) -> None:
    # 长白乌 at one headway: every line of the network then has one, and the whole matrix is
    # the one of the rule before the riding layers (no layer key, same edges)
    links = region.links.copy()
    links.loc[links["line"] == CBW, "headway_min"] = 124.6
    flat = region.with_tables(links=links)
    g = build_graph(flat, mode=mode)
    assert not any(" ~h=" in x for x in g.labels)
    ref = _one_wait_per_station(flat, g)
    np.testing.assert_array_equal(np.isinf(_layered(g)), np.isinf(ref))
    np.testing.assert_allclose(_layered(g), ref, rtol=0, atol=1e-9)


def test_the_shipped_data_never_waits_less_than_with_one_wait_per_station(
        region: metroscope.Region) -> None:
    g = build_graph(region, mode="rail")
    new, old = _layered(g), _one_wait_per_station(region, g)
    fin = np.isfinite(old)
    assert np.array_equal(fin, np.isfinite(new))
    diff = new[fin] - old[fin]
    assert diff.min() > -1e-9
    # the most a trip can gain is the difference of 长白乌's two waits
    assert diff.max() == pytest.approx(0.5 * (124.6 - 101.2))
    codes = sorted(g.unit_in)
    nongan, daan = codes.index("220122"), codes.index("220882")  # 农安县, 大安市
    assert new[nongan, daan] == pytest.approx(old[nongan, daan] + 0.5 * (124.6 - 101.2))
    assert new[daan, nongan] == pytest.approx(old[daan, nongan])  # boards at 124.6 anyway


OPENING = "net_headway_at_opening"


def _opening_notes(res: pd.DataFrame) -> list[object]:
    return [n for n in res.attrs["metroscope"].get("notes") or []
            if getattr(n, "key", "") == OPENING]


def test_circle_and_accessibility_name_the_lines_with_opening_day_headways(
        region: metroscope.Region) -> None:
    # recount from the links table: operating rail links whose headway_note says "at opening"
    lk = region.links
    op = lk[lk["mode"].isin(RAIL) & (lk["status"] == "operating") & lk["headway_min"].notna()]
    marked = op[op["headway_note"].fillna("").str.contains("at opening")]
    assert set(marked["line"]) == set(op["line"])  # every published headway in the data
    changji = marked[marked["line"] == "长吉城际铁路"]
    assert set(changji["headway_min"]) == {40.5} and set(changji["open_year"]) == {2010}
    assert get_settings().wait_fraction_of_headway * 40.5 == pytest.approx(20.25)
    for res in (commuting_circle(region), commuting_circle(region, mode="rail"),
                accessibility(region), unit_travel_times(region, mode="rail")):
        notes = _opening_notes(res)
        assert len(notes) == 1
        en, zh = notes[0].en, notes[0].zh  # type: ignore[attr-defined]
        assert "the data has no current timetable" in en
        assert "Changchun–Jilin intercity railway (opened 2010, 40.5 min)" in en
        assert "Changchun–Baicheng–Ulanhot railway (opened 2017, 101.2–124.6 min)" in en
        for line, g in marked.groupby("line"):
            year = int(g["open_year"].min())
            assert f"{line}({year}年开通," in zh
        assert "长吉城际铁路(2010年开通,间隔40.5分钟)" in zh
        assert "数据中没有现行时刻表" in zh
        # oldest opening first
        assert zh.index("长吉城际铁路") < zh.index("哈大高速铁路") < zh.index("长白乌快速铁路")
    road = commuting_circle(region, mode="road")
    assert _opening_notes(road) == []  # no train, no wait


def test_a_headway_set_by_a_scenario_is_not_said_to_be_from_the_opening(
        region: metroscope.Region) -> None:
    from metroscope.scenario.spec import Scenario

    spec = Scenario.model_validate({"name": "t", "base": "changchun", "edits": [
        {"op": "set_headway", "line": "长吉城际铁路", "headway_min": 15.0}]})
    other = spec.apply(region)
    notes = _opening_notes(unit_travel_times(other, mode="rail"))
    assert len(notes) == 1 and "长吉" not in notes[0].zh  # type: ignore[attr-defined]
    assert "哈大高速铁路(2012年开通" in notes[0].zh  # type: ignore[attr-defined]
    # a factor keeps the basis: half the opening-day headway still rests on it
    spec = Scenario.model_validate({"name": "t", "base": "changchun", "edits": [
        {"op": "set_headway", "line": "长吉城际铁路", "factor": 0.5}]})
    notes = _opening_notes(unit_travel_times(spec.apply(region), mode="rail"))
    assert "长吉城际铁路(2010年开通,间隔20.25分钟)" in notes[0].zh  # type: ignore[attr-defined]


def test_a_through_service_is_named_by_the_line_whose_headway_it_keeps(
        region: metroscope.Region) -> None:
    # network-2030 runs 长四辽通 over 哈大 with 哈大's headway: the basis is 哈大's opening
    other = apply("network-2030", region)
    copies = other.links[other.links["link_id"].str.contains("@")]
    assert len(copies) and set(copies["headway_min"]) == {12.1}
    assert set(copies["line_en"]) == {
        other.links.loc[other.links["link_id"] == "changsiliaotong:01", "line_en"].iloc[0]}
    zh = _opening_notes(unit_travel_times(other, mode="rail"))[0].zh  # type: ignore[attr-defined]
    assert "哈大高速铁路(2012年开通,间隔12.1分钟)" in zh and "长四辽通" not in zh
