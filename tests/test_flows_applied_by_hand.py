"""region_flows, locations_from_region and core_share on the toy province: every number by hand.

The toy province (tests/_indicator_fixtures.py) has six counties with seats near (120 + x,
30 + y) degrees and census populations in 2010 and 2020. The expected flows are written here
from the formulas (haversine distance on a sphere of 6371.0088 km, Simini's radiation model,
production- and attraction-constrained gravity) with plain Python loops.
"""

from __future__ import annotations

import logging
import math
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest

import metroscope.network
from _indicator_fixtures import COUNTIES, PREFS, toy_region
from metroscope import MetroscopeError, MissingDataError
from metroscope.engine import EngineError
from metroscope.flows import core_share, locations_from_region, region_flows
from metroscope.flows._table import FlowModelError
from metroscope.region import Region

R_KM = 6371.0088
CODES = list(COUNTIES)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (lon, lat) points in degrees."""
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin(math.radians(b[0] - a[0]) / 2) ** 2)
    return 2 * R_KM * math.asin(math.sqrt(h))


def seats(codes: list[str] | None = None) -> dict[str, tuple[float, float]]:
    return {c: (120 + COUNTIES[c][2], 30 + COUNTIES[c][3]) for c in codes or CODES}


def population(year: int = 2020, codes: list[str] | None = None) -> dict[str, float]:
    return {c: float(COUNTIES[c][4 if year == 2010 else 5]) for c in codes or CODES}


def edited(*, units: Any = None, stats: Any = None) -> Region:
    """The toy province with its units and stats passed through the given edits."""
    r = toy_region()
    u = r.units.drop(columns="geometry").reset_index()
    s = r.stats.copy()
    return Region(name="toy", units=units(u) if units else u, stats=stats(s) if stats else s)


def radiation_by_hand(pos: dict[str, tuple[float, float]], m: dict[str, float],
                      ) -> dict[tuple[str, str], float]:
    """Simini's T_ij = T_i m_i m_j / ((m_i + s_ij)(m_i + m_j + s_ij)), T_i = m_i, rows scaled
    to sum to T_i; s_ij counts every other location at distance <= r_ij from i."""
    out = {}
    for i, at_i in pos.items():
        raw = {}
        for j, at_j in pos.items():
            if j == i:
                continue
            r = km(at_i, at_j)
            s = sum(m[k] for k in pos if k not in (i, j) and km(pos[i], pos[k]) <= r)
            raw[j] = m[i] * m[j] / ((m[i] + s) * (m[i] + m[j] + s))
        tot = sum(raw.values())
        out.update({(i, j): m[i] * p / tot for j, p in raw.items()})
    return out


def gravity_by_hand(cost: dict[tuple[str, str], float], m: dict[str, float], *,
                    f: Any, attraction: bool = False) -> dict[tuple[str, str], float]:
    """Production-constrained T_ij = m_i m_j f(c_ij) / Σ_k m_k f(c_ik) (T_i = m_i), or the
    attraction-constrained mirror image (D_j = m_j)."""
    out = {}
    for (i, j), c in cost.items():
        if attraction:
            den = sum(m[k] * f(cost[(k, j)]) for k in m if (k, j) in cost)
            out[(i, j)] = m[j] * m[i] * f(c) / den
        else:
            den = sum(m[k] * f(cost[(i, k)]) for k in m if (i, k) in cost)
            out[(i, j)] = m[i] * m[j] * f(c) / den
    return out


def distances(codes: list[str] | None = None) -> dict[tuple[str, str], float]:
    pos = seats(codes)
    return {(i, j): km(pos[i], pos[j]) for i in pos for j in pos if i != j}


def assert_flows(f: pd.DataFrame, expected: dict[tuple[str, str], float]) -> None:
    assert set(f.index) == set(expected)
    got = f["flow"].reindex(list(expected)).to_numpy()
    np.testing.assert_allclose(got, list(expected.values()), rtol=1e-10, atol=0)


# --- locations_from_region -------------------------------------------------------------------


def test_locations_are_the_seats_and_census_populations() -> None:
    r = toy_region()
    expected = pd.DataFrame({
        "lon": [120 + COUNTIES[c][2] for c in CODES], "lat": [30 + COUNTIES[c][3] for c in CODES],
        "population": [float(COUNTIES[c][5]) for c in CODES],
        "name_en": CODES, "role": [COUNTIES[c][1] for c in CODES]},
        index=pd.Index(CODES, name="code")).astype({"name_en": object, "role": object})
    loc = locations_from_region(r)
    pd.testing.assert_frame_equal(loc, expected)
    assert loc.attrs["metroscope"] == {"indicator": "locations", "year": 2020, "level": "county",
                                       "sources": ["population 2020 (region stats)"]}
    old = locations_from_region(r, year=2010)
    assert old["population"].to_dict() == population(2010)
    assert old.attrs["metroscope"]["year"] == 2010
    assert old.attrs["metroscope"]["sources"] == ["population 2010 (region stats)"]
    pref = locations_from_region(r, level="prefecture")
    assert pref["population"].to_dict() == {c: float(v[5]) for c, v in PREFS.items()}
    assert pref["name_en"].tolist() == ["A", "B", "C", "D"]
    assert pref.attrs["metroscope"]["level"] == "prefecture"
    urban = locations_from_region(r, indicator="population_urban")
    assert urban["population"].to_dict() == {c: float(v[9]) for c, v in COUNTIES.items()}
    assert urban.attrs["metroscope"]["sources"] == ["population_urban 2020 (region stats)"]


def _gaps(u: pd.DataFrame) -> pd.DataFrame:
    u.loc[u["code"].isin(["990102", "990201"]), ["seat_lon", "seat_lat"]] = np.nan
    return u


def _no_2020_value(s: pd.DataFrame) -> pd.DataFrame:
    drop = (s["code"] == "990302") & (s["year"] == 2020) & (s["indicator"] == "population")
    return s[~drop]


def test_locations_leave_out_and_name_units_without_a_seat_or_a_value() -> None:
    loc = locations_from_region(edited(units=_gaps, stats=_no_2020_value))
    assert list(loc.index) == ["990101", "990301", "990401"]
    notes = loc.attrs["metroscope"]["notes"]
    assert [n.key for n in notes] == ["ind_no_seats", "flow_no_value"]
    assert notes[0].params == {"codes": ["990102", "990201"]}
    assert notes[1].params == {"codes": ["990302"], "year": 2020, "indicator": "population"}
    assert notes[1] == "left out for lack of a 2020 population value: 990302"


def test_locations_need_two_units() -> None:
    def keep(codes: set[str]) -> Any:
        def edit(u: pd.DataFrame) -> pd.DataFrame:
            drop = ~u["code"].isin(codes) & (u["level"] == "county")
            u.loc[drop, ["seat_lon", "seat_lat"]] = np.nan
            return u

        return edit

    two = locations_from_region(edited(units=keep({"990101", "990401"})))
    assert list(two.index) == ["990101", "990401"]
    with pytest.raises(MissingDataError) as err:
        locations_from_region(edited(units=keep({"990101"})))
    assert str(err.value) == ("Only 1 county unit(s) of region 'toy' have a seat and a 2020 "
                              "value of resident population; choose another level or year "
                              "(years with resident population: 2010, 2020).")


# --- region_flows: radiation and gravity on great-circle distance -----------------------------


def test_radiation_flows_by_hand() -> None:
    r = toy_region()
    f = region_flows(r)  # the default model is radiation
    assert_flows(f, radiation_by_hand(seats(), population()))
    meta = f.attrs["metroscope"]
    assert (meta["indicator"], meta["year"], meta["level"]) == ("radiation_flows", 2020, "county")
    assert meta["parameters"]["tie_rule"] == "inclusive"
    assert "notes" not in meta
    old = region_flows(r, year=2010, tie_rule="ordered")
    assert_flows(old, radiation_by_hand(seats(), population(2010)))
    assert old.attrs["metroscope"]["year"] == 2010
    assert old.attrs["metroscope"]["parameters"]["tie_rule"] == "ordered"
    pref = region_flows(r, level="prefecture")
    assert pref["flow"].groupby(level="origin").sum().to_dict() == pytest.approx(
        {c: float(v[5]) for c, v in PREFS.items()}, rel=1e-12)
    assert pref.attrs["metroscope"]["level"] == "prefecture"


def test_radiation_carries_the_locations_notes() -> None:
    f = region_flows(edited(units=_gaps))
    kept = ["990101", "990301", "990302", "990401"]
    assert_flows(f, radiation_by_hand(seats(kept), population(codes=kept)))
    notes = f.attrs["metroscope"]["notes"]
    assert [n.key for n in notes] == ["ind_no_seats"]
    assert notes[0].params == {"codes": ["990102", "990201"]}


def test_gravity_on_distance_by_hand() -> None:
    r = toy_region()
    f = region_flows(r, model="gravity", mode="distance")  # production, power, beta 2.0
    assert_flows(f, gravity_by_hand(distances(), population(), f=lambda c: c ** -2.0))
    np.testing.assert_allclose(f["cost"].reindex(list(distances())), list(distances().values()),
                               rtol=1e-12)
    assert f.attrs["metroscope"]["measure"] == "great-circle distance, km"
    assert (f.attrs["metroscope"]["year"], f.attrs["metroscope"]["level"]) == (2020, "county")
    assert "notes" not in f.attrs["metroscope"]
    att = region_flows(r, model="gravity", mode="distance", constraint="attraction",
                       deterrence="exp", beta=0.01, year=2010)
    assert_flows(att, gravity_by_hand(distances(), population(2010),
                                      f=lambda c: math.exp(-0.01 * c), attraction=True))
    assert att.attrs["metroscope"]["parameters"]["constraint"] == "attraction"
    assert att.attrs["metroscope"]["year"] == 2010
    pref = region_flows(r, model="gravity", mode="distance", level="prefecture", beta=1.0)
    assert pref.attrs["metroscope"]["level"] == "prefecture"
    pos = {c: (120 + v[2], 30 + v[3]) for c, v in PREFS.items()}
    cost = {(i, j): km(pos[i], pos[j]) for i in pos for j in pos if i != j}
    assert_flows(pref, gravity_by_hand(cost, {c: float(v[5]) for c, v in PREFS.items()},
                                       f=lambda c: 1 / c))


def test_gravity_carries_the_locations_notes() -> None:
    f = region_flows(edited(units=_gaps), model="gravity", mode="distance")
    kept = ["990101", "990301", "990302", "990401"]
    assert_flows(f, gravity_by_hand(distances(kept), population(codes=kept),
                                    f=lambda c: c ** -2.0))
    assert [n.key for n in f.attrs["metroscope"]["notes"]] == ["ind_no_seats"]


def test_region_flows_refusals() -> None:
    r = toy_region()
    with pytest.raises(FlowModelError) as err:
        region_flows(r, model="bogus")  # type: ignore[arg-type]
    assert str(err.value) == "Unknown model 'bogus'; expected radiation or gravity."
    with pytest.raises(FlowModelError) as err:
        region_flows(r, model="gravity", deterrence="exp", mode="distance")
    assert str(err.value) == ("Exponential deterrence needs beta (per minute or per km); "
                              "pass beta=.")


class _Client:
    """Stands for a distributed client: the first thing the Dask engine asks fails loudly."""

    def scheduler_info(self) -> Any:
        raise LookupError("fake client reached")


@pytest.mark.parametrize("model", ["radiation", "gravity"])
def test_engine_and_client_reach_the_model(model: str) -> None:
    r = toy_region()
    with pytest.raises(EngineError, match=r"needs a distributed\.Client"):
        region_flows(r, model=model, mode="distance", engine="dask")  # type: ignore[arg-type]
    with pytest.raises(LookupError, match="fake client reached"):
        region_flows(r, model=model, mode="distance", client=_Client())  # type: ignore[arg-type]


# --- region_flows on travel times ------------------------------------------------------------


class FakeTimes:
    """``unit_travel_times`` stand-in: records its calls and returns the given minutes."""

    def __init__(self, table: pd.DataFrame | Exception) -> None:
        self.table, self.calls = table, []

    def __call__(self, region: Region, *, mode: str, level: str) -> pd.DataFrame:
        self.calls.append((mode, level))
        if isinstance(self.table, Exception):
            raise self.table
        return self.table.copy()


def minutes(codes: list[Any], cells: dict[tuple[int, int], float]) -> pd.DataFrame:
    """Travel minutes between ``codes``: 0 on the diagonal, the given cells both ways, else inf."""
    t = np.full((len(codes), len(codes)), np.inf)
    np.fill_diagonal(t, 0.0)
    for (a, b), v in cells.items():
        t[a, b] = t[b, a] = v
    return pd.DataFrame(t, index=codes, columns=codes)


def test_gravity_on_travel_times_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    # integer codes (as a user's table may give them); 990401 has no times at all, 990302
    # reaches nobody (only its own diagonal cell is finite), 990301 reaches one unit only
    codes = [990101, 990102, 990201, 990301, 990302]
    fake = FakeTimes(minutes(codes, {(0, 1): 20.0, (0, 2): 50.0, (1, 2): 40.0, (2, 3): 30.0}))
    monkeypatch.setattr(metroscope.network, "unit_travel_times", fake)
    f = region_flows(toy_region(), model="gravity")  # default mode: road
    assert fake.calls == [("road", "county")]
    kept = ["990101", "990102", "990201", "990301"]
    t = {(0, 1): 20.0, (0, 2): 50.0, (1, 2): 40.0, (2, 3): 30.0}
    cost = {(kept[i], kept[j]): t.get((i, j), t.get((j, i), math.inf))
            for i in range(4) for j in range(4) if i != j}
    assert_flows(f, gravity_by_hand(cost, population(codes=kept),
                                    f=lambda c: 0.0 if c == math.inf else c ** -2.0))
    meta = f.attrs["metroscope"]
    assert meta["measure"] == "road travel time, minutes"
    assert meta["parameters"]["cost"] == "given matrix"
    assert [n.key for n in meta["notes"]] == ["ind_no_travel_times"]
    assert meta["notes"][0].params == {"codes": ["990302", "990401"]}
    rail = region_flows(toy_region(), model="gravity", mode="rail", level="prefecture")
    assert fake.calls[-1] == ("rail", "prefecture")
    assert rail.attrs["metroscope"]["measure"].startswith("great-circle distance, km (no rail")


def test_travel_times_between_exactly_two_units_are_used(monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    fake = FakeTimes(minutes(["990101", "990201", "990401"], {(0, 1): 25.0}))
    monkeypatch.setattr(metroscope.network, "unit_travel_times", fake)
    f = region_flows(toy_region(), model="gravity", mode="fastest", constraint="none")
    assert fake.calls == [("fastest", "county")]
    # two locations, one constant: the total of the outflows on the two pairs, split evenly
    # by the symmetric weight m_i m_j / 25^2
    total = population()["990101"] + population()["990201"]
    assert f["flow"].to_dict() == pytest.approx(
        {("990101", "990201"): total / 2, ("990201", "990101"): total / 2}, rel=1e-12)
    assert f.attrs["metroscope"]["measure"] == "fastest travel time, minutes"
    one = FakeTimes(minutes(["990101", "990201"], {}))  # nobody reaches anybody
    monkeypatch.setattr(metroscope.network, "unit_travel_times", one)
    g = region_flows(toy_region(), model="gravity", mode="road")
    assert g.attrs["metroscope"]["measure"] == ("great-circle distance, km (no road network "
                                                "between units)")
    assert_flows(g, gravity_by_hand(distances(), population(), f=lambda c: c ** -2.0))


def test_failed_travel_times_fall_back_to_distance(monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(metroscope.network, "unit_travel_times",
                        FakeTimes(MetroscopeError("no graph")))
    with caplog.at_level(logging.WARNING, logger="metroscope.flows.applied"):
        f = region_flows(toy_region(), model="gravity", mode="rail")
    assert f.attrs["metroscope"]["measure"] == ("great-circle distance, km (rail travel times "
                                                "failed: no graph)")
    assert [r.getMessage() for r in caplog.records] == [
        "No rail travel times (no graph); using great-circle distance"]
    assert_flows(f, gravity_by_hand(distances(), population(), f=lambda c: c ** -2.0))
    monkeypatch.setitem(sys.modules, "metroscope.network", None)  # the import fails
    g = region_flows(toy_region(), model="gravity", mode="road")
    assert g.attrs["metroscope"]["measure"] == ("great-circle distance, km (metroscope.network "
                                                "not available)")


# --- core_share ------------------------------------------------------------------------------


def test_core_share_columns_provenance_and_one_way_units() -> None:
    """990101 is the core; 990102 only receives, 990302 only sends (present either way)."""
    rows = [("990101", "990102", 30.0), ("990201", "990102", 10.0),
            ("990302", "990101", 4.0), ("990302", "990201", 12.0),
            ("990101", "990201", 5.0), ("990201", "990101", 15.0), ("990201", "990201", 7.0)]
    flows = pd.DataFrame({"flow": np.array([r[2] for r in rows], dtype=object)},
                         index=pd.MultiIndex.from_tuples([(r[0], r[1]) for r in rows],
                                                         names=["origin", "destination"]))
    flows.attrs["metroscope"] = {"indicator": "gravity_flows", "year": 2010,
                                 "measure": "road travel time, minutes",
                                 "parameters": {"beta": 2.0}}
    share = core_share(flows, toy_region())
    # sorted by inbound share (0.75 > 5/17; no inbound flow, 0 / 0, last); a direction
    # without flows has a total of 0 and no share
    expected = pd.DataFrame({
        "name_en": ["990102", "990201", "990302"], "role": ["member", "member", "partial"],
        "inbound_total": [40.0, 17.0, 0.0], "inbound_from_core": [30.0, 5.0, 0.0],
        "inbound_from_core_share": [0.75, 5 / 17, np.nan],
        "outbound_total": [0.0, 25.0, 16.0], "outbound_to_core": [0.0, 15.0, 4.0],
        "outbound_to_core_share": [np.nan, 0.6, 0.25]},
        index=pd.Index(["990102", "990201", "990302"], name="code"))
    pd.testing.assert_frame_equal(share, expected)
    assert share.attrs["metroscope"] == {
        "indicator": "core_share_of_flows", "year": 2010, "measure": "road travel time, minutes",
        "parameters": {"flows": "gravity_flows", "core": ["990101"], "beta": 2.0}}
    member = core_share(flows, toy_region(), roles=("member",))
    assert set(member.index) == {"990102", "990201"}


def test_core_share_needs_a_core() -> None:
    flows = pd.DataFrame({"flow": [1.0, 2.0]}, index=pd.MultiIndex.from_tuples(
        [("990102", "990201"), ("990201", "990102")], names=["origin", "destination"]))
    with pytest.raises(MissingDataError) as err:
        core_share(flows, toy_region())
    assert str(err.value) == "No core unit among the flow table's locations; pass core_codes=."
    by_name = core_share(flows, toy_region(), core_codes=["990201"])
    assert by_name.loc["990102", "inbound_from_core_share"] == 1.0
    assert by_name.attrs["metroscope"]["parameters"] == {"flows": None, "core": ["990201"]}


def test_travel_times_for_every_unit_leave_no_note(monkeypatch: pytest.MonkeyPatch) -> None:
    pos = seats()
    # minutes equal to the great-circle kilometres: the flows are the distance model's
    cells = {(a, b): km(pos[CODES[a]], pos[CODES[b]]) for a in range(6) for b in range(a + 1, 6)}
    monkeypatch.setattr(metroscope.network, "unit_travel_times", FakeTimes(minutes(CODES, cells)))
    f = region_flows(toy_region(), model="gravity", mode="road")
    assert_flows(f, gravity_by_hand(distances(), population(), f=lambda c: c ** -2.0))
    assert f.attrs["metroscope"]["measure"] == "road travel time, minutes"
    assert "notes" not in f.attrs["metroscope"]
