"""The monitor pages (and the upload page) in the system Chromium (127.0.0.1 only): each loads with no console error
and no request leaving the server, the zh/en switch changes the labels, a filter narrows the
items in place, acknowledging and "check now" are refused without a token and work after
signing in (the fetcher is a mock: nothing leaves the process), hostile feed text is inert.
Screenshots are saved like the other browser tests'."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _web_monitor import offline_fetcher, seed_store
from test_web_browser import READY, Server, Tab, artefacts, browser  # noqa: F401 (fixtures)
from test_web_browser import pytestmark as browser_marks

pytestmark = browser_marks

PAGES = {"items": "/monitor", "projects": "/monitor/projects", "rules": "/monitor/rules",
         "alerts": "/monitor/alerts", "sources": "/monitor/sources"}


@pytest.fixture(scope="module")
def monitor_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Server]]:
    from metroscope.web.tokens import TokenStore

    data = tmp_path_factory.mktemp("web-monitor")
    url = seed_store(data)
    token = TokenStore(data / "tokens.json").create("write")[1]
    fetcher = offline_fetcher()
    srv = Server(data, db_url=url, monitor_fetcher=lambda: fetcher)
    srv.warm(*PAGES.values())
    yield token, srv
    srv.stop()


@pytest.fixture
def mtab(browser: Any, monitor_site: tuple[str, Server]) -> Iterator[Tab]:  # noqa: F811
    t = Tab(browser, monitor_site[1])
    yield t
    t.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_monitor_page_loads_clean_and_offline(mtab: Tab, name: str,
                                              artefacts: Path) -> None:  # noqa: F811
    mtab.open(PAGES[name] + "?lang=zh")
    if name == "alerts":  # the digest arrives by htmx after the load
        mtab.page.wait_for_selector("#digest .digest", timeout=60_000)
    assert mtab.errors == []
    assert mtab.outside == []
    assert mtab.page.query_selector("nav.tabs a.on") is not None
    mtab.page.screenshot(path=str(artefacts / f"web-monitor-{name}.png"), full_page=True)
    assert (artefacts / f"web-monitor-{name}.png").stat().st_size > 10_000


def test_monitor_language_switch(mtab: Tab) -> None:
    from metroscope.report._i18n import STRINGS

    mtab.open("/monitor?lang=zh")
    zh = mtab.page.inner_text("nav.tabs")
    mtab.page.click("#lang-switch")
    mtab.page.wait_for_function("() => document.documentElement.lang === 'en'")
    mtab.page.wait_for_function(READY)
    en = mtab.page.inner_text("nav.tabs")
    for key in ("web_mon_items", "web_mon_projects", "web_mon_rules", "web_mon_alerts",
                "web_mon_sources"):
        assert STRINGS[key][0] in zh and STRINGS[key][1] in en
    assert "6 item(s)" in mtab.page.inner_text("#items-count")
    assert mtab.errors == []


def test_a_filter_narrows_the_items_in_place(mtab: Tab) -> None:
    mtab.open("/monitor?lang=en")
    page = mtab.page
    url = page.url
    assert page.get_attribute("#items-count", "data-n") == "6"
    page.select_option("#f-tag", "transport")
    page.wait_for_selector('#items-count[data-n="3"]', timeout=60_000)
    assert len(page.query_selector_all("#items-table tbody tr")) == 3
    page.fill("#f-q", "高铁")
    page.click("#f-go")
    page.wait_for_selector('#items-count[data-n="2"]', timeout=60_000)
    assert page.url == url  # swapped in place
    assert mtab.errors == [] and mtab.outside == []


def test_monitor_writes_need_a_token_then_work(mtab: Tab,
                                               monitor_site: tuple[str, Server]) -> None:
    token, server = monitor_site
    page = mtab.page
    mtab.open("/monitor/alerts?lang=en")
    row = "#alerts-table tbody tr[data-alert]:last-child"
    alert_id = page.get_attribute(row, "data-alert")
    page.click(f"{row} button.ack")
    page.wait_for_selector(f'#alert-{alert_id} p.error, #alerts-table p.error',
                           timeout=60_000)
    assert "token" in page.inner_text("#alerts-table").lower()
    mtab.errors.clear()  # the browser logs the 401 itself as a failed resource
    mtab.open("/auth/login?lang=en")
    page.fill('input[name="token"]', token)
    page.click('form[action="/auth/login"] button[type="submit"]')
    page.wait_for_url(server.base + "/", timeout=120_000)
    mtab.open("/monitor/alerts?lang=en")
    page.click(f"#alert-{alert_id} button.ack")
    page.wait_for_selector(f'#alert-{alert_id}[data-acked="true"]', timeout=60_000)
    mtab.open("/monitor/sources?lang=en")
    page.click('tr[data-source="feed-a"] button.check-now')
    page.wait_for_selector('tr[data-source="feed-a"] .checked', timeout=60_000)
    assert "Checked: ok" in page.inner_text('tr[data-source="feed-a"]')
    assert mtab.errors == [] and mtab.outside == []


def test_hostile_feed_item_renders_inert(mtab: Tab) -> None:
    for path in ("/monitor?lang=zh", "/?lang=zh"):
        mtab.open(path)
        assert mtab.page.evaluate("typeof window.__pwned") == "undefined"
        assert "window.__pwned = 1" in mtab.page.inner_text("body")
        assert mtab.page.query_selector('a[href^="javascript"]') is None
        assert mtab.page.query_selector("img[onerror], [onload]") is None
    assert mtab.dialogs == [] and mtab.outside == []


def test_an_upload_needs_a_token_then_works(mtab: Tab, monitor_site: tuple[str, Server],
                                            tmp_path: Path) -> None:
    import io
    import zipfile

    import metroscope

    token, server = monitor_site
    toml = metroscope.load("changchun").write(tmp_path / "b")
    folder = toml.parent if toml.is_file() else toml
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(folder).as_posix())
    archive = tmp_path / "mine.zip"
    archive.write_bytes(buf.getvalue())
    page = mtab.page

    def send(name: str) -> str:
        mtab.open("/data?lang=en")
        page.fill("#upload-name", name)
        page.set_input_files("#upload-file", str(archive))
        page.click("#upload-send")
        page.wait_for_selector("#upload-result > *", timeout=120_000)
        return page.inner_text("#upload-result")

    assert "token" in send("browser-up").lower()
    mtab.errors.clear()  # the browser logs the 401 itself as a failed resource
    mtab.open("/auth/login?lang=en")
    page.fill('input[name="token"]', token)
    page.click('form[action="/auth/login"] button[type="submit"]')
    page.wait_for_url(server.base + "/", timeout=120_000)
    assert "Uploaded and valid" in send("browser-up")
    mtab.open("/data?lang=en")
    assert page.query_selector('#bundle-list li[data-bundle="browser-up"]') is not None
    mtab.errors.clear()
    assert "exists" in send("browser-up")  # 409: the name is taken now
    assert mtab.outside == []
