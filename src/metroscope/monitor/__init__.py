"""The monitor: projects, policies and indicators watched, tagged, alerted and digested.

A self-hosted watcher that knows the region: its sources (feeds, RSSHub routes, page
watches) are fetched politely through one SSRF gate, items are tagged with the region's units,
projects and topics (jieba + rapidfuzz), project statuses move on the evidence of the items,
rules queue alerts in an outbox delivered to Apprise URLs or signed webhooks, and a project
that starts construction or opens carries its modelled effect (:mod:`metroscope.scenario`).
``docs/monitor.md`` describes the model and the library API; the CLI is ``metroscope monitor``.

>>> from metroscope.monitor import open_store, init_monitor, Monitor, query  # doctest: +SKIP
>>> store = open_store("sqlite:///monitor.sqlite")                           # doctest: +SKIP
>>> init_monitor(store, metroscope.load("changchun"))                       # doctest: +SKIP
>>> Monitor(store, region=region).run_once()                                # doctest: +SKIP
>>> query.items(store, query="高铁")                                        # doctest: +SKIP
"""

from __future__ import annotations

from . import query
from .alerts import acknowledge, deliver_pending
from .channels import add_channel, sign, verify_signature
from .config import MonitorConfig, get_config
from .digest import DigestDoc, build_digest
from .fetch import Fetcher, FetchError
from .gate import UnsafeURLError, check_url
from .outcomes import RunReport, SourceOutcome
from .pipeline import Monitor
from .projects import ProjectEffect, project_effect, set_status
from .rules import RuleError, RuleSpec, dry_run, parse_rule
from .sources import FeedError, ParsedItem, parse_feed, parse_page
from .store import Store, StoreError, default_url, open_store
from .tagging import Tagger
from .watchlist import (
    WatchlistError,
    add_rule,
    add_source,
    init_monitor,
    pause_source,
    remove_rule,
    remove_source,
)

__all__ = [
    "DigestDoc",
    "FeedError",
    "FetchError",
    "Fetcher",
    "Monitor",
    "MonitorConfig",
    "ParsedItem",
    "ProjectEffect",
    "RuleError",
    "RuleSpec",
    "RunReport",
    "SourceOutcome",
    "Store",
    "StoreError",
    "Tagger",
    "UnsafeURLError",
    "WatchlistError",
    "acknowledge",
    "add_channel",
    "add_rule",
    "add_source",
    "build_digest",
    "check_url",
    "default_url",
    "deliver_pending",
    "dry_run",
    "get_config",
    "init_monitor",
    "open_store",
    "parse_feed",
    "parse_page",
    "parse_rule",
    "pause_source",
    "project_effect",
    "query",
    "remove_rule",
    "remove_source",
    "set_status",
    "sign",
    "verify_signature",
]
