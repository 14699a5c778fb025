"""The quality of an item, judged by where it comes from, never by what it says.

An item is an **official statistical release** (``official``) only when it comes straight from
a statistics bureau: a ``releases`` source (a bureau's release list), or a feed or page on a
statistics bureau's own host (``stats.gov.cn``, ``tjj.<province or city>.gov.cn``). Everything
else (news, government press pages, RSSHub routes, which are third-party scrapers even of
official sites) is a **secondary source** (``C``: secondary source, unverified), whatever its
topic tags say: a news item about a bulletin carries the ``data_release`` topic but is not
the bulletin. The grade letter follows the A–D scale of the statistics tables (census rows
are A); the monitor never grades an item better than C unless it is a bureau's release.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ._i18n import msg

__all__ = ["QUALITIES", "item_quality", "quality_label"]

#: ``official``: a statistics bureau's own release; ``C``: secondary source, unverified.
QUALITIES = ("official", "C")
_BUREAU_HOST = re.compile(r"^(?:[\w-]+\.)*stats\.gov\.cn$|^tjj\.(?:[\w-]+\.)+gov\.cn$")


def item_quality(kind: str, url: str) -> str:
    """``official`` for a statistics bureau's own release source, else ``C``.

    Parameters
    ----------
    kind
        The source's kind (``feed``, ``rsshub``, ``page``, ``releases``).
    url
        The source's URL (an RSSHub route for ``rsshub`` sources).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> item_quality("feed", "https://www.stats.gov.cn/sj/zxfb/rss.xml")
    'official'
    >>> item_quality("releases", "http://tjj.jl.gov.cn/tjsj/tjgb/ndgb/")
    'official'
    >>> item_quality("rsshub", "/gov/stats/sj/zxfb"), item_quality("feed", "https://news.example/stats.gov.cn")
    ('C', 'C')
    >>> item_quality("feed", "https://stats.gov.cn.evil.example/rss.xml")
    'C'
    """
    if kind == "rsshub":
        return "C"
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if kind == "releases" or _BUREAU_HOST.match(host):
        return "official"
    return "C"


def quality_label(quality: str, lang: str = "en") -> str:
    """The label of a quality in ``lang`` (from the monitor's catalogue).

    Raises
    ------
    Nothing; an unknown quality reads as a secondary source (never as official).

    Examples
    --------
    >>> quality_label("C", "zh"), quality_label("C", "en")
    ('C:二手来源,未核实', 'C: secondary source, unverified')
    >>> quality_label("official", "en"), quality_label("A?", "en")
    ('official statistical release', 'C: secondary source, unverified')
    """
    return msg("quality_official" if quality == "official" else "quality_C", lang)
