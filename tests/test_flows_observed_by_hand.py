"""``flows._observed`` called directly on small tables whose answers are written out here: which
flow cells are refused and why, the codes of sorted labels, repeated pairs summed or refused,
empty margins dropped, a cost the fixed effects reproduce, and pairs that fall apart into
groups."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope._errors import DataValidationError, Problem, error_text
from metroscope.flows._observed import (
    FLOW_MAX,
    _cut,
    aggregate_duplicates,
    check_connected,
    check_identified,
    drop_empty_margins,
    factorize_sorted,
    flow_values,
)
from metroscope.flows._table import FlowModelError
from metroscope.messages import Message

# three or more English words in a row (the rule of tests/test_messages.py)
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")
BIG = 9_007_199_254_740_992.0  # 2 ** 53


def said(p: Problem) -> tuple[Any, ...]:
    """A problem as (row, column, value, expected key and parameters, fix key and parameters)."""
    assert isinstance(p.expected, Message) and isinstance(p.fix, Message)
    return (p.row, p.column, p.value, p.expected.key, p.expected.params, p.fix.key, p.fix.params)


def noted(note: str) -> tuple[str, dict[str, Any], str]:
    """A note as (key, parameters, Chinese text); the Chinese has no English sentence."""
    assert isinstance(note, Message)
    assert not ENGLISH.search(note.zh), note.zh
    return note.key, note.params, note.zh


def refused(call: Any, *args: Any, **kw: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(FlowModelError) as exc:
        call(*args, **kw)
    msg = exc.value.args[0]
    return msg.key, msg.params


# --- flow_values -----------------------------------------------------------------------------

def test_numeric_flows_each_bad_cell_and_why() -> None:
    assert FLOW_MAX == BIG
    flow = pd.Series([1.0, math.nan, -2.0, math.inf, BIG, np.nextafter(BIG, math.inf), 0.0,
                      -0.0, -math.inf], index=list("abcdefghi"))
    kept = flow.copy()
    problems: list[Problem] = []
    out = flow_values(flow, problems=problems)
    fill = ("val_exp_flow_value", {}, "val_fix_fill_flow", {})
    assert [said(p) for p in problems] == [
        (2, "flow", None, *fill),
        (3, "flow", -2.0, "val_exp_flow_ge0", {}, "val_fix_flow_negative", {}),
        (4, "flow", math.inf, "val_exp_finite", {}, "val_fix_observed_trips", {}),
        (6, "flow", 9_007_199_254_740_994.0, "val_exp_flow_at_most",
         {"bound": "9,007,199,254,740,992"}, "val_fix_flow_digits", {}),
        (9, "flow", -math.inf, "val_exp_finite", {}, "val_fix_observed_trips", {}),
    ]
    assert all(str(p.table) == "observed flows" for p in problems)
    expected = [1.0, math.nan, math.nan, math.nan, BIG, math.nan, 0.0, -0.0, math.nan]
    pd.testing.assert_series_equal(out, pd.Series(expected, index=list("abcdefghi")))
    pd.testing.assert_series_equal(flow, kept)  # the caller's column is left as it was


def test_integer_flows_are_floats_and_a_negative_one_is_named() -> None:
    problems: list[Problem] = []
    out = flow_values(pd.Series([3, -1, 0], dtype="int64"), problems=problems)
    assert out.dtype == np.float64 and out.tolist()[::2] == [3.0, 0.0] and math.isnan(out[1])
    assert [said(p)[:4] for p in problems] == [(2, "flow", -1, "val_exp_flow_ge0")]


def test_text_flows_each_bad_cell_and_why() -> None:
    cells = ["1,234", "abc", "", "  ", "+5", " 7 ", None, "1e3", "-1", "inf", "2,5,0", "0"]
    flow = pd.Series(cells, dtype=object)
    problems: list[Problem] = []
    out = flow_values(flow, problems=problems)
    fill = ("val_exp_flow_value", {}, "val_fix_fill_flow", {})
    assert [said(p) for p in problems] == [
        (1, "flow", "1,234", "val_exp_plain_number", {}, "val_fix_thousands", {"number": "1234"}),
        (2, "flow", "abc", "val_exp_number", {}, "val_fix_plain_trips", {}),
        (3, "flow", "", *fill),
        (4, "flow", "  ", *fill),
        (7, "flow", None, *fill),
        (9, "flow", "-1", "val_exp_flow_ge0", {}, "val_fix_flow_negative", {}),
        (10, "flow", "inf", "val_exp_finite", {}, "val_fix_observed_trips", {}),
        (11, "flow", "2,5,0", "val_exp_plain_number", {}, "val_fix_thousands", {"number": "250"}),
    ]
    got = out.tolist()
    assert [got[i] for i in (4, 5, 7, 11)] == [5.0, 7.0, 1000.0, 0.0]
    assert all(math.isnan(got[i]) for i in (0, 1, 2, 3, 6, 8, 9, 10))
    assert out.dtype == np.float64 and flow.tolist() == cells


@pytest.mark.parametrize("dtype", ["string", "object", "Float64", "Int64"])
def test_a_missing_cell_of_a_pandas_column_is_asked_for(dtype: str) -> None:
    """pd.NA (a missing cell of a pandas string or nullable-number column) is a missing flow,
    as None and NaN are: ``fill in the flow``."""
    flow = pd.Series(["4", None, "5"] if dtype in ("string", "object") else [4, None, 5],
                     dtype=dtype)
    if dtype == "object":
        flow.iloc[1] = pd.NA
    problems: list[Problem] = []
    out = flow_values(flow, problems=problems)
    assert [said(p) for p in problems] == [
        (2, "flow", None, "val_exp_flow_value", {}, "val_fix_fill_flow", {})]
    assert out.iloc[0] == 4.0 and math.isnan(out.iloc[1]) and out.iloc[2] == 5.0


def test_without_a_list_every_problem_is_raised_at_once() -> None:
    flow = pd.Series([1.0, -1.0, math.nan])
    with pytest.raises(DataValidationError) as exc:
        flow_values(flow)
    assert [p.row for p in exc.value.problems] == [2, 3]
    assert error_text(exc.value, "en").startswith("2 problem(s) in observed flows:")
    assert error_text(exc.value, "zh").startswith("观测流量中有 2 个问题")
    with pytest.raises(DataValidationError) as exc:
        flow_values(flow, context="trips.csv")
    assert error_text(exc.value, "en").startswith("2 problem(s) in trips.csv:")
    assert {str(p.table) for p in exc.value.problems} == {"trips.csv"}
    # good flows: nothing raised, the values as floats
    assert flow_values(pd.Series([2, 0])).tolist() == [2.0, 0.0]


def test_a_callers_list_keeps_its_problems_and_nothing_is_raised() -> None:
    earlier = Problem("observed flows", 1, "cost", "x", Message("val_exp_number"),
                      Message("val_fix_plain_trips"))
    problems = [earlier]
    out = flow_values(pd.Series([1.0, 2.0]), problems=problems)  # no new problem
    assert problems == [earlier] and out.tolist() == [1.0, 2.0]
    out = flow_values(pd.Series([-1.0]), problems=problems)
    assert len(problems) == 2 and problems[0] is earlier and problems[1].row == 1


@pytest.mark.parametrize(("n_bad", "rows", "more"), [(50, 50, None), (51, 50, 1), (53, 50, 3)])
def test_at_most_fifty_cells_are_named_then_a_count(n_bad: int, rows: int,
                                                    more: int | None) -> None:
    flow = pd.Series([1.0] + [-1.0] * n_bad)
    problems: list[Problem] = []
    flow_values(flow, problems=problems)
    named = [p for p in problems if p.row is not None]
    assert [p.row for p in named] == list(range(2, rows + 2))
    rest = [said(p) for p in problems if p.row is None]
    assert rest == ([] if more is None else [
        (None, "flow", None, "val_exp_valid_flows", {}, "val_fix_more_flows", {"n": more})])


# --- factorize_sorted -------------------------------------------------------------------------

@pytest.mark.parametrize(("labels", "codes", "levels"), [
    ([2, 0, 1, 2], [2, 0, 1, 2], [0, 1, 2]),          # 0..k-1: their own codes
    ([5, 3, 5, 9], [1, 0, 1, 2], [3, 5, 9]),          # gaps
    ([0, 4, 4], [0, 1, 1], [0, 4]),
    ([7], [0], [7]),
    ([-1, 2, -1], [0, 1, 0], [-1, 2]),                # negative: sorted as numbers
    ([1031, 0], [1, 0], [0, 1031]),                   # the largest label of the counting path
    ([1032, 0], [1, 0], [0, 1032]),                   # beyond it: hashed
    ([10**12, 3, 10**12], [1, 0, 1], [3, 10**12]),
    (["b", "a", "b", "c"], [1, 0, 1, 2], ["a", "b", "c"]),
    (["10", "9", "10"], [0, 1, 0], ["10", "9"]),      # text sorts as text
])
def test_factorize_sorted_by_hand(labels: list[Any], codes: list[int],
                                  levels: list[Any]) -> None:
    got_codes, got_levels = factorize_sorted(pd.Series(labels))
    assert got_codes.dtype == np.int64 and got_codes.tolist() == codes
    assert got_levels.tolist() == levels


def test_factorize_sorted_of_no_labels() -> None:
    codes, levels = factorize_sorted(pd.Series([], dtype="int64"))
    assert codes.tolist() == [] and codes.dtype == np.int64 and len(levels) == 0


def test_factorize_sorted_of_unsigned_labels() -> None:
    codes, levels = factorize_sorted(pd.Series(np.array([3, 1, 3], dtype=np.uint8)))
    assert codes.tolist() == [1, 0, 1] and codes.dtype == np.int64 and levels.tolist() == [1, 3]


# --- aggregate_duplicates ---------------------------------------------------------------------

def frame(**cols: list[Any]) -> dict[str, pd.Series]:
    return {k: pd.Series(v) for k, v in cols.items()}


def test_repeated_pairs_are_summed_in_order_of_first_appearance() -> None:
    df = frame(origin=["B", "A", "B", "A", "C"], destination=["A", "B", "A", "B", "A"],
               flow=[1.0, 2.0, 3.0, 4.0, 5.0], cost=[9.0, 8.0, 9.0, 8.0, 7.0],
               origin_mass=[10.0, 20.0, 10.0, 20.0, 30.0],
               destination_mass=[20.0, 10.0, 20.0, 10.0, 20.0])
    notes: list[str] = []
    out = aggregate_duplicates(df, notes)
    assert list(out) == ["origin", "destination", "flow", "cost", "origin_mass",
                         "destination_mass"]
    assert {k: v.tolist() for k, v in out.items()} == {
        "origin": ["B", "A", "C"], "destination": ["A", "B", "A"], "flow": [4.0, 6.0, 5.0],
        "cost": [9.0, 8.0, 7.0], "origin_mass": [10.0, 20.0, 30.0],
        "destination_mass": [20.0, 10.0, 20.0]}
    assert all(v.index.tolist() == [0, 1, 2] for v in out.values())
    assert notes == ["4 rows repeat 2 origin-destination pair(s) (B->A, A->B); their flows "
                     "were summed into one observation per pair"]
    assert noted(notes[0]) == (
        "flow_summed_repeated_pairs",
        {"rows": 4, "pairs": 2, "listed": {"zh": "B->A、A->B", "en": "B->A, A->B"}},
        "4 行重复了 2 个起讫点对(B->A、A->B);每个起讫点对的流量已相加为一个观测值")


def test_a_table_without_repeats_is_returned_as_it_is() -> None:
    df = frame(origin=["A", "B"], destination=["B", "A"], flow=[1.0, 2.0], cost=[1.0, 1.0])
    notes: list[str] = []
    assert aggregate_duplicates(df, notes) is df and notes == []


def test_repeated_pairs_with_the_callers_codes() -> None:
    df = frame(origin=[1, 1, 2], destination=[2, 2, 1], flow=[1.0, 1.5, 2.0])
    codes = {s: factorize_sorted(df[s]) for s in ("origin", "destination")}
    out = aggregate_duplicates(df, [], codes)
    assert out["flow"].tolist() == [2.5, 2.0] and out["origin"].tolist() == [1, 2]


def test_repeated_pairs_with_different_costs_or_masses_are_refused() -> None:
    df = frame(origin=["A", "A", "B", "B", "C", "C"], destination=["B", "B", "A", "A", "A", "A"],
               flow=[1.0] * 6, cost=[1.0, 2.0, 3.0, 3.0, 4.0, math.nan],
               destination_mass=[5.0, 5.0, 6.0, 7.0, 8.0, 8.0])
    key, params = refused(aggregate_duplicates, df, [])
    assert key == "err_obs_pair_repeated"
    assert params == {"n": 3, "pairs": ["A->B (cost)", "C->A (cost)", "B->A (destination_mass)"]}


def test_at_most_ten_differing_pairs_are_listed() -> None:
    origins = [f"o{i:02d}" for i in range(11)]
    df = frame(origin=[o for o in origins for _ in (0, 1)], destination=["d"] * 22,
               flow=[1.0] * 22, cost=[float(k) for k in range(22)])
    _, params = refused(aggregate_duplicates, df, [])
    assert params["n"] == 11 and params["pairs"] == [f"{o}->d (cost)" for o in origins[:10]]


def test_a_long_list_of_summed_pairs_is_cut_at_200_characters() -> None:
    origins = [f"origin{i:03d}" for i in range(30)]  # "origin000->d" is 12 characters
    df = frame(origin=origins * 2, destination=["d"] * 60, flow=[1.0] * 60)
    notes: list[str] = []
    aggregate_duplicates(df, notes)
    listed = ", ".join(f"{o}->d" for o in origins)
    assert notes == [f"60 rows repeat 30 origin-destination pair(s) ({listed[:200]}...); their "
                     "flows were summed into one observation per pair"]
    listed_zh = "、".join(f"{o}->d" for o in origins)  # 200 characters, then "..."
    assert noted(notes[0])[2] == (f"60 行重复了 30 个起讫点对({listed_zh[:200]}...);"
                                  "每个起讫点对的流量已相加为一个观测值")


def test_cut_keeps_200_characters_and_marks_the_rest() -> None:
    assert _cut("x" * 200) == "x" * 200
    assert _cut("x" * 201) == "x" * 200 + "..."
    assert _cut("abcdef", limit=3) == "abc..." and _cut("") == ""


# --- drop_empty_margins -----------------------------------------------------------------------

def test_every_flow_zero_is_refused() -> None:
    df = frame(origin=["A", "B"], destination=["B", "A"], flow=[0.0, 0.0])
    assert refused(drop_empty_margins, df, "none", [])[0] == "err_obs_all_zero"


def test_a_single_positive_flow_is_enough() -> None:
    df = frame(origin=["A", "B"], destination=["B", "A"], flow=[0.0, 1e-300])
    notes: list[str] = []
    out = drop_empty_margins(df, "doubly", notes)
    assert out["origin"].tolist() == ["B"] and out["flow"].tolist() == [1e-300]
    # B receives nothing, but its one pair has gone with A: it is not listed as well
    assert notes == ["1 origin(s) with zero observed outflow were left out (their fixed effect "
                     "has no finite estimate): A"]
    assert noted(notes[0]) == (
        "flow_dropped_zero_outflow", {"n": 1, "codes": {"zh": "A", "en": "A"}},
        "1 个观测流出量为 0 的起点未参与拟合(其固定效应没有有限的估计值):A")


def test_attraction_drops_destinations_only() -> None:
    df = frame(origin=["A", "A", "B", "C"], destination=["B", "C", "C", "B"],
               flow=[0.0, 2.0, 0.0, 0.0])
    notes: list[str] = []
    out = drop_empty_margins(df, "attraction", notes)  # B receives 0; A and C send 2 and 0
    assert out["destination"].tolist() == ["C", "C"] and out["origin"].tolist() == ["A", "B"]
    assert out["flow"].index.tolist() == [0, 1]
    assert notes == ["1 destination(s) with zero observed inflow were left out (their fixed "
                     "effect has no finite estimate): B"]
    assert noted(notes[0]) == (
        "flow_dropped_zero_inflow", {"n": 1, "codes": {"zh": "B", "en": "B"}},
        "1 个观测流入量为 0 的终点未参与拟合(其固定效应没有有限的估计值):B")


def test_dropped_codes_are_listed_sorted_and_once() -> None:
    """Doubly: origins C and A send nothing (dropped, listed as A, C); Y and Z still receive
    from B."""
    df = frame(origin=["C", "B", "A", "C", "B"], destination=["Z", "Y", "Z", "Y", "Z"],
               flow=[0.0, 3.0, 0.0, 0.0, 2.0])
    notes: list[str] = []
    out = drop_empty_margins(df, "doubly", notes)
    assert list(zip(out["origin"], out["destination"], strict=True)) == [("B", "Y"), ("B", "Z")]
    assert notes == ["2 origin(s) with zero observed outflow were left out (their fixed effect "
                     "has no finite estimate): A, C"]
    assert noted(notes[0]) == (
        "flow_dropped_zero_outflow", {"n": 2, "codes": {"zh": "A、C", "en": "A, C"}},
        "2 个观测流出量为 0 的起点未参与拟合(其固定效应没有有限的估计值):A、C")


def test_margin_totals_when_nothing_is_dropped() -> None:
    """The totals by code (codes in first-appearance order when not given): origins A = 1 + 2,
    B = 4; destinations B = 1, C = 2 + 4."""
    df = frame(origin=["A", "A", "B"], destination=["B", "C", "C"], flow=[1.0, 2.0, 4.0])
    totals: dict[str, np.ndarray] = {}
    assert drop_empty_margins(df, "doubly", [], totals=totals) is df
    assert {k: v.tolist() for k, v in totals.items()} == {"origin": [3.0, 4.0],
                                                          "destination": [1.0, 6.0]}
    totals = {}
    drop_empty_margins(df, "production", [], totals=totals)
    assert list(totals) == ["origin"]
    totals = {}
    drop_empty_margins(df, "none", [], totals=totals)
    assert totals == {}


def test_margin_totals_are_not_given_after_a_drop() -> None:
    df = frame(origin=["A", "A", "B"], destination=["B", "C", "C"], flow=[1.0, 2.0, 0.0])
    totals: dict[str, np.ndarray] = {}
    out = drop_empty_margins(df, "doubly", [], totals=totals)
    assert totals == {} and out["origin"].tolist() == ["A", "A"]


# --- check_identified -------------------------------------------------------------------------

def offdiag(n: int) -> tuple[np.ndarray, np.ndarray]:
    oi = np.array([i for i in range(n) for j in range(n) if j != i])
    dj = np.array([j for i in range(n) for j in range(n) if j != i])
    return oi, dj


def test_the_spread_of_the_cost_is_returned() -> None:
    """1, 2, 3, 4: mean 2.5, squares 2.25 + 0.25 + 0.25 + 2.25 = 5, std = sqrt(5 / 4)."""
    assert check_identified(np.array([1.0, 2.0, 3.0, 4.0]), [], []) == math.sqrt(1.25)


def test_one_cost_for_every_pair_is_refused() -> None:
    assert refused(check_identified, np.full(5, 3.0), [], [])[0] == "err_obs_same_cost"


def test_a_cost_made_of_the_mass_terms_is_refused() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y = np.array([2.0, 0.0, 1.0, 3.0, 1.0])
    g = 2.0 * x - 3.0 * y + 7.0
    assert refused(check_identified, g, [x, y], [])[0] == "err_obs_cost_not_identified"
    g2 = g + np.array([0.0, 0.0, 1.0, 0.0, 0.0])
    assert check_identified(g2, [x, y], []) == pytest.approx(float(np.std(g2)), rel=1e-15)
    assert check_identified(g, [x], []) > 0  # y is not among the terms: identified


def test_a_cost_made_of_origin_effects_is_refused() -> None:
    oi = np.array([0, 0, 1, 1, 2])
    assert refused(check_identified, np.array([5.0, 5.0, 9.0, 9.0, 1.0]), [], [oi])[0] == \
        "err_obs_cost_not_identified"
    assert check_identified(np.array([5.0, 6.0, 9.0, 9.0, 1.0]), [], [oi]) > 0


def test_a_cost_made_of_origin_and_destination_effects_is_refused() -> None:
    """Five pairs of three origins and two destinations, cost a_i + b_j (a = 1, 4, 2;
    b = 10, 30): refused; another cost at one pair is identified."""
    oi, dj = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 0, 1, 1])
    g = np.array([1.0, 4.0, 2.0])[oi] + np.array([10.0, 30.0])[dj]
    assert refused(check_identified, g, [], [oi, dj])[0] == "err_obs_cost_not_identified"
    g[0] += 1.0  # (origin 2 has one pair only: its effect would absorb a change there)
    assert check_identified(g, [], [oi, dj]) > 0


@pytest.mark.parametrize("given", [None, True, False])
def test_symmetric_costs_among_three_places_are_refused(given: bool | None) -> None:
    """d_ij = d_ji among three places is always a_i + a_j (three equations, three unknowns):
    refused, in closed form (None, True) or by projections (False); four places are not."""
    oi, dj = offdiag(3)
    d = {(0, 1): 1.0, (0, 2): 2.5, (1, 2): 4.0}
    g = np.array([d[min(i, j), max(i, j)] for i, j in zip(oi, dj, strict=True)])
    assert refused(check_identified, g, [], [oi, dj], offdiag=given)[0] == \
        "err_obs_cost_not_identified"
    oi4, dj4 = offdiag(4)
    pts = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0], [5.0, 5.0]])
    g4 = np.hypot(*(pts[oi4] - pts[dj4]).T)
    assert check_identified(g4, [], [oi4, dj4], offdiag=given) == pytest.approx(
        float(np.std(g4)), rel=1e-15)


def test_asymmetric_costs_among_three_places_are_identified() -> None:
    oi, dj = offdiag(3)
    g = np.array([1.0, 2.0, 3.0, 5.0, 8.0, 13.0])
    assert check_identified(g, [], [oi, dj]) == pytest.approx(float(np.std(g)), rel=1e-15)
    assert check_identified(g, [], [oi, dj], offdiag=False) == pytest.approx(float(np.std(g)))


# --- check_connected --------------------------------------------------------------------------

def test_connected_pairs_pass() -> None:
    oi, dj = offdiag(3)
    labels = pd.Index(["a", "b", "c"])
    assert check_connected(oi, dj, labels, labels) is None
    assert check_connected(np.array([0, 1]), np.array([0, 0]), pd.Index(["a", "b"]),
                           pd.Index(["x"])) is None


def test_two_groups_are_named() -> None:
    """a->x, b->x, c->y: {a, b, x} and {c, y}."""
    key, params = refused(check_connected, np.array([0, 1, 2]), np.array([0, 0, 1]),
                          pd.Index(["a", "b", "c"]), pd.Index(["x", "y"]))
    assert key == "err_obs_disconnected"
    assert params == {"n": 2, "groups": {"zh": "起点 c、终点 y", "en": "origin c, destination y"}}


def test_three_groups_list_ten_codes_each() -> None:
    """o00->d0; o01..o11->d1 (12 codes: 10 listed, then ...); o12..o20->d2 (exactly 10)."""
    origins = pd.Index([f"o{i:02d}" for i in range(21)])
    oi = np.arange(21)
    dj = np.array([0] + [1] * 11 + [2] * 9)
    _, params = refused(check_connected, oi, dj, origins, pd.Index(["d0", "d1", "d2"]))
    g1 = [f"origin o{i:02d}" for i in range(1, 11)]
    g2 = [f"origin o{i:02d}" for i in range(12, 21)] + ["destination d2"]
    z1 = [f"起点 o{i:02d}" for i in range(1, 11)]
    z2 = [f"起点 o{i:02d}" for i in range(12, 21)] + ["终点 d2"]
    assert params == {"n": 3, "groups": {
        "en": ", ".join(g1) + ", ...; " + ", ".join(g2),
        "zh": "、".join(z1) + "、...;" + "、".join(z2)}}


@pytest.mark.parametrize(("labels", "dtype"), [([1, 0, 1, 2], np.uint8), ([2, 0, 1], np.int32)])
def test_factorize_sorted_codes_are_int64_whatever_the_label_type(labels: list[int],
                                                                  dtype: Any) -> None:
    """Labels 0..k-1 are their own codes, as int64 (the compiled kernels take int64)."""
    codes, levels = factorize_sorted(pd.Series(np.array(labels, dtype=dtype)))
    assert codes.dtype == np.int64 and codes.tolist() == labels
    assert levels.tolist() == list(range(max(labels) + 1))


@pytest.mark.parametrize("given", [None, True, False])
def test_the_refusal_threshold_is_relative_to_the_spread(given: bool | None) -> None:
    """Three places: symmetric costs (all in origin + destination terms) plus ε times the one
    pattern the terms cannot take, c = (+1, -1, -1, +1, +1, -1) over the pairs 01, 02, 10, 12,
    20, 21 (each origin's and destination's entries sum to 0). The residual is ε c, its root
    mean square ε. With costs of about 100 (spread ~ 41) the cost is refused up to
    ε = 1e-9 x spread: ε = 0.5e-9 x spread is refused, 2e-9 x spread is not."""
    oi, dj = offdiag(3)
    d = {(0, 1): 10.0, (0, 2): 110.0, (1, 2): 60.0}
    sym = np.array([d[min(i, j), max(i, j)] for i, j in zip(oi, dj, strict=True)])
    c = np.array([1.0, -1.0, -1.0, 1.0, 1.0, -1.0])
    assert np.bincount(oi, weights=c).tolist() == [0.0] * 3
    assert np.bincount(dj, weights=c).tolist() == [0.0] * 3
    spread = float(np.std(sym))
    assert spread == pytest.approx(40.82, abs=0.01)
    refused_g = sym + 0.5e-9 * spread * c
    assert refused(check_identified, refused_g, [], [oi, dj], offdiag=given)[0] == \
        "err_obs_cost_not_identified"
    kept_g = sym + 2e-9 * spread * c
    assert check_identified(kept_g, [], [oi, dj], offdiag=given) == pytest.approx(spread)


def test_a_mass_term_is_projected_out_with_both_sides_effects() -> None:
    """Every pair of four places (the closed-form layout) with a mass term x among the other
    regressors: a cost equal to 2x is refused, as x is a term of the model."""
    oi, dj = offdiag(4)
    x = np.log(np.array([3.0, 7.0, 2.0, 5.0, 11.0, 13.0, 17.0, 19.0, 23.0, 29.0, 31.0, 37.0]))
    assert check_identified(2.0 * x, [], [oi, dj]) > 0  # without x: identified
    for given in (None, True, False):
        assert refused(check_identified, 2.0 * x, [x], [oi, dj], offdiag=given)[0] == \
            "err_obs_cost_not_identified"


def test_whole_minutes_as_integers() -> None:
    """Costs given as integers (whole minutes) are checked as the same floats."""
    oi, dj = offdiag(3)
    g = np.array([1, 2, 3, 5, 8, 13])
    assert check_identified(g, [], [oi, dj]) == pytest.approx(float(np.std(g)), rel=1e-15)
    assert refused(check_identified, np.array([4, 5, 4, 9, 5, 9]), [], [oi, dj])[0] == \
        "err_obs_cost_not_identified"


def test_text_cells_a_sign_and_pandas_missing_marker() -> None:
    """"+5" is 5; "++5" is not a number; "<NA>" (how pandas prints a missing value of a
    nullable column) is a missing flow."""
    problems: list[Problem] = []
    out = flow_values(pd.Series(["+5", "++5", "<NA>", " <NA> "], dtype=object),
                      problems=problems)
    fill = ("val_exp_flow_value", {}, "val_fix_fill_flow", {})
    assert [said(p) for p in problems] == [
        (2, "flow", "++5", "val_exp_number", {}, "val_fix_plain_trips", {}),
        (3, "flow", "<NA>", *fill), (4, "flow", " <NA> ", *fill)]
    assert out.iloc[0] == 5.0


def test_float32_flows_keep_their_own_values() -> None:
    """A float32 column's values are widened as they are (0.1 in float32 is
    0.100000001490116...), not re-read from their shortest text ("0.1")."""
    out = flow_values(pd.Series(np.array([0.1, 3.0], dtype=np.float32)))
    assert out.tolist() == [0.10000000149011612, 3.0]


def test_margin_totals_follow_the_callers_codes() -> None:
    """With the caller's codes (sorted: A = 0, B = 1) the totals are in that order, though B
    comes first in the rows: origins A = 2, B = 1 + 4; destinations A = 1 + 4, B = 2."""
    df = frame(origin=["B", "A", "B"], destination=["A", "B", "A"], flow=[1.0, 2.0, 4.0])
    codes = {s: factorize_sorted(df[s]) for s in ("origin", "destination")}
    totals: dict[str, np.ndarray] = {}
    drop_empty_margins(df, "doubly", [], codes, totals)
    assert {k: v.tolist() for k, v in totals.items()} == {"origin": [2.0, 5.0],
                                                          "destination": [5.0, 2.0]}


@pytest.mark.parametrize(("n_o", "n_d"), [(5, 4), (1100, 1000)])  # a count table; hashed keys
def test_repeated_pairs_on_either_path(n_o: int, n_d: int) -> None:
    """1100 x 1000 possible pairs are more than 8 x 1103 rows + 1e6: the pairs are hashed;
    5 x 4 are counted. Rows 0 and the last three repeat (two pairs, one of them three times)."""
    from metroscope.flows._observed import _repeated_pairs

    rows = max(n_o, n_d)
    o = [f"o{i % n_o}" for i in range(rows)]
    d = [f"d{(7 * i) % n_d}" for i in range(rows)]
    assert len(set(zip(o, d, strict=True))) == rows  # no repeat yet
    none = _repeated_pairs(pd.Series(o), pd.Series(d))
    assert none.dtype == bool and none.tolist() == [False] * rows
    o += [o[0], o[1], o[1]]
    d += [d[0], d[1], d[1]]
    got = _repeated_pairs(pd.Series(o), pd.Series(d))
    assert got.dtype == bool
    assert np.flatnonzero(got).tolist() == [0, 1, rows, rows + 1, rows + 2]


def test_the_count_of_further_bad_cells_is_in_the_callers_context() -> None:
    problems: list[Problem] = []
    flow_values(pd.Series([-1.0] * 51), context="trips.csv", problems=problems)
    assert [str(p.table) for p in problems] == ["trips.csv"] * 51


def test_repeated_pairs_with_the_same_text_mass_are_summed() -> None:
    """A mass written as text (here "n/a", not a number) on both rows of a pair is the same
    value: the flows are summed and the mass is kept for the later checks to name."""
    df = frame(origin=["A", "A", "B"], destination=["B", "B", "A"], flow=[1.0, 2.0, 3.0],
               origin_mass=["n/a", "n/a", "7"])
    out = aggregate_duplicates(df, [])
    assert out["flow"].tolist() == [3.0, 3.0] and out["origin_mass"].tolist() == ["n/a", "7"]
