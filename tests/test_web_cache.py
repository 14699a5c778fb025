# ruff: noqa: F811  (the fixtures seeded and site come from _web_monitor)
"""The answer cache in front of the web app (``metroscope.web.respcache``): a warm overview
or analysis result is served from memory, yet never shows data older than the last write
(an acknowledged alert, a commit by another process, a saved scenario), never mixes
languages or regions, gives every request its own CSRF token (escaped), answers
``If-None-Match`` with 304, and keeps nothing for private reads or signed-in sessions."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from _web_monitor import Site, seeded, site  # noqa: F401 (the fixtures)
from metroscope.web import WebConfig, create_app


def acked(html: str) -> dict[int, bool]:
    """{alert id: shown as acknowledged} of the overview's alert list."""
    return {int(m.group(1)): "✓" in m.group(2)
            for m in re.finditer(r'<li data-alert="(\d+)">(.*?)</li>', html)}


def csrf_of(html: str) -> str:
    m = re.search(r'<meta name="csrf-token" content="([^"]*)">', html)
    assert m is not None
    return m.group(1)


def test_a_warm_overview_comes_from_memory_with_the_same_bytes(site: Site) -> None:
    c = site.client
    first = c.get("/?lang=en")
    second = c.get("/?lang=en")
    hits = site.cache.hits
    third = c.get("/?lang=en")
    assert first.status_code == second.status_code == third.status_code == 200
    assert site.cache.hits == hits + 1
    assert first.text == second.text == third.text
    assert first.headers["etag"] == third.headers["etag"]
    for r in (first, third):
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["cache-control"] == "private, no-cache"
        assert r.headers["vary"] == "Cookie"
        assert "x-metroscope-page" not in r.headers and "x-metroscope-csrf" not in r.headers
    assert site.cache.placeholder not in third.text
    same = c.get("/?lang=en", headers={"If-None-Match": third.headers["etag"]})
    assert same.status_code == 304 and same.content == b""
    assert same.headers["etag"] == third.headers["etag"]


def test_each_request_gets_its_own_csrf_token_escaped(site: Site) -> None:
    site.client.get("/?lang=en")
    site.client.get("/?lang=en")  # now kept
    fresh = TestClient(site.app)
    a, b = fresh.get("/?lang=en"), TestClient(site.app).get("/?lang=en")
    assert csrf_of(a.text) != csrf_of(b.text)
    assert a.cookies["ms_csrf"] == csrf_of(a.text) and b.cookies["ms_csrf"] == csrf_of(b.text)
    assert a.headers["etag"] != b.headers["etag"]
    again = fresh.get("/?lang=en")  # the token of the cookie, no new cookie
    assert csrf_of(again.text) == csrf_of(a.text) and "set-cookie" not in again.headers
    hostile = TestClient(site.app, cookies={"ms_csrf": '"><script>alert(1)</script>'})
    html = hostile.get("/?lang=en").text
    assert "<script>alert(1)" not in html
    assert csrf_of(html) == "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


def test_acknowledging_an_alert_changes_the_next_overview(site: Site) -> None:
    c = site.client
    c.get("/?lang=en")
    before = acked(c.get("/?lang=en").text)
    assert before and not any(before.values())
    alert = min(before)
    r = c.post(f"/api/v1/alerts/{alert}/ack", headers=site.write)
    assert r.status_code == 200
    after = acked(c.get("/?lang=en").text)
    assert after[alert] and sum(after.values()) == 1


def test_a_commit_by_another_process_changes_the_next_overview(site: Site) -> None:
    c = site.client
    c.get("/?lang=zh")
    before = acked(c.get("/?lang=zh").text)
    alert = max(before)
    with sqlite3.connect(site.db) as db:  # another connection, as the monitor's CLI would
        db.execute("UPDATE alerts SET acknowledged = 1 WHERE id = ?", (alert,))
    after = acked(c.get("/?lang=zh").text)
    assert after[alert] and not before[alert]


def test_saving_a_scenario_shows_it_on_the_next_overview(site: Site) -> None:
    c = site.client
    c.get("/?lang=en")
    assert "cache-test-line" not in c.get("/?lang=en").text
    fragment = "/fragments/circle?lang=en"
    c.get(fragment)
    assert "cache-test-line" not in c.get(fragment).text
    body = {"name": "cache-test-line", "edits": [{"op": "set_speed", "mode": "hsr",
                                                  "speed_kph": 320}]}
    assert c.post("/api/v1/scenarios", json=body, headers=site.write).status_code == 201
    assert 'value="cache-test-line"' in c.get("/?lang=en").text
    assert 'value="cache-test-line"' in c.get(fragment).text


def test_languages_never_mix(site: Site) -> None:
    c = site.client
    for _ in range(2):
        for lang in ("zh", "en"):
            assert f'data-lang="{lang}"' in c.get(f"/?lang={lang}").text
    # the language cookie alone decides when the query does not
    for lang in ("en", "zh", "en"):
        other = TestClient(site.app, cookies={"ms_lang": lang})
        for _ in range(2):
            assert f'data-lang="{lang}"' in other.get("/").text


