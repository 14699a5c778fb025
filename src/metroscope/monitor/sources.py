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
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from .._errors import MetroscopeError
from ..messages import Message

logger = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_ITEMS_PER_FETCH = 500


class FeedError(ValueError, MetroscopeError):
    """A document that cannot be read as the source's kind (says what was found)."""


@dataclass(frozen=True)
class ParsedItem:
    """One item as read from a source, before tagging."""

    key: str
    title: str
    link: str | None
    published_at: dt.datetime | None
    assumed_tz: bool
    raw_text: str
    content_hash: str
    guid: str | None = None
    language: str | None = None


# --- small helpers -----------------------------------------------------------------------

def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment (tags removed, script/style content dropped).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> html_to_text("<p>长春 <b>新区</b></p><script>x()</script>")
    '长春 新区'
    """
    if not fragment:
        return ""
    import nh3

    text = html.unescape(nh3.clean(fragment, tags=set()))
    return re.sub(r"\s+", " ", text).strip()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """The text of an HTML page, decoded in the order browsers use (WHATWG *encoding
    sniffing*, simplified): a byte-order mark, else the HTTP ``Content-Type`` charset
    (``content_type``, the header's value), else the ``<meta>`` charset, else UTF-8 if the
    bytes are valid UTF-8, else GB18030 (the superset of GBK/GB2312 that older government
    sites use). A declared charset that is unknown or does not decode the bytes is skipped;
    GBK and GB2312 are read as GB18030; undecodable bytes are replaced, never raised.
    A statistical guesser (charset-normalizer) is not used: on short Chinese titles it
    guesses Big5 or CP949 for GBK bytes.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> decode_html('<meta charset="gbk"><p>长春市统计局</p>'.encode("gbk"))
    '<meta charset="gbk"><p>长春市统计局</p>'
    >>> decode_html("吉林".encode("gb18030"))  # no charset declared, not UTF-8
    '吉林'
    >>> decode_html("<p>长春</p>".encode("gbk"), "text/html; charset=GBK")
    '<p>长春</p>'
    """
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    http = _HTTP_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(content[:4096])
    declared = [http.group(1) if http else None,
                meta.group(1).decode("ascii") if meta else None, "utf-8"]
    for enc in declared:
        if enc:
            enc = enc.lower()
            try:
                return content.decode("gb18030" if enc in ("gbk", "gb2312", "x-gbk") else enc)
            except (LookupError, UnicodeDecodeError):
                continue
    return content.decode("gb18030", errors="replace")


def safe_link(link: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) link, or None (``javascript:``, ``data:``, ``file:`` are dropped).

    Raises
    ------
    Nothing; an unsafe or relative link without ``base`` gives ``None``.

    Examples
    --------
    >>> safe_link("/a/b.html", "https://example.org/list/")
    'https://example.org/a/b.html'
    >>> safe_link("javascript:alert(1)") is None
    True
    """
    if not link:
        return None
    link = link.strip()
    if base:
        link = urljoin(base, link)
    scheme = link.split(":", 1)[0].lower() if ":" in link else ""
    return link if scheme in ("http", "https") else None


_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"),
     "ymd"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[:时](\d{2})分?(?::(\d{2}))?)?$"),
     "ymd"),
)


