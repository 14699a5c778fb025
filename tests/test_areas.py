"""The 18 national metropolitan areas: membership, names, the comparison and its ranks.

Expected values are recomputed independently: from the census city file and the area CSV in
../shared/data (skipped when absent), and from the embedded ``changchun`` dataset, whose
county rows are built by a different function of the builder.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import metroscope
from _shared_data import SHARED, needs_shared
from metroscope import UnknownRegionError, _areas_figures, areas


@pytest.fixture(scope="module")
def china() -> metroscope.Region:
    return metroscope.load("china")


@pytest.fixture(scope="module")
def table(china: metroscope.Region) -> pd.DataFrame:
    return areas.compare(china)


@needs_shared
def test_order_and_dates_match_the_csv(china: metroscope.Region) -> None:
    src = pd.read_csv(SHARED / "scout_curated/national_metro_areas.csv", dtype=str)
    lst = areas.list_areas(china)
    assert list(lst.index) == list(src["metro_area"])
    assert list(lst["order"]) == [int(o) for o in src["order"]]
    # the published date is kept verbatim; a second date given in the source goes to the note
    assert list(lst["ndrc_reply"]) == [d.split(" (")[0] for d in src["ndrc_reply"]]
    assert lst.at["福州都市圈", "ndrc_reply_note"] == "another page: 2021-05-26"
    listed = src["members_verified"].fillna("").str.strip() != ""
    assert list(lst["members_listed"]) == list(listed)
    # rows whose source asks to re-verify are listed but not verified
    reverify = src["sources"].str.contains("re-verify")
    assert list(lst["members_verified"]) == list(listed & ~reverify)


@needs_shared
def test_population_of_whole_prefecture_areas_from_the_city_file(table: pd.DataFrame) -> None:
    city = pd.read_csv(SHARED / "census/census_city_2010-2020_v1.csv")
    for area, cities in (("成都都市圈", ["成都市", "德阳市", "眉山市", "资阳市"]),
                         ("沈阳都市圈", ["沈阳市", "鞍山市", "抚顺市", "本溪市", "阜新市",
                                     "辽阳市", "铁岭市"])):
        rows = city[city["city"].str.strip().isin(cities)]
        assert len(rows) == len(cities)
        assert table.at[area, "population_2020"] == rows["popu_2020"].sum()
    # 沈阳's 2010 county rows add up to the city file's boundary-adjusted 2010 total
    rows = city[city["city"].str.strip().isin(["沈阳市", "鞍山市", "抚顺市", "本溪市", "阜新市",
                                               "辽阳市", "铁岭市"])]
    assert table.at["沈阳都市圈", "population_2010"] == rows["popu_2010"].sum()


def test_changchun_core_agrees_with_the_embedded_dataset(china: metroscope.Region,
                                                         table: pd.DataFrame) -> None:
    cc = metroscope.load("changchun")
    core_cc = set(cc.units.index[(cc.units["role"] == "core") & (cc.units["level"] == "county")])
    area = china.metro_area("长春")
    core_cn = set(area.units.index[(area.units["role"] == "core")
                                   & (area.units["level"] == "county")])
    assert core_cc == core_cn == {"220102", "220103", "220104", "220105", "220106",
                                  "220171", "220172", "220173", "220174"}
    pop = cc.table("population", 2020, level="county")["population"]
    assert table.at["长春都市圈", "core_population_2020"] == pop.reindex(sorted(core_cc)).sum()
    # members and partial units: the plan's county list in both datasets
    for role in ("member", "partial"):
        a = set(cc.units.index[(cc.units["role"] == role) & (cc.units["level"] == "county")])
        b = set(area.units.index[(area.units["role"] == role) & (area.units["level"] == "county")])
        assert a == b, role


def test_every_area_membership_count_and_core_population(china: metroscope.Region,
                                                         table: pd.DataFrame) -> None:
    lst = areas.list_areas(china)
    m = china.extra["metro_areas"]
    pop = china.stats[(china.stats["indicator"] == "population") & (china.stats["year"] == 2020)]
    pop = pop.set_index("code")["value"]
    for name, row in lst.iterrows():
        rows = m[m["metro_area"] == name]
        assert row["n_units"] == len(rows) > 0
        core = rows.loc[rows["role"] == "core", "code"]
        # every core unit is a county-level unit of the core prefecture
        assert set(china.units.loc[core, "parent"]) == {row["core_code"]}
        assert table.at[name, "core_population_2020"] == pytest.approx(pop.reindex(core).sum())
        if not row["members_listed"]:
            assert set(rows["role"]) == {"core"}
            assert math.isnan(table.at[name, "population_2020"])
            assert table.at[name, "why_population_2020"] == "members_not_published"


def test_names_short_forms_and_errors(china: metroscope.Region) -> None:
    for name in ("南京都市圈", "南京", "南京市", "Nanjing", "nanjing"):
        assert china.metro_area(name).meta["metro_area"] == "南京都市圈"
    assert china.metro_area("长沙").meta["metro_area"] == "长株潭都市圈"
    with pytest.raises(UnknownRegionError) as err:
        china.metro_area("北京都市圈")  # not among the 18 NDRC-approved areas of the source
    msg = str(err.value)
    assert "北京都市圈" in msg and "长春都市圈 (长春)" in msg and "18" in msg
    with pytest.raises(UnknownRegionError, match=r"metroscope\.load"):
        metroscope.load("changchun").metro_area("长春")


def test_unverified_flag_reaches_the_area(china: metroscope.Region) -> None:
    assert china.metro_area("重庆").meta["members_verified"] is False
    assert "not published" in china.metro_area("重庆").meta["members_status"]
    assert china.metro_area("成都").meta["members_status"].endswith("re-verify")
    assert china.metro_area("长春").meta["members_verified"] is True


def test_missing_values_say_why_never_zero(table: pd.DataFrame) -> None:
    listed = table["members_status"].str.startswith("listed")
    low = table["accessibility_60min_lower_bound_pct"]
    assert low[listed].between(0, 100).all() and low[~listed].isna().all()
    for key in ("accessibility_60min_pct", "accessibility_60min_lower_bound_pct"):
        assert (table.loc[~listed, f"why_{key}"] == "members_not_published").all()
    # measured only where the area has its own routed network (changchun), never estimated
    acc = table["accessibility_60min_pct"]
    assert list(acc.dropna().index) == ["长春都市圈"]
    others = listed & (table.index != "长春都市圈")
    assert (table.loc[others, "why_accessibility_60min_pct"] == "estimated_network_only").all()
    for m in areas.MEASURES:
        missing = table[m.key].isna()
        assert (table.loc[missing, f"why_{m.key}"] != "").all(), m.key


@pytest.mark.parametrize(("name", "core_district"), [
    ("长春", "220104"),  # 朝阳区, the seat of 长春市's government (the routing seat unit)
    ("长株潭", "430104"),  # 岳麓区, 长沙市's
])
def test_lower_bound_is_a_recount_on_the_road_layer(china: metroscope.Region,
                                                      table: pd.DataFrame, name: str,
                                                      core_district: str) -> None:
    """The share within 60 min recounted from an independent shortest-path run (SciPy's
    Dijkstra on the road links as stored) and the census population. A prefecture's residents
    in none of its county-level units (its census figure less its units' sum: the 2020 zones
    without a code, 吉林市 255,303, 湘潭市 279,947) lie in its districts (xxxx01-20, xxxx7x):
    in the area when all those are, inside when all those are within 60 minutes."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    links = china.links[china.links["mode"] == "road"]
    nodes = sorted(set(links["from_node"]) | set(links["to_node"]))
    ix = {n: i for i, n in enumerate(nodes)}
    minutes = 60.0 * links["length_km"].to_numpy(float) / links["speed_kph"].to_numpy(float)
    a = [ix[n] for n in links["from_node"]]
    b = [ix[n] for n in links["to_node"]]
    g = csr_matrix((np.r_[minutes, minutes], (np.r_[a, b], np.r_[b, a])),
                   shape=(len(nodes), len(nodes)))
    acc = china.access.set_index("code")
    area = china.metro_area(name)
    start = ix[acc.loc[core_district, "node_id"]]
    dist = dijkstra(g, indices=start)
    roles = area.units[area.units["level"] == "county"]["role"]
    codes = [c for c in roles.index if roles[c] in ("core", "member")]
    pop = area.series("population", level="county")[2020].reindex(codes)
    t = pd.Series({c: dist[ix[acc.loc[c, "node_id"]]] + float(acc.loc[c, "minutes"])
                   for c in codes})
    total, inside = float(pop.sum()), float(pop[t <= 60].sum())
    u = china.units
    census = china.series("population", level="prefecture")[2020]
    county = china.series("population", level="county")[2020]
    zones = {}
    for pref in sorted({str(u.loc[c, "parent"]) for c in codes}):
        kids = [str(c) for c in u.index[(u["level"] == "county") & (u["parent"] == pref)]]
        districts = [c for c in kids if c[4] == "7" or "01" <= c[4:6] <= "20"]
        gap = float(census[pref] - county.reindex(kids).sum())
        if gap > 0 and set(districts) <= set(codes):
            zones[pref] = gap
            total += gap
            inside += gap if bool((t[districts] <= 60).all()) else 0.0
    # the zones of each area, and in 长株潭 湘潭's districts are all within 60 min
    assert zones == ({"220200": 255_303} if name == "长春" else {"430300": 279_947})
    assert (name == "长株潭") == (inside > pop[t <= 60].sum())
    got = table.at[f"{name}都市圈", "accessibility_60min_lower_bound_pct"]
    assert got == pytest.approx(100 * inside / total, abs=1e-9)


