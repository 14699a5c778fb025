"""The flow models' parameter checks (``flows._params``) called directly, against bounds worked
out here from the module's rules: alpha in (0, inf) with, on given populations,
2·alpha·ln M ≤ ln(1.7977e308) = 709.78 and alpha·ln(1 + m_min/M) ≥ 1e4 · 2.22e-16; beta in
(0, inf) with each origin's nearest deterrence in [2.2251e-308, inf)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from metroscope._errors import ParameterError, error_text
from metroscope.flows._params import check_alpha, check_beta, check_beta_costs
from metroscope.flows._table import FlowModelError

LN_MAX = 709.782712893384        # ln(1.7976931348623157e308), float64's largest number
EPS = 2.220446049250313e-16      # float64's machine epsilon
TINY = 2.2250738585072014e-308   # float64's smallest normal number, 2 ** -1022


def refusal(call: Any, *args: Any) -> tuple[str, dict[str, Any]]:
    """The catalogue key and parameters of the error ``call(*args)`` raises."""
    with pytest.raises(ParameterError) as exc:
        call(*args)
    assert isinstance(exc.value, FlowModelError)  # still a flow-model error
    msg = exc.value.args[0]
    assert error_text(exc.value, "zh") != error_text(exc.value, "en")  # rendered in both
    return msg.key, msg.params


# --- alpha ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    (1.0, 1.0), (2, 2.0), ("0.5", 0.5), (" 3 ", 3.0), (np.float32(0.25), 0.25), (1e-300, 1e-300),
])
def test_alpha_without_populations_is_any_finite_positive_number(given: Any,
                                                                  expected: float) -> None:
    got = check_alpha(given)
    assert got == expected and type(got) is float


@pytest.mark.parametrize(("given", "shown"), [
    (0, "0"), (0.0, "0.0"), (-1e-300, "-1e-300"), (-2, "-2"), (math.inf, "inf"),
    (math.nan, "nan"), (None, "None"), ("abc", "'abc'"), ([1.0], "[1.0]"), ("", "''"),
])
def test_alpha_outside_zero_to_infinity_is_refused(given: Any, shown: str) -> None:
    key, params = refusal(check_alpha, given)
    assert key == "err_flow_alpha_range"
    assert params == {"got": shown, "low": 0, "high": "inf"}


def test_alpha_bounds_on_three_populations() -> None:
    """Populations 100, 50, 200: M = 350, m_min = 50. Largest alpha = 709.78 / (2 ln 350) =
    709.78 / 11.716 = 60.58; smallest = 2.22e-12 / ln(8/7) = 2.22e-12 / 0.13353 = 1.663e-11."""
    pops = [100.0, 50.0, 200.0]
    high = LN_MAX / (2.0 * math.log(350.0))
    low = 1e4 * EPS / math.log1p(50.0 / 350.0)
    assert high == pytest.approx(60.58, abs=5e-3) and low == pytest.approx(1.663e-11, rel=1e-3)
    for a in (high, low, 1.0, 60.0):  # the bounds themselves are inside
        assert check_alpha(a, pops) == a
    key, params = refusal(check_alpha, 60.6, pops)
    assert (key, params) == ("err_flow_alpha_overflow",
                             {"got": "60.6", "total": 350.0, "high": "60.58"})
    key, params = refusal(check_alpha, np.nextafter(high, math.inf), pops)
    assert key == "err_flow_alpha_overflow"
    key, params = refusal(check_alpha, 1.6e-11, pops)
    assert (key, params) == ("err_flow_alpha_cancel",
                             {"got": "1.6e-11", "total": 350.0, "small": 50.0, "low": "1.66e-11"})
    key, params = refusal(check_alpha, np.nextafter(low, 0.0), pops)
    assert key == "err_flow_alpha_cancel"
    # the range comes before the bounds of the populations
    assert refusal(check_alpha, -1.0, pops)[0] == "err_flow_alpha_range"


def test_alpha_bounds_ignore_empty_and_missing_populations() -> None:
    """Zero and NaN populations are left out of M and m_min: 0, 40, nan, 10 gives M = 50 and
    m_min = 10 (low = 2.22e-12 / ln 1.2 = 1.218e-11, high = 709.78 / (2 ln 50) = 90.72)."""
    pops = np.array([0.0, 40.0, math.nan, 10.0])
    assert refusal(check_alpha, 1.2e-11, pops)[1] == {
        "got": "1.2e-11", "total": 50.0, "small": 10.0, "low": "1.22e-11"}
    assert refusal(check_alpha, 90.8, pops)[1] == {"got": "90.8", "total": 50.0,
                                                   "high": "90.72"}
    assert check_alpha(1.3e-11, pops) == 1.3e-11 and check_alpha(90.7, pops) == 90.7


def test_alpha_with_a_population_of_one() -> None:
    """The smallest population 1 is a population: 1 and 9 give M = 10, low = 2.22e-12 /
    ln 1.1 = 2.33e-11 (with the 1 left out there would be no bound at all)."""
    assert refusal(check_alpha, 2.3e-11, [1.0, 9.0])[1]["low"] == "2.33e-11"
    assert check_alpha(2.4e-11, [1, 9]) == 2.4e-11


def test_alpha_bounds_need_two_populations() -> None:
    """With fewer than two positive populations there are no pairs and no bound; with exactly
    two (M = 3, m_min = 1: low = 2.22e-12 / ln(4/3) = 7.72e-12) the bounds apply."""
    for pops in ([], [5.0], [5.0, 0.0, -0.0], [math.nan, 7.0]):
        assert check_alpha(1e-13, pops) == 1e-13
        assert check_alpha(1e6, pops) == 1e6
    assert refusal(check_alpha, 7.7e-12, [1.0, 2.0])[1]["low"] == "7.72e-12"
    assert refusal(check_alpha, 1e6, [1.0, 2.0])[0] == "err_flow_alpha_overflow"


def test_alpha_has_no_overflow_bound_up_to_a_total_of_one() -> None:
    """M ≤ 1 (shares rather than persons): M^(2 alpha) ≤ 1 never overflows. M = 1.5 does:
    high = 709.78 / (2 ln 1.5) = 709.78 / 0.81093 = 875.3."""
    assert check_alpha(1e300, [0.5, 0.5]) == 1e300
    assert check_alpha(1e300, [0.25, 0.25]) == 1e300
    key, params = refusal(check_alpha, 900.0, [0.75, 0.75])
    assert (key, params["high"]) == ("err_flow_alpha_overflow", "875.3")
    assert check_alpha(875.0, [0.75, 0.75]) == 875.0


def test_alpha_refusal_reads_in_both_languages() -> None:
    with pytest.raises(ParameterError) as exc:
        check_alpha(100.0, [100.0, 50.0, 200.0])
    assert error_text(exc.value, "en").startswith(
        "alpha = 100.0 is too large: with a total population M = 350, ")
    assert "(0, 60.58]" in error_text(exc.value, "en")
    assert "(0, 60.58]" in error_text(exc.value, "zh") and "M = 350 时" in error_text(
        exc.value, "zh")


# --- beta ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    (2, 2.0), (0.5, 0.5), ("1.5", 1.5), (1e-300, 1e-300), (1e300, 1e300),
])
def test_beta_is_any_finite_positive_number(given: Any, expected: float) -> None:
    got = check_beta(given)
    assert got == expected and type(got) is float


@pytest.mark.parametrize(("given", "shown"), [
    (0, "0"), (-2, "-2"), (-0.0, "-0.0"), (math.inf, "inf"), (-math.inf, "-inf"),
    (math.nan, "nan"), (None, "None"), ("x", "'x'"), ({}, "{}"),
])
def test_beta_outside_zero_to_infinity_is_refused(given: Any, shown: str) -> None:
    key, params = refusal(check_beta, given)
    assert (key, params) == ("err_flow_beta_range", {"got": shown})


def test_beta_costs_power_underflow_at_exactly_the_smallest_normal() -> None:
    """2^-1022 is float64's smallest normal number (kept); 2^-1022.5 is below it."""
    assert TINY == 2.0 ** -1022
    check_beta_costs(1022.0, "power", [2.0], ["a"], " km")
    key, params = refusal(check_beta_costs, 1022.5, "power", [2.0], ["a"], " km")
    assert (key, params) == ("err_flow_beta_underflow",
                             {"got": "1022.5", "deterrence": "power", "code": "a",
                              "cost": "2 km", "n": 1})


