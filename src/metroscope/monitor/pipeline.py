"""One pass of the monitor: fetch the due sources, ingest, tag, move projects, alert, deliver.

:class:`Monitor` ties the pieces together. Fetching and parsing run in worker threads
(per-host limits in :class:`~metroscope.monitor.fetch.Fetcher`); tagging, status detection and
the projects' modelled effects are computed before any transaction; then each source is written
in one short transaction (one writer): its new items and versions, the status changes and
evidence, the alerts they cause (outbox) and the source's health. Killing the process at any
point loses nothing and duplicates nothing: an uncommitted source is fetched again next time
(its ETag is only stored with its items).

Scheduling: a source is due when ``next_check_at`` has passed. After a success the next check is
``interval_min`` later (or the server's ``Retry-After`` if longer); after a failure
``backoff_base_min`` x 2^(failures-1), never more than ``backoff_max_h`` (24 h): a failing
source is retried forever, its state is visible, and ``source_health`` rules alert on it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from ._i18n import msg, status_label
from .alerts import DeliveryReport, deliver_pending, queue_alert
from .config import MonitorConfig, get_config
from .fetch import Fetcher, FetchError, FetchResult
from .projects import (
    EFFECT_STATUSES,
    ProjectEffect,
    StatusSignal,
    allowed_move,
    detect_status,
    project_effect,
    record_signal,
)
from .rules import ITEM_KINDS, ItemView, RuleSpec, in_scope, match_item, parse_rule
from .sources import FeedError, ParsedItem, parse_feed, parse_page, rsshub_url
from .store import Item, Project, Rule, Source, Store, utcnow
from .tagging import ProjectRef, Tagger, Tagging

if TYPE_CHECKING:
    import pandas as pd

    from ..region import Region

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""``progress(done, total, label)`` called after each source."""


@dataclass
class SourceOutcome:
    """What one source gave in a pass."""

    source: str
    status: str  # ok | not_modified | failed
    new_items: int = 0
    new_versions: int = 0
    alerts: int = 0
    status_changes: int = 0
    error: str | None = None


@dataclass
class RunReport:
    """The result of :meth:`Monitor.run_once`."""

    outcomes: list[SourceOutcome] = field(default_factory=list)
    indicator_alerts: int = 0
    deliveries: DeliveryReport | None = None

    @property
    def new_items(self) -> int:
        """Items stored for the first time."""
        return sum(o.new_items for o in self.outcomes)

    @property
    def new_versions(self) -> int:
        """Edited items stored as new versions."""
        return sum(o.new_versions for o in self.outcomes)

    @property
    def alerts(self) -> int:
        """Alerts queued (items, status changes, source health, indicators)."""
        return sum(o.alerts for o in self.outcomes) + self.indicator_alerts

    def to_frame(self) -> pd.DataFrame:
        """One row per source: ``source``, ``status``, ``new_items``, ``new_versions``,
        ``alerts``, ``status_changes``, ``error``.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'frame.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> report = monitor.run_once(now=now, deliver=False)
        >>> report.to_frame()[["source", "status", "new_items", "alerts"]]
          source status  new_items  alerts
        0   ndrc     ok          1       1
        >>> monitor.close()
        >>> store.close()
        """
        import pandas as pd

        return pd.DataFrame([o.__dict__ for o in self.outcomes],
                            columns=["source", "status", "new_items", "new_versions", "alerts",
                                     "status_changes", "error"])


@dataclass
class _Prepared:
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
    if source.kind == "page":
        return parse_page(result.content, url=result.url, selectors=source.selectors or {},
                          language=source.language)
    return parse_feed(result.content, base_url=result.url, language=source.language)


