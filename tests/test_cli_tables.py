"""Every table the CLI prints fits an 80-column terminal: no line is wider, no cell is cut to
"…", and columns left out are named with how to get them. CSV and JSON carry rounded values."""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
from pathlib import Path

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from metroscope.cli import SUBCOMMANDS

HINT = "--format csv"
NOT_TABLES = {("data", "export"),  # its --format is csv | parquet for files
              # these need a token or monitor database first; they print through the same emit
              ("token", "list"), ("monitor", "once"), ("monitor", "items"), ("monitor", "alerts")}
WIDTH = 80

# every table command of the CLI, on the embedded default (flows on a small fixture file)
COMMANDS: list[list[str]] = [
    ["data", "list"],
    *[["data", "show", "changchun", "--table", t] for t in
      ("summary", "units", "stats", "nodes", "links", "access", "projects", "indicators")],
    ["data", "sources"],
    ["analyze", "--list"],
    ["analyze", "primacy", "--measure", "gdp", "--year", "2023", "--level", "prefecture"],
    ["analyze", "spillover"],
    ["analyze", "population_change"],
    ["analyze", "lq"],
    ["analyze", "similarity"],
    ["analyze", "division_of_labour"],
    ["analyze", "theil", "--level", "prefecture", "--year", "2020"],
    ["analyze", "sigma_convergence", "--level", "prefecture"],
    ["access", "traveltime", "--mode", "rail"],
    ["access", "traveltime", "--mode", "fastest", "--long"],
    ["access", "isochrone", "--mode", "rail"],
    ["access", "circle"],
    ["access", "circle", "--mode", "fastest"],
    ["access", "accessibility", "--mode", "rail"],
    ["scenario", "list"],
    ["scenario", "show", "chang-si-liao-tong"],
    ["scenario", "run", "chang-si-liao-tong"],
    ["scenario", "compare", "chang-si-liao-tong", "network-2030"],
    ["flows", "radiation", "--region", "changchun"],
    ["flows", "radiation", "--region", "changchun", "--core-share"],
    ["flows", "gravity", "--region", "changchun"],
    ["flows", "fit", "--observed", "{tmp}/flows.csv", "--locations", "{tmp}/places.csv",
     "--constraint", "doubly"],
    ["areas"],
    ["areas", "compare"],
    ["screen", "-q"],
    ["summary"],
]


def _app(group: str) -> typer.Typer:
    module = importlib.import_module(SUBCOMMANDS[group][0])
    target = module.app
    if isinstance(target, typer.Typer):
        return target
    wrapper = typer.Typer()
    wrapper.command()(target)
    return wrapper


def invoke(args: list[str], width: int = WIDTH) -> str:
    res = CliRunner().invoke(_app(args[0]), args[1:], env={"COLUMNS": str(width)})
    assert res.exit_code == 0, f"{args}: {res.output[-2000:]}"
    return res.output


def test_every_table_command_is_listed() -> None:
    """A new command with --format must be added to COMMANDS (so that it is rendered here)."""
    listed = {tuple(a[:2]) for a in COMMANDS} | {(a[0],) for a in COMMANDS} | NOT_TABLES
    missing: list[tuple[str, ...]] = []
    for group, (module_name, _help) in SUBCOMMANDS.items():
        target = importlib.import_module(module_name).app
        if isinstance(target, typer.Typer):
            for cmd in target.registered_commands:
                fn = cmd.callback
                name = cmd.name or (fn.__name__ if fn else "")
                if fn is not None and "fmt" in fn.__code__.co_varnames and \
                        (group, name) not in listed:
                    missing.append((group, name))
        elif "fmt" in target.__code__.co_varnames and (group,) not in listed:
            missing.append((group,))
    assert not missing, f"table commands not rendered by this test: {missing}"


