"""Defects a new user (a regional planner) found by trying to break the command line and the
monitor: each test failed on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from metroscope.cli import make_app

runner = CliRunner()


def invoke(*argv: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Run ``metroscope ARGV`` in-process through the root app (its exit codes and messages)."""
    args = list(argv)
    return runner.invoke(make_app(args), args, env=env)


def test_report_with_an_unknown_scenario_is_a_usage_error(tmp_path: Path) -> None:
    """``report --scenario typo`` exited 0 after 20 s with a report that lacked the scenario;
    now it stops at once with exit 2, names the shipped scenarios and writes nothing."""
    out = tmp_path / "r.html"
    res = invoke("report", "changchun", "--scenario", "chang-si-liao-tongg", "--out", str(out))
    assert res.exit_code == 2, res.output
    assert "chang-si-liao-tongg" in res.output and "chang-si-liao-tong" in res.output
    assert "scenario list" in res.output  # the fix
    assert "Traceback" not in res.output
    assert not out.exists()


def test_monitor_demo_refuses_a_folder_with_an_earlier_store(tmp_path: Path) -> None:
    """A second ``monitor demo --workdir X`` (or one after a killed run) reported every
    source failing and 0 new items: the stored sources pointed at the earlier run's port. It
    now refuses the used folder (exit 1), says how to fix it and leaves the store alone."""
    store = tmp_path / "monitor.sqlite"
    store.write_bytes(b"an earlier store")
    res = invoke("monitor", "demo", "--workdir", str(tmp_path), "--quiet")
    assert res.exit_code == 1, res.output
    assert "already holds a monitor store" in res.output and "--workdir" in res.output
    assert store.read_bytes() == b"an earlier store"
    assert "Traceback" not in res.output
