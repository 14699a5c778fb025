"""Gravity laws of spatial interaction, unconstrained or with balancing constraints.

.. math::

    T_{ij} = k_{ij} \\, m_i^{\\alpha} \\, n_j^{\\gamma} \\, f(c_{ij}),\\qquad
    f(c) = c^{-\\beta} \\text{ (power)} \\quad\\text{or}\\quad e^{-\\beta c} \\text{ (exp)}

with ``c_ij`` great-circle distance (km) or a network travel time (minutes). The constraint
chooses ``k_ij`` (Wilson 1971, *Environment and Planning* 3:1–32):

* ``none``: one constant, so that the total equals ``Σ_i O_i`` (scikit-mobility's "globally
  constrained" model);
* ``production``: ``k_ij = O_i / Σ_j m_j^γ f(c_ij)`` so every origin sends exactly ``O_i``;
* ``attraction``: ``k_ij = D_j / Σ_i m_i^α f(c_ij)`` so every destination receives ``D_j``;
* ``doubly``: ``T_ij = A_i O_i B_j D_j f(c_ij)`` balanced by :func:`~metroscope.flows.furness`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._provenance import annotate
from ..geo import EARTH_RADIUS_KM
from ..messages import Message
from . import _kernels as K
from . import _pairs_kernels as PK
from ._pairs import candidate_pairs, term_to_km
from ._params import check_beta, check_beta_costs
from ._table import (
    FloatArray,
    FlowModelError,
    check_choice,
    cost_matrix,
    flow_frame,
    locations_table,
    offdiag_pairs,
    radians,
)
from .balancing import furness
from .radiation import _outflows

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

Constraint = Literal["none", "production", "attraction", "doubly"]
Deterrence = Literal["power", "exp"]
CONSTRAINTS = ("none", "production", "attraction", "doubly")
DETERRENCES = ("power", "exp")

__all__ = ["deterrence", "gravity"]


def deterrence(cost: npt.ArrayLike, *, kind: Deterrence = "power", beta: float = 2.0) -> FloatArray:
    """Deterrence ``f(c) = c^-beta`` (power) or ``exp(-beta c)`` (exp); 0 for infinite cost.

    >>> deterrence([1.0, 2.0], kind="power", beta=2.0).tolist()
    [1.0, 0.25]

    Raises
    ------
    FlowModelError
        For a ``kind`` other than ``power`` or ``exp``. An infinite cost gives 0 (whatever
        ``beta``) and a zero cost under power deterrence gives inf, without a warning.

    Examples
    --------
    >>> deterrence([1.0, 2.0, np.inf], beta=2.0)
    array([1.  , 0.25, 0.  ])
    >>> deterrence([0.0, 1.0], kind="exp", beta=0.5).round(4)
    array([1.    , 0.6065])
    """
    check_choice("kind", kind, DETERRENCES)
    c = np.asarray(cost, dtype=np.float64)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):  # 0 x inf at beta 0
        f = c ** (-beta) if kind == "power" else np.exp(-beta * c)
    return np.asarray(np.where(np.isinf(c), 0.0, f))




def _block(start: int, stop: int, *, lat: FloatArray, lon: FloatArray, coslat: FloatArray,
           cost: FloatArray | None, radius_km: float, w_o: FloatArray, w_d: FloatArray,
           det: int, beta: float, self_flows: bool
           ) -> tuple[FloatArray, FloatArray, int, FloatArray]:
    """Weights and costs of origins ``start:stop`` (2 arrays of rows x N per block)."""
    if cost is None:
        c = np.empty((stop - start, lat.shape[0]))
        K.haversine_km_block(lat, lon, coslat, start, stop, radius_km, c)
    else:
        c = np.array(cost[start:stop], dtype=np.float64)
    w = np.empty_like(c)
    bad = K.gravity_weights(c, start, w_o, w_d, det, beta, self_flows, w)
    return w, c, bad, _nearest(c, start, det)


def _nearest(c: FloatArray, start: int, det: int) -> FloatArray:
    """Each row's smallest finite cost to another location (positive under power deterrence;
    inf when there is none): the check of ``beta`` against underflow (:mod:`._params`)."""
    rows = np.arange(c.shape[0])
    own = c[rows, start + rows].copy()
    c[rows, start + rows] = np.inf
    ok = np.isfinite(c) & ((c > 0) if det == K.DET_POWER else (c >= 0))
    near = np.where(ok, c, np.inf).min(axis=1, initial=np.inf)
    c[rows, start + rows] = own
    return np.asarray(near, dtype="float64")


def gravity(
    locations: pd.DataFrame,
    *,
    constraint: Constraint = "production",
    deterrence: Deterrence = "power",
    beta: float = 2.0,
    origin_exp: float = 1.0,
    destination_exp: float = 1.0,
    cost: pd.DataFrame | None = None,
    outflows: pd.Series | None = None,
    inflows: pd.Series | None = None,
    self_flows: bool = False,
    k_nearest: int | None = None,
    cutoff_km: float | None = None,
    earth_radius_km: float = EARTH_RADIUS_KM,
    engine: str | None = None,
    client: Any = None,
    chunk_rows: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Expected flows of a gravity model between locations.

    Parameters
    ----------
    locations
        Indexed by ``code``; ``lon``, ``lat`` (degrees), ``population`` (the masses ``m``,
        ``n``), optional ``outflow`` and ``inflow`` (trips).
    constraint
        ``none``, ``production``, ``attraction`` or ``doubly`` (see the module docstring).
    deterrence
        ``power`` (``c^-beta``) or ``exp`` (``exp(-beta c)``).
    beta
        Deterrence parameter: dimensionless for ``power``; per cost unit (1/km, 1/min) for
        ``exp``. Default 2.0 (power law of the classical gravity model). Finite and above 0
        (decay with cost); under a constraint also small enough that each origin's (and, for
        ``attraction``/``doubly``, destination's) nearest partner keeps a deterrence of at least
        2.2e-308, float64's smallest normal number (beyond it the weights underflow to 0).
    origin_exp, destination_exp
        Exponents of the origin and destination masses (dimensionless, default 1.0).
    cost
        Square matrix (codes x codes) of costs, e.g. travel minutes from
        ``metroscope.network.unit_travel_times`` (``inf`` = unreachable: no flow); default
        great-circle distance, km.
    outflows, inflows
        ``O_i`` and ``D_j`` (trips). Default: the ``outflow``/``inflow`` columns, else the
        population; inflows are rescaled to the total of the outflows when they are not given.
    self_flows
        Include ``i -> i`` pairs (their cost must be positive under power deterrence).
    k_nearest, cutoff_km
        Keep only each origin's k nearest destinations or those within ``cutoff_km`` km; the
        constraints are then applied on the kept pairs.
    earth_radius_km
        Sphere radius of the haversine distance, km (6371.0088; scikit-mobility uses 6371).
    engine, client, chunk_rows, progress
        See :func:`metroscope.engine.map_blocks`. Working memory of a block:
        ``2 x chunk_rows x N x 8`` bytes per thread; the dense result holds ``N²`` pairs.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(origin, destination)`` codes; columns ``flow`` (trips) and ``cost``
        (``distance_km`` values, or the given cost). The totals promised by the constraint hold
        to 1e-12 relative (doubly: the Furness tolerance).

    Raises
    ------
    FlowModelError
        For unknown options, zero costs under power deterrence, or infeasible constraints.
    ParameterError
        (also a ``FlowModelError``) For a ``beta`` outside the range above: the message names
        the value, the range and why.
    DataValidationError
        From the locations check: every missing column, missing or out-of-range value and
        duplicate code of ``locations``.

    Examples
    --------
    >>> import pandas as pd
    >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 2.0], "lat": [0.0, 0.0, 0.0],
    ...                     "population": [100.0, 100.0, 100.0]}, index=["a", "b", "c"])
    >>> f = gravity(loc, constraint="production", beta=2.0)
    >>> round(float(f.loc[("a", "b"), "flow"]), 3)  # 100 * 1 / (1 + 1/4)
    80.0
    """
    check_choice("constraint", constraint, CONSTRAINTS)
    check_choice("deterrence", deterrence, DETERRENCES)
    beta = check_beta(beta)
    df = locations_table(locations, need_coordinates=cost is None)
    codes = df.index
    n = len(codes)
    m = np.ascontiguousarray(df["population"].to_numpy(dtype="float64"))
    o_tot = _outflows(df, outflows)
    d_tot = _inflows(df, inflows, float(o_tot.sum()))
    det = K.DET_POWER if deterrence == "power" else K.DET_EXP
    if k_nearest is not None or cutoff_km is not None:
        if cost is not None:
            msg = Message("err_flow_truncation_with_cost")
            raise FlowModelError(msg)
        rad = radians(df)
        indptr, nbr, keys = candidate_pairs(rad["lat"], rad["lon"], k_nearest=k_nearest,
                                            cutoff_km=cutoff_km, radius_km=earth_radius_km)
        dj: npt.NDArray[np.integer[Any]] = nbr
        oi: npt.NDArray[np.integer[Any]] = np.repeat(np.arange(n, dtype=np.int64),
                                                     np.diff(indptr))
        c = term_to_km(keys, earth_radius_km)
        _check_power(det, c, codes, oi, dj)
        if constraint != "none":  # the sums a constraint divides by must not underflow
            for ends in ((oi,) if constraint == "production" else
                         (dj,) if constraint == "attraction" else (oi, dj)):
                near = np.full(n, np.inf)
                np.minimum.at(near, ends, c)
                check_beta_costs(beta, deterrence, near, codes, " km")
        w = (m[oi] ** origin_exp) * (m[dj] ** destination_exp) * deterrence_array(c, det, beta)
        flow = _constrain_pairs(w, oi, dj, n, constraint, o_tot, d_tot)
    else:
        from ..engine import map_blocks

        cmat = None if cost is None else cost_matrix(cost, codes)
        parts = map_blocks(_block, n, engine=engine, client=client, chunk_rows=chunk_rows,
                           progress=progress, shared={
                               **_ll(df), "cost": cmat, "radius_km": float(earth_radius_km),
                               "w_o": m ** float(origin_exp), "w_d": m ** float(destination_exp),
                               "det": det,
                               "beta": float(beta), "self_flows": bool(self_flows)})
        if sum(p[2] for p in parts):
            msg = Message("err_flow_zero_cost_some")
            raise FlowModelError(msg)
        if constraint != "none":  # the sums a constraint divides by must not underflow
            unit = " km" if cost is None else ""
            if constraint != "attraction":
                check_beta_costs(beta, deterrence, np.concatenate([p[3] for p in parts]),
                                 codes, unit)
            if constraint != "production":  # a cost matrix need not be symmetric
                cols = (np.concatenate([p[3] for p in parts]) if cmat is None
                        else _nearest(np.array(cmat.T), 0, det))
                check_beta_costs(beta, deterrence, cols, codes, unit)
        wm = np.concatenate([p[0] for p in parts])
        cm = np.concatenate([p[1] for p in parts])
        del parts
        tm = _constrain_dense(wm, constraint, o_tot, d_tot)
        if self_flows:
            t = PK.code_dtype(n)  # the MultiIndex's own code type: no conversion
            oi = np.repeat(np.arange(n, dtype=t), n)
            dj = np.tile(np.arange(n, dtype=t), n)
            flow, c = tm.ravel(), cm.ravel()
        else:
            oi, dj = offdiag_pairs(n)
            flow, c = _offdiag(tm), _offdiag(cm)
    out = flow_frame(codes, oi, dj, {"flow": flow, "cost": c})
    logger.info("Gravity model (%s, %s deterrence, beta=%g) on %d locations", constraint,
                deterrence, beta, n)
    notes = _unplaced(constraint, codes, oi, dj, np.asarray(flow, dtype="float64"), o_tot, d_tot)
    return annotate(out, indicator="gravity_flows", notes=notes or None, parameters={
        "constraint": constraint, "deterrence": deterrence, "beta": beta,
        "origin_exp": origin_exp, "destination_exp": destination_exp,
        "cost": "given matrix" if cost is not None else "great-circle distance, km",
        "earth_radius_km": earth_radius_km if cost is None else None,
        "k_nearest": k_nearest, "cutoff_km": cutoff_km, "self_flows": self_flows})


