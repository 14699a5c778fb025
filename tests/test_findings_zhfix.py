"""Findings of a new user's trial and of the examples writer: library bugs, English left in
Chinese views, and CLI/API rough edges (each test failed before its fix)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def cc() -> Any:
    """The embedded Changchun region (loaded once)."""
    import metroscope

    return metroscope.load("changchun")


def test_convert_units_keeps_a_numeric_value_column_numeric() -> None:
    """`convert_units` wrote ``repr`` strings back into the value column, so a float column
    raised TypeError; it only worked on the readers' text tables."""
    from metroscope.importers import convert_units

    stats = pd.DataFrame({"code": ["220100", "220200"], "year": [2020, 2020],
                          "indicator": ["gdp", "gdp"], "value": [66015900.0, 17000.0],
                          "unit": ["cny_10k", "cny_100m"]})
    out, notes = convert_units(stats)
    assert pd.api.types.is_float_dtype(out["value"])
    assert out["value"].tolist() == [66015900.0 * 1e-4, 17000.0]  # 1 万元 = 1e-4 亿元
    assert out["unit"].tolist() == ["cny_100m", "cny_100m"]
    assert notes == ["gdp: 1 row(s) converted from cny_10k to cny_100m (x 0.0001)"]
    # the readers' text tables keep working, as text
    text = stats.assign(value=["66015900", "17000"])
    out_text, _ = convert_units(text)
    assert out_text["value"].tolist() == ["6601.59", "17000"]


def test_page_sources_decode_by_the_http_charset() -> None:
    """`parse_page` never saw the HTTP Content-Type charset: a UTF-8 page without
    ``<meta charset>`` came out as Latin-1 mojibake ('é\\x95¿æ\\x98¥...')."""
    import httpx

    from _monitor_fixtures import mock_fetcher
    from metroscope.monitor.ingest import parse_source
    from metroscope.monitor.sources import parse_page
    from metroscope.monitor.store import Source

    title = "长春新区规划获批"
    body = f'<ul><li><a href="/n/1">{title}</a><span>2025-06-01</span></li></ul>'
    sel = {"item": "li", "title": "a", "link": "a", "date": "span"}
    url = "https://example.org/list"
    # no meta tag, no header: UTF-8 is recognised
    assert [i.title for i in parse_page(body.encode(), url=url, selectors=sel)] == [title]
    # the HTTP charset decides over guessing (GBK bytes are not UTF-8)
    gbk = body.encode("gbk")
    got = parse_page(gbk, url=url, selectors=sel, content_type="text/html; charset=GBK")
    assert [i.title for i in got] == [title]
    # a wrong meta tag loses to the HTTP charset (HTTP header first, as browsers do)
    lying = ('<meta charset="iso-8859-1">' + body).encode()
    got = parse_page(lying, url=url, selectors=sel, content_type="text/html; charset=utf-8")
    assert [i.title for i in got] == [title]

    # end to end: the fetcher keeps the header and the source parser passes it on
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=gbk, headers={"Content-Type": "text/html; charset=gbk"})

    with mock_fetcher(handler) as fetcher:
        result = fetcher.get(url)
    source = Source(name="t", kind="page", url=url, selectors=sel)
    assert [i.title for i in parse_source(source, result)] == [title]


def test_topic_keywords_match_inside_compound_words(cc: Any) -> None:
    """jieba keeps 汽车产业 and 汽车产量 whole, so the `automotive` keyword 汽车 never
    matched them; a keyword now also matches a token made of it and another word of two or
    more characters, and not a word that merely contains its characters (机动车 is not 动车)."""
    from metroscope.monitor.tagging import Tagger

    tagger = Tagger.from_region(cc)
    for text in ("汽车产业加快转型", "吉林汽车产量增长", "电动汽车下乡"):
        assert "automotive" in tagger.tag(text).tags, text
    # no false matches: a keyword plus a single character is another word
    assert "transport" not in tagger.tag("机动车检验").tags       # 机动 + 车, not 动车
    assert "optoelectronics" not in tagger.tag("卫星城建设").tags  # satellite town
    assert tagger.tag("今天天气很好").tags == []


