"""A scenario file's ``base`` names the region it was written for. It used to be parsed and
never read, so a spec written for another area ran on whatever ``--region`` was, with no word.
Applying it to another region now adds a note (not a refusal: a bundle exported from
changchun under another name is a fair base), shown where the year note is: ``scenario
compare`` / ``run``, the report, the API and the dashboard (they all read the applied
region's ``meta["scenario"]["notes"]``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import metroscope
from metroscope.cli import make_app
from metroscope.scenario import Scenario, apply
from metroscope.scenario._notes import base_notes

EN = ("The scenario names 'nosuchregion' as its base region but is applied to 'changchun': "
      "check that its edits are meant for this region (e.g. a bundle exported from "
      "nosuchregion under another name).")
ZH = ("情景文件写明的基准区域是“nosuchregion”,此处应用于区域“changchun”:请确认这些编辑适用于"
      "该区域(例如由 nosuchregion 导出并改名的数据包)。")


def _cli(argv: list[str]) -> Any:
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400"})


def test_the_note_on_the_applied_region() -> None:
    region = metroscope.load("changchun")
    out = apply(Scenario(name="b", base="nosuchregion"), region)
    notes = out.meta["scenario"]["notes"]
    assert [n.key for n in notes] == ["scn_note_base_differs"]
    assert notes[0].en == EN and notes[0].zh == ZH
    # the region's own name, also once a scenario is applied to it; no base: no note
    assert "notes" not in apply(Scenario(name="b", base="changchun"), region).meta["scenario"]
    assert "notes" not in apply(Scenario(name="b"), region).meta["scenario"]
    assert base_notes(Scenario(name="c", base="changchun"), out) == []
    assert [n.params for n in base_notes(Scenario(name="c", base="x"), out)] == [
        {"base": "x", "region": "changchun"}]


def test_the_note_with_the_year_note_and_on_the_command_line(tmp_path: Path) -> None:
    spec = tmp_path / "b.yaml"
    spec.write_text("name: b\ntitle: t\nbase: nosuchregion\nedits: []\n", encoding="utf-8")
    en = _cli(["scenario", "compare", str(spec), "--format", "json", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert EN in en.stderr and json.loads(en.stdout)
    zh = _cli(["scenario", "compare", str(spec), "--lang", "zh"])
    assert zh.exit_code == 0 and ZH in zh.stderr, zh.output
    both = apply(Scenario(name="b", base="nosuchregion", year=2000),
                 metroscope.load("changchun")).meta["scenario"]["notes"]
    assert [n.key for n in both] == ["scn_note_base_differs", "scn_note_year_keeps_links"]
    plain = _cli(["scenario", "compare", "chang-si-liao-tong", "--format", "json"])
    assert "as its base region" not in plain.stderr  # the shipped specs name changchun
