"""Applying scenario edits: every table cell an edit writes, every log line and every problem,
in full, against what the edit says (the toy network of ``test_network_fixtures``)."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from metroscope.region import Region
from metroscope.scenario import Scenario, ScenarioSpecError
from metroscope.scenario.editing import apply_scenario
from test_network_fixtures import toy_region, toy_tables


def _scenario(*edits: dict[str, object], **kw: object) -> Scenario:
    return Scenario.model_validate({"name": "t", "edits": list(edits), **kw})


def _problems(region: Region, *edits: dict[str, object], **kw: object) -> list[str]:
    with pytest.raises(ScenarioSpecError) as info:
        apply_scenario(_scenario(*edits, **kw), region)
    return info.value.problems


def _links(r: Region) -> pd.DataFrame:
    return r.links.set_index("link_id")


def _log(r: Region) -> list[str]:
    return r.meta["scenario"]["log"]


def _with_design_speed() -> Region:
    links = toy_tables()["links"]
    links["design_speed_kph"] = links["speed_kph"]
    links["operating_speed_kph"] = np.nan
    return toy_region(links=links)


def test_update_links_writes_each_column_and_logs_it() -> None:
    r = apply_scenario(_scenario(
        {"op": "update_links", "line": "L1", "headway_min": 10, "length_km": 55,
         "status": "planned", "open_year": 2031, "new_mode": "intercity", "new_line": "L9"},
        {"op": "update_links", "link_ids": ["l3"], "speed_kph": 120, "clear": ["headway_min"]},
    ), _with_design_speed())
    lk = _links(r)
    for lid in ("l1", "l2"):
        assert lk.loc[lid, ["headway_min", "length_km", "status", "open_year", "mode",
                            "line"]].tolist() == [10.0, 55.0, "planned", 2031, "intercity", "L9"]
    assert lk.loc["l3", "speed_kph"] == 120.0 and lk.loc["l3", "design_speed_kph"] == 120.0
    assert pd.isna(lk.loc["l3", "headway_min"]) and lk.loc["l3", "line"] == "L2"
    assert lk.loc["r1", ["mode", "status", "speed_kph"]].tolist() == ["road", "operating", 60.0]
    assert _log(r) == [
        "edits.0 (update_links): updated 2 link(s): ['headway_min', 'length_km', 'line', "
        "'mode', 'open_year', 'status']",
        "edits.1 (update_links): updated 1 link(s): ['design_speed_kph', 'headway_min', "
        "'speed_kph']"]
    # without a design_speed_kph column none is made
    r2 = apply_scenario(_scenario({"op": "update_links", "link_ids": ["l3"], "speed_kph": 120}),
                        toy_region())
    assert "design_speed_kph" not in r2.links.columns
    assert _links(r2).loc["l3", "speed_kph"] == 120.0


def test_a_new_column_is_float_for_numbers_and_missing_elsewhere() -> None:
    links = toy_tables()["links"].drop(columns=["headway_min", "open_year"])
    r = apply_scenario(_scenario(
        {"op": "update_links", "link_ids": ["l1"], "headway_min": 12.5},
        {"op": "set_status", "link_ids": ["l2"], "status": "planned", "open_year": 2030},
    ), toy_region(links=links))
    lk = _links(r)
    assert lk.loc["l1", "headway_min"] == 12.5
    assert lk["headway_min"].drop("l1").isna().all()
    assert lk.loc["l2", "open_year"] == 2030 and lk["open_year"].drop("l2").isna().all()
    assert lk.loc["l2", "status"] == "planned"


def test_set_speed_clears_minutes_and_sets_both_speeds() -> None:
    r = apply_scenario(_scenario(
        {"op": "set_speed", "line": "L1", "speed_kph": 300},
        {"op": "set_speed", "link_ids": ["l3"], "operating_speed_kph": 80},
    ), _with_design_speed())
    lk = _links(r)
    for lid in ("l1", "l2"):
        assert pd.isna(lk.loc[lid, "minutes"]) and pd.isna(lk.loc[lid, "operating_speed_kph"])
        assert lk.loc[lid, "speed_kph"] == 300.0 and lk.loc[lid, "design_speed_kph"] == 300.0
    assert lk.loc["l3", ["speed_kph", "design_speed_kph", "operating_speed_kph"]].tolist() == [
        100.0, 100.0, 80.0]
    assert _log(r) == ["edits.0 (set_speed): 2 link(s) run at 300.0 km/h design, factor x "
                       "design operating",
                       "edits.1 (set_speed): 1 link(s) run at - km/h design, 80.0 operating"]
    plain = apply_scenario(_scenario({"op": "set_speed", "link_ids": ["l1"], "speed_kph": 300}),
                           toy_region())
    assert "design_speed_kph" not in plain.links.columns


def test_set_headway_value_and_factor() -> None:
    r = apply_scenario(_scenario({"op": "set_headway", "line": "L1", "factor": 1.5},
                                 {"op": "set_headway", "link_ids": ["l3"], "headway_min": 7}),
                       toy_region())
    assert _links(r)["headway_min"].tolist()[:3] == [30.0, 30.0, 7.0]
    assert _log(r) == ["edits.0 (set_headway): headway of 2 link(s) changed",
                       "edits.1 (set_headway): headway of 1 link(s) changed"]


def test_set_status_and_remove_links_log() -> None:
    r = apply_scenario(_scenario({"op": "set_status", "mode": "hsr", "status": "planned"},
                                 {"op": "remove_links", "mode": "road"}), toy_region())
    lk = _links(r)
    assert lk["status"].tolist() == ["planned", "planned", "operating"]
    assert lk["open_year"].tolist() == [2010, 2012, 2015]  # no open_year given: kept
    assert list(lk.index) == ["l1", "l2", "l3"] and list(r.links.index) == [0, 1, 2]
    assert _log(r) == ["edits.0 (set_status): 2 link(s) now planned",
                       "edits.1 (remove_links): removed 3 link(s)"]


def test_selector_criteria_combine_with_and() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l2", "status"] = "planned"
    r = apply_scenario(_scenario(
        {"op": "set_headway", "line": "L1", "mode": "hsr", "status_is": "operating",
         "headway_min": 6},
        {"op": "set_headway", "link_ids": ["l2", "l3"], "mode": "rail", "headway_min": 9},
    ), toy_region(links=links))
    assert _links(r)["headway_min"].tolist()[:3] == [6.0, 20.0, 9.0]


def test_add_link_node_and_access_rows() -> None:
    links = toy_tables()["links"]
    links["design_speed_kph"] = links["speed_kph"]
    r = apply_scenario(_scenario(
        {"op": "add_node", "node_id": "SE", "lon": 127.0, "lat": 44.0, "name_zh": "戊站",
         "code": "E"},
        {"op": "add_link", "link_id": "l4", "from_node": "SD", "to_node": "SE", "mode": "hsr",
         "line": "L2", "length_km": 40, "speed_kph": 250},
        {"op": "set_access", "code": "E", "node_id": "SE", "minutes": 3},
        {"op": "set_access", "code": "B", "node_id": "SB", "minutes": 8},
        {"op": "remove_access", "code": "C", "node_id": "SC"},
    ), toy_region(links=links))
    new = _links(r).loc["l4"]
    assert new[["from_node", "to_node", "mode", "line", "length_km", "speed_kph",
                "design_speed_kph", "status"]].tolist() == [
        "SD", "SE", "hsr", "L2", 40.0, 250.0, 250.0, "operating"]
    assert pd.isna(new["minutes"]) and pd.isna(new["headway_min"])
    node = r.nodes.set_index("node_id").loc["SE"]
    assert [node["lon"], node["lat"], node["kind"], node["name_zh"], node["code"]] == [
        127.0, 44.0, "station", "戊站", "E"]
    acc = r.access.set_index(["code", "node_id"])["minutes"]
    assert acc[("E", "SE")] == 3.0 and acc[("B", "SB")] == 8.0
    assert ("C", "SC") not in acc.index and len(acc) == len(toy_tables()["access"])
    assert list(r.access.index) == list(range(len(r.access)))
    assert len(r.links) == 7 and len(r.nodes) == 9


def test_remove_node_takes_its_links_and_access() -> None:
    r = apply_scenario(_scenario({"op": "remove_node", "node_id": "SB"}), toy_region())
    assert list(r.links["link_id"]) == ["r1", "r2", "r3"]
    assert list(r.links.index) == [0, 1, 2]
    assert "SB" not in set(r.nodes["node_id"]) and len(r.nodes) == 7
    assert list(r.nodes.index) == list(range(7))
    assert list(r.access["node_id"]).count("SB") == 0 and len(r.access) == 7
    assert list(r.access.index) == list(range(7))
    assert _log(r) == ["edits.0 (remove_node): removed node SB with links ['l1', 'l2', 'l3'] "
                       "and 1 access row(s)"]


def test_set_stat_scales_sets_and_adds() -> None:
    r = apply_scenario(_scenario(
        {"op": "set_stat", "code": "B", "indicator": "population", "year": 2020, "factor": 2},
        {"op": "set_stat", "code": "C", "indicator": "population", "year": 2020, "value": 350},
        {"op": "set_stat", "code": "E", "indicator": "population", "year": 2030, "value": 7},
        {"op": "set_stat", "code": "E", "indicator": "jobs", "year": 2030, "value": 9,
         "unit": "persons employed"},
    ), toy_region())
    st = r.stats.set_index(["code", "year", "indicator"])
    assert st.loc[("B", 2020, "population"), ["value", "source", "quality"]].tolist() == [
        1000.0, "scenario t (was 500)", "D"]
    assert st.loc[("C", 2020, "population"), ["value", "source", "quality"]].tolist() == [
        350.0, "scenario t (was 300)", "D"]
    assert st.loc[("A", 2020, "population"), ["value", "source", "quality"]].tolist() == [
        1000.0, "test", "A"]
    new = st.loc[("E", 2030, "population")]
    assert [new["value"], new["unit"], new["source"], new["quality"], new["break"]] == [
        7.0, "persons", "scenario t", "D", False]
    assert st.loc[("E", 2030, "jobs"), "unit"] == "persons employed"
    assert len(r.stats) == 7


def test_through_service_copies_the_via_path() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", "line"] = "L2"
    r = apply_scenario(_scenario({"op": "through_service", "line": "L2", "via_line": "L1",
                                  "from_node": "SC", "to_node": "SA", "open_year": 2031,
                                  "status": "planned"}), toy_region(links=links))
    new = r.links.iloc[6:]
    # the path SC -> SB -> SA is l2 then l1 (walked back from SA)
    assert new["link_id"].tolist() == ["l1@L2", "l2@L2"]
    assert new["from_node"].tolist() == ["SA", "SB"] and new["line"].tolist() == ["L2", "L2"]
    assert new["status"].tolist() == ["planned"] * 2 and new["open_year"].tolist() == [2031] * 2
    assert new["headway_min"].tolist() == [20.0, 20.0]  # the via line's, none given
    assert new["minutes"].tolist() == [15.0, 20.0]
    assert _log(r) == ["edits.0 (through_service): L2 runs through over 2 link(s) of L1"]
    r2 = apply_scenario(_scenario({"op": "through_service", "line": "L2", "via_line": "L1",
                                   "from_node": "SA", "to_node": "SB", "headway_min": 30}),
                        toy_region(links=links))
    assert r2.links.iloc[6:][["link_id", "headway_min", "status"]].to_numpy().tolist() == [
        ["l1@L2", 30.0, "operating"]]


def _with_projects(edits2: str = '[{"op": "set_speed", "mode": "hsr", "speed_kph": 350}]',
                   ) -> Region:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", ["status", "open_year"]] = ["planned", 2030]
    projects = pd.DataFrame({
        "project_id": ["p1", "p2", "p3"], "name_zh": ["二号线", "远期", "在建"],
        "name_en": ["L2", "far", "built"], "kind": ["rail"] * 3,
        "status": ["planned", "planned", "under_construction"],
        "target_year": [2030, 2040, 2029], "sources": ["test"] * 3,
        "edits": ['[{"op": "set_status", "line": "L2", "status": "operating"}]', edits2,
                  '[{"op": "set_headway", "link_ids": ["l1"], "headway_min": 11}]'],
    })
    return toy_region(links=links, projects=projects)


def test_network_year_completes_the_projects_due_and_opens_links() -> None:
    r = apply_scenario(_scenario(year=2030), _with_projects())
    pr = r.projects.set_index("project_id")["status"]
    assert pr.tolist() == ["completed", "planned", "completed"]
    lk = _links(r)
    assert lk["status"].eq("operating").all() and lk.loc["l1", "headway_min"] == 11.0
    assert lk.loc["l1", "speed_kph"] == 200.0  # p2 is due in 2040
    assert _log(r) == [
        "year 2030 -> project p1 -> edits.0 (set_status): 1 link(s) now operating",
        "year 2030 -> project p1: project p1 completed (1 edit(s))",
        "year 2030 -> project p3 -> edits.0 (set_headway): headway of 1 link(s) changed",
        "year 2030 -> project p3: project p3 completed (1 edit(s))",
        "year 2030: network year 2030: 2 project(s) completed, 0 link(s) opened"]
    early = apply_scenario(_scenario(year=2029), _with_projects())
    assert early.projects.set_index("project_id")["status"].tolist() == [
        "planned", "planned", "completed"]
    assert _links(early).loc["l3", "status"] == "planned"
    # a link dated by its opening year opens without a project
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", ["status", "open_year"]] = ["planned", 2025]
    opened = apply_scenario(_scenario(year=2025), toy_region(links=links))
    assert _links(opened).loc["l3", "status"] == "operating"
    assert _log(opened) == ["year 2025: network year 2025: 0 project(s) completed, 1 link(s) "
                            "opened"]
    assert apply_scenario(_scenario(year=2024), toy_region(links=links)).links.loc[
        2, "status"] == "planned"


def test_apply_scenario_result_meta_and_logging(caplog: pytest.LogCaptureFixture) -> None:
    base = toy_region()
    s = Scenario.model_validate({"name": "t", "title": "A test", "edits": [
        {"op": "set_headway", "link_ids": ["l3"], "headway_min": 7}]})
    with caplog.at_level(logging.INFO, logger="metroscope.scenario.editing"):
        r = apply_scenario(s, base)
    assert r.name == "toy+t"
    assert r.meta["scenario"] == {"name": "t", "title": "A test", "source_file": None,
                                  "log": ["edits.0 (set_headway): headway of 1 link(s) changed"]}
    assert "scenario" not in base.meta
    assert "scenario t: edits.0 (set_headway): headway of 1 link(s) changed" in caplog.messages
    pd.testing.assert_frame_equal(r.nodes, base.nodes)
    pd.testing.assert_frame_equal(r.access, base.access)
    pd.testing.assert_frame_equal(r.stats, base.stats)
    assert _links(base).loc["l3", "headway_min"] == 30.0


def test_every_problem_in_full() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l2", "headway_min"] = np.nan
    problems = _problems(
        toy_region(links=links),
        {"op": "remove_links", "link_ids": ["nope", "l1", "zz"]},
        {"op": "set_speed", "line": "L9", "mode": "hsr", "speed_kph": 300},
        {"op": "set_speed", "link_ids": ["l1"]},
        {"op": "set_headway", "link_ids": ["l3"]},
        {"op": "set_headway", "link_ids": ["l3"], "headway_min": 3, "factor": 2},
        {"op": "set_headway", "line": "L1", "factor": 2},
        {"op": "add_link", "link_id": "l3", "from_node": "SA", "to_node": "SB", "mode": "hsr",
         "length_km": 1, "minutes": 1},
        {"op": "add_link", "link_id": "l9", "from_node": "SY", "to_node": "SZ", "mode": "hsr",
         "length_km": 1, "minutes": 1},
        {"op": "complete_project", "project_id": "p9"},
        {"op": "set_stat", "code": "Q", "indicator": "population", "year": 2020, "value": 1},
        {"op": "set_stat", "code": "A", "indicator": "gdp", "year": 2020, "factor": 2},
        {"op": "set_stat", "code": "A", "indicator": "gdp", "year": 2020, "value": 1},
        {"op": "add_node", "node_id": "SA", "lon": 1, "lat": 1},
        {"op": "add_node", "node_id": "SX", "lon": 1, "lat": 1, "code": "Q"},
        {"op": "remove_node", "node_id": "SQ"},
        {"op": "set_access", "code": "Q", "node_id": "SQ", "minutes": 1},
        {"op": "remove_access", "code": "A", "node_id": "SB"},
        {"op": "remove_access", "code": "Q", "node_id": "SA"},
        {"op": "through_service", "line": "L3", "via_line": "L7", "from_node": "SA",
         "to_node": "SB"},
        {"op": "through_service", "line": "L3", "via_line": "L1", "from_node": "SA",
         "to_node": "SD"},
        {"op": "through_service", "line": "L3", "via_line": "L1", "from_node": "SD",
         "to_node": "SA"},
    )
    assert problems == [
        "edits.0 (remove_links): unknown link_ids ['nope', 'zz'] (see region.links.link_id)",
        "edits.1 (set_speed): no link matches {'line': 'L9', 'mode': 'hsr'}",
        "edits.2 (set_speed): give speed_kph and/or operating_speed_kph",
        "edits.3 (set_headway): give exactly one of headway_min or factor",
        "edits.4 (set_headway): give exactly one of headway_min or factor",
        "edits.5 (set_headway): links ['l2'] have no headway to scale",
        "edits.6 (add_link): link_id 'l3' already exists (use update_links)",
        "edits.8 (complete_project): unknown project_id 'p9' (known: )",
        "edits.9 (set_stat): unit 'Q' is not in units",
        "edits.10 (set_stat): no gdp of A in 2020 to scale; give a value instead",
        "edits.11 (set_stat): new indicator 'gdp': give its unit",
        "edits.12 (add_node): node_id 'SA' already exists",
        "edits.13 (add_node): code 'Q' is not in units",
        "edits.14 (remove_node): unknown node_id 'SQ'",
        "edits.15 (set_access): unit 'Q' is not in units",
        "edits.15 (set_access): node 'SQ' is not in nodes",
        "edits.16 (remove_access): no access row A->SB to remove",
        "edits.17 (remove_access): unit 'Q' is not in units",
        "edits.18 (through_service): no link of line 'L7'",
        "edits.19 (through_service): line 'L1' does not join SA and SD",
        "edits.20 (through_service): line 'L1' does not join SD and SA",
        "edits.7 (add_link): link 'l9' names unknown node(s) ['SY', 'SZ']; add them with "
        "add_node",
        # the data-model check of the edited links table would say the same, once per end:
        # it is left out, the edit's own problem names both nodes
    ]


def test_problem_messages_that_need_their_own_tables() -> None:
    # a Region always has the optional headway_min column: a missing one is a missing value
    no_headway = toy_tables()["links"].drop(columns=["headway_min"])
    assert _problems(toy_region(links=no_headway),
                     {"op": "set_headway", "line": "L1", "factor": 2}) == [
        "edits.0 (set_headway): links ['l1', 'l2'] have no headway to scale"]
    # a project whose edits are not valid, and projects completing each other in a loop
    bad = _with_projects('[{"op": "fly"}]')
    assert _problems(bad, {"op": "complete_project", "project_id": "p2"})[0].startswith(
        "edits.0 (complete_project): project p2 edits: edits.0: unknown op; expected one of "
        "add_link, add_node, add_station, ")
    assert _problems(bad, {"op": "complete_project", "project_id": "p2"})[0].endswith(
        "(got {'op': 'fly'})")
    loop = _with_projects('[{"op": "complete_project", "project_id": "p2"}]')
    problems = _problems(loop, {"op": "complete_project", "project_id": "p2"})
    chain = " -> ".join(["edits.0 (complete_project)"] + ["edits.0 (complete_project)"] * 5)
    assert problems == [f"{chain}: projects complete each other more than 4 deep"]
    assert _problems(_with_projects(), {"op": "complete_project", "project_id": "p0"}) == [
        "edits.0 (complete_project): unknown project_id 'p0' (known: p1, p2, p3)"]
    # a shadowed speed edit names the links and the columns that win
    links = toy_tables()["links"]
    links["operating_speed_kph"] = [np.nan, 150.0, np.nan, np.nan, np.nan, np.nan]
    assert _problems(toy_region(links=links), {"op": "update_links", "line": "L1",
                                               "speed_kph": 300}) == [
        "edits.0 (update_links): links ['l1', 'l2'] have minutes and operating_speed_kph, "
        "which win over the speed you set; add clear: ['minutes', 'operating_speed_kph'] or "
        "use op: set_speed"]
    assert _problems(toy_region(links=links), {"op": "update_links", "line": "L1",
                                               "operating_speed_kph": 300}) == [
        "edits.0 (update_links): links ['l1', 'l2'] have minutes, which win over the speed "
        "you set; add clear: ['minutes'] or use op: set_speed"]


def test_only_new_validation_problems_are_reported() -> None:
    # the base already has a problem (a negative population): editing another unit does not
    # repeat it, a new one is reported after the edits
    stats = toy_tables()["stats"]
    stats.loc[stats["code"] == "E", "value"] = -1.0
    base = toy_region(stats=stats, validate=False)
    ok = apply_scenario(_scenario({"op": "set_stat", "code": "B", "indicator": "population",
                                   "year": 2020, "value": 600}), base)
    assert ok.stats.set_index("code").loc["B", "value"] == 600.0
    problems = _problems(base, {"op": "set_stat", "code": "C", "indicator": "population",
                                "year": 2020, "value": -3})
    assert len(problems) == 1 and problems[0].startswith("after the edits: ")
    assert "stats, row 3, column 'value': got -3.0; expected a value >= 0" in problems[0]
    # a link to a node added and then removed; an access row to a node removed with it
    problems = _problems(toy_region(), {"op": "set_access", "code": "E", "node_id": "SA",
                                        "minutes": -0.0},
                         {"op": "add_link", "link_id": "l5", "from_node": "SA",
                          "to_node": "SA", "mode": "hsr", "length_km": 1, "minutes": 1})
    assert len(problems) == 1 and "after the edits: " in problems[0]
    assert "expected a node different" in problems[0]


def test_reference_problems_the_base_already_has_are_not_repeated() -> None:
    """A base whose stats and access each have a row of a unit Z that is not in units: edits
    of the stats and access tables do not report the base's reference problems again (the
    base is checked with the units too)."""
    t = toy_tables()
    stats = pd.concat([t["stats"], t["stats"].iloc[[0]].assign(code="Z")], ignore_index=True)
    access = pd.concat([t["access"], t["access"].iloc[[0]].assign(code="Z")],
                       ignore_index=True)
    base = toy_region(stats=stats, access=access, validate=False)
    r = apply_scenario(_scenario(
        {"op": "set_stat", "code": "B", "indicator": "population", "year": 2020, "value": 600},
        {"op": "set_access", "code": "E", "node_id": "SD", "minutes": 9}), base)
    assert r.stats.set_index("code").loc["B", "value"] == 600.0
    assert r.access.iloc[-1].tolist() == ["E", "SD", 9.0] and len(r.access) == 10
    assert r.stats["code"].tolist() == ["A", "B", "C", "D", "E", "Z"]


def test_links_are_checked_when_the_nodes_changed_too() -> None:
    """A node added and a self-loop link in one scenario: both the nodes and the links are
    checked, and the link's problem is reported (row 7 of the links, 1-based)."""
    problems = _problems(toy_region(),
                         {"op": "add_node", "node_id": "SE", "lon": 127.0, "lat": 44.0},
                         {"op": "add_link", "link_id": "l5", "from_node": "SE",
                          "to_node": "SE", "mode": "hsr", "length_km": 1, "minutes": 1})
    assert len(problems) == 1
    assert problems[0].startswith("after the edits: links, row 7, column 'to_node': got 'SE'; "
                                  "expected a node different")


