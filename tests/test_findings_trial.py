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
