"""Polite HTTP for every server-side fetch of the monitor (httpx), through the SSRF gate.

:class:`Fetcher` runs every URL and every redirect hop through the gate
(:func:`~metroscope.monitor.gate.check_url`; connections go only to checked addresses) and adds
the limits: timeout, a body-size cap (refused, not truncated), a redirect cap, per-host
concurrency and minimum interval, an identifying User-Agent, conditional GET (ETag /
Last-Modified) and ``Retry-After``. The gate's names stay importable from here.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from .._errors import MetroscopeError, error_message
from ..messages import Message
from .config import MonitorConfig, get_config
from .gate import (
    GatedBackend,
    GateResult,
    Resolver,
    UnsafeURLError,
    address_problem,
    check_url,
    check_url_syntax,
    gated_transport,
    system_resolver,
)

logger = logging.getLogger(__name__)

# the SSRF gate lives in .gate and stays importable from here
__all__ = ["REDIRECT_CODES", "FetchError", "FetchResult", "Fetcher", "GateResult", "GatedBackend",
           "Resolver", "UnsafeURLError", "address_problem", "check_url", "check_url_syntax",
           "gated_transport", "parse_retry_after", "system_resolver"]

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class FetchError(MetroscopeError):
    """A fetch that failed: ``kind`` is one of unsafe, timeout, network, too_large,
    too_many_redirects, http; ``status`` the HTTP status if any; ``retry_after_s`` the
    server's ``Retry-After`` in seconds if it sent one."""

    def __init__(self, message: str, *, kind: str, status: int | None = None,
                 retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after_s = retry_after_s


@dataclass
class FetchResult:
    """The outcome of a GET: final URL, status (200 or 304), body and caching headers."""

    url: str
    status: int
    content: bytes
    headers: dict[str, str]
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET (the body is empty)."""
        return self.status == 304


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date), None when absent or invalid.

    Raises
    ------
    Nothing; an absent or invalid value gives ``None``.

    Examples
    --------
    >>> parse_retry_after("120")
    120.0
    >>> import datetime as dt
    >>> parse_retry_after("Mon, 02 Jun 2025 08:01:00 GMT", now=dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.timezone.utc))
    60.0
    >>> parse_retry_after("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


class _HostGate:
    """Per-host concurrency and minimum interval between requests."""

    def __init__(self, concurrency: int, min_interval_s: float,
                 clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        self._last: dict[str, float] = {}
        self._concurrency = concurrency
        self._min = min_interval_s
        self._clock = clock
        self._sleep = sleep

    def acquire(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            sem = self._sems.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        sem.acquire()
        while True:
            with self._lock:
                wait = self._last.get(host, -1e18) + self._min - self._clock()
                if wait <= 0:
                    self._last[host] = self._clock()
                    return sem
            self._sleep(wait)


class Fetcher:
    """GET and POST through the SSRF gate with the monitor's limits.

    Parameters
    ----------
    config
        Limits, User-Agent and allow-listed hosts (default :func:`get_config`).
    resolver
        Host resolver used by the gate (default the system's).
    transport
        An httpx transport; default :func:`gated_transport` (dial-time check). Tests pass an
        ``httpx.MockTransport``: the gate still checks every URL and hop first.
    """

    def __init__(self, config: MonitorConfig | None = None, *, resolver: Resolver | None = None,
                 transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config or get_config()
        self.resolver = resolver or system_resolver
        self.transport = transport or gated_transport(
            resolver=self.resolver, allow_hosts=self.config.allow_private_hosts)
        self._client = httpx.Client(
            transport=self.transport, follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(self.config.timeout_s),
            headers={"User-Agent": self.config.user_agent})
        self._hosts = _HostGate(self.config.host_concurrency, self.config.host_min_interval_s,
                                clock, sleep)

    def close(self) -> None:
        """Close the HTTP client.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"])
        >>> fetcher.close()
        """
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, url: str | httpx.URL) -> GateResult:
        """Run the SSRF gate on ``url`` with this fetcher's resolver and allow-list.

        Raises
        ------
        UnsafeURLError
            From :func:`check_url`: scheme not http(s), userinfo, backslash or control characters,
            no host, a host that does not resolve, or a resolved address that is not global.

        Examples
        --------
        >>> fetcher.check("https://example.org/feed.xml").addresses  # the fake resolver's answer
        ('93.184.216.34',)
        """
        return check_url(url, resolver=self.resolver,
                         allow_hosts=self.config.allow_private_hosts)

    def _send(self, method: str, url: str, *, headers: dict[str, str],
              content: bytes | None = None) -> tuple[httpx.Response, bytes]:
        try:
            gate = self.check(url)
        except UnsafeURLError as exc:
            raise FetchError(error_message(exc), kind="unsafe") from None
        sem = self._hosts.acquire(gate.host)
        try:
            request = self._client.build_request(method, gate.url, headers=headers,
                                                 content=content)
            response = self._client.send(request, stream=True)
            try:
                body = self._read_capped(response, url)
            finally:
                response.close()
        except httpx.TimeoutException as exc:
            msg = Message("err_fetch_timeout", seconds=f"{self.config.timeout_s:g}", url=url,
                          detail=str(exc)[:500])
            raise FetchError(msg, kind="timeout") from None
        except httpx.HTTPError as exc:
            msg = Message("err_fetch_network", url=url, detail=str(exc)[:500])
            raise FetchError(msg, kind="network") from None
        finally:
            sem.release()
        return response, body

    def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        cap = self.config.max_body_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            msg = Message("err_fetch_declared", url=url, size=f"{int(declared):,}", cap=f"{cap:,}")
            raise FetchError(msg, kind="too_large")
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > cap:
                msg = Message("err_fetch_too_large", url=url, cap=f"{cap:,}")
                raise FetchError(msg, kind="too_large")
            chunks.append(chunk)
        return b"".join(chunks)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "application/rss+xml, application/atom+xml, application/feed+json, "
                          "application/xml;q=0.9, text/html;q=0.8, */*;q=0.5") -> FetchResult:
        """GET ``url`` following at most ``max_redirects`` hops, each through the gate.

        Raises
        ------
        FetchError
            ``kind`` says why (unsafe, timeout, network, too_large, too_many_redirects, http);
            4xx/5xx answers carry ``status`` and ``retry_after_s``.

        Examples
        --------
        >>> result = fetcher.get("https://example.org/feed.xml")
        >>> result.status, result.url, len(result.content)
        (200, 'https://example.org/feed.xml', 208)
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hops: list[str] = []
        current = url
        while True:
            response, body = self._send("GET", current, headers=headers)
            if response.status_code in REDIRECT_CODES and "location" in response.headers:
                if len(hops) >= self.config.max_redirects:
                    msg = Message("err_fetch_redirects", n=self.config.max_redirects, url=url)
                    raise FetchError(msg, kind="too_many_redirects")
                nxt = str(httpx.URL(current).join(response.headers["location"]))
                hops.append(nxt)
                current = nxt
                continue
            break
        status = response.status_code
        if status == 304:
            return FetchResult(url=current, status=304, content=b"",
                               headers=dict(response.headers), etag=etag,
                               last_modified=last_modified, redirects=hops)
        if status >= 400 or status < 200:
            retry = parse_retry_after(response.headers.get("retry-after"))
            msg = Message("err_fetch_http", status=status, url=current)
            raise FetchError(msg, kind="http", status=status, retry_after_s=retry)
        return FetchResult(url=current, status=status, content=body,
                           headers=dict(response.headers),
                           etag=response.headers.get("etag"),
                           last_modified=response.headers.get("last-modified"), redirects=hops)

    def post(self, url: str, content: bytes, *, headers: dict[str, str]) -> int:
        """POST ``content`` to ``url`` (no redirects followed); returns the HTTP status.

        Raises
        ------
        FetchError
            Unsafe URL, timeout, network error or body over the cap.

        Examples
        --------
        >>> import httpx
        >>> server = httpx.MockTransport(lambda request: httpx.Response(204))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> fetcher.post("https://hooks.example.org/abc", b"{}", headers={"Content-Type": "application/json"})
        204
        >>> fetcher.close()
        """
        response, _ = self._send("POST", url, headers=headers, content=content)
        return response.status_code
