"""GDP per head pairs GDP with a population on the same boundary, and a boundary transfer
breaks the series of both units (公主岭 moved from 四平 220300 to 长春 220100 in 2020).

The expected values are written out from the shipped statistics (2010 GDP of the China City
Statistical Yearbook, 全市口径 of 2010; 2010 census counts of the city file, adjusted to the
2020 boundaries; the yearbook's own 2010 GDP per capita) and computed here by hand.
"""

from __future__ import annotations

import math

import pytest

import metroscope
from metroscope.indicators.convergence import sigma_convergence
from metroscope.indicators.inequality import coefficient_of_variation
from metroscope.indicators.theil import theil

# 2010 GDP, 亿元 (yearbook 全市口径, boundaries of 2010: 长春 without 公主岭, 四平 with it)
GDP_2010 = {"210100": 5017.5427, "210200": 5158.1621, "220100": 3329.0329,
            "220200": 1800.6376, "220300": 779.5527, "220400": 410.1426, "220500": 627.0844,
            "220600": 433.167, "220700": 1102.8462, "220800": 445.1802, "230100": 3664.8538}
# 2010 census, persons, adjusted to the 2020 boundaries (长春 with 公主岭, 四平 without)
POP_2010 = {"210100": 8106171, "210200": 6690432, "220100": 8767375, "220200": 4413157,
            "220300": 2292220, "220400": 1176239, "220500": 2324439, "220600": 1296127,
            "220700": 2880086, "220800": 2032356, "230100": 10635971}
# the yearbook's own 2010 GDP per capita (yuan), on the boundary of its GDP
PUBLISHED_PC_2010 = {"220100": 43936.0, "220300": 22942.0}
MOVED = ("220100", "220300")


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def per_head_2010(*, drop_moved: bool = False) -> dict[str, float]:
    out = {}
    for c, g in GDP_2010.items():
        if c in MOVED:
            if not drop_moved:
                out[c] = PUBLISHED_PC_2010[c]
            continue
        out[c] = g * 1e8 / POP_2010[c]
    return out


def sd_log(xs: list[float]) -> float:
    logs = [math.log(x) for x in xs]
    m = sum(logs) / len(logs)
    return math.sqrt(sum((v - m) ** 2 for v in logs) / len(logs))


def test_the_transfer_breaks_both_series(region: metroscope.Region) -> None:
    assert region.has_break("gdp", "220300", 2019, 2020)  # lost 公主岭
    assert region.has_break("gdp", "220100", 2019, 2020)  # gained it: 5,904 -> 6,601.59 亿元
    assert region.has_break("population_yearend", "220100", 2019, 2020)
    # the census counts of 2010 are on the 2020 boundaries: comparable, no break
    assert not region.has_break("population", "220100", 2010, 2020)
    assert not region.has_break("gdp", "220200", 2019, 2020)  # 吉林市 kept its boundary


def test_sigma_2010_uses_same_boundary_gdp_per_head(region: metroscope.Region) -> None:
    s = sigma_convergence(region, measure="gdp", level="prefecture")
    hand = per_head_2010()
    # the mixed pair gave 长春 37,971 and 四平 34,009 yuan, sd_log 0.3317
    assert s.at[2010, "n"] == 11
    assert s.at[2010, "sd_log"] == pytest.approx(sd_log(list(hand.values())), abs=1e-9)
    assert s.at[2010, "sd_log"] == pytest.approx(0.3651, abs=5e-5)
    assert s.at[2010, "mean"] == pytest.approx(sum(hand.values()) / 11, rel=1e-12)
    # 2020: GDP and census both on the 2020 boundaries, unchanged
    assert s.at[2020, "sd_log"] == pytest.approx(0.3581, abs=5e-5)
    notes = s.attrs["metroscope"]["notes"]
    keys = [getattr(n, "key", "") for n in notes]
    assert "ind_per_capita_published" in keys
    trend = next(n for n in notes if getattr(n, "key", "") == "ind_sd_log_trend")
    assert "falling (σ-convergence)" in str(trend)
    assert "not falling" not in str(trend)


def test_theil_2010_weights_by_the_same_boundary_population(region: metroscope.Region) -> None:
    t = theil(region, measure="gdp", weight="population", year=2010, level="prefecture")
    # population of 长春 and 四平 implied by the published GDP per capita
    pop = {c: (GDP_2010[c] * 1e8 / PUBLISHED_PC_2010[c] if c in MOVED else POP_2010[c])
           for c in GDP_2010}
    ys, ps = sum(GDP_2010.values()), sum(pop.values())
    hand = sum(GDP_2010[c] / ys * math.log((GDP_2010[c] / ys) / (pop[c] / ps)) for c in GDP_2010)
    assert t.at["total", "theil_t"] == pytest.approx(hand, rel=1e-9)
    # the mixed pair gave 0.0612
    assert t.at["total", "theil_t"] == pytest.approx(0.0674, abs=5e-5)


def test_without_published_per_capita_the_units_are_left_out(
        region: metroscope.Region) -> None:
    st = region.stats
    r = region.with_tables(stats=st[st["indicator"] != "gdp_per_capita"].reset_index(drop=True))
    cv = coefficient_of_variation(r, measure="gdp", weight="population", year=2010,
                                  level="prefecture")
    hand = per_head_2010(drop_moved=True)
    assert int(cv.at["gdp", "n"]) == 9
    assert cv.at["gdp", "sd_log"] == pytest.approx(sd_log(list(hand.values())), abs=1e-9)
    notes = cv.attrs["metroscope"]["notes"]
    why = next(n for n in notes if getattr(n, "key", "") == "ind_per_capita_no_same_boundary")
    assert "220100" in str(why) and "220300" in str(why) and "2020 boundaries" in str(why)
    assert "220100" in why.zh and "普查人口" in why.zh


def test_population_weight_of_other_years_and_measures_is_untouched(
        region: metroscope.Region) -> None:
    cv = coefficient_of_variation(region, measure="gdp", weight="population", year=2020,
                                  level="prefecture")
    keys = [getattr(n, "key", "") for n in cv.attrs["metroscope"]["notes"]]
    assert "ind_per_capita_published" not in keys
    assert "ind_per_capita_no_same_boundary" not in keys


def test_primacy_table_marks_breaks_and_names_the_mixed_row(region: metroscope.Region) -> None:
    from types import SimpleNamespace

    from metroscope.indicators.primacy import primacy_trend
    from metroscope.report.sections.primacy import _boundary_note, _trend_table

    trends = {m: primacy_trend(region, measure=m) for m in ("gdp", "population")}
    table = _trend_table(trends)
    labels = [row[0].text.en for row in table.rows]
    assert "2020 *" in labels and "2010" in labels  # the transfer year is starred
    note = _boundary_note(SimpleNamespace(region=region), trends)  # type: ignore[arg-type]
    assert note is not None
    assert "长春市" in note.zh and "四平市" in note.zh and "2010年一行" in note.zh
    assert "Changchun" in note.en and "in the 2010 row" in note.en
    assert "Changchun" not in note.zh
