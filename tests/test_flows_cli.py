"""``metroscope flows`` from the command line (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from _shared_data import PEERS, shared_file
from metroscope.cli.flows import app

runner = CliRunner()


@pytest.fixture
def locations_csv(tmp_path: Path) -> Path:
    p = tmp_path / "loc.csv"
    pd.DataFrame({"code": ["a", "b", "c"], "lon": [0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0],
                  "population": [100, 50, 200]}).to_csv(p, index=False)
    return p


def test_radiation_json_is_an_array_of_records(locations_csv: Path) -> None:
    res = runner.invoke(app, ["radiation", "--locations", str(locations_csv),
                              "--normalisation", "none", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 6
    first = rows[0]
    assert first["origin"] == "a" and first["destination"] == "b"
    assert first["probability"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_out_writes_by_extension(locations_csv: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"flows{suffix}"
    res = runner.invoke(app, ["gravity", "--locations", str(locations_csv), "--constraint",
                              "production", "--out", str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert list(df.columns) == ["origin", "destination", "flow", "cost"]
    assert df["flow"].sum() == pytest.approx(350.0)
    assert df.groupby("origin")["flow"].sum().to_dict() == pytest.approx(
        {"a": 100.0, "b": 50.0, "c": 200.0})


def test_csv_and_table_formats(locations_csv: Path) -> None:
    res = runner.invoke(app, ["radiation", "--locations", str(locations_csv), "-f", "csv",
                              "--tie-rule", "ordered"])
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == "origin,destination,flow,probability"
    res = runner.invoke(app, ["radiation", "--locations", str(locations_csv)])
    assert res.exit_code == 0
    assert "largest 6 of 6 rows" in res.stdout


def test_region_core_share() -> None:
    res = runner.invoke(app, ["radiation", "--region", "changchun", "--core-share", "-f", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows and "inbound_from_core_share" in rows[0]


def test_fit_prints_coefficients(tmp_path: Path) -> None:
    df = pd.read_csv(shared_file(PEERS / "spint_austria" / "austria_migration_interzonal.csv"))
    df = df.rename(columns={"dij": "cost", "o_var": "origin_mass", "d_var": "destination_mass"})
    obs = tmp_path / "obs.csv"
    df.to_csv(obs, index=False)
    out = tmp_path / "fitted.csv"
    res = runner.invoke(app, ["fit", "--observed", str(obs), "--constraint", "production",
                              "--format", "json", "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = {r["parameter"]: r for r in json.loads(res.stdout)}
    assert rows["cost"]["coef"] == pytest.approx(-1.1566453204679874, abs=1e-6)
    assert len(pd.read_csv(out)) == 72


def test_user_errors(locations_csv: Path, tmp_path: Path) -> None:
    # c holds 200 of 350 trips and cannot send them all elsewhere: infeasible doubly model
    res = runner.invoke(app, ["gravity", "--locations", str(locations_csv), "--constraint",
                              "doubly"])
    assert res.exit_code != 0
    assert "diverges" in str(res.exception)
    res = runner.invoke(app, ["radiation", "--locations", str(locations_csv), "--out",
                              str(tmp_path / "x.xlsx")])
    assert res.exit_code != 0
    assert ".csv or .parquet" in str(res.exception)
    res = runner.invoke(app, ["gravity", "--locations", str(locations_csv), "--deterrence",
                              "exp"])
    assert res.exit_code != 0
    res = runner.invoke(app, ["radiation", "--region", "changchun", "--locations",
                              str(locations_csv)])
    assert res.exit_code != 0


def test_fit_lists_an_unclosed_quote_with_the_other_problems(tmp_path: Path) -> None:
    """``flows fit --observed``: pandas reported the unclosed quote alone ("EOF inside
    string"); the bad flow two lines above it was found only after fixing the quote."""
    obs = tmp_path / "obs.csv"
    obs.write_text("origin,destination,flow,cost\n"
                   "a,b,10,1.5\n"
                   "a,c,-5,2.0\n"  # line 3: a negative flow
                   'b,"a,7,1.2\n'  # line 4: a quote never closed
                   "b,c,3,1.0\n"
                   "c,a,4,2.2\n"
                   "c,b,5,1.1\n", encoding="utf-8")
    res = runner.invoke(app, ["fit", "--observed", str(obs), "--constraint", "none"])
    assert res.exit_code == 1, res.output
    text = " ".join(str(res.exception).split())
    assert "line 3 (data row 2), column 'flow': got -5" in text, text
    assert ("line 4 (data row 3), column 'destination': got '\"a'; expected a quote closed "
            "within its field (this one opens on line 4") in text, text
    assert "EOF inside string" not in text


@pytest.mark.parametrize("option", [["--k-nearest", "-1"], ["--k-nearest", "0"],
                                    ["--cutoff-km", "-3"], ["--cutoff-km", "nan"]])
def test_a_truncation_option_out_of_range_is_a_usage_error(tmp_path: Path,
                                                           option: list[str]) -> None:
    """`flows radiation --k-nearest -1` exited 1, the code of a data problem, though the
    README gives 2 for "a bad option value"; the API answered 422 for the same value."""
    from metroscope.cli import make_app

    argv = ["flows", "radiation", "--region", "changchun", *option,
            "--out", str(tmp_path / "f.parquet")]
    res = runner.invoke(make_app(argv), argv)
    assert res.exit_code == 2, res.output
    assert "must be" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "f.parquet").exists()
