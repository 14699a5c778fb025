"""Problems a first-time user met trying the commands, the web app and the API (each test
failed before its fix)."""

from __future__ import annotations

import subprocess
import sys


def test_closed_pipe_is_quiet_not_a_path_error() -> None:
    """`metroscope ... --format csv | head` used to print 'Error: Broken pipe. Check the
    path.' (a closed stdout is not a user error about a path)."""
    p = subprocess.Popen([sys.executable, "-m", "metroscope", "data", "list", "--format", "csv"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader goes away before the first line is written
    with p.stderr:
        err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert err == ""
    assert p.returncode == 141


def test_bad_since_is_a_usage_error_not_a_bug(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`monitor digest --since abc` (and alerts/items) printed 'Internal error (a bug in
    metroscope): ValueError ...' and exited 3; a huge period raised OverflowError."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    for argv in (["monitor", "digest", "--since", "abc"],
                 ["monitor", "digest", "--since", "999999999d"],
                 ["monitor", "alerts", "--since", "2026-13-45"],
                 ["monitor", "items", "--since", "yesterday"]):
        res = CliRunner().invoke(make_app(argv), argv)
        out = res.output + (res.stderr if res.stderr_bytes is not None else "")
        assert res.exit_code == 2, (argv, out)
        assert "Internal error" not in out
        assert "give 7d, 24h, 90m, daily, weekly or an ISO date" in out
