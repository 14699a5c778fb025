"""Share series never mix denominators (issue 10, item 1): the official-total series, the
sum-of-units series, the flag where the official total is missing, a user-supplied total, and
the headline card that names its denominator.

Independent figures: the nine Jilin prefecture GDP rows of 2023 and 2024 and the province's 2023
row, read straight from ``region.stats`` (values from shared/data/official_stats/ne_china_stats.csv:
长春 2024 7632.19, the nine units sum to 14152.82; the province's 2024 total is not in the file).
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

import metroscope
from metroscope.datasets import list_datasets
from metroscope.indicators.primacy import primacy_table, primacy_trend, with_parent_total

pytestmark = pytest.mark.skipif("changchun" not in list_datasets(),
                                reason="embedded changchun dataset not built")

PREFECTURES = ("220100", "220200", "220300", "220400", "220500", "220600", "220700",
               "220800", "222400")


@pytest.fixture(scope="module")
def region() -> metroscope.Region:
    return metroscope.load("changchun")


def _gdp(region: metroscope.Region, code: str, year: int) -> float:
    s = region.stats
    row = s[(s["code"] == code) & (s["year"] == year) & (s["indicator"] == "gdp")]
    return float(row["value"].iloc[0]) if len(row) else math.nan


def test_sum_of_units_by_hand(region: metroscope.Region) -> None:
    total_2024 = sum(_gdp(region, c, 2024) for c in PREFECTURES)
    assert total_2024 == pytest.approx(14152.82)  # PROVENANCE.md "Checks"
    assert math.isnan(_gdp(region, "220000", 2024))


def test_trend_never_switches_denominator(region: metroscope.Region) -> None:
    tr = primacy_trend(region, measure="gdp")
    assert tr.attrs["metroscope"]["parameters"]["denominator"] == "official_total"
    # 2024 has no official provincial total: the main series is missing there and flagged,
    # not silently switched to the sum of the prefectures (53.93 %)
    assert math.isnan(tr.at[2024, "share_of_parent_pct"])
    assert bool(tr.at[2024, "official_total_missing"])
    assert not bool(tr.at[2023, "official_total_missing"])
    assert tr.at[2023, "share_of_parent_pct"] == pytest.approx(
        100 * _gdp(region, "220100", 2023) / _gdp(region, "220000", 2023))  # 51.75
    assert tr.at[2023, "share_of_parent_pct"] == pytest.approx(51.75, abs=0.005)
    assert not any("sum of the units" in b for b in tr["parent_basis"])
    assert any("no such total in" in n and "2024" in n for n in tr.attrs["metroscope"]["notes"])


def test_no_jump_caused_by_the_denominator_2023_2024(region: metroscope.Region) -> None:
    tr = primacy_trend(region, measure="gdp")
    hand = {y: 100 * _gdp(region, "220100", y) / sum(_gdp(region, c, y) for c in PREFECTURES)
            for y in (2023, 2024)}
    assert tr.at[2023, "share_units_sum_pct"] == pytest.approx(hand[2023])  # 52.97
    assert tr.at[2024, "share_units_sum_pct"] == pytest.approx(hand[2024])  # 53.93
    # on one denominator the 2023 -> 2024 step is +0.96 points, not the +2.2 of the mixed series
    step = tr.at[2024, "share_units_sum_pct"] - tr.at[2023, "share_units_sum_pct"]
    assert step == pytest.approx(0.96, abs=0.01)
    mixed = hand[2024] - tr.at[2023, "share_official_pct"]
    assert mixed == pytest.approx(2.18, abs=0.01)  # the artefact the issue reported
    main = tr["share_of_parent_pct"].dropna()
    assert 2024 not in main.index  # the main series cannot show the artefact


def test_table_gives_both_denominators(region: metroscope.Region) -> None:
    t = primacy_table(region, measure="gdp", year=2024)
    # the province has official totals in other years: 2024 stays on that basis (missing),
    # as in primacy_trend, and the units' sum has its own row
    assert t.attrs["metroscope"]["parameters"]["denominator"] == "official_total"
    assert math.isnan(t.at["share_of_parent_pct", "value"])
    assert "share_of_units_sum_pct" in t.at["share_of_parent_pct", "note"]
    assert t.at["share_of_units_sum_pct", "value"] == pytest.approx(53.93, abs=0.005)
    assert "sum of the units of 220000" in t.at["share_of_units_sum_pct", "note"]
    assert math.isnan(t.at["share_of_official_total_pct", "value"])
    assert "no reported gdp of 220000 in 2024" in t.at["share_of_official_total_pct", "note"]
    t23 = primacy_table(region, measure="gdp", year=2023)
    assert t23.at["share_of_official_total_pct", "value"] == pytest.approx(51.75, abs=0.005)
    assert t23.at["share_of_units_sum_pct", "value"] == pytest.approx(52.97, abs=0.005)


def test_user_supplied_total_argument_and_stats_row(region: metroscope.Region) -> None:
    total = 14400.0  # a hypothetical user figure; nothing is written to disk
    t = primacy_table(region, measure="gdp", year=2024, parent_total=total)
    assert t.at["share_of_parent_pct", "value"] == pytest.approx(100 * 7632.19 / total)
    assert "user-supplied" in t.at["share_of_parent_pct", "note"]
    r2 = with_parent_total(region, 2024, total, source="my yearbook")
    tr = primacy_trend(r2, measure="gdp")
    assert tr.at[2024, "share_of_parent_pct"] == pytest.approx(100 * 7632.19 / total)
    assert "user-supplied" in tr.at[2024, "parent_basis"]
    assert not bool(tr.at[2024, "official_total_missing"])
    assert len(region.stats) + 1 == len(r2.stats)  # the original region is unchanged
    with pytest.raises(metroscope.MissingDataError, match="positive"):
        with_parent_total(region, 2024, -1.0)


def test_cli_parent_total() -> None:
    out = subprocess.run([sys.executable, "-m", "metroscope", "analyze", "primacy", "--measure",
                          "gdp", "--year", "2024", "--parent-total", "14400.0", "--format",
                          "json"], capture_output=True, text=True, check=True).stdout
    import json

    rows = {r["metric"]: r for r in json.loads(out)}
    # shares are printed to 0.1 % (README): 100 x 7632.19 / 14400 = 53.001..., the units' sum
    # 100 x 7632.19 / 14152.82 = 53.927...
    assert rows["share_of_parent_pct"]["value"] == round(100 * 7632.19 / 14400.0, 1) == 53.0
    assert rows["share_of_units_sum_pct"]["value"] == round(100 * 7632.19 / 14152.82, 1)
    bad = subprocess.run([sys.executable, "-m", "metroscope", "analyze", "primacy-trend",
                          "--parent-total", "x=1"], check=False, capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "YEAR=VALUE" in bad.stderr and "Traceback" not in bad.stderr


def test_headline_card_names_its_denominator(region: metroscope.Region) -> None:
    from metroscope.report._inputs import ReportInputs
    from metroscope.report.sections.summary import _primacy_headlines

    items = {h.key: h for h in _primacy_headlines(ReportInputs(region=region, strict=True))}
    h = items["core_gdp_share"]
    # the latest year with Jilin's own total (2023: 长春 / 吉林省 reported GDP), not the 2024
    # share on the sum of the 9 prefectures (53.93 %), as on the dashboard's card
    hand = 100 * _gdp(region, "220100", 2023) / _gdp(region, "220000", 2023)
    assert h.value == pytest.approx(hand, rel=1e-12) and h.year == "2023"
    assert h.value == pytest.approx(51.75, abs=0.005)
    assert h.note is not None
    assert "total reported for Jilin" in h.note.en and "sum of the" not in h.note.en
    assert "53.1%" in h.note.en and "2024" in h.note.en  # the published figure, explained
    assert "2023" in h.note.en and "2.3%" in h.note.en  # units' sum 2.3 % below the official


def test_report_and_dashboard_cards_share_one_rule(region: metroscope.Region) -> None:
    """The report's headline card and the dashboard's card: same value, same year (F8)."""
    from metroscope.indicators.primacy import headline_share_year
    from metroscope.report._inputs import ReportInputs
    from metroscope.report.sections.summary import _primacy_headlines
    from metroscope.web.pages._cards import primacy_card

    trend = primacy_trend(region, measure="gdp")
    assert headline_share_year(trend) == 2023  # 2024 has the units' sum only
    card = primacy_card("en", trend, region)
    items = {h.key: h for h in _primacy_headlines(ReportInputs(region=region, strict=True))}
    h = items["core_gdp_share"]
    assert card is not None and (card.period, card.value) == (h.year, "51.7%")
    assert h.display.en == card.value
    # no value at all, or no share column: no headline year
    assert headline_share_year(trend.assign(share_of_parent_pct=float("nan"))) is None
    assert headline_share_year(trend.drop(columns="share_of_parent_pct")) is None
    assert h.source_kind is not None and "aggregator" in h.source_kind.en


def test_cards_without_an_official_total_use_and_name_the_units_sum(
        region: metroscope.Region) -> None:
    """Without the province's own GDP in any year the rule falls back to the sum of the
    prefectures, in its latest complete year (2024: 7,632.19 / 14,152.82 = 53.93 %), and both
    cards say so."""
    from metroscope.indicators.primacy import headline_share_year
    from metroscope.report._inputs import ReportInputs
    from metroscope.report.sections.summary import _primacy_headlines
    from metroscope.web.pages._cards import primacy_card

    st = region.stats
    bare = region.with_tables(stats=st[~((st["code"] == "220000") & (st["indicator"] == "gdp"))])
    trend = primacy_trend(bare, measure="gdp")
    assert headline_share_year(trend) == 2024
    hand = 100 * 7632.19 / sum(_gdp(region, c, 2024) for c in PREFECTURES)
    card = primacy_card("en", trend, bare)
    assert card is not None and card.period == "2024" and card.value == f"{hand:.1f}%"
    assert "sum of the prefectures" in card.label
    zh = primacy_card("zh", trend, bare)
    assert zh is not None and "各地级单元之和" in zh.label
    h = {x.key: x for x in _primacy_headlines(ReportInputs(region=bare, strict=True))}[
        "core_gdp_share"]
    assert h.value == pytest.approx(hand, rel=1e-12) and h.year == "2024"
    assert h.note is not None and "sum of" in h.note.en and "9 units" in h.note.en


def test_primacy_and_primacy_trend_commands_agree_year_by_year() -> None:
    """``analyze primacy --year Y`` and ``analyze primacy-trend`` print the same
    share_of_parent_pct and parent_basis for Y (before, 2024 read 53.927 on the units' sum
    in the first and was empty in the second). Hand values from the stats table: 2023
    100 x 7002.06 / 13531.19 = 51.7 (the province's own total); 2024 missing (no provincial
    total; the units' sum 100 x 7632.19 / 14152.82 = 53.9 has its own row)."""
    from _web import cli_json

    def run(*args: str) -> list[dict[str, object]]:
        return cli_json("analyze", *args, "--measure", "gdp")  # type: ignore[no-any-return]

    trend = {int(r["year"]): r for r in run("primacy-trend")}  # type: ignore[call-overload]
    hand = {2023: round(100 * 7002.06 / 13531.19, 1), 2024: None}
    for year, want in hand.items():
        rows = {r["metric"]: r for r in run("primacy", "--year", str(year))}
        share = rows["share_of_parent_pct"]["value"]
        assert trend[year]["share_of_parent_pct"] == (None if want is None else
                                                     pytest.approx(want, abs=0.05))
        assert (share is None) == (want is None)
        if want is not None:
            assert share == pytest.approx(want, abs=0.05)
    units = {r["metric"]: r for r in run("primacy", "--year", "2024")}["share_of_units_sum_pct"]
    assert units["value"] == round(100 * 7632.19 / 14152.82, 1)  # to 0.1 %, as the trend
    assert trend[2024]["share_units_sum_pct"] == pytest.approx(53.9)
