"""The evidence behind location quotients checked against formulas written out in this test
(mutation testing, docs/testing.md): the interval of Moineddin, Beyene & Boyle (2003),
var(ln LQ) = 1/e_ij − 1/e_i + 1/E_j − 1/E, the reliability flag, the comparison bases and
their labels.

Toy data: the toy province of the indicator tests (990000 with A, B, C, D; employment
manufacturing / finance / agriculture A (500, 300, 200), B (300, 50, 150), C (100, 50, 350),
D (100, 100, 300)) and a two-province table built here.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import (
    EMP_2010,
    EMP_COUNTY,
    EMPLOYMENT,
    INDUSTRY3,
    _stat,
    rich_employment_region,
    toy_region,
)
from metroscope import MissingDataError
from metroscope.indicators.lq_evidence import (
    evidence_table,
    flag,
    lq_confidence,
    lq_evidence,
    lq_inputs,
    reference_for,
)
from metroscope.region import Region

Z = 1.959963984540054


def _interval(e: float, ei: float, big_j: float, big: float, z: float = Z) -> tuple:
    lq = (e / ei) / (big_j / big)
    se = math.sqrt(1 / e - 1 / ei + 1 / big_j - 1 / big)
    return lq, lq * math.exp(-z * se), lq * math.exp(z * se)


def test_lq_confidence_elementwise_with_zero_cells_and_another_z() -> None:
    e = np.array([50.0, 0.0, 7.0, 20.0, 1000.0])
    ei = np.array([1000.0, 400.0, 70.0, 200.0, 1000.0])
    bj = np.array([2000.0, 500.0, 0.0, 3000.0, 100000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lq, lo, hi = lq_confidence(e, ei, bj, 100000.0, z=1.0)
    for k in (0, 3):
        want = _interval(e[k], ei[k], bj[k], 100000.0, z=1.0)
        assert (lq[k], lo[k], hi[k]) == pytest.approx(want, rel=1e-12)
    assert lq[1] == 0.0 and math.isnan(lo[1]) and math.isnan(hi[1])  # nobody in the cell
    assert math.isnan(lq[2]) and math.isnan(lo[2]) and math.isnan(hi[2])  # E_j = 0
    # the whole unit in one industry that is the whole reference: var 0, a point interval
    assert (lq[4], lo[4], hi[4]) == pytest.approx((1.0, 1.0, 1.0))
    lq1, lo1, hi1 = lq_confidence([30], [100], [2000], 10000.0)  # lists, the default z
    assert (lq1[0], lo1[0], hi1[0]) == pytest.approx(_interval(30, 100, 2000, 10000), rel=1e-12)
    # one sampled person, one person of the industry in the reference: still an interval
    lq2, lo2, hi2 = lq_confidence(np.array([1.0, 3.0]), np.array([10.0, 10.0]),
                                  np.array([5.0, 1.0]), 50.0)
    for k, (e, bj) in enumerate(((1.0, 5.0), (3.0, 1.0))):
        assert (lq2[k], lo2[k], hi2[k]) == pytest.approx(_interval(e, 10.0, bj, 50.0), rel=1e-12)


@pytest.mark.parametrize(("args", "want"), [
    ((30.0, 1.5, 1.1, 2.0, 30), "ok"),
    ((29.0, 1.5, 1.1, 2.0, 30), "small_sample"),
    ((29.9, 1.5, 1.1, 2.0, 30), "small_sample"),
    ((0.0, 0.0, math.nan, math.nan, 30), "zero"),
    ((1.0, 2.0, 0.1, 30.0, 30), "small_sample"),
    ((0.5, 2.0, 0.1, 30.0, 30), "small_sample"),
    ((5.0, math.nan, math.nan, math.nan, 30), "no_reference"),
    ((5.0, math.inf, math.nan, math.nan, 30), "no_reference"),
    ((0.0, math.nan, math.nan, math.nan, 30), "no_reference"),
    ((40.0, 1.2, 1.0, 1.6, 30), "ci_straddles_1"),
    ((40.0, 0.8, 0.6, 1.0, 30), "ci_straddles_1"),
    ((40.0, 0.8, 0.6, 0.999, 30), "ok"),
    ((40.0, 1.1, 1.001, 1.3, 30), "ok"),
    ((40.0, 1.1, 1.001, 1.3, 41), "small_sample"),
])
def test_flag_every_branch_and_its_boundaries(args: tuple, want: str) -> None:
    assert flag(*args) == want


def test_evidence_table_every_cell_against_the_province_by_hand() -> None:
    ev = lq_evidence(toy_region())
    units = list(EMPLOYMENT)
    big = [sum(EMPLOYMENT[c][j] for c in units) for j in range(3)]
    assert list(ev.columns) == ["lq", "sample_persons", "unit_sample_persons", "ci_low",
                                "ci_high", "flag", "reliable"]
    assert ev.index.names == ["code", "industry"] and len(ev) == 12
    for c in units:
        for j, k in enumerate(INDUSTRY3):
            row = ev.loc[(c, k)]
            e, ei = EMPLOYMENT[c][j], sum(EMPLOYMENT[c])
            assert (row["lq"], row["ci_low"], row["ci_high"]) == pytest.approx(
                _interval(e, ei, big[j], sum(big)), rel=1e-12)
            assert row["sample_persons"] == e and row["unit_sample_persons"] == ei
            want = "ci_straddles_1" if row["ci_low"] <= 1 <= row["ci_high"] else "ok"
            assert row["flag"] == want and bool(row["reliable"]) is (want == "ok")
    assert ev.loc[("990400", "finance"), "flag"] == "ci_straddles_1"  # LQ exactly 1
    meta = ev.attrs["metroscope"]
    assert meta["indicator"] == "lq_evidence" and meta["level"] == "prefecture"
    assert meta["parameters"]["min_sample_persons"] == 30
    assert meta["parameters"]["reference"] == "province: 省 990000 (sum of its 4 units at level " \
                                              "prefecture)"
    assert meta["parameters"]["ci"] == ("95%, Moineddin, Beyene & Boyle 2003, 'On the location "
                                        "quotient confidence interval', Geographical Analysis "
                                        "35(3):249-256 (delta method)")
    assert meta["notes"][-1] == ("1 of 12 cells are not reliable (fewer than 30 sampled persons, "
                                 "or a 95 % interval containing 1): they are not evidence of "
                                 "specialisation")


def test_min_sample_and_the_units_base() -> None:
    ev = lq_evidence(toy_region(), codes=["990200", "990300"], base="units", min_sample=100)
    sub = {c: EMPLOYMENT[c] for c in ("990200", "990300")}
    big = [sum(v[j] for v in sub.values()) for j in range(3)]
    n_bad = 0
    for c, vals in sub.items():
        for j, k in enumerate(INDUSTRY3):
            row = ev.loc[(c, k)]
            lq, lo, hi = _interval(vals[j], sum(vals), big[j], sum(big))
            assert (row["lq"], row["ci_low"], row["ci_high"]) == pytest.approx((lq, lo, hi))
            want = ("small_sample" if vals[j] < 100 else
                    "ci_straddles_1" if lo <= 1 <= hi else "ok")
            assert row["flag"] == want
            n_bad += want != "ok"
    meta = ev.attrs["metroscope"]
    assert meta["parameters"]["reference"] == "units: the units compared themselves"
    assert meta["parameters"]["min_sample_persons"] == 100
    assert meta["notes"][-1].startswith(f"{n_bad} of 6 cells are not reliable (fewer than 100 ")


def test_evidence_table_reindexes_reference_totals_and_marks_missing_ones() -> None:
    emp, _, _ = lq_inputs(toy_region(), year=None, level="prefecture", codes=None,
                          industries=None, base="units")
    ref = pd.Series({"finance": 1000.0, "manufacturing": 2000.0})  # no agriculture, other order
    t = evidence_table(emp, ref, min_sample=100)
    a = t.loc[("990100", "manufacturing")]
    assert (a["lq"], a["ci_low"], a["ci_high"]) == pytest.approx(_interval(500, 1000, 2000,
                                                                           3000))
    b = t.loc[("990200", "finance")]  # 50 persons, under 100
    assert b["lq"] == pytest.approx((50 / 500) / (1000 / 3000)) and b["flag"] == "small_sample"
    gone = t.xs("agriculture", level="industry")
    assert gone["lq"].isna().all() and (gone["flag"] == "no_reference").all()
    assert not gone["reliable"].any()


# --- comparison bases --------------------------------------------------------------------------

def _two_provinces(roles: dict[str, str], province_rows: bool = False) -> Region:
    """Provinces 910000 (prefectures 910100, 910200) and 920000 (920100, 920200)."""
    emp = {"910100": (60, 30, 10), "910200": (20, 40, 40), "920100": (10, 10, 80),
           "920200": (50, 25, 25)}
    units = [{"code": p, "name_zh": n, "name_en": n, "level": "province", "parent": pd.NA,
              "role": roles.get(p, "context")} for p, n in (("910000", "甲省"), ("920000", "乙省"))]
    units += [{"code": c, "name_zh": c, "name_en": c, "level": "prefecture",
               "parent": c[:2] + "0000", "role": roles.get(c, "context")} for c in emp]
    stats = [_stat(c, 2020, f"employed_sample_{k}", v, "persons")
             for c, vals in emp.items() for k, v in zip(INDUSTRY3, vals, strict=True)]
    if province_rows:
        stats += [_stat("910000", 2020, f"employed_sample_{k}", v, "persons")
                  for k, v in zip(INDUSTRY3, (700, 500, 800), strict=True)]
    return Region(name="two", units=pd.DataFrame(units), stats=pd.DataFrame(stats))


def test_auto_base_picks_the_province_and_leaves_the_other_province_out() -> None:
    r = _two_provinces({"910100": "core", "910200": "partial"})
    emp, ref, label = lq_inputs(r, year=None, level="prefecture", codes=None, industries=None,
                                base="auto")
    assert list(emp.matrix.index) == ["910100", "910200"]
    assert ref.to_dict() == {"manufacturing": 80.0, "finance": 70.0, "agriculture": 50.0}
    assert label == "province: 甲省 910000 (sum of its 2 units at level prefecture)"
    assert label.zh == "本省:甲省 910000(其 2 个地级单元之和)"
    assert emp.notes[-1] == ("units outside 910000 left out (the base is the province): "
                             "920100, 920200")
    # codes given: nobody is left out, the base stays the province
    emp2, ref2, _ = lq_inputs(r, year=None, level="prefecture", codes=["910100", "920200"],
                              industries=None, base="auto")
    assert list(emp2.matrix.index) == ["910100", "920200"] and ref2.equals(ref)
    # the province's own census row is preferred to the sum of its units
    own = _two_provinces({"910100": "core"}, province_rows=True)
    ref3, used, why = reference_for(own, year=2020)
    assert used == "province" and ref3.to_dict() == {"manufacturing": 700.0, "finance": 500.0,
                                                     "agriculture": 800.0}
    assert why == "甲省 910000 (its own census figures)"


def test_members_in_two_provinces_take_the_nation_or_refuse_the_province() -> None:
    r = _two_provinces({"910100": "core", "920100": "member"})
    ref, used, why = reference_for(r, year=2020)
    assert used == "nation" and why == "China (all prefecture-level units, census city file)"
    from metroscope.datasets import load

    china = load("china")
    s, u = china.stats, china.units
    pref = set(u.index[u["level"] == "prefecture"])
    rows = s[(s["year"] == 2020) & s["code"].isin(pref)
             & s["indicator"].isin([f"employed_sample_{k}" for k in INDUSTRY3])]
    hand = rows.groupby("indicator")["value"].sum()
    for k in INDUSTRY3:
        assert ref[k] == pytest.approx(hand[f"employed_sample_{k}"], rel=1e-12)
    with pytest.raises(MissingDataError) as err:
        reference_for(r, base="province", year=2020)
    assert str(err.value) == ("No single province holds the core and the members: use "
                              "base='nation' or 'units', or pass reference=[codes].")
    lq = lq_evidence(r, base="units")
    assert len(lq) == 12  # every unit kept: the base is not a province


def test_no_province_in_the_data_and_unknown_bases() -> None:
    units = pd.DataFrame({"code": ["a", "b"], "name_zh": ["a", "b"], "name_en": ["a", "b"],
                          "level": "prefecture", "parent": pd.NA, "role": "member"})
    stats = pd.DataFrame([_stat(c, 2020, f"employed_sample_{k}", v, "persons")
                          for c, vals in {"a": (5, 3, 2), "b": (1, 1, 8)}.items()
                          for k, v in zip(INDUSTRY3, vals, strict=True)])
    r = Region(name="flat", units=units, stats=stats)
    assert reference_for(r, year=2020) == (None, "units",
                                           "the units compared themselves (no province in the "
                                           "data)")
    nobody = Region(name="flat", units=units.assign(role="context"), stats=stats)
    ref, used, why = reference_for(nobody, year=2020)
    assert ref is None and used == "units" and why.zh == "所比较的单元本身(数据中没有省份)"
    with pytest.raises(MissingDataError) as err:
        reference_for(r, base="city", year=2020)
    assert str(err.value) == ("Unknown comparison base 'city'; choose one of auto, province, "
                              "nation, units.")
    with pytest.raises(MissingDataError):
        reference_for(r, base="province", year=2020)


def test_a_province_without_employment_is_refused() -> None:
    r = _two_provinces({"910100": "core"})
    s = r.stats[~r.stats["code"].str.startswith("91")]
    with pytest.raises(MissingDataError) as err:
        reference_for(r.with_tables(stats=s), base="province", year=2020)
    assert str(err.value) == "No unit of province 910000 has employment by industry in 2020."


def test_without_the_china_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    import metroscope.datasets as ds
    from metroscope.indicators import lq_evidence as mod

    monkeypatch.setattr(ds, "list_datasets", lambda: ["changchun"])
    mod._nation_totals.cache_clear()
    try:
        r = _two_provinces({"910100": "core", "920100": "member"})
        ref, used, why = reference_for(r, year=2020)
        assert ref is None and used == "units"
        assert why == ("the units compared themselves (no single province and no national "
                       "data)")
        with pytest.raises(MissingDataError) as err:
            reference_for(r, base="nation", year=2020)
        assert str(err.value) == ("The nation base needs the embedded 'china' dataset, which "
                                  "is not built.")
    finally:
        mod._nation_totals.cache_clear()


def test_a_member_without_a_province_means_the_units_base() -> None:
    r = _two_provinces({"910100": "core", "920100": "member"})
    units = r.units.reset_index()
    units.loc[units["code"] == "920100", "parent"] = pd.NA
    r2 = Region(name="two", units=units, stats=r.stats)
    ref, used, why = reference_for(r2, year=2020)
    assert ref is None and used == "units"
    assert why == "the units compared themselves (no province in the data)"


# --- year, level, codes and industries; the province's own row ------------------------------

def _hand_rows(table: dict, ref: dict, cols: tuple[int, ...] = (0, 1, 2)) -> dict:
    big = {j: sum(v[j] for v in ref.values()) for j in cols}
    tot = sum(big.values())
    return {(c, INDUSTRY3[j]): _interval(v[j], sum(v[i] for i in cols), big[j], tot)
            for c, v in table.items() for j in cols}


@pytest.mark.parametrize(("kw", "table", "cols", "n_ref"), [
    ({"year": 2010}, EMP_2010, (0, 1, 2), "4 units at level prefecture"),
    ({"level": "county"}, EMP_COUNTY, (0, 1, 2), "6 units at level county"),
    ({"industries": ["employed_sample_finance", "employed_sample_agriculture"]}, EMPLOYMENT,
     (1, 2), "4 units at level prefecture"),
])
def test_lq_evidence_takes_year_level_industries(kw: dict, table: dict, cols: tuple,
                                                 n_ref: str) -> None:
    ev = lq_evidence(rich_employment_region(), **kw)
    hand = _hand_rows(table, table, cols)
    assert set(ev.index) == set(hand)
    for key, want in hand.items():
        assert tuple(ev.loc[key, ["lq", "ci_low", "ci_high"]]) == pytest.approx(want, rel=1e-12)
    meta = ev.attrs["metroscope"]
    assert meta["year"] == kw.get("year", 2020) and meta["level"] == kw.get("level",
                                                                            "prefecture")
    assert meta["parameters"]["reference"] == f"province: 省 990000 (sum of its {n_ref})"
    assert not any("left out" in str(n) for n in meta["notes"])  # every unit is inside


def test_lq_evidence_against_the_province_own_row_and_the_codes() -> None:
    t = toy_region()
    prov = (2000, 800, 1700)
    own = [_stat("990000", 2020, f"employed_sample_{k}", v, "persons")
           for k, v in zip(INDUSTRY3, prov, strict=True)]
    r = t.with_tables(stats=pd.concat([t.stats, pd.DataFrame(own)], ignore_index=True))
    ev = lq_evidence(r, codes=["990200", "990400"])
    hand = _hand_rows({c: EMPLOYMENT[c] for c in ("990200", "990400")}, {"990000": prov})
    assert set(ev.index) == set(hand)
    for key, want in hand.items():
        assert tuple(ev.loc[key, ["lq", "ci_low", "ci_high"]]) == pytest.approx(want, rel=1e-12)
    assert ev.attrs["metroscope"]["parameters"]["reference"] == (
        "province: 省 990000 (its own census figures)")


def test_provinces_as_members_and_a_province_without_units_in_the_table() -> None:
    # the members are provinces themselves: two provinces, so the nation
    r = _two_provinces({"910000": "core", "920000": "member"})
    assert reference_for(r, year=2020)[1] == "nation"
    one = _two_provinces({"910000": "core"}, province_rows=True)
    assert reference_for(one, year=2020)[1:] == ("province",
                                                 "甲省 910000 (its own census figures)")
    # the province's own row is the base but none of its units has employment: the units
    # outside are kept (nothing else to compare)
    s = one.stats[~one.stats["code"].isin(["910100", "910200"])]
    ev = lq_evidence(one.with_tables(stats=s))
    out = {"920100": (10, 10, 80), "920200": (50, 25, 25)}
    hand = _hand_rows(out, {"910000": (700, 500, 800)})
    assert set(ev.index) == set(hand)
    for key, want in hand.items():
        assert tuple(ev.loc[key, ["lq", "ci_low", "ci_high"]]) == pytest.approx(want, rel=1e-12)


def test_the_year_reaches_the_nation_and_the_province_row() -> None:
    # the embedded national table has employment by industry for 2020 only
    r = _two_provinces({"910100": "core", "920100": "member"})
    r10 = r.with_tables(stats=r.stats.assign(year=2010))
    ref, used, why = reference_for(r10, year=2010)
    assert ref is None and used == "units" and why.key == "lq_ref_units_no_nation"
    with pytest.raises(MissingDataError):
        reference_for(r10, base="nation", year=2010)
    # the province's own row of the year asked, not its latest
    one = _two_provinces({"910100": "core"}, province_rows=True)
    old = [_stat("910000", 2010, f"employed_sample_{k}", v, "persons")
           for k, v in zip(INDUSTRY3, (100, 200, 300), strict=True)]
    both = one.with_tables(stats=pd.concat([one.stats, pd.DataFrame(old)], ignore_index=True))
    ref, used, _ = reference_for(both, year=2010)
    assert used == "province" and ref.to_dict() == {"manufacturing": 100.0, "finance": 200.0,
                                                    "agriculture": 300.0}


def test_a_province_row_lacking_an_industry_asked_gives_way_to_the_sum_of_its_units() -> None:
    one = _two_provinces({"910100": "core"}, province_rows=True)
    s = one.stats[~((one.stats["code"] == "910000")
                    & (one.stats["indicator"] == "employed_sample_agriculture"))]
    two = ["employed_sample_manufacturing", "employed_sample_agriculture"]
    ref, used, why = reference_for(one.with_tables(stats=s), year=2020, industries=two)
    assert used == "province" and why.key == "lq_ref_province_sum"
    assert ref.to_dict() == {"manufacturing": 80.0, "agriculture": 50.0}  # 910100 + 910200


def test_the_province_sum_label_names_the_level_in_each_language() -> None:
    r = rich_employment_region()
    _, _, why = reference_for(r, year=2020, level="county")
    assert why == "省 990000 (sum of its 6 units at level county)"
    assert why.zh == "省 990000(其 6 个县级单元之和)"
    _, _, why = reference_for(r, year=2020)
    assert why.zh == "省 990000(其 4 个地级单元之和)"


def test_lq_evidence_with_industries_asked_and_a_province_row_lacking_one() -> None:
    one = _two_provinces({"910100": "core"}, province_rows=True)
    s = one.stats[~((one.stats["code"] == "910000")
                    & (one.stats["indicator"] == "employed_sample_agriculture"))]
    two = ["employed_sample_manufacturing", "employed_sample_agriculture"]
    ev = lq_evidence(one.with_tables(stats=s), industries=two)
    units = {"910100": (60, 0, 10), "910200": (20, 0, 40)}  # the sum of both is the base
    hand = _hand_rows(units, units, (0, 2))
    assert set(ev.index) == set(hand)
    for key, want in hand.items():
        assert tuple(ev.loc[key, ["lq", "ci_low", "ci_high"]]) == pytest.approx(want, rel=1e-12)


def test_the_province_sum_reads_the_units_of_its_level_only() -> None:
    # a county without finance does not take finance out of the prefectures' sum
    r = rich_employment_region()
    s = r.stats[~((r.stats["code"] == "990401")
                  & (r.stats["indicator"] == "employed_sample_finance"))]
    ev = lq_evidence(r.with_tables(stats=s))
    hand = _hand_rows(EMPLOYMENT, EMPLOYMENT)
    assert set(ev.index) == set(hand)
    for key, want in hand.items():
        assert tuple(ev.loc[key, ["lq", "ci_low", "ci_high"]]) == pytest.approx(want, rel=1e-12)
