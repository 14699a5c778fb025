"""Times as the monitor shows them: stored in UTC, displayed in Beijing time (UTC+8) with the
offset written beside them, so that a planner never reads a UTC time as local.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

__all__ = ["BEIJING", "BEIJING_LABEL", "beijing"]

BEIJING = ZoneInfo("Asia/Shanghai")
#: The label written after every displayed time (China has no daylight saving time).
BEIJING_LABEL = "UTC+8"


def beijing(t: dt.datetime | None, *, missing: str = "—") -> str:
    """``t`` in Beijing time as ``YYYY-MM-DD HH:MM UTC+8``; ``missing`` when ``t`` is None.

    A naive ``t`` is taken as UTC (the store writes UTC).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> import datetime as dt
    >>> beijing(dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.timezone.utc))
    '2026-03-02 04:30 UTC+8'
    >>> beijing(dt.datetime(2026, 3, 1, 20, 30)), beijing(None)
    ('2026-03-02 04:30 UTC+8', '—')
    """
    if t is None:
        return missing
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return f"{t.astimezone(BEIJING).strftime('%Y-%m-%d %H:%M')} {BEIJING_LABEL}"
