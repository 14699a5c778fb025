"""One pass of the monitor: fetch the due sources, ingest, tag, move projects, alert, deliver.

:class:`Monitor` ties the pieces together. Fetching runs in worker threads (per-host
limits in :class:`~metroscope.monitor.fetch.Fetcher`); parsing, tagging, status detection and
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
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update

from ._i18n import msg
from .alerts import deliver_pending, queue_alert, queue_alerts
from .config import MonitorConfig, get_config
from .fetch import Fetcher, FetchError, FetchResult
from .ingest import (
    NewItem,
    Prepared,
    add_release_pages,
    insert_items,
    item_alert_drafts,
    mark_success,
    parse_source,
    plan_rows,
    source_url,
    status_alerts,
)
from .outcomes import Progress, RunReport, SourceOutcome
from .projects import (
    EFFECT_STATUSES,
    ProjectEffect,
    allowed_move,
    detect_status,
    project_effect,
    record_signal,
)
from .rules import RuleSpec, in_scope, parse_rule
from .sources import FeedError, ParsedItem
from .store import Item, Project, Rule, Source, Store, utcnow
from .tagging import ProjectRef, Tagger

if TYPE_CHECKING:

    from ..region import Region

logger = logging.getLogger(__name__)

# Progress, RunReport and SourceOutcome live in .outcomes and stay importable from here
__all__ = ["Monitor", "Progress", "RunReport", "SourceOutcome", "parse_source", "source_url"]


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

    def prepare(self, items: Sequence[ParsedItem]) -> list[Prepared]:
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
            out.append(Prepared(it, tagging, signals))
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

    def _precompute_effects(self, prepared: Sequence[Prepared]) -> None:
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
            plan = plan_rows(s, source, prepared, now)
            out.new_items, out.new_versions = plan.new_items, plan.new_versions
            for ids_, flag in ((plan.retire, False), (plan.revive, True)):
                for chunk in range(0, len(ids_), 500):
                    s.execute(update(Item).where(Item.id.in_(ids_[chunk:chunk + 500]))
                              .values(latest=flag))
            rows, added = plan.rows, plan.added
            ids = insert_items(s, source.id, rows)
            views = [NewItem(id=iid, **{k: row[k] for k in NewItem.FIELDS})
                     for iid, row in zip(ids, rows, strict=True)]
            drafts = [d for v in views for d in item_alert_drafts(rules, source, v)]
            out.alerts += sum(i is not None for i in queue_alerts(s, drafts))
            for p, view in zip(added, views, strict=True):
                for sig in p.signals:
                    change = record_signal(s, sig, item_id=view.id, link=view.link, at=now)
                    if change is not None:
                        out.status_changes += 1
                        out.alerts += status_alerts(s, rules, change, view, self.effect)
            mark_success(source, result, now)
        return out

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

    def _fetch(self, source: Source) -> tuple[FetchResult | None, Any]:
        """Fetch in a worker thread (I/O only: parsing and tagging run in the calling thread,
        so that CPU-bound work does not fight over the GIL with the tokenizer and SQLite,
        which release it)."""
        try:
            return self.fetcher.get(source_url(source, self.config), etag=source.etag,
                                    last_modified=source.last_modified), None
        except FetchError as exc:
            return None, exc

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
            # fetched in parallel, ingested in the sources' order (not as fetches finish): the
            # same pages give the same items, alerts and project history on every run
            futures = [(pool.submit(self._fetch, src), src) for src in sources]
            for done, (fut, src) in enumerate(futures, start=1):
                result, error = fut.result()
                items: list[ParsedItem] = []
                if error is None and result is not None and not result.not_modified:
                    try:
                        items = parse_source(src, result)
                    except FeedError as exc:
                        error = exc
                    if src.kind == "releases" and items:
                        new = {it.key for it in self._unseen(src.name, items)}
                        items, _ = add_release_pages(self.fetcher, items, new,
                                                     limit=self.config.release_pages_per_pass)
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
        if self.config.digest_channels:
            from .digest import queue_due_digest

            names_ = (self.region.units["name_zh"].astype(str).to_dict()
                      if self.region is not None else None)
            report.digest_alert = queue_due_digest(
                self.store, period=self.config.digest_period,
                channels=self.config.digest_channels, unit_names=names_, now=now)
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
