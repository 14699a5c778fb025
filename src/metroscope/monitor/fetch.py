"""Polite, SSRF-safe HTTP for every server-side fetch of the monitor (httpx).

One gate, :func:`check_url`, decides whether a URL may be fetched: http(s) only, no userinfo,
no backslashes or control characters, and every address the host resolves to must be global
(not private, loopback, link-local, CGNAT 100.64/10, multicast, reserved, nor an IPv4-mapped /
6to4 / Teredo wrapping of one) unless the host is allow-listed
(:attr:`~metroscope.monitor.config.MonitorConfig.allow_private_hosts`, e.g. a local RSSHub).
It runs before the first request and again for every redirect hop; the connection itself is
made to an address the gate checked (:class:`GatedBackend`), so DNS rebinding between the
check and the dial cannot reach a private address. Sources: MONITOR.md §7 (changedetection.io
``validate_url.py``; Miniflux's dial-time check, PR #4087; GHSA-rph4-96w6-q594 for backslashes).

:class:`Fetcher` adds the limits: timeout, a body-size cap (refused, not truncated), a
redirect cap, per-host concurrency and minimum interval, an identifying User-Agent, conditional
GET (ETag / Last-Modified) and ``Retry-After``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from .._errors import MetroscopeError
from .config import MonitorConfig, get_config

logger = logging.getLogger(__name__)

Resolver = Callable[[str, int], list[str]]
"""``resolver(host, port) -> [ip, ...]``: how host names become addresses (injectable)."""

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class UnsafeURLError(ValueError, MetroscopeError):
    """A URL the SSRF gate refuses (says which rule and how to allow it if intended)."""


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


def system_resolver(host: str, port: int) -> list[str]:
    """Addresses of ``host`` from the operating system's resolver (``getaddrinfo``).

    Raises
    ------
    socket.gaierror
        When the operating system cannot resolve ``host``.

    Examples
    --------
    >>> system_resolver("127.0.0.1", 80)
    ['127.0.0.1']
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    out = []
    if ip.ipv4_mapped is not None:
        out.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        out.append(ip.sixtofour)
    if ip.teredo is not None:
        out.extend(ip.teredo)
    # IPv4-compatible (::a.b.c.d, deprecated) and NAT64 well-known prefix 64:ff9b::/96
    if int(ip) >> 32 == 0 or ip in ipaddress.ip_network("64:ff9b::/96"):
        out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return out


