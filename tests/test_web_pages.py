"""The dashboard pages through the in-process client: every page and fragment renders, in both
languages, with numbers equal to the library's, escaped text and safe links only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from _web import client

PAGES = ["/", "/indicators", "/travel", "/scenarios", "/industry", "/report", "/auth/login"]
FRAGMENTS = [
    "/fragments/circle?scenario=chang-si-liao-tong",
    "/fragments/series?indicator=population&level=county&start=2010&end=2020",
    "/fragments/analysis?name=primacy&measure=gdp",
    "/fragments/travel?mode=fastest&minutes=90&origin=220382",
    "/fragments/scenario?show=hsr-350",
    "/fragments/compare?a=chang-si-liao-tong&b=network-2030",
    "/fragments/edit?line=%E5%90%89%E7%8F%B2%E5%AE%A2%E8%BF%90%E4%B8%93%E7%BA%BF"
    "&param=speed_kph&value=350",
]


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with client(tmp_path_factory.mktemp("pages")) as c:
        yield c


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html, flags=re.S))


@pytest.mark.parametrize("url", PAGES + FRAGMENTS)
def test_every_page_and_fragment_renders(web: Any, url: str) -> None:
    for lang in ("zh", "en"):
        sep = "&" if "?" in url else "?"
        r = web.get(f"{url}{sep}lang={lang}")
        assert r.status_code == 200, (url, r.text[:500])
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        # no inline executable script: only src= scripts and JSON data blocks
        for tag in re.findall(r"<script[^>]*>", r.text):
            assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("url", PAGES)
def test_language_switch_changes_the_labels(web: Any, url: str) -> None:
    from metroscope.report._i18n import STRINGS

    zh, en = web.get(f"{url}?lang=zh").text, web.get(f"{url}?lang=en").text
    assert '<html lang="zh-CN"' in zh and '<html lang="en"' in en
    nav = [STRINGS[k] for k in ("web_nav_overview", "web_nav_indicators", "web_nav_travel",
                                "web_nav_scenarios", "web_nav_industry", "web_data_as_of")]
    for z, e in nav:
        assert z in zh and e not in _text(zh)
        assert e in en and z not in _text(en)


def test_templates_use_only_catalogued_labels() -> None:
    from metroscope.report._i18n import STRINGS

    root = Path(__file__).parents[1] / "src" / "metroscope" / "web"
    keys: set[str] = set()
    for f in [*root.rglob("*.j2"), *root.rglob("*.py")]:
        keys |= set(re.findall(r"p\.t\(['\"]([a-z0-9_]+)['\"]\)", f.read_text(encoding="utf-8")))
    assert len(keys) > 40
    missing = sorted(k for k in keys if k not in STRINGS)
    assert missing == []
    for k in keys:
        zh, en = STRINGS[k]
        assert zh and en and zh != en, k


def test_header_has_region_selector_and_data_as_of(web: Any) -> None:
    html = web.get("/?lang=en").text
    assert re.search(r'<select name="region"[^>]*>', html)
    assert '<option value="changchun" selected>' in html
    assert '<option value="china"' in html
    assert re.search(r"Data as of: statistics 2024 · census 2020", html)
    assert web.get("/?region=atlantis").status_code == 404


def test_cards_show_the_stats_rows(web: Any) -> None:
    import metroscope

    region = metroscope.load("changchun")
    st = region.stats
    gdp = st[(st["code"] == "220100") & (st["indicator"] == "gdp")].sort_values("year").iloc[-1]
    html = web.get("/?lang=zh").text
    card = re.search(r'<article class="card" data-key="gdp">(.*?)</article>', html, re.S)
    assert card is not None
    body = card.group(1)
    assert f"{gdp['value']:,.1f} 亿元" in body
    assert str(int(gdp["year"])) in body
    assert f">{gdp['quality']}<" in body
    assert "<polyline" in body  # sparkline
    assert "不可比" in body  # 2024 row carries a series break: no change shown


def test_scenario_switch_changes_the_circle_numbers(web: Any) -> None:
    import metroscope
    from metroscope.network import commuting_circle
    from metroscope.scenario import apply

    def share(html: str) -> str:
        m = re.search(r'id="circle-share">([0-9.]+)%', html)
        assert m is not None
        return m.group(1)

    def mean_time(html: str) -> str:
        m = re.search(r'id="circle-mean-time">([0-9.]+)', html)
        assert m is not None
        return m.group(1)

    region = metroscope.load("changchun")
    # the fastest circle (the default mode): network-2030 shortens plan-area trips, and at
    # 90 min brings a unit in: a partial county, reported apart (1 -> 2 of 2), while the
    # share of the core and member units is 100 % in both
    for minutes in (60, 90):
        base = web.get(f"/fragments/circle?lang=en&minutes={minutes}").text
        new = web.get(f"/fragments/circle?lang=en&minutes={minutes}"
                      "&scenario=network-2030").text
        lib = commuting_circle(apply("network-2030", region), mode="fastest", minutes=minutes)
        expected = 100 * lib.attrs["metroscope"]["summary"]["share_plan_population_inside"]
        assert share(new) == f"{expected:.1f}"
        # the mean over the units of the share's denominator: core and member (partial apart)
        plan = lib[lib["role"].isin(["core", "member"])]["travel_time_min"]
        assert mean_time(new) == f"{plan[plan != float('inf')].mean():.1f}"
        # the title follows the threshold
        assert f'id="circle-title">The {minutes}-minute commuting circle<' in new
        b = commuting_circle(region, mode="fastest", minutes=minutes)
        bplan = b[b["role"].isin(["core", "member"])]["travel_time_min"]
        assert mean_time(base) == f"{bplan[bplan != float('inf')].mean():.1f}"
        # the card says what it averages: the fastest trip (it was labelled "rail" while the
        # mean rail time of the plan area is some 27 minutes longer)
        assert "Mean fastest door-to-door time to the core" in new and "rail time" not in new
        assert 'data-scenario="network-2030"' in new
        # 吉林市's zones without a code: in the share's denominator, inside with its districts
        zs = lib.attrs["metroscope"]["summary"]
        assert zs["uncoded_zones_population"] == 255_303
        zones = re.search(r'id="circle-zones">([0-9,]+) / ([0-9,]+)<', new)
        assert zones is not None and zones.groups() == (
            f"{zs['uncoded_zones_population_inside']:,.0f}", "255,303")
    assert share(base) == share(new) == "100.0"  # at 90 minutes
    partial = [re.search(r'id="circle-partial">(\d+) / (\d+)<', h) for h in (base, new)]
    assert [m.groups() if m else None for m in partial] == [("1", "2"), ("2", "2")]
    # units and residents of the plan area (core and member), recounted from the roles and
    # the census: 9 core + 14 member units, 11,331,780 residents + 255,303 in zones
    units = [re.search(r'id="circle-units">(\d+) / (\d+)<', h) for h in (base, new)]
    assert [m.groups() if m else None for m in units] == [("23", "23"), ("23", "23")]
    pop = re.search(r'id="circle-population">([0-9,]+)<', new)
    assert pop is not None and pop.group(1) == "11,587,083"
    # beyond the plan area, counted apart: context units inside at 90 minutes
    c90 = commuting_circle(region, mode="fastest", minutes=90)
    ctx = c90[(c90["role"] == "context") & c90["inside"].astype(bool)]
    out = re.search(r'id="circle-outside">(\d+) \(([0-9,]+)\)<', base)
    assert out is not None and out.groups() == (str(len(ctx)),
                                                f"{ctx['population'].sum():,.0f}")
    assert len(ctx) > 0


def test_the_circle_card_in_chinese_names_its_threshold_and_plan_area(web: Any) -> None:
    html = web.get("/fragments/circle?lang=zh&minutes=120").text
    assert 'id="circle-title">120分钟通勤圈<' in html
    assert "1小时通勤圈" not in html
    assert "圈内规划范围县级单元(核心与成员)" in html


def test_indicator_downloads_match_the_table(web: Any) -> None:
    html = web.get("/fragments/series?indicator=gdp&level=prefecture&lang=en").text
    link = re.search(r'href="([^"]+format=csv)" id="dl-csv"', html)
    assert link is not None
    r = web.get(link.group(1).replace("&amp;", "&"))
    assert r.status_code == 200 and r.text.startswith("code,year,indicator")


def test_analysis_shows_formula_notes_and_refusals(web: Any) -> None:
    html = web.get("/fragments/analysis?name=theil&measure=gdp&level=prefecture&lang=en").text
    assert 'id="analysis-table"' in html
    bad = web.get("/fragments/analysis?name=lq&measure=gdp&lang=en").text
    assert 'role="alert"' in bad and "does not apply" in bad


def test_editor_shows_deltas_and_saving_needs_a_token(web: Any) -> None:
    line = "长四辽通高铁"
    html = web.get(f"/fragments/edit?line={line}&param=open_year&value=2028&year=2030"
                   "&lang=en").text
    assert 'id="edit-units"' in html and 'id="edit-table"' in html
    m = re.search(r'id="edit-units">(\d+) → (\d+)<', html)
    assert m is not None and int(m.group(2)) >= int(m.group(1))
    r = web.post("/scenarios/save", data={"name": "x1", "spec_json": "{}"})
    assert r.status_code == 401
    r = web.get("/fragments/edit?line=nope&param=speed_kph&value=300")
    assert r.status_code == 422


def test_unsafe_links_are_never_rendered() -> None:
    from metroscope.web.pages._render import environment, safe_url

    assert safe_url("javascript:alert(1)") == ""
    assert safe_url(" JaVaScRiPt:alert(1)") == ""
    assert safe_url("data:text/html,x") == ""
    assert safe_url("//evil.example/x") == ""
    assert safe_url("https://www.stats.gov.cn/x") == "https://www.stats.gov.cn/x"
    tpl = environment().from_string(
        '{% from "_macros.html.j2" import source_link %}{{ source_link(s) }}')
    out = tpl.render(s='javascript:alert("x")')
    assert "<a" not in out and "javascript:alert(&#34;x&#34;)" in out
    out = tpl.render(s='<img src=x onerror="alert(1)">')
    assert "<img" not in out and "&lt;img" in out


def test_hostile_project_text_renders_inert(tmp_path: Path) -> None:
    """A bundle whose project names and sources carry script, javascript: and onerror."""
    import metroscope

    region = metroscope.load("changchun")
    p = region.projects.copy()
    p.loc[p.index[0], "name_zh"] = '<script>alert("x")</script>项目'
    p.loc[p.index[0], "name_en"] = '<img src=x onerror="alert(1)">'
    p.loc[p.index[0], "sources"] = "javascript:alert(1) | https://ok.example/a"
    bundle = region.with_tables(projects=p).write(tmp_path / "hostile")
    with client(tmp_path / "data", region=str(bundle)) as c:
        for lang in ("zh", "en"):
            html = c.get(f"/?lang={lang}").text
            assert "<script>alert" not in html and "<img src=x" not in html
            assert 'href="javascript:' not in html
            assert "&lt;script&gt;" in html or "&lt;img" in html
            assert 'href="https://ok.example/a"' in html


def test_report_download_is_the_report_as_an_attachment(web: Any) -> None:
    r = web.get("/report/download?scenario=chang-si-liao-tong&lang=en&format=html")
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-disposition"] == 'attachment; filename="metroscope-changchun.html"'
    html = r.text
    assert html.startswith("<!DOCTYPE html>") and 'data-lang="en"' in html
    assert "长四辽通高铁建成通车" in html  # the chosen scenario is in the report
    assert web.get("/report/download?scenario=nope").status_code == 404


def test_table_headers_and_flags_read_in_the_page_language(web: Any) -> None:
    import metroscope
    from metroscope.indicators.industry import division_of_labour

    cjk = re.compile(r"[\u4e00-\u9fff]")
    for url, table_id in (("/industry", "division-table"), ("/industry", "core-share-table"),
                          ("/travel", "travel-table"), ("/travel", "access-table")):
        html = web.get(f"{url}?lang=zh").text
        table = re.search(rf'<table id="{table_id}".*?</table>', html, re.S)
        assert table is not None, table_id
        heads = re.findall(r"<th((?:\s[^>]*)?)>(.*?)</th>", table.group(0))
        assert heads and all(cjk.search(text) for _, text in heads), (table_id, heads)
        assert all('title="' in attrs for attrs, _ in heads), heads  # the field name as tooltip
        cells = re.findall(r"<td[^>]*>(.*?)</td>", table.group(0))
        assert not {"True", "False", "core", "member", "partial"} & set(cells), table_id
    # the yes/no cells are the library's booleans: as many 是 as True values
    dol = division_of_labour(metroscope.load("changchun"))
    html = web.get("/industry?lang=zh").text
    table = re.search(r'<table id="division-table".*?</table>', html, re.S)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
    fields = re.findall(r'<th[^>]*title="([^"]*)"', table.group(0))
    at = fields.index("recommended")  # the column found by its field name, not its position
    recommended = [re.findall(r"<td[^>]*>(.*?)</td>", r)[at] for r in rows if "<td" in r]
    assert recommended.count("是") == int(dol["recommended"].sum())
    assert recommended.count("否") == int((~dol["recommended"].astype(bool)).sum())
    en = web.get("/industry?lang=en").text
    assert '<th class="num" title="lq">LQ</th>' in en


def test_map_polygons_are_served_once_not_embedded_in_each_page(web: Any) -> None:
    import json

    import metroscope
    from metroscope.report._maps import polygons_geojson

    for url in ("/", "/travel", "/industry"):
        html = web.get(f"{url}?lang=en").text
        m = re.search(r'<div id="ms-geo" data-src="([^"]+)"', html)
        assert m is not None, url
        assert len(html) < 100_000, (url, len(html))  # the 0.4 MB layer is not inside
    r = web.get(m.group(1).replace("&amp;", "&"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    expected = polygons_geojson(metroscope.load("changchun"))
    assert json.loads(r.text) == json.loads(json.dumps(expected))
    again = web.get(m.group(1).replace("&amp;", "&"), headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert web.get("/geo/units.json?region=nowhere").status_code == 404


def test_the_network_year_inputs_take_the_years_the_api_takes(web: Any) -> None:
    # the travel and scenario pages' year boxes said min=1990 while the API takes the network
    # years 1949-2100 (OpenAPI's bounds): a planner could not type a year the API accepts
    spec = web.get("/api/v1/openapi.json").json()
    (param,) = [p for p in spec["paths"]["/api/v1/traveltime"]["get"]["parameters"]
                if p["name"] == "network_year"]
    bounds = next(s for s in param["schema"].get("anyOf", [param["schema"]]) if "minimum" in s)
    for page in ("/travel", "/scenarios"):
        html = web.get(f"{page}?lang=en").text
        (box,) = re.findall(r'<input type="number" name="year"[^>]*>', html)
        assert f'min="{bounds["minimum"]}"' in box and f'max="{bounds["maximum"]}"' in box
        assert bounds["minimum"] == 1949


def _edit(web: Any, year: str, lang: str = "en", **extra: str) -> Any:
    return web.get("/fragments/edit", params={"line": "长四辽通高铁", "param": "speed_kph",
                                              "value": "350", "year": year, "lang": lang,
                                              **extra})


def test_the_editors_network_year_is_the_network_both_sides_are_routed_on(web: Any) -> None:
    """Found in a trial: the box labelled "网络年份" (network year) set the edited scenario's
    own ``year`` (complete the projects due by then), on the edited side only, so the deltas
    of any edit under 2030 were those of every 2030 project: setting 长四辽通高铁 to its own
    published design speed (350 km/h, the links' speed_kph) "made" four units faster. The
    year is now the travel-time network year of both sides, as on /travel: an edit that
    changes nothing changes no unit, and the base side is the circle of that network year."""
    html = _edit(web, "2030").text
    m = re.search(r'id="edit-units">(\d+) → (\d+)<', html)
    assert m is not None and m.group(1) == m.group(2)
    assert re.search(r'id="edit-faster">0<', html)
    assert "Erdaojiang" not in html and "Dongchang" not in html  # no unit changes
    spec = re.search(r'name="spec_json" value="([^"]*)"', html)
    assert spec is not None and "&#34;year&#34;" not in spec.group(1)  # not a spec edit
    for year in ("2030", "1949"):  # the base side is the circle of that network year
        rows = web.get(f"/api/v1/circle?mode=fastest&network_year={year}").json()
        inside = sum(bool(r["inside"]) for r in rows)
        m = re.search(r'id="edit-units">(\d+) → ', _edit(web, year).text)
        assert m is not None and int(m.group(1)) == inside, year
    today = sum(bool(r["inside"]) for r in web.get("/api/v1/circle?mode=fastest").json())
    assert inside < today  # 1949's network reaches fewer units: the year is used


@pytest.mark.parametrize("year", ["1800", "3000", "-5", "abc", "1948", "2101", "20300"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_out_of_range_editor_year_is_refused_in_the_page_language(web: Any, year: str,
                                                                     lang: str) -> None:
    """Found in a trial: 1800 answered deltas as if valid, 3000 a pydantic message in English,
    -5 and "abc" "not one of the allowed values" with a regular expression. Each is now a 422
    saying, in the page's language, what was given, the allowed network years (those the
    travel-time selection takes) and why."""
    from metroscope import _schema as S
    from metroscope.messages import Message

    said = Message("web_err_edit_year", got=year, low=S.YEAR_MIN, high=S.YEAR_MAX).get(lang)
    assert f"{S.YEAR_MIN}" in said and f"{S.YEAR_MAX}" in said and year in said
    r = _edit(web, year, lang)  # the page
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert said in unescape(r.text) and "Traceback" not in r.text
    r = web.get("/fragments/edit", params={"line": "长四辽通高铁", "param": "speed_kph",
                                           "value": "350", "year": year, "lang": lang},
                headers={"HX-Request": "true"})  # the fragment the page's form asks for
    assert r.status_code == 422
    err = r.json()["error"]
    assert said in err["message"] and err["details"][0]["name"] == "year"
    assert err["details"][0]["value"] == year


@pytest.mark.parametrize("year", ["1949", "2100", " 2030 ", ""])
def test_the_editor_takes_every_network_year_of_the_range(web: Any, year: str) -> None:
    assert _edit(web, year).status_code == 200


def test_industry_flags_follow_the_command_line_rule(web: Any) -> None:
    """One reliability rule for every view: the dashboard flagged 9 of 180 LQ cells (the
    sample alone) while ``analyze lq`` and the report flagged 28 (the sample, or a 95 %
    interval containing 1). The count is recomputed here from the evidence columns."""
    import metroscope
    from metroscope.indicators.lq_evidence import MIN_SAMPLE_PERSONS, lq_evidence

    ev = lq_evidence(metroscope.load("changchun"))
    by_hand = ((ev["sample_persons"] < MIN_SAMPLE_PERSONS) | ev["lq"].isna() | (ev["lq"] == 0)
               | ((ev["ci_low"] <= 1) & (ev["ci_high"] >= 1)))
    assert int(by_hand.sum()) == int((~ev["reliable"]).sum()) == 28
    html = web.get("/industry?lang=en").text
    m = re.search(r'id="lq-flags">.*?\((\d+) / (\d+)\)', html, re.S)
    assert m is not None and (int(m.group(1)), int(m.group(2))) == (28, 180)
    assert "a 95% interval containing 1" in html


def test_a_circle_threshold_outside_the_choices_is_refused(web: Any) -> None:
    """7, -5 or 10^8 minutes were shown as the 60-minute circle with a 200."""
    for bad in (7, -5, 100_000_000):
        for url in (f"/fragments/circle?lang=zh&minutes={bad}", f"/?lang=en&minutes={bad}"):
            r = web.get(url)
            assert r.status_code == 422, url
            assert ("60, 90 or 120 minutes; got " + str(bad)) in r.text or (
                "60、90 或 120 分钟,传入的是 " + str(bad)) in r.text, url
    assert web.get("/fragments/circle?minutes=90").status_code == 200
