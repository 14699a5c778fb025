"""A small monitor store for the web tests, seeded in about a second through the monitor's
library API (no fetch): two sources, the region's projects, a keyword rule, six items (one
hostile) and the alerts the rule raises; and a fetcher whose requests never leave the
process (mock transport, fake DNS); and a test client over a copy of such a store."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from _monitor_fixtures import mock_fetcher
from metroscope.monitor import Fetcher, Monitor, ParsedItem, add_rule, add_source, open_store
from metroscope.monitor.sources import make_item
from metroscope.monitor.watchlist import init_monitor
from metroscope.web import WebConfig, create_app
from metroscope.web.tokens import TokenStore

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
HOSTILE_TITLE = "<script>window.__pwned = 1</script>长春公告<img src=x onerror=\"window.__pwned=2\">"
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>a</title>
<item><title>长春新区新开通一条公交线路</title><link>https://a.example/n/9</link>
<guid>n9</guid><pubDate>Tue, 03 Mar 2026 08:00:00 +0800</pubDate></item>
</channel></rss>""".encode()


def hostile_item() -> ParsedItem:
    """An item whose title, text and link carry markup and a script URL."""
    return ParsedItem(key="h" * 64, title=HOSTILE_TITLE, link="javascript:window.__pwned=3",
                      published_at=T0, assumed_tz=False,
                      raw_text='<a href="javascript:alert(1)">x</a><svg onload=alert(1)>',
                      content_hash="c" * 64, language="zh")


def seed_store(folder: Path) -> str:
    """A seeded SQLite store under ``folder``; returns its URL."""
    import metroscope

    url = f"sqlite:///{folder / 'monitor.sqlite'}"
    store = open_store(url)
    try:
        region = metroscope.load("changchun")
        init_monitor(store, region, watchlist=None)
        add_source(store, "feed-a", "https://a.example/feed.xml", tags=["policy"])
        add_source(store, "feed-b", "https://b.example/feed.xml")
        add_rule(store, {"name": "hsr-news", "kind": "keyword", "keywords": ["高铁"]})
        mon = Monitor(store, region=region, compute_effects=False)
        mon.ingest("feed-a", [
            make_item(title="长春至四平高铁可行性研究报告获批", link="https://a.example/n/1",
                      published="2026-03-01 09:00", text="吉林省发改委"),
            make_item(title="长春都市圈发展规划实施方案印发", link="https://a.example/n/2",
                      published="2026-03-01 10:00", text="都市圈 同城化"),
            make_item(title="吉林市招商引资推介会举行", link="https://a.example/n/3",
                      published="2026-02-20 10:00", text="投资"),
        ], now=T0)
        mon.ingest("feed-b", [
            make_item(title="Changchun opens a new high-speed rail station", link=None,
                      published="2026-02-28 10:00", text="rail"),
            make_item(title="四平市高铁站改造完成", link="https://b.example/4",
                      published="2026-02-27 10:00", text="四平"),
            hostile_item(),
        ], now=T0 + dt.timedelta(days=1))
        mon.close()
    finally:
        store.close()
    return url


def offline_fetcher() -> Fetcher:
    """A fetcher that answers every request with :data:`FEED` inside the process."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=FEED,
                              headers={"content-type": "application/rss+xml"})

    return mock_fetcher(handler)


class Site:
    """A TestClient over a copy of the seeded store, with read and write tokens."""

    def __init__(self, seeded: Path, tmp: Path, **config: Any) -> None:
        shutil.copy(seeded, tmp / "monitor.sqlite")
        self.db = tmp / "monitor.sqlite"
        self.url = f"sqlite:///{tmp / 'monitor.sqlite'}"
        tokens = TokenStore(tmp / "tokens.json")
        self.write = {"Authorization": f"Bearer {tokens.create('write')[1]}"}
        self.read = {"Authorization": f"Bearer {tokens.create('read')[1]}"}
        self.fetches = 0
        fetcher = offline_fetcher()
        original = fetcher.get

        def counting_get(*args: Any, **kwargs: Any) -> Any:
            self.fetches += 1
            return original(*args, **kwargs)

        fetcher.get = counting_get  # type: ignore[method-assign]
        self.app = create_app(WebConfig(data_dir=tmp, db_url=self.url, **config),
                              monitor_fetcher=lambda: fetcher)
        self.client = TestClient(self.app)

    def library(self) -> Any:
        return open_store(self.url)

    @property
    def cache(self) -> Any:
        """The app's answer cache (its hit and store counters)."""
        return self.app.state.metroscope.answer_cache


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded store (built once); tests copy it before writing."""
    folder = tmp_path_factory.mktemp("monitor-seed")
    seed_store(folder)
    return folder / "monitor.sqlite"


@pytest.fixture
def site(seeded: Path, tmp_path: Path) -> Iterator[Site]:
    """A :class:`Site` over a fresh copy of ``seeded``, its client started."""
    s = Site(seeded, tmp_path)
    with s.client:
        yield s