def test_shares_and_indices_are_consistent(table: pd.DataFrame) -> None:
    ok = table["population_2020"].notna()
    t = table[ok]
    np.testing.assert_allclose(t["core_share_pct"],
                               100 * t["core_population_2020"] / t["population_2020"])
    total = t[["employment_primary_pct", "employment_secondary_pct", "employment_tertiary_pct"]]
    np.testing.assert_allclose(total.sum(axis=1), 100.0)
    assert t["krugman_core_rest"].between(0, 2).all()
    assert t["industry_similarity_mean"].between(0, 1).all()


def test_zipf_and_cosine_by_hand() -> None:
    # an exact Zipf series size = 120 / rank gives q = 1
    assert _areas_figures._zipf_q(np.array([120.0, 60.0, 40.0, 30.0])) == pytest.approx(1.0)
    assert math.isnan(_areas_figures._zipf_q(np.array([10.0, 5.0])))
    a = pd.Series({"x": 1.0, "y": 0.0})
    b = pd.Series({"x": 0.0, "y": 1.0})
    c = pd.Series({"x": 1.0, "y": 1.0})
    # cos(a,b)=0, cos(a,c)=cos(b,c)=1/sqrt2 -> mean (0 + 2/sqrt2)/3
    assert _areas_figures._cosine_mean([a, b, c]) == pytest.approx(2 / math.sqrt(2) / 3)


