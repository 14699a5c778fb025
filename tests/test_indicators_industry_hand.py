"""Industry measures of the toy province checked cell by cell against plain Python loops over the
employment table written in this test (mutation testing, docs/testing.md).

Toy employment (2020 sample counts; manufacturing, finance, agriculture):
A 990100 (500, 300, 200), B 990200 (300, 50, 150), C 990300 (100, 50, 350),
D 990400 (100, 100, 300). The province 990000 has no employment row of its own.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _indicator_fixtures import (
    EMP_2010,
    EMP_COUNTY,
    EMPLOYMENT,
    INDUSTRY3,
    _stat,
    employment_region,
    rich_employment_region,
    toy_region,
)
from metroscope import MissingDataError
from metroscope.indicators.industry import (
    CLUSTER_NOTE,
    division_of_labour,
    krugman_specialisation,
    location_quotients,
    revealed_comparative_advantage,
    target_clusters,
)


def _lq_by_hand(units: list[str], ref: list[str]) -> dict[tuple[str, str], float]:
    big = {k: sum(EMPLOYMENT[c][j] for c in ref) for j, k in enumerate(INDUSTRY3)}
    big_total = sum(big.values())
    out = {}
    for c in units:
        row_total = sum(EMPLOYMENT[c])
        for j, k in enumerate(INDUSTRY3):
            out[(c, k)] = (EMPLOYMENT[c][j] / row_total) / (big[k] / big_total)
    return out


def test_every_lq_cell_against_the_province_by_hand() -> None:
    lq = location_quotients(toy_region())
    units = ["990100", "990200", "990300", "990400"]
    assert sorted(lq.index) == units and sorted(lq.columns) == sorted(INDUSTRY3)
    for (c, k), v in _lq_by_hand(units, units).items():
        assert lq.at[c, k] == pytest.approx(v, rel=1e-12)


def test_krugman_every_unit_by_hand() -> None:
    k = krugman_specialisation(toy_region())
    units = list(EMPLOYMENT)
    for c in units:
        own = [v / sum(EMPLOYMENT[c]) for v in EMPLOYMENT[c]]
        rest = [sum(EMPLOYMENT[o][j] for o in units if o != c) for j in range(3)]
        rs = [v / sum(rest) for v in rest]
        assert k.at[c, "krugman_vs_rest"] == pytest.approx(
            sum(abs(a - b) for a, b in zip(own, rs, strict=True)), rel=1e-12)
    lq = _lq_by_hand(units, units)
    for c in units:
        assert k.at[c, "top_industry"] == max(INDUSTRY3, key=lambda ind, c=c: lq[(c, ind)])


@pytest.mark.parametrize("threshold", [1.0, 1.3, 0.5])
def test_rca_and_presence_every_cell_by_hand(threshold: float) -> None:
    r = revealed_comparative_advantage(toy_region(), threshold=threshold)
    units = list(EMPLOYMENT)
    hand = _lq_by_hand(units, units)
    assert len(r) == len(hand)
    for (c, k), v in hand.items():
        assert r.at[(c, k), "rca"] == pytest.approx(v, rel=1e-12)
        assert r.at[(c, k), "mcp"] == int(v >= threshold - 1e-12)
    assert r.attrs["metroscope"]["parameters"]["threshold"] == threshold


# --- division of labour --------------------------------------------------------------------

Z = 1.959963984540054  # the 0.975 normal quantile


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (Hyndman & Fan type 7)."""
    v = sorted(values)
    h = (len(v) - 1) * q
    lo = int(h)
    return v[lo] + (h - lo) * (v[min(lo + 1, len(v) - 1)] - v[lo])