def test_error_names_the_scenario_and_region() -> None:
    with pytest.raises(ScenarioSpecError) as info:
        apply_scenario(_scenario({"op": "remove_node", "node_id": "SQ"}), toy_region())
    assert str(info.value).splitlines() == [
        "1 problem(s) in scenario 't' applied to region 'toy':",
        "  - edits.0 (remove_node): unknown node_id 'SQ'"]


def test_edits_add_no_columns_and_keep_labels_unique() -> None:
    """No edit leaves a helper column (``op``, ``index``, a misspelt ``break``) in a table, and
    rows added by one edit have labels of their own, so a later edit that picks rows by label
    (through_service copies the via path by label) copies only its path."""
    base = toy_region()
    r = apply_scenario(_scenario(
        {"op": "add_node", "node_id": "SE", "lon": 127.0, "lat": 44.0},
        {"op": "add_link", "link_id": "l4", "from_node": "SD", "to_node": "SE", "mode": "hsr",
         "length_km": 40, "speed_kph": 250},
        {"op": "remove_node", "node_id": "SC"},
        {"op": "set_access", "code": "E", "node_id": "SE", "minutes": 3},
        {"op": "remove_access", "code": "A", "node_id": "SA"},
        {"op": "set_stat", "code": "E", "indicator": "population", "year": 2030, "value": 7},
        {"op": "through_service", "line": "L2", "via_line": "L1", "from_node": "SB",
         "to_node": "SA"},
        {"op": "through_service", "line": "L3", "via_line": "L1", "from_node": "SA",
         "to_node": "SB"},
    ), base)
    # add_link's fields are the links' columns and operating_speed_kph
    assert list(r.links.columns) == [*base.links.columns, "operating_speed_kph"]
    for name in ("nodes", "access", "stats"):
        assert list(getattr(r, name).columns) == list(getattr(base, name).columns), name
    assert r.links["link_id"].tolist() == ["l1", "l3", "r1", "r2", "r3", "l4", "l1@L2",
                                           "l1@L3"]
    assert not r.stats.set_index(["code", "year"]).loc[("E", 2030), "break"]


