"""Report section 7 compares the metropolitan area with the rest of *its province*: the
peers of other provinces the ``changchun`` region holds (沈阳, 大连, 哈尔滨) are not "the
rest" (with them, the between-group share of the Theil index was 1.2 %; on Jilin's nine
prefectures it is 31.3 % in 2020). Expected values: Theil T computed by hand below from the
GDP and population rows of the stats table."""

from __future__ import annotations

import numpy as np
import pytest

import metroscope
from metroscope.indicators._unit_codes import area_province
from metroscope.indicators.inequality import theil
from metroscope.report._inputs import ReportInputs
from metroscope.report.context import Section, Table, Text
from metroscope.report.sections import inequality


def _hand_theil(region: metroscope.Region, year: int) -> tuple[float, float, int]:
    """(T, between, units) over the province's prefectures, area (core/member/partial) vs the
    rest, weight = population (Theil T = sum y ln(y/x); between = sum_g Y_g ln(Y_g/X_g))."""
    s, u = region.stats, region.units
    pref = [c for c in u.index if u.at[c, "level"] == "prefecture" and str(c).startswith("22")]
    g = s[(s["indicator"] == "gdp") & (s["year"] == year)].set_index("code")["value"]
    p = s[(s["indicator"] == "population") & (s["year"] == year)].groupby("code")["value"].first()
    y = g.reindex(pref) / g.reindex(pref).sum()
    x = p.reindex(pref) / p.reindex(pref).sum()
    t = float((y * np.log(y / x)).sum())
    inside = np.array([u.at[c, "role"] in ("core", "member", "partial") for c in pref])
    between = sum(float(yy * np.log(yy / xx)) for yy, xx in
                  ((y[inside].sum(), x[inside].sum()), (y[~inside].sum(), x[~inside].sum())))
    return t, between, len(pref)


def test_the_province_of_the_area_and_its_theil_by_hand() -> None:
    region = metroscope.load("changchun")
    assert area_province(region) == "220000"
    t, between, n = _hand_theil(region, 2020)
    assert n == 9 and round(100 * between / t, 1) == 31.3  # the trial's figure
    lib = theil(region, group_by="metro", parent="220000", year=2020)
    assert lib.loc["total", "theil_t"] == pytest.approx(t, rel=1e-12)
    assert lib.loc["between", "theil_t"] == pytest.approx(between, rel=1e-12)
    # with the peers of other provinces in "the rest" the divide all but vanished
    peers = theil(region, group_by="metro", year=2020)
    assert peers.loc["total", "n_units"] == 12
    assert round(peers.loc["between", "theil_t_share_pct"], 1) == 1.2


def test_the_report_tables_are_the_area_against_the_rest_of_jilin() -> None:
    region = metroscope.load("changchun")
    inp = ReportInputs(region=region, strict=True)
    section = Section("inequality", 7, Text("", ""))
    inequality.build(inp, section)
    tables = {b.table_id: b for b in section.blocks if isinstance(b, Table)}
    th = tables["tab-theil"]
    assert "prefectures of Jilin Province" in th.caption.en and "吉林省各地级单元" in th.caption.zh
    year = int(th.caption.en.split("(")[1][:4])
    lib = theil(region, group_by="metro", parent="220000", year=year)
    rows = {r[0].text.en: [c.text.en for c in r] for r in th.rows}
    assert rows["total"][6] == "9"
    assert rows["total"][1] == f"{lib.loc['total', 'theil_t']:.4f}"
    assert rows["between (area vs rest)"][2] == f"{lib.loc['between', 'theil_t_share_pct']:.1f}%"
    assert "prefectures of Jilin Province" in tables["tab-sigma"].caption.en
    sigma = [[c.text.en for c in r] for r in tables["tab-sigma"].rows]
    assert all(int(r[1]) <= 9 for r in sigma)  # never the 11 or 12 with the peers