def _division_by_hand(members: list[str], t: float, q: float, min_n: int) -> dict:
    units = list(EMPLOYMENT)  # the province is the sum of its four prefectures
    lq = _lq_by_hand(units, units)
    big = [sum(EMPLOYMENT[c][j] for c in units) for j in range(3)]
    m = {(c, k): int(lq[(c, k)] >= 1.0) for c in units for k in INDUSTRY3}
    ubi = {k: sum(m[(c, k)] for c in units) for k in INDUSTRY3}
    phi = {(p, r): sum(m[(c, p)] * m[(c, r)] for c in units) / max(ubi[p], ubi[r])
           for p in INDUSTRY3 for r in INDUSTRY3}
    dens = {(c, p): sum(m[(c, r)] * phi[(p, r)] for r in INDUSTRY3)
            / sum(phi[(p, r)] for r in INDUSTRY3) for c in units for p in INDUSTRY3}
    rows = {}
    for c in members:
        cut = _quantile([dens[(c, p)] for p in INDUSTRY3], q)
        for j, p in enumerate(INDUSTRY3):
            if not lq[(c, p)] > t:
                continue
            e, ei = EMPLOYMENT[c][j], sum(EMPLOYMENT[c])
            se = (1 / e - 1 / ei + 1 / big[j] - 1 / sum(big)) ** 0.5
            low, high = lq[(c, p)] * math.exp(-Z * se), lq[(c, p)] * math.exp(Z * se)
            strong = e >= min_n and low > t
            if strong:
                ev = "sufficient"
            elif e < min_n:
                ev = f"insufficient evidence: {e} sampled persons (< {min_n})"
            else:
                ev = f"insufficient evidence: 95 % interval {low:.2f}–{high:.2f} includes {t:g}"
            hi_d = dens[(c, p)] >= cut
            rows[(c, p)] = {"lq": lq[(c, p)], "ci_low": low, "ci_high": high,
                            "sample_persons": float(e), "evidence": ev,
                            "density": dens[(c, p)], "high_density": hi_d,
                            "recommended": strong and hi_d}
    return rows


@pytest.mark.parametrize(("t", "q", "min_n"), [(1.0, 0.5, 30), (1.4, 0.5, 30), (1.0, 0.9, 400), (1.0, 0.9, 30),
                                               (1.0, 0.1, 301), (0.7, 0.5, 300),
                                               (1.4, 0.5, 300)])
def test_division_of_labour_every_row_by_hand(t: float, q: float, min_n: int) -> None:
    d = division_of_labour(toy_region(), lq_threshold=t, density_quantile=q, min_sample=min_n)
    members = ["990100", "990200", "990300"]
    hand = _division_by_hand(members, t, q, min_n)
    assert set(d.index) == set(hand)
    assert list(d.columns) == ["name_zh", "industry_zh", "lq", "ci_low", "ci_high",
                               "sample_persons", "evidence", "density", "high_density",
                               "recommended", "target_clusters"]
    for key, exp in hand.items():
        row = d.loc[key]
        for col in ("lq", "ci_low", "ci_high", "sample_persons", "density"):
            assert row[col] == pytest.approx(exp[col], rel=1e-9), (key, col)
        assert str(row["evidence"]) == exp["evidence"], key
        assert row["high_density"] is exp["high_density"] or row["high_density"] == exp[
            "high_density"], key
        assert bool(row["recommended"]) is exp["recommended"], key
        assert row["name_zh"] == {"990100": "A市", "990200": "B市", "990300": "C市"}[key[0]]
    # ranked: members in order, sufficient rows first, then by the interval's lower bound
    order = sorted(hand, key=lambda k: (members.index(k[0]), hand[k]["evidence"] != "sufficient",
                                        -hand[k]["ci_low"]))
    assert list(d.index) == order
    meta = d.attrs["metroscope"]
    n_weak = sum(r["evidence"] != "sufficient" for r in hand.values())
    assert meta["parameters"]["lq_threshold"] == t
    assert meta["parameters"]["density_quantile"] == q
    assert meta["parameters"]["members"] == members
    assert meta["parameters"]["min_sample_persons"] == min_n
    assert str(meta["parameters"]["reference"]).startswith("province: ")
    assert (f"{n_weak} of {len(hand)} rows have insufficient evidence (fewer than {min_n} "
            f"sampled persons, or a 95 % LQ interval containing {t:g}): not recommended"
            ) in meta["notes"]
    assert meta["indicator"] == "division_of_labour" and meta["level"] == "prefecture"


