"""``/monitor``: the monitor's items (search and filters), projects with their status timelines
and evidence, rules (test one against stored items), alerts (acknowledge: a write) and
sources with their health ("check now": a write). Every number and row comes from the
monitor's library API through :mod:`metroscope.web.api.monitor` (the JSON API's functions).

Feed content is untrusted: titles and evidence are plain text, escaped by the templates; links
pass :func:`~metroscope.web.pages._render.safe_url`; the only HTML built from feeds (the
digest) is cleaned again with nh3 before it is inserted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from ...messages import CATALOGUE, Message
from ...monitor._i18n import status_label, topic_label
from ...monitor.quality import quality_label
from ..api import monitor as api
from ..auth import require_read, require_write
from ..errors import ApiError
from ._monitor_text import evidence_text, kind_label, source_error
from ._render import Page, page, render, state_of

if TYPE_CHECKING:
    from ...monitor import Store

router = APIRouter(dependencies=[Depends(require_read)])

TABS = (("web_mon_items", "/monitor"), ("web_mon_projects", "/monitor/projects"),
        ("web_mon_rules", "/monitor/rules"), ("web_mon_alerts", "/monitor/alerts"),
        ("web_mon_sources", "/monitor/sources"))
PAGE_ITEMS = 100
#: Tags and attributes the digest may keep (nh3 drops everything else, scripts included).
DIGEST_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "span",
               "table", "thead", "tbody", "tr", "th", "td", "br", "small", "section", "div"}


def when(v: Any) -> str:
    """A stored (UTC) time shown in Beijing time, labelled: ``YYYY-MM-DD HH:MM UTC+8``
    (``—`` when missing; a naive value is read as UTC, as the store writes it)."""
    from ...monitor.timefmt import beijing

    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "—"
    ts = pd.Timestamp(v)
    return beijing((ts.tz_localize("UTC") if ts.tzinfo is None else ts).to_pydatetime())


def text(v: Any) -> str:
    """A stored text value ("" when missing or NaN)."""
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    return str(v)


def unit_name(p: Page, code: str) -> str:
    """A unit's name in the page language (the code when the region lacks it)."""
    u = p.region.units
    return p.pick(u.at[code, "name_zh"], u.at[code, "name_en"]) if code in u.index else code


def store_problem(p: Page) -> str | None:
    """None when the store opens, else the reason in the page language."""
    try:
        api.store_of(state_of(p.request))
    except ApiError as exc:
        return p.t("web_mon_unavailable").format(reason=exc.message)
    return None


def monitor_page(request: Request, template: str, tab: str,
                 build: Callable[[Page, Store], dict[str, Any]]) -> HTMLResponse:
    """A monitor page: ``template`` with the tabs and ``build(page, store)``, or (503) the
    reason the monitor's database cannot be opened."""
    p = page(request, "web_nav_monitor")
    tabs = [(p.t(k), p.url(u), k == tab) for k, u in TABS]
    problem = store_problem(p)
    if problem:
        return render(p, "monitor_missing.html.j2", status=503, tabs=tabs, problem=problem)
    store = state_of(request).store()
    return render(p, template, tabs=tabs, db=store.display_url(), **build(p, store))


def projects_names(p: Page) -> dict[str, str]:
    """``{project_id: name}`` of the monitor's projects in the page language."""
    from ...monitor import query

    df = query.projects(state_of(p.request).store())
    return {r.project_id: p.pick(r.name_zh, r.name_en) for r in df.itertuples()}


def item_rows(p: Page, df: pd.DataFrame) -> list[dict[str, Any]]:
    """Items as template rows: time, source, quality (a secondary source is never shown as
    official), title, safe link, labelled tags, units, projects."""
    names = projects_names(p)
    return [{"id": int(r.item_id), "published": when(r.published_at), "source": r.source,
             "quality": r.quality, "quality_text": quality_label(r.quality, p.lang),
             "title": r.title, "link": text(r.link),
             "tags": [topic_label(t, p.lang) for t in r.tags],
             "units": [unit_name(p, c) for c in r.units],
             "projects": [names.get(x, x) for x in r.projects]}
            for r in df.itertuples()]


def filter_choices(p: Page) -> dict[str, list[tuple[str, str]]]:
    """Values the item filters offer: sources, tags, units and projects seen in the store."""
    from ...monitor import query

    store = state_of(p.request).store()
    facets = query.item_facets(store)
    tags, units = facets["tags"], facets["units"]
    names = projects_names(p)
    return {"source": [(s, s) for s in query.sources(store)["name"]],
            "tag": [(t, topic_label(t, p.lang)) for t in tags],
            "unit": [(c, f"{unit_name(p, c)} ({c})") for c in units],
            "project": list(names.items())}


DATE_RE = r"^(\d{4}-\d{2}-\d{2})?$"


