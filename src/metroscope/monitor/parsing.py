"""What every reader of a source shares: the :class:`ParsedItem` it returns, :class:`FeedError`,
and the pieces that turn fetched bytes into an item (decoding, plain text, safe links, times,
stable keys and content hashes, the refusal of XML entity declarations).

An item has a stable ``key`` (guid, else link, else a hash of title and date; after Miniflux's
entry hash and Huginn's RssAgent, MONITOR.md §1), a ``content_hash`` that changes when the item
is edited, and a timezone-aware published time (Asia/Shanghai when the source gives none,
``assumed_tz`` then true). Text is stored as plain text: HTML is stripped with nh3
(script/style content dropped); links other than http(s) (``javascript:``, ``data:``) are
dropped. The readers themselves are :mod:`.sources` (feeds, RSSHub routes) and
:mod:`.pagewatch` (HTML list pages).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from .._errors import MetroscopeError
from ..messages import Message

__all__ = ["MAX_ITEMS_PER_FETCH", "SHANGHAI", "FeedError", "ParsedItem", "decode_html", "html_to_text",
           "make_item", "parse_time", "refuse_entities", "safe_link"]

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
    metroscope.monitor.parsing.FeedError: the document declares XML entities (<!ENTITY>); refused as a possible XML bomb
    """
    head = content[:200_000].upper()
    if b"<!ENTITY" in head:
        msg = Message("err_feed_entities")
        raise FeedError(msg)
