"""``metroscope monitor``: watch sources, tag items, move projects, alert and digest.

Thin adapters over :mod:`metroscope.monitor` (the library does the work; the web app calls the
same functions). The store is ``--db URL`` or ``METROSCOPE_MONITOR_DATABASE_URL`` or a SQLite
file in the user's data folder. The sub-commands live by concept in :mod:`.sources`,
:mod:`.projects`, :mod:`.rules` and :mod:`.channels`.
"""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Any

import typer

from ...messages import text
from .._lang import add_lang, current, t
from .._output import OutputFormat, emit
from . import channels, projects, rules, sources
from ._shared import (
    DB,
    FMT,
    QUIET,
    REGION,
    get_store,
    monitor_for,
    not_found,
    progress_bar,
    summary,
)

app = typer.Typer(help="Watch projects, policies and indicators; alert and digest.",
                  no_args_is_help=True)
app.add_typer(sources.app, name="sources")
app.add_typer(rules.app, name="rules")
app.add_typer(projects.app, name="projects")
app.add_typer(channels.app, name="channels")


@app.command("init")
def init_cmd(
    db: str = DB,
    region: str = REGION,
    watchlist: Path = typer.Option(None, "--watchlist", help="Watchlist TOML (default: the "
                                   "embedded Changchun watchlist)."),
    no_watchlist: bool = typer.Option(False, "--no-watchlist", help="Seed projects only."),
) -> None:
    """Create or upgrade the store and seed the region's projects, sources and rules."""
    from ...monitor import init_monitor, query
    from ...monitor.watchlist import DEFAULT_WATCHLIST, check_watchlist, load_watchlist
    from ..data import open_region
    from .sources import note_refused_host

    # the region and the whole watchlist are checked before the store is created or written:
    # a typo in either leaves no new file and no half-seeded store
    reg = open_region(region)
    wl = None if no_watchlist else load_watchlist(watchlist or DEFAULT_WATCHLIST)
    if wl is not None:
        check_watchlist(wl)
    store = get_store(db, create=True)
    had = set(query.sources(store)["name"])
    rep = init_monitor(store, reg, watchlist=wl)
    typer.echo(t("cli_mon_init", store=store.display_url(), projects=rep.projects,
                 sources=rep.sources, rules=rep.rules))
    for src in (wl or {}).get("sources") or []:  # the new ones, noted as sources add does
        if src["name"] not in had:
            note_refused_host(src["url"], src.get("kind", "feed"))


# --- running ---------------------------------------------------------------------------------

@app.command("once")
def once_cmd(
    db: str = DB,
    region: str = REGION,
    source: list[str] = typer.Option([], "--source", help="Only these sources (repeat)."),
    force: bool = typer.Option(False, "--force", help="Check even if not due."),
    quiet: bool = QUIET,
    fmt: OutputFormat = FMT,
) -> None:
    """One pass over the due sources (for cron): fetch, tag, alert, deliver."""
    if source:
        from ...monitor import query

        known = set(query.sources(get_store(db))["name"])
        unknown = [s for s in source if s not in known]
        if unknown:
            # a usage error of typer's (this group is also run on its own), in the run's language
            msg = t("cli_mon_unknown_sources", names=", ".join(map(repr, unknown)),
                    known=", ".join(sorted(known)) or t("cli_mon_no_sources"))
            raise typer.BadParameter(msg, param_hint="--source")
    mon = monitor_for(db, region)
    try:
        with progress_bar(t("cli_mon_checking"), quiet) as progress:
            report = mon.run_once(names=source or None, force=force, progress=progress)
    finally:
        mon.close()
    emit(report.to_frame(), fmt, title=t("cli_mon_pass"), caption=summary(report))


