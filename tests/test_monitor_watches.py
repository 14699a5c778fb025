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
