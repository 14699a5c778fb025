"""``metroscope serve``: the web dashboard and JSON API (uvicorn).

    metroscope serve                       # the embedded Changchun area on 127.0.0.1:8000
    metroscope serve --region my-bundle --port 8080 --read-only
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._lang import LANG, t, use


def app(
    region: str = typer.Option("changchun", "--region", "-r",
                               help="Embedded dataset or bundle folder served by default."),
    db: str = typer.Option(None, "--db", help="Monitor database URL (SQLAlchemy), default "
                           "the monitor's: monitor.sqlite in the user's data folder."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    read_only: bool = typer.Option(False, "--read-only", help="Refuse every write, even "
                                   "with a token."),
    demo: bool = typer.Option(False, "--demo", help="Seed a fresh monitor database "
                              "(DATA_DIR/monitor-demo) from the monitor's offline fixtures "
                              "first, as 'metroscope monitor demo' does, and serve it."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of tokens.json and saved "
                                  "scenarios (default the user's data folder)."),
    private_reads: bool = typer.Option(False, "--private-reads", help="Reads need a token "
                                       "of scope read too."),
    lang: str | None = LANG,
) -> None:
    """Serve the dashboard and the JSON API (/api/v1, OpenAPI at /api/v1/openapi.json)."""
    from ..monitor import StoreError, open_store
    from ..web import WebConfig, run_server
    from ..web.config import default_data_dir

    use(lang)  # the start-up lines and errors in this language (the pages choose their own)
    if db and demo:
        typer.echo(t("cli_error", message=t("cli_serve_db_and_demo")), err=True)
        raise typer.Exit(2)
    config = WebConfig(region=region, db_url=db, data_dir=data_dir or default_data_dir(),
                       read_only=read_only, public_reads=not private_reads, demo=demo)
    if not demo:
        try:  # fail now, with the reason, rather than on the first monitor page
            open_store(config.monitor_url).close()
        except StoreError as exc:
            from .._errors import error_text
            from ._lang import current

            typer.echo(t("cli_error", message=error_text(exc, current())), err=True)
            raise typer.Exit(1) from None
    else:
        typer.echo(t("cli_serve_seeding"), err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        reads = t("cli_serve_reads_public" if config.public_reads else "cli_serve_reads_token")
        typer.echo(t("cli_serve_listening", host=host, reads=reads), err=True)
    typer.echo(t("cli_serve_serving", region=region, host=host, port=port), err=True)
    run_server(config, host=host, port=port)
