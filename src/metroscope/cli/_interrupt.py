"""How a command-line run ends when it is stopped: Ctrl-C (SIGINT) and SIGTERM alike.

Ctrl-C raises :class:`KeyboardInterrupt` in the main thread; every writer of metroscope then
removes its temporary file and leaves the previous output whole
(:func:`metroscope._atomic.atomic_file`), and the command prints "Interrupted." and exits 130.
SIGTERM (``kill``, ``timeout``, systemd, ``docker stop``) would end the process on the spot,
leaving those temporary files; the console script (:func:`install`, called by
:func:`metroscope.cli.main` only) turns it into :class:`Terminated`, a KeyboardInterrupt, so the
same cleanup runs and the same message is printed; the exit code is 143 (128 + 15, what a shell
reports for a process ended by SIGTERM). A second SIGTERM ends the process at once (the default
action), as SIGKILL always does; the next write to the same file removes what was left.

The library never installs a signal handler (it would change the host program's), and neither
does an in-process run (:func:`metroscope.cli.make_app`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Sequence
from types import FrameType

#: Exit codes of an interrupted run: 128 + the signal's number.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C (see the module doc)."""


def install() -> None:
    """Turn SIGTERM into :class:`Terminated` (the console script only; a no-op outside the main
    thread, where Python cannot set handlers)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 (signal API)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise Terminated


def exit_code(exc: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM (:class:`Terminated`).

    Examples
    --------
    >>> exit_code(KeyboardInterrupt()), exit_code(Terminated())
    (130, 143)
    """
    return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED


def message(args: Sequence[str] = ()) -> str:
    """"Interrupted." in the run's language; before the command has read its ``--lang``
    (an interrupt at start-up), in the one given in ``args``.

    Examples
    --------
    >>> message(["flows", "radiation", "--lang", "zh"])
    '已中断。'
    """
    from ..messages import render
    from . import _lang

    return render("cli_interrupted", _lang.current(args), {})