def parse_time(value: str | None, *, default_tz: dt.tzinfo = SHANGHAI,
               fmt: str | None = None) -> tuple[dt.datetime | None, bool]:
    """Parse a published time; ``(aware datetime or None, timezone assumed?)``.

    Accepts RFC 822 (RSS), ISO 8601 (Atom, JSON Feed), ``YYYY-MM-DD[ HH:MM[:SS]]``,
    ``YYYY年M月D日`` and ``fmt`` (a ``strptime`` format). A time without a zone is taken in
    ``default_tz`` (Asia/Shanghai: Chinese government sites publish Beijing time); a value
    that cannot be read gives None, never a guess.

    Raises
    ------
    Nothing; an unparsable value gives ``(None, False)``.

    Examples
    --------
    >>> parse_time("2025-06-01 08:00")
    (datetime.datetime(2025, 6, 1, 8, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai')), True)
    >>> parse_time("2025-06-01T08:00:00Z")
    (datetime.datetime(2025, 6, 1, 8, 0, tzinfo=datetime.timezone.utc), False)
    """
    if not value or not str(value).strip():
        return None, False
    text = str(value).strip()
    parsed: dt.datetime | None = None
    if fmt:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            parsed = None
    if parsed is None:
        for pattern, _ in _DATE_PATTERNS:
            m = pattern.match(text)
            if m:
                y, mo, d, h, mi, s = (int(x) if x else 0 for x in m.groups())
                try:
                    parsed = dt.datetime(y, mo, d, h, mi, s)
                except ValueError:
                    return None, False
                break
    if parsed is None:
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None, False
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=default_tz), True
    return parsed, False


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def make_item(*, title: str, link: str | None, published: str | None, text: str,
              guid: str | None = None, language: str | None = None,
              date_format: str | None = None) -> ParsedItem:
    """Build a :class:`ParsedItem`: key guid → link → sha256(title + date); content hash.

    Raises
    ------
    Nothing; an unparsable date gives an item without a published time.

    Examples
    --------
    >>> item = make_item(title="长春至四平高铁开工", link="https://example.org/a", published="2025-06-02",
    ...                  text="")
    >>> item.title, item.published_at, item.assumed_tz
    ('长春至四平高铁开工', datetime.datetime(2025, 6, 2, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai')), True)
    """
    title = re.sub(r"\s+", " ", html_to_text(title)).strip() or "(untitled)"
    when, assumed = parse_time(published, fmt=date_format)
    guid = (guid or "").strip() or None
    if guid:
        key = _sha("guid", guid)
    elif link:
        key = _sha("link", link)
    else:
        key = _sha("title", title, when.isoformat() if when else (published or ""))
    stamp = when.astimezone(dt.UTC).isoformat() if when else ""
    content = _sha(title, link or "", stamp, text)
    return ParsedItem(key=key, title=title, link=link, published_at=when, assumed_tz=assumed,
                      raw_text=text, content_hash=content, guid=guid, language=language)


def refuse_entities(content: bytes) -> None:
    """Refuse XML that declares entities (billion-laughs and external-entity attacks).

    Raises
    ------
    FeedError
        When the first 200,000 bytes declare an XML entity (``<!ENTITY``).

    Examples
    --------
    >>> refuse_entities(b"<rss></rss>") is None
    True
    >>> refuse_entities(b'<!DOCTYPE x [<!ENTITY a "b">]><rss></rss>')
    Traceback (most recent call last):
        ...
    metroscope.monitor.sources.FeedError: the document declares XML entities (<!ENTITY>); refused as a possible XML bomb
    """
    head = content[:200_000].upper()
    if b"<!ENTITY" in head:
        msg = "the document declares XML entities (<!ENTITY>); refused as a possible XML bomb"
        raise FeedError(msg)


# --- feeds -------------------------------------------------------------------------------

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
        msg = f"not an RSS/Atom feed{f' ({reason})' if reason else ''}"
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
        msg = f"not valid JSON: {exc}"
        raise FeedError(msg) from None
    if not isinstance(doc, Mapping) or "jsonfeed.org" not in str(doc.get("version", "")):
        msg = "JSON without a jsonfeed.org version: not a JSON Feed"
        raise FeedError(msg)
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        msg = "JSON Feed without an 'items' list"
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


# --- page watches ------------------------------------------------------------------------

PAGE_SELECTOR_KEYS = ("item", "link", "title", "date", "date_format", "summary")


