"""One pass of the monitor: fetch the due sources, ingest, tag, move projects, alert, deliver.

:class:`Monitor` ties the pieces together. Fetching runs in worker threads (per-host
limits in :class:`~metroscope.monitor.fetch.Fetcher`); parsing, tagging, status detection and
the projects' modelled effects are computed before any transaction; then each source is written
in one short transaction (one writer): its new items and versions, the status changes and
evidence, the alerts they cause (outbox) and the source's health. Killing the process at any
point loses nothing and duplicates nothing: an uncommitted source is fetched again next time
(its ETag is only stored with its items).

Scheduling: a source is due when ``next_check_at`` has passed; :mod:`.health` sets it after a
success or a failure (backoff) and alerts on a failing source. :mod:`.effects` computes the
projects' modelled effects.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update

from .._errors import ParameterError, error_message
from .alerts import deliver_pending, queue_alerts
from .config import MonitorConfig, get_config
from .effects import EffectCache
from .fetch import Fetcher, FetchError, FetchResult
from .health import mark_failure, mark_success
from .ingest import (
    NewItem,
    Prepared,
    insert_items,
    item_alert_drafts,
    plan_rows,
    status_alerts,
)
from .outcomes import Progress, RunReport, SourceOutcome
from .projects import (
    ProjectEffect,
    detect_status,
    record_signal,
)
from .reading import add_release_pages, parse_source, source_url
from .rules import RuleSpec, parse_rule
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
        Compute a project's modelled effect when it moves to under construction or opened
        (:attr:`effects`, an :class:`~metroscope.monitor.effects.EffectCache`).
    """

    def __init__(self, store: Store, *, region: Region | None = None,
                 config: MonitorConfig | None = None, fetcher: Fetcher | None = None,
                 compute_effects: bool = True) -> None:
        self.store = store
        self.region = region
        self.config = config or get_config()
        self._fetcher = fetcher
        self.effects = EffectCache(region, enabled=compute_effects)
        self._tagger: Tagger | None = None

    @property
    def compute_effects(self) -> bool:
        """Whether project effects are computed (``effects.enabled``; settable)."""
        return self.effects.enabled

    @compute_effects.setter
    def compute_effects(self, value: bool) -> None:
        self.effects.enabled = value

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
        >>> monitor.close()  # the fetcher; the store stays open
        >>> [s.name for s in monitor.due_sources(now=now)]
        ['ndrc']
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
        >>> [r.project_id for r in monitor.project_refs()]
        ['changchun_metro_plan', 'changsiliaotong_hsr', 'hsr_350_target']
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
        >>> from metroscope.monitor.sources import parse_feed
        >>> prepared = monitor.prepare(parse_feed(feed))
        >>> len(prepared)
        1
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
        """The modelled effect of a project (computed once, :meth:`EffectCache.effect`); None
        without a region or with ``compute_effects`` false.

        Raises
        ------
        Nothing of its own, as :meth:`~metroscope.monitor.effects.EffectCache.effect`.

        Examples
        --------
        >>> monitor.compute_effects  # the example monitor computes none
        False
        >>> monitor.effect("changsiliaotong_hsr", []) is None
        True
        """
        return self.effects.effect(project_id, edits)

    # --- ingest --------------------------------------------------------------------------
    def _rules(self, session: Any) -> list[tuple[int, RuleSpec]]:
        out = []
        for r in session.scalars(select(Rule).where(Rule.enabled.is_(True))):
            try:
                out.append((r.id, parse_rule(r.spec, context=f"rule {r.name}")))
            except ValueError as exc:
                logger.warning("rule %s skipped: %s", r.name, exc)
        return out

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
        ParameterError
            (also a ``ValueError``) When ``source_name`` is not a source of the store (nothing is written).
        sqlalchemy.exc.SQLAlchemyError
            When the database fails (e.g. the server goes away or the schema is not at head).

        Examples
        --------
        >>> from metroscope.monitor.sources import parse_feed
        >>> outcome = monitor.ingest("ndrc", parse_feed(feed), now=now)
        >>> outcome.status, outcome.new_items, outcome.alerts, outcome.status_changes
        ('ok', 1, 1, 1)
        >>> monitor.ingest("ndrc", parse_feed(feed), now=now).new_items  # the same item again
        0
        """
        now = now or utcnow()
        prepared = self.prepare(self._unseen(source_name, items))
        self.effects.precompute(self.store, prepared)
        out = SourceOutcome(source=source_name, status="ok")
        with self.store.session() as s, s.begin():
            source = s.scalar(select(Source).where(Source.name == source_name))
            if source is None:
                msg_ = f"unknown source {source_name!r}"
                raise ParameterError(msg_)
            rules = self._rules(s)
            plan = plan_rows(s, source, prepared, now)
            out.new_items, out.new_versions = plan.new_items, plan.new_versions
            for ids_, flag in ((plan.retire, False), (plan.revive, True)):
                for chunk in range(0, len(ids_), 500):
                    s.execute(update(Item).where(Item.id.in_(ids_[chunk:chunk + 500]))
                              .values(latest=flag))
            rows, added = plan.rows, plan.added
            ids = insert_items(s, source.id, rows)
            views = [NewItem.from_row(iid, row) for iid, row in zip(ids, rows, strict=True)]
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
        """Record a failed check in one transaction with this monitor's config and rules
        (:func:`~metroscope.monitor.health.mark_failure`: backoff, state, and source-health
        alerts at the threshold; an unknown ``source_name`` records nothing).

        Raises
        ------
        sqlalchemy.exc.SQLAlchemyError
            As :func:`~metroscope.monitor.health.mark_failure`: when the database fails.

        Examples
        --------
        >>> outcome = monitor.record_failure("ndrc", "HTTP 503", retry_after_s=600, now=now)
        >>> outcome.status, outcome.error, monitor.due_sources(now=now)  # due again in 10 min
        ('failed', 'HTTP 503', [])
        """
        now = now or utcnow()
        with self.store.session() as s, s.begin():
            return mark_failure(s, source_name, error, config=self.config,
                                rules=lambda: self._rules(s), retry_after_s=retry_after_s,
                                now=now)

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
        >>> [s.name for s in monitor.due_sources(now=now)]
        ['ndrc']
        >>> _ = monitor.run_once(now=now, deliver=False)
        >>> [s.name for s in monitor.due_sources(now=now)]  # checked: due again in 60 min
        []
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
        >>> report = monitor.run_once(now=now, deliver=False)
        >>> report.new_items, [(o.source, o.status, o.alerts, o.status_changes) for o in report.outcomes]
        (1, [('ndrc', 'ok', 1, 1)])
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
                    outcome = self.record_failure(src.name, error_message(error), now=now,
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
        >>> from metroscope.monitor.watchlist import add_rule
        >>> _ = add_rule(monitor_store, {"name": "gdp", "kind": "indicator",
        ...                              "indicator": {"indicator": "gdp", "on": "new_release"}})
        >>> monitor.check_indicators()  # the first look records the values and alerts nothing
        0
        """
        from .watches import check_indicators

        region = region or self.region
        if region is None:
            return 0
        with self.store.session() as s, s.begin():
            rules = [(rid, spec) for rid, spec in self._rules(s) if spec.kind == "indicator"]
            return check_indicators(s, region, rules) if rules else 0
