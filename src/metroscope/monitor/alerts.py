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
from dataclasses import dataclass
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

    Examples
    --------
    >>> alert_key("hsr-projects", 42) == alert_key("hsr-projects", 42), len(alert_key("x"))
    (True, 64)
    """
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def queue_alert(session: Session, *, rule_name: str, kind: str, cause: Sequence[object],
                title: str, body: str = "", payload: dict[str, Any] | None = None,
                rule_id: int | None = None, item_id: int | None = None,
                project_id: str | None = None, channels: Sequence[str] = ()) -> Alert | None:
    """Write an alert and its deliveries in ``session``'s transaction; None if it exists.

    Unknown or disabled channel names get no delivery (they are logged).

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        When the database fails during the query (e.g. the server goes away or the schema is
        not at head).

    Unknown channel names are logged, not raised.

    Examples
    --------
    >>> from metroscope.monitor.store import open_store
    >>> store = open_store(f"sqlite:///{tmp_path / 'queue.sqlite'}")
    >>> with store.session() as s, s.begin():
    ...     a = queue_alert(s, rule_name="hsr-projects", kind="keyword", cause=["item", 1],
    ...                     title="长四辽通高铁正式开工建设")
    ...     again = queue_alert(s, rule_name="hsr-projects", kind="keyword", cause=["item", 1],
    ...                         title="长四辽通高铁正式开工建设")
    >>> a is not None, again is None  # the same cause is alerted once
    (True, True)
    >>> store.close()
    """
    key = alert_key(rule_name, kind, *cause)
    if session.scalar(select(Alert.id).where(Alert.idempotency_key == key)) is not None:
        return None
    alert = Alert(idempotency_key=key, rule_id=rule_id, rule_name=rule_name, kind=kind,
                  item_id=item_id, project_id=project_id, title=title[:2000], body=body,
                  payload=payload or {})
    session.add(alert)
    if channels:
        session.flush()  # the deliveries need the alert's id
        found = session.scalars(select(Channel).where(Channel.name.in_(list(channels)))).all()
        for ch in found:
            if ch.enabled:
                session.add(Delivery(alert_id=alert.id, channel_id=ch.id))
        missing = set(channels) - {c.name for c in found}
        if missing:
            logger.warning("rule %s names unknown channel(s) %s", rule_name, sorted(missing))
    return alert


def acknowledge(store: Store, alert_id: int, *, acknowledged: bool = True) -> bool:
    """Mark an alert as acknowledged (or not) in its own transaction; returns the new value.

    Acknowledging changes nothing about delivery: it only records that someone has seen it.

    Raises
    ------
    KeyError
        Unknown alert id.

    Examples
    --------
    >>> from metroscope.monitor.store import open_store
    >>> store = open_store(f"sqlite:///{tmp_path / 'ack.sqlite'}")
    >>> with store.session() as s, s.begin():
    ...     alert = queue_alert(s, rule_name="r", kind="keyword", cause=["x"], title="t")
    ...     s.flush()  # assigns the id
    ...     alert_id = alert.id
    >>> acknowledge(store, alert_id)
    True
    >>> acknowledge(store, alert_id, acknowledged=False)
    False
    >>> store.close()
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

    Examples
    --------
    >>> from metroscope.monitor.store import open_store
    >>> store = open_store(f"sqlite:///{tmp_path / 'ruleid.sqlite'}")
    >>> from metroscope.monitor.watchlist import add_rule
    >>> rule = add_rule(store, {"name": "hsr", "kind": "keyword", "keywords": ["高铁"]})
    >>> with store.session() as s:
    ...     rule_id_of(s, "hsr") == rule.id, rule_id_of(s, "missing")
    (True, None)
    >>> store.close()
    """
    return session.scalar(select(Rule.id).where(Rule.name == name))


# --- secrets and masking ---------------------------------------------------------------------

def resolve_secret(value: str | None) -> str | None:
    """Resolve ``env:NAME`` and ``file:/path`` references (literal values pass through).

    Raises
    ------
    ChannelError
        An unset variable or unreadable file (names which, never the value).

    Examples
    --------
    >>> resolve_secret("literal-value")
    'literal-value'
    >>> resolve_secret(None) is None
    True
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

    Examples
    --------
    >>> mask("https://hooks.example.org/T000/B000/XXXX?token=abc")
    'https://hooks.example.org/***'
    >>> mask("env:SLACK_URL")
    'env:SLACK_URL'
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

    Examples
    --------
    >>> from metroscope.monitor.store import open_store
    >>> store = open_store(f"sqlite:///{tmp_path / 'chan.sqlite'}")
    >>> with store.session() as s, s.begin():
    ...     ch = add_channel(s, "team", "https://hooks.example.org/abc", secret="env:HOOK_SECRET")
    ...     ch.name, ch.kind
    ('team', 'webhook')
    >>> store.close()
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

    Examples
    --------
    >>> sign("s3cret", 1700000000, b'{"a": 1}')
    'sha256=82fc0b8ba35d4f5b38af534e00d41a2de7d21fa3bae904bd50a8f0c3a7afb835'
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

    Examples
    --------
    >>> sig = sign("s3cret", 1700000000, b"{}")
    >>> verify_signature("s3cret", 1700000000, b"{}", sig, now=1700000100)
    True
    >>> verify_signature("s3cret", 1700000000, b"{}", sig, now=1700001000)  # older than 300 s
    False
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

    Examples
    --------
    >>> from metroscope.monitor.store import Alert
    >>> import datetime as dt
    >>> a = Alert(id=1, idempotency_key="k", rule_name="hsr-projects", kind="keyword", title="HSR news",
    ...           body="", payload={}, created_at=dt.datetime(2025, 6, 2, tzinfo=dt.timezone.utc))
    >>> webhook_body(a)[:60]
    b'{"body": "", "created_at": "2025-06-02T00:00:00+00:00", "id"'
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
    >>> from metroscope.monitor.store import open_store
    >>> store = open_store(f"sqlite:///{tmp_path / 'deliver.sqlite'}")
    >>> deliver_pending(store)  # nothing queued
    DeliveryReport(sent=0, failed=0, dead=0)
    >>> store.close()
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
