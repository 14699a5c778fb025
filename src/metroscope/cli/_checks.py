"""Checks of option values shared by the commands (a bad value is a usage error, exit 2)."""

from __future__ import annotations

import math

import typer

#: Largest ``--minutes`` threshold, a day: the API's bound (``web.api._common.MinutesQ``).
MAX_MINUTES = 24 * 60.0


def positive_minutes(value: float | None) -> float | None:
    """Typer callback of a ``--minutes`` threshold: ``None`` (the default) or a finite number
    of minutes above 0 and at most :data:`MAX_MINUTES` (1,440).

    Raises
    ------
    ParameterError
        When ``value`` is 0, negative, NaN, infinite or above a day (a threshold of -5 min
        would otherwise print an empty circle as if it were a finding; ``1e308`` ran, while
        the API refused it).

    Examples
    --------
    >>> positive_minutes(60.0)
    60.0
    >>> positive_minutes(-5.0)
    Traceback (most recent call last):
    ...
    metroscope._errors.ParameterError: --minutes must be a finite number of minutes above 0 and at most 1,440 (a day, as the API takes); got -5.0.
    """
    if value is None or (math.isfinite(value) and 0 < value <= MAX_MINUTES):
        return value
    from .._errors import ParameterError
    from ..messages import Message

    # a catalogue message, rendered when printed: the callback runs before --lang is read,
    # so text rendered here was English in `scenario compare … --minutes -5 --lang zh`
    raise ParameterError(Message("cli_bad_minutes", got=value))


#: The ``--minutes`` threshold option of the circle and isochrone commands.
MINUTES = typer.Option(None, "--minutes", "-t", callback=positive_minutes,
                       help="Threshold, minutes (60).")