def test_ranks_by_hand(table: pd.DataFrame) -> None:
    toy = pd.DataFrame({m.key: [1.0, np.nan, 3.0] for m in areas.MEASURES},
                       index=["a", "b", "c"])
    r = areas.ranks(toy)
    assert r.at["a", "population_2020"] == 2 and r.at["c", "population_2020"] == 1
    assert pd.isna(r.at["b", "population_2020"])
    assert r.at["a", "urban_share_cv"] == 1  # lower inequality ranks first
    assert r.at["a", "n_population_2020"] == 2
    # Changchun's core share among the 7 areas with members, by hand from the table:
    # 成都 50.8 > 长春 44.3 > 长株潭 42.3 > 西安 39.7 > 沈阳 35.3 > 福州 24.4 > 南京 21.4
    shares = table["core_share_pct"].dropna().sort_values(ascending=False)
    assert list(shares.index[:2]) == ["成都都市圈", "长春都市圈"]
    rk = areas.ranks(table)
    assert rk.at["长春都市圈", "core_share_pct"] == 2
    assert rk.at["长春都市圈", "n_core_share_pct"] == 7


# ---------------------------------------------------------------- other areas' reports
DEVELOPER_TEXT = ("No values of", "sqrt_pg", "metroscope.indicators.", "routed through None",
                  "Traceback", "missing data —", "数据缺失——")


