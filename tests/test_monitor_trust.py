"""What a planner must be able to trust in the monitor: times in Beijing time (labelled),
the health of a failing source (since when, last success, next try), units matched before
any comparison, quality tags on secondary sources, and alert numbers formatted per unit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metroscope.monitor import Monitor, open_store
from metroscope.monitor.config import get_config
from metroscope.monitor.digest import build_digest
from metroscope.monitor.health import health_line
from metroscope.monitor.query import sources
from metroscope.monitor.store import Store
from metroscope.monitor.timefmt import beijing
from metroscope.monitor.watchlist import add_source

T0 = dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.UTC)  # 2026-03-02 04:30 in Beijing


@pytest.fixture
def db(tmp_path) -> Store:  # type: ignore[no-untyped-def]
    return open_store(f"sqlite:///{tmp_path / 'm.sqlite'}")


# --- times -------------------------------------------------------------------------------
def test_times_are_shown_in_beijing_time_and_labelled() -> None:
    # 20:30 UTC is 04:30 the next day in Beijing (UTC+8, no daylight saving time)
    assert beijing(T0) == "2026-03-02 04:30 UTC+8"
    summer = dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.UTC)
    assert beijing(summer) == "2026-07-01 08:00 UTC+8"


def test_web_when_converts_a_stored_utc_time() -> None:
    from metroscope.web.pages.monitor import when

    assert when(T0) == "2026-03-02 04:30 UTC+8"
    assert when(None) == "—"


# --- source health -----------------------------------------------------------------------
def test_failing_source_shows_since_last_success_and_next_try(db: Store) -> None:
    add_source(db, "ndrc", "https://example.org/feed.xml")
    mon = Monitor(db, config=get_config(failing_after=3, backoff_base_min=5),
                  compute_effects=False)
    ok_at = T0 - dt.timedelta(days=2)
    with db.session() as s, s.begin():
        from sqlalchemy import select

        from metroscope.monitor.health import mark_success
        from metroscope.monitor.store import Source

        mark_success(s.scalar(select(Source)), None, ok_at)
    times = [T0, T0 + dt.timedelta(minutes=5), T0 + dt.timedelta(minutes=15)]
    for t in times:
        mon.record_failure("ndrc", "HTTP 503", now=t)
    row = sources(db).iloc[0]
    assert row["state"] == "failing" and row["error_count"] == 3
    # the streak began at the first failure, not at the last one
    assert row["failing_since"] == T0
    assert row["last_success_at"] == ok_at
    # third failure: 5 x 2^2 = 20 minutes after it
    assert row["next_check_at"] == times[-1] + dt.timedelta(minutes=20)
    digest = build_digest(db, since=T0 - dt.timedelta(days=1),
                          until=T0 + dt.timedelta(hours=1), save=False)
    line = ("ndrc: failing since 2026-03-02 04:30 UTC+8 (3 failures in a row), last success "
            "2026-02-28 04:30 UTC+8, next try 2026-03-02 05:05 UTC+8")
    assert line in digest.text and line in digest.html
    assert "ndrc:连续失败 3 次, 始于 2026-03-02 04:30 UTC+8" in digest.text
    # a success ends the streak
    mon.ingest("ndrc", [], now=T0 + dt.timedelta(hours=2))
    row = sources(db).iloc[0]
    assert row["state"] == "ok" and pd.isna(row["failing_since"])


def test_health_line_of_a_source_never_checked_reads_never_in_each_language() -> None:
    h = {"name": "a", "state": "new", "errors": 0, "since": None, "last": None, "next": None}
    assert health_line(h, "zh") == "a:新建, 连续失败 0 次, 上次成功 从未, 下次检查 从未"
    assert health_line(h, "en") == ("a: new, 0 consecutive failure(s), last success never, "
                                    "next check never")


# --- units -------------------------------------------------------------------------------
def _with(region, rows):  # type: ignore[no-untyped-def]
    """``region`` with these GDP rows, unvalidated (as a notebook can build one): the watch
    must match units itself, not rely on the loader having converted them."""
    import dataclasses

    return dataclasses.replace(region, validate=False, stats=_gdp(rows))


def _gdp(rows: list[tuple[int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"code": "220100", "year": y, "indicator": "gdp", "value": v,
                          "unit": u, "source": "test bulletin", "quality": "A",
                          "break": False, "note": ""} for y, v, u in rows])


@pytest.fixture(scope="module")
def changchun():  # type: ignore[no-untyped-def]
    import metroscope

    return metroscope.load("changchun")


def _alerts(store: Store, rule: str) -> list[dict]:  # type: ignore[type-arg]
    from metroscope.monitor import query

    a = query.alerts(store, limit=None)
    return [query.alert_detail(store, int(i)) for i in a.loc[a["rule"] == rule, "alert_id"]]


def test_unit_conversions_by_hand() -> None:
    from metroscope.monitor.unitmatch import convert

    assert convert(72_000_000, "万元", "亿元") == 7_200.0         # 72,000,000 x 1e4 / 1e8
    assert convert(7_200, "cny_100m", "yuan") == 720_000_000_000.0
    assert convert(912.5, "万人", "人") == 9_125_000.0
    assert convert(1.5, "km", "m") == 1_500.0


def test_value_in_wan_yuan_is_not_compared_raw_with_a_threshold_in_yi_yuan(
        db: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    from metroscope.monitor import add_rule

    add_rule(db, {"name": "over-8000", "kind": "indicator",
                  "indicator": {"indicator": "gdp", "on": "threshold", "above": 8000}})
    add_rule(db, {"name": "over-7100", "kind": "indicator",
                  "indicator": {"indicator": "gdp", "on": "threshold", "above": 7100,
                                "unit": "亿元"}})
    add_rule(db, {"name": "over-wan", "kind": "indicator",
                  "indicator": {"indicator": "gdp", "on": "threshold",
                                "above": 71_000_000, "unit": "万元"}})
    # a series published in 万元: 72,000,000 万元 = 7,200 亿元 (raw, it would pass 8,000)
    region = _with(changchun, ([(2024, 70_021_000, "cny_10k"),
                                               (2025, 72_000_000, "cny_10k")]))
    Monitor(db, region=region, compute_effects=False).check_indicators()
    assert _alerts(db, "over-8000") == []
    [a] = _alerts(db, "over-7100")
    assert a["payload"]["value"] == pytest.approx(7200.0)
    assert a["payload"]["limit"] == pytest.approx(7100.0)
    assert a["payload"]["unit"] == "cny_100m"
    assert "7,200.00 亿元 (CNY 720.000 bn) above 7,100.00 亿元 (CNY 710.000 bn)" in a["title"]
    assert "7,200.00 亿元 高于阈值 7,100.00 亿元(来源:test bulletin;质量 A)" in a["body"]
    assert "(source: test bulletin; quality A)" in a["title"]
    # 71,000,000 万元 = 7,100 亿元: the same threshold written in another unit
    [w] = _alerts(db, "over-wan")
    assert w["payload"]["limit"] == pytest.approx(7100.0)


def test_restated_unit_is_not_a_revision_and_change_is_computed_in_one_unit(
        db: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    from metroscope.monitor import add_rule

    add_rule(db, {"name": "rel", "kind": "indicator",
                  "indicator": {"indicator": "gdp", "on": "new_release"}})
    add_rule(db, {"name": "chg", "kind": "indicator",
                  "indicator": {"indicator": "gdp", "on": "change", "change_pct": 2.0}})
    mon = Monitor(db, compute_effects=False)
    first = _with(changchun, ([(2024, 7002.1, "cny_100m"),
                                              (2025, 7200.0, "cny_100m")]))
    assert mon.check_indicators(first) == 0 or _alerts(db, "rel") == []
    # the same values restated in 万元 are no revision
    same = _with(changchun, ([(2024, 70_021_000, "cny_10k"),
                                             (2025, 72_000_000, "cny_10k")]))
    mon.check_indicators(same)
    assert _alerts(db, "rel") == []
    # (7,200 - 7,002.1) / 7,002.1 = 197.9 / 7,002.1 = 2.826 % >= 2 %
    [c] = _alerts(db, "chg")
    assert c["payload"]["change"] == pytest.approx(197.9 / 7002.1 * 100)
    assert "changed +2.8% since 2024 (7,002.10 亿元 (CNY 700.210 bn) → 7,200.00 亿元" in c["title"]


def test_row_in_an_unknown_unit_is_left_out_not_compared(
        db: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    from metroscope.monitor import add_rule

    add_rule(db, {"name": "big", "kind": "indicator",
                  "indicator": {"indicator": "gdp", "on": "threshold", "above": 1}})
    region = _with(changchun, ([(2025, 5.0, "斤")]))
    assert Monitor(db, compute_effects=False).check_indicators(region) == 0


def test_rule_unit_of_another_kind_is_refused() -> None:
    from metroscope.monitor.rules import RuleError, parse_rule

    with pytest.raises(RuleError) as err:
        parse_rule({"name": "x", "kind": "indicator",
                    "indicator": {"indicator": "gdp", "on": "threshold", "above": 1,
                                  "unit": "万人"}})
    assert "does not measure gdp" in str(err.value)
    with pytest.raises(RuleError) as err:
        parse_rule({"name": "x", "kind": "indicator",
                    "indicator": {"indicator": "gdp", "on": "threshold", "above": 1,
                                  "unit": "斤"}})
    assert "unknown unit '斤'" in str(err.value)


# --- quality tags ------------------------------------------------------------------------
def test_news_items_are_secondary_even_with_a_data_release_tag(db: Store) -> None:
    from metroscope.monitor import query
    from metroscope.monitor.sources import make_item

    add_source(db, "news", "https://news.example/feed.xml", tags=["data_release"])
    add_source(db, "nbs", "https://www.stats.gov.cn/sj/zxfb/rss.xml", tags=["data_release"])
    add_source(db, "route", "/gov/stats/sj/zxfb", kind="rsshub")
    mon = Monitor(db, compute_effects=False)
    for name in ("news", "nbs", "route"):
        mon.ingest(name, [make_item(title=f"{name} 统计公报发布", link=f"https://x.example/{name}",
                                    published="2026-03-01 09:30", text="地区生产总值")], now=T0)
    got = dict(zip(query.items(db)["source"], query.items(db)["quality"], strict=True))
    assert got == {"news": "C", "nbs": "official", "route": "C"}
    doc = build_digest(db, since=T0 - dt.timedelta(hours=1), until=T0 + dt.timedelta(hours=1),
                       save=False)
    news = [ln for ln in doc.text.splitlines() if "news 统计公报发布" in ln]
    assert news and all("C:二手来源,未核实 / C: secondary source, unverified" in ln for ln in news)
    assert all("official" not in ln for ln in news)
    nbs = [ln for ln in doc.text.splitlines() if "nbs 统计公报发布" in ln]
    assert nbs and all("官方统计发布 / official statistical release" in ln for ln in nbs)


def test_indicator_alert_from_a_secondary_row_says_so(db: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    from metroscope.monitor import add_rule

    add_rule(db, {"name": "big", "kind": "indicator",
                  "indicator": {"indicator": "gdp", "on": "threshold", "above": 1}})
    stats = _gdp([(2025, 7632.19, "cny_100m")]).assign(quality="C")
    Monitor(db, compute_effects=False).check_indicators(changchun.with_tables(stats=stats))
    [a] = _alerts(db, "big")
    assert a["payload"]["quality"] == "C"
    assert "7,632.19 亿元 (CNY 763.219 bn) above 1.00 亿元 (CNY 0.100 bn) (source: test " \
        "bulletin; C: secondary source, unverified)" in a["title"]
    assert "C:二手来源,未核实" in a["body"] and "official" not in a["title"]


# --- bad input ---------------------------------------------------------------------------
def test_gbk_feed_declared_utf8_is_read_not_stored_as_mojibake() -> None:
    from metroscope.monitor.sources import parse_feed

    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            '<item><title>长春高铁开工</title><link>https://a.example/1</link><guid>g</guid>'
            '</item></channel></rss>')
    [item] = parse_feed(body.encode("gbk"))
    assert item.title == "长春高铁开工"
    [same] = parse_feed(body.encode("utf-8"))
    assert same.title == "长春高铁开工"


def test_hostile_feed_item_is_stored_inert() -> None:
    from metroscope.monitor.sources import parse_feed

    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            '<item><title>&lt;script&gt;alert(1)&lt;/script&gt;长春<![CDATA[<img src=x '
            'onerror=alert(2)>]]></title><link>javascript:alert(3)</link><description><![CDATA['
            '<a href="javascript:alert(4)">x</a><svg onload=alert(5)>正文<script>alert(6)</script>'
            ']]></description><guid>g1</guid></item></channel></rss>').encode()
    [item] = parse_feed(body)
    assert item.title == "长春" and item.link is None
    assert "alert" not in item.raw_text and "<" not in item.raw_text


def test_yaml_rule_with_unquoted_on_key_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from metroscope.monitor.rules import parse_rule

    raw = yaml.safe_load("name: g\nkind: indicator\nindicator: {indicator: gdp, on: change, "
                         "change_pct: 2}\n")
    assert True in raw["indicator"]  # PyYAML (YAML 1.1) reads `on` as a boolean
    assert parse_rule(raw).indicator.on == "change"  # type: ignore[union-attr]


def test_once_with_an_unknown_source_says_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from metroscope.cli.monitor import app

    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    add_source(open_store(url), "ndrc", "https://example.org/feed.xml")
    r = CliRunner().invoke(app, ["once", "--source", "nosuch", "--db", url])
    assert r.exit_code == 2
    assert "no source named 'nosuch'; known: ndrc" in " ".join(r.output.split())
