"""``metroscope monitor``: watch sources, tag items, move projects, alert and digest.

Thin adapters over :mod:`metroscope.monitor` (the library does the work; the web app calls the
same functions). The store is ``--db URL`` or ``METROSCOPE_MONITOR_DATABASE_URL`` or a SQLite
file in the user's data folder.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ._output import OutputFormat, emit

if TYPE_CHECKING:
    from ..monitor.pipeline import Progress, RunReport
    from ..monitor.store import Store

app = typer.Typer(help="Watch projects, policies and indicators; alert and digest.",
                  no_args_is_help=True)
sources_app = typer.Typer(help="List, add, remove, pause and resume sources.",
                          no_args_is_help=True)
rules_app = typer.Typer(help="List, add, remove and test (dry run) rules.", no_args_is_help=True)
projects_app = typer.Typer(help="Project statuses and their evidence.", no_args_is_help=True)
channels_app = typer.Typer(help="Alert channels (Apprise URLs, signed webhooks).",
                           no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(rules_app, name="rules")
app.add_typer(projects_app, name="projects")
app.add_typer(channels_app, name="channels")

DB = typer.Option(None, "--db", help="Store URL (sqlite:///file or postgresql+psycopg://...); "
                  "default METROSCOPE_MONITOR_DATABASE_URL or the user data folder.")
REGION = typer.Option("changchun", "--region", "-r", help="Dataset name or bundle folder.")
FMT = typer.Option(OutputFormat.table, "--format", "-f", help="table | csv | json.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar.")


def _store(db: str | None) -> Store:
    from ..monitor import open_store

    return open_store(db)


@contextlib.contextmanager
def _progress(label: str, quiet: bool) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr (none when quiet or stderr is not a terminal)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[last]}"), console=Console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task(label, total=None, last="")

        def update(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, last=name)

        yield update


def _summary(report: RunReport) -> str:
    failed = sum(o.status == "failed" for o in report.outcomes)
    d = report.deliveries
    sent = f"; deliveries sent {d.sent}, failed {d.failed}, dead {d.dead}" if d else ""
    return (f"{len(report.outcomes)} source(s) checked, {failed} failed; "
            f"{report.new_items} new item(s), {report.new_versions} edited; "
            f"{report.alerts} alert(s){sent}")


@app.command("init")
def init_cmd(
    db: str = DB,
    region: str = REGION,
    watchlist: Path = typer.Option(None, "--watchlist", help="Watchlist TOML (default: the "
                                   "embedded Changchun watchlist)."),
    no_watchlist: bool = typer.Option(False, "--no-watchlist", help="Seed projects only."),
) -> None:
    """Create or upgrade the store and seed the region's projects, sources and rules."""
    from ..monitor import init_monitor
    from ..monitor.watchlist import DEFAULT_WATCHLIST
    from .data import open_region

    store = _store(db)
    rep = init_monitor(store, open_region(region),
                       watchlist=None if no_watchlist else (watchlist or DEFAULT_WATCHLIST))
    typer.echo(f"store {store.display_url()}: added {rep.projects} project(s), "
               f"{rep.sources} source(s), {rep.rules} rule(s)")


# --- sources ---------------------------------------------------------------------------------

