"""Checking and tidying observed flows before a gravity model is fitted to them.

* Flow values must be plain non-negative numbers: a cell such as ``"1,234"`` (thousands
  separator), ``"abc"``, an empty cell, a negative or an infinite value is named with its
  row, value and fix, all at once.
* Duplicate origin-destination rows are summed into one pair (one observation of a pair is
  its total flow; fitting the parts as separate pairs double-counts the pair's cost in the
  likelihood and, for the doubly-constrained model, breaks the balancing), with a note.
  Rows of one pair with different costs or masses are refused.
* Under a constraint, an origin whose observed outflow is 0 (or a destination whose inflow is
  0) has a fixed effect of -inf (the maximum-likelihood estimate does not exist): its pairs are
  dropped and named in a note, repeatedly until no such origin or destination is left.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import DataValidationError, Problem
from ..messages import Message
from ._table import FlowModelError

_LISTED = 10


#: The largest count a float64 holds exactly (2**53): a flow above it is a typo or a wrong
#: unit, and its rounding would be part of the fit.
FLOW_MAX: float = float(2**53)


def flow_values(flow: pd.Series, *, context: str | None = None,
                problems: list[Problem] | None = None) -> pd.Series:
    """The flow column as float64; every cell that is not a non-negative finite number (at
    most :data:`FLOW_MAX`) is reported (row 1-based in table order, value, and what to write
    instead). With ``problems`` given, they are appended there (bad cells become NaN) and the
    caller raises once with its own problems.

    Raises
    ------
    DataValidationError
        Listing every bad cell (without ``problems``).
    """
    if pd.api.types.is_float_dtype(flow) or pd.api.types.is_integer_dtype(flow):
        values = flow.to_numpy(dtype="float64", copy=True)  # the model's own copy
        text = None
    else:
        text = flow.astype("string").str.strip()
        num = pd.to_numeric(text, errors="coerce")  # reads a leading "+" itself
        values = num.astype("float64").to_numpy(copy=True)  # writable: bad cells become NaN
    if context is None:
        context = Message("val_ctx_observed_flows")
    collect = problems is not None
    problems = problems if problems is not None else []
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values) | (values < 0) | (values > FLOW_MAX)
    for i in np.flatnonzero(bad)[:50]:
        raw = flow.iloc[i]
        # pd.NA: a missing cell of a pandas string or nullable-number column
        shown = None if raw is None or raw is pd.NA or (isinstance(raw, float) and np.isnan(raw)) \
            else raw
        if shown is None or (text is not None and text.iloc[i] in ("", "<NA>")):
            expected, fix = Message("val_exp_flow_value"), Message("val_fix_fill_flow")
        elif text is not None and "," in str(text.iloc[i]):
            expected = Message("val_exp_plain_number")
            fix = Message("val_fix_thousands", number=str(text.iloc[i]).replace(",", ""))
        elif np.isinf(values[i]):
            expected, fix = Message("val_exp_finite"), Message("val_fix_observed_trips")
        elif values[i] < 0:
            expected, fix = Message("val_exp_flow_ge0"), Message("val_fix_flow_negative")
        elif values[i] > FLOW_MAX:
            expected = Message("val_exp_flow_at_most", bound=f"{FLOW_MAX:,.0f}")
            fix = Message("val_fix_flow_digits")
        else:
            expected, fix = Message("val_exp_number"), Message("val_fix_plain_trips")
        problems.append(Problem(context, int(i) + 1, "flow", shown, expected, fix))
    if bad.sum() > 50:
        problems.append(Problem(context, None, "flow", None, Message("val_exp_valid_flows"),
                                Message("val_fix_more_flows", n=int(bad.sum()) - 50)))
    if problems and not collect:
        raise DataValidationError(problems, context=context)
    values[bad] = np.nan
    return pd.Series(values, index=flow.index, dtype="float64")


Codes = dict[str, tuple[np.ndarray, pd.Index]]


def factorize_sorted(labels: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes (int64) of ``labels`` in the sorted order of the distinct labels (as spint orders
    dummies) and those labels; an O(n) path for small non-negative integer labels."""
    v = labels.to_numpy()
    if v.dtype.kind in "iu" and v.size and v.min() >= 0 and v.max() < 4 * v.size + 1024:
        present = np.bincount(v) > 0
        if present.all():  # the labels 0..k-1 are their own codes (bench and dataset inputs)
            return np.asarray(v, dtype=np.int64), pd.Index(np.arange(present.size))
        levels = np.flatnonzero(present)
        code_of = np.cumsum(present) - 1
        return np.asarray(code_of[v], dtype=np.int64), pd.Index(levels)
    codes, uniques = pd.factorize(labels, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def aggregate_duplicates(df: dict[str, pd.Series], notes: list[str],
                         codes: Codes | None = None) -> dict[str, pd.Series]:
    """Sum the flows of repeated (origin, destination) rows; refuse differing costs/masses.
    ``codes``: the origin and destination codes when the caller has them (else factorised)."""
    dup = _repeated_pairs(df["origin"], df["destination"], codes)
    if not dup.any():
        return df
    frame = pd.DataFrame({k: v.to_numpy() for k, v in df.items()})
    others = [c for c in ("cost", "origin_mass", "destination_mass") if c in frame.columns]
    grouped = frame.groupby(["origin", "destination"], sort=False)
    differing = []
    for c in others:
        spread = grouped[c].agg(lambda s: pd.to_numeric(s, errors="coerce").nunique(dropna=False))
        differing += [f"{o}->{d} ({c})" for (o, d) in spread.index[spread.to_numpy() > 1]]
    if differing:
        msg = Message("err_obs_pair_repeated", n=len(differing), pairs=differing[:_LISTED])
        raise FlowModelError(msg)
    agg = {"flow": "sum", **{c: "first" for c in others}}
    merged = grouped.agg(agg).reset_index()
    pairs = frame.loc[dup, ["origin", "destination"]].drop_duplicates()
    listed = [f"{o}->{d}" for o, d in pairs.itertuples(index=False, name=None)]
    notes.append(Message("flow_summed_repeated_pairs", rows=int(dup.sum()), pairs=len(pairs),
                         listed=_listed(listed)))
    return {c: merged[c].reset_index(drop=True) for c in merged.columns}


def drop_empty_margins(df: dict[str, pd.Series], constraint: str, notes: list[str],
                       codes: Codes | None = None,
                       totals: dict[str, np.ndarray] | None = None) -> dict[str, pd.Series]:
    """Drop the pairs of origins with zero observed outflow (production, doubly) and of
    destinations with zero inflow (attraction, doubly), until none is left; note which.
    ``codes``: the origin and destination codes when the caller has them (else factorised).
    ``totals``: filled with the flow totals per code of each side checked, when no pair is
    dropped (the doubly-constrained fit balances to them).

    Raises
    ------
    FlowModelError
        When every flow is zero, or nothing is left to fit.
    """
    if float(df["flow"].sum()) <= 0:
        msg = Message("err_obs_all_zero")
        raise FlowModelError(msg)
    sides = {"production": ["origin"], "attraction": ["destination"],
             "doubly": ["origin", "destination"]}.get(constraint, [])
    dropped: dict[str, list[str]] = {"origin": [], "destination": []}
    keep = np.ones(len(df["flow"]), dtype=bool)
    flow = df["flow"].to_numpy(dtype="float64")
    coded = {side: codes[side] if codes else pd.factorize(df[side]) for side in sides}
    changed = True
    while changed and sides:
        changed = False
        for side in sides:
            side_codes, labels = coded[side]
            whole = not dropped["origin"] and not dropped["destination"]  # keep is all True
            side_totals = np.bincount(side_codes, minlength=len(labels),
                                      weights=flow if whole else np.where(keep, flow, 0.0))
            if whole and totals is not None:
                totals[side] = side_totals
            # while nothing is dropped every code has rows (codes come from these rows)
            present = np.bincount(side_codes[keep], minlength=len(labels)) > 0 if not whole \
                else np.ones(len(labels), dtype=bool)
            empty = np.flatnonzero((side_totals <= 0) & present)
            if len(empty):
                keep &= ~np.isin(side_codes, empty)
                dropped[side] += [str(x) for x in labels[empty].sort_values()]
                changed = True
    for side, names in dropped.items():
        if names:
            key = "flow_dropped_zero_outflow" if side == "origin" else "flow_dropped_zero_inflow"
            notes.append(Message(key, n=len(names), codes=_listed(names)))
    if not keep.any():
        msg = Message("err_obs_no_pair_left")
        raise FlowModelError(msg)
    if keep.all():
        return df
    if totals is not None:
        totals.clear()  # those of the first pass were of the rows before the drop
    return {k: v[keep].reset_index(drop=True) for k, v in df.items()}


def _repeated_pairs(origin: pd.Series, destination: pd.Series,
                    codes: Codes | None = None) -> np.ndarray:
    """A mask of the rows whose (origin, destination) pair appears on more than one row."""
    oi, o_lab = codes["origin"] if codes else pd.factorize(origin)
    dj, d_lab = codes["destination"] if codes else pd.factorize(destination)
    key = oi.astype(np.int64) * len(d_lab) + dj
    if len(o_lab) * len(d_lab) <= 8 * len(key) + 1_000_000:
        from ._fit_kernels import any_repeated

        if not any_repeated(np.ascontiguousarray(oi, dtype=np.int64),
                            np.ascontiguousarray(dj, dtype=np.int64), len(o_lab), len(d_lab)):
            return np.zeros(len(key), dtype=bool)  # the usual case, in one compiled pass
        counts = np.bincount(key, minlength=len(o_lab) * len(d_lab))  # some pair repeats
        return np.asarray(counts[key] > 1)
    return np.asarray(pd.Series(key).duplicated(keep=False).to_numpy())


def _cut(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _listed(names: list[str]) -> dict[str, str]:
    """``names`` joined in each language (``、`` in Chinese), each cut to 200 characters."""
    return {"zh": _cut("、".join(names)), "en": _cut(", ".join(names))}


def check_identified(g: np.ndarray, others: list[np.ndarray], groups: list[np.ndarray], *,
                     offdiag: bool | None = None) -> float:
    """Refuse a cost regressor that the model's other terms reproduce exactly (then any θ
    fits equally well and an estimate with a standard error would be made up).

    ``groups`` are the fixed effects of the model (origin and/or destination codes 0..k-1),
    ``others`` its other regressors (log masses). The residual of ``g`` after projecting out
    the fixed effects (alternating projections; in closed form when the two groups are the
    origins and destinations of every pair ``i != j``) and the other regressors is compared
    with ``g``'s own spread, which is returned (its standard deviation).

    Raises
    ------
    FlowModelError
        When the residual is zero (to 1e-9 relative).
    """
    from ._fit_kernels import demean as demean_kernel
    from ._fit_kernels import offdiag_two_way_rss
    from ._kernels import is_offdiag_layout

    codes = [np.ascontiguousarray(grp, dtype=np.int64) for grp in groups]
    none = np.zeros(0, dtype=np.int64)
    g1, g2 = (codes + [none, none])[:2]
    n1, n2 = int(g1.max(initial=-1)) + 1, int(g2.max(initial=-1)) + 1

    def demean(v: np.ndarray) -> np.ndarray:  # compiled (the NumPy rounds took 5-10x longer)
        return np.asarray(demean_kernel(np.ascontiguousarray(v, dtype=np.float64), g1, n1, g2,
                                        n2, len(codes), 500))

    spread = float(np.std(g))
    if spread == 0.0:
        msg = Message("err_obs_same_cost")
        raise FlowModelError(msg)
    gv = np.ascontiguousarray(g, dtype=np.float64)
    if not others and len(codes) == 2 and n1 == n2 >= 3 and gv.size == n1 * (n1 - 1) and \
            (is_offdiag_layout(g1, g2, n1) if offdiag is None else offdiag):  # every pair i != j: the projection in closed form
        rms = float(np.sqrt(offdiag_two_way_rss(gv, n1) / gv.size))
    else:
        rg = demean(gv)
        if others:
            rx = np.column_stack([demean(np.asarray(x, dtype="float64")) for x in others])
            coef, *_ = np.linalg.lstsq(rx, rg, rcond=None)
            rg = rg - rx @ coef
        rms = float(np.sqrt(np.mean(rg ** 2)))
    if rms <= 1e-9 * spread:
        msg = Message("err_obs_cost_not_identified")
        raise FlowModelError(msg)
    return spread


def check_connected(oi: np.ndarray, dj: np.ndarray, o_lab: pd.Index, d_lab: pd.Index) -> None:
    """Refuse a doubly-constrained model whose observed pairs split the origins and
    destinations into groups with no pair between them: the level of one group's effects
    against another's is then not pinned down, and any estimate of it (with a standard error)
    would be made up.

    Raises
    ------
    FlowModelError
        Naming the number of groups and up to 10 codes of each group but the first.
    """
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    from ._fit_kernels import count_components

    no, nd = len(o_lab), len(d_lab)
    # one compiled pass decides (2 ms at a million pairs against 25 ms for the sparse graph);
    # SciPy's labelling names the groups
    if count_components(np.ascontiguousarray(oi, dtype=np.int64),
                        np.ascontiguousarray(dj, dtype=np.int64), no, nd) <= 1:
        return
    graph = coo_array((np.ones(len(oi)), (oi, no + dj)), shape=(no + nd, no + nd))
    n, comp = connected_components(graph, directed=False)
    if n <= 1:
        return
    groups: dict[str, list[str]] = {"zh": [], "en": []}
    for k in range(1, n):
        for lang, (ori, dest, sep) in {"zh": ("起点", "终点", "、"),
                                       "en": ("origin", "destination", ", ")}.items():
            codes = [f"{ori} {c}" for c in o_lab[comp[:no] == k]] + [
                f"{dest} {c}" for c in d_lab[comp[no:] == k]]
            groups[lang].append(sep.join(codes[:_LISTED])
                                + (f"{sep}..." if len(codes) > _LISTED else ""))
    msg = Message("err_obs_disconnected", n=n, groups={"zh": ";".join(groups["zh"]),
                                                        "en": "; ".join(groups["en"])})
    raise FlowModelError(msg)
