"""Minimum n and verdicts (``indicators/_verdict.py``) against the published table of
docs/indicators.md ("Minimum n and verdict") and the rules of its text, case by case at every
boundary: below min_n not computed, from min_n to ok_n − 1 weak, from ok_n on ok unless a
stated reason marks it weak."""

from __future__ import annotations

from pathlib import Path

import pytest

from metroscope._errors import InsufficientDataError, MissingDataError
from metroscope.indicators._verdict import MIN_N, require_n, verdict

# the nearest docs/indicators.md above this file (a mutation run copies the tests two folders
# below the checkout)
DOC = next(p / "docs" / "indicators.md" for p in Path(__file__).resolve().parents
           if (p / "docs" / "indicators.md").is_file())


def _doc_table() -> dict[str, tuple[int, int, str]]:
    text = DOC.read_text(encoding="utf-8").split("## Minimum n and verdict")[1]
    rows: dict[str, tuple[int, int, str]] = {}
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows[cells[0].strip("`")] = (int(cells[1]), int(cells[2]), cells[3])
    return rows


def test_the_thresholds_and_what_n_counts_are_the_published_table() -> None:
    doc = _doc_table()
    assert len(doc) == 37
    assert doc == MIN_N


@pytest.mark.parametrize(("name", "n", "want"), [
    ("rank_size", 2, "not_computed"), ("rank_size", 3, "weak"), ("rank_size", 9, "weak"),
    ("rank_size", 10, "ok"), ("rank_size", 11, "ok"),
    ("sigma_convergence", 1, "not_computed"), ("sigma_convergence", 2, "weak"),
    ("sigma_convergence", 4, "weak"), ("sigma_convergence", 5, "ok"),
    ("economic_complexity", 19, "weak"), ("economic_complexity", 20, "ok"),
    ("theil", 1, "not_computed"), ("theil", 2, "ok"),
    ("population_change", 0, "not_computed"), ("population_change", 1, "ok"),
    ("target_clusters", 0, "ok"), ("target_clusters", -1, "not_computed"),
])
def test_verdict_at_every_boundary(name: str, n: int, want: str) -> None:
    min_n, ok_n, what = _doc_table()[name]
    v = verdict(name, n)
    reason = {"not_computed": f"n = {n} < {min_n} ({what})",
              "weak": f"n = {n} < {ok_n} ({what})", "ok": what}[want]
    assert v == {"verdict": want, "n": n, "min_n": min_n, "ok_n": ok_n, "reason": reason}


def test_a_stated_reason_marks_an_ok_result_weak_and_only_an_ok_one() -> None:
    assert verdict("beta_convergence", 12, "β not significant at 5 %") == {
        "verdict": "weak", "n": 12, "min_n": 3, "ok_n": 10,
        "reason": "β not significant at 5 %"}
    # weak by its n already: the n is the reason given
    below = verdict("beta_convergence", 4, "β not significant at 5 %")
    assert below["verdict"] == "weak"
    assert below["reason"].startswith("n = 4 < 10 (units in the regression")
    # not computed stays not computed
    assert verdict("beta_convergence", 2, "β not significant")["verdict"] == "not_computed"
    # an empty reason is no reason
    assert verdict("beta_convergence", 12, "")["verdict"] == "ok"


def test_without_n_the_verdict_is_ok_with_the_thresholds() -> None:
    assert verdict("rank_size", None) == {
        "verdict": "ok", "n": None, "min_n": 3, "ok_n": 10,
        "reason": _doc_table()["rank_size"][2]}
    # a stated reason does not apply without an n
    assert verdict("rank_size", None, "something")["verdict"] == "ok"


def test_an_indicator_not_in_the_table_needs_one_observation() -> None:
    assert verdict("no_such_indicator", 1) == {"verdict": "ok", "n": 1, "min_n": 1, "ok_n": 1,
                                               "reason": "observations"}
    assert verdict("no_such_indicator", 0) == {
        "verdict": "not_computed", "n": 0, "min_n": 1, "ok_n": 1,
        "reason": "n = 0 < 1 (observations)"}
    assert verdict("no_such_indicator", None) == {
        "verdict": "ok", "n": None, "min_n": 1, "ok_n": 1, "reason": "observations"}


def test_require_n_passes_weak_and_ok_results() -> None:
    assert require_n("beta_convergence", 3) is None
    assert require_n("beta_convergence", 10, "detail") is None


def test_require_n_refuses_below_the_minimum_with_the_verdict() -> None:
    with pytest.raises(InsufficientDataError) as ei:
        require_n("beta_convergence", 2, "Units with comparable values in 2020 and 2023.")
    e = ei.value
    assert isinstance(e, MissingDataError)
    assert e.indicator == "beta_convergence"
    assert e.verdict == verdict("beta_convergence", 2)
    what = _doc_table()["beta_convergence"][2]
    assert str(e) == (f"beta_convergence needs at least 3 observations ({what}); found 2. "
                      "Not computed. Units with comparable values in 2020 and 2023.")


def test_require_n_without_detail_ends_at_not_computed() -> None:
    with pytest.raises(InsufficientDataError) as ei:
        require_n("theil", 1)
    assert str(ei.value) == "theil needs at least 2 observations (units); found 1. Not computed."
    with pytest.raises(InsufficientDataError) as ei:
        require_n("no_such_indicator", 0)
    assert str(ei.value) == ("no_such_indicator needs at least 1 observations (observations); "
                             "found 0. Not computed.")
    assert ei.value.verdict["min_n"] == 1


def test_the_refusal_is_a_catalogue_message_in_both_languages() -> None:
    from metroscope._errors import error_text
    from metroscope.messages import Message

    with pytest.raises(InsufficientDataError) as ei:
        require_n("linkage_intensity", 1, Message("err_detail_masses_seats"))
    assert error_text(ei.value, "en") == (
        "linkage_intensity needs at least 2 observations (units with a mass); found 1. "
        "Not computed. Units with masses and seats.")
    assert error_text(ei.value, "zh") == (
        "linkage_intensity 至少需要 2 个观测值,实际为 1 个,未计算。有质量和驻地坐标的单元。")
    # plain English text is said in English only
    with pytest.raises(InsufficientDataError) as ei:
        require_n("theil", 0, "Two units at least.")
    assert error_text(ei.value, "en") == ("theil needs at least 2 observations (units); found 0. "
                                          "Not computed. Two units at least.")
    assert error_text(ei.value, "zh") == "theil 至少需要 2 个观测值,实际为 0 个,未计算。"
