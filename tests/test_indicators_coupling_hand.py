"""Coupling-coordination degree (耦合协调度), every cell, against hand computations.

The expected values are computed here with plain Python from the traditional model of
METHODS.md §11 (王淑佳 et al. 2021, 自然资源学报 36(3):793-810, their eq. for n subsystems):
C = n [Π U_i / (Σ U_i)^n]^(1/n), T = Σ α_i U_i, D = √(C T), ten classes of width 0.1; and the
benchmark scores of :data:`BENCHMARKS` (x / max, 1 − x / distance, x / best, best / x), not
with the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import panel_region
from metroscope import MissingDataError, ParameterError
from metroscope.indicators.coupling import (
    BENCHMARKS,
    COORDINATION_CLASSES,
    NORMALISATION_NOTE,
    NORMALISATIONS,
    REFERENCE,
    benchmark_scores,
    coordination_class,
    coupling_coordination,
    coupling_values,
)
from metroscope.region import Region

CLASSES_ZH = ["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调",
              "中级协调", "良好协调", "优质协调"]
CLASSES_EN = ["extreme imbalance", "severe imbalance", "moderate imbalance", "mild imbalance",
              "on the verge of imbalance", "barely coordinated", "primary coordination",
              "intermediate coordination", "good coordination", "high-quality coordination"]


def _cls(d: float) -> tuple[str, str]:
    if not math.isfinite(d):
        return ("", "")
    for k in range(9, -1, -1):  # the first lower bound k/10 at or below d
        if d >= k / 10 - 1e-12:
            return (CLASSES_ZH[k], CLASSES_EN[k])
    return (CLASSES_ZH[0], CLASSES_EN[0])


def _hand(row: list[float], alpha: list[float] | None = None) -> tuple[float, float, float]:
    n = len(row)
    a = alpha or [1 / n] * n
    s = sum(row)
    prod = math.prod(row)
    c = n * (prod / s ** n) ** (1 / n) if s > 0 else math.nan
    t = sum(ai * u for ai, u in zip(a, row, strict=True))
    return c, t, math.sqrt(c * t) if c == c else math.nan


@pytest.mark.parametrize("k", range(10))
def test_coordination_class_every_interval(k: int) -> None:
    for d in (k / 10 + 0.001, k / 10 + 0.05, k / 10 + 0.099):
        assert coordination_class(d) == (CLASSES_ZH[k], CLASSES_EN[k])
    assert COORDINATION_CLASSES[k] == (CLASSES_ZH[k], CLASSES_EN[k])


def test_coordination_class_edges() -> None:
    assert coordination_class(0.0) == ("极度失调", "extreme imbalance")
    assert coordination_class(0.5) == ("勉强协调", "barely coordinated")
    assert coordination_class(1.0) == ("优质协调", "high-quality coordination")
    assert coordination_class(1.7) == ("优质协调", "high-quality coordination")
    for bad in (math.nan, math.inf, -math.inf):
        assert coordination_class(bad) == ("", "")
    assert len(COORDINATION_CLASSES) == 10


ROWS2 = [[0.25, 1.0], [0.5, 0.5], [0.9, 0.1], [0.0, 0.8], [0.0, 0.0], [1.0, 1.0], [0.3, 0.6]]


@pytest.mark.parametrize("alpha", [None, [0.3, 0.7]])
def test_coupling_values_two_subsystems_every_cell(alpha: list[float] | None) -> None:
    u = pd.DataFrame(ROWS2, columns=["econ", "env"], index=[f"r{i}" for i in range(len(ROWS2))])
    out = coupling_values(u, alpha)
    assert list(out.columns) == ["coupling", "development", "coordination", "class_zh",
                                 "class_en"]
    assert list(out.index) == list(u.index)
    for name, row in zip(u.index, ROWS2, strict=True):
        c, t, d = _hand(row, alpha)
        # n = 2: C = 2 √(U1 U2) / (U1 + U2), the form quoted in the literature
        if sum(row) > 0:
            assert c == pytest.approx(2 * math.sqrt(row[0] * row[1]) / sum(row), abs=1e-12)
        got = out.loc[name]
        assert got["coupling"] == pytest.approx(c, abs=1e-12, nan_ok=True)
        assert got["development"] == pytest.approx(t, abs=1e-12)
        assert got["coordination"] == pytest.approx(d, abs=1e-12, nan_ok=True)
        assert (got["class_zh"], got["class_en"]) == _cls(d)


def test_coupling_values_three_and_four_subsystems() -> None:
    rows = [[0.2, 0.4, 0.8], [0.5, 0.5, 0.5], [0.1, 0.0, 0.9], [0.6, 0.3, 0.9]]
    u = pd.DataFrame(rows, columns=["a", "b", "c"])
    alpha = [0.5, 0.25, 0.25]
    out = coupling_values(u, alpha)
    for i, row in enumerate(rows):
        c, t, d = _hand(row, alpha)
        assert out.at[i, "coupling"] == pytest.approx(c, abs=1e-12)
        assert out.at[i, "development"] == pytest.approx(t, abs=1e-12)
        assert out.at[i, "coordination"] == pytest.approx(d, abs=1e-12)
    four = pd.DataFrame([[0.1, 0.2, 0.3, 0.4]])
    c, t, d = _hand([0.1, 0.2, 0.3, 0.4])
    got = coupling_values(four).iloc[0]
    assert (got["coupling"], got["development"], got["coordination"]) == pytest.approx(
        (c, t, d), abs=1e-12)


def test_all_zero_scores_give_nan_and_no_class() -> None:
    out = coupling_values(pd.DataFrame({"a": [0.0], "b": [0.0]}))
    assert math.isnan(out.at[0, "coupling"]) and math.isnan(out.at[0, "coordination"])
    assert out.at[0, "development"] == 0.0
    assert (out.at[0, "class_zh"], out.at[0, "class_en"]) == ("", "")


@pytest.mark.parametrize("alpha", [[0.5], [0.5, 0.6], [0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
def test_alpha_must_fit_the_columns_and_sum_to_one(alpha: list[float]) -> None:
    u = pd.DataFrame({"a": [0.5], "b": [0.5]})
    if len(alpha) == 3:
        u["c"] = 0.5
        if sum(alpha) == 1.0:  # a valid alpha of three
            assert coupling_values(u, alpha).at[0, "development"] == pytest.approx(0.5)
            return
    with pytest.raises(ParameterError, match=r"^alpha must have \d weights summing to 1; got "):
        coupling_values(u, alpha)


def test_alpha_error_names_the_count_and_the_weights() -> None:
    u = pd.DataFrame({"a": [0.5], "b": [0.5]})
    with pytest.raises(ParameterError) as exc:
        coupling_values(u, [0.2, 0.2])
    assert str(exc.value) == "alpha must have 2 weights summing to 1; got [0.2, 0.2]."
    # a sum within rounding of 1 is accepted
    assert coupling_values(u, [0.1 + 0.2, 0.7]).at[0, "development"] == pytest.approx(0.5)


def test_benchmark_scores_every_kind_by_hand() -> None:
    kinds = {k: v[0] for k, v in BENCHMARKS.items()}
    assert kinds == {"krugman_with_core": "max", "membership_to_core_pct": "max",
                     "distance_to_core_km": "distance", "linkage_with_core": "ratio_to_best"}
    assert [BENCHMARKS[k][1] for k in list(kinds)[:3]] == [2.0, 100.0, 300.0]
    assert math.isnan(BENCHMARKS["linkage_with_core"][1])
    panel = pd.DataFrame({
        "krugman_with_core": [0.2, 0.5, 2.5],
        "membership_to_core_pct": [10.0, 55.0, 100.0],
        "distance_to_core_km": [100.0, 450.0, 0.0],
        "linkage_with_core": [10.0, 40.0, 20.0],
        "trains": [3.0, 6.0, 12.0],   # no benchmark, positive: x / max
        "minutes": [30.0, 60.0, 120.0],  # no benchmark, negative: min / x
    }, index=["x", "y", "z"])
    z = benchmark_scores(panel, negative=["minutes"])
    assert list(z.columns) == list(panel.columns) and list(z.index) == ["x", "y", "z"]
    exp = {
        "krugman_with_core": [0.1, 0.25, 1.0],  # 2.5 / 2 clipped to 1
        "membership_to_core_pct": [0.1, 0.55, 1.0],
        "distance_to_core_km": [1 - 100 / 300, 0.0, 1.0],  # 450 km beyond: clipped to 0
        "linkage_with_core": [0.25, 1.0, 0.5],
        "trains": [0.25, 0.5, 1.0],
        "minutes": [1.0, 0.5, 0.25],
    }
    for col, vals in exp.items():
        np.testing.assert_allclose(z[col].to_numpy(), vals, rtol=1e-12, err_msg=col)
    # a negative name with a benchmark keeps its benchmark kind
    zk = benchmark_scores(panel[["krugman_with_core"]], negative=["krugman_with_core"])
    np.testing.assert_allclose(zk["krugman_with_core"].to_numpy(), [0.1, 0.25, 1.0])


def test_benchmark_scores_without_a_positive_maximum_are_zero() -> None:
    panel = pd.DataFrame({"trains": [0.0, 0.0], "gap": [-3.0, -1.0]})
    z = benchmark_scores(panel)
    assert list(z["trains"]) == [0.0, 0.0]
    assert list(z["gap"]) == [0.0, 0.0]
    assert benchmark_scores(pd.DataFrame({"t": [2.0, 4.0]}))["t"].tolist() == [0.5, 1.0]
    # a best value below 1 is still the best
    assert benchmark_scores(pd.DataFrame({"t": [0.25, 0.5]}))["t"].tolist() == [0.5, 1.0]
    # no indicator at all: the rows stay
    empty = benchmark_scores(pd.DataFrame(index=pd.Index(["x", "y"], name="code")))
    assert list(empty.index) == ["x", "y"] and empty.index.name == "code"
    assert empty.shape == (2, 0)


def _panel_region() -> Region:
    return panel_region(("甲", "乙", "丙"))


VALS = {(2010, "a"): (10.0, 100.0), (2010, "b"): (4.0, 50.0), (2010, "c"): (1.0, 200.0),
        (2020, "a"): (20.0, 100.0), (2020, "b"): (8.0, 50.0), (2020, "c"): (2.0, 200.0)}
KW = dict(indicators=["trains", "dist"], negative=["dist"],
          dimensions={"rail": ["trains"], "near": ["dist"]})


def test_coupling_coordination_benchmark_every_cell() -> None:
    cc = coupling_coordination(_panel_region(), subsystems=("rail", "near"), **KW)
    assert list(cc.columns) == ["name_zh", "u_rail", "u_near", "coupling", "development",
                                "coordination", "class_zh", "class_en"]
    assert sorted(cc.index) == sorted((c, y) for y, c in VALS)
    names = {"a": "甲", "b": "乙", "c": "丙"}
    for (y, c), (trains, dist) in VALS.items():
        row = cc.loc[(c, y)]
        # one indicator per dimension: the sub-index is that indicator's score, whatever its
        # weight; trains x / best (20), dist (negative) best / x (50)
        u1, u2 = trains / 20, 50 / dist
        hc, ht, hd = _hand([u1, u2])
        assert row["name_zh"] == names[c]
        assert (row["u_rail"], row["u_near"]) == pytest.approx((u1, u2), rel=1e-12)
        assert row["coupling"] == pytest.approx(hc, rel=1e-12)
        assert row["development"] == pytest.approx(ht, rel=1e-12)
        assert row["coordination"] == pytest.approx(hd, rel=1e-12)
        assert (row["class_zh"], row["class_en"]) == _cls(hd)
    meta = cc.attrs["metroscope"]
    assert meta["indicator"] == "coupling_coordination"
    assert meta["reference"] == REFERENCE
    assert meta["region"] == "panel" and meta["level"] == "prefecture"
    assert meta["year"] == [2010, 2020]
    assert meta["sources"] == ["test"]
    p = meta["parameters"]
    assert (p["subsystems"], p["alpha"], p["normalise"]) == (["rail", "near"], "equal",
                                                             "benchmark")
    assert p["dimensions"] == {"rail": ["trains"], "near": ["dist"]}
    assert p["indicators"] == ["trains", "dist"] and p["negative"] == ["dist"]
    # the integration index's own note stays, the benchmark note follows it
    assert meta["notes"] == ["years pooled before standardising", NORMALISATION_NOTE]
    assert "not min-max" in str(meta["notes"][-1])
    assert NORMALISATIONS == ("benchmark", "minmax")


def test_coupling_coordination_minmax_and_alpha() -> None:
    cc = coupling_coordination(_panel_region(), subsystems=("near", "rail"), alpha=[0.25, 0.75],
                               normalise="minmax", **KW)
    assert list(cc.columns)[:3] == ["name_zh", "u_near", "u_rail"]
    for (y, c), (trains, dist) in VALS.items():
        # pooled min-max over both years: trains 1..20, dist 50..200 (negative)
        u_rail, u_near = (trains - 1) / 19, (200 - dist) / 150
        hc, ht, hd = _hand([u_near, u_rail], [0.25, 0.75])
        row = cc.loc[(c, y)]
        assert (row["u_near"], row["u_rail"]) == pytest.approx((u_near, u_rail), abs=1e-12)
        assert row["coupling"] == pytest.approx(hc, abs=1e-12, nan_ok=True)
        assert row["development"] == pytest.approx(ht, abs=1e-12)
        assert row["coordination"] == pytest.approx(hd, abs=1e-12, nan_ok=True)
    p = cc.attrs["metroscope"]["parameters"]
    assert (p["alpha"], p["normalise"], p["subsystems"]) == ([0.25, 0.75], "minmax",
                                                             ["near", "rail"])
    assert cc.attrs["metroscope"]["notes"] == ["years pooled before standardising"]


def test_benchmark_scores_use_only_the_years_asked_for() -> None:
    # 2010 alone: the best trains is 10 (not 20 of 2020), the nearest 50
    cc = coupling_coordination(_panel_region(), subsystems=("rail", "near"), years=[2010],
                               codes=["a", "b", "c"], **KW)
    assert sorted(cc.index) == [("a", 2010), ("b", 2010), ("c", 2010)]
    for c in "abc":
        trains, dist = VALS[(2010, c)]
        assert cc.at[(c, 2010), "u_rail"] == pytest.approx(trains / 10, rel=1e-12)
        assert cc.at[(c, 2010), "u_near"] == pytest.approx(50 / dist, rel=1e-12)
    two = coupling_coordination(_panel_region(), subsystems=("rail", "near"), years=[2010],
                                codes=["a", "c"], **KW)
    assert two.at[("c", 2010), "u_near"] == pytest.approx(100 / 200, rel=1e-12)
    assert two.at[("c", 2010), "u_rail"] == pytest.approx(1 / 10, rel=1e-12)


def test_negative_defaults_to_the_derived_directions() -> None:
    # no negative given: plain indicators are positive, so dist scores x / max
    kw = {k: v for k, v in KW.items() if k != "negative"}
    cc = coupling_coordination(_panel_region(), subsystems=("rail", "near"), **kw)
    for (y, c), (_t, dist) in VALS.items():
        assert cc.at[(c, y), "u_near"] == pytest.approx(dist / 200, rel=1e-12)


def test_coupling_coordination_refusals() -> None:
    r = _panel_region()
    with pytest.raises(MissingDataError, match=r"^Unknown normalise='zscore'; choose one of "
                                               r"benchmark, minmax\.$"):
        coupling_coordination(r, normalise="zscore", **KW)
    msg = (r"^Need at least two sub-indices among \['rail', 'near'\]; got \['rail'\]\. Define "
           r"them with dimensions=\{name: \[indicators\]\}\.$")
    with pytest.raises(MissingDataError, match=msg):
        coupling_coordination(r, subsystems=("rail",), **KW)
    with pytest.raises(MissingDataError, match="got \\['rail', 'far'\\]"):
        coupling_coordination(r, subsystems=("rail", "far"), **KW)
    with pytest.raises(ParameterError, match="alpha must have 2 weights"):
        coupling_coordination(r, subsystems=("rail", "near"), alpha=[0.5, 0.2], **KW)


def test_level_and_core_reach_the_benchmark_panel() -> None:
    # counties: the same table one level down
    r = _panel_region()
    units = r.units.reset_index().assign(level="county")
    rc = Region(name="panel", units=units, stats=r.stats)
    cc = coupling_coordination(rc, subsystems=("rail", "near"), level="county", **KW)
    for (y, c), (trains, dist) in VALS.items():
        assert cc.at[(c, y), "u_rail"] == pytest.approx(trains / 20, rel=1e-12)
        assert cc.at[(c, y), "u_near"] == pytest.approx(50 / dist, rel=1e-12)
    # another core: distance scored 1 − d / 300 km, Krugman K / 2, both against 990200
    from _indicator_fixtures import EMPLOYMENT, PREFS, toy_region

    def hav(a: str, b: str) -> float:
        ax, ay, bx, by = PREFS[a][2], PREFS[a][3], PREFS[b][2], PREFS[b][3]
        p1, p2 = math.radians(30 + ay), math.radians(30 + by)
        h = (math.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * math.cos(p2) * math.sin(math.radians(bx - ax) / 2) ** 2)
        return 2 * 6371.0088 * math.asin(math.sqrt(h))

    names = ["distance_to_core_km", "krugman_with_core"]
    cc = coupling_coordination(toy_region(), subsystems=("near", "div"), indicators=names,
                               dimensions={"near": ["distance_to_core_km"],
                                           "div": ["krugman_with_core"]},
                               core="990200", codes=["990100", "990300"])
    e2 = EMPLOYMENT["990200"]
    for c in ("990100", "990300"):
        e = EMPLOYMENT[c]
        k = sum(abs(x / sum(e) - y / sum(e2)) for x, y in zip(e, e2, strict=True))
        assert cc.at[(c, 2020), "u_near"] == pytest.approx(1 - hav(c, "990200") / 300,
                                                           rel=1e-9)
        assert cc.at[(c, 2020), "u_div"] == pytest.approx(k / 2, rel=1e-12)
