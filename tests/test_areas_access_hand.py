"""The comparison's 60-minute accessibility (``_areas_access.py``) on hand-built tables and the
toy network (tests/test_network_fixtures.py), every expected value worked out here.

Toy network, default settings: roads seat:A - seat:B - seat:C - seat:D, 60 km at their own
60 km/h each (60 min a leg); rail L1 SA-SB 15 min, SB-SC 20 min, headway 20 (wait 0.5 x 20 =
10 min), access A 10 min, B and C 5 min; E has no access row (unreachable). Fastest times to A:
B min(5 + 10 + 15 + 10, 60) = 40, C min(5 + 10 + 20 + 0 (dwell) + 15 + 10, 120) = 60.
"""

from __future__ import annotations

import logging
import math
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from metroscope import MetroscopeError, datasets
from metroscope._areas_access import (
    ACCESS_MINUTES,
    ROUTED_MODE,
    default_networks,
    estimated_minutes,
    routed_minutes,
    within_60,
    zones_60,
)
from metroscope.region import Region
from test_network_fixtures import toy_region, toy_tables

POP = pd.Series({"a": 300.0, "b": 100.0, "c": 50.0, "d": 1000.0})


def test_within_60_by_hand() -> None:
    assert ACCESS_MINUTES == 60.0 and ROUTED_MODE == "fastest"
    t = pd.Series({"a": 20.0, "b": 60.0, "c": math.inf, "d": 0.0})
    # d is not in the area; b at exactly 60 minutes is inside, c (unreachable) outside
    assert within_60(POP, ["a", "b", "c"], t) == pytest.approx(100 * 400 / 450, rel=1e-12)
    assert within_60(POP, ["c", "b", "a"], t.sort_index(ascending=False)) == pytest.approx(
        100 * 400 / 450, rel=1e-12)
    t2 = t.copy()
    t2["b"] = 60.000001
    assert within_60(POP, ["a", "b", "c"], t2) == pytest.approx(100 * 300 / 450, rel=1e-12)
    # uncoded zones: 50 persons in the area, 20 of them inside
    assert within_60(POP, ["a", "b", "c"], t, (50.0, 20.0)) == pytest.approx(
        100 * 420 / 500, rel=1e-12)
    assert within_60(POP, ["a"], t) == 100.0
    assert within_60(POP, ["c"], t) == 0.0
    # one person is a population
    assert within_60(pd.Series({"a": 1.0, "b": 0.0}), ["a", "b"], t) == 100.0


def test_within_60_is_missing_without_every_input() -> None:
    t = pd.Series({"a": 20.0, "b": 60.0, "c": 70.0})
    for pop, area, minutes in (
            (POP, ["a", "b"], None),                       # no network
            (POP, [], t),                                  # no unit
            (POP, ["a", "e"], t.reindex(["a", "e"]).fillna(1.0)),  # e has no population
            (POP, ["a", "d"], t),                          # d has no time
            (pd.Series({"a": 300.0, "b": math.nan}), ["a", "b"], t),
            (pd.Series({"a": 0.0, "b": 0.0}), ["a", "b"], t)):   # nobody lives there
        assert math.isnan(within_60(pop, area, minutes, (5.0, 5.0))), (area, minutes)


UNITS = pd.DataFrame({"level": ["prefecture", "county", "county", "county"],
                      "parent": [None, "990100", "990100", "990100"]},
                     index=["990100", "990101", "990102", "990121"])
ZONES = pd.DataFrame({"prefecture": ["990100"], "name_zh": ["开发区"], "population": [70.0],
                      "population_urban": [60.0]})


def test_zones_60_by_hand() -> None:
    """The zone lies with 990100's districts 990101 and 990102 (990121 is a county): in the
    area when both are, inside when both are within 60 minutes (exactly 60 counts)."""
    china = SimpleNamespace(units=UNITS, extra={"uncoded_zones": ZONES})
    roles = pd.Series({"990101": "core", "990102": "member", "990121": "member"})
    both = pd.Series({"990101": 60.0, "990102": 10.0, "990121": 500.0})
    assert zones_60(china, roles, both) == (70.0, 70.0)  # type: ignore[arg-type]
    late = pd.Series({"990101": 60.5, "990102": 10.0, "990121": 0.0})
    assert zones_60(china, roles, late) == (70.0, 0.0)  # type: ignore[arg-type]
    assert zones_60(china, roles, None) == (0.0, 0.0)  # type: ignore[arg-type]
    # a district outside the area: the zone is no part of it
    out = zones_60(china, roles.drop("990102"), both)  # type: ignore[arg-type]
    assert out == (0.0, 0.0)


