"""A scenario's ``year`` before links that operate today keeps them (the year opens and
completes planned links, it removes none): the catalogue note that says so was shown by the
``access`` commands only. It is shown wherever the scenario's results are: ``scenario
compare`` (and ``run``), the report's commuting and accessibility sections, and the web API's
and dashboard's scenario results, in the reader's language.

The expected count is taken from the links table by hand (operating links opened after 2000),
not from the note's own function."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import metroscope
from _web import client
from metroscope.cli import make_app

SPEC = "name: y2000\ntitle: Network of 2000\nyear: 2000\nedits: []\n"


@pytest.fixture(scope="module")
def later() -> int:
    links = metroscope.load("changchun").links
    n = int((links["status"].eq("operating") & (links["open_year"] > 2000)).sum())
    assert n > 0
    return n


def _en(n: int) -> str:
    return (f"The scenario's year 2000 opens and completes the planned links due by 2000; it "
            f"does not remove later links: {n} operating link(s) opened after 2000 stay in the "
            "network. For the network of 2000, use --network-year 2000 (Python: "
            "network_year=2000) without the scenario.")


def _zh(n: int) -> str:
    return (f"情景的 year 2000 只开通并建成到 2000 年为止的规划连线,不会拆除此后开通的连线:"
            f"{n} 条现状运营连线开通于 2000 年之后,仍在路网中。")


def _spec(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "y2000.yaml"
    f.write_text(SPEC, encoding="utf-8")
    return f


def _cli(argv: list[str]) -> Any:
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400"})


@pytest.mark.parametrize("command", ["compare", "run"])
def test_scenario_compare_and_run_show_the_note(tmp_path: Path, later: int,
                                                command: str) -> None:
    spec = str(_spec(tmp_path))
    en = _cli(["scenario", command, spec, "--format", "json", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert _en(later) in en.stderr, en.stderr
    assert json.loads(en.stdout)  # stdout keeps to the records
    zh = _cli(["scenario", command, spec, "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert _zh(later) in zh.stderr, zh.stderr
    plain = _cli(["scenario", command, "chang-si-liao-tong", "--format", "json"])
    assert "stay in the network" not in plain.stderr  # a scenario without a year: no note


def test_the_report_shows_the_note_where_the_scenario_is(tmp_path: Path, later: int) -> None:
    from metroscope.report._inputs import ReportInputs, load_scenarios
    from metroscope.report.context import Note, Section, Text
    from metroscope.report.sections import accessibility, commuting

    region = metroscope.load("changchun")
    runs, problems = load_scenarios(region, [str(_spec(tmp_path))], strict=True)
    assert problems == []
    inp = ReportInputs(region=region, scenarios=runs, strict=True)
    for module in (commuting, accessibility):
        section = Section(module.__name__, 1, Text.same("s"))
        module.build(inp, section)
        notes = [b.text for b in section.blocks if isinstance(b, Note)]
        assert any(_en(later) == t.en and t.zh.startswith(_zh(later)) for t in notes), notes
    bare = ReportInputs(region=region, strict=True)
    assert bare.scenario_notes() == []


def test_the_web_api_and_dashboard_show_the_note(tmp_path: Path, later: int) -> None:
    _spec(tmp_path / "scenarios")
    with client(tmp_path) as c:
        r = c.get("/api/v1/scenarios/compare?spec=y2000&meta=true")
        assert r.status_code == 200, r.text[:300]
        assert _en(later) in r.json()["meta"]["notes"]
        body = {"name": "y2000-edited", "year": 2000, "edits": []}
        r = c.post("/api/v1/scenarios/evaluate", json=body)
        assert r.status_code == 200, r.text[:300]
        assert r.json()["notes"] == [_en(later)]
        for lang, want in (("zh", _zh(later)), ("en", _en(later))):
            page = c.get(f"/fragments/compare?lang={lang}&a=y2000&b=chang-si-liao-tong",
                         headers={"HX-Request": "true"})
            assert page.status_code == 200, page.text[:300]
            assert want in html.unescape(page.text), page.text[-2000:]
