"""Turning fetched bytes into items: feeds (RSS, Atom, JSON Feed), RSSHub routes, page watches.

Every parser returns :class:`ParsedItem` objects with a stable ``key`` (guid, else link, else
a hash of title and date; after Miniflux's entry hash and Huginn's RssAgent, MONITOR.md §1),
a ``content_hash`` that changes when the item is edited, and a timezone-aware published time
(Asia/Shanghai when the source gives none, ``assumed_tz`` then true). Text is stored as plain
text: HTML is stripped with nh3 (script/style content dropped); links other than http(s)
(``javascript:``, ``data:``) are dropped.

Feeds are parsed by feedparser, which also copes with the statistics bureau's RSS (no
``guid``, a non-standard ``<pubTime>`` in Beijing time); JSON Feed 1.x is read with ``json``.
Documents declaring XML entities are refused before parsing (entity-expansion bombs).

This module reads feeds and RSSHub routes; the item, its error and the shared helpers are in
:mod:`.parsing`, page watches in :mod:`.pagewatch`. Every name stays importable from here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from ..messages import Message
from .pagewatch import PAGE_SELECTOR_KEYS, parse_page, validate_selectors
from .parsing import (
    MAX_ITEMS_PER_FETCH,
    SHANGHAI,
    FeedError,
    ParsedItem,
    decode_html,
    html_to_text,
    make_item,
    parse_time,
    refuse_entities,
    safe_link,
)

__all__ = ["MAX_ITEMS_PER_FETCH", "PAGE_SELECTOR_KEYS", "SHANGHAI", "FeedError", "ParsedItem",
           "decode_html", "html_to_text", "make_item", "parse_feed", "parse_json_feed",
           "parse_page", "parse_time", "refuse_entities", "rsshub_url", "safe_link",
           "validate_selectors"]

logger = logging.getLogger(__name__)

def parse_feed(content: bytes, *, base_url: str | None = None,
               language: str | None = None) -> list[ParsedItem]:
    """Items of an RSS 0.9x/1.0/2.0, Atom or JSON Feed document.

    Raises
    ------
    FeedError
        Entity declarations, or a document that is neither a feed nor JSON Feed.

    Examples
    --------
    >>> rss = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    ...        '<item><title>长春至四平高铁开工</title><link>https://example.org/a</link>'
    ...        '<pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate>'
    ...        '<description>&lt;p&gt;Work began&lt;/p&gt;</description></item></channel></rss>').encode()
    >>> items = parse_feed(rss)
    >>> [(i.title, i.link, i.raw_text) for i in items]
    [('长春至四平高铁开工', 'https://example.org/a', 'Work began')]
    >>> items[0].published_at
    datetime.datetime(2025, 6, 2, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800)))
    """
    stripped = content.lstrip()
    if stripped.startswith(b"{"):
        return parse_json_feed(content, language=language)
    refuse_entities(content)
    import feedparser

    from .feedcharset import repair_feed_charset

    content = repair_feed_charset(content)
    parsed = feedparser.parse(content, response_headers={"content-location": base_url or ""})
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        msg = (Message("err_feed_not_feed_reason", reason=str(reason)[:500]) if reason
               else Message("err_feed_not_feed"))
        raise FeedError(msg)
    lang = language or (parsed.feed.get("language") or None)
    if len(parsed.entries) > MAX_ITEMS_PER_FETCH:
        logger.warning("feed %s has %d entries: only the first %d are read", base_url or "",
                       len(parsed.entries), MAX_ITEMS_PER_FETCH)
    items = []
    for entry in parsed.entries[:MAX_ITEMS_PER_FETCH]:
        link = safe_link(entry.get("link"), base_url)
        published = (entry.get("published") or entry.get("updated") or entry.get("pubtime")
                     or entry.get("created") or entry.get("dc_date"))
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        text = html_to_text(body or entry.get("summary") or entry.get("description"))
        items.append(make_item(title=entry.get("title", ""), link=link, published=published,
                               text=text, guid=entry.get("id") or entry.get("guid"),
                               language=lang))
    return items


def parse_json_feed(content: bytes, *, language: str | None = None) -> list[ParsedItem]:
    """Items of a JSON Feed 1.0/1.1 document (jsonfeed.org).

    Raises
    ------
    FeedError
        Not JSON, or no ``version``/``items`` of JSON Feed.

    Examples
    --------
    >>> doc = b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "HSR opens", "url": "https://example.org/1", "date_published": "2025-06-02T08:00:00+08:00"}]}'
    >>> [(i.title, i.link, str(i.published_at)) for i in parse_json_feed(doc)]
    [('HSR opens', 'https://example.org/1', '2025-06-02 08:00:00+08:00')]
    """
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = Message("err_feed_not_json", reason=str(exc)[:500])
        raise FeedError(msg) from None
    if not isinstance(doc, Mapping) or "jsonfeed.org" not in str(doc.get("version", "")):
        msg = Message("err_feed_json_version")
        raise FeedError(msg)
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        msg = Message("err_feed_json_items")
        raise FeedError(msg)
    lang = language or doc.get("language")
    out = []
    for it in raw_items[:MAX_ITEMS_PER_FETCH]:
        if not isinstance(it, Mapping):
            continue
        text = html_to_text(it.get("content_html")) or str(it.get("content_text") or "")
        out.append(make_item(title=str(it.get("title") or ""),
                             link=safe_link(it.get("url"), str(doc.get("home_page_url") or "")),
                             published=it.get("date_published") or it.get("date_modified"),
                             text=text.strip(), guid=str(it.get("id") or "") or None,
                             language=lang))
    return out


def rsshub_url(base_url: str, route: str) -> str:
    """The URL of an RSSHub route (``/gov/ndrc/xwdt/tzgg``) on the configured instance.

    Raises
    ------
    FeedError
        A route that does not start with ``/`` or contains ``..`` or a scheme.

    Examples
    --------
    >>> rsshub_url("https://rsshub.app", "/gov/ndrc/xwdt/tzgg")
    'https://rsshub.app/gov/ndrc/xwdt/tzgg'
    """
    if not route.startswith("/") or ".." in route or "://" in route or "\\" in route:
        msg = Message("err_rsshub_route", route=repr(route))
        raise FeedError(msg)
    return base_url.rstrip("/") + route