def test_estimated_minutes_on_the_road_layer() -> None:
    toy = toy_region()
    m = estimated_minutes(toy, ["B", "A", "B"])
    assert m is not None and list(m) == ["A", "B"]
    assert m["A"].reindex(["A", "B", "C", "D"]).tolist() == [0.0, 60.0, 120.0, 180.0]
    assert m["B"].reindex(["A", "B", "C", "D"]).tolist() == [60.0, 0.0, 60.0, 120.0]
    assert math.isinf(m["A"]["E"])  # no access row: unreachable, not 0
    # without road links (rail only, or none at all) there is no estimate
    for modes in ([], ["hsr", "rail"]):
        links = pd.DataFrame({"mode": modes})
        assert estimated_minutes(SimpleNamespace(links=links), ["A"]) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["expressway", "urban"])
def test_estimated_minutes_take_every_road_mode(mode: str) -> None:
    """Expressways (60 km/h design x 1.0) and urban links with their own 60 km/h are roads."""
    links = toy_tables()["links"]
    links.loc[links["mode"] == "road", "mode"] = mode
    m = estimated_minutes(toy_region(links=links), ["A"])
    assert m is not None
    assert m["A"].reindex(["B", "C"]).tolist() == [60.0, 120.0]


def _china() -> Any:
    areas = pd.DataFrame({"order": [2, 1], "metro_area": ["乙都市圈", "甲都市圈"],
                          "short_name": ["乙", "甲"], "core_code": ["P2", "P1"],
                          "core_name": ["乙市", "甲市"]})
    members = pd.DataFrame({"metro_area": ["甲都市圈", "乙都市圈"], "code": ["A", "B"],
                            "role": ["core", "core"]})
    units = pd.DataFrame({"name_en": ["Jia City", "Yi City"]}, index=["P1", "P2"])
    return SimpleNamespace(name="fake", units=units,
                           extra={"metro_area_list": areas, "metro_areas": members})


def test_routed_minutes_by_hand() -> None:
    """Areas matched by ``meta['metro_area']`` (an English short form here), else by the
    Chinese title; an unknown name or a second region of one area is skipped. To B (yi's
    ``core_code``): A 10 + 10 (wait) + 15 + 5 = 40, C 5 + 10 + 20 + 5 = 40 (roads: 60)."""
    tables = toy_tables()
    jia = Region("toy-jia", **tables, meta={"metro_area": "Jia"})
    yi = Region("toy-yi", **tables, meta={"metro_area": "丙都市圈", "title_zh": "乙市",
                                          "core_code": "B"})
    # the area's name first: a Chinese title naming another area does not change it
    again = Region("toy-again", **tables, meta={"metro_area": "甲都市圈", "title_zh": "乙市"})
    nowhere = Region("toy-nowhere", **tables, meta={"title_zh": "丁"})
    plain = Region("toy-plain", **tables)
    got = routed_minutes(_china(), [plain, nowhere, jia, yi, again])
    assert list(got) == ["甲都市圈", "乙都市圈"]
    t, name = got["甲都市圈"]
    assert name == "toy-jia"
    assert t.reindex(["A", "B", "C"]).tolist() == [0.0, 40.0, 60.0]
    assert math.isinf(t["E"]) and t.dtype == float
    assert list(t.index) == ["A", "B", "C", "D", "E"]
    t, name = got["乙都市圈"]
    assert name == "toy-yi"
    assert t.reindex(["A", "B", "C"]).tolist() == [40.0, 0.0, 40.0]
    assert routed_minutes(_china(), []) == {}
    got = routed_minutes(_china(), [again])
    assert list(got) == ["甲都市圈"] and got["甲都市圈"][1] == "toy-again"


def test_default_networks_skip_china_and_unreadable_datasets(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    toy = toy_region()

    def fake_load(name: str) -> Region:
        if name == "toy":
            return toy
        if name == "bad":
            raise MetroscopeError("bad dataset")
        if name == "gone":
            raise OSError("no such file")
        raise AssertionError(name)  # china is never loaded

    monkeypatch.setattr(datasets, "list_datasets", lambda: ["bad", "china", "toy", "gone"])
    monkeypatch.setattr(datasets, "load", fake_load)
    with caplog.at_level(logging.WARNING, logger="metroscope._areas_access"):
        got = default_networks()
    assert got == [toy]
    assert [r.getMessage() for r in caplog.records] == [
        "Dataset bad not used for accessibility: bad dataset",
        "Dataset gone not used for accessibility: no such file"]