class ItemFilter:
    """The item filters of the page and of its htmx fragment (query parameters)."""

    def __init__(self, q: str | None = Query(None, max_length=200),
                 source: str | None = Query(None, max_length=200),
                 tag: str | None = Query(None, max_length=100),
                 unit: str | None = Query(None, max_length=20),
                 project: str | None = Query(None, max_length=100),
                 since: str | None = Query(None, pattern=DATE_RE),
                 until: str | None = Query(None, pattern=DATE_RE)) -> None:
        # forms send empty fields: "" means no filter (dates are YYYY-MM-DD)
        problems = []
        days: dict[str, dt.date | None] = {}
        for name, value in (("since", since), ("until", until)):
            try:
                days[name] = dt.date.fromisoformat(value) if value else None
            except ValueError as exc:
                problems.append(f"{name}={value!r}: {exc} (expected YYYY-MM-DD)")
        if problems:
            raise ApiError(422, "Invalid date.", code="invalid_parameters", details=problems)
        self.values: dict[str, Any] = {"q": q, "source": source, "tag": tag, "unit": unit,
                                       "project": project, **days}


def items_context(p: Page, f: ItemFilter) -> dict[str, Any]:
    """Rows and count of the filtered items (the first :data:`PAGE_ITEMS`)."""
    df, total = api.item_table(state_of(p.request), **f.values, limit=PAGE_ITEMS)
    return {"rows": item_rows(p, df), "n": total,
            "f": {k: "" if v is None else str(v) for k, v in f.values.items()}}


@router.get("/monitor", response_class=HTMLResponse)
def items_page(request: Request, f: ItemFilter = Depends()) -> HTMLResponse:
    return monitor_page(request, "monitor_items.html.j2", "web_mon_items",
                        lambda p, _s: {"choices": filter_choices(p), **items_context(p, f)})


@router.get("/fragments/items", response_class=HTMLResponse)
def items_fragment(request: Request, f: ItemFilter = Depends()) -> HTMLResponse:
    p = page(request, "web_nav_monitor")
    return render(p, "_items.html.j2", **items_context(p, f))


def project_rows(p: Page, store: Store) -> dict[str, Any]:
    """Projects with status, evidence and their status timelines."""
    from ...monitor import query
    from .overview import project_kind  # here: overview imports this module

    rows = []
    for r in query.projects(store).itertuples():
        hist = query.project_history(store, r.project_id)
        rows.append({"id": r.project_id, "name": p.pick(r.name_zh, r.name_en),
                     "kind": project_kind(p, text(r.kind)), "status": r.status,
                     "status_text": status_label(r.status, p.lang),
                     "updated": when(r.updated_at),
                     "evidence": evidence_text(p, text(r.evidence)),
                     "link": text(r.evidence_link),
                     "confidence": "" if pd.isna(r.confidence) else f"{r.confidence:.2f}",
                     "history": [{"at": when(h.at), "status": status_label(h.status, p.lang),
                                  "previous": status_label(text(h.previous), p.lang)
                                  if text(h.previous) else "—",
                                  "applied": bool(h.applied), "origin": h.origin,
                                  "confidence": f"{h.confidence:.2f}",
                                  "evidence": evidence_text(p, text(h.evidence)),
                                  "link": text(h.evidence_link), "item": text(h.item_title)}
                                 for h in hist.itertuples()]})
    return {"projects": rows}


@router.get("/monitor/projects", response_class=HTMLResponse)
def projects_page(request: Request) -> HTMLResponse:
    return monitor_page(request, "monitor_projects.html.j2", "web_mon_projects", project_rows)


def rule_rows(p: Page, store: Store) -> dict[str, Any]:
    """The stored rules."""
    from ...monitor import query

    return {"rules": [{"name": r.name, "kind": kind_label(p, r.kind), "enabled": bool(r.enabled),
                       "channels": r.channels, "spec": r.spec}
                      for r in query.rules(store).itertuples()]}