@app.command("run")
def run_cmd(
    db: str = DB,
    region: str = REGION,
    max_sleep: float = typer.Option(300.0, "--max-sleep", min=1.0, max=86400.0,
                                    help="Longest wait between passes, seconds (1-86400)."),
    passes: int = typer.Option(0, "--passes", min=0, help="Stop after this many passes (0: "
                               "never)."),
    quiet: bool = QUIET,
) -> None:
    """Poll forever: a pass whenever a source is due.

    SIGTERM/SIGINT stop after the current pass; a kill at any time loses nothing (each source
    commits in one transaction).
    """
    from sqlalchemy import func, select

    from ...monitor.store import Source, utcnow

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    mon = monitor_for(db, region)
    done = 0
    try:
        while not stop.is_set():
            with progress_bar(t("cli_mon_checking"), quiet) as progress:
                report = mon.run_once(progress=progress)
            done += 1
            if report.outcomes and not quiet:
                typer.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} UTC: {summary(report)}", err=True)
            if passes and done >= passes:
                break
            with mon.store.session() as s:
                nxt = s.scalar(select(func.min(Source.next_check_at)).where(
                    Source.state != "paused"))
            wait = max_sleep if nxt is None else (nxt - utcnow()).total_seconds()
            stop.wait(min(max(wait, 1.0), max_sleep))
    finally:
        mon.close()


# --- reading ---------------------------------------------------------------------------------

@app.command("items")
def items_cmd(
    query: str = typer.Argument(None, help="Full-text search (e.g. 高铁, 长四辽通)."),
    source: str = typer.Option(None, "--source"),
    tag: str = typer.Option(None, "--tag", help="Topic tag (transport, policy, ...)."),
    unit: str = typer.Option(None, "--unit", help="Unit code (220100)."),
    project: str = typer.Option(None, "--project", help="Project id."),
    since: str = typer.Option(None, "--since", help="Stored since: 7d, 24h or a date."),
    limit: int = typer.Option(50, "--limit", "-n"),
    db: str = DB,
    fmt: OutputFormat = FMT,
) -> None:
    """Search the stored items (newest first)."""
    from ...monitor import query as q
    from ...monitor.digest import parse_since
    from ...monitor.tagging import Tagger

    start = parse_since(since) if since else None
    df = q.items(get_store(db), query=query, source=source, tag=tag, unit=unit, project=project,
                 since=start, limit=limit, tagger=Tagger() if query else None)
    if fmt is not OutputFormat.json:  # JSON keeps the lists, as /api/v1/items answers
        for col in ("tags", "units", "projects"):
            df[col] = df[col].map(",".join)
    cols = ["item_id", "source", "published_at", "title", "tags", "units", "projects", "link"]
    emit(df[cols] if fmt is OutputFormat.table else df, fmt, title=t("cli_mon_items"))


@app.command("alerts")
def alerts_cmd(
    since: str = typer.Option(None, "--since", help="7d, 24h or a date."),
    show: int = typer.Option(None, "--show", help="Print one alert in full."),
    limit: int = typer.Option(100, "--limit", "-n"),
    db: str = DB,
    fmt: OutputFormat = FMT,
) -> None:
    """Alerts with their delivery state."""
    from ...monitor import query
    from ...monitor.digest import parse_since

    start = parse_since(since) if since else None  # a usage error before the store is opened
    store = get_store(db)
    if show is not None:
        try:
            detail = query.alert_detail(store, show)
        except KeyError as exc:
            not_found(exc)
        if fmt is OutputFormat.json:
            typer.echo(json.dumps(detail, ensure_ascii=False, default=str))
        else:
            from ...monitor.alerts import alert_title

            title = alert_title(detail["title"], detail.get("payload"), current())
            typer.echo(f"{title}\n\n{detail['body']}")
            for d in query.deliveries(store, show):  # a failed delivery says why
                if d["last_error"]:
                    typer.echo(t("cli_mon_delivery", channel=d["channel"],
                                 state=t(f"cli_mon_delivery_{d['state']}"),
                                 attempts=d["attempts"],
                                 error=text(d["last_error"], current())))
        return
    emit(query.alerts(store, since=start, limit=limit, lang=current()), fmt,
         title=t("cli_mon_alerts"))