def test_the_selection_and_paths_of_through_service() -> None:
    # an unlined road link SA-SC must not join line L1's path SC -> SB -> SA
    links = pd.concat([toy_tables()["links"], pd.DataFrame({
        "link_id": ["x1"], "from_node": ["SA"], "to_node": ["SC"], "mode": ["road"],
        "line": [None], "length_km": [5.0], "speed_kph": [50.0], "minutes": [None],
        "status": ["operating"], "open_year": [None], "headway_min": [None]})],
        ignore_index=True)
    r = apply_scenario(_scenario({"op": "through_service", "line": "L2", "via_line": "L1",
                                  "from_node": "SC", "to_node": "SA"}), toy_region(links=links))
    assert r.links["link_id"].tolist()[7:] == ["l1@L2", "l2@L2"]


def test_update_problems_name_the_edit_and_only_the_shadowed_links() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", "minutes"] = 30.0
    assert _problems(toy_region(links=links),
                     {"op": "update_links", "link_ids": ["l2", "l9"], "speed_kph": 300}) == [
        "edits.0 (update_links): unknown link_ids ['l9'] (see region.links.link_id)",
        "edits.0 (update_links): links ['l2'] have minutes, which win over the speed you set; "
        "add clear: ['minutes'] or use op: set_speed"]
    links.loc[links["link_id"] == "l1", "minutes"] = np.nan
    assert _problems(toy_region(links=links),
                     {"op": "update_links", "link_ids": ["l1", "l2"], "speed_kph": 300}) == [
        "edits.0 (update_links): links ['l2'] have minutes, which win over the speed you set; "
        "add clear: ['minutes'] or use op: set_speed"]


