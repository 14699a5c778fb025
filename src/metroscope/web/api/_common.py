"""Shared pieces of the API routers: the app state, library calls with clean errors, and the
query parameters every table endpoint takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request

from ... import _schema as S
from ..._errors import MetroscopeError
from ..errors import ApiError, from_library
from ..problems import clip, problem
from ..respond import MAX_LIMIT, TableFormat
from ..state import AppState

T = TypeVar("T")

RegionQ = Annotated[str | None, Query(description="Region: an embedded dataset or the "
                                      "server's bundle (default: the one served).",
                                      max_length=200)]
FormatQ = Annotated[TableFormat, Query(description="json (records, as the CLI's --format "
                                       "json) | csv | parquet.")]
LimitQ = Annotated[int | None, Query(ge=1, le=MAX_LIMIT, description="Rows per page "
                                     "(default all).")]
OffsetQ = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
ModeQ = Annotated[str, Query(pattern="^(rail|road|fastest)$",
                             description="fastest (door to door, road and rail; the CLI's default) | "
                             "rail | road.")]
NetworkYearQ = Annotated[int | None, Query(ge=S.YEAR_MIN, le=S.YEAR_MAX, description="Network year: links "
                                           "open by then (all statuses).")]
YearQ = Annotated[int | None, Query(ge=S.YEAR_MIN, le=S.YEAR_MAX, deprecated=True, description="The "
                                    "network year's earlier name; use network_year.")]
StatusQ = Annotated[list[str] | None, Query(description="Link statuses to include "
                                            "(repeatable): operating, under_construction, "
                                            "planned. Default operating.")]
ScenarioQ = Annotated[str | None, Query(description="Apply a scenario (name) first.",
                                        max_length=100)]
MetaQ = Annotated[bool, Query(description="Wrap a JSON answer as {data, meta, total}: the "
                               "rows, the result's provenance (parameters, sources, notes) and "
                               "the row count.")]
MinutesQ = Annotated[float | None, Query(gt=0, le=24 * 60, allow_inf_nan=False, description="Threshold, minutes "
                                         "(default 60).")]

STATUSES = ("operating", "under_construction", "planned")
#: the most origin-destination pairs one request may produce (a larger table is refused with
#: 422 ``too_many_pairs`` before anything is computed; the CLI has no such cap)
MAX_PAIRS = 1_000_000


def state(request: Request) -> AppState:
    """The app's :class:`AppState`."""
    s: AppState = request.app.state.metroscope
    return s


def call(fn: Callable[[], T], *, location: str | None = None) -> T:
    """Run a library call; bad input (the library's own errors,
    :class:`~metroscope._errors.MetroscopeError`) becomes a 4xx envelope whose problems are
    placed at ``location`` (``query``, ``body``). Anything else (a plain ``ValueError`` or
    ``KeyError`` included) is a bug and propagates: the app logs it and answers 500."""
    try:
        return fn()
    except MetroscopeError as exc:
        raise from_library(exc, location=location) from None


def pick_network_year(network_year: int | None, year: int | None) -> int | None:
    """The network year from ``network_year=`` or its earlier name ``year=``; both with
    different values is a 422 naming both (a statistics year is ``stats_year=``)."""
    if network_year is not None and year is not None and network_year != year:
        expected = "one network year (network_year=; year= is its earlier name)"
        raise ApiError(422, "Two different network years.", code="invalid_parameters",
                       details=[problem(f"year={year!r} and network_year={network_year!r}: "
                                        f"expected {expected}", location="query", name="year",
                                        value=year, expected=expected,
                                        fix="Give network_year= only (the year of population "
                                        "and GDP weights is stats_year=).")])
    return network_year if network_year is not None else year


def one_value_each(*names: str) -> Callable[[Request], None]:
    """A dependency refusing (422) a scalar query parameter of ``names`` given twice with
    different values (``network_year=2030&network_year=2020`` would silently be the last);
    the same value repeated is accepted.

    Examples
    --------
    >>> from starlette.requests import Request
    >>> check = one_value_each("network_year")
    >>> check(Request({"type": "http", "query_string": b"network_year=2030&network_year=2030",
    ...                "headers": []}))
    >>> try:
    ...     check(Request({"type": "http", "query_string": b"network_year=2030&network_year=2020",
    ...                    "headers": []}))
    ... except ApiError as exc:
    ...     print(exc.details[0]["value"])
    2030, 2020
    """
    def check(request: Request) -> None:
        details = []
        for name in names:
            values = request.query_params.getlist(name)
            if len(set(values)) > 1:
                shown = clip(", ".join(values))
                expected = f"one value of {name}="
                details.append(problem(f"{name}= given {len(values)} times ({shown}): expected "
                                       f"{expected}", location="query", name=name, value=shown,
                                       expected=expected, fix=f"Give {name}= once."))
        if details:
            raise ApiError(422, "A parameter given twice with different values.",
                           code="invalid_parameters", details=details)
    return check


def check_statuses(status: list[str] | None) -> list[str] | None:
    """The status filter, every unknown value reported."""
    if not status:
        return None
    bad = [s for s in status if s not in STATUSES]
    if bad:
        expected = f"one of {', '.join(STATUSES)}"
        raise ApiError(422, "Unknown link status.", code="invalid_parameters",
                       details=[problem(f"status={clip(b)!r}: expected {expected}",
                                        location="query", name="status", value=b,
                                        expected=expected, fix="Repeat status= with one of "
                                        "the statuses, or leave it out (operating).")
                                for b in bad])
    return status


def scenario_region(st: AppState, region: str | None, scenario: str | None) -> Any:
    """The region, with ``scenario`` applied when given (cached by name)."""
    base = st.region(region)
    if not scenario:
        return base
    from ...scenario import apply
    from .scenarios import resolve_spec

    spec = resolve_spec(st, scenario)
    return st.cached(region, "scenario_region", {"scenario": spec.model_dump_json()},
                     lambda: apply(spec, base))


def check_pairs(n_origins: int, n_destinations: int, *, what: str, fix: str) -> None:
    """Refuse (422 ``too_many_pairs``) a table of more than :data:`MAX_PAIRS` pairs before it
    is computed; ``what`` names the table, ``fix`` says how to narrow the request."""
    pairs = n_origins * n_destinations
    if pairs <= MAX_PAIRS:
        return
    from ...messages import Message

    raise ApiError(422, f"This request would produce {pairs:,} {what} pairs "
                   f"({n_origins:,} x {n_destinations:,}), more than the limit of "
                   f"{MAX_PAIRS:,} for one request. {fix} For the whole table use the CLI.",
                   code="too_many_pairs",
                   details=[problem(f"{pairs:,} {what} pairs ({n_origins:,} origins x "
                                    f"{n_destinations:,} destinations); at most "
                                    f"{MAX_PAIRS:,} per request.", location="query",
                                    value=f"{n_origins} x {n_destinations} = {pairs}",
                                    expected=f"at most {MAX_PAIRS} origin-destination pairs",
                                    fix=fix)],
                   text=Message("web_err_hint_too_many_pairs", pairs=f"{pairs:,}",
                                limit=f"{MAX_PAIRS:,}"))