def test_jilin_city_or_province(cc: Any) -> None:
    """`match_units` read every bare 吉林 as the province (220000), also where the city is
    meant. 吉林省 is the province and 吉林市 the city; a bare 吉林 is the city when 市 follows
    (吉林市委, split by jieba) or when it stands in a list with another prefecture-level city
    (长春、吉林、四平; 吉林至长春); otherwise it stays the province (ambiguous)."""
    from metroscope.monitor.tagging import Tagger

    tagger = Tagger.from_region(cc)

    def units(text: str) -> list[str]:
        return tagger.match_units(tagger.tokenize(text), text)

    assert units("吉林省发布通知") == ["220000"]
    assert units("吉林市发布通知") == ["220200"]
    assert units("吉林市委召开会议") == ["220200"]
    assert sorted(units("长春、吉林、四平三市联动")) == ["220100", "220200", "220300"]
    assert sorted(units("吉林至长春高铁")) == ["220100", "220200"]
    assert sorted(units("长春和吉林两市")) == ["220100", "220200"]
    assert sorted(units("吉林省吉林市")) == ["220000", "220200"]
    # bare, not in a list of cities: the province (the ambiguous case)
    assert units("吉林发布今年经济数据") == ["220000"]
    assert sorted(units("吉林、辽宁两省")) == ["210000", "220000"]
    # 市场 (market) after a bare 吉林 is not the city: 吉林市场监管 is the provincial regulator
    assert units("吉林市场监管部门开展专项检查") == ["220000"]
    assert units("吉林市场主体总量突破300万户") == ["220000"]


def test_items_api_takes_repeated_tags_and_refuses_unknown_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`/api/v1/items?tag=transport&tag=policy` silently kept the last tag, and an unknown
    tag (or `TRANSPORT`) answered `[]` with 200. Repeated tags now all must match (AND);
    an unknown tag is a 422 in the error envelope naming the known tags."""
    from fastapi.testclient import TestClient

    from _web_monitor import seed_store
    from metroscope.monitor import open_store, query
    from metroscope.web import WebConfig, create_app

    url = seed_store(tmp_path)
    store = open_store(url)
    try:
        every = query.items(store, limit=None)
    finally:
        store.close()
    both = {r.title for r in every.itertuples() if {"transport", "policy"} <= set(r.tags)}
    only_policy = {r.title for r in every.itertuples() if "policy" in r.tags}
    assert both and only_policy - both  # the data can tell AND from "last tag wins"
    with TestClient(create_app(WebConfig(data_dir=tmp_path, db_url=url))) as c:
        r = c.get("/api/v1/items?tag=transport&tag=policy")
        assert r.status_code == 200, r.text
        assert {row["title"] for row in r.json()} == both
        assert r.headers["x-total-count"] == str(len(both))
        for bad in ("TRANSPORT", "nosuch"):
            r = c.get(f"/api/v1/items?tag=policy&tag={bad}")
            assert r.status_code == 422, r.text
            err = r.json()["error"]
            assert err["code"] == "invalid_parameters"
            assert err["details"][0]["name"] == "tag" and err["details"][0]["value"] == bad
            assert "transport" in err["details"][0]["message"]


def _run(argv: list[str]) -> tuple[int, str, str]:
    """``metroscope ARGV`` in-process: exit code, stdout, stderr."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    res = CliRunner().invoke(make_app(argv), argv)
    return res.exit_code, res.stdout, (res.stderr if res.stderr_bytes is not None else "")


