"""Digests: bilingual sections, sanitised HTML, stored; parse of periods."""

from __future__ import annotations

import datetime as dt

import pytest

from _monitor_fixtures import postgres_server, store  # noqa: F401
from metroscope.monitor._fixture_server import FIXTURES_DIR
from metroscope.monitor._i18n import MESSAGES
from metroscope.monitor.config import MonitorConfig
from metroscope.monitor.digest import build_digest, digest_frame, parse_since
from metroscope.monitor.pipeline import Monitor
from metroscope.monitor.sources import make_item, parse_feed
from metroscope.monitor.store import Project, Store
from metroscope.monitor.watchlist import add_source


def test_digest_is_bilingual_grouped_and_sanitised(store: Store) -> None:
    with store.session() as s, s.begin():
        s.add(Project(project_id="hsr", name_zh="长四辽通高铁", name_en="CSLT HSR",
                      status="planned", aliases=[], codes=[], edits=[]))
    add_source(store, "ndrc", "https://e.org/feed")
    items = parse_feed((FIXTURES_DIR / "rsshub/gov/ndrc/xwdt/tzgg").read_bytes())
    hostile = make_item(title='<script>alert("x")</script>Title <b>bold</b>',
                        link="https://e.org/x", published=None,
                        text="<img src=x onerror=alert(1)> 长春")
    Monitor(store, compute_effects=False).ingest("ndrc", [*items, hostile])
    doc = build_digest(store, since="1d")
    html = doc.html.lower()
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    for zh, en in (("项目动态", "Projects"), ("按主题", "By topic"), ("来源状态", "Source health")):
        assert zh in doc.html and en in doc.html and zh in doc.text and en in doc.text
    assert "planned → approved" in doc.text.replace("->", "→") or \
        "planned -> approved" in doc.text
    assert "长四辽通高铁 / CSLT HSR" in doc.text
    assert doc.items == 3 and doc.status_changes == 1
    assert 'rel="noopener noreferrer"' in doc.html
    assert len(digest_frame(store)) == 1


def test_empty_period_says_so(store: Store) -> None:
    doc = build_digest(store, since="24h", save=False)
    assert "本时段无内容" in doc.text and "Nothing in this period" in doc.text
    assert digest_frame(store).empty


def test_parse_since() -> None:
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    assert parse_since("7d", now=now) == now - dt.timedelta(days=7)
    assert parse_since("weekly", now=now) == now - dt.timedelta(days=7)
    assert parse_since("90m", now=now) == now - dt.timedelta(minutes=90)
    assert parse_since("2026-11-01", now=now).utcoffset() == dt.timedelta(hours=8)
    with pytest.raises(ValueError, match="give 7d"):
        parse_since("last tuesday", now=now)


def test_every_message_has_both_languages() -> None:
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key
        assert zh != en or key.startswith("topic_"), key


def test_every_monitor_setting_is_documented() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[1] / "docs" / "monitor.md").read_text(encoding="utf-8")
    for name, field in MonitorConfig.model_fields.items():
        assert field.description and len(field.description) > 20, name
        assert f"METROSCOPE_MONITOR_{name.upper()}" in docs, name
