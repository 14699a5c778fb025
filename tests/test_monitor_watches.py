"""Indicator watches over Region statistics: new releases, revisions, thresholds, changes."""

from __future__ import annotations

import pandas as pd
import pytest

from _monitor_fixtures import changchun, postgres_server, store  # noqa: F401
from metroscope.monitor import query
from metroscope.monitor.pipeline import Monitor
from metroscope.monitor.store import Store
from metroscope.monitor.watchlist import add_rule


def _without_latest(region, indicator):  # type: ignore[no-untyped-def]
    st = region.stats
    sel = st["indicator"] == indicator
    latest = st.loc[sel, "year"].max()
    return region.with_tables(stats=st[~(sel & (st["year"] == latest))]), int(latest)


def test_new_release_and_revision(store: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    add_rule(store, {"name": "gdp", "kind": "indicator",
                     "indicator": {"indicator": "gdp", "on": "new_release"}})
    mon = Monitor(store, region=changchun)
    older, latest = _without_latest(changchun, "gdp")
    assert mon.check_indicators(older) == 0  # first pass: baseline only
    st = changchun.stats
    expected = st[(st["indicator"] == "gdp") & (st["year"] == latest)]
    made = mon.check_indicators(changchun)
    assert made == len(expected) > 0
    assert mon.check_indicators(changchun) == 0  # idempotent
    alerts = query.alerts(store, kind="indicator", limit=None)
    payloads = [query.alert_detail(store, int(a))["payload"] for a in alerts["alert_id"]]
    got = {p["code"]: p["value"] for p in payloads}
    assert got == pytest.approx(dict(zip(expected["code"], expected["value"].astype(float))))
    assert all(p["source"] for p in payloads)
    # the Chinese title is kept beside the English one and shown on a Chinese page
    zh = query.alerts(store, kind="indicator", limit=None, lang="zh")
    en = query.alerts(store, kind="indicator", limit=None)
    assert zh["title"].str.startswith("指标提醒「gdp」").all()
    assert zh["title"].str.contains("新发布").all() and not zh["title"].str.contains("new release").any()
    assert en["title"].str.startswith("Indicator alert 'gdp'").all()
    revised = st.copy()
    row = revised.index[(revised["indicator"] == "gdp") & (revised["year"] == latest)][0]
    revised.loc[row, "value"] = float(revised.loc[row, "value"]) + 1.0
    assert mon.check_indicators(changchun.with_tables(stats=revised)) == 1
    last = query.alert_detail(store, int(query.alerts(store, limit=1)["alert_id"].iloc[0]))
    assert last["payload"]["condition"] == "revised"


def test_threshold_and_change_against_pandas(store: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    add_rule(store, {"name": "big", "kind": "indicator",
                     "indicator": {"indicator": "gdp", "on": "threshold", "above": 3000}})
    add_rule(store, {"name": "moves", "kind": "indicator",
                     "indicator": {"indicator": "population_yearend", "on": "change",
                                   "change_pct": 2.0}})
    Monitor(store, region=changchun).check_indicators()
    st = changchun.stats
    gdp = st[st["indicator"] == "gdp"].sort_values("year").groupby("code").last()
    expected_big = set(gdp.index[gdp["value"].astype(float) > 3000])
    alerts = query.alerts(store, limit=None)
    big = {query.alert_detail(store, int(a))["payload"]["code"]
           for a in alerts.loc[alerts["rule"] == "big", "alert_id"]}
    assert big == expected_big and big
    pop = st[st["indicator"] == "population_yearend"].sort_values(["code", "year"])
    expected_moves = set()
    for code, g in pop.groupby("code"):
        if len(g) < 2 or bool(pd.Series(g["break"]).fillna(False).iloc[-1]):
            continue
        prev, last = float(g["value"].iloc[-2]), float(g["value"].iloc[-1])
        if prev and abs((last - prev) / abs(prev) * 100) >= 2.0:
            expected_moves.add(code)
    moves = {query.alert_detail(store, int(a))["payload"]["code"]
             for a in alerts.loc[alerts["rule"] == "moves", "alert_id"]}
    assert moves == expected_moves


def test_change_across_census_and_year_end_is_flagged(store: Store, changchun) -> None:  # type: ignore[no-untyped-def]
    # ne_china_stats.csv: 延边 222400 2020 194.17 万人 "7th census resident population", 2024
    # 188.62 万人 year-end (LH table); 松原 220700 2023 216.07, 2024 209.00, both year-end
    add_rule(store, {"name": "moves", "kind": "indicator",
                     "indicator": {"indicator": "population_yearend", "on": "change",
                                   "change_pct": 2.0}})
    Monitor(store, region=changchun).check_indicators()
    alerts = query.alerts(store, limit=None)
    by_code = {}
    for a in alerts["alert_id"]:
        d = query.alert_detail(store, int(a))
        by_code[d["payload"]["code"]] = d
    yb = by_code["222400"]["payload"]
    assert yb["prev_year"] == 2020 and yb["year"] == 2024
    assert yb["change"] == pytest.approx(100 * (1_886_200 - 1_941_700) / 1_941_700)  # -2.86 %
    assert yb["definitions_differ"] is True
    assert (yb["definition_prev"], yb["definition"]) == ("census", "yearend")
    en = alerts.set_index("alert_id")["title"]
    title_en = next(t for t in en if "延边" in t)
    assert "2020 uses the census count and 2024 the year-end figure" in title_en
    zh = query.alerts(store, limit=None, lang="zh")["title"]
    title_zh = next(t for t in zh if "延边" in t)
    assert "2020年用的是普查人口,2024年用的是年末常住人口:口径不同" in title_zh
    assert "census" not in title_zh
    sy = by_code["220700"]["payload"]  # both year-end: no flag
    assert sy["change"] == pytest.approx(100 * (2_090_000 - 2_160_700) / 2_160_700)
    assert "definitions_differ" not in sy
    assert "different definitions" not in next(t for t in en if "松原" in t)
