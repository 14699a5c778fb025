"""Flows on the embedded Regions: Changchun counties, and all Chinese counties."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np
import pandas as pd
import pytest

import metroscope
from metroscope.flows import core_share, locations_from_region, region_flows


@pytest.fixture(scope="module")
def changchun() -> Any:
    return metroscope.load("changchun")


def test_locations_place_development_zones_at_their_anchor_seat(changchun: Any) -> None:
    """The four development zones of the core (no seat in the data) are placed where the network
    places them, at the seat of 朝阳区 220104, so the core's mass is the 9 units' 2020 census
    population: 657,682 + 856,177 + 614,021 + 559,966 + 714,919 (南关, 宽城, 朝阳, 二道, 绿园)
    + 429,387 + 408,740 + 460,607 + 317,978 (the zones) = 5,019,477 persons."""
    loc = locations_from_region(changchun, year=2020)
    assert {"lon", "lat", "population", "name_en", "role"} <= set(loc.columns)
    zones = ["220171", "220172", "220173", "220174"]
    core = loc[loc["role"] == "core"]
    assert sorted(core.index) == ["220102", "220103", "220104", "220105", "220106", *zones]
    assert core["population"].sum() == 657_682 + 856_177 + 614_021 + 559_966 + 714_919 \
        + 429_387 + 408_740 + 460_607 + 317_978 == 5_019_477
    assert (loc.loc[zones, ["lon", "lat"]].to_numpy() == [125.28825, 43.83376]).all()
    notes = loc.attrs["metroscope"]["notes"]
    placed = next(n for n in notes if n.key == "flow_placed_at_anchor")
    assert set(zones) <= set(placed.params["codes"])
    assert "220171 → 220104" in placed.params["anchors"]
    assert not any(n.key == "ind_no_seats" for n in notes)
    assert loc["population"].gt(0).all()


def test_locations_leave_out_units_without_seats_when_asked(changchun: Any) -> None:
    loc = locations_from_region(changchun, year=2020, anchors=False)
    notes = loc.attrs["metroscope"]["notes"]
    dropped = next(n for n in notes if n.key == "ind_no_seats").params["codes"]
    assert dropped and all(c not in loc.index for c in dropped)
    assert set(dropped) == set(changchun.units.index[
        (changchun.units["level"] == "county")
        & (changchun.units["seat_lon"].isna() | changchun.units["seat_lat"].isna())])
    assert loc.loc[loc["role"] == "core", "population"].sum() == 3_402_765


def test_gravity_on_distance_leaves_out_placed_units(changchun: Any) -> None:
    """On great-circle distance a zone would be 0 km from its anchor (infinite power
    deterrence): left out and named; on road travel times the zones are in."""
    far = region_flows(changchun, model="gravity", mode="distance")
    keys = [n.key for n in far.attrs["metroscope"]["notes"]]
    assert "ind_no_seats" in keys and "flow_placed_at_anchor" not in keys
    assert "220171" not in set(far.index.get_level_values("origin"))
    road = region_flows(changchun, model="gravity", mode="road")
    assert "220171" in set(road.index.get_level_values("origin"))
    assert road.loc[("220171", "220104"), "cost"] > 0


def test_radiation_between_changchun_counties(changchun: Any) -> None:
    # units placed at an anchor are in, merged with it into one place: no pair within a place
    # (长春's 4 zones at 朝阳's seat, 白城's zone at 洮北's: 5 x 4 + 2 x 1 pairs fewer)
    loc = locations_from_region(changchun)
    f = region_flows(changchun, model="radiation")
    n = len(loc)
    assert n == 65 and len(f) == n * (n - 1) - 22
    out = f["flow"].groupby(level="origin").sum().reindex(loc.index)
    np.testing.assert_allclose(out.to_numpy(), loc["population"].to_numpy(), rtol=1e-12)
    share = core_share(f, changchun)
    members = set(changchun.units.index[changchun.units["role"].isin(["member", "partial"])])
    assert set(share.index) <= {str(c) for c in members}
    for col in ("inbound_from_core_share", "outbound_to_core_share"):
        assert share[col].between(0, 1).all()
    row = share.iloc[0]
    assert row["inbound_from_core"] / row["inbound_total"] == pytest.approx(
        row["inbound_from_core_share"])


def test_core_share_by_hand(changchun: Any) -> None:
    """Core (南关 220102, 朝阳 220104), a member (双阳 220112), a partial county (榆树 220182) and
    a context unit (Shenyang 210100); shares counted by hand, directions kept apart."""
    rows = [("220102", "220112", 30.0), ("220104", "220112", 10.0),  # core -> 双阳
            ("220182", "220112", 20.0), ("210100", "220112", 40.0),  # others -> 双阳
            ("220112", "220104", 5.0), ("220112", "220182", 15.0),  # 双阳 -> ...
            ("220112", "220112", 99.0),  # intra-unit flow: in no total
            ("220102", "220182", 6.0), ("220182", "220102", 1.0), ("220182", "210100", 3.0)]
    flows = pd.DataFrame({"flow": [r[2] for r in rows]}, index=pd.MultiIndex.from_tuples(
        [(r[0], r[1]) for r in rows], names=["origin", "destination"]))
    share = core_share(flows, changchun)
    assert set(share.index) == {"220112", "220182"}
    sy, ys = share.loc["220112"], share.loc["220182"]
    assert (sy["inbound_total"], sy["inbound_from_core"]) == (100.0, 40.0)
    assert sy["inbound_from_core_share"] == pytest.approx(0.4)
    assert (sy["outbound_total"], sy["outbound_to_core"]) == (20.0, 5.0)
    assert sy["outbound_to_core_share"] == pytest.approx(0.25)
    assert (ys["inbound_total"], ys["inbound_from_core"]) == (21.0, 6.0)
    assert (ys["outbound_total"], ys["outbound_to_core"]) == (24.0, 1.0)
    assert ys["outbound_to_core_share"] == pytest.approx(1 / 24)
    assert list(share.index) == ["220112", "220182"]  # sorted by inbound share, 0.4 > 6/21
    only = core_share(flows, changchun, core_codes=["220104"])
    assert only.loc["220112", "inbound_from_core"] == 10.0


def test_gravity_on_travel_times_records_the_cost(changchun: Any) -> None:
    f = region_flows(changchun, model="gravity", mode="road")
    assert "travel time" in f.attrs["metroscope"]["measure"]
    d = region_flows(changchun, model="gravity", mode="distance")
    assert d.attrs["metroscope"]["measure"] == "great-circle distance, km"
    share = core_share(f, changchun)
    assert share["outbound_to_core_share"].between(0, 1).all()


def test_falls_back_to_distance_without_the_network_module(changchun: Any,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "network" or name.endswith(".network"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    f = region_flows(changchun, model="gravity", mode="road")
    assert "not available" in f.attrs["metroscope"]["measure"]


@pytest.mark.slow
def test_all_chinese_counties_and_the_changchun_metro_area() -> None:
    china = metroscope.load("china")
    f = region_flows(china, model="radiation")
    loc = locations_from_region(china)
    size = loc.groupby(["lon", "lat"]).size()  # units at one point: one place, no inner pairs
    assert len(f) == len(loc) * (len(loc) - 1) - int((size * (size - 1)).sum())
    assert f["flow"].sum() == pytest.approx(loc["population"].sum(), rel=1e-10)
    area = china.metro_area("长春都市圈")
    share = core_share(f, area)
    assert len(share) > 5
    assert share["inbound_from_core_share"].between(0, 1).all()