@pytest.mark.slow
def test_reports_of_five_areas_are_honest(china: metroscope.Region) -> None:
    from metroscope.report import build_report, render_html

    for name in ("南京", "福州", "西安", "重庆", "长春"):
        area = china.metro_area(name)
        ctx = build_report(area, lang="en")
        html = render_html(ctx)
        for text in DEVELOPER_TEXT:
            assert text not in html, (name, text)
        heads = {h.key: h for s in ctx.sections for b in s.blocks if b.kind == "headlines"
                 for h in b.items}
        # the china dataset's network is the estimated ordinary-road layer: the circle is a
        # share in (0, 100] and the report says the roads are estimated (never a silent 0 %)
        circle = heads["circle_share_baseline"]
        assert circle.missing is None and 0 < float(circle.value) <= 100, (name, circle.value)
        assert "estimated ordinary roads" in html, name
        # the only GDP in the china dataset is 2015: its year is in the label, never "latest"
        gdp = heads["core_gdp"]
        assert gdp.year == "2015" and "2015" in gdp.label.en and "not a current value" in (
            gdp.label.en) and "latest" not in gdp.label.en.lower()
        among = next(s for s in ctx.sections if s.key == "areas")
        assert any(b.kind == "table" and b.table_id == "tab-areas" for b in among.blocks)


def test_report_table_periods_and_the_routed_share_label(table: pd.DataFrame) -> None:
    """Section 10: a change reads 2010→2020, a level its year, and the 60-minute shares (2020
    census population on today's network, not a change) say so; the routed share carries the
    circle's convention (core and member units, partial units apart) in its label."""
    from metroscope.report.sections.areas import comparison_table

    tab = comparison_table(table, areas.ranks(table), "长春都市圈")
    rows = {r[0].text.en: r for r in tab.rows}
    period = {label: r[-1].text.en for label, r in rows.items()}
    access = next(k for k in rows if k.startswith("Pop. within 60 min (own routed"))
    assert "core and member units, partial units apart" in access
    assert period[access] == "2020 population, today's network"
    assert rows[access][-1].text.zh == "2020年人口,现状网络"
    lower = next(k for k in rows if k.startswith("Pop. within 60 min, lower bound"))
    assert period[lower] == "2020 population, today's network"
    changes = [m.key for m in areas.MEASURES if m.year is None]
    assert changes == ["population_change_pct", "core_change_pct", "rest_change_pct"]
    assert sorted(v for v in period.values() if v == "2010→2020") == ["2010→2020"] * 3


def test_two_city_index_names_its_second_city(table: pd.DataFrame) -> None:
    """长春都市圈 (census 2020): the core's 9 units, 5,019,477 persons, over the rest of the core
    prefecture in the area, the largest other "city": 双阳 335,723 + 九台 613,836 + 农安 763,983
    + 德惠 635,476 + 公主岭 862,313 = 3,211,331; 沈阳都市圈 divides by a prefecture (鞍山
    210300)."""
    row = table.loc["长春都市圈"]
    assert row["primacy_second_city"] == "rest_of_core"
    rest = 335_723 + 613_836 + 763_983 + 635_476 + 862_313
    assert rest == 3_211_331
    assert row["primacy_two_city"] == pytest.approx(5_019_477 / rest, rel=1e-9)
    assert table.loc["沈阳都市圈", "primacy_second_city"] == "210300"
    missing = table["primacy_two_city"].isna()
    assert (table.loc[missing, "primacy_second_city"] == "").all()
    assert (table.loc[~missing, "primacy_second_city"] != "").all()


def test_a_measure_only_this_area_has_gets_no_rank_of_one(table: pd.DataFrame) -> None:
    """The own routed 60-minute share exists for 长春都市圈 alone (the one area with a routed
    network): "1 / 1" and a median equal to the value would read as "first of the areas"."""
    from metroscope.report.sections.areas import comparison_table

    ranks = areas.ranks(table)
    alone = [m.key for m in areas.MEASURES if int(ranks.at["长春都市圈", f"n_{m.key}"]) == 1]
    assert alone  # the own routed share
    tab = comparison_table(table, ranks, "长春都市圈")
    for m, row in zip(areas.MEASURES, tab.rows, strict=True):
        n = int(ranks.at["长春都市圈", f"n_{m.key}"])
        rank, median = row[2].text, row[3].text
        if m.key in alone:
            assert rank.en == "only this area has a value: no rank", m.key
            assert rank.zh == "仅本都市圈有此数据,无从排名"
            # no median of one value beside it (it would equal the value): the reason instead
            assert median.en == "—", m.key
        elif pd.notna(ranks.at["长春都市圈", m.key]):
            assert rank.en.endswith(f" of {n}") and n > 1, m.key
