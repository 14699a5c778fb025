"""The report in the system Chromium, network off: no script errors, no requests, maps drawn
(pixel variance inside each map's box), Chinese rendered with a CJK font, the language switch,
and the PDF with its table of contents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metroscope.report import build_report, write_html, write_pdf
from test_report_region import make_region

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs the system Chromium at "
                       "/usr/bin/chromium (Debian package 'chromium'; .ci/run installs it)"),
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import metroscope

    folder = tmp_path_factory.mktemp("report")
    return {
        "synthetic": write_html(build_report(make_region(), lang="zh", strict=True),
                                folder / "synthetic.html"),
        "changchun": write_html(build_report(metroscope.load("changchun"), lang="zh",
                                             strict=True), folder / "changchun.html"),
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Opened:
    """A page opened offline, with everything it tried to fetch and every error."""

    def __init__(self, browser: Any, path: Path, lang: str | None = None) -> None:
        self.context = browser.new_context(viewport={"width": 1300, "height": 900},
                                           offline=True)
        self.requests: list[str] = []
        self.errors: list[str] = []

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                r.continue_()
            else:
                self.requests.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)
        url = path.resolve().as_uri() + (f"?lang={lang}" if lang else "")
        self.page.goto(url, timeout=120_000)  # a loaded shared machine can take > 30 s
        self.page.wait_for_function(
            "document.documentElement.getAttribute('data-plotted') !== null", timeout=60_000)
        self.page.wait_for_timeout(300)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=["synthetic", "changchun"])
def opened(request: pytest.FixtureRequest, browser: Any, pages: dict[str, Path]
           ) -> Iterator[Opened]:
    o = Opened(browser, pages[request.param])
    yield o
    o.close()


def test_opens_offline_without_errors_or_requests(opened: Opened) -> None:
    assert opened.errors == []
    assert opened.requests == []
    assert opened.page.evaluate("typeof Plotly") == "object"
    n_plots = opened.page.evaluate("document.querySelectorAll('.plot').length")
    n_drawn = opened.page.evaluate("document.querySelectorAll('.plot .main-svg').length")
    assert n_plots > 0 and n_drawn >= n_plots


PIXELS_JS = """async (url) => {
  const img = new Image(); img.src = url; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let n = 0, sum = 0, sq = 0, inked = 0;
  for (let i = 0; i < d.length; i += 4) {
    const v = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
    n += 1; sum += v; sq += v * v; if (v < 235) inked += 1;
  }
  const mean = sum / n;
  return [Math.sqrt(Math.max(sq / n - mean * mean, 0)), inked / n];
}"""


def _pixel_stats(page: Any, png: bytes) -> tuple[float, float]:
    """Standard deviation of grey levels of a PNG (decoded by the browser), and the share of
    pixels that are not near-white."""
    import base64

    url = "data:image/png;base64," + base64.b64encode(png).decode()
    sd, inked = page.evaluate(PIXELS_JS, url)
    return float(sd), float(inked)


def test_every_map_is_drawn(opened: Opened) -> None:
    maps = opened.page.query_selector_all('.plot[data-map="true"]')
    assert maps, "the report has maps"
    for m in maps:
        m.scroll_into_view_if_needed()
        sd, inked = _pixel_stats(opened.page, m.screenshot())
        fig_id = m.get_attribute("id")
        assert sd > 15, f"{fig_id} looks blank (grey sd {sd:.1f})"
        assert inked > 0.05, f"{fig_id} has almost no drawing ({inked:.1%} inked)"
        # the region's own polygons are drawn as geo paths
        assert m.eval_on_selector_all(".geo path, .choroplethlayer path",
                                      "els => els.length") > 0


def _fonts_for(page: Any, selector: str) -> list[str]:
    """Platform fonts Chromium used to draw the text of the first node matching ``selector``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector}"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [str(f["familyName"]) for f in fonts]


CJK_HINTS = ("CJK", "Han", "Hei", "Ming", "Song", "WenQuanYi", "Droid Sans Fallback", "PingFang",
             "YaHei", "Noto Sans SC")


