"""``metroscope monitor sources``: list, add, remove, pause and resume sources."""

from __future__ import annotations

import typer

from ..._errors import ParameterError
from ...messages import Message
from .._lang import t
from .._output import OutputFormat, emit
from ._shared import DB, FMT, get_store, report_named

app = typer.Typer(help="List, add, remove, pause and resume sources.", no_args_is_help=True)


@app.command("list")
def sources_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Sources and their health (state, failures, last success, next check)."""
    from ...monitor import query

    emit(query.sources(get_store(db)), fmt, title=t("cli_mon_sources"))


def _selectors(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise ParameterError(Message("cli_mon_selector_form", got=repr(v)))
        k, sel = v.split("=", 1)
        out[k.strip()] = sel.strip()
    return out


@app.command("add")
def sources_add(
    name: str = typer.Argument(..., help="A unique name."),
    url: str = typer.Argument(..., help="Feed or page URL, or an RSSHub route (/gov/...)."),
    kind: str = typer.Option("feed", "--kind", "-k", help="feed | rsshub | page | releases (a "
                             "statistics bureau's release list)."),
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
    from ...monitor import add_source

    if selector and kind != "page":
        raise ParameterError(Message("cli_mon_selector_kind", kind=repr(kind)))
    add_source(get_store(db, create=True), name, url, kind=kind, selectors=_selectors(selector) or None,
               tags=tag, interval_min=interval, language=language, replace=replace)
    typer.echo(t("cli_mon_source_added", name=name, kind=kind))
    note_refused_host(url, kind)


def note_refused_host(url: str, kind: str) -> None:
    """Print (stderr, in the run's language) that the SSRF gate will refuse every fetch of a
    new source whose host is known to be local without DNS (a loopback, private or reserved
    IP literal, or localhost, not allow-listed); nothing for an RSSHub route, whose host is
    the configured RSSHub, checked at fetch time."""
    from ...monitor.config import get_config
    from ...monitor.gate import check_url_syntax, known_local_problem

    if kind != "rsshub" and known_local_problem(url, get_config().allow_private_hosts):
        typer.echo(t("cli_mon_source_local", host=check_url_syntax(url).host), err=True)


@app.command("remove")
def sources_remove(name: str, db: str = DB) -> None:
    """Remove a source and its items."""
    from ...monitor import remove_source

    report_named(remove_source(get_store(db), name), "source", name, "cli_mon_removed_source")


@app.command("pause")
def sources_pause(name: str, db: str = DB) -> None:
    """Pause a source (it keeps its items and is not polled)."""
    from ...monitor import pause_source

    report_named(pause_source(get_store(db), name, paused=True), "source", name, "cli_mon_paused")


@app.command("resume")
def sources_resume(name: str, db: str = DB) -> None:
    """Resume a paused source (due at once)."""
    from ...monitor import pause_source

    report_named(pause_source(get_store(db), name, paused=False), "source", name, "cli_mon_resumed")
