"""Consolidated units and the core-versus-periphery comparison (issue 10, item 3).

Independent figures: census county rows of ``region.stats`` (population, 2010 and 2020), summed
by hand: core = 南关 220102, 宽城 220103, 朝阳 220104, 二道 220105, 绿园 220106 and the four
development zones 220171-220174 (2020 only) — 381.5万 -> 501.9万 (+31.6 %); with 双阳 220112 and
九台 220113, +24.2 %; 长春 prefecture 8,767,375 -> 9,066,906 (census city file, 2010 on 2020
boundaries).
"""

from __future__ import annotations

import math

import pytest

import metroscope
from metroscope.datasets import list_datasets
from metroscope.indicators.consolidation import consolidations
from metroscope.indicators.core_periphery import core_periphery
from metroscope.indicators.population import population_change

pytestmark = pytest.mark.skipif("changchun" not in list_datasets(),
                                reason="embedded changchun dataset not built")

CORE = ("220102", "220103", "220104", "220105", "220106", "220171", "220172", "220173",
        "220174")
BOTH = (*CORE, "220112", "220113")


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _pop(region: metroscope.Region, codes: tuple[str, ...], year: int) -> float:
    s = region.stats
    m = (s["indicator"] == "population") & (s["year"] == year) & s["code"].isin(codes)
    return float(s.loc[m, "value"].sum())


def test_hand_sums(region: metroscope.Region) -> None:
    assert _pop(region, CORE, 2010) == 3_815_270  # 381.5万
    assert _pop(region, CORE, 2020) == 5_019_477  # 501.9万
    assert pytest.approx(31.6, abs=0.05) == 100 * (5_019_477 / 3_815_270 - 1)


def test_consolidations_from_the_break_records(region: metroscope.Region) -> None:
    cons = {c.code: c for c in consolidations(region, start=2010, end=2020, level="county")}
    cc = next(c for c in cons.values() if "220102" in c.members)
    assert set(cc.members) == set(BOTH) and cc.complete and cc.years == (2020,)
    # 吉林市's zones have no code: their 2020 population is not in the data, so no union
    jl = next(c for c in cons.values() if "220202" in c.members)
    assert not jl.complete and "without a code" in jl.reason


def test_change_indicator_uses_the_consolidation(region: metroscope.Region) -> None:
    ch = population_change(region)
    assert math.isnan(ch.at["220102", "change_pct"])  # a single district stays refused
    row = ch.loc[next(i for i in ch.index if "220102" in i and "+" in i)]
    assert bool(row["consolidated"])
    assert row["population_start"] == _pop(region, BOTH, 2010)
    assert row["population_end"] == _pop(region, BOTH, 2020)
    assert row["change_pct"] == pytest.approx(24.2, abs=0.05)
    assert "长春市合并单元" in row["name_zh"] and "consolidated unit" in row["note"]


def test_core_versus_periphery(region: metroscope.Region) -> None:
    cp = core_periphery(region)
    core = cp.loc["population:core"]
    assert (core["value_start"], core["value_end"]) == (3_815_270, 5_019_477)
    assert core["change_pct"] == pytest.approx(31.6, abs=0.05)
    assert core["comparable"] == "assumed" and "双阳区" in core["note"]
    rest = cp.loc["population:rest_of_prefecture"]
    assert rest["value_start"] == 8_767_375 - 3_815_270
    assert rest["value_end"] == 9_066_906 - 5_019_477
    assert rest["change_pct"] == pytest.approx(-18.3, abs=0.05)  # "about -18 %"
    both = cp.loc["population:consolidated"]
    assert both["comparable"] == "yes" and both["change_pct"] == pytest.approx(24.2, abs=0.05)
    # GDP: the latest span without a break for any member prefecture is 2020 -> 2023
    g = cp.loc["gdp:core_prefecture"]
    assert (g["year_start"], g["year_end"]) == (2020, 2023)
    assert g["value_start"] == pytest.approx(6601.59) and g["value_end"] == pytest.approx(7002.06)
    o = cp.loc["gdp:other_members"]
    assert o["value_end"] == pytest.approx(1583.73 + 588.86 + 517.0)


def test_summary_prints_core_versus_periphery(region: metroscope.Region) -> None:
    from rich.console import Console

    from metroscope.cli.summary import summary_tables

    console = Console(width=120, record=True)
    for table in summary_tables(region):
        console.print(table)
    text = console.export_text()
    assert "Core vs periphery" in text
    assert "3,815,270" in text and "5,019,477" in text and "+31.6" in text and "-18.3" in text
    assert "长春市合并单元" in text  # the consolidation is named
    assert "rating-agency table" in text  # the kind of source beside the GDP


def test_report_population_section_has_the_table(region: metroscope.Region) -> None:
    from metroscope.report._inputs import ReportInputs
    from metroscope.report.context import Note, Table
    from metroscope.report.sections import build_sections

    sec = build_sections(ReportInputs(region=region, strict=True), only={"population"})[0]
    tables = {b.table_id: b for b in sec.blocks if isinstance(b, Table)}
    cp = tables["tab-core-periphery"]
    assert any("+31.6%" in c.text.en for row in cp.rows for c in row)
    assert any(isinstance(b, Note) and "双阳区" in b.text.zh and "Shuangyang" in b.text.en
               for b in sec.blocks)


def test_beta_convergence_uses_the_consolidation(region: metroscope.Region) -> None:
    """β-convergence of county population 2010 -> 2020: the units left out for the boundary
    change re-enter as the consolidated unit (an independent OLS over the same points)."""
    import numpy as np

    from metroscope.indicators.convergence import beta_convergence

    kw = {"level": "county", "measure": "population", "weight": None, "start": 2010,
          "end": 2020}
    alone = beta_convergence(region, consolidate=False, **kw)
    joined = beta_convergence(region, **kw)
    s = region.stats
    pop = s[s["indicator"] == "population"].pivot_table(index="code", columns="year",
                                                       values="value", aggfunc="first")
    county = region.codes(level="county")
    brk = {c for c in s.loc[s["break"].fillna(False).astype(bool) & (s["year"] == 2020),
                            "code"]}
    single = [c for c in county if c in pop.index and c not in brk
              and pop.at[c, 2010] > 0 and pop.at[c, 2020] > 0]
    assert int(alone["n"].iloc[0]) == len(single)
    points = [(pop.at[c, 2010], pop.at[c, 2020]) for c in single]
    points.append((_pop(region, BOTH, 2010), _pop(region, BOTH, 2020)))  # 长春's union
    bc = ("220802", "220871")  # 洮北区 and the 白城 zone (2020 only)
    points.append((_pop(region, bc, 2010), _pop(region, bc, 2020)))
    y0, y1 = np.array(points, dtype=float).T
    slope = np.polyfit(np.log(y0), np.log(y1 / y0) / 10, 1)[0]
    assert int(joined["n"].iloc[0]) == len(single) + 2
    assert joined["beta"].iloc[0] == pytest.approx(slope, rel=1e-12)
    notes = [str(n) for n in joined.attrs["metroscope"]["notes"]]
    assert sum("consolidated unit" in n for n in notes) == 2