def _unplaced(constraint: str, codes: Any, oi: Any, dj: Any, flow: FloatArray, o: FloatArray,
              d: FloatArray) -> list[str]:
    """Notes on the totals a constraint promised but could not place: a location that reaches
    no destination (or that no origin reaches) keeps its total unplaced, never silently."""
    n = len(codes)
    checks = {"production": ("outflows", oi, o), "attraction": ("inflows", dj, d)}
    if constraint not in checks:
        return []
    what, idx, total = checks[constraint]
    placed = np.bincount(np.asarray(idx, dtype=np.int64), weights=flow, minlength=n)
    lost = total - placed
    bad = np.flatnonzero(lost > 1e-9 * max(float(np.abs(total).max(initial=0.0)), 1.0))
    if bad.size == 0:
        return []
    names = [str(codes[i]) for i in bad[:20]]
    return [f"{bad.size} location(s) reach no counterpart, so {float(lost[bad].sum()):,.6g} of "
            f"their {what} are not placed (the {constraint} constraint cannot hold for them): "
            f"{names}"]


def _ll(df: pd.DataFrame) -> dict[str, FloatArray]:
    if "lat" not in df.columns or "lon" not in df.columns:
        z = np.zeros(len(df))
        return {"lat": z, "lon": z, "coslat": z}
    r = radians(df)
    return {"lat": r["lat"], "lon": r["lon"], "coslat": r["coslat"]}


