"""The flow models' table plumbing (``flows._table``) on small tables whose answers are written
out here: the checks of a locations table, a cost matrix in code order, the pairs ``i != j``,
the flow table's index, code positions and the unit vectors of coordinates."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope._errors import DataValidationError, ParameterError, Problem, error_text
from metroscope.flows._table import (
    FlowChoiceError,
    FlowModelError,
    check_choice,
    cost_matrix,
    flow_frame,
    locations_table,
    offdiag_pairs,
    positions,
    radians,
)
from metroscope.messages import Message


def said(p: Problem) -> tuple[Any, ...]:
    assert isinstance(p.expected, Message) and isinstance(p.fix, Message)
    return (p.row, p.column, p.value, p.expected.key, p.expected.params, p.fix.key, p.file,
            p.line)


def problems_of(locations: Any, **kw: Any) -> list[tuple[Any, ...]]:
    with pytest.raises(DataValidationError) as exc:
        locations_table(locations, **kw)
    return [said(p) for p in exc.value.problems]


def refused(call: Any, *args: Any, **kw: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(FlowModelError) as exc:
        call(*args, **kw)
    msg = exc.value.args[0]
    return msg.key, msg.params


# --- check_choice -----------------------------------------------------------------------------

def test_check_choice() -> None:
    assert check_choice("mode", "rail", ("rail", "road")) == "rail"
    with pytest.raises(FlowChoiceError) as exc:
        check_choice("mode", "boat", ("rail", "road"))
    assert isinstance(exc.value, ParameterError) and isinstance(exc.value, FlowModelError)
    msg = exc.value.args[0]
    assert (msg.key, msg.params) == ("err_flow_unknown_choice",
                                     {"name": "mode", "got": "'boat'",
                                      "allowed": ["rail", "road"]})
    assert error_text(exc.value, "en") == "Unknown mode 'boat'; expected one of rail, road."


# --- locations_table --------------------------------------------------------------------------

def test_a_good_table_comes_back_indexed_by_text_codes_with_float_columns() -> None:
    given = pd.DataFrame({"code": [220102, 220104], "lon": ["125.3", 180], "lat": [-90, 90.0],
                          "population": [0, 1_412_600_000], "outflow": [0, 5],
                          "inflow": ["7", 0.5], "name": ["a", "b"]})
    kept = given.copy()
    out = locations_table(given)
    assert out.index.tolist() == ["220102", "220104"] and out.index.name == "code"
    assert out.index.dtype == object
    assert out.to_dict("list") == {"lon": [125.3, 180.0], "lat": [-90.0, 90.0],
                                   "population": [0.0, 1_412_600_000.0], "outflow": [0.0, 5.0],
                                   "inflow": [7.0, 0.5], "name": ["a", "b"]}
    assert all(out[c].dtype == np.float64 for c in ("lon", "lat", "population", "outflow",
                                                     "inflow"))
    pd.testing.assert_frame_equal(given, kept)  # a copy: the caller's table is left alone
    # the codes may be the index; -180 is a longitude too
    by_index = pd.DataFrame({"lon": [-180.0, 1.0], "lat": [0.0, 1.0],
                             "population": [1.0, 2.0]}, index=[7, "x"])
    assert locations_table(by_index).index.tolist() == ["7", "x"]


def test_coordinates_are_needed_only_when_asked_for() -> None:
    out = locations_table(pd.DataFrame({"population": [1, 2]}, index=["a", "b"]),
                          need_coordinates=False)
    assert out["population"].tolist() == [1.0, 2.0]


def test_missing_columns_are_named_before_anything_else() -> None:
    given = pd.DataFrame({"lat": [1.0, 1.0], "pop": [1.0, 1.0]}, index=["a", "a"])
    fix = "val_fix_add_location_column"
    assert problems_of(given) == [
        (None, "population", None, "val_exp_column_q", {"column": "population"}, fix, None, None),
        (None, "lon", None, "val_exp_column_q", {"column": "lon"}, fix, None, None)]
    assert problems_of(given, need_coordinates=False, path="loc.csv") == [
        (None, "population", None, "val_exp_column_q", {"column": "population"}, fix, "loc.csv",
         None)]


def test_each_bad_value_is_named_with_its_row_and_line() -> None:
    given = pd.DataFrame({
        "code": ["a", "b", "c", "d", "e", "b"],
        "lon": [181.0, -180.5, 0.0, 0.0, 0.0, 0.0],
        "lat": [0.0, 0.0, 90.5, -91.0, math.nan, 0.0],
        "population": [1.0, -1.0, "", "abc", 1_412_600_001, math.inf],
        "outflow": [0.0, 0.0, -0.5, 0.0, 0.0, 0.0],
        "inflow": [0.0, None, 0.0, 0.0, 0.0, 0.0]})
    fill = "val_fix_fill_or_drop"
    got = problems_of(given, path="loc.csv")
    assert got == [
        (6, "code", "b", "val_exp_unique_codes", {}, "val_fix_one_row_per_location", "loc.csv",
         7),
        (1, "lon", 181.0, "val_exp_lon_range", {}, fill, "loc.csv", 2),
        (2, "lon", -180.5, "val_exp_lon_range", {}, fill, "loc.csv", 3),
        (3, "lat", 90.5, "val_exp_lat_range", {}, fill, "loc.csv", 4),
        (4, "lat", -91.0, "val_exp_lat_range", {}, fill, "loc.csv", 5),
        (5, "lat", None, "val_exp_value", {}, fill, "loc.csv", 6),
        (2, "population", -1.0, "val_exp_persons_ge0", {}, fill, "loc.csv", 3),
        (3, "population", None, "val_exp_value", {}, fill, "loc.csv", 4),
        (4, "population", "abc", "val_exp_persons_ge0", {}, fill, "loc.csv", 5),
        (6, "population", math.inf, "val_exp_persons_ge0", {}, fill, "loc.csv", 7),
        (5, "population", 1_412_600_001, "val_exp_below_china", {"bound": "1,412,600,000"},
         "val_fix_count_digits", "loc.csv", 6),
        (3, "outflow", -0.5, "val_exp_trips_ge0", {}, fill, "loc.csv", 4),
        (2, "inflow", None, "val_exp_value", {}, fill, "loc.csv", 3),
    ]
    # without a file: rows, no lines; the values are plain Python numbers
    with pytest.raises(DataValidationError) as exc:
        locations_table(given)
    assert [p.line for p in exc.value.problems] == [None] * 13
    assert {p.file for p in exc.value.problems} == {None}
    assert type(exc.value.problems[1].value) is float
    assert error_text(exc.value, "en").startswith("13 problem(s) in locations:")
    with pytest.raises(DataValidationError) as exc:
        locations_table(given, context="my places")
    assert error_text(exc.value, "en").startswith("13 problem(s) in my places:")


def test_twenty_problems_of_a_kind_at_most() -> None:
    n = 22
    given = pd.DataFrame({"lon": [200.0] * n, "lat": [0.0] * n,
                          "population": [2e9] * n}, index=["a"] * n)
    with pytest.raises(DataValidationError) as exc:
        locations_table(given)
    kinds = [(p.column, p.row) for p in exc.value.problems]
    assert kinds == ([("code", r) for r in range(2, 22)] + [("lon", r) for r in range(1, 21)]
                     + [("population", r) for r in range(1, 21)])


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_locations_are_refused(n: int) -> None:
    given = pd.DataFrame({"lon": [1.0] * n, "lat": [1.0] * n, "population": [5.0] * n},
                         index=["a"] * n)
    assert problems_of(given, path="x.csv") == [
        (None, None, n, "val_exp_two_locations", {}, "val_fix_more_locations", "x.csv", None)]


# --- cost_matrix ------------------------------------------------------------------------------

def test_cost_matrix_in_the_order_of_the_codes() -> None:
    cost = pd.DataFrame([[0.0, 5.0, 7.0], [6.0, 0.0, math.inf], [1.0, 2.0, 0.0]],
                        index=[3, 1, 2], columns=[2, 3, 1])
    # rows 3, 1, 2 / columns 2, 3, 1: (3,2) = 0, (3,3) = 5, (3,1) = 7, (1,2) = 6, ...
    out = cost_matrix(cost, pd.Index(["1", "2"]))
    assert out.tolist() == [[math.inf, 6.0], [0.0, 1.0]]
    assert out.dtype == np.float64 and out.flags.c_contiguous


def test_cost_matrix_missing_codes_are_named_once() -> None:
    cost = pd.DataFrame(np.ones((2, 2)), index=["a", "b"], columns=["a", "c"])
    assert refused(cost_matrix, cost, pd.Index(["a", "b", "c"]), name="travel time") == (
        "err_flow_matrix_lacks_codes", {"name": "travel time", "n": 2, "codes": "['b', 'c']"})
    codes = pd.Index([f"z{i:02d}" for i in range(12)] + ["a"])
    _, params = refused(cost_matrix, cost, codes)
    assert params == {"name": "cost", "n": 12,
                      "codes": repr([f"z{i:02d}" for i in range(10)])}


@pytest.mark.parametrize("bad", [math.nan, -1.0, -1e-300])
def test_cost_matrix_refuses_nan_and_negative_values(bad: float) -> None:
    cost = pd.DataFrame([[0.0, 1.0], [bad, 0.0]], index=["a", "b"], columns=["a", "b"])
    assert refused(cost_matrix, cost, pd.Index(["a", "b"]), name="distance") == (
        "err_flow_matrix_bad_values", {"name": "distance"})
    # the bad cell outside the codes asked for does not matter
    assert cost_matrix(cost, pd.Index(["a"])).tolist() == [[0.0]]


# --- offdiag_pairs, flow_frame, positions, radians --------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3, 5, 130])
def test_offdiag_pairs_are_every_pair_but_the_diagonal_row_by_row(n: int) -> None:
    oi, dj = offdiag_pairs(n)
    pairs = [(i, j) for i in range(n) for j in range(n) if j != i]
    assert list(zip(oi.tolist(), dj.tolist(), strict=True)) == pairs
    assert oi.dtype == dj.dtype == (np.int8 if n < 127 else np.int16)


def test_flow_frame_index_and_columns() -> None:
    flow = np.array([1.0, 2.0, 3.0])
    out = flow_frame(pd.Index(["x", "y", "z"]), np.array([0, 2, 1]), np.array([1, 0, 2]),
                     {"flow": flow, "cost": [4.0, 5.0, 6.0]})
    assert out.index.names == ["origin", "destination"]
    assert out.index.tolist() == [("x", "y"), ("z", "x"), ("y", "z")]
    assert out.to_dict("list") == {"flow": [1.0, 2.0, 3.0], "cost": [4.0, 5.0, 6.0]}
    assert out.index.levels[0].dtype == object


def test_flow_frame_keeps_the_callers_arrays() -> None:
    """The streamed write reads the columns while the kernel still fills the arrays: the
    frame's columns are the arrays themselves, not copies."""
    flow = np.zeros(2)
    out = flow_frame(pd.Index(["x", "y"]), np.array([0, 1]), np.array([1, 0]), {"flow": flow})
    flow[1] = 9.0
    assert out["flow"].tolist() == [0.0, 9.0]