@router.get("/monitor/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> HTMLResponse:
    return monitor_page(request, "monitor_rules.html.j2", "web_mon_rules", rule_rows)


@router.get("/fragments/rule-test", response_class=HTMLResponse)
def rule_test_fragment(request: Request, name: str | None = Query(None, max_length=100),
                       keywords: str | None = Query(None, max_length=500)) -> HTMLResponse:
    """Dry run of a stored rule (``name``) or of a keyword rule typed in the form."""
    from ...monitor import parse_rule
    from ..api._common import call

    p = page(request, "web_nav_monitor")
    st = state_of(request)
    if name:
        spec = api.stored_rule(st, name)
    else:
        words = [w.strip() for w in (keywords or "").replace("，", ",").split(",") if w.strip()]
        spec = call(lambda: parse_rule({"name": "web-test", "kind": "keyword",
                                        "keywords": words},
                                       context=Message("err_rule_ctx_keywords")))
    df = api.rule_matches(st, spec)
    rows = [{"published": when(r.published_at), "source": r.source, "title": r.title,
             "link": text(r.link), "reason": r.reason} for r in df.itertuples()]
    return render(p, "_rule_test.html.j2", rows=rows, rule=spec.name)


def alert_rows(p: Page, df: pd.DataFrame) -> list[dict[str, Any]]:
    """Alerts as template rows (the kind in the page language)."""
    return [{"id": int(r.alert_id), "created": when(r.created_at), "rule": r.rule,
             "kind": kind_label(p, r.kind), "title": r.title, "acked": bool(r.acknowledged),
             "delivery": f"{r.sent}/{r.pending}/{r.dead}"} for r in df.itertuples()]


@router.get("/monitor/alerts", response_class=HTMLResponse)
def alerts_page(request: Request) -> HTMLResponse:
    from ...monitor import query

    return monitor_page(request, "monitor_alerts.html.j2", "web_mon_alerts",
                        lambda p, store: {"alerts": alert_rows(p, query.alerts(store, limit=200,
                                                                         lang=p.lang))})


@router.post("/monitor/alerts/{alert_id}/ack", response_class=HTMLResponse,
             dependencies=[Depends(require_write)])
def ack(request: Request, alert_id: int = Path(..., ge=1, le=2**62)) -> HTMLResponse:
    from ...monitor import query

    p = page(request, "web_nav_monitor")
    st = state_of(request)
    api.acknowledge_alert(st, alert_id)
    df = query.alerts(st.store(), limit=None, lang=p.lang)
    return render(p, "_alert_row.html.j2", a=alert_rows(p, df[df["alert_id"] == alert_id])[0])


def source_rows(p: Page, df: pd.DataFrame) -> list[dict[str, Any]]:
    """Sources as template rows (kind and last error in the page language)."""
    return [{"name": r.name, "kind": kind_label(p, r.kind, source=True), "url": r.url,
             "state": r.state, "errors": int(r.error_count),
             "failing_since": when(r.failing_since),
             "last_error": source_error(p, r.last_error),
             "last_success": when(r.last_success_at), "next_check": when(r.next_check_at),
             "n_items": int(r.items)} for r in df.itertuples()]


@router.get("/monitor/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    from ...monitor import query

    return monitor_page(request, "monitor_sources.html.j2", "web_mon_sources",
                        lambda p, store: {"sources": source_rows(p, query.sources(store))})


@router.post("/monitor/sources/{name}/check", response_class=HTMLResponse,
             dependencies=[Depends(require_write)])
def check_now(request: Request, name: str = Path(..., max_length=200)) -> HTMLResponse:
    from ...monitor import query

    p = page(request, "web_nav_monitor")
    st = state_of(request)
    outcome = api.check_source(st, name).iloc[0]
    df = query.sources(st.store())
    row = source_rows(p, df[df["name"] == name])[0]
    status = str(outcome["status"])  # ok | not_modified | failed: shown in the page language
    key = f"web_mon_outcome_{status}"
    text = p.t("web_mon_checked").format(status=p.t(key) if key in CATALOGUE else status,
                                          new=int(outcome["new_items"]),
                                          alerts=int(outcome["alerts"]))
    return render(p, "_source_row.html.j2", s=row, checked=text)


@router.get("/fragments/digest", response_class=HTMLResponse)
def digest_fragment(request: Request) -> HTMLResponse:
    """The monitor's digest of the last 7 days (not saved), cleaned again with nh3."""
    import nh3
    from markupsafe import Markup

    from ...monitor import build_digest

    p = page(request, "web_nav_monitor")
    names = p.region.units["name_zh"].astype(str).to_dict()
    doc = build_digest(api.store_of(state_of(request)), since="7d", unit_names=names,
                       save=False)
    clean = nh3.clean(doc.html, tags=DIGEST_TAGS, attributes={"a": {"href"}},
                      url_schemes={"http", "https"}, link_rel="noopener noreferrer nofollow")
    return render(p, "_digest.html.j2", digest=Markup(clean))


def overview_context(p: Page) -> dict[str, Any]:
    """The overview's monitor block: latest items and alerts, and source health counts."""
    from ...monitor import query

    problem = store_problem(p)
    if problem:
        return {"problem": problem}
    store = state_of(p.request).store()
    src = query.sources(store)
    states = src["state"].value_counts()
    ok, failing = int(states.get("ok", 0)), int(states.get("failing", 0))
    return {"problem": None, "items": item_rows(p, query.items(store, limit=6)),
            "alerts": alert_rows(p, query.alerts(store, limit=6, lang=p.lang)),
            "health": p.t("web_mon_health_n").format(ok=ok, failing=failing,
                                                     other=len(src) - ok - failing),
            "failing": [r for r in source_rows(p, src) if r["state"] == "failing"][:5]}
