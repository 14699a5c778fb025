"""A project's modelled effect equals an independent run of the scenario machinery."""

from __future__ import annotations

import json

import pytest

from _monitor_fixtures import changchun  # noqa: F401
from metroscope.monitor.projects import project_effect


def _edits(region, pid: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    raw = region.projects.set_index("project_id").loc[pid, "edits"]
    return json.loads(raw)


def test_effect_matches_commuting_circles_on_both_networks(changchun) -> None:  # type: ignore[no-untyped-def]
    from metroscope.network import commuting_circle
    from metroscope.scenario import Scenario, apply

    edits = _edits(changchun, "changsiliaotong_hsr")
    assert edits, "the embedded project carries scenario edits"
    eff = project_effect(changchun, "changsiliaotong_hsr", edits)
    assert eff.note is None and eff.changes is not None and not eff.changes.empty
    other = apply(Scenario.model_validate({"name": "independent", "edits": edits}), changchun)
    # the product's default mode: the fastest door-to-door trip, as scenario compare uses
    assert eff.mode == "fastest"
    base_t = commuting_circle(changchun, mode="fastest")["travel_time_min"]
    new_t = commuting_circle(other, mode="fastest")["travel_time_min"]
    delta = (new_t - base_t)
    for code, row in eff.changes.iterrows():
        assert row["time_to_core_min_delta"] == pytest.approx(delta[code], abs=1e-9)
        assert row["time_to_core_min_base"] == pytest.approx(base_t[code])
    moved = delta[delta.abs() > 1e-9]
    assert set(eff.changes.index) == set(moved.index)
    assert list(eff.changes["time_to_core_min_delta"]) == sorted(
        eff.changes["time_to_core_min_delta"])
    stats = changchun.stats[changchun.stats["indicator"] == "population"]
    year = int(stats["year"].max())
    pop = stats[stats["year"] == year].set_index("code")["value"]
    for minutes in (60, 90):
        joins = [c for c in base_t.index if new_t[c] <= minutes and not base_t[c] <= minutes]
        assert sorted(eff.newly_within[minutes]["units"]) == sorted(joins)
        assert eff.newly_within[minutes]["population"] == pytest.approx(
            float(pop.reindex(joins).fillna(0).sum()))
    text = eff.summary("zh")
    assert "到核心" in text and eff.summary("en").startswith("Modelled effect")
    payload = eff.as_dict()
    assert json.dumps(payload, ensure_ascii=False)  # JSON-ready


def test_project_without_edits_says_so(changchun) -> None:  # type: ignore[no-untyped-def]
    eff = project_effect(changchun, "changchun_metro_plan", [])
    assert eff.changes is None and eff.newly_within == {}
    assert "no scenario edits" in (eff.note or "")


def test_edits_that_cannot_be_applied_give_a_note(changchun) -> None:  # type: ignore[no-untyped-def]
    eff = project_effect(changchun, "x", [{"op": "set_status", "line": "no such line",
                                           "status": "operating"}])
    assert eff.changes is None and "could not be applied" in (eff.note or "")


def test_notes_of_an_effect_in_chinese(changchun) -> None:  # type: ignore[no-untyped-def]
    """`monitor projects effect changchun_metro_plan --lang zh` and the Chinese half of an
    alert printed the English note ("Project ... has no scenario edits ..."), as did a
    project whose edits could not be applied; both now say it in Chinese."""
    none = project_effect(changchun, "changchun_metro_plan", [])
    assert none.summary("zh") == "项目 changchun_metro_plan 没有情景编辑:模型无法给出其影响。"
    assert none.summary("en").startswith("Project changchun_metro_plan has no scenario edits")
    bad = project_effect(changchun, "x", [{"op": "set_status", "line": "no such line",
                                           "status": "operating"}])
    zh = bad.summary("zh")
    assert zh.startswith("项目 x 的情景编辑无法应用:") and "could not" not in zh
    assert "no such line" in zh  # the line asked for is named
    assert bad.as_dict()["note_zh"] == zh
