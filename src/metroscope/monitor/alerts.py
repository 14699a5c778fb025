"""Alerts: the outbox, channels and at-least-once delivery.

An alert is written to the ``alerts`` table in the same transaction as what caused it (an
item, a status change, an indicator value), with a unique ``idempotency_key`` (SHA-256 of the
rule and the cause): the same cause never makes two alerts. One ``deliveries`` row per channel
is then sent by :func:`deliver_pending`; a failure is retried with exponential backoff (capped
at ``backoff_max_h``) up to ``delivery_max_attempts``; a channel being down loses nothing.
A crash between sending and recording sends again: receivers drop repeats by the key.

Channels:

- ``webhook``: POST of a JSON body signed with HMAC-SHA256. Headers ``X-Metroscope-Event-Id``
  (the idempotency key), ``X-Metroscope-Timestamp`` (Unix seconds) and
  ``X-Metroscope-Signature: sha256=<hex of HMAC(secret, "<timestamp>." + body)>``
  (:func:`sign`, :func:`verify_signature`); the URL passes the SSRF gate.
- ``apprise``: any Apprise URL (``mailto://``, ``json://``, ``dingtalk://``, ``wecombot://``,
  ``lark://`` ...); URLs of Apprise's HTTP plugins pass the SSRF gate too.

Secrets (Apprise URLs with credentials, webhook keys) may be given as ``env:NAME`` or
``file:/path`` references, resolved only at delivery; they are masked by :func:`mask`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .._errors import MetroscopeError
from .config import MonitorConfig, get_config
from .store import Alert, Channel, Delivery, Rule, Store, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .fetch import Fetcher

logger = logging.getLogger(__name__)

SIGNATURE_TOLERANCE_S = 300
_APPRISE_HTTP = {"json": "http", "jsons": "https", "form": "http", "forms": "https",
                 "xml": "http", "xmls": "https"}


class ChannelError(ValueError, MetroscopeError):
    """A channel that cannot be added or resolved (bad URL, missing secret)."""


def alert_key(*parts: object) -> str:
    """The idempotency key of an alert: SHA-256 over the rule and the cause.

    Raises
    ------
    Nothing; every part is converted with ``str``.
    """
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


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
    KeyError
        Unknown alert id.
    """
    with store.session() as s, s.begin():
        a = s.get(Alert, alert_id)
        if a is None:
            msg = f"no alert {alert_id}"
            raise KeyError(msg)
        a.acknowledged = bool(acknowledged)
        return a.acknowledged


def rule_id_of(session: Session, name: str) -> int | None:
    """The id of the rule called ``name`` (None when absent).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).
    """
    return session.scalar(select(Rule.id).where(Rule.name == name))


# --- secrets and masking ---------------------------------------------------------------------

def resolve_secret(value: str | None) -> str | None:
    """Resolve ``env:NAME`` and ``file:/path`` references (literal values pass through).

    Raises
    ------
    ChannelError
        An unset variable or unreadable file (names which, never the value).
    """
    if value is None:
        return None
    if value.startswith("env:"):
        name = value[4:]
        if name not in os.environ:
            msg = f"environment variable {name} (a channel secret) is not set"
            raise ChannelError(msg)
        return os.environ[name]
    if value.startswith("file:"):
        try:
            return Path(value[5:]).expanduser().read_text(encoding="utf-8").strip()
        except OSError as exc:
            msg = f"cannot read the secret file {value[5:]}: {exc.strerror}"
            raise ChannelError(msg) from None
    return value


def mask(url: str | None) -> str:
    """A URL safe to show: references as they are, otherwise only scheme and host.

    Raises
    ------
    Nothing; an unparsable URL gives ``***``.
    """
    if not url:
        return ""
    if url.startswith(("env:", "file:")):
        return url
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/?#]*@)?([^/?#:]*)", url)
    if not m:
        return "***"
    rest = url[m.end():]
    return f"{m.group(1)}://{m.group(2)}{'/***' if rest.strip('/') else ''}"


