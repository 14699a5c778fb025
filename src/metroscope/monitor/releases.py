"""Statistics-bureau release lists (数据发布 / 统计公报 pages) parsed into items.

The National Bureau of Statistics (``www.stats.gov.cn/sj/zxfb/``), the Jilin provincial bureau
(``tjj.jl.gov.cn/tjsj/...``) and the Changchun bureau publish their releases as HTML lists built
by the TRS content system: each release is a link to ``.../YYYYMM/tYYYYMMDD_N.html`` with its
title (in the ``title`` attribute when the text is shortened) and a date beside it
(``2026-01-19``, ``[2026-01-19]``, ``2026年01月19日``); the same release may be linked twice
(desktop and mobile markup), navigation and paging links surround the list (MONITOR.md §4-5).
A page watch with CSS selectors breaks on each redesign; this parser needs none: it takes every
link whose path has the TRS release form, once, in page order.

A release's own page (:func:`parse_release_page`) gives its text (the TRS editor's
``div.TRS_Editor`` and its kin), the publication time shown on it (``发布时间：2026-03-16
09:30``) and its attachments (XLSX, PDF ...); the monitor reads the pages of new releases (at
most ``release_pages_per_pass`` per source and pass) and adds them to the item
(:func:`with_detail`), keeping the list entry's key and content hash.

The published time is the date shown beside the link, else the ``tYYYYMMDD`` of the URL (TRS
names a page by its publication date), at midnight Asia/Shanghai with ``assumed_tz`` set: the
list gives no time of day (the NBS releases at 09:30, but the list does not say so per item, so
no time is invented).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from ..messages import Message
from .sources import (
    MAX_ITEMS_PER_FETCH,
    FeedError,
    ParsedItem,
    decode_html,
    make_item,
    parse_time,
    safe_link,
)

RELEASE_PATH = re.compile(r"/t(\d{4})(\d{2})(\d{2})_\d+\.s?html?$", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_SPACE = re.compile(r"\s+")


def _date_near(anchor: Any, title: str) -> str | None:
    """The date written beside ``anchor``: in its list entry (the nearest ``li``/``tr``/
    ``dd``/``p`` ancestor, else the parent), outside the link's own text."""
    entry = anchor.getparent()
    node = anchor
    while node is not None and node.tag not in ("li", "tr", "dd", "p"):
        node = node.getparent()
    if node is not None:
        entry = node
    if entry is None:
        return None
    text = _SPACE.sub(" ", entry.text_content())
    for piece in (text.replace(title, " ", 1), text):
        m = _DATE.search(piece)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def release_links(content: bytes, *, url: str,
                  content_type: str | None = None) -> list[tuple[str, str, str | None]]:
    """``(absolute link, title, date YYYY-MM-DD or None)`` of every release on a list page,
    in page order, each link once (the longest title wins: desktop markup over mobile);
    ``content_type`` (the HTTP header) decides the decoding.

    Raises
    ------
    FeedError
        A document that is not HTML.

    Examples
    --------
    >>> page = ('<ul><li><a href="./202603/t20260316_123.html">2025年长春市国民经济和社会发展统计公报</a>'
    ...         '<span>2026-03-16</span></li><li><a href="/about.html">关于我们</a></li></ul>').encode()
    >>> release_links(page, url="https://tjj.changchun.gov.cn/tjsj/tjgb/")
    [('https://tjj.changchun.gov.cn/tjsj/tjgb/202603/t20260316_123.html', '2025年长春市国民经济和社会发展统计公报', '2026-03-16')]
    """
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(decode_html(content, content_type))
    except (etree.ParserError, ValueError) as exc:
        msg = Message("err_feed_not_html", reason=str(exc)[:500])
        raise FeedError(msg) from None
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.getparent().remove(bad)
    found: dict[str, tuple[str, str | None]] = {}
    for a in doc.iter("a"):
        link = safe_link(a.get("href"), url)
        if link is None or not RELEASE_PATH.search(urlsplit(link).path):
            continue
        title = _SPACE.sub(" ", (a.get("title") or "").strip() or a.text_content()).strip()
        if not title:
            continue
        date = _date_near(a, title)
        old = found.get(link)
        if old is None or len(title) > len(old[0]):
            found[link] = (title, date or (old[1] if old else None))
    return [(link, title, date) for link, (title, date) in found.items()]


def parse_release_list(content: bytes, *, url: str, language: str | None = None,
                       content_type: str | None = None) -> list[ParsedItem]:
    """Items of a statistics bureau's release list page (see the module doc); ``content_type``
    (the HTTP header) decides the decoding (:func:`~metroscope.monitor.sources.decode_html`).

    Each item: title, absolute link (its key), published date (beside the link, else from the
    URL; midnight Asia/Shanghai, ``assumed_tz``), no text. At most ``MAX_ITEMS_PER_FETCH``.

    Raises
    ------
    FeedError
        A document that is not HTML, or an HTML page with no release links (a redesign or an
        error page: reported, never read as "no releases").

    Examples
    --------
    >>> page = ('<ul><li><a href="./202603/t20260316_123.html">2025年长春市国民经济和社会发展统计公报</a>'
    ...         '</li></ul>').encode()
    >>> [item] = parse_release_list(page, url="https://tjj.changchun.gov.cn/tjsj/tjgb/")
    >>> item.title, item.published_at.isoformat(), item.assumed_tz
    ('2025年长春市国民经济和社会发展统计公报', '2026-03-16T00:00:00+08:00', True)
    """
    links = release_links(content, url=url, content_type=content_type)
    if not links:
        msg = Message("err_feed_no_release_links")
        raise FeedError(msg)
    items = []
    for link, title, date in links[:MAX_ITEMS_PER_FETCH]:
        if date is None:
            m = RELEASE_PATH.search(urlsplit(link).path)
            date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
        items.append(make_item(title=title, link=link, published=date, text="",
                               language=language or "zh"))
    return items