def test_chinese_text_uses_a_cjk_font(browser: Any, pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["changchun"], lang="zh")
    try:
        # checked before the font inspection: enabling DevTools' CSS domain makes Chromium
        # (150) reload a file: page whose URL has a query, and log "Unsafe attempt to load URL"
        # for its own request
        assert o.errors == []
        heading = _fonts_for(o.page, "#sec-summary h2 .zh")
        assert any(h in f for f in heading for h in CJK_HINTS), heading
        # map labels are SVG text drawn by plotly
        label = _fonts_for(o.page, "#fig-overview-map .geo text")
        assert any(h in f for f in label for h in CJK_HINTS), label
    finally:
        o.close()


def test_language_switch_changes_headings_and_figures(browser: Any,
                                                      pages: dict[str, Path]) -> None:
    o = Opened(browser, pages["synthetic"], lang="zh")
    try:
        page = o.page
        assert page.is_visible("#sec-summary h2 .zh")
        assert not page.is_visible("#sec-summary h2 .en")
        zh_legend = page.text_content("#fig-overview-map .legend") or ""
        assert "运营" in zh_legend
        page.click('button[data-set-lang="en"]')
        page.wait_for_function("document.documentElement.getAttribute('data-plotted') === 'en'")
        assert page.evaluate("document.documentElement.lang") == "en"
        for h in page.query_selector_all("section h2 .zh"):
            assert not h.is_visible()
        assert page.inner_text("#sec-summary h2").strip().endswith("Summary")
        en_legend = page.text_content("#fig-overview-map .legend") or ""
        assert "operating" in en_legend and "运营" not in en_legend
        headers = page.inner_text("#tab-projects thead")
        assert "Project" in headers and "项目" not in headers
        assert o.errors == []
    finally:
        o.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_is_paginated_with_a_table_of_contents(tmp_path: Path, lang: str) -> None:
    import unicodedata

    from pypdf import PdfReader

    ctx = build_report(make_region(), lang=lang, strict=True)
    pdf = write_pdf(ctx, tmp_path / "r.pdf")
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 3
    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    marks = {norm(str(i.title)): int(reader.get_destination_page_number(i) or 0) + 1
             for i in _flatten(list(reader.outline))}
    first = norm(reader.pages[0].extract_text())
    assert ("Contents" if lang == "en" else "目录") in first
    titles = [norm(f"{s.number}{s.title.get(lang)}") for s in ctx.sections]
    for title, after in zip(titles, [*titles[1:], ""], strict=True):
        assert title in marks, (title, list(marks))
        # page 1 lists each section with the page its bookmark points to
        assert f"{title}{marks[title]}{after}" in first, (title, marks[title], first)


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i in items:
        out += _flatten(i) if isinstance(i, list) else [i]
    return out


# ---------------------------------------------------------------- the maps' content and frame

MAP_JS = """(id) => {
  const gd = document.getElementById(id);
  const choro = gd.data.filter(t => t.type === 'choropleth');
  const groups = Array.from(gd.querySelectorAll('.choroplethlayer > g.trace'));
  const box = el => { const r = el.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; };
  const focus = [];
  let nFocusLocations = 0;
  choro.forEach((t, i) => {
    const role = String(t.meta || '');
    if (['role:core', 'role:member', 'role:partial'].includes(role)) {
      nFocusLocations += t.locations.length;
      groups[i].querySelectorAll('path').forEach(p => focus.push(box(p)));
    }
  });
  const frame = gd.querySelector('.geo .layer.frame path');
  const plot = box(gd);
  return {
    focus: focus, nFocusLocations: nFocusLocations, frame: frame ? box(frame) : null,
    plot: plot, labels: Array.from(gd.querySelectorAll('.geo text')).map(t => t.textContent),
    lon: gd._fullLayout.geo.lonaxis.range, lat: gd._fullLayout.geo.lataxis.range,
    locations: Object.fromEntries(choro.filter(t => t.meta).map(t => [t.meta, t.locations])),
  };
}"""

FILL_PIXELS_JS = """async ([url, frame, colours, band]) => {
  const img = new Image(); img.src = url; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  const [x0, y0, x1, y1] = frame.map(Math.round);
  let inside = 0, edge = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
    const i = 4 * (y * c.width + x);
    const hit = colours.some(([r, gg, b]) => Math.abs(d[i] - r) <= 3
                             && Math.abs(d[i + 1] - gg) <= 3 && Math.abs(d[i + 2] - b) <= 3);
    if (!hit) continue;
    inside += 1;
    if (x < x0 + band || x >= x1 - band || y < y0 + band || y >= y1 - band) edge += 1;
  }
  return [inside, edge];
}"""


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