def test_division_of_labour_members_in_the_order_given_and_the_cluster_texts() -> None:
    d = division_of_labour(toy_region(), members=["990300", "990100"])
    assert list(d.index) == [("990300", "agriculture"), ("990100", "finance"),
                             ("990100", "manufacturing")]
    assert d.attrs["metroscope"]["parameters"]["members"] == ["990300", "990100"]
    assert d.attrs["metroscope"]["parameters"]["min_sample_persons"] == 30  # the default
    assert list(d["industry_zh"]) == ["农林牧渔业", "金融业", "制造业"]
    assert d.at[("990300", "agriculture"), "target_clusters"] == ""
    assert d.at[("990100", "finance"), "target_clusters"] == ""
    cl = d.at[("990100", "manufacturing"), "target_clusters"]
    assert cl.en == ("new energy vehicles C36, optoelectronics C39, pharmaceuticals C27"
                     " — census cannot separate them")
    assert cl.zh == "新能源汽车 C36、光电信息 C39、医药健康 C27:人口普查无法区分"
    ev = d.at[("990100", "finance"), "evidence"]
    assert ev.zh == "充分"
    notes = d.attrs["metroscope"]["notes"]
    assert notes[-2] == CLUSTER_NOTE
    assert notes[-1].zh == "0/3行证据不足(抽样人数少于30人,或区位熵95%区间包含1):不予推荐"


def test_division_of_labour_refusals_in_full() -> None:
    with pytest.raises(MissingDataError) as err:
        division_of_labour(toy_region(), members=["990100", "990101", "999999"])
    assert str(err.value) == ("Members without complete employment data at level "
                              "'prefecture': ['990101', '999999'].")
    with pytest.raises(MissingDataError) as err:
        division_of_labour(toy_region(), members=[])
    assert str(err.value) == ("No member units (roles core/member/partial) at this level; "
                              "pass members=[...].")


# --- location quotients: reference regions with gaps, and the reliability note --------------

def _weak_by_hand(units: list[str], ref: list[str], min_n: int = 30) -> int:
    big = [sum(EMPLOYMENT[c][j] for c in ref) for j in range(3)]
    lq = _lq_by_hand(units, ref)
    weak = 0
    for c in units:
        for j, k in enumerate(INDUSTRY3):
            e = EMPLOYMENT[c][j]
            se = (1 / e - 1 / sum(EMPLOYMENT[c]) + 1 / big[j] - 1 / sum(big)) ** 0.5
            lo, hi = lq[(c, k)] * math.exp(-Z * se), lq[(c, k)] * math.exp(Z * se)
            weak += e < min_n or lo <= 1 <= hi
    return weak


def test_the_unreliable_lq_note_counts_by_hand() -> None:
    units = list(EMPLOYMENT)
    lq = location_quotients(toy_region())
    n_weak = _weak_by_hand(units, units)
    assert n_weak == 1  # D finance: LQ exactly 1
    assert lq.attrs["metroscope"]["notes"][-1] == (
        f"{n_weak} of 12 LQs are not reliable (fewer than 30 sampled persons or a 95 % "
        "interval containing 1); sample sizes and flags: metroscope analyze lq_evidence")
    sub = location_quotients(toy_region(), codes=["990100", "990300"],
                             reference=["990100", "990200"])
    n_sub = _weak_by_hand(["990100", "990300"], ["990100", "990200"])
    assert sub.attrs["metroscope"]["notes"][-1].startswith(f"{n_sub} of 6 LQs are not reliable")
    for (c, k), v in _lq_by_hand(["990100", "990300"], ["990100", "990200"]).items():
        assert sub.at[c, k] == pytest.approx(v, rel=1e-12)
    assert sub.attrs["metroscope"]["parameters"]["reference"] == "2 reference units"


def test_an_industry_the_reference_units_lack_gets_nan_and_a_note() -> None:
    r = employment_region({"a": (10, 5, 1), "b": (4, 6, 2), "r1": (3, 3, 0), "r2": (5, 1, 0)},
                          ("manufacturing", "finance", "mining"))
    s = r.stats[~(r.stats["code"].isin(["r1", "r2"])
                  & (r.stats["indicator"] == "employed_sample_mining"))]
    lq = location_quotients(r.with_tables(stats=s), codes=["a", "b"], reference=["r1", "r2"])
    # E over the industries the reference reports: manufacturing 8, finance 4 of 12
    assert lq.at["a", "manufacturing"] == pytest.approx((10 / 16) / (8 / 12))
    assert lq.at["b", "finance"] == pytest.approx((6 / 12) / (4 / 12))
    assert lq["mining"].isna().all() and (lq.dtypes == "float64").all()
    meta = lq.attrs["metroscope"]
    assert meta["parameters"]["reference"] == "2 reference units"
    assert meta["notes"][:2] == [
        "reference: industries missing for many units, left out (not read as 0): mining (2)",
        "industries missing from the reference region get no LQ (NaN): mining"]
    assert meta["notes"][2].startswith("4 of 6 LQs are not reliable")  # 4 cells under 30


