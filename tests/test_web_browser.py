"""The dashboard in the system Chromium against a uvicorn server on 127.0.0.1 (a free port):
every page loads with no console error and no request leaving the server, cards render, maps
are drawn (pixel variance inside the map box), the scenario switch changes the circle numbers
in place, the zh/en switch changes the labels, a write is refused without a token and works
after signing in, hostile text stays inert. A screenshot of each page is saved
(``METROSCOPE_TEST_ARTIFACTS`` or the test's temporary folder)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_report_browser import ARGS, CHROMIUM, _pixel_stats

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs the system Chromium at "
                       "/usr/bin/chromium (Debian package 'chromium'; .ci/run installs it)"),
]

#: Predicates are functions (a string expression would need eval, which the CSP forbids).
READY = "() => document.documentElement?.getAttribute('data-ready') === '1'"
PAGES = {"overview": "/", "indicators": "/indicators", "travel": "/travel",
         "scenarios": "/scenarios", "industry": "/industry", "areas": "/areas"}


class Server:
    """The app under uvicorn in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, data_dir: Path, *, monitor_fetcher: Any = None, **config: Any) -> None:
        import uvicorn

        from metroscope.web import WebConfig, create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        app = create_app(WebConfig(data_dir=data_dir, **config), monitor_fetcher=monitor_fetcher)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline:
                msg = "uvicorn did not start"
                raise RuntimeError(msg)
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.port}"

    def warm(self, *paths: str) -> None:
        """Compute the pages once (region load, analyses) so the browser waits less."""
        import httpx

        with httpx.Client(base_url=self.base, timeout=600) as c:
            for path in paths:
                assert c.get(path).status_code == 200, path

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def token_and_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Server]]:
    from metroscope.web.tokens import TokenStore

    data = tmp_path_factory.mktemp("web-data")
    token = TokenStore(data / "tokens.json").create("write")[1]
    srv = Server(data)
    srv.warm(*PAGES.values())
    yield token, srv
    srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("METROSCOPE_TEST_ARTIFACTS") or
                  tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Tab:
    """A page with every request outside the server recorded and refused, and every error."""

    def __init__(self, browser: Any, server: Server) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1300, "height": 900})
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(server.base + "/") or url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                self.outside.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)

    def open(self, path: str) -> None:
        self.page.goto(self.server.base + path, timeout=180_000)
        self.page.wait_for_function(READY, timeout=120_000)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any, token_and_server: tuple[str, Server]) -> Iterator[Tab]:
    t = Tab(browser, token_and_server[1])
    yield t
    t.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_clean_and_offline(tab: Tab, name: str, artefacts: Path) -> None:
    tab.open(PAGES[name] + "?lang=zh")
    assert tab.errors == []
    assert tab.outside == []
    assert tab.page.evaluate("typeof Plotly") == "object"
    n_plots = tab.page.evaluate("document.querySelectorAll('.plot').length")
    n_drawn = tab.page.evaluate("document.querySelectorAll('.plot .main-svg').length")
    assert n_drawn >= n_plots
    assert n_plots > 0 or name == "scenarios"  # the scenarios page has tables only
    tab.page.screenshot(path=str(artefacts / f"web-{name}.png"), full_page=True)
    assert (artefacts / f"web-{name}.png").stat().st_size > 10_000


def test_cards_render(tab: Tab) -> None:
    tab.open("/?lang=en")
    cards = tab.page.query_selector_all("#cards .card")
    assert len(cards) >= 5
    for c in cards:
        assert c.is_visible()
        value = c.query_selector(".card-value").inner_text().strip()
        assert value and value != "—"
    assert tab.page.query_selector_all("#cards svg.spark polyline")


@pytest.mark.parametrize("path", ["/", "/travel", "/industry"])
def test_maps_are_not_blank(tab: Tab, path: str) -> None:
    tab.open(path)
    maps = tab.page.query_selector_all('.plot[data-map="true"]')
    assert maps
    for m in maps:
        m.scroll_into_view_if_needed()
        sd, inked = _pixel_stats(tab.page, m.screenshot())
        assert sd > 15, f"{path}: map looks blank (grey sd {sd:.1f})"
        assert inked > 0.05
        assert m.eval_on_selector_all(".geo path, .choroplethlayer path",
                                      "els => els.length") > 0


def test_scenario_switch_changes_numbers_in_place(tab: Tab) -> None:
    # network-2030 moves the fastest circle at 90 min (32 -> 33 units; the plan area's share
    # is 100 % either way); chang-si-liao-tong moves only context units at any threshold
    tab.open("/?lang=en&minutes=90")
    page = tab.page
    keys = ("mean-time", "share", "units", "partial", "outside")
    before = {k: page.inner_text(f"#circle-{k}") for k in keys}
    url_before = page.url
    swapped = page.evaluate("Number(document.documentElement.getAttribute('data-swapped')"
                            " || 0)")
    page.select_option("#scenario-select", "network-2030")
    page.wait_for_function("n => Number(document.documentElement.getAttribute('data-swapped')"
                           " || 0) > n", arg=swapped, timeout=120_000)
    page.wait_for_selector('#circle-numbers[data-scenario="network-2030"]')
    after = {k: page.inner_text(f"#circle-{k}") for k in keys}
    assert page.url == url_before  # swapped in place, no navigation
    # the plan area (core and member units) is all inside at 90 min either way: its share,
    # units and mean time stay; the partial unit 东辽 joins (1 / 2 -> 2 / 2)
    assert after["share"] == before["share"] == "100.0%"
    assert after["units"] == before["units"] == "23 / 23"
    assert (before["partial"], after["partial"]) == ("1 / 2", "2 / 2")
    assert page.query_selector("#fig-area-map .main-svg") is not None
    assert tab.errors == [] and tab.outside == []


