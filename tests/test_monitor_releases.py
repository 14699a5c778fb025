"""Statistics-bureau release lists: TRS-style list pages parsed into items, from files and
through a pass over a 127.0.0.1 server."""

from __future__ import annotations

import datetime as dt

import pytest

from _monitor_fixtures import changchun, sqlite_store  # noqa: F401
from metroscope.monitor import Monitor, add_source, query
from metroscope.monitor._fixture_server import FIXTURES_DIR, FixtureServer
from metroscope.monitor.config import get_config
from metroscope.monitor.fetch import Fetcher
from metroscope.monitor.releases import (
    ReleaseDetail,
    parse_release_list,
    parse_release_page,
    release_links,
    with_detail,
)
from metroscope.monitor.sources import SHANGHAI, FeedError
from metroscope.monitor.store import Store

RELEASES = FIXTURES_DIR / "releases"
NBS = "https://www.stats.gov.cn/sj/zxfb/"


def _read(name: str) -> bytes:
    return (RELEASES / name).read_bytes()


def test_national_list_each_release_once_with_full_title_and_date() -> None:
    items = parse_release_list(_read("nbs-zxfb.html"), url=NBS)
    assert [it.link for it in items] == [
        "https://www.stats.gov.cn/sj/zxfb/202603/t20260316_1963101.html",
        "https://www.stats.gov.cn/sj/zxfb/202603/t20260316_1963098.html",
        "https://www.stats.gov.cn/sj/zxfb/202603/t20260309_1963020.html",
        "https://www.stats.gov.cn/sj/zxfb/202602/t20260228_1962871.html",
        "https://www.stats.gov.cn/sj/zxfb/202601/t20260119_1962345.html"]
    # the desktop title (title attribute), not the shortened mobile text
    assert items[0].title == "2026年1—2月份国民经济运行情况（演示）"
    assert items[0].published_at == dt.datetime(2026, 3, 16, tzinfo=SHANGHAI)
    assert items[2].published_at == dt.datetime(2026, 3, 9, tzinfo=SHANGHAI)
    # no date beside the last one: taken from tYYYYMMDD of its page name
    assert items[4].published_at == dt.datetime(2026, 1, 19, tzinfo=SHANGHAI)
    assert all(it.assumed_tz and it.language == "zh" and it.raw_text == "" for it in items)
    # navigation, paging and the javascript: link are not releases
    assert not any("index_1" in it.link or "javascript" in it.link for it in items)
    assert len({it.key for it in items}) == 5


def test_provincial_table_with_bracketed_dates_skips_yearbook_links() -> None:
    url = "http://tjj.jl.gov.cn/tjsj/tjgb/ndgb/"
    links = release_links(_read("jilin-tjj-ndgb.html"), url=url)
    assert links == [
        ("http://tjj.jl.gov.cn/tjsj/tjgb/ndgb/202603/t20260320_3461201.html",
         "吉林省2025年国民经济和社会发展统计公报（演示）", "2026-03-20"),
        ("http://tjj.jl.gov.cn/tjsj/tjgb/ndgb/202503/t20250321_3312876.html",
         "吉林省2024年国民经济和社会发展统计公报（演示）", "2025-03-21")]


def test_city_list_with_chinese_dates_and_shtml_pages() -> None:
    items = parse_release_list(_read("changchun-tjj-sjfb.html"),
                               url="http://tjj.changchun.gov.cn/sjfb/")
    assert [(it.title, it.published_at.date().isoformat()) for it in items] == [
        ("2026年1—2月长春市主要经济指标（演示）", "2026-03-18"),
        ("长春市2025年国民经济和社会发展统计公报（演示）", "2026-02-26"),
        ("2025年长春市经济运行情况（演示）", "2026-01-23")]
    assert items[1].link.endswith("t20260226_3468100.shtml")


def test_gbk_pages_are_decoded() -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '</head><body><ul><li><a href="/tjsj/202601/t20260105_1.html">统计公报（演示）</a>'
            "<span>2026-01-05</span></li></ul></body></html>").encode("gbk")
    (item,) = parse_release_list(page, url="http://tjj.jl.gov.cn/tjsj/")
    assert item.title == "统计公报（演示）"


@pytest.mark.parametrize("body", [_read("empty-redesign.html"), b"", b"\x00\x01 not html"])
def test_a_page_without_releases_is_an_error_not_an_empty_list(body: bytes) -> None:
    with pytest.raises(FeedError, match=r"no release links|not an HTML page"):
        parse_release_list(body, url=NBS)


