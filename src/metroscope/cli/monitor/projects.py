"""``metroscope monitor projects``: project statuses, their history and evidence, and the
modelled effect of completing one."""

from __future__ import annotations

import typer

from ..._errors import ParameterError
from ...messages import Message
from .._lang import LANG, t, use
from .._output import OutputFormat, emit
from ._shared import DB, FMT, REGION, get_store, not_found

app = typer.Typer(help="Project statuses and their evidence.", no_args_is_help=True)


@app.command("list")
def projects_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Projects, their status and the evidence of the last change."""
    from ...monitor import query

    emit(query.projects(get_store(db)), fmt, title=t("cli_mon_projects"))


@app.command("history")
def projects_history(project_id: str, db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Every status signal of a project with its evidence and confidence."""
    from ...monitor import query

    try:
        df = query.project_history(get_store(db), project_id)
    except KeyError as exc:
        not_found(exc)
    emit(df, fmt, title=t("cli_mon_history", project=project_id))


@app.command("set")
def projects_set(project_id: str, status: str,
                 note: str = typer.Option("", "--note", help="Why (kept as evidence)."),
                 link: str = typer.Option(None, "--link", help="Evidence URL."),
                 db: str = DB) -> None:
    """Set a project's status by hand (origin manual, confidence 1)."""
    from ...monitor import set_status

    store = get_store(db)
    try:
        with store.session() as s, s.begin():
            set_status(s, project_id, status, note=note, link=link)
    except ParameterError as exc:  # a plain ValueError is a bug, not a usage error
        not_found(exc)
    typer.echo(f"{project_id}: {status}")


@app.command("effect")
def projects_effect(project_id: str, db: str = DB, region: str = REGION,
                    lang: str | None = LANG) -> None:
    """The modelled effect of completing a project (its scenario edits)."""
    from ...monitor import project_effect
    from ...monitor.store import Project
    from ..data import open_region

    lang = use(lang)  # the refusal below speaks the asked language too
    store = get_store(db)
    with store.session() as s:
        p = s.get(Project, project_id)
        if p is None:
            raise ParameterError(Message("cli_mon_no_project", project_id=repr(project_id)))
        edits = list(p.edits or [])
    typer.echo(project_effect(open_region(region), project_id, edits).summary(lang))
