"""Structure similarity, the duplication table and complementarity, every cell, against plain
Python loops written in the test (UNIDO's cosine, Krugman's Σ|s_a − s_b|, location quotients
and the set differences of the industries above the threshold)."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pytest

from _indicator_fixtures import EMPLOYMENT, employment_region, toy_region
from metroscope.indicators.similarity import (
    complementarity,
    duplication_table,
    similarity_array,
    similarity_matrix,
)
from metroscope.region import Region

MEASURE = "employment by industry (census long-form sample; shares only)"


def _cos(x: list[float], y: list[float]) -> float:
    num = sum(a * b for a, b in zip(x, y, strict=True))
    den = math.sqrt(sum(a * a for a in x) * sum(b * b for b in y))
    return num / den if den > 0 else math.nan


def _shares(row: tuple[float, ...]) -> list[float]:
    t = sum(row)
    return [v / t for v in row]


def _lq(matrix: dict[str, tuple[float, ...]]) -> dict[str, list[float]]:
    col = [sum(r[k] for r in matrix.values()) for k in range(len(next(iter(matrix.values()))))]
    tot = sum(col)
    return {c: [(r[k] / sum(r)) / (col[k] / tot) for k in range(len(r))]
            for c, r in matrix.items()}


#: five units, three industries; 990002 has 990001's structure at twice the size (a tie at 1)
FIVE = {"990001": (10.0, 30.0, 60.0), "990002": (20.0, 60.0, 120.0),
        "990003": (50.0, 25.0, 25.0), "990004": (5.0, 5.0, 90.0), "990005": (40.0, 40.0, 20.0)}
KEYS = ("agriculture", "manufacturing", "finance")  # the census order (sections A, C, J)


def test_similarity_array_against_a_loop() -> None:
    s = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 0.0], [3.0, 1.0, 4.0], [2.0, 4.0, 0.0]])
    got = similarity_array(s)
    for i in range(4):
        for j in range(4):
            exp = _cos(list(s[i]), list(s[j]))
            assert got[i, j] == pytest.approx(exp, rel=1e-12, nan_ok=True)
    assert got.dtype == np.float64 and got[0, 3] == pytest.approx(1.0)


def test_similarity_matrix_every_cell() -> None:
    sm = similarity_matrix(toy_region())
    codes = list(EMPLOYMENT)
    assert list(sm.index) == codes and list(sm.columns) == codes
    assert (sm.index.name, sm.columns.name) == ("code", "code_b")
    for a in codes:
        for b in codes:
            exp = _cos(_shares(EMPLOYMENT[a]), _shares(EMPLOYMENT[b]))
            assert sm.at[a, b] == pytest.approx(exp, rel=1e-12)
    meta = sm.attrs["metroscope"]
    assert (meta["indicator"], meta["year"], meta["level"], meta["measure"]) == (
        "similarity_matrix", 2020, "prefecture", MEASURE)
    assert meta["parameters"] == {"industries": ["agriculture", "manufacturing", "finance"]}


@pytest.mark.parametrize("threshold", [0.9, 0.95, 1.0])
def test_duplication_table_every_pair(threshold: float) -> None:
    d = duplication_table(employment_region(FIVE, KEYS), threshold=threshold)
    rows = []
    for a, b in combinations(FIVE, 2):  # the upper triangle, row by row
        sa, sb = _shares(FIVE[a]), _shares(FIVE[b])
        rows.append((a, b, _cos(sa, sb), sum(abs(x - y) for x, y in zip(sa, sb, strict=True))))
    # sorted by similarity, descending; ties keep the upper-triangle order
    rows.sort(key=lambda r: -round(r[2], 12))
    assert list(d.index) == [(a, b) for a, b, _s, _k in rows]
    assert list(d.index.names) == ["unit_a", "unit_b"]
    assert list(d.columns) == ["name_a", "name_b", "similarity", "krugman", "high_similarity"]
    for a, b, s, k in rows:
        row = d.loc[(a, b)]
        assert (row["name_a"], row["name_b"]) == (a, b)
        assert row["similarity"] == pytest.approx(s, rel=1e-12)
        assert row["krugman"] == pytest.approx(k, rel=1e-12, abs=1e-15)
        assert bool(row["high_similarity"]) is (round(s, 12) > threshold)
    meta = d.attrs["metroscope"]
    assert meta["parameters"] == {"industries": list(KEYS), "threshold": threshold}
    assert (meta["indicator"], meta["year"], meta["level"]) == (
        "duplication_table", 2020, "prefecture")


def _complement(matrix: dict[str, tuple[float, ...]], keys: tuple[str, ...],
                t: float) -> list[tuple[str, str, str, str, int, str, int, float]]:
    lq = _lq(matrix)
    out = []
    for a, b in combinations(matrix, 2):
        strong_a = {k for k, v in zip(keys, lq[a], strict=True) if v > t + 1e-12}
        strong_b = {k for k, v in zip(keys, lq[b], strict=True) if v > t + 1e-12}

        def join(ks: set[str]) -> str:
            return ", ".join(k for k in keys if k in ks)

        sa, sb = _shares(matrix[a]), _shares(matrix[b])
        out.append((a, b, join(strong_a - strong_b), join(strong_b - strong_a),
                    len(strong_a ^ strong_b), join(strong_a & strong_b),
                    len(strong_a & strong_b),
                    sum(abs(x - y) for x, y in zip(sa, sb, strict=True))))
    out.sort(key=lambda r: -r[4])  # stable: ties keep the upper-triangle order
    return out


@pytest.mark.parametrize("t", [1.0, 0.5, 1.5])
def test_complementarity_every_pair(t: float) -> None:
    c = complementarity(employment_region(FIVE, KEYS), lq_threshold=t)
    exp = _complement(FIVE, KEYS, t)
    assert list(c.index) == [(r[0], r[1]) for r in exp]
    assert list(c.columns) == ["a_strong_b_weak", "b_strong_a_weak", "n_complementary",
                               "shared_strengths", "n_shared", "krugman"]
    for a, b, ab, ba, n_c, sh, n_sh, k in exp:
        row = c.loc[(a, b)]
        assert (row["a_strong_b_weak"], row["b_strong_a_weak"], row["shared_strengths"]) == (
            ab, ba, sh)
        assert (row["n_complementary"], row["n_shared"]) == (n_c, n_sh)
        assert row["krugman"] == pytest.approx(k, rel=1e-12, abs=1e-15)
    assert c["n_complementary"].dtype == np.int64 and c["n_shared"].dtype == np.int64
    meta = c.attrs["metroscope"]
    assert meta["parameters"] == {"industries": list(KEYS), "lq_threshold": t}
    assert meta["indicator"] == "complementarity"


def _two_years_and_counties() -> Region:
    """The toy province with 2010 employment (other counts) and county rows as well."""
    import pandas as pd

    r = toy_region()
    st = r.stats
    emp = st[st["indicator"].str.startswith("employed_sample_")]
    factor = emp["indicator"].map({"employed_sample_manufacturing": 1.0,
                                   "employed_sample_finance": 3.0,
                                   "employed_sample_agriculture": 5.0})
    old = emp.assign(year=2010, value=emp["value"] * factor)
    cty = pd.concat([emp[emp["code"] == "990100"].assign(code=c) for c in
                     ("990101", "990102", "990201")], ignore_index=True)
    return r.with_tables(stats=pd.concat([st, old, cty], ignore_index=True))


def _emp(code: str, year: int, keys: tuple[str, ...] = ("agriculture", "manufacturing",
                                                        "finance")) -> list[float]:
    m, f, a = EMPLOYMENT[code]
    vals = {"manufacturing": m, "finance": f, "agriculture": a}
    if year == 2010:  # manufacturing x 1, finance x 3, agriculture x 5
        vals = {"manufacturing": m, "finance": 3 * f, "agriculture": 5 * a}
    return [vals[k] for k in keys]


@pytest.mark.parametrize("fn", [similarity_matrix, duplication_table, complementarity])
def test_year_level_codes_and_industries_are_passed_on(fn) -> None:
    r = _two_years_and_counties()
    pref = list(EMPLOYMENT)

    def sim(x: list[float], y: list[float]) -> float:
        return _cos(_shares(tuple(x)), _shares(tuple(y)))

    def at(res, a: str, b: str) -> float:
        if fn is similarity_matrix:
            return res.at[a, b]
        return res.at[(a, b), "similarity" if fn is duplication_table else "krugman"]

    def expected(x: list[float], y: list[float]) -> float:
        if fn is complementarity:
            sx, sy = _shares(tuple(x)), _shares(tuple(y))
            return sum(abs(p - q) for p, q in zip(sx, sy, strict=True))
        return sim(x, y)

    def units(res) -> set[str]:
        if fn is similarity_matrix:
            return set(res.index)
        return set(res.index.get_level_values(0)) | set(res.index.get_level_values(1))

    default = fn(r)  # prefectures, the latest year (2020), every industry
    assert units(default) == set(pref)
    assert default.attrs["metroscope"]["level"] == "prefecture"
    assert at(default, "990100", "990300") == pytest.approx(
        expected(_emp("990100", 2020), _emp("990300", 2020)), rel=1e-12)
    old = fn(r, year=2010)
    assert old.attrs["metroscope"]["year"] == 2010
    assert at(old, "990100", "990300") == pytest.approx(
        expected(_emp("990100", 2010), _emp("990300", 2010)), rel=1e-12)
    some = fn(r, codes=["990300", "990100"])
    assert units(some) == {"990100", "990300"}
    cty = fn(r, level="county")
    assert units(cty) == {"990101", "990102", "990201"}
    assert cty.attrs["metroscope"]["level"] == "county"
    two = ("manufacturing", "finance")
    sub = fn(r, industries=[f"employed_sample_{k}" for k in two])
    assert sub.attrs["metroscope"]["parameters"]["industries"] == list(two)
    assert at(sub, "990100", "990300") == pytest.approx(
        expected(_emp("990100", 2020, two), _emp("990300", 2020, two)), rel=1e-12)


def test_duplication_default_threshold_and_exact_ties() -> None:
    d = duplication_table(employment_region(FIVE, KEYS))
    assert d.attrs["metroscope"]["parameters"]["threshold"] == 0.9
    for (a, b), row in d.iterrows():
        s = _cos(_shares(FIVE[a]), _shares(FIVE[b]))
        assert bool(row["high_similarity"]) is (round(s, 12) > 0.9)
    # identical one-industry structures: similarity exactly 1, not above a threshold of 1
    same = {"990001": (10.0, 0.0, 0.0), "990002": (10.0, 0.0, 0.0),
            "990003": (0.0, 10.0, 0.0), "990004": (0.0, 0.0, 10.0)}
    d = duplication_table(employment_region(same, KEYS), threshold=1.0)
    assert d.at[("990001", "990002"), "similarity"] == 1.0
    assert not d["high_similarity"].any()
    assert d.index[0] == ("990001", "990002") and (d["similarity"].iloc[1:] == 0).all()
    # every other pair ties at 0 and keeps the upper-triangle order
    assert list(d.index[1:]) == [p for p in combinations(same, 2) if p != ("990001", "990002")]
    # the names and labels are object categoricals
    assert d["name_a"].cat.categories.dtype == object


def test_complementarity_order_index_and_label_types() -> None:
    rng = np.random.default_rng(11)
    keys = ("agriculture", "manufacturing", "finance")
    matrix = {f"9900{u:02d}": tuple(float(v) for v in rng.integers(1, 40, size=3))
              for u in range(1, 15)}
    c = complementarity(employment_region(matrix, keys))
    exp = _complement(matrix, keys, 1.0)  # 91 pairs, most of them tied: a stable order
    assert list(c.index) == [(r[0], r[1]) for r in exp]
    assert list(c.index.names) == ["unit_a", "unit_b"]
    assert c.attrs["metroscope"]["level"] == "prefecture"
    for col in ("a_strong_b_weak", "b_strong_a_weak", "shared_strengths"):
        assert c[col].cat.categories.dtype == object


@pytest.mark.parametrize("n_ind", [64, 65, 70])
def test_complementarity_at_the_64_industry_boundary(n_ind: int) -> None:
    """Up to 64 industries go through bit masks, more through packed boolean rows."""
    keys = tuple(f"i{k:02d}" for k in range(n_ind))
    rng = np.random.default_rng(n_ind)
    matrix = {f"99000{u}": tuple(float(v) for v in rng.integers(1, 50, size=n_ind))
              for u in range(1, 5)}
    c = complementarity(employment_region(matrix, keys),
                        industries=[f"employed_sample_{k}" for k in keys])
    exp = _complement(matrix, keys, 1.0)
    assert list(c.index) == [(r[0], r[1]) for r in exp]
    for a, b, ab, ba, n_c, sh, n_sh, k in exp:
        row = c.loc[(a, b)]
        assert (row["a_strong_b_weak"], row["b_strong_a_weak"], row["shared_strengths"]) == (
            ab, ba, sh)
        assert (row["n_complementary"], row["n_shared"]) == (n_c, n_sh)
        assert row["krugman"] == pytest.approx(k, rel=1e-12)
    assert c["n_complementary"].dtype == np.int64 and c["n_shared"].dtype == np.int64
    for col in ("a_strong_b_weak", "shared_strengths"):
        assert c[col].cat.categories.dtype == object