def test_regions_never_mix(tmp_path: Path) -> None:
    import metroscope

    region = metroscope.load("changchun")
    p = region.projects.copy()
    p.loc[p.index[0], "name_en"] = "Bundle-only project"
    bundle = region.with_tables(projects=p).write(tmp_path / "other")
    with TestClient(create_app(WebConfig(data_dir=tmp_path / "data",
                                         region=str(bundle)))) as c:
        for _ in range(2):
            assert "Bundle-only project" in c.get("/?lang=en").text
            assert "Bundle-only project" not in c.get("/?lang=en&region=changchun").text


def test_analysis_answers_are_kept_byte_for_byte(site: Site) -> None:
    c = site.client
    url = "/api/v1/indicators/primacy?measure=gdp&year=2023"
    first = c.get(url)
    hits = site.cache.hits
    second = c.get(url)
    assert site.cache.hits == hits + 1
    assert first.content == second.content
    for k in ("etag", "cache-control", "content-type", "x-total-count"):
        assert first.headers[k] == second.headers[k]
    same = c.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert same.status_code == 304 and same.headers["etag"] == first.headers["etag"]
    weak = c.get(url, headers={"If-None-Match": "W/" + first.headers["etag"]})
    assert weak.status_code == 304  # the weak comparison If-None-Match asks for
    # monitor answers are never kept: they change with the database
    c.get("/api/v1/alerts")
    hits = site.cache.hits
    c.get("/api/v1/alerts")
    assert site.cache.hits == hits


def test_nothing_is_kept_for_private_reads_or_sessions(seeded: Path, tmp_path: Path) -> None:
    s = Site(seeded, tmp_path, public_reads=False)
    with s.client as c:
        url = "/api/v1/circle"
        assert c.get(url, headers=s.read).status_code == 200
        assert c.get(url, headers=s.read).status_code == 200
        assert c.get(url).status_code == 401  # never answered from memory
        assert s.cache.hits == 0 and s.cache.stored == 0
    (tmp_path / "b").mkdir()
    s2 = Site(seeded, tmp_path / "b")
    with s2.client as c:
        token = s2.write["Authorization"].split()[1]
        csrf = c.get("/auth/login").cookies.get("ms_csrf") or c.cookies["ms_csrf"]
        r = c.post("/auth/login", data={"token": token, "csrf_token": csrf},
                   follow_redirects=False)
        assert r.status_code == 303, r.text[:300]
        for _ in range(2):
            html = c.get("/?lang=en").text
            assert "(write)" in html  # the signed-in header, never a kept anonymous page
        assert s2.cache.hits == 0


def test_a_database_without_a_version_keeps_no_monitor_page(tmp_path: Path) -> None:
    from metroscope.web.state import AppState

    st = AppState(WebConfig(data_dir=tmp_path,
                            db_url="postgresql+psycopg://u@127.0.0.1:1/none"))
    assert st.monitor_version() is None
    st2 = AppState(WebConfig(data_dir=tmp_path, db_url=f"sqlite:///{tmp_path / 'm.sqlite'}"))
    assert st2.monitor_version() is None  # not created yet
    with sqlite3.connect(tmp_path / "m.sqlite") as db:
        db.execute("CREATE TABLE t (x)")
    v1 = st2.monitor_version()
    assert v1 is not None and st2.monitor_version() == v1
    with sqlite3.connect(tmp_path / "m.sqlite") as db:
        db.execute("INSERT INTO t VALUES (1)")
    assert st2.monitor_version() not in (None, v1)
    st2.close()


def test_concurrent_requests_wait_for_the_one_being_built(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a write, simultaneous requests for a page kept before render it once."""
    import threading
    import time

    from metroscope.web.pages import overview

    renders = []
    original = overview.render

    def slow_render(*args: Any, **kwargs: Any) -> Any:
        renders.append(1)
        time.sleep(0.5)
        return original(*args, **kwargs)

    monkeypatch.setattr(overview, "render", slow_render)
    c = site.client
    c.get("/?lang=en")
    assert site.cache.stored >= 1
    assert c.post("/api/v1/alerts/1/ack").status_code == 401  # any unsafe request empties
    renders.clear()
    pages: list[str] = []
    threads = [threading.Thread(target=lambda: pages.append(c.get("/?lang=en").text))
               for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(pages) == 5 and len(set(pages)) == 1 and 'data-lang="en"' in pages[0]
    assert renders == [1]


def test_files_added_beside_the_server_show_on_the_next_overview(site: Site,
                                                                 tmp_path: Path) -> None:
    """A scenario file or a bundle folder put in the data folder by hand (no request to the
    server) shows on the next overview: the folders themselves are compared on every hit."""
    c = site.client
    c.get("/?lang=en")
    html = c.get("/?lang=en").text
    assert 'value="by-hand"' not in html and 'value="hand-bundle"' not in html
    shipped = Path(__file__).parents[1] / "src" / "metroscope" / "scenario" / "specs"
    source = next(iter(sorted(shipped.glob("*.yaml"))), None)
    assert source is not None, shipped
    (tmp_path / "scenarios").mkdir(exist_ok=True)
    (tmp_path / "scenarios" / "by-hand.yaml").write_bytes(source.read_bytes())
    assert 'value="by-hand"' in c.get("/?lang=en").text
    (tmp_path / "bundles" / "hand-bundle").mkdir(parents=True)
    (tmp_path / "bundles" / "hand-bundle" / "region.toml").write_text("", encoding="utf-8")
    assert 'value="hand-bundle"' in c.get("/?lang=en").text