def deterrence_array(c: FloatArray, det: int, beta: float) -> FloatArray:
    """Vectorised deterrence for kernel codes (0 at infinite cost)."""
    return deterrence(c, kind="power" if det == K.DET_POWER else "exp", beta=beta)


def _check_power(det: int, c: FloatArray, codes: pd.Index, oi: Any, dj: Any) -> None:
    if det == K.DET_POWER and (c <= 0).any():
        k = int(np.flatnonzero(c <= 0)[0])
        msg = Message("err_flow_zero_cost_pair", o=codes[oi[k]], d=codes[dj[k]],
                      what=Message("err_flow_cost"))
        raise FlowModelError(msg)


def _offdiag(a: FloatArray) -> FloatArray:
    n = a.shape[0]
    return np.ascontiguousarray(a.ravel()[1:].reshape(n - 1, n + 1)[:, :-1]).ravel()


def _inflows(df: pd.DataFrame, inflows: pd.Series | None, total_out: float) -> FloatArray:
    if inflows is not None:
        return _outflows(df, pd.Series(inflows))
    if "inflow" in df.columns:
        return np.asarray(df["inflow"].to_numpy(dtype="float64"))
    m = df["population"].to_numpy(dtype="float64")
    return np.asarray(m * (total_out / m.sum())) if m.sum() > 0 else m


