"""``metroscope scenario``: list, show, run and compare scenarios."""

from __future__ import annotations

from typing import Any

import typer

from .._options import as_mode
from ._checks import MINUTES
from ._lang import add_lang, mode_label, t
from ._output import OutputFormat, emit

app = typer.Typer(help="List, show, run and compare scenarios.", no_args_is_help=True)

REGION = typer.Option("changchun", "--region", "-r", help="Dataset name or bundle folder.")
MODE = typer.Option("fastest", "--mode", "-m", help="fastest (door to door, road and rail; "
                    "default) | rail | road.")
FMT = typer.Option(OutputFormat.table, "--format", "-f", help="table | csv | json.")


@app.command("list")
def list_cmd(fmt: OutputFormat = FMT) -> None:
    """The scenarios shipped with metroscope."""
    from ..scenario.tables import scenarios_table

    emit(scenarios_table(), fmt, title=t("cli_scn_list"))


@app.command("show")
def show(
    spec: str = typer.Argument(..., help="Scenario name or YAML/TOML file."),
    fmt: OutputFormat = FMT,
) -> None:
    """A scenario's description and edits (validated)."""
    from ..scenario.tables import edits_table
    from ._lang import current

    df = edits_table(spec)
    caption = (df.attrs.get("caption_zh") if current() == "zh" else None) or df.attrs["caption"]
    emit(df, fmt, title=t("cli_scn_show", name=df.attrs.get("name", spec)), caption=caption)


@app.command("run")
def run(
    spec: str = typer.Argument(..., help="Scenario name or YAML/TOML file."),
    region: str = REGION,
    mode: str = MODE,
    minutes: float = MINUTES,
    fmt: OutputFormat = FMT,
) -> None:
    """Apply a scenario and print the commuting circle and accessibility under it."""
    from ..datasets import open_region
    from ..messages import text
    from ..scenario.tables import run_table
    from ._lang import current

    out = run_table(spec, open_region(region), mode=as_mode(mode), minutes=minutes)
    s = out.attrs["summary"]
    inside = t("cli_scn_run_inside", units=s["units_inside"],
               share=f"{s['share_plan_population_inside']:.1%}")
    log = "; ".join(text(x, current()) for x in out.attrs["log"])
    caption = f"{log}\n{inside}"
    _echo_notes(out.attrs["notes"])
    emit(out, fmt, title=t("cli_scn_run", name=out.attrs["scenario"], mode=mode_label(mode)),
         caption=caption)


@app.command("compare")
def compare_cmd(
    specs: list[str] = typer.Argument(..., help="Scenario names or files (each against the "
                                      "base)."),
    region: str = REGION,
    mode: str = MODE,
    minutes: float = MINUTES,
    fmt: OutputFormat = FMT,
) -> None:
    """Per-unit deltas of each scenario against the base region."""
    from ..datasets import open_region
    from ..scenario.tables import compare_table

    out = compare_table(specs, open_region(region), mode=as_mode(mode), minutes=minutes)
    _echo_notes(out.attrs["metroscope"].get("notes"))
    emit(out, fmt, title=t("cli_scn_compare", mode=mode_label(mode)), keys=["scenario"],
         prefer=["time_to_core_min_base", "time_to_core_min_scenario", "time_to_core_min_delta",
                 "circle_change", "daily_60_delta", "potential_delta"])


def _echo_notes(notes: list[Any] | None) -> None:
    """The scenarios' own notes on stderr in the CLI's language (as ``access --scenario``),
    so that ``--format json`` keeps stdout to the records."""
    from ..messages import text
    from ._lang import current

    for note in notes or []:
        typer.echo(text(note, current()), err=True)


add_lang(app)  # --lang zh|en: notes and error messages in that language