def test_release_page_text_time_and_attachments() -> None:
    page = RELEASES / "202603" / "t20260316_1963101.html"
    url = "https://www.stats.gov.cn/sj/zxfb/202603/t20260316_1963101.html"
    detail = parse_release_page(page.read_bytes(), url=url)
    assert detail.text.startswith("这是一条为 metroscope 编写的演示发布")
    assert "line-height" not in detail.text and "首页" not in detail.text  # body only
    assert detail.published == "2026-03-16 09:30"
    assert [name for name, _ in detail.attachments] == ["2026年1—2月份主要指标（演示）.xlsx",
                                                      "指标解释（演示）.pdf"]
    assert detail.attachments[0][1] == ("https://www.stats.gov.cn/sj/zxfb/202603/"
                                        "P020260316_演示数据表.xlsx")
    (item,) = [it for it in parse_release_list(_read("nbs-zxfb.html"), url=NBS)
               if it.link == url]
    full = with_detail(item, detail)
    # the time shown on the page (Beijing), not one invented; key and hash stay the list's
    assert full.published_at == dt.datetime(2026, 3, 16, 9, 30, tzinfo=SHANGHAI)
    assert (full.key, full.content_hash) == (item.key, item.content_hash)
    assert "附件 / Attachment: 指标解释（演示）.pdf" in full.raw_text


def test_a_release_page_without_a_known_body_gives_no_text() -> None:
    page = RELEASES / "202603" / "t20260309_1963020.html"
    detail = parse_release_page(page.read_bytes(), url=NBS)
    assert detail == ReleaseDetail(text="", published=None, attachments=())


def _local_only(host: str, port: int) -> list[str]:
    """Resolve only 127.0.0.1: any other host (the fixtures' absolute links to the real
    sites) does not resolve, so nothing but the local server is ever dialled."""
    if host == "127.0.0.1":
        return ["127.0.0.1"]
    raise OSError(f"{host} is not resolved in tests")


def test_a_pass_over_release_lists_on_127_0_0_1(sqlite_store: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    with FixtureServer() as srv:
        add_source(sqlite_store, "nbs", f"{srv.base_url}/releases/nbs-zxfb.html",
                   kind="releases", tags=["data_release"])
        add_source(sqlite_store, "changchun-stats",
                   f"{srv.base_url}/releases/changchun-tjj-sjfb.html", kind="releases",
                   tags=["data_release"])
        add_source(sqlite_store, "broken", f"{srv.base_url}/releases/empty-redesign.html",
                   kind="releases")
        cfg = get_config(allow_private_hosts=("127.0.0.1",), host_min_interval_s=0)
        fetcher = Fetcher(cfg, resolver=_local_only)
        mon = Monitor(sqlite_store, region=changchun, config=cfg, fetcher=fetcher,
                      compute_effects=False)
        first = mon.run_once(force=True, deliver=False)
        pages_first = sorted(p for p in srv.requests if "/202" in p)
        again = mon.run_once(force=True, deliver=False)
        pages_again = [p for p in srv.requests if "/202" in p]
        mon.close()
    by = {o.source: o for o in first.outcomes}
    assert by["nbs"].new_items == 5 and by["changchun-stats"].new_items == 3
    assert by["broken"].status == "failed" and "no release links" in (by["broken"].error or "")
    assert again.new_items == 0
    # the pages of the 4 releases on the local server were asked for once (two are not in
    # the fixtures: 404, kept as listed); the 5th links to the real site: refused, never dialled
    assert pages_first == ["/releases/202602/t20260228_1962871.html",
                           "/releases/202603/t20260309_1963020.html",
                           "/releases/202603/t20260316_1963098.html",
                           "/releases/202603/t20260316_1963101.html"]
    assert len(pages_again) == 4  # known releases: no page read again
    nbs = query.items(sqlite_store, source="nbs", limit=None, query=None)
    row = nbs.loc[nbs["title"] == "2026年1—2月份国民经济运行情况（演示）"].iloc[0]
    assert row["published_at"] == dt.datetime(2026, 3, 16, 1, 30, tzinfo=dt.UTC)
    assert "220100" in row["units"]  # 长春 named in the page text, not in the title
    items = query.items(sqlite_store, source="changchun-stats", limit=None)
    assert set(items["title"]) >= {"2025年长春市经济运行情况（演示）"}
    assert all("data_release" in t for t in items["tags"])
    assert all("220100" in u for u in items["units"])  # 长春 named in every title
