"""Every command of the README's command-line tour runs and exits 0 (on small input files)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("metroscope "):
                commands.append(line)
    return commands


def write_inputs(folder: Path) -> None:
    """The user files the tour names, small and made up for the test (not data)."""
    (folder / "my_yearbook.csv").write_text(
        "city,province,gdp\nA,P1,10\nB,P1,20\nC,P2,30\nD,P2,45\n", encoding="utf-8")
    places = ["code,lon,lat,population", "a,125.0,43.0,1000", "b,125.5,43.2,500",
              "c,126.0,43.9,800", "d,124.6,44.1,300"]
    (folder / "places.csv").write_text("\n".join(places) + "\n", encoding="utf-8")
    flows = ["origin,destination,flow"]
    counts = {("a", "b"): 40, ("a", "c"): 25, ("a", "d"): 9, ("b", "a"): 30, ("b", "c"): 12,
              ("b", "d"): 5, ("c", "a"): 22, ("c", "b"): 14, ("c", "d"): 6, ("d", "a"): 8,
              ("d", "b"): 4, ("d", "c"): 7}
    flows += [f"{o},{d},{n}" for (o, d), n in counts.items()]
    (folder / "flows.csv").write_text("\n".join(flows) + "\n", encoding="utf-8")
    (folder / "units.csv").write_text(
        "code,name_zh,level,role,lon,lat\n1,甲县,county,core,125.3,43.8\n"
        "2,乙县,county,member,126.0,44.0\n", encoding="utf-8")
    (folder / "pop.csv").write_text("code,2010,2020\n1,100,90\n2,50,55\n", encoding="utf-8")


@pytest.mark.slow
def test_every_readme_command_runs(tmp_path: Path) -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    write_inputs(tmp_path)
    failures = []
    for cmd in commands:
        args = shlex.split(cmd)[1:]
        if "--pdf" in args and not Path("/usr/bin/chromium").exists():
            args = args[: args.index("--pdf")]
        res = subprocess.run([sys.executable, "-m", "metroscope", *args], cwd=tmp_path,
                             capture_output=True, text=True, timeout=600, check=False,
                             env={**os.environ, "COLUMNS": "120"})
        if res.returncode != 0:
            failures.append(f"{cmd}\n{res.stderr[-800:]}")
    assert not failures, "\n\n".join(failures)
    assert (tmp_path / "cc.html").stat().st_size > 100_000
    assert (tmp_path / "out" / "cc" / "region.toml").exists()
    assert (tmp_path / "flows.parquet").exists()
