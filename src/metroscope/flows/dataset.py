"""Flows at national scale: a partitioned Parquet dataset written block by block.

:func:`radiation_to_parquet` and :func:`gravity_to_parquet` compute a block of origins
(``chunk_rows`` rows), write its pairs to one Parquet part file, and drop it; neither the N x N
matrix nor the whole flow table is ever held in memory. On ``engine="dask"`` every worker
computes and writes its own blocks into the shared output folder and returns only a few numbers
(pairs, bytes, the kept share of each of its origins) to the client.

The output folder holds

* ``part-<first origin row, 9 digits>.parquet``: columns ``origin``, ``destination``
  (dictionary-encoded codes, read back by pandas as ``category``), then ``flow`` and the model's
  column (``probability`` for radiation, ``cost`` for gravity), rows ordered by origin then
  distance (truncated) or destination (all pairs);
* ``_kept_share.parquet``: ``code``, ``kept_share`` per origin (see below);
* ``_flows.json``: the model, its parameters, counts, bytes and the truncation summary.

``pandas.read_parquet(folder)`` and ``pyarrow.dataset.dataset(folder)`` read the parts as one
table (files starting with ``_`` are skipped by both). The folder appears whole or not at all
(:func:`metroscope._atomic.atomic_dir`: parts are written into a temporary folder beside it,
which then takes its place); an existing flow dataset at ``path`` is replaced, any other
non-empty folder is refused.

**Truncation error.** With ``k_nearest`` or ``cutoff_km`` each origin keeps only some pairs;
``kept_share`` is the share of that origin's probability (radiation) or weight (gravity) mass
of the untruncated model that falls on its kept pairs (1 = nothing lost; with the default
``row``/``production`` normalisation the lost share is redistributed over the kept pairs).

* Radiation, ``tie_rule="ordered"``: the raw probabilities of an origin telescope over its
  destinations ranked by distance, so the untruncated sum is known in closed form for every
  origin: ``1 - m_i/M`` for the original model (Simini et al. 2012; Masucci et al. 2013) and
  ``1 - (m_i^α + 1)/(M^α + 1)`` for the extended one. Origins of zero mass under the original
  model send nothing and get NaN.
* Radiation, ``tie_rule="inclusive"``: with ties (a regular grid has many: the 4 cells at
  one step are at the same distance) the sum does not telescope and is smaller than the closed
  form, by up to 77 % on the benchmark grid; it is computed exactly over all N destinations
  (``N log N``) for ``error_sample`` origins drawn at random (all with ``None``), NaN for the
  others.
* Gravity: no closed form; the untruncated weight sum ``Σ_{j≠i} m_i^α m_j^γ f(d_ij)`` is
  computed exactly over all N destinations for ``error_sample`` origins drawn at random (all
  origins with ``error_sample=None``); the others get NaN.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._errors import OutputError, shorten
from ..geo import EARTH_RADIUS_KM
from ..messages import Message
from . import _kernels as K
from ._dataset_blocks import gravity_part, radiation_part
from ._dataset_io import (
    KEPT,
    META,
    MIN_BLOCKS,
    PAIRS_PER_BLOCK,
    FlowDataset,
    _block_rows,
    _stream,
)
from ._pairs import PairIndex, candidate_pairs, check_truncation, term_to_km
from ._params import FlowParameterError, check_beta, check_beta_costs
from ._table import FlowModelError, check_choice, locations_table, radians

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

__all__ = ["KEPT", "META", "MIN_BLOCKS", "PAIRS_PER_BLOCK", "FlowDataset",
           "gravity_to_parquet", "radiation_to_parquet", "read_kept_share"]

#: Origins whose untruncated gravity weight sum is computed exactly (see the module doc).
ERROR_SAMPLE = 200
def _sample(n: int, error_sample: int | None, seed: int) -> npt.NDArray[np.bool_]:
    """Origins whose untruncated sum is computed exactly (all with ``None``)."""
    if error_sample is not None and error_sample < 0:
        msg = Message("err_flow_error_sample", got=error_sample)
        raise FlowModelError(msg)
    sample = np.ones(n, dtype=bool)
    if error_sample is not None and error_sample < n:
        sample[:] = False
        sample[np.random.default_rng(seed).choice(n, error_sample, replace=False)] = True
    return sample


def _check_truncation(k_nearest: int | None, cutoff_km: float | None) -> bool:
    """True when pairs are truncated (options checked)."""
    if k_nearest is None and cutoff_km is None:
        return False
    check_truncation(k_nearest, cutoff_km)
    return True


def _geometry(df: pd.DataFrame, truncated: bool) -> tuple[dict[str, Any], PairIndex | None]:
    """Radians of the locations and, when truncated, the handle of the search structures
    (grid of buckets, k-d tree) every block queries (built where the blocks run: once per
    process, on each dask worker)."""
    rad = radians(df)
    return rad, PairIndex() if truncated else None


def radiation_to_parquet(
    locations: pd.DataFrame,
    path: str | Path,
    *,
    outflows: pd.Series | None = None,
    model: Literal["original", "extended"] = "original",
    alpha: float = 1.0,
    tie_rule: Literal["inclusive", "ordered"] = "inclusive",
    normalisation: Literal["row", "finite", "none"] = "row",
    k_nearest: int | None = None,
    cutoff_km: float | None = None,
    earth_radius_km: float = EARTH_RADIUS_KM,
    error_sample: int | None = ERROR_SAMPLE,
    seed: int = 0,
    engine: str | None = None,
    client: Any = None,
    chunk_rows: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    colocated: Literal["merge", "keep"] = "merge",
) -> FlowDataset:
    """Radiation flows streamed to a partitioned Parquet dataset (see the module doc).

    The same model and options as :func:`metroscope.flows.radiation` (great-circle ranking;
    no cost matrix), block by block: each block of ``chunk_rows`` origins is computed, written
    to its part file and dropped. The rows read back equal ``radiation(...)``'s (tested).

    Parameters
    ----------
    locations
        Indexed by ``code``; ``lon``, ``lat`` (degrees), ``population`` (persons), optional
        ``outflow`` (trips).
    path
        Output folder (created; replaced if it holds a previous flow dataset). On
        ``engine="dask"`` it must be on a file system every worker sees at the same path.
    outflows, model, alpha, tie_rule, normalisation, k_nearest, cutoff_km, earth_radius_km
        As in :func:`metroscope.flows.radiation`. Without ``k_nearest``/``cutoff_km`` all
        ``N (N - 1)`` pairs are written (``16 N²`` bytes of floats: mind the disk).
    colocated
        As in :func:`metroscope.flows.radiation`, whose default ``merge`` takes locations at
        one point as one place. The streamed model does not merge yet: with co-located
        locations ``merge`` is refused (the flows would differ from ``radiation()``'s, e.g.
        公主岭's share of its outflow to 长春's core 26.0 % or 22.4 % instead of 30.6 %); use
        :func:`metroscope.flows.radiation` (with ``write_to``), or pass ``keep`` to take each
        row as its own place (the numbers of ``radiation(colocated="keep")``).
    error_sample, seed
        Under ``tie_rule="inclusive"`` (no closed form with ties) the untruncated sum is
        computed over all N destinations for ``error_sample`` origins drawn with ``seed``
        (``N log N`` each; ``None``: every origin) and ``kept_share`` is NaN for the others.
        Under ``ordered`` every origin gets its exact share in closed form.
    engine, client, chunk_rows, progress
        See :func:`metroscope.engine.map_blocks` (``client``: a ``distributed.Client`` or a
        scheduler address). Default ``chunk_rows`` with ``k_nearest``: about 524,288 kept
        pairs a block (2,621 origins at k = 200), at least the ``chunk_rows`` setting and at
        most N / 16 origins; otherwise the setting. Working memory per block in flight: about
        ``80 x chunk_rows x k`` bytes truncated (``k`` kept pairs per origin: 42 MB by
        default), ``40 x chunk_rows x N`` for all pairs,
        plus the ``O(N)`` shared inputs: codes, coordinates, masses and the grid of
        buckets or k-d tree (built on each worker), under
        300 bytes per location (a whole run at N = 10⁶, k = 100 peaked at 724 MB).

    Returns
    -------
    FlowDataset
        Counts, bytes, and the per-origin ``kept_share`` (see the module doc).

    Raises
    ------
    DataValidationError
        For missing columns or bad values in ``locations``.
    FlowModelError
        For an unknown option or a non-positive ``k_nearest``/``cutoff_km``.
    ParameterError
        (also a ``FlowModelError``) For an ``alpha`` that :func:`metroscope.flows.radiation`
        refuses (the same rule), before anything is written.
    OutputError
        When ``path`` is a file or a folder holding other files, or cannot be written.

    Examples
    --------
    >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0],
    ...                     "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])
    >>> ds = radiation_to_parquet(loc, tmp_path / "rad", k_nearest=1)
    >>> ds.n_pairs, ds.n_parts
    (3, 1)
    >>> pd.read_parquet(tmp_path / "rad")[["origin", "destination"]].values.tolist()
    [['a', 'b'], ['b', 'a'], ['c', 'b']]
    >>> round(float(ds.kept_share["a"]), 6)  # (1 - 100/150) / (1 - 100/350)
    0.466667
    """
    from .radiation import model_inputs

    truncated = _check_truncation(k_nearest, cutoff_km)
    check_choice("colocated", colocated, ("merge", "keep"))
    df, t_out, common = model_inputs(locations, outflows, model=model, alpha=alpha,
                                     tie_rule=tie_rule, normalisation=normalisation)
    rad, tree = _geometry(df, truncated)
    if colocated == "merge":
        _refuse_colocated(df, rad)
    sample = _sample(len(df), error_sample, seed)
    m, total, norm = common["m"], common["total"], common["norm"]
    if model == "original":
        full = np.where(m > 0, 1.0 - m / total, 0.0)
    else:
        a = float(alpha)
        full = 1.0 - (m ** a + 1.0) / (total ** a + 1.0)
    shared = {"lat": rad["lat"], "lon": rad["lon"], "coslat": rad["coslat"],
              "xyz": rad["xyz"] if tree is None else None,
              "tree": tree, "t_out": t_out, "full": full, "sample": sample,
              "k_nearest": k_nearest, "cutoff_km": cutoff_km,
              "radius_km": float(earth_radius_km), **common}
    parameters = {"model": "radiation", "variant": model,
                  "alpha": alpha if model == "extended" else None, "tie_rule": tie_rule,
                  "normalisation": norm, "k_nearest": k_nearest, "cutoff_km": cutoff_km,
                  "earth_radius_km": earth_radius_km,
                  "kept_share": "1 (all pairs)" if tree is None else
                  "closed form (telescoping sum), every origin" if tie_rule == "ordered" else
                  f"exact over all destinations for a random sample of origins "
                  f"({int(sample.sum())}, seed {seed})",
                  "outflows": "given" if outflows is not None or "outflow" in df.columns
                  else "population", "colocated": colocated}
    chunk_rows = _block_rows(len(df), k_nearest, chunk_rows)
    return _stream(radiation_part, path, df.index, shared, parameters, t_out, engine=engine,
                   client=client, chunk_rows=chunk_rows, progress=progress)


def _refuse_colocated(df: pd.DataFrame, rad: dict[str, Any]) -> None:
    """Locations at one point cannot be merged by the streamed model (yet): refused, with
    the two ways to the right numbers."""
    from ._colocated import colocated_groups, note_groups

    groups = colocated_groups(rad["xyz"])
    if groups is None:
        return
    shown, n_groups = note_groups(df.index, groups)
    msg = Message("err_flow_parquet_colocated", n=n_groups,
                  rows=int(groups.size[groups.size > 1].sum()), groups=shown[:3])
    raise FlowParameterError(msg)


def gravity_to_parquet(
    locations: pd.DataFrame,
    path: str | Path,
    *,
    constraint: Literal["production"] = "production",
    deterrence: Literal["power", "exp"] = "power",
    beta: float = 2.0,
    origin_exp: float = 1.0,
    destination_exp: float = 1.0,
    outflows: pd.Series | None = None,
    k_nearest: int | None = None,
    cutoff_km: float | None = None,
    earth_radius_km: float = EARTH_RADIUS_KM,
    error_sample: int | None = ERROR_SAMPLE,
    seed: int = 0,
    engine: str | None = None,
    client: Any = None,
    chunk_rows: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FlowDataset:
    """Production-constrained gravity flows streamed to a partitioned Parquet dataset.

    ``T_ij = O_i w_ij / Σ_kept w_ij`` with ``w_ij = m_i^α m_j^γ f(d_ij)`` on great-circle
    distance (km), block by block; the rows read back equal
    ``gravity(..., constraint="production")``'s (tested). Only the production constraint is
    offered: it is local to each origin. ``none``, ``attraction`` and ``doubly`` need sums over
    all origins (a second pass, or Furness iterations over every pair); use
    :func:`metroscope.flows.gravity` in memory, which handles about 10,000 locations (all
    pairs) or 10⁷ kept pairs per GB.

    Parameters
    ----------
    constraint
        ``production`` (every origin sends exactly ``O_i`` over its kept pairs).
    deterrence, beta, origin_exp, destination_exp, outflows, k_nearest, cutoff_km,
    earth_radius_km
        As in :func:`metroscope.flows.gravity`.
    error_sample
        Origins (drawn with ``seed``) whose untruncated weight sum is computed over all N
        destinations for ``kept_share`` (``N`` operations each); ``None``: every origin.
    path, engine, client, chunk_rows, progress
        As in :func:`radiation_to_parquet`.

    Returns
    -------
    FlowDataset
        With ``kept_share`` for the sampled origins (NaN for the others).

    Raises
    ------
    DataValidationError
        For missing columns or bad values in ``locations``.
    FlowModelError
        For another constraint, an unknown option, a non-positive ``k_nearest``/``cutoff_km``,
        or a zero distance under power deterrence (duplicate points).
    ParameterError
        (also a ``FlowModelError``) For a ``beta`` that :func:`metroscope.flows.gravity`
        refuses (the same rule, on each origin's nearest kept destination), before anything is
        written.
    OutputError
        When ``path`` is a file or a folder holding other files, or cannot be written.

    Examples
    --------
    >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 2.0], "lat": [0.0, 0.0, 0.0],
    ...                     "population": [100.0, 100.0, 100.0]}, index=["a", "b", "c"])
    >>> ds = gravity_to_parquet(loc, tmp_path / "grav", cutoff_km=120)  # 111 km apart
    >>> pd.read_parquet(tmp_path / "grav")["flow"].tolist()
    [100.0, 50.0, 50.0, 100.0]
    >>> round(float(ds.kept_share["a"]), 6)  # 1 / (1 + 1/4)
    0.8
    """
    from .gravity import DETERRENCES
    from .radiation import _outflows

    if constraint != "production":
        msg = Message("err_flow_parquet_production_only", got=shorten(constraint))
        raise FlowModelError(msg)
    check_choice("deterrence", deterrence, DETERRENCES)
    beta = check_beta(beta)
    truncated = _check_truncation(k_nearest, cutoff_km)
    df = locations_table(locations)
    rad, tree = _geometry(df, truncated)
    _check_beta_nearest(df, rad, beta, deterrence, cutoff_km, earth_radius_km)
    sample = _sample(len(df), error_sample, seed)
    m = np.ascontiguousarray(df["population"].to_numpy(dtype="float64"))
    o_tot = _outflows(df, outflows)
    shared = {"lat": rad["lat"], "lon": rad["lon"], "coslat": rad["coslat"], "tree": tree,
              "w_o": m ** float(origin_exp), "w_d": m ** float(destination_exp),
              "o_tot": o_tot, "sample": sample, "k_nearest": k_nearest,
              "cutoff_km": cutoff_km, "radius_km": float(earth_radius_km),
              "det": K.DET_POWER if deterrence == "power" else K.DET_EXP, "beta": float(beta)}
    parameters = {"model": "gravity", "constraint": constraint, "deterrence": deterrence,
                  "beta": beta, "origin_exp": origin_exp, "destination_exp": destination_exp,
                  "k_nearest": k_nearest, "cutoff_km": cutoff_km,
                  "earth_radius_km": earth_radius_km,
                  "kept_share": "exact over all destinations for a random sample of origins"
                  f" ({int(sample.sum())}, seed {seed})" if tree is not None else "1 (all pairs)",
                  "outflows": "given" if outflows is not None or "outflow" in df.columns
                  else "population"}
    chunk_rows = _block_rows(len(df), k_nearest, chunk_rows)
    return _stream(gravity_part, path, df.index, shared, parameters, o_tot, engine=engine,
                   client=client, chunk_rows=chunk_rows, progress=progress)


def _check_beta_nearest(df: pd.DataFrame, rad: dict[str, Any], beta: float, deterrence: str,
                        cutoff_km: float | None, radius_km: float) -> None:
    """``beta`` against each origin's nearest kept destination (:mod:`._params`); a zero
    distance under power deterrence is left to the blocks' own error."""
    if len(df) < 2:
        return
    indptr, _, keys = candidate_pairs(rad["lat"], rad["lon"], k_nearest=1, cutoff_km=cutoff_km,
                                      radius_km=radius_km)
    near = np.full(len(df), np.inf)
    has = np.diff(indptr) > 0
    near[has] = term_to_km(keys, radius_km)[indptr[:-1][has]]
    if deterrence == "power":
        near[near <= 0] = np.inf
    check_beta_costs(beta, deterrence, near, df.index, " km")


def read_kept_share(path: str | Path) -> pd.Series:
    """The per-origin ``kept_share`` of a flow dataset folder, indexed by code.

    Raises
    ------
    OutputError
        When ``path`` holds no ``_kept_share.parquet`` (not a flow dataset).

    Examples
    --------
    >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0],
    ...                     "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])
    >>> _ = radiation_to_parquet(loc, tmp_path / "kept", k_nearest=1)
    >>> read_kept_share(tmp_path / "kept").round(4).tolist()  # b: (100/150) / (1 - 50/350)
    [0.4667, 0.7778, 0.4667]
    """
    f = Path(path) / KEPT
    if not f.is_file():
        msg = Message("err_flow_not_a_dataset", path=str(path), kept=KEPT)
        raise OutputError(msg)
    return pd.read_parquet(f).set_index("code")["kept_share"]
