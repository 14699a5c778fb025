"""Checks of option values shared by the commands (a bad value is a usage error, exit 2)."""

from __future__ import annotations

import math

import typer


def positive_minutes(value: float | None) -> float | None:
    """Typer callback of a ``--minutes`` threshold: ``None`` (the default) or a finite number
    of minutes above 0.

    Raises
    ------
    ParameterError
        When ``value`` is 0, negative, NaN or infinite (a threshold of -5 min would otherwise
        print an empty circle as if it were a finding).

    Examples
    --------
    >>> positive_minutes(60.0)
    60.0
    >>> positive_minutes(-5.0)
    Traceback (most recent call last):
    ...
    metroscope._errors.ParameterError: --minutes must be a finite number of minutes above 0; got -5.0.
    """
    if value is None or (math.isfinite(value) and value > 0):
        return value
    from .._errors import ParameterError
    from ._lang import t

    raise ParameterError(t("cli_bad_minutes", got=value))


#: The ``--minutes`` threshold option of the circle and isochrone commands.
MINUTES = typer.Option(None, "--minutes", "-t", callback=positive_minutes,
                       help="Threshold, minutes (60).")