@app.command("digest")
def digest_cmd(
    since: str = typer.Option("7d", "--since", help="7d, 24h, daily, weekly or a date."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the HTML digest here."),
    send: list[str] = typer.Option(None, "--send", help="Also deliver it to this channel "
                                   "(repeatable; see `monitor channels`): e-mail gets HTML, "
                                   "other channels text, webhooks JSON with both."),
    region: str = REGION,
    db: str = DB,
) -> None:
    """The bilingual digest of a period (text to stdout, HTML with --out, channels with --send)."""
    from ..._atomic import check_output_file, write_text
    from ...monitor import build_digest
    from ...monitor.digest import parse_since
    from ..data import open_region

    parse_since(since)  # a usage error before the store is opened
    if out is not None:
        from .._output import make_folders

        check_output_file(out, what="the digest")
        make_folders(out)  # a missing folder is created and said on stderr
    if send:  # before the digest is built, printed and stored: an unknown name does nothing
        _require_channels(list(send), db)
    r = open_region(region)
    period = since if since in ("daily", "weekly") else "custom"
    doc = build_digest(get_store(db), since=since, period=period,
                       unit_names=r.units["name_zh"].astype(str).to_dict())
    if out is not None:
        write_text(out, doc.html, what="the digest")
        typer.echo(t("cli_mon_wrote", path=out), err=True)
    typer.echo(doc.text, nl=False)
    if send:
        _send_digest(doc, list(send), period, db)


def _require_channels(channels: list[str], db: str | None) -> None:
    """Exit 2 naming every channel of ``channels`` the store does not have."""
    from sqlalchemy import select

    from ...monitor.store import Channel

    with get_store(db).session() as s:
        known = set(s.scalars(select(Channel.name).where(Channel.name.in_(channels))))
    unknown = [c for c in channels if c not in known]
    if unknown:
        typer.echo(t("cli_mon_unknown_channels", names=unknown), err=True)
        raise typer.Exit(2)


def _send_digest(doc: Any, channels: list[str], period: str, db: str | None) -> None:
    """Queue the digest for ``channels`` and deliver the outbox now; report each channel."""
    from ...monitor.alerts import deliver_pending
    from ...monitor.digest import queue_digest

    store = get_store(db)
    alert_id = queue_digest(store, doc, channels, period=period)
    rep = deliver_pending(store)
    mine = [(name, error) for name, aid, error in rep.failures if aid == alert_id]
    failed = sorted({name for name, _ in mine})
    for name, error in mine:
        typer.echo(t("cli_mon_not_delivered", name=name, error=text(error, current())),
                   err=True)
    sent = [c for c in channels if c not in failed]
    if sent:
        typer.echo(t("cli_mon_digest_sent", channels=sent), err=True)
    if failed:
        raise typer.Exit(1)


# --- demo ------------------------------------------------------------------------------------

@app.command("demo")
def demo_cmd(
    workdir: Path = typer.Option(None, "--workdir", help="Folder of the demo store (default a "
                                 "new temporary folder)."),
    quiet: bool = QUIET,
) -> None:
    """The whole pipeline on offline fixtures served from 127.0.0.1: no setup, no network."""
    import pandas as pd

    from ...monitor.demo import run_demo

    with progress_bar(t("cli_mon_demo_progress"), quiet) as progress:
        r = run_demo(workdir=workdir, progress=progress, lang=current())
    # the error column explains demo-broken: kept first at any width
    emit(r.first.to_frame(), "table", title=t("cli_mon_demo_first"),
         caption=summary(r.first), prefer=("status", "error"))
    typer.echo(t("cli_mon_demo_second", summary=summary(r.second)))
    items = r.items.copy()
    for col in ("tags", "units", "projects"):
        items[col] = items[col].map(",".join)
    # minutes in Beijing time (16 cells) instead of a full ISO timestamp (25): room for titles
    published = pd.to_datetime(items["published_at"], utc=True).dt.tz_convert("Asia/Shanghai")
    items["published_beijing"] = published.dt.strftime("%Y-%m-%d %H:%M")
    emit(items[["source", "published_beijing", "title", "tags", "units", "projects"]], "table",
         title=t("cli_mon_demo_items"), prefer=("title",))
    emit(r.projects[["project_id", "name_zh", "status", "confidence", "evidence"]], "table",
         title=t("cli_mon_projects"))
    emit(r.alerts[["rule", "kind", "title", "sent", "pending"]], "table", title=t("cli_mon_alerts"))
    typer.echo(t("cli_mon_demo_webhook", events=r.webhook_events,
                 duplicates=r.webhook_duplicates, bad=r.webhook_bad_signatures))
    typer.echo("")
    typer.echo(r.digest.text)
    typer.echo(t("cli_mon_demo_store", url=r.store_url))


add_lang(app)  # every monitor command takes --lang zh|en (after its sub-groups are added)
