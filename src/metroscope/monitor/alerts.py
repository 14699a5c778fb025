"""Alerts: the outbox, channels and at-least-once delivery.

An alert is written to the ``alerts`` table in the same transaction as what caused it (an
item, a status change, an indicator value), with a unique ``idempotency_key`` (SHA-256 of the
rule and the cause): the same cause never makes two alerts. One ``deliveries`` row per channel
is then sent by :func:`deliver_pending`; a failure is retried with exponential backoff (capped
at ``backoff_max_h``) up to ``delivery_max_attempts``; a channel being down loses nothing.
A crash between sending and recording sends again: receivers drop repeats by the key.

Channels, secrets, signing and sending live in :mod:`.channels` (re-exported here).
A digest (:func:`~metroscope.monitor.digest.queue_digest`) is an alert of kind ``digest``: it
goes through the same outbox, retries and idempotency keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .._errors import NotFoundError, error_message
from ..messages import Message
from .channels import (
    SIGNATURE_TOLERANCE_S,
    ChannelError,
    add_channel,
    mask,
    redact_message,
    resolve_secret,
    secrets_of,
    send,
    sign,
    verify_signature,
    webhook_body,
)
from .config import MonitorConfig, get_config
from .store import Alert, Channel, Delivery, Rule, Store, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .fetch import Fetcher

__all__ = [  # the outbox, and the channel names re-exported from .channels
    "SIGNATURE_TOLERANCE_S", "AlertDraft", "ChannelError", "DeliveryReport", "acknowledge",
    "add_channel", "alert_key", "backoff_delay", "deliver_pending", "mask", "queue_alert",
    "queue_alerts", "resolve_secret", "rule_id_of", "sign", "verify_signature",
    "webhook_body"]

logger = logging.getLogger(__name__)

def alert_key(*parts: object) -> str:
    """The idempotency key of an alert: SHA-256 over the rule and the cause.

    Raises
    ------
    Nothing; every part is converted with ``str``.

    Examples
    --------
    >>> alert_key("hsr-projects", 42) == alert_key("hsr-projects", 42), len(alert_key("x"))
    (True, 64)
    """
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


#: the payload key of an alert's title in Chinese (the stored ``title`` is English, for
#: channels and the API)
TITLE_ZH = "title_zh"


def alert_title(title: str, payload: dict[str, Any] | None, lang: str) -> str:
    """An alert's title in ``lang``: the stored English ``title``, or for ``zh`` the Chinese
    title its payload keeps (an alert stored without one keeps its English title).

    Raises
    ------
    Nothing; a payload that is not a mapping or a Chinese title that is not text is ignored.

    Examples
    --------
    >>> alert_title("Rule 'hsr' matched: x", {"title_zh": "规则「hsr」命中:x"}, "zh")
    '规则「hsr」命中:x'
    >>> alert_title("Rule 'hsr' matched: x", {"title_zh": "规则「hsr」命中:x"}, "en")
    "Rule 'hsr' matched: x"
    >>> alert_title("Rule 'hsr' matched: x", None, "zh")
    "Rule 'hsr' matched: x"
    """
    zh = payload.get(TITLE_ZH) if isinstance(payload, dict) else None
    return zh if lang == "zh" and isinstance(zh, str) and zh else title


@dataclass(frozen=True)
class AlertDraft:
    """An alert to queue: the rule, its cause (hashed into the idempotency key) and content."""

    rule_name: str
    kind: str
    cause: tuple[object, ...]
    title: str
    body: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    rule_id: int | None = None
    item_id: int | None = None
    project_id: str | None = None
    channels: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The idempotency key (:func:`alert_key` of rule, kind and cause)."""
        return alert_key(self.rule_name, self.kind, *self.cause)


