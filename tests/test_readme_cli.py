"""Every command of the README's command-line tour runs and exits 0 (on small input files)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
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


@pytest.mark.slow
def test_every_readme_command_runs(tmp_path: Path) -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    shutil.copytree(EXAMPLES, tmp_path / "examples")  # the files the READMEs describe
    failures = []
    for cmd in commands:
        args = shlex.split(cmd)[1:]
        if "--pdf" in args and not Path("/usr/bin/chromium").exists():
            args = args[: args.index("--pdf")]
        res = run(args, tmp_path)
        if res.returncode != 0:
            failures.append(f"{cmd}\n{res.stderr[-800:]}")
    assert not failures, "\n\n".join(failures)
    assert (tmp_path / "cc.html").stat().st_size > 100_000
    assert (tmp_path / "out" / "cc" / "region.toml").exists()
    assert (tmp_path / "flows.parquet").exists()
    summary = run(["summary", "out/mine"], tmp_path).stdout
    assert "2010/2020 censuses (Lei Dong et al.) (10 values, quality A)" in " ".join(summary.split())
    assert "DATA.md" not in summary and "official statistics" not in summary


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
