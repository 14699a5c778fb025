"""Ctrl-C and SIGTERM end a command-line run cleanly (cli._interrupt; trial C1, C2, C5):
"Interrupted." in the run's language, exit 130 (SIGINT) or 143 (SIGTERM), outputs cleaned up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.core import TyperGroup
from typer.testing import CliRunner

import metroscope.cli as cli
from metroscope.cli import make_app
from metroscope.cli._interrupt import Terminated, install

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def _run(*args: str) -> Any:
    return CliRunner().invoke(make_app(list(args)), list(args))


@posix_only
def test_sigterm_raises_terminated_once_then_kills() -> None:
    previous = signal.getsignal(signal.SIGTERM)
    try:
        install()
        with pytest.raises(Terminated) as info:
            signal.raise_signal(signal.SIGTERM)
        assert isinstance(info.value, KeyboardInterrupt)  # every cleanup of Ctrl-C runs
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # a second one kills
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.parametrize(("where", "exc", "code"), [
    ("make_context", KeyboardInterrupt, 130),  # while the command line is parsed (trial C5)
    ("invoke", KeyboardInterrupt, 130),
    ("invoke", Terminated, 143),  # SIGTERM in the command
])
def test_an_interrupt_prints_the_message_in_the_language_asked(
        monkeypatch: pytest.MonkeyPatch, where: str, exc: type[BaseException],
        code: int) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(TyperGroup, where, interrupted)  # the root group's parent class
    res = _run("flows", "radiation", "--lang", "zh")
    assert res.exit_code == code
    assert res.output.strip() == "已中断。"
    monkeypatch.delenv("METROSCOPE_LANGUAGE", raising=False)
    res = _run("flows", "radiation")
    assert (res.exit_code, res.output.strip()) == (code, "Interrupted.")


def test_an_interrupt_while_the_command_is_imported(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Trial C5: Ctrl-C at start-up (``make_app`` imports the sub-command) exited 130 with
    no message; now the message, in the ``--lang`` of the command line."""
    def importing(args: object = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "make_app", importing)
    monkeypatch.setattr(sys, "argv", ["metroscope", "flows", "radiation", "--lang=zh"])
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as info:
            cli.main()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert info.value.code == 130
    assert capsys.readouterr().err.strip() == "已中断。"


#: The console script with a slow disk: the flow table is written in batches of 200 rows, each
#: taking 0.3 s more, so the end of the file is written for seconds after the computation.
_SLOW_DISK = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even if the test
from metroscope.flows import _stream, output  # runner ignores SIGINT (a background job)
write = output.BatchSink.write
def slow(self, batch):
    write(self, batch)
    time.sleep(0.3)
output.BatchSink.write = slow
_stream.StreamedWrite.__init__.__kwdefaults__["rows_per_group"] = 200
from metroscope.cli import main
sys.argv[0] = "metroscope"
main()
"""


@posix_only
@pytest.mark.slow  # two console-script runs, about 4 s of CPU each (mostly imports)
@pytest.mark.parametrize(("sig", "code", "lang", "message"), [
    (signal.SIGINT, 130, "en", "Interrupted."),
    (signal.SIGTERM, 143, "zh", "已中断。"),
])
def test_a_signal_while_the_flow_file_is_written_leaves_the_old_file(
        tmp_path: Path, sig: signal.Signals, code: int, lang: str, message: str) -> None:
    """Trial C1/C2: the signal comes once the temporary file exists (40 locations: 1,560 rows,
    8 batches, more than 2 s of writing): the message, the exit code, the old file whole and
    no temporary file."""
    loc = tmp_path / "loc.csv"
    loc.write_text("code,lon,lat,population\n" + "".join(
        f"L{i},{125 + (i % 7) * 0.3:.2f},{43 + (i // 7) * 0.25:.2f},{1000 + 37 * i}\n"
        for i in range(40)), encoding="utf-8")
    out = tmp_path / "big3.csv"
    out.write_bytes(b"old,file\n")
    env = {**os.environ, "METROSCOPE_TRAVEL_TIME_CACHE": "off"}
    env.pop("METROSCOPE_LANGUAGE", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_DISK, "flows", "radiation", "--locations", str(loc),
         "--out", str(out), "--lang", lang],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120  # the start-up alone takes seconds on a busy machine
    while not list(tmp_path.glob(".~*.big3.csv")):  # (not the probe of a writable folder)
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            _, err = proc.communicate()
            pytest.skip(f"no temporary file seen before the run ended: {err.decode()[-300:]}")
        time.sleep(0.01)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err.decode()
    assert err.decode().strip() == message
    assert out.read_bytes() == b"old,file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big3.csv", "loc.csv"]