@sources_app.command("list")
def sources_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Sources and their health (state, failures, last success, next check)."""
    from ..monitor import query

    emit(query.sources(_store(db)), fmt, title="Sources")


def _selectors(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            msg = f"--selector {v!r}: write KEY=SELECTOR, e.g. item='ul.list li'"
            raise typer.BadParameter(msg)
        k, sel = v.split("=", 1)
        out[k.strip()] = sel.strip()
    return out


@sources_app.command("add")
def sources_add(
    name: str = typer.Argument(..., help="A unique name."),
    url: str = typer.Argument(..., help="Feed or page URL, or an RSSHub route (/gov/...)."),
    kind: str = typer.Option("feed", "--kind", "-k", help="feed | rsshub | page | releases (a statistics bureau's release list)."),
    selector: list[str] = typer.Option([], "--selector", "-s", help="Page watch selector "
                                       "KEY=CSS-or-XPath (item, link, title, date, summary, "
                                       "date_format); repeat."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="Tag every item with this topic."),
    interval: float = typer.Option(60.0, "--interval", help="Polling interval, minutes."),
    language: str = typer.Option(None, "--language", help="zh | en (default: detected)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a source of that name."),
    db: str = DB,
) -> None:
    """Add a feed, an RSSHub route or a page watch."""
    from ..monitor import add_source

    add_source(_store(db), name, url, kind=kind, selectors=_selectors(selector) or None,
               tags=tag, interval_min=interval, language=language, replace=replace)
    typer.echo(f"added source {name} ({kind})")


@sources_app.command("remove")
def sources_remove(name: str, db: str = DB) -> None:
    """Remove a source and its items."""
    from ..monitor import remove_source

    if not remove_source(_store(db), name):
        raise typer.BadParameter(f"no source named {name!r}")
    typer.echo(f"removed source {name}")


@sources_app.command("pause")
def sources_pause(name: str, db: str = DB) -> None:
    """Pause a source (it keeps its items and is not polled)."""
    from ..monitor import pause_source

    if not pause_source(_store(db), name, paused=True):
        raise typer.BadParameter(f"no source named {name!r}")
    typer.echo(f"paused {name}")


@sources_app.command("resume")
def sources_resume(name: str, db: str = DB) -> None:
    """Resume a paused source (due at once)."""
    from ..monitor import pause_source

    if not pause_source(_store(db), name, paused=False):
        raise typer.BadParameter(f"no source named {name!r}")
    typer.echo(f"resumed {name}")


# --- running ---------------------------------------------------------------------------------

def _monitor(db: str | None, region: str) -> Any:
    from ..monitor import Monitor
    from .data import open_region

    return Monitor(_store(db), region=open_region(region))


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
    mon = _monitor(db, region)
    try:
        with _progress("checking sources", quiet) as progress:
            report = mon.run_once(names=source or None, force=force, progress=progress)
    finally:
        mon.close()
    emit(report.to_frame(), fmt, title="Monitor pass", caption=_summary(report))


@app.command("run")
def run_cmd(
    db: str = DB,
    region: str = REGION,
    max_sleep: float = typer.Option(300.0, "--max-sleep", help="Longest wait between passes, "
                                    "seconds."),
    passes: int = typer.Option(0, "--passes", help="Stop after this many passes (0: never)."),
    quiet: bool = QUIET,
) -> None:
    """Poll forever: a pass whenever a source is due. SIGTERM/SIGINT stop after the current
    pass; a kill at any time loses nothing (each source commits in one transaction)."""
    from sqlalchemy import func, select

    from ..monitor.store import Source, utcnow

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    mon = _monitor(db, region)
    done = 0
    try:
        while not stop.is_set():
            with _progress("checking sources", quiet) as progress:
                report = mon.run_once(progress=progress)
            done += 1
            if report.outcomes and not quiet:
                typer.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} UTC: {_summary(report)}", err=True)
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
    from ..monitor import query as q
    from ..monitor.digest import parse_since
    from ..monitor.tagging import Tagger

    start = parse_since(since) if since else None
    df = q.items(_store(db), query=query, source=source, tag=tag, unit=unit, project=project,
                 since=start, limit=limit, tagger=Tagger() if query else None)
    for col in ("tags", "units", "projects"):
        df[col] = df[col].map(",".join)
    cols = ["item_id", "source", "published_at", "title", "tags", "units", "projects", "link"]
    emit(df[cols] if fmt is OutputFormat.table else df, fmt, title="Items")


@projects_app.command("list")
def projects_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Projects, their status and the evidence of the last change."""
    from ..monitor import query

    emit(query.projects(_store(db)), fmt, title="Projects")


