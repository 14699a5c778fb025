"""Weak statistics are not findings (issue 10, item 4): minimum n and verdicts, β on 3 units,
the coupling model without the min-max artefact, the spillover table's default scope."""

from __future__ import annotations

import math

import pytest

import metroscope
from _indicator_fixtures import toy_region
from metroscope.datasets import list_datasets
from metroscope.indicators import REGISTRY
from metroscope.indicators._verdict import MIN_N, verdict
from metroscope.indicators.coupling import benchmark_scores
from metroscope.indicators.spillover import spillover_table

needs_data = pytest.mark.skipif("changchun" not in list_datasets(),
                                reason="embedded changchun dataset not built")


def test_every_registered_indicator_has_a_documented_minimum() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "indicators.md").read_text(encoding="utf-8")
    for name, ind in REGISTRY.items():
        fn = ind.target.split(":")[1]
        key = fn if fn in MIN_N else name
        assert key in MIN_N, name
        assert f"`{key}`" in doc.split("## Minimum n and verdict")[1], key


def test_verdict_rules() -> None:
    assert verdict("beta_convergence", 2)["verdict"] == "not_computed"
    assert verdict("beta_convergence", 3)["verdict"] == "weak"
    assert verdict("beta_convergence", 12)["verdict"] == "ok"
    assert verdict("beta_convergence", 12, "β not significant")["verdict"] == "weak"
    assert verdict("theil", 9)["verdict"] == "ok"


@needs_data
def test_beta_on_three_units_is_weak_and_the_report_boxes_it() -> None:
    from metroscope.indicators.convergence import beta_convergence
    from metroscope.report._inputs import ReportInputs
    from metroscope.report.context import Note, Table
    from metroscope.report.sections import build_sections, inequality

    region = metroscope.load("changchun")
    b = beta_convergence(region)
    assert int(b.iloc[0]["n"]) == 3
    assert b.iloc[0]["verdict"] == "weak"
    assert b.attrs["metroscope"]["verdict"]["verdict"] == "weak"
    # the report's table of a weak result is boxed (the report itself now runs β on Jilin's
    # prefectures only, where n = 1: not computed, said in a note)
    tab = inequality._beta(b)
    assert tab.caveat is not None and "3 units" in tab.caveat.en
    sec = build_sections(ReportInputs(region=region, strict=True), only={"inequality"})[0]
    assert not any(isinstance(x, Table) and x.table_id == "tab-beta" for x in sec.blocks)
    assert any(isinstance(x, Note) and "β convergence" in x.text.en and "n = 1" in x.text.en
               for x in sec.blocks)
    half = tab.rows[0][-1]
    assert half.missing  # the 266-year half-life is not printed as a number


@needs_data
def test_coupling_has_no_min_max_zero() -> None:
    from metroscope.indicators.integration import coupling_coordination

    region = metroscope.load("changchun")
    old = coupling_coordination(region, normalise="minmax")
    assert old.loc[("220200", 2010), "coordination"] == 0.0  # the artefact of the issue
    cc = coupling_coordination(region)
    assert cc.attrs["metroscope"]["parameters"]["normalise"] == "benchmark"
    assert (cc["coordination"] > 0).all()
    assert cc.loc[("220200", 2010), "class_zh"] != "极度失调"
    assert any("not min-max" in n for n in cc.attrs["metroscope"]["notes"])


def test_benchmark_scores_by_hand() -> None:
    import pandas as pd

    panel = pd.DataFrame({"krugman_with_core": [0.2, 0.5], "distance_to_core_km": [100.0, 450.0],
                          "linkage_with_core": [10.0, 40.0]})
    z = benchmark_scores(panel, ["distance_to_core_km"])
    assert list(z["krugman_with_core"]) == [0.1, 0.25]
    assert z["distance_to_core_km"].iloc[0] == pytest.approx(1 - 100 / 300)
    assert z["distance_to_core_km"].iloc[1] == 0.0  # beyond the benchmark: clipped
    assert list(z["linkage_with_core"]) == [0.25, 1.0]


def test_spillover_default_scope_is_the_members() -> None:
    sp = spillover_table(toy_region(), year=2020)
    assert "990400" not in sp.index  # D is context: outside the area
    assert set(sp["role"]) <= {"core", "member", "partial"}
    everyone = spillover_table(toy_region(), year=2020, scope="all")
    assert "990400" in everyone.index
    assert math.isclose(sp["mass_share_pct"].sum(), 100.0)


@needs_data
def test_spillover_on_changchun_leaves_out_the_outside_capitals() -> None:
    region = metroscope.load("changchun")
    sp = spillover_table(region)
    assert not {"210100", "210200", "230100"} & set(sp.index)
    assert sp.at["220100", "mass_share_pct"] > 60  # of the area, not 19.8 % of 12 cities


@needs_data
def test_below_the_minimum_the_error_carries_not_computed_and_the_report_says_so() -> None:
    """Two units cannot form a β regression (min n 3): the error is an InsufficientDataError
    (a MissingDataError) carrying the not_computed verdict, and the report's note says "not
    computed" with n and the minimum in both languages (not the generic "missing")."""
    from metroscope import InsufficientDataError, MissingDataError
    from metroscope.indicators.convergence import beta_convergence
    from metroscope.report._analyses import AnalysisError, attempt

    region = metroscope.load("changchun")
    with pytest.raises(InsufficientDataError) as info:
        beta_convergence(region, level="prefecture", codes=["220100", "220200"],
                         measure="population", weight=None, start=2010, end=2020)
    assert isinstance(info.value, MissingDataError)
    v = info.value.verdict
    assert (v["verdict"], v["n"], v["min_n"]) == ("not_computed", 2, 3)
    assert info.value.indicator == "beta_convergence"
    with pytest.raises(AnalysisError) as note:
        attempt("metroscope.indicators.beta_convergence", beta_convergence, region,
                level="prefecture", codes=["220100", "220200"], measure="population",
                weight=None, start=2010, end=2020)
    text = note.value.note.text
    assert "not computed" in text.en and "n = 2" in text.en and "at least 3" in text.en
    assert "未计算" in text.zh and "n = 2" in text.zh


def test_rank_size_on_two_units_is_not_computed_with_a_bilingual_note() -> None:
    from metroscope.indicators.primacy import rank_size

    out = rank_size(toy_region(), top=2)
    assert int(out["n"].iloc[0]) == 2
    assert out.attrs["metroscope"]["verdict"]["verdict"] == "not_computed"
    notes = out.attrs["metroscope"]["notes"]
    assert any(getattr(n, "key", "") == "ind_rank_size_too_few" for n in notes)
    assert math.isnan(float(out["q"].iloc[0]))
