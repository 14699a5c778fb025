"""Writing one source's pass: item rows, their alerts, the source's success.

Helpers of :meth:`metroscope.monitor.pipeline.Monitor.ingest`, which runs them inside one
transaction per source: :func:`plan_rows` decides what to write (new items, new versions, retired
and revived versions), :func:`item_row` builds the row of a new item or version,
:func:`insert_items` writes the rows with batched INSERTs and reads their ids back,
:func:`item_alert_drafts` gives the alerts of the item rules (queued in one batch by
:func:`~metroscope.monitor.alerts.queue_alerts`), :func:`status_alerts` those of a project's
status change. The source's health is :mod:`.health`; what a source is fetched from and parsed
with is :mod:`.reading` (its names stay importable from here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from sqlalchemy import Table, insert, select

from ._i18n import msg, status_label
from .alerts import TITLE_ZH, AlertDraft, queue_alert
from .health import mark_success  # noqa: F401  (moved to .health; still importable from here)
from .projects import EFFECT_STATUSES, ProjectEffect, StatusSignal
from .reading import add_release_pages, parse_source, source_url  # noqa: F401  (moved)
from .rules import ITEM_KINDS, ItemView, RuleSpec, in_scope, match_item
from .sources import ParsedItem
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

    @classmethod
    def from_row(cls, item_id: int, row: dict[str, Any]) -> NewItem:
        """The view of the ``items`` row ``row`` (:func:`item_row`) inserted with id ``item_id``.

        Raises
        ------
        KeyError
            When ``row`` lacks one of :attr:`FIELDS`.

        Examples
        --------
        >>> row = {"key": "a", "title": "长四辽通高铁正式开工建设", "link": None, "raw_text": "",
        ...        "tags": ["transport"], "units": [], "projects": [], "version": 1}
        >>> NewItem.from_row(7, row)
        NewItem(id=7, key='a', title='长四辽通高铁正式开工建设', link=None, raw_text='', tags=['transport'], units=[], projects=[])
        """
        return cls(id=item_id, **{k: row[k] for k in cls.FIELDS})


@dataclass
class Prepared:
    """An item tagged and checked for status signals, before any transaction."""

    parsed: ParsedItem
    tagging: Tagging
    signals: list[StatusSignal]


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
    >>> from metroscope.monitor.sources import make_item
    >>> news = monitor.prepare([make_item(title=t, link=None, published=None, text="")
    ...                         for t in ("甲", "乙")])
    >>> with monitor_store.session() as s, s.begin():
    ...     source = s.scalar(select(Source))
    ...     insert_items(s, source.id, [item_row(source, p, 1, now) for p in news])
    [1, 2]
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
            title_zh = msg("alert_keyword", "zh", rule=spec.title or spec.name,
                           title=item.title)
            body = "\n".join(x for x in (item.title, item.link or "", reason) if x)
            drafts.append(AlertDraft(
                rule_name=spec.name, kind=spec.kind, cause=(source.name, item.key),
                title=title, body=body,
                payload={"source": source.name, "link": item.link, "reason": reason,
                         "tags": item.tags, "units": item.units,
                         "projects": item.projects, TITLE_ZH: title_zh},
                rule_id=rule_id, item_id=item.id, channels=tuple(spec.channels)))
    return drafts

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
    >>> from metroscope.monitor.projects import record_signal
    >>> from metroscope.monitor.rules import parse_rule
    >>> from metroscope.monitor.sources import make_item
    >>> from metroscope.monitor.watchlist import add_rule
    >>> rule = add_rule(monitor_store, {"name": "status", "kind": "project_status"})
    >>> [news] = monitor.prepare([make_item(title="长四辽通高铁正式开工建设", link=None,
    ...                                     published=None, text="")])
    >>> with monitor_store.session() as s, s.begin():
    ...     source = s.scalar(select(Source))
    ...     row = item_row(source, news, 1, now)
    ...     item = NewItem.from_row(insert_items(s, source.id, [row])[0], row)
    ...     change = record_signal(s, news.signals[0], item_id=item.id, link=None)
    ...     status_alerts(s, [(rule.id, parse_rule(rule.spec))], change, item, monitor.effect)
    1
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
                     "effect": effect.as_dict() if effect is not None else None,
                     TITLE_ZH: lines["zh"][0]},
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
    >>> from metroscope.monitor.sources import make_item
    >>> first, edited = monitor.prepare([make_item(title="甲", link="https://example.org/a",
    ...                                            published=None, text=t) for t in ("", "更正")])
    >>> with monitor_store.session() as s, s.begin():
    ...     source = s.scalar(select(Source))
    ...     plan = plan_rows(s, source, [first], now)
    ...     _ = insert_items(s, source.id, plan.rows)
    ...     plan.new_items, plan.new_versions
    (1, 0)
    >>> with monitor_store.session() as s, s.begin():
    ...     plan = plan_rows(s, s.scalar(select(Source)), [first, edited], now)
    ...     plan.new_items, plan.new_versions, plan.retire
    (0, 1, [1])
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
