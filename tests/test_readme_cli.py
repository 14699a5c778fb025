"""Every command of the README's command-line tour runs and exits 0 (on small input files)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
EXAMPLES = README.parent / "examples"


def readme_commands() -> list[str]:
    """The ``metroscope`` commands of the README and of examples/README.md, in order."""
    commands: list[str] = []
    for readme in (README, EXAMPLES / "README.md"):
        for block in re.findall(r"```bash\n(.*?)```", readme.read_text(encoding="utf-8"), re.S):
            joined = block.replace("\\\n", " ")
            for line in joined.splitlines():
                line = line.split("  #")[0].strip()
                if line.startswith("metroscope "):
                    commands.append(line)
    return commands


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "metroscope", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "COLUMNS": "120"})


def command_chains(commands: list[str]) -> list[list[str]]:
    """The commands grouped so that a command reading a folder ``out/NAME`` runs after the one
    that wrote it (same chain, README order); every other command is a chain of its own."""
    chains: list[list[str]] = []
    owner: dict[str, int] = {}
    for cmd in commands:
        paths = {p for p in shlex.split(cmd) if re.fullmatch(r"out/[\w.-]+", p)}
        joined = next((owner[p] for p in sorted(paths) if p in owner), None)
        if joined is None:
            chains.append([cmd])
            joined = len(chains) - 1
        else:
            chains[joined].append(cmd)
        owner.update(dict.fromkeys(paths, joined))
    return chains


#: What each command must leave behind, beyond exit 0 (checked after its chain ran)
AFTER: dict[str, Callable[[Path], None]] = {}


def _after(prefix: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(check: Callable[[Path], None]) -> Callable[[Path], None]:
        AFTER[prefix] = check
        return check
    return register


@_after("metroscope report changchun")
def _report_written(cwd: Path) -> None:
    assert (cwd / "cc.html").stat().st_size > 100_000


@_after("metroscope data export changchun out/cc")
def _bundle_written(cwd: Path) -> None:
    assert (cwd / "out" / "cc" / "region.toml").exists()


@_after("metroscope flows radiation --region changchun")
def _flows_written(cwd: Path) -> None:
    assert (cwd / "flows.parquet").exists()


@_after("metroscope summary out/mine")
def _only_the_users_credits(cwd: Path) -> None:
    summary = run(["summary", "out/mine"], cwd).stdout
    assert "2010/2020 censuses (Lei Dong et al.) (10 values, quality A)" in " ".join(
        summary.split())
    assert "DATA.md" not in summary and "official statistics" not in summary


CHAINS = command_chains(readme_commands())


def test_the_readme_has_its_tour() -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    assert sum(len(c) for c in CHAINS) == len(commands)
    # every post-check names a command that is in the README (a renamed command fails here)
    for prefix in AFTER:
        assert any(c.startswith(prefix) for c in commands), prefix
    # a folder written by one command and read by a later one keeps them in one chain
    assert ["metroscope data export changchun out/cc", "metroscope data validate out/cc"] in [
        c[:2] for c in CHAINS]


@pytest.mark.slow
@pytest.mark.parametrize("chain", CHAINS, ids=[c[0][len("metroscope "):][:50] for c in CHAINS])
def test_every_readme_command_runs(chain: list[str], tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")  # the files the READMEs describe
    for cmd in chain:
        args = shlex.split(cmd)[1:]
        if "--pdf" in args and not Path("/usr/bin/chromium").exists():
            args = args[: args.index("--pdf")]
        res = run(args, tmp_path)
        assert res.returncode == 0, f"{cmd}\n{res.stderr[-800:]}"
    for cmd in chain:
        for prefix, check in AFTER.items():
            if cmd.startswith(prefix):
                check(tmp_path)


def test_summary_of_imported_regions(tmp_path: Path) -> None:
    """A user's region: no crash whatever levels it has, and only the user's own credits."""
    from typer.testing import CliRunner

    from metroscope.cli.summary import app
    from metroscope.importers import import_region

    runner = CliRunner()
    units = (EXAMPLES / "units.csv").read_text(encoding="utf-8")
    for level in ("county", "prefecture"):
        path = tmp_path / f"units_{level}.csv"
        path.write_text(units.replace(",county,", f",{level},"), encoding="utf-8")
        region = import_region("mine", path, stats=[EXAMPLES / "pop.csv"],
                               stats_defaults={"indicator": "population", "unit": "persons",
                                               "source": "my yearbook", "quality": "B"})
        assert region.units["parent"].isna().all()  # optional column present, empty
        assert len(region.select(roles=["core"]).units) == 2
        bundle = region.write(tmp_path / level)
        res = runner.invoke(typer_app(app), [str(bundle.parent)], env={"COLUMNS": "80"})
        assert res.exit_code == 0, res.output
        flat = " ".join(res.output.split())
        assert "my yearbook (10 values, quality B)" in flat
        for embedded in ("Lei Dong", "census", "DATA.md", "rail facts"):
            assert embedded not in flat, embedded


def typer_app(fn: object) -> object:
    import typer

    app = typer.Typer()
    app.command()(fn)  # type: ignore[arg-type]
    return app
