"""Reading a source: the URL it is fetched from, the parser its kind needs, and the own pages of
new statistical releases (helpers of :meth:`metroscope.monitor.pipeline.Monitor.run_once`;
importable from :mod:`.ingest` and :mod:`.pipeline` too).
"""

from __future__ import annotations

import logging

from .config import MonitorConfig
from .fetch import Fetcher, FetchError, FetchResult
from .releases import parse_release_list, parse_release_page, with_detail
from .sources import FeedError, ParsedItem, parse_feed, parse_page, rsshub_url
from .store import Source

logger = logging.getLogger("metroscope.monitor.ingest")  # the logger these messages always had

__all__ = ["add_release_pages", "parse_source", "source_url"]


def source_url(source: Source, config: MonitorConfig) -> str:
    """The URL fetched for ``source`` (RSSHub routes on the configured base URL).

    Raises
    ------
    FeedError
        From :func:`rsshub_url` when an RSSHub route does not start with ``/`` or contains
        ``..`` or a scheme.

    Examples
    --------
    >>> from metroscope.monitor.config import get_config
    >>> from metroscope.monitor.store import Source
    >>> source = Source(name="ndrc", kind="rsshub", url="/gov/ndrc/xwdt/tzgg")
    >>> source_url(source, get_config(rsshub_base_url="https://rsshub.example.org"))
    'https://rsshub.example.org/gov/ndrc/xwdt/tzgg'
    """
    if source.kind == "rsshub":
        return rsshub_url(config.rsshub_base_url, source.url)
    return source.url


def parse_source(source: Source, result: FetchResult) -> list[ParsedItem]:
    """Parse a fetched body according to the source's kind.

    Raises
    ------
    FeedError
        A body that is not what the source should serve.

    Examples
    --------
    >>> from metroscope.monitor.fetch import FetchResult
    >>> from metroscope.monitor.store import Source
    >>> source = Source(name="ndrc", kind="feed", url="https://example.org/feed.xml")
    >>> result = FetchResult(url="https://example.org/feed.xml", status=200, content=feed, headers={})
    >>> [i.title for i in parse_source(source, result)]
    ['长四辽通高铁正式开工建设']
    """
    if source.kind == "releases":
        return parse_release_list(result.content, url=result.url, language=source.language,
                                  content_type=result.headers.get("content-type"))
    if source.kind == "page":
        return parse_page(result.content, url=result.url, selectors=source.selectors or {},
                          language=source.language,
                          content_type=result.headers.get("content-type"))
    return parse_feed(result.content, base_url=result.url, language=source.language)


def add_release_pages(fetcher: Fetcher, items: list[ParsedItem], new_keys: set[str], *,
                      limit: int) -> tuple[list[ParsedItem], int]:
    """Read the own pages of up to ``limit`` releases whose key is in ``new_keys`` and add
    their text, time and attachments (:func:`~metroscope.monitor.releases.with_detail`);
    ``(items, pages read)``. A page that cannot be fetched or read leaves its item as the
    list gave it (logged), never fails the source.

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> import httpx
    >>> from metroscope.monitor.fetch import Fetcher
    >>> from metroscope.monitor.releases import parse_release_list
    >>> page = ('<div class="TRS_Editor">全市地区生产总值增长。</div>'
    ...         '<a href="/files/gb2025.xlsx">附表</a>').encode()
    >>> server = httpx.MockTransport(lambda request: httpx.Response(200, content=page))
    >>> fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34"], transport=server)
    >>> listing = '<ul><li><a href="./202603/t20260316_123.html">2025年统计公报</a></li></ul>'.encode()
    >>> items = parse_release_list(listing, url="https://tjj.changchun.gov.cn/tjsj/tjgb/")
    >>> items, read = add_release_pages(fetcher, items, {items[0].key}, limit=5)
    >>> read, items[0].raw_text.splitlines()[0]
    (1, '全市地区生产总值增长。')
    >>> fetcher.close()
    """
    out, read = [], 0
    for it in items:
        if it.key in new_keys and it.link and read < limit:
            read += 1
            try:
                res = fetcher.get(it.link)
                if not res.not_modified:
                    detail = parse_release_page(res.content, url=res.url,
                                                content_type=res.headers.get("content-type"))
                    it = with_detail(it, detail)
            except (FetchError, FeedError) as exc:
                logger.info("release page %s not read: %s", it.link, exc)
        out.append(it)
    return out, read
