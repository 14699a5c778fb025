"""Findings of a new user's trial and of the examples writer: library bugs, English left in
Chinese views, and CLI/API rough edges (each test failed before its fix)."""

from __future__ import annotations

import pandas as pd


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
