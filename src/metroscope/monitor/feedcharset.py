"""A feed's bytes in the charset they are really in.

feedparser trusts the XML declaration; when a Chinese site serves GBK bytes under
``encoding="utf-8"`` (or no declaration, which means UTF-8) feedparser falls back to
Latin-1 and stores mojibake (长春 → ``³¤´º``) without a word. :func:`repair_feed_charset`
re-reads such bytes as GB18030 (the superset of GBK and GB2312) when they are not UTF-8 but are
valid GB18030, and returns UTF-8; anything else is returned unchanged (a declared other
charset is feedparser's to honour, and bytes that are neither stay as they are).
"""

from __future__ import annotations

import re

__all__ = ["repair_feed_charset"]

_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def repair_feed_charset(content: bytes) -> bytes:
    """``content`` as UTF-8 when it claims UTF-8 (or nothing) but is GB18030; else unchanged.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> gbk = '<?xml version="1.0" encoding="utf-8"?><rss><title>长春</title></rss>'.encode("gbk")
    >>> repair_feed_charset(gbk).decode("utf-8").endswith("<title>长春</title></rss>")
    True
    >>> ok = '<rss><title>长春</title></rss>'.encode()
    >>> repair_feed_charset(ok) is ok
    True
    >>> declared = '<?xml version="1.0" encoding="gb2312"?><rss/>'.encode("gbk")
    >>> repair_feed_charset(declared) is declared
    True
    """
    if content.startswith(_BOMS):
        return content
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return content
    m = _DECL.match(content)
    if m and m.group(1).lower() not in (b"utf-8", b"utf8"):
        return content
    try:
        return content.decode("gb18030").encode("utf-8")
    except UnicodeDecodeError:
        return content
