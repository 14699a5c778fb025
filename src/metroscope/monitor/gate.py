"""The SSRF gate: whether a URL may be fetched by the server, checked again at dial time.

One gate, :func:`check_url`, decides whether a URL may be fetched: http(s) only, no userinfo,
no backslashes or control characters, and every address the host resolves to must be global
(not private, loopback, link-local, CGNAT 100.64/10, multicast, reserved, nor an IPv4-mapped /
6to4 / Teredo wrapping of one) unless the host is allow-listed
(:attr:`~metroscope.monitor.config.MonitorConfig.allow_private_hosts`, e.g. a local RSSHub).
It runs before the first request and again for every redirect hop; the connection itself is
made to an address the gate checked (:class:`GatedBackend`), so DNS rebinding between the
check and the dial cannot reach a private address. Sources: MONITOR.md §7 (changedetection.io
``validate_url.py``; Miniflux's dial-time check, PR #4087; GHSA-rph4-96w6-q594 for backslashes).
The HTTP client that uses it is :class:`~metroscope.monitor.fetch.Fetcher`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from .._errors import MetroscopeError
from ..messages import Message

__all__ = ["GateResult", "GatedBackend", "Resolver", "UnsafeURLError", "address_problem",
           "check_url", "check_url_syntax", "gated_transport", "system_resolver"]

Resolver = Callable[[str, int], list[str]]
"""``resolver(host, port) -> [ip, ...]``: how host names become addresses (injectable)."""

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
#: one part of a numeric IPv4 host as inet_aton reads it: hex, octal (leading 0) or decimal
_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*")


class UnsafeURLError(ValueError, MetroscopeError):
    """A URL the SSRF gate refuses (says which rule and how to allow it if intended)."""


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
        return Message("err_gate_not_ip", address=repr(address))
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        candidates += _embedded_ipv4(ip)
    for c in candidates:
        label = str(c) if c is ip else Message("err_gate_inside", address=str(c), outer=str(ip))
        if c.is_multicast:
            return Message("err_gate_multicast", label=label)
        if isinstance(c, ipaddress.IPv4Address) and c in _CGNAT:
            return Message("err_gate_cgnat", label=label)
        if not c.is_global or c.is_reserved or c.is_unspecified:
            return Message("err_gate_not_global", label=label)
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
    metroscope.monitor.gate.UnsafeURLError: Refused 'ftp://example.org/': only http and https URLs are fetched (got 'ftp').
    """
    raw = str(url)
    if "\\" in raw:
        msg = Message("err_gate_backslash", url=repr(raw))
        raise UnsafeURLError(msg)
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in raw):
        msg = Message("err_gate_control", url=repr(raw))
        raise UnsafeURLError(msg)
    try:
        parsed = httpx.URL(raw)
    except (httpx.InvalidURL, ValueError) as exc:
        msg = Message("err_gate_invalid", url=repr(raw), reason=str(exc))
        raise UnsafeURLError(msg) from None
    if parsed.scheme not in ("http", "https"):
        msg = Message("err_gate_scheme", url=repr(raw), scheme=repr(parsed.scheme))
        raise UnsafeURLError(msg)
    if parsed.userinfo:
        msg = Message("err_gate_credentials", url=repr(raw))
        raise UnsafeURLError(msg)
    if not parsed.host:
        msg = Message("err_gate_no_host", url=repr(raw))
        raise UnsafeURLError(msg)
    return parsed


def numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address ``host`` spells in one of inet_aton's numeric forms (``2130706433``,
    ``0x7f.1``, ``127.1``: 1 to 4 hex, octal or decimal parts, the last filling the remaining
    bytes), which the system resolver reads as that address; None for anything else.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> numeric_ipv4("2130706433"), numeric_ipv4("0x7f.1"), numeric_ipv4("0xa.0x1.0x2.0x3")
    (IPv4Address('127.0.0.1'), IPv4Address('127.0.0.1'), IPv4Address('10.1.2.3'))
    >>> numeric_ipv4("4294967296") is None, numeric_ipv4("www.example") is None
    (True, True)
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(x) for x in parts):
        return None
    values = [int(x, 16) if x[:2].lower() == "0x" else int(x, 8) if x[:1] == "0" else int(x)
              for x in parts]
    last_bits = 8 * (5 - len(parts))
    if any(v > 255 for v in values[:-1]) or values[-1] >= 1 << last_bits:
        return None
    number = values[-1]
    for i, v in enumerate(values[:-1]):
        number |= v << (24 - 8 * i)
    return ipaddress.IPv4Address(number)


def known_local_problem(url: str, allow_hosts: Iterable[str] = ()) -> str | None:
    """Why the gate will refuse ``url``, when that is known without DNS, else None.

    An IP literal (or a numeric form of one, :func:`numeric_ipv4`) that is not global, or
    ``localhost`` (and ``*.localhost``, RFC 6761), not listed in ``allow_hosts``: :func:`check_url` refuses these at every fetch, so adding such a
    source can be flagged at once. Host names are not resolved here (that happens at fetch time).

    Raises
    ------
    UnsafeURLError
        From :func:`check_url_syntax` when the URL itself is invalid.

    Examples
    --------
    >>> known_local_problem("http://127.0.0.1:1200/feed")
    '127.0.0.1 is not a global address (private, loopback, link-local or reserved)'
    >>> known_local_problem("http://127.0.0.1:1200/feed", allow_hosts=["127.0.0.1"]) is None
    True
    >>> known_local_problem("https://www.ndrc.gov.cn/xxgk/") is None
    True
    """
    host = check_url_syntax(url).host.lower().rstrip(".").strip("[]")
    if host in {h.lower().strip("[]") for h in allow_hosts}:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return address_problem("127.0.0.1")
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        numeric = numeric_ipv4(host)  # 2130706433, 0x7f.1: the resolver reads an address
        return None if numeric is None else address_problem(str(numeric))
    return address_problem(host)


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
    metroscope.monitor.gate.UnsafeURLError: Refused 'http://localhost/': localhost resolves to a refused address: 127.0.0.1 is not a global address (private, loopback, link-local or reserved). If this is an intended local service (e.g. your own RSSHub), add the host to METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS.
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
            msg = Message("err_gate_unresolved", url=repr(raw), host=repr(host), reason=str(exc))
            raise UnsafeURLError(msg) from None
    if not addresses:
        msg = Message("err_gate_no_address", url=repr(raw), host=repr(host))
        raise UnsafeURLError(msg)
    if not listed:
        for a in addresses:
            problem = address_problem(a)
            if problem:
                msg = Message("err_gate_refused_address", url=repr(raw), host=host,
                              problem=problem)
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