BUSY = "() => document.getElementById('busy').classList.contains('htmx-request')"
#: Click ``selector`` with the navigation itself cancelled by a listener that runs after the
#: app's (window is after document in the bubble phase): the page stays, so the test sees what
#: the click showed while a slow page would be loading.
CLICK_STAY = """sel => {
  window.addEventListener("click", e => e.preventDefault(), {once: true});
  document.querySelector(sel).click();
  return document.getElementById("busy").classList.contains("htmx-request");
}"""


def test_a_page_load_shows_the_busy_sign_a_download_does_not(tab: Tab) -> None:
    # a first /areas takes seconds on a cold server: the page says it is working
    tab.open("/indicators?lang=zh")
    page = tab.page
    # the analysis panel loads itself with an htmx request (hx-trigger="load"): the sign may
    # show while it runs, and must be gone once that fragment has landed
    page.wait_for_function("() => Number(document.documentElement.getAttribute('data-swapped')"
                           " || 0) >= 1", timeout=120_000)
    assert not page.is_visible("#busy")
    assert page.evaluate(CLICK_STAY, "footer a[href='/api/v1/openapi.json']") is False
    assert page.evaluate(CLICK_STAY, "a#dl-csv") is False  # the browser saves it and stays
    assert page.evaluate(CLICK_STAY, "nav.main-nav a[href^='/areas']") is True
    assert page.is_visible("#busy") and "计算中" in page.inner_text("#busy")
    page.click("nav.main-nav a[href^='/areas']")
    page.wait_for_function("() => location.pathname === '/areas'", timeout=120_000)
    page.wait_for_function(READY, timeout=120_000)
    assert not page.is_visible("#busy")
    assert tab.errors == [] and tab.outside == []


def test_language_switch_changes_every_label(tab: Tab) -> None:
    from metroscope.report._i18n import STRINGS

    tab.open("/?lang=zh")
    page = tab.page
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    zh_nav = page.inner_text("nav.main-nav")
    page.click("#lang-switch")
    page.wait_for_function("() => document.documentElement?.lang === 'en'")
    page.wait_for_function(READY)
    en_nav = page.inner_text("nav.main-nav")
    for key in ("web_nav_overview", "web_nav_indicators", "web_nav_travel",
                "web_nav_scenarios", "web_nav_industry"):
        zh, en = STRINGS[key]
        assert zh in zh_nav and en in en_nav and zh not in en_nav
    legend = page.text_content("#fig-area-map .legend") or ""
    assert "operating" in legend and "运营" not in legend
    assert STRINGS["web_data_as_of"][1] in page.inner_text("#data-as-of")
    assert tab.errors == []


def test_a_write_needs_a_token_then_works(tab: Tab,
                                          token_and_server: tuple[str, Server]) -> None:
    token, server = token_and_server
    page = tab.page

    def edit_and_save(name: str) -> str:
        tab.open("/scenarios?lang=en")
        page.select_option("#edit-line", "长四辽通高铁")
        page.select_option("#edit-param", "open_year")
        page.fill("#edit-value", "2028")
        page.fill('#edit-form input[name="year"]', "2030")
        page.click("#edit-run")
        page.wait_for_selector("#edit-units", timeout=120_000)
        page.fill("#save-name", name)
        page.click("#save-button")
        page.wait_for_selector("#save-result > *", timeout=60_000)
        return page.inner_text("#save-result")

    refused = edit_and_save("browser-saved")
    assert "token" in refused.lower()
    assert not (server.server.config.app.state.config.scenarios_dir  # type: ignore[attr-defined]
                / "browser-saved.yaml").exists()
    tab.errors.clear()  # the 401 itself is logged by the browser as a failed resource
    tab.open("/auth/login?lang=en")
    page.fill('input[name="token"]', token)
    page.click('form[action="/auth/login"] button[type="submit"]')
    page.wait_for_url(server.base + "/", timeout=120_000)
    saved = edit_and_save("browser-saved")
    assert "browser-saved" in saved
    assert (server.server.config.app.state.config.scenarios_dir  # type: ignore[attr-defined]
            / "browser-saved.yaml").exists()
    assert tab.outside == []


def test_hostile_text_renders_inert(browser: Any, tmp_path: Path) -> None:
    import metroscope

    region = metroscope.load("changchun")
    p = region.projects.copy()
    p.loc[p.index[0], "name_zh"] = "<script>window.__pwned = 1</script>项目"
    p.loc[p.index[0], "name_en"] = '<img src=x onerror="window.__pwned = 2">'
    p.loc[p.index[0], "sources"] = "javascript:window.__pwned=3 | https://ok.example/a"
    bundle = region.with_tables(projects=p).write(tmp_path / "hostile")
    srv = Server(tmp_path / "data", region=str(bundle))
    t = Tab(browser, srv)
    try:
        for lang in ("zh", "en"):
            t.open(f"/?lang={lang}")
            assert t.page.evaluate("typeof window.__pwned") == "undefined"
            row = t.page.inner_text("#project-table tbody tr:first-child")
            assert "window.__pwned" in row  # shown as text
            assert t.page.query_selector('#project-table a[href^="javascript"]') is None
        assert t.dialogs == [] and t.outside == []
    finally:
        t.close()
        srv.stop()