def test_a_shadowed_speed_message_lists_at_most_ten_links() -> None:
    n = 12
    links = pd.DataFrame({
        "link_id": [f"k{i:02d}" for i in range(n)], "from_node": ["SA"] * n,
        "to_node": ["SB"] * n, "mode": ["hsr"] * n, "line": ["K"] * n, "length_km": [50.0] * n,
        "speed_kph": [200.0] * n, "minutes": [15.0] * n, "status": ["operating"] * n,
        "open_year": [2010] * n, "headway_min": [20.0] * n})
    problems = _problems(toy_region(links=links),
                         {"op": "update_links", "line": "K", "speed_kph": 300})
    assert problems == [
        f"edits.0 (update_links): links {[f'k{i:02d}' for i in range(10)]} have minutes, which "
        "win over the speed you set; add clear: ['minutes'] or use op: set_speed"]


def test_missing_years_neither_complete_projects_nor_open_links() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l3", ["status", "open_year"]] = ["planned", None]
    projects = pd.DataFrame({
        "project_id": ["p1", "p2"], "name_zh": ["无年", "无编辑"], "name_en": ["x", "y"],
        "kind": ["rail"] * 2, "status": ["planned", "planned"], "target_year": [None, 2020],
        "sources": ["test"] * 2,
        "edits": ['[{"op": "set_headway", "link_ids": ["l1"], "headway_min": 11}]', None]})
    r = apply_scenario(_scenario(year=2030), toy_region(links=links, projects=projects))
    assert r.projects["status"].tolist() == ["planned", "completed"]  # p2: no edits to apply
    assert _links(r).loc["l3", "status"] == "planned" and _links(r).loc["l1", "headway_min"] == 20
    assert _log(r) == ["year 2030 -> project p2: project p2 completed (0 edit(s))",
                       "year 2030: network year 2030: 1 project(s) completed, 0 link(s) opened"]


