"""``metroscope access`` and ``metroscope scenario`` on the embedded region."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from metroscope.cli.access import app as access_app
from metroscope.cli.scenario import app as scenario_app

runner = CliRunner()


def test_access_traveltime_json() -> None:
    res = runner.invoke(access_app, ["traveltime", "--from", "220402", "--to", "220104",
                                     "--long", "--mode", "fastest", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows[0]["origin"] == "220402" and rows[0]["mode_used"] in ("rail", "road", "road+rail")


def test_access_circle_and_isochrone_csv() -> None:
    res = runner.invoke(access_app, ["circle", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("mode,")
    assert len(res.stdout.splitlines()) == 4
    res = runner.invoke(access_app, ["isochrone", "--minutes", "90", "--inside", "-f", "json"])
    assert res.exit_code == 0
    assert all(r["inside"] for r in json.loads(res.stdout))
    res = runner.invoke(access_app, ["accessibility", "--mode", "road", "-f", "json"])
    assert res.exit_code == 0
    assert "potential" in json.loads(res.stdout)[0]


def test_scenario_commands() -> None:
    res = runner.invoke(scenario_app, ["list", "--format", "json"])
    assert [r["name"] for r in json.loads(res.stdout)] == ["chang-si-liao-tong", "hsr-350",
                                                           "network-2030"]
    res = runner.invoke(scenario_app, ["show", "hsr-350", "-f", "json"])
    assert json.loads(res.stdout)[0]["op"] == "set_speed"
    res = runner.invoke(scenario_app, ["compare", "chang-si-liao-tong", "hsr-350", "-f", "json",
                                       "-m", "rail"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {r["scenario"] for r in rows} == {"chang-si-liao-tong", "hsr-350"}
    liaoyuan = next(r for r in rows if r["code"] == "220402" and
                    r["scenario"] == "chang-si-liao-tong")
    assert liaoyuan["time_to_core_min_delta"] < -30  # 130 -> 95 min by rail (hand sum: tests)
    res = runner.invoke(scenario_app, ["run", "network-2030", "-f", "csv"])
    assert res.exit_code == 0, res.output
