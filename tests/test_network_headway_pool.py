"""The headway assumed for a line without a published one is taken from the region's data, not
from the network selected: a network year, an opened line or a scenario's edits never change
another line's boarding wait (a planner saw 吉珲 trips grow up to 3.3 min slower when 沈白
opened in 2025, because the median was then taken over the lines of the selected year)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import metroscope
from metroscope.network import build_graph, unit_travel_times
from metroscope.network._cache import network_key
from metroscope.network._times import headway_pool, line_headways, line_keys
from metroscope.region import Region
from metroscope.scenario import load_scenario
from metroscope.scenario.editing import apply_scenario
from metroscope.scenario.spec import Scenario
from metroscope.settings import get_settings
from test_network_fixtures import toy_settings

NAN = np.nan


def _cc() -> Region:
    return metroscope.load("changchun")


def test_pool_argument_decides_not_the_selected_lines() -> None:
    rail = pd.DataFrame({"line_key": ["L1", "L5"], "mode": ["hsr", "hsr"],
                         "from_node": ["a", "c"], "to_node": ["b", "d"],
                         "headway_min": [10.0, NAN]})
    # without a pool: the lines of ``rail`` (L1 alone)
    assert line_headways(rail, toy_settings())[0] == {"L5": 10.0}
    # with the region's pool: its same-mode median (10, 20, 60 -> 20); rail lines are
    # pooled only for their own mode while a same-mode line exists
    pool = {"L1": ("hsr", 10.0), "L2": ("hsr", 20.0), "L3": ("hsr", 60.0), "R": ("rail", 5.0)}
    out, notes = line_headways(rail, toy_settings(), pool)
    assert out == {"L5": 20.0}
    assert notes[0].params["why"].params["lines"] == [{"zh": x, "en": x} for x in ("L1 10", "L2 20", "L3 60")]


def test_pool_of_the_embedded_data_by_hand() -> None:
    region = _cc()
    links = region.links
    rail = links[links["mode"].isin(["hsr", "intercity", "rail"])]
    pool = headway_pool(region)
    # every operating line whose links all carry a headway, with its smallest one
    want = {}
    for line, g in rail.groupby(line_keys(rail)):
        if (g["status"] == "operating").all() and g["headway_min"].notna().all():
            want[str(line)] = (str(g["mode"].iloc[0]), float(g["headway_min"].min()))
    assert pool == want
    assert pool["哈大高速铁路"] == ("hsr", 12.1) and pool["沈白高铁"] == ("hsr", 25.3)
    assert "吉珲客运专线" not in pool and "长四辽通高铁" not in pool  # no headway / planned


def test_network_year_does_not_change_other_lines_waits() -> None:
    region = _cc()
    for year in (2015, 2024, 2025):
        g = build_graph(region, mode="rail", year=year)
        jh = [n for n in g.notes if (getattr(n, "params", {}).get("line") or {}).get("zh") == "吉珲客运专线"]
        assert [n.params["h"] for n in jh] == [f"{np.median([12.1, 25.3]):.1f}"], year
    before = unit_travel_times(region, mode="rail", year=2024)
    after = unit_travel_times(region, mode="rail", year=2025)
    both = before.notna().to_numpy() & after.notna().to_numpy()
    slower = after.to_numpy()[both] - before.to_numpy()[both]
    # opening a line can only make trips quicker (or leave them as they were)
    assert slower.max() <= 1e-9
    assert (slower < -1e-9).sum() > 0  # and some are quicker: 沈白 counts in 2025


def test_scenario_keeps_the_base_pool() -> None:
    region = _cc()
    scen = Scenario.model_validate({"name": "t", "edits": [
        {"op": "set_headway", "line": "沈白高铁", "headway_min": 90},
        {"op": "set_headway", "line": "哈大高速铁路", "factor": 3}]})
    new = apply_scenario(scen, region)
    assert headway_pool(new) == headway_pool(region)
    g = build_graph(new, mode="rail")
    jh = [n for n in g.notes if (getattr(n, "params", {}).get("line") or {}).get("zh") == "吉珲客运专线"]
    assert [n.params["h"] for n in jh] == ["18.7"]
    # the region's own lines would have given median(36.3, 90) = 63.2
    assert line_headways(g.links.assign(line_key=line_keys(g.links))[
        g.links["mode"].isin(["hsr", "intercity", "rail"])], get_settings())[0][
        "吉珲客运专线"] == np.median([12.1 * 3, 90.0])
    # the pool is part of the cache key: same links, another base pool, another key
    other = dataclasses.replace(new, meta={**new.meta, "headway_pool": {"X": ["hsr", 1.0]}},
                                validate=False)
    assert network_key(other, get_settings()) != network_key(new, get_settings())


def _never_slower(before: pd.DataFrame, after: pd.DataFrame) -> tuple[int, int]:
    """(pairs slower after, pairs reachable before and not after)."""
    after = after.reindex(index=before.index, columns=before.columns)
    b, a = before.to_numpy(), after.to_numpy()
    both = np.isfinite(a) & np.isfinite(b)
    return int((a[both] - b[both] > 1e-9).sum()), int((np.isfinite(b) & ~np.isfinite(a)).sum())


def test_a_later_network_year_never_makes_a_trip_slower() -> None:
    """Links only open as the years pass: every pair is as quick or quicker, each year that
    the network changes, in every mode (the 2024 -> 2025 rail step had 1,156 slower pairs)."""
    region = _cc()
    opened = pd.to_numeric(region.links["open_year"], errors="coerce").dropna().astype(int)
    years = sorted(y for y in set(opened) if 2010 < y <= 2030)
    assert {2015, 2025, 2030} <= set(years)
    for mode in ("rail", "fastest"):
        for y in years:
            step = _never_slower(unit_travel_times(region, mode=mode, year=y - 1),
                                 unit_travel_times(region, mode=mode, year=y))
            assert step == (0, 0), (mode, y)


@pytest.mark.parametrize("name", ["chang-si-liao-tong", "hsr-350", "network-2030"])
def test_shipped_scenarios_never_make_a_trip_slower(name: str) -> None:
    """The shipped scenarios only add lines, speed trains up or open planned links."""
    region = _cc()
    new = apply_scenario(load_scenario(name), region)
    quicker = 0
    for mode in ("rail", "fastest"):
        base = unit_travel_times(region, mode=mode)
        assert _never_slower(base, unit_travel_times(new, mode=mode)) == (0, 0), mode
        quicker += int((unit_travel_times(new, mode=mode).reindex_like(base) < base - 1e-9)
                       .to_numpy().sum())
    assert quicker > 0  # and each changes something