def test_project_depth_under_a_network_year_and_earlier_problems_kept() -> None:
    loop = _with_projects('[{"op": "complete_project", "project_id": "p2"}]')
    projects = loop.projects.assign(target_year=[2050, 2030, 2050])
    r = Region("toy", units=loop.units.reset_index(), stats=loop.stats, nodes=loop.nodes,
               links=loop.links, access=loop.access, projects=projects)
    problems = _problems(r, year=2030)
    chain = " -> ".join(["year 2030 -> project p2"] + ["edits.0 (complete_project)"] * 4)
    assert problems == [f"{chain}: projects complete each other more than 4 deep"]
    bad = _with_projects('[{"op": "fly"}]')
    problems = _problems(bad, {"op": "remove_node", "node_id": "SQ"},
                         {"op": "complete_project", "project_id": "p2"})
    assert problems[0] == "edits.0 (remove_node): unknown node_id 'SQ'"
    assert problems[1].startswith("edits.1 (complete_project): project p2 edits: edits.0: ")
    assert len(problems) == 2


def test_add_link_design_speed_only_where_the_column_exists() -> None:
    r = apply_scenario(_scenario({"op": "add_link", "link_id": "l4", "from_node": "SA",
                                  "to_node": "SD", "mode": "hsr", "length_km": 40,
                                  "speed_kph": 250}), toy_region())
    assert "design_speed_kph" not in r.links.columns
    assert _links(r).loc["l4", "speed_kph"] == 250.0


