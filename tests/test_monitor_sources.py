"""Feed and page parsing: keys, times, hostile content."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from _monitor_fixtures import rss
from metroscope.monitor._fixture_server import FIXTURES_DIR
from metroscope.monitor.sources import (
    FeedError,
    make_item,
    parse_feed,
    parse_page,
    parse_time,
    rsshub_url,
    validate_selectors,
)

BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_stats_bureau_feed_without_guid_and_with_pubtime() -> None:
    items = parse_feed((FIXTURES_DIR / "stats-zxfb.xml").read_bytes())
    assert len(items) == 2
    first = items[0]
    assert first.guid is None
    assert first.key == make_item(title="x", link=first.link, published=None, text="").key
    assert first.published_at == dt.datetime(2026, 10, 20, 10, 0, tzinfo=BEIJING)
    assert first.assumed_tz is True
    assert first.published_at.utcoffset() == dt.timedelta(hours=8)


def test_rss_with_guid_and_rfc822_date() -> None:
    items = parse_feed((FIXTURES_DIR / "rsshub/gov/ndrc/xwdt/tzgg").read_bytes())
    assert [i.guid for i in items] == ["demo-ndrc-0001", "demo-ndrc-0002"]
    assert items[0].published_at == dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    assert items[0].assumed_tz is False


def test_hostile_html_is_neutralised() -> None:
    items = parse_feed((FIXTURES_DIR / "rsshub/gov/ndrc/xwdt/tzgg").read_bytes())
    text = items[1].raw_text
    assert "alert(" not in text and "<script" not in text and "javascript:" not in text
    assert "都市圈" in text


def test_atom_and_json_feed() -> None:
    atom = parse_feed((FIXTURES_DIR / "changchun-en.atom").read_bytes())
    assert [i.guid for i in atom] == ["urn:metroscope:demo:cc-en-1", "urn:metroscope:demo:cc-en-2"]
    assert atom[0].published_at == dt.datetime(2026, 9, 28, 9, tzinfo=BEIJING)
    assert atom[1].assumed_tz  # no zone in the second entry: Beijing time assumed
    js = parse_feed((FIXTURES_DIR / "jilin-drc.json").read_bytes())
    assert [i.guid for i in js] == ["demo-jldrc-1", "demo-jldrc-2"]
    assert js[1].published_at == dt.datetime(2026, 8, 12, tzinfo=BEIJING)
    assert "光电信息" in js[0].raw_text and "<p>" not in js[0].raw_text


def test_json_feed_errors() -> None:
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(json.dumps({"items": []}).encode())
    with pytest.raises(FeedError, match="not valid JSON"):
        parse_feed(b"{not json")


def test_page_watch_css_and_xpath() -> None:
    html = (FIXTURES_DIR / "pages/jilin-transport.html").read_bytes()
    url = "http://jtyst.example.gov.cn/list/"
    css = parse_page(html, url=url, selectors={"item": "ul.news-list li", "link": "a",
                                               "date": "span.date"})
    xp = parse_page(html, url=url, selectors={"item": "//ul[@class='news-list']/li",
                                              "link": "./a", "date": "./span"})
    assert [i.title for i in css] == [i.title for i in xp]
    assert css[0].link == "http://jtyst.example.gov.cn/pages/demo/t20260915_101.html"
    assert css[0].published_at == dt.datetime(2026, 9, 15, tzinfo=BEIJING)
    assert css[2].link is None  # javascript: link dropped, item kept with its title
    assert all("document.write" not in i.title for i in css)


def test_selector_problems_listed_together() -> None:
    problems = validate_selectors({"link": "a[", "bogus": "x"})
    assert any("'item' is required" in p for p in problems)
    assert any("unknown selector keys" in p for p in problems)
    assert any("link='a['" in p for p in problems)
    with pytest.raises(FeedError, match="required"):
        parse_page(b"<html></html>", url="http://x.example/", selectors={"link": "a"})


def test_xml_entity_bomb_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><title>&c;</title></channel></rss>"""
    with pytest.raises(FeedError, match="XML bomb"):
        parse_feed(bomb)
    external = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&x;</title></item></channel></rss>"""
    with pytest.raises(FeedError):
        parse_feed(external)


def test_not_a_feed() -> None:
    with pytest.raises(FeedError, match="not an RSS/Atom feed"):
        parse_feed(b"<html><body>hello</body></html>")


@pytest.mark.parametrize(("text", "expected", "assumed"), [
    ("2026-11-09 09:30:00", dt.datetime(2026, 11, 9, 9, 30, tzinfo=BEIJING), True),
    ("2026/11/09", dt.datetime(2026, 11, 9, tzinfo=BEIJING), True),
    ("2026年11月9日", dt.datetime(2026, 11, 9, tzinfo=BEIJING), True),
    ("Mon, 09 Nov 2026 01:30:00 GMT", dt.datetime(2026, 11, 9, 1, 30, tzinfo=dt.UTC), False),
    ("2026-11-09T09:30:00+08:00", dt.datetime(2026, 11, 9, 9, 30, tzinfo=BEIJING), False),
    ("2026-11-09T01:30:00Z", dt.datetime(2026, 11, 9, 1, 30, tzinfo=dt.UTC), False),
])
def test_parse_time(text: str, expected: dt.datetime, assumed: bool) -> None:
    when, was_assumed = parse_time(text)
    assert when == expected and was_assumed is assumed


@pytest.mark.parametrize("bad", ["", "yesterday", "2026-13-45", "32/13/2026", "0000-00-00"])
def test_malformed_dates_give_none(bad: str) -> None:
    assert parse_time(bad) == (None, False)


def test_malformed_date_in_a_feed_keeps_the_item() -> None:
    items = parse_feed(rss({"title": "t", "link": "https://e.org/1", "pubDate": "not a date"}))
    assert len(items) == 1 and items[0].published_at is None


def test_keys_and_content_hashes() -> None:
    a = make_item(title="标题", link="https://e.org/1", published="2026-01-01", text="正文")
    edited = make_item(title="标题（更新）", link="https://e.org/1", published="2026-01-01",
                       text="正文")
    assert a.key == edited.key and a.content_hash != edited.content_hash
    by_guid = make_item(title="t", link="https://e.org/other", published=None, text="",
                        guid="g-1")
    assert by_guid.key == make_item(title="u", link="https://e.org/x", published=None,
                                    text="", guid="g-1").key
    no_link = make_item(title="t", link=None, published="2026-01-01", text="")
    assert no_link.key == make_item(title="t", link=None, published="2026-01-01", text="x").key
    assert no_link.key != make_item(title="t", link=None, published="2026-01-02", text="").key


def test_rsshub_routes() -> None:
    assert rsshub_url("http://127.0.0.1:1200/", "/gov/ndrc/xwdt/tzgg") == \
        "http://127.0.0.1:1200/gov/ndrc/xwdt/tzgg"
    for bad in ["gov/ndrc", "/../../etc", "//evil.example/x://y", "/a\\b"]:
        with pytest.raises(FeedError):
            rsshub_url("http://127.0.0.1:1200", bad)
