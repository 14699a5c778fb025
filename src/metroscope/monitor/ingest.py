"""Writing one source's pass: item rows, their alerts, the source's success.

Helpers of :meth:`metroscope.monitor.pipeline.Monitor.ingest`, which runs them inside one
transaction per source: :func:`plan_rows` decides what to write (new items, new versions, retired
and revived versions), :func:`item_row` builds the row of a new item or version,
:func:`insert_items` writes the rows with batched INSERTs and reads their ids back,
:func:`item_alert_drafts` gives the alerts of the item rules (queued in one batch by
:func:`~metroscope.monitor.alerts.queue_alerts`), :func:`status_alerts` those of a project's
status change, :func:`mark_success` the source's health. Also what a source is fetched from
(:func:`source_url`) and parsed with (:func:`parse_source`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from sqlalchemy import Table, insert, select

from ._i18n import msg, status_label
from .alerts import AlertDraft, queue_alert
from .config import MonitorConfig
from .fetch import Fetcher, FetchError, FetchResult
from .projects import EFFECT_STATUSES, ProjectEffect, StatusSignal
from .releases import parse_release_list, parse_release_page, with_detail
from .rules import ITEM_KINDS, ItemView, RuleSpec, in_scope, match_item
from .sources import FeedError, ParsedItem, parse_feed, parse_page, rsshub_url
from .store import Item, Project, Source
from .tagging import Tagging


@dataclass(frozen=True)
class NewItem:
    """What the alerts and status changes of a pass need of an item just inserted."""

    FIELDS: ClassVar[tuple[str, ...]] = ("key", "title", "link", "raw_text", "tags", "units",
                                         "projects")
    id: int
    key: str
    title: str
    link: str | None
    raw_text: str
    tags: list[str]
    units: list[str]
    projects: list[str]


@dataclass
class Prepared:
    """An item tagged and checked for status signals, before any transaction."""

    parsed: ParsedItem
    tagging: Tagging
    signals: list[StatusSignal]


def source_url(source: Source, config: MonitorConfig) -> str:
    """The URL fetched for ``source`` (RSSHub routes on the configured base URL).

    Raises
    ------
    FeedError
        From :func:`rsshub_url` when an RSSHub route does not start with ``/`` or contains
        ``..`` or a scheme.

    Examples
    --------
    >>> from metroscope.monitor.config import get_config
    >>> from metroscope.monitor.store import Source
    >>> source = Source(name="ndrc", kind="rsshub", url="/gov/ndrc/xwdt/tzgg")
    >>> source_url(source, get_config(rsshub_base_url="https://rsshub.example.org"))
    'https://rsshub.example.org/gov/ndrc/xwdt/tzgg'
    """
    if source.kind == "rsshub":
        return rsshub_url(config.rsshub_base_url, source.url)
    return source.url


def parse_source(source: Source, result: FetchResult) -> list[ParsedItem]:
    """Parse a fetched body according to the source's kind.

    Raises
    ------
    FeedError
        A body that is not what the source should serve.

    Examples
    --------
    >>> from metroscope.monitor.fetch import FetchResult
    >>> from metroscope.monitor.store import Source
    >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
    ...         '<link>https://example.org/a</link></item></channel></rss>').encode()
    >>> source = Source(name="ndrc", kind="feed", url="https://example.org/feed.xml")
    >>> result = FetchResult(url="https://example.org/feed.xml", status=200, content=feed, headers={})
    >>> [i.title for i in parse_source(source, result)]
    ['长四辽通高铁正式开工建设']
    """
    if source.kind == "releases":
        return parse_release_list(result.content, url=result.url, language=source.language,
                                  content_type=result.headers.get("content-type"))
    if source.kind == "page":
        return parse_page(result.content, url=result.url, selectors=source.selectors or {},
                          language=source.language,
                          content_type=result.headers.get("content-type"))
    return parse_feed(result.content, base_url=result.url, language=source.language)


def add_release_pages(fetcher: Fetcher, items: list[ParsedItem], new_keys: set[str], *,
                      limit: int) -> tuple[list[ParsedItem], int]:
    """Read the own pages of up to ``limit`` releases whose key is in ``new_keys`` and add
    their text, time and attachments (:func:`~metroscope.monitor.releases.with_detail`);
    ``(items, pages read)``. A page that cannot be fetched or read leaves its item as the
    list gave it (logged), never fails the source.

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> import httpx
    >>> from metroscope.monitor.fetch import Fetcher
    >>> from metroscope.monitor.releases import parse_release_list
    >>> page = ('<div class="TRS_Editor">全市地区生产总值增长。</div>'
    ...         '<a href="/files/gb2025.xlsx">附表</a>').encode()
    >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=page))
    >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
    >>> listing = '<ul><li><a href="./202603/t20260316_123.html">2025年统计公报</a></li></ul>'.encode()
    >>> items = parse_release_list(listing, url="https://tjj.changchun.gov.cn/tjsj/tjgb/")
    >>> items, read = add_release_pages(fetcher, items, {items[0].key}, limit=5)
    >>> read, items[0].raw_text.splitlines()[0]
    (1, '全市地区生产总值增长。')
    >>> fetcher.close()
    """
    import logging

    out, read = [], 0
    for it in items:
        if it.key in new_keys and it.link and read < limit:
            read += 1
            try:
                res = fetcher.get(it.link)
                if not res.not_modified:
                    detail = parse_release_page(res.content, url=res.url,
                                                content_type=res.headers.get("content-type"))
                    it = with_detail(it, detail)
            except (FetchError, FeedError) as exc:
                logging.getLogger(__name__).info("release page %s not read: %s", it.link, exc)
        out.append(it)
    return out, read


def insert_items(s: Any, source_id: int, rows: list[dict[str, Any]]) -> list[int]:
    """INSERT ``rows`` in batches (executemany; RETURNING in parameter order would send
    one row per statement on SQLite), then read their ids back by the unique
    (source, key, content hash); the ids in the order of ``rows``.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. a unique key is violated or the server goes away).

    Examples
    --------
    >>> import datetime as dt
    >>> from metroscope.monitor.sources import make_item
    >>> from metroscope.monitor.store import open_store
    >>> from metroscope.monitor.tagging import Tagging
    >>> from metroscope.monitor.watchlist import add_source
    >>> store = open_store(f"sqlite:///{tmp_path / 'insert.sqlite'}")
    >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
    >>> tagging = Tagging(language="zh", tokens=[], index_tokens=[], tags=[], units=[], projects=[])
    >>> now = dt.datetime(2025, 6, 2, tzinfo=dt.timezone.utc)
    >>> with store.session() as s, s.begin():
    ...     source = s.scalar(select(Source))
    ...     rows = [item_row(source, Prepared(make_item(title=t, link=None, published=None, text=""),
    ...                                       tagging, []), 1, now) for t in ("甲", "乙")]
    ...     insert_items(s, source.id, rows)
    [1, 2]
    >>> store.close()
    """
    if not rows:
        return []
    s.execute(insert(cast(Table, Item.__table__)), rows)  # Core executemany: no ORM work
    wanted = [(r["key"], r["content_hash"]) for r in rows]
    ids: dict[tuple[str, str], int] = {}
    keys = list(dict.fromkeys(k for k, _ in wanted))
    for chunk in range(0, len(keys), 500):
        for iid, key, chash in s.execute(
                select(Item.id, Item.key, Item.content_hash).where(
                    Item.source_id == source_id, Item.key.in_(keys[chunk:chunk + 500]))):
            ids[(key, chash)] = iid
    return [ids[w] for w in wanted]

def item_row(source: Source, p: Prepared, version: int, now: dt.datetime) -> dict[str, Any]:
    """The ``items`` row of a new item or version (tags = the source's + the tagger's).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> import datetime as dt
    >>> from metroscope.monitor.sources import make_item
    >>> from metroscope.monitor.store import Source
    >>> from metroscope.monitor.tagging import Tagging
    >>> source = Source(name="ndrc", kind="feed", url="https://example.org/feed.xml", tags=["ndrc"])
    >>> parsed = make_item(title="长四辽通高铁正式开工建设", link="https://example.org/a",
    ...                    published="2025-06-02", text="")
    >>> tagging = Tagging(language="zh", tokens=["高铁"], index_tokens=["高铁"], tags=["rail"],
    ...                   units=["220100"], projects=[])
    >>> row = item_row(source, Prepared(parsed, tagging, []), 1, dt.datetime(2025, 6, 2, tzinfo=dt.timezone.utc))
    >>> row["title"], row["version"], row["tags"], row["units"], row["tokens"]
    ('长四辽通高铁正式开工建设', 1, ['ndrc', 'rail'], ['220100'], '高铁')
    """
    it = p.parsed
    tags = list(dict.fromkeys([*source.tags, *p.tagging.tags]))
    return {"source_id": source.id, "key": it.key, "version": version, "latest": True,
            "title": it.title, "link": it.link, "published_at": it.published_at,
            "published_assumed_tz": it.assumed_tz, "raw_text": it.raw_text,
            "content_hash": it.content_hash, "language": p.tagging.language, "tags": tags,
            "units": p.tagging.units, "projects": p.tagging.projects,
            "tokens": " ".join(p.tagging.index_tokens), "fetched_at": now}

def item_alert_drafts(rules: list[tuple[int, RuleSpec]], source: Source,
                      item: NewItem) -> list[AlertDraft]:
    """The alerts the item rules (keyword, regex, tags) make of a new item.

    Raises
    ------
    Nothing for validated rules.

    Examples
    --------
    >>> from metroscope.monitor.rules import parse_rule
    >>> from metroscope.monitor.store import Source
    >>> rules = [(1, parse_rule({"name": "hsr", "kind": "keyword", "keywords": ["高铁"]}))]
    >>> item = NewItem(id=7, key="a", title="长四辽通高铁正式开工建设", link="https://example.org/a",
    ...                raw_text="", tags=[], units=[], projects=[])
    >>> source = Source(name="ndrc", kind="feed", url="https://example.org/feed.xml")
    >>> [(d.rule_name, d.item_id, d.cause) for d in item_alert_drafts(rules, source, item)]
    [('hsr', 7, ('ndrc', 'a'))]
    """
    view = ItemView(source=source.name, title=item.title, text=item.raw_text,
                    tags=tuple(item.tags), units=tuple(item.units),
                    projects=tuple(item.projects))
    drafts = []
    for rule_id, spec in rules:
        if spec.kind not in ITEM_KINDS:
            continue
        reason = match_item(spec, view)
        if reason:
            title = msg("alert_keyword", "en", rule=spec.title or spec.name,
                        title=item.title)
            body = "\n".join(x for x in (item.title, item.link or "", reason) if x)
            drafts.append(AlertDraft(
                rule_name=spec.name, kind=spec.kind, cause=(source.name, item.key),
                title=title, body=body,
                payload={"source": source.name, "link": item.link, "reason": reason,
                         "tags": item.tags, "units": item.units,
                         "projects": item.projects},
                rule_id=rule_id, item_id=item.id, channels=tuple(spec.channels)))
    return drafts

def mark_success(source: Source, result: FetchResult | None, now: dt.datetime) -> None:
    """Record a successful check on ``source``: state, counters, caching headers, next check.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> import datetime as dt
    >>> from metroscope.monitor.store import Source
    >>> source = Source(name="ndrc", kind="feed", url="https://example.org/feed.xml",
    ...                 state="error", error_count=3, interval_min=60.0)
    >>> mark_success(source, None, dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc))
    >>> source.state, source.error_count, source.next_check_at.isoformat()
    ('ok', 0, '2025-06-02T13:00:00+00:00')
    """
    source.state = "ok" if source.state != "paused" else "paused"
    source.error_count, source.last_error = 0, None
    source.last_checked_at = source.last_success_at = now
    if result is not None:
        source.etag = result.etag or source.etag
        source.last_modified = result.last_modified or source.last_modified
    source.next_check_at = now + dt.timedelta(minutes=source.interval_min)

def status_alerts(s: Any, rules: list[tuple[int, RuleSpec]], change: Any, item: NewItem,
                  effect_of: Callable[[str, list[dict[str, Any]]], ProjectEffect | None],
                  ) -> int:
    """Queue the alerts of the project-status rules for ``change`` (with the project's
    modelled effect from ``effect_of(project_id, edits)`` when it moves to under
    construction or opened); the number queued.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> import datetime as dt
    >>> from metroscope.monitor.projects import detect_status, record_signal
    >>> from metroscope.monitor.rules import parse_rule
    >>> from metroscope.monitor.sources import make_item
    >>> from metroscope.monitor.store import open_store
    >>> from metroscope.monitor.tagging import Tagging, project_refs
    >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
    >>> store = open_store(f"sqlite:///{tmp_path / 'status.sqlite'}")
    >>> _ = seed_projects(store, region)
    >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
    >>> rule = add_rule(store, {"name": "status", "kind": "project_status"})
    >>> rule_spec = parse_rule(rule.spec)
    >>> signal = detect_status("长四辽通高铁今日正式开工建设。", project_refs(region.projects))[0]
    >>> tagging = Tagging(language="zh", tokens=[], index_tokens=[], tags=[], units=[],
    ...                   projects=[signal.project_id])
    >>> parsed = make_item(title="长四辽通高铁正式开工建设", link=None, published=None, text="")
    >>> with store.session() as s, s.begin():
    ...     source = s.scalar(select(Source))
    ...     row = item_row(source, Prepared(parsed, tagging, [signal]), 1,
    ...                    dt.datetime(2025, 6, 2, tzinfo=dt.timezone.utc))
    ...     [item_id] = insert_items(s, source.id, [row])
    ...     item = NewItem(id=item_id, **{k: row[k] for k in NewItem.FIELDS})
    ...     change = record_signal(s, signal, item_id=item_id, link=None)
    ...     status_alerts(s, [(rule.id, rule_spec)], change, item, lambda project_id, edits: None)
    1
    >>> store.close()
    """
    project = s.get(Project, change.project_id)
    effect = None
    if change.status in EFFECT_STATUSES and project is not None:
        effect = effect_of(project.project_id, list(project.edits or []))
    made = 0
    for rule_id, spec in rules:
        if spec.kind != "project_status":
            continue
        if spec.statuses and change.status not in spec.statuses:
            continue
        if not in_scope(spec.scope, projects=[change.project_id], tags=item.tags,
                        units=item.units):
            continue
        lines = {lang: [msg("alert_status", lang,
                            project=(project.name_zh if lang == "zh" else
                                     project.name_en or project.name_zh) if project else
                            change.project_id,
                            previous=status_label(change.previous or "", lang),
                            status=status_label(change.status, lang)),
                        f"{msg('evidence', lang)}: {change.evidence_text} "
                        f"({msg('confidence', lang)} {change.confidence:.2f}) "
                        f"{change.evidence_link or ''}".strip()]
                 for lang in ("zh", "en")}
        if effect is not None:
            lines["zh"].append(effect.summary("zh"))
            lines["en"].append(effect.summary("en"))
        alert = queue_alert(
            s, rule_name=spec.name, kind="project_status",
            cause=(change.project_id, change.status), title=lines["en"][0],
            body="\n".join(lines["zh"] + [""] + lines["en"]),
            payload={"project_id": change.project_id, "status": change.status,
                     "previous": change.previous, "confidence": change.confidence,
                     "evidence": change.evidence_text, "link": change.evidence_link,
                     "effect": effect.as_dict() if effect is not None else None},
            rule_id=rule_id, item_id=item.id, project_id=change.project_id,
            channels=spec.channels)
        made += alert is not None
    return made



@dataclass
class RowPlan:
    """What one pass writes for a source: new rows, rows to retire, earlier rows revived."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    added: list[Prepared] = field(default_factory=list)  # the Prepared of each row
    retire: list[int] = field(default_factory=list)  # ids whose ``latest`` becomes false
    revive: list[int] = field(default_factory=list)  # ids whose ``latest`` becomes true again
    new_items: int = 0
    new_versions: int = 0


