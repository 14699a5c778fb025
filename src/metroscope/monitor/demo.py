"""The offline demo: the whole monitor pipeline on local fixtures, with no setup.

:func:`run_demo` starts a server on 127.0.0.1 that serves ``fixtures/`` (an RSSHub-style NDRC
route, a statistics-bureau-style RSS without guid, a Jilin list page, an Atom and a JSON feed,
and a missing feed), seeds a fresh SQLite store with the embedded region's projects and the
default rules (routed to a signed webhook on the same server), records an indicator baseline
without the newest GDP year so that the run sees it as a new release, runs one pass, runs a
second pass (nothing new: conditional GET and content hashes), delivers the alerts and builds
the digest. The fixtures are made up and say so; the statistics come from the embedded data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..messages import Message
from ._fixture_server import FIXTURES_DIR, FixtureServer
from ._i18n import both
from .alerts import add_channel
from .config import MonitorConfig, get_config
from .digest import DigestDoc, build_digest
from .outcomes import Progress, RunReport
from .pipeline import Monitor
from .store import open_store, utcnow
from .watchlist import DEFAULT_WATCHLIST, init_monitor, load_watchlist

if TYPE_CHECKING:
    import pandas as pd

    from ..region import Region


@dataclass
class DemoResult:
    """What the demo did (see :func:`run_demo`)."""

    store_url: str
    first: RunReport
    second: RunReport
    items: pd.DataFrame
    projects: pd.DataFrame
    alerts: pd.DataFrame
    sources: pd.DataFrame
    webhook_events: int
    webhook_duplicates: int
    webhook_bad_signatures: int
    digest: DigestDoc


def demo_watchlist(base_url: str, *, channel: str | None = None) -> dict[str, Any]:
    """The demo's sources (URLs on ``base_url``) with the default rules and project aliases.

    Raises
    ------
    WatchlistError
        From :func:`load_watchlist` if the packaged default watchlist is unreadable or invalid.
    OSError
        If the packaged fixture watchlist cannot be read.

    Examples
    --------
    >>> w = demo_watchlist("http://127.0.0.1:8765")
    >>> [s["name"] for s in w["sources"]][:3], w["sources"][0]["url"]
    (['demo-ndrc-notices', 'demo-stats-latest', 'demo-jilin-transport'], '/gov/ndrc/xwdt/tzgg')
    """
    text = (FIXTURES_DIR / "watchlist.toml").read_text(encoding="utf-8")
    demo = tomllib.loads(text.replace("{base}", base_url))
    default = load_watchlist(DEFAULT_WATCHLIST)
    rules = [dict(r, channels=[channel]) if channel else dict(r)
             for r in default.get("rules", [])]
    return {"sources": demo["sources"], "rules": rules, "projects": default.get("projects", {})}


def _without_latest(region: Region, indicator: str) -> Region:
    stats = region.stats
    sel = stats["indicator"] == indicator
    if not sel.any():
        return region
    latest = stats.loc[sel, "year"].max()
    return region.with_tables(stats=stats[~(sel & (stats["year"] == latest))])


def demo_config(server: FixtureServer, database_url: str) -> MonitorConfig:
    """The monitor configuration of the demo: sources on ``server`` (127.0.0.1, the only
    private host the SSRF gate lets through), no per-host pause, two workers.

    Raises
    ------
    MonitorConfigError
        From :func:`get_config` when an environment variable sets an invalid value.

    Examples
    --------
    >>> from metroscope.monitor._fixture_server import FixtureServer
    >>> with FixtureServer() as server:
    ...     config = demo_config(server, f"sqlite:///{tmp_path / 'demo.sqlite'}")
    ...     config.rsshub_base_url == f"{server.base_url}/rsshub"
    True
    >>> config.allow_private_hosts, config.workers, config.host_min_interval_s
    (('127.0.0.1',), 2, 0.0)
    """
    return get_config(database_url=database_url, rsshub_base_url=f"{server.base_url}/rsshub",
                      allow_private_hosts=("127.0.0.1",), host_min_interval_s=0.0,
                      workers=2, timeout_s=10.0)


def run_demo(*, workdir: str | Path | None = None, region: Region | None = None,
             progress: Progress | None = None,
             server: FixtureServer | None = None, lang: str = "en") -> DemoResult:
    """Run the offline demo into a fresh store under ``workdir`` (default a new temp folder).

    Never opens a connection beyond 127.0.0.1: every source and the webhook are served by
    the local fixture server, and the SSRF gate allow-lists only that address. With
    ``server`` (a started :class:`FixtureServer` the caller keeps running, as ``metroscope
    serve --demo`` does so that "check now" works afterwards) the demo uses it and leaves it
    running; otherwise it starts its own for the run. ``lang`` (``en`` or ``zh``) is the
    language of the alert titles in :attr:`DemoResult.alerts`.

    Raises
    ------
    OutputError
        When ``workdir`` already holds a store (an earlier or interrupted demo): its sources
        point at the port of a fixture server that is gone, so the demo needs a fresh folder.
    OSError
        When ``workdir`` cannot be created or written, or the fixture server cannot bind a
        port on 127.0.0.1.
    StoreError
        From :func:`open_store` when the SQLite file in ``workdir`` is not a database.

    Failures of the demo's sources are recorded in the run report, not raised.

    Examples
    --------
    Not run as a test (+SKIP): it serves feeds on 127.0.0.1, runs two passes and delivers
    alerts to a local webhook (about 7 s).

    >>> result = run_demo(workdir=tmp_path / "demo", region=region)  # doctest: +SKIP
    >>> result.first.new_items, result.webhook_events, result.webhook_bad_signatures  # doctest: +SKIP
    (11, 25, 0)
    """
    from .. import load
    from . import query

    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="metroscope-monitor-"))
    _refuse_used_folder(folder)
    region = region if region is not None else load("changchun")
    folder.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(16)
    secret_file = folder / "webhook.secret"
    secret_file.write_text(secret, encoding="utf-8")
    secret_file.chmod(0o600)
    url = f"sqlite:///{folder / 'monitor.sqlite'}"
    if server is not None:
        server.webhook_secret = secret
        context: Any = contextlib.nullcontext(server)
    else:
        context = FixtureServer(webhook_secret=secret)
    with context as fixtures:
        config = demo_config(fixtures, url)
        store = open_store(url)
        try:
            with store.session() as s, s.begin():
                add_channel(s, "demo-webhook", f"{fixtures.base_url}/webhook", kind="webhook",
                            secret=f"file:{secret_file}")
            init_monitor(store, region, watchlist=demo_watchlist(fixtures.base_url,
                                                                 channel="demo-webhook"))
            monitor = Monitor(store, region=region, config=config)
            try:
                started = utcnow() - dt.timedelta(seconds=1)
                monitor.check_indicators(_without_latest(region, "gdp"))
                first = monitor.run_once(progress=progress)
                second = monitor.run_once(force=True)
            finally:
                monitor.close()
            names = region.units["name_zh"].astype(str).to_dict()
            digest = build_digest(store, since=started, unit_names=names,
                                  note=both("fixture_note"))
            return DemoResult(
                store_url=store.display_url(), first=first, second=second,
                items=query.items(store, limit=None), projects=query.projects(store),
                alerts=query.alerts(store, limit=None, lang=lang), sources=query.sources(store),
                webhook_events=len(fixtures.webhooks.events),
                webhook_duplicates=fixtures.webhooks.duplicates,
                webhook_bad_signatures=fixtures.webhooks.bad_signatures, digest=digest)
        finally:
            store.close()


def _refuse_used_folder(folder: Path) -> None:
    """Refuse a demo folder that already holds a store: the earlier run's sources point at
    a fixture server (and port) that no longer runs, and their items are already stored, so
    a second run there would show every source failing and nothing new."""
    from .._errors import OutputError

    store = folder / "monitor.sqlite"
    if store.exists():
        msg = Message("err_mon_demo_store_exists", folder=str(folder), name=store.name,
                      store=str(store))
        raise OutputError(msg)
