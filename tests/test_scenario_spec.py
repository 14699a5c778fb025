"""Scenario files: validation with line numbers, every edit type, apply and compare."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from metroscope.network import unit_travel_times
from metroscope.region import Region
from metroscope.scenario import (
    Scenario,
    ScenarioSpecError,
    apply,
    compare,
    list_scenarios,
    load_scenario,
)
from test_network_fixtures import toy_region, toy_settings, toy_tables

S = toy_settings()


def _scenario(*edits: dict[str, object], **kw: object) -> Scenario:
    return Scenario.model_validate({"name": "t", "edits": list(edits), **kw})


def test_shipped_scenarios_validate() -> None:
    assert list_scenarios() == ["chang-si-liao-tong", "hsr-350", "network-2030"]
    for name in list_scenarios():
        s = load_scenario(name)
        assert s.name == name and s.description and s.title_zh
    assert load_scenario("network-2030").year == 2030


def test_bad_yaml_lists_every_problem_with_lines(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(
        "name: bad one\n"            # 1: pattern
        "edits:\n"                  # 2
        "  - op: set_speed\n"       # 3
        "    mode: hsr\n"           # 4
        "    speed_kph: -350\n"     # 5: > 0
        "  - op: fly\n"             # 6: unknown op
        "  - op: add_link\n"        # 7
        "    link_id: x\n"          # 8
        "    from_node: a\n"
        "    to_node: b\n"
        "    mode: hsr\n"
        "    length_km: 10\n"
        "    colour: red\n",        # 13: extra key
        encoding="utf-8")
    with pytest.raises(ScenarioSpecError) as info:
        load_scenario(f)
    probs = info.value.problems
    text = "\n".join(probs)
    assert len(probs) >= 4
    assert "line 1, name" in text
    assert "line 5, edits.0.speed_kph" in text
    assert "line 6, edits.1" in text and "fly" in text
    assert "line 13, edits.2.colour" in text
    with pytest.raises(ValueError, match="give speed_kph"):  # add_link without speed or minutes
        _scenario({"op": "add_link", "link_id": "x", "from_node": "a", "to_node": "b",
                   "mode": "hsr", "length_km": 10})


def test_bad_toml_with_lines(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text('name = "ok"\n\n[[edits]]\nop = "set_headway"\nline = "L1"\nheadway_min = 10\n'
                 '\n[[edits]]\nop = "set_stat"\ncode = "A"\nindicator = "population"\n'
                 'year = 3000\nvalue = 1\n', encoding="utf-8")
    with pytest.raises(ScenarioSpecError, match=r"line 12, edits\.1\.year"):
        load_scenario(f)
    good = tmp_path / "good.toml"
    good.write_text('name = "ok"\nyear = 2030\n', encoding="utf-8")
    assert load_scenario(good).year == 2030


def test_unreadable_and_unknown(tmp_path: Path) -> None:
    with pytest.raises(ScenarioSpecError, match="neither a shipped scenario"):
        load_scenario("no-such-scenario")
    f = tmp_path / "x.json"
    f.write_text("{}", encoding="utf-8")
    with pytest.raises(ScenarioSpecError, match="unknown file type"):
        load_scenario(f)
    g = tmp_path / "x.yaml"
    g.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioSpecError, match="line 2, column 1: YAML syntax error"):
        load_scenario(g)


# ------------------------------------------------------------------------- every edit type
def test_add_node_link_access() -> None:
    s = _scenario(
        {"op": "add_station", "node_id": "SE", "lon": 127.0, "lat": 44.0},
        {"op": "add_link", "link_id": "l4", "from_node": "SD", "to_node": "SE",
         "mode": "hsr", "line": "L2", "length_km": 40, "minutes": 12},
        {"op": "set_access", "code": "E", "node_id": "SE", "minutes": 3},
    )
    r = s.apply(toy_region())
    m = unit_travel_times(r, mode="rail", settings=S)
    # B -> D on L2 (wait 15, 26.7 min), dwell 2 at SD, 12 min to SE, egress 3
    assert m.loc["B", "E"] == pytest.approx(5 + 15 + 40 / 90 * 60 + 2 + 12 + 3)
    assert math.isinf(unit_travel_times(toy_region(), settings=S).loc["B", "E"])
    assert r.meta["scenario"]["name"] == "t"


def test_remove_link_and_node() -> None:
    r = _scenario({"op": "remove_link", "link_ids": ["l3"]}).apply(toy_region())
    assert "l3" not in set(r.links["link_id"])
    assert math.isinf(unit_travel_times(r, mode="rail", settings=S).loc["A", "D"])
    r2 = _scenario({"op": "remove_node", "node_id": "SB"}).apply(toy_region())
    assert set(r2.links["link_id"]) == {"r1", "r2", "r3"}
    assert "SB" not in set(r2.access["node_id"])


def test_update_speed_headway_status() -> None:
    r = _scenario({"op": "update_links", "link_ids": ["l1"], "minutes": 10}).apply(toy_region())
    assert unit_travel_times(r, mode="rail", settings=S).loc["A", "B"] == pytest.approx(35.0)
    r = _scenario({"op": "set_headway", "line": "L1", "factor": 0.5}).apply(toy_region())
    assert unit_travel_times(r, mode="rail", settings=S).loc["A", "B"] == pytest.approx(35.0)
    r = _scenario({"op": "set_speed", "mode": "rail", "speed_kph": 200}).apply(toy_region())
    assert unit_travel_times(r, mode="rail", settings=S).loc["B", "D"] == pytest.approx(
        5 + 15 + 40 / 180 * 60 + 5)
    r = _scenario({"op": "set_status", "link_ids": ["l3"], "status": "planned",
                   "open_year": 2030}).apply(toy_region())
    assert math.isinf(unit_travel_times(r, mode="rail", settings=S).loc["A", "D"])
    r = _scenario({"op": "set_access", "code": "A", "node_id": "SA", "minutes": 0}).apply(
        toy_region())
    assert unit_travel_times(r, mode="rail", settings=S).loc["A", "B"] == pytest.approx(30.0)
    r = _scenario({"op": "remove_access", "code": "A", "node_id": "SA"}).apply(toy_region())
    assert math.isinf(unit_travel_times(r, mode="rail", settings=S).loc["A", "B"])


def _with_project() -> Region:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", ["status", "open_year"]] = ["planned", 2030]
    projects = pd.DataFrame({
        "project_id": ["p1", "p2"], "name_zh": ["二号线", "远期"], "name_en": ["L2", "far"],
        "kind": ["rail", "rail"], "status": ["planned", "planned"], "target_year": [2030, 2040],
        "sources": ["test", "test"],
        "edits": ['[{"op": "set_status", "line": "L2", "status": "operating"}]',
                  '[{"op": "set_speed", "mode": "hsr", "speed_kph": 350}]'],
    })
    return toy_region(links=links, projects=projects)


def test_complete_project_and_network_year() -> None:
    base = _with_project()
    r = _scenario({"op": "complete_project", "project_id": "p1"}).apply(base)
    assert unit_travel_times(r, mode="rail", settings=S).loc["A", "D"] < math.inf
    assert r.projects.set_index("project_id").loc["p1", "status"] == "completed"
    r2 = _scenario(year=2030).apply(base)
    assert (r2.links["status"] == "operating").all()
    st = r2.projects.set_index("project_id")["status"]
    assert st["p1"] == "completed" and st["p2"] == "planned"  # p2 is due in 2040
    assert r2.links.set_index("link_id").loc["l1", "speed_kph"] == 200.0


def test_through_service() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", "line"] = "L2"
    r = _scenario({"op": "through_service", "line": "L2", "via_line": "L1",
                   "from_node": "SB", "to_node": "SA", "headway_min": 30}).apply(
        toy_region(links=links))
    assert "l1@L2" in set(r.links["link_id"])
    m = unit_travel_times(r, mode="rail", settings=S)
    # A -> D on L2 throughout: wait 15 at SA, 15 to SB, dwell 2, 26.7 to SD; no transfer
    assert m.loc["A", "D"] == pytest.approx(10 + 15 + 15 + 2 + 40 / 90 * 60 + 5)


def test_set_stat() -> None:
    r = _scenario({"op": "set_stat", "code": "B", "indicator": "population", "year": 2020,
                   "factor": 2.0},
                  {"op": "set_stat", "code": "E", "indicator": "population", "year": 2030,
                   "value": 7.0}).apply(toy_region())
    t = r.series("population")
    assert t.loc["B", 2020] == 1000.0
    assert t.loc["E", 2030] == 7.0
    row = r.stats[(r.stats["code"] == "E") & (r.stats["year"] == 2030)].iloc[0]
    assert row["unit"] == "persons" and row["quality"] == "D" and "scenario t" in row["source"]


def test_apply_lists_every_problem() -> None:
    s = _scenario(
        {"op": "remove_link", "link_ids": ["nope"]},
        {"op": "set_speed", "line": "L9", "speed_kph": 300},
        {"op": "add_link", "link_id": "l1", "from_node": "SA", "to_node": "SB", "mode": "hsr",
         "length_km": 1, "minutes": 1},
        {"op": "add_link", "link_id": "l9", "from_node": "SA", "to_node": "SZ", "mode": "hsr",
         "length_km": 1, "minutes": 1},
        {"op": "complete_project", "project_id": "p9"},
        {"op": "set_access", "code": "Q", "node_id": "SA", "minutes": 1},
        {"op": "set_stat", "code": "A", "indicator": "gdp", "year": 2020, "value": 1},
    )
    with pytest.raises(ScenarioSpecError) as info:
        s.apply(toy_region())
    text = "\n".join(info.value.problems)
    for expected in ("unknown link_ids ['nope']", "no link matches {'line': 'L9'}",
                     "'l1' already exists", "unknown node(s) ['SZ']", "unknown project_id",
                     "unit 'Q' is not in units", "give its unit"):
        assert expected in text
    assert len(info.value.problems) >= 7


def test_apply_leaves_input_untouched() -> None:
    base = toy_region()
    before = base.links.copy()
    _scenario({"op": "set_speed", "mode": "hsr", "speed_kph": 350}).apply(base)
    pd.testing.assert_frame_equal(base.links, before)


def test_compare_per_unit_deltas() -> None:
    base = _with_project()
    other = apply(_scenario({"op": "complete_project", "project_id": "p1"}), base)
    c = compare(base, other, mode="rail", settings=S, minutes=90)
    assert list(c.index) == ["A", "B", "C", "D", "E"]
    assert math.isinf(c.loc["D", "time_to_core_min_base"])
    assert c.loc["D", "time_to_core_min_scenario"] == pytest.approx(
        5 + 15 + 40 / 90 * 60 + (5 + 10) + 15 + 10)  # D->SD, L2, change at SB, L1, SA->A
    assert c.loc["D", "circle_change"] == "joins"
    assert c.loc["A", "time_to_core_min_delta"] == 0.0
    assert c.loc["B", "daily_60_delta"] == pytest.approx(200.0)  # D's population joins
    assert "potential_delta" in c.columns and "weighted_time_min_delta" in c.columns
    assert "linkage_with_core_delta" in c.columns
    assert c.loc["D", "linkage_with_core_scenario"] > c.loc["D", "linkage_with_core_base"]
    summary = c.attrs["metroscope"]["summary"]
    assert summary["scenario"]["units_inside"] == summary["base"]["units_inside"] + 1


def test_speed_edit_shadowed_by_minutes_is_a_problem_not_a_silent_no_op() -> None:
    from metroscope import ScenarioError

    step1 = _scenario({"op": "update_links", "link_ids": ["l1"], "minutes": 10}).apply(
        toy_region())
    with pytest.raises(ScenarioError, match=r"win over the speed you set.*clear"):
        _scenario({"op": "update_links", "link_ids": ["l1"], "speed_kph": 300}).apply(step1)
    ok = _scenario({"op": "update_links", "link_ids": ["l1"], "speed_kph": 300,
                    "clear": ["minutes"]}).apply(step1)
    assert pd.isna(ok.links.set_index("link_id").loc["l1", "minutes"])


@pytest.mark.parametrize(("edit", "expected"), [
    ({"op": "add_link", "link_id": "loop", "from_node": "seat:210100", "to_node": "seat:210100",
      "mode": "rail", "length_km": 10, "speed_kph": 100}, "expected a node different"),
    ({"op": "set_stat", "code": "220102", "indicator": "population", "year": 2020,
      "value": -5}, "expected a value >= 0"),
])
def test_tables_the_edits_change_are_validated_after_applying(edit: dict[str, object],
                                                             expected: str) -> None:
    """Only the tables an edit changes are checked again, and a problem the edit brings is
    reported as 'after the edits' (a self-loop link; a negative population)."""
    import metroscope

    region = metroscope.load("changchun")
    with pytest.raises(ScenarioSpecError, match=f"after the edits: .*{expected}"):
        apply(_scenario(edit), region)


def test_problems_of_every_changed_table_are_listed_together() -> None:
    """A self-loop link and a negative population in one scenario: both are reported at once
    (the stats check adds to the links' problems, it does not replace them)."""
    import metroscope

    region = metroscope.load("changchun")
    edits = [{"op": "add_link", "link_id": "loop", "from_node": "seat:210100",
              "to_node": "seat:210100", "mode": "rail", "length_km": 10, "speed_kph": 100},
             {"op": "set_stat", "code": "220102", "indicator": "population", "year": 2020,
              "value": -5}]
    with pytest.raises(ScenarioSpecError) as info:
        apply(_scenario(*edits), region)
    after = [p for p in info.value.problems if p.startswith("after the edits: ")]
    assert len(after) == 2
    assert "expected a node different" in after[0]
    assert "expected a value >= 0" in after[1]
