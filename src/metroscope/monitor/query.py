"""Reading the store: DataFrames for the CLI, the web app and notebooks (one implementation).

Every function takes an open :class:`~metroscope.monitor.store.Store` and returns a DataFrame
with documented columns (times timezone-aware UTC); nothing here writes. Channel URLs are
masked. Full-text search (:func:`items`, ``query=``) uses both SQLite FTS5 indexes (trigram for
terms of 3+ characters, the stored jieba tokens for shorter Chinese words such as 高铁) or, on
PostgreSQL, case-insensitive matching of the title, text and tokens.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import func, select

from .._errors import NotFoundError, ParameterError, shorten
from ..messages import Message
from ._query_alerts import ALERT_COLUMNS, alert_detail, alerts, channels, deliveries, rules
from .health import last_error, shown_state
from .store import Alert, Channel, Item, Project, Rule, Source, StatusChange, Store

if TYPE_CHECKING:
    from .tagging import Tagger

SOURCE_COLUMNS = ["name", "kind", "url", "state", "error_count", "failing_since", "last_error",
                  "last_success_at", "next_check_at", "interval_min", "tags", "items"]
ITEM_COLUMNS = ["item_id", "source", "quality", "published_at", "title", "link", "tags", "units",
                "projects", "language", "version", "fetched_at"]
PROJECT_COLUMNS = ["project_id", "name_zh", "name_en", "kind", "status", "updated_at",
                   "evidence", "evidence_link", "confidence"]
HISTORY_COLUMNS = ["at", "previous", "status", "applied", "confidence", "origin",
                   "evidence", "evidence_link", "item_title", "item_published_at"]


__all__ = ["ALERT_COLUMNS", "HISTORY_COLUMNS", "ITEM_COLUMNS", "PROJECT_COLUMNS",
           "SOURCE_COLUMNS", "alert_detail", "alerts", "channels", "count_items", "counts",
           "deliveries", "item_facets", "items", "project_history", "projects", "rules",
           "sources"]


def sources(store: Store) -> pd.DataFrame:
    """Sources and their health: ``name``, ``kind``, ``url``, ``state`` (new, ok, failing,
    paused, or failed: checked, never succeeded, fewer failures than ``failing_after``; see
    :func:`~metroscope.monitor.health.shown_state`), ``error_count``, ``failing_since`` (UTC, first failure of the current streak;
    empty while healthy), ``last_error`` (a catalogue message where one was stored: it renders
    in the reader's language and is its English text as a ``str``), ``last_success_at``, ``next_check_at``,
    ``interval_min`` (minutes), ``tags``, ``items`` (latest versions stored).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> from metroscope.monitor.watchlist import add_source
    >>> _ = add_source(empty_store, "ndrc", "https://example.org/feed.xml", tags=["policy"])
    >>> sources(empty_store)[["name", "kind", "state", "items"]]
       name  kind state  items
    0  ndrc  feed   new      0
    """
    with store.session() as s:
        counts = dict(s.execute(select(Item.source_id, func.count()).where(
            Item.latest.is_(True)).group_by(Item.source_id)).all())
        rows = [{"name": x.name, "kind": x.kind, "url": x.url,
                 "state": shown_state(x.state, x.error_count),
                 "error_count": x.error_count, "failing_since": x.failing_since,
                 "last_error": last_error(x.last_error, x.last_error_message),
                 "last_success_at": x.last_success_at, "next_check_at": x.next_check_at,
                 "interval_min": x.interval_min, "tags": ",".join(x.tags or []),
                 "items": int(counts.get(x.id, 0))}
                for x in s.scalars(select(Source).order_by(Source.name))]
    frame = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    # an object column: a string column would turn the messages into their English text
    frame["last_error"] = pd.Series([r["last_error"] for r in rows], index=frame.index,
                                    dtype=object)
    return frame


def _fts_ids(store: Store, query: str, tagger: Tagger | None) -> set[int] | None:
    """Item ids matching ``query`` via FTS5 (SQLite); None on other databases."""
    if not store.is_sqlite:
        return None
    ids: set[int] = set()
    terms = [t for t in re.split(r"\s+", query.strip()) if t]
    with store.engine.connect() as conn:
        if all(len(t) >= 3 for t in terms):
            phrase = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
            ids |= {r[0] for r in conn.execute(sa.text(
                "SELECT rowid FROM items_fts_tri WHERE items_fts_tri MATCH :q"), {"q": phrase})}
        tokens = tagger.tokenize(query) if tagger is not None else [t.lower() for t in terms]
        tokens = [t for t in tokens if re.search(r"\w", t)]
        if tokens:
            phrase = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
            ids |= {r[0] for r in conn.execute(sa.text(
                "SELECT rowid FROM items_fts_tok WHERE items_fts_tok MATCH :q"), {"q": phrase})}
    return ids


def _json_list_has(store: Store, column: Any, value: str) -> Any:
    """SQL condition: the JSON list in ``column`` holds the string ``value`` (SQLite
    ``json_each``, PostgreSQL ``jsonb @>``), so filters and paging run in the database."""
    if store.is_sqlite:
        each = func.json_each(column).table_valued("value")
        return sa.exists(select(sa.literal(1)).select_from(each).where(each.c.value == value))
    from sqlalchemy.dialects.postgresql import JSONB

    return sa.cast(column, JSONB).contains([value])


def _items_select(store: Store, *, query: str | None, source: str | None,
                  tag: str | Sequence[str] | None,
                  unit: str | None, project: str | None, since: dt.datetime | None,
                  until: dt.datetime | None, all_versions: bool,
                  tagger: Tagger | None) -> sa.Select[Item, str]:
    """The filtered (unordered, unpaged) select of :func:`items` and :func:`count_items`."""
    q = select(Item, Source.name).join(Source, Source.id == Item.source_id)
    if not all_versions:
        q = q.where(Item.latest.is_(True))
    if source:
        q = q.where(Source.name == source)
    if since is not None:
        q = q.where(Item.fetched_at >= since)
    if until is not None:
        q = q.where(Item.fetched_at < until)
    tags = [tag] if isinstance(tag, str) else list(tag or [])
    filters = [*((Item.tags, t) for t in tags), (Item.units, unit), (Item.projects, project)]
    for column, value in filters:
        if value:
            q = q.where(_json_list_has(store, column, value))
    if query:
        ids = _fts_ids(store, query, tagger)
        if ids is None:
            for term in [t for t in re.split(r"\s+", query.strip()) if t]:
                like = f"%{term}%"
                q = q.where(sa.or_(Item.title.ilike(like), Item.raw_text.ilike(like),
                                   Item.tokens.ilike(like)))
        else:
            q = q.where(Item.id.in_(sorted(ids) or [-1]))
    return q


def items(store: Store, *, query: str | None = None, source: str | None = None,
          tag: str | Sequence[str] | None = None, unit: str | None = None,
          project: str | None = None,
          since: dt.datetime | None = None, until: dt.datetime | None = None,
          limit: int | None = 50, offset: int = 0, all_versions: bool = False,
          tagger: Tagger | None = None) -> pd.DataFrame:
    """Stored items, newest first (by published time, then id); every filter and the page
    (``limit``, ``offset``) run in the database, so a page costs the same at any store size.

    Parameters
    ----------
    query
        Full-text search (words separated by spaces must all occur).
    tag, unit, project
        Keep items whose list holds this topic tag, unit code or project id; ``tag`` may be
        a list of tags, all of which an item must carry.
    since, until
        Bounds on the time the monitor stored the item (``fetched_at``), aware datetimes.
    limit, offset
        The page: at most ``limit`` rows (None: all) after skipping ``offset`` rows.
    tagger
        The tagger whose jieba dictionary tokenises ``query`` (default: split on spaces).

    Returns
    -------
    pandas.DataFrame
        Columns ``item_id``, ``source``, ``quality`` (``official`` for a statistics
        bureau's own release, else ``C``: secondary source, unverified; see
        :mod:`.quality`), ``published_at``, ``title``, ``link``, ``tags``,
        ``units``, ``projects`` (lists), ``language``, ``version``, ``fetched_at``.

    Raises
    ------
    ParameterError
        When ``limit`` or ``offset`` is negative (a ``ValueError``).
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> items(empty_store).shape[0]  # a new store
    0
    """
    if (limit is not None and limit < 0) or offset < 0:
        msg = f"limit and offset must be >= 0, got limit={limit}, offset={offset}"
        raise ParameterError(msg)
    q = _items_select(store, query=query, source=source, tag=tag, unit=unit, project=project,
                      since=since, until=until, all_versions=all_versions, tagger=tagger)
    q = q.order_by(Item.published_at.desc().nulls_last(), Item.id.desc())
    if offset:
        q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    from .quality import item_quality

    with store.session() as s:
        grade = {x.name: item_quality(x.kind, x.url) for x in s.scalars(select(Source))}
        rows = [{"item_id": it.id, "source": src, "quality": grade.get(src, "C"),
                 "published_at": it.published_at,
                 "title": it.title, "link": it.link, "tags": list(it.tags or []),
                 "units": list(it.units or []), "projects": list(it.projects or []),
                 "language": it.language, "version": it.version,
                 "fetched_at": it.fetched_at} for it, src in s.execute(q)]
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def count_items(store: Store, *, query: str | None = None, source: str | None = None,
                tag: str | Sequence[str] | None = None, unit: str | None = None,
          project: str | None = None,
                since: dt.datetime | None = None, until: dt.datetime | None = None,
                all_versions: bool = False, tagger: Tagger | None = None) -> int:
    """How many items :func:`items` would return with the same filters and no page.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> from metroscope.monitor.sources import make_item
    >>> news = [make_item(title=t, link=None, published=None, text="")
    ...         for t in ("长四辽通高铁正式开工建设", "长春市九台区新建学校")]
    >>> _ = monitor.ingest("ndrc", news, now=now)  # tagged by the region's tagger
    >>> count_items(monitor_store), count_items(monitor_store, query="高铁"), count_items(monitor_store, unit="220113")
    (2, 1, 1)
    """
    q = _items_select(store, query=query, source=source, tag=tag, unit=unit, project=project,
                      since=since, until=until, all_versions=all_versions, tagger=tagger)
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(q.subquery())) or 0)


def item_facets(store: Store) -> dict[str, list[str]]:
    """The distinct topic tags, unit codes and project ids of the latest items, sorted:
    ``{"tags": [...], "units": [...], "projects": [...]}`` (the values item filters offer).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> from metroscope.monitor.sources import make_item
    >>> news = [make_item(title=t, link=None, published=None, text="")
    ...         for t in ("长四辽通高铁正式开工建设", "长春市九台区新建学校")]
    >>> _ = monitor.ingest("ndrc", news, now=now)  # tagged by the region's tagger
    >>> item_facets(monitor_store)
    {'tags': ['investment', 'transport'], 'units': ['220100', '220113'], 'projects': ['changsiliaotong_hsr']}
    """
    seen: dict[str, set[str]] = {"tags": set(), "units": set(), "projects": set()}
    with store.session() as s:
        for tags, units, projects in s.execute(
                select(Item.tags, Item.units, Item.projects).where(Item.latest.is_(True))):
            seen["tags"].update(tags or [])
            seen["units"].update(units or [])
            seen["projects"].update(projects or [])
    return {k: sorted(v) for k, v in seen.items()}


def projects(store: Store) -> pd.DataFrame:
    """Projects with their status and the evidence of the last applied change: ``project_id``,
    ``name_zh``, ``name_en``, ``kind``, ``status``, ``updated_at``, ``evidence``,
    ``evidence_link``, ``confidence``.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> projects(monitor_store)[["project_id", "status"]]
                 project_id    status
    0  changchun_metro_plan  approved
    1   changsiliaotong_hsr   planned
    2        hsr_350_target   planned
    """
    rows = []
    with store.session() as s:
        for p in s.scalars(select(Project).order_by(Project.project_id)):
            last = s.scalar(select(StatusChange).where(
                StatusChange.project_id == p.project_id, StatusChange.applied.is_(True))
                .order_by(StatusChange.id.desc()).limit(1))
            rows.append({"project_id": p.project_id, "name_zh": p.name_zh,
                         "name_en": p.name_en, "kind": p.kind, "status": p.status,
                         "updated_at": p.updated_at,
                         "evidence": last.evidence_text if last else None,
                         "evidence_link": last.evidence_link if last else None,
                         "confidence": last.confidence if last else None})
    return pd.DataFrame(rows, columns=PROJECT_COLUMNS)


def project_history(store: Store, project_id: str) -> pd.DataFrame:
    """Every status signal of a project, oldest first: ``at`` (recorded), ``previous``,
    ``status``, ``applied`` (moved the status), ``confidence`` (0..1), ``origin`` (dataset,
    item, manual), ``evidence`` (the sentence), ``evidence_link``, ``item_title``,
    ``item_published_at``.

    Raises
    ------
    NotFoundError
        Unknown project id (a ``KeyError``).

    Examples
    --------
    >>> from metroscope.monitor.projects import set_status
    >>> with monitor_store.session() as s, s.begin():
    ...     _ = set_status(s, "changsiliaotong_hsr", "under_construction", note="works began")
    >>> project_history(monitor_store, "changsiliaotong_hsr")[["previous", "status", "applied"]]
      previous              status  applied
    0      NaN             planned     True
    1  planned  under_construction     True
    """
    with store.session() as s:
        if s.get(Project, project_id) is None:
            known = list(s.scalars(select(Project.project_id)))
            msg = Message("err_mon_unknown_project_known", got=shorten(project_id), known=known)
            raise NotFoundError(msg)
        q = (select(StatusChange, Item.title, Item.published_at)
             .outerjoin(Item, Item.id == StatusChange.item_id)
             .where(StatusChange.project_id == project_id).order_by(StatusChange.id))
        rows = [{"at": c.at, "previous": c.previous, "status": c.status, "applied": c.applied,
                 "confidence": c.confidence, "origin": c.origin, "evidence": c.evidence_text,
                 "evidence_link": c.evidence_link, "item_title": title,
                 "item_published_at": published}
                for c, title, published in s.execute(q)]
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def counts(store: Store, names: Sequence[str] = ("sources", "items", "projects", "alerts")
           ) -> dict[str, int]:
    """Row counts of the main tables (items: latest versions).

    Raises
    ------
    KeyError
        When a name is not one of ``sources``, ``items``, ``projects``, ``alerts``,
        ``rules``, ``channels``.
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    Examples
    --------
    >>> counts(empty_store)
    {'sources': 0, 'items': 0, 'projects': 0, 'alerts': 0}
    """
    table = {"sources": Source, "items": Item, "projects": Project, "alerts": Alert,
             "rules": Rule, "channels": Channel}
    out = {}
    with store.session() as s:
        for n in names:
            q = select(func.count()).select_from(table[n])
            if n == "items":
                q = q.where(Item.latest.is_(True))
            out[n] = int(s.scalar(q) or 0)
    return out
