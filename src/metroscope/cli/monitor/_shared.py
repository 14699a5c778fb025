"""Options and helpers shared by the ``metroscope monitor`` commands: the store, the progress
bar, the one-line summary of a pass and the monitor of a region."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from .._output import OutputFormat

if TYPE_CHECKING:
    from ...monitor.outcomes import Progress, RunReport
    from ...monitor.store import Store

DB = typer.Option(None, "--db", help="Store URL (sqlite:///file or postgresql+psycopg://...); "
                  "default METROSCOPE_MONITOR_DATABASE_URL or the user data folder.")
REGION = typer.Option("changchun", "--region", "-r", help="Dataset name or bundle folder.")
FMT = typer.Option(OutputFormat.table, "--format", "-f", help="table | csv | json.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar.")


def get_store(db: str | None, *, create: bool = False) -> Store:
    """The store at ``db`` (default URL when ``None``). Only ``create=True`` (``init`` and the
    ``add`` commands) may create a SQLite file: any other command refuses a missing one, so a
    mistyped ``--db`` path is an error, not a new empty store that answers "nothing".

    Raises
    ------
    StoreError
        A SQLite file that does not exist (without ``create``), or from
        :func:`~metroscope.monitor.open_store`.
    """
    from ...monitor import open_store

    if not create:
        _require_sqlite_file(db)
    return open_store(db)


def _require_sqlite_file(db: str | None) -> None:
    from pathlib import Path

    import sqlalchemy as sa

    from ...messages import Message
    from ...monitor.store import StoreError, default_url

    try:
        url = sa.engine.make_url(db or default_url())
    except sa.exc.ArgumentError:
        return  # open_store says what is wrong with the URL
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or name in ("", ":memory:") or name.startswith("file:"):
        return
    if not Path(name).exists():
        init = "metroscope monitor init" + (f" --db {db}" if db else "")
        raise StoreError(Message("cli_mon_no_store", path=name, init=init))


@contextlib.contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Progress | None]:
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


def summary(report: RunReport) -> str:
    from .._lang import t

    failed = sum(o.status == "failed" for o in report.outcomes)
    d = report.deliveries
    sent = t("cli_mon_deliveries", sent=d.sent, failed=d.failed, dead=d.dead) if d else ""
    return t("cli_mon_summary", checked=len(report.outcomes), failed=failed,
             new=report.new_items, edited=report.new_versions, alerts=report.alerts, sent=sent)


def monitor_for(db: str | None, region: str) -> Any:
    from ...monitor import Monitor
    from ..data import open_region

    return Monitor(get_store(db), region=open_region(region))


def report_named(found: bool, what: str, name: str, done: str) -> None:
    """Say ``done`` (a catalogue key taking ``name``) when the store had a ``what`` (``rule``
    or ``source``) of that name, else a usage error, in the run's language."""
    from ..._errors import ParameterError
    from ...messages import Message
    from .._lang import t

    if not found:
        raise ParameterError(Message("cli_mon_no_named", name=repr(name),
                                     what=Message(f"cli_mon_what_{what}")))
    typer.echo(t(done, name=name))


def not_found(exc: BaseException) -> NoReturn:
    """Say that what was asked for (an alert, a project, a status) is not there, in the run's
    language, and exit with the usage code (2)."""
    from ..._errors import error_text
    from .._lang import current, t

    typer.echo(t("cli_error", message=error_text(exc, current())), err=True)
    raise typer.Exit(2)
