"""The language of one command-line run: ``--lang zh|en`` on a command, else
``METROSCOPE_LANGUAGE`` (default ``en``).

The root command resets it before every run (:func:`reset`), so an in-process test runner
never carries one run's language into the next.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, Optional

import typer

_chosen: str | None = None

#: The ``--lang`` option of the commands that print tables and messages.
LANG = typer.Option(None, "--lang", help="Language of labels and messages: zh | en "
                    "(default METROSCOPE_LANGUAGE, else en).")


#: unknown values of METROSCOPE_LANGUAGE already told about
_warned: set[str] = set()


def reset() -> None:
    """Forget a language chosen by an earlier run (the root callback calls it)."""
    global _chosen
    _chosen = None


def use(lang: str | None) -> str:
    """Make ``lang`` the run's language: ``zh`` or ``en``; ``None`` (no ``--lang``) means
    ``METROSCOPE_LANGUAGE``, never the language of an earlier run in the same process.

    Raises
    ------
    ParameterError
        When ``lang`` is neither ``zh`` nor ``en`` (the command line exits with code 2).

    Examples
    --------
    >>> use("zh"), current()
    ('zh', 'zh')
    >>> reset()
    """
    global _chosen
    if lang is not None and lang not in ("zh", "en"):
        from .._errors import ParameterError, shorten
        from ..messages import Message

        # said in METROSCOPE_LANGUAGE's language (English without it)
        raise ParameterError(Message("cli_bad_lang", got=shorten(lang)))
    _chosen = lang
    return current()


#: ``--lang`` of the commands whose tables are Chinese unless asked otherwise (``areas``,
#: ``screen``): ``METROSCOPE_LANGUAGE`` still chooses when the option is not given.
LANG_ZH = typer.Option(None, "--lang", help="Labels in zh or en (default METROSCOPE_LANGUAGE, "
                       "else zh).")


def use_zh_default(lang: str | None) -> str:
    """The label language of a command that prints Chinese by default: ``--lang`` first (the
    run's language, as :func:`use`), then ``METROSCOPE_LANGUAGE`` (``zh`` or ``en``), else
    ``zh`` for the labels (messages then keep the run's default, as before).

    Raises
    ------
    ParameterError
        When ``lang`` is neither ``zh`` nor ``en`` (exit code 2), as :func:`use`.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("METROSCOPE_LANGUAGE", None) and None
    >>> use_zh_default(None), use_zh_default("en")
    ('zh', 'en')
    >>> reset()
    """
    import os

    if lang is None and os.environ.get("METROSCOPE_LANGUAGE", "") not in ("zh", "en"):
        return "zh"
    return use(lang)


def current(args: Sequence[str] = ()) -> str:
    """The run's language: the one chosen with ``--lang``, else ``METROSCOPE_LANGUAGE``.

    ``args`` (the command line) is for a message printed before the command has read its
    options: a ``--lang zh|en`` in them is the run's language then.

    Examples
    --------
    >>> current(["flows", "--lang=zh"]), current(["--lang", "fr"]) == current()
    ('zh', True)
    """
    if _chosen is not None:
        return _chosen
    given = _given(args)
    if given is not None:
        return given
    import os

    env = os.environ.get("METROSCOPE_LANGUAGE", "")
    if env in ("zh", "en"):
        return env
    if env.strip() and env not in _warned:  # told once a process, on stderr, in both languages
        import sys

        from ..messages import render

        _warned.add(env)
        got = repr(env[:20])
        print(render("cli_bad_env_lang", "zh", {"got": got}) + "\n"
              + render("cli_bad_env_lang", "en", {"got": got}), file=sys.stderr)
    return "en"


def adopt(args: Sequence[str]) -> str:
    """The run's language, choosing the ``--lang zh|en`` of ``args`` when the command has not
    chosen one yet: an option's check that failed while the options were read (before
    ``--lang``) is then printed in the asked language, not in the default.

    Examples
    --------
    >>> reset(); adopt(["access", "circle", "--minutes", "-5", "--lang", "zh"]), current()
    ('zh', 'zh')
    >>> reset()
    """
    if _chosen is None:
        given = _given(args)
        if given is not None:
            return use(given)
    return current()


def _given(args: Sequence[str]) -> str | None:
    """The ``zh``/``en`` after the first ``--lang`` of ``args``, else None."""
    for i, arg in enumerate(args):
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg[len("--lang="):] if "=" in arg else (args[i + 1] if i + 1 < len(args)
                                                             else "")
            return value if value in ("zh", "en") else None
    return None


def t(key: str, **params: Any) -> str:
    """The catalogue message ``key`` in the run's language."""
    from ..messages import render

    return render(key, current(), params)


def mode_label(mode: str) -> str:
    """A routing mode (``rail``, ``road``, ``fastest``) in the run's language; any other text
    as it is.

    Examples
    --------
    >>> use("zh"), mode_label("rail"), mode_label("walk")
    ('zh', '铁路', 'walk')
    >>> reset()
    """
    from ..messages import CATALOGUE

    return t(f"mode_{mode}") if f"mode_{mode}" in CATALOGUE else mode


def with_lang(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a command) with a ``--lang`` option that sets the run's language first; a
    command that has its own ``lang`` parameter is returned as it is.

    Examples
    --------
    >>> import inspect
    >>> def cmd(n: int = 1) -> None: ...
    >>> list(inspect.signature(with_lang(cmd)).parameters)
    ['n', 'lang']
    """
    sig = inspect.signature(func)
    if "lang" in sig.parameters:
        return func

    @functools.wraps(func)
    def wrapper(*args: Any, lang: str | None = None, **kwargs: Any) -> Any:
        use(lang)
        return func(*args, **kwargs)

    param = inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, default=LANG,
                              annotation=Optional[str])  # noqa: UP045 (read by Typer at run time)
    wrapper.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=[*sig.parameters.values(), param])
    wrapper.__annotations__ = {**func.__annotations__, "lang": Optional[str]}  # noqa: UP045
    return wrapper


def add_lang(app: typer.Typer) -> None:
    """Give every command of ``app`` (and of its sub-groups) the ``--lang`` option."""
    for cmd in app.registered_commands:
        if cmd.callback is not None:
            cmd.callback = with_lang(cmd.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            add_lang(group.typer_instance)