@projects_app.command("history")
def projects_history(project_id: str, db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Every status signal of a project with its evidence and confidence."""
    from ..monitor import query

    try:
        df = query.project_history(_store(db), project_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0])) from None
    emit(df, fmt, title=f"Status history of {project_id}")


@projects_app.command("set")
def projects_set(project_id: str, status: str,
                 note: str = typer.Option("", "--note", help="Why (kept as evidence)."),
                 link: str = typer.Option(None, "--link", help="Evidence URL."),
                 db: str = DB) -> None:
    """Set a project's status by hand (origin manual, confidence 1)."""
    from ..monitor import set_status

    store = _store(db)
    try:
        with store.session() as s, s.begin():
            set_status(s, project_id, status, note=note, link=link)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(f"{project_id}: {status}")


@projects_app.command("effect")
def projects_effect(project_id: str, db: str = DB, region: str = REGION,
                    lang: str = typer.Option("en", "--lang", help="zh | en.")) -> None:
    """The modelled effect of completing a project (its scenario edits)."""
    from ..monitor import project_effect
    from ..monitor.store import Project
    from .data import open_region

    store = _store(db)
    with store.session() as s:
        p = s.get(Project, project_id)
        if p is None:
            raise typer.BadParameter(f"unknown project {project_id!r}")
        edits = list(p.edits or [])
    typer.echo(project_effect(open_region(region), project_id, edits).summary(lang))


@app.command("alerts")
def alerts_cmd(
    since: str = typer.Option(None, "--since", help="7d, 24h or a date."),
    show: int = typer.Option(None, "--show", help="Print one alert in full."),
    limit: int = typer.Option(100, "--limit", "-n"),
    db: str = DB,
    fmt: OutputFormat = FMT,
) -> None:
    """Alerts with their delivery state."""
    from ..monitor import query
    from ..monitor.digest import parse_since

    store = _store(db)
    if show is not None:
        try:
            detail = query.alert_detail(store, show)
        except KeyError as exc:
            raise typer.BadParameter(str(exc.args[0])) from None
        if fmt is OutputFormat.json:
            typer.echo(json.dumps(detail, ensure_ascii=False, default=str))
        else:
            typer.echo(f"{detail['title']}\n\n{detail['body']}")
        return
    emit(query.alerts(store, since=parse_since(since) if since else None, limit=limit), fmt,
         title="Alerts")


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
    from .._atomic import check_output_file, write_text
    from ..monitor import build_digest
    from .data import open_region

    if out is not None:
        check_output_file(out, what="the digest")
    r = open_region(region)
    period = since if since in ("daily", "weekly") else "custom"
    doc = build_digest(_store(db), since=since, period=period,
                       unit_names=r.units["name_zh"].astype(str).to_dict())
    if out is not None:
        write_text(out, doc.html, what="the digest")
        typer.echo(f"wrote {out}", err=True)
    typer.echo(doc.text, nl=False)
    if send:
        _send_digest(doc, list(send), period, db)


def _send_digest(doc: Any, channels: list[str], period: str, db: str | None) -> None:
    """Queue the digest for ``channels`` and deliver the outbox now; report each channel."""
    from sqlalchemy import select

    from ..monitor.alerts import deliver_pending
    from ..monitor.digest import queue_digest
    from ..monitor.store import Channel

    store = _store(db)
    with store.session() as s:
        known = set(s.scalars(select(Channel.name).where(Channel.name.in_(channels))))
    unknown = [c for c in channels if c not in known]
    if unknown:
        typer.echo(f"Error: unknown channel(s) {', '.join(unknown)}; add them with "
                   "`metroscope monitor channels add NAME URL`.", err=True)
        raise typer.Exit(2)
    alert_id = queue_digest(store, doc, channels, period=period)
    rep = deliver_pending(store)
    mine = [(name, error) for name, aid, error in rep.failures if aid == alert_id]
    failed = sorted({name for name, _ in mine})
    for name, error in mine:
        typer.echo(f"channel {name}: not delivered ({error}); kept in the outbox and retried "
                   "by `monitor once`/`run`", err=True)
    sent = [c for c in channels if c not in failed]
    if sent:
        typer.echo(f"digest sent to {', '.join(sent)}", err=True)
    if failed:
        raise typer.Exit(1)


# --- rules and channels ------------------------------------------------------------------------

def _rule_from(file: Path | None, raw: str | None) -> dict[str, Any]:
    import yaml

    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise typer.BadParameter(f"cannot read {file}: {exc.strerror}") from None
    elif raw:
        text = raw
    else:
        raise typer.BadParameter("give --file RULE.yaml or --json '{...}'")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise typer.BadParameter(f"not valid YAML/JSON: {exc}") from None
    if not isinstance(data, dict):
        raise typer.BadParameter("a rule is a mapping with name, kind, ...")
    return data


@rules_app.command("list")
def rules_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Rules."""
    from ..monitor import query

    emit(query.rules(_store(db)), fmt, title="Rules")


@rules_app.command("add")
def rules_add(file: Path = typer.Option(None, "--file"),
              raw: str = typer.Option(None, "--json", help="The rule as JSON/YAML text."),
              replace: bool = typer.Option(False, "--replace"), db: str = DB) -> None:
    """Add a rule from a YAML/JSON file or text (validated; every problem listed)."""
    from ..monitor import add_rule

    rule = add_rule(_store(db), _rule_from(file, raw), replace=replace)
    typer.echo(f"added rule {rule.name}")


@rules_app.command("remove")
def rules_remove(name: str, db: str = DB) -> None:
    """Remove a rule (its alerts stay)."""
    from ..monitor import remove_rule

    if not remove_rule(_store(db), name):
        raise typer.BadParameter(f"no rule named {name!r}")
    typer.echo(f"removed rule {name}")


@rules_app.command("test")
def rules_test(name: str = typer.Argument(None, help="A stored rule's name."),
               file: Path = typer.Option(None, "--file"),
               raw: str = typer.Option(None, "--json"),
               db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Dry run: the stored items a rule would alert on. Nothing is written or sent."""
    from sqlalchemy import select

    from ..monitor import dry_run, parse_rule
    from ..monitor.store import Rule

    store = _store(db)
    if name:
        with store.session() as s:
            row = s.scalar(select(Rule).where(Rule.name == name))
        if row is None:
            raise typer.BadParameter(f"no rule named {name!r}")
        spec = parse_rule(row.spec)
    else:
        spec = parse_rule(_rule_from(file, raw))
    df = dry_run(store, spec)
    emit(df, fmt, title=f"Rule {spec.name} (dry run)", caption=f"{len(df)} item(s) would match")


@channels_app.command("list")
def channels_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Channels (URLs and secrets masked)."""
    from ..monitor import query

    emit(query.channels(_store(db)), fmt, title="Channels")


@channels_app.command("add")
def channels_add(
    name: str,
    url: str = typer.Argument(..., help="Apprise URL, webhook URL, or env:NAME / file:PATH."),
    secret: str = typer.Option(None, "--secret", help="Webhook HMAC key as env:NAME or "
                               "file:PATH."),
    kind: str = typer.Option(None, "--kind", help="apprise | webhook (default: guessed)."),
    db: str = DB,
) -> None:
    """Add a channel; route rules to it with "channels": [NAME]."""
    from ..monitor import add_channel
    from ..monitor.alerts import mask

    store = _store(db)
    with store.session() as s, s.begin():
        ch = add_channel(s, name, url, kind=kind, secret=secret)
        kind_ = ch.kind
    typer.echo(f"added {kind_} channel {name}: {mask(url)}")


# --- demo ------------------------------------------------------------------------------------

@app.command("demo")
def demo_cmd(
    workdir: Path = typer.Option(None, "--workdir", help="Folder of the demo store (default a "
                                 "new temporary folder)."),
    quiet: bool = QUIET,
) -> None:
    """The whole pipeline on offline fixtures served from 127.0.0.1: no setup, no network."""
    from ..monitor.demo import run_demo

    with _progress("demo: checking fixture sources", quiet) as progress:
        r = run_demo(workdir=workdir, progress=progress)
    emit(r.first.to_frame(), "table", title="First pass (fixtures on 127.0.0.1)",
         caption=_summary(r.first))
    typer.echo(f"Second pass: {_summary(r.second)}")
    items = r.items.copy()
    for col in ("tags", "units", "projects"):
        items[col] = items[col].map(",".join)
    emit(items[["source", "published_at", "title", "tags", "units", "projects"]], "table",
         title="Items (fixtures: made up, not real news)")
    emit(r.projects[["project_id", "name_zh", "status", "confidence", "evidence"]], "table",
         title="Projects")
    emit(r.alerts[["rule", "kind", "title", "sent", "pending"]], "table", title="Alerts")
    typer.echo(f"Webhook receiver: {r.webhook_events} alert(s) received, "
               f"{r.webhook_duplicates} duplicate(s), {r.webhook_bad_signatures} bad "
               f"signature(s)")
    typer.echo("")
    typer.echo(r.digest.text)
    typer.echo(f"Store: {r.store_url}  (try: metroscope monitor items 高铁 --db "
               f"{r.store_url})")