def queue_alerts(session: Session, drafts: Sequence[AlertDraft]) -> list[int | None]:
    """Write alerts and their deliveries in ``session``'s transaction, batched: one query for
    the keys already queued, one for the channels, one INSERT of alerts (and one query for
    their ids) and one INSERT of deliveries, each chunked by 500. A draft whose key exists, in the store or earlier in ``drafts``,
    is skipped.

    Returns the new alert's id per draft (None where skipped). Unknown or disabled channel
    names get no delivery (they are logged).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Examples
    --------
    >>> hsr = AlertDraft(rule_name="hsr", kind="keyword", cause=("item", 1), title="HSR news")
    >>> with empty_store.session() as s, s.begin():
    ...     queue_alerts(s, [hsr, hsr])  # the second draft has the same key: skipped
    [1, None]
    >>> with empty_store.session() as s, s.begin():
    ...     queue_alerts(s, [hsr])  # already in the empty_store
    [None]
    """
    from sqlalchemy import insert

    if not drafts:
        return []
    keys = [d.key for d in drafts]
    taken: set[str] = set()
    unique = list(dict.fromkeys(keys))
    for i in range(0, len(unique), 500):
        taken.update(session.scalars(select(Alert.idempotency_key).where(
            Alert.idempotency_key.in_(unique[i:i + 500]))))
    fresh: list[int] = []
    for i, k in enumerate(keys):
        if k not in taken:
            taken.add(k)
            fresh.append(i)
    ids: list[int | None] = [None] * len(drafts)
    if not fresh:
        return ids
    now = utcnow()
    rows = [{"idempotency_key": keys[i], "rule_id": drafts[i].rule_id,
             "rule_name": drafts[i].rule_name, "kind": drafts[i].kind,
             "item_id": drafts[i].item_id, "project_id": drafts[i].project_id,
             "title": drafts[i].title[:2000], "body": drafts[i].body,
             "payload": drafts[i].payload or {}, "created_at": now, "acknowledged": False}
            for i in fresh]
    session.execute(insert(Alert), rows)  # executemany; ids read back by the unique key
    fresh_keys = [keys[i] for i in fresh]
    by_key: dict[str, int] = {}
    for j in range(0, len(fresh_keys), 500):
        by_key.update((k, v) for k, v in session.execute(
            select(Alert.idempotency_key, Alert.id).where(
                Alert.idempotency_key.in_(fresh_keys[j:j + 500]))))
    for i in fresh:
        ids[i] = by_key[keys[i]]
    wanted = sorted({c for i in fresh for c in drafts[i].channels})
    if wanted:
        found = {c.name: c for c in session.scalars(select(Channel).where(
            Channel.name.in_(wanted)))}
        missing = set(wanted) - set(found)
        if missing:
            logger.warning("rule(s) %s name unknown channel(s) %s",
                           sorted({drafts[i].rule_name for i in fresh}), sorted(missing))
        deliveries = [{"alert_id": ids[i], "channel_id": found[c].id, "state": "pending",
                       "attempts": 0, "next_attempt_at": now}
                      for i in fresh for c in dict.fromkeys(drafts[i].channels)
                      if c in found and found[c].enabled]
        for j in range(0, len(deliveries), 500):
            session.execute(insert(Delivery), deliveries[j:j + 500])
    return ids


def queue_alert(session: Session, *, rule_name: str, kind: str, cause: Sequence[object],
                title: str, body: str = "", payload: dict[str, Any] | None = None,
                rule_id: int | None = None, item_id: int | None = None,
                project_id: str | None = None, channels: Sequence[str] = ()) -> Alert | None:
    """Write one alert and its deliveries in ``session``'s transaction; None if it exists
    (:func:`queue_alerts` with one draft).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Unknown channel names are logged, not raised.

    Examples
    --------
    >>> with empty_store.session() as s, s.begin():
    ...     a = queue_alert(s, rule_name="hsr-projects", kind="keyword", cause=["item", 1],
    ...                     title="长四辽通高铁正式开工建设")
    ...     again = queue_alert(s, rule_name="hsr-projects", kind="keyword", cause=["item", 1],
    ...                         title="长四辽通高铁正式开工建设")
    >>> a is not None, again is None  # the same cause is alerted once
    (True, True)
    """
    draft = AlertDraft(rule_name=rule_name, kind=kind, cause=tuple(cause), title=title,
                       body=body, payload=payload or {}, rule_id=rule_id, item_id=item_id,
                       project_id=project_id, channels=tuple(channels))
    (aid,) = queue_alerts(session, [draft])
    return session.get(Alert, aid) if aid is not None else None


def acknowledge(store: Store, alert_id: int, *, acknowledged: bool = True) -> bool:
    """Mark an alert as acknowledged (or not) in its own transaction; returns the new value.

    Acknowledging changes nothing about delivery: it only records that someone has seen it.

    Raises
    ------
    NotFoundError
        Unknown alert id (a ``KeyError``).

    Examples
    --------
    >>> with empty_store.session() as s, s.begin():
    ...     alert = queue_alert(s, rule_name="r", kind="keyword", cause=["x"], title="t")
    ...     s.flush()  # assigns the id
    ...     alert_id = alert.id
    >>> acknowledge(empty_store, alert_id)
    True
    >>> acknowledge(empty_store, alert_id, acknowledged=False)
    False
    """
    with store.session() as s, s.begin():
        a = s.get(Alert, alert_id)
        if a is None:
            msg = Message("err_mon_no_alert", alert_id=alert_id)
            raise NotFoundError(msg)
        a.acknowledged = bool(acknowledged)
        return a.acknowledged


