"""The scenario tables of the command line and the web API (``scenario/tables.py``): the
shipped files read back with PyYAML, scenarios written here, and the toy region's circle
worked out by hand.

Toy network (tests/test_network_fixtures.py) under the toy settings, set here through the
``METROSCOPE_*`` variables (the tables take no settings): wait 0.5 x headway, dwell 2 min,
transfer 5, operating speed 0.9 x design. Scenario ``t`` completes p1 (line L2 SB-SD opens)
and runs L1 every 10 min (wait 5). Minutes to the core A:
    B 5 + 5 + 15 + 10 = 35;  C 5 + 5 + 20 + 2 + 15 + 10 = 57;
    D 5 + 15 (wait) + 40 / 90 x 60 + 5 (transfer) + 5 + 15 + 10 = 81.667;  E none.
Base (p1 planned, L1 every 20 min): B 40, C 62, D and E none.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from metroscope.network import accessibility
from metroscope.scenario import Scenario, apply
from metroscope.scenario.spec import SPECS_DIR
from metroscope.scenario.tables import compare_table, edits_table, run_table, scenarios_table
from test_scenario_spec import _scenario, _with_project

D_AFTER = 5 + 15 + 40 / 90 * 60 + 5 + 5 + 15 + 10
TOY_ENV = {"OPERATING_SPEED_FACTOR_HSR": "0.9", "OPERATING_SPEED_FACTOR_INTERCITY": "0.9",
           "OPERATING_SPEED_FACTOR_RAIL": "0.9", "RAIL_DWELL_MIN": "2",
           "OPERATING_SPEED_FACTOR_EXPRESSWAY": "0.9", "WAIT_FRACTION_OF_HEADWAY": "0.5",
           "TRANSFER_PENALTY_MIN": "5", "TRAVEL_TIME_CACHE": "off"}


@pytest.fixture
def toy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in TOY_ENV.items():
        monkeypatch.setenv(f"METROSCOPE_{k}", v)


def test_scenarios_table_lists_the_shipped_files() -> None:
    files = sorted(SPECS_DIR.glob("*.yaml"))
    t = scenarios_table()
    assert list(t.columns) == ["name", "title", "title_zh", "year", "edits"]
    assert t["name"].tolist() == [f.stem for f in files]
    for f, row in zip(files, t.itertuples(index=False), strict=True):
        raw = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert (row.title, row.title_zh, row.edits) == (raw["title"], raw["title_zh"],
                                                        len(raw["edits"]))
        assert row.year == raw["year"] if "year" in raw else math.isnan(row.year)
    assert t.loc[t["name"] == "network-2030", "year"].item() == 2030


def test_scenarios_table_of_named_files(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("name: mine\ntitle: Mine\nyear: 2031\nedits:\n"
                 "  - op: set_speed\n    mode: hsr\n    speed_kph: 300\n"
                 "  - op: complete_project\n    project_id: p1\n"
                 "  - op: complete_project\n    project_id: p2\n", encoding="utf-8")
    t = scenarios_table([str(f), "hsr-350"])
    assert t["name"].tolist() == [str(f), "hsr-350"]  # the names as given, in that order
    assert t.iloc[0][["name", "title", "year", "edits"]].tolist() == [str(f), "Mine", 2031, 3]
    assert pd.isna(t.iloc[0]["title_zh"])
    assert t.iloc[1]["edits"] == 1 and t.iloc[1]["title"] == "Every HSR link at 350 km/h"
    empty = scenarios_table([])
    assert empty.empty and list(empty.columns) == ["name", "title", "title_zh", "year", "edits"]


def test_edits_table_by_hand() -> None:
    s = Scenario.model_validate({
        "name": "x", "title": "X", "title_zh": "某方案", "description": "  Two edits.\n",
        "description_zh": "\n两项修改。 ", "year": 2030,
        "edits": [{"op": "set_headway", "line": "L1", "headway_min": 10},
                  {"op": "add_station", "node_id": "N9", "lon": 125.25, "lat": 44.0,
                   "name_zh": "新站"},
                  {"op": "complete_project", "project_id": "p1"}]})
    t = edits_table(s)
    assert list(t.columns) == ["edit", "op", "fields"]
    assert t["edit"].tolist() == [0, 1, 2, 3]
    assert t["op"].tolist() == ["set_headway", "add_station", "complete_project",
                                "set_network_year"]
    assert [json.loads(x) for x in t["fields"]] == [
        {"line": "L1", "headway_min": 10},
        {"node_id": "N9", "lon": 125.25, "lat": 44.0, "name_zh": "新站", "kind": "station"},
        {"project_id": "p1"}, {"year": 2030}]
    assert '"新站"' in t.loc[1, "fields"]  # Chinese kept as text, not \\u escapes
    assert t.attrs["name"] == "x"
    assert t.attrs["caption"] == "某方案\nX\n两项修改。\nTwo edits."


def test_edits_table_of_a_shipped_name_without_year_or_chinese() -> None:
    t = edits_table("hsr-350")
    raw = yaml.safe_load((SPECS_DIR / "hsr-350.yaml").read_text(encoding="utf-8"))
    assert t["op"].tolist() == [e["op"] for e in raw["edits"]]
    assert json.loads(t.loc[0, "fields"]) == {"mode": "hsr", "speed_kph": 350}
    assert t.attrs["name"] == "hsr-350"
    assert t.attrs["caption"] == "\n".join([raw["title_zh"], raw["title"],
                                            raw["description_zh"].strip(),
                                            raw["description"].strip()])
    bare = edits_table(_scenario({"op": "complete_project", "project_id": "p1"}))
    assert bare["op"].tolist() == ["complete_project"] and bare.attrs["caption"] == ""
    none = edits_table(_scenario())
    assert none.empty and list(none.columns) == ["edit", "op", "fields"]


T_EDITS = ({"op": "complete_project", "project_id": "p1"},
           {"op": "set_headway", "line": "L1", "headway_min": 10})


@pytest.mark.usefixtures("toy_env")
def test_run_table_by_hand() -> None:
    base = _with_project()
    t = run_table(_scenario(*T_EDITS), base, mode="rail")
    assert list(t.index) == ["A", "B", "C", "D", "E"]
    assert list(t.columns[:6]) == ["name_zh", "name_en", "role", "travel_time_min", "inside",
                                   "population"]
    np.testing.assert_allclose(t["travel_time_min"], [0, 35, 57, D_AFTER, math.inf])
    # the 60-minute circle of the settings: A, B and C
    assert t["inside"].tolist() == [True, True, True, False, False]
    assert t["population"].tolist() == [1000.0, 500.0, 300.0, 200.0, 100.0]
    assert t["name_zh"].tolist() == list("甲乙丙丁戊")
    assert t["role"].tolist() == ["core", "member", "member", "partial", "context"]
    # accessibility of the scenario's network, without its repeated columns
    acc = accessibility(apply(_scenario(*T_EDITS), base), mode="rail")
    rest = [c for c in acc.columns if c not in ("name_zh", "name_en", "role", "mass")]
    assert list(t.columns[6:]) == rest
    pd.testing.assert_frame_equal(t[rest], acc[rest], check_names=False)
    # daily_60: population within 60 min, the unit's own included (A: A + B + C)
    assert t.loc["A", "daily_60"] == 1800.0
    assert t.attrs["scenario"] == "t"
    # the project's own edit, the project, then L1's two links
    log = t.attrs["log"]
    assert isinstance(log, list) and [x.split(":")[0] for x in log] == [
        "edits.0 (complete_project) -> edits.0 (set_status)", "edits.0 (complete_project)",
        "edits.1 (set_headway)"]
    assert log[2].endswith("headway of 2 link(s) changed")
    s = t.attrs["summary"]
    assert s["codes_inside"] == ["A", "B", "C"]
    # the default mode is rail
    dflt = run_table(_scenario(*T_EDITS), base)
    np.testing.assert_allclose(dflt["travel_time_min"], [0, 35, 57, D_AFTER, math.inf])
    # 50 minutes: A and B (35), not C (57); by road at 60 minutes (60-minute legs): A and B
    t50 = run_table(_scenario(*T_EDITS), base, mode="rail", minutes=50)
    assert t50["inside"].tolist() == [True, True, False, False, False]
    road = run_table(_scenario(*T_EDITS), base, mode="road", minutes=60)
    np.testing.assert_allclose(road["travel_time_min"], [0, 60, 120, 180, math.inf])
    assert road["inside"].tolist() == [True, True, False, False, False]


@pytest.mark.usefixtures("toy_env")
def test_compare_table_by_hand() -> None:
    base = _with_project()
    one = compare_table([_scenario(*T_EDITS)], base, mode="rail")
    assert one.columns[0] == "scenario" and (one["scenario"] == "t").all()
    assert list(one.index) == ["A", "B", "C", "D", "E"]
    np.testing.assert_allclose(one["time_to_core_min_base"], [0, 40, 62, math.inf, math.inf])
    np.testing.assert_allclose(one["time_to_core_min_scenario"],
                               [0, 35, 57, D_AFTER, math.inf])
    assert one["circle_change"].tolist() == ["", "", "joins", "", ""]
    # the provenance names the comparison and carries no note (nothing to note here)
    assert one.attrs["metroscope"] == {"indicator": "scenario_compare"}
    # two scenarios: one block each, in the order given; a 56-minute circle, which C (57
    # min in t) does not join
    slow = Scenario.model_validate({"name": "slow", "edits": [
        {"op": "set_headway", "line": "L1", "headway_min": 30}]})
    two = compare_table([slow, _scenario(*T_EDITS)], base, mode="rail", minutes=56)
    assert two["scenario"].tolist() == ["slow"] * 5 + ["t"] * 5
    assert list(two.index) == ["A", "B", "C", "D", "E"] * 2
    # slow: L1 every 30 min (wait 15): B 5 + 15 + 15 + 10 = 45, C 5 + 15 + 20 + 2 + 15 + 10 = 67
    np.testing.assert_allclose(two["time_to_core_min_scenario"].iloc[:3], [0, 45, 67])
    assert two["circle_change"].tolist() == [""] * 10
    assert two.attrs["metroscope"] == {"indicator": "scenario_compare"}
    dflt = compare_table([_scenario(*T_EDITS)], base)  # rail
    np.testing.assert_allclose(dflt["time_to_core_min_scenario"],
                               [0, 35, 57, D_AFTER, math.inf])
    road = compare_table([_scenario(*T_EDITS)], base, mode="road")
    np.testing.assert_allclose(road["time_to_core_min_scenario"], [0, 60, 120, 180, math.inf])


def test_tables_refuse_an_unknown_scenario() -> None:
    from metroscope.scenario import ScenarioSpecError

    for call in (lambda: scenarios_table(["no-such"]), lambda: edits_table("no-such")):
        with pytest.raises(ScenarioSpecError, match="no-such"):
            call()