@contextmanager
def _apprise() -> Iterator[Any]:
    """The apprise module, with its plugins' deprecation warnings silenced (imghdr)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise

        yield apprise


def add_channel(session: Session, name: str, url: str, *, kind: str | None = None,
                secret: str | None = None) -> Channel:
    """Add (or replace) a channel. ``kind`` defaults to ``webhook`` for http(s) URLs with a
    ``secret`` and to ``apprise`` otherwise.

    Raises
    ------
    ChannelError
        Bad kind, a webhook without a secret reference, or an Apprise URL Apprise rejects.
    """
    kind = kind or ("webhook" if secret and url.startswith(("http://", "https://"))
                    else "apprise")
    problems = []
    if kind not in ("webhook", "apprise"):
        problems.append(f"kind {kind!r}: expected webhook or apprise")
    if kind == "webhook":
        if not url.startswith(("http://", "https://", "env:", "file:")):
            problems.append(f"webhook URL must be http(s) (got {mask(url)})")
        if not secret:
            problems.append("a webhook needs a secret (env:NAME or file:/path) to sign with")
        elif not secret.startswith(("env:", "file:")):
            problems.append("give the webhook secret as env:NAME or file:/path, not literally")
    if kind == "apprise" and not url.startswith(("env:", "file:")):
        with _apprise() as apprise:
            accepted = apprise.Apprise().add(url)
        if not accepted:
            problems.append(f"Apprise does not accept the URL {mask(url)} (see the Apprise "
                            "wiki for its schemes; URL-encode @ % # & in credentials)")
    if problems:
        raise ChannelError(f"channel {name!r}: " + "; ".join(problems))
    ch = session.scalar(select(Channel).where(Channel.name == name)) or Channel(name=name)
    ch.kind, ch.url, ch.secret, ch.enabled = kind, url, secret, True
    session.add(ch)
    return ch


# --- signing ---------------------------------------------------------------------------------

def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256(secret, ``"<timestamp>." + body``).

    Raises
    ------
    Nothing.
    """
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str | int, body: bytes, signature: str, *,
                     now: float | None = None,
                     tolerance_s: float = SIGNATURE_TOLERANCE_S) -> bool:
    """Check a webhook signature (constant-time) and that the timestamp is recent.

    Raises
    ------
    Nothing; a bad timestamp, a stale one or a wrong signature gives ``False``.
    """
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature or "")


def webhook_body(alert: Alert) -> bytes:
    """The JSON body posted for ``alert`` (UTF-8, keys sorted).

    Raises
    ------
    Nothing; values JSON cannot write are written with ``str``.
    """
    doc = {"id": alert.idempotency_key, "rule": alert.rule_name, "kind": alert.kind,
           "title": alert.title, "body": alert.body, "payload": alert.payload,
           "project_id": alert.project_id,
           "created_at": alert.created_at.isoformat() if alert.created_at else None}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


# --- delivery --------------------------------------------------------------------------------

@dataclass
class DeliveryReport:
    """Counts of one :func:`deliver_pending` pass."""

    sent: int = 0
    failed: int = 0
    dead: int = 0


def _send(channel: Channel, alert: Alert, fetcher: Fetcher) -> None:
    url = resolve_secret(channel.url) or ""
    if channel.kind == "webhook":
        secret = resolve_secret(channel.secret) or ""
        body = webhook_body(alert)
        ts = int(time.time())
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "X-Metroscope-Event-Id": alert.idempotency_key,
                   "X-Metroscope-Timestamp": str(ts),
                   "X-Metroscope-Signature": sign(secret, ts, body)}
        status = fetcher.post(url, body, headers=headers)
        if not 200 <= status < 300:
            msg = f"webhook answered HTTP {status}"
            raise ChannelError(msg)
        return
    scheme = url.split("://", 1)[0].lower()
    if scheme in _APPRISE_HTTP:
        fetcher.check(f"{_APPRISE_HTTP[scheme]}://{url.split('://', 1)[1]}")
    with _apprise() as apprise:
        ap = apprise.Apprise()
        if not ap.add(url):
            msg = f"Apprise does not accept {mask(url)}"
            raise ChannelError(msg)
        delivered = ap.notify(title=alert.title, body=alert.body or alert.title)
    if not delivered:
        msg = f"Apprise could not deliver to {mask(url)}"
        raise ChannelError(msg)


def backoff_delay(attempts: int, config: MonitorConfig) -> dt.timedelta:
    """Delay before retry number ``attempts`` (1-based): base x 2^(n-1), capped.

    Raises
    ------
    Nothing; the delay is capped at ``config.backoff_max_h``.
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
    """
    from .fetch import Fetcher, FetchError, UnsafeURLError

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
                _send(channel, alert, fetcher)
            except (ChannelError, FetchError, UnsafeURLError, OSError) as exc:
                error = str(exc)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            with store.session() as s, s.begin():
                d = s.get(Delivery, delivery.id)
                if d is None:
                    continue
                d.attempts += 1
                if error is None:
                    d.state, d.delivered_at, d.last_error = "sent", utcnow(), None
                    report.sent += 1
                else:
                    d.last_error = error[:2000]
                    if d.attempts >= config.delivery_max_attempts:
                        d.state = "dead"
                        report.dead += 1
                    else:
                        d.next_attempt_at = now + backoff_delay(d.attempts, config)
                        report.failed += 1
                    logger.warning("delivery of alert %s to %s failed (attempt %d): %s",
                                   alert.id, channel.name, d.attempts, error)
    finally:
        if own:
            fetcher.close()
    return report
