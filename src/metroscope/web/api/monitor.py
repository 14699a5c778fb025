"""``/api/v1`` for the monitor: sources, items, projects, alerts and rules
(= ``metroscope monitor sources list | items | projects list | history | alerts | rules list |
rules test``), acknowledging an alert and "check now" (writes: they need a token).

Every route calls the monitor's library API (:mod:`metroscope.monitor.query` and friends) on
the store the server was started with (``metroscope serve --db URL`` or the user's data
folder); nothing here touches the monitor's tables. Monitor answers change as the monitor
runs, so they are sent with ``Cache-Control: no-store`` (and an ETag for revalidation).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd
from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response

from ..auth import require_write
from ..errors import ApiError, busy_error, locked_message
from ..problems import clip, problem
from ..respond import NO_STORE, TableFormat, json_response, table_response
from ._common import FormatQ, LimitQ, OffsetQ, call, state

if TYPE_CHECKING:
    from ...monitor import RuleSpec, Store
    from ..state import AppState

router = APIRouter(tags=["monitor"])

LIST_COLUMNS = ("tags", "units", "projects")
NameP = Annotated[str, Path(max_length=200, description="Source name.")]
AlertP = Annotated[int, Path(ge=1, le=2**62, description="Alert id.")]
ProjectP = Annotated[str, Path(max_length=100, description="Project id.")]
DateQ = Annotated[dt.date | None, Query(description="Date (YYYY-MM-DD, UTC).")]


def store_of(st: AppState) -> Store:
    """The monitor store; 503 with the reason when it cannot be opened."""
    from ...monitor import StoreError

    try:
        return st.store()
    except StoreError as exc:
        if locked_message(str(exc)):  # another writer holds the file past the busy timeout
            raise busy_error() from None
        raise ApiError(503, str(exc), code="monitor_unavailable") from None


def _flat_lists(df: pd.DataFrame, fmt: TableFormat) -> pd.DataFrame:
    """List columns joined with ',' for CSV and Parquet (JSON keeps the lists)."""
    if fmt is TableFormat.json:
        return df
    out = df.copy()
    for col in LIST_COLUMNS:
        if col in out.columns:
            out[col] = out[col].map(lambda v: ",".join(v) if isinstance(v, list) else v)
    return out


def day_start(day: dt.date | None, *, end: bool = False) -> dt.datetime | None:
    """Midnight UTC of ``day`` (of the next day when ``end``), or None."""
    if day is None:
        return None
    when = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return when + dt.timedelta(days=1) if end else when


def known_tags(st: AppState) -> set[str]:
    """The tags an item can carry: the tagger's topics and the tags given to sources."""
    from ...monitor import query
    from ...monitor.tagging import load_topics

    given = query.sources(store_of(st))["tags"]
    return set(load_topics()) | {t for x in given for t in str(x).split(",") if t}


def check_tags(st: AppState, tags: list[str]) -> None:
    """Refuse (422, one detail per tag) tags no item can carry, naming the known ones."""
    known = known_tags(st)
    bad = [t for t in tags if t not in known]
    if bad:
        hint = ", ".join(sorted(known))
        raise ApiError(422, "Unknown tag(s): " + ", ".join(map(repr, bad)) + ".",
                       code="invalid_parameters",
                       details=[problem(f"{clip(t)!r} is not a tag; the tags are: {hint}",
                                        location="query", name="tag", value=t,
                                        expected=f"one of {hint}",
                                        fix="Use a known tag or leave tag= out.")
                                for t in bad])