def test_overview_map_counties_labels_and_frame(browser: Any, pages: dict[str, Path]) -> None:
    """The overview map of the Changchun report in Chromium: the area is drawn as county
    polygons (吉林市 is not a member as a whole: only its four districts are), the core and
    member cities are labelled, and the whole area lies inside the map frame — checked on the
    figure's geo ranges, on the drawn paths' boxes, and on the screenshot's pixels."""
    import metroscope
    from metroscope.report._maps import ROLE_FILL

    region = metroscope.load("changchun")
    o = Opened(browser, pages["changchun"], lang="zh")
    try:
        el = o.page.query_selector("#fig-overview-map")
        el.scroll_into_view_if_needed()
        info = o.page.evaluate(MAP_JS, "fig-overview-map")
        # 1. county polygons by role, drawn
        members = set(info["locations"]["role:member"])
        assert {"220202", "220203", "220204", "220211", "220184"} <= members
        assert "220200" not in members and "220221" not in members  # 吉林市 whole, 永吉县
        assert set(info["locations"]["role:core"]) == {"220102", "220103", "220104", "220105",
                                                        "220106"}
        assert len(info["focus"]) >= info["nFocusLocations"] == 21
        # 2. labels of the core and member cities
        for name in ("长春市", "吉林市", "四平市", "辽源市", "公主岭市", "德惠市", "农安县"):
            assert name in info["labels"], (name, info["labels"])
        assert any(text.endswith("公里") for text in info["labels"])  # the scale bar
        # 3a. the figure's ranges contain the area's polygons, with a margin
        u = region.units
        area = u[u["role"].isin(["core", "member", "partial"]) & (u["level"] == "county")
                 & u.geometry.notna()]
        minx, miny, maxx, maxy = area.geometry.total_bounds
        (lon0, lon1), (lat0, lat1) = info["lon"], info["lat"]
        assert lon0 < minx - 0.05 and lon1 > maxx + 0.05, (info["lon"], minx, maxx)
        assert lat0 < miny - 0.05 and lat1 > maxy + 0.05, (info["lat"], miny, maxy)
        # 3b. every drawn path of the area lies inside the frame
        fx0, fy0, fx1, fy1 = info["frame"]
        assert fx1 - fx0 > 400 and fy1 - fy0 > 300
        px0 = min(b[0] for b in info["focus"])
        py0 = min(b[1] for b in info["focus"])
        px1 = max(b[2] for b in info["focus"])
        py1 = max(b[3] for b in info["focus"])
        assert fx0 + 5 < px0 and px1 < fx1 - 5, (info["frame"], (px0, px1))
        assert fy0 + 5 < py0 and py1 < fy1 - 5, (info["frame"], (py0, py1))
        # 3c. pixels: the role colours are drawn, and none touch the frame's edge band
        import base64

        png = el.screenshot()
        ox, oy = info["plot"][0], info["plot"][1]
        frame = [fx0 - ox, fy0 - oy, fx1 - ox, fy1 - oy]
        colours = [_rgb(ROLE_FILL[r]) for r in ("core", "member", "partial")]
        url = "data:image/png;base64," + base64.b64encode(png).decode()
        inside, edge = o.page.evaluate(FILL_PIXELS_JS, [url, frame, colours, 4])
        assert inside > 5_000, inside
        assert edge == 0, edge
        assert o.errors == []
    finally:
        o.close()


def test_every_map_draws_counties_and_labels(opened: Opened) -> None:
    """Every map of the reports draws the polygons of the lowest level that has them (county
    polygons for Changchun) and labels the area's cities."""
    for m in opened.page.query_selector_all('.plot[data-map="true"]'):
        fig_id = m.get_attribute("id")
        info = opened.page.evaluate(MAP_JS, fig_id)
        assert info["labels"], fig_id
        if "changchun" in opened.page.url:
            drawn = {c for locs in info["locations"].values() for c in locs}
            assert "220202" in drawn or any(c.startswith("2202") for c in drawn), fig_id