def rule_id_of(session: Session, name: str) -> int | None:
    """The id of the rule called ``name`` (None when absent).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Examples
    --------
    >>> from metroscope.monitor.watchlist import add_rule
    >>> rule = add_rule(empty_store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
    >>> with empty_store.session() as s:
    ...     rule_id_of(s, "hsr") == rule.id, rule_id_of(s, "missing")
    (True, None)
    """
    return session.scalar(select(Rule.id).where(Rule.name == name))


# --- delivery --------------------------------------------------------------------------------

@dataclass
class DeliveryReport:
    """Counts of one :func:`deliver_pending` pass."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    """``(channel name, alert id, error)`` of each failed attempt (secrets redacted)."""


def backoff_delay(attempts: int, config: MonitorConfig) -> dt.timedelta:
    """Delay before retry number ``attempts`` (1-based): base x 2^(n-1), capped.

    Raises
    ------
    Nothing; the delay is capped at ``config.backoff_max_h``.

    Examples
    --------
    >>> from metroscope.monitor.config import get_config
    >>> [str(backoff_delay(n, get_config())) for n in (1, 2, 3, 20)]
    ['0:05:00', '0:10:00', '0:20:00', '1 day, 0:00:00']
    """
    minutes = config.backoff_base_min * (2 ** max(0, min(attempts - 1, 30)))
    return dt.timedelta(minutes=min(minutes, config.backoff_max_h * 60))


def deliver_pending(store: Store, *, fetcher: Fetcher | None = None,
                    config: MonitorConfig | None = None, now: dt.datetime | None = None,
                    limit: int = 500) -> DeliveryReport:
    """Send the deliveries that are due; record success, retry time or death.

    Sending happens outside any transaction; each result is recorded in its own short one.

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Failures of a delivery (a bad channel, a refused or failed request, any other error of a
    sender) are never raised: they are recorded on the delivery, which is retried with backoff
    and marked dead after ``delivery_max_attempts``.

    Examples
    --------
    >>> deliver_pending(empty_store)  # nothing queued
    DeliveryReport(sent=0, failed=0, dead=0, failures=[])
    """
    from .fetch import Fetcher

    config = config or get_config()
    now = now or utcnow()
    report = DeliveryReport()
    with store.session() as s:
        due = s.execute(
            select(Delivery, Alert, Channel)
            .join(Alert, Alert.id == Delivery.alert_id)
            .join(Channel, Channel.id == Delivery.channel_id)
            .where(Delivery.state == "pending", Delivery.next_attempt_at <= now)
            .order_by(Delivery.id).limit(limit)).all()
        s.expunge_all()
    if not due:
        return report
    own = fetcher is None
    fetcher = fetcher or Fetcher(config)
    try:
        for delivery, alert, channel in due:
            error: str | None = None
            try:
                send(channel, alert, fetcher)
            except ChannelError as exc:
                error = error_message(exc)  # redacted by send; a catalogue message
            except Exception as exc:  # a sender's own bug must not stop the other deliveries
                error = redact_message(Message("err_channel_failed", kind=type(exc).__name__,
                                               reason=str(exc)), *secrets_of(channel))
            with store.session() as s, s.begin():
                d = s.get(Delivery, delivery.id)
                if d is None:
                    continue
                d.attempts += 1
                if error is None:
                    d.state, d.delivered_at, d.last_error = "sent", utcnow(), None
                    d.last_error_message = None
                    report.sent += 1
                else:
                    d.last_error = str(error)[:2000]
                    d.last_error_message = error.to_json() if isinstance(error, Message) else None
                    if d.attempts >= config.delivery_max_attempts:
                        d.state = "dead"
                        report.dead += 1
                    else:
                        d.next_attempt_at = now + backoff_delay(d.attempts, config)
                        report.failed += 1
                    report.failures.append((channel.name, alert.id, error))
                    logger.warning("delivery of alert %s to %s failed (attempt %d): %s",
                                   alert.id, channel.name, d.attempts, error)
    finally:
        if own:
            fetcher.close()
    return report