def write_flows(folder: Path) -> None:
    """Four made-up places and the flows between them (a fixture for ``flows fit``)."""
    places = ["code,lon,lat,population", "a,125.0,43.0,1000", "b,125.5,43.2,500",
              "c,126.0,43.9,800", "d,124.6,44.1,300"]
    (folder / "places.csv").write_text("\n".join(places) + "\n", encoding="utf-8")
    counts = {("a", "b"): 40, ("a", "c"): 25, ("a", "d"): 9, ("b", "a"): 30, ("b", "c"): 12,
              ("b", "d"): 5, ("c", "a"): 22, ("c", "b"): 14, ("c", "d"): 6, ("d", "a"): 8,
              ("d", "b"): 4, ("d", "c"): 7}
    lines = ["origin,destination,flow", *(f"{o},{d},{n}" for (o, d), n in counts.items())]
    (folder / "flows.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_table_fits_80_columns(args: list[str], tmp_path: Path) -> None:
    write_flows(tmp_path)
    out = invoke([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert out.strip(), args
    wide = [line for line in out.splitlines() if cell_len(line) > WIDTH]
    assert not wide, f"{args}: lines wider than {WIDTH}:\n" + "\n".join(wide[:5])
    flat = " ".join(out.split())
    if "…" in out:
        assert HINT in flat, f"{args}: a cell is cut to '…' and no hint says how to see it"
    assert "…" not in out, f"{args}: a cell is cut to '…'"
    if "columns shown at this width" in flat:
        assert HINT in flat and "not shown:" in flat


def test_traveltime_matrix_shows_names_and_a_hint() -> None:
    out = invoke(["access", "traveltime", "--mode", "rail"])
    assert "南关区" in out and "220102" in out
    assert "--long" in out and HINT in out
    assert re.search(r"\b117\.8\b", out)  # 南关区 -> 双阳区, 117.81451556716743 unrounded


def test_circle_keeps_codes_and_populations_whole() -> None:
    out = invoke(["access", "circle", "--mode", "fastest"])
    assert "220102" in out and "657,682" in out  # 南关区's 2020 census population


def test_scenario_list_years_have_no_separator() -> None:
    out = invoke(["scenario", "list"])
    assert "2030" in out and "2,030" not in out
    rows = json.loads(invoke(["scenario", "list", "--format", "json"]))
    assert next(r for r in rows if r["name"] == "network-2030")["year"] == 2030


def test_csv_and_json_are_rounded_to_their_precision() -> None:
    text = invoke(["access", "traveltime", "--mode", "rail", "--format", "csv"])
    assert "117.81451556716743" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    by_origin = {r["origin"]: r for r in rows}
    assert by_origin["220102"]["220112"] == "117.8"
    decimals = {len(v.split(".")[1]) for r in rows for k, v in r.items()
                if k != "origin" and "." in v}
    assert decimals == {1}
    circle = json.loads(invoke(["access", "circle", "--mode", "fastest", "--format", "json"]))
    first = next(r for r in circle if r["code"] == "220102")
    assert first["population"] == 657682 and isinstance(first["population"], int)
    assert first["travel_time_min"] == 18.7  # 18.72 unrounded
    summary = json.loads(invoke(["access", "circle", "--format", "json"]))
    share = summary[0]["share_plan_population_inside"]
    assert share == round(share, 3)


def test_long_traveltime_has_names_in_every_format() -> None:
    rows = json.loads(invoke(["access", "traveltime", "--mode", "rail", "--long", "--from",
                              "220102", "--to", "220112", "--format", "json"]))
    assert rows == [{"origin": "220102", "origin_name_zh": "南关区", "destination": "220112",
                     "destination_name_zh": "双阳区", "minutes": 117.8}]


def test_precision_rules(tmp_path: Path) -> None:
    import numpy as np
    import pandas as pd

    from metroscope._precision import kind_of, round_significant, tidy

    assert [kind_of(c) for c in ("year", "open_year", "change_pct", "mass_share",
                                 "travel_time_min", "population_2020", "distance_km",
                                 "gdp_cny_100m", "n_units", "linkage", "mining", "rank",
                                 "rank_size")] == [
        "year", "year", "pct", "share", "minutes", "persons", "km", "cny_100m", "count",
        "number", "number", "count", "count"]
    got = round_significant(np.array([43.099999999999994, 401865437.33343947, 1.23456789e-7,
                                      0.0, np.nan, np.inf]))
    assert list(got[:4]) == [43.1, 401865437.3, 1.234567890e-7, 0.0]
    assert round_significant(np.array([401865437.33343947]), 6)[0] == 401865000.0
    assert np.isnan(got[4]) and np.isinf(got[5])
    df = tidy(pd.DataFrame({"year": [2030.0, np.nan], "population": [1.6, 2.4],
                            "share": [0.38543744, 0.5]}))
    assert df["year"].tolist()[0] == 2030 and df["year"].isna().tolist() == [False, True]
    assert df["population"].tolist() == [2, 2] and df["share"].tolist() == [0.385, 0.5]


def test_units_recorded_by_a_result_decide_its_precision(capsys: pytest.CaptureFixture[str],
                                                         ) -> None:
    import pandas as pd

    from metroscope._precision import kinds_from_units
    from metroscope.cli._output import emit

    assert kinds_from_units({"rank_size_q": "exponent", "population_trend": "pct_per_year",
                             "mass": "persons"}) == {
        "rank_size_q": "number", "population_trend": "pct", "mass": "persons"}
    # by name alone rank_size_q would be a count and population_trend persons (both integers)
    df = pd.DataFrame({"rank_size_q": [0.64123456789123], "population_trend": [0.33650125],
                       "rank": [1.0]})
    df.attrs["metroscope"] = {"units": {"rank_size_q": "exponent",
                                        "population_trend": "pct_per_year"}}
    emit(df, "csv")
    assert capsys.readouterr().out == "rank_size_q,population_trend,rank\n0.6412345679,0.3,1\n"
    emit(df, "csv", kinds={"population_trend": "number"})  # a command's kinds win
    assert capsys.readouterr().out.splitlines()[1] == "0.6412345679,0.33650125,1"



def test_screen_lists_what_each_component_measures_under_its_table() -> None:
    """At 80 columns the measures are a list under the components table (a third column
    was too narrow to read), one line each, every line within the width."""
    from metroscope.messages import render
    from metroscope.screen import COMPONENTS

    out = invoke(["screen", "-q", "--lang", "en"])
    lines = out.splitlines()
    head = lines.index("What each component measures:")
    table = "\n".join(lines[:head])
    assert render("scr_col_measures", "en") not in table
    listed = [ln for ln in lines[head + 1:] if ln.startswith("  — ")]
    assert len(listed) >= len(COMPONENTS)
    first = render("scr_comp_growth", "en") + ": " + render("scr_measures_growth", "en")[:30]
    assert listed[0].startswith("  — " + first)
    assert all(cell_len(ln) <= WIDTH for ln in lines)


def test_percentage_point_changes_and_the_projection_horizon(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A planner copied 13.52211645 (urbanisation change_pp, beside shares at 0.1) and read the
    projection's horizon as "2,035": a change in percentage points is written like a percent,
    the horizon like a year."""
    from metroscope._precision import kind_of

    assert kind_of("change_pp") == "pct" and kind_of("gap_pp_2020") == "pct"
    assert kind_of("app_version") == "number"  # "pp" only as a word of the name
    import metroscope
    from metroscope.indicators.population import population_projection

    proj = population_projection(metroscope.load("changchun"), level="prefecture")
    assert proj.attrs["metroscope"]["units"]["horizon"] == "year"


def test_core_share_at_80_columns_keeps_both_shares() -> None:
    """The documented outbound share (公主岭 30.6 %) stays on screen; flow counts go first."""
    out = invoke(["flows", "radiation", "--region", "changchun", "--core-share"])
    flat = " ".join(out.split())
    assert "not shown: outbound_total, outbound_to_core." in flat
    row = next(line for line in out.splitlines() if "220184" in line)
    assert "31.3%" in row and "30.6%" in row  # inbound from, outbound to the core
