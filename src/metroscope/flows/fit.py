"""Calibration of gravity models by Poisson maximum likelihood.

The model ``log E[T_ij] = η_ij`` is a Poisson GLM with log link [Flowerdew & Aitkin 1982;
Fotheringham & O'Kelly 1989], in the parametrisation of spint (Oshan 2016, *REGION* 3(2)):

* ``none``: ``η = const + α log m_i + γ log n_j + θ g(c_ij)``;
* ``production``: ``η = const + origin[i] + γ log n_j + θ g(c_ij)``;
* ``attraction``: ``η = const + destination[j] + α log m_i + θ g(c_ij)``;
* ``doubly``: ``η = const + origin[i] + destination[j] + θ g(c_ij)``;

with ``g(c) = log c`` (power deterrence, ``β = -θ``) or ``g(c) = c`` (exp, ``β = -θ``), and the
dummy of the first origin/destination code (in sorted order) dropped. The unconstrained model is
fitted by Newton–Raphson (IRLS); the origin (destination) effects of the singly-constrained
models are profiled out in closed form, so Newton runs on the 2 remaining coefficients with the
exact profile Hessian; the doubly-constrained model is solved by Furness balancing for each θ and a
one-dimensional root search on the profile score ``Σ g(c)(T - T̂) = 0``. All four reach the same
maximum as IRLS on the full design. Standard errors are ``sqrt(diag((X'WX)^-1))`` (scale 1),
with the diagonal block of one set of fixed effects eliminated in closed form and the rest
factorised by Cholesky (see ``_stderr``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._errors import Problem
from .._provenance import annotate
from ..messages import Message
from ._observed import (
    aggregate_duplicates,
    check_connected,
    check_identified,
    drop_empty_margins,
    factorize_sorted,
    flow_values,
)
from ._table import FloatArray, FlowModelError, ObservedFlowsError, check_choice
from .balancing import furness_checked
from .gof import goodness_of_fit
from .gravity import CONSTRAINTS, DETERRENCES

logger = logging.getLogger(__name__)

__all__ = ["GravityFit", "fit_gravity"]

MAX_FULL_PARAMS = 1500
SERIAL_PAIRS = 1_000_000  # doubly-constrained fits up to this many pairs run on one thread


@dataclass(frozen=True)
class GravityFit:
    """A calibrated gravity model.

    Attributes
    ----------
    params
        Coefficients indexed by name: ``const``, ``origin[<code>]``, ``destination[<code>]``,
        ``log_origin_mass``, ``log_destination_mass``, ``cost`` (coefficient θ of ``log c``
        or ``c``).
    std_err
        Their standard errors (a property, see :attr:`std_err`).
    fitted
        Flow table indexed by ``(origin, destination)``: ``observed``, ``predicted`` (trips),
        ``cost``. An ordinary writable frame: editing it changes neither the observed table
        nor the fit's coefficients, standard errors or goodness of fit.
    gof
        Goodness of fit (see :func:`~metroscope.flows.goodness_of_fit`).
    notes
        What was done to the data before fitting (summed duplicates, origins or destinations
        left out), one sentence each; the same list is in ``fitted``'s provenance.
    """

    constraint: str
    deterrence: str
    params: pd.Series
    _errors: Any = field(repr=False)  # the std_err Series, or the DeferredErrors that make it
    fitted: pd.DataFrame
    gof: pd.Series
    iterations: int
    notes: list[Any] = field(default_factory=list)

    @property
    def std_err(self) -> pd.Series:
        """Standard errors ``sqrt(diag((X'WX)^-1))`` indexed like :attr:`params`.

        Those of the dummies are NaN when the model has more than 1,500 parameters (only the
        slopes are then computed). A doubly-constrained model with at most 1,500 parameters
        computes them on first read (O(N³), a large share of the fit at N = 750; a caller
        that reads only the coefficients or the fitted flows does not pay for them), and
        keeps them: the values are the same whenever they are read.
        """
        if isinstance(self._errors, pd.Series):
            return self._errors
        return self._errors.value()  # type: ignore[no-any-return]

    @property
    def beta(self) -> float:
        """Deterrence parameter ``β = -θ`` (power: dimensionless; exp: per cost unit)."""
        return -float(self.params["cost"])

    def summary(self) -> pd.DataFrame:
        """Coefficients with standard errors and z values.

        Raises
        ------
        Nothing; a zero standard error gives an infinite or NaN ``z``.

        Examples
        --------
        >>> from metroscope.flows import gravity
        >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 2.0, 0.5], "lat": [0.0, 0.0, 0.0, 1.0],
        ...                     "population": [100.0, 80.0, 60.0, 40.0]}, index=["a", "b", "c", "d"])
        >>> observed = gravity(loc, constraint="doubly", beta=2.0)
        >>> fit = fit_gravity(observed, locations=loc)
        >>> fit.summary().loc[["cost"]].round(4)
              coef  std_err      z
        cost  -2.0   0.4777 -4.187
        """
        return pd.DataFrame({"coef": self.params, "std_err": self.std_err,
                             "z": self.params / self.std_err})


def _prepare(observed: pd.DataFrame, *, cost: pd.DataFrame | None,
             locations: pd.DataFrame | None, include_self: bool,
             deterrence: str = "power") -> dict[str, pd.Series]:
    """The observed columns as Series (no DataFrame consolidation of millions of rows); every
    bad flow and cost is reported at once (rows 1-based in the observed table's order)."""
    src = observed.reset_index() if "origin" not in observed.columns else observed
    wanted = ["origin", "destination", "flow", "cost", "origin_mass", "destination_mass"]
    # a 0..n-1 index is kept as it is (reset_index copies each column's index)
    plain = isinstance(src.index, pd.RangeIndex) and src.index.start == 0 and \
        src.index.step == 1
    df = {c: src[c] if plain else src[c].reset_index(drop=True) for c in wanted
          if c in src.columns}
    missing = [c for c in ("origin", "destination", "flow") if c not in df]
    if missing:
        msg = Message("err_fit_missing_columns", got=repr(missing))
        raise FlowModelError(msg)
    problems: list[Problem] = []
    _clean_columns(df, problems)
    rows = np.arange(1, len(df["flow"]) + 1)
    if not include_self:
        if _numpy_kind(df["origin"]) in "iu" and _numpy_kind(df["destination"]) in "iu":
            same = df["origin"].to_numpy() == df["destination"].to_numpy()  # no Series made
        else:
            same = (df["origin"] == df["destination"]).to_numpy()
        if same.any():
            df = {k: v[~same].reset_index(drop=True) for k, v in df.items()}
            rows = rows[~same]
    if "cost" not in df:
        if cost is not None:
            cm = cost.copy()
            cm.index = cm.index.astype(str)
            cm.columns = cm.columns.astype(str)
            from ._table import positions

            ro = positions(df["origin"].astype(str), pd.Index(cm.index), what="origin",
                           among="the rows of the cost matrix")
            cd = positions(df["destination"].astype(str), pd.Index(cm.columns),
                           what="destination", among="the columns of the cost matrix")
            df["cost"] = pd.Series(cm.to_numpy(dtype="float64")[ro, cd])
        elif locations is not None:
            from ..geo import great_circle_km
            from ._table import locations_table

            loc = locations_table(locations)
            _known(df, pd.Index(loc.index), "locations")
            o = loc.reindex(df["origin"].astype(str))
            d = loc.reindex(df["destination"].astype(str))
            df["cost"] = pd.Series(great_circle_km(o["lon"], o["lat"], d["lon"], d["lat"]))
        else:
            msg = Message("err_fit_no_cost")
            raise FlowModelError(msg)
    if locations is not None and ("origin_mass" not in df or "destination_mass" not in df):
        loc_codes = pd.Index([str(c) for c in pd.DataFrame(locations).get(
            "code", pd.DataFrame(locations).index)])
        _known(df, loc_codes, "locations")
    if locations is not None:
        pop = pd.Series(pd.DataFrame(locations)["population"].to_numpy(dtype="float64"),
                        index=[str(c) for c in (locations.get("code", locations.index))])
        if "origin_mass" not in df:
            df["origin_mass"] = df["origin"].astype(str).map(pop)
        if "destination_mass" not in df:
            df["destination_mass"] = df["destination"].astype(str).map(pop)
    numeric = _numpy_kind(df["cost"]) in "fiu"
    costs = (df["cost"] if numeric else pd.to_numeric(df["cost"], errors="coerce")).to_numpy(
        dtype="float64", copy=True)  # the model's own copy, never a view of the caller's
    problems += _cost_problems(df, costs, rows, deterrence)
    if problems:
        raise ObservedFlowsError(problems, context=Message("val_ctx_observed_flows"))
    df["cost"] = pd.Series(costs)
    return df


def _numpy_kind(col: pd.Series) -> str:
    """The NumPy kind of a column held in a plain NumPy dtype ("X" for extension dtypes,
    whose comparisons and missing values follow pandas' rules)."""
    return col.dtype.kind if isinstance(col.dtype, np.dtype) else "X"


def _cost_problems(df: dict[str, pd.Series], costs: FloatArray, rows: np.ndarray,
                   deterrence: str) -> list[Problem]:
    """Costs that are not finite, negative, or (power deterrence: log cost) zero; ``rows``
    are the 1-based rows of the observed table."""
    ctx = Message("val_ctx_observed_flows")
    raw = df["cost"]
    out: list[Problem] = []
    with np.errstate(invalid="ignore"):
        kinds = ((~np.isfinite(costs), "val_exp_cost_finite", "val_fix_cost_finite"),
                 (np.isfinite(costs) & (costs < 0), "val_exp_cost_ge0", "val_fix_cost_negative"),
                 ((costs == 0) & (deterrence == "power"), "val_exp_cost_gt0_power",
                  "val_fix_cost_zero"))
    for mask, expected, fix in kinds:
        for i in np.flatnonzero(mask)[:20]:
            value = raw.iloc[i]
            value = None if value is None or value is pd.NA or (
                isinstance(value, float) and np.isnan(value)) else value
            pair = f"{df['origin'].iloc[i]}->{df['destination'].iloc[i]}"
            out.append(Problem(ctx, int(rows[i]), "cost", value, Message(expected, pair=pair),
                               Message(fix)))
    return out


def _clean_columns(df: dict[str, pd.Series], problems: list[Problem]) -> None:
    """Flows as float64 (bad cells named in ``problems``), codes without blanks (stripped
    text)."""
    df["flow"] = flow_values(df["flow"], problems=problems)
    for side in ("origin", "destination"):
        if _numpy_kind(df[side]) not in "iub" and df[side].isna().any():  # integers: no NA
            rows = [int(i) + 1 for i in np.flatnonzero(df[side].isna().to_numpy())]
            msg = Message("err_fit_empty_code", side=_SIDE[side], rows=repr(rows[:10]))
            raise FlowModelError(msg)
        if not pd.api.types.is_numeric_dtype(df[side]):
            df[side] = df[side].astype(str).str.strip()


_SIDE = {"origin": {"zh": "起点", "en": "origin"},
         "destination": {"zh": "终点", "en": "destination"}}


def _known(df: dict[str, pd.Series], codes: pd.Index, what: str) -> None:
    """Name the origin/destination codes that are not in ``codes``."""
    unknown = sorted(set(df["origin"].astype(str)) - set(codes)) + sorted(
        set(df["destination"].astype(str)) - set(codes))
    if unknown:
        unknown = list(dict.fromkeys(unknown))
        place = {"zh": "位置表" if what == "locations" else what, "en": what}
        msg = Message("err_fit_codes_unknown", n=len(unknown), what=place,
                      codes=unknown[:10])
        raise FlowModelError(msg)


def fit_gravity(
    observed: pd.DataFrame,
    *,
    constraint: Literal["none", "production", "attraction", "doubly"] = "doubly",
    deterrence: Literal["power", "exp"] = "power",
    locations: pd.DataFrame | None = None,
    cost: pd.DataFrame | None = None,
    include_self: bool = False,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> GravityFit:
    """Fit a gravity model to observed flows by Poisson maximum likelihood.

    Parameters
    ----------
    observed
        Columns ``origin``, ``destination``, ``flow`` (trips; or those as the index), and
        optionally ``cost``, ``origin_mass``, ``destination_mass`` per pair. Pairs absent from
        the table are not part of the model (structural zeros); zero flows that are listed are.
    constraint
        ``none``, ``production``, ``attraction`` or ``doubly``.
    deterrence
        ``power`` (regressor ``log c``) or ``exp`` (regressor ``c``).
    locations
        Locations table (``lon``, ``lat``, ``population``) for masses and, without a cost
        column or matrix, great-circle distance (km).
    cost
        Square cost matrix (codes x codes), e.g. travel minutes.
    include_self
        Keep ``i -> i`` pairs (default: dropped, as scikit-mobility does).
    tol
        Convergence tolerance on the coefficients (relative) and of the Furness balancing.
    max_iter
        Maximum Newton iterations (or root-search steps).

    Duplicate origin-destination rows are summed into one pair, and origins (destinations)
    without any observed flow are left out under a production (attraction) or double
    constraint; both are said in ``notes``, the log and the fitted table's provenance.

    Raises
    ------
    DataValidationError
        Naming every flow cell that is not a non-negative number (``"1,234"``, ``abc``, ...).
    FlowModelError
        For missing columns, codes absent from the locations or cost matrix (named), pairs
        without a finite cost (named), all-zero flows, non-positive masses or costs where
        logs are taken, an estimate that does not exist (infinite), a doubly-constrained
        model whose pairs split into groups with no pair between them (named), or no
        convergence.

    Examples
    --------
    >>> from metroscope.flows import gravity
    >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 2.0, 0.5], "lat": [0.0, 0.0, 0.0, 1.0],
    ...                     "population": [100.0, 80.0, 60.0, 40.0]}, index=["a", "b", "c", "d"])
    >>> observed = gravity(loc, constraint="doubly", beta=2.0)
    >>> fit = fit_gravity(observed, locations=loc)  # recovers the exponent: cost coefficient -beta
    >>> round(float(fit.params["cost"]), 4), round(float(fit.gof["cpc"]), 4)
    (-2.0, 1.0)
    """
    check_choice("constraint", constraint, CONSTRAINTS)
    check_choice("deterrence", deterrence, DETERRENCES)
    df = _prepare(observed, cost=cost, locations=locations, include_self=include_self,
                  deterrence=deterrence)
    notes: list[str] = []
    given = df  # codes once for the checks and the model; again only if rows change
    codes = {side: factorize_sorted(df[side]) for side in ("origin", "destination")}
    df = aggregate_duplicates(df, notes, codes)
    margins: dict[str, np.ndarray] = {}  # flow totals per origin / destination, if kept whole
    df = drop_empty_margins(df, constraint, notes, codes if df is given else None, margins)
    if df is not given:
        codes = {side: factorize_sorted(df[side]) for side in ("origin", "destination")}
    for note in notes:
        logger.info("fit_gravity: %s", note)
    c = df["cost"].to_numpy(dtype="float64")
    if deterrence == "power" and (c <= 0).any():
        msg = Message("err_fit_power_zero_cost")
        raise FlowModelError(msg)
    g = np.log(c) if deterrence == "power" else c
    y = df["flow"].to_numpy(dtype="float64")
    (oi, o_lab), (dj, d_lab) = codes["origin"], codes["destination"]
    cols: dict[str, FloatArray] = {}
    if constraint in ("none", "attraction"):
        cols["log_origin_mass"] = _log_mass(df, "origin_mass")
    if constraint in ("none", "production"):
        cols["log_destination_mass"] = _log_mass(df, "destination_mass")
    cols["cost"] = g
    z = np.column_stack(list(cols.values()))
    groups = {"none": [], "production": [oi], "attraction": [dj], "doubly": [oi, dj]}
    offdiag = None
    if constraint == "doubly" and len(o_lab) == len(d_lab) > 1:
        from ._kernels import is_offdiag_layout  # once for the check and the fit

        offdiag = bool(is_offdiag_layout(oi, dj, len(o_lab)))
    g_std = check_identified(g, [v for k, v in cols.items() if k != "cost"], groups[constraint],
                             offdiag=offdiag)
    if constraint == "doubly" and not (offdiag and len(o_lab) >= 3):  # all i != j: connected
        check_connected(oi, dj, o_lab, d_lab)
    from . import _glm

    info: float | None = None
    if constraint == "none":
        theta, mu, it = _glm.newton_plain(np.column_stack([np.ones_like(y), z]), y, tol, max_iter)
        params = dict(zip(["const", *cols], theta, strict=True))
    elif constraint in ("production", "attraction"):
        grp, lab, kind = (oi, o_lab, "origin") if constraint == "production" else \
            (dj, d_lab, "destination")
        theta, fe, mu, it = _glm.newton_profile(z, y, grp, len(lab), tol, max_iter)
        params = {"const": fe[0], **{f"{kind}[{lab[k]}]": fe[k] - fe[0]
                                     for k in range(1, len(lab))},
                  **dict(zip(cols, theta, strict=True))}
    else:
        from ._stderr import one_blas_thread, one_numba_thread

        # matrix-vector products between Numba's parallel kernels; small models serially
        with one_blas_thread(), one_numba_thread(len(y) <= SERIAL_PAIRS):
            th, la, lb, mu, it, info = _glm.doubly(
                g, y, oi, dj, len(o_lab), len(d_lab), tol, max_iter, furness_checked,
                information=len(o_lab) + len(d_lab) > MAX_FULL_PARAMS,  # else all are inverted
                offdiag=offdiag, g_std=g_std,
                margins=(margins["origin"], margins["destination"]) if df is given and
                len(margins) == 2 else None)
        params = pd.Series(  # as arrays: a dict of 2N entries cost more than the Cholesky
            np.concatenate([[la[0] + lb[0]], la[1:] - la[0], lb[1:] - lb[0], [th]]),
            index=pd.Index(np.array(["const", *(f"origin[{c}]" for c in o_lab[1:].tolist()),
                                     *(f"destination[{c}]" for c in d_lab[1:].tolist()),
                                     "cost"], dtype=object), dtype="str"),  # 4x faster than
            dtype="float64")  # inferring the dtype of a list
    p = params if isinstance(params, pd.Series) else pd.Series(params, dtype="float64")
    if not np.isfinite(p.to_numpy()).all():
        bad = ", ".join(p.index[~np.isfinite(p.to_numpy())][:10])
        msg = Message("err_fit_mle_infinite", got=bad)
        raise FlowModelError(msg)
    from ._stderr import DeferredErrors, std_errors

    se: Any
    if constraint == "doubly" and len(p) <= MAX_FULL_PARAMS:  # O(N³): when first read
        se = DeferredErrors(p.index, constraint, z, mu, oi, dj, o_lab, d_lab, MAX_FULL_PARAMS)
    else:
        se = std_errors(p.index, constraint, z, mu, oi, dj, o_lab, d_lab, MAX_FULL_PARAMS,
                        doubly_info=info if constraint == "doubly" else None)
    # ``fitted`` is the caller's to edit: y and c are read-only views of the observed columns
    # (pandas hands those out) and are copied unless they own their data; mu is the fit's new
    # array and nothing else holds it (the deferred standard errors keep a copy)
    fitted = pd.DataFrame({"observed": _own(y), "predicted": mu, "cost": _own(c)},
                          index=pd.MultiIndex(levels=[o_lab, d_lab], codes=[oi, dj],
                                              names=["origin", "destination"],
                                              verify_integrity=False), copy=False)
    gof = goodness_of_fit(y, mu, n_params=len(p))  # the columns of ``fitted``, as arrays
    logger.info("Fitted %s gravity (%s) on %d pairs: theta=%.6g in %d iterations", constraint,
                deterrence, len(y), p.iloc[-1], it)  # cost is last (no label hash table)
    annotate(fitted, indicator="gravity_fit", parameters={
        "constraint": constraint, "deterrence": deterrence, "beta": -float(p.iloc[-1])},
        notes=notes)
    return GravityFit(constraint, deterrence, p, se, fitted, gof, it, notes=list(notes))


def _own(a: FloatArray) -> FloatArray:
    """``a`` when it is a writable array owning its data, else a copy of it."""
    return a if a.flags.writeable and a.flags.owndata else a.copy()


def _log_mass(df: dict[str, pd.Series], col: str) -> FloatArray:
    if col not in df:
        msg = Message("err_fit_needs_mass", col=col)
        raise FlowModelError(msg)
    v = df[col].to_numpy(dtype="float64")
    if np.isnan(v).any() or (v <= 0).any():
        msg = Message("err_fit_mass_not_positive", col=col)
        raise FlowModelError(msg)
    return np.asarray(np.log(v), dtype=np.float64)
