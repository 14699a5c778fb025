# ruff: noqa: F811  (the fixtures seeded and site come from _web_monitor)
"""The monitor in the web app: the JSON API (sources, items, projects, alerts, rules) answers
what the monitor's library answers, filters narrow, writes (acknowledge, check now) need a
write token, "check now" uses the injected fetcher (nothing leaves the process), hostile feed
text renders inert, a broken database gives a clear 503, and ``serve --db/--demo`` work."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from _web_monitor import Site, seeded, site  # noqa: F401 (the fixtures)
from metroscope.monitor import query
from metroscope.web import WebConfig, create_app
from metroscope.web.tokens import TokenStore


def ids(r: Any) -> set[int]:
    assert r.status_code == 200, r.text
    return {row["item_id"] for row in r.json()}


def test_api_lists_equal_the_library(site: Site) -> None:
    c = site.client
    store = site.library()
    try:
        for path, frame in (("/api/v1/sources", query.sources(store)),
                            ("/api/v1/projects", query.projects(store)),
                            ("/api/v1/rules", query.rules(store)),
                            ("/api/v1/alerts", query.alerts(store, limit=None)),
                            ("/api/v1/items", query.items(store, limit=None))):
            r = c.get(path)
            assert r.status_code == 200, r.text
            assert r.headers["x-total-count"] == str(len(frame)) and len(frame) > 0, path
            assert r.headers["cache-control"] == "no-store"
            key = frame.columns[0]
            assert [row[key] for row in r.json()] == list(frame[key]), path
        history = query.project_history(store, "changsiliaotong_hsr")
    finally:
        store.close()
    r = c.get("/api/v1/projects/changsiliaotong_hsr/history")
    assert [x["status"] for x in r.json()] == list(history["status"])
    assert c.get("/api/v1/projects/nope/history").json()["error"]["code"] == "not_found"
    page = c.get("/api/v1/items?limit=2&offset=0")
    assert len(page.json()) == 2 and 'rel="next"' in page.headers["link"]
    assert page.headers["x-total-count"] == "6"
    csv = c.get("/api/v1/items?format=csv&tag=transport")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "policy,transport" in csv.text  # list cells joined in CSV
    detail = c.get("/api/v1/alerts/1").json()
    assert detail["rule"] == "hsr-news" and "高铁" in detail["title"]
    assert c.get("/api/v1/alerts/999").status_code == 404


@pytest.mark.parametrize(("params", "expected"), [
    ("tag=investment", {"吉林市招商引资推介会举行"}),
    ("unit=220300", {"长春至四平高铁可行性研究报告获批", "四平市高铁站改造完成"}),
    ("source=feed-a&tag=transport", {"长春至四平高铁可行性研究报告获批"}),
    ("project=changchun_metro_plan", {"长春都市圈发展规划实施方案印发"}),
    ("q=高铁", {"长春至四平高铁可行性研究报告获批", "四平市高铁站改造完成"}),
    ("since=2026-03-03&source=feed-a", set()),
    ("until=2026-03-02&tag=policy", {"长春至四平高铁可行性研究报告获批",
                                     "长春都市圈发展规划实施方案印发", "吉林市招商引资推介会举行"}),
])
def test_item_filters_narrow(site: Site, params: str, expected: set[str]) -> None:
    r = site.client.get(f"/api/v1/items?{params}")
    assert r.status_code == 200, r.text
    assert {row["title"] for row in r.json()} == expected
    assert int(site.client.get("/api/v1/items").headers["x-total-count"]) > len(expected)


def test_item_filter_problems_are_listed(site: Site) -> None:
    r = site.client.get("/api/v1/items?since=2026-03-05&until=2026-03-01")
    assert r.status_code == 422 and r.json()["error"]["details"]
    r = site.client.get("/api/v1/items?since=yesterday&limit=0")
    err = r.json()["error"]
    assert r.status_code == 422 and {d["name"] for d in err["details"]} == {"since", "limit"}


def test_rule_tests_write_and_send_nothing(site: Site) -> None:
    c = site.client
    before = c.get("/api/v1/alerts").headers["x-total-count"]
    r = c.post("/api/v1/rules/test", json={"name": "t", "kind": "keyword",
                                           "keywords": ["都市圈"]})
    assert [x["title"] for x in r.json()] == ["长春都市圈发展规划实施方案印发"]
    stored = c.get("/api/v1/rules/hsr-news/test").json()
    assert {x["title"] for x in stored} == {"长春至四平高铁可行性研究报告获批",
                                           "四平市高铁站改造完成"}
    bad = c.post("/api/v1/rules/test", json={"name": "t", "kind": "keyword", "pattern": "("})
    assert bad.status_code == 422 and bad.json()["error"]["details"]
    assert c.get("/api/v1/rules/none/test").status_code == 404
    assert c.get("/api/v1/alerts").headers["x-total-count"] == before


def test_acknowledge_needs_a_write_token(site: Site) -> None:
    c = site.client
    assert c.post("/api/v1/alerts/1/ack").status_code == 401
    assert c.post("/api/v1/alerts/1/ack", headers=site.read).status_code == 403
    r = c.post("/api/v1/alerts/1/ack", headers=site.write)
    assert r.status_code == 200 and r.json() == {"alert_id": 1, "acknowledged": True}
    store = site.library()
    try:
        acked = query.alerts(store).set_index("alert_id")["acknowledged"]
    finally:
        store.close()
    assert acked[1] and not acked[2]
    assert c.post("/api/v1/alerts/999/ack", headers=site.write).status_code == 404


def test_check_now_needs_a_token_and_uses_the_injected_fetcher(site: Site) -> None:
    c = site.client
    assert c.post("/api/v1/sources/feed-a/check").status_code == 401
    assert site.fetches == 0
    r = c.post("/api/v1/sources/feed-a/check", headers=site.write)
    assert r.status_code == 200, r.text
    (row,) = r.json()
    assert (row["source"], row["status"], row["new_items"]) == ("feed-a", "ok", 1)
    assert site.fetches == 1
    assert c.get("/api/v1/items").headers["x-total-count"] == "7"
    src = {s["name"]: s for s in c.get("/api/v1/sources").json()}
    assert src["feed-a"]["state"] == "ok" and src["feed-a"]["last_success_at"]
    assert c.post("/api/v1/sources/none/check", headers=site.write).status_code == 404


def test_read_only_refuses_monitor_writes(seeded: Path, tmp_path: Path) -> None:
    s = Site(seeded, tmp_path, read_only=True)
    with s.client as c:
        r = c.post("/api/v1/alerts/1/ack", headers=s.write)
        assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"


def test_pages_show_the_monitor_in_both_languages(site: Site) -> None:
    from metroscope.monitor.store import SOURCE_STATES
    from metroscope.report._i18n import STRINGS

    for key in [f"web_mon_state_{s}" for s in SOURCE_STATES] + [
            f"web_mon_origin_{o}" for o in ("dataset", "item", "manual")]:
        assert key in STRINGS  # labels the templates build from stored values

    c = site.client
    for path in ("/monitor", "/monitor/projects", "/monitor/rules", "/monitor/alerts",
                 "/monitor/sources"):
        for lang in ("zh", "en"):
            r = c.get(f"{path}?lang={lang}")
            assert r.status_code == 200, (path, r.text[:300])
            assert STRINGS["web_nav_monitor"][0 if lang == "zh" else 1] in r.text
    en = c.get("/monitor?lang=en").text
    assert 'data-n="6"' in en and "6 item(s)" in en
    narrowed = c.get("/fragments/items?lang=en&q=&source=&tag=transport&unit=&since=&until=").text
    assert 'data-n="3"' in narrowed and "3 item(s)" in narrowed
    assert "吉林市招商引资推介会举行" not in narrowed
    zh = c.get("/fragments/items?lang=zh&tag=transport").text
    assert "共 3 条" in zh and "交通" in zh
    projects = c.get("/monitor/projects?lang=en").text
    assert "Status timeline" in projects and "planned" in projects
    assert 'class="ack"' in c.get("/monitor/alerts?lang=en").text
    # alert titles in the page language (stored English, the Chinese kept in the payload)
    for path in ("/monitor/alerts", "/"):
        zh_page, en_page = c.get(f"{path}?lang=zh").text, c.get(f"{path}?lang=en").text
        assert "规则「hsr-news」命中:长春至四平高铁可行性研究报告获批" in zh_page, path
        assert "Rule &#39;hsr-news&#39; matched" not in zh_page, path
        assert "Rule &#39;hsr-news&#39; matched: 长春至四平高铁可行性研究报告获批" in en_page, path
    assert 'class="check-now"' in c.get("/monitor/sources?lang=en").text
    assert ">正常</span>" in c.get("/monitor/sources?lang=zh").text
    # the page's htmx asks for the fragment: the envelope, in the page language (a plain
    # browser request gets the HTML error page)
    bad = c.get("/fragments/items?since=2026-13-01&lang=en", headers={"HX-Request": "true"})
    assert bad.status_code == 422 and "month" in " ".join(
        d["message"] for d in bad.json()["error"]["details"])
    page = c.get("/fragments/items?since=2026-13-01&lang=zh")
    assert page.status_code == 422 and page.text.startswith("<!DOCTYPE html>")
    test = c.get("/fragments/rule-test?lang=en&keywords=都市圈").text
    assert 'data-n="1"' in test
    overview = c.get("/?lang=en").text
    assert 'id="latest-items"' in overview and "长春都市圈发展规划实施方案印发" in overview
    assert 'id="source-health">2 ok, 0 failing, 0 other' in overview


def test_page_writes_need_a_token(site: Site) -> None:
    c = site.client
    assert c.post("/monitor/alerts/2/ack").status_code == 401
    r = c.post("/monitor/alerts/2/ack?lang=en", headers=site.write)
    assert r.status_code == 200 and 'data-acked="true"' in r.text
    r = c.post("/monitor/sources/feed-b/check?lang=en", headers=site.write)
    assert r.status_code == 200 and "Checked: ok, 1 new item(s)" in r.text


def test_check_now_outcome_in_the_page_language(site: Site) -> None:
    """The Chinese sources page answered "检查完成:ok" (or failed) after "check now"."""
    r = site.client.post("/monitor/sources/feed-b/check?lang=zh", headers=site.write)
    assert r.status_code == 200 and "检查完成:成功,新条目 1 条" in r.text, r.text


def test_hostile_feed_text_is_inert(site: Site) -> None:
    handler_attr = re.compile(r"<[a-z][^<>]*\son\w+\s*=", re.IGNORECASE)
    script_url = re.compile(r'href="\s*javascript:', re.IGNORECASE)
    for path in ("/monitor?lang=zh", "/?lang=zh", "/fragments/items?q=长春公告",
                 "/fragments/digest?lang=zh"):
        html = site.client.get(path).text
        assert "digest" in path or "window.__pwned = 1" in html, path  # shown, as text
        assert "<script>window" not in html and "<img src=x" not in html, path
        assert not handler_attr.search(html), path
        assert not script_url.search(html), path


def test_a_broken_database_is_a_clear_503(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    app = create_app(WebConfig(data_dir=tmp_path, db_url=f"sqlite:///{bad}"))
    with TestClient(app) as c:
        r = c.get("/api/v1/items")
        assert r.status_code == 503 and r.json()["error"]["code"] == "monitor_unavailable"
        assert "Traceback" not in r.text
        page = c.get("/monitor?lang=en")
        assert page.status_code == 503 and 'id="monitor-problem"' in page.text
        assert c.get("/?lang=en").status_code == 200  # the overview still works


def test_default_database_is_in_the_data_folder(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METROSCOPE_MONITOR_DATABASE_URL", raising=False)
    assert WebConfig(data_dir=tmp_path).monitor_url == f"sqlite:///{tmp_path / 'monitor.sqlite'}"
    monkeypatch.setenv("METROSCOPE_MONITOR_DATABASE_URL", "sqlite:////x/m.sqlite")
    assert WebConfig(data_dir=tmp_path).monitor_url == "sqlite:////x/m.sqlite"
    assert WebConfig(data_dir=tmp_path, db_url="sqlite:////y").monitor_url == "sqlite:////y"


def test_serve_checks_db_and_demo_options(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from _web import cli_app

    runner = CliRunner()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"x" * 4096)
    r = runner.invoke(cli_app("serve"), ["--db", f"sqlite:///{bad}", "--data-dir",
                                         str(tmp_path)])
    assert r.exit_code == 1 and "Cannot open or migrate the monitor store" in r.output
    r = runner.invoke(cli_app("serve"), ["--db", "nonsense://", "--data-dir", str(tmp_path)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    r = runner.invoke(cli_app("serve"), ["--db", "sqlite:///x", "--demo"])
    assert r.exit_code == 2 and "not both" in r.output


def test_demo_seeds_the_served_database(tmp_path: Path) -> None:
    """``serve --demo``: the monitor's offline demo (fixtures on 127.0.0.1) fills a fresh
    database in the data folder, and the pages and API read it."""
    app = create_app(WebConfig(data_dir=tmp_path, demo=True))
    with TestClient(app) as c:
        assert app.state.metroscope.monitor_url.startswith(
            f"sqlite:///{tmp_path / 'monitor-demo'}")
        items = c.get("/api/v1/items").json()
        assert len(items) >= 10 and all("演示" in i["title"] or "demo" in i["title"]
                                        for i in items)
        names = {s["name"] for s in c.get("/api/v1/sources").json()}
        assert "demo-ndrc-notices" in names
        assert int(c.get("/api/v1/alerts").headers["x-total-count"]) > 0
        assert "demo-ndrc-notices" in c.get("/monitor/sources?lang=en").text
        # "check now" reaches the demo's sources after seeding (its fixture server keeps
        # running with the app) through the demo's SSRF allow-list of 127.0.0.1 only
        token = TokenStore(tmp_path / "tokens.json").create("write")[1]
        write = {"Authorization": f"Bearer {token}"}
        served = app.state.metroscope.demo_server
        before = len(served.requests)
        for name in ("demo-ndrc-notices", "demo-jilin-transport"):
            r = c.post(f"/api/v1/sources/{name}/check", headers=write)
            assert r.status_code == 200, r.text
            row = r.json()[0]
            assert row["source"] == name and not row["error"], row
            assert row["status"] in ("ok", "not_modified"), row
        assert len(served.requests) > before
    assert app.state.metroscope.demo_server is None  # stopped with the app


def test_items_carry_a_quality_tag_and_times_in_beijing_time(site: Site) -> None:
    c = site.client
    en = c.get("/monitor?lang=en").text
    # both seeded sources are news feeds (a.example, b.example): secondary, never official
    assert en.count('data-quality="C"') == 6 and 'data-quality="official"' not in en
    assert "C: secondary source, unverified" in en and "Times are Beijing time (UTC+8)." in en
    zh = c.get("/fragments/items?lang=zh").text
    assert "C:二手来源,未核实" in zh
    # stored 2026-03-01 09:00 Beijing time (01:00 UTC): shown as Beijing time, labelled
    assert "2026-03-01 09:00 UTC+8" in en
    overview = c.get("/?lang=en").text
    assert 'data-quality="C"' in overview
    sources = c.get("/monitor/sources?lang=en").text
    assert "Failing since" in sources


@pytest.mark.parametrize(("cli", "url"), [
    (("sources", "list"), "/api/v1/sources"),
    (("items",), "/api/v1/items"),
    (("projects", "list"), "/api/v1/projects"),
    (("projects", "history", "changsiliaotong_hsr"),
     "/api/v1/projects/changsiliaotong_hsr/history"),
    (("alerts",), "/api/v1/alerts"),
    (("rules", "list"), "/api/v1/rules"),
])
def test_monitor_api_json_equals_cli_json(site: Site, cli: tuple[str, ...], url: str) -> None:
    """docs/api.md: each monitor route answers what its command prints with --format json,
    exactly (one rounding and one conversion for both)."""
    from _web import cli_json, same_as_cli

    r = site.client.get(url)
    assert r.status_code == 200, r.text
    expected = cli_json("monitor", *cli, "--db", site.url)
    assert len(expected) > 0
    same_as_cli(r.json(), expected)
