"""The ``metroscope`` command line (Typer).

Sub-commands live in their own modules and are attached lazily, so ``metroscope --help``
answers without importing pandas, GeoPandas or SciPy. Library code never prints; this package
owns logging configuration, progress output and exit codes.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from .._errors import MetroscopeError
from ._interrupt import EXIT_INTERRUPTED, EXIT_TERMINATED  # noqa: F401 (the exit codes' home)

# name -> (module, help); each module defines ``app: typer.Typer``
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "data": ("metroscope.cli.data", "List, show, validate, import and export datasets."),
    "analyze": ("metroscope.cli.analyze", "Compute an indicator (primacy, spillover, ...)."),
    "access": ("metroscope.cli.access", "Travel times, isochrones, the 1-hour circle, access."),
    "scenario": ("metroscope.cli.scenario", "List, show, run and compare scenarios."),
    "flows": ("metroscope.cli.flows", "Radiation and gravity flow models, fitting."),
    "report": ("metroscope.cli.report", "Build the bilingual HTML/PDF report."),
    "summary": ("metroscope.cli.summary", "Print a summary of a region."),
    "areas": ("metroscope.cli.areas", "China's national metropolitan areas: list, compare."),
    "screen": ("metroscope.cli.screen", "Opportunity screen of city x sector cells (not advice)."),
    "demo": ("metroscope.cli.demo", "Build the embedded Changchun report and print its summary."),
    "serve": ("metroscope.cli.serve", "Serve the web dashboard and JSON API (127.0.0.1:8000)."),
    "token": ("metroscope.cli.token", "Create, list and revoke API tokens of the web app."),
    "monitor": ("metroscope.cli.monitor", "Watch projects, policies and indicators; alert and "
                "digest."),
}

#: Exit codes: 0 success, 1 a user error (bad data, missing file, refused output), 2 a usage
#: error (unknown option, unknown region, indicator or scenario name, bad value), 3 an internal error (a bug: please report it),
#: 130 interrupted (Ctrl-C), 143 stopped by SIGTERM (cli._interrupt), 141 the reader of stdout
#: went away (``| head``; 128 + SIGPIPE, what a shell reports for a program stopped by a closed
#: pipe).
EXIT_USER, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3
EXIT_PIPE = 141


def _debug_wanted(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get("METROSCOPE_DEBUG", "") not in (
        "", "0")


def _usage_fix(exc: BaseException) -> str | None:
    """The catalogue key of the fix for a usage error, ``None`` when ``exc`` is not one."""
    from .._errors import (
        ParameterError,
        UnknownAreaError,
        UnknownIndicatorError,
        UnknownRegionError,
        UnknownUnitError,
    )

    if isinstance(exc, UnknownUnitError):
        return "cli_fix_unit"
    if isinstance(exc, UnknownAreaError):
        return "cli_fix_area"
    if isinstance(exc, UnknownRegionError):
        return "cli_fix_region"
    if isinstance(exc, UnknownIndicatorError):
        return "cli_fix_indicator"
    if isinstance(exc, ParameterError):
        return "cli_fix_usage"
    if type(exc).__name__ == "UnknownScenarioError":  # no import of pydantic for every error
        return "cli_fix_scenario"
    return None


def classify(exc: BaseException) -> tuple[int, str]:
    """Exit code and one-paragraph message for an exception that reached the command line.

    The one place that maps errors to exit codes: a usage error (an unknown region, indicator
    or scenario name, a bad option value: :class:`~metroscope._errors.ParameterError`) exits
    2 with what was given, what is expected and how to fix it; any other error metroscope
    raises on purpose (bad data, with every problem listed; a missing file; a refused output)
    exits 1; anything else is a bug and exits 3. A plain ``ValueError`` is a bug, not a user
    error. The message is in the run's language (``--lang``).

    Examples
    --------
    >>> from metroscope._errors import UnknownRegionError
    >>> code, message = classify(UnknownRegionError("No embedded dataset named 'x'."))
    >>> code
    2
    >>> classify(ValueError("oops"))[0]
    3
    """
    from .._errors import error_text
    from ._lang import current, t

    fix = _usage_fix(exc)
    if fix is not None:
        text = _paragraph(exc, current()) or error_text(exc, current())
        return EXIT_USAGE, t("cli_error_fix", message=text, fix=t(fix))
    if isinstance(exc, MetroscopeError):
        return EXIT_USER, t("cli_error", message=error_text(exc, current()))
    if isinstance(exc, UnicodeError):
        return EXIT_USER, t("cli_undecodable", detail=_short(str(exc)))
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else ""
        what = exc.strerror or str(exc)
        return EXIT_USER, t("cli_os_error", where=f"{name}: " if name else "", what=what)
    if isinstance(exc, MemoryError):
        return EXIT_USER, t("cli_out_of_memory")
    return EXIT_INTERNAL, t("cli_internal", kind=type(exc).__name__, detail=_short(str(exc)))


def _paragraph(exc: BaseException, lang: str) -> str | None:
    """The one problem of a scenario error as its sentence in ``lang`` (``None`` when ``exc``
    lists none or several: several problems stay a list, one a line)."""
    from .._errors import error_text
    from ..messages import Message

    problems = getattr(exc, "problems", None)
    if not isinstance(problems, list) or len(problems) != 1:
        return None
    one = problems[0]
    if isinstance(one, Message):
        return one.get(lang)
    if hasattr(one, "text"):
        return str(one.text(lang))
    if isinstance(one, BaseException):
        return error_text(one, lang)
    return str(one)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush of what is left in
    its buffer does not fail a second time on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (in-process test runner)
        pass


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more chars)"


def _interrupted(exc: KeyboardInterrupt, args: list[str]) -> typer.Exit:
    """Print "Interrupted." (in the ``--lang`` of ``args`` when the command has not read it yet)
    and return the exit to raise: 130 for Ctrl-C, 143 for SIGTERM."""
    from ._interrupt import exit_code, message

    typer.echo(message(args), err=True)
    return typer.Exit(exit_code(exc))


class _Group(TyperGroup):
    """The root group: maps exceptions to exit codes and one message, no traceback unless
    ``--debug``; NumPy floating-point warnings are logged (``-v``), never printed raw."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        """Parse the command line; an interrupt meanwhile prints "Interrupted." (Typer would
        exit 130 without a word)."""
        argv = list(args)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except KeyboardInterrupt as exc:
            raise _interrupted(exc, argv) from None
        ctx.meta["metroscope.argv"] = argv
        return ctx

    def invoke(self, ctx: Any) -> Any:
        import warnings

        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=RuntimeWarning)
                return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (cli._interrupt)
            if _debug_wanted(ctx):
                raise
            raise _interrupted(exc, ctx.meta.get("metroscope.argv", [])) from None
        except BrokenPipeError:
            # the reader stopped early (`metroscope ... | head`): nothing is wrong, say nothing
            _silence_stdout()
            raise typer.Exit(EXIT_PIPE) from None
        except Exception as exc:
            if _debug_wanted(ctx):
                raise
            from ._lang import adopt

            adopt(ctx.meta.get("metroscope.argv", []))  # a check that ran before --lang
            code, message = classify(exc)
            typer.echo(_wrap_problems(message), err=True)
            raise typer.Exit(code) from None


def _wrap_problems(message: str) -> str:
    """The ``  - `` problem lines of an error wrapped at the terminal's width, with a hanging
    indent under the problem's text (other lines, such as a usage error's one paragraph, stay
    as they are)."""
    if "\n  - " not in message:
        return message
    from rich.console import Console

    from ._layout import wrap_text

    width = Console(stderr=True).width
    out: list[str] = []
    for line in message.splitlines():
        out += wrap_text(line, width, "    ") if line.startswith("  - ") else [line]
    return "\n".join(out)


def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress (INFO) to stderr."),
    debug: bool = typer.Option(False, "--debug", help="Show the Python traceback of an error."),  # noqa: ARG001 (read by _Group)
) -> None:
    from . import _lang

    _lang.reset()
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the *current* ``sys.stderr`` (so in-process runs capture the messages)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def make_app(args: list[str] | None = None) -> typer.Typer:
    """The root Typer app with the sub-command named in ``args`` attached (only that one is
    imported; the others get cheap stand-ins so that ``--help`` lists them).

    Tests run commands in-process with ``CliRunner().invoke(make_app(argv), argv)``.
    """
    root = typer.Typer(
        name="metroscope",
        help="metroscope: measure, simulate and monitor metropolitan areas (都市圈).",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        cls=_Group,
    )
    root.callback()(_root)
    argv = sys.argv[1:] if args is None else args
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, (module, help_text) in SUBCOMMANDS.items():
        if wanted == name:  # only the chosen group is imported (a renamed module is a bug)
            target = importlib.import_module(module).app
            if isinstance(target, typer.Typer):
                root.add_typer(target, name=name, help=help_text)
            else:
                root.command(name=name, help=help_text)(target)
        else:
            root.add_typer(typer.Typer(help=help_text), name=name, help=help_text)
    return root


app = make_app([])


#: Set for the command's own process before any OpenMP runtime loads, unless the user set it:
#: GNU OpenMP's default *active* wait keeps idle Numba workers spinning after each parallel
#: region, and on a machine whose cores are busy with other work the next region (or threaded
#: BLAS) then waits for them; passive waiting made the 2SFCA kernels 1.9x and E2SFCA 1.9x faster
#: at load 4.5 here (benchmarks/README.md). The library itself leaves the variable alone: it
#: would change every OpenMP runtime in a user's process.
OPENMP_ENV = {"OMP_WAIT_POLICY": "PASSIVE"}


def main() -> None:
    """Entry point of the ``metroscope`` console script."""
    from ._interrupt import install

    install()  # SIGTERM ends the run as Ctrl-C does: outputs cleaned up, exit 143
    for name, value in OPENMP_ENV.items():
        os.environ.setdefault(name, value)
    try:
        app = make_app()  # imports the chosen sub-command (pandas, ...): an interrupt may land
    except KeyboardInterrupt as exc:
        raise SystemExit(_interrupted(exc, sys.argv[1:]).exit_code) from None
    app()
