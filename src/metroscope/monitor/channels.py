"""Channels: where alerts and digests go, their secrets, signing, and sending one message.

- ``webhook``: POST of a JSON body signed with HMAC-SHA256. Headers ``X-Metroscope-Event-Id``
  (the idempotency key), ``X-Metroscope-Timestamp`` (Unix seconds) and
  ``X-Metroscope-Signature: sha256=<hex of HMAC(secret, "<timestamp>." + body)>``
  (:func:`sign`, :func:`verify_signature`); the URL passes the SSRF gate.
- ``apprise``: any Apprise URL (``mailto://``, ``json://``, ``dingtalk://``, ``wecombot://``,
  ``lark://`` ...); URLs of Apprise's HTTP plugins pass the SSRF gate too. A digest goes to
  e-mail as HTML, elsewhere as text.

Secrets (Apprise URLs with credentials, webhook keys) may be given as ``env:NAME`` or
``file:/path`` references, resolved only when sending; they are masked by :func:`mask`, and
removed from error messages (:func:`redact`) before anything is logged or stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .._errors import MetroscopeError, error_message
from ..messages import Message
from .store import Alert, Channel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .fetch import Fetcher

SIGNATURE_TOLERANCE_S = 300
_APPRISE_HTTP = {"json": "http", "jsons": "https", "form": "http", "forms": "https",
                 "xml": "http", "xmls": "https"}


class ChannelError(ValueError, MetroscopeError):
    """A channel that cannot be added or resolved (bad URL, missing secret)."""


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
            raise ChannelError(Message("err_channel_env_unset", name=name))
        return os.environ[name]
    if value.startswith("file:"):
        try:
            return Path(value[5:]).expanduser().read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ChannelError(Message("err_channel_secret_file", path=value[5:],
                                       reason=str(exc.strerror))) from None
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
    >>> with empty_store.session() as s, s.begin():
    ...     ch = add_channel(s, "team", "https://hooks.example.org/abc", secret="env:HOOK_SECRET")
    ...     ch.name, ch.kind
    ('team', 'webhook')
    """
    kind = kind or ("webhook" if secret and url.startswith(("http://", "https://"))
                    else "apprise")
    problems: list[Message] = []
    if kind not in ("webhook", "apprise"):
        problems.append(Message("err_channel_kind", kind=repr(kind)))
    if kind == "webhook":
        if not url.startswith(("http://", "https://", "env:", "file:")):
            problems.append(Message("err_channel_webhook_url", url=mask(url)))
        if not secret:
            problems.append(Message("err_channel_webhook_secret"))
        elif not secret.startswith(("env:", "file:")):
            problems.append(Message("err_channel_secret_literal"))
    if kind == "apprise" and not url.startswith(("env:", "file:")):
        log = logging.getLogger("apprise")
        level = log.level
        log.setLevel(logging.CRITICAL)  # its "Unparseable URL ..." line: the problem below says it
        try:
            with _apprise() as apprise:
                accepted = apprise.Apprise().add(url)
        finally:
            log.setLevel(level)
        if not accepted:
            problems.append(Message("err_channel_apprise_url", url=mask(url)))
    if problems:
        listed = {"zh": ";".join(p.zh for p in problems), "en": "; ".join(problems)}
        raise ChannelError(Message("err_channel_problems", name=repr(name), problems=listed))
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


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every secret (resolved URL, key) replaced by its masked form.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> redact("POST https://hooks.example.org/T000/secret-token failed", "https://hooks.example.org/T000/secret-token")
    'POST https://hooks.example.org/*** failed'
    >>> redact("key s3cret-key refused", "s3cret-key")
    'key *** refused'
    """
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, mask(secret) if "://" in secret else "***")
    return text


def redact_message(said: str, *secrets: str | None) -> str:
    """:func:`redact` for what an error says: a catalogue message keeps its key, with every
    text parameter (and nested message) redacted, so that it is stored redacted and still
    renders in either language; plain text is redacted as it is.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> said = redact_message(Message("err_channel_refused", url="https://h.example/k3y-123"),
    ...                       "https://h.example/k3y-123")
    >>> said.key, said.get("zh")
    ('err_channel_refused', 'Apprise 不接受 https://h.example/***')
    """
    if not isinstance(said, Message):
        return redact(str(said), *secrets)

    def clean(v: Any) -> Any:
        if isinstance(v, str):  # a Message is a str too
            return redact_message(v, *secrets)
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        return v

    return Message(said.key, **{k: clean(v) for k, v in said.params.items()})


def secrets_of(channel: Channel) -> list[str]:
    """The resolved URL and key of ``channel`` (those that resolve), to redact from errors.

    Raises
    ------
    Nothing; references that do not resolve are left out.

    Examples
    --------
    >>> from metroscope.monitor.store import Channel
    >>> secrets_of(Channel(name="team", kind="webhook", url="https://hooks.example.org/abc",
    ...                    secret="env:METROSCOPE_EXAMPLE_UNSET"))  # the unset reference is left out
    ['https://hooks.example.org/abc']
    """
    out = []
    for ref in (channel.url, channel.secret):
        try:
            value = resolve_secret(ref)
        except ChannelError:
            continue
        if value:
            out.append(value)
    return out


def url_fragments(url: str) -> list[str]:
    """The parts of ``url`` that may carry a credential: user and password (3+ characters),
    path segments and query values (6+ characters; the host and port are not secret), so that a library
    that logs the URL rewritten (another scheme, extra parameters) is still redacted.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> url_fragments("https://user:pa55@hooks.example.org/services/T000/B0123456?token=abcdef123")
    ['user', 'pa55', 'services', 'B0123456', 'abcdef123']
    """
    from urllib.parse import parse_qsl, unquote, urlsplit

    try:
        parts = urlsplit(url)
        pieces = [parts.username or "", parts.password or ""]
    except ValueError:
        return []
    creds = [p for p in pieces if len(p) >= 3]
    pieces = [unquote(p) for p in parts.path.split("/")] + parts.path.split("/")
    pieces += [v for _, v in parse_qsl(parts.query)]
    host = parts.hostname or ""
    return list(dict.fromkeys(creds + [p for p in pieces if len(p) >= 6 and p != host]))


class _Redact(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        clean = redact(text, *self.secrets)
        if clean != text:
            record.msg, record.args = clean, None
        return True


# loggers of the libraries that send (Apprise logs its URLs at DEBUG; urllib3 and httpx log
# request paths, where webhook tokens often are)
_SENDER_LOGGERS = ("apprise", "urllib3.connectionpool", "httpx", "httpcore")


@contextmanager
def redacted_logs(*secrets: str | None) -> Iterator[None]:
    """While sending: every record of the sending libraries' loggers has ``secrets`` masked
    (Apprise writes whole URLs, credentials included, to its DEBUG log).

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> import logging
    >>> seen = []
    >>> class Keep(logging.Handler):
    ...     def emit(self, record):
    ...         seen.append(record.getMessage())
    >>> log = logging.getLogger("httpx")
    >>> handler = Keep()
    >>> log.addHandler(handler)
    >>> with redacted_logs("https://hooks.example.org/T000/secret-token"):
    ...     log.warning("POST https://hooks.example.org/T000/secret-token")
    >>> log.removeHandler(handler)
    >>> seen
    ['POST https://hooks.example.org/***']
    """
    values: list[str] = []
    for s in secrets:
        if s:
            values += [s, *url_fragments(s)]
    filt = _Redact(tuple(sorted(set(values), key=len, reverse=True)))
    loggers = [logging.getLogger(name) for name in _SENDER_LOGGERS]
    for lg in loggers:
        lg.addFilter(filt)
    try:
        yield
    finally:
        for lg in loggers:
            lg.removeFilter(filt)


_MAIL_SCHEMES = ("mailto", "mailtos")


def send(channel: Channel, alert: Alert, fetcher: Fetcher) -> None:
    """Send ``alert`` once on ``channel`` (no retry here: the outbox retries).

    A digest alert (kind ``digest`` with ``payload["html"]``) goes to e-mail as HTML, to other
    Apprise services as text, to webhooks as JSON with both.

    Raises
    ------
    ChannelError
        A refused or failed send; its message names the channel by masked URL only (secrets
        are redacted).

    Examples
    --------
    >>> import datetime as dt
    >>> import httpx
    >>> from metroscope.monitor.fetch import Fetcher
    >>> from metroscope.monitor.store import Alert, Channel
    >>> posted = []
    >>> def hook(request):
    ...     posted.append(request.headers["X-Metroscope-Event-Id"])
    ...     return httpx.Response(204)
    >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"],
    ...                   transport=httpx.MockTransport(hook))
    >>> alert = Alert(id=1, idempotency_key="k1", rule_name="hsr", kind="keyword", title="HSR news",
    ...               body="", payload={}, created_at=dt.datetime(2025, 6, 2, tzinfo=dt.timezone.utc))
    >>> send(Channel(name="team", kind="webhook", url="https://hooks.example.org/abc"), alert, fetcher)
    >>> posted
    ['k1']
    """
    from .fetch import FetchError, UnsafeURLError

    url = resolve_secret(channel.url) or ""
    secret = resolve_secret(channel.secret) if channel.kind == "webhook" else None
    try:
        with redacted_logs(url, secret):
            _send(channel.kind, url, secret, alert, fetcher)
    except ChannelError as exc:
        raise ChannelError(redact_message(error_message(exc), url, secret)) from None
    except (FetchError, UnsafeURLError, OSError) as exc:
        said = Message("err_channel_failed", kind=type(exc).__name__, reason=error_message(exc))
        raise ChannelError(redact_message(said, url, secret)) from None


def _send(kind: str, url: str, secret: str | None, alert: Alert, fetcher: Fetcher) -> None:
    if kind == "webhook":
        body = webhook_body(alert)
        ts = int(time.time())
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "X-Metroscope-Event-Id": alert.idempotency_key,
                   "X-Metroscope-Timestamp": str(ts),
                   "X-Metroscope-Signature": sign(secret or "", ts, body)}
        status = fetcher.post(url, body, headers=headers)
        if not 200 <= status < 300:
            raise ChannelError(Message("err_channel_http", status=status))
        return
    scheme = url.split("://", 1)[0].lower()
    if scheme in _APPRISE_HTTP:
        fetcher.check(f"{_APPRISE_HTTP[scheme]}://{url.split('://', 1)[1]}")
    html = (alert.payload or {}).get("html") if alert.kind == "digest" else None
    with _apprise() as apprise:
        ap = apprise.Apprise()
        if not ap.add(url):
            raise ChannelError(Message("err_channel_refused", url=mask(url)))
        if html and scheme in _MAIL_SCHEMES:
            delivered = ap.notify(title=alert.title, body=html,
                                  body_format=apprise.NotifyFormat.HTML)
        else:
            delivered = ap.notify(title=alert.title, body=alert.body or alert.title)
    if not delivered:
        raise ChannelError(Message("err_channel_undelivered", url=mask(url)))
