# ruff: noqa: F811  (the fixtures seeded and site come from _web_monitor)
"""Text the monitor stores in English reads in Chinese on the zh pages: the evidence of a
status taken from the region's projects table, the kinds of alerts, rules and sources, and a
source's last error (known fetch errors translated, the URL kept; any other error shown as
the original text under a Chinese label)."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

import pytest

from _web_monitor import Site, seeded, site  # noqa: F401 (the fixtures)
from metroscope.monitor import Monitor
from metroscope.monitor.alerts import queue_alert

OTHER_ERROR = "certificate verify failed: unable to get local issuer"


def visible(page: str) -> str:
    """The text a reader sees in the page's main block (tags and attributes dropped)."""
    main = page[page.index("<main"):page.index("</main>")]
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.fixture
def failing(seeded: Path, tmp_path: Path) -> Any:
    """A site whose store also holds an indicator alert and two failing sources."""
    s = Site(seeded, tmp_path)
    store = s.library()
    try:
        with store.session() as session, session.begin():
            queue_alert(session, rule_name="gdp-watch", kind="indicator", cause=["gdp", 1],
                        title="GDP 新发布")
        mon = Monitor(store, compute_effects=False)
        mon.record_failure("feed-a", "HTTP 503 from https://a.example/feed.xml")
        mon.record_failure("feed-b", OTHER_ERROR)
        mon.close()
    finally:
        store.close()
    with s.client:
        yield s


def test_project_evidence_from_the_dataset_reads_in_chinese(site: Site) -> None:
    zh = visible(site.client.get("/monitor/projects?lang=zh").text)
    en = visible(site.client.get("/monitor/projects?lang=en").text)
    assert "projects table" not in zh
    assert "区域项目表中的状态(" in zh
    assert "status in the region's projects table (" in en


def test_alert_rule_and_source_kinds_read_in_chinese(failing: Site) -> None:
    c = failing.client
    alerts_zh = visible(c.get("/monitor/alerts?lang=zh").text)
    assert "指标" in alerts_zh and "关键词" in alerts_zh
    assert not re.search(r"\b(indicator|keyword)\b", alerts_zh)
    assert re.search(r"\bindicator\b", visible(c.get("/monitor/alerts?lang=en").text))
    rules_zh = visible(c.get("/monitor/rules?lang=zh").text)
    assert "关键词" in rules_zh and not re.search(r"\bkeyword\b", rules_zh)
    sources_zh = visible(c.get("/monitor/sources?lang=zh").text)
    assert "订阅源" in sources_zh and not re.search(r"\bfeed\b(?![-.])", sources_zh)


def test_a_source_error_reads_in_chinese_and_keeps_the_original_when_unknown(
        failing: Site) -> None:
    c = failing.client
    zh = visible(c.get("/monitor/sources?lang=zh").text)
    assert "https://a.example/feed.xml 返回 HTTP 503" in zh
    assert "HTTP 503 from" not in zh
    assert f"错误原文:{OTHER_ERROR}" in zh  # an unknown error is data: kept, labelled
    en = visible(c.get("/monitor/sources?lang=en").text)
    assert "HTTP 503 from https://a.example/feed.xml" in en and OTHER_ERROR in en
    assert "错误原文" not in en


@pytest.fixture
def never_ok(seeded: Path, tmp_path: Path) -> Any:
    """A site whose store holds a new source whose first check failed."""
    from metroscope.monitor.watchlist import add_source

    s = Site(seeded, tmp_path)
    store = s.library()
    try:
        add_source(store, "feed-new", "https://new.example/feed.xml")
        mon = Monitor(store, compute_effects=False)
        mon.record_failure("feed-new", "HTTP 503 from https://new.example/feed.xml")
        mon.close()
    finally:
        store.close()
    with s.client:
        yield s


def test_a_source_whose_checks_failed_reads_as_failed_not_unchecked(never_ok: Site) -> None:
    """A new source whose only check had failed read "new" / "未检查" (not checked) on the
    sources page, beside the error of that very check. It reads as failed, with the stored
    error, in the page's language; the JSON list says ``failed`` too."""
    c = never_ok.client
    for lang, state, error in (("zh", "检查失败", "https://new.example/feed.xml 返回 HTTP 503"),
                               ("en", "failed", "HTTP 503 from https://new.example/feed.xml")):
        page = c.get(f"/monitor/sources?lang={lang}").text
        found = re.search(r'<tr data-source="feed-new"[^>]*>.*?</tr>', page, re.S)
        assert found is not None, page[-3000:]
        row = found.group(0)
        cells = [html_lib.unescape(re.sub(r"<[^>]+>", "", x)).strip()
                 for x in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert 'data-state="failed"' in row
        assert cells[2] == state and error in cells, cells
        assert "未检查" not in row and ">new<" not in row
    rows = {r["name"]: r for r in c.get("/api/v1/sources").json()}
    assert rows["feed-new"]["state"] == "failed" and rows["feed-new"]["error_count"] == 1
