"""``metroscope monitor rules``: list, add, remove and test (dry run) alert rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..._errors import ParameterError
from ...messages import Message
from .._lang import t
from .._output import OutputFormat, emit
from ._shared import DB, FMT, get_store, report_named

app = typer.Typer(help="List, add, remove and test (dry run) rules.", no_args_is_help=True)


def _rule_from(file: Path | None, raw: str | None) -> dict[str, Any]:
    """The rule of ``--file`` or ``--json`` as a mapping. A file that cannot be read, YAML or
    JSON that does not parse (its line and column, as a scenario file's) and text that is not
    a mapping are a :class:`~metroscope.monitor.RuleError` naming the file (or ``--json``),
    in the run's language."""
    import yaml

    from ..._errors import FileFormatError
    from ...monitor.rules import RuleError
    from ...scenario._spec_yaml import load_yaml, syntax_problem

    if file is not None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise FileFormatError(Message("err_cannot_read", path=str(file),
                                          reason=reason or str(exc))) from None
    elif raw:
        text = raw
    else:
        raise ParameterError(Message("cli_mon_rule_no_input"))
    where: str = str(file) if file is not None else Message("err_rule_ctx_json")
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise RuleError([syntax_problem(exc, "YAML")], context=where) from None
    if not isinstance(data, dict):
        raise RuleError([Message("err_rule_not_mapping", got=type(data).__name__)],
                        context=where)
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
    typer.echo(t("cli_mon_rule_added", name=rule.name))


@app.command("remove")
def rules_remove(name: str, db: str = DB) -> None:
    """Remove a rule (its alerts stay)."""
    from ...monitor import remove_rule

    report_named(remove_rule(get_store(db), name), "rule", name, "cli_mon_removed_rule")


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
            from ..._errors import ParameterError
            from ...messages import Message

            raise ParameterError(Message("cli_mon_no_named", name=repr(name),
                                         what=Message("cli_mon_what_rule")))
        spec = parse_rule(row.spec)
    else:
        spec = parse_rule(_rule_from(file, raw))
    df = dry_run(store, spec)
    emit(df, fmt, title=t("cli_mon_rule_dry_run", rule=spec.name),
         caption=t("cli_mon_rule_matches", n=len(df)))
