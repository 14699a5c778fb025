"""The report's headline numbers recounted by hand from the embedded tables.

Each headline of the Changchun summary is recomputed here without the report, the overview or
the circle code: ratios of rows of ``region.stats`` (each row carries its published source), and
the circle and scenario numbers from the travel-time matrices and the census population. The
golden file (tests/data/report/summary_changchun.json) pins the same values as regression pins;
this file is their independent check.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from test_report import SCENARIOS, _summary_values

CORE_SEAT = "220104"  # 朝阳区, the district whose seat is 长春市's seat (checked below)


@pytest.fixture(scope="module")
def changchun() -> Any:
    import metroscope

    return metroscope.load("changchun")


@pytest.fixture(scope="module")
def summary(changchun: Any) -> dict[str, float | None]:
    return _summary_values(changchun)


def _v(region: Any, code: str, year: int, indicator: str) -> float:
    s = region.stats
    hit = s[(s["code"] == code) & (s["year"] == year) & (s["indicator"] == indicator)]
    assert len(hit) == 1, (code, year, indicator)
    return float(hit["value"].iloc[0])


def _prefectures(region: Any) -> list[str]:
    u = region.units
    return list(u.index[(u["level"] == "prefecture") & (u["parent"] == "220000")])


def test_primacy_and_gdp_headlines_by_hand(changchun: Any, summary: dict[str, Any]) -> None:
    # GDP 2024, 亿元 (cny_100m), from the rating-agency table of city bulletins (stats source)
    core = _v(changchun, "220100", 2024, "gdp")
    assert core == 7632.19
    assert summary["core_gdp"] == core
    prefs = _prefectures(changchun)
    assert len(prefs) == 9  # Jilin's 8 prefectures and 延边 autonomous prefecture
    gdp = {c: _v(changchun, c, 2024, "gdp") for c in prefs}
    # the share card: the latest year with Jilin's own reported GDP (2023), as on the
    # dashboard; 2024 has only the sum of the 9 prefectures
    assert summary["core_gdp_share"] == pytest.approx(
        100 * _v(changchun, "220100", 2023, "gdp") / _v(changchun, "220000", 2023, "gdp"),
        rel=1e-12)
    second = sorted(gdp.values())[-2]
    assert second == 1633.2  # 吉林市
    assert summary["two_city_gdp"] == pytest.approx(core / second, rel=1e-12)
    # year-end resident population 2024: 908.51 万 of 2317.31 万 (the reported provincial figure)
    pop = _v(changchun, "220100", 2024, "population_yearend")
    jilin = _v(changchun, "220000", 2024, "population_yearend")
    assert (pop, jilin) == (9_085_100, 23_173_100)
    assert summary["core_population_share"] == pytest.approx(100 * 9_085_100 / 23_173_100,
                                                             rel=1e-12)
    assert summary["two_city_population"] == pytest.approx(
        9_085_100 / _v(changchun, "220200", 2024, "population_yearend"), rel=1e-12)


def test_population_change_headlines_by_hand(changchun: Any, summary: dict[str, Any]) -> None:
    # census counts (boundary-adjusted city file: 2010 on the 2020 boundaries, so 长春 2010
    # includes 公主岭, which moved from 四平 in 2020)
    census = {"220100": (8_767_375, 9_066_906), "220200": (4_413_157, 3_623_713),
              "220300": (2_292_220, 1_814_733), "220400": (1_176_239, 996_903)}
    for code, (y2010, y2020) in census.items():
        assert (_v(changchun, code, 2010, "population"),
                _v(changchun, code, 2020, "population")) == (y2010, y2020)
        assert summary[f"population_change_pct_{code}"] == pytest.approx(
            100 * (y2020 / y2010 - 1), rel=1e-12), code
    assert _v(changchun, "220100", 2010, "population") == pytest.approx(
        7_674_439 + 1_092_936, abs=0)  # 长春 2010 as counted + 公主岭 2010 (220381 then)
    u = changchun.units
    partial = list(u.index[u["role"] == "partial"])
    b = sum(_v(changchun, c, 2010, "population") for c in partial)
    a = sum(_v(changchun, c, 2020, "population") for c in partial)
    assert summary["population_change_pct_partial"] == pytest.approx(100 * (a / b - 1),
                                                                     rel=1e-12)


def _to_core(region: Any) -> pd.Series:
    """Fastest door-to-door minutes from every county-level unit to the core's seat district,
    read from the travel-time matrix (rows origins, columns destinations)."""
    from metroscope.network import unit_travel_times

    m = unit_travel_times(region, mode="fastest")
    return m[CORE_SEAT]


def test_core_seat_is_the_prefecture_seat(changchun: Any) -> None:
    u = changchun.units
    counties = u[u["parent"] == "220100"]
    d = np.hypot(counties["seat_lon"] - u.at["220100", "seat_lon"],
                 counties["seat_lat"] - u.at["220100", "seat_lat"])
    assert d.idxmin() == CORE_SEAT


def test_circle_share_by_hand(changchun: Any, summary: dict[str, Any]) -> None:
    t = _to_core(changchun)
    u = changchun.units.reindex(t.index)
    pop = pd.Series({c: _v(changchun, c, 2020, "population") for c in t.index})  # census 2020
    # core + member units; the partial counties (榆树, 东辽) apart, as in the areas
    # comparison: the card and section 10 give one figure
    plan = u["role"].isin(["core", "member"])
    inside = plan & (t <= 60)
    total, within = float(pop[plan].sum()), float(pop[inside].sum())
    # residents of a prefecture in none of its units (its census figure less its units' sum:
    # 吉林市's 2020 zones without a code, 255,303) lie in its districts (xxxx01-20, xxxx7x):
    # in the plan area when all those are, inside when all those are within 60 minutes
    units = changchun.units
    for pref in _prefectures(changchun):
        kids = [str(c) for c in units.index[(units["level"] == "county")
                                            & (units["parent"] == pref)]]
        districts = [c for c in kids if c[4] == "7" or "01" <= c[4:6] <= "20"]
        gap = _v(changchun, pref, 2020, "population") - sum(
            _v(changchun, c, 2020, "population") for c in kids)
        if gap > 0 and districts and bool(plan.reindex(districts).all()):
            total += gap
            within += gap if bool((t.reindex(districts) <= 60).all()) else 0.0
    assert total == 11_331_780 + 255_303  # census 2020
    share = 100 * within / total
    assert summary["circle_share_baseline"] == pytest.approx(share, rel=1e-12)
    assert 0 < share < 100
    from metroscope import areas, load

    table = areas.compare(load("china"))
    assert summary["circle_share_baseline"] == pytest.approx(
        table.at["长春都市圈", "accessibility_60min_pct"], rel=1e-12)


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_gain_by_hand(changchun: Any, summary: dict[str, Any], name: str) -> None:
    from metroscope.scenario import load_scenario

    before = _to_core(changchun)
    after = _to_core(load_scenario(name).apply(changchun)).reindex(before.index)
    pop = pd.Series({c: _v(changchun, c, 2020, "population") for c in before.index})
    people = float(pop[(before - after) > 15].sum())
    assert summary[f"gain_15_{name}"] == pytest.approx(people, rel=1e-12)
    # every shipped scenario moves this headline: someone gains more than 15 minutes
    assert people > 0


def test_every_shipped_scenario_is_in_the_report_summary() -> None:
    from metroscope.scenario import list_scenarios

    assert set(list_scenarios()) == set(SCENARIOS)
