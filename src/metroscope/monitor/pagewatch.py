"""Page watches: the items of an HTML list page read with CSS or XPath selectors, and the check
of a watch's selectors (every problem at once)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..messages import Message
from .parsing import (
    MAX_ITEMS_PER_FETCH,
    FeedError,
    ParsedItem,
    decode_html,
    make_item,
    safe_link,
)

__all__ = ["PAGE_SELECTOR_KEYS", "parse_page", "validate_selectors"]

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
        joined = {"zh": ";".join(p.get("zh") if isinstance(p, Message) else p
                                 for p in problems),
                  "en": "; ".join(problems)}
        raise FeedError(Message("err_feed_selectors", problems=joined))
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(decode_html(content, content_type))
    except (etree.ParserError, ValueError) as exc:
        msg = Message("err_feed_not_html", reason=str(exc)[:500])
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