def test_selectors_problems_and_columns_of_the_remaining_edits() -> None:
    links = toy_tables()["links"]
    links.loc[links["link_id"] == "l2", "status"] = "planned"
    r = apply_scenario(_scenario(
        {"op": "set_headway", "link_ids": ["l1", "l3"], "line": "L1", "headway_min": 4},
        {"op": "set_headway", "link_ids": ["l3"], "status_is": "operating", "headway_min": 8},
        {"op": "set_speed", "link_ids": ["l3"], "operating_speed_kph": 90},
        {"op": "remove_links", "link_ids": ["r3"]},
    ), toy_region(links=links))
    assert _links(r)["headway_min"].tolist()[:3] == [4.0, 20.0, 8.0]
    # the new speed column is numeric, missing where not set; no helper column is left
    assert str(r.links["operating_speed_kph"].dtype) == "float64"
    assert list(r.links.columns) == [*toy_region().links.columns, "operating_speed_kph"]
    assert _problems(toy_region(links=links),
                     {"op": "set_headway", "link_ids": ["l2"], "status_is": "operating",
                      "headway_min": 5},
                     {"op": "set_status", "line": "L7", "status": "planned"},
                     {"op": "through_service", "line": "L3", "via_line": "L1", "from_node": "SD",
                      "to_node": "SD"}) == [
        "edits.0 (set_headway): no link matches {'link_ids': ['l2'], 'status_is': 'operating'}",
        "edits.1 (set_status): no link matches {'line': 'L7'}",
        "edits.2 (through_service): line 'L1' does not join SD and SD"]


def test_a_link_added_then_copied_by_a_through_service() -> None:
    r = apply_scenario(_scenario(
        {"op": "add_link", "link_id": "l4", "from_node": "SA", "to_node": "SD", "mode": "hsr",
         "line": "L5", "length_km": 40, "minutes": 12},
        {"op": "through_service", "line": "L2", "via_line": "L1", "from_node": "SB",
         "to_node": "SA"}), toy_region())
    assert r.links["link_id"].tolist()[6:] == ["l4", "l1@L2"]
