"""``metroscope token``: create, list and revoke the API tokens of ``metroscope serve``.

Only the SHA-256 of a token is stored; the token itself is printed once.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._lang import add_lang, t
from ._output import OutputFormat, emit

app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)

DATA_DIR = typer.Option(None, "--data-dir", help="Folder of tokens.json (default the user's "
                        "data folder, as metroscope serve).")


def _store(data_dir: Path | None):  # type: ignore[no-untyped-def]
    from ..web.config import WebConfig, default_data_dir
    from ..web.tokens import TokenStore

    return TokenStore(WebConfig(data_dir=data_dir or default_data_dir()).tokens_path)


@app.command("create")
def create(
    scope: str = typer.Option("write", "--scope", help="read | write | admin."),
    label: str = typer.Option("", "--label", help="A note to recognise the token by."),
    data_dir: Path = DATA_DIR,
) -> None:
    """Create a token and print it once (only its SHA-256 is stored)."""
    token_id, token = _store(data_dir).create(scope, label=label)
    typer.echo(t("cli_token_created", token_id=token_id, scope=scope), err=True)
    typer.echo(token)


@app.command("list")
def list_cmd(data_dir: Path = DATA_DIR,
             fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f")) -> None:
    """The tokens (id, scope, label, created; never the token)."""
    import pandas as pd

    rows = _store(data_dir).list()
    emit(pd.DataFrame(rows, columns=["id", "scope", "label", "created"]), fmt,
         title=t("cli_token_title"))


@app.command("revoke")
def revoke(token_id: str = typer.Argument(..., help="Token id (see token list)."),
           data_dir: Path = DATA_DIR) -> None:
    """Remove a token."""
    if not _store(data_dir).revoke(token_id):
        typer.echo(t("cli_error", message=t("cli_token_unknown", token_id=repr(token_id))),
                   err=True)
        raise typer.Exit(1)
    typer.echo(t("cli_token_revoked", token_id=token_id))


add_lang(app)  # --lang zh|en: messages in that language
