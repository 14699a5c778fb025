"""``metroscope monitor rules``: list, add, remove and test (dry run) alert rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..._errors import ParameterError, shorten
from ...messages import Message
from .._lang import t
from .._output import OutputFormat, emit
from ._shared import DB, FMT, get_store, report_named

app = typer.Typer(help="List, add, remove and test (dry run) rules.", no_args_is_help=True)


def _rule_from(file: Path | None, raw: str | None) -> dict[str, Any]:
    import yaml

    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ParameterError(Message("err_mon_rule_unreadable", file=str(file),
                                         reason=exc.strerror or str(exc))) from None
    elif raw:
        text = raw
    else:
        raise ParameterError(Message("err_mon_rule_missing"))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParameterError(Message("err_mon_rule_not_yaml", reason=str(exc))) from None
    if not isinstance(data, dict):
        raise ParameterError(Message("err_mon_rule_not_mapping"))
    return data


@app.command("list")
def rules_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Rules."""
    from ...monitor import query

    emit(query.rules(get_store(db)), fmt, title=t("cli_mon_rules"))


@app.command("add")
def rules_add(file: Path = typer.Option(None, "--file"),
              raw: str = typer.Option(None, "--json", help="The rule as JSON/YAML text."),
              replace: bool = typer.Option(False, "--replace"), db: str = DB) -> None:
    """Add a rule from a YAML/JSON file or text (validated; every problem listed)."""
    from ...monitor import add_rule

    rule = add_rule(get_store(db, create=True), _rule_from(file, raw), replace=replace)
    typer.echo(f"added rule {rule.name}")


@app.command("remove")
def rules_remove(name: str, db: str = DB) -> None:
    """Remove a rule (its alerts stay)."""
    from ...monitor import remove_rule

    report_named(remove_rule(get_store(db), name), "rule", name, "removed rule")


@app.command("test")
def rules_test(name: str = typer.Argument(None, help="A stored rule's name."),
               file: Path = typer.Option(None, "--file"),
               raw: str = typer.Option(None, "--json"),
               db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Dry run: the stored items a rule would alert on. Nothing is written or sent."""
    from sqlalchemy import select

    from ...monitor import dry_run, parse_rule
    from ...monitor.store import Rule

    store = get_store(db)
    if name:
        with store.session() as s:
            row = s.scalar(select(Rule).where(Rule.name == name))
        if row is None:
            raise ParameterError(Message("err_mon_no_rule", got=shorten(name)))
        spec = parse_rule(row.spec)
    else:
        spec = parse_rule(_rule_from(file, raw))
    df = dry_run(store, spec)
    emit(df, fmt, title=t("cli_mon_rule_dry_run", rule=spec.name),
         caption=t("cli_mon_rule_matches", n=len(df)))