def test_beta_costs_exp_underflow() -> None:
    """e^(-beta c) ≥ 2.2251e-308 iff beta c ≤ 708.396: c = 100 km gives beta ≤ 7.0840; the same
    beta with the power deterrence is 100^-7.09 = 6.3e-15, far above the bound."""
    check_beta_costs(7.08, "exp", [100.0], ["a"], " km")
    key, params = refusal(check_beta_costs, 7.09, "exp", [100.0, 200.0], ["a", "b"], " km")
    assert (key, params) == ("err_flow_beta_underflow",
                             {"got": "7.09", "deterrence": "exp", "code": "a",
                              "cost": "100 km", "n": 2})
    check_beta_costs(7.09, "power", [100.0, 200.0], ["a", "b"], " km")


def test_beta_costs_name_the_first_bad_origin_and_count_them() -> None:
    """Costs 1, 300, 500 min at beta = 130 (power): 1^-130 = 1, 300^-130 = 1e-322 and
    500^-130 = 7e-352 are below 2.2e-308; the first named is the second origin."""
    key, params = refusal(check_beta_costs, 130.0, "power", np.array([1.0, 300.0, 500.0]),
                          ["o1", "o2", "o3"], " min")
    assert (key, params) == ("err_flow_beta_underflow",
                             {"got": "130.0", "deterrence": "power", "code": "o2",
                              "cost": "300 min", "n": 2})


def test_beta_costs_overflow_on_a_tiny_cost() -> None:
    """1e-200^-2 = 1e400 is beyond float64 (inf); 0^-2 too (the division by zero is not
    warned). 1e-150^-2 = 1e300 is still finite."""
    check_beta_costs(2.0, "power", [1e-150, 3.0], ["a", "b"], " km")
    for nearest, cost in (([3.0, 1e-200], "1e-200 km"), ([3.0, 0.0], "0 km")):
        key, params = refusal(check_beta_costs, 2.0, "power", nearest, ["a", "b"], " km")
        assert (key, params) == ("err_flow_beta_overflow",
                                 {"got": "2.0", "deterrence": "power", "code": "b",
                                  "cost": cost, "n": 1})


def test_beta_costs_skip_origins_without_a_destination() -> None:
    """An origin whose nearest cost is inf (none reachable) has no weight to lose; when no
    origin has one there is nothing to check."""
    check_beta_costs(2.0, "power", [math.inf, 10.0], ["a", "b"], " km")
    check_beta_costs(2.0, "exp", [math.inf, 10.0], ["a", "b"], " km")
    check_beta_costs(1e9, "power", [math.inf, math.inf], ["a", "b"], " km")
    check_beta_costs(1e9, "exp", [], [], " km")
    _, params = refusal(check_beta_costs, 1e9, "exp", [math.inf, 10.0], ["a", "b"], " km")
    assert params["code"] == "b" and params["n"] == 1
