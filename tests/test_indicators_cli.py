"""``metroscope analyze``: formats, user CSVs, clean errors, and the registry's documentation."""

from __future__ import annotations

import inspect
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from _indicator_fixtures import toy_region
from metroscope.cli import analyze
from metroscope.indicators import REGISTRY, get
from metroscope.indicators.inequality import theil

DOCS = Path(__file__).resolve().parents[1] / "docs" / "indicators.md"

cli = typer.Typer()
cli.command()(analyze.app)
runner = CliRunner()

CSV = "city,pop,gdp,grp,yr\na,100,50,x,2020\nb,200,80,x,2020\nc,50,40,y,2020\nd,25,10,y,2020\n"


@pytest.fixture
def table_csv(tmp_path: Path) -> Path:
    p = tmp_path / "cities.csv"
    p.write_text(CSV, encoding="utf-8")
    return p


def test_list_names_every_indicator_in_both_languages() -> None:
    res = runner.invoke(cli, ["--list", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["name"] for r in rows] == list(REGISTRY)
    assert all(r["description_zh"] and r["description_en"] for r in rows)


def test_user_csv_theil_matches_the_function(table_csv: Path) -> None:
    res = runner.invoke(cli, ["theil", "--data", str(table_csv), "--id", "city",
                              "--value-cols", "gdp,pop", "--weight", "pop", "--group", "grp",
                              "--year-col", "yr", "--format", "csv"])
    assert res.exit_code == 0, res.output
    out = pd.read_csv(io.StringIO(res.stdout)).set_index("component")
    from metroscope.indicators import values_region

    reg = values_region(pd.read_csv(table_csv, dtype={"city": str}), id_col="city",
                        value_cols=["gdp", "pop"], group_col="grp", year_col="yr")
    direct = theil(reg, measure="gdp", weight="pop", group_by="group")
    assert out.at["between", "theil_t"] == pytest.approx(direct.at["between", "theil_t"])
    assert out.at["total", "theil_l"] == pytest.approx(direct.at["total", "theil_l"])
    assert set(out.index) == {"total", "between", "within", "within:x", "within:y"}


def test_user_csv_gini_json_with_one_value_column(table_csv: Path) -> None:
    res = runner.invoke(cli, ["gini", "--data", str(table_csv), "--id", "city", "--value",
                              "gdp", "--year", "2020", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    # gdp 50, 80, 40, 10: sum |xi-xj| over ordered pairs = 2*(30+10+40+40+70+30) = 440
    assert rows[0]["gini"] == pytest.approx(440 / (2 * 16 * 45))


def test_user_csv_industry_columns(table_csv: Path) -> None:
    res = runner.invoke(cli, ["lq", "--data", str(table_csv), "--id", "city", "--value-cols",
                              "gdp,pop", "--year", "2020", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = {r["code"]: r for r in json.loads(res.stdout)}
    assert rows["a"]["gdp"] == pytest.approx((50 / 150) / (180 / 555))


def test_table_format_prints_provenance() -> None:
    res = runner.invoke(cli, ["target_clusters"])
    assert res.exit_code == 0, res.output
    assert "reference: GB/T 4754-2017" in res.stdout
    assert "cannot be told apart" in res.stdout


def _root(args: list[str]) -> Any:
    """``metroscope analyze ARGS`` through the root command (its exit codes and messages)."""
    from metroscope.cli import make_app

    argv = ["analyze", *args]
    return runner.invoke(make_app(argv), argv)


@pytest.mark.parametrize(("args", "message"), [
    (["nonsense"], "Unknown indicator"),
    (["primacy", "--group-by", "role"], "--group-by does not apply to 'primacy'"),
    (["primacy", "--set", "bogus=1"], "has no parameter 'bogus'"),
    (["primacy", "--format", "xml"], "'xml' is not one of"),
    ([], "No indicator named"),
])
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    res = _root(args)
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert "Traceback" not in res.output


def test_data_mode_errors(table_csv: Path, tmp_path: Path) -> None:
    res = _root(["linkage", "--data", str(table_csv), "--id", "city", "--value", "gdp",
                 "--year", "2020"])
    assert res.exit_code == 2 and "needs a Region" in res.output
    res = runner.invoke(cli, ["gini", "--data", str(table_csv), "--id", "city", "--value",
                              "gdp"])
    # no year column and no --year: one cross-section (issue 11), labelled as such
    assert res.exit_code == 0 and "one cross-section" in res.output, res.output
    bad = tmp_path / "bad.csv"
    bad.write_text("city,gdp\na,1\nb,x\nc,zz\n", encoding="utf-8")
    res = _root(["gini", "--data", str(bad), "--id", "city", "--value", "gdp", "--year",
                 "2020"])
    assert res.exit_code == 1 and "data row(s) [2, 3]" in res.output


def test_json_stdout_is_only_the_array(table_csv: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "metroscope", "analyze", "cv", "--data", str(table_csv), "--id",
         "city", "--value", "gdp", "--year-col", "yr", "--format", "json"],
        capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    rows = json.loads(proc.stdout)
    assert isinstance(rows, list) and rows[0]["n"] == 4


def test_importing_the_command_does_not_import_pandas() -> None:
    code = ("import sys\nimport metroscope.cli.analyze\n"
            "print('pandas' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False False"


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_indicator_is_documented(name: str) -> None:
    ind = get(name)
    doc = (inspect.getdoc(ind.function) or "") + (inspect.getdoc(ind.parameter_source) or "")
    assert "Returns" in doc, f"{ind.target} lacks a Returns section"
    if name != "target_clusters":  # a lookup table, no formula
        assert "math::" in doc, f"{ind.target} lacks a formula"
        assert "References" in doc, f"{ind.target} lacks a reference"
    text = DOCS.read_text(encoding="utf-8")
    assert f"`{name}`" in text, f"{name} is not in docs/indicators.md"
    assert ind.target.split(":")[1] in text, f"{ind.target} is not in docs/indicators.md"


def test_region_from_a_bundle_path(tmp_path: Path) -> None:
    folder = toy_region().write(tmp_path / "toy")
    res = runner.invoke(cli, ["primacy", "--region", str(folder), "--year", "2020",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = {r["metric"]: r for r in json.loads(res.stdout)}
    assert rows["two_city_index"]["value"] == pytest.approx(4.0)
    assert rows["eleven_city_index"]["value"] is None  # NaN -> null: refused with 4 units