# --- a release's own page ----------------------------------------------------------------------

# body containers of TRS pages (TRS_Editor is the editor's own class), most specific first
BODY_SELECTORS = ("div.TRS_Editor", "#zoom", "div.txt-content", "div.detail-content",
                  "div.article-content", "div.view")
ATTACHMENT_EXTENSIONS = (".xls", ".xlsx", ".csv", ".pdf", ".doc", ".docx", ".zip", ".rar",
                         ".et", ".wps")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|时间)\s*[:：]\s*"
                        r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
                        r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)")


@dataclass(frozen=True)
class ReleaseDetail:
    """What a release's own page adds to the list entry."""

    text: str
    published: str | None
    attachments: tuple[tuple[str, str], ...]


def parse_release_page(content: bytes, *, url: str,
                       content_type: str | None = None) -> ReleaseDetail:
    """The body text (the TRS editor's container; nothing when none is found, no guess from
    the navigation), the publication time shown on the page (``发布时间：2026-03-16 09:30``)
    and the attachments (spreadsheets, PDFs, documents; absolute http(s) links) of a release;
    ``content_type`` (the HTTP header) decides the decoding.

    Raises
    ------
    FeedError
        A document that is not HTML.

    Examples
    --------
    >>> page = ('<div>发布时间：2026-03-16 09:30</div><div class="TRS_Editor"><p>全市地区生产总值增长。</p></div>'
    ...         '<a href="/files/gb2025.xlsx">附表</a>').encode()
    >>> parse_release_page(page, url="https://tjj.changchun.gov.cn/tjsj/tjgb/202603/t20260316_123.html")
    ReleaseDetail(text='全市地区生产总值增长。', published='2026-03-16 09:30', attachments=(('附表', 'https://tjj.changchun.gov.cn/files/gb2025.xlsx'),))
    """
    import lxml.html
    from lxml import etree
    from lxml.cssselect import CSSSelector

    try:
        doc = lxml.html.document_fromstring(decode_html(content, content_type))
    except (etree.ParserError, ValueError) as exc:
        msg = Message("err_feed_not_html", reason=str(exc)[:500])
        raise FeedError(msg) from None
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.getparent().remove(bad)
    text = ""
    for sel in BODY_SELECTORS:
        found = CSSSelector(sel)(doc)
        if found:
            text = _SPACE.sub(" ", found[0].text_content()).strip()
            break
    m = _PUBLISHED.search(_SPACE.sub(" ", doc.text_content()))
    attachments: dict[str, str] = {}
    for a in doc.iter("a"):
        link = safe_link(a.get("href"), url)
        if link and urlsplit(link).path.lower().endswith(ATTACHMENT_EXTENSIONS):
            name = _SPACE.sub(" ", a.text_content()).strip() or link.rsplit("/", 1)[-1]
            attachments.setdefault(link, name)
    return ReleaseDetail(text=text, published=m.group(1) if m else None,
                         attachments=tuple((name, link) for link, name in attachments.items()))


def with_detail(item: ParsedItem, detail: ReleaseDetail) -> ParsedItem:
    """``item`` with the page's text (and a line per attachment) and, when the page shows
    one, its publication time; the key and content hash stay those of the list entry, so
    the next pass sees the release as known and does not fetch its page again.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> page = '<ul><li><a href="./202603/t20260316_123.html">2025年统计公报</a></li></ul>'.encode()
    >>> [item] = parse_release_list(page, url="https://tjj.changchun.gov.cn/tjsj/tjgb/")
    >>> detail = ReleaseDetail(text="全市地区生产总值增长。", published="2026-03-16 09:30",
    ...                        attachments=(("附表", "https://tjj.changchun.gov.cn/files/gb2025.xlsx"),))
    >>> full = with_detail(item, detail)
    >>> full.raw_text.splitlines()
    ['全市地区生产总值增长。', '附件 / Attachment: 附表 https://tjj.changchun.gov.cn/files/gb2025.xlsx']
    >>> full.published_at.isoformat(), full.key == item.key, full.content_hash == item.content_hash
    ('2026-03-16T09:30:00+08:00', True, True)
    """
    lines = [detail.text] if detail.text else []
    lines += [f"附件 / Attachment: {name} {link}" for name, link in detail.attachments]
    when, assumed = parse_time(detail.published)
    return replace(item, raw_text="\n".join(lines) or item.raw_text,
                   published_at=when or item.published_at,
                   assumed_tz=assumed if when else item.assumed_tz)