def _constrain_dense(w: FloatArray, constraint: str, o: FloatArray, d: FloatArray) -> FloatArray:
    if constraint == "none":
        tot = w.sum()
        return w * (o.sum() / tot) if tot > 0 else w
    if constraint == "production":
        s = w.sum(axis=1)
        return np.asarray(w * np.divide(o, s, out=np.zeros_like(o), where=s > 0)[:, None])
    if constraint == "attraction":
        s = w.sum(axis=0)
        return np.asarray(w * np.divide(d, s, out=np.zeros_like(d), where=s > 0)[None, :])
    res = furness(w, o, d)
    return np.asarray(res.a[:, None] * w * res.b[None, :])


def _constrain_pairs(w: FloatArray, oi: Any, dj: Any, n: int, constraint: str, o: FloatArray,
                     d: FloatArray) -> FloatArray:
    if constraint == "none":
        tot = w.sum()  # 0 when every kept weight underflows: no flow (and no 0 / 0 warning)
        return np.asarray(w * (o.sum() / tot) if tot > 0 else w)
    if constraint == "production":
        s = np.bincount(oi, weights=w, minlength=n)
        return np.asarray(w * np.divide(o, s, out=np.zeros_like(o), where=s > 0)[oi])
    if constraint == "attraction":
        s = np.bincount(dj, weights=w, minlength=n)
        return np.asarray(w * np.divide(d, s, out=np.zeros_like(d), where=s > 0)[dj])
    from scipy import sparse

    mat = sparse.csr_array((w, (oi, dj)), shape=(n, n))
    res = furness(mat, o, d)
    return np.asarray(res.a[oi] * w * res.b[dj])
