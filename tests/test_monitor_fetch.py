"""The SSRF gate and polite fetching. No test opens a connection beyond 127.0.0.1: DNS is a
fake resolver, HTTP a MockTransport or a connector that records what would be dialled."""

from __future__ import annotations

import httpcore
import httpx
import pytest

from _monitor_fixtures import PUBLIC_IP, fake_resolver, mock_fetcher
from metroscope.monitor.config import get_config
from metroscope.monitor.fetch import (
    Fetcher,
    FetchError,
    UnsafeURLError,
    address_problem,
    check_url,
    gated_transport,
    parse_retry_after,
)

PRIVATE = ["10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.169.254",
           "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fc00::1",
           "::ffff:10.0.0.1", "::ffff:127.0.0.1", "2002:0a00:0001::1", "64:ff9b::a00:1",
           "2001:0:4136:e378:8000:63bf:f5ff:fffe", "::10.0.0.1", "255.255.255.255"]


@pytest.mark.parametrize("address", PRIVATE)
def test_non_global_addresses_are_refused(address: str) -> None:
    assert address_problem(address) is not None
    with pytest.raises(UnsafeURLError, match=r"not a global|multicast|carrier-grade"):
        check_url("http://innocent.example/feed",
                  resolver=fake_resolver({"innocent.example": [address]}))


@pytest.mark.parametrize("address", PRIVATE[:6])
def test_ip_literals_are_checked_without_dns(address: str) -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("an IP literal must not be resolved")

    host = f"[{address}]" if ":" in address else address
    with pytest.raises(UnsafeURLError):
        check_url(f"http://{host}/", resolver=no_dns)


def test_any_private_address_among_many_refuses() -> None:
    with pytest.raises(UnsafeURLError, match=r"10\.1\.2\.3"):
        check_url("https://mixed.example/", resolver=fake_resolver(
            {"mixed.example": [PUBLIC_IP, "10.1.2.3"]}))


@pytest.mark.parametrize(("url", "why"), [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://example.org/x", "only http and https"),
    ("gopher://example.org/", "only http and https"),
    ("http://user:pass@example.org/", "credentials"),
    ("http://user@example.org/", "credentials"),
    ("http://example.org\\@10.0.0.1/", "backslash"),
    ("http://evil.example\\.good.example/", "backslash"),
    ("http://exa mple.org/", "whitespace"),
    ("http://example.org/\nHost: x", "whitespace or control"),
    ("http:///nohost", "no host|not a valid URL"),
    ("javascript:alert(1)", "only http and https"),
])
def test_unsafe_url_shapes_are_refused(url: str, why: str) -> None:
    with pytest.raises(UnsafeURLError, match=why):
        check_url(url, resolver=fake_resolver())


def test_unresolvable_host_is_refused() -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(UnsafeURLError, match="does not resolve"):
        check_url("https://nowhere.invalid/", resolver=fail)


def test_allow_list_lets_a_local_rsshub_through() -> None:
    gate = check_url("http://127.0.0.1:1200/gov/ndrc/xwdt", allow_hosts=["127.0.0.1"])
    assert gate.allow_listed and gate.addresses == ("127.0.0.1",)
    with pytest.raises(UnsafeURLError):
        check_url("http://127.0.0.2:1200/", allow_hosts=["127.0.0.1"])


def test_public_address_passes() -> None:
    gate = check_url("https://www.stats.gov.cn/sj/zxfb/rss.xml", resolver=fake_resolver())
    assert gate.addresses == (PUBLIC_IP,) and gate.port == 443


def test_redirect_to_a_private_address_is_refused_before_any_request() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://internal.example/admin"})

    f = mock_fetcher(handler, resolver=fake_resolver({"internal.example": ["192.168.0.10"]}))
    with pytest.raises(FetchError, match=r"192\.168\.0\.10") as exc:
        f.get("https://feeds.example/rss")
    assert exc.value.kind == "unsafe"
    assert seen == ["https://feeds.example/rss"]  # the private hop was never requested