def test_county_screen_heads_its_unit_column_county(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`screen --level county` headed the unit column 城市 (city) and titled the table
    城市×行业."""
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = _run(["screen", "--quiet", "--level", "county", "--top", "3"])
    assert code == 0, err
    header = next(line for line in out.splitlines() if line.startswith("┃"))
    assert "区县" in header and "城市" not in header
    assert "区县×行业" in out
    code, out, err = _run(["screen", "--quiet", "--level", "county", "--top", "3", "--lang", "en"])
    header = next(line for line in out.splitlines() if line.startswith("┃"))
    assert "County" in header and "City" not in header
    code, out, err = _run(["screen", "--quiet", "--top", "3"])  # prefecture: still 城市
    assert "城市" in next(line for line in out.splitlines() if line.startswith("┃"))


def test_analyze_and_data_list_take_the_short_format_flag() -> None:
    """`analyze` and `data list` had no `-f` (every other table command has it)."""
    import json

    code, out, err = _run(["data", "list", "-f", "json"])
    assert code == 0, err
    assert "changchun" in {r["name"] for r in json.loads(out)}
    code, out, err = _run(["analyze", "primacy", "-f", "json"])
    assert code == 0, err
    assert isinstance(json.loads(out), list)


def test_gdp_mass_says_it_is_prefecture_level_only() -> None:
    """`access accessibility --mass gdp` said "No 'gdp' values for the units" at the county
    level; GDP exists for the prefecture-level units only. The help says so, the error says
    which level has it, and `--level prefecture` computes it."""
    import json

    code, out, err = _run(["access", "accessibility", "--help"])
    flat = " ".join(out.replace("│", " ").split())  # the help's panel wraps long lines
    assert "prefecture-level units only" in flat and "--level" in flat
    code, out, err = _run(["access", "accessibility", "--mass", "gdp"])
    assert code != 0
    msg = " ".join((out + err).split())
    assert "prefecture" in msg and "--level prefecture" in msg
    code, out, err = _run(["access", "accessibility", "--mass", "gdp", "--level", "prefecture",
                           "-f", "json"])
    assert code == 0, err
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["220100"]["mass"] == pytest.approx(7632.19)  # 长春市 GDP 2024, 亿元 (stats)


def test_selectors_on_a_source_that_takes_none_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sources add --kind releases -s item=div` ignored the selectors without a word."""
    from metroscope.monitor.watchlist import source_problems

    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    code, out, err = _run(["monitor", "sources", "add", "st", "https://tjj.example.org/tjsj/",
                           "--kind", "releases", "-s", "item=div", "--db", db])
    assert code == 2, out + err
    assert "selectors apply to kind 'page' only" in " ".join((out + err).split())
    assert source_problems("f", "feed", "https://a.example/f.xml", {"item": "li"}, 60)
    assert source_problems("p", "page", "https://a.example/", {"item": "li"}, 60) == []


def test_screen_csv_and_json_use_the_precision_of_each_unit() -> None:
    """Screen CSV/JSON carried 10 significant digits (`score 0.7656788588`); each column is
    now written at the precision of its recorded unit, as the CLI does elsewhere."""
    import csv
    import io
    import json

    from metroscope.screen import UNITS

    code, out, err = _run(["screen", "--quiet", "-f", "csv"])
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))

    def decimals(text: str) -> int:
        return len(text.split(".")[1]) if "." in text else 0

    def most(column: str) -> int:
        return max(decimals(r[column]) for r in rows if r[column])

    for column, unit in UNITS.items():
        if unit in ("index_0_1", "midpoint_growth", "pci_z", "ratio"):
            assert most(column) <= 3, column
        elif unit in ("persons", "persons_per_min", "count", "ordinal"):
            assert most(column) == 0, column
        elif unit in ("pct", "pct_per_year"):
            assert most(column) <= 1, column
    assert max(decimals(r["score"]) for r in rows if r["score"]) == 3
    assert not any(v == "-0.0" for r in rows for v in r.values())  # no negative zero
    code, out, err = _run(["screen", "--quiet", "-f", "json"])
    first = json.loads(out)[0]
    assert first["score"] == round(first["score"], 3)