def plan_rows(s: Any, source: Source, prepared: list[Prepared], now: dt.datetime) -> RowPlan:
    """Decide, with one look-up of the stored versions of the items' keys, what to write.

    An item whose content equals its latest version is skipped; a changed one is a new
    version (the previous latest is retired); a change back to content stored before (edited,
    then reverted) makes that earlier row the latest again instead of a second row with the
    same content (the table keeps one row per source, key and content hash).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> import datetime as dt
    >>> from metroscope.monitor.sources import make_item
    >>> from metroscope.monitor.store import open_store
    >>> from metroscope.monitor.tagging import Tagging
    >>> from metroscope.monitor.watchlist import add_source
    >>> store = open_store(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
    >>> tagging = Tagging(language="zh", tokens=[], index_tokens=[], tags=[], units=[], projects=[])
    >>> first = Prepared(make_item(title="甲", link="https://example.org/a", published=None, text=""),
    ...                  tagging, [])
    >>> now = dt.datetime(2025, 6, 2, tzinfo=dt.timezone.utc)
    >>> with store.session() as s, s.begin():
    ...     source = s.scalar(select(Source))
    ...     plan = plan_rows(s, source, [first], now)
    ...     _ = insert_items(s, source.id, plan.rows)
    ...     plan.new_items, plan.new_versions
    (1, 0)
    >>> edited = Prepared(make_item(title="甲", link="https://example.org/a", published=None,
    ...                             text="更正"), tagging, [])
    >>> with store.session() as s, s.begin():
    ...     plan = plan_rows(s, s.scalar(select(Source)), [first, edited], now)
    ...     plan.new_items, plan.new_versions, plan.retire
    (0, 1, [1])
    >>> store.close()
    """
    keys = list({p.parsed.key for p in prepared})
    stored: dict[tuple[str, str], tuple[int, int]] = {}  # (key, hash) -> (id, version)
    latest: dict[str, str] = {}  # key -> hash of the latest version
    top: dict[str, int] = {}  # key -> highest version
    current: dict[str, int | dict[str, Any]] = {}  # key -> latest row: stored id or new row
    for chunk in range(0, len(keys), 500):
        for iid, key, version, chash, is_latest in s.execute(
                select(Item.id, Item.key, Item.version, Item.content_hash, Item.latest)
                .where(Item.source_id == source.id, Item.key.in_(keys[chunk:chunk + 500]))):
            stored[(key, chash)] = (iid, version)
            top[key] = max(top.get(key, 0), version)
            if is_latest:
                latest[key], current[key] = chash, iid
    plan = RowPlan()
    new_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for p in prepared:
        key, chash = p.parsed.key, p.parsed.content_hash
        if latest.get(key) == chash:
            continue
        if key in latest:
            plan.new_versions += 1
        else:
            plan.new_items += 1
        was = current.get(key)
        if isinstance(was, dict):
            was["latest"] = False
        elif was is not None:
            if was in plan.revive:
                plan.revive.remove(was)
            else:
                plan.retire.append(was)
        if (key, chash) in new_rows:  # back to a version made earlier in this pass
            new_rows[(key, chash)]["latest"] = True
            current[key] = new_rows[(key, chash)]
        elif (key, chash) in stored:  # back to a stored version
            iid = stored[(key, chash)][0]
            if iid in plan.retire:
                plan.retire.remove(iid)
            else:
                plan.revive.append(iid)
            current[key] = iid
        else:
            top[key] = top.get(key, 0) + 1
            row = item_row(source, p, top[key], now)
            plan.rows.append(row)
            plan.added.append(p)
            new_rows[(key, chash)] = current[key] = row
        latest[key] = chash
    return plan
