"""``metroscope scenario``: list, show, run and compare scenarios."""

from __future__ import annotations

import typer

from ._output import OutputFormat, emit

app = typer.Typer(help="List, show, run and compare scenarios.", no_args_is_help=True)

REGION = typer.Option("changchun", "--region", "-r", help="Dataset name or bundle folder.")
MODE = typer.Option("rail", "--mode", "-m", help="rail (door to door) | road | fastest.")
FMT = typer.Option(OutputFormat.table, "--format", "-f", help="table | csv | json.")


@app.command("list")
def list_cmd(fmt: OutputFormat = FMT) -> None:
    """The scenarios shipped with metroscope."""
    import pandas as pd

    from ..scenario import list_scenarios, load_scenario

    rows = []
    for name in list_scenarios():
        s = load_scenario(name)
        rows.append({"name": name, "title": s.title, "title_zh": s.title_zh,
                     "year": s.year, "edits": len(s.edits)})
    emit(pd.DataFrame(rows), fmt, title="Scenarios")


@app.command("show")
def show(
    spec: str = typer.Argument(..., help="Scenario name or YAML/TOML file."),
    fmt: OutputFormat = FMT,
) -> None:
    """A scenario's description and edits (validated)."""
    import json

    import pandas as pd

    from ..scenario import load_scenario

    s = load_scenario(spec)
    rows = [{"edit": i, "op": e.op,
             "fields": json.dumps(e.model_dump(exclude={"op"}, exclude_none=True),
                                  ensure_ascii=False)}
            for i, e in enumerate(s.edits)]
    if s.year is not None:
        rows.append({"edit": len(rows), "op": "set_network_year",
                     "fields": json.dumps({"year": s.year})})
    caption = "\n".join(x for x in (s.title_zh, s.title, s.description.strip()) if x)
    emit(pd.DataFrame(rows), fmt, title=f"Scenario {s.name}", caption=caption)


@app.command("run")
def run(
    spec: str = typer.Argument(..., help="Scenario name or YAML/TOML file."),
    region: str = REGION,
    mode: str = MODE,
    minutes: float = typer.Option(None, "--minutes", "-t", help="Circle threshold (60)."),
    fmt: OutputFormat = FMT,
) -> None:
    """Apply a scenario and print the commuting circle and accessibility under it."""
    from ..network import accessibility, commuting_circle
    from ..scenario import apply
    from .data import open_region

    r = apply(spec, open_region(region))
    circle = commuting_circle(r, mode=mode, minutes=minutes)
    acc = accessibility(r, mode=mode)
    out = circle[["name_zh", "name_en", "role", "travel_time_min", "inside", "population"]]
    out = out.join(acc.drop(columns=["name_zh", "name_en", "role", "mass"]))
    s = circle.attrs["metroscope"]["summary"]
    caption = (f"{'; '.join(r.meta['scenario']['log'])}\ninside the circle: "
               f"{s['units_inside']} units; share of the plan area's population "
               f"{s['share_plan_population_inside']:.1%}")
    emit(out, fmt, title=f"Scenario {r.meta['scenario']['name']} by {mode}", caption=caption)


@app.command("compare")
def compare_cmd(
    specs: list[str] = typer.Argument(..., help="Scenario names or files (each against the "
                                      "base)."),
    region: str = REGION,
    mode: str = MODE,
    minutes: float = typer.Option(None, "--minutes", "-t", help="Circle threshold (60)."),
    fmt: OutputFormat = FMT,
) -> None:
    """Per-unit deltas of each scenario against the base region."""
    import pandas as pd

    from ..scenario import apply, compare
    from .data import open_region

    base = open_region(region)
    frames = []
    for spec in specs:
        other = apply(spec, base)
        df = compare(base, other, mode=mode, minutes=minutes)
        df.insert(0, "scenario", other.meta["scenario"]["name"])
        frames.append(df)
    out = pd.concat(frames) if len(frames) > 1 else frames[0]
    out.attrs = {}
    emit(out, fmt, title=f"Scenario comparison by {mode}", keys=["scenario"],
         prefer=["time_to_core_min_base", "time_to_core_min_scenario", "time_to_core_min_delta",
                 "circle_change", "daily_60_delta", "potential_delta"])