def test_eighty_columns_keep_the_error_and_wrap_chinese_cleanly(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At 80 columns `monitor demo` hid the `error` column (the one that explains
    demo-broken); the screen's notes broke after '· ' and inside 'employed_sample_total',
    and the Chinese `areas` caption broke mid-phrase at its few spaces ('核心 =' / ...)."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = _run(["monitor", "demo", "--quiet"])
    assert code == 0, err
    first = out.split("Second pass")[0]
    assert "error" in first and "HTTP 404" in first
    for argv in (["screen", "--quiet"], ["screen", "--quiet", "--lang", "en"],
                 ["areas", "--quiet"], ["areas", "--quiet", "--lang", "en"]):
        code, out, err = _run(argv)
        assert code == 0, err
        lines = out.splitlines()
        assert all(cell_len(line) <= 80 for line in lines), argv
        assert "· " not in [line.strip() + " " for line in lines if line.strip() == "·"]
        assert not any(line.rstrip().endswith(("·", "=", "+")) for line in lines), argv
        if argv[0] == "screen":
            assert "(employed_sample_total)" in out  # never split
            assert any(line.startswith("· 6") for line in lines)  # the note on its bullet


def test_every_analysis_named_in_a_source_line_has_a_chinese_label() -> None:
    """Chinese source lines began with raw keys: `来源: core_periphery ...`,
    `opportunity_screen ...`. Every analysis name that a result records (``indicator=...``
    in the package) now has a catalogue label."""
    import re
    from pathlib import Path

    import metroscope
    from metroscope.report._analyses import source_from_meta

    src = Path(metroscope.__file__).parent
    names = {m for p in src.rglob("*.py")
             for m in re.findall(r'indicator="([a-z_0-9]+)"', p.read_text(encoding="utf-8"))}
    assert {"core_periphery", "opportunity_screen"} <= names
    raw = [n for n in sorted(names) if source_from_meta({"indicator": n}).text.zh == n]
    assert raw == []


def test_industry_notes_and_evidence_verdicts_read_in_chinese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The Chinese industry views showed English: '(另有一条仅以英文记录的说明,见英文版)' for
    'units outside 220000 left out ...' and '5 of 24 rows have insufficient evidence ...',
    and the evidence column 'insufficient evidence: 2 sampled persons (< 30)'."""
    import metroscope
    from _web import client
    from metroscope.indicators.industry import division_of_labour, location_quotients
    from metroscope.messages import Message

    region = metroscope.load("changchun")
    dol = division_of_labour(region)
    lq = location_quotients(region, level="prefecture")
    for result in (dol, lq):
        notes = result.attrs["metroscope"]["notes"]
        assert notes and all(isinstance(n, Message) for n in notes)
    assert all(isinstance(v, Message) for v in dol["evidence"])
    weak = [v for v in dol["evidence"] if v != "sufficient"]
    assert weak and all(v.zh.startswith("证据不足") for v in weak)
    with client(tmp_path) as web:
        page = web.get("/industry?lang=zh").text
    assert "insufficient evidence" not in page and "units outside" not in page
    assert "证据不足:抽样" in page or "证据不足:95%区间" in page


def test_target_clusters_are_named_not_keyed() -> None:
    """The division of labour listed clusters by their ids in Chinese views:
    'new_energy_vehicles (新能源汽车, C36)'."""
    import metroscope
    from metroscope.indicators.industry import division_of_labour

    dol = division_of_labour(metroscope.load("changchun"))
    cell = next(v for v in dol["target_clusters"] if v)
    assert cell.zh.startswith("新能源汽车 C36、光电信息 C39、医药健康 C27")
    assert "new_energy_vehicles" not in cell.zh and "new_energy_vehicles" not in str(cell)


def test_core_periphery_and_coupling_notes_are_catalogue_messages() -> None:
    """The Chinese source lines of core_periphery and coupling coordination ended with
    '(另有一条仅以英文记录的说明,见英文版)': their notes were English text."""
    import metroscope
    from metroscope.areas import ZONES_NOTE
    from metroscope.indicators.core_periphery import core_periphery
    from metroscope.indicators.coupling import coupling_coordination
    from metroscope.messages import Message

    region = metroscope.load("changchun")
    for result in (core_periphery(region), coupling_coordination(region)):
        notes = result.attrs["metroscope"]["notes"]
        assert notes and all(isinstance(n, Message) for n in notes)
    cp = core_periphery(region)
    assert all(isinstance(n, Message) for n in cp["note"])
    assert "当年价(名义)" in cp.loc["gdp:core_prefecture", "note"].zh
    assert isinstance(ZONES_NOTE, Message) and "开发区" in ZONES_NOTE.zh


def test_scenario_descriptions_in_the_page_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Scenario descriptions existed in English only; the shipped specs now have a Chinese
    one, shown on the Chinese scenarios page."""
    from _web import client
    from metroscope.scenario.spec import load_scenario as load_spec

    for name in ("chang-si-liao-tong", "hsr-350", "network-2030"):
        spec = load_spec(name)
        assert spec.description_zh.strip() and spec.description.strip(), name
    with client(tmp_path) as web:
        zh = web.get("/scenarios?lang=zh&show=hsr-350").text
        en = web.get("/scenarios?lang=en&show=hsr-350").text
    assert "以时速350公里为主" in zh and "Sets the design speed" not in zh
    assert "Sets the design speed" in en
