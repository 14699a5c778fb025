"""Text the monitor stores in English, shown in the page language: the kinds of rules, alerts
and sources, the evidence of a status taken from the region's projects table, and a source's
last error (known kinds of fetch errors translated with their URL and numbers kept; any other
error shown as the original text under a label in the page language: it is data)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...messages import CATALOGUE, Message

if TYPE_CHECKING:
    from ._render import Page

#: the evidence :func:`metroscope.monitor.watchlist` stores for a project seeded from the data
_DATASET_EVIDENCE = re.compile(r"^status in the region's projects table \((?P<status>[^)]*)\)$")
#: the fetch errors of :mod:`metroscope.monitor.fetch` as their English text, by catalogue key:
#: a row written before the monitor stored the message itself (``last_error_message``)
_ERRORS = (
    ("err_fetch_http", re.compile(r"^HTTP (?P<status>\d{3}) from (?P<url>\S+)$")),
    ("err_fetch_timeout", re.compile(
        r"^timed out after (?P<seconds>[\d.]+) s fetching (?P<url>\S+): (?P<detail>.*)$", re.S)),
    ("err_fetch_network", re.compile(
        r"^network error fetching (?P<url>\S+): (?P<detail>.*)$", re.S)),
    ("err_fetch_declared", re.compile(
        r"^(?P<url>\S+) declares (?P<size>[\d,]+) bytes, over the cap of (?P<cap>[\d,]+) "
        r"bytes$")),
    ("err_fetch_too_large", re.compile(
        r"^(?P<url>\S+) sent more than the cap of (?P<cap>[\d,]+) bytes")),
    ("err_fetch_redirects", re.compile(r"^more than (?P<n>\d+) redirects from (?P<url>\S+)$")),
)


def kind_label(p: Page, kind: str, *, source: bool = False) -> str:
    """A rule's or alert's kind (``source=True``: a source's kind) in the page language; a
    kind the catalogue does not know is shown as given."""
    key = f"web_mon_{'source_kind' if source else 'kind'}_{kind}"
    return p.t(key) if key in CATALOGUE else kind


def evidence_text(p: Page, text: str, status_text: str | None = None) -> str:
    """The evidence of a status change in the page language when the monitor wrote it (the
    status of the region's projects table), else as stored (a news sentence: data)."""
    m = _DATASET_EVIDENCE.match(text)
    if not m:
        return text
    from ...monitor._i18n import status_label

    status = status_text or status_label(m.group("status"), p.lang)
    return Message("web_mon_evidence_dataset", status=status).get(p.lang)


def source_error(p: Page, error: object) -> str:
    """A source's last error in the page language: a catalogue message (what the monitor
    stores) in that language; a plain text (a row written before messages were stored) through
    the known kinds of fetch errors, else under a label in the page language (it is data).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> zh = SimpleNamespace(lang="zh")
    >>> source_error(zh, "HTTP 503 from https://a.example/feed.xml")
    'https://a.example/feed.xml 返回 HTTP 503'
    >>> source_error(zh, "certificate verify failed")
    '错误原文:certificate verify failed'
    >>> source_error(SimpleNamespace(lang="en"), "certificate verify failed")
    'certificate verify failed'
    >>> source_error(zh, Message("err_feed_not_html", reason="Document is empty"))
    '不是 HTML 网页;错误原文:Document is empty'
    """
    if isinstance(error, Message):
        return error.get(p.lang)
    if not isinstance(error, str) or not error:
        return ""
    for key, pattern in _ERRORS:
        m = pattern.match(error)
        if m:
            return Message(key, **m.groupdict()).get(p.lang)
    return Message("web_mon_err_other", error=error).get(p.lang)
