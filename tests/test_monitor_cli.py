"""``metroscope monitor``: the offline demo and the commands on its store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metroscope.cli.monitor import app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("demo")
    result = runner.invoke(app, ["demo", "--workdir", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    return result.output, f"sqlite:///{folder / 'monitor.sqlite'}"


def test_demo_runs_the_whole_pipeline(demo: tuple[str, str]) -> None:
    out, _ = demo
    assert "11 new item(s)" in out
    assert "Second pass: 6 source(s) checked, 1 failed; 0 new item(s), 0 edited; 0 alert(s)" \
        in out
    assert "0 duplicate(s), 0 bad signature(s)" in out
    assert "Demo data: offline local fixtures, not real news." in out
    assert "under_constru" in out  # the HSR moved: approved, then construction


def test_demo_delivered_every_alert_once(demo: tuple[str, str]) -> None:
    out, db = demo
    alerts = json.loads(runner.invoke(app, ["alerts", "--db", db, "-n", "500", "-f",
                                            "json"]).output)
    assert alerts and all(a["sent"] == 1 and a["pending"] == 0 for a in alerts)
    assert f"Webhook receiver: {len(alerts)} alert(s) received" in out
    status = [a for a in alerts if a["kind"] == "project_status"]
    shown = runner.invoke(app, ["alerts", "--db", db, "--show", str(status[0]["alert_id"])])
    assert "长四辽通高铁" in shown.output
    construction = [a for a in status if "under construction" in a["title"]]
    detail = runner.invoke(app, ["alerts", "--db", db, "--show",
                                 str(construction[0]["alert_id"])]).output
    assert "Modelled effect" in detail and "模型测算的影响" in detail
    # --lang zh: the same alerts, titled in Chinese (kept in the payload as title_zh)
    zh = json.loads(runner.invoke(app, ["alerts", "--db", db, "-n", "500", "-f", "json",
                                        "--lang", "zh"]).output)
    assert [a["alert_id"] for a in zh] == [a["alert_id"] for a in alerts]
    by_kind = {a["kind"]: a["title"] for a in zh}
    assert by_kind["project_status"].startswith("项目状态变化:")
    assert by_kind["indicator"].startswith("指标提醒「") and "new release" not in by_kind["indicator"]


def test_items_search_and_filters(demo: tuple[str, str]) -> None:
    _, db = demo
    rows = json.loads(runner.invoke(app, ["items", "高铁", "--db", db, "-f", "json"]).output)
    assert rows and all("高铁" in r["title"] or "高速铁路" in r["title"] for r in rows)
    bonded = json.loads(runner.invoke(app, ["items", "--tag", "trade", "--db", db, "-f",
                                            "json"]).output)
    assert {r["source"] for r in bonded} == {"demo-changchun-en", "demo-jilin-drc"}


def test_projects_history_and_manual_status(demo: tuple[str, str]) -> None:
    _, db = demo
    hist = json.loads(runner.invoke(app, ["projects", "history", "changsiliaotong_hsr",
                                          "--db", db, "-f", "json"]).output)
    assert [h["status"] for h in hist if h["applied"]] == ["planned", "approved",
                                                          "under_construction"]
    bad = runner.invoke(app, ["projects", "set", "changsiliaotong_hsr", "finished", "--db", db])
    assert bad.exit_code != 0 and "unknown status" in bad.output


def test_sources_rules_digest(demo: tuple[str, str], tmp_path: Path) -> None:
    _, db = demo
    srcs = json.loads(runner.invoke(app, ["sources", "list", "--db", db, "-f", "json"]).output)
    broken = next(s for s in srcs if s["name"] == "demo-broken")
    # checked twice, failed twice: "failed", not "new" (never checked); failing after 3
    assert broken["error_count"] == 2 and broken["state"] == "failed"
    assert "HTTP 404" in broken["last_error"] and broken["next_check_at"]
    test = runner.invoke(app, ["rules", "test", "hsr-projects", "--db", db, "-f", "json"])
    assert test.exit_code == 0 and json.loads(test.output)
    out = tmp_path / "digest.html"
    dig = runner.invoke(app, ["digest", "--since", "1d", "--db", db, "--out", str(out)])
    assert dig.exit_code == 0 and "Metropolitan-area monitor digest" in dig.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_user_errors_are_clean_messages(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    proc = subprocess.run([sys.executable, "-m", "metroscope", "monitor", "sources", "add",
                           "x", "file:///etc/passwd", "--db", db], capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 1
    assert "only http and https" in proc.stderr and "Traceback" not in proc.stderr
    rule = json.dumps({"name": "r", "kind": "keyword"})
    proc = subprocess.run([sys.executable, "-m", "metroscope", "monitor", "rules", "add",
                           "--json", rule, "--db", db], capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 1 and "keyword rule needs" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_names_not_in_the_store_in_chinese(tmp_path: Path) -> None:
    """`monitor projects effect nope --lang zh`, `rules remove nope`, `sources pause nope` and
    `rules add` without a rule printed English typer boxes ("unknown project 'nope'", "no rule
    named 'nope'", "give --file RULE.yaml ..."); they are catalogue usage errors (exit 2)."""
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    init = subprocess.run([sys.executable, "-m", "metroscope", "monitor", "init", "--db", db,
                           "--no-watchlist"], capture_output=True, text=True, timeout=300,
                          check=False)
    assert init.returncode == 0, init.stderr
    for argv, zh in ((["projects", "effect", "nope"], "未知的项目 'nope'"),
                     (["rules", "remove", "nope"], "没有名为 'nope' 的规则"),
                     (["sources", "pause", "nope"], "没有名为 'nope' 的来源"),
                     (["rules", "add"], "请给出 --file RULE.yaml 或 --json")):
        proc = subprocess.run([sys.executable, "-m", "metroscope", "monitor", *argv, "--db", db,
                               "--lang", "zh"], capture_output=True, text=True, timeout=300,
                              check=False)
        assert proc.returncode == 2, (argv, proc.stderr)
        assert zh in proc.stderr, (argv, proc.stderr)
        assert "Invalid value" not in proc.stderr and "Traceback" not in proc.stderr