def test_positions_of_codes() -> None:
    codes = pd.Index(["1", "b", "c"])
    got = positions(pd.Index(["b", 1, "c", "b"]), codes, what="origin", among="locations")
    assert got.tolist() == [1, 0, 2, 1] and got.dtype == np.int64
    key, params = refused(positions, pd.Index(["q", "b", "p", "q"]), codes, what="destination",
                          among="the columns of the cost matrix")
    assert (key, params) == ("err_flow_codes_not_among", {
        "n": 2, "what": {"zh": "终点", "en": "destination"},
        "among": {"zh": "成本矩阵的列", "en": "the columns of the cost matrix"},
        "codes": "['p', 'q']"})
    many = pd.Index([f"u{i:02d}" for i in range(11)])
    params = refused(positions, many, codes, what="origin", among="the rows of the cost matrix")[1]
    assert params["n"] == 11 and params["codes"] == repr([f"u{i:02d}" for i in range(10)])
    assert params["what"] == {"zh": "起点", "en": "origin"}
    assert params["among"] == {"zh": "成本矩阵的行", "en": "the rows of the cost matrix"}


def test_radians_and_unit_vectors_by_hand() -> None:
    df = pd.DataFrame({"lon": [0.0, 90.0, 180.0, 45.0], "lat": [0.0, 0.0, 60.0, -90.0]})
    got = radians(df)
    np.testing.assert_allclose(got["lat"], [0.0, 0.0, math.pi / 3, -math.pi / 2], rtol=1e-15)
    np.testing.assert_allclose(got["lon"], [0.0, math.pi / 2, math.pi, math.pi / 4], rtol=1e-15)
    np.testing.assert_allclose(got["coslat"], [1.0, 1.0, 0.5, 0.0], atol=1e-15)
    np.testing.assert_allclose(got["xyz"], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0],
                                            [-0.5, 0.0, math.sqrt(3) / 2], [0.0, 0.0, -1.0]],
                               atol=1e-15)
    assert all(v.flags.c_contiguous and v.dtype == np.float64 for v in got.values())