def address_problem(address: str) -> str | None:
    """Why ``address`` (an IP literal) must not be dialled, or None when it is global.

    Raises
    ------
    Nothing; the problem is returned as text.

    Examples
    --------
    >>> address_problem("8.8.8.8") is None
    True
    >>> address_problem("127.0.0.1")
    '127.0.0.1 is not a global address (private, loopback, link-local or reserved)'
    >>> address_problem("10.0.0.1")
    '10.0.0.1 is not a global address (private, loopback, link-local or reserved)'
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        candidates += _embedded_ipv4(ip)
    for c in candidates:
        label = str(c) if c is ip else f"{c} (inside {ip})"
        if c.is_multicast:
            return f"{label} is a multicast address"
        if isinstance(c, ipaddress.IPv4Address) and c in _CGNAT:
            return f"{label} is a carrier-grade NAT address (100.64.0.0/10)"
        if not c.is_global or c.is_reserved or c.is_unspecified:
            return f"{label} is not a global address (private, loopback, link-local or reserved)"
    return None


@dataclass(frozen=True)
class GateResult:
    """A URL that passed the gate: the parsed URL, host, port and the checked addresses."""

    url: httpx.URL
    host: str
    port: int
    addresses: tuple[str, ...]
    allow_listed: bool


def check_url_syntax(url: str) -> httpx.URL:
    """The part of the gate that needs no DNS: scheme, userinfo, backslashes, host.

    Raises
    ------
    UnsafeURLError
        Naming the rule that failed.

    Examples
    --------
    >>> str(check_url_syntax("https://example.org/feed.xml"))
    'https://example.org/feed.xml'
    >>> check_url_syntax("ftp://example.org/")
    Traceback (most recent call last):
        ...
    metroscope.monitor.fetch.UnsafeURLError: Refused 'ftp://example.org/': only http and https URLs are fetched (got 'ftp').
    """
    raw = str(url)
    if "\\" in raw:
        msg = f"Refused {raw!r}: backslashes in URLs are parsed differently by different libraries."
        raise UnsafeURLError(msg)
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in raw):
        msg = f"Refused {raw!r}: whitespace or control characters in the URL."
        raise UnsafeURLError(msg)
    try:
        parsed = httpx.URL(raw)
    except (httpx.InvalidURL, ValueError) as exc:
        msg = f"Refused {raw!r}: not a valid URL ({exc})."
        raise UnsafeURLError(msg) from None
    if parsed.scheme not in ("http", "https"):
        msg = f"Refused {raw!r}: only http and https URLs are fetched (got {parsed.scheme!r})."
        raise UnsafeURLError(msg)
    if parsed.userinfo:
        msg = (f"Refused {raw!r}: credentials in the URL (user:password@) are not accepted; "
               "put secrets in the environment.")
        raise UnsafeURLError(msg)
    if not parsed.host:
        msg = f"Refused {raw!r}: no host."
        raise UnsafeURLError(msg)
    return parsed


def check_url(url: str | httpx.URL, *, resolver: Resolver | None = None,
              allow_hosts: Iterable[str] = ()) -> GateResult:
    """The SSRF gate: refuse ``url`` unless it is safe to fetch from the server.

    Parameters
    ----------
    url
        Absolute URL.
    resolver
        Host-name resolver (default :func:`system_resolver`); tests inject a fake one.
    allow_hosts
        Host names or IP literals allowed although they are not global (exact, lower-case).

    Returns
    -------
    GateResult
        With every resolved address (all global, or the host is allow-listed).

    Raises
    ------
    UnsafeURLError
        Scheme not http(s), userinfo, backslash or control characters, no host, a host that
        does not resolve, or any resolved address that is not global.

    Examples
    --------
    >>> fake_dns = lambda host, port: ["93.184.216.34"]
    >>> gate = check_url("https://example.org/feed.xml", resolver=fake_dns)
    >>> gate.host, gate.port, gate.addresses
    ('example.org', 443, ('93.184.216.34',))
    >>> check_url("http://localhost/", resolver=lambda host, port: ["127.0.0.1"])
    Traceback (most recent call last):
        ...
    metroscope.monitor.fetch.UnsafeURLError: Refused 'http://localhost/': localhost resolves to a refused address: 127.0.0.1 is not a global address (private, loopback, link-local or reserved). If this is an intended local service (e.g. your own RSSHub), add the host to METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS.
    """
    resolver = resolver or system_resolver
    raw = str(url)
    parsed = check_url_syntax(raw)
    host = parsed.host.lower().rstrip(".")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    allowed = {h.lower().strip("[]") for h in allow_hosts}
    listed = host.strip("[]") in allowed
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        try:
            addresses = list(resolver(host, port))
        except (OSError, UnicodeError) as exc:
            msg = f"Refused {raw!r}: the host {host!r} does not resolve ({exc})."
            raise UnsafeURLError(msg) from None
    if not addresses:
        msg = f"Refused {raw!r}: the host {host!r} has no address."
        raise UnsafeURLError(msg)
    if not listed:
        for a in addresses:
            problem = address_problem(a)
            if problem:
                msg = (f"Refused {raw!r}: {host} resolves to a refused address: {problem}. "
                       "If this is an intended "
                       "local service (e.g. your own RSSHub), add the host to "
                       "METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS.")
                raise UnsafeURLError(msg)
    return GateResult(url=parsed, host=host, port=port, addresses=tuple(addresses),
                      allow_listed=listed)


class GatedBackend(httpcore.SyncBackend):
    """A network backend that dials only addresses the gate accepts (checked at dial time)."""

    def __init__(self, *, resolver: Resolver | None = None, allow_hosts: Iterable[str] = (),
                 connector: Callable[..., httpcore.NetworkStream] | None = None) -> None:
        self.resolver = resolver or system_resolver
        self.allow_hosts = tuple(allow_hosts)
        self._connector = connector

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        """Open a TCP connection to ``host``, only to addresses that pass the SSRF gate (each
        one tried in turn).

        Raises
        ------
        httpcore.ConnectError
            When the gate refuses the host (the :class:`UnsafeURLError` message is kept), or
            no gate-checked address accepts the connection.

        Examples
        --------
        >>> backend = GatedBackend(resolver=lambda host, port: ["10.1.2.3"])
        >>> backend.connect_tcp("intranet.example", 80)
        Traceback (most recent call last):
            ...
        httpcore.ConnectError: Refused 'http://intranet.example:80/': intranet.example resolves to a refused address: 10.1.2.3 is not a global address (private, loopback, link-local or reserved). If this is an intended local service (e.g. your own RSSHub), add the host to METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS.
        """
        try:
            gate = check_url(f"http://{_bracket(host)}:{port}/", resolver=self.resolver,
                             allow_hosts=self.allow_hosts)
        except UnsafeURLError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        last: Exception | None = None
        for address in gate.addresses:
            try:
                if self._connector is not None:
                    return self._connector(address, port, timeout)
                return super().connect_tcp(address, port, timeout=timeout,
                                           local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout, OSError) as exc:
                last = exc
        msg = f"could not connect to {host}:{port}: {last}"
        raise httpcore.ConnectError(msg)


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def gated_transport(*, resolver: Resolver | None = None, allow_hosts: Iterable[str] = (),
                    connector: Callable[..., httpcore.NetworkStream] | None = None,
                    ) -> httpx.HTTPTransport:
    """An httpx transport whose connections go only to gate-checked addresses.

    Raises
    ------
    Nothing at construction; the gate's refusals surface as ``httpcore.ConnectError`` when a
    request connects (see :meth:`GatedBackend.connect_tcp`).

    Examples
    --------
    >>> import httpx
    >>> client = httpx.Client(transport=gated_transport(resolver=lambda host, port: ["127.0.0.1"]))
    >>> client.get("http://intranet.example/")
    Traceback (most recent call last):
        ...
    httpx.ConnectError: Refused 'http://intranet.example:80/': intranet.example resolves to a refused address: 127.0.0.1 is not a global address (private, loopback, link-local or reserved). If this is an intended local service (e.g. your own RSSHub), add the host to METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS.
    >>> client.close()
    """
    transport = httpx.HTTPTransport(retries=0)
    transport._pool._network_backend = GatedBackend(
        resolver=resolver, allow_hosts=allow_hosts, connector=connector)
    return transport


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
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"])
        >>> fetcher.check("https://example.org/feed.xml").addresses
        ('93.184.216.34',)
        >>> fetcher.close()
        """
        return check_url(url, resolver=self.resolver,
                         allow_hosts=self.config.allow_private_hosts)

    def _send(self, method: str, url: str, *, headers: dict[str, str],
              content: bytes | None = None) -> tuple[httpx.Response, bytes]:
        try:
            gate = self.check(url)
        except UnsafeURLError as exc:
            raise FetchError(str(exc), kind="unsafe") from None
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
            msg = f"timed out after {self.config.timeout_s:g} s fetching {url}: {exc}"
            raise FetchError(msg, kind="timeout") from None
        except httpx.HTTPError as exc:
            msg = f"network error fetching {url}: {exc}"
            raise FetchError(msg, kind="network") from None
        finally:
            sem.release()
        return response, body

    def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        cap = self.config.max_body_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            msg = f"{url} declares {int(declared):,} bytes, over the cap of {cap:,} bytes"
            raise FetchError(msg, kind="too_large")
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > cap:
                msg = f"{url} sent more than the cap of {cap:,} bytes (after decompression)"
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
        >>> import httpx
        >>> feed = ('<rss version="2.0"><channel><title>t</title><item><title>长四辽通高铁正式开工建设</title>'
        ...         '<link>https://example.org/a</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
        ...         '</item></channel></rss>').encode()
        >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=feed))
        >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
        >>> result = fetcher.get("https://example.org/feed.xml")
        >>> result.status, result.url, len(result.content)
        (200, 'https://example.org/feed.xml', 208)
        >>> fetcher.close()
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
                    msg = f"more than {self.config.max_redirects} redirects from {url}"
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
            msg = f"HTTP {status} from {current}"
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