def validate_selectors(selectors: Mapping[str, Any] | None) -> list[str]:
    """Problems of a page watch's selectors (empty when valid): every problem at once.

    Raises
    ------
    Nothing; the problems are returned (every one at once), not raised.

    Examples
    --------
    >>> validate_selectors({"item": "li", "title": "a"})
    []
    >>> validate_selectors({"title": "a"})
    ["selector 'item' is required (e.g. 'ul.list li' or '//ul/li')"]
    """
    problems: list[str] = []
    if not selectors:
        return [Message("err_selectors_none")]
    unknown = sorted(set(selectors) - set(PAGE_SELECTOR_KEYS))
    if unknown:
        problems.append(Message("err_selectors_unknown", keys=repr(unknown),
                                allowed=repr(list(PAGE_SELECTOR_KEYS))))
    if not selectors.get("item"):
        problems.append(Message("err_selectors_item"))
    for key in ("item", "link", "title", "date", "summary"):
        sel = selectors.get(key)
        if sel:
            try:
                _compile(str(sel))
            except Exception as exc:
                problems.append(Message("err_selectors_invalid", key=key, selector=repr(sel),
                                        reason=str(exc)))
    return problems


def _is_xpath(sel: str) -> bool:
    return sel.startswith(("/", "./", "(", "."))


def _compile(sel: str) -> Any:
    from lxml import etree

    if _is_xpath(sel):
        return etree.XPath(sel)
    from lxml.cssselect import CSSSelector

    return CSSSelector(sel)


def _first_text(node: Any, sel: str | None) -> tuple[str, Any]:
    if not sel:
        return "", None
    found = _compile(sel)(node)
    if not found:
        return "", None
    first = found[0]
    if isinstance(first, str):
        return first.strip(), None
    return re.sub(r"\s+", " ", first.text_content()).strip(), first


def parse_page(content: bytes, *, url: str, selectors: Mapping[str, Any],
               language: str | None = None, content_type: str | None = None) -> list[ParsedItem]:
    """Items of an HTML list page by CSS/XPath ``selectors``.

    ``content_type`` is the HTTP ``Content-Type`` header; its charset decides how the bytes
    are decoded (:func:`decode_html`).

    ``item`` selects each entry; inside it, ``link`` (default ``a``) gives the ``href`` and
    (unless ``title`` is given) the title; ``date`` the published time (``date_format`` a
    ``strptime`` format if needed); ``summary`` optional text.

    Raises
    ------
    FeedError
        Invalid selectors, or a document that is not HTML.

    Examples
    --------
    >>> html = ('<meta charset="utf-8"><ul><li><a href="/n/1">长春新区规划获批</a><span>2025-06-01</span></li>'
    ...         '<li><a href="/n/2">吉林市通告</a><span>2025-06-02</span></li></ul>').encode()
    >>> sel = {"item": "li", "title": "a", "link": "a", "date": "span"}
    >>> items = parse_page(html, url="https://example.org/list", selectors=sel)
    >>> [(i.title, i.link, str(i.published_at)) for i in items]
    [('长春新区规划获批', 'https://example.org/n/1', '2025-06-01 00:00:00+08:00'), ('吉林市通告', 'https://example.org/n/2', '2025-06-02 00:00:00+08:00')]
    """
    problems = validate_selectors(selectors)
    if problems:
        raise FeedError("; ".join(problems))
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(decode_html(content, content_type))
    except (etree.ParserError, ValueError) as exc:
        msg = f"not an HTML page: {exc}"
        raise FeedError(msg) from None
    for bad in doc.xpath("//script|//style"):
        bad.getparent().remove(bad)
    items = []
    for node in _compile(str(selectors["item"]))(doc)[:MAX_ITEMS_PER_FETCH]:
        if isinstance(node, str):
            continue
        link_sel = str(selectors.get("link") or "a")
        link_text, link_node = _first_text(node, link_sel)
        href = link_node.get("href") if link_node is not None else None
        if link_node is None and node.tag == "a":
            href, link_text = node.get("href"), node.text_content().strip()
        title = (_first_text(node, selectors.get("title"))[0] if selectors.get("title")
                 else (link_node.get("title") if link_node is not None
                       and link_node.get("title") else link_text))
        date_text = _first_text(node, selectors.get("date"))[0]
        summary = _first_text(node, selectors.get("summary"))[0]
        if not title and not href:
            continue
        items.append(make_item(title=title, link=safe_link(href, url),
                               published=date_text.strip("[]()【】 ") or None, text=summary,
                               language=language,
                               date_format=selectors.get("date_format")))
    return items
