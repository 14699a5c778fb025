"""``metroscope access``: travel times, isochrones, the commuting circle, accessibility.

Heavy imports stay inside the commands so that ``metroscope --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .._options import as_decay, as_mode
from .._records import unit_names
from ._checks import MINUTES
from ._lang import add_lang, mode_label, t
from ._output import OutputFormat, emit, notes_text

if TYPE_CHECKING:
    import pandas as pd

    from ..network import TravelOptions

app = typer.Typer(help="Travel times, isochrones, the 1-hour circle and accessibility.",
                  no_args_is_help=True)

REGION = typer.Option("changchun", "--region", "-r", help="Dataset name or bundle folder.")
MODE = typer.Option("fastest", "--mode", "-m", help="fastest (door to door, road and rail; "
                    "default) | rail | road.")
YEAR = typer.Option(None, "--network-year", help="Network year: links open by then "
                    "(all statuses); --year is its earlier name. The year of population and GDP "
                    "weights is --stats-year.")
OLD_YEAR = typer.Option(None, "--year", help="The network year's earlier name (use "
                        "--network-year); both with different values is an error.")
STATUS = typer.Option(None, "--status", help="Link status to include (repeatable): operating, "
                      "under_construction, planned. Default operating.")
STATS_YEAR = typer.Option(None, "--stats-year", help="Year of the population and GDP "
                          "weights (default the latest); independent of --year, the network "
                          "year.")
SCENARIO = typer.Option(None, "--scenario", "-s", help="Apply a scenario (name or file) first.")
FMT = typer.Option(OutputFormat.table, "--format", "-f", help="table | csv | json.")


def _region(name: str, scenario: str | None):  # type: ignore[no-untyped-def]
    from ..datasets import open_region

    region = open_region(name)
    if scenario:
        from ..scenario import apply

        region = apply(scenario, region)
        from ..messages import text
        from ._lang import current

        for note in (region.meta.get("scenario") or {}).get("notes") or []:
            typer.echo(text(note, current()), err=True)
    return region


def _notes(df: object) -> str | None:
    return notes_text(df)


def _travel(mode: str, year: int | None, old_year: int | None, status: list[str] | None,
            level: str | None = None) -> TravelOptions:
    """The network options of a command: --mode, --network-year (or its earlier name --year;
    both with different values is a usage error, as the API's 422), --status, --level."""
    from ..network import TravelOptions

    if year is not None and old_year is not None and year != old_year:
        from .._errors import ParameterError
        from ..messages import Message

        raise ParameterError(Message("cli_acc_two_years", year=year, old=old_year))
    return TravelOptions(mode=as_mode(mode), network_year=year if year is not None else old_year,
                         status=tuple(status) if status else None, level=level)


def _require_units(region: object, codes: list[str]) -> None:
    """A usage error naming the codes of ``--from``/``--to`` that are not units of the region
    (the table leaves unknown codes out: a typo printed an empty table with exit 0)."""
    from .._errors import UnknownUnitError
    from ..messages import Message

    units = region.units.index  # type: ignore[attr-defined]
    unknown = [c for c in codes if c not in units]
    if unknown:
        msg = Message("cli_acc_unknown_units", codes=", ".join(map(repr, unknown)),
                      region=region.name)  # type: ignore[attr-defined]
        raise UnknownUnitError(msg)


def _require_in_table(matrix: pd.DataFrame, origins: list[str], destinations: list[str]) -> None:
    """A usage error for units of the region that the matrix does not have (a prefecture code
    where it is between county-level units): they were left out without a word."""
    from .._errors import ParameterError
    from ..messages import Message

    absent = ([c for c in origins if c not in matrix.index]
              + [c for c in destinations if c not in matrix.columns])
    if absent:
        msg = Message("cli_acc_not_in_matrix", codes=", ".join(map(repr, dict.fromkeys(absent))))
        raise ParameterError(msg)


@app.command("traveltime")
def traveltime(
    region: str = REGION,
    mode: str = MODE,
    year: int = YEAR,
    old_year: int = OLD_YEAR,
    status: list[str] = STATUS,
    scenario: str = SCENARIO,
    origin: list[str] = typer.Option(None, "--from", help="Only these origins (codes)."),
    destination: list[str] = typer.Option(None, "--to", help="Only these destinations."),
    long: bool = typer.Option(False, "--long", help="One row per pair (origin, destination, "
                              "minutes[, mode_used]) instead of a matrix."),
    fmt: OutputFormat = FMT,
) -> None:
    """Door-to-door travel times between units (minutes; inf = unreachable)."""
    from ..network.tables import named_pairs, travel_time_table

    r = _region(region, scenario)
    _require_units(r, [*(origin or []), *(destination or [])])
    travel = _travel(mode, year, old_year, status)

    def table(long: bool) -> pd.DataFrame:
        return travel_time_table(r, origins=origin, destinations=destination, long=long,
                                 options=travel)

    out = table(long=False)
    _require_in_table(out, origin or [], destination or [])
    if long:
        out = table(long=True)
    names = unit_names(r)
    if long:
        notes = _notes(out)
        out = named_pairs(out, r)
        emit(out, fmt, title=t("cli_acc_traveltime", mode=mode_label(mode)), caption=notes,
             keys=["origin", "origin_name_zh", "destination", "destination_name_zh"])
        return
    out.index.name = "origin"
    emit(out, fmt, title=t("cli_acc_traveltime", mode=mode_label(mode)), caption=_notes(out),
         names=names,
         hint=t("cli_acc_traveltime_hint"))


@app.command("isochrone")
def isochrone_cmd(
    region: str = REGION,
    origin: list[str] = typer.Option(None, "--origin", "-o", help="Origin unit code(s); "
                                     "default the core."),
    minutes: float = MINUTES,
    mode: str = MODE,
    year: int = YEAR,
    old_year: int = OLD_YEAR,
    status: list[str] = STATUS,
    scenario: str = SCENARIO,
    inside_only: bool = typer.Option(False, "--inside", help="Only the units inside."),
    fmt: OutputFormat = FMT,
) -> None:
    """The units within T minutes of any origin."""
    from ..network import isochrone

    r = _region(region, scenario)
    df = isochrone(r, minutes=minutes, origin=origin or None,
                   options=_travel(mode, year, old_year, status))
    if inside_only:
        df = df[df["inside"]]
    emit(df, fmt, title=t("cli_acc_isochrone", mode=mode_label(mode)), caption=_notes(df))


@app.command("circle")
def circle_cmd(
    region: str = REGION,
    minutes: float = MINUTES,
    mode: str = typer.Option("all", "--mode", "-m", help="rail | road | fastest | all "
                             "(a summary row per mode)."),
    year: int = YEAR,
    old_year: int = OLD_YEAR,
    status: list[str] = STATUS,
    stats_year: int = STATS_YEAR,
    scenario: str = SCENARIO,
    fmt: OutputFormat = FMT,
) -> None:
    """The 1-hour commuting circle of the core (per unit, or a summary per mode)."""
    from ..network import circle_summary, commuting_circle

    r = _region(region, scenario)
    if mode == "all":
        df = circle_summary(r, minutes=minutes, stats_year=stats_year,
                            options=_travel("fastest", year, old_year, status))
        emit(df, fmt, title=t("cli_acc_circle_by_mode"), caption=_notes(df))
        return
    df = commuting_circle(r, minutes=minutes, stats_year=stats_year,
                          options=_travel(mode, year, old_year, status))
    s = df.attrs["metroscope"]["summary"]
    caption = t("cli_acc_circle_caption", units=s["units_inside"],
                population=f"{s['population_inside']:,.0f}",
                share=f"{s['share_plan_population_inside']:.1%}", partial=s["partial_units"],
                partial_population=f"{s['partial_population']:,.0f}",
                partial_inside=s["partial_units_inside"])
    emit(df, fmt, title=t("cli_acc_circle", mode=mode_label(mode)),
         caption="\n".join(x for x in (caption, _notes(df)) if x),
         prefer=("travel_time_min", "inside", "population"))


@app.command("accessibility")
def accessibility_cmd(
    region: str = REGION,
    mode: str = MODE,
    mass: str = typer.Option("population", "--mass", help="population | gdp (GDP is "
                             "published for prefecture-level units only: use it with --level "
                             "prefecture)."),
    level: str = typer.Option(None, "--level", help="Unit level: county (default) or "
                              "prefecture."),
    year: int = YEAR,
    old_year: int = OLD_YEAR,
    status: list[str] = STATUS,
    stats_year: int = STATS_YEAR,
    scenario: str = SCENARIO,
    decay: str = typer.Option("power", "--decay", help="power | exponential."),
    decay_param: float = typer.Option(1.0, "--decay-param", help="a (power) or beta per "
                                      "minute (exponential)."),
    include_self: bool = typer.Option(False, "--include-self", help="Potential: count the "
                                      "unit itself (PySAL access does; default: other units "
                                      "only). With power decay needs --min-minutes > 0."),
    min_minutes: float = typer.Option(0.0, "--min-minutes", help="Potential: raise travel "
                                      "times below this to it before the decay (default 0)."),
    supply: Path = typer.Option(None, "--supply", help="CSV of supply points (lon, lat or "
                                "code, and a capacity column): computes the 2SFCA instead."),
    capacity: str = typer.Option("capacity", "--capacity", help="Capacity column of --supply."),
    max_minutes: float = typer.Option(60.0, "--max-minutes", help="2SFCA catchment, minutes."),
    fmt: OutputFormat = FMT,
) -> None:
    """Accessibility per unit (weighted time, daily, potential) or a 2SFCA to --supply."""
    from ..network import accessibility, service_accessibility

    r = _region(region, scenario)
    travel = _travel(mode, year, old_year, status, level)
    if supply is not None:
        from .._readers import read_csv_typed

        points = read_csv_typed(supply, dtype={"code": str})
        df = service_accessibility(r, points, capacity=capacity, max_minutes=max_minutes,
                                   stats_year=stats_year, options=travel)
        emit(df, fmt, title=t("cli_acc_2sfca", mode=mode_label(mode),
                              minutes=f"{max_minutes:g}"), caption=_notes(df))
        return
    df = accessibility(r, mass=mass, stats_year=stats_year, decay=as_decay(decay),
                       decay_param=decay_param, include_self=include_self, min_cost=min_minutes,
                       options=travel)
    # the potential is what --decay, --include-self and --min-minutes change: kept first
    emit(df, fmt, title=t("cli_acc_accessibility", mode=mode_label(mode)), caption=_notes(df),
         prefer=["potential"])


add_lang(app)  # --lang zh|en: notes and error messages in that language