class Monitor:
    """The monitor over one store (and optionally the Region whose units and projects it knows).

    Parameters
    ----------
    store
        An open store (:func:`~metroscope.monitor.store.open_store`).
    region
        The region: units and projects for tagging, statistics for indicator rules, network
        for project effects. Without it items are still stored, with topics only.
    fetcher
        HTTP access (default a :class:`~metroscope.monitor.fetch.Fetcher` with ``config``).
    compute_effects
        Compute a project's modelled effect when it moves to under construction or opened.
    """

    def __init__(self, store: Store, *, region: Region | None = None,
                 config: MonitorConfig | None = None, fetcher: Fetcher | None = None,
                 compute_effects: bool = True) -> None:
        self.store = store
        self.region = region
        self.config = config or get_config()
        self._fetcher = fetcher
        self.compute_effects = compute_effects
        self._tagger: Tagger | None = None
        self._effects: dict[str, ProjectEffect] = {}

    @property
    def fetcher(self) -> Fetcher:
        """The HTTP fetcher (created on first use)."""
        if self._fetcher is None:
            self._fetcher = Fetcher(self.config)
        return self._fetcher

    def close(self) -> None:
        """Close the fetcher (not the store).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> from metroscope.monitor.store import open_store
        >>> store = open_store(f"sqlite:///{tmp_path / 'close.sqlite'}")
        >>> monitor = Monitor(store)
        >>> monitor.close()  # the fetcher; the store stays open
        >>> store.close()
        """
        if self._fetcher is not None:
            self._fetcher.close()

    # --- tagging -------------------------------------------------------------------------
    def project_refs(self) -> list[ProjectRef]:
        """The store's projects with their names and aliases.

        Raises
        ------
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'refs.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> [r.project_id for r in monitor.project_refs()]
        ['changchun_metro_plan', 'changsiliaotong_hsr', 'hsr_350_target']
        >>> monitor.close()
        >>> store.close()
        """
        with self.store.session() as s:
            return [ProjectRef(p.project_id, tuple(dict.fromkeys(
                [x for x in (p.name_zh, p.name_en) if x] + list(p.aliases))))
                for p in s.scalars(select(Project))]

    @property
    def tagger(self) -> Tagger:
        """The tagger of the region's units and the store's projects."""
        if self._tagger is None:
            self._tagger = Tagger.from_region(self.region, self.project_refs())
        return self._tagger

    def prepare(self, items: Sequence[ParsedItem]) -> list[_Prepared]:
        """Tag items and detect status signals (pure; no database access).

        Raises
        ------
        Nothing; tagging and status detection are pure functions of the text.

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'prepare.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> from metroscope.monitor.sources import parse_feed
        >>> prepared = monitor.prepare(parse_feed(feed))
        >>> len(prepared)
        1
        >>> monitor.close()
        >>> store.close()
        """
        refs = self.tagger.projects
        out = []
        for it in items:
            tagging = self.tagger.tag(it.title, it.raw_text, language=it.language)
            mentioned = [p for p in refs if p.project_id in tagging.projects]
            signals = detect_status(f"{it.title}\n{it.raw_text}", mentioned) if mentioned else []
            out.append(_Prepared(it, tagging, signals))
        return out

    def effect(self, project_id: str, edits: list[dict[str, Any]]) -> ProjectEffect | None:
        """The modelled effect of a project (cached per pass); None without a region.

        Raises
        ------
        Nothing of its own: edits that cannot be applied give an effect with a note (see
        :func:`project_effect`).

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'effect.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=True)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> edits = [{"op": "set_status", "line": "长四辽通高铁", "status": "operating", "open_year": 2030}]
        >>> effect = monitor.effect("changsiliaotong_hsr", edits)
        >>> effect.changes["time_to_core_min_delta"].round(1).head(2)
        code
        220502   -55.3
        220503   -55.3
        Name: time_to_core_min_delta, dtype: float64
        >>> monitor.close()
        >>> store.close()
        """
        if self.region is None or not self.compute_effects:
            return None
        if project_id not in self._effects:
            self._effects[project_id] = project_effect(self.region, project_id, edits)
        return self._effects[project_id]

    # --- ingest --------------------------------------------------------------------------
    def _rules(self, session: Any) -> list[tuple[int, RuleSpec]]:
        out = []
        for r in session.scalars(select(Rule).where(Rule.enabled.is_(True))):
            try:
                out.append((r.id, parse_rule(r.spec, context=f"rule {r.name}")))
            except ValueError as exc:
                logger.warning("rule %s skipped: %s", r.name, exc)
        return out

    def _precompute_effects(self, prepared: Sequence[_Prepared]) -> None:
        wanted = {s.project_id for p in prepared for s in p.signals
                  if s.status in EFFECT_STATUSES}
        if not wanted or self.region is None:
            return
        with self.store.session() as s:
            for pid in wanted:
                proj = s.get(Project, pid)
                if proj is not None and any(allowed_move(proj.status, st)
                                            for st in EFFECT_STATUSES):
                    self.effect(pid, list(proj.edits or []))

    def _unseen(self, source_name: str, items: Sequence[ParsedItem]) -> list[ParsedItem]:
        """The items whose (key, content hash) is not the latest stored version: only these
        are tagged (re-reading a feed costs one query, not a tagging pass)."""
        if not items:
            return []
        keys = list({it.key for it in items})
        seen: set[tuple[str, str]] = set()
        with self.store.session() as s:
            for chunk in range(0, len(keys), 500):
                seen.update((k, h) for k, h in s.execute(
                    select(Item.key, Item.content_hash).join(Source, Source.id == Item.source_id)
                    .where(Source.name == source_name, Item.latest.is_(True),
                           Item.key.in_(keys[chunk:chunk + 500]))).all())
        return [it for it in items if (it.key, it.content_hash) not in seen]

    def ingest(self, source_name: str, items: Sequence[ParsedItem], *,
               result: FetchResult | None = None, now: dt.datetime | None = None,
               ) -> SourceOutcome:
        """Store ``items`` of a source in one transaction, with their tags, status changes and
        alerts; record the source's success (and caching headers of ``result``).

        Raises
        ------
        ValueError
            When ``source_name`` is not a source of the store (nothing is written).
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'ingest.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> from metroscope.monitor.sources import parse_feed
        >>> outcome = monitor.ingest("ndrc", parse_feed(feed), now=now)
        >>> outcome.status, outcome.new_items, outcome.alerts, outcome.status_changes
        ('ok', 1, 1, 1)
        >>> monitor.ingest("ndrc", parse_feed(feed), now=now).new_items  # the same item again
        0
        >>> monitor.close()
        >>> store.close()
        """
        now = now or utcnow()
        prepared = self.prepare(self._unseen(source_name, items))
        self._precompute_effects(prepared)
        out = SourceOutcome(source=source_name, status="ok")
        with self.store.session() as s, s.begin():
            source = s.scalar(select(Source).where(Source.name == source_name))
            if source is None:
                msg_ = f"unknown source {source_name!r}"
                raise ValueError(msg_)
            rules = self._rules(s)
            keys = list({p.parsed.key for p in prepared})
            existing: dict[str, Item] = {}
            for chunk in range(0, len(keys), 500):
                for it in s.scalars(select(Item).where(
                        Item.source_id == source.id, Item.key.in_(keys[chunk:chunk + 500]),
                        Item.latest.is_(True))):
                    existing[it.key] = it
            added: list[tuple[_Prepared, Item]] = []
            for p in prepared:
                old = existing.get(p.parsed.key)
                if old is not None and old.content_hash == p.parsed.content_hash:
                    continue
                item = self._new_item(source, p, old, now)
                s.add(item)
                existing[p.parsed.key] = item
                added.append((p, item))
                if old is None:
                    out.new_items += 1
                else:
                    out.new_versions += 1
            s.flush()  # one batched INSERT for the new items (their ids are needed below)
            for p, item in added:
                out.alerts += self._item_alerts(s, rules, source, item)
                for sig in p.signals:
                    change = record_signal(s, sig, item_id=item.id, link=item.link, at=now)
                    if change is not None:
                        out.status_changes += 1
                        out.alerts += self._status_alerts(s, rules, change, item)
            self._mark_success(source, result, now)
        return out

    def _new_item(self, source: Source, p: _Prepared, old: Item | None,
                  now: dt.datetime) -> Item:
        if old is not None:
            old.latest = False
        it = p.parsed
        tags = list(dict.fromkeys([*source.tags, *p.tagging.tags]))
        return Item(source_id=source.id, key=it.key, version=(old.version + 1) if old else 1,
                    latest=True, title=it.title, link=it.link, published_at=it.published_at,
                    published_assumed_tz=it.assumed_tz, raw_text=it.raw_text,
                    content_hash=it.content_hash, language=p.tagging.language, tags=tags,
                    units=p.tagging.units, projects=p.tagging.projects,
                    tokens=" ".join(p.tagging.index_tokens), fetched_at=now)

    def _item_alerts(self, s: Any, rules: list[tuple[int, RuleSpec]], source: Source,
                     item: Item) -> int:
        view = ItemView(source=source.name, title=item.title, text=item.raw_text,
                        tags=tuple(item.tags), units=tuple(item.units),
                        projects=tuple(item.projects))
        made = 0
        for rule_id, spec in rules:
            if spec.kind not in ITEM_KINDS:
                continue
            reason = match_item(spec, view)
            if reason:
                title = msg("alert_keyword", "en", rule=spec.title or spec.name,
                            title=item.title)
                body = "\n".join(x for x in (item.title, item.link or "", reason) if x)
                alert = queue_alert(s, rule_name=spec.name, kind=spec.kind,
                                    cause=(source.name, item.key), title=title, body=body,
                                    payload={"source": source.name, "link": item.link,
                                             "reason": reason, "tags": item.tags,
                                             "units": item.units, "projects": item.projects},
                                    rule_id=rule_id, item_id=item.id, channels=spec.channels)
                made += alert is not None
        return made

    def _status_alerts(self, s: Any, rules: list[tuple[int, RuleSpec]], change: Any,
                       item: Item) -> int:
        project = s.get(Project, change.project_id)
        effect = (self._effects.get(change.project_id) if change.status in EFFECT_STATUSES
                  else None)
        if effect is None and change.status in EFFECT_STATUSES and project is not None:
            effect = self.effect(project.project_id, list(project.edits or []))
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

    def _mark_success(self, source: Source, result: FetchResult | None,
                      now: dt.datetime) -> None:
        source.state = "ok" if source.state != "paused" else "paused"
        source.error_count, source.last_error = 0, None
        source.last_checked_at = source.last_success_at = now
        if result is not None:
            source.etag = result.etag or source.etag
            source.last_modified = result.last_modified or source.last_modified
        source.next_check_at = now + dt.timedelta(minutes=source.interval_min)

    def record_failure(self, source_name: str, error: str, *, retry_after_s: float | None = None,
                       now: dt.datetime | None = None) -> SourceOutcome:
        """Record a failed check: backoff, state, and source-health alerts at the threshold.

        Raises
        ------
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        An unknown ``source_name`` is not an error: nothing is recorded.

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'failure.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> outcome = monitor.record_failure("ndrc", "HTTP 503", retry_after_s=600, now=now)
        >>> outcome.status, outcome.error
        ('failed', 'HTTP 503')
        >>> monitor.close()
        >>> store.close()
        """
        now = now or utcnow()
        out = SourceOutcome(source=source_name, status="failed", error=error)
        cfg = self.config
        with self.store.session() as s, s.begin():
            src = s.scalar(select(Source).where(Source.name == source_name))
            if src is None:
                return out
            src.error_count += 1
            src.last_error = error[:2000]
            src.last_checked_at = now
            delay_min = min(cfg.backoff_base_min * 2 ** min(src.error_count - 1, 30),
                            cfg.backoff_max_h * 60)
            if retry_after_s:
                delay_min = min(max(delay_min, retry_after_s / 60), cfg.backoff_max_h * 60)
            src.next_check_at = now + dt.timedelta(minutes=delay_min)
            if src.error_count >= cfg.failing_after and src.state != "paused":
                src.state = "failing"
            if src.error_count == cfg.failing_after:
                streak = (src.last_success_at or src.created_at).isoformat()
                for rule_id, spec in self._rules(s):
                    if spec.kind == "source_health" and in_scope(spec.scope, source=src.name,
                                                                 tags=src.tags):
                        text = msg("alert_source_failing", "en", source=src.name,
                                   count=src.error_count, error=error[:300])
                        zh = msg("alert_source_failing", "zh", source=src.name,
                                 count=src.error_count, error=error[:300])
                        alert = queue_alert(s, rule_name=spec.name, kind="source_health",
                                            cause=(src.name, streak), title=text,
                                            body=f"{zh}\n{text}",
                                            payload={"source": src.name,
                                                     "errors": src.error_count,
                                                     "error": error[:300]},
                                            rule_id=rule_id, channels=spec.channels)
                        out.alerts += alert is not None
        return out

    # --- a whole pass ---------------------------------------------------------------------
    def due_sources(self, *, now: dt.datetime | None = None, names: Sequence[str] | None = None,
                    force: bool = False) -> list[Source]:
        """Sources to check now (not paused; due, or all named ones when ``force``).

        Raises
        ------
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'due.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> [s.name for s in monitor.due_sources(now=now)]
        ['ndrc']
        >>> _ = monitor.run_once(now=now, deliver=False)
        >>> [s.name for s in monitor.due_sources(now=now)]  # checked: due again in 60 min
        []
        >>> monitor.close()
        >>> store.close()
        """
        now = now or utcnow()
        with self.store.session() as s:
            q = select(Source).where(Source.state != "paused")
            if names:
                q = q.where(Source.name.in_(list(names)))
            if not force:
                q = q.where(or_(Source.next_check_at.is_(None), Source.next_check_at <= now))
            return list(s.scalars(q.order_by(Source.id)))

    def _fetch(self, source: Source) -> tuple[FetchResult | None, list[ParsedItem], Any]:
        try:
            result = self.fetcher.get(source_url(source, self.config), etag=source.etag,
                                      last_modified=source.last_modified)
            if result.not_modified:
                return result, [], None
            return result, parse_source(source, result), None
        except (FetchError, FeedError) as exc:
            return None, [], exc

    def run_once(self, *, now: dt.datetime | None = None, names: Sequence[str] | None = None,
                 force: bool = False, deliver: bool = True,
                 progress: Progress | None = None) -> RunReport:
        """Check every due source once, check indicator rules, deliver the outbox.

        Raises
        ------
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        A source that cannot be fetched or parsed (``FetchError``, ``FeedError``, refused
        URLs) is recorded as a failure with backoff, and failed deliveries are retried later;
        neither is raised.

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'run.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> report = monitor.run_once(now=now, deliver=False)
        >>> report.new_items, [(o.source, o.status, o.alerts, o.status_changes) for o in report.outcomes]
        (1, [('ndrc', 'ok', 1, 1)])
        >>> monitor.close()
        >>> store.close()
        """
        now = now or utcnow()
        sources = self.due_sources(now=now, names=names, force=force)
        report = RunReport()
        workers = max(1, min(self.config.workers, len(sources)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(self._fetch, src): src for src in sources}
            for done, fut in enumerate(as_completed(futures), start=1):
                src = futures[fut]
                result, items, error = fut.result()
                if error is not None:
                    outcome = self.record_failure(src.name, str(error), now=now,
                                                  retry_after_s=getattr(error, "retry_after_s",
                                                                        None))
                elif result is not None and result.not_modified:
                    outcome = self.ingest(src.name, [], result=result, now=now)
                    outcome.status = "not_modified"
                else:
                    outcome = self.ingest(src.name, items, result=result, now=now)
                report.outcomes.append(outcome)
                if progress is not None:
                    progress(done, len(sources), src.name)
        report.indicator_alerts = self.check_indicators()
        if deliver:
            report.deliveries = deliver_pending(self.store, fetcher=self.fetcher,
                                                config=self.config)
        return report

    def check_indicators(self, region: Region | None = None) -> int:
        """Evaluate the indicator rules on ``region`` (default the monitor's); alerts queued.

        Raises
        ------
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        Examples
        --------
        >>> import datetime as dt
        >>> import httpx
        >>> from metroscope.monitor.fetch import Fetcher
        >>> from metroscope.monitor.store import open_store
        >>> from metroscope.monitor.watchlist import add_rule, add_source, seed_projects
        >>> store = open_store(f"sqlite:///{tmp_path / 'indicators.sqlite'}")
        >>> _ = seed_projects(store, region)
        >>> _ = add_source(store, "ndrc", "https://example.org/feed.xml")
        >>> _ = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> monitor = Monitor(store, region=region, fetcher=fetcher, compute_effects=False)
        >>> now = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.timezone.utc)
        >>> _ = add_rule(store, {"name": "gdp", "kind": "indicator",
        ...                      "indicator": {"indicator": "gdp", "on": "new_release"}})
        >>> monitor.check_indicators()  # the first look records the values and alerts nothing
        0
        >>> monitor.close()
        >>> store.close()
        """
        from .watches import check_indicators

        region = region or self.region
        if region is None:
            return 0
        with self.store.session() as s, s.begin():
            rules = [(rid, spec) for rid, spec in self._rules(s) if spec.kind == "indicator"]
            return check_indicators(s, region, rules) if rules else 0
