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