def test_redirect_to_file_scheme_is_refused() -> None:
    f = mock_fetcher(lambda r: httpx.Response(301, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(FetchError, match="only http and https"):
        f.get("https://feeds.example/rss")


def test_redirect_cap() -> None:
    f = mock_fetcher(lambda r: httpx.Response(302, headers={"Location": str(r.url) + "x"}),
                     config=get_config(max_redirects=3, host_min_interval_s=0))
    with pytest.raises(FetchError, match="more than 3 redirects") as exc:
        f.get("https://loop.example/a")
    assert exc.value.kind == "too_many_redirects"


def test_gated_transport_never_dials_a_refused_address() -> None:
    """Dial-time check: the connector is called only with addresses the gate accepted."""
    dialled: list[tuple[str, int]] = []

    def connector(address: str, port: int, timeout: float | None) -> httpcore.NetworkStream:
        dialled.append((address, port))
        raise httpcore.ConnectError("test connector: no network")

    resolver = fake_resolver({"rebind.example": ["10.0.0.7"], "ok.example": [PUBLIC_IP]})
    transport = gated_transport(resolver=resolver, connector=connector)
    with httpx.Client(transport=transport) as client:
        with pytest.raises(httpx.ConnectError, match="not a global"):
            client.get("http://rebind.example/")
        assert dialled == []
        with pytest.raises(httpx.ConnectError, match="test connector"):
            client.get("http://ok.example/")
    assert dialled == [(PUBLIC_IP, 80)]


def test_fetcher_checks_again_at_dial_time_when_dns_changes() -> None:
    """DNS rebinding: public at the check, private at the dial; the dial is refused."""
    answers = iter([[PUBLIC_IP], ["10.0.0.8"]])
    dialled: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        return next(answers)

    def connector(address: str, port: int, timeout: float | None) -> httpcore.NetworkStream:
        dialled.append(address)
        raise httpcore.ConnectError("no network")

    config = get_config(host_min_interval_s=0)
    f = Fetcher(config, resolver=resolver,
                transport=gated_transport(resolver=resolver, connector=connector))
    with pytest.raises(FetchError, match="not a global") as exc:
        f.get("http://rebinding.example/feed")
    assert exc.value.kind == "network" and dialled == []


def test_body_cap_by_header_and_by_stream() -> None:
    config = get_config(max_body_bytes=1000, host_min_interval_s=0)
    f = mock_fetcher(lambda r: httpx.Response(200, content=b"x" * 5000), config=config)
    with pytest.raises(FetchError, match="cap of 1,000 bytes") as exc:
        f.get("https://big.example/")
    assert exc.value.kind == "too_large"

    def streamed(r: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"y" * 600, b"y" * 600]))

    with pytest.raises(FetchError, match="more than the cap"):
        mock_fetcher(streamed, config=config).get("https://big.example/")


def test_gzip_bomb_counts_decompressed_bytes() -> None:
    import gzip

    bomb = gzip.compress(b"\0" * 2_000_000)
    config = get_config(max_body_bytes=100_000, host_min_interval_s=0)
    f = mock_fetcher(lambda r: httpx.Response(200, content=bomb,
                                              headers={"Content-Encoding": "gzip"}),
                     config=config)
    assert len(bomb) < 100_000
    with pytest.raises(FetchError, match="after decompression"):
        f.get("https://bomb.example/")


def test_conditional_get_and_user_agent() -> None:
    seen: list[httpx.Headers] = []

    def handler(r: httpx.Request) -> httpx.Response:
        seen.append(r.headers)
        if r.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, content=b"<rss/>", headers={
            "ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 08:00:00 GMT"})

    f = mock_fetcher(handler)
    first = f.get("https://feeds.example/rss")
    assert first.status == 200 and first.etag == '"v1"'
    second = f.get("https://feeds.example/rss", etag=first.etag,
                   last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    assert seen[1]["If-Modified-Since"] == "Mon, 02 Mar 2026 08:00:00 GMT"
    assert seen[0]["User-Agent"].startswith("metroscope-monitor/")


def test_http_errors_carry_status_and_retry_after() -> None:
    f = mock_fetcher(lambda r: httpx.Response(429, headers={"Retry-After": "120"}))
    with pytest.raises(FetchError) as exc:
        f.get("https://busy.example/")
    assert exc.value.status == 429 and exc.value.retry_after_s == 120.0


def test_parse_retry_after() -> None:
    import datetime as dt

    now = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Mon, 02 Mar 2026 08:10:00 GMT", now=now) == 600.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_per_host_minimum_interval() -> None:
    clock = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        clock[0] += s

    config = get_config(host_min_interval_s=2.0)
    f = Fetcher(config, transport=httpx.MockTransport(lambda r: httpx.Response(200)),
                resolver=fake_resolver(), clock=lambda: clock[0], sleep=sleep)
    f.get("https://a.example/1")
    f.get("https://a.example/2")
    f.get("https://b.example/1")
    assert slept == [pytest.approx(2.0)]


def test_post_passes_the_gate() -> None:
    f = mock_fetcher(lambda r: httpx.Response(204),
                     resolver=fake_resolver({"hook.example": ["10.0.0.9"]}))
    with pytest.raises(FetchError, match="not a global"):
        f.post("https://hook.example/x", b"{}", headers={})
    assert mock_fetcher(lambda r: httpx.Response(204)).post("https://ok.example/", b"{}",
                                                          headers={}) == 204