def test_every_problem_names_the_callers_context() -> None:
    """Missing columns, duplicate codes, bad and implausible values and too few rows: each
    problem and the error itself name the context given."""
    tables = [
        pd.DataFrame({"lat": [1.0, 2.0]}, index=["a", "b"]),
        pd.DataFrame({"lon": [1.0, 2.0, 1.0], "lat": [1.0, 2.0, 1.0],
                      "population": [1.0, 2e9, -1.0]}, index=["a", "a", "b"]),
        pd.DataFrame({"lon": [1.0], "lat": [1.0], "population": [1.0]}, index=["a"]),
    ]
    for given in tables:
        with pytest.raises(DataValidationError) as exc:
            locations_table(given, context="my places")
        assert {str(p.table) for p in exc.value.problems} == {"my places"}
        assert " in my places:" in error_text(exc.value, "en")
        assert "my places" in error_text(exc.value, "zh")


def test_trip_totals_without_outflow_are_still_checked() -> None:
    """A table with ``inflow`` but no ``outflow``: a negative inflow is named (trips >= 0) and
    the column is made float."""
    given = pd.DataFrame({"lon": [1.0, 2.0], "lat": [1.0, 2.0], "population": [1.0, 2.0],
                          "inflow": [-3, 4]}, index=["a", "b"])
    assert problems_of(given) == [(1, "inflow", -3, "val_exp_trips_ge0", {},
                                   "val_fix_fill_or_drop", None, None)]
    given["inflow"] = ["3", 4]
    assert locations_table(given)["inflow"].tolist() == [3.0, 4.0]


def test_unknown_codes_beside_the_first_known_one() -> None:
    """A code at position 0 is known; only the others are named."""
    codes = pd.Index(["1", "b"])
    params = refused(positions, pd.Index(["1", "x", "b"]), codes, what="unit",
                     among="the zones")[1]
    assert params["n"] == 1 and params["codes"] == "['x']"
    # a side or place the catalogue has no Chinese for is shown as given in both languages
    assert params["what"] == {"zh": "unit", "en": "unit"}
    assert params["among"] == {"zh": "the zones", "en": "the zones"}
