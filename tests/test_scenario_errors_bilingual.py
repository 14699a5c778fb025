"""A scenario's problems in the user's language: a bad spec or a bad edit reads in Chinese
under ``--lang zh`` (and on a Chinese page) and stays the same English for ``str(exc)``.

The expected sentences are written out by hand, not read back from the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import metroscope
from metroscope._errors import error_text
from metroscope.cli import make_app
from metroscope.scenario.editing import apply_scenario
from metroscope.scenario.spec import ScenarioSpecError, scenario_from_dict


def test_a_spec_with_bad_fields_in_both_languages() -> None:
    with pytest.raises(ScenarioSpecError) as info:
        scenario_from_dict({"name": "x", "year": 3000, "foo": 1, "edits": [
            {"op": "set_status", "line": "a", "status": "bogus"},
            {"op": "set_speed", "line": "a", "speed_kph": "abc"},
            {"line": "a"}]}, context="t.yaml")
    exc = info.value
    assert len(exc.problems) == 5
    zh = error_text(exc, "zh").splitlines()
    assert zh[0] == "t.yaml 中有 5 个问题:"
    assert zh[1] == "  - year:应不大于 2100(实际为 3000)"
    assert zh[2] == ("  - edits.0.status:应为以下之一:'operating'、'under_construction'、"
                     "'planned'(实际为 'bogus')")
    assert zh[3] == "  - edits.1.speed_kph:应为数字,无法把文本解析为数字(实际为 'abc')"
    assert zh[4].startswith("  - edits.2:每项编辑都需要 'op',取值之一:add_link、add_node、")
    assert zh[5] == "  - foo:不允许的字段(实际为 1)"
    # str() is the English text as before, pydantic's wording for its own complaints
    en = str(exc).splitlines()
    assert en[0] == "5 problem(s) in t.yaml:"
    assert en[1] == "  - year: Input should be less than or equal to 2100 (got 3000)"
    assert en[2] == ("  - edits.0.status: Input should be 'operating', 'under_construction' or "
                     "'planned' (got 'bogus')")
    assert en[4].startswith("  - edits.2: every edit needs 'op', one of add_link, add_node, ")
    assert en[5] == "  - foo: Extra inputs are not permitted (got 1)"
    assert error_text(exc, "en") == str(exc)


def test_edits_that_do_not_apply_in_both_languages() -> None:
    region = metroscope.load("changchun")
    spec = scenario_from_dict({"name": "bad", "edits": [
        {"op": "set_headway", "line": "L9", "factor": 2},
        {"op": "set_stat", "code": "999999", "indicator": "population", "year": 2020,
         "value": 1}]}, context="bad")
    with pytest.raises(ScenarioSpecError) as info:
        apply_scenario(spec, region)
    assert error_text(info.value, "zh").splitlines() == [
        "情景“bad”应用于区域“changchun”中有 2 个问题:",
        "  - edits.0 (set_headway):没有路段符合 {'line': 'L9'}",
        "  - edits.1 (set_stat):单元 '999999' 不在 units 中"]
    assert str(info.value).splitlines() == [
        "2 problem(s) in scenario 'bad' applied to region 'changchun':",
        "  - edits.0 (set_headway): no link matches {'line': 'L9'}",
        "  - edits.1 (set_stat): unit '999999' is not in units"]


def test_the_command_line_prints_them_in_the_language_asked(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("name: bad\nedits:\n  - op: set_headway\n    line: L9\n    factor: 2\n",
                    encoding="utf-8")
    runner = CliRunner()
    for lang, want in (("zh", "没有路段符合 {'line': 'L9'}"),
                       ("en", "no link matches {'line': 'L9'}")):
        argv = ["scenario", "compare", str(spec), "--lang", lang]
        res = runner.invoke(make_app(argv), argv, env={"COLUMNS": "200"})
        assert res.exit_code != 0
        assert want in " ".join(res.output.split()), res.output
        if lang == "zh":
            assert "no link matches" not in res.output
