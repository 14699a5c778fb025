"""The ``metroscope`` command line (Typer).

Sub-commands live in their own modules and are attached lazily, so ``metroscope --help``
answers without importing pandas, GeoPandas or SciPy. Library code never prints; this package
owns logging configuration, progress output and exit codes.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys

import typer

from .._errors import MetroscopeError

# name -> (module, help); each module defines ``app: typer.Typer``
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "data": ("metroscope.cli.data", "List, show, validate, import and export datasets."),
    "analyze": ("metroscope.cli.analyze", "Compute an indicator (primacy, spillover, ...)."),
    "access": ("metroscope.cli.access", "Travel times, isochrones, the 1-hour circle, access."),
    "scenario": ("metroscope.cli.scenario", "List, show, run and compare scenarios."),
    "flows": ("metroscope.cli.flows", "Radiation and gravity flow models, fitting."),
    "report": ("metroscope.cli.report", "Build the bilingual HTML/PDF report."),
    "summary": ("metroscope.cli.summary", "Print a summary of a region."),
    "demo": ("metroscope.cli.demo", "Build the embedded Changchun report and print its summary."),
    "serve": ("metroscope.cli.serve", "Serve the web dashboard and JSON API (127.0.0.1:8000)."),
    "token": ("metroscope.cli.token", "Create, list and revoke API tokens of the web app."),
    "monitor": ("metroscope.cli.monitor", "Watch projects, policies and indicators; alert and "
                "digest."),
}

app = typer.Typer(
    name="metroscope",
    help="metroscope: measure, simulate and monitor metropolitan areas (都市圈).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress (INFO) to stderr."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _register() -> None:
    """Attach the sub-commands. Only the one being run is imported (see :func:`main`)."""
    wanted = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    for name, (module, help_text) in SUBCOMMANDS.items():
        if wanted == name:
            try:
                sub = importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
                continue
            target = sub.app
            if isinstance(target, typer.Typer):
                app.add_typer(target, name=name, help=help_text)
            else:
                app.command(name=name, help=help_text)(target)
        elif importlib.util.find_spec(module) is not None:
            # a cheap stand-in so that `metroscope --help` lists it
            app.add_typer(typer.Typer(help=help_text), name=name, help=help_text)


def main() -> None:
    """Entry point of the ``metroscope`` console script."""

    _register()
    try:
        app()
    except MetroscopeError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise SystemExit(1) from None
