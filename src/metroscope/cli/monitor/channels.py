"""``metroscope monitor channels``: alert channels (Apprise URLs, signed webhooks)."""

from __future__ import annotations

import typer

from .._lang import t
from .._output import OutputFormat, emit
from ._shared import DB, FMT, get_store

app = typer.Typer(help="Alert channels (Apprise URLs, signed webhooks).", no_args_is_help=True)


@app.command("list")
def channels_list(db: str = DB, fmt: OutputFormat = FMT) -> None:
    """Channels (URLs and secrets masked)."""
    from ...monitor import query

    emit(query.channels(get_store(db)), fmt, title=t("cli_mon_channels"))


@app.command("add")
def channels_add(
    name: str,
    url: str = typer.Argument(..., help="Apprise URL, webhook URL, or env:NAME / file:PATH."),
    secret: str = typer.Option(None, "--secret", help="Webhook HMAC key as env:NAME or "
                               "file:PATH."),
    kind: str = typer.Option(None, "--kind", help="apprise | webhook (default: guessed)."),
    db: str = DB,
) -> None:
    """Add a channel; route rules to it with "channels": [NAME]."""
    from ...monitor import add_channel
    from ...monitor.alerts import mask

    store = get_store(db, create=True)
    with store.session() as s, s.begin():
        ch = add_channel(s, name, url, kind=kind, secret=secret)
        kind_ = ch.kind
    typer.echo(t("cli_mon_channel_added", kind=kind_, name=name, url=mask(url)))