def item_table(st: AppState, *, q: str | None = None, source: str | None = None,
               tag: str | list[str] | None = None, unit: str | None = None,
               project: str | None = None,
               since: dt.date | None = None, until: dt.date | None = None,
               limit: int | None = None, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of the stored items (latest versions), newest first, filtered as
    ``query.items`` does, and the number of items matching; ``since``/``until`` are days
    (inclusive) bounding when the monitor stored the item. Filters and paging run in the
    database."""
    from ...monitor import query

    if since and until and until < since:
        raise ApiError(422, "'until' is before 'since'.", code="invalid_parameters",
                       details=[problem(f"since={since}, until={until}: 'until' is before "
                                        "'since'.", location="query", name="until",
                                        value=str(until), expected=f"{since} or later",
                                        fix="Swap the two dates.")])
    store = store_of(st)
    tagger = st.tagger() if q else None
    where: dict[str, Any] = {"query": q or None, "source": source or None, "tag": tag or None,
                             "unit": unit or None, "project": project or None,
                             "since": day_start(since), "until": day_start(until, end=True),
                             "tagger": tagger}
    df = call(lambda: query.items(store, limit=limit, offset=offset, **where))
    total = call(lambda: query.count_items(store, **where))
    return df, total


@router.get("/sources", summary="Sources and their health (= metroscope monitor sources list)")
def sources(request: Request, format: FormatQ = TableFormat.json) -> Response:
    from ...monitor import query

    df = query.sources(store_of(state(request)))
    return table_response(request, df, format, filename="sources", cache=NO_STORE)


def _unknown(kind: str, name: str, known: list[str]) -> ApiError:
    """404 for a source or rule ``name`` (a path parameter) that does not exist."""
    text = f"No {kind} named {name!r}."
    return ApiError(404, text, code="not_found", details=[problem(
        text, location="path", name="name", value=name,
        expected=f"one of {', '.join(known)}" if known else f"a stored {kind} (none is)",
        fix=f"GET /api/v1/{kind}s lists the {kind}s.")])


def check_source(st: AppState, name: str) -> pd.DataFrame:
    """Fetch one source now (``Monitor.run_once(names=[name], force=True)``, no delivery):
    one row ``source, status, new_items, new_versions, alerts, status_changes, error``."""
    from ...monitor import Monitor, query

    store = store_of(st)
    names = list(query.sources(store)["name"])
    if name not in names:
        raise _unknown("source", name, names)
    fetcher = st.monitor_fetcher() if st.monitor_fetcher is not None else None
    # the fetcher's configuration (SSRF allow-list, RSSHub base) is the monitor's too
    monitor = Monitor(store, region=st.region(), fetcher=fetcher,
                      config=fetcher.config if fetcher is not None else None)
    try:
        report = monitor.run_once(names=[name], force=True, deliver=False)
    finally:
        monitor.close()
    return report.to_frame()


@router.post("/sources/{name}/check", summary="Check a source now (write: needs a token; "
             "= metroscope monitor once --source NAME --force)",
             dependencies=[Depends(require_write)])
def check_now(request: Request, name: NameP) -> Response:
    df = check_source(state(request), name)
    return table_response(request, df, TableFormat.json, cache=NO_STORE)


@router.get("/items", summary="Stored items, newest first (= metroscope monitor items)")
def items(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Full-text search (words "
                                   "separated by spaces must all occur).")] = None,
    source: Annotated[str | None, Query(max_length=200, description="Source name.")] = None,
    tag: Annotated[list[str] | None, Query(max_length=100, description="Topic tag; repeat "
                                           "it for several: an item must carry all of them "
                                           "(AND). An unknown tag is a 422 naming the "
                                           "known ones.")] = None,
    unit: Annotated[str | None, Query(max_length=20, description="Unit code.")] = None,
    project: Annotated[str | None, Query(max_length=100, description="Project id.")] = None,
    since: DateQ = None,
    until: DateQ = None,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    if tag:
        check_tags(state(request), tag)
    df, total = item_table(state(request), q=q, source=source, tag=tag, unit=unit,
                           project=project, since=since, until=until, limit=limit,
                           offset=offset)
    return table_response(request, _flat_lists(df, format), format, limit=limit,
                          offset=offset, filename="items", cache=NO_STORE, total=total)


@router.get("/projects", summary="Projects and their status with the evidence of the last "
            "change (= metroscope monitor projects list)")
def projects(request: Request, format: FormatQ = TableFormat.json, limit: LimitQ = None,
             offset: OffsetQ = 0) -> Response:
    from ...monitor import query

    df = query.projects(store_of(state(request)))
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename="projects", cache=NO_STORE)


@router.get("/projects/{project_id}/history", summary="Every status signal of a project "
            "with its evidence (= metroscope monitor projects history ID)")
def project_history(request: Request, project_id: ProjectP,
                    format: FormatQ = TableFormat.json) -> Response:
    from ...monitor import query

    store = store_of(state(request))
    df = call(lambda: query.project_history(store, project_id), location="path")
    return table_response(request, df, format, filename=f"history-{project_id}",
                          cache=NO_STORE)


@router.get("/alerts", summary="Alerts, newest first (= metroscope monitor alerts)")
def alerts(
    request: Request,
    since: DateQ = None,
    kind: Annotated[str | None, Query(max_length=40, description="Alert kind (keyword, "
                                      "status, indicator, source_health ...).")] = None,
    format: FormatQ = TableFormat.json,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> Response:
    from ...monitor import query

    df = query.alerts(store_of(state(request)), since=day_start(since), kind=kind or None,
                      limit=None)
    return table_response(request, df, format, limit=limit, offset=offset,
                          filename="alerts", cache=NO_STORE)


def _alert(store: Store, alert_id: int) -> dict[str, Any]:
    from ...monitor import query

    return call(lambda: query.alert_detail(store, alert_id), location="path")


@router.get("/alerts/{alert_id}", summary="One alert with body and payload "
            "(= metroscope monitor alerts --show ID)")
def alert(request: Request, alert_id: AlertP) -> Response:
    return json_response(request, _alert(store_of(state(request)), alert_id), cache=NO_STORE)


def acknowledge_alert(st: AppState, alert_id: int, acknowledged: bool = True) -> bool:
    """Mark an alert (un)acknowledged through the monitor's library; 404 when unknown."""
    from ...monitor import acknowledge

    return call(lambda: acknowledge(store_of(st), alert_id, acknowledged=acknowledged),
                location="path")


@router.post("/alerts/{alert_id}/ack", summary="Acknowledge an alert (write: needs a token)",
             dependencies=[Depends(require_write)])
def ack(request: Request, alert_id: AlertP,
        acknowledged: Annotated[bool, Query(description="false to undo.")] = True) -> Response:
    value = acknowledge_alert(state(request), alert_id, acknowledged)
    return json_response(request, {"alert_id": alert_id, "acknowledged": value},
                         cache=NO_STORE)


@router.get("/rules", summary="Rules (= metroscope monitor rules list)")
def rules(request: Request, format: FormatQ = TableFormat.json) -> Response:
    from ...monitor import query

    df = query.rules(store_of(state(request)))
    return table_response(request, df, format, filename="rules", cache=NO_STORE)


MAX_MATCHES = 200


def rule_matches(st: AppState, spec: RuleSpec) -> pd.DataFrame:
    """Items a rule would match (``dry_run``: writes and sends nothing)."""
    from ...monitor import dry_run

    store = store_of(st)
    return call(lambda: dry_run(store, spec, limit=MAX_MATCHES))


def stored_rule(st: AppState, name: str) -> RuleSpec:
    """A stored rule's spec by name; 404 when unknown."""
    import json

    from ...monitor import parse_rule, query

    df = query.rules(store_of(st))
    row = df[df["name"] == name]
    if row.empty:
        raise _unknown("rule", name, list(df["name"]))
    return call(lambda: parse_rule(json.loads(row.iloc[0]["spec"])))


@router.get("/rules/{name}/test", summary="Stored items a stored rule matches; writes and "
            "sends nothing (= metroscope monitor rules test NAME)")
def try_stored(request: Request,
                name: Annotated[str, Path(max_length=100, description="Rule name.")],
                format: FormatQ = TableFormat.json) -> Response:
    st = state(request)
    df = rule_matches(st, stored_rule(st, name))
    return table_response(request, df, format, filename=f"rule-{name}", cache=NO_STORE)


@router.post("/rules/test", summary="Stored items a rule (not saved) matches; writes and "
             "sends nothing")
def try_rule(request: Request,
             body: Annotated[dict[str, Any], Body(description="A rule as in a watchlist: "
                                                  "name, kind, keywords|pattern|tags|..., "
                                                  "scope.")],
             format: FormatQ = TableFormat.json) -> Response:
    from ...monitor import parse_rule

    spec = call(lambda: parse_rule(body, context="the request body"), location="body")
    df = rule_matches(state(request), spec)
    return table_response(request, df, format, filename="rule-test", cache=NO_STORE)
