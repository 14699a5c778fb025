"""Radiation models of commuting and mobility flows.

The radiation model (Simini et al. 2012) gives the expected flux from ``i`` to ``j``

.. math::

    T_{ij} = T_i \\, \\frac{m_i n_j}{(m_i + s_{ij})(m_i + n_j + s_{ij})}

with ``m_i``, ``n_j`` the populations (opportunities) of origin and destination, ``s_ij`` the
population in the circle of radius ``r_ij`` around ``i`` **excluding** ``i`` and ``j``, and
``T_i`` the trips leaving ``i``. Without ties the probabilities of a row sum to ``1 - m_i/M``;
the finite-size normalisation (Masucci et al. 2013) divides by that. The extended radiation model
(Yang et al. 2014, as coded in PyTDLM) is

.. math::

    p_{ij} \\propto \\frac{[(m_i+m_j+s_{ij})^\\alpha - (m_i+s_{ij})^\\alpha](m_i^\\alpha + 1)}
    {[(m_i+s_{ij})^\\alpha + 1][(m_i+m_j+s_{ij})^\\alpha + 1]}.

**Ties** (locations at exactly the same distance from ``i`` as ``j``) change ``s_ij``; the rule
is explicit: ``tie_rule="inclusive"`` counts every location at distance ``<= r_ij`` (TDLM);
``tie_rule="ordered"`` counts the locations ranked strictly before ``j`` in a stable sort by
distance, ties broken by row order (scikit-mobility 1.3, which sorts its list of destinations
by distance with Python's stable sort and adds their populations in that order).

Distances are compared through one key on every path (all pairs, ``k_nearest``, ``cutoff_km``,
:func:`~metroscope.flows.radiation_to_parquet`): the squared chord ``|u_i - u_k|²`` between the
unit vectors, a strictly increasing function of great-circle distance computed the same way,
to the last bit, everywhere; two distances tie when their keys are equal. Copies of one place
always tie, and so do some mirror images (seen from 0° N 0° E, the four places 1° away); but
places at the same distance in general position usually get keys about 1e-16 apart (on a
15 x 15 lattice of 0.01° at 43° N, 16 of its 50,400 pairs are in groups of equal keys) and are
then ranked by their keys, on every path alike. ``cost`` ranks by the given values instead
(equal entries tie).

References: Simini, González, Maritan, Barabási, *Nature* 484:96–100 (2012); Masucci, Serras,
Johansson, Batty, *Phys. Rev. E* 88:022812 (2013); Yang, Herrera, Eagle, González, *Sci. Rep.*
4:5662 (2014).
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
from ._colocated import (
    Groups,
    colocated_groups,
    merged_locations,
    note_groups,
    split_back,
    split_back_dense,
)
from ._grid_radiation import grid_radiation
from ._pairs import PairIndex, candidate_pairs, check_truncation
from ._params import check_alpha
from ._radiation_blocks import (
    _block,
    _sparse_block,
    _sparse_rows,
)
from ._stream import write_while_computing
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

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

logger = logging.getLogger(__name__)

TieRule = Literal["inclusive", "ordered"]
Normalisation = Literal["row", "finite", "none"]
Colocated = Literal["merge", "keep"]

__all__ = ["radiation"]


def radiation(
    locations: pd.DataFrame,
    *,
    outflows: pd.Series | None = None,
    model: Literal["original", "extended"] = "original",
    alpha: float = 1.0,
    tie_rule: TieRule = "inclusive",
    normalisation: Normalisation = "row",
    cost: pd.DataFrame | None = None,
    k_nearest: int | None = None,
    cutoff_km: float | None = None,
    earth_radius_km: float = EARTH_RADIUS_KM,
    engine: str | None = None,
    client: Any = None,
    chunk_rows: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    write_to: str | Path | None = None,
    colocated: Colocated = "merge",
) -> pd.DataFrame:
    """Expected flows of the radiation model between all pairs of distinct locations.

    Parameters
    ----------
    locations
        Indexed by ``code``; columns ``lon``, ``lat`` (degrees), ``population`` (persons,
        the opportunities ``m``), optional ``outflow`` (trips leaving, ``T_i``).
    outflows
        ``T_i`` per code (trips); default the ``outflow`` column, else the population itself
        (flows are then potential trips per resident: shares and ratios are what matter).
    model
        ``original`` (Simini 2012) or ``extended`` (Yang 2014, with ``alpha``).
    alpha
        Exponent of the extended model (dimensionless, default 1.0; used by ``extended`` only,
        but checked always). Finite and above 0 (Yang et al. 2014); on the given populations
        also at most ``709.78 / (2 ln M)`` (``M`` the total population: beyond it the model's
        powers overflow float64) and at least ``2.2e-12 / ln(1 + m_min/M)`` (below it the
        differences of powers lose their digits).
    tie_rule
        How locations at the same distance from ``i`` as ``j`` (equal squared chords of the unit
        vectors, or equal ``cost``) count in ``s_ij``: ``inclusive`` (TDLM, default), all of
        them; ``ordered`` (scikit-mobility), those before ``j`` in row order. The same on every
        path: ``k_nearest = N - 1`` gives the all-pairs values. See the module docstring.
    normalisation
        ``row``: divide each origin's probabilities by their sum, so that ``Σ_j T_ij = T_i``
        exactly (default); ``finite``: divide by ``1 - m_i/M`` (Masucci 2013, scikit-mobility;
        equal to ``row`` when there are no ties); ``none``: the raw probabilities. The
        extended model is always row-normalised.
    cost
        Optional square matrix (codes x codes) ranking destinations instead of great-circle
        distance (e.g. travel minutes; ``inf`` = unreachable, which gets no flow).
    k_nearest, cutoff_km
        Keep only the k nearest destinations of each origin, or those within ``cutoff_km``
        (great-circle km). ``s_ij`` stays exact for kept pairs; the dropped probability mass
        is reported in ``attrs`` (with ``row`` normalisation it is redistributed).
    earth_radius_km
        Sphere radius of the haversine distance, km (6371.0088; scikit-mobility uses 6371).
        Only the ``cutoff_km`` selection depends on it, not the ranking.
    engine, client, chunk_rows, progress
        See :func:`metroscope.engine.map_blocks`. Working memory of the exact kernel: about
        ``threads x chunk_rows x N x 8`` bytes (the keys), plus the result
        (``N (N-1)`` rows of two float64 columns, written in place).
    write_to
        Also write the flow table to this file (``.parquet``/``.pq``, ``.csv``/``.csv.gz``),
        atomically, as :func:`~metroscope.flows.write_flows` would write the returned table.
        With the local engine on all pairs the file is written while the kernel runs (each
        row group as soon as its origins are done; :mod:`metroscope.flows._stream`), so the
        write mostly hides behind the computation; otherwise it is written afterwards.
    colocated
        ``merge`` (default): locations at exactly the same point (equal unit vectors, e.g.
        development zones placed at their anchor district's seat) are one place of the model,
        with their summed population and trips; its flows are split back to the units, in
        proportion to their population as destinations (``T_ab = T_a p_IJ n_b / n_J``) and
        to their trips as origins, and pairs within one place get no row (the model has no
        flow within a place); a note names the merged units. ``keep``: every row is a place
        of its own, and co-located rows count one another under the tie rule (TDLM's and
        scikit-mobility's conventions). Ignored with ``cost`` (the matrix ranks as given).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(origin, destination)`` codes over all pairs ``i != j`` (or the kept pairs;
        with ``colocated="merge"``, pairs within one place are left out), columns ``flow``
        (trips, ``T_i p_ij``) and ``probability`` (``p_ij``).

    Raises
    ------
    DataValidationError
        For missing columns or bad values in ``locations``.
    FlowModelError
        For an unknown option, or a cost matrix that does not cover the locations.
    ParameterError
        (also a ``FlowModelError``) For an ``alpha`` outside the range above: the message
        names the value, the range and why.
    OutputError
        When ``write_to`` has another ending or cannot be written (a previous file at that
        path is left whole).

    Examples
    --------
    >>> import pandas as pd
    >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0],
    ...                     "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])
    >>> f = radiation(loc, normalisation="none")
    >>> round(float(f.loc[("a", "b"), "probability"]), 6)  # 100*50/(100*150)
    0.333333
    >>> round(float(f.loc[("a", "c"), "probability"]), 6)  # 100*200/(150*350)
    0.380952

    Two units at one point (``c1``, ``c2``) are one place of 200 persons, split 3:1:

    >>> two = pd.DataFrame({"lon": [0.0, 1.0, 3.0, 3.0], "lat": [0.0, 0.0, 0.0, 0.0],
    ...                     "population": [100.0, 50.0, 150.0, 50.0]},
    ...                    index=["a", "b", "c1", "c2"])
    >>> g = radiation(two, normalisation="none")
    >>> round(float(g.loc[("a", "c1"), "probability"]), 6)  # 0.380952 * 150/200
    0.285714
    >>> ("c1", "c2") in g.index  # no flow within a place
    False
    """
    check_choice("colocated", colocated, ("merge", "keep"))
    df, t_out, common = model_inputs(locations, outflows, model=model, alpha=alpha,
                                     tie_rule=tie_rule, normalisation=normalisation,
                                     need_coordinates=cost is None)
    if colocated == "merge" and cost is None:
        groups = colocated_groups(radians(df)["xyz"])
        if groups is not None:
            return _merged(df, t_out, groups, outflows=outflows, model=model, alpha=alpha,
                           tie_rule=tie_rule, normalisation=normalisation, k_nearest=k_nearest,
                           cutoff_km=cutoff_km, earth_radius_km=earth_radius_km,
                           engine=engine, client=client, chunk_rows=chunk_rows,
                           progress=progress, write_to=write_to)
    rule = colocated if cost is None else "keep"  # recorded: a cost matrix ranks as given
    codes = df.index
    n = len(codes)
    norm = common["norm"]
    from ..engine import map_blocks, resolve_engine

    truncated = k_nearest is not None or cutoff_km is not None
    if truncated:
        if cost is not None:
            msg = Message("err_flow_truncation_with_cost")
            raise FlowModelError(msg)
        check_truncation(k_nearest, cutoff_km)  # before the one-pass path takes k_nearest
        rad = radians(df)
        local = resolve_engine(engine, client) == "local"
        index = PairIndex()
        grid = index.grid(rad["lat"], rad["lon"]) if k_nearest is not None else None
        if local and grid is not None and cutoff_km is None and k_nearest is not None:
            gp, gflow, goi, gdj, gkept = grid_radiation(grid, rad, n, k_nearest, t_out, common,
                                                         engine=engine, client=client,
                                                         chunk_rows=chunk_rows,
                                                         progress=progress)
            return _truncated_result(df, codes, goi, gdj, gflow, gp, gkept, write_to=write_to,
                                     model=model, alpha=alpha, tie_rule=tie_rule, norm=norm,
                                     k_nearest=k_nearest, cutoff_km=cutoff_km,
                                     outflows=outflows, colocated=rule)
        indptr, nbr, keys = candidate_pairs(rad["lat"], rad["lon"], k_nearest=k_nearest,
                                            cutoff_km=cutoff_km, radius_km=earth_radius_km,
                                            coslat=rad["coslat"], key="chord", index=index)
        oi: npt.NDArray[np.integer[Any]] = np.empty(nbr.shape[0], dtype=PK.code_dtype(n))
        flow = np.empty(nbr.shape[0])
        kept = np.empty(n)
        if local:  # one pass per block, in place
            p = np.empty(nbr.shape[0])
            map_blocks(_sparse_rows, n, engine=engine, client=client, chunk_rows=chunk_rows,
                       progress=progress,
                       shared={"indptr": indptr, "nbr": nbr, "keys": keys, "t_out": t_out,
                               "out": (p, flow, oi, kept), **common})
        else:
            parts = map_blocks(_sparse_block, n, engine=engine, client=client,
                               chunk_rows=chunk_rows, progress=progress,
                               shared={"indptr": indptr, "nbr": nbr, "keys": keys, **common})
            p = np.concatenate(parts)  # locations_table asks for 2 locations at least
            PK.expand_rows(indptr, p, t_out, oi, flow, kept)
        dj: npt.NDArray[np.integer[Any]] = nbr
    else:
        cmat = None if cost is None else cost_matrix(cost, codes)
        local = resolve_engine(engine, client) == "local"
        p_out = np.empty((n, n - 1)) if local else None
        f_out = np.empty((n, n - 1)) if local else None
        oi, dj = offdiag_pairs(n)
        shared = {"xyz": radians(df)["xyz"] if cmat is None else np.zeros((n, 3)),
                  "cost": cmat, "t_out": t_out, "p_out": p_out, "f_out": f_out, **common}
        if p_out is not None and f_out is not None:
            # the table is made first, over the arrays the kernel fills, so that its file
            # can be written block by block while the kernel runs (write_to)
            out = flow_frame(codes, oi, dj, {"flow": f_out.ravel(), "probability": p_out.ravel()})
            with write_while_computing(out, write_to, n - 1) as stream:
                map_blocks(_block, n, engine=engine, client=client, chunk_rows=chunk_rows,
                           progress=progress, shared={**shared, "ready": stream.ready})
            return _annotated(out, df, notes=[], model=model, alpha=alpha, tie_rule=tie_rule,
                              norm=norm, cost=cost, k_nearest=k_nearest, cutoff_km=cutoff_km,
                              outflows=outflows, colocated=rule)
        blocks = map_blocks(_block, n, engine=engine, client=client, chunk_rows=chunk_rows,
                            progress=progress, shared=shared)
        p = np.concatenate([b for b in blocks if b is not None]).ravel()
        flow = (p.reshape(n, n - 1) * t_out[:, None]).ravel()
    if truncated:
        return _truncated_result(df, codes, oi, dj, flow, p, kept, write_to=write_to,
                                 model=model, alpha=alpha, tie_rule=tie_rule, norm=norm,
                                 k_nearest=k_nearest, cutoff_km=cutoff_km, outflows=outflows,
                                 colocated=rule)
    out = flow_frame(codes, oi, dj, {"flow": flow, "probability": p})
    if write_to is not None:
        from .output import write_flows

        write_flows(out, write_to)
    return _annotated(out, df, notes=[], model=model, alpha=alpha, tie_rule=tie_rule,
                      norm=norm, cost=cost, k_nearest=k_nearest, cutoff_km=cutoff_km,
                      outflows=outflows, colocated=rule)


def _truncated_result(df: pd.DataFrame, codes: pd.Index, oi: Any, dj: Any, flow: FloatArray,
                      p: FloatArray, kept: FloatArray, *, write_to: str | Path | None,
                      **meta: Any) -> pd.DataFrame:
    """The flow table of the kept pairs, with the mean kept probability noted."""
    out = flow_frame(codes, oi, dj, {"flow": flow, "probability": p})
    notes = [Message("flow_mean_kept_probability", value=float(kept.mean()))]
    logger.info("Radiation on %d kept pairs of %d locations", len(p), len(codes))
    if write_to is not None:
        from .output import write_flows

        write_flows(out, write_to)
    return _annotated(out, df, notes=notes, cost=None, **meta)


def _merged(df: pd.DataFrame, t_out: FloatArray, groups: Groups, *,
            outflows: pd.Series | None, write_to: str | Path | None, model: str,
            alpha: float, tie_rule: str, normalisation: str, k_nearest: int | None,
            cutoff_km: float | None, **run: Any) -> pd.DataFrame:
    """The model on one row per place (:mod:`._colocated`), split back to the rows."""
    merged = merged_locations(df, t_out, groups)
    res = radiation(merged, model=model, alpha=alpha, tie_rule=tie_rule,  # type: ignore[arg-type]
                    normalisation=normalisation,  # type: ignore[arg-type]
                    k_nearest=k_nearest, cutoff_km=cutoff_km, colocated="keep", **run)
    mass = df["population"].to_numpy("float64")
    if k_nearest is None and cutoff_km is None:  # all pairs: whole-array passes
        a, b, p = split_back_dense(groups, res["probability"].to_numpy(), mass)
    else:
        a, b, p = split_back(groups, res.index.codes[0], res.index.codes[1],
                             res["probability"].to_numpy(), mass)
    dtype = PK.code_dtype(len(df))
    out = flow_frame(df.index, a.astype(dtype), b.astype(dtype),
                     {"flow": t_out[a] * p, "probability": p})
    shown, n_groups = note_groups(df.index, groups)
    notes = [n for n in (res.attrs.get("metroscope", {}).get("notes") or [])
             if isinstance(n, Message)]
    notes.append(Message("flow_merged_colocated", n=n_groups, rows=int(
        groups.size[groups.size > 1].sum()), groups=shown))
    if write_to is not None:
        from .output import write_flows

        write_flows(out, write_to)
    norm = "row" if model == "extended" else normalisation
    return _annotated(out, df, notes=notes, model=model, alpha=alpha, tie_rule=tie_rule,
                      norm=norm, cost=None, k_nearest=k_nearest, cutoff_km=cutoff_km,
                      outflows=outflows, colocated="merge")


def _annotated(out: pd.DataFrame, df: pd.DataFrame, *, notes: list[Message], model: str,
               alpha: float, tie_rule: str, norm: str, cost: pd.DataFrame | None,
               k_nearest: int | None, cutoff_km: float | None,
               outflows: pd.Series | None, colocated: str = "keep") -> pd.DataFrame:
    """The flow table with its provenance (:func:`metroscope._provenance.annotate`)."""
    logger.info("Radiation model (%s, ties %s, %s normalisation) on %d locations", model,
                tie_rule, norm, len(df))
    return annotate(out, indicator="radiation_flows", parameters={
        "model": model, "alpha": alpha if model == "extended" else None, "tie_rule": tie_rule,
        "normalisation": norm, "ranking": "cost matrix" if cost is not None else
        "great-circle distance", "k_nearest": k_nearest, "cutoff_km": cutoff_km,
        "outflows": "given" if outflows is not None or "outflow" in df.columns
        else "population", "colocated": colocated}, notes=notes or None)


def model_inputs(locations: pd.DataFrame, outflows: pd.Series | None, *, model: str,
                 alpha: float, tie_rule: str, normalisation: str,
                 need_coordinates: bool = True) -> tuple[pd.DataFrame, FloatArray, dict[str, Any]]:
    """Checked options and inputs of the radiation model: the locations table, ``T_i``, and
    the kernels' common arguments (``m``, ``tie_rule``, ``model``, ``alpha``, ``norm``,
    ``total``)."""
    check_choice("model", model, ("original", "extended"))
    check_choice("tie_rule", tie_rule, ("inclusive", "ordered"))
    check_choice("normalisation", normalisation, ("row", "finite", "none"))
    check_alpha(alpha)  # refused whatever the model, before reading the table
    df = locations_table(locations, need_coordinates=need_coordinates)
    m = np.ascontiguousarray(df["population"].to_numpy(dtype="float64"))
    total = float(m.sum())
    if total <= 0:
        msg = Message("err_flow_zero_population")
        raise FlowModelError(msg)
    if model == "extended":
        check_alpha(alpha, m)
    return df, _outflows(df, outflows), {
        "m": m, "tie_rule": K.TIE_INCLUSIVE if tie_rule == "inclusive" else K.TIE_ORDERED,
        "model": K.MODEL_ORIGINAL if model == "original" else K.MODEL_EXTENDED,
        "alpha": float(alpha), "norm": "row" if model == "extended" else normalisation,
        "total": total}


def _outflows(df: pd.DataFrame, outflows: pd.Series | None) -> FloatArray:
    if outflows is None:
        col = "outflow" if "outflow" in df.columns else "population"
        return np.asarray(df[col].to_numpy(dtype="float64"))
    s = pd.Series(outflows, dtype="float64")
    s.index = pd.Index([str(c) for c in s.index])
    missing = sorted(set(df.index) - set(s.index))
    if missing or s.isna().any() or (s < 0).any():
        msg = Message("err_flow_bad_outflows", missing=repr(missing[:10]),
                      n=int(s.isna().sum() + (s < 0).sum()))
        raise FlowModelError(msg)
    return np.asarray(s.reindex(df.index).to_numpy(dtype="float64"))
