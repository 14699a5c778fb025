"""Industry structure: LQ, Krugman, similarity, duplication, complementarity, RCA, division of
labour, target clusters."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _indicator_fixtures import employment_region, toy_region
from metroscope import MissingDataError
from metroscope.indicators.industry import (
    CLUSTER_NOTE,
    complementarity,
    division_of_labour,
    duplication_table,
    employment_matrix,
    krugman_specialisation,
    location_quotients,
    revealed_comparative_advantage,
    similarity_matrix,
    target_clusters,
)


def test_location_quotients_hand_checked() -> None:
    lq = location_quotients(toy_region())
    # A: manufacturing 500 of 1000; region 1000 of 2500 -> (0.5)/(0.4) = 1.25
    assert lq.at["990100", "manufacturing"] == pytest.approx(1.25)
    assert lq.at["990100", "finance"] == pytest.approx((300 / 1000) / (500 / 2500))
    assert lq.at["990300", "agriculture"] == pytest.approx((350 / 500) / (1000 / 2500))
    meta = lq.attrs["metroscope"]
    assert meta["year"] == 2020 and "shares only" in meta["measure"]


def test_location_quotients_against_a_reference_region() -> None:
    lq = location_quotients(toy_region(), codes=["990100", "990200"],
                            reference=["990100", "990200", "990300", "990400"])
    assert lq.at["990200", "manufacturing"] == pytest.approx((300 / 500) / (1000 / 2500))
    own = location_quotients(toy_region(), codes=["990100", "990200"], base="units")
    assert own.at["990200", "manufacturing"] == pytest.approx((300 / 500) / (800 / 1500))
    # the default base is the province (the metropolitan area lies in 990000): its 4 units
    dflt = location_quotients(toy_region(), codes=["990100", "990200"])
    assert dflt.at["990200", "manufacturing"] == pytest.approx((300 / 500) / (1000 / 2500))
    assert dflt.attrs["metroscope"]["parameters"]["reference"].startswith("province")


def test_krugman_hand_checked() -> None:
    k = krugman_specialisation(toy_region())
    # A shares (0.5, 0.3, 0.2) vs the rest pooled (500, 200, 800)/1500
    rest = np.array([500, 200, 800]) / 1500
    exp = np.abs(np.array([0.5, 0.3, 0.2]) - rest).sum()
    assert k.at["990100", "krugman_vs_rest"] == pytest.approx(exp)
    assert k.at["990100", "top_industry"] == "finance"


def test_similarity_hand_checked_and_bounds() -> None:
    s = similarity_matrix(toy_region())
    a, b = np.array([0.5, 0.3, 0.2]), np.array([0.6, 0.1, 0.3])
    assert s.at["990100", "990200"] == pytest.approx(a @ b / np.sqrt((a @ a) * (b @ b)))
    np.testing.assert_allclose(np.diag(s.to_numpy()), 1.0)
    assert ((s.to_numpy() >= 0) & (s.to_numpy() <= 1 + 1e-12)).all()
    np.testing.assert_allclose(s.to_numpy(), s.to_numpy().T)


def test_similarity_of_an_all_zero_row_is_nan_without_a_warning() -> None:
    import warnings

    from metroscope.indicators.similarity import similarity_array

    s = np.array([[0.5, 0.3, 0.2], [0.0, 0.0, 0.0], [0.6, 0.1, 0.3]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim = similarity_array(s)
    a, b = s[0], s[2]
    assert sim[0, 2] == pytest.approx(a @ b / np.sqrt((a @ a) * (b @ b)))
    assert np.isnan(sim[1]).all() and np.isnan(sim[:, 1]).all()
    assert np.isfinite(np.delete(np.delete(sim, 1, 0), 1, 1)).all()


def test_duplication_table_pairs_and_threshold() -> None:
    d = duplication_table(toy_region(), threshold=0.95)
    assert len(d) == 6
    row = d.loc[("990100", "990200")]
    assert row["krugman"] == pytest.approx(abs(0.5 - 0.6) + abs(0.3 - 0.1) + abs(0.2 - 0.3))
    assert bool(row["high_similarity"]) is False  # 0.93 < 0.95
    assert bool(d.loc[("990300", "990400"), "high_similarity"]) is True
    assert d["similarity"].is_monotonic_decreasing


def test_complementarity_sets() -> None:
    c = complementarity(toy_region())
    # LQ: A (agri 0.5, manu 1.25, fin 1.5); C (agri 1.75, manu 0.5, fin 0.5)
    row = c.loc[("990100", "990300")]
    assert set(row["a_strong_b_weak"].split(", ")) == {"manufacturing", "finance"}
    assert row["b_strong_a_weak"] == "agriculture"
    assert row["n_complementary"] == 3 and row["n_shared"] == 0
    assert c.loc[("990100", "990200"), "shared_strengths"] == "manufacturing"


def test_rca_and_presence_matrix() -> None:
    r = revealed_comparative_advantage(toy_region())
    assert r.at[("990100", "manufacturing"), "rca"] == pytest.approx(1.25)
    assert r.at[("990100", "manufacturing"), "mcp"] == 1
    assert r.at[("990400", "finance"), "rca"] == pytest.approx(1.0)
    assert r.at[("990400", "finance"), "mcp"] == 1  # RCA >= 1 counts, as in ecomplexity
    assert r.at[("990100", "agriculture"), "mcp"] == 0


def test_division_of_labour_lists_specialisations_and_cluster_caveat() -> None:
    d = division_of_labour(toy_region())
    codes = set(d.index.get_level_values("code"))
    assert codes == {"990100", "990200", "990300"}  # members only (D is context)
    assert (d["lq"] > 1).all()
    assert "C36" in d.at[("990100", "manufacturing"), "target_clusters"]
    assert CLUSTER_NOTE in d.attrs["metroscope"]["notes"]
    # M (agri, manu, fin): A 011, B 010, C 100, D 101; every ubiquity is 2, so
    # phi(manu, fin) = phi(agri, fin) = 1/2 and phi(agri, manu) = 0.
    # density of A around manufacturing = (1*1 + 1*1/2) / (1 + 1/2) = 1
    # density of B around manufacturing = (1*1) / (1 + 1/2) = 2/3
    assert d.at[("990100", "manufacturing"), "density"] == pytest.approx(1.0)
    assert d.at[("990200", "manufacturing"), "density"] == pytest.approx(2 / 3)
    assert d.at[("990300", "agriculture"), "density"] == pytest.approx(2 / 3)


def test_target_clusters_say_plainly_they_are_manufacturing() -> None:
    t = target_clusters()
    assert set(t["census_industry"]) == {"manufacturing"}
    assert {"C27 医药制造业"} <= set(t["gb_t_4754_division"])
    assert "cannot be told apart" in t["note"].iloc[0]


def test_incomplete_industry_is_left_out_not_zeroed() -> None:
    r = employment_region({"a": (10, 5, 1), "b": (4, 6, 2), "c": (3, 3, 3)},
                          ("manufacturing", "finance", "mining"))
    s = r.stats[~((r.stats["code"] == "b") & (r.stats["indicator"] == "employed_sample_mining"))]
    emp = employment_matrix(r.with_tables(stats=s))
    assert list(emp.matrix.columns) == ["manufacturing", "finance"]
    assert any("not read as 0" in n for n in emp.notes)  # 1 of 3 units > 5 %
    with pytest.raises(MissingDataError, match="incomplete"):
        employment_matrix(r.with_tables(stats=s), codes=["a", "b"],
                          industries=["employed_sample_mining"])


def test_gaps_are_zero_only_when_the_reported_total_proves_it() -> None:
    m = {f"u{i:02d}": (10.0 + i, 5.0, 1.0 + i % 3) for i in range(25)}
    r = employment_region(m, ("manufacturing", "finance", "mining"))
    tot = r.stats[r.stats["indicator"] == "employed_sample_finance"].copy()
    tot["indicator"] = "employed_sample_total"
    tot["value"] = [sum(m[c]) for c in tot["code"]]
    tot.loc[tot["code"] == "u01", "value"] = 11.0 + 5.0  # u01: the others sum to it: mining = 0
    tot.loc[tot["code"] == "u02", "value"] = 99.0  # u02: they do not: the gap stays unknown
    gone = r.stats["code"].isin(["u01", "u02"]) & (r.stats["indicator"]
                                                    == "employed_sample_mining")
    emp = employment_matrix(r.with_tables(stats=pd.concat([r.stats[~gone], tot])))
    assert emp.matrix.at["u01", "mining"] == 0.0
    assert "u02" not in emp.matrix.index  # 1 of 25 units (< 5 %): the unit is left out
    assert "mining" in emp.matrix.columns
    assert any("set to 0" in n for n in emp.notes)
    assert any("left out for incomplete" in n and "u02" in n for n in emp.notes)


def test_user_named_industries() -> None:
    r = employment_region({"a": (10, 0), "b": (0, 10)}, ("manufacturing", "finance"))
    lq = location_quotients(r, industries=["employed_sample_manufacturing",
                                           "employed_sample_finance"])
    assert lq.at["a", "manufacturing"] == pytest.approx(2.0)
    assert lq.at["b", "manufacturing"] == 0.0


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(st.integers(1, 1000), min_size=4, max_size=4), min_size=3,
                max_size=6), st.integers(2, 50))
def test_share_measures_invariant_to_scaling_counts(rows: list[list[int]], c: int) -> None:
    keys = ("manufacturing", "finance", "agriculture", "mining")
    m = {f"u{i}": tuple(float(v) for v in row) for i, row in enumerate(rows)}
    r1 = employment_region(m, keys)
    r2 = employment_region({k: tuple(v * c for v in vals) for k, vals in m.items()}, keys)
    pd.testing.assert_frame_equal(location_quotients(r1), location_quotients(r2), rtol=1e-9)
    pd.testing.assert_frame_equal(similarity_matrix(r1), similarity_matrix(r2), rtol=1e-9)


def test_row_order_invariance() -> None:
    r = toy_region()
    a = duplication_table(r).sort_index()
    b = duplication_table(r.with_tables(stats=r.stats.iloc[::-1])).sort_index()
    pd.testing.assert_frame_equal(a, b)
    assert not math.isnan(a["similarity"].sum())


def test_set_labelling_paths_agree() -> None:
    from metroscope.indicators.similarity import _mask_labels, _set_labels

    rng = np.random.default_rng(4)
    sets = rng.random((500, 12)) > 0.5
    names = [f"i{k}" for k in range(12)]
    masks = (sets.astype(np.uint64) << np.arange(12, dtype=np.uint64)).sum(axis=1,
                                                                           dtype=np.uint64)
    lab1, n1 = _mask_labels(masks, names)
    lab2, n2 = _set_labels(sets, names)
    assert list(np.asarray(lab1, dtype=object)) == list(np.asarray(lab2, dtype=object))
    np.testing.assert_array_equal(n1, sets.sum(axis=1))
    np.testing.assert_array_equal(n2, sets.sum(axis=1))
    assert np.asarray(lab1, dtype=object)[0] == ", ".join(n for n, f in zip(names, sets[0],
                                                                           strict=True) if f)


def test_a_unit_set_holding_a_unit_and_its_parent_is_refused() -> None:
    # 990100 (A) is the parent of 990101 and 990102: with both in the set, A's employment
    # (500 manufacturing) and its counties' (300 + 200) would both go into the totals, so the
    # share of the set would be (500 + 500) / ... instead of 500 / ...; refused, named
    from _indicator_fixtures import rich_employment_region
    from metroscope import ParameterError

    r = rich_employment_region()
    with pytest.raises(ParameterError, match=r"990100 \(A市\) contains 990101") as err:
        location_quotients(r, level=None, base="units")
    assert "counted twice" in str(err.value) and "level='county'" in str(err.value)
    with pytest.raises(ParameterError, match=r"990100 \(A市\) contains 990102"):
        location_quotients(r, codes=["990100", "990102", "990200"], level=None, base="units")
    with pytest.raises(ParameterError, match=r"990100 \(A市\) contains 990101"):
        location_quotients(r, codes=["990200"], reference=["990100", "990101"])
    with pytest.raises(ParameterError):
        krugman_specialisation(r, level=None)
    # one level each: accepted, and the county LQ is the hand value on the counties alone
    lq = location_quotients(r, level="county", base="units")
    total_mfg = 300 + 200 + 300 + 60 + 40 + 100
    total = sum(sum(v) for v in (
        (300, 200, 100), (200, 100, 100), (300, 50, 150), (60, 30, 200), (40, 20, 150),
        (100, 100, 300)))
    assert lq.at["990101", "manufacturing"] == pytest.approx((300 / 600) / (total_mfg / total))
