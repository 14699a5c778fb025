"""A source's health after a check: success, failure, backoff and source-health alerts.

Scheduling: a source is due when ``next_check_at`` has passed. After a success
(:func:`mark_success`) the next check is ``interval_min`` later; after a failure
(:func:`mark_failure`) ``backoff_base_min`` x 2^(failures-1) (or the server's ``Retry-After`` if
longer), never more than ``backoff_max_h`` (24 h): a failing source is retried forever, its state
is visible, and ``source_health`` rules alert on it when the failures reach ``failing_after``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from ..messages import Message
from ._i18n import MESSAGES, msg
from .alerts import TITLE_ZH, queue_alert
from .config import MonitorConfig
from .fetch import FetchResult
from .outcomes import SourceOutcome
from .rules import RuleSpec, in_scope
from .store import Source

__all__ = ["backoff_min", "health_line", "last_error", "mark_failure", "mark_success",
           "shown_state"]


def mark_success(source: Source, result: FetchResult | None, now: dt.datetime) -> None:
    """Record a successful check on ``source``: state, counters, caching headers, next check.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from metroscope.monitor.store import Source
    >>> source = Source(name="ndrc", kind="feed", url="https://example.org/feed.xml",
    ...                 state="error", error_count=3, interval_min=60.0)
    >>> mark_success(source, None, now)
    >>> source.state, source.error_count, source.next_check_at.isoformat()
    ('ok', 0, '2025-06-02T13:00:00+00:00')
    """
    source.state = "ok" if source.state != "paused" else "paused"
    source.error_count, source.last_error, source.failing_since = 0, None, None
    source.last_error_message = None
    source.last_checked_at = source.last_success_at = now
    if result is not None:
        source.etag = result.etag or source.etag
        source.last_modified = result.last_modified or source.last_modified
    source.next_check_at = now + dt.timedelta(minutes=source.interval_min)


def backoff_min(error_count: int, config: MonitorConfig, *,
                retry_after_s: float | None = None) -> float:
    """Minutes until the next check after ``error_count`` failures in a row.

    ``backoff_base_min`` x 2^(``error_count`` - 1), at least the server's ``Retry-After`` when it
    sent one, at most ``backoff_max_h`` hours.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from metroscope.monitor.config import get_config
    >>> [backoff_min(n, get_config()) for n in (1, 2, 3, 20)]
    [5.0, 10.0, 20.0, 1440.0]
    >>> backoff_min(1, get_config(), retry_after_s=3600)  # the server asked for an hour
    60.0
    """
    delay_min = min(config.backoff_base_min * 2 ** min(error_count - 1, 30),
                    config.backoff_max_h * 60)
    if retry_after_s:
        delay_min = min(max(delay_min, retry_after_s / 60), config.backoff_max_h * 60)
    return float(delay_min)


def mark_failure(session: Any, source_name: str, error: str, *, config: MonitorConfig,
                 rules: Callable[[], list[tuple[int, RuleSpec]]],
                 retry_after_s: float | None = None, now: dt.datetime) -> SourceOutcome:
    """Record a failed check in ``session``: counters, backoff, state, and the alerts of the
    ``source_health`` rules (``rules()``, read only then) when the failures reach
    ``failing_after``.

    ``error`` is the error's catalogue message when it has one
    (:func:`metroscope._errors.error_message`): its English text is stored as ``last_error``
    and the message itself as ``last_error_message``, so that the error is shown later in the
    reader's language (:func:`last_error`); plain text is stored as it is.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails (e.g. the server goes away or the schema is not at head).

    An unknown ``source_name`` is not an error: nothing is recorded.

    Examples
    --------
    >>> from metroscope.monitor.config import get_config
    >>> with monitor_store.session() as s, s.begin():
    ...     out = mark_failure(s, "ndrc", "HTTP 503", config=get_config(), rules=list, now=now)
    ...     source = s.scalar(select(Source))
    ...     out.status, source.error_count, source.next_check_at.isoformat()
    ('failed', 1, '2025-06-02T12:05:00+00:00')
    """
    out = SourceOutcome(source=source_name, status="failed", error=error)
    src = session.scalar(select(Source).where(Source.name == source_name))
    if src is None:
        return out
    src.error_count += 1
    if src.error_count == 1 or src.failing_since is None:
        src.failing_since = now
    src.last_error = str(error)[:2000]
    src.last_error_message = error.to_json() if isinstance(error, Message) else None
    src.last_checked_at = now
    src.next_check_at = now + dt.timedelta(
        minutes=backoff_min(src.error_count, config, retry_after_s=retry_after_s))
    if src.error_count >= config.failing_after and src.state != "paused":
        src.state = "failing"
    if src.error_count == config.failing_after:
        streak = (src.last_success_at or src.created_at).isoformat()
        for rule_id, spec in rules():
            if spec.kind == "source_health" and in_scope(spec.scope, source=src.name,
                                                         tags=src.tags):
                text = msg("alert_source_failing", "en", source=src.name,
                           count=src.error_count, error=_said(error, "en"))
                zh = msg("alert_source_failing", "zh", source=src.name,
                         count=src.error_count, error=_said(error, "zh"))
                alert = queue_alert(session, rule_name=spec.name, kind="source_health",
                                    cause=(src.name, streak), title=text, body=f"{zh}\n{text}",
                                    payload={"source": src.name, "errors": src.error_count,
                                             "error": _said(error, "en"), TITLE_ZH: zh},
                                    rule_id=rule_id, channels=spec.channels)
                out.alerts += alert is not None
    return out


def _said(error: str, lang: str) -> str:
    """An error in ``lang``, cut to 300 characters for an alert."""
    return (error.get(lang) if isinstance(error, Message) else str(error))[:300]


def last_error(text: str | None, message: str | None) -> str | None:
    """A source's stored last error (``Source.last_error`` and ``Source.last_error_message``)
    for showing: the catalogue message when one was stored (it renders in the reader's
    language, and is its English text as a ``str``), else the stored text (rows written before
    messages were stored, or an error without a message), None when the source has none.

    Raises
    ------
    Nothing; a stored message whose key or parameters the catalogue no longer knows gives the
    stored text.

    Examples
    --------
    >>> from metroscope.messages import Message
    >>> stored = Message("err_fetch_http", status=503, url="https://a.example/feed.xml")
    >>> said = last_error(str(stored), stored.to_json())
    >>> said, said.get("zh")
    ('HTTP 503 from https://a.example/feed.xml', 'https://a.example/feed.xml 返回 HTTP 503')
    >>> last_error("HTTP 503 from https://a.example/feed.xml", None)  # an older row
    'HTTP 503 from https://a.example/feed.xml'
    """
    if message:
        try:
            said = Message.from_json(message)
        except (KeyError, ValueError, IndexError, TypeError):
            said = None
        if isinstance(said, Message):
            return said
    return text


def shown_state(state: str, error_count: int) -> str:
    """A source's state as the sources list, the dashboard and the digest show it: ``failed``
    for a source that was checked and has not yet succeeded (stored as ``new`` until it
    succeeds or fails ``failing_after`` times in a row, when it becomes ``failing``), which
    is not "not checked"; else the stored state (``new``, ``ok``, ``failing``, ``paused``).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> shown_state("new", 0), shown_state("new", 2), shown_state("failing", 3)
    ('new', 'failed', 'failing')
    """
    return "failed" if state == "new" and error_count > 0 else state


def health_line(h: dict[str, Any], lang: str) -> str:
    """One source's health in ``lang``: a failing source says since when it fails, when it
    last succeeded and when it is tried next (Beijing time, labelled).

    Raises
    ------
    KeyError
        When ``h`` lacks ``name``, ``state``, ``errors``, ``last`` or ``next``.

    Examples
    --------
    >>> h = {"name": "ndrc", "state": "failing", "errors": 3, "since": "2026-03-01 08:00 UTC+8",
    ...      "last": None, "next": "2026-03-01 09:00 UTC+8"}
    >>> health_line(h, "en")
    'ndrc: failing since 2026-03-01 08:00 UTC+8 (3 failures in a row), last success never, next try 2026-03-01 09:00 UTC+8'
    >>> health_line(h | {"state": "ok", "errors": 0, "since": None}, "zh")
    'ndrc:正常, 连续失败 0 次, 上次成功 从未, 下次检查 2026-03-01 09:00 UTC+8'
    """
    never = msg("never", lang)
    values = {k: h.get(k) or never for k in ("since", "last", "next")}
    state_key = f"state_{h['state']}"
    state = msg(state_key, lang) if state_key in MESSAGES else str(h["state"])
    if h["state"] == "failing":
        return msg("health_failing", lang, name=h["name"], errors=h["errors"], **values)
    return msg("health_line", lang, name=h["name"], state=state, errors=h["errors"],
               last=values["last"], next=values["next"])