def test_an_industry_the_province_row_lacks_gets_nan_and_a_note() -> None:
    t = toy_region()
    own = pd.DataFrame([_stat("990000", 2020, "employed_sample_manufacturing", 1000, "persons"),
                        _stat("990000", 2020, "employed_sample_finance", 600, "persons")])
    lq = location_quotients(t.with_tables(stats=pd.concat([t.stats, own])))
    assert lq.at["990100", "manufacturing"] == pytest.approx((500 / 1000) / (1000 / 1600))
    assert lq.at["990300", "finance"] == pytest.approx((50 / 500) / (600 / 1600))
    assert lq["agriculture"].isna().all() and lq["manufacturing"].notna().all()
    assert (lq.dtypes == "float64").all()
    meta = lq.attrs["metroscope"]
    assert meta["parameters"]["reference"] == "province: 省 990000 (its own census figures)"
    assert meta["notes"][0] == ("industries missing from the reference region get no LQ (NaN): "
                                "agriculture")


# --- Krugman's edge, the target clusters -----------------------------------------------------

def test_krugman_of_a_single_unit_is_nan_without_a_warning() -> None:
    import warnings

    r = employment_region({"a": (10, 5, 1)}, ("manufacturing", "finance", "mining"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        k = krugman_specialisation(r)
    assert list(k.index) == ["a"] and math.isnan(k.at["a", "krugman_vs_rest"])
    # every LQ is 1: the first column, in the catalogue's order
    assert k.at["a", "top_industry"] == k.attrs["metroscope"]["parameters"]["industries"][0]
    assert k.attrs["metroscope"]["indicator"] == "krugman_specialisation"


def test_target_clusters_table_in_full() -> None:
    t = target_clusters(toy_region())
    assert t.index.name == "cluster"
    assert list(t.index) == ["new_energy_vehicles", "optoelectronics", "pharmaceuticals"]
    assert list(t.columns) == ["name_zh", "gb_t_4754_division", "census_industry", "note"]
    assert list(t["name_zh"]) == ["新能源汽车", "光电信息", "医药健康"]
    assert [s.split()[0] for s in t["gb_t_4754_division"]] == ["C36", "C39", "C27"]
    assert (t["note"] == CLUSTER_NOTE).all()
    meta = t.attrs["metroscope"]
    assert meta["indicator"] == "target_clusters" and meta["region"] == "toy"
    assert meta["notes"] == [CLUSTER_NOTE]
    assert meta["reference"] == "GB/T 4754-2017 国民经济行业分类"
    assert target_clusters().attrs["metroscope"].get("region") is None


# --- year, level, codes and industries reach the employment table ----------------------------

def _lq_table(table: dict, ref: dict, cols: tuple[int, ...] = (0, 1, 2)) -> dict:
    big = {j: sum(v[j] for v in ref.values()) for j in cols}
    return {(c, INDUSTRY3[j]): (v[j] / sum(v[i] for i in cols)) / (big[j] / sum(big.values()))
            for c, v in table.items() for j in cols}


def _krugman_table(table: dict, cols: tuple[int, ...] = (0, 1, 2)) -> dict:
    out = {}
    for c, v in table.items():
        rest = [sum(w[j] for o, w in table.items() if o != c) for j in cols]
        own = [v[j] for j in cols]
        out[c] = sum(abs(a / sum(own) - b / sum(rest)) for a, b in zip(own, rest, strict=True))
    return out


CASES = [  # (keyword arguments, the employment table they select, the industry columns)
    ({"year": 2010}, EMP_2010, (0, 1, 2)),
    ({"level": "county"}, EMP_COUNTY, (0, 1, 2)),
    ({"codes": ["990100", "990200", "990300"]},
     {c: EMPLOYMENT[c] for c in ("990100", "990200", "990300")}, (0, 1, 2)),
    ({"industries": ["employed_sample_manufacturing", "employed_sample_agriculture"]},
     EMPLOYMENT, (0, 2)),
]


@pytest.mark.parametrize(("kw", "table", "cols"), CASES)
def test_krugman_and_rca_take_year_level_codes_industries(kw: dict, table: dict,
                                                           cols: tuple) -> None:
    r = rich_employment_region()
    k = krugman_specialisation(r, **kw)
    assert sorted(k.index) == sorted(table)
    for c, v in _krugman_table(table, cols).items():
        assert k.at[c, "krugman_vs_rest"] == pytest.approx(v, rel=1e-12)
    lq = _lq_table(table, table, cols)
    for c in table:
        assert k.at[c, "top_industry"] == max((INDUSTRY3[j] for j in cols),
                                              key=lambda ind, c=c: lq[(c, ind)])
    rca = revealed_comparative_advantage(r, **kw)
    assert len(rca) == len(lq)
    for key, v in lq.items():
        assert rca.at[key, "rca"] == pytest.approx(v, rel=1e-12)
        assert rca.at[key, "mcp"] == int(v >= 1.0)
    assert rca["mcp"].dtype == "int64"
    for res, name in ((k, "krugman_specialisation"), (rca, "revealed_comparative_advantage")):
        meta = res.attrs["metroscope"]
        assert meta["indicator"] == name
        assert meta["year"] == kw.get("year", 2020)
        assert meta["level"] == kw.get("level", "prefecture")
        assert sorted(meta["parameters"]["industries"]) == sorted(INDUSTRY3[j] for j in cols)


@pytest.mark.parametrize(("kw", "table", "cols"), CASES)
def test_location_quotients_take_year_level_codes_industries(kw: dict, table: dict,
                                                             cols: tuple) -> None:
    r = rich_employment_region()
    lq = location_quotients(r, base="units", **kw)
    for key, v in _lq_table(table, table, cols).items():
        assert lq.at[key] == pytest.approx(v, rel=1e-12)
    meta = lq.attrs["metroscope"]
    assert meta["year"] == kw.get("year", 2020) and meta["level"] == kw.get("level",
                                                                            "prefecture")
    assert meta["indicator"] == "location_quotients"
    # the same against reference units (their year follows the units'; prefectures whatever
    # the units' level)
    ref = ["990300", "990400"]
    lq2 = location_quotients(r, reference=ref, **kw)
    assert sorted(lq2.index) == sorted(table)
    src = EMP_2010 if kw.get("year") == 2010 else EMPLOYMENT
    for key, v in _lq_table(table, {c: src[c] for c in ref}, cols).items():
        assert lq2.at[key] == pytest.approx(v, rel=1e-12)
    assert lq2.attrs["metroscope"]["level"] == kw.get("level", "prefecture")
    assert lq2.attrs["metroscope"]["indicator"] == "location_quotients"


def test_division_of_labour_takes_year_level_and_industries() -> None:
    r = rich_employment_region()
    d10 = division_of_labour(r, year=2010)
    lq10 = _lq_table(EMP_2010, EMP_2010)
    want = {k for k, v in lq10.items() if v > 1 and k[0] != "990400"}
    assert set(d10.index) == want
    for key in want:
        assert d10.at[key, "lq"] == pytest.approx(lq10[key], rel=1e-12)
    assert d10.attrs["metroscope"]["year"] == 2010
    dc = division_of_labour(r, level="county")
    lqc = _lq_table(EMP_COUNTY, EMP_COUNTY)
    want = {k for k, v in lqc.items() if v > 1 and k[0] != "990401"}
    assert set(dc.index) == want
    for key in want:
        assert dc.at[key, "lq"] == pytest.approx(lqc[key], rel=1e-12)
    assert dc.attrs["metroscope"]["level"] == "county"
    assert dc.attrs["metroscope"]["parameters"]["reference"] == (
        "province: 省 990000 (sum of its 6 units at level county)")
    di = division_of_labour(r, industries=["employed_sample_manufacturing",
                                           "employed_sample_agriculture"])
    lqi = _lq_table(EMPLOYMENT, EMPLOYMENT, (0, 2))
    want = {k for k, v in lqi.items() if v > 1 and k[0] != "990400"}
    assert set(di.index) == want
    for key in want:
        assert di.at[key, "lq"] == pytest.approx(lqi[key], rel=1e-12)


def test_division_of_labour_thresholds_are_strict() -> None:
    from metroscope.indicators.lq_evidence import lq_evidence

    # D's finance LQ is exactly 1 = (100/500)/(500/2500): not above t = 1, so not listed
    d = division_of_labour(toy_region(), members=["990400"])
    assert list(d.index) == [("990400", "agriculture")]
    # a lower bound equal to t is not above it: "insufficient", not "sufficient"
    low = float(lq_evidence(toy_region()).at[("990100", "finance"), "ci_low"])
    assert low == pytest.approx(1.5 * math.exp(-Z * (1 / 300 - 1 / 1000 + 1 / 500
                                                     - 1 / 2500) ** 0.5))
    d = division_of_labour(toy_region(), members=["990100"], lq_threshold=low)
    row = d.loc[("990100", "finance")]
    assert str(row["evidence"]).startswith("insufficient evidence: 95 % interval")
    assert not bool(row["recommended"])


def test_reference_units_at_another_level_and_with_a_gap_outside_the_industries() -> None:
    r = rich_employment_region()
    # counties as the reference of the prefectures
    lq = location_quotients(r, reference=["990101", "990102"])
    ref = {c: EMP_COUNTY[c] for c in ("990101", "990102")}
    for key, v in _lq_table(EMPLOYMENT, ref).items():
        assert lq.at[key] == pytest.approx(v, rel=1e-12)
    # a reference unit without finance: not needed when finance is not asked for
    s = r.stats[~((r.stats["code"] == "990400") & (r.stats["year"] == 2020)
                  & (r.stats["indicator"] == "employed_sample_finance"))]
    two = ["employed_sample_manufacturing", "employed_sample_agriculture"]
    lq = location_quotients(r.with_tables(stats=s), codes=["990100", "990200"],
                            reference=["990300", "990400"], industries=two)
    want = _lq_table({c: EMPLOYMENT[c] for c in ("990100", "990200")},
                     {c: EMPLOYMENT[c] for c in ("990300", "990400")}, (0, 2))
    for key, v in want.items():
        assert lq.at[key] == pytest.approx(v, rel=1e-12)
    assert not any(str(n).startswith("reference: ") for n in lq.attrs["metroscope"]["notes"])


def test_division_of_labour_against_the_province_own_row() -> None:
    t = toy_region()
    prov = (2000, 800, 1700)  # the province's own census figures, not the sum of A-D
    own = [_stat("990000", 2020, f"employed_sample_{k}", v, "persons")
           for k, v in zip(INDUSTRY3, prov, strict=True)]
    r = t.with_tables(stats=pd.concat([t.stats, pd.DataFrame(own)], ignore_index=True))
    d = division_of_labour(r)
    lq = _lq_table(EMPLOYMENT, {"990000": prov})
    want = {k for k, v in lq.items() if v > 1 and k[0] != "990400"}
    assert set(d.index) == want
    for key in want:
        j = INDUSTRY3.index(key[1])
        _, low, high = _interval_by_hand(EMPLOYMENT[key[0]][j], sum(EMPLOYMENT[key[0]]), prov[j],
                                         sum(prov))
        assert d.at[key, "lq"] == pytest.approx(lq[key], rel=1e-12)
        assert (d.at[key, "ci_low"], d.at[key, "ci_high"]) == pytest.approx((low, high))


def _interval_by_hand(e: float, ei: float, big_j: float, big: float) -> tuple:
    lq = (e / ei) / (big_j / big)
    se = (1 / e - 1 / ei + 1 / big_j - 1 / big) ** 0.5
    return lq, lq * math.exp(-Z * se), lq * math.exp(Z * se)


def test_division_of_labour_empty_and_an_industry_outside_the_catalogue() -> None:
    r = employment_region({"a": (10, 5, 1), "b": (4, 6, 2), "c": (3, 3, 9)},
                          ("manufacturing", "finance", "robots"))
    d = division_of_labour(r, lq_threshold=50)
    assert d.empty and list(d.index.names) == ["code", "industry"]
    assert d.attrs["metroscope"]["notes"][-1] == (
        "0 of 0 rows have insufficient evidence (fewer than 30 sampled persons, or a 95 % LQ "
        "interval containing 50): not recommended")
    d = division_of_labour(r, industries=["employed_sample_manufacturing",
                                          "employed_sample_robots"])
    # c: robots 9 of 12 against 12 of 29 -> LQ 1.8125; a name without Chinese stays as it is
    assert d.at[("c", "robots"), "lq"] == pytest.approx((9 / 12) / (12 / 29))
    assert d.at[("c", "robots"), "industry_zh"] == "robots"
    assert d.at[("a", "manufacturing"), "industry_zh"] == "制造业"
