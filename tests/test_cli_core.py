"""The command line: fast help (no heavy imports), data commands, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "numpy", "geopandas", "scipy", "plotly", "shapely", "pyarrow")


def run(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "metroscope", *args], capture_output=True,
                          text=True, check=check, timeout=300)


@pytest.mark.parametrize("argv", [["--help"], ["data", "list"],
                                  ["data", "list", "--format", "csv"]])
def test_light_commands_import_no_heavy_library(argv: list[str]) -> None:
    code = (f"import sys; sys.argv=['metroscope', *{argv!r}]\n"
            "from metroscope.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_radiation_command_imports_no_fitting_code() -> None:
    """``from metroscope.flows import radiation`` loads neither the fit nor SciPy's solvers
    (Numba imports the bare ``scipy`` package itself)."""
    code = ("import sys\nfrom metroscope.flows import radiation, gravity, write_flows\n"
            "print([m for m in ('scipy.sparse', 'scipy.special', 'metroscope.flows.fit') "
            "if m in sys.modules])\n"
            "from metroscope.flows import fit_gravity\n"
            "print(fit_gravity.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "metroscope.flows.fit"


def test_help_lists_commands() -> None:
    out = run("--help", check=True).stdout
    for cmd in ("data", "summary"):
        assert cmd in out


def test_data_list_json() -> None:
    out = run("data", "list", "--format", "json", check=True).stdout
    rows = json.loads(out)
    assert isinstance(rows, list)
    assert all({"name", "description"} <= set(r) for r in rows)


def test_validate_bad_bundle_exits_1_with_all_problems(tmp_path: Path) -> None:
    b = tmp_path / "bundle"
    b.mkdir()
    (b / "units.csv").write_text(
        "code,name_zh,name_en,level,role,seat_lon,seat_lat\n"
        "1,甲,A,county,core,43.8,125.3\n1,乙,B,town,core,125,44\n", encoding="utf-8")
    (b / "region.toml").write_text('name = "bad"\n[tables.units]\nfile = "units.csv"\n',
                                   encoding="utf-8")
    res = run("data", "validate", str(b))
    assert res.returncode == 1
    assert "3 problem(s)" in res.stderr
    for needle in ("swapped", "duplicate", "town"):
        assert needle in res.stderr


def test_validate_missing_bundle(tmp_path: Path) -> None:
    res = run("data", "validate", str(tmp_path))
    assert res.returncode == 1
    assert "No region.toml" in res.stderr


def test_import_then_validate(tmp_path: Path) -> None:
    units = tmp_path / "u.csv"
    units.write_bytes("code,name_zh,level,role,lon,lat\n1,甲县,county,core,125.3,43.8\n"
                      "2,乙县,county,member,126.0,44.0\n".encode("gbk"))
    stats = tmp_path / "s.csv"
    stats.write_text("code,2010,2020\n1,100,90\n2,50,55\n", encoding="utf-8")
    res = run("data", "import", "mine", str(tmp_path / "out"), "--units", str(units),
              "--stats", str(stats), "--indicator", "population", "--unit", "persons",
              "--source", "my yearbook", "--quality", "B")
    assert res.returncode == 0, res.stderr
    res = run("data", "validate", str(tmp_path / "out"), check=True)
    assert "2 units, 4 stats rows" in res.stdout


@pytest.mark.parametrize("args", [("data", "show", "nowhere"), ("data", "export", "x", "y")])
def test_unknown_region_is_a_clean_error(args: tuple[str, ...]) -> None:
    res = run(*args)
    assert res.returncode == 2  # a usage error
    assert "neither an embedded dataset" in res.stderr
    assert "Traceback" not in res.stderr


def test_a_missing_command_module_is_an_error_not_a_missing_command(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No lookup that turns a renamed module into a silently absent command (issue 16, item 5):
    the chosen group's module is imported, and a missing one raises."""
    import metroscope.cli as cli

    monkeypatch.setitem(cli.SUBCOMMANDS, "gone", ("metroscope.cli.no_such_module", "Gone."))
    with pytest.raises(ModuleNotFoundError, match="no_such_module"):
        cli.make_app(["gone"])
    assert "gone" in {g.name for g in cli.make_app(["data"]).registered_groups}


@pytest.mark.parametrize(("given", "expected"), [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_the_command_waits_passively_in_openmp_unless_told(given: str | None,
                                                           expected: str) -> None:
    """The console script sets ``OMP_WAIT_POLICY=PASSIVE`` for its own process before any
    OpenMP runtime is loaded (no Numba or NumPy yet), and keeps a value the user set."""
    code = ("import os, sys; sys.argv=['metroscope', 'data', 'list']\n"
            "from metroscope.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(os.environ.get('OMP_WAIT_POLICY'), 'numba' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if given is not None:
        env["OMP_WAIT_POLICY"] = given
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env).stdout
    assert out.strip().splitlines()[-1] == f"{expected} False"
