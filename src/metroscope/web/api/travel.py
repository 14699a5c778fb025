"""``/api/v1/traveltime``, ``/isochrone``, ``/circle``, ``/accessibility``: the same calls as
``metroscope access traveltime|isochrone|circle|accessibility``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from ..._options import as_decay, as_mode
from ..respond import TableFormat, table_response
from ._common import (
    FormatQ,
    LimitQ,
    MetaQ,
    MinutesQ,
    ModeQ,
    NetworkYearQ,
    OffsetQ,
    RegionQ,
    ScenarioQ,
    StatusQ,
    YearQ,
    call,
    check_pairs,
    check_statuses,
    one_value_each,
    pick_network_year,
    scenario_region,
    state,
)

if TYPE_CHECKING:
    from ...network import TravelOptions

router = APIRouter(tags=["travel"])
#: the network year (both names) and the statistics year, each given once
_ONE_NETWORK_YEAR = [Depends(one_value_each("network_year", "year"))]
_ONE_OF_EACH_YEAR = [Depends(one_value_each("network_year", "year", "stats_year"))]
StatsYearQ = Annotated[int | None, Query(ge=1900, le=2100, description="Year of the population "
                                         "and GDP weights (default the latest); independent of "
                                         "network_year.")]


def _travel(mode: str, year: int | None, statuses: list[str] | None) -> TravelOptions:
    """The network options of a request: mode, year (network year), status."""
    from ...network import TravelOptions

    return TravelOptions(mode=as_mode(mode), network_year=year,
                         status=tuple(statuses) if statuses else None)

Codes = Annotated[list[str] | None, Query(description="Unit codes (repeatable).")]


@router.get("/traveltime", summary="Travel times (= metroscope access traveltime)",
            dependencies=_ONE_NETWORK_YEAR)
def traveltime(
    request: Request,
    region: RegionQ = None,
    mode: ModeQ = "fastest",
    network_year: NetworkYearQ = None,
    year: YearQ = None,
    status: StatusQ = None,
    scenario: ScenarioQ = None,
    origin: Annotated[list[str] | None, Query(alias="from", description="Only these origins "
                                              "(codes, repeatable).")] = None,
    destination: Annotated[list[str] | None, Query(alias="to", description="Only these "
                                                   "destinations.")] = None,
    long: Annotated[bool, Query(description="One row per pair instead of a matrix.")] = False,
    meta: MetaQ = False,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    from ...network.tables import named_pairs, travel_time_table
    from ...network.traveltime import matrix_units, routing_codes

    st = state(request)
    statuses = check_statuses(status)
    wanted = [*(origin or []), *(destination or [])]
    if wanted:  # an unknown code is a 404 naming it (as /isochrone), not an empty table
        call(lambda: routing_codes(st.region(region), wanted))
    units = call(lambda: set(matrix_units(st.region(region))))
    check_pairs(len([o for o in origin if o in units]) if origin else len(units),
                len([d for d in destination if d in units]) if destination else len(units),
                what="travel-time", fix="Pick origins (from=) or destinations (to=).")
    year = pick_network_year(network_year, year)
    params = {"mode": mode, "network_year": year, "status": statuses, "scenario": scenario,
              "from": origin, "to": destination, "long": long}

    def compute():  # type: ignore[no-untyped-def]
        r = scenario_region(st, region, scenario)
        out = travel_time_table(r, origins=origin, destinations=destination, long=long,
                                options=_travel(mode, year, statuses))
        return named_pairs(out, r) if long else out

    df = call(lambda: st.cached(region, "traveltime", params, compute))
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename=f"traveltime-{mode}", meta=meta)


@router.get("/isochrone", summary="Units within T minutes (= metroscope access isochrone)",
            dependencies=_ONE_NETWORK_YEAR)
def isochrone(
    request: Request,
    region: RegionQ = None,
    origin: Codes = None,
    minutes: MinutesQ = None,
    mode: ModeQ = "fastest",
    network_year: NetworkYearQ = None,
    year: YearQ = None,
    status: StatusQ = None,
    scenario: ScenarioQ = None,
    inside: Annotated[bool, Query(description="Only the units inside.")] = False,
    meta: MetaQ = False,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    from ...network import isochrone as iso

    st = state(request)
    statuses = check_statuses(status)
    year = pick_network_year(network_year, year)
    params = {"origin": origin, "minutes": minutes, "mode": mode, "network_year": year,
              "status": statuses, "scenario": scenario}

    def compute():  # type: ignore[no-untyped-def]
        r = scenario_region(st, region, scenario)
        return iso(r, minutes=minutes, origin=origin or None,
                   options=_travel(mode, year, statuses))

    df = call(lambda: st.cached(region, "isochrone", params, compute))
    if inside:
        df = df[df["inside"]]
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename="isochrone", meta=meta)


def circle_table(request: Request, region: str | None, *, minutes: float | None, mode: str,
                 year: int | None, status: list[str] | None, scenario: str | None,
                 stats_year: int | None = None) -> Any:
    """The circle result (per unit, or the summary per mode for ``mode='all'``), cached."""
    from ...network import circle_summary, commuting_circle

    st = state(request)
    params = {"minutes": minutes, "mode": mode, "network_year": year, "status": status,
              "scenario": scenario, "stats_year": stats_year}

    def compute():  # type: ignore[no-untyped-def]
        r = scenario_region(st, region, scenario)
        if mode == "all":
            return circle_summary(r, minutes=minutes, stats_year=stats_year,
                                  options=_travel("fastest", year, status))
        return commuting_circle(r, minutes=minutes, stats_year=stats_year,
                                options=_travel(mode, year, status))

    return call(lambda: st.cached(region, "circle", params, compute))


@router.get("/circle", summary="The commuting circle (= metroscope access circle)",
            dependencies=_ONE_OF_EACH_YEAR)
def circle(
    request: Request,
    region: RegionQ = None,
    minutes: MinutesQ = None,
    mode: Annotated[str, Query(pattern="^(rail|road|fastest|all)$",
                               description="rail | road | fastest | all (a summary row per "
                               "mode).")] = "all",
    network_year: NetworkYearQ = None,
    year: YearQ = None,
    status: StatusQ = None,
    stats_year: StatsYearQ = None,
    scenario: ScenarioQ = None,
    meta: MetaQ = False,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    df = circle_table(request, region, minutes=minutes, mode=mode,
                      year=pick_network_year(network_year, year),
                      status=check_statuses(status), scenario=scenario, stats_year=stats_year)
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename=f"circle-{mode}", meta=meta)


@router.get("/accessibility", summary="Accessibility (= metroscope access accessibility)",
            dependencies=_ONE_OF_EACH_YEAR)
def accessibility(
    request: Request,
    region: RegionQ = None,
    mode: ModeQ = "fastest",
    mass: Annotated[str, Query(pattern="^(population|gdp)$")] = "population",
    network_year: NetworkYearQ = None,
    year: YearQ = None,
    status: StatusQ = None,
    stats_year: StatsYearQ = None,
    scenario: ScenarioQ = None,
    decay: Annotated[str, Query(pattern="^(power|exponential)$")] = "power",
    decay_param: Annotated[float, Query(gt=0, le=100, allow_inf_nan=False, description="a (power) or beta per "
                                        "minute (exponential).")] = 1.0,
    meta: MetaQ = False,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    from ...network import accessibility as acc

    st = state(request)
    statuses = check_statuses(status)
    year = pick_network_year(network_year, year)
    params = {"mode": mode, "mass": mass, "network_year": year, "status": statuses,
              "scenario": scenario, "decay": decay, "decay_param": decay_param,
              "stats_year": stats_year}

    def compute():  # type: ignore[no-untyped-def]
        r = scenario_region(st, region, scenario)
        return acc(r, mass=mass, stats_year=stats_year, decay=as_decay(decay),
                   decay_param=decay_param, options=_travel(mode, year, statuses))

    df = call(lambda: st.cached(region, "accessibility", params, compute))
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename=f"accessibility-{mode}", meta=meta)
